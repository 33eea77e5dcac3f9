//! ## What it does
//! Reports a dataset with no `retention`, unless every one of its purposes
//! has a `retention` of its own. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Personal data may be kept no longer than the purposes need (Art.
//! 5(1)(e)), and the record must state the time limits for erasure where
//! possible (Art. 30(1)(f)). Data subjects must be told too (Art. 13(2)(a)).
//!
//! ## Example
//! ```ropa
//! dataset call_log { fields { phone: contact.phone } }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset call_log {
//!   fields { phone: contact.phone }
//!   retention 15 months
//! }
//! ```
//!
//! or a retention in each purpose:
//! ```ropa
//! dataset candidates {
//!   purpose recruitment { basis contract  retention 6 months after decision }
//!   purpose talent_pool { basis consent  retention 24 months }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e), 30(1)(f), 13(2)(a)

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R001",
    name: "missing-retention",
    severity: Severity::Error,
    article: "Art. 5(1)(e)",
    summary: "a dataset with no `retention`",
    heading: (
        "a dataset with no retention period recorded",
        "en datamängd utan angiven lagringstid",
    ),
    doc: crate::rules::docs::R001,
    origin: Origin::Builtin,
};

/// A dataset for which the record states no retention period, neither its
/// own nor (for some purposes) one of theirs.
#[derive(Debug, Serialize)]
struct NoRetention {
    dataset: CompactString,
    /// The purposes that state no retention of their own, when others do
    /// (empty when no purpose states one).
    purposes: Vec<CompactString>,
}

impl Violation for NoRetention {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.dataset);
        if self.purposes.is_empty() {
            return w.say(
                || format!("the record states no retention period for {id}"),
                || format!("registerförteckningen anger ingen lagringstid för {id}"),
            );
        }
        let names = w.list(&self.purposes, |n| w.id(n).to_string());
        let many = self.purposes.len() > 1;
        w.say(
            || {
                let purposes = if many { "purposes" } else { "purpose" };
                format!("the record states no retention period for {id}, nor for its {purposes} {names}")
            },
            || {
                let purposes = if many { "ändamålen" } else { "ändamålet" };
                format!("registerförteckningen anger ingen lagringstid för {id}, och inte heller för {purposes} {names}")
            },
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record how long the data is kept, as the envisaged time limit for erasure, for the dataset or for each of its purposes (Art. 5(1)(e), 30(1)(f)); where a law or an archiving rule sets the period, cite it",
                "ange hur länge uppgifterna sparas, som den planerade tidsfristen för radering, för datamängden eller för vart och ett av dess ändamål (artiklarna 5.1 e och 30.1 f); om en lag eller en gallringsregel bestämmer tiden, hänvisa till den",
            )
        } else {
            w.of(
                "add `retention <N> days|months|years [after <event>]`, or `retention by_law \"<archive rule>\"`, to the dataset or to each purpose",
                "lägg till `retention <N> days|months|years [after <händelse>]`, eller `retention by_law \"<gallringsregel>\"`, i datamängden eller i varje ändamål",
            )
        })
    }
}

/// Every dataset with a purpose that has no retention, its own or the
/// dataset's.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if d.ast.retention.is_some() || anonymous(cx, i) {
        return;
    }
    if d.every_purpose_has_retention() {
        return;
    }
    let lacking: Vec<CompactString> = d
        .ast
        .purposes
        .iter()
        .filter(|p| p.retention.is_none())
        .map(|p| p.id.name.clone())
        .collect();
    let own = d.ast.purposes.len() - lacking.len();
    let what = NoRetention {
        dataset: d.id().to_compact_string(),
        purposes: if own == 0 { Vec::new() } else { lacking },
    };
    out.push(
        Finding::of(&RULE, d.ast.id.span, what)
            .label(said("no `retention`", "ingen `retention`"))
            .dataset(d.id()),
    );
}
