//! `ropa import sheet FILE -o DIR [--map FILE]`: an Art. 30 spreadsheet
//! (one row per processing activity) into `.ropa` files.
//!
//! `.xlsx` and `.ods` are read with calamine, CSV with the csv crate (the
//! delimiter sniffed from the first lines: Swedish Excel writes `;`; UTF-8
//! with or without a byte order mark, else Windows-1252). The header row is
//! the first of the first 30 rows in which at least two cells name a known
//! column (`rules/sheet-synonyms.yaml`); title rows above it are skipped.
//! `--map FILE` names the columns of any other layout.
//!
//! Free text becomes vocabulary through the synonyms and the report's own
//! words (English and Swedish); what cannot be mapped stays as a string
//! with a `// TODO(import): ...` comment. Rows sharing a dataset (the
//! `Dataset ID` column of ropa's own workbook, else the business function)
//! become one dataset with a purpose per row.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::{comment_text, identifier, quote, InputError, Output};
use crate::data::RuleData;
use crate::report::labels::Vocab;

/// The rule data as shipped.
pub const SOURCE: &str = include_str!("../../rules/sheet-synonyms.yaml");

/// The most characters one cell may hold (Excel's own limit).
pub const CELL_LIMIT: usize = 32_767;

/// How many rows the header is looked for in.
const HEADER_SEARCH: usize = 30;

/// `rules/sheet-synonyms.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Synonyms {
    /// Column role → headings.
    pub columns: BTreeMap<String, Vec<String>>,
    /// Words → data categories.
    pub categories: BTreeMap<String, String>,
    /// Words → legal bases.
    pub bases: BTreeMap<String, String>,
    /// Words → transfer mechanisms.
    pub mechanisms: BTreeMap<String, String>,
    /// Words → measures.
    pub measures: BTreeMap<String, String>,
    /// Country names → codes.
    pub countries: BTreeMap<String, String>,
    /// Words → data subjects.
    pub subjects: BTreeMap<String, String>,
}

/// The shipped synonyms, parsed once.
pub fn synonyms() -> Result<&'static Synonyms, String> {
    static CELL: OnceLock<Result<Synonyms, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        serde_yaml::from_str(SOURCE).map_err(|e| format!("rules/sheet-synonyms.yaml: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// A sheet as text cells, with where it came from.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet's name (`CSV` for a CSV file).
    pub sheet: String,
    /// Rows of cells, row 0 being the file's first row.
    pub rows: Vec<Vec<String>>,
    /// Merged ranges: (first row, first column, last row, last column).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Whether places are written `A1` (workbooks) or `line, column` (CSV).
    pub csv: bool,
}

impl Table {
    /// `Sheet1!C7` or `line 7, column 3`.
    pub fn place(&self, row: usize, col: usize) -> String {
        if self.csv {
            format!("line {}, column {}", row + 1, col + 1)
        } else {
            format!("{}!{}{}", self.sheet, column_name(col), row + 1)
        }
    }
}

/// `0` → `A`, `26` → `AA`.
pub fn column_name(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn err(file: &Path, place: String, message: impl Into<String>) -> InputError {
    InputError {
        file: file.to_path_buf(),
        place,
        message: message.into(),
    }
}

/// Reads the sheets of a workbook, in order, up to the first that `wanted`
/// accepts (a workbook's other sheets are never read); or the one table of
/// a CSV file.
pub fn read_tables(file: &Path, wanted: &dyn Fn(&Table) -> bool) -> Result<Vec<Table>, InputError> {
    let bytes =
        std::fs::read(file).map_err(|e| err(file, String::new(), format!("cannot read: {e}")))?;
    if bytes.starts_with(b"PK\x03\x04") {
        return read_workbook(file, bytes, wanted);
    }
    let head = &bytes[..bytes.len().min(8192)];
    let binary = head.contains(&0)
        || head.starts_with(b"%PDF")
        || head.starts_with(b"\xD0\xCF\x11\xE0")
        || head.starts_with(b"\x89PNG");
    if binary {
        return Err(err(
            file,
            String::new(),
            "neither an .xlsx/.ods workbook nor CSV text; save the register as .xlsx or .csv",
        ));
    }
    Ok(vec![read_csv(file, &bytes)?])
}

fn read_workbook(
    file: &Path,
    bytes: Vec<u8>,
    wanted: &dyn Fn(&Table) -> bool,
) -> Result<Vec<Table>, InputError> {
    use calamine::{Data, Reader};
    let mut book =
        calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|e| {
            err(
                file,
                String::new(),
                format!("not a workbook calamine can read ({e}); save it as .xlsx, .ods or .csv"),
            )
        })?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| err(file, name.clone(), format!("cannot read the sheet: {e}")))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![String::new(); c0 as usize];
            cells.extend(row.iter().map(|c| match c {
                Data::Empty => String::new(),
                Data::String(s) => s.clone(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                other => other.to_string(),
            }));
            rows.push(cells);
        }
        let merged = match &mut book {
            calamine::Sheets::Xlsx(x) => x
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default()
                .iter()
                .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
                .collect(),
            _ => Vec::new(),
        };
        let table = Table {
            sheet: name,
            rows,
            merged,
            csv: false,
        };
        let done = wanted(&table);
        tables.push(table);
        if done {
            break;
        }
    }
    Ok(tables)
}

