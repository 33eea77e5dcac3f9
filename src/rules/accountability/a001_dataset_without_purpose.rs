//! ## What it does
//! Reports a dataset with no `purpose` block. Anonymous datasets are
//! skipped: they hold no personal data (Recital 26).
//!
//! ## Why is this bad?
//! Personal data may be collected only for specified, explicit and
//! legitimate purposes (Art. 5(1)(b)), and the record must state them
//! (Art. 30(1)(b)). Data without a purpose should not be held at all.
//!
//! ## Example
//! ```ropa
//! dataset old_export { fields { email: contact.email }  retention 30 days }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset old_export {
//!   fields { email: contact.email }
//!   purpose customer_service { basis contract }
//!   retention 30 days
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(b), 30(1)(b)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A001",
    name: "dataset-without-purpose",
    severity: Severity::Error,
    article: "Art. 5(1)(b)",
    summary: "a dataset with no `purpose`",
    heading: (
        "a dataset with no purpose recorded",
        "en datamängd utan angivet ändamål",
    ),
    doc: crate::rules::docs::A001,
    origin: Origin::Builtin,
};

/// A dataset whose record states no purpose.
#[derive(Debug, Serialize)]
struct NoPurpose {
    dataset: String,
}

impl Violation for NoPurpose {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.dataset);
        w.say(
            || format!("the record states no purpose for {id}"),
            || format!("registerförteckningen anger inget ändamål för {id}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record what the personal data is processed for: specified, explicit and legitimate purposes, each with its legal basis (Art. 5(1)(b), 30(1)(b)); personal data that serves no stated purpose should not be kept",
                "ange för vilka ändamål personuppgifterna behandlas: särskilda, uttryckligt angivna och berättigade ändamål, vart och ett med sin rättsliga grund (artiklarna 5.1 b och 30.1 b); personuppgifter som inte behövs för något angivet ändamål bör inte behandlas",
            )
        } else {
            w.of(
                "add `purpose <id> \"<what for>\" { basis <basis> }`",
                "lägg till `purpose <id> \"<vad uppgifterna används till>\" { basis <grund> }`",
            )
        })
    }
}

/// Every dataset without purposes.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.model
        .datasets
        .iter()
        .filter(|d| d.ast.purposes.is_empty() && !d.is_anonymous())
        .map(|d| {
            let what = NoPurpose {
                dataset: d.id().to_string(),
            };
            Finding::of(&RULE, d.ast.id.span, what)
                .label(said("no `purpose`", "inget `purpose`"))
                .dataset(d.id())
        })
        .collect()
}
