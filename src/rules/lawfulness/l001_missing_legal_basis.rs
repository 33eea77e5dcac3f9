//! ## What it does
//! Reports a purpose that declares no legal basis (`basis`).
//!
//! ## Why is this bad?
//! Processing is lawful only on one of the six bases of Art. 6(1), and the
//! controller must be able to show which (Art. 5(2)). A purpose without a
//! basis is processing without a lawful ground.
//!
//! ## Example
//! ```ropa
//! purpose newsletter "Nyhetsbrev" {
//!   kind marketing.email
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose newsletter "Nyhetsbrev" {
//!   kind marketing.email
//!   basis consent
//!   consent { withdraw "Avregistreringslänk i varje utskick" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1), Art. 5(2)

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L001",
    name: "missing-legal-basis",
    severity: Severity::Error,
    article: "Art. 6(1)",
    summary: "a purpose with no `basis`",
    doc: crate::rules::docs::L001,
    origin: Origin::Builtin,
};

/// Every purpose without `basis`.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        for p in d.ast.purposes.iter().filter(|p| p.basis.is_none()) {
            out.push(
                Finding::new(
                    &RULE,
                    p.id.span,
                    format!("purpose `{}` of `{}` has no legal basis", p.id.name, d.id()),
                )
                .label("no `basis` in this purpose")
                .help("add `basis consent | contract | legal_obligation | vital_interest | public_task | legitimate_interest` to the purpose")
                .dataset(d.id()),
            );
        }
    }
    out
}
