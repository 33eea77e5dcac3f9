//! ## What it does
//! Reports a controller of at least one dataset that is established only
//! outside the EEA and names no `representative`. "Established outside the
//! EEA" means every one of its countries is a non-EEA ISO code or `third`,
//! whether or not the country has an adequacy decision; `eea` and `world`
//! are not non-EEA countries. A `public_authority` is exempt, and so is a
//! controller whose every dataset is anonymous.
//!
//! ## Why is this bad?
//! A controller not established in the Union that offers goods or services
//! to, or monitors, people in the Union must designate a representative in
//! the Union (Art. 27(1)), so that data subjects and authorities have
//! someone to turn to. Adequacy does not matter: Art. 27 asks where the
//! controller is established, not whether data may be sent there, and a
//! Swiss or a DPF-certified US controller needs a representative like any
//! other. The record holds only processing of people in the Union, so the
//! Art. 3(2) condition is taken as met. Public authorities and bodies are
//! exempt (Art. 27(2)(b)).
//!
//! ## Example
//! ```ropa
//! controller jobboard "Global Jobs AG" { country CH }
//! dataset profiles { controller jobboard  ... }
//! ```
//!
//! Use instead:
//! ```ropa
//! controller jobboard "Global Jobs AG" {
//!   country CH
//!   representative "EU-Rep AB, Stockholm"
//! }
//! dataset profiles { controller jobboard  ... }
//! ```
//!
//! ## References
//! - GDPR Art. 27, 3(2); EDPB Guidelines 3/2018 on territorial scope

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P003",
    name: "missing-representative",
    severity: Severity::Warning,
    article: "Art. 27",
    summary: "a controller established outside the EEA with no `representative`",
    heading: (
        "a controller established outside the EEA with no representative in the Union recorded",
        "en personuppgiftsansvarig etablerad utanför EES utan angiven företrädare i unionen",
    ),
    doc: crate::rules::docs::P003,
    origin: Origin::Builtin,
};

/// A controller the record places outside the EEA, with no representative
/// in the Union.
#[derive(Debug, Serialize)]
struct NoRepresentative {
    party: String,
    /// Its countries (codes, `third` among them).
    countries: Vec<String>,
}

impl Violation for NoRepresentative {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.party);
        let countries = self
            .countries
            .iter()
            .map(|c| match c.as_str() {
                "third" => w
                    .of("country not named", "land som inte namnges")
                    .to_string(),
                code => w.country(code),
            })
            .collect::<Vec<_>>()
            .join(", ");
        w.say(
            || format!("the record states that controller {id} is established outside the EEA ({countries}), but names no representative in the Union (Art. 27)"),
            || format!("registerförteckningen anger att den personuppgiftsansvarige {id} är etablerad utanför EES ({countries}), men ingen företrädare i unionen (artikel 27)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the name and contact details of the representative designated in the Union (Art. 27(1), 30(1)(a)); an adequacy decision or a certification under the EU–US Data Privacy Framework does not replace it",
                "ange namn och kontaktuppgifter för den företrädare i unionen som har utsetts (artiklarna 27.1 och 30.1 a); ett beslut om adekvat skyddsnivå eller en certifiering enligt EU–US Data Privacy Framework (DPF) ersätter inte företrädaren",
            )
        } else {
            w.of(
                "add `representative \"<name and address of the representative in the EU>\"`; an adequacy decision or DPF certification does not replace it",
                "lägg till `representative \"<namn och adress till företrädaren i unionen>\"`; ett beslut om adekvat skyddsnivå eller en DPF-certifiering ersätter den inte",
            )
        })
    }
}

/// Every controller of personal data established outside the EEA, without
/// a representative and not a public authority.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut controlling = vec![false; cx.model.parties.len()];
    for d in cx.model.datasets.iter().filter(|d| !d.is_anonymous()) {
        for &c in &d.controllers {
            controlling[c] = true;
        }
    }
    let mut out = Vec::new();
    for (i, p) in cx.model.parties.iter().enumerate() {
        if !controlling[i]
            || p.ast.representative.is_some()
            || p.ast.public_authority.is_some()
            || !p.established_outside_eea(cx.data)
        {
            continue;
        }
        let what = NoRepresentative {
            party: p.id().to_string(),
            countries: p.countries().map(|c| c.name.to_string()).collect(),
        };
        out.push(
            Finding::of(&RULE, p.ast.id.span, what)
                .label(said("no `representative`", "ingen `representative`"))
                .party(p.id()),
        );
    }
    out
}
