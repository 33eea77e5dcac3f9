//! ## What it does
//! Reports a dataset with no `subjects`, or with no fields (neither
//! declared nor flowing in). Anonymous datasets are skipped: they have no
//! data subjects and no personal data (Recital 26).
//!
//! ## Why is this bad?
//! The record must describe the categories of data subjects and of
//! personal data (Art. 30(1)(c)). Without them no rule can tell whether the
//! dataset holds special data or concerns vulnerable people.
//!
//! ## Example
//! ```ropa
//! dataset contacts { purpose customer_service { basis contract }  retention 1 year }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset contacts {
//!   subjects customer
//!   fields { name: identity.name  email: contact.email }
//!   purpose customer_service { basis contract }
//!   retention 1 year
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(c)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Said, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A004",
    name: "missing-subjects-or-fields",
    severity: Severity::Warning,
    article: "Art. 30(1)(c)",
    summary: "a dataset with no `subjects` or no fields",
    heading: (
        "a dataset with no categories of data subjects or of personal data recorded",
        "en datamängd utan angivna kategorier av registrerade eller av personuppgifter",
    ),
    doc: crate::rules::docs::A004,
    origin: Origin::Builtin,
};

/// A dataset whose record names no subjects, no data, or neither.
#[derive(Debug, Serialize)]
struct Undescribed {
    dataset: String,
    no_subjects: bool,
    no_fields: bool,
}

impl Undescribed {
    fn missing(&self) -> Said {
        match (self.no_subjects, self.no_fields) {
            (true, true) => said(
                "no categories of data subjects and no categories of personal data",
                "inga kategorier av registrerade och inga kategorier av personuppgifter",
            ),
            (true, false) => said(
                "no categories of data subjects",
                "inga kategorier av registrerade",
            ),
            _ => said(
                "no categories of personal data",
                "inga kategorier av personuppgifter",
            ),
        }
    }
}

impl Violation for Undescribed {
    fn message(&self, w: &Words) -> String {
        let (id, missing) = (w.id(&self.dataset), self.missing().get(w.lang));
        w.say(
            || format!("the record states {missing} for {id}"),
            || format!("registerförteckningen anger {missing} för {id}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record whose personal data the activity processes and which categories of data (Art. 30(1)(c))",
                "ange vilkas personuppgifter som behandlas och vilka kategorier av personuppgifter det gäller (artikel 30.1 c)",
            )
        } else {
            w.of(
                "describe whose data it is and what: `subjects job_seeker` and `fields { name: identity.name ... }`",
                "beskriv vilka de registrerade är och vilka uppgifterna är: `subjects job_seeker` och `fields { name: identity.name ... }`",
            )
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        Some(
            match (self.no_subjects, self.no_fields) {
                (true, true) => w.of("no `subjects` and no fields", "inga `subjects` och inga fält"),
                (true, false) => w.of("no `subjects`", "inga `subjects`"),
                _ => w.of("no fields", "inga fält"),
            }
            .to_string(),
        )
    }
}

/// Every dataset missing subjects or fields.
pub fn check(cx: &GraphContext, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if d.is_anonymous() {
        return;
    }
    let no_subjects = d.ast.subjects.is_none();
    let no_fields = cx.graph.each_effective_field(cx.model, i).next().is_none();
    if !no_subjects && !no_fields {
        return;
    }
    out.push(
        Finding::of(
            &RULE,
            d.ast.id.span,
            Undescribed {
                dataset: d.id().to_string(),
                no_subjects,
                no_fields,
            },
        )
        .dataset(d.id()),
    );
}
