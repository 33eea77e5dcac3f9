//! ## What it does
//! Reports a purpose that declares no legal basis (`basis`). On a purpose
//! of kind `marketing.email` the help says that this kind needs the
//! recipient's consent (ePrivacy Art. 13), or the customer exception
//! (`soft_opt_in`); it names a national law only for a controller in that
//! country. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Processing is lawful only on one of the six bases of Art. 6(1), and the
//! controller must be able to show which (Art. 5(2)). A purpose without a
//! basis is processing without a lawful ground.
//!
//! ## Example
//! ```ropa
//! purpose newsletter "Nyhetsbrev" {
//!   kind marketing.email
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose newsletter "Nyhetsbrev" {
//!   kind marketing.email
//!   basis consent
//!   consent { withdraw "Avregistreringslänk i varje utskick" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1), Art. 5(2)

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{purpose_kind, Dataset, DatasetId};
use crate::rules::grounds::{anonymous, controller_in};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L001",
    name: "missing-legal-basis",
    severity: Severity::Error,
    article: "Art. 6(1)",
    summary: "a purpose with no `basis`",
    heading: (
        "a purpose for which the record states no legal basis",
        "ett ändamål för vilket registerförteckningen inte anger någon rättslig grund",
    ),
    doc: crate::rules::docs::L001,
    origin: Origin::Builtin,
};

/// The Swedish marketing law, named in the help for a controller in Sweden.
const MARKETING_LAW_SE: &str = "marknadsföringslagen (2008:486) 19 §";

/// A purpose whose record states no legal basis.
#[derive(Debug, Serialize)]
struct NoBasis {
    dataset: CompactString,
    purpose: CompactString,
    /// The purpose's kind (`service` when none is declared).
    kind: CompactString,
    /// Whether a controller of the dataset is in Sweden (the help then
    /// names the Swedish marketing law).
    in_sweden: bool,
}

impl Violation for NoBasis {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        w.say(
            || format!("the record states no legal basis for purpose {p} of {d}"),
            || format!("registerförteckningen anger ingen rättslig grund för ändamålet {p} i {d}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        // E-mail marketing needs consent whatever the Art. 6 basis.
        if self.kind == "marketing.email" {
            let law = if self.in_sweden {
                w.say(
                    || format!("; in Sweden {MARKETING_LAW_SE}"),
                    || format!("; i Sverige {MARKETING_LAW_SE}"),
                )
            } else {
                String::new()
            };
            return Text::Owned(if w.is_legal() {
                w.say(
                    || format!("record the legal basis of the purpose (Art. 6(1)) and the recipients' prior consent to e-mail marketing (ePrivacy Art. 13{law}) with how it can be withdrawn, or, for existing customers and similar products of your own, how the opt-out is offered at collection and in every message"),
                    || format!("ange den rättsliga grunden för ändamålet (artikel 6.1) och mottagarnas förhandssamtycke till e-postmarknadsföring (artikel 13 i direktiv 2002/58/EG{law}) och hur det kan återkallas, eller, för befintliga kunder och egna liknande produkter, hur möjligheten att tacka nej erbjuds vid insamlingen och i varje meddelande"),
                )
            } else {
                w.say(
                    || format!("e-mail marketing needs the recipient's prior consent (ePrivacy Art. 13{law}): add `basis consent` with `consent {{ withdraw \"...\" }}`; for existing customers and similar products of your own, `soft_opt_in \"...\"` with `basis legitimate_interest \"<assessment>\"`"),
                    || format!("e-postmarknadsföring kräver mottagarens förhandssamtycke (artikel 13 i direktiv 2002/58/EG{law}): lägg till `basis consent` med `consent {{ withdraw \"...\" }}`; för befintliga kunder och egna liknande produkter, `soft_opt_in \"...\"` med `basis legitimate_interest \"<intresseavvägning>\"`"),
                )
            });
        }
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the legal basis the purpose rests on (Art. 6(1)): consent, contract, legal obligation, vital interests, public task or legitimate interests",
                "ange den rättsliga grund som ändamålet vilar på (artikel 6.1): samtycke, avtal, rättslig förpliktelse, grundläggande intressen, uppgift av allmänt intresse eller myndighetsutövning, eller berättigat intresse",
            )
        } else {
            w.of(
                "add `basis consent | contract | legal_obligation | vital_interest | public_task | legitimate_interest` to the purpose",
                "lägg till `basis consent | contract | legal_obligation | vital_interest | public_task | legitimate_interest` i ändamålet",
            )
        })
    }
}

/// Every purpose without `basis`.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in d.ast.purposes.iter().filter(|p| p.basis.is_none()) {
        let what = NoBasis {
            dataset: d.id().to_compact_string(),
            purpose: p.id.name.to_compact_string(),
            kind: purpose_kind(p, cx.data).to_compact_string(),
            in_sweden: controller_in(cx, d, "SE"),
        };
        out.push(
            Finding::of(&RULE, p.id.span, what)
                .label(said(
                    "no `basis` in this purpose",
                    "ingen `basis` i detta ändamål",
                ))
                .dataset(d.id()),
        );
    }
}