/// The delimiter that splits the first lines most evenly: `;`, `,` or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(40)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b';', b',', b'\t'] {
        let count = |l: &&str| {
            let mut inside = false;
            l.bytes()
                .filter(|b| {
                    if *b == b'"' {
                        inside = !inside;
                    }
                    !inside && *b == d
                })
                .count()
        };
        let total: usize = lines.iter().map(count).sum();
        if total > best.1 {
            best = (d, total);
        }
    }
    best.0
}

fn read_csv(file: &Path, bytes: &[u8]) -> Result<Table, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    };
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record =
            record.map_err(|e| err(file, format!("line {}", i + 1), format!("not CSV: {e}")))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table {
        sheet: "CSV".into(),
        rows,
        merged: Vec::new(),
        csv: true,
    })
}

/// What one column holds.
type Role = String;

/// The header: the row it is on and each column's role.
#[derive(Debug, Clone)]
pub struct Header {
    /// The row, 0-based.
    pub row: usize,
    /// Column index → role.
    pub roles: BTreeMap<usize, Role>,
    /// Headings no role matched: (column, heading).
    pub unknown: Vec<(usize, String)>,
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The role of a heading, by the synonyms.
fn role_of(syn: &Synonyms, heading: &str) -> Option<Role> {
    let h = norm(heading);
    if h.is_empty() {
        return None;
    }
    // The longest matching synonym wins ("legal basis reference" over "legal basis").
    let mut best: Option<(usize, &str)> = None;
    for (role, words) in &syn.columns {
        for w in words {
            let w = norm(w);
            let hit = h == w
                || (h.starts_with(&w)
                    && matches!(h.as_bytes().get(w.len()), Some(b' ' | b'(' | b':' | b'/')));
            if hit && best.is_none_or(|(n, _)| w.len() > n) {
                best = Some((w.len(), role));
            }
        }
    }
    best.map(|(_, r)| r.to_string())
}

/// Finds the header row: by the synonyms, or by `map` (role → heading).
pub fn find_header(
    table: &Table,
    syn: &Synonyms,
    map: Option<&BTreeMap<String, String>>,
) -> Option<Header> {
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH) {
        let mut roles = BTreeMap::new();
        let mut unknown = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            let role = match map {
                Some(m) => m
                    .iter()
                    .find(|(_, h)| norm(h) == norm(cell))
                    .map(|(r, _)| r.clone()),
                None => role_of(syn, cell),
            };
            match role {
                Some(role) if !roles.values().any(|x| x == &role) => {
                    roles.insert(c, role);
                }
                _ if !cell.trim().is_empty() => unknown.push((c, cell.trim().to_string())),
                _ => {}
            }
        }
        let enough = match map {
            Some(m) => roles.len() == m.len(),
            None => roles.len() >= 2,
        };
        if enough {
            return Some(Header {
                row: r,
                roles,
                unknown,
            });
        }
    }
    None
}

/// Splits a cell into items at `;` and line breaks outside brackets, and
/// at `,` too when the cell has neither (`Namn, personnummer`; but
/// `Leverantörer: analys, kundtjänst; Telia` is two items).
fn items(cell: &str) -> Vec<String> {
    split_items(cell, !cell.contains(';') && !cell.contains('\n'))
}

/// Recipients as ropa's report writes them (`Name, with commas (processor,
/// SE)`) are never split at commas.
fn recipient_items(cell: &str) -> Vec<String> {
    if cell.trim_end().ends_with(')') {
        split_items(cell, false)
    } else {
        items(cell)
    }
}

