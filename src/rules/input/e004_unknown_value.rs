//! ## What it does
//! Reports a value of a closed vocabulary that is not known: a data
//! category, purpose kind, legal basis, Art. 9(2) condition, Art. 10
//! authority, transfer mechanism, country code or market country code.
//! The help suggests the closest known value. It also reports a value or
//! attribute that cannot stand where it is written: `market` on a
//! processor (it applies only to controllers), and a `reviewed` date that
//! is not a day of the calendar (`2026-02-30`).
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
use crate::model::Invalid;
use crate::source::Span;
use crate::syntax::ast::{Date, Ident};

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

/// A value or attribute at `span` that cannot stand there.
pub fn invalid(span: Span, reason: Invalid, lang: Lang) -> Finding {
    let (message, label, help) = match reason {
        Invalid::MarketOnProcessor => lang.say(
            || {
                (
                    "`market` applies only to controllers, not to a processor".to_string(),
                    "not allowed on a processor".to_string(),
                    "delete it here, and write it on the controller whose services target \
                     these countries"
                        .to_string(),
                )
            },
            || {
                (
                    "`market` gäller bara personuppgiftsansvariga, inte ett \
                     personuppgiftsbiträde"
                        .to_string(),
                    "inte tillåtet på ett personuppgiftsbiträde".to_string(),
                    "ta bort det här, och skriv det på den personuppgiftsansvarige vars \
                     tjänster riktar sig till dessa länder"
                        .to_string(),
                )
            },
        ),
        Invalid::NotADate(date) => {
            let days = days_in_month(date);
            lang.say(
                || {
                    let why = match days {
                        None => "months go from 01 to 12".to_string(),
                        Some(n) => {
                            format!("month {:02} of {:04} has {n} days", date.month, date.year)
                        }
                    };
                    (
                        format!("`{date}` is not a date of the calendar: {why}"),
                        "not a real date".to_string(),
                        "write the date the entry was reviewed, `YYYY-MM-DD`".to_string(),
                    )
                },
                || {
                    let why = match days {
                        None => "månaderna går från 01 till 12".to_string(),
                        Some(n) => {
                            format!("månad {:02} år {:04} har {n} dagar", date.month, date.year)
                        }
                    };
                    (
                        format!("`{date}` är inget datum i kalendern: {why}"),
                        "inget verkligt datum".to_string(),
                        "skriv datumet då posten senast granskades, `ÅÅÅÅ-MM-DD`".to_string(),
                    )
                },
            )
        }
    };
    Finding::new(&RULE, span, message).label(label).help(help)
}

/// How many days the month of `date` has; `None` when it is no month.
fn days_in_month(date: Date) -> Option<u8> {
    (1..=31u8).rev().find(|&day| Date { day, ..date }.is_real())
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
        "market country code" => "landskod för marknad",
        "transfer mechanism" => "mekanism för överföring",
        "data category" => "kategori av personuppgifter",
        "purpose kind" => "typ av ändamål",
        "legal basis" => "rättslig grund",
        "Art. 9(2) condition" => "villkor enligt art. 9.2",
        "Art. 10 authority" => "stöd enligt art. 10",
        other => other,
    }
}
