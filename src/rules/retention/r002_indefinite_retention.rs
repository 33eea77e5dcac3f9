//! ## What it does
//! Reports `retention indefinite`, on a dataset or in a purpose. A
//! dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Keeping personal data forever is rarely necessary for any purpose
//! (Art. 5(1)(e)). Data that must be kept by law can say so with
//! `by_law "..."`; data kept for statistics can be anonymised.
//!
//! ## Example
//! ```ropa
//! retention indefinite
//! ```
//!
//! Use instead:
//! ```ropa
//! retention 24 months after last_login then anonymise
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e)

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
use crate::rules::Context;
use crate::syntax::ast::Retention;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R002",
    name: "indefinite-retention",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "`retention indefinite`",
    doc: crate::rules::docs::R002,
    origin: Origin::Builtin,
};

/// Every indefinite retention.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        let own = d.ast.retention.as_ref().map(|r| (&r.value, None));
        let purposes = d
            .ast
            .purposes
            .iter()
            .filter_map(|p| p.retention.as_deref().map(|r| (&r.value, Some(p))));
        for (r, purpose) in own.into_iter().chain(purposes) {
            let Retention::Indefinite(span) = r else {
                continue;
            };
            let message = match (cx.lang, purpose) {
                (Lang::En, None) => format!("`{}` is kept indefinitely", d.id()),
                (Lang::En, Some(p)) => format!(
                    "purpose `{}` of `{}` keeps the data indefinitely",
                    p.id.name,
                    d.id()
                ),
                (Lang::Sv, None) => format!("`{}` sparas utan tidsgräns", d.id()),
                (Lang::Sv, Some(p)) => format!(
                    "ändamålet `{}` i `{}` sparar uppgifterna utan tidsgräns",
                    p.id.name,
                    d.id()
                ),
            };
            out.push(
                Finding::new(&RULE, *span, message)
                    .label(said("no end", "inget slut"))
                    .help(cx.lang.of(
                        "set a period (`retention 24 months after last_login`), `then anonymise`, or cite the law with `retention by_law \"...\"`",
                        "ange en lagringstid (`retention 24 months after last_login`), `then anonymise`, eller hänvisa till lagen med `retention by_law \"...\"`",
                    ))
                    .dataset(d.id()),
            );
        }
    }
    out
}
