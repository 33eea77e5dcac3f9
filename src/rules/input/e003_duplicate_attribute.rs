//! ## What it does
//! Reports a single-valued attribute given twice in one block (two
//! `retention`s, two `basis`, two `dpa`s ...). Both places are shown.
//!
//! ## Why is this bad?
//! Which of the two holds? A reader of the record cannot tell, and neither
//! can the linter; the first one is used and the second ignored.
//!
//! ## Example
//! ```ropa
//! dataset chat_log {
//!   retention 29 days
//!   retention 15 months
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset chat_log {
//!   retention 29 days
//! }
//! ```
//!
//! ## References
//! - `docs/language.md`, items

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E003",
    name: "duplicate-attribute",
    severity: Severity::Error,
    article: "-",
    summary: "a single-valued attribute given twice in one block",
    heading: (
        "an entry stated twice where the record allows one",
        "en uppgift som anges två gånger där registerförteckningen bara tillåter en",
    ),
    doc: crate::rules::docs::E003,
    origin: Origin::Builtin,
};

/// An attribute given twice.
#[derive(Debug, Serialize)]
struct Twice {
    keyword: String,
}

impl Violation for Twice {
    fn message(&self, w: &Words) -> String {
        let k = &self.keyword;
        w.say(
            || format!("`{k}` is given twice in this block"),
            || format!("`{k}` anges två gånger i detta block"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let k = &self.keyword;
        Text::Owned(w.say(
            || format!("keep one `{k}` and delete the other"),
            || format!("behåll ett `{k}` och ta bort det andra"),
        ))
    }
}

/// `keyword` given at `first` and again at `second`.
pub fn finding(first: Span, second: Span, keyword: &str) -> Finding {
    Finding::of(
        &RULE,
        second,
        Twice {
            keyword: keyword.to_string(),
        },
    )
    .label(said("given again here", "anges igen här"))
    .related(
        first,
        said("first given here", "anges första gången här"),
    )
}
