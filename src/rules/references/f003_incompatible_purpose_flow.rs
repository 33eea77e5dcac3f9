//! ## What it does
//! Reports a flow of personal data (not `anonymised`) from dataset A into
//! dataset B where a purpose of B (the flow's `purpose`, or else every
//! purpose of B) has a kind that is not compatible with some purpose kind
//! of A, and that purpose of B has no `compatibility` reference.
//!
//! Compatible: the same kind; any kind into `statistics`, `archiving`,
//! `research` (Art. 89), `security`, `legal_compliance`, `accounting`,
//! `fraud_prevention`; and the pairs of the rule data (by default
//! `service` ↔ `customer_service`, `customer_service` → `case_handling`,
//! `recruitment` → `case_handling`). One finding per flow, naming the kinds.
//!
//! ## Why is this bad?
//! Data collected for one purpose may not be further processed in a way
//! incompatible with it (purpose limitation, Art. 5(1)(b)). Re-use for a new
//! purpose needs consent, a law, or a documented compatibility assessment
//! (Art. 6(4)): the link between the purposes, the context, the nature of
//! the data, the consequences and the safeguards.
//!
//! ## Example
//! ```ropa
//! dataset applicants { purpose recruitment { basis contract } }
//! dataset campaigns  { purpose marketing { basis legitimate_interest "LIA-4" } }
//! flow applicants -> campaigns
//! ```
//!
//! Use instead (or stop the flow):
//! ```ropa
//! dataset campaigns {
//!   purpose marketing {
//!     basis legitimate_interest "LIA-4"
//!     compatibility "Förenlighetsbedömning 2025-06, art. 6.4"
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(b), 6(4); rule data `rules/compatibility.yaml`

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F003",
    name: "incompatible-purpose-flow",
    severity: Severity::Warning,
    article: "Art. 5(1)(b), 6(4)",
    summary: "a flow into a purpose incompatible with the source's",
    doc: crate::rules::docs::F003,
    origin: Origin::Builtin,
};

/// Whether data collected for `from` may serve `to`.
pub fn compatible(cx: &Context, from: &str, to: &str) -> bool {
    from == to
        || cx.data.always_compatible.contains(to)
        // A handful of pairs: a scan beats hashing two fresh Strings.
        || cx
            .data
            .compatible_pairs
            .iter()
            .any(|(a, b)| a == from && b == to)
}

/// Every flow into an incompatible, unassessed purpose.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, flow, s, t) in cx.model.carrying_flows() {
        let source = &cx.model.datasets[s];
        let target = &cx.model.datasets[t];
        let purposes = target.ast.purposes.iter().enumerate();
        let served = purposes.filter(|(i, _)| flow.purpose.is_none_or(|p| p == *i));
        let mut clash = None;
        'search: for (_, to) in served.filter(|(_, p)| p.compatibility.is_none()) {
            let to_kind = purpose_kind(to, cx.data);
            for from in &source.ast.purposes {
                let from_kind = purpose_kind(from, cx.data);
                if !compatible(cx, from_kind, to_kind) {
                    clash = Some((from, from_kind, to, to_kind));
                    break 'search;
                }
            }
        }
        let Some((from, from_kind, to, to_kind)) = clash else {
            continue;
        };
        out.push(
            Finding::new(
                &RULE,
                flow.ast.target.span,
                format!(
                    "data collected in `{}` for `{from_kind}` (purpose `{}`) flows into `{}` for `{to_kind}` (purpose `{}`), which is not compatible",
                    source.id(),
                    from.id.name,
                    target.id(),
                    to.id.name
                ),
            )
            .label(format!("`{from_kind}` → `{to_kind}`"))
            .related(to.id.span, "no `compatibility` assessment in this purpose")
            .help(format!(
                "reference a compatibility assessment in purpose `{}`: `compatibility \"<Art. 6(4) assessment>\"`, mark the flow `anonymised`, or drop it",
                to.id.name
            ))
            .dataset(target.id()),
        );
    }
    out
}
