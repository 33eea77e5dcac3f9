//! ## What it does
//! Reports a dataset whose recipient (in `recipients`, or a flow's party
//! target) processes in a country outside the EEA without an adequacy
//! decision, and declares no `transfer` mechanism. One finding per dataset
//! and party. A `US` party counts as outside unless it declares
//! `transfer dpf` (EU–US Data Privacy Framework certification); `third`
//! (a country outside the EEA that is not named) always counts. `world`
//! never does: publishing data to the public at large is not a transfer to
//! a third country (CJEU C-101/01 *Lindqvist*); S005 looks at what is
//! published. Anonymous datasets are skipped.
//!
//! ## Why is this bad?
//! Personal data may leave the EEA only under Chapter V: an adequacy
//! decision (Art. 45), appropriate safeguards such as the standard
//! contractual clauses (Art. 46), binding corporate rules (Art. 47), or a
//! derogation (Art. 49). IMY's 2023 Google Analytics decisions (Tele2,
//! CDON, Coop, Dagens Industri) found that sending IP addresses and cookie
//! identifiers to a US provider without such a basis is an unlawful
//! transfer.
//!
//! When the recipient is a `public_authority` (a foreign agency, a court),
//! the help names the tools made for authorities: a legally binding
//! instrument between public authorities (Art. 46(2)(a)) or an
//! administrative arrangement (Art. 46(3)(b)), or for an occasional
//! transfer the derogations for important reasons of public interest
//! recognised in Union or Member State law (Art. 49(1)(d), 49(4)) and for
//! legal claims (Art. 49(1)(e)). It offers neither DPF nor standard
//! contractual clauses, and never Art. 48: a foreign judgment or an
//! authority's decision grounds no transfer by itself.
//!
//! ## Example
//! ```ropa
//! processor google "Google LLC" { country US  dpa "Google Ads Data Processing Terms" }
//! dataset web_stats { recipients google }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor google "Google LLC" {
//!   country US
//!   dpa "Google Ads Data Processing Terms"
//!   transfer dpf "DPF certification, checked 2026-01"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 44–46; Decision (EU) 2023/1795; IMY DI-2020-11373 (Tele2)
//! - CJEU C-101/01 *Lindqvist*, paras 56–71 (publication is not a transfer)
//! - GDPR Art. 46(2)(a), 46(3)(b), 48, 49(1)(d)–(e), 49(4) (recipients that
//!   are public authorities)

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use super::{countries_words, distinct_recipients, third_country_codes};
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T001",
    name: "transfer-without-safeguard",
    severity: Severity::Error,
    article: "Art. 44-46",
    summary: "a recipient outside the EEA with no `transfer` mechanism",
    heading: (
        "a recipient outside the EEA with no transfer safeguard recorded",
        "en mottagare utanför EES utan angiven skyddsåtgärd för överföringen",
    ),
    doc: crate::rules::docs::T001,
    origin: Origin::Builtin,
};

/// The help for a recipient that is a public authority: the tools made
/// for authorities, or the public-interest and legal-claims derogations;
/// not DPF or standard clauses, which are for organisations, and never
/// Art. 48, which grounds no transfer.
const AUTHORITY_HELP_EN: &str = "the recipient is a public authority: the transfer needs a legally binding and enforceable instrument between public authorities (Art. 46(2)(a)) or an administrative arrangement authorised by the supervisory authority (Art. 46(3)(b)) (no `transfer` mechanism names these yet: record the instrument in a suppression with it as the reason); or, for an occasional transfer, the derogation for important reasons of public interest recognised in Union or Member State law (`transfer public_interest \"<law>\"`, Art. 49(1)(d), 49(4)) or for legal claims (`transfer legal_claims`, Art. 49(1)(e))";

/// [`AUTHORITY_HELP_EN`] in Swedish.
const AUTHORITY_HELP_SV: &str = "mottagaren är en myndighet: överföringen kräver ett rättsligt bindande och verkställbart instrument mellan offentliga myndigheter (artikel 46.2 a) eller ett administrativt arrangemang som tillsynsmyndigheten har godkänt (artikel 46.3 b) (ingen mekanism i `transfer` anger dessa ännu: ange instrumentet i en undertryckning med det som skäl); eller, för en enstaka överföring, undantaget för viktiga skäl av allmänt intresse som erkänns i unionsrätten eller i nationell rätt (`transfer public_interest \"<lag>\"`, artikel 49.1 d och 49.4) eller för rättsliga anspråk (`transfer legal_claims`, artikel 49.1 e)";

