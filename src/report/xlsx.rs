//! The xlsx report: the record as a workbook for legal teams.
//!
//! Sheets, in order: the Art. 30 table in the column order of the ICO's
//! documentation template for controllers (one row per dataset and
//! purpose, then ropa's own identifying columns), one sheet per controller
//! (its details above the same table, narrowed to its datasets), the
//! transfers outside the EEA, and the findings. Every sheet has a frozen,
//! filterable header and wrapped text.
//!
//! Every value is written as a string cell, never as a formula, whatever it
//! starts with. The workbook's creation date is fixed and the rows depend
//! only on the model, so the same model gives the same bytes.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::labels::{Labels, Vocab};
use std::collections::HashMap;

use super::record::{DatasetView, PartyView, PurposeView, Record, RecordKind};
use super::words;
use super::Lang;

/// A column of a table: what it holds (the role `ropa import sheet` reads
/// it as), its heading in English and in Swedish, and its width.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// What the column holds, as the importer names it.
    pub role: &'static str,
    /// The heading in an English report.
    pub en: &'static str,
    /// The heading in a Swedish report.
    pub sv: &'static str,
    /// The width, in characters.
    pub width: f64,
}

impl Column {
    /// The heading in `lang`.
    pub fn heading(&self, lang: Lang) -> &'static str {
        lang.of(self.en, self.sv)
    }
}

const fn col(role: &'static str, en: &'static str, sv: &'static str, width: f64) -> Column {
    Column {
        role,
        en,
        sv,
        width,
    }
}

/// The ICO template's columns, in its order, then ropa's. The English
/// headings are the template's own words, so that a sheet made from the
/// template and this report read alike; the Swedish ones say the same in
/// the words of a Swedish register. `ropa import sheet` knows both.
pub const ART30_COLUMNS: &[Column] = &[
    col("business_function", "Business function", "Verksamhetsområde", 24.0),
    col("purpose", "Purpose of processing", "Ändamål med behandlingen", 32.0),
    col(
        "joint_controller",
        "Name and contact details of joint controller (if applicable)",
        "Gemensamt personuppgiftsansvarig (i förekommande fall)",
        28.0,
    ),
    col("subjects", "Categories of individuals", "Kategorier av registrerade", 24.0),
    col("categories", "Categories of personal data", "Kategorier av personuppgifter", 36.0),
    col("recipients", "Categories of recipients", "Kategorier av mottagare", 30.0),
    col(
        "processor_contract",
        "Link to contract with processor",
        "Personuppgiftsbiträdesavtal",
        26.0,
    ),
    col(
        "third_countries",
        "Names of third countries or international organisations that personal data are transferred to (if applicable)",
        "Överföring till tredjeland eller internationell organisation (i förekommande fall)",
        26.0,
    ),
    col(
        "safeguards",
        "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
        "Skyddsåtgärder vid överföring till tredjeland (i förekommande fall)",
        30.0,
    ),
    col("retention", "Retention schedule (if possible)", "Lagringstid (om möjligt)", 24.0),
    col(
        "security",
        "General description of technical and organisational security measures (if possible)",
        "Tekniska och organisatoriska säkerhetsåtgärder (om möjligt)",
        30.0,
    ),
    col(
        "basis",
        "Article 6 lawful basis for processing personal data",
        "Rättslig grund för behandlingen (artikel 6)",
        28.0,
    ),
    col(
        "legitimate_interest",
        "Legitimate interests for the processing (if applicable)",
        "Berättigat intresse (i förekommande fall)",
        28.0,
    ),
    col(
        "special_basis",
        "Article 9 basis for processing special category data",
        "Undantag för känsliga personuppgifter (artikel 9)",
        28.0,
    ),
    col(
        "criminal_basis",
        "Article 10 basis for processing criminal offence data",
        "Stöd för uppgifter om lagöverträdelser (artikel 10)",
        24.0,
    ),
    col("consent_record", "Link to record of consent", "Dokumentation av samtycke", 24.0),
    col(
        "source",
        "Source of the personal data",
        "Varifrån personuppgifterna kommer",
        24.0,
    ),
    col(
        "automated",
        "Existence of automated decision-making, including profiling (if applicable)",
        "Automatiserat beslutsfattande, inklusive profilering (i förekommande fall)",
        22.0,
    ),
    col("dpia", "Link to DPIA (if applicable)", "Konsekvensbedömning (i förekommande fall)", 22.0),
    col("controller", "Controller", "Personuppgiftsansvarig", 24.0),
    col("dataset_id", "Dataset ID", "Datamängdens id", 20.0),
    col("purpose_id", "Purpose ID", "Ändamålets id", 20.0),
    col("purpose_kind", "Purpose kind", "Typ av ändamål", 20.0),
    col(
        "basis_reference",
        "Legal basis reference",
        "Hänvisning för den rättsliga grunden",
        28.0,
    ),
    col("anonymous", "Anonymous data", "Anonyma uppgifter", 14.0),
    col("declared_in", "Declared in", "Deklarerad i", 24.0),
];

