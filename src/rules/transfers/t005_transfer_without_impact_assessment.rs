//! ## What it does
//! Reports a party that receives personal data in the model (a dataset's
//! recipient, a flow's target, or a processor reached through
//! `subprocessors`), processes in a country outside the EEA with no
//! adequacy decision (`third` included; a `US` party with `transfer dpf`
//! is adequate), and relies on an Art. 46 tool — `scc`, `bcr`,
//! `code_of_conduct`, `certification` or `ad_hoc_clauses` — with no
//! `tia "reference"` to the transfer impact assessment. Once per party, on
//! its `transfer`. A party that receives nothing, or only anonymised data,
//! is not reported.
//!
//! ## Why is this bad?
//! An Art. 46 tool binds the importer by contract, not the authorities of
//! its country. Before relying on it, the exporter must assess whether the
//! law and practice of the destination let the importer keep its promises,
//! and add supplementary measures where they do not (CJEU C-311/18
//! *Schrems II*; EDPB Recommendations 01/2020 on
//! supplementary measures). The record should name that assessment, as it
//! names the clauses.
//!
//! ## Example
//! ```ropa
//! processor infra "Infra Pvt Ltd" {
//!   country IN
//!   dpa "DPA-3"
//!   transfer scc "SCC 2021/914 module 2"
//! }
//! dataset tickets { recipients infra  ... }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor infra "Infra Pvt Ltd" {
//!   country IN
//!   dpa "DPA-3"
//!   transfer scc "SCC 2021/914 module 2" tia "TIA-2025-04, encryption at rest"
//! }
//! dataset tickets { recipients infra  ... }
//! ```
//!
//! ## References
//! - GDPR Art. 44, 46; CJEU C-311/18 *Data Protection Commissioner v
//!   Facebook Ireland and Maximillian Schrems* (*Schrems II*); EDPB
//!   Recommendations 01/2020 on measures that supplement transfer tools

use serde::Serialize;

use super::countries_words;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::rules::grounds::receivers;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T005",
    name: "transfer-without-impact-assessment",
    severity: Severity::Warning,
    article: "Art. 46",
    summary: "an Art. 46 transfer tool with no transfer impact assessment (`tia`)",
    heading: (
        "an Art. 46 transfer tool with no transfer impact assessment recorded",
        "ett överföringsverktyg enligt artikel 46 utan angiven konsekvensbedömning av överföringen (TIA)",
    ),
    doc: crate::rules::docs::T005,
    origin: Origin::Builtin,
};

/// The transfer tools that bind the importer by contract or undertaking,
/// not its country's authorities (Art. 46, and binding corporate rules,
/// Art. 47, approved under it).
const ART_46_TOOLS: &[&str] = &[
    "scc",
    "bcr",
    "code_of_conduct",
    "certification",
    "ad_hoc_clauses",
];

/// A transfer on an Art. 46 tool for which the record names no transfer
/// impact assessment.
#[derive(Debug, Serialize)]
struct NoAssessment {
    party: String,
    /// The party's countries outside the EEA.
    countries: Vec<String>,
    /// The transfer tool.
    mechanism: String,
}

impl Violation for NoAssessment {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.party);
        let countries = countries_words(w, &self.countries);
        let m = w.value(Vocab::Mechanism, &self.mechanism);
        w.say(
            || format!("no transfer impact assessment is recorded for the transfer to {id} ({countries}) under {m}"),
            || format!("registerförteckningen anger ingen konsekvensbedömning av överföringen (TIA) till {id} ({countries}) enligt {m}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let us = self.countries.iter().any(|c| c == "US");
        let (help, dpf) = if w.is_legal() {
            (
                w.of(
                    "assess the law and practice of the destination before relying on the tool, and record that assessment with any supplementary measures it calls for (CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020)",
                    "bedöm lagstiftning och praxis i mottagarlandet innan verktyget används, och ange bedömningen med de kompletterande åtgärder den kräver (EU-domstolens dom i mål C-311/18, Schrems II; Europeiska dataskyddsstyrelsens rekommendationer 01/2020)",
                ),
                w.of(
                    "; if the recipient is certified under the EU–US Data Privacy Framework, the transfer rests on the adequacy decision (Decision (EU) 2023/1795) and needs no such assessment",
                    "; om mottagaren är certifierad enligt EU–US Data Privacy Framework (DPF) grundas överföringen på beslutet om adekvat skyddsnivå (beslut (EU) 2023/1795), och då behövs ingen sådan bedömning",
                ),
            )
        } else {
            (
                w.of(
                    "assess the law and practice of the destination before relying on the tool, and record it: `tia \"<reference to the transfer impact assessment>\"` after the `transfer` reference (CJEU C-311/18 Schrems II; EDPB Recommendations 01/2020)",
                    "bedöm lagstiftning och praxis i mottagarlandet innan verktyget används, och ange bedömningen: `tia \"<hänvisning till konsekvensbedömningen av överföringen>\"` efter hänvisningen i `transfer` (EU-domstolens dom C-311/18 Schrems II; EDPB:s rekommendationer 01/2020)",
                ),
                w.of(
                    "; if the recipient is certified under the EU–US Data Privacy Framework, `transfer dpf` makes the transfer adequate (Decision (EU) 2023/1795) and needs no assessment",
                    "; om mottagaren är certifierad enligt EU–US Data Privacy Framework (DPF) gör `transfer dpf` överföringen adekvat (beslut (EU) 2023/1795) och då behövs ingen sådan bedömning",
                ),
            )
        };
        if us {
            Text::Owned(format!("{help}{dpf}"))
        } else {
            Text::Borrowed(help)
        }
    }
}

/// Every receiving party outside the EEA whose Art. 46 tool has no `tia`.
pub fn check(cx: &Context) -> Vec<Finding> {
    let receives = receivers(cx);
    let mut out = Vec::new();
    for (i, p) in cx.model.parties.iter().enumerate() {
        let Some(transfer) = &p.ast.transfer else {
            continue;
        };
        let mechanism = transfer.value.mechanism.name.as_str();
        if !ART_46_TOOLS.contains(&mechanism)
            || transfer.value.tia.is_some()
            || !receives.get(i).is_some_and(|r| r.any())
            || !p.outside_eea(cx.data)
        {
            continue;
        }
        let countries: Vec<String> = p
            .places(cx.data)
            .filter(|(_, place)| *place == crate::data::Place::Outside)
            .map(|(c, _)| c.name.to_string())
            .collect();
        let what = NoAssessment {
            party: p.id().to_string(),
            countries,
            mechanism: mechanism.to_string(),
        };
        out.push(
            Finding::of(&RULE, transfer.keyword, what)
                .label(said("no `tia`", "ingen `tia`"))
                .party(p.id()),
        );
    }
    out
}
