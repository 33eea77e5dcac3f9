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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::source::Span;
use crate::syntax::ast::Ident;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F002",
    name: "duplicate-definition",
    severity: Severity::Error,
    article: "Art. 30",
    summary: "two items with the same ID (across files)",
    heading: (
        "two entries under the same identifier",
        "två uppgifter med samma identifierare",
    ),
    doc: crate::rules::docs::F002,
    origin: Origin::Builtin,
};

/// An ID defined twice.
#[derive(Debug, Serialize)]
struct Duplicate {
    id: String,
}

impl Violation for Duplicate {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.id);
        w.say(
            || format!("{id} is defined twice"),
            || format!("{id} är definierad två gånger"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let id = w.id(&self.id);
        Text::Owned(w.say(
            || format!("rename one of the two {id}"),
            || format!("byt namn på en av de två {id}"),
        ))
    }
}

/// `id` is defined again; it was first defined at `first`.
pub fn finding(id: &Ident, first: Span) -> Finding {
    Finding::of(
        &RULE,
        id.span,
        Duplicate {
            id: id.name.to_string(),
        },
    )
    .label(said("defined again here", "definieras igen här"))
    .related(
        first,
        said("first defined here", "definieras första gången här"),
    )
}