fn split_items(cell: &str, commas: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut cur = String::new();
    for ch in cell.chars() {
        match ch {
            '(' | '[' => {
                depth += 1;
                cur.push(ch);
            }
            ')' | ']' => {
                depth -= 1;
                cur.push(ch);
            }
            ';' | '\n' | '\r' if depth <= 0 => {
                out.push(std::mem::take(&mut cur));
            }
            ',' if depth <= 0 && commas => {
                out.push(std::mem::take(&mut cur));
            }
            _ => cur.push(ch),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An item without trailing `(...)` or `[...]` notes and `— reference`.
fn bare(item: &str) -> (String, Option<String>) {
    let (main, reference) = match item.split_once(" — ") {
        Some((m, r)) => (m, Some(r.trim().to_string())),
        None => (item, None),
    };
    let mut s = main.trim().to_string();
    loop {
        let t = s.trim_end();
        let cut = if t.ends_with(')') {
            t.rfind(" (")
        } else if t.ends_with(']') {
            t.rfind(" [")
        } else {
            None
        };
        match cut {
            Some(i) => s = t[..i].to_string(),
            None => break,
        }
    }
    (norm(&s), reference)
}

/// The vocabulary lookups of one import.
struct Words<'a> {
    syn: &'a Synonyms,
    data: RuleData,
    /// The report's names of every value, lower case → code, per vocabulary.
    terms: HashMap<(u8, String), &'static str>,
}

fn vocab_tag(v: Vocab) -> u8 {
    match v {
        Vocab::Category => 0,
        Vocab::Subject => 1,
        Vocab::Kind => 2,
        Vocab::Basis => 3,
        Vocab::Art9 => 4,
        Vocab::Art10 => 5,
        Vocab::Mechanism => 6,
        Vocab::Measure => 7,
    }
}

impl<'a> Words<'a> {
    fn new(syn: &'a Synonyms, data: RuleData) -> Words<'a> {
        let mut terms = HashMap::new();
        for v in [
            Vocab::Category,
            Vocab::Subject,
            Vocab::Kind,
            Vocab::Basis,
            Vocab::Art9,
            Vocab::Art10,
            Vocab::Mechanism,
            Vocab::Measure,
        ] {
            for (code, en, sv) in v.entries() {
                for term in [en, sv] {
                    terms.insert((vocab_tag(v), norm(term)), *code);
                    terms.insert((vocab_tag(v), bare(term).0), *code);
                }
                terms.insert((vocab_tag(v), norm(code)), *code);
            }
        }
        Words { syn, data, terms }
    }

    fn lookup(&self, vocab: Vocab, map: &BTreeMap<String, String>, key: &str) -> Option<String> {
        if let Some(v) = map.get(key) {
            return Some(v.clone());
        }
        self.terms
            .get(&(vocab_tag(vocab), key.to_string()))
            .map(|c| c.to_string())
    }

    fn category(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        if self.data.categories.contains(&key) {
            return Some(key);
        }
        self.lookup(Vocab::Category, &self.syn.categories, &key)
    }

    fn basis(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Basis, &self.syn.bases, &key)
    }

    fn art9(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Art9, &BTreeMap::new(), &key)
    }

    fn subject(&self, item: &str) -> String {
        let (key, _) = bare(item);
        self.lookup(Vocab::Subject, &self.syn.subjects, &key)
            .unwrap_or_else(|| identifier(&key))
    }

    fn measure(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Measure, &self.syn.measures, &key)
    }

    fn mechanism(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Mechanism, &self.syn.mechanisms, &key)
    }

    fn country(&self, item: &str) -> Option<String> {
        let t = item.trim();
        if t.len() == 2 && self.data.countries.contains(&t.to_ascii_uppercase()) {
            return Some(t.to_ascii_uppercase());
        }
        if self.data.countries.contains(t) {
            return Some(t.to_string());
        }
        // A group such as `eea` only where the language knows it.
        self.syn
            .countries
            .get(&norm(t))
            .filter(|c| self.data.countries.contains(*c))
            .cloned()
    }

    /// A retention period from the report's words or free text.
    fn retention(&self, cell: &str) -> Option<String> {
        let mut text = cell.trim().to_string();
        let mut then = "";
        for (suffix, action) in [
            (", then anonymised", " then anonymise"),
            (", then archived", " then archive"),
            (", därefter anonymiseras uppgifterna", " then anonymise"),
            (", därefter arkiveras uppgifterna", " then archive"),
        ] {
            if let Some(t) = text.strip_suffix(suffix) {
                text = t.to_string();
                then = action;
            }
        }
        let lower = norm(&text);
        for (prefix, kind) in [("as set by ", "by_law"), ("enligt ", "by_law")] {
            if let Some(law) = text.strip_prefix(prefix) {
                return Some(format!("{kind} {}", quote(law.trim())));
            }
            let _ = kind;
        }
        match lower.as_str() {
            "indefinitely" | "utan tidsgräns" => return Some("indefinite".into()),
            "for the session (until the browser closes)"
            | "under sessionen (tills webbläsaren stängs)" => return Some("session".into()),
            "not stored after the interaction" | "sparas inte efter kontakten" => {
                return Some("none".into())
            }
            _ => {}
        }
        for prefix in ["until ", "tills "] {
            if let Some(e) = lower.strip_prefix(prefix) {
                return Some(format!("until {}", identifier(e)));
            }
        }
        let lower = lower.replace(" efter ", " after ");
        super::retention(&lower).map(|r| format!("{r}{then}"))
    }
}

/// The first `N unit` in free text (`gallras efter 2 år`), for a guess.
fn duration_in(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2) {
        if pair[0].chars().all(|c| c.is_ascii_digit()) {
            if let Some(r) = super::retention(&format!("{} {}", pair[0], pair[1])) {
                return Some(r);
            }
        }
    }
    None
}

/// Counts for the summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct SheetCounts {
    /// Data rows read.
    pub rows: usize,
    /// Cells turned into the language.
    pub mapped: usize,
    /// Cells kept as text with a TODO.
    pub review: usize,
}

#[derive(Debug, Default)]
struct PartyB {
    id: String,
    name: String,
    controller: bool,
    countries: Vec<String>,
    transfer: Option<String>,
    dpo: Option<String>,
    origin: String,
    todos: Vec<String>,
}

#[derive(Debug, Default)]
struct DatasetB {
    id: String,
    name: String,
    origin: String,
    controllers: Vec<String>,
    subjects: Vec<String>,
    fields: Vec<String>,
    field_names: Vec<String>,
    /// Each purpose's lines and its row's retention.
    purposes: Vec<(Vec<String>, Option<String>)>,
    purpose_ids: Vec<String>,
    recipients: Vec<String>,
    measures: Vec<String>,
    sources: Vec<String>,
    dpia: Option<String>,
    todos: Vec<String>,
}

