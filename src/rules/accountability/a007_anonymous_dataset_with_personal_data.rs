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

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::{Anonymity, Target};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A007",
    name: "anonymous-dataset-with-personal-data",
    severity: Severity::Error,
    article: "Recital 26",
    summary: "an `anonymous` dataset with a categorised field or a flow of personal data",
    doc: crate::rules::docs::A007,
    origin: Origin::Builtin,
};

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
        let lang = cx.lang;
        let mut reasons: Vec<String> = fields
            .iter()
            .map(|(f, c)| {
                let (name, category) = (&f.name.name, &c.name);
                lang.say(
                    || format!("field `{name}` is `{category}`"),
                    || format!("fältet `{name}` är `{category}`"),
                )
            })
            .collect();
        reasons.extend(incoming[d].iter().map(|&f| {
            let from = model.datasets[model.flows[f].source].id();
            lang.say(
                || format!("the flow from `{from}` is not `anonymised`"),
                || format!("flödet från `{from}` är inte `anonymised`"),
            )
        }));
        let (id, reasons) = (dataset.id(), reasons.join("; "));
        let message = lang.say(
            || format!("`{id}` is declared `anonymous` but holds personal data: {reasons}"),
            || format!("`{id}` är deklarerad som `anonymous` men innehåller personuppgifter: {reasons}"),
        );
        let mut finding = Finding::new(&RULE, flag, message)
            .label(lang.of("declared anonymous", "deklarerad som anonym"));
        for (f, c) in &fields {
            let name = &f.name.name;
            let text = lang.say(
                || format!("`{name}` is personal data"),
                || format!("`{name}` är en personuppgift"),
            );
            finding = finding.related(c.span, text);
        }
        for &f in &incoming[d] {
            let text = lang.of(
                "personal data flows in here",
                "personuppgifter flödar in här",
            );
            finding = finding.related(model.flows[f].ast.span, text);
        }
        out.push(
            finding
                .help(lang.of(
                    "if the data is anonymous, drop the categories and mark the flows in `anonymised`; if it is not, remove `anonymous`",
                    "om uppgifterna är anonyma, ta bort kategorierna och märk de inkommande flödena `anonymised`; om de inte är det, ta bort `anonymous`",
                ))
                .dataset(dataset.id()),
        );
    }
    out
}
