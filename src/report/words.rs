//! Plain-text renderings shared by every format: vocabulary terms, bases
//! with their articles, retention periods, sources, scale.

use super::labels::{article, term, Labels, Vocab};
use super::record::{
    Basis, Country, DatasetView, RecipientView, RetentionView, ScaleView, SourceView, Transfer,
};
use super::Lang;
use crate::finding::Glossary;
use crate::syntax::ast::Retention;

/// The report's names of values, for findings worded for legal readers.
pub struct ReportGlossary;

impl Glossary for ReportGlossary {
    fn term(&self, vocab: Vocab, value: &str, lang: Lang) -> Option<&'static str> {
        term(lang, vocab, value)
    }

    fn country(&self, code: &str, lang: Lang) -> Option<&'static str> {
        super::labels::country(lang, code)
    }

    fn retention(&self, r: &Retention, lang: Lang) -> String {
        retention(Labels::of(lang), &super::record::retention_view(r))
    }
}

/// The report-language name of a vocabulary value, or the value itself.
pub fn term_or_code(lang: Lang, vocab: Vocab, code: &str) -> String {
    term(lang, vocab, code).map_or_else(|| code.to_string(), str::to_string)
}

/// "Public task (Art. 6(1)(e))": the term with its article, no reference.
pub fn basis(lang: Lang, vocab: Vocab, b: &Basis) -> String {
    let name = term_or_code(lang, vocab, b.value);
    match &b.article {
        Some(a) => format!("{name} ({})", article(lang, a)),
        None => name,
    }
}

/// The term, article and reference on one line, separated by ` — `.
pub fn basis_with_reference(lang: Lang, vocab: Vocab, b: &Basis) -> String {
    match &b.reference {
        Some(r) => format!("{} — {r}", basis(lang, vocab, b)),
        None => basis(lang, vocab, b),
    }
}

/// A transfer's safeguard on one line: the mechanism with its article and
/// reference, then the transfer impact assessment when one is recorded
/// (v3); `None` when there is no safeguard.
pub fn safeguard(lang: Lang, l: &Labels, t: &Transfer) -> Option<String> {
    let b = t.safeguard.as_ref()?;
    let mut text = basis_with_reference(lang, Vocab::Mechanism, b);
    if let Some(tia) = t.tia {
        text.push_str(&format!("; {}: {tia}", l.tia));
    }
    Some(text)
}

/// A dataset's retention in the report's language: the dataset's period,
/// with each purpose that has its own named before it (`talent_pool: 24
/// months; other purposes: 6 months`); `None` when nothing is declared.
pub fn dataset_retention(l: &Labels, d: &DatasetView) -> Option<String> {
    let own: Vec<String> = d
        .purposes
        .iter()
        .filter_map(|p| {
            p.retention
                .as_ref()
                .map(|r| format!("{}: {}", p.id, retention(l, r)))
        })
        .collect();
    let dataset = d.retention.as_ref().map(|r| retention(l, r));
    if own.is_empty() {
        return dataset;
    }
    let mut parts = own;
    let others = d.purposes.iter().any(|p| p.retention.is_none());
    if others {
        let text = dataset.unwrap_or_else(|| l.not_stated.to_string());
        parts.push(format!("{}: {text}", l.other_purposes));
    }
    Some(parts.join("; "))
}

/// A retention period in the report's language, amounts and events as declared.
pub fn retention(l: &Labels, r: &RetentionView) -> String {
    let w = &l.ret;
    match r {
        RetentionView::Duration {
            amount,
            unit,
            after,
            then,
        } => {
            let names = match *unit {
                "day" => w.units[0],
                "week" => w.units[1],
                "month" => w.units[2],
                _ => w.units[3],
            };
            let name = if *amount == 1 { names.0 } else { names.1 };
            let mut out = format!("{amount} {name}");
            if let Some(event) = after {
                out.push_str(&format!(" {} {event}", w.after));
            }
            match *then {
                "anonymise" => out.push_str(w.then_anonymise),
                "archive" => out.push_str(w.then_archive),
                _ => {}
            }
            out
        }
        RetentionView::Session => w.session.to_string(),
        RetentionView::NotStored => w.none.to_string(),
        RetentionView::Until { event } => format!("{} {event}", w.until),
        RetentionView::ByLaw { reference } => format!("{} {reference}", w.by_law),
        RetentionView::Indefinite => w.indefinite.to_string(),
    }
}

