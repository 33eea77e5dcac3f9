//! ## What it does
//! Reports a `processor` with no `dpa` (data processing agreement).
//!
//! ## Why is this bad?
//! Processing by a processor must be governed by a contract that binds it
//! to the controller's instructions, confidentiality, security, sub-processor
//! approval and assistance duties (Art. 28(3)). Without one the controller
//! has handed over data without control.
//!
//! ## Example
//! ```ropa
//! processor telia "Telia Company AB" { country SE }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor telia "Telia Company AB" { country SE  dpa "Personuppgiftsbiträdesavtal 2024-117" }
//! ```
//!
//! ## References
//! - GDPR Art. 28(3)

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;
use crate::syntax::ast::PartyKind;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P001",
    name: "processor-without-dpa",
    severity: Severity::Warning,
    article: "Art. 28(3)",
    summary: "a processor with no `dpa`",
    doc: crate::rules::docs::P001,
    origin: Origin::Builtin,
};

/// Every processor without `dpa`.
pub fn check(cx: &Context) -> Vec<Finding> {
    cx.model
        .parties
        .iter()
        .filter(|p| p.ast.kind == PartyKind::Processor && p.ast.dpa.is_none())
        .map(|p| {
            Finding::new(
                &RULE,
                p.ast.id.span,
                cx.lang.say(
                    || format!("processor `{}` has no data processing agreement", p.id()),
                    || {
                        format!(
                            "personuppgiftsbiträdet `{}` saknar personuppgiftsbiträdesavtal",
                            p.id()
                        )
                    },
                ),
            )
            .label(cx.lang.of("no `dpa`", "ingen `dpa`"))
            .help(cx.lang.of(
                "add `dpa \"<agreement reference>\"` to the processor",
                "lägg till `dpa \"<hänvisning till avtalet enligt art. 28.3>\"` i biträdet",
            ))
            .party(p.id())
        })
        .collect()
}
