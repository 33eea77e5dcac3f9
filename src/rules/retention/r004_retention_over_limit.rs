//! ## What it does
//! Reports a purpose kept longer than a retention benchmark of the rule
//! data: one for its kind, or, in a dataset with `cookies`, one for data
//! read from the device. Benchmarks are not limits in law: each is a
//! supervisory authority's published guidance, and the finding names its
//! source. Each purpose's retention (its own, else the dataset's) is
//! compared with the benchmark for its kind and, when the dataset declares
//! `cookies` and the purpose's declared kind is not strictly necessary,
//! with the cookie benchmark. A purpose whose kind is only the `service`
//! default is not compared with the cookie benchmark (no finding rests on
//! that default). Default benchmarks: data read from the device and
//! `analytics` 25 months (CNIL, délibération n° 2020-092 du 17 septembre
//! 2020, art. 5); `marketing` and `marketing.email` 3 years (CNIL,
//! délibération n° 2021-131 du 23 septembre 2021). Purposes of kind
//! `legal_compliance` and `legal_claims` are exempt: keeping proof of
//! consent or defending claims is not marketing. Only comparable
//! retentions (durations) are checked. One finding per dataset, on the
//! first purpose over a benchmark (with the shortest benchmark it
//! exceeds), naming the others. A dataset that is anonymous is skipped.
//!
//! The rule keeps its stable name, `retention-over-limit`; a rule pack may
//! add or replace benchmarks, each with its `source` (docs/packs.md).
//!
//! ## Why is this bad?
//! Personal data may be kept no longer than the purpose needs (Art.
//! 5(1)(e)). The law names no period, but supervisory authorities publish
//! what they consider proportionate: the CNIL's recommendation on cookies
//! and other trackers keeps the data they collect at most 25 months, and
//! its reference framework on commercial activities keeps prospects' data
//! three years from the end of the relationship or their last contact. A
//! longer period is not unlawful in itself, but it is what an authority
//! will ask to see justified.
//!
//! ## Example
//! ```ropa
//! dataset web_stats {
//!   cookies _ga
//!   purpose analytics { basis consent  consent { withdraw "cookie settings" } }
//!   retention 26 months
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset web_stats {
//!   cookies _ga
//!   purpose analytics { basis consent  consent { withdraw "cookie settings" } }
//!   retention 25 months
//! }
//! ```
//!
//! A legal hold beside marketing may keep its own, longer retention:
//! ```ropa
//! dataset prospects {
//!   purpose marketing { basis legitimate_interest "LIA-3" }
//!   purpose disputes { kind legal_claims  basis legitimate_interest "LIA-9"  retention 5 years }
//!   retention 3 years after last_contact
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e), 17(3)(e); rule data `rules/limits.yaml`
//! - CNIL, délibération n° 2020-092 du 17 septembre 2020 portant adoption
//!   d'une recommandation relative aux « cookies et autres traceurs », art. 5
//! - CNIL, délibération n° 2021-131 du 23 septembre 2021 portant adoption
//!   d'un référentiel relatif aux traitements de données à caractère
//!   personnel mis en œuvre aux fins de gestion des activités commerciales

use crate::data::Benchmark;
use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::{declared_kind, Dataset};
use crate::rules::grounds::anonymous;
use crate::rules::special::s001_special_category_without_condition::quoted;
use crate::rules::Context;
use crate::syntax::ast::{Purpose, Retention, Unit};

/// The rule.
pub static RULE: Rule = Rule {
    code: "R004",
    name: "retention-over-limit",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "a purpose kept longer than the retention benchmark for its kind or cookies",
    doc: crate::rules::docs::R004,
    origin: Origin::Builtin,
};

/// Kinds no retention benchmark applies to: proof kept for the law or for
/// claims must last as long as the law or the limitation period.
const EXEMPT: &[&str] = &["legal_compliance", "legal_claims"];

/// A purpose over a benchmark: the purpose, its retention, the benchmark
/// and what it is for.
struct Over<'a> {
    purpose: &'a Purpose,
    retention: &'a Retention,
    benchmark: &'a Benchmark,
    what: String,
}

