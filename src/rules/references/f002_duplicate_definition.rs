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
//! Use instead: give each dataset its own ID.
//! ```ropa
//! // a.ropa
//! dataset applicants { ... }
//! // b.ropa
//! dataset applicants_archive { ... }
//! ```
//!
//! ## References
//! - `docs/language.md`: identifiers are global across files

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
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
pub fn finding(id: &Ident, first: Span, lang: Lang) -> Finding {
    let name = &id.name;
    let (message, help) = lang.say(
        || {
            (
                format!("`{name}` is defined twice"),
                format!("rename one of the two `{name}`"),
            )
        },
        || {
            (
                format!("`{name}` är definierad två gånger"),
                format!("byt namn på en av de två `{name}`"),
            )
        },
    );
    Finding::new(&RULE, id.span, message)
        .label(lang.of("defined again here", "definieras igen här"))
        .related(
            first,
            lang.of("first defined here", "definieras första gången här"),
        )
        .help(help)
}
