//! ## What it does
//! Reports a party that no dataset (as controller, recipient or source),
//! flow or processor (as subprocessor) references.
//!
//! ## Why is this bad?
//! It is harmless for compliance, but a party nobody uses is usually a
//! leftover, or a recipient someone forgot to list in `recipients`, and
//! then the transfer checks never see it.
//!
//! ## Example
//! ```ropa
//! processor old_crm "Old CRM AB" { country SE  dpa "2019-4" }
//! ```
//!
//! Use instead: list it where data goes to it, or delete it.
//! ```ropa
//! processor old_crm "Old CRM AB" { country SE  dpa "2019-4" }
//! dataset customers { recipients old_crm  ... }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(d)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::Target;
use crate::rules::Context;
use crate::syntax::ast::NameOrStr;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F004",
    name: "unused-party",
    severity: Severity::Info,
    article: "Art. 30(1)(d)",
    summary: "a party that nothing references",
    heading: (
        "a party that no entry of the record names",
        "en part som ingen uppgift i registerförteckningen nämner",
    ),
    doc: crate::rules::docs::F004,
    origin: Origin::Builtin,
};

/// A party that nothing in the record references.
#[derive(Debug, Serialize)]
struct Unused {
    party: String,
}

impl Violation for Unused {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.party);
        w.say(
            || format!("no dataset, flow or processor in the record references party {id}"),
            || format!("ingen datamängd, inget flöde och inget personuppgiftsbiträde i registerförteckningen hänvisar till parten {id}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        if w.is_legal() {
            return Text::Borrowed(w.of(
                "record which processing the party takes part in, as controller, recipient, source or sub-processor (Art. 30(1)(a), (d)), or remove it from the record if it takes part in none",
                "ange vilken behandling parten deltar i, som personuppgiftsansvarig, mottagare, källa eller underbiträde (artikel 30.1 a och d), eller ta bort den ur registerförteckningen om den inte deltar i någon",
            ));
        }
        let id = &self.party;
        Text::Owned(w.say(
            || format!("list it where data goes to it (`recipients {id}`), or delete it"),
            || format!("ange den där uppgifter lämnas till den (`recipients {id}`), eller ta bort den"),
        ))
    }
}

/// Every party nothing references.
pub fn check(cx: &Context) -> Vec<Finding> {
    let model = cx.model;
    if !model.names_complete {
        return Vec::new();
    }
    let mut used = vec![false; model.parties.len()];
    for d in &model.datasets {
        for &c in &d.controllers {
            used[c] = true;
        }
        for r in &d.recipients {
            used[r.party] = true;
        }
        for s in d.ast.source.iter().flat_map(|s| s.value.iter()) {
            if let NameOrStr::Name(n) = s {
                if let Some(&p) = model.party_index.get(n.name.as_str()) {
                    used[p] = true;
                }
            }
        }
    }
    for f in &model.flows {
        if let Target::Party(p) = f.target {
            used[p] = true;
        }
    }
    for p in &model.parties {
        for (s, _) in &p.subprocessors {
            used[*s] = true;
        }
    }
    // An item that does not parse may name the party.
    for (p, used) in model.parties.iter().zip(used.iter_mut()) {
        *used |= model.broken_mentions.contains(p.id());
    }
    model
        .parties
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(p, _)| {
            let what = Unused {
                party: p.id().to_string(),
            };
            Finding::of(&RULE, p.ast.id.span, what)
                .label(said("unused", "oanvänd"))
                .party(p.id())
        })
        .collect()
}
