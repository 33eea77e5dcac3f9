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
//! ```ropa
//! dataset members { retention 2 years }
//! ```
//!
//! ## References
//! - `docs/suppressions.md`

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
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
pub fn finding(span: Span, code: &str, lang: Lang) -> Finding {
    let (message, help) = lang.say(
        || {
            (
                format!("this suppression of {code} matches no finding"),
                format!("delete `{code}` from the comment, or the whole comment"),
            )
        },
        || {
            (
                format!("undertryckningen av {code} träffar ingen iakttagelse"),
                format!("ta bort `{code}` ur kommentaren, eller hela kommentaren"),
            )
        },
    );
    Finding::new(&RULE, span, message)
        .label(said("nothing to suppress", "inget att undertrycka"))
        .help(help)
}

/// A suppression at `span` of E001 or E002, which cannot be suppressed.
pub fn cannot_suppress(span: Span, code: &str, lang: Lang) -> Finding {
    let (message, help) = lang.say(
        || {
            (
                format!("{code} cannot be suppressed: a file that does not read or parse leaves the model incomplete"),
                format!("fix the file, and delete `{code}` from the comment"),
            )
        },
        || {
            (
                format!("{code} kan inte undertryckas: en fil som inte kan läsas eller tolkas gör modellen ofullständig"),
                format!("rätta filen och ta bort `{code}` ur kommentaren"),
            )
        },
    );
    Finding::new(&RULE, span, message)
        .label(said("suppresses nothing", "undertrycker ingenting"))
        .help(help)
}
