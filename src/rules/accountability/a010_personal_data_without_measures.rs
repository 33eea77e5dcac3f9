//! ## What it does
//! Reports a dataset that holds personal data (at least one field, its own
//! or one that arrives through flows) and records no `measures`. Anonymous
//! datasets are skipped. It is an `info`: the record may describe the
//! organisation's measures elsewhere, but the entry should then say so.
//!
//! ## Why is this bad?
//! The record of processing activities should hold, where possible, a
//! general description of the technical and organisational security
//! measures (Art. 30(1)(g), referring to Art. 32(1)). A dataset with none
//! recorded gives the reader nothing to weigh the risk against, and A005
//! and A008 cannot tell a protected dataset from an unprotected one.
//!
//! ## Example
//! ```ropa
//! dataset customers {
//!   fields { name: identity.name  email: contact.email }
//!   purpose service { basis contract }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset customers {
//!   fields { name: identity.name  email: contact.email }
//!   purpose service { basis contract }
//!   measures encryption, access_control, logging, backup
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(g), 32(1)

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A010",
    name: "personal-data-without-measures",
    severity: Severity::Info,
    article: "Art. 30(1)(g), 32",
    summary: "a dataset of personal data with no `measures`",
    heading: (
        "personal data with no security measures recorded",
        "personuppgifter utan angivna säkerhetsåtgärder",
    ),
    doc: crate::rules::docs::A010,
    origin: Origin::Builtin,
};

/// A dataset of personal data whose record states no security measures.
#[derive(Debug, Serialize)]
struct NoMeasures {
    dataset: CompactString,
}

impl Violation for NoMeasures {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.dataset);
        w.say(
            || format!("no security measures are recorded for {id}"),
            || format!("registerförteckningen anger inga säkerhetsåtgärder för {id}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        if w.is_legal() {
            return Text::Borrowed(w.of(
                "record a general description of the technical and organisational security measures that protect this data, such as access control, encryption and logging (Art. 30(1)(g), 32)",
                "ange en allmän beskrivning av de tekniska och organisatoriska säkerhetsåtgärder som skyddar uppgifterna, till exempel behörighetsstyrning, kryptering och loggning (artiklarna 30.1 g och 32)",
            ));
        }
        let id = w.id(&self.dataset);
        Text::Owned(w.say(
            || format!("add `measures ...` to {id} with a general description of the technical and organisational measures (Art. 30(1)(g), 32), e.g. `measures encryption, access_control, logging`"),
            || format!("lägg till `measures ...` i {id} med en allmän beskrivning av de tekniska och organisatoriska säkerhetsåtgärderna (artiklarna 30.1 g och 32), t.ex. `measures encryption, access_control, logging`"),
        ))
    }
}

/// Every personal dataset with a field and no `measures`.
pub fn check(cx: &GraphContext, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    let model = cx.model;
    if d.is_anonymous() || d.ast.measures.is_some() {
        return;
    }
    if cx.graph.each_effective_field(model, i).next().is_none() {
        return;
    }
    let what = NoMeasures {
        dataset: d.id().to_compact_string(),
    };
    out.push(
        Finding::of(&RULE, d.ast.id.span, what)
            .label(said("no `measures`", "ingen `measures`"))
            .dataset(d.id()),
    );
}
