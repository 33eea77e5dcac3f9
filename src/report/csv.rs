//! The CSV report: the Art. 30 table alone, one row per dataset and
//! purpose (a dataset without a purpose still gets a row), for
//! spreadsheets. RFC 4180: comma-separated, CRLF line ends, quoted where
//! needed; cells that a spreadsheet would run as formulas are neutralised.

use super::escape::csv as cell;
use super::labels::{Labels, Vocab};
use super::record::{DatasetView, Mark, PurposeView, Record};
use super::words;
use super::Lang;

/// The field separator of a report in `lang`: Swedish Excel reads `;` (the
/// comma is the decimal sign there), every other `,`.
pub fn delimiter(lang: Lang) -> char {
    match lang {
        Lang::Sv => ';',
        Lang::En => ',',
    }
}

/// Renders the table. A Swedish table is what Swedish Excel opens
/// directly: `;`-separated, UTF-8 with a byte-order mark (without it,
/// Excel reads the file as Windows-1252 and breaks å, ä and ö).
pub fn render(record: &Record, lang: Lang, sep: Option<char>) -> String {
    let l = Labels::of(lang);
    let sep = sep.unwrap_or_else(|| delimiter(lang));
    let mut out = String::new();
    if lang == Lang::Sv {
        out.push('\u{feff}');
    }
    line(&mut out, &header(l), sep);
    for d in record.shown_datasets() {
        if d.purposes.is_empty() {
            line(&mut out, &columns(d, None, l, lang), sep);
        }
        for p in &d.purposes {
            line(&mut out, &columns(d, Some(p), l, lang), sep);
        }
    }
    out
}

fn line(out: &mut String, cells: &[String], sep: char) {
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.push_str(&cell(c, sep));
    }
    out.push_str("\r\n");
}

fn header(l: &Labels) -> Vec<String> {
    [
        l.controller,
        l.dataset,
        l.name,
        l.purpose,
        l.description,
        l.kind,
        l.legal_basis,
        l.basis_reference,
        l.art9,
        l.art10,
        l.subjects,
        l.data_categories,
        l.recipients,
        l.transfers,
        l.retention,
        l.measures,
        l.dpia,
        l.arrangement,
        l.declared_in,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn columns(d: &DatasetView, p: Option<&PurposeView>, l: &Labels, lang: Lang) -> Vec<String> {
    let basis = |b: Option<&super::record::Basis>, vocab| {
        b.map(|b| words::basis_with_reference(lang, vocab, b))
            .unwrap_or_default()
    };
    vec![
        join(d.controllers.iter().map(|c| c.name.to_string())),
        d.named.id.to_string(),
        d.named.name.to_string(),
        p.map(|p| p.id.to_string()).unwrap_or_default(),
        p.and_then(|p| p.description)
            .unwrap_or_default()
            .to_string(),
        p.map(|p| words::term_or_code(lang, Vocab::Kind, p.kind))
            .unwrap_or_default(),
        p.and_then(|p| p.basis.as_ref())
            .map(|b| words::basis(lang, Vocab::Basis, b))
            .unwrap_or_default(),
        p.and_then(|p| p.basis.as_ref())
            .and_then(|b| b.reference)
            .unwrap_or_default()
            .to_string(),
        basis(p.and_then(|p| p.special_basis.as_ref()), Vocab::Art9),
        basis(p.and_then(|p| p.criminal_basis.as_ref()), Vocab::Art10),
        join(
            d.subjects
                .iter()
                .map(|s| words::term_or_code(lang, Vocab::Subject, s)),
        ),
        categories(d, l, lang),
        join(d.recipients.iter().map(|r| words::recipient(r, l))),
        join(d.transfers.iter().map(|t| {
            let safeguard = words::transfer_safeguard(lang, l, t);
            format!(
                "{} ({}): {safeguard}",
                t.party.name,
                words::countries(lang, &t.countries)
            )
        })),
        d.retention
            .as_ref()
            .map(|r| words::retention(l, r))
            .unwrap_or_default(),
        join(
            d.measures
                .iter()
                .map(|m| words::term_or_code(lang, Vocab::Measure, m)),
        ),
        d.dpia.unwrap_or_default().to_string(),
        d.arrangement.unwrap_or_default().to_string(),
        format!("{}:{}", d.location.file, d.location.line),
    ]
}

/// The distinct categories (or field names, for fields without one),
/// special and criminal ones marked.
pub(super) fn categories(d: &DatasetView, l: &Labels, lang: Lang) -> String {
    let mut seen: Vec<String> = Vec::new();
    for f in &d.fields {
        let mut text = match &f.category {
            Some(c) => words::term_or_code(lang, Vocab::Category, c),
            None => f.name.to_string(),
        };
        match f.mark {
            Mark::Special => text.push_str(&format!(" [{}]", l.special)),
            Mark::Criminal => text.push_str(&format!(" [{}]", l.criminal)),
            Mark::None => {}
        }
        if !seen.contains(&text) {
            seen.push(text);
        }
    }
    seen.join("; ")
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join("; ")
}
