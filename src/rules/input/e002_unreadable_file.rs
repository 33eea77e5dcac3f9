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

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E002",
    name: "unreadable-file",
    severity: Severity::Error,
    article: "-",
    summary: "the file is not UTF-8 or cannot be read",
    doc: crate::rules::docs::E002,
    origin: Origin::Builtin,
};

/// A file whose bytes are not UTF-8 from `span` on.
pub fn not_utf8(span: Span, lang: Lang) -> Finding {
    Finding::new(
        &RULE,
        span,
        lang.of("the file is not valid UTF-8", "filen är inte giltig UTF-8"),
    )
    .label(lang.of("this byte is not UTF-8", "denna byte är inte UTF-8"))
    .help(lang.of("save the file as UTF-8", "spara filen som UTF-8"))
}

/// A file that could not be read at all.
pub fn unreadable(span: Span, error: &str, lang: Lang) -> Finding {
    let message = lang.say(
        || format!("the file cannot be read: {error}"),
        || format!("filen kan inte läsas: {error}"),
    );
    Finding::new(&RULE, span, message)
        .label(lang.of("unreadable", "oläslig"))
        .help(lang.of(
            "check that the file exists and is readable",
            "kontrollera att filen finns och går att läsa",
        ))
}