/// The columns of the parties sheet: every party of the model with what
/// the Art. 30 table cannot say of it (its ID, role, countries, whether it
/// is a public authority, the laws it acts under, its contract, transfer
/// mechanism and sub-processors), so that `ropa import sheet` gives each
/// party back its ID and facts.
pub const PARTY_COLUMNS: &[Column] = &[
    col("party_id", "Party ID", "Partens id", 20.0),
    col("name", "Name", "Namn", 28.0),
    col("role", "Role", "Roll", 20.0),
    col("countries", "Countries", "Länder", 14.0),
    col("public_authority", "Public authority", "Myndighet", 12.0),
    col(
        "laws",
        "Laws that mandate the processing",
        "Författningar som styr behandlingen",
        36.0,
    ),
    col("contact", "Contact details", "Kontaktuppgifter", 30.0),
    col("dpo", "Data protection officer", "Dataskyddsombud", 30.0),
    col(
        "representative",
        "Representative in the EU",
        "Företrädare inom EU",
        26.0,
    ),
    col(
        "dpa",
        "Link to contract with processor",
        "Personuppgiftsbiträdesavtal",
        26.0,
    ),
    col(
        "transfer",
        "Transfer mechanism",
        "Skyddsåtgärd vid överföring till tredjeland",
        30.0,
    ),
    col(
        "tia",
        "Transfer impact assessment",
        "Bedömning av överföringens konsekvenser",
        26.0,
    ),
    col(
        "subprocessors",
        "Sub-processors (party IDs)",
        "Underbiträden (parternas id)",
        24.0,
    ),
    col("declared_in", "Declared in", "Deklarerad i", 24.0),
];

/// The names of the first sheet, the transfers sheet and the findings
/// sheet (Excel allows 31 characters, so the report's headings are cut
/// to their words).
pub fn sheet_titles(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::En => ["Art. 30 record", "Transfers to third countries", "Findings"],
        Lang::Sv => [
            "Registerförteckning",
            "Överföringar till tredjeland",
            "Iakttagelser",
        ],
    }
}

/// The name of the parties sheet.
pub fn parties_title(lang: Lang) -> &'static str {
    lang.of("Parties", "Parter")
}

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// The fixed creation date of every workbook.
fn creation_date(made: Option<&super::record::Made>) -> Result<ExcelDateTime, XlsxError> {
    let ymd = made.and_then(|m| {
        let mut parts = m.date.splitn(3, '-');
        let y: u16 = parts.next()?.parse().ok()?;
        let mo: u8 = parts.next()?.parse().ok()?;
        let d: u8 = parts.next()?.parse().ok()?;
        Some((y, mo, d))
    });
    match ymd {
        Some((y, m, d)) => {
            ExcelDateTime::from_ymd(y, m, d).or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))
        }
        None => ExcelDateTime::from_ymd(2000, 1, 1),
    }
}

/// The cell formats of a workbook.
struct Formats {
    header: Format,
    text: Format,
    label: Format,
}

/// Renders the workbook.
pub fn render(record: &Record, lang: Lang) -> Result<Vec<u8>, String> {
    build(record, lang).map_err(|e| format!("cannot write the workbook: {e}"))
}