/// The import of one table.
struct Build<'a> {
    words: Words<'a>,
    parties: BTreeMap<String, PartyB>,
    party_order: Vec<String>,
    datasets: Vec<DatasetB>,
    dataset_by_key: HashMap<String, usize>,
    counts: SheetCounts,
    origin_file: String,
}

impl Build<'_> {
    fn party(&mut self, name: &str, controller: bool, origin: &str) -> String {
        let id = identifier(name);
        if !self.parties.contains_key(&id) {
            self.party_order.push(id.clone());
            self.parties.insert(
                id.clone(),
                PartyB {
                    id: id.clone(),
                    name: name.trim().to_string(),
                    controller,
                    origin: origin.to_string(),
                    ..PartyB::default()
                },
            );
        }
        id
    }

    fn row(&mut self, table: &Table, header: &Header, r: usize) {
        let row = &table.rows[r];
        let cell = |role: &str| -> Option<(usize, &str)> {
            header
                .roles
                .iter()
                .find(|(_, x)| x.as_str() == role)
                .and_then(|(c, _)| row.get(*c).map(|v| (*c, v.trim())))
                .filter(|(_, v)| !v.is_empty())
        };
        let origin = if table.csv {
            format!("{}: line {}", self.origin_file, r + 1)
        } else {
            format!(
                "{}: sheet `{}`, row {}",
                self.origin_file,
                table.sheet,
                r + 1
            )
        };
        self.counts.rows += 1;
        let mut mapped = 0;
        let mut review = 0;

        // The controller(s).
        let mut controllers = Vec::new();
        if let Some((_, v)) = cell("controller") {
            for name in items(v) {
                controllers.push(self.party(&name, true, &origin));
            }
            mapped += 1;
        }
        if controllers.is_empty() {
            controllers.push(self.party("Organisation", true, &origin));
        }
        if let Some((_, v)) = cell("dpo") {
            if let Some(p) = self.parties.get_mut(&controllers[0]) {
                p.dpo.get_or_insert_with(|| v.to_string());
            }
            mapped += 1;
        }

        // Which dataset the row belongs to.
        let purpose_text = cell("purpose").map(|(_, v)| v.to_string());
        let name = cell("business_function")
            .map(|(_, v)| v.to_string())
            .or_else(|| purpose_text.clone())
            .unwrap_or_else(|| format!("Row {}", r + 1));
        let key = cell("dataset_id").map_or_else(|| identifier(&name), |(_, v)| identifier(v));
        let index = match self.dataset_by_key.get(&key) {
            Some(i) => *i,
            None => {
                let mut id = key.clone();
                let mut n = 2;
                while self.parties.contains_key(&id) || self.datasets.iter().any(|d| d.id == id) {
                    id = format!("{key}_{n}");
                    n += 1;
                }
                self.datasets.push(DatasetB {
                    id,
                    name: name.clone(),
                    origin: origin.clone(),
                    controllers: controllers.clone(),
                    ..DatasetB::default()
                });
                self.dataset_by_key.insert(key, self.datasets.len() - 1);
                self.datasets.len() - 1
            }
        };
        let words = &self.words;
        let mut d = std::mem::take(&mut self.datasets[index]);
        if cell("business_function").is_some() {
            mapped += 1;
        }
        let todo = |out: &mut Vec<String>, what: String, review: &mut usize| {
            out.push(format!("// TODO(import): {}", comment_text(&what)));
            *review += 1;
        };

        // Subjects.
        if let Some((_, v)) = cell("subjects") {
            for s in items(v) {
                let s = words.subject(&s);
                if !d.subjects.contains(&s) {
                    d.subjects.push(s);
                }
            }
            mapped += 1;
        }
        // Categories → fields.
        if let Some((c, v)) = cell("categories") {
            let mut all = true;
            for item in items(v) {
                let (text, _) = bare(&item);
                match words.category(&item) {
                    Some(cat) => {
                        let fname = identifier(&text);
                        if !d.field_names.contains(&fname) {
                            d.field_names.push(fname.clone());
                            d.fields.push(format!("{fname}: {cat}"));
                        }
                    }
                    None => {
                        all = false;
                        let fname = identifier(&text);
                        if !d.field_names.contains(&fname) {
                            d.field_names.push(fname.clone());
                            d.fields.push(format!(
                                "// TODO(import): {}: no data category for `{}`",
                                table.place(r, c),
                                comment_text(&item)
                            ));
                            d.fields.push(format!("{fname} {}", quote(&item)));
                        }
                    }
                }
            }
            if all {
                mapped += 1;
            } else {
                review += 1;
            }
        }

        // The purpose.
        let mut p: Vec<String> = Vec::new();
        let base = match cell("purpose_id") {
            Some((_, v)) => identifier(v),
            None => {
                let words_of: Vec<&str> = purpose_text
                    .as_deref()
                    .unwrap_or("purpose")
                    .split_whitespace()
                    .take(4)
                    .collect();
                identifier(&words_of.join(" "))
            }
        };
        let mut pid = base.clone();
        let mut n = 2;
        while d.purpose_ids.contains(&pid) {
            pid = format!("{base}_{n}");
            n += 1;
        }
        d.purpose_ids.push(pid.clone());
        if purpose_text.is_some() {
            mapped += 1;
        }
        if let Some((_, k)) = cell("purpose_kind") {
            if words.data.purpose_kinds.contains(k) {
                p.push(format!("kind {k}"));
            }
        }
        if let Some((c, v)) = cell("basis") {
            let reference = cell("basis_reference")
                .or_else(|| cell("legitimate_interest"))
                .map(|(_, r)| r.to_string());
            match words.basis(v) {
                Some(b) => {
                    mapped += 1;
                    match reference {
                        Some(r) => p.push(format!("basis {b} {}", quote(&r))),
                        None => p.push(format!("basis {b}")),
                    }
                }
                None => todo(
                    &mut p,
                    format!(
                        "{}: legal basis `{v}` is not one ropa knows",
                        table.place(r, c)
                    ),
                    &mut review,
                ),
            }
        }
        if let Some((c, v)) = cell("special_basis") {
            let (_, reference) = bare(v);
            match words.art9(v) {
                Some(b) => {
                    mapped += 1;
                    match reference {
                        Some(r) => p.push(format!("special_basis {b} {}", quote(&r))),
                        None => p.push(format!("special_basis {b}")),
                    }
                }
                None => todo(
                    &mut p,
                    format!("{}: Art. 9 condition `{v}`", table.place(r, c)),
                    &mut review,
                ),
            }
        }
        if let Some((_, v)) = cell("automated") {
            let l = norm(v);
            if l.contains("profil") {
                p.push("profiling".into());
            }
            if l.contains("automat") {
                p.push("automated_decisions".into());
            }
            mapped += 1;
        }
        if let Some((c, v)) = cell("consent_record") {
            todo(
                &mut p,
                format!("{}: consent is recorded in: {v}", table.place(r, c)),
                &mut review,
            );
        }
        let description = purpose_text
            .as_deref()
            .filter(|t| *t != pid)
            .map(quote)
            .unwrap_or_default();
        let mut block = vec![
            format!("// Imported by ropa from {origin}"),
            format!("purpose {pid} {description} {{"),
        ];
        block.extend(p.into_iter().map(|l| format!("  {l}")));
        block.push("}".into());

        // Retention: the purpose's, made the dataset's when all agree.
        let mut retention = None;
        if let Some((c, v)) = cell("retention") {
            match words.retention(v) {
                Some(ret) => {
                    mapped += 1;
                    retention = Some(ret);
                }
                None => {
                    retention = duration_in(v);
                    todo(
                        &mut d.todos,
                        format!("{}: retention `{v}`", table.place(r, c)),
                        &mut review,
                    );
                }
            }
        }
        d.purposes.push((block, retention));
        // Security measures.
        if let Some((c, v)) = cell("security") {
            let mut all = true;
            for item in items(v) {
                match words.measure(&item) {
                    Some(m) if !d.measures.contains(&m) => d.measures.push(m),
                    Some(_) => {}
                    None => {
                        all = false;
                        todo(
                            &mut d.todos,
                            format!("{}: security measure `{item}`", table.place(r, c)),
                            &mut 0,
                        );
                    }
                }
            }
            if all {
                mapped += 1
            } else {
                review += 1
            }
        }
        if let Some((_, v)) = cell("dpia") {
            d.dpia.get_or_insert_with(|| v.to_string());
            mapped += 1;
        }
        if let Some((_, v)) = cell("source") {
            for item in items(v) {
                let l = norm(&item);
                let s = if l.contains("data subject")
                    || l.contains("den registrerade")
                    || l == "the data subject"
                {
                    "data_subject".to_string()
                } else if l.contains("public") || l.contains("offentlig") {
                    "public_sources".to_string()
                } else {
                    quote(&item)
                };
                if !d.sources.contains(&s) {
                    d.sources.push(s);
                }
            }
            mapped += 1;
        }
        if let Some((c, v)) = cell("joint_controller") {
            todo(
                &mut d.todos,
                format!("{}: joint controller: {v}", table.place(r, c)),
                &mut review,
            );
        }
        if let Some((c, v)) = cell("processor_contract") {
            todo(
                &mut d.todos,
                format!(
                    "{}: processor contracts: {v}; write them as `dpa` on the processors",
                    table.place(r, c)
                ),
                &mut review,
            );
        }
        for (c, heading) in &header.unknown {
            if let Some(v) = row.get(*c).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                todo(
                    &mut d.todos,
                    format!("{}: {heading}: {v}", table.place(r, *c)),
                    &mut review,
                );
            }
        }

        // Recipients, their countries and safeguards.
        let mut row_recipients = Vec::new();
        if let Some((_, v)) = cell("recipients") {
            for item in recipient_items(v) {
                // The report writes `Name (role, CC, CC)`.
                let (name, notes) = match item.rfind(" (") {
                    Some(i) if item.ends_with(')') => (
                        item[..i].to_string(),
                        item[i + 2..item.len() - 1].to_string(),
                    ),
                    _ => (item.clone(), String::new()),
                };
                let notes: Vec<String> = notes
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                let controller = notes.first().is_some_and(|n| {
                    let n = n.to_lowercase();
                    n == "controller" || n == "personuppgiftsansvarig"
                });
                let id = self_party(
                    &mut self.parties,
                    &mut self.party_order,
                    &name,
                    controller,
                    &origin,
                );
                for n in notes.iter().skip(1) {
                    if let Some(code) = self.words.country(n) {
                        if let Some(p) = self.parties.get_mut(&id) {
                            if !p.countries.contains(&code) {
                                p.countries.push(code);
                            }
                        }
                    }
                }
                row_recipients.push(id.clone());
                if !d.recipients.contains(&id) {
                    d.recipients.push(id);
                }
            }
            mapped += 1;
        }
        if let Some((c, v)) = cell("third_countries") {
            let codes: Vec<Option<String>> =
                items(v).iter().map(|i| self.words.country(i)).collect();
            let unplaced = row_recipients
                .iter()
                .filter(|id| {
                    self.parties
                        .get(*id)
                        .is_some_and(|p| p.countries.is_empty())
                })
                .count();
            if codes.iter().all(Option::is_some) && row_recipients.len() == 1 && unplaced == 1 {
                if let Some(p) = self.parties.get_mut(&row_recipients[0]) {
                    p.countries.extend(codes.into_iter().flatten());
                }
                mapped += 1;
            } else if row_recipients.iter().all(|id| {
                self.parties
                    .get(id)
                    .is_some_and(|p| !p.countries.is_empty())
            }) && !row_recipients.is_empty()
            {
                mapped += 1;
            } else {
                todo(
                    &mut d.todos,
                    format!(
                        "{}: third countries `{v}`: give each recipient its `country`",
                        table.place(r, c)
                    ),
                    &mut review,
                );
            }
        }
        if let Some((c, v)) = cell("safeguards") {
            let mut all = true;
            for item in items(v) {
                // The report writes `Name: mechanism`.
                let (who, what) = match item.split_once(": ") {
                    Some((w, m)) => (Some(identifier(w)), m.to_string()),
                    None => (None, item.clone()),
                };
                let target = who
                    .filter(|w| self.parties.contains_key(w))
                    .or_else(|| (row_recipients.len() == 1).then(|| row_recipients[0].clone()));
                let mech = self.words.mechanism(&what);
                let none_word = matches!(norm(&what).as_str(), "none" | "ingen" | "inga");
                match (target, mech) {
                    (Some(t), Some(m)) => {
                        if let Some(p) = self.parties.get_mut(&t) {
                            p.transfer.get_or_insert(m);
                        }
                    }
                    (Some(_), None) if none_word => {}
                    _ => {
                        all = false;
                        todo(
                            &mut d.todos,
                            format!("{}: safeguard `{item}`", table.place(r, c)),
                            &mut 0,
                        );
                    }
                }
            }
            if all {
                mapped += 1
            } else {
                review += 1
            }
        }
        self.counts.mapped += mapped;
        self.counts.review += review;
        self.datasets[index] = d;
    }
}

