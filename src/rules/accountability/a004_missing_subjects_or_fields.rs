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

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

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
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.is_anonymous() {
            continue;
        }
        let no_subjects = d.ast.subjects.is_none();
        let no_fields = cx.graph.effective_fields(cx.model, i).is_empty();
        let missing = match (no_subjects, no_fields) {
            (true, true) => "no `subjects` and no fields",
            (true, false) => "no `subjects`",
            (false, true) => "no fields",
            (false, false) => continue,
        };
        out.push(
            Finding::new(&RULE, d.ast.id.span, format!("`{}` has {missing}", d.id()))
                .label(missing)
                .help("describe whose data it is and what: `subjects job_seeker` and `fields { name: identity.name ... }`")
                .dataset(d.id()),
        );
    }
    out
}