fn build(record: &Record, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let l = Labels::of(lang);
    let made = words::made(l, record.made.as_ref());
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(l.title)
            .set_author("ropa")
            .set_comment(&made)
            .set_creation_datetime(&creation_date(record.made.as_ref())?),
    );
    let f = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(0xDDE5F0),
        text: Format::new().set_text_wrap(),
        label: Format::new().set_bold(),
    };
    let mut names = SheetNames::default();
    let dpas = dpas(record);
    let [record_title, transfers_title, findings_title] = sheet_titles(lang);

    let all: Vec<usize> = (0..record.datasets.len())
        .filter(|&i| record.shows(i))
        .collect();
    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(names.take(record_title))?;
    // The record's title and when it was made, and, when files were left
    // out, a banner saying so, above its table (the importer skips title
    // rows above the headings).
    let mut top = 0;
    if !made.is_empty() {
        write(sheet, 0, 0, l.title, &f.label)?;
        write(sheet, 1, 0, &made, &f.text)?;
        top = 3;
    }
    if !record.incomplete.is_empty() {
        write(sheet, top, 0, l.incomplete_title, &f.label)?;
        write(sheet, top + 1, 0, l.incomplete_intro, &f.text)?;
        top += 2;
        for b in &record.incomplete {
            let place = format!("{}:{} ({}) {}", b.file, b.line, b.code, b.message);
            write(sheet, top, 0, &place, &f.text)?;
            top += 1;
        }
        top += 1;
    }
    art30_table(sheet, record, &dpas, &all, top, l, lang, &f)?;

    for section in &record.sections {
        let Some(org) = &section.controller else {
            continue;
        };
        // A processor's record (Art. 30(2)) has no Art. 30(1) table.
        if section.kind == RecordKind::Processor {
            continue;
        }
        let sheet = book.add_worksheet_with_constant_memory()?;
        sheet.set_name(names.take(org.named.name))?;
        let details = [
            (l.controller, org.named.name),
            (l.contact, org.contact.unwrap_or_default()),
            (l.dpo, org.dpo.unwrap_or_default()),
            (l.representative, org.representative.unwrap_or_default()),
            (l.country, &words::places(lang, &org.countries)),
        ];
        for (row, (label, value)) in details.iter().enumerate() {
            write(sheet, row as u32, 0, label, &f.label)?;
            write(sheet, row as u32, 1, value, &f.text)?;
        }
        let top = details.len() as u32 + 1;
        art30_table(sheet, record, &dpas, &section.datasets, top, l, lang, &f)?;
    }

    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(names.take(parties_title(lang)))?;
    parties(sheet, record, l, lang, &f)?;

    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(names.take(transfers_title))?;
    transfers(sheet, record, l, lang, &f)?;

    let sheet = book.add_worksheet_with_constant_memory()?;
    sheet.set_name(names.take(findings_title))?;
    findings(sheet, record, l, lang, &f)?;

    book.save_to_buffer()
}

/// Writes `text` as a string cell, cut to Excel's limit.
fn write(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    let text = match text.char_indices().nth(CELL_LIMIT - 1) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    };
    sheet.write_string_with_format(row, col, text, f)?;
    Ok(())
}

/// A header at `row` with widths, frozen below and filterable to `last_row`.
fn header(
    sheet: &mut Worksheet,
    row: u32,
    columns: &[(&str, f64)],
    last_row: u32,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
        write(sheet, row, col as u16, name, &f.header)?;
    }
    sheet.set_freeze_panes(row + 1, 0)?;
    let last_col = columns.len().saturating_sub(1) as u16;
    sheet.autofilter(row, 0, last_row.max(row), last_col)?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn art30_table(
    sheet: &mut Worksheet,
    record: &Record,
    dpas: &Dpas<'_>,
    datasets: &[usize],
    top: u32,
    l: &Labels,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let rows: usize = datasets
        .iter()
        .filter_map(|i| record.datasets.get(*i))
        .map(|d| d.purposes.len().max(1))
        .sum();
    header(
        sheet,
        top,
        &headings(ART30_COLUMNS, lang),
        top + rows as u32,
        f,
    )?;
    let mut row = top + 1;
    for d in datasets.iter().filter_map(|i| record.datasets.get(*i)) {
        let purposes: Vec<Option<&PurposeView>> = if d.purposes.is_empty() {
            vec![None]
        } else {
            d.purposes.iter().map(Some).collect()
        };
        for p in purposes {
            for (col, value) in art30_row(dpas, d, p, l, lang).iter().enumerate() {
                if !value.is_empty() {
                    write(sheet, row, col as u16, value, &f.text)?;
                }
            }
            row += 1;
        }
    }
    Ok(())
}

/// The headings and widths of `columns` in `lang`.
fn headings(columns: &[Column], lang: Lang) -> Vec<(&'static str, f64)> {
    columns.iter().map(|c| (c.heading(lang), c.width)).collect()
}

/// Each party's data processing agreement, by party ID: looked up once
/// per recipient of every row, so a map rather than a search.
pub type Dpas<'a> = HashMap<&'a str, &'a str>;

/// The [`Dpas`] of a record.
pub fn dpas<'a>(record: &'a Record<'a>) -> Dpas<'a> {
    record
        .parties
        .iter()
        .filter_map(|p| p.dpa.map(|d| (p.named.id, d)))
        .collect()
}

