//! ## What it does
//! Reports a `.ropa` file that cannot be read, or is not valid UTF-8. The
//! finding points at the first byte that is not UTF-8.
//!
//! ## Why is this bad?
//! The file's declarations are lost to the model: its datasets go
//! unchecked and references to them look undefined. Other files are still
//! checked.
//!
//! ## Example
//! A file saved as Latin-1 (`hälsa` written with the single byte `0xE4`).
//!
//! Use instead:
//! Save the file as UTF-8 (every editor offers it; `iconv -f latin1 -t utf-8`
//! converts one).
//!
//! ## References
//! - `docs/language.md`, lexical rules

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E002",
    name: "unreadable-file",
    severity: Severity::Error,
    article: "-",
    summary: "the file is not UTF-8 or cannot be read",
    heading: (
        "a file that is not UTF-8 or cannot be read",
        "filen är inte UTF-8 eller går inte att läsa",
    ),
    doc: crate::rules::docs::E002,
    origin: Origin::Builtin,
};

/// A file that is not UTF-8, or that could not be read.
#[derive(Debug, Serialize)]
enum Unreadable {
    NotUtf8,
    TooLarge,
    Failed { error: String },
}

impl Violation for Unreadable {
    fn message(&self, w: &Words) -> String {
        match self {
            Unreadable::NotUtf8 => w
                .of("the file is not valid UTF-8", "filen är inte giltig UTF-8")
                .to_string(),
            Unreadable::TooLarge => w
                .of(
                    "the file cannot be read: it is larger than 4 GiB",
                    "filen kan inte läsas: den är större än 4 GiB",
                )
                .to_string(),
            Unreadable::Failed { error } => w.say(
                || format!("the file cannot be read: {error}"),
                || format!("filen kan inte läsas: {error}"),
            ),
        }
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(match self {
            Unreadable::NotUtf8 => w.of("save the file as UTF-8", "spara filen som UTF-8"),
            Unreadable::TooLarge => w.of(
                "split the declarations into several files",
                "dela upp deklarationerna i flera filer",
            ),
            Unreadable::Failed { .. } => w.of(
                "check that the file exists and is readable",
                "kontrollera att filen finns och går att läsa",
            ),
        })
    }
}

/// A file whose bytes are not UTF-8 from `span` on.
pub fn not_utf8(span: Span) -> Finding {
    Finding::of(&RULE, span, Unreadable::NotUtf8)
        .label(said("this byte is not UTF-8", "denna byte är inte UTF-8"))
}

/// A file too large to read (over 4 GiB).
pub fn too_large(span: Span) -> Finding {
    Finding::of(&RULE, span, Unreadable::TooLarge).label(said("unreadable", "oläslig"))
}

/// A file that could not be read at all.
pub fn unreadable(span: Span, error: &str) -> Finding {
    Finding::of(
        &RULE,
        span,
        Unreadable::Failed {
            error: error.to_string(),
        },
    )
    .label(said("unreadable", "oläslig"))
}
