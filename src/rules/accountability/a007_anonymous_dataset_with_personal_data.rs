//! ## What it does
//! Reports a dataset declared `anonymous` that declares a field with a
//! data category, or that receives personal data through a flow that is
//! not `anonymised` (a flow from another anonymous dataset carries none).
//! One finding per dataset, on `anonymous`, naming every field and flow
//! that contradicts it. Every other rule then treats the dataset as
//! personal data.
//!
//! ## Why is this bad?
//! Anonymous information is outside the GDPR (Recital 26), so declaring a
//! dataset `anonymous` switches off the rules about personal data for it.
//! A category says the field is personal data, and a flow that is not
//! anonymised brings personal data in: the declaration is wrong, and the
//! record would hide the processing from every check. Data is anonymous
//! only when no one can identify a person from it by means reasonably
//! likely to be used; pseudonymised data is still personal data (Recital
//! 26, CJEU C-413/23 P *SRB*).
//!
//! ## Example
//! ```ropa
//! dataset stats {
//!   anonymous
//!   fields { email: contact.email  visits }
//! }
//! flow applications -> stats
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset stats {
//!   anonymous
//!   fields { week  visits }
//! }
//! flow applications -> stats { anonymised }
//! ```
//!
//! ## References
//! - GDPR Recital 26, Art. 4(1), 4(5)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{Anonymity, Target};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A007",
    name: "anonymous-dataset-with-personal-data",
    severity: Severity::Error,
    article: "Recital 26",
    summary: "an `anonymous` dataset with a categorised field or a flow of personal data",
    heading: (
        "a dataset recorded as anonymous that holds personal data",
        "en datamängd som anges som anonym men innehåller personuppgifter",
    ),
    doc: crate::rules::docs::A007,
    origin: Origin::Builtin,
};

/// A dataset recorded as anonymous whose record shows personal data.
#[derive(Debug, Serialize)]
struct NotAnonymous {
    dataset: String,
    /// Each field with a category: (field, category).
    fields: Vec<(String, String)>,
    /// The datasets that send it personal data by a flow not `anonymised`.
    flows_from: Vec<String>,
}

impl Violation for NotAnonymous {
    fn message(&self, w: &Words) -> String {
        let mut reasons: Vec<String> = self
            .fields
            .iter()
            .map(|(name, category)| {
                let (name, category) = (w.id(name), w.value(Vocab::Category, category));
                w.say(
                    || format!("field {name} is recorded as {category}"),
                    || format!("fältet {name} anges som {category}"),
                )
            })
            .collect();
        reasons.extend(self.flows_from.iter().map(|from| {
            let from = w.id(from);
            w.say(
                || format!("the flow from {from} is not recorded as anonymised"),
                || format!("flödet från {from} anges inte som anonymiserat"),
            )
        }));
        let (id, reasons) = (w.id(&self.dataset), reasons.join("; "));
        w.say(
            || format!("{id} is recorded as anonymous, but the record shows personal data in it: {reasons}"),
            || format!("{id} anges som anonym, men registerförteckningen visar personuppgifter i den: {reasons}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "establish whether anyone can identify a person from the data by means reasonably likely to be used (Recital 26); if so, the data is personal data and the record must say so",
                "utred om någon kan identifiera en person ur uppgifterna med medel som rimligen kan komma att användas (skäl 26); i så fall är det personuppgifter, och registerförteckningen ska ange det",
            )
        } else {
            w.of(
                "if the data is anonymous, drop the categories and mark the flows in `anonymised`; if it is not, remove `anonymous`",
                "om uppgifterna är anonyma, ta bort kategorierna och märk de inkommande flödena `anonymised`; om de inte är det, ta bort `anonymous`",
            )
        })
    }
}

/// Every dataset declared anonymous that the model contradicts.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    let contradicted: Vec<usize> = (0..model.datasets.len())
        .filter(|&d| model.datasets[d].anonymity == Anonymity::Contradicted)
        .collect();
    if contradicted.is_empty() {
        return Vec::new();
    }
    // The flows that bring personal data into each contradicted dataset.
    let mut incoming: Vec<Vec<usize>> = vec![Vec::new(); model.datasets.len()];
    for (i, f) in model.flows.iter().enumerate() {
        if let Target::Dataset(t) = f.target {
            if f.carries && model.datasets[t].anonymity == Anonymity::Contradicted {
                incoming[t].push(i);
            }
        }
    }
    let mut out = Vec::new();
    for d in contradicted {
        let dataset = &model.datasets[d];
        let Some(flag) = dataset.ast.anonymous else {
            continue;
        };
        let fields: Vec<_> = dataset
            .ast
            .fields
            .iter()
            .filter_map(|f| f.category.as_ref().map(|c| (f, c)))
            .collect();
        let what = NotAnonymous {
            dataset: dataset.id().to_string(),
            fields: fields
                .iter()
                .map(|(f, c)| (f.name.name.to_string(), c.name.to_string()))
                .collect(),
            flows_from: incoming[d]
                .iter()
                .map(|&f| model.datasets[model.flows[f].source].id().to_string())
                .collect(),
        };
        let mut finding = Finding::of(&RULE, flag, what)
            .label(said("declared anonymous", "deklarerad som anonym"));
        for (_, c) in &fields {
            finding = finding.related(c.span, said("personal data", "en personuppgift"));
        }
        for &f in &incoming[d] {
            finding = finding.related(
                model.flows[f].ast.span,
                said("personal data flows in here", "personuppgifter flödar in här"),
            );
        }
        out.push(finding.dataset(dataset.id()));
    }
    out
}