/// One row of the Art. 30 table, in [`ART30_COLUMNS`] order.
pub fn art30_row(
    dpas: &Dpas<'_>,
    d: &DatasetView,
    p: Option<&PurposeView>,
    l: &Labels,
    lang: Lang,
) -> Vec<String> {
    let join = |items: Vec<String>| items.join("; ");
    let basis = p.and_then(|p| p.basis.as_ref());
    let joint = if d.controllers.len() > 1 {
        let mut text = join(d.controllers.iter().map(|c| c.name.to_string()).collect());
        if let Some(a) = &d.arrangement {
            text.push_str(&format!(" — {a}"));
        }
        text
    } else {
        String::new()
    };
    let recipients = join(
        d.recipients
            .iter()
            .map(|r| words::recipient(r, l))
            .collect(),
    );
    let contracts = join(
        d.recipients
            .iter()
            .filter_map(|r| {
                let dpa = dpas.get(r.named.id)?;
                Some(format!("{}: {dpa}", r.named.name))
            })
            .collect(),
    );
    let mut countries: Vec<&str> = Vec::new();
    for t in &d.transfers {
        for c in t.countries.iter().filter(|c| c.third_country) {
            if !countries.contains(&c.code) {
                countries.push(c.code);
            }
        }
    }
    let safeguards = join(
        d.transfers
            .iter()
            .map(|t| {
                let s = words::transfer_safeguard(lang, l, t);
                format!("{}: {s}", t.party.name)
            })
            .collect(),
    );
    let legitimate = basis
        .filter(|b| b.value == "legitimate_interest")
        .and_then(|b| b.reference)
        .unwrap_or_default()
        .to_string();
    let automated = p.map_or(String::new(), |p| {
        let mut parts = Vec::new();
        if p.profiling {
            parts.push(l.profiling);
        }
        if p.automated_decisions {
            parts.push(l.automated_decisions);
        }
        parts.join("; ")
    });
    vec![
        d.named.name.to_string(),
        p.map(|p| {
            p.description.map_or_else(
                || words::term_or_code(lang, Vocab::Kind, p.kind),
                str::to_string,
            )
        })
        .unwrap_or_default(),
        joint,
        join(
            d.subjects
                .iter()
                .map(|s| words::term_or_code(lang, Vocab::Subject, s))
                .collect(),
        ),
        super::csv::categories(d, l, lang),
        recipients,
        contracts,
        words::places(lang, &countries),
        safeguards,
        // A purpose's own retention replaces the dataset's.
        p.and_then(|p| p.retention.as_ref())
            .or(d.retention.as_ref())
            .map(|r| words::retention(l, r))
            .unwrap_or_default(),
        join(
            d.measures
                .iter()
                .map(|m| words::term_or_code(lang, Vocab::Measure, m))
                .collect(),
        ),
        basis
            .map(|b| words::basis(lang, Vocab::Basis, b))
            .unwrap_or_default(),
        legitimate,
        p.and_then(|p| p.special_basis.as_ref())
            .map(|b| words::basis_with_reference(lang, Vocab::Art9, b))
            .unwrap_or_default(),
        p.and_then(|p| p.criminal_basis.as_ref())
            .map(|b| words::basis_with_reference(lang, Vocab::Art10, b))
            .unwrap_or_default(),
        p.and_then(|p| p.consent.as_ref())
            .and_then(|c| c.record)
            .unwrap_or_default()
            .to_string(),
        join(d.sources.iter().map(|s| words::source(l, s)).collect()),
        automated,
        d.dpia.unwrap_or_default().to_string(),
        join(d.controllers.iter().map(|c| c.name.to_string()).collect()),
        d.named.id.to_string(),
        p.map(|p| p.id).unwrap_or_default().to_string(),
        // Only a declared kind: the `service` default is no fact of the
        // record, and the import would make it one.
        p.filter(|p| p.kind_declared)
            .map(|p| words::term_or_code(lang, Vocab::Kind, p.kind))
            .unwrap_or_default(),
        basis
            .and_then(|b| b.reference)
            .unwrap_or_default()
            .to_string(),
        if d.anonymous {
            lang.of("Yes", "Ja").to_string()
        } else {
            String::new()
        },
        format!("{}:{}", d.location.file, d.location.line),
    ]
}

