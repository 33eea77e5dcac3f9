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

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P004",
    name: "authority-without-dpo",
    severity: Severity::Warning,
    article: "Art. 37(1)(a)",
    summary: "a public authority controller with no `dpo`",
    doc: crate::rules::docs::P004,
    origin: Origin::Builtin,
};

/// Every authority controlling a dataset without a DPO.
pub fn check(cx: &Context) -> Vec<Finding> {
    let controlling = cx.model.controlling_parties();
    cx.model
        .parties
        .iter()
        .enumerate()
        .filter(|(i, p)| controlling[*i] && p.ast.public_authority.is_some() && p.ast.dpo.is_none())
        .map(|(_, p)| {
            Finding::new(
                &RULE,
                p.ast.id.span,
                cx.lang.say(
                    || format!("public authority `{}` names no data protection officer", p.id()),
                    || format!("myndigheten `{}` anger inget dataskyddsombud", p.id()),
                ),
            )
            .label(said("no `dpo`", "ingen `dpo`"))
            .help(cx.lang.of(
                "add `dpo \"<the DPO's contact details>\"` to the controller",
                "lägg till `dpo \"<dataskyddsombudets kontaktuppgifter>\"` hos den personuppgiftsansvarige",
            ))
            .party(p.id())
        })
        .collect()
}
