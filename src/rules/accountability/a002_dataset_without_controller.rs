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

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::rules::Context;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A002",
    name: "dataset-without-controller",
    severity: Severity::Error,
    article: "Art. 30(1)(a)",
    summary: "no `controller`, and the model has not exactly one",
    doc: crate::rules::docs::A002,
    origin: Origin::Builtin,
};

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
    let help = match (cx.lang, controllers == 0) {
        (Lang::En, true) => "declare the organisation with `controller <id> \"<name>\" { country <CC> }` and name it in the dataset: `controller <id>`",
        (Lang::En, false) => "name the controller in the dataset: `controller <id>`",
        (Lang::Sv, true) => "deklarera organisationen med `controller <id> \"<namn>\" { country <CC> }` och ange den i datamängden: `controller <id>`",
        (Lang::Sv, false) => "ange den personuppgiftsansvarige i datamängden: `controller <id>`",
    };
    cx.model
        .datasets
        .iter()
        .filter(|d| d.ast.controllers.is_none())
        .map(|d| {
            Finding::new(
                &RULE,
                d.ast.id.span,
                cx.lang.say(
                    || format!(
                        "`{}` names no controller, and the model has {controllers} controllers",
                        d.id()
                    ),
                    || format!(
                        "`{}` anger ingen personuppgiftsansvarig, och modellen har {controllers} personuppgiftsansvariga",
                        d.id()
                    ),
                ),
            )
            .label(said("whose dataset is this?", "vems datamängd är detta?"))
            .help(help)
            .dataset(d.id())
        })
        .collect()
}
