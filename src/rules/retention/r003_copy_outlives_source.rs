//! ## What it does
//! Reports a flow of personal data (not `anonymised`) from dataset A into
//! dataset B where B's retention is comparable to A's and longer. Periods
//! compare by length (a year is 365 days, a month 1/12 of a year);
//! `session` and `none` are shorter than any period; `until`, `by_law` and
//! `indefinite` are not compared.
//!
//! ## Why is this bad?
//! Deleting the original does not delete the copy. When the copy lives
//! longer, the source's retention period is a promise the organisation does
//! not keep (Art. 5(1)(e)), and the data subjects were told the shorter one
//! (Art. 13(2)(a)).
//!
//! ## Example
//! ```ropa
//! dataset chat_log { retention 29 days }
//! dataset chat_backup { retention 2 years }
//! flow chat_log -> chat_backup
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset chat_backup { retention 29 days }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e), 13(2)(a)

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R003",
    name: "copy-outlives-source",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "a flow into a dataset kept longer than its source",
    doc: crate::rules::docs::R003,
    origin: Origin::Builtin,
};

/// Every flow into a dataset kept longer than the source.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, flow, s, t) in cx.model.carrying_flows() {
        let source = &cx.model.datasets[s];
        let target = &cx.model.datasets[t];
        let (Some(sr), Some(tr)) = (&source.ast.retention, &target.ast.retention) else {
            continue;
        };
        let (Some(sl), Some(tl)) = (sr.value.length(), tr.value.length()) else {
            continue;
        };
        if tl <= sl {
            continue;
        }
        let text = |r: &crate::syntax::ast::Retention| {
            cx.model
                .sources
                .get(r.span().file)
                .slice(r.span())
                .to_string()
        };
        out.push(
            Finding::new(
                &RULE,
                flow.ast.target.span,
                format!(
                    "`{}` keeps data from `{}` for {}, longer than the source's {}",
                    target.id(),
                    source.id(),
                    text(&tr.value),
                    text(&sr.value)
                ),
            )
            .label("the copy outlives its source")
            .related(tr.value.span(), "kept this long")
            .related(sr.value.span(), "the source keeps it this long")
            .help(format!(
                "keep `{}` no longer than `{}`, mark the flow `anonymised`, or restrict it with `fields`",
                target.id(),
                source.id()
            ))
            .dataset(target.id()),
        );
    }
    out
}
