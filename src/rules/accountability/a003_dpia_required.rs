//! ## What it does
//! Reports a dataset without `dpia` that meets two or more of the EDPB's
//! criteria for high-risk processing (WP248 rev.01):
//!
//! 1. evaluation or scoring: profiling or automated decisions
//!    (`profiling`, `automated_decisions`, or a purpose of kind
//!    `profiling`), or aptitude and personality tests (a field of category
//!    `professional.test_results` among the effective fields);
//! 2. sensitive data: special categories or criminal-offence data among
//!    the effective fields (a national identity number alone is not one:
//!    WP248's criterion 4 is Art. 9 and 10 data and data of a highly
//!    personal nature);
//! 3. large scale (`scale large`, or 100 000 subjects or more);
//! 4. vulnerable data subjects (`child`, `employee`, `job_seeker`,
//!    `applicant`, `patient`: the rule data's list);
//! 5. systematic monitoring (`cookies` with a purpose that is not strictly
//!    necessary);
//! 6. combined sources (personal data flowing in from two or more datasets).
//!
//! The message lists the criteria met. Anonymous datasets are skipped.
//!
//! ## Why is this bad?
//! Processing likely to result in a high risk requires a data protection
//! impact assessment before it starts (Art. 35(1)); the EDPB considers two
//! criteria enough in most cases.
//!
//! ## Example
//! ```ropa
//! dataset matching {
//!   subjects job_seeker
//!   purpose matching { basis public_task "Förordning (2022:811)"  profiling }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset matching {
//!   subjects job_seeker
//!   purpose matching { basis public_task "Förordning (2022:811)"  profiling }
//!   dpia "DPIA-2025-04 Matchning"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 35(1), 35(3); WP248 rev.01; IMY's list of processing requiring a DPIA

use serde::Serialize;

use crate::data::RuleData;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::purpose_kind;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A003",
    name: "dpia-required",
    severity: Severity::Warning,
    article: "Art. 35",
    summary: "two or more high-risk criteria and no `dpia`",
    heading: (
        "two or more high-risk criteria with no impact assessment recorded",
        "två eller fler kriterier för hög risk utan angiven konsekvensbedömning",
    ),
    doc: crate::rules::docs::A003,
    origin: Origin::Builtin,
};

/// One of the EDPB's criteria for high-risk processing (WP248 rev.01).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum Criterion {
    /// Profiling or automated decisions.
    Profiling,
    /// Aptitude and personality tests.
    TestResults,
    /// Special-category or criminal-offence data.
    SensitiveData,
    /// Large scale.
    LargeScale,
    /// Vulnerable data subjects.
    VulnerableSubjects,
    /// Systematic monitoring (cookies with a purpose not strictly necessary).
    Monitoring,
    /// Personal data combined from two or more datasets.
    CombinedSources,
}

impl Criterion {
    fn words(self, w: &Words) -> &'static str {
        match self {
            Criterion::Profiling => w.of(
                "evaluation: profiling or automated decisions",
                "utvärdering: profilering eller automatiserade beslut",
            ),
            Criterion::TestResults => w.of("evaluation: test results", "utvärdering: testresultat"),
            Criterion::SensitiveData => w.of(
                "special-category or criminal-offence data",
                "särskilda kategorier av personuppgifter eller personuppgifter som rör lagöverträdelser",
            ),
            Criterion::LargeScale => w.of("large scale", "behandling i stor omfattning"),
            Criterion::VulnerableSubjects => {
                w.of("vulnerable data subjects", "sårbara registrerade")
            }
            Criterion::Monitoring => w.of(
                "systematic monitoring (cookies)",
                "systematisk övervakning (kakor)",
            ),
            Criterion::CombinedSources => w.of("combined sources", "sammanförda källor"),
        }
    }
}

/// A dataset meeting two or more criteria whose record references no DPIA.
#[derive(Debug, Serialize)]
struct NoDpia {
    dataset: String,
    criteria: Vec<Criterion>,
}

impl Violation for NoDpia {
    fn message(&self, w: &Words) -> String {
        let (id, n) = (w.id(&self.dataset), self.criteria.len());
        let listed: Vec<&str> = self.criteria.iter().map(|c| c.words(w)).collect();
        let listed = listed.join("; ");
        w.say(
            || format!("the record shows {n} of the EDPB's criteria for a data protection impact assessment for {id} ({listed}) and references no assessment"),
            || format!("registerförteckningen visar {n} av EDPB:s kriterier för konsekvensbedömning avseende dataskydd för {id} ({listed}) och hänvisar inte till någon konsekvensbedömning"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "carry out a data protection impact assessment and record a reference to it (Art. 35(1)); if the processing is nonetheless not likely to result in a high risk, record why (WP248 rev.01)",
                "gör en konsekvensbedömning avseende dataskydd och ange en hänvisning till den (artikel 35.1); om behandlingen ändå inte sannolikt leder till en hög risk, dokumentera skälen till det (riktlinjerna WP248 rev.01)",
            )
        } else {
            w.of(
                "carry out an impact assessment and reference it: `dpia \"<DPIA reference>\"`",
                "gör en konsekvensbedömning avseende dataskydd och hänvisa till den: `dpia \"<hänvisning till konsekvensbedömningen>\"`",
            )
        })
    }
}

/// Every dataset meeting two or more criteria without a DPIA.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let sources_in = cx.graph.incoming_sources(cx.model);
    let sensitive = cx
        .graph
        .category_mask(|c| RuleData::is_special(c) || RuleData::is_criminal(c));
    let tests = cx.graph.category_mask(|c| c == "professional.test_results");
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.ast.dpia.is_some() || d.is_anonymous() {
            continue;
        }
        let mut criteria: Vec<Criterion> = Vec::new();
        let purposes = &d.ast.purposes;
        let profiling = purposes.iter().any(|p| {
            p.profiling.is_some()
                || p.automated_decisions.is_some()
                || purpose_kind(p, cx.data) == "profiling"
        });
        if profiling {
            criteria.push(Criterion::Profiling);
        } else if cx.graph.holds_any(i, &tests) {
            criteria.push(Criterion::TestResults);
        }
        if cx.graph.holds_any(i, &sensitive) {
            criteria.push(Criterion::SensitiveData);
        }
        if d.ast.scale.as_ref().is_some_and(|s| s.value.is_large()) {
            criteria.push(Criterion::LargeScale);
        }
        let vulnerable = d.ast.subjects.iter().flat_map(|s| s.value.iter());
        if vulnerable
            .into_iter()
            .any(|s| cx.data.vulnerable_subjects.contains(s.name.as_str()))
        {
            criteria.push(Criterion::VulnerableSubjects);
        }
        let monitoring = d.ast.cookies.is_some()
            && purposes.iter().any(|p| {
                !cx.data
                    .strictly_necessary
                    .contains(purpose_kind(p, cx.data))
            });
        if monitoring {
            criteria.push(Criterion::Monitoring);
        }
        if sources_in[i] >= 2 {
            criteria.push(Criterion::CombinedSources);
        }
        if criteria.len() < 2 {
            continue;
        }
        let what = NoDpia {
            dataset: d.id().to_string(),
            criteria,
        };
        out.push(
            Finding::of(&RULE, d.ast.id.span, what)
                .label(said(
                    "likely high risk (Art. 35)",
                    "sannolikt hög risk (art. 35)",
                ))
                .dataset(d.id()),
        );
    }
    out
}
