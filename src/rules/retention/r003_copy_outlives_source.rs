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

use super::{dataset_longest, longest, Kept};
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::model::Dataset;
use crate::rules::grounds::{anonymous, has_own_ground};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

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
        let (tgt, src, lang) = (target.id(), source.id(), cx.lang);
        let (kept_for, from_for) = (for_purpose(kept.2, lang), for_purpose(from.2, lang));
        let message = lang.say(
            || format!("`{tgt}` keeps data from `{src}` for {}{kept_for}, longer than the source's {}{from_for}", kept.1, from.1),
            || format!("`{tgt}` sparar uppgifter från `{src}` under `{}`{kept_for}, längre än källans `{}`{from_for}", kept.1, from.1),
        );
        let help = cx.help(|| lang.say(
            || format!("keep `{tgt}` no longer than `{src}`, base the longer purpose on consent or on the law that requires it, mark the flow `anonymised`, or restrict it with `fields`"),
            || format!("spara inte `{tgt}` längre än `{src}`, grunda det längre ändamålet på samtycke eller på den lag som kräver det, märk flödet `anonymised`, eller begränsa det med `fields`"),
        ));
        out.push(
            Finding::new(&RULE, flow.ast.target.span, message)
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
                .help(help)
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

/// " (purpose `x`)" when the retention is a purpose's own.
fn for_purpose(purpose: Option<&Purpose>, lang: Lang) -> String {
    match purpose {
        Some(p) if p.retention.is_some() => {
            format!(" ({} `{}`)", lang.of("purpose", "ändamålet"), p.id.name)
        }
        _ => String::new(),
    }
}
