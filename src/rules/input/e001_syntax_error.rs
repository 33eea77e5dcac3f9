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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E001",
    name: "syntax-error",
    severity: Severity::Error,
    article: "-",
    summary: "the file does not parse",
    heading: (
        "a file that does not parse",
        "filen går inte att tolka",
    ),
    doc: crate::rules::docs::E001,
    origin: Origin::Builtin,
};

/// What the parser found. Its sentences are English; in Swedish they
/// follow a Swedish lead-in (docs/decisions.md).
#[derive(Debug, Serialize)]
struct SyntaxError {
    message: String,
    help: String,
}

impl Violation for SyntaxError {
    fn message(&self, w: &Words) -> String {
        w.say(
            || self.message.clone(),
            || format!("syntaxfel: {}", self.message),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Owned(w.say(
            || self.help.clone(),
            || format!("rätta syntaxen ({})", self.help),
        ))
    }
}

/// A syntax error at `span`.
pub fn finding(span: Span, message: &str, help: &str) -> Finding {
    Finding::of(
        &RULE,
        span,
        SyntaxError {
            message: message.to_string(),
            help: help.to_string(),
        },
    )
    .label(said("here", "här"))
}
