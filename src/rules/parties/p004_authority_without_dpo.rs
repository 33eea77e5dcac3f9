//! ## What it does
//! Reports a `public_authority` controller of at least one dataset of the
//! model with no `dpo`. Authorities that only receive data (they control no
//! dataset of the model) are not checked: their DPO is their own record's
//! business.
//!
//! ## Why is this bad?
//! Every public authority or body must designate a data protection officer
//! (Art. 37(1)(a)) and publish the DPO's contact details (Art. 37(7)).
//!
//! ## Example
//! ```ropa
//! controller af "Arbetsförmedlingen" { country SE  public_authority }
//! dataset cases { controller af  ... }
//! ```
//!
//! Use instead:
//! ```ropa
//! controller af "Arbetsförmedlingen" {
//!   country SE
//!   public_authority
//!   dpo "dataskyddsombud@arbetsformedlingen.se"
//! }
//! dataset cases { controller af  ... }
//! ```
//!
//! ## References
//! - GDPR Art. 37(1)(a), 37(7)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P004",
    name: "authority-without-dpo",
    severity: Severity::Warning,
    article: "Art. 37(1)(a)",
    summary: "a public authority controller with no `dpo`",
    heading: (
        "a public authority with no data protection officer recorded",
        "en myndighet utan angivet dataskyddsombud",
    ),
    doc: crate::rules::docs::P004,
    origin: Origin::Builtin,
};

/// A public authority whose record names no data protection officer.
#[derive(Debug, Serialize)]
struct NoDpo {
    party: String,
}

impl Violation for NoDpo {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.party);
        w.say(
            || format!("the record names no data protection officer for public authority {id} (Art. 37(1)(a))"),
            || format!("registerförteckningen anger inget dataskyddsombud för myndigheten {id} (artikel 37.1 a)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the contact details of the data protection officer the authority has designated (Art. 37(1)(a), 37(7))",
                "ange kontaktuppgifterna till det dataskyddsombud som myndigheten har utsett (artiklarna 37.1 a och 37.7)",
            )
        } else {
            w.of(
                "add `dpo \"<the DPO's contact details>\"` to the controller",
                "lägg till `dpo \"<dataskyddsombudets kontaktuppgifter>\"` hos den personuppgiftsansvarige",
            )
        })
    }
}

/// Every authority controlling a dataset without a DPO.
pub fn check(cx: &Context) -> Vec<Finding> {
    let controlling = cx.model.controlling_parties();
    cx.model
        .parties
        .iter()
        .enumerate()
        .filter(|(i, p)| controlling[*i] && p.ast.public_authority.is_some() && p.ast.dpo.is_none())
        .map(|(_, p)| {
            Finding::of(
                &RULE,
                p.ast.id.span,
                NoDpo {
                    party: p.id().to_string(),
                },
            )
            .label(said("no `dpo`", "ingen `dpo`"))
            .party(p.id())
        })
        .collect()
}
