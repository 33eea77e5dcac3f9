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

use serde::Serialize;

use super::distinct_recipients;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::Context;
use crate::syntax::ast::Length;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T004",
    name: "derogation-for-systematic-transfer",
    severity: Severity::Warning,
    article: "Art. 49",
    summary: "an Art. 49 derogation for a large-scale or long-kept dataset",
    heading: (
        "an Art. 49 derogation for a large-scale or long-kept dataset",
        "ett undantag enligt artikel 49 för en omfattande eller länge sparad datamängd",
    ),
    doc: crate::rules::docs::T004,
    origin: Origin::Builtin,
};

/// A transfer the record rests on an Art. 49 derogation, for a dataset it
/// records as large-scale or long-kept.
#[derive(Debug, Serialize)]
struct SystematicDerogation {
    dataset: String,
    party: String,
    /// The derogation.
    mechanism: String,
    /// Whether the dataset is recorded as large-scale (else: kept longer
    /// than the rule data's limit).
    large: bool,
    /// The limit a retention is measured against, in days
    /// (`derogation_max_retention` in rules/limits.yaml): rule data, not
    /// a fact of the record, so left out of the facts and the fingerprint.
    #[serde(skip)]
    limit_days: u64,
}

impl Violation for SystematicDerogation {
    fn message(&self, w: &Words) -> String {
        let (id, to) = (w.id(&self.dataset), w.id(&self.party));
        let name = derogation(w, &self.mechanism);
        let days = self.limit_days;
        let why = if self.large {
            w.of("is processed at large scale", "behandlas i stor omfattning").to_string()
        } else {
            w.say(
                || format!("is kept longer than {days} days"),
                || format!("sparas längre än {days} dagar"),
            )
        };
        w.say(
            || format!("the record states that {id} {why}, but rests its transfer to {to} on an Art. 49 derogation ({name})"),
            || format!("registerförteckningen anger att {id} {why}, men grundar överföringen till {to} på ett undantag enligt artikel 49 ({name})"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "the derogations are for occasional transfers (EDPB Guidelines 2/2018): record an appropriate safeguard under Art. 46 for this recipient, such as signed standard contractual clauses or binding corporate rules",
                "undantagen är avsedda för tillfälliga överföringar (Europeiska dataskyddsstyrelsens riktlinjer 2/2018): ange en lämplig skyddsåtgärd enligt artikel 46 för denna mottagare, till exempel undertecknade standardavtalsklausuler eller bindande företagsbestämmelser",
            )
        } else {
            w.of(
                "use an Art. 46 safeguard for this party: `transfer scc \"<reference>\"` or `transfer bcr \"...\"`",
                "använd en lämplig skyddsåtgärd enligt artikel 46 för denna part: `transfer scc \"<hänvisning>\"` eller `transfer bcr \"...\"`",
            )
        })
    }
}

/// A derogation's name: the code for developers; in the record its name
/// without the "(derogation)" the glossary adds, which the sentence says.
fn derogation(w: &Words, mechanism: &str) -> String {
    let name = w.value(Vocab::Mechanism, mechanism).to_string();
    if !w.is_legal() {
        return name;
    }
    name.strip_suffix(" (derogation)")
        .or_else(|| name.strip_suffix(" (undantag)"))
        .unwrap_or(&name)
        .to_string()
}

/// Every recipient relying on a derogation for systematic transfers.
pub fn check(cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    let limit = cx.data.derogation_max_retention;
    if d.is_anonymous() {
        return;
    }
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
        return;
    }
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
        let what = SystematicDerogation {
            dataset: d.id().to_string(),
            party: party.id().to_string(),
            mechanism: m.name.to_string(),
            large,
            limit_days: match limit {
                Length::Twelfths(t) => t / 12,
                Length::Transient => 0,
            },
        };
        out.push(
            Finding::of(&RULE, r.span, what)
                .label(said(
                    "systematic transfer on a derogation",
                    "systematisk överföring på ett undantag",
                ))
                .related(
                    m.span,
                    said("derogation declared here", "undantaget deklareras här"),
                )
                .dataset(d.id())
                .party(party.id()),
        );
    }
}
