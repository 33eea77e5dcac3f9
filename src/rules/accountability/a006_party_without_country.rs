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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A006",
    name: "party-without-country",
    severity: Severity::Error,
    article: "Art. 30(1)(e)",
    summary: "a party with no `country`",
    heading: (
        "a party with no country recorded",
        "en part utan angivet land",
    ),
    doc: crate::rules::docs::A006,
    origin: Origin::Builtin,
};

/// A party whose record states no country.
#[derive(Debug, Serialize)]
struct NoCountry {
    party: String,
}

impl Violation for NoCountry {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.party);
        w.say(
            || format!("no country is recorded for party {id}"),
            || format!("registerförteckningen anger inget land för parten {id}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the country where the party processes the data; if it is not known, record at least whether that is inside the EU/EEA or outside it, since a transfer outside it must rest on Chapter V (Art. 30(1)(e), 44)",
                "ange i vilket land parten behandlar uppgifterna; om landet inte är känt, ange åtminstone om det ligger inom EU/EES eller utanför, eftersom en överföring till tredjeland måste ha stöd i kapitel V (artiklarna 30.1 e och 44)",
            )
        } else {
            w.of(
                "add `country <ISO code>` (e.g. `country IE`); if the record does not say which country, `country eea` (somewhere in the EU/EEA) or `country third` (somewhere outside it)",
                "lägg till `country <ISO-kod>` (t.ex. `country IE`); om underlaget inte anger vilket land, `country eea` (någonstans i EU/EES) eller `country third` (ett tredjeland)",
            )
        })
    }
}

/// Every party without `country`.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.model
        .parties
        .iter()
        .filter(|p| p.ast.country.is_none())
        .map(|p| {
            let what = NoCountry {
                party: p.id().to_string(),
            };
            Finding::of(&RULE, p.ast.id.span, what)
                .label(said("no `country`", "inget `country`"))
                .party(p.id())
        })
        .collect()
}
