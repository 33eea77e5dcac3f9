//! ## What it does
//! Reports a dataset with no `controller` in a model that does not have
//! exactly one controller (with exactly one, it is the default).
//!
//! ## Why is this bad?
//! The record is kept per controller (Art. 30(1)(a)): a dataset nobody is
//! responsible for has nobody to answer data subjects or the authority.
//!
//! ## Example
//! ```ropa
//! controller a "A AB" { country SE }
//! controller b "B AB" { country SE }
//! dataset shared { ... }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset shared { controller a  ... }
//! ```
//!
//! ## References
//! - GDPR Art. 24, 30(1)(a)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::Context;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A002",
    name: "dataset-without-controller",
    severity: Severity::Error,
    article: "Art. 30(1)(a)",
    summary: "no `controller`, and the model has not exactly one",
    heading: (
        "a dataset with no controller recorded",
        "en datamängd utan angiven personuppgiftsansvarig",
    ),
    doc: crate::rules::docs::A002,
    origin: Origin::Builtin,
};

/// A dataset whose record names no controller, where none is implied.
#[derive(Debug, Serialize)]
struct NoController {
    dataset: String,
    /// How many controllers the record declares (not one).
    controllers: usize,
}

impl Violation for NoController {
    fn message(&self, w: &Words) -> String {
        let (id, n) = (w.id(&self.dataset), self.controllers);
        if n == 0 {
            w.say(
                || format!("the record states no controller for {id}, and it declares no controller at all"),
                || format!("registerförteckningen anger ingen personuppgiftsansvarig för {id}, och den anger ingen personuppgiftsansvarig alls"),
            )
        } else {
            w.say(
                || format!("the record states no controller for {id}, and it declares {n} controllers, so which one is responsible is not implied"),
                || format!("registerförteckningen anger ingen personuppgiftsansvarig för {id}, och den anger {n} personuppgiftsansvariga, så det framgår inte vem som är ansvarig"),
            )
        }
    }

    fn help(&self, w: &Words) -> Text {
        let none = self.controllers == 0;
        Text::Borrowed(match (w.is_legal(), none) {
            (true, true) => w.of(
                "record the controller, the organisation that determines the purposes and means of the processing, with its name and contact details (Art. 30(1)(a))",
                "ange den personuppgiftsansvarige, den organisation som bestämmer ändamålen och medlen för behandlingen, med namn och kontaktuppgifter (artikel 30.1 a)",
            ),
            (true, false) => w.of(
                "record which controller is responsible for this processing (Art. 24, 30(1)(a)); if several determine its purposes and means together, they are joint controllers and need an arrangement between them (Art. 26)",
                "ange vilken personuppgiftsansvarig som ansvarar för behandlingen (artiklarna 24 och 30.1 a); om flera gemensamt bestämmer ändamålen och medlen är de gemensamt personuppgiftsansvariga och behöver ett inbördes arrangemang (artikel 26)",
            ),
            (false, true) => w.of(
                "declare the organisation with `controller <id> \"<name>\" { country <CC> }` and name it in the dataset: `controller <id>`",
                "deklarera organisationen med `controller <id> \"<namn>\" { country <CC> }` och ange den i datamängden: `controller <id>`",
            ),
            (false, false) => w.of(
                "name the controller in the dataset: `controller <id>`",
                "ange den personuppgiftsansvarige i datamängden: `controller <id>`",
            ),
        })
    }
}

/// Every dataset without a controller where none is implied.
pub fn check(cx: &Context) -> Vec<Finding> {
    if !cx.model.names_complete {
        return Vec::new();
    }
    // A controller that does not parse is still declared.
    let broken = cx.model.broken.iter().filter(|b| {
        b.kind == Some(crate::syntax::ast::BrokenKind::Party(PartyKind::Controller))
    });
    let controllers = cx
        .model
        .parties
        .iter()
        .filter(|p| p.ast.kind == PartyKind::Controller)
        .count()
        + broken.count();
    if controllers == 1 {
        return Vec::new();
    }
    cx.model
        .datasets
        .iter()
        .filter(|d| d.ast.controllers.is_none())
        .map(|d| {
            let what = NoController {
                dataset: d.id().to_string(),
                controllers,
            };
            Finding::of(&RULE, d.ast.id.span, what)
                .label(said("whose dataset is this?", "vems datamängd är detta?"))
                .dataset(d.id())
        })
        .collect()
}
