//! ## What it does
//! Reports a dataset with two or more controllers (joint controllers) and
//! no `arrangement`.
//!
//! ## Why is this bad?
//! Joint controllers must determine their respective responsibilities in an
//! arrangement whose essence is made available to the data subjects
//! (Art. 26). Without it, nobody knows who answers a data subject's request.
//!
//! ## Example
//! ```ropa
//! dataset shared_matching { controller af, kommun }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset shared_matching {
//!   controller af, kommun
//!   arrangement "Överenskommelse om gemensamt ansvar 2025-09"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 26

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P002",
    name: "joint-controllers-without-arrangement",
    severity: Severity::Error,
    article: "Art. 26",
    summary: "joint controllers with no `arrangement`",
    doc: crate::rules::docs::P002,
    origin: Origin::Builtin,
};

/// Every dataset with joint controllers and no arrangement.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        let Some(controllers) = &d.ast.controllers else {
            continue;
        };
        if controllers.value.len() < 2 || d.ast.arrangement.is_some() {
            continue;
        }
        let Some(first) = controllers.value.first() else {
            continue;
        };
        let names: Vec<String> = controllers
            .value
            .iter()
            .map(|c| format!("`{}`", c.name))
            .collect();
        out.push(
            Finding::new(
                &RULE,
                first.span,
                cx.lang.say(
                    || format!(
                        "`{}` has joint controllers ({}) but no arrangement",
                        d.id(),
                        names.join(", ")
                    ),
                    || format!(
                        "`{}` har gemensamt personuppgiftsansvariga ({}) men inget arrangemang",
                        d.id(),
                        names.join(", ")
                    ),
                ),
            )
            .label(said("joint controllers", "gemensamt personuppgiftsansvariga"))
            .help(cx.lang.of(
                "add `arrangement \"<reference to the Art. 26 arrangement>\"` to the dataset",
                "lägg till `arrangement \"<hänvisning till arrangemanget enligt art. 26>\"` i datamängden",
            ))
            .dataset(d.id()),
        );
    }
    out
}
