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

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::data::Benchmark;
use crate::finding::{Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{declared_kind, Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;
use crate::syntax::ast::{Purpose, Retention, Unit};

/// The rule.
pub static RULE: Rule = Rule {
    code: "R004",
    name: "retention-over-limit",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "a purpose kept longer than the retention benchmark for its kind or cookies",
    heading: (
        "a retention period longer than the benchmark for its kind of purpose or for cookies",
        "en lagringstid som är längre än riktmärket för ändamålets slag eller för kakor",
    ),
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
    what: Benchmarked,
}

/// What a benchmark is for.
#[derive(Debug, Clone, Serialize)]
enum Benchmarked {
    /// A purpose kind.
    Kind(String),
    /// Data read from the device.
    Cookies,
}

/// A retention longer than a benchmark.
#[derive(Debug, Serialize)]
struct TooLong {
    dataset: CompactString,
    purpose: CompactString,
    /// The retention, as written.
    kept: CompactString,
    #[serde(skip)]
    retention: Retention,
    /// The benchmark's length, as the rule data gives it (`25 months`).
    benchmark: CompactString,
    source: CompactString,
    what: Benchmarked,
    /// The dataset's other purposes over a benchmark.
    also: Vec<CompactString>,
}

impl Violation for TooLong {
    fn message(&self, w: &Words) -> String {
        let (name, id) = (w.id(&self.purpose), w.id(&self.dataset));
        let kept = w.retention(&self.retention);
        let n = length(w, &self.benchmark);
        let source = &self.source;
        let what = match &self.what {
            Benchmarked::Kind(k) => w.value(Vocab::Kind, k).to_string(),
            Benchmarked::Cookies => w
                .of(
                    "data read from the device",
                    "uppgifter som läses från terminalutrustningen",
                )
                .to_string(),
        };
        let also = if self.also.is_empty() {
            String::new()
        } else {
            format!(
                " ({} {})",
                w.of("also over a benchmark:", "även över ett riktmärke:"),
                w.list(&self.also, |n| w.id(n).to_string())
            )
        };
        w.say(
            || format!("the record keeps the data of purpose {name} of {id} {kept}, longer than the benchmark of {n} for {what} ({source}){also}"),
            || format!("registerförteckningen anger att uppgifterna för ändamålet {name} i {id} sparas {kept}, längre än riktmärket {n} för {what} ({source}){also}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let (name, n) = (w.id(&self.purpose), length(w, &self.benchmark));
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("shorten the retention of {name} to at most {n}, or record why the purpose needs the data longer (Art. 5(1)(e))"),
                || format!("korta lagringstiden för {name} till högst {n}, eller dokumentera varför ändamålet kräver uppgifterna längre (artikel 5.1 e)"),
            )
        } else {
            w.say(
                || format!("shorten the retention of {name} to at most {n} or anonymise earlier; if the purpose needs longer, record why in a suppression with that reason"),
                || format!("korta lagringstiden för {name} till högst {n} eller anonymisera tidigare; om ändamålet kräver längre tid, ange skälet i en undertryckning"),
            )
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        let n = length(w, &self.benchmark);
        Some(w.say(
            || format!("longer than the benchmark of {n}"),
            || format!("längre än riktmärket {n}"),
        ))
    }
}

/// A benchmark's length in the language.
fn length(w: &Words, text: &str) -> String {
    w.say(|| text.to_string(), || swedish_length(text))
}

/// Every dataset with a purpose kept longer than a benchmark, once.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    let over: Vec<Over> = d
        .ast
        .purposes
        .iter()
        .filter_map(|p| over_benchmark(cx, d, p))
        .collect();
    let Some(first) = over.first() else { return };
    let what = TooLong {
        dataset: d.id().to_compact_string(),
        purpose: first.purpose.id.name.to_compact_string(),
        kept: first.retention.to_compact_string(),
        retention: first.retention.clone(),
        benchmark: first.benchmark.text.as_str().into(),
        source: first.benchmark.source.as_str().into(),
        what: first.what.clone(),
        also: over[1..]
            .iter()
            .map(|o| o.purpose.id.name.to_compact_string())
            .collect(),
    };
    out.push(Finding::of(&RULE, first.retention.span(), what).dataset(d.id()));
}

/// The shortest benchmark the purpose's retention exceeds, if any.
fn over_benchmark<'a>(cx: &'a Context, d: &'a Dataset, p: &'a Purpose) -> Option<Over<'a>> {
    let kind = declared_kind(p, cx.data);
    if kind.is_some_and(|k| EXEMPT.contains(&k)) {
        return None;
    }
    let retention = &d.retention_of(p)?.value;
    let length = retention.length()?;
    let own = kind.and_then(|k| Some((k, cx.data.kind_benchmarks.get(k)?)));
    let device = d.ast.cookies.is_some()
        && kind.is_some_and(|k| !cx.data.strictly_necessary.contains(k));
    let cookies = device.then_some(&cx.data.cookie_benchmark);
    // The first of the shortest: a kind's own benchmark before the
    // cookie one when they are equal.
    let own = own.filter(|(_, b)| length > b.length);
    let cookies = cookies.filter(|b| length > b.length);
    let (benchmark, what) = match (own, cookies) {
        (Some((_, b)), Some(c)) if c.length < b.length => (c, Benchmarked::Cookies),
        (Some((k, b)), _) => (b, Benchmarked::Kind(k.to_string())),
        (None, Some(c)) => (c, Benchmarked::Cookies),
        (None, None) => return None,
    };
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
