//! ## What it does
//! Reports a `// ropa: allow CODE "reason"` comment that matched no finding:
//! nothing with that code starts in the item, attribute or field below it.
//!
//! ## Why is this bad?
//! Suppressions outlive the problems they were written for. A stale one
//! hides the next real finding of that code in the same place, and tells a
//! reader of the record something that is no longer true.
//!
//! ## Example
//! ```ropa
//! // ropa: allow R002 "kept for ever by board decision"
//! dataset members { retention 2 years }
//! ```
//!
//! Use instead: delete the comment.
//!
//! ## References
//! - `docs/suppressions.md`

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "X002",
    name: "unused-suppression",
    severity: Severity::Warning,
    article: "-",
    summary: "a suppression that matched no finding",
    doc: crate::rules::docs::X002,
    origin: Origin::Builtin,
};

/// A suppression at `span` of `code` that matched nothing.
pub fn finding(span: Span, code: &str) -> Finding {
    Finding::new(
        &RULE,
        span,
        format!("this suppression of {code} matches no finding"),
    )
    .label("nothing to suppress")
    .help(format!(
        "delete `{code}` from the comment, or the whole comment"
    ))
}
