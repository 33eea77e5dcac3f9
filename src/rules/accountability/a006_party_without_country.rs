//! ## What it does
//! Reports a party with no `country`. When the country is not known, the
//! help offers `eea` (somewhere in the EU/EEA) or `third` (somewhere
//! outside it), never `world`: `world` means publication to the public at
//! large, not an unknown place.
//!
//! ## Why is this bad?
//! Where a party processes data decides whether sending it data is a
//! third-country transfer (Chapter V). Without a country every transfer
//! rule is blind to it, and the record cannot list transfers (Art.
//! 30(1)(e)).
//!
//! ## Example
//! ```ropa
//! processor mailer "Mail Co" { dpa "DPA-12" }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor mailer "Mail Co" { country IE  dpa "DPA-12" }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(e), Art. 44

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A006",
    name: "party-without-country",
    severity: Severity::Error,
    article: "Art. 30(1)(e)",
    summary: "a party with no `country`",
    doc: crate::rules::docs::A006,
    origin: Origin::Builtin,
};

/// Every party without `country`.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.model
        .parties
        .iter()
        .filter(|p| p.ast.country.is_none())
        .map(|p| {
            Finding::new(
                &RULE,
                p.ast.id.span,
                cx.lang.say(
                    || format!("party `{}` has no country", p.id()),
                    || format!("parten `{}` saknar land", p.id()),
                ),
            )
            .label(said("no `country`", "inget `country`"))
            .help(cx.lang.of(
                "add `country <ISO code>` (e.g. `country IE`); if the record does not say which country, `country eea` (somewhere in the EU/EEA) or `country third` (somewhere outside it)",
                "lägg till `country <ISO-kod>` (t.ex. `country IE`); om underlaget inte anger vilket land, `country eea` (någonstans i EU/EES) eller `country third` (ett tredjeland)",
            ))
            .party(p.id())
        })
        .collect()
}
