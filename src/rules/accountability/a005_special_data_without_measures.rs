//! ## What it does
//! Reports special-category or criminal-offence data (declared or flowing
//! in) in a dataset whose `measures` include neither `encryption` nor
//! `pseudonymisation`. One finding per such field. Anonymous datasets are
//! skipped (a dataset declared `anonymous` with such a field is A007's).
//!
//! ## Why is this bad?
//! Security must match the risk (Art. 32(1)); for the most sensitive data
//! the regulation names encryption and pseudonymisation first. A breach of
//! unencrypted health data is a high-risk breach that must be notified to
//! every person concerned (Art. 34).
//!
//! ## Example
//! ```ropa
//! dataset rehab { fields { diagnosis: special.health }  measures access_control }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset rehab { fields { diagnosis: special.health }  measures access_control, encryption }
//! ```
//!
//! ## References
//! - GDPR Art. 32(1)(a), Art. 34

use crate::data::RuleData;
use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::special::{fields_where, with_origin, Wanted};
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A005",
    name: "special-data-without-measures",
    severity: Severity::Warning,
    article: "Art. 32",
    summary: "special or criminal data without `encryption` or `pseudonymisation`",
    doc: crate::rules::docs::A005,
    origin: Origin::Builtin,
};

/// Every special or criminal field of a dataset without strong measures.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let sensitive = Wanted::new(cx, |c: &str| {
        RuleData::is_special(c) || RuleData::is_criminal(c)
    });
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.is_anonymous() || !sensitive.held_by(cx, i) {
            continue;
        }
        let protected = d
            .ast
            .measures
            .iter()
            .flat_map(|m| m.value.iter())
            .any(|m| m.name == "encryption" || m.name == "pseudonymisation");
        if protected {
            continue;
        }
        for hit in fields_where(cx, i, &sensitive) {
            let (name, category, via, id) = (&hit.field.name.name, hit.category, &hit.via, d.id());
            let message = cx.lang.say(
                || format!("`{name}` ({category}){via} is held in `{id}` without encryption or pseudonymisation"),
                || format!("`{name}` ({category}){via} finns i `{id}` utan kryptering eller pseudonymisering"),
            );
            let f = Finding::new(&RULE, hit.span, message)
            .label(said("sensitive data, no strong measures", "känsliga uppgifter utan starka skyddsåtgärder"))
            .help(cx.lang.of(
                "add `measures encryption` (or `pseudonymisation`) to the dataset, with what else applies",
                "lägg till `measures encryption` (eller `pseudonymisation`) i datamängden, med övriga åtgärder som gäller",
            ))
            .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}
