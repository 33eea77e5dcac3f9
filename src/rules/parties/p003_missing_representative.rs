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

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P003",
    name: "missing-representative",
    severity: Severity::Warning,
    article: "Art. 27",
    summary: "a controller established outside the EEA with no `representative`",
    doc: crate::rules::docs::P003,
    origin: Origin::Builtin,
};

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
        let countries: Vec<&str> = p
            .countries()
            .map(|c| match c.name.as_str() {
                "third" => cx.lang.of("country not named", "land som inte namnges"),
                code => code,
            })
            .collect();
        out.push(
            Finding::new(
                &RULE,
                p.ast.id.span,
                cx.lang.say(
                    || format!(
                        "controller `{}` is established outside the EEA ({}) and names no EU representative",
                        p.id(),
                        countries.join(", ")
                    ),
                    || format!(
                        "den personuppgiftsansvarige `{}` är etablerad utanför EES ({}) och anger ingen företrädare i unionen",
                        p.id(),
                        countries.join(", ")
                    ),
                ),
            )
            .label(said("no `representative`", "ingen `representative`"))
            .help(cx.lang.of(
                "add `representative \"<name and address of the representative in the EU>\"`; an adequacy decision or DPF certification does not replace it",
                "lägg till `representative \"<namn och adress till företrädaren i unionen>\"`; ett beslut om adekvat skyddsnivå eller en DPF-certifiering ersätter den inte",
            ))
            .party(p.id()),
        );
    }
    out
}