/// Every dataset with a purpose kept longer than a benchmark, once.
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
            .filter_map(|p| over_benchmark(cx, d, p))
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
                lang.of("also over a benchmark:", "även över ett riktmärke:"),
                quoted(&others, lang)
            ),
        };
        let (name, id, kept, b, what) = (
            &first.purpose.id.name,
            d.id(),
            first.retention,
            first.benchmark,
            &first.what,
        );
        let source = &b.source;
        let (message, label) = lang.say(
            || {
                let n = &b.text;
                (
                    format!("purpose `{name}` of `{id}` keeps data {kept}, longer than the benchmark of {n} for {what} ({source}){also}"),
                    format!("longer than the benchmark of {n}"),
                )
            },
            || {
                let (n, kept) = (swedish_length(&b.text), swedish_retention(kept));
                (
                    format!("ändamålet `{name}` i `{id}` sparar uppgifter i {kept}, längre än riktmärket {n} för {what} ({source}){also}"),
                    format!("längre än riktmärket {n}"),
                )
            },
        );
        let help = cx.help(|| {
            lang.say(
                || format!(
                    "shorten the retention of `{name}` to at most {} or anonymise earlier; if the purpose needs longer, record why in a suppression with that reason",
                    b.text
                ),
                || format!(
                    "korta lagringstiden för `{name}` till högst {} eller anonymisera tidigare; om ändamålet kräver längre tid, ange skälet i en undertryckning",
                    swedish_length(&b.text)
                ),
            )
        });
        out.push(
            Finding::new(&RULE, first.retention.span(), message)
                .label(label)
                .help(help)
                .dataset(d.id()),
        );
    }
    out
}

/// The shortest benchmark the purpose's retention exceeds, if any.
fn over_benchmark<'a>(cx: &'a Context, d: &'a Dataset, p: &'a Purpose) -> Option<Over<'a>> {
    let kind = declared_kind(p, cx.data);
    if kind.is_some_and(|k| EXEMPT.contains(&k)) {
        return None;
    }
    let retention = &d.retention_of(p)?.value;
    let length = retention.length()?;
    let mut benchmarks: Vec<(&Benchmark, String)> = Vec::new();
    if let Some(b) = kind.and_then(|k| cx.data.kind_benchmarks.get(k)) {
        benchmarks.push((b, format!("`{}`", kind.unwrap_or_default())));
    }
    let device = kind.is_some_and(|k| !cx.data.strictly_necessary.contains(k));
    if d.ast.cookies.is_some() && device {
        benchmarks.push((
            &cx.data.cookie_benchmark,
            cx.lang
                .of(
                    "data read from the device (`cookies`)",
                    "uppgifter som läses från terminalutrustningen (`cookies`)",
                )
                .to_string(),
        ));
    }
    // The first of the shortest: a kind's own benchmark before the
    // cookie one when they are equal.
    let (benchmark, what) = benchmarks
        .into_iter()
        .filter(|(b, _)| length > b.length)
        .min_by_key(|(b, _)| b.length)?;
    Some(Over {
        purpose: p,
        retention,
        benchmark,
        what,
    })
}

/// A benchmark's length (`25 months`) in Swedish (`25 månader`); a text
/// that does not read as a length is left as it is.
fn swedish_length(text: &str) -> String {
    let mut parts = text.split_whitespace();
    let (Some(amount), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return text.to_string();
    };
    let Ok(n) = amount.parse::<u64>() else {
        return text.to_string();
    };
    let unit = match unit.trim_end_matches('s') {
        "day" => Unit::Day,
        "week" => Unit::Week,
        "month" => Unit::Month,
        "year" => Unit::Year,
        _ => return text.to_string(),
    };
    format!("{n} {}", swedish_unit(unit, n))
}

/// A unit in Swedish, in number.
fn swedish_unit(unit: Unit, n: u64) -> &'static str {
    match (unit, n == 1) {
        (Unit::Day, true) => "dag",
        (Unit::Day, false) => "dagar",
        (Unit::Week, true) => "vecka",
        (Unit::Week, false) => "veckor",
        (Unit::Month, true) => "månad",
        (Unit::Month, false) => "månader",
        (Unit::Year, _) => "år",
    }
}

/// A compared retention (a duration) in Swedish: `36 månader efter
/// `last_activity``; the event keeps its name.
fn swedish_retention(r: &Retention) -> String {
    match r {
        Retention::Duration {
            amount,
            unit,
            after,
            ..
        } => {
            let mut s = format!("{amount} {}", swedish_unit(*unit, u64::from(*amount)));
            if let Some(event) = after {
                s.push_str(&format!(" efter `{}`", event.name));
            }
            s
        }
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_in_swedish() {
        assert_eq!(swedish_length("25 months"), "25 månader");
        assert_eq!(swedish_length("1 year"), "1 år");
        assert_eq!(swedish_length("3 years"), "3 år");
        assert_eq!(swedish_length("soon"), "soon");
    }
}
