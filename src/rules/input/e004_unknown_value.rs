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

use serde::Serialize;

use crate::finding::{Finding, Origin, Rule, Severity, Text, Violation, Words};
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
    heading: (
        "a value the record's vocabulary does not know",
        "ett värde som inte finns i registerförteckningens ordlista",
    ),
    doc: crate::rules::docs::E004,
    origin: Origin::Builtin,
};

/// A value outside its vocabulary.
#[derive(Debug, Serialize)]
struct Unknown {
    value: String,
    /// The vocabulary (`data category`).
    what: String,
    suggestion: Option<String>,
    examples: Vec<String>,
}

impl Violation for Unknown {
    fn message(&self, w: &Words) -> String {
        let v = w.id(&self.value);
        w.say(
            || format!("{v} is not a known {}", self.what),
            || format!("{v} är inte ett känt värde ({})", swedish_noun(&self.what)),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let examples = || {
            self.examples
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Text::Owned(match &self.suggestion {
            Some(s) => w.say(
                || format!("did you mean `{s}`?"),
                || format!("menade du `{s}`?"),
            ),
            None if !self.examples.is_empty() => w.say(
                || format!("write a known {}, such as {}", self.what, examples()),
                || {
                    format!(
                        "skriv ett känt värde ({}), till exempel {}",
                        swedish_noun(&self.what),
                        examples()
                    )
                },
            ),
            None => w.say(
                || format!("write a known {}", self.what),
                || format!("skriv ett känt värde ({})", swedish_noun(&self.what)),
            ),
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        Some(w.say(
            || format!("unknown {}", self.what),
            || format!("okänt värde ({})", swedish_noun(&self.what)),
        ))
    }
}

/// `value` is not a known `what`, with a suggestion or examples.
pub fn finding(value: &Ident, what: &str, suggestion: Option<&str>, examples: &[String]) -> Finding {
    Finding::of(
        &RULE,
        value.span,
        Unknown {
            value: value.name.to_string(),
            what: what.to_string(),
            suggestion: suggestion.map(str::to_string),
            examples: examples.to_vec(),
        },
    )
}

/// A value or attribute that cannot stand where it is.
#[derive(Debug, Serialize)]
enum Misplaced {
    MarketOnProcessor,
    NotADate { date: String, days: Option<u8>, year: u16, month: u8 },
}

impl Violation for Misplaced {
    fn message(&self, w: &Words) -> String {
        match self {
            Misplaced::MarketOnProcessor => w
                .of(
                    "`market` applies only to controllers, not to a processor",
                    "`market` gäller bara personuppgiftsansvariga, inte ett personuppgiftsbiträde",
                )
                .to_string(),
            Misplaced::NotADate {
                date,
                days,
                year,
                month,
            } => w.say(
                || {
                    let why = match days {
                        None => "months go from 01 to 12".to_string(),
                        Some(n) => format!("month {month:02} of {year:04} has {n} days"),
                    };
                    format!("`{date}` is not a date of the calendar: {why}")
                },
                || {
                    let why = match days {
                        None => "månaderna går från 01 till 12".to_string(),
                        Some(n) => format!("månad {month:02} år {year:04} har {n} dagar"),
                    };
                    format!("`{date}` är inget datum i kalendern: {why}")
                },
            ),
        }
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(match self {
            Misplaced::MarketOnProcessor => w.of(
                "delete it here, and write it on the controller whose services target these countries",
                "ta bort det här, och skriv det på den personuppgiftsansvarige vars tjänster riktar sig till dessa länder",
            ),
            Misplaced::NotADate { .. } => w.of(
                "write the date the entry was reviewed, `YYYY-MM-DD`",
                "skriv datumet då posten senast granskades, `ÅÅÅÅ-MM-DD`",
            ),
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        Some(
            match self {
                Misplaced::MarketOnProcessor => w.of(
                    "not allowed on a processor",
                    "inte tillåtet på ett personuppgiftsbiträde",
                ),
                Misplaced::NotADate { .. } => w.of("not a real date", "inget verkligt datum"),
            }
            .to_string(),
        )
    }
}

/// A value or attribute at `span` that cannot stand there.
pub fn invalid(span: Span, reason: Invalid) -> Finding {
    let what = match reason {
        Invalid::MarketOnProcessor => Misplaced::MarketOnProcessor,
        Invalid::NotADate(date) => Misplaced::NotADate {
            date: date.to_string(),
            days: days_in_month(date),
            year: date.year,
            month: date.month,
        },
    };
    Finding::of(&RULE, span, what)
}

/// How many days the month of `date` has; `None` when it is no month.
fn days_in_month(date: Date) -> Option<u8> {
    (1..=31u8).rev().find(|&day| Date { day, ..date }.is_real())
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
        "Art. 9(2) condition" => "undantag enligt artikel 9.2",
        "Art. 10 authority" => "stöd enligt artikel 10",
        other => other,
    }
}
