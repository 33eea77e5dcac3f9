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

use super::{distinct_recipients, third_countries};
use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T001",
    name: "transfer-without-safeguard",
    severity: Severity::Error,
    article: "Art. 44-46",
    summary: "a recipient outside the EEA with no `transfer` mechanism",
    doc: crate::rules::docs::T001,
    origin: Origin::Builtin,
};

/// Every dataset–party pair that transfers without a mechanism.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in cx.model.datasets.iter().filter(|d| !d.is_anonymous()) {
        for r in distinct_recipients(d) {
            let party = &cx.model.parties[r.party];
            if party.ast.transfer.is_some() || !cx.model.party_outside_eea(party, cx.data) {
                continue;
            }
            let countries = third_countries(party, cx.data, cx.lang);
            let us = party.countries().any(|c| c.name == "US");
            let help = match (cx.lang, us) {
                (Lang::En, true) => "if the recipient is certified under the EU–US Data Privacy Framework, add `transfer dpf`; otherwise `transfer scc \"<signed SCC reference>\"`",
                (Lang::En, false) => "add `transfer scc \"<signed SCC reference>\"` (or `bcr`, or another Chapter V mechanism) to the party",
                (Lang::Sv, true) => "om mottagaren är certifierad enligt dataskyddsramen EU–USA, lägg till `transfer dpf`; annars `transfer scc \"<hänvisning till undertecknade standardavtalsklausuler>\"`",
                (Lang::Sv, false) => "lägg till `transfer scc \"<hänvisning till undertecknade standardavtalsklausuler>\"` (eller `bcr`, eller en annan lämplig skyddsåtgärd enligt kapitel V) i parten",
            };
            let (id, to) = (d.id(), party.id());
            let (message, label) = cx.lang.say(
                || {
                    (
                        format!("`{id}` sends personal data to `{to}` ({countries}) without a transfer safeguard"),
                        format!("transfer to {countries}"),
                    )
                },
                || {
                    (
                        format!("`{id}` överför personuppgifter till `{to}` ({countries}) utan lämplig skyddsåtgärd"),
                        format!("överföring till tredjeland: {countries}"),
                    )
                },
            );
            out.push(
                Finding::new(&RULE, r.span, message)
                    .label(label)
                    .related(
                        party.ast.id.span,
                        cx.lang.of(
                            "party declared here, with no `transfer`",
                            "parten deklareras här, utan `transfer`",
                        ),
                    )
                    .help(help)
                    .dataset(d.id())
                    .party(party.id()),
            );
        }
    }
    out
}
