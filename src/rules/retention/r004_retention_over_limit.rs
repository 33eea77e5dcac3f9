//! ## What it does
//! Reports a purpose kept longer than a limit the rule data sets for its
//! kind or, in a dataset with `cookies`, for data read from the device.
//! Each purpose's retention (its own, else the dataset's) is compared with
//! its kind's limit and with the cookie limit. Default limits: cookies 13
//! months, `analytics` 25 months, `marketing` and `marketing.email` 24
//! months. Purposes of kind `legal_compliance` and `legal_claims` are
//! exempt: keeping proof of consent or defending claims is not marketing.
//! Only comparable retentions (durations) are checked. One finding per
//! dataset, on the first purpose over a limit (with the shortest limit it
//! exceeds), naming the others. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Supervisory authorities read storage limitation (Art. 5(1)(e)) into
//! concrete ceilings: cookie consent and identifiers renewed at least every
//! 13 months, analytics data aggregated or deleted after 25 months,
//! marketing registers purged after two years without contact.
//!
//! ## Example
//! ```ropa
//! dataset web_stats {
//!   cookies _ga
//!   purpose analytics { basis consent  consent { withdraw "Cookie settings" } }
//!   retention 26 months
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset web_stats {
//!   cookies _ga
//!   purpose analytics { basis consent  consent { withdraw "Cookie settings" } }
//!   retention 13 months
//! }
//! ```
//!
//! A legal hold beside marketing may keep its own, longer retention:
//! ```ropa
//! dataset prospects {
//!   purpose marketing { basis legitimate_interest "LIA-3" }
//!   purpose disputes { kind legal_claims  basis legitimate_interest "LIA-9"  retention 3 years }
//!   retention 24 months
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e), 17(3)(e); rule data `rules/limits.yaml`

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::{purpose_kind, Dataset};
use crate::rules::grounds::anonymous;
use crate::rules::special::s001_special_category_without_condition::quoted;
use crate::rules::Context;
use crate::syntax::ast::{Length, Purpose, Retention};

/// The rule.
pub static RULE: Rule = Rule {
    code: "R004",
    name: "retention-over-limit",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "a purpose kept longer than the limit for its kind or cookies",
    doc: crate::rules::docs::R004,
    origin: Origin::Builtin,
};

/// Kinds no retention limit applies to: proof kept for the law or for
/// claims must last as long as the law or the limitation period.
const EXEMPT: &[&str] = &["legal_compliance", "legal_claims"];

/// A purpose over a limit: the purpose, its retention, the limit's text
/// and what the limit is for.
struct Over<'a> {
    purpose: &'a Purpose,
    retention: &'a Retention,
    limit: String,
    what: String,
}

/// Every dataset with a purpose kept longer than a limit, once.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        let over: Vec<Over> = d
            .ast
            .purposes
            .iter()
            .filter_map(|p| over_limit(cx, d, p))
            .collect();
        let Some(first) = over.first() else { continue };
        let others: Vec<&str> = over[1..]
            .iter()
            .map(|o| o.purpose.id.name.as_str())
            .collect();
        let lang = cx.lang;
        let also = match others.len() {
            0 => String::new(),
            _ => format!(
                " ({} {})",
                lang.of("also over a limit:", "även över en gräns:"),
                quoted(&others, lang)
            ),
        };
        let (name, id, kept, limit, what) = (
            &first.purpose.id.name,
            d.id(),
            first.retention,
            &first.limit,
            &first.what,
        );
        let (message, label) = lang.say(
            || (
                format!("purpose `{name}` of `{id}` keeps data {kept}, longer than the {limit} limit for {what}{also}"),
                format!("longer than {limit}"),
            ),
            || (
                format!("ändamålet `{name}` i `{id}` sparar uppgifter under `{kept}`, längre än gränsen `{limit}` för {what}{also}"),
                format!("längre än `{limit}`"),
            ),
        );
        let help = cx.help(|| lang.say(
            || format!("shorten the retention of `{name}` to at most `{limit}`, or anonymise earlier"),
            || format!("korta lagringstiden för `{name}` till högst `{limit}`, eller anonymisera tidigare"),
        ));
        out.push(
            Finding::new(&RULE, first.retention.span(), message)
                .label(label)
                .help(help)
                .dataset(d.id()),
        );
    }
    out
}

/// The shortest limit the purpose's retention exceeds, if any.
fn over_limit<'a>(cx: &Context, d: &'a Dataset, p: &'a Purpose) -> Option<Over<'a>> {
    let kind = purpose_kind(p, cx.data);
    if EXEMPT.contains(&kind) {
        return None;
    }
    let retention = &d.retention_of(p)?.value;
    let length = retention.length()?;
    let mut limits: Vec<(Length, &str, String)> = Vec::new();
    if d.ast.cookies.is_some() {
        limits.push((
            cx.data.cookie_limit,
            &cx.data.cookie_limit_text,
            cx.lang
                .of(
                    "data read from the device (`cookies`)",
                    "uppgifter som läses från terminalutrustningen (`cookies`)",
                )
                .to_string(),
        ));
    }
    if let Some((limit, text)) = cx.data.kind_limits.get(kind) {
        limits.push((*limit, text, format!("`{kind}`")));
    }
    let (_, limit, what) = limits
        .into_iter()
        .filter(|(limit, _, _)| length > *limit)
        .min_by_key(|(limit, _, _)| *limit)?;
    Some(Over {
        purpose: p,
        retention,
        limit: limit.to_string(),
        what,
    })
}
