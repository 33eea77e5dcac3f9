//! ## What it does
//! Reports two items (parties or datasets, in any files) with the same ID.
//! Both places are shown; the first definition is the one used.
//!
//! ## Why is this bad?
//! IDs are global across files: a reference to a duplicated ID is
//! ambiguous, and the record would list one activity twice or lose one.
//!
//! ## Example
//! ```ropa
//! // a.ropa
//! dataset applicants { ... }
//! // b.ropa
//! dataset applicants { ... }
//! ```
//!
//! Use instead: give each dataset its own ID (`applicants`,
//! `applicants_archive`).
//!
//! ## References
//! - `docs/language.md`: identifiers are global across files

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::source::Span;
use crate::syntax::ast::Ident;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F002",
    name: "duplicate-definition",
    severity: Severity::Error,
    article: "Art. 30",
    summary: "two items with the same ID (across files)",
    doc: crate::rules::docs::F002,
    origin: Origin::Builtin,
};

/// `id` is defined again; it was first defined at `first`.
pub fn finding(id: &Ident, first: Span) -> Finding {
    Finding::new(&RULE, id.span, format!("`{}` is defined twice", id.name))
        .label("defined again here")
        .related(first, "first defined here")
        .help(format!("rename one of the two `{}`", id.name))
}
