//! ## What it does
//! Reports a party declared as `processor` that a dataset names in its
//! `controller` list. One finding per dataset and processor, on the
//! reference.
//!
//! ## Why is this bad?
//! A processor acts only on a controller's documented instructions
//! (Art. 28(3)(a), 29). A processor that decides the purposes and means of
//! a processing of its own is a controller for that processing
//! (Art. 28(10)), with every duty of one: a legal basis, information to the
//! data subjects, its own record. The record should say which it is: the
//! party is either a controller of this dataset, or a processor acting for
//! the dataset's controller.
//!
//! ## Example
//! ```ropa
//! controller shop "Butiken AB" { country SE }
//! processor crm "CRM AB" { country SE  dpa "DPA-1" }
//! dataset leads { controller crm }
//! ```
//!
//! Use instead:
//! ```ropa
//! controller shop "Butiken AB" { country SE }
//! processor crm "CRM AB" { country SE  dpa "DPA-1" }
//! dataset leads { controller shop  recipients crm }
//! ```
//!
//! ## References
//! - GDPR Art. 28(10), 28(3)(a), 29; EDPB Guidelines 07/2020 on the concepts
//!   of controller and processor

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P005",
    name: "processor-acting-as-controller",
    severity: Severity::Warning,
    article: "Art. 28(10)",
    summary: "a `processor` named as the controller of a dataset",
    doc: crate::rules::docs::P005,
    origin: Origin::Builtin,
};

/// Every dataset that names a processor as its controller.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        let Some(declared) = &d.ast.controllers else {
            continue;
        };
        let mut seen: Vec<usize> = Vec::new();
        for id in &declared.value {
            let Some(&p) = cx.model.party_index.get(id.name.as_str()) else {
                continue;
            };
            let party = &cx.model.parties[p];
            if party.ast.kind != PartyKind::Processor || seen.contains(&p) {
                continue;
            }
            seen.push(p);
            let (p, ds) = (party.id(), d.id());
            let (message, help) = cx.lang.say(
                || (
                    format!("`{p}` is declared a processor, but `{ds}` names it as its controller: a processor that decides purposes of its own is a controller for them"),
                    format!("if `{p}` decides why and how `{ds}` is processed, declare it `controller {p}`; if it acts on another party's instructions, name that party in `controller` and list `{p}` in `recipients`"),
                ),
                || (
                    format!("`{p}` är deklarerad som personuppgiftsbiträde, men `{ds}` anger den som personuppgiftsansvarig: ett biträde som bestämmer egna ändamål är personuppgiftsansvarigt för dem (art. 28.10)"),
                    format!("om `{p}` bestämmer ändamålen och medlen för behandlingen av `{ds}`, deklarera den som `controller {p}`; om den behandlar på en annan parts instruktioner, ange den parten i `controller` och `{p}` i `recipients`"),
                ),
            );
            out.push(
                Finding::new(&RULE, id.span, message)
                    .label(said(
                        "a processor as controller",
                        "ett biträde som personuppgiftsansvarig",
                    ))
                    .related(
                        party.ast.id.span,
                        said(
                            "declared as `processor` here",
                            "deklarerad som `processor` här",
                        ),
                    )
                    .help(help)
                    .dataset(d.id())
                    .party(party.id()),
            );
        }
    }
    out
}