fn self_party(
    parties: &mut BTreeMap<String, PartyB>,
    order: &mut Vec<String>,
    name: &str,
    controller: bool,
    origin: &str,
) -> String {
    let id = identifier(name);
    if !parties.contains_key(&id) {
        order.push(id.clone());
        parties.insert(
            id.clone(),
            PartyB {
                id: id.clone(),
                name: name.trim().to_string(),
                controller,
                origin: origin.to_string(),
                ..PartyB::default()
            },
        );
    }
    id
}

/// The `--map` file: `columns: { ROLE: "Heading", ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    columns: BTreeMap<String, String>,
}

fn read_map(path: &Path, syn: &Synonyms) -> Result<BTreeMap<String, String>, InputError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| err(path, String::new(), format!("cannot read: {e}")))?;
    let map: MapFile = serde_yaml::from_str(&text).map_err(|e| {
        let place = e
            .location()
            .map(|l| format!("line {}, column {}", l.line(), l.column()))
            .unwrap_or_default();
        err(path, place, format!("not a column map: {e}"))
    })?;
    for role in map.columns.keys() {
        if !syn.columns.contains_key(role) {
            let known: Vec<&str> = syn.columns.keys().map(String::as_str).collect();
            return Err(err(
                path,
                format!("columns.{role}"),
                format!("unknown column `{role}`; known: {}", known.join(", ")),
            ));
        }
    }
    Ok(map.columns)
}

