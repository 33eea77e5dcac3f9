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

use crate::finding::{said, Finding, Origin, Rule, Severity};
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
    doc: crate::rules::docs::F004,
    origin: Origin::Builtin,
};

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
            let id = p.id();
            let (message, help) = cx.lang.say(
                || (
                    format!("party `{id}` is never referenced"),
                    format!("list it where data goes to it (`recipients {id}`), or delete it"),
                ),
                || (
                    format!("parten `{id}` hänvisas aldrig till"),
                    format!("ange den där uppgifter lämnas till den (`recipients {id}`), eller ta bort den"),
                ),
            );
            Finding::new(&RULE, p.ast.id.span, message)
            .label(said("unused", "oanvänd"))
            .help(help)
            .party(p.id())
        })
        .collect()
}
