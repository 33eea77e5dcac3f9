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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::Context;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P005",
    name: "processor-acting-as-controller",
    severity: Severity::Warning,
    article: "Art. 28(10)",
    summary: "a `processor` named as the controller of a dataset",
    heading: (
        "a processor recorded as the controller of a dataset",
        "ett personuppgiftsbiträde som anges som personuppgiftsansvarig för en datamängd",
    ),
    doc: crate::rules::docs::P005,
    origin: Origin::Builtin,
};

/// A party the record declares a processor and names as a dataset's
/// controller.
#[derive(Debug, Serialize)]
struct ProcessorAsController {
    dataset: String,
    party: String,
}

impl Violation for ProcessorAsController {
    fn message(&self, w: &Words) -> String {
        let (p, ds) = (w.id(&self.party), w.id(&self.dataset));
        w.say(
            || format!("the record declares {p} a processor and names it as the controller of {ds}; a processor that determines purposes and means of its own is a controller for that processing (Art. 28(10))"),
            || format!("registerförteckningen anger {p} som personuppgiftsbiträde och som personuppgiftsansvarig för {ds}; ett biträde som bestämmer egna ändamål och medel är personuppgiftsansvarigt för den behandlingen (artikel 28.10)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let (p, ds) = (w.id(&self.party), w.id(&self.dataset));
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("record which it is: if {p} determines why and how {ds} is processed, record it as a controller of it; if it acts on another party's instructions, record that party as the controller and {p} as a processor among the recipients, with its contract or other legal act (Art. 28(3))"),
                || format!("ange vilket som gäller: om {p} bestämmer ändamålen och medlen för behandlingen i {ds}, ange den som personuppgiftsansvarig; om den behandlar uppgifterna på en annan parts instruktioner, ange den parten som personuppgiftsansvarig och {p} som personuppgiftsbiträde bland mottagarna, med personuppgiftsbiträdesavtal eller annan rättsakt (artikel 28.3)"),
            )
        } else {
            let (p, ds) = (&self.party, &self.dataset);
            w.say(
                || format!("if `{p}` decides why and how `{ds}` is processed, declare it `controller {p}`; if it acts on another party's instructions, name that party in `controller` and list `{p}` in `recipients`"),
                || format!("om `{p}` bestämmer ändamålen och medlen för behandlingen av `{ds}`, deklarera den som `controller {p}`; om den behandlar på en annan parts instruktioner, ange den parten i `controller` och `{p}` i `recipients`"),
            )
        })
    }
}

/// Every dataset that names a processor as its controller.
pub fn check(cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    let Some(declared) = &d.ast.controllers else {
        return;
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
        let what = ProcessorAsController {
            dataset: d.id().to_string(),
            party: party.id().to_string(),
        };
        out.push(
            Finding::of(&RULE, id.span, what)
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
                .dataset(d.id())
                .party(party.id()),
        );
    }
}
