//! ## What it does
//! Reports a flow of personal data (not `anonymised`) from dataset A into
//! dataset B where B keeps the data longer than A. B's retention is that
//! of the flow's `purpose`, or else the longest of B's purposes; A's is
//! the longest of A's purposes (each purpose's own `retention`, else the
//! dataset's). Periods compare by length (a year is 365 days, a month 1/12
//! of a year); `session` and `none` are shorter than any period; `until`,
//! `by_law` and `indefinite` are not compared.
//!
//! Not reported when that purpose of B (or, without a flow purpose, every
//! purpose of B that would keep the data longer) rests on `consent` or on
//! `legal_obligation` / `public_task` with a law reference: the longer copy
//! then has a ground of its own (consent declared `bundled` or `implied`
//! is no consent). Flows into or out of an anonymous dataset
//! carry no personal data.
//!
//! ## Why is this bad?
//! Deleting the original does not delete the copy. When the copy lives
//! longer without a ground of its own, the source's retention period is a
//! promise the organisation does not keep (Art. 5(1)(e)), and the data
//! subjects were told the shorter one (Art. 13(2)(a)). A talent pool kept
//! two years on the candidates' consent beside applications kept six
//! months is not such a copy.
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
//! - GDPR Art. 5(1)(e), 13(2)(a), 6(4)

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use super::{dataset_longest, longest, Kept};
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::Dataset;
use crate::rules::grounds::{anonymous, has_own_ground};
use crate::rules::Context;
use crate::syntax::ast::{Purpose, Retention};

/// The rule.
pub static RULE: Rule = Rule {
    code: "R003",
    name: "copy-outlives-source",
    severity: Severity::Warning,
    article: "Art. 5(1)(e)",
    summary: "a flow into a dataset kept longer than its source",
    heading: (
        "data passed to a dataset that keeps it longer than its source",
        "uppgifter som lämnas till en datamängd som sparar dem längre än källan",
    ),
    doc: crate::rules::docs::R003,
    origin: Origin::Builtin,
};

/// A copy the record keeps longer than its source, with no ground of its
/// own for the longer period.
#[derive(Debug, Serialize)]
struct CopyKeptLonger {
    /// The dataset the flow brings the data into.
    dataset: CompactString,
    /// The dataset the data comes from.
    source: CompactString,
    /// How long the copy is kept, as written.
    kept: CompactString,
    #[serde(skip)]
    kept_retention: Retention,
    /// The copy's purpose whose own retention that is, if any.
    purpose: Option<CompactString>,
    /// How long the source keeps it, as written.
    source_kept: CompactString,
    #[serde(skip)]
    source_retention: Retention,
    /// The source's purpose whose own retention that is, if any.
    source_purpose: Option<CompactString>,
}

impl Violation for CopyKeptLonger {
    fn message(&self, w: &Words) -> String {
        let (tgt, src) = (w.id(&self.dataset), w.id(&self.source));
        let (kept, from) = (
            w.retention(&self.kept_retention),
            w.retention(&self.source_retention),
        );
        let (kept_for, from_for) = (
            for_purpose(w, self.purpose.as_deref()),
            for_purpose(w, self.source_purpose.as_deref()),
        );
        w.say(
            || format!("the record states a longer retention for the copy in {tgt} than for its source {src}: {kept}{kept_for} against {from}{from_for}"),
            || format!("registerförteckningen anger en längre lagringstid för kopian i {tgt} än för källan {src}: {kept}{kept_for} mot {from}{from_for}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let (tgt, src) = (w.id(&self.dataset), w.id(&self.source));
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("keep the copy in {tgt} no longer than {src} keeps the data, or record the copy's own ground for the longer period (the data subjects' consent, or the law that requires it); otherwise anonymise what is copied, or copy fewer fields (Art. 5(1)(e), 13(2)(a))"),
                || format!("spara inte kopian i {tgt} längre än {src} sparar uppgifterna, eller ange kopians egen grund för den längre tiden (de registrerades samtycke eller den lag som kräver det); annars anonymisera det som kopieras eller kopiera färre uppgifter (artiklarna 5.1 e och 13.2 a)"),
            )
        } else {
            w.say(
                || format!("keep {tgt} no longer than {src}, base the longer purpose on consent or on the law that requires it, mark the flow `anonymised`, or restrict it with `fields`"),
                || format!("spara inte {tgt} längre än {src}, grunda det längre ändamålet på samtycke eller på den lag som kräver det, märk flödet `anonymised`, eller begränsa det med `fields`"),
            )
        })
    }
}

/// Every flow into a dataset that keeps the data longer than the source,
/// without a ground of its own.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, flow, s, t) in cx.model.carrying_flows() {
        if anonymous(cx, s) || anonymous(cx, t) {
            continue;
        }
        let source = &cx.model.datasets[s];
        let target = &cx.model.datasets[t];
        let Some(kept) = target_kept(cx, target, flow.purpose) else {
            continue;
        };
        let Some(from) = dataset_longest(source) else {
            continue;
        };
        if kept.0 <= from.0 {
            continue;
        }
        let what = CopyKeptLonger {
            dataset: target.id().to_compact_string(),
            source: source.id().to_compact_string(),
            kept: kept.1.to_compact_string(),
            kept_retention: kept.1.clone(),
            purpose: own_purpose(kept.2),
            source_kept: from.1.to_compact_string(),
            source_retention: from.1.clone(),
            source_purpose: own_purpose(from.2),
        };
        out.push(
            Finding::of(&RULE, flow.ast.target.span, what)
                .label(said(
                    "the copy outlives its source",
                    "kopian lever längre än källan",
                ))
                .related(
                    kept.1.span(),
                    said("kept this long", "sparas så här länge"),
                )
                .related(
                    from.1.span(),
                    said(
                        "the source keeps it this long",
                        "källan sparar uppgifterna så här länge",
                    ),
                )
                .dataset(target.id()),
        );
    }
    out
}

/// How long the target keeps what the flow brings: the flow's purpose, or
/// the longest of the purposes without a ground of their own. `None` when
/// those purposes have such a ground, or the length is not comparable.
fn target_kept<'a>(cx: &Context, target: &'a Dataset, purpose: Option<usize>) -> Option<Kept<'a>> {
    if target.ast.purposes.is_empty() {
        return dataset_longest(target);
    }
    let served: Vec<&Purpose> = target
        .ast
        .purposes
        .iter()
        .enumerate()
        .filter(|(i, _)| purpose.is_none_or(|p| p == *i))
        .map(|(_, p)| p)
        .filter(|p| !has_own_ground(cx, target, p))
        .collect();
    longest(target, &served)
}

/// The purpose whose own retention this is (none when it is the
/// dataset's).
fn own_purpose(purpose: Option<&Purpose>) -> Option<CompactString> {
    purpose
        .filter(|p| p.retention.is_some())
        .map(|p| p.id.name.clone())
}

/// " (purpose `x`)" when the retention is a purpose's own.
fn for_purpose(w: &Words, purpose: Option<&str>) -> String {
    match purpose {
        Some(p) => format!(" ({} {})", w.of("purpose", "ändamålet"), w.id(p)),
        None => String::new(),
    }
}
