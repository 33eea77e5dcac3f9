//! ## What it does
//! Reports a dataset with no `subjects`, or with no fields (neither
//! declared nor flowing in). Anonymous datasets are skipped: they have no
//! data subjects and no personal data (Recital 26).
//!
//! ## Why is this bad?
//! The record must describe the categories of data subjects and of
//! personal data (Art. 30(1)(c)). Without them no rule can tell whether the
//! dataset holds special data or concerns vulnerable people.
//!
//! ## Example
//! ```ropa
//! dataset contacts { purpose customer_service { basis contract }  retention 1 year }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset contacts {
//!   subjects customer
//!   fields { name: identity.name  email: contact.email }
//!   purpose customer_service { basis contract }
//!   retention 1 year
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(c)

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A004",
    name: "missing-subjects-or-fields",
    severity: Severity::Warning,
    article: "Art. 30(1)(c)",
    summary: "a dataset with no `subjects` or no fields",
    doc: crate::rules::docs::A004,
    origin: Origin::Builtin,
};

/// Every dataset missing subjects or fields.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.is_anonymous() {
            continue;
        }
        let no_subjects = d.ast.subjects.is_none();
        let no_fields = cx.graph.each_effective_field(cx.model, i).next().is_none();
        let missing = match (cx.lang, no_subjects, no_fields) {
            (_, false, false) => continue,
            (Lang::En, true, true) => "no `subjects` and no fields",
            (Lang::En, true, false) => "no `subjects`",
            (Lang::En, false, true) => "no fields",
            (Lang::Sv, true, true) => "inga `subjects` och inga fält",
            (Lang::Sv, true, false) => "inga `subjects`",
            (Lang::Sv, false, true) => "inga fält",
        };
        let message = cx.lang.say(
            || format!("`{}` has {missing}", d.id()),
            || {
                format!(
                    "`{}` har {missing} (kategorier av registrerade och av personuppgifter)",
                    d.id()
                )
            },
        );
        out.push(
            Finding::new(&RULE, d.ast.id.span, message)
                .label(missing)
                .help(cx.lang.of(
                    "describe whose data it is and what: `subjects job_seeker` and `fields { name: identity.name ... }`",
                    "beskriv vilka de registrerade är och vilka uppgifterna är: `subjects job_seeker` och `fields { name: identity.name ... }`",
                ))
                .dataset(d.id()),
        );
    }
    out
}
