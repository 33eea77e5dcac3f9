//! ## What it does
//! Reports a purpose of kind `marketing`, `marketing.email` or
//! `advertising` that records no `objection "how"`, unless it rests on
//! valid consent — `basis consent` or a `consent { }` block, neither
//! `bundled` nor `implied` — with `withdraw` recorded: withdrawing is then
//! the way out. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! A person may object at any time to processing for direct marketing,
//! and the processing must then stop (Art. 21(2)–(3)); the right must be
//! brought to their attention at the first communication (Art. 21(4)).
//! The record should say how objections are received and honoured.
//!
//! ## Example
//! ```ropa
//! purpose offers {
//!   kind marketing
//!   basis legitimate_interest "LIA-5"
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose offers {
//!   kind marketing
//!   basis legitimate_interest "LIA-5"
//!   objection "Avregistreringslänk i varje utskick; spärrlista i CRM"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 21(2)–(4), Recital 70

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{purpose_kind, Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A009",
    name: "direct-marketing-without-objection",
    severity: Severity::Info,
    article: "Art. 21(2)–(3)",
    summary: "direct marketing with no recorded way to object (`objection`)",
    heading: (
        "direct marketing with no recorded way to object",
        "direktmarknadsföring där det inte anges hur en invändning tas emot",
    ),
    doc: crate::rules::docs::A009,
    origin: Origin::Builtin,
};

/// The kinds of direct marketing (Art. 21(2)).
const DIRECT_MARKETING: &[&str] = &["marketing", "marketing.email", "advertising"];

/// Whether the purpose rests on a valid consent whose withdrawal is
/// recorded: withdrawing is then the way out. Withdrawal is recorded in a
/// `consent { }` block, beside `basis consent` or any other basis; `basis
/// consent` with no block records none (that is L005's).
fn withdrawable_consent(p: &Purpose) -> bool {
    p.consent.as_ref().is_some_and(|c| {
        c.value.bundled.is_none() && c.value.implied.is_none() && c.value.withdraw.is_some()
    })
}

/// A direct-marketing purpose whose record states no way to object.
#[derive(Debug, Serialize)]
struct NoObjection {
    dataset: CompactString,
    purpose: CompactString,
}

impl Violation for NoObjection {
    fn message(&self, w: &Words) -> String {
        let (id, purpose) = (w.id(&self.dataset), w.id(&self.purpose));
        w.say(
            || format!("the record states no way to object to the direct marketing of purpose {purpose} of {id}"),
            || format!("registerförteckningen anger inte hur en invändning mot direktmarknadsföringen i ändamålet {purpose} i {id} tas emot"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record how an objection to the direct marketing is received and honoured: once a person objects, their data may no longer be processed for direct marketing (Art. 21(3)), and the right to object must be explicitly brought to their attention at the latest at the first communication (Art. 21(4))",
                "ange hur en invändning mot direktmarknadsföringen tas emot och följs: när den registrerade gör en invändning får personuppgifterna inte längre behandlas för direktmarknadsföring (artikel 21.3), och rätten att göra invändningar ska uttryckligen meddelas den registrerade senast vid den första kontakten (artikel 21.4)",
            )
        } else {
            w.of(
                "record how an objection is received and honoured: `objection \"<how>\"` in the purpose; processing for direct marketing must stop once a person objects (Art. 21(3)), and the right must be shown at the first communication (Art. 21(4))",
                "ange hur en invändning tas emot och följs: `objection \"<hur>\"` i ändamålet; behandlingen för direktmarknadsföring ska upphöra när den registrerade gör en invändning (artikel 21.3), och rätten att göra invändningar ska anges senast vid den första kontakten (artikel 21.4)",
            )
        })
    }
}

/// Every direct-marketing purpose with no `objection` and no withdrawable
/// consent.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        let kind = purpose_kind(p, cx.data);
        if !DIRECT_MARKETING.contains(&kind) || p.objection.is_some() || withdrawable_consent(p)
        {
            continue;
        }
        let what = NoObjection {
            dataset: d.id().to_compact_string(),
            purpose: p.id.name.to_compact_string(),
        };
        out.push(
            Finding::of(&RULE, p.id.span, what)
                .label(said("no `objection`", "ingen `objection`"))
                .dataset(d.id()),
        );
    }
}
