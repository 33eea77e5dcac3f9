//! ## What it does
//! Reports `retention indefinite`, on a dataset or in a purpose. A
//! dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Keeping personal data forever is rarely necessary for any purpose
//! (Art. 5(1)(e)). Data that must be kept by law can say so with
//! `by_law "..."`; data kept for statistics can be anonymised.
//!
//! ## Example
//! ```ropa
//! retention indefinite
//! ```
//!
//! Use instead:
//! ```ropa
//! retention 24 months after last_login then anonymise
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;
use crate::syntax::ast::Retention;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R002",
    name: "indefinite-retention",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "`retention indefinite`",
    heading: (
        "data kept with no time limit",
        "uppgifter som sparas utan tidsgräns",
    ),
    doc: crate::rules::docs::R002,
    origin: Origin::Builtin,
};

/// A retention the record states as indefinite.
#[derive(Debug, Serialize)]
struct Indefinite {
    dataset: String,
    /// The purpose whose own retention it is (`None`: the dataset's).
    purpose: Option<String>,
}

impl Violation for Indefinite {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.dataset);
        match &self.purpose {
            None => w.say(
                || format!("the record states that {id} is kept indefinitely"),
                || format!("registerförteckningen anger att {id} sparas utan tidsgräns"),
            ),
            Some(p) => {
                let p = w.id(p);
                w.say(
                    || format!("the record states that purpose {p} of {id} keeps the data indefinitely"),
                    || format!("registerförteckningen anger att uppgifterna för ändamålet {p} i {id} sparas utan tidsgräns"),
                )
            }
        }
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record a time limit for erasure or anonymisation that the purpose needs (Art. 5(1)(e)); where a law requires the data to be kept, cite that law",
                "ange en tidsfrist för radering eller anonymisering som ändamålet motiverar (artikel 5.1 e); om en lag kräver att uppgifterna bevaras, hänvisa till den lagen",
            )
        } else {
            w.of(
                "set a period (`retention 24 months after last_login`), `then anonymise`, or cite the law with `retention by_law \"...\"`",
                "ange en lagringstid (`retention 24 months after last_login`), `then anonymise`, eller hänvisa till lagen med `retention by_law \"...\"`",
            )
        })
    }
}

/// Every indefinite retention.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    let own = d.ast.retention.as_ref().map(|r| (&r.value, None));
    let purposes = d
        .ast
        .purposes
        .iter()
        .filter_map(|p| p.retention.as_deref().map(|r| (&r.value, Some(p))));
    for (r, purpose) in own.into_iter().chain(purposes) {
        let Retention::Indefinite(span) = r else {
            continue;
        };
        let what = Indefinite {
            dataset: d.id().to_string(),
            purpose: purpose.map(|p| p.id.name.to_string()),
        };
        out.push(
            Finding::of(&RULE, *span, what)
                .label(said("no end", "inget slut"))
                .dataset(d.id()),
        );
    }
}
