//! ## What it does
//! Reports criminal-offence data (`criminal.*`) in a dataset that has a
//! purpose without `criminal_basis`. Fields that arrive through flows count.
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Data on criminal convictions and offences may be processed only under
//! the control of official authority or when authorised by law (Art. 10).
//! In Sweden authorities may (dataskyddslagen 3 kap. 8 §); others only in
//! the cases förordningen (2018:219) 5 § lists or IMY's regulations (DIFS
//! 2018:2) add. An employer's background check (belastningsregisterutdrag)
//! needs such a provision.
//!
//! ## Example
//! ```ropa
//! dataset security_vetting {
//!   fields { record_extract: criminal.offences }
//!   purpose recruitment { basis legal_obligation "Säkerhetsskyddslagen" }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset security_vetting {
//!   fields { record_extract: criminal.offences }
//!   purpose recruitment {
//!     basis legal_obligation "Säkerhetsskyddslagen (2018:585)"
//!     criminal_basis law "Säkerhetsskyddslagen (2018:585) 3 kap."
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 10

use serde::Serialize;

use super::{fields_where, with_origin, Named, Via, Wanted};
use crate::data::RuleData;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::grounds::anonymous;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S003",
    name: "criminal-data-without-authority",
    severity: Severity::Error,
    article: "Art. 10",
    summary: "criminal-offence data with a purpose that has no `criminal_basis`",
    heading: (
        "criminal-offence data with no Art. 10 authority recorded",
        "uppgifter om lagöverträdelser utan angivet stöd enligt artikel 10",
    ),
    doc: crate::rules::docs::S003,
    origin: Origin::Builtin,
};

/// A criminal-offence field in a dataset with purposes for which the
/// record states nothing that allows it under Art. 10.
#[derive(Debug, Serialize)]
struct NoAuthority {
    dataset: String,
    field: String,
    category: String,
    /// Where the field is declared and how it gets here, when inherited.
    via: Option<Via>,
    /// The purposes that state no `criminal_basis`.
    purposes: Vec<String>,
}

impl Violation for NoAuthority {
    fn message(&self, w: &Words) -> String {
        let Named {
            field: name,
            category,
            via,
            dataset: id,
            purposes: names,
            many,
        } = Named::of(
            w,
            (&self.field, &self.category),
            self.via.as_ref(),
            &self.dataset,
            &self.purposes,
        );
        w.say(
            || format!(
                "{name} ({category}){via} is recorded as criminal-offence data, but the record states neither official authority nor a law that allows it (Art. 10) for purpose{} {names} of {id}",
                if many { "s" } else { "" },
            ),
            || format!(
                "{name} ({category}){via} är enligt registerförteckningen personuppgifter som rör lagöverträdelser, men den anger varken kontroll av myndighet eller lag som tillåter behandlingen (artikel 10) för {} {names} i {id}",
                if many { "ändamålen" } else { "ändamålet" },
            ),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record for each purpose what allows the processing under Art. 10: that it is carried out under the control of official authority, or the provision of Union or Member State law that authorises it with appropriate safeguards",
                "ange för varje ändamål vad som gör behandlingen tillåten enligt artikel 10: att den sker under kontroll av myndighet, eller den bestämmelse i unionsrätten eller i nationell rätt som tillåter den med lämpliga skyddsåtgärder",
            )
        } else {
            w.of(
                "add `criminal_basis law \"<the law>\"` or `criminal_basis official_authority \"...\"` to each purpose",
                "lägg till `criminal_basis law \"<lagen>\"` eller `criminal_basis official_authority \"...\"` i varje ändamål",
            )
        })
    }
}

/// Every criminal field of a dataset with a purpose lacking `criminal_basis`.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let criminal = Wanted::new(cx, RuleData::is_criminal);
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) || !criminal.held_by(cx, i) {
            continue;
        }
        let lacking: Vec<String> = d
            .ast
            .purposes
            .iter()
            .filter(|p| p.criminal_basis.is_none())
            .map(|p| p.id.name.to_string())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        for hit in fields_where(cx, i, &criminal) {
            let what = NoAuthority {
                dataset: d.id().to_string(),
                field: hit.field.name.name.to_string(),
                category: hit.category.to_string(),
                via: hit.from.clone(),
                purposes: lacking.clone(),
            };
            let f = Finding::of(&RULE, hit.span, what)
                .label(said(
                    "criminal-offence data (Art. 10)",
                    "personuppgifter som rör lagöverträdelser (art. 10)",
                ))
                .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}