/// Imports the sheet; the file to write and the counts.
pub fn import(file: &Path, map: Option<&Path>) -> Result<(Output, SheetCounts), InputError> {
    let syn =
        synonyms().map_err(|e| err(Path::new("rules/sheet-synonyms.yaml"), String::new(), e))?;
    let map = map.map(|m| read_map(m, syn)).transpose()?;
    let tables = read_tables(file, &|t| find_header(t, syn, map.as_ref()).is_some())?;
    let found = tables
        .iter()
        .find_map(|t| find_header(t, syn, map.as_ref()).map(|h| (t, h)));
    let Some((table, header)) = found else {
        let sheet = tables.first().map(|t| t.sheet.clone()).unwrap_or_default();
        return Err(err(
            file,
            if tables.len() == 1 { sheet } else { "every sheet".into() },
            format!(
                "no header row recognised in the first {HEADER_SEARCH} rows (two or more headings such as `Purpose of processing`, `Ändamål`, `Rättslig grund`); name the columns with --map FILE"
            ),
        ));
    };
    // Cells too large, and merged cells inside the table.
    for (r, row) in table.rows.iter().enumerate().skip(header.row) {
        for (c, v) in row.iter().enumerate() {
            if v.chars().count() > CELL_LIMIT {
                return Err(err(
                    file,
                    table.place(r, c),
                    format!("a cell of {} characters; a cell holds at most {CELL_LIMIT} (Excel's limit)", v.chars().count()),
                ));
            }
        }
    }
    if let Some(m) = table.merged.iter().find(|m| m.2 as usize >= header.row) {
        return Err(err(
            file,
            format!("{}:{}", table.place(m.0 as usize, m.1 as usize), table.place(m.2 as usize, m.3 as usize).rsplit('!').next().unwrap_or("")),
            "merged cells in the table; unmerge them and write the value in every row it applies to",
        ));
    }
    let data =
        RuleData::builtin().map_err(|e| err(Path::new("rules/"), String::new(), e.to_string()))?;
    let origin_file = file.to_string_lossy().replace('\\', "/");
    let mut b = Build {
        words: Words::new(syn, data),
        parties: BTreeMap::new(),
        party_order: Vec::new(),
        datasets: Vec::new(),
        dataset_by_key: HashMap::new(),
        counts: SheetCounts::default(),
        origin_file,
    };
    for r in header.row + 1..table.rows.len() {
        if table.rows[r].iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        b.row(table, &header, r);
    }
    if b.counts.rows == 0 {
        return Err(err(
            file,
            table.place(header.row, 0),
            "the header has no rows under it",
        ));
    }
    // Each item is formatted on its own, as `ropa fmt` would format it
    // (items are independent, and a whole 10 000-row register in one call
    // costs far more than its parts), then joined with one blank line.
    let mut text = String::new();
    for item in render(&b) {
        let formatted = crate::fmt::format_source(&item).map_err(|e| {
            err(
                file,
                String::new(),
                format!("the imported text does not parse (a bug in ropa): {e}"),
            )
        })?;
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&formatted);
    }
    let stem = file
        .file_stem()
        .map_or_else(|| "sheet".to_string(), |s| identifier(&s.to_string_lossy()));
    let mut output = Output::default();
    output
        .files
        .insert(PathBuf::from(format!("{stem}.ropa")), text);
    Ok((output, b.counts))
}