/// A transfer to a third country whose record states no safeguard.
#[derive(Debug, Serialize)]
struct Unsafeguarded {
    dataset: CompactString,
    party: CompactString,
    countries: Vec<String>,
    /// Whether the recipient is a public authority.
    authority: bool,
}

impl Violation for Unsafeguarded {
    fn message(&self, w: &Words) -> String {
        let (id, to) = (w.id(&self.dataset), w.id(&self.party));
        let countries = countries_words(w, &self.countries);
        w.say(
            || format!("the record states no transfer safeguard (Chapter V) for the personal data of {id} sent to {to} ({countries})"),
            || format!("registerförteckningen anger ingen lämplig skyddsåtgärd (kapitel V) för personuppgifterna i {id} som överförs till {to} ({countries})"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let us = self.countries.iter().any(|c| c == "US");
        Text::Borrowed(if w.is_legal() {
            match (self.authority, us) {
                (true, _) => w.of(
                    "the recipient is a public authority: record the legally binding instrument between public authorities (Art. 46(2)(a)) or the authorised administrative arrangement (Art. 46(3)(b)), or, for an occasional transfer, the derogation it rests on (Art. 49(1)(d) or (e))",
                    "mottagaren är en myndighet: ange det rättsligt bindande instrumentet mellan offentliga myndigheter (artikel 46.2 a) eller det godkända administrativa arrangemanget (artikel 46.3 b), eller, för en enstaka överföring, det undantag den grundas på (artikel 49.1 d eller e)",
                ),
                (false, true) => w.of(
                    "record the recipient's certification under the EU–US Data Privacy Framework, or the signed standard contractual clauses (Art. 46(2)(c)); without one the transfer may not take place",
                    "ange mottagarens certifiering enligt EU–US Data Privacy Framework (DPF), eller de undertecknade standardavtalsklausulerna (artikel 46.2 c); utan en sådan får överföringen inte ske",
                ),
                (false, false) => w.of(
                    "record the safeguard the transfer rests on: signed standard contractual clauses (Art. 46(2)(c)), binding corporate rules (Art. 47) or another Chapter V mechanism; without one the transfer may not take place",
                    "ange den skyddsåtgärd som överföringen grundas på: undertecknade standardavtalsklausuler (artikel 46.2 c), bindande företagsbestämmelser (artikel 47) eller en annan lämplig skyddsåtgärd enligt kapitel V; utan en sådan får överföringen inte ske",
                ),
            }
        } else {
            match (self.authority, us) {
                (true, _) => w.of(AUTHORITY_HELP_EN, AUTHORITY_HELP_SV),
                (false, true) => w.of(
                    "if the recipient is certified under the EU–US Data Privacy Framework, add `transfer dpf`; otherwise `transfer scc \"<signed SCC reference>\"`",
                    "om mottagaren är certifierad enligt EU–US Data Privacy Framework (DPF), lägg till `transfer dpf`; annars `transfer scc \"<hänvisning till undertecknade standardavtalsklausuler>\"`",
                ),
                (false, false) => w.of(
                    "add `transfer scc \"<signed SCC reference>\"` (or `bcr`, or another Chapter V mechanism) to the party",
                    "lägg till `transfer scc \"<hänvisning till undertecknade standardavtalsklausuler>\"` (eller `bcr`, eller en annan lämplig skyddsåtgärd enligt kapitel V) i parten",
                ),
            }
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        let countries = countries_words(w, &self.countries);
        Some(w.say(
            || format!("transfer to {countries}"),
            || format!("överföring till tredjeland: {countries}"),
        ))
    }
}

/// Every dataset–party pair that transfers without a mechanism.
pub fn check(cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if d.is_anonymous() {
        return;
    }
    for r in distinct_recipients(d) {
        let party = &cx.model.parties[r.party];
        if party.ast.transfer.is_some() || !cx.model.party_outside_eea(party, cx.data) {
            continue;
        }
        let what = Unsafeguarded {
            dataset: d.id().to_compact_string(),
            party: party.id().to_compact_string(),
            countries: third_country_codes(party, cx.data),
            authority: party.ast.public_authority.is_some(),
        };
        out.push(
            Finding::of(&RULE, r.span, what)
                .related(
                    party.ast.id.span,
                    said(
                        "party declared here, with no `transfer`",
                        "parten deklareras här, utan `transfer`",
                    ),
                )
                .dataset(d.id())
                .party(party.id()),
        );
    }
}
