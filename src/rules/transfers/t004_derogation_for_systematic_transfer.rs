//! ## What it does
//! Reports an Art. 49 derogation (`explicit_consent`, `contract_necessity`,
//! `public_interest`, `legal_claims`, `vital_interests`, `public_register`)
//! used for a recipient outside the EEA of a dataset that is processed at
//! `scale large` or kept longer than 30 days (the dataset's `retention`, or
//! a purpose's own). `world` is publication, not a transfer, and is never
//! reported; nor are anonymous datasets.
//!
//! ## Why is this bad?
//! Derogations are exceptions for occasional, non-repetitive transfers
//! (EDPB Guidelines 2/2018). Large-scale or long-running transfers are
//! systematic and need an Art. 46 safeguard such as the standard
//! contractual clauses.
//!
//! ## Example
//! ```ropa
//! processor crm "CRM Inc" { country US  dpa "DPA-1"  transfer contract_necessity }
//! dataset customers { scale large  recipients crm  retention 5 years }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor crm "CRM Inc" { country US  dpa "DPA-1"  transfer scc "SCC 2021/914 module 2" }
//! ```
//!
//! ## References
//! - GDPR Art. 49; EDPB Guidelines 2/2018 on derogations

use super::distinct_recipients;
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::rules::Context;
use crate::syntax::ast::Length;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T004",
    name: "derogation-for-systematic-transfer",
    severity: Severity::Warning,
    article: "Art. 49",
    summary: "an Art. 49 derogation for a large-scale or long-kept dataset",
    doc: crate::rules::docs::T004,
    origin: Origin::Builtin,
};

/// Every recipient relying on a derogation for systematic transfers.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let limit = cx.data.derogation_max_retention;
    for d in cx.model.datasets.iter().filter(|d| !d.is_anonymous()) {
        let large = d.ast.scale.as_ref().is_some_and(|s| s.value.is_large());
        // The dataset's retention, or any purpose's own (language v2).
        let purposes = d.ast.purposes.iter().filter_map(|p| p.retention.as_deref());
        let long = d
            .ast
            .retention
            .iter()
            .chain(purposes)
            .filter_map(|r| r.value.length())
            .any(|l: Length| l > limit);
        if !large && !long {
            continue;
        }
        let why = match (cx.lang, large) {
            (Lang::En, true) => "is processed at large scale",
            (Lang::En, false) => "is kept longer than 30 days",
            (Lang::Sv, true) => "behandlas i stor omfattning",
            (Lang::Sv, false) => "sparas längre än 30 dagar",
        };
        for r in distinct_recipients(d) {
            let party = &cx.model.parties[r.party];
            let Some(t) = &party.ast.transfer else {
                continue;
            };
            let m = &t.value.mechanism;
            let derogation = cx
                .data
                .mechanisms
                .get(m.name.as_str())
                .is_some_and(|e| e.derogation);
            if !derogation || !cx.model.party_outside_eea(party, cx.data) {
                continue;
            }
            let (id, to, name) = (d.id(), party.id(), &m.name);
            let message = cx.lang.say(
                || format!("`{id}` {why}, but its transfer to `{to}` relies on the derogation `{name}`"),
                || format!("`{id}` {why}, men överföringen till `{to}` grundas på undantaget `{name}`"),
            );
            out.push(
                Finding::new(&RULE, r.span, message)
                .label(said("systematic transfer on a derogation", "systematisk överföring på ett undantag"))
                .related(m.span, said("derogation declared here", "undantaget deklareras här"))
                .help(cx.lang.of(
                    "use an Art. 46 safeguard for this party: `transfer scc \"<reference>\"` or `transfer bcr \"...\"`",
                    "använd en lämplig skyddsåtgärd enligt art. 46 för denna part: `transfer scc \"<hänvisning>\"` eller `transfer bcr \"...\"`",
                ))
                .dataset(d.id())
                .party(party.id()),
            );
        }
    }
    out
}
