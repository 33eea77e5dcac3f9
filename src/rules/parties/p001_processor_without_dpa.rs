//! ## What it does
//! Reports a `processor` that receives personal data in the model with no
//! `dpa`, the reference to its Art. 28(3) contract or other legal act. It
//! receives personal data when it is a recipient of a dataset that is not
//! anonymous, the target of a flow that is not `anonymised`, or reached
//! from such a processor through `subprocessors`. A processor that
//! receives nothing is not reported here (F004 reports a party nothing
//! references).
//!
//! For a sub-processor (reached only through `subprocessors`) the help
//! cites Art. 28(4): the processor must bind it by the same obligations.
//! For a processor that receives data read from the device (a dataset with
//! `cookies`), the help also says to check the role: a provider whose
//! standard terms make it a controller (an embedded video player, a social
//! plug-in) is not a processor, and the site may be its joint controller
//! (P006).
//!
//! ## Why is this bad?
//! Processing by a processor must be governed by a contract or other legal
//! act that binds it to the controller's instructions, confidentiality,
//! security, sub-processor approval and assistance duties (Art. 28(3)), and
//! a sub-processor by the same obligations (Art. 28(4)). Handing data to a
//! processor without one is itself an infringement (Art. 83(4)(a)).
//!
//! ## Example
//! ```ropa
//! processor telia "Telia Company AB" { country SE }
//! dataset chat_log { recipients telia }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor telia "Telia Company AB" { country SE  dpa "Personuppgiftsbiträdesavtal 2024-117" }
//! dataset chat_log { recipients telia }
//! ```
//!
//! ## References
//! - GDPR Art. 28(3), 28(4), 83(4)(a)
//! - CJEU C-40/17 *Fashion ID* (an embedded plug-in's provider as joint
//!   controller)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::grounds::receivers;
use crate::rules::Context;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P001",
    name: "processor-without-dpa",
    severity: Severity::Error,
    article: "Art. 28(3)",
    summary: "a processor that receives personal data with no `dpa`",
    heading: (
        "a processor receiving personal data with no processing agreement recorded",
        "ett personuppgiftsbiträde som tar emot personuppgifter utan angivet personuppgiftsbiträdesavtal",
    ),
    doc: crate::rules::docs::P001,
    origin: Origin::Builtin,
};

/// A processor that receives personal data and whose record references no
/// contract or other legal act.
#[derive(Debug, Serialize)]
struct NoContract {
    party: String,
    /// For a sub-processor: the processor that engaged it.
    engaged_by: Option<String>,
    /// Whether some of its data is read from the device (a dataset with
    /// `cookies`).
    device: bool,
}

impl Violation for NoContract {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.party);
        match &self.engaged_by {
            None => w.say(
                || format!("no Art. 28(3) contract is referenced for processor {id}"),
                || format!("inget personuppgiftsbiträdesavtal eller annan rättsakt enligt artikel 28.3 anges för personuppgiftsbiträdet {id}"),
            ),
            Some(by) => {
                let by = w.id(by);
                w.say(
                    || format!("no Art. 28(4) contract is referenced for sub-processor {id} engaged by {by}"),
                    || format!("inget avtal eller annan rättsakt enligt artikel 28.4 anges för underbiträdet {id}, som anlitas av {by}"),
                )
            }
        }
    }

    fn help(&self, w: &Words) -> Text {
        let legal = w.is_legal();
        let mut help = match (&self.engaged_by, legal) {
            (None, true) => w
                .of(
                    "record the contract or other legal act that binds the processor to the controller (Art. 28(3)); processing by a processor without one is itself an infringement (Art. 83(4)(a))",
                    "ange det personuppgiftsbiträdesavtal eller den andra rättsakt som binder biträdet till den personuppgiftsansvarige (artikel 28.3); behandling hos ett biträde utan ett sådant avtal eller en sådan rättsakt är i sig en överträdelse (artikel 83.4 a)",
                )
                .to_string(),
            (None, false) => w
                .of(
                    "add `dpa \"<reference to the Art. 28(3) contract or other legal act>\"` to the processor",
                    "lägg till `dpa \"<hänvisning till personuppgiftsbiträdesavtalet eller annan rättsakt enligt artikel 28.3>\"` i personuppgiftsbiträdet",
                )
                .to_string(),
            (Some(by), true) => {
                let by = w.id(by);
                w.say(
                    || format!("record the contract or other legal act by which {by} binds the sub-processor to the same data protection obligations as its own contract with the controller (Art. 28(4)), and the controller's prior authorisation (Art. 28(2))"),
                    || format!("ange det avtal eller den andra rättsakt genom vilken {by} binder underbiträdet vid samma skyldigheter avseende dataskydd som i sitt eget avtal med den personuppgiftsansvarige (artikel 28.4), och den personuppgiftsansvariges förhandstillstånd (artikel 28.2)"),
                )
            }
            (Some(by), false) => w.say(
                || format!("add `dpa \"<reference>\"` to the sub-processor: `{by}` must bind it by the same data protection obligations as its own contract (Art. 28(4)), with the controller's prior authorisation (Art. 28(2))"),
                || format!("lägg till `dpa \"<hänvisning>\"` i underbiträdet: `{by}` ska binda det vid samma skyldigheter avseende dataskydd som i sitt eget avtal (artikel 28.4), efter den personuppgiftsansvariges förhandstillstånd (artikel 28.2)"),
            ),
        };
        if self.device {
            help.push_str(if legal {
                w.of(
                    "; if the provider's own standard terms make it a controller (an embedded video player, a social plug-in, an advertising tag), record it as a controller instead, with the joint controllers' arrangement (Art. 26)",
                    "; om leverantörens egna standardvillkor gör den till personuppgiftsansvarig (en inbäddad videospelare, en social insticksmodul, en annonstagg), ange den i stället som personuppgiftsansvarig, med de gemensamt personuppgiftsansvarigas inbördes arrangemang (artikel 26)",
                )
            } else {
                w.of(
                    "; if the provider's own standard terms make it a controller (an embedded video player, a social plug-in, an advertising tag), declare it a `controller` instead and record the joint controllers' arrangement (P006)",
                    "; om leverantörens egna standardvillkor gör den till personuppgiftsansvarig (en inbäddad videospelare, en social insticksmodul, en annonstagg), deklarera den i stället som `controller` och ange de gemensamt personuppgiftsansvarigas arrangemang (P006)",
                )
            });
        }
        Text::Owned(help)
    }
}

/// Every processor that receives personal data and has no `dpa`.
pub fn check(cx: &Context) -> Vec<Finding> {
    let receives = receivers(cx);
    let mut out = Vec::new();
    for (i, p) in cx.model.parties.iter().enumerate() {
        if p.ast.kind != PartyKind::Processor || p.ast.dpa.is_some() {
            continue;
        }
        let r = receives[i];
        if !r.direct && r.via.is_none() {
            continue;
        }
        let id = p.id();
        let what = NoContract {
            party: id.to_string(),
            engaged_by: if r.direct {
                None
            } else {
                r.via.map(|v| cx.model.parties[v].id().to_string())
            },
            device: r.device,
        };
        out.push(
            Finding::of(&RULE, p.ast.id.span, what)
                .label(said("no `dpa`", "ingen `dpa`"))
                .party(id),
        );
    }
    out
}
