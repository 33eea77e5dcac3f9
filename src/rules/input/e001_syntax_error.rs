//! ## What it does
//! Reports a file that does not parse: the token where parsing stopped is
//! underlined and the message says, in words, what could stand there.
//!
//! ## Why is this bad?
//! A record of processing that cannot be read cannot be checked: every
//! other rule is silent about the file until it parses. Other files are
//! still checked.
//!
//! ## Example
//! ```ropa
//! dataset applicants {
//!   purpose recruitment { basis }
//! }
//! ```
//! gives "expected a legal basis such as `consent` or `public_task`, found `}`".
//!
//! Use instead:
//! ```ropa
//! dataset applicants {
//!   purpose recruitment { basis contract }
//! }
//! ```
//!
//! ## References
//! - `docs/language.md`, the language reference

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E001",
    name: "syntax-error",
    severity: Severity::Error,
    article: "-",
    summary: "the file does not parse",
    doc: crate::rules::docs::E001,
    origin: Origin::Builtin,
};

/// A syntax error at `span`. The parser's sentences are English; in
/// Swedish they follow a Swedish lead-in (docs/decisions.md).
pub fn finding(span: Span, message: &str, help: &str, lang: Lang) -> Finding {
    match lang {
        Lang::En => Finding::new(&RULE, span, message)
            .label("here")
            .help(help.to_string()),
        Lang::Sv => Finding::new(&RULE, span, format!("syntaxfel: {message}"))
            .label("här")
            .help(format!("rätta syntaxen ({help})")),
    }
}
