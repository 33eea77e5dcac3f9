//! ## What it does
//! Reports a dataset with no `retention`.
//!
//! ## Why is this bad?
//! Personal data may be kept no longer than the purposes need (Art.
//! 5(1)(e)), and the record must state the time limits for erasure where
//! possible (Art. 30(1)(f)). Data subjects must be told too (Art. 13(2)(a)).
//!
//! ## Example
//! ```ropa
//! dataset call_log { fields { phone: contact.phone } }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset call_log {
//!   fields { phone: contact.phone }
//!   retention 15 months
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e), 30(1)(f), 13(2)(a)

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R001",
    name: "missing-retention",
    severity: Severity::Error,
    article: "Art. 5(1)(e)",
    summary: "a dataset with no `retention`",
    doc: crate::rules::docs::R001,
    origin: Origin::Builtin,
};

/// Every dataset without `retention`.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.model
        .datasets
        .iter()
        .filter(|d| d.ast.retention.is_none())
        .map(|d| {
            Finding::new(&RULE, d.ast.id.span, format!("`{}` has no retention period", d.id()))
                .label("no `retention`")
                .help("add `retention <N> days|months|years [after <event>]`, or `retention by_law \"<archive rule>\"`")
                .dataset(d.id())
        })
        .collect()
}
