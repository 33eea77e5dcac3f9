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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P002",
    name: "joint-controllers-without-arrangement",
    severity: Severity::Error,
    article: "Art. 26",
    summary: "joint controllers with no `arrangement`",
    heading: (
        "joint controllers with no arrangement recorded",
        "gemensamt personuppgiftsansvariga utan angivet arrangemang enligt artikel 26",
    ),
    doc: crate::rules::docs::P002,
    origin: Origin::Builtin,
};

/// Joint controllers whose record states no arrangement between them.
#[derive(Debug, Serialize)]
struct NoArrangement {
    dataset: String,
    /// The controllers, as the dataset names them.
    controllers: Vec<String>,
}

impl Violation for NoArrangement {
    fn message(&self, w: &Words) -> String {
        let d = w.id(&self.dataset);
        let names = w.list(&self.controllers, |c| w.id(c).to_string());
        w.say(
            || format!("the record states joint controllers of {d} ({names}) but no arrangement between them (Art. 26)"),
            || format!("registerförteckningen anger gemensamt personuppgiftsansvariga för {d} ({names}) men inget inbördes arrangemang (artikel 26)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the arrangement in which the joint controllers determine their respective responsibilities, in particular for the data subjects' rights and the information given to them, and whose essence is made available to the data subjects (Art. 26)",
                "ange det inbördes arrangemang där de gemensamt personuppgiftsansvariga fastställer sitt respektive ansvar, särskilt för de registrerades rättigheter och den information de ska få, och vars väsentliga innehåll görs tillgängligt för de registrerade (artikel 26)",
            )
        } else {
            w.of(
                "add `arrangement \"<reference to the Art. 26 arrangement>\"` to the dataset",
                "lägg till `arrangement \"<hänvisning till arrangemanget enligt artikel 26>\"` i datamängden",
            )
        })
    }
}

/// Every dataset with joint controllers and no arrangement.
pub fn check(_cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    let Some(controllers) = &d.ast.controllers else {
        return;
    };
    if controllers.value.len() < 2 || d.ast.arrangement.is_some() {
        return;
    }
    let Some(first) = controllers.value.first() else {
        return;
    };
    let what = NoArrangement {
        dataset: d.id().to_string(),
        controllers: controllers
            .value
            .iter()
            .map(|c| c.name.to_string())
            .collect(),
    };
    out.push(
        Finding::of(&RULE, first.span, what)
            .label(said("joint controllers", "gemensamt personuppgiftsansvariga"))
            .dataset(d.id()),
    );
}
