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

use crate::finding::{said, Finding, Origin, Rule, Severity, Text};
use crate::model::{purpose_kind, Dataset};
use crate::rules::grounds::{anonymous, in_sweden};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L001",
    name: "missing-legal-basis",
    severity: Severity::Error,
    article: "Art. 6(1)",
    summary: "a purpose with no `basis`",
    doc: crate::rules::docs::L001,
    origin: Origin::Builtin,
};

/// Every purpose without `basis`.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        for p in d.ast.purposes.iter().filter(|p| p.basis.is_none()) {
            out.push(
                Finding::new(
                    &RULE,
                    p.id.span,
                    cx.lang.say(
                        || format!("purpose `{}` of `{}` has no legal basis", p.id.name, d.id()),
                        || {
                            format!(
                                "ändamålet `{}` i `{}` saknar rättslig grund",
                                p.id.name,
                                d.id()
                            )
                        },
                    ),
                )
                .label(said(
                    "no `basis` in this purpose",
                    "ingen `basis` i detta ändamål",
                ))
                .help(help(cx, d, p))
                .dataset(d.id()),
            );
        }
    }
    out
}

/// The fix; e-mail marketing needs consent whatever the Art. 6 basis.
fn help(cx: &Context, d: &Dataset, p: &Purpose) -> Text {
    let law = || in_sweden(cx, d, "marknadsföringslagen (2008:486) 19 §");
    if purpose_kind(p, cx.data) == "marketing.email" {
        return cx.help(|| cx.lang.say(
            || format!(
                "e-mail marketing needs the recipient's prior consent (ePrivacy Art. 13{}): add `basis consent` with `consent {{ withdraw \"...\" }}`; for existing customers and similar products of your own, `soft_opt_in \"...\"` with `basis legitimate_interest \"<assessment>\"`",
                law()
            ),
            || format!(
                "e-postmarknadsföring kräver mottagarens förhandssamtycke (eDataskyddsdirektivet art. 13{}): lägg till `basis consent` med `consent {{ withdraw \"...\" }}`; för befintliga kunder och egna liknande produkter, `soft_opt_in \"...\"` med `basis legitimate_interest \"<intresseavvägning>\"`",
                law()
            ),
        ));
    }
    Text::Borrowed(cx.lang.of(
        "add `basis consent | contract | legal_obligation | vital_interest | public_task | legitimate_interest` to the purpose",
        "lägg till `basis consent | contract | legal_obligation | vital_interest | public_task | legitimate_interest` i ändamålet",
    ))
}
