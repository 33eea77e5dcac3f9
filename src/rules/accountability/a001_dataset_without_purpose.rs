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

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A001",
    name: "dataset-without-purpose",
    severity: Severity::Error,
    article: "Art. 5(1)(b)",
    summary: "a dataset with no `purpose`",
    doc: crate::rules::docs::A001,
    origin: Origin::Builtin,
};

/// Every dataset without purposes.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.model
        .datasets
        .iter()
        .filter(|d| d.ast.purposes.is_empty() && !d.is_anonymous())
        .map(|d| {
            let message = cx.lang.say(
                || format!("`{}` has no purpose", d.id()),
                || format!("`{}` saknar ändamål", d.id()),
            );
            Finding::new(&RULE, d.ast.id.span, message)
                .label(said("no `purpose`", "inget `purpose`"))
                .help(cx.lang.of(
                    "add `purpose <id> \"<what for>\" { basis <basis> }`",
                    "lägg till `purpose <id> \"<vad uppgifterna används till>\" { basis <grund> }`",
                ))
                .dataset(d.id())
        })
        .collect()
}