/// The items of the file, each as text: parties first, then datasets.
fn render(b: &Build<'_>) -> Vec<String> {
    let mut items = Vec::new();
    for id in &b.party_order {
        let mut out = String::new();
        let Some(p) = b.parties.get(id) else { continue };
        let _ = writeln!(out, "// Imported by ropa from {}", p.origin);
        let kw = if p.controller {
            "controller"
        } else {
            "processor"
        };
        let _ = writeln!(out, "{kw} {} {} {{", p.id, quote(&p.name));
        if p.countries.is_empty() {
            let _ = writeln!(
                out,
                "  // TODO(import): the sheet names no country for this party"
            );
        } else {
            let _ = writeln!(out, "  country {}", p.countries.join(", "));
        }
        if let Some(t) = &p.transfer {
            let _ = writeln!(out, "  transfer {t}");
        }
        if let Some(d) = &p.dpo {
            let _ = writeln!(out, "  dpo {}", quote(d));
        }
        if !p.controller {
            let _ = writeln!(out, "  // TODO(import): check that this recipient is a processor (else make it a controller)");
        }
        for t in &p.todos {
            let _ = writeln!(out, "  {t}");
        }
        let _ = writeln!(out, "}}");
        items.push(out);
    }
    for d in &b.datasets {
        let mut out = String::new();
        let _ = writeln!(out, "// Imported by ropa from {}", d.origin);
        let _ = writeln!(out, "dataset {} {} {{", d.id, quote(&d.name));
        let _ = writeln!(out, "  controller {}", d.controllers.join(", "));
        if !d.subjects.is_empty() {
            let _ = writeln!(out, "  subjects {}", d.subjects.join(", "));
        }
        if !d.sources.is_empty() {
            let _ = writeln!(out, "  source {}", d.sources.join(", "));
        }
        if !d.fields.is_empty() {
            let _ = writeln!(out, "  fields {{");
            for f in &d.fields {
                let _ = writeln!(out, "    {f}");
            }
            let _ = writeln!(out, "  }}");
        }
        // One retention for every purpose is the dataset's; else each
        // purpose keeps its own (language v2), or, where the language has
        // no purpose retention, the first is the dataset's.
        let first = d.purposes.iter().find_map(|(_, r)| r.clone());
        let same = d.purposes.iter().all(|(_, r)| r == &first);
        let per_purpose = !same && super::fides::purpose_retention_supported();
        for (lines, r) in &d.purposes {
            for (i, l) in lines.iter().enumerate() {
                if i + 1 == lines.len() && per_purpose {
                    if let Some(r) = r {
                        let _ = writeln!(out, "    retention {r}");
                    }
                }
                let _ = writeln!(out, "  {l}");
            }
        }
        if !per_purpose {
            if let Some(r) = &first {
                let _ = writeln!(out, "  retention {r}");
            }
        }
        if !d.recipients.is_empty() {
            let _ = writeln!(out, "  recipients {}", d.recipients.join(", "));
        }
        if !d.measures.is_empty() {
            let _ = writeln!(out, "  measures {}", d.measures.join(", "));
        }
        if let Some(x) = &d.dpia {
            let _ = writeln!(out, "  dpia {}", quote(x));
        }
        for t in &d.todos {
            let _ = writeln!(out, "  {t}");
        }
        let _ = writeln!(out, "}}");
        items.push(out);
    }
    items
}

