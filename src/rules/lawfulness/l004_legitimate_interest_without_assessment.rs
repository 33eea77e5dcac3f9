//! ## What it does
//! Reports a `legitimate_interest` basis with no reference to the
//! legitimate interest assessment (the balancing test).
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Art. 6(1)(f) requires weighing the controller's interest against the
//! data subjects' rights, and Art. 5(2) requires being able to show that
//! weighing. Without a documented assessment the basis cannot be defended.
//!
//! ## Example
//! ```ropa
//! purpose fraud_prevention { basis legitimate_interest }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose fraud_prevention {
//!   basis legitimate_interest "Intresseavvägning LIA-2025-03"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1)(f), Art. 5(2); EDPB Guidelines 1/2024

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L004",
    name: "legitimate-interest-without-assessment",
    severity: Severity::Warning,
    article: "Art. 6(1)(f)",
    summary: "`legitimate_interest` with no assessment reference",
    heading: (
        "legitimate interests with no documented balancing test",
        "berättigat intresse utan dokumenterad intresseavvägning",
    ),
    doc: crate::rules::docs::L004,
    origin: Origin::Builtin,
};

/// Legitimate interest whose record references no assessment.
#[derive(Debug, Serialize)]
struct NoAssessment {
    dataset: String,
    purpose: String,
}

impl Violation for NoAssessment {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        w.say(
            || format!("the record references no legitimate interest assessment for purpose {p} of {d}"),
            || format!("registerförteckningen hänvisar inte till någon intresseavvägning för ändamålet {p} i {d}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record a reference to the documented assessment that weighs the legitimate interest against the data subjects' interests and fundamental rights and freedoms (Art. 6(1)(f), 5(2))",
                "ange en hänvisning till den dokumenterade intresseavvägningen mellan det berättigade intresset och de registrerades intressen och grundläggande rättigheter och friheter (artiklarna 6.1 f och 5.2)",
            )
        } else {
            w.of(
                "reference the balancing test: `basis legitimate_interest \"LIA-2025-03\"`",
                "hänvisa till intresseavvägningen: `basis legitimate_interest \"LIA-2025-03\"`",
            )
        })
    }
}

/// Every legitimate-interest basis without a reference.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        let Some(basis) = &p.basis else { continue };
        let b = &basis.value;
        if b.value.name == "legitimate_interest"
            && b.reference
                .as_ref()
                .is_none_or(|r| r.value.trim().is_empty())
        {
            let what = NoAssessment {
                dataset: d.id().to_string(),
                purpose: p.id.name.to_string(),
            };
            out.push(
                Finding::of(&RULE, b.value.span, what)
                    .label(said("no assessment referenced", "ingen intresseavvägning angiven"))
                    .dataset(d.id()),
            );
        }
    }
}
