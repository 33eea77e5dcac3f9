//! ## What it does
//! Reports special-category or criminal-offence data (declared or flowing
//! in) in a dataset whose `measures` include neither `encryption` nor
//! `pseudonymisation`. One finding per such field. Anonymous datasets are
//! skipped (a dataset declared `anonymous` with such a field is A007's).
//!
//! ## Why is this bad?
//! Security must match the risk (Art. 32(1)); for the most sensitive data
//! the regulation names encryption and pseudonymisation first. A breach of
//! unencrypted health data is a high-risk breach that must be notified to
//! every person concerned (Art. 34).
//!
//! ## Example
//! ```ropa
//! dataset rehab { fields { diagnosis: special.health }  measures access_control }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset rehab { fields { diagnosis: special.health }  measures access_control, encryption }
//! ```
//!
//! ## References
//! - GDPR Art. 32(1)(a), Art. 34

use compact_str::CompactString;
use serde::Serialize;

use crate::data::RuleData;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::rules::special::{fields_where, with_origin, Path, Wanted};
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A005",
    name: "special-data-without-measures",
    severity: Severity::Warning,
    article: "Art. 32",
    summary: "special or criminal data without `encryption` or `pseudonymisation`",
    heading: (
        "special or criminal-offence data with no encryption or pseudonymisation recorded",
        "känsliga uppgifter eller uppgifter om lagöverträdelser utan angiven kryptering eller pseudonymisering",
    ),
    doc: crate::rules::docs::A005,
    origin: Origin::Builtin,
};

/// Special or criminal data in a dataset whose record states neither
/// encryption nor pseudonymisation.
#[derive(Debug, Serialize)]
struct Unprotected {
    dataset: CompactString,
    field: CompactString,
    category: CompactString,
    /// The dataset that declares the field, when it flows in.
    declared_in: Option<CompactString>,
    /// The datasets it flows through, from `declared_in` to `dataset`
    /// (`…` for an elided middle); empty when declared here.
    path: Vec<CompactString>,
}

impl Violation for Unprotected {
    fn message(&self, w: &Words) -> String {
        let (id, field) = (w.id(&self.dataset), w.id(&self.field));
        let category = w.value(Vocab::Category, &self.category);
        let via = match &self.declared_in {
            None => String::new(),
            Some(from) if self.path.len() <= 2 => {
                let from = w.id(from);
                w.say(
                    || format!(", which flows in from {from}"),
                    || format!(", som förs över från {from}"),
                )
            }
            Some(from) => {
                let from = w.id(from);
                let path = Path {
                    steps: &self.path,
                    coded: true,
                };
                w.say(
                    || format!(", which flows in from {from} through {path}"),
                    || format!(", som förs över från {from} via {path}"),
                )
            }
        };
        w.say(
            || format!("the record states neither encryption nor pseudonymisation for {id}, which holds {category} in field {field}{via}"),
            || format!("registerförteckningen anger varken kryptering eller pseudonymisering för {id}, som innehåller {category} i fältet {field}{via}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the security measures that protect this data: sensitive data such as this calls for strong protection, and the measures Art. 32(1)(a) names first are encryption and pseudonymisation; if other measures ensure a level of security appropriate to the risk, record them",
                "ange de säkerhetsåtgärder som skyddar uppgifterna: känsliga uppgifter som dessa kräver ett starkt skydd, och de åtgärder som artikel 32.1 a nämner först är kryptering och pseudonymisering; om andra åtgärder ger en säkerhetsnivå som är lämplig i förhållande till risken, ange dem",
            )
        } else {
            w.of(
                "add `measures encryption` (or `pseudonymisation`) to the dataset, with what else applies",
                "lägg till `measures encryption` (eller `pseudonymisation`) i datamängden, med övriga åtgärder som gäller",
            )
        })
    }
}

/// Every special or criminal field of a dataset without strong measures.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let sensitive = Wanted::new(cx, |c: &str| {
        RuleData::is_special(c) || RuleData::is_criminal(c)
    });
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.is_anonymous() || !sensitive.held_by(cx, i) {
            continue;
        }
        let protected = d
            .ast
            .measures
            .iter()
            .flat_map(|m| m.value.iter())
            .any(|m| m.name == "encryption" || m.name == "pseudonymisation");
        if protected {
            continue;
        }
        for mut hit in fields_where(cx, i, &sensitive) {
            // The path `fields_where` found, not walked again.
            let (declared_in, path) = match hit.from.take() {
                None => (None, Vec::new()),
                Some(via) => (Some(via.declared_in), via.path),
            };
            let what = Unprotected {
                dataset: CompactString::from(d.id()),
                field: hit.field.name.name.clone(),
                category: CompactString::from(hit.category),
                declared_in,
                path,
            };
            let f = Finding::of(&RULE, hit.span, what)
                .label(said(
                    "sensitive data, no strong measures",
                    "känsliga uppgifter utan starka skyddsåtgärder",
                ))
                .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}
