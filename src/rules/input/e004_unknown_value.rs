//! ## What it does
//! Reports a value of a closed vocabulary that is not known: a data
//! category, purpose kind, legal basis, Art. 9(2) condition, Art. 10
//! authority, transfer mechanism or country code. The help suggests the
//! closest known value.
//!
//! ## Why is this bad?
//! Rules decide on these values: a misspelt `special.helth` is not special
//! data to any rule, and a misspelt `consnet` is no legal basis. A typo
//! would silently switch checks off.
//!
//! ## Example
//! ```ropa
//! fields { diagnosis: special.helth }
//! ```
//!
//! Use instead:
//! ```ropa
//! fields { diagnosis: special.health }
//! ```
//!
//! Rule packs (`packs` in `ropa.yaml`) may add categories and purpose kinds.
//!
//! ## References
//! - `docs/language.md`, data categories and purposes

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::syntax::ast::Ident;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E004",
    name: "unknown-value",
    severity: Severity::Error,
    article: "-",
    summary: "a vocabulary value that is not known",
    doc: crate::rules::docs::E004,
    origin: Origin::Builtin,
};

/// `value` is not a known `what`, with a suggestion or examples.
pub fn finding(
    value: &Ident,
    what: &str,
    suggestion: Option<&str>,
    examples: &[String],
    lang: Lang,
) -> Finding {
    if lang == Lang::Sv {
        return swedish(value, what, suggestion, examples);
    }
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None if !examples.is_empty() => format!(
            "write a known {what}, such as {}",
            examples
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("write a known {what}"),
    };
    Finding::new(
        &RULE,
        value.span,
        format!("`{}` is not a known {what}", value.name),
    )
    .label(format!("unknown {what}"))
    .help(help)
}

/// The finding in Swedish.
fn swedish(value: &Ident, what: &str, suggestion: Option<&str>, examples: &[String]) -> Finding {
    let what = swedish_noun(what);
    let help = match suggestion {
        Some(s) => format!("menade du `{s}`?"),
        None if !examples.is_empty() => format!(
            "skriv ett känt värde ({what}), till exempel {}",
            examples
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("skriv ett känt värde ({what})"),
    };
    Finding::new(
        &RULE,
        value.span,
        format!("`{}` är inte ett känt värde ({what})", value.name),
    )
    .label(format!("okänt värde ({what})"))
    .help(help)
}

/// The model's name for a vocabulary, in Swedish (the model names a fixed
/// set of vocabularies; an unknown name is kept as it is).
fn swedish_noun(what: &str) -> &str {
    match what {
        "country code" => "landskod",
        "transfer mechanism" => "mekanism för överföring",
        "data category" => "kategori av personuppgifter",
        "purpose kind" => "typ av ändamål",
        "legal basis" => "rättslig grund",
        "Art. 9(2) condition" => "villkor enligt art. 9.2",
        "Art. 10 authority" => "stöd enligt art. 10",
        other => other,
    }
}