/// One row of the parties sheet, in [`PARTY_COLUMNS`] order.
pub fn party_row(p: &PartyView, l: &Labels, lang: Lang) -> Vec<String> {
    let role = if super::record::is_controller(p.kind) {
        l.role_controller
    } else {
        l.role_processor
    };
    vec![
        p.named.id.to_string(),
        p.named.name.to_string(),
        role.to_string(),
        words::countries(lang, &p.countries),
        if p.public_authority {
            lang.of("Yes", "Ja").to_string()
        } else {
            String::new()
        },
        p.laws.join("; "),
        p.contact.unwrap_or_default().to_string(),
        p.dpo.unwrap_or_default().to_string(),
        p.representative.unwrap_or_default().to_string(),
        p.dpa.unwrap_or_default().to_string(),
        p.transfer
            .as_ref()
            .map(|b| words::basis_with_reference(lang, Vocab::Mechanism, b))
            .unwrap_or_default(),
        p.tia.unwrap_or_default().to_string(),
        p.subprocessors.join("; "),
        format!("{}:{}", p.location.file, p.location.line),
    ]
}

fn parties(
    sheet: &mut Worksheet,
    record: &Record,
    l: &Labels,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let columns = headings(PARTY_COLUMNS, lang);
    header(sheet, 0, &columns, record.parties.len() as u32, f)?;
    for (i, p) in record.parties.iter().enumerate() {
        for (col, v) in party_row(p, l, lang).iter().enumerate() {
            if !v.is_empty() {
                write(sheet, i as u32 + 1, col as u16, v, &f.text)?;
            }
        }
    }
    Ok(())
}

fn transfers(
    sheet: &mut Worksheet,
    record: &Record,
    l: &Labels,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let columns = [
        (l.dataset, 24.0),
        (l.recipient, 26.0),
        (l.country, 14.0),
        (l.safeguard, 36.0),
        (l.via, 24.0),
    ];
    header(sheet, 0, &columns, record.transfers.len() as u32, f)?;
    for (i, t) in record.transfers.iter().enumerate() {
        let row = i as u32 + 1;
        let safeguard = words::transfer_safeguard(lang, l, t);
        let via: Vec<&str> = t.via.iter().map(|v| v.name).collect();
        let values = [
            format!("{} ({})", t.dataset.name, t.dataset.id),
            format!("{} ({})", t.party.name, t.party.id),
            words::countries(lang, &t.countries),
            safeguard,
            via.join(" → "),
        ];
        for (col, v) in values.iter().enumerate() {
            write(sheet, row, col as u16, v, &f.text)?;
        }
    }
    Ok(())
}

fn findings(
    sheet: &mut Worksheet,
    record: &Record,
    l: &Labels,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let columns = [
        (lang.of("Severity", "Allvarlighetsgrad"), 10.0),
        (l.rule, 10.0),
        (l.name, 28.0),
        (l.article, 16.0),
        (l.dataset, 20.0),
        (l.message, 60.0),
        (l.remedy, 40.0),
        (l.location, 28.0),
    ];
    header(sheet, 0, &columns, record.findings.len() as u32, f)?;
    for (i, r) in record.findings.iter().enumerate() {
        let row = i as u32 + 1;
        let values = [
            l.severity(r.severity).to_string(),
            r.code.to_string(),
            r.name.to_string(),
            crate::finding::article(lang, r.article),
            r.dataset.or(r.party).unwrap_or_default().to_string(),
            r.message.to_string(),
            r.help.to_string(),
            format!("{}:{}:{}", r.file, r.line, r.column),
        ];
        for (col, v) in values.iter().enumerate() {
            write(sheet, row, col as u16, v, &f.text)?;
        }
    }
    Ok(())
}

/// Unique, valid sheet names: at most 31 characters, none of `[]:*?/\`,
/// not starting or ending with `'`, compared without case as Excel does.
#[derive(Default)]
struct SheetNames {
    taken: Vec<String>,
}

impl SheetNames {
    fn take(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
            .collect();
        let clean = clean.trim().trim_matches('\'').trim().to_string();
        let base = if clean.is_empty() {
            "Sheet".to_string()
        } else {
            clean
        };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = 31 - suffix.chars().count();
            let name: String = base.chars().take(room).collect::<String>() + &suffix;
            let lower = name.to_lowercase();
            if !self.taken.contains(&lower) {
                self.taken.push(lower);
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.take("Acme [EU]: HQ"), "Acme  EU   HQ");
        assert_eq!(n.take("Findings"), "Findings");
        assert_eq!(n.take("findings"), "findings (2)");
        let long = n.take(&"x".repeat(40));
        assert_eq!(long.chars().count(), 31);
        assert_eq!(n.take("''"), "Sheet");
    }
}