/// Country codes, comma-separated.
/// A recipient's role in the report's language.
pub fn role(r: &RecipientView, l: &Labels) -> &'static str {
    if super::record::is_controller(r.role) {
        l.role_controller
    } else {
        l.role_processor
    }
}

/// A recipient as plain text: `Name (role, countries)`.
pub fn recipient(r: &RecipientView, l: &Labels) -> String {
    format!(
        "{} ({}, {})",
        r.named.name,
        role(r, l),
        countries(l.lang, &r.countries)
    )
}

/// Countries as plain text.
pub fn countries(lang: Lang, list: &[Country]) -> String {
    list.iter()
        .map(|c| place(lang, c.code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A place as a cell or a list names it: its name in `lang` without a
/// leading article ("United States", "USA"), or its code when the
/// vocabulary has no name for it.
pub fn place(lang: Lang, code: &str) -> String {
    match super::labels::country(lang, code) {
        Some(name) => name.strip_prefix("the ").unwrap_or(name).to_string(),
        None => code.to_string(),
    }
}

/// Country codes as a list of names.
pub fn places(lang: Lang, codes: &[&str]) -> String {
    codes
        .iter()
        .map(|c| place(lang, c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where data comes from, in words.
pub fn source(l: &Labels, s: &SourceView) -> String {
    match s {
        SourceView::DataSubject => l.from_data_subject.to_string(),
        SourceView::PublicSources => l.public_sources.to_string(),
        SourceView::Party(p) => p.name.to_string(),
        SourceView::Text(t) => t.to_string(),
    }
}

/// `scale large` or `scale N`, in words.
pub fn scale(l: &Labels, s: &ScaleView) -> String {
    match (s.subjects, s.large) {
        (Some(n), true) => format!("{n} {} ({})", l.approx_subjects, l.large_scale),
        (Some(n), false) => format!("{n} {}", l.approx_subjects),
        (None, _) => l.large_scale.to_string(),
    }
}

/// What a transfer rests on, in words: the declared mechanism, or the
/// adequacy decision that covers the destination; "no valid safeguard"
/// only where a finding says so (T001, T002, T003); the other transfer
/// findings (T004, T005) named after it.
pub fn transfer_safeguard(lang: Lang, l: &Labels, t: &Transfer) -> String {
    let declared = safeguard(lang, l, t);
    let mut out = match (t.unsafeguarded, declared) {
        (true, Some(d)) => format!("{d} — {}", l.no_valid_safeguard),
        (true, None) => l.no_valid_safeguard.to_string(),
        (false, Some(d)) => d,
        (false, None) if t.adequate => l.adequacy_decision.to_string(),
        (false, None) => l.none_recorded.to_string(),
    };
    if !t.notes.is_empty() {
        out.push_str(&format!(" ({} {})", l.see_findings, t.notes.join(", ")));
    }
    out
}

/// "made on 2026-12-07 · commit 1a2b3c4 with uncommitted changes", for a
/// record's first lines; empty for a record made without a date.
pub fn made(l: &Labels, made: Option<&super::record::Made>) -> String {
    let Some(m) = made else {
        return String::new();
    };
    let mut out = format!("{} {}", l.made_on, m.date);
    if let Some(rev) = &m.revision {
        out.push_str(&format!(" · {} {rev}", l.from_commit));
        if m.uncommitted {
            out.push(' ');
            out.push_str(l.uncommitted);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::labels::{EN, SV};

    #[test]
    fn retention_in_both_languages() {
        let r = RetentionView::Duration {
            amount: 36,
            unit: "month",
            after: Some("last_activity"),
            then: "anonymise",
        };
        assert_eq!(
            retention(&EN, &r),
            "36 months after last_activity, then anonymised"
        );
        assert_eq!(
            retention(&SV, &r),
            "36 månader efter last_activity, därefter anonymiseras uppgifterna"
        );
        let one = RetentionView::Duration {
            amount: 1,
            unit: "year",
            after: None,
            then: "delete",
        };
        assert_eq!(retention(&EN, &one), "1 year");
    }
}
