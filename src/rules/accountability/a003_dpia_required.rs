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

use crate::data::RuleData;
use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A003",
    name: "dpia-required",
    severity: Severity::Warning,
    article: "Art. 35",
    summary: "two or more high-risk criteria and no `dpia`",
    doc: crate::rules::docs::A003,
    origin: Origin::Builtin,
};

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
        // Each criterion in English and Swedish.
        let mut criteria: Vec<(&str, &str)> = Vec::new();
        let purposes = &d.ast.purposes;
        let profiling = purposes.iter().any(|p| {
            p.profiling.is_some()
                || p.automated_decisions.is_some()
                || purpose_kind(p, cx.data) == "profiling"
        });
        if profiling {
            criteria.push((
                "evaluation: profiling or automated decisions",
                "utvärdering: profilering eller automatiserade beslut",
            ));
        } else if cx.graph.holds_any(i, &tests) {
            criteria.push(("evaluation: test results", "utvärdering: testresultat"));
        }
        if cx.graph.holds_any(i, &sensitive) {
            criteria.push(("special-category or criminal-offence data", "särskilda kategorier av personuppgifter eller personuppgifter som rör lagöverträdelser"));
        }
        if d.ast.scale.as_ref().is_some_and(|s| s.value.is_large()) {
            criteria.push(("large scale", "behandling i stor omfattning"));
        }
        let vulnerable = d.ast.subjects.iter().flat_map(|s| s.value.iter());
        if vulnerable
            .into_iter()
            .any(|s| cx.data.vulnerable_subjects.contains(s.name.as_str()))
        {
            criteria.push(("vulnerable data subjects", "sårbara registrerade"));
        }
        let monitoring = d.ast.cookies.is_some()
            && purposes.iter().any(|p| {
                !cx.data
                    .strictly_necessary
                    .contains(purpose_kind(p, cx.data))
            });
        if monitoring {
            criteria.push((
                "systematic monitoring (cookies)",
                "systematisk övervakning (kakor)",
            ));
        }
        if sources_in[i] >= 2 {
            criteria.push(("combined sources", "sammanförda källor"));
        }
        if criteria.len() < 2 {
            continue;
        }
        let (id, n) = (d.id(), criteria.len());
        let listed: Vec<&str> = criteria
            .iter()
            .map(|c| cx.lang.say(|| c.0, || c.1))
            .collect();
        let listed = listed.join("; ");
        let message = cx.lang.say(
            || format!("`{id}` meets {n} DPIA criteria ({listed}) but has no `dpia`"),
            || format!("`{id}` uppfyller {n} kriterier för konsekvensbedömning ({listed}) men saknar `dpia`"),
        );
        out.push(
            Finding::new(&RULE, d.ast.id.span, message)
            .label(said("likely high risk (Art. 35)", "sannolikt hög risk (art. 35)"))
            .help(cx.lang.of(
                "carry out an impact assessment and reference it: `dpia \"<DPIA reference>\"`",
                "gör en konsekvensbedömning avseende dataskydd och hänvisa till den: `dpia \"<hänvisning till konsekvensbedömningen>\"`",
            ))
            .dataset(d.id()),
        );
    }
    out
}
