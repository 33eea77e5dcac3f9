//! ## What it does
//! Reports a retention longer than a limit the rule data sets for one of
//! the dataset's purpose kinds, or for datasets with `cookies`. Default
//! limits: cookies 13 months, `analytics` 25 months, `marketing` and
//! `marketing.email` 24 months. Only comparable retentions (durations) are
//! checked; the shortest limit that is exceeded is reported.
//!
//! ## Why is this bad?
//! Supervisory authorities read storage limitation (Art. 5(1)(e)) into
//! concrete ceilings: cookie consent and identifiers renewed at least every
//! 13 months, analytics data aggregated or deleted after 25 months,
//! marketing registers purged after two years without contact.
//!
//! ## Example
//! ```ropa
//! dataset web_stats { cookies _ga  retention 26 months }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset web_stats { cookies _ga  retention 13 months }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e); rule data `rules/limits.yaml`

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::Context;
use crate::syntax::ast::Length;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R004",
    name: "retention-over-limit",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "a retention longer than the limit for its purpose kind or cookies",
    doc: crate::rules::docs::R004,
    origin: Origin::Builtin,
};

/// Every dataset kept longer than its shortest applicable limit.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        let Some(r) = &d.ast.retention else { continue };
        let Some(length) = r.value.length() else {
            continue;
        };
        let mut limits: Vec<(Length, String, String)> = Vec::new();
        if d.ast.cookies.is_some() {
            limits.push((
                cx.data.cookie_limit,
                cx.data.cookie_limit_text.clone(),
                "datasets with cookies".to_string(),
            ));
        }
        for p in &d.ast.purposes {
            let kind = purpose_kind(p, cx.data);
            if let Some((limit, text)) = cx.data.kind_limits.get(kind) {
                limits.push((
                    *limit,
                    text.clone(),
                    format!("`{kind}` (purpose `{}`)", p.id.name),
                ));
            }
        }
        let exceeded = limits
            .into_iter()
            .filter(|(limit, _, _)| length > *limit)
            .min_by_key(|(limit, _, _)| *limit);
        let Some((_, text, what)) = exceeded else {
            continue;
        };
        let written = cx
            .model
            .sources
            .get(r.value.span().file)
            .slice(r.value.span());
        out.push(
            Finding::new(
                &RULE,
                r.value.span(),
                format!(
                    "`{}` is kept {written}, longer than the {text} limit for {what}",
                    d.id()
                ),
            )
            .label(format!("longer than {text}"))
            .help(format!(
                "shorten the retention to at most `{text}`, or anonymise earlier"
            ))
            .dataset(d.id()),
        );
    }
    out
}
