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

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E003",
    name: "duplicate-attribute",
    severity: Severity::Error,
    article: "-",
    summary: "a single-valued attribute given twice in one block",
    doc: crate::rules::docs::E003,
    origin: Origin::Builtin,
};

/// `keyword` given at `first` and again at `second`.
pub fn finding(first: Span, second: Span, keyword: &str, lang: Lang) -> Finding {
    let (message, help) = lang.say(
        || {
            (
                format!("`{keyword}` is given twice in this block"),
                format!("keep one `{keyword}` and delete the other"),
            )
        },
        || {
            (
                format!("`{keyword}` anges två gånger i detta block"),
                format!("behåll ett `{keyword}` och ta bort det andra"),
            )
        },
    );
    Finding::new(&RULE, second, message)
        .label(lang.of("given again here", "anges igen här"))
        .related(
            first,
            lang.of("first given here", "anges första gången här"),
        )
        .help(help)
}