/// Runs `ropa import sheet`.
pub fn run(file: &Path, dir: &Path, map: Option<&Path>, force: bool) -> i32 {
    let (output, counts) = match import(file, map) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::exit::TROUBLE;
        }
    };
    if let Err(e) = output.write(dir, force) {
        eprintln!("error: {e}");
        return crate::exit::TROUBLE;
    }
    eprintln!(
        "ropa: imported {} rows from {} into {}: {} cells mapped, {} cells to review (search for TODO(import))",
        counts.rows,
        file.display(),
        dir.display(),
        counts.mapped,
        counts.review
    );
    crate::exit::OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_strips() {
        assert_eq!(items("Namn, E-post, Hälsa"), ["Namn", "E-post", "Hälsa"]);
        assert_eq!(items("Namn\nE-post, privat"), ["Namn", "E-post, privat"]);
        assert_eq!(
            items("Telia (processor, SE, FI); X"),
            ["Telia (processor, SE, FI)", "X"]
        );
        assert_eq!(
            items("Leverantörer: a, b; Telia"),
            ["Leverantörer: a, b", "Telia"]
        );
        assert_eq!(bare("Public task (Art. 6(1)(e))").0, "public task");
        assert_eq!(bare("Health [special category (Art. 9)]").0, "health");
        assert_eq!(
            bare("Explicit consent (Art. 9(2)(a)) — policy 4")
                .1
                .as_deref(),
            Some("policy 4")
        );
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
    }

    #[test]
    fn every_synonym_names_a_known_value() {
        let syn = synonyms().unwrap();
        let data = RuleData::builtin().unwrap();
        for v in syn.categories.values() {
            assert!(data.categories.contains(v), "category {v}");
        }
        for v in syn.bases.values() {
            assert!(data.legal_bases.contains_key(v), "basis {v}");
        }
        for v in syn.mechanisms.values() {
            assert!(data.mechanisms.contains_key(v), "mechanism {v}");
        }
        // Groups such as `eea` come with language v2; codes must be known.
        for v in syn.countries.values().filter(|v| v.len() == 2) {
            assert!(data.countries.contains(v), "country {v}");
        }
    }

    #[test]
    fn synonyms_from_the_issue() {
        let syn = synonyms().unwrap();
        let w = Words::new(syn, RuleData::builtin().unwrap());
        assert_eq!(w.category("e-postadress").as_deref(), Some("contact.email"));
        assert_eq!(
            w.category("Personnummer").as_deref(),
            Some("identity.national_id")
        );
        assert_eq!(w.category("hälsa").as_deref(), Some("special.health"));
        assert_eq!(w.basis("Samtycke").as_deref(), Some("consent"));
        assert_eq!(
            w.basis("rättslig förpliktelse").as_deref(),
            Some("legal_obligation")
        );
        assert_eq!(
            w.basis("berättigat intresse").as_deref(),
            Some("legitimate_interest")
        );
        assert_eq!(
            w.basis("myndighetsutövning").as_deref(),
            Some("public_task")
        );
        assert_eq!(w.basis("allmänt intresse").as_deref(), Some("public_task"));
        assert_eq!(w.country("USA").as_deref(), Some("US"));
        assert_eq!(w.country("Förenta staterna").as_deref(), Some("US"));
        if w.data.countries.contains("eea") {
            assert_eq!(w.country("inom EU/EES").as_deref(), Some("eea"));
        } else {
            assert_eq!(w.country("inom EU/EES"), None);
        }
        assert_eq!(w.retention("2 år").as_deref(), Some("2 years"));
        assert_eq!(w.retention("24 månader").as_deref(), Some("24 months"));
        assert_eq!(
            w.retention("6 months after the recruitment").as_deref(),
            Some("6 months after recruitment")
        );
        assert_eq!(
            w.retention("36 months after last_activity, then anonymised")
                .as_deref(),
            Some("36 months after last_activity then anonymise")
        );
        assert_eq!(
            w.retention("as set by Arkivlagen").as_deref(),
            Some("by_law \"Arkivlagen\"")
        );
        assert_eq!(duration_in("gallras efter 2 år"), Some("2 years".into()));
    }
}
