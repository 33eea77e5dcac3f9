//! ## What it does
//! Reports a dataset that reads the visitor's device (`cookies`), has a
//! purpose whose declared kind is not strictly necessary, holds an
//! `online.*` field (its own or one that arrives through flows), and sends
//! its data to a `controller` that does not control the dataset and is not
//! a `public_authority` (in `recipients`, or as a flow's party target),
//! when the dataset records no `arrangement`. One finding per dataset and
//! party, on the recipient reference. Anonymous datasets are skipped, and
//! a flow that is `anonymised` sends nothing.
//!
//! ## Why is this bad?
//! A site that embeds a third party's content, plug-in or tag (a social
//! "like" button, a video player, an advertising pixel) decides together
//! with that party to collect the visitor's data and transmit it: for that
//! stage the two may be joint controllers (CJEU C-40/17 *Fashion ID*;
//! C-210/16 *Wirtschaftsakademie*), even when the site never sees the
//! data. Joint controllers must set out their responsibilities in an
//! arrangement whose essence is made available to the visitors (Art. 26).
//! The record then needs that arrangement, or, if the contract really
//! makes the party a processor, the party declared as one with its
//! Art. 28(3) contract.
//!
//! ## Example
//! ```ropa
//! controller shop { country SE }
//! controller social "Social Network Ltd" { country IE }
//! dataset visits {
//!   cookies _fbp
//!   fields { ip: online.ip_address  cookie: online.cookie_id }
//!   purpose advertising { basis consent  consent { withdraw "cookie settings" } }
//!   recipients social
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset visits {
//!   cookies _fbp
//!   fields { ip: online.ip_address  cookie: online.cookie_id }
//!   purpose advertising { basis consent  consent { withdraw "cookie settings" } }
//!   arrangement "Page Insights Controller Addendum, 2025-03"
//!   recipients social
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 26, 4(7); CJEU C-40/17 *Fashion ID*, paras 64–85;
//!   CJEU C-210/16 *Wirtschaftsakademie Schleswig-Holstein*, paras 35–44
//! - EDPB Guidelines 07/2020 on the concepts of controller and processor

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::declared_kind;
use crate::rules::special::Wanted;
use crate::rules::transfers::distinct_recipients;
use crate::rules::GraphContext;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P006",
    name: "embedded-third-party-controller",
    severity: Severity::Warning,
    article: "Art. 26",
    summary: "device data sent to a third-party controller with no `arrangement`",
    heading: (
        "data from users' devices reaching another controller with no arrangement recorded",
        "uppgifter från användarnas terminalutrustning som når en annan personuppgiftsansvarig utan angivet arrangemang",
    ),
    doc: crate::rules::docs::P006,
    origin: Origin::Builtin,
};

/// Whether a category is online data (`online.*`).
fn online(category: &str) -> bool {
    category == "online" || category.starts_with("online.")
}

/// A third-party controller that receives data read from the device, for
/// a dataset whose record states no Art. 26 arrangement.
#[derive(Debug, Serialize)]
struct MaybeJointController {
    dataset: String,
    party: String,
}

impl Violation for MaybeJointController {
    fn message(&self, w: &Words) -> String {
        let (id, to) = (w.id(&self.dataset), w.id(&self.party));
        w.say(
            || format!("the record names {to} as a recipient of data read from the device in {id}; {to} may be a joint controller for collecting and transmitting that data, and the record states no Art. 26 arrangement for {id}"),
            || format!("registerförteckningen anger {to} som mottagare av uppgifter som läses från terminalutrustningen i {id}; {to} kan vara gemensamt personuppgiftsansvarig för insamlingen och överföringen, och registerförteckningen anger inget inbördes arrangemang enligt artikel 26 för {id}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let (id, to) = (w.id(&self.dataset), w.id(&self.party));
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("if the site and {to} decide together on collecting and transmitting this data (an embedded plug-in, player or tag), record the joint controllers' arrangement for that stage (Art. 26); if the contract makes {to} a processor, record it as one, with its contract or other legal act (Art. 28(3))"),
                || format!("om webbplatsen och {to} tillsammans bestämmer över insamlingen och överföringen av uppgifterna (en inbäddad insticksmodul, spelare eller tagg), ange de gemensamt personuppgiftsansvarigas inbördes arrangemang för det ledet (artikel 26); om avtalet gör {to} till personuppgiftsbiträde, ange den som biträde, med personuppgiftsbiträdesavtal eller annan rättsakt (artikel 28.3)"),
            )
        } else {
            w.say(
                || format!("if the site and {to} decide together on collecting and sending this data (an embedded plug-in, player or tag), add `arrangement \"<reference to the Art. 26 arrangement>\"` to {id}; if the contract makes {to} a processor, declare it `processor` with its `dpa`"),
                || format!("om webbplatsen och {to} tillsammans bestämmer över insamlingen och överföringen (en inbäddad insticksmodul, spelare eller tagg), lägg till `arrangement \"<hänvisning till de gemensamt personuppgiftsansvarigas arrangemang enligt artikel 26>\"` i {id}; om avtalet gör {to} till personuppgiftsbiträde, deklarera den som `processor` med dess `dpa`"),
            )
        })
    }
}

/// Every dataset–party pair where the party may be a joint controller.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let model = cx.model;
    let wanted = Wanted::new(cx, online);
    let mut out = Vec::new();
    for (i, d) in model.datasets.iter().enumerate() {
        if d.is_anonymous() || d.ast.cookies.is_none() || d.ast.arrangement.is_some() {
            continue;
        }
        let tracking = d.ast.purposes.iter().any(|p| {
            declared_kind(p, cx.data).is_some_and(|k| !cx.data.strictly_necessary.contains(k))
        });
        if !tracking || !wanted.held_by(cx, i) {
            continue;
        }
        for r in distinct_recipients(d) {
            if r.flow.is_some_and(|f| !model.flows[f].carries) {
                continue;
            }
            let party = &model.parties[r.party];
            if party.ast.kind != PartyKind::Controller
                || party.ast.public_authority.is_some()
                || d.controllers.contains(&r.party)
            {
                continue;
            }
            let (id, to) = (d.id(), party.id());
            let what = MaybeJointController {
                dataset: id.to_string(),
                party: to.to_string(),
            };
            out.push(
                Finding::of(&RULE, r.span, what)
                    .label(said(
                        "may be a joint controller",
                        "kan vara gemensamt personuppgiftsansvarig",
                    ))
                    .related(
                        party.ast.id.span,
                        said(
                            "declared a controller here",
                            "deklarerad som personuppgiftsansvarig här",
                        ),
                    )
                    .dataset(id)
                    .party(to),
            );
        }
    }
    out
}
