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
use crate::report::xlsx::{ART30_COLUMNS, PARTY_COLUMNS};
use cells::{Flag, Note};

pub mod cells;
pub mod layout;

/// The rule data as shipped.
pub const SOURCE: &str = include_str!("../../../rules/sheet-synonyms.yaml");

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

/// Reads the sheets of a workbook, in order, or the one table of a CSV
/// file. A workbook's sheet is first read as far as its first rows; only a
/// sheet whose first rows `wanted` accepts is read whole, with its merged
/// cells filled down (ropa's own workbook has a findings sheet larger than
/// its record). The other sheets come back as their first rows, so that
/// the summary can say why they were skipped.
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

/// A cell's value as text.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// The first rows of an xlsx sheet, read as a stream that stops there.
fn xlsx_head<RS: std::io::Read + std::io::Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
) -> Result<Vec<Vec<String>>, calamine::XlsxError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut rows: Vec<Vec<String>> = Vec::new();
    while let Some(cell) = reader.next_cell()? {
        let (r, c) = cell.get_position();
        let (r, c) = (r as usize, c as usize);
        if r >= HEADER_SEARCH {
            break;
        }
        // A malformed sheet may place a cell at column 16 000: the head is
        // only for recognising the sheet, so far columns are left out.
        if c >= 1024 {
            continue;
        }
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if rows.len() <= r {
            rows.resize(r + 1, Vec::new());
        }
        if rows[r].len() <= c {
            rows[r].resize(c + 1, String::new());
        }
        rows[r][c] = text;
    }
    Ok(rows)
}

fn read_workbook(
    file: &Path,
    bytes: Vec<u8>,
    wanted: &dyn Fn(&Table) -> bool,
) -> Result<Vec<Table>, InputError> {
    use calamine::Reader;
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
        if let calamine::Sheets::Xlsx(x) = &mut book {
            let rows = xlsx_head(x, &name)
                .map_err(|e| err(file, name.clone(), format!("cannot read the sheet: {e}")))?;
            let head = Table {
                sheet: name.clone(),
                rows,
                merged: Vec::new(),
                csv: false,
            };
            if !wanted(&head) {
                tables.push(head);
                continue;
            }
        }
        let range = book
            .worksheet_range(&name)
            .map_err(|e| err(file, name.clone(), format!("cannot read the sheet: {e}")))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<String>> = vec![Vec::new(); r0 as usize];
        for row in range.rows() {
            let mut cells = vec![String::new(); c0 as usize];
            cells.extend(row.iter().map(cell_text));
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
        let mut table = Table {
            sheet: name,
            rows,
            merged,
            csv: false,
        };
        layout::fill_down(&mut table);
        tables.push(table);
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

/// The role of a heading: one of the headings ropa's own workbook writes
/// (in English or Swedish), else by the synonyms.
fn role_of(syn: &Synonyms, heading: &str) -> Option<Role> {
    let h = norm(heading);
    if h.is_empty() {
        return None;
    }
    if let Some(c) = ART30_COLUMNS
        .iter()
        .find(|c| norm(c.en) == h || norm(c.sv) == h)
    {
        return Some(c.role.to_string());
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

pub use layout::find_header;

/// Splits a cell into items at `;` and line breaks outside brackets, and
/// at `,` too when the cell has neither (`Namn, personnummer`; but
/// `Leverantörer: analys, kundtjänst; Telia` is two items).
fn items(cell: &str) -> Vec<String> {
    split_items(cell, !cell.contains(';') && !cell.contains('\n'))
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
    while let Some(i) = trailing_note(s.trim_end()) {
        s.truncate(i);
    }
    (norm(&s), reference)
}

/// Where the last bracketed note of `text` starts (the space before its
/// opening bracket), brackets inside it counted: in `DPF (Art. 45,
/// Decision (EU) 2023/1795)` the note is all of `(Art. 45, ...)`.
fn trailing_note(text: &str) -> Option<usize> {
    let (open, close) = match text.chars().last()? {
        ')' => ('(', ')'),
        ']' => ('[', ']'),
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in text.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth -= 1;
            if depth == 0 {
                return text[..i].ends_with(' ').then(|| i - 1);
            }
        }
    }
    None
}

/// The vocabulary lookups of one import.
struct Words<'a> {
    syn: &'a Synonyms,
    data: RuleData,
    /// The report's names of every value, lower case → code, per vocabulary.
    terms: HashMap<(u8, String), &'static str>,
}

/// The tag of place names (`places` of the vocabulary) in `Words::terms`.
const PLACE_TAG: u8 = 8;

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
        let table = crate::vocabulary::builtin().ok();
        for v in Vocab::ALL {
            for t in table.map_or(&[][..], |table| table.terms(v)) {
                let code = t.code.as_str();
                for term in [&t.en, &t.sv] {
                    terms.insert((vocab_tag(v), norm(term)), code);
                    terms.insert((vocab_tag(v), bare(term).0), code);
                }
                terms.insert((vocab_tag(v), norm(code)), code);
            }
        }
        // The names the report gives places, in both languages ("USA",
        // "Storbritannien", "United Kingdom"), with or without "the".
        for t in table.map_or(&[][..], |table| table.places.as_slice()) {
            for name in [&t.en, &t.sv] {
                let name = norm(name);
                let bare = name.strip_prefix("the ").unwrap_or(&name).to_string();
                terms.insert((PLACE_TAG, bare), t.code.as_str());
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
        if let Some(c) = self.lookup(Vocab::Category, &self.syn.categories, &key) {
            return Some(c);
        }
        // What `ropa check` would call sensitive (S002's patterns, the one
        // source of truth for sensitive names), the importer maps too: the
        // words of the cell are read as a field name's words.
        let words = item.trim().replace(char::is_whitespace, "_");
        self.data
            .sensitive_match(&words)
            .first()
            .map(|p| p.category.clone())
    }

    fn basis(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Basis, &self.syn.bases, &key)
    }

    fn art9(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Art9, &BTreeMap::new(), &key)
    }

    fn art10(&self, item: &str) -> Option<String> {
        let (key, _) = bare(item);
        self.lookup(Vocab::Art10, &BTreeMap::new(), &key)
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
        // The language's places that are no ISO code: `eea`, `third`, `world`.
        let lower = norm(t);
        if let Some(r) = crate::data::REGIONS.iter().find(|r| **r == lower) {
            return Some(r.to_string());
        }
        let known = |c: &String| {
            crate::data::REGIONS.contains(&c.as_str()) || self.data.countries.contains(c)
        };
        if let Some(c) = self.syn.countries.get(&lower).filter(|c| known(c)) {
            return Some(c.clone());
        }
        // The names the report gives places (`Words::new`).
        let bare = lower.strip_prefix("the ").unwrap_or(&lower);
        self.terms
            .get(&(PLACE_TAG, bare.to_string()))
            .map(|c| c.to_string())
            .filter(known)
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
#[derive(Debug, Default, Clone)]
pub struct SheetCounts {
    /// Data rows read.
    pub rows: usize,
    /// Cells turned into the language.
    pub mapped: usize,
    /// Cells kept as text with a TODO.
    pub review: usize,
    /// What became of each sheet (of a workbook), and the rows skipped
    /// (notes, examples, rows read already), one line each.
    pub sheets: Vec<String>,
}

#[derive(Debug, Default)]
struct PartyB {
    id: String,
    name: String,
    controller: bool,
    countries: Vec<String>,
    transfer: Option<String>,
    dpo: Option<String>,
    contact: Option<String>,
    representative: Option<String>,
    dpa: Option<String>,
    public_authority: bool,
    laws: Vec<String>,
    /// The reference of the transfer mechanism, and its `tia`.
    transfer_reference: Option<String>,
    tia: Option<String>,
    subprocessors: Vec<String>,
    /// Whether the sheet said what the party is (a processor column, the
    /// report's `(processor, SE)`): no TODO asks to check it.
    known: bool,
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
    arrangement: Option<String>,
    anonymous: bool,
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
    /// The controller named by a sheet of controller details, for rows
    /// without a controller column.
    default_controller: Option<String>,
    /// Party IDs by name, from the parties sheet of ropa's own workbook:
    /// the other sheets name parties by name.
    by_name: HashMap<String, String>,
}

impl Build<'_> {
    fn party(&mut self, name: &str, controller: bool, origin: &str) -> String {
        if let Some(id) = self.by_name.get(&norm(name)) {
            return id.clone();
        }
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

    /// Makes the parties one cell names (`HubSpot Inc. (USA), Fortnox AB
    /// (Sverige)`), with the countries and safeguards written beside
    /// them; their IDs, and whether all of the cell was understood (what
    /// was not is a TODO on the party). `processors`: the column says they
    /// are processors.
    fn parties_of(
        &mut self,
        cell: &str,
        place: &str,
        processors: bool,
        origin: &str,
    ) -> (Vec<String>, bool) {
        let mut ids = Vec::new();
        let mut all = true;
        for item in cells::party_items(cell) {
            let t = self.words.party_text(&item);
            let role = t.notes.iter().find_map(|n| match n {
                Note::Role(c) => Some(*c),
                _ => None,
            });
            let id = match self.by_name.get(&norm(&t.name)) {
                Some(id) => id.clone(),
                None => self_party(
                    &mut self.parties,
                    &mut self.party_order,
                    &t.name,
                    role.unwrap_or(false),
                    origin,
                ),
            };
            if let Some(p) = self.parties.get_mut(&id) {
                p.known |= processors || role.is_some();
                for n in &t.notes {
                    match n {
                        Note::Country(c) if !p.countries.contains(c) => p.countries.push(c.clone()),
                        Note::Mechanism(m) => {
                            p.transfer.get_or_insert_with(|| m.clone());
                        }
                        _ => {}
                    }
                }
                if !t.unread.is_empty() {
                    all = false;
                    p.todos.push(format!(
                        "// TODO(import): {place}: `{}`: not understood: {}",
                        comment_text(&item),
                        comment_text(&t.unread.join(", "))
                    ));
                }
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        (ids, all)
    }

    /// Whether `code` is a country outside the EEA.
    fn outside_eea(&self, code: &str) -> bool {
        code.len() == 2 && !self.words.data.eea.contains(code)
    }

    /// Gives the row's parties what a transfer note says: each country to
    /// the party already there, or to the one party of the row with no
    /// country; the mechanism to those of them outside the EEA. With no
    /// country, the mechanism goes to the row's parties outside the EEA
    /// (or its only party). `false` when it fits no party.
    fn place_transfer(&mut self, notes: &[Note], row_parties: &[String]) -> bool {
        let countries: Vec<&String> = notes
            .iter()
            .filter_map(|n| match n {
                Note::Country(c) => Some(c),
                _ => None,
            })
            .collect();
        let mechanism = notes.iter().find_map(|n| match n {
            Note::Mechanism(m) => Some(m.clone()),
            _ => None,
        });
        let mut targets: Vec<String> = Vec::new();
        if countries.is_empty() {
            targets = row_parties
                .iter()
                .filter(|id| {
                    self.parties
                        .get(*id)
                        .is_some_and(|p| p.countries.iter().any(|c| self.outside_eea(c)))
                })
                .cloned()
                .collect();
            if targets.is_empty() && row_parties.len() == 1 {
                targets = row_parties.to_vec();
            }
            if targets.is_empty() || mechanism.is_none() {
                return false;
            }
        }
        for code in countries {
            let mut here: Vec<String> = row_parties
                .iter()
                .filter(|id| {
                    self.parties
                        .get(*id)
                        .is_some_and(|p| p.countries.contains(code))
                })
                .cloned()
                .collect();
            if here.is_empty() {
                let unplaced: Vec<&String> = row_parties
                    .iter()
                    .filter(|id| {
                        self.parties
                            .get(*id)
                            .is_some_and(|p| p.countries.is_empty())
                    })
                    .collect();
                if unplaced.len() != 1 {
                    return false;
                }
                let id = unplaced[0].clone();
                if let Some(p) = self.parties.get_mut(&id) {
                    p.countries.push(code.clone());
                }
                here.push(id);
            }
            if self.outside_eea(code) {
                targets.extend(here);
            }
        }
        if let Some(m) = mechanism {
            for id in &targets {
                if let Some(p) = self.parties.get_mut(id) {
                    p.transfer.get_or_insert_with(|| m.clone());
                }
            }
        }
        true
    }

    /// The transfer cell (`USA – standardavtalsklausuler`, `USA`, `Nej`)
    /// and the safeguards cell of a row, given to the row's parties; the
    /// cells mapped and to review.
    fn transfers(
        &mut self,
        table: &Table,
        r: usize,
        third: Option<(usize, &str)>,
        safeguards: Option<(usize, &str)>,
        row_parties: &[String],
        todos: &mut Vec<String>,
    ) -> (usize, usize) {
        let (mut mapped, mut review) = (0, 0);
        let mut todo = |what: String| {
            todos.push(format!("// TODO(import): {}", comment_text(&what)));
        };
        if let Some((c, v)) = third {
            // `Ja, USA` names the country after the answer.
            let text = match cells::flag(v) {
                Some((Flag::No, _)) => None,
                Some((_, Some(rest))) => Some(rest),
                Some((_, None)) => Some(String::new()),
                None => Some(v.to_string()),
            };
            match text {
                None => mapped += 1,
                Some(text) => {
                    let ok = !text.is_empty()
                        && items(&text).iter().all(|item| {
                            self.words
                                .all_notes(item)
                                .is_some_and(|notes| self.place_transfer(&notes, row_parties))
                        });
                    if ok {
                        mapped += 1;
                    } else {
                        review += 1;
                        todo(format!(
                            "{}: third countries `{v}`: give each recipient its `country` (and `transfer`)",
                            table.place(r, c)
                        ));
                    }
                }
            }
        }
        if let Some((c, v)) = safeguards {
            let mut all = true;
            for item in items(v) {
                // The report writes `Name: mechanism`.
                let (who, what) = match item.split_once(": ") {
                    Some((w, m)) => (Some(identifier(w)), m.to_string()),
                    None => (None, item.clone()),
                };
                let none = matches!(cells::flag(&what), Some((Flag::No, _)));
                let ok = match who.filter(|w| self.parties.contains_key(w)) {
                    Some(t) => match self.words.mechanism(&what) {
                        Some(m) => {
                            if let Some(p) = self.parties.get_mut(&t) {
                                p.transfer.get_or_insert(m);
                            }
                            true
                        }
                        None => none,
                    },
                    None if none => true,
                    None => self
                        .words
                        .all_notes(&what)
                        .is_some_and(|notes| self.place_transfer(&notes, row_parties)),
                };
                if !ok {
                    all = false;
                    todo(format!("{}: safeguard `{item}`", table.place(r, c)));
                }
            }
            if all {
                mapped += 1;
            } else {
                review += 1;
            }
        }
        (mapped, review)
    }

    /// The controller named by a sheet's details, with its contact
    /// details, DPO, representative and country; the cells mapped and to
    /// review.
    fn details(&mut self, d: &layout::Details, origin: &str) -> (usize, usize) {
        let id = self.party(&d.name, true, origin);
        self.default_controller.get_or_insert_with(|| id.clone());
        let mut review = 0;
        let countries: Vec<(String, Option<String>)> = d
            .countries
            .iter()
            .map(|c| (c.clone(), self.words.country(c)))
            .collect();
        // A party of the parties sheet keeps its role there: a processor
        // that controls a dataset has a sheet of details too (P005).
        let listed = self.by_name.contains_key(&norm(&d.name));
        if let Some(p) = self.parties.get_mut(&id) {
            p.controller |= !listed;
            p.known = true;
            let join = |v: &[String]| (!v.is_empty()).then(|| v.join("; "));
            if p.contact.is_none() {
                p.contact = join(&d.contact);
            }
            if p.dpo.is_none() {
                p.dpo = join(&d.dpo);
            }
            if p.representative.is_none() {
                p.representative = join(&d.representative);
            }
            for (text, code) in countries {
                match code {
                    Some(code) if !p.countries.contains(&code) => p.countries.push(code),
                    Some(_) => {}
                    None => {
                        review += 1;
                        p.todos.push(format!(
                            "// TODO(import): country `{}`",
                            comment_text(&text)
                        ));
                    }
                }
            }
        }
        (d.cells - review, review)
    }

    /// The parties sheet of ropa's own workbook: each row a party with its
    /// ID and facts, known by its name on the other sheets; how many.
    fn parties_sheet(
        &mut self,
        table: &Table,
        top: usize,
        roles: &BTreeMap<usize, &'static str>,
    ) -> usize {
        let mut n = 0;
        for (r, row) in table.rows.iter().enumerate().skip(top + 1) {
            let cell = |role: &str| -> Option<(usize, &str)> {
                roles
                    .iter()
                    .find(|(_, x)| **x == role)
                    .and_then(|(c, _)| row.get(*c).map(|v| (*c, v.trim())))
                    .filter(|(_, v)| !v.is_empty())
            };
            let Some((_, key)) = cell("party_id") else {
                continue;
            };
            let id = identifier(key);
            if self.parties.contains_key(&id) {
                continue;
            }
            n += 1;
            let name = cell("name").map_or(key, |(_, v)| v);
            let controller = cell("role").and_then(|(_, v)| cells::role_word(v)) != Some(false);
            let origin = format!(
                "{}: sheet `{}`, row {}",
                self.origin_file,
                table.sheet,
                r + 1
            );
            let mut p = PartyB {
                id: id.clone(),
                name: name.to_string(),
                controller,
                known: true,
                origin,
                ..PartyB::default()
            };
            let mut mapped = 0;
            let mut review = 0;
            let text = |role: &str| cell(role).map(|(_, v)| v.to_string());
            if let Some((c, v)) = cell("countries") {
                mapped += 1;
                for item in split_items(v, true) {
                    match self.words.country(&item) {
                        Some(code) if !p.countries.contains(&code) => p.countries.push(code),
                        Some(_) => {}
                        None => {
                            review += 1;
                            p.todos.push(format!(
                                "// TODO(import): {}: country `{}`",
                                table.place(r, c),
                                comment_text(&item)
                            ));
                        }
                    }
                }
            }
            if let Some((_, v)) = cell("public_authority") {
                mapped += 1;
                p.public_authority = matches!(cells::flag(v), Some((Flag::Yes, _)));
            }
            if let Some((_, v)) = cell("laws") {
                mapped += 1;
                p.laws = split_items(v, false);
            }
            p.contact = text("contact");
            p.dpo = text("dpo");
            p.representative = text("representative");
            p.dpa = text("dpa");
            p.tia = text("tia");
            if let Some((c, v)) = cell("transfer") {
                match self.words.mechanism(v) {
                    Some(m) => {
                        mapped += 1;
                        p.transfer = Some(m);
                        p.transfer_reference = bare(v).1;
                    }
                    None => {
                        review += 1;
                        p.todos.push(format!(
                            "// TODO(import): {}: transfer mechanism `{}`",
                            table.place(r, c),
                            comment_text(v)
                        ));
                    }
                }
            }
            if let Some((_, v)) = cell("subprocessors") {
                mapped += 1;
                p.subprocessors = split_items(v, true).iter().map(|s| identifier(s)).collect();
            }
            mapped += ["contact", "dpo", "representative", "dpa", "tia"]
                .iter()
                .filter(|role| cell(role).is_some())
                .count();
            self.counts.mapped += mapped;
            self.counts.review += review;
            self.by_name.entry(norm(name)).or_insert_with(|| id.clone());
            self.party_order.push(id.clone());
            self.parties.insert(id, p);
        }
        n
    }

    /// A row of a sheet of processors: the processors it names, with their
    /// countries, safeguards and contracts; what else it says is a TODO on
    /// the processor.
    fn processor_row(&mut self, table: &Table, header: &Header, r: usize) {
        let Some(row) = table.rows.get(r) else { return };
        let cell = |role: &str| -> Option<(usize, &str)> {
            header
                .roles
                .iter()
                .find(|(_, x)| x.as_str() == role)
                .and_then(|(c, _)| row.get(*c).map(|v| (*c, v.trim())))
                .filter(|(_, v)| !v.is_empty())
        };
        let origin = format!(
            "{}: sheet `{}`, row {}",
            self.origin_file,
            table.sheet,
            r + 1
        );
        self.counts.rows += 1;
        let Some((pc, pv)) = cell("processor") else {
            return;
        };
        let (ids, all) = self.parties_of(pv, &table.place(r, pc), true, &origin);
        let (mut mapped, mut review) = if all { (1, 0) } else { (0, 1) };
        let mut todos = Vec::new();
        let (m, v) = self.transfers(
            table,
            r,
            cell("third_countries"),
            cell("safeguards"),
            &ids,
            &mut todos,
        );
        mapped += m;
        review += v;
        let heading = |c: usize| {
            table
                .rows
                .get(header.row)
                .and_then(|h| h.get(c))
                .map_or("", |s| s.trim())
                .to_string()
        };
        let mut others: Vec<(usize, String)> = header
            .roles
            .iter()
            .filter(|(_, role)| {
                !matches!(
                    role.as_str(),
                    "processor" | "third_countries" | "safeguards" | "processor_contract"
                )
            })
            .map(|(c, _)| (*c, heading(*c)))
            .collect();
        others.extend(header.unknown.iter().cloned());
        others.sort();
        if let Some((c, v)) = cell("processor_contract") {
            match cells::flag(v) {
                Some((Flag::No, _)) => mapped += 1,
                None if ids.len() == 1 => {
                    if let Some(p) = self.parties.get_mut(&ids[0]) {
                        p.dpa.get_or_insert_with(|| v.to_string());
                    }
                    mapped += 1;
                }
                _ => others.push((c, heading(c))),
            }
        }
        for (c, h) in others {
            if let Some(v) = row.get(c).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                review += 1;
                todos.push(format!(
                    "// TODO(import): {}: {h}: {}",
                    table.place(r, c),
                    comment_text(v)
                ));
            }
        }
        if let Some(p) = ids.first().and_then(|id| self.parties.get_mut(id)) {
            p.todos.extend(todos);
        }
        self.counts.mapped += mapped;
        self.counts.review += review;
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
        // ropa's own workbook (it has the dataset ID column) leaves the
        // cell empty for a dataset with no controller.
        let own_workbook = header.roles.values().any(|r| r == "dataset_id");
        if controllers.is_empty() && !own_workbook {
            match &self.default_controller {
                Some(id) => controllers.push(id.clone()),
                None => controllers.push(self.party("Organisation", true, &origin)),
            }
        }
        if let Some((_, v)) = cell("dpo") {
            if let Some(p) = controllers.first().and_then(|c| self.parties.get_mut(c)) {
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
            if add_fields(words, &mut d, &table.place(r, c), v) {
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
            } else if let Some(k) = words.lookup(Vocab::Kind, &BTreeMap::new(), &bare(k).0) {
                p.push(format!("kind {k}"));
            }
        }
        if let Some((c, v)) = cell("basis") {
            let reference = cell("basis_reference")
                .or_else(|| cell("legitimate_interest"))
                .map(|(_, r)| r.to_string());
            // Several bases in one cell: the first is written, the others
            // asked about (a purpose has one basis).
            let several: Vec<String> = match words.basis(v) {
                Some(_) => Vec::new(),
                None => {
                    let parts: Option<Vec<String>> = cells::basis_parts(v)
                        .iter()
                        .map(|x| words.basis(x))
                        .collect();
                    let mut parts = parts.unwrap_or_default();
                    parts.dedup();
                    parts
                }
            };
            match words.basis(v).or_else(|| several.first().cloned()) {
                Some(b) if several.len() <= 1 => {
                    mapped += 1;
                    match reference {
                        Some(r) => p.push(format!("basis {b} {}", quote(&r))),
                        None => p.push(format!("basis {b}")),
                    }
                }
                Some(b) => {
                    p.push(format!("basis {b}"));
                    todo(
                        &mut p,
                        format!(
                            "{}: `{v}` names {} legal bases ({}); a purpose has one: split the purpose, one per basis, or keep the basis that holds",
                            table.place(r, c),
                            several.len(),
                            several.join(", ")
                        ),
                        &mut review,
                    );
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
            match cells::flag(v) {
                Some((Flag::No, _)) => mapped += 1,
                Some((Flag::Yes | Flag::Pending, _)) => todo(
                    &mut p,
                    format!(
                        "{}: Art. 9 condition `{v}`: name the condition as `special_basis`",
                        table.place(r, c)
                    ),
                    &mut review,
                ),
                None => match words.art9(v) {
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
                },
            }
        }
        if let Some((c, v)) = cell("criminal_basis") {
            let (_, reference) = bare(v);
            match cells::flag(v) {
                Some((Flag::No, _)) => mapped += 1,
                _ => match words.art10(v) {
                    Some(b) => {
                        mapped += 1;
                        match reference {
                            Some(r) => p.push(format!("criminal_basis {b} {}", quote(&r))),
                            None => p.push(format!("criminal_basis {b}")),
                        }
                    }
                    None => todo(
                        &mut p,
                        format!(
                            "{}: Art. 10 basis `{v}`: name it as `criminal_basis`",
                            table.place(r, c)
                        ),
                        &mut review,
                    ),
                },
            }
        }
        if let Some((c, v)) = cell("automated") {
            let l = norm(v);
            if l.contains("profil") {
                p.push("profiling".into());
            }
            if l.contains("automat") {
                p.push("automated_decisions".into());
            }
            match cells::flag(v) {
                Some((Flag::No, _)) => mapped += 1,
                _ if l.contains("profil") || l.contains("automat") => mapped += 1,
                _ => todo(
                    &mut p,
                    format!(
                        "{}: automated decision-making `{v}`: write `profiling` or `automated_decisions` if it is either",
                        table.place(r, c)
                    ),
                    &mut review,
                ),
            }
        }
        if let Some((c, v)) = cell("consent_record") {
            if matches!(cells::flag(v), Some((Flag::No, _))) {
                mapped += 1;
            } else {
                todo(
                    &mut p,
                    format!("{}: consent is recorded in: {v}", table.place(r, c)),
                    &mut review,
                );
            }
        }
        let description = purpose_text
            .as_deref()
            .filter(|t| *t != pid)
            .map(quote)
            .unwrap_or_default();
        // ropa's own workbook gives a dataset with no purpose a row with
        // no purpose ID.
        let block = if own_workbook && cell("purpose_id").is_none() && purpose_text.is_none() {
            Vec::new()
        } else {
            let mut block = vec![
                format!("// Imported by ropa from {origin}"),
                format!("purpose {pid} {description} {{"),
            ];
            block.extend(p.into_iter().map(|l| format!("  {l}")));
            block.push("}".into());
            block
        };

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
        if let Some((c, v)) = cell("dpia") {
            // `Nej` is no assessment, not an assessment called `Nej`.
            match cells::flag(v) {
                Some((Flag::No, _)) => mapped += 1,
                Some((Flag::Yes, Some(reference))) => {
                    d.dpia.get_or_insert(reference);
                    mapped += 1;
                }
                Some((Flag::Yes, None)) => todo(
                    &mut d.todos,
                    format!(
                        "{}: DPIA `{v}`: the sheet gives no reference; write it as `dpia \"...\"`",
                        table.place(r, c)
                    ),
                    &mut review,
                ),
                Some((Flag::Pending, _)) => todo(
                    &mut d.todos,
                    format!(
                        "{}: DPIA `{v}`: not done yet; write its reference as `dpia \"...\"` once it is",
                        table.place(r, c)
                    ),
                    &mut review,
                ),
                None => {
                    d.dpia.get_or_insert_with(|| v.to_string());
                    mapped += 1;
                }
            }
        }
        if let Some((_, v)) = cell("anonymous") {
            d.anonymous |= matches!(cells::flag(v), Some((Flag::Yes, _)));
            mapped += 1;
        }
        if let Some((c, v)) = cell("special_data") {
            match cells::flag(v) {
                Some((Flag::No, _)) => mapped += 1,
                Some(_) => todo(
                    &mut d.todos,
                    format!(
                        "{}: special category data `{v}`: give the fields that hold it their `special.*` category, and the purpose its `special_basis`",
                        table.place(r, c)
                    ),
                    &mut review,
                ),
                None => {
                    if add_fields(words, &mut d, &table.place(r, c), v) {
                        mapped += 1;
                    } else {
                        review += 1;
                    }
                }
            }
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
                } else if let Some(id) = self.by_name.get(&l) {
                    id.clone()
                } else {
                    quote(&item)
                };
                if !d.sources.contains(&s) {
                    d.sources.push(s);
                }
            }
            mapped += 1;
        }
        let no = |v: &str| matches!(cells::flag(v), Some((Flag::No, _)));
        if let Some((c, v)) = cell("joint_controller") {
            if no(v) {
                mapped += 1;
            } else if let Some((_, a)) = v.split_once(" — ").filter(|_| own_workbook) {
                // The report writes `A; B — arrangement`; the controllers
                // are in the controller column.
                d.arrangement.get_or_insert_with(|| a.trim().to_string());
                mapped += 1;
            } else if own_workbook {
                mapped += 1;
            } else {
                todo(
                    &mut d.todos,
                    format!("{}: joint controller: {v}", table.place(r, c)),
                    &mut review,
                );
            }
        }
        // The report writes `Name: reference` for each recipient with a
        // contract: the contract is that party's `dpa`.
        let contracts = cell("processor_contract").map(|(_, v)| {
            items(v).iter().all(|item| {
                let Some((name, reference)) = item.split_once(": ") else {
                    return false;
                };
                let id = self
                    .by_name
                    .get(&norm(name))
                    .cloned()
                    .unwrap_or_else(|| identifier(name));
                match self.parties.get_mut(&id) {
                    Some(p) => {
                        p.dpa.get_or_insert_with(|| reference.trim().to_string())
                            == reference.trim()
                    }
                    None => false,
                }
            })
        });
        if let Some((_, v)) = cell("processor_contract").filter(|(_, v)| no(v)) {
            let _ = v;
            mapped += 1;
        } else if contracts == Some(true) {
            mapped += 1;
        } else if let Some((c, v)) = cell("processor_contract") {
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

        // Recipients and processors, their countries and safeguards.
        let mut row_parties = Vec::new();
        for (role, processors) in [("recipients", false), ("processor", true)] {
            if let Some((c, v)) = cell(role) {
                let (ids, all) = self.parties_of(v, &table.place(r, c), processors, &origin);
                for id in ids {
                    if !d.recipients.contains(&id) {
                        d.recipients.push(id.clone());
                    }
                    if !row_parties.contains(&id) {
                        row_parties.push(id);
                    }
                }
                if all {
                    mapped += 1;
                } else {
                    review += 1;
                }
            }
        }
        let (m, v) = self.transfers(
            table,
            r,
            cell("third_countries"),
            cell("safeguards"),
            &row_parties,
            &mut d.todos,
        );
        mapped += m;
        review += v;
        self.counts.mapped += mapped;
        self.counts.review += review;
        self.datasets[index] = d;
    }
}

/// Adds a field for each item of a categories cell; whether every item
/// had a category.
fn add_fields(words: &Words<'_>, d: &mut DatasetB, place: &str, v: &str) -> bool {
    let mut all = true;
    for item in items(v) {
        let (text, _) = bare(&item);
        let fname = identifier(&text);
        let category = words.category(&item);
        all &= category.is_some();
        if d.field_names.contains(&fname) {
            continue;
        }
        d.field_names.push(fname.clone());
        match category {
            Some(cat) => d.fields.push(format!("{fname}: {cat}")),
            None => {
                d.fields.push(format!(
                    "// TODO(import): {place}: no data category for `{}`",
                    comment_text(&item)
                ));
                d.fields.push(format!("{fname} {}", quote(&item)));
            }
        }
    }
    all
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

/// What a sheet of the workbook is.
enum SheetKind {
    /// A register: one row per activity, under its header.
    Register(Header),
    /// A list of processors (a processor column and no activities).
    Processors(Header),
    /// The parties sheet of ropa's own workbook: the header's row, and
    /// each column's role.
    Parties(usize, BTreeMap<usize, &'static str>),
    /// Only the controller's details.
    Details(layout::Details),
    /// Nothing to import, and why.
    Skipped(String),
}

/// Roles that make a table a register of activities.
const ACTIVITY_ROLES: &[&str] = &[
    "purpose",
    "business_function",
    "subjects",
    "categories",
    "basis",
    "dataset_id",
    "purpose_id",
    "retention",
];

fn classify(table: &Table, syn: &Synonyms, map: Option<&BTreeMap<String, String>>) -> SheetKind {
    if table
        .rows
        .iter()
        .all(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        return SheetKind::Skipped("it is empty".into());
    }
    if let Some((row, roles)) = parties_header(table) {
        return SheetKind::Parties(row, roles);
    }
    if let Some(h) = find_header(table, syn, map) {
        let roles = || h.roles.values().map(String::as_str);
        let activities = roles().any(|r| ACTIVITY_ROLES.contains(&r));
        if !activities && roles().any(|r| r == "processor") {
            return SheetKind::Processors(h);
        }
        return SheetKind::Register(h);
    }
    match layout::controller_details(table, HEADER_SEARCH) {
        Some(d) => SheetKind::Details(d),
        None => SheetKind::Skipped(format!(
            "no row of the first {HEADER_SEARCH} names two columns, and no controller is named"
        )),
    }
}

/// The header of a parties sheet as ropa's report writes it (in English or
/// Swedish): a row that opens with the party ID heading; each column's role.
fn parties_header(table: &Table) -> Option<(usize, BTreeMap<usize, &'static str>)> {
    let first = PARTY_COLUMNS.first()?;
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH) {
        let opens = row
            .first()
            .is_some_and(|c| norm(c) == norm(first.en) || norm(c) == norm(first.sv));
        if !opens {
            continue;
        }
        let roles = row
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let h = norm(c);
                PARTY_COLUMNS
                    .iter()
                    .find(|x| norm(x.en) == h || norm(x.sv) == h)
                    .map(|x| (i, x.role))
            })
            .collect();
        return Some((r, roles));
    }
    None
}

/// `row 4`, `rows 5–6, 9`.
fn rows_text(rows: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            rows[i].to_string()
        } else {
            format!("{}–{}", rows[i], rows[j])
        });
        i = j + 1;
    }
    format!(
        "{} {}",
        if rows.len() == 1 { "row" } else { "rows" },
        parts.join(", ")
    )
}

/// Imports the sheet; the file to write and the counts.
pub fn import(file: &Path, map: Option<&Path>) -> Result<(Output, SheetCounts), InputError> {
    let syn =
        synonyms().map_err(|e| err(Path::new("rules/sheet-synonyms.yaml"), String::new(), e))?;
    let map = map.map(|m| read_map(m, syn)).transpose()?;
    let map = map.as_ref();
    let tables = read_tables(file, &|t| {
        !matches!(classify(t, syn, map), SheetKind::Skipped(_))
    })?;
    let kinds: Vec<SheetKind> = tables.iter().map(|t| classify(t, syn, map)).collect();
    if !kinds
        .iter()
        .any(|k| matches!(k, SheetKind::Register(_) | SheetKind::Processors(_)))
    {
        let sheet = tables.first().map(|t| t.sheet.clone()).unwrap_or_default();
        return Err(err(
            file,
            if tables.len() == 1 { sheet } else { "every sheet".into() },
            format!(
                "no header row recognised in the first {HEADER_SEARCH} rows (two or more headings such as `Purpose of processing`, `Ändamål`, `Rättslig grund`); name the columns with --map FILE"
            ),
        ));
    }
    // Cells too large.
    for (table, kind) in tables.iter().zip(&kinds) {
        let top = match kind {
            SheetKind::Register(h) | SheetKind::Processors(h) => h.row,
            SheetKind::Parties(row, _) => *row,
            _ => continue,
        };
        for (r, row) in table.rows.iter().enumerate().skip(top) {
            for (c, v) in row.iter().enumerate() {
                if v.len() > CELL_LIMIT && v.chars().count() > CELL_LIMIT {
                    return Err(err(
                        file,
                        table.place(r, c),
                        format!("a cell of {} characters; a cell holds at most {CELL_LIMIT} (Excel's limit)", v.chars().count()),
                    ));
                }
            }
        }
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
        default_controller: None,
        by_name: HashMap::new(),
    };
    // The parties of ropa's own workbook first: the other sheets name
    // them by name, and they give each its ID.
    let mut parties_said: Vec<Option<String>> = Vec::new();
    for (table, kind) in tables.iter().zip(&kinds) {
        parties_said.push(match kind {
            SheetKind::Parties(row, roles) => {
                let n = b.parties_sheet(table, *row, roles);
                Some(format!("{n} part{}", if n == 1 { "y" } else { "ies" }))
            }
            _ => None,
        });
    }
    // Controller details next: rows without a controller column are the
    // named controller's.
    let mut details_said: Vec<Option<String>> = Vec::new();
    for (table, kind) in tables.iter().zip(&kinds) {
        let d = match kind {
            SheetKind::Details(d) => Some(d.clone()),
            SheetKind::Register(h) | SheetKind::Processors(h) => {
                layout::controller_details(table, h.row)
            }
            SheetKind::Parties(..) | SheetKind::Skipped(_) => None,
        };
        details_said.push(d.map(|d| {
            let origin = format!("{}: sheet `{}`", b.origin_file, table.sheet);
            let (m, v) = b.details(&d, &origin);
            b.counts.mapped += m;
            b.counts.review += v;
            format!("controller details of {}", d.name)
        }));
    }
    // Rows read on an earlier sheet (ropa's own workbook repeats each
    // controller's rows on a sheet of its own) are read once.
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut first_register: Option<(usize, usize)> = None;
    for ((i, table), kind) in tables.iter().enumerate().zip(&kinds) {
        let mut said: Vec<String> = details_said[i].iter().cloned().collect();
        said.extend(parties_said[i].iter().cloned());
        match kind {
            SheetKind::Register(h) | SheetKind::Processors(h) => {
                first_register.get_or_insert((i, h.row));
                let processors = matches!(kind, SheetKind::Processors(_));
                let before = (b.counts.rows, b.parties.len());
                let (mut notes, mut examples) = (Vec::new(), Vec::new());
                let mut repeated: BTreeMap<String, usize> = BTreeMap::new();
                let mut before_data = true;
                for r in h.row + 1..table.rows.len() {
                    match layout::row_kind(table, r, before_data) {
                        layout::RowKind::Empty => continue,
                        layout::RowKind::Notes => notes.push(r + 1),
                        layout::RowKind::Example => examples.push(r + 1),
                        layout::RowKind::Data => {
                            before_data = false;
                            let key: String = h
                                .roles
                                .iter()
                                .map(|(c, role)| {
                                    let v = table.rows[r].get(*c).map_or("", |v| v.trim());
                                    format!("{role}\u{1f}{v}\u{1e}")
                                })
                                .collect();
                            let key = format!("{processors}{key}");
                            match seen.get(&key) {
                                Some(sheet) if *sheet != table.sheet => {
                                    *repeated.entry(sheet.clone()).or_default() += 1;
                                    continue;
                                }
                                Some(_) => {}
                                None => {
                                    seen.insert(key, table.sheet.clone());
                                }
                            }
                            if processors {
                                b.processor_row(table, h, r);
                            } else {
                                b.row(table, h, r);
                            }
                        }
                    }
                }
                let rows = b.counts.rows - before.0;
                if processors {
                    let n = b.parties.len() - before.1;
                    said.push(format!(
                        "{rows} row{} of processors ({n} new part{})",
                        if rows == 1 { "" } else { "s" },
                        if n == 1 { "y" } else { "ies" }
                    ));
                } else if rows > 0 || repeated.is_empty() {
                    said.push(format!(
                        "{rows} row{} under the header in row {}",
                        if rows == 1 { "" } else { "s" },
                        h.row + 1
                    ));
                }
                if !notes.is_empty() {
                    said.push(format!("skipped {} (notes)", rows_text(&notes)));
                }
                if !examples.is_empty() {
                    said.push(format!("skipped {} (examples)", rows_text(&examples)));
                }
                for (sheet, n) in repeated {
                    said.push(format!(
                        "skipped {n} row{} already read on sheet `{sheet}`",
                        if n == 1 { "" } else { "s" }
                    ));
                }
            }
            SheetKind::Details(_) | SheetKind::Parties(..) => {}
            SheetKind::Skipped(why) => said.push(format!("skipped: {why}")),
        }
        let label = if table.csv {
            "CSV".to_string()
        } else {
            format!("sheet `{}`", table.sheet)
        };
        // A CSV file says only what it skipped.
        if !table.csv || said.len() > 1 {
            b.counts
                .sheets
                .push(format!("{label}: {}", said.join("; ")));
        }
    }
    if b.counts.rows == 0 {
        let (i, row) = first_register.unwrap_or((0, 0));
        let place = tables.get(i).map(|t| t.place(row, 0)).unwrap_or_default();
        return Err(err(file, place, "the header has no rows under it"));
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
        if p.public_authority {
            let _ = writeln!(out, "  public_authority");
        }
        if !p.laws.is_empty() {
            let laws: Vec<String> = p.laws.iter().map(|l| quote(l)).collect();
            let _ = writeln!(out, "  law {}", laws.join(", "));
        }
        if let Some(t) = &p.transfer {
            let mut line = format!("  transfer {t}");
            if let Some(r) = &p.transfer_reference {
                line.push_str(&format!(" {}", quote(r)));
            }
            if let Some(x) = &p.tia {
                line.push_str(&format!(" tia {}", quote(x)));
            }
            let _ = writeln!(out, "{line}");
        }
        if !p.subprocessors.is_empty() {
            let _ = writeln!(out, "  subprocessors {}", p.subprocessors.join(", "));
        }
        if let Some(c) = &p.contact {
            let _ = writeln!(out, "  contact {}", quote(c));
        }
        if let Some(d) = &p.dpo {
            let _ = writeln!(out, "  dpo {}", quote(d));
        }
        if let Some(x) = &p.representative {
            let _ = writeln!(out, "  representative {}", quote(x));
        }
        if let Some(x) = &p.dpa {
            let _ = writeln!(out, "  dpa {}", quote(x));
        }
        if !p.controller && !p.known {
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
        if !d.controllers.is_empty() {
            let _ = writeln!(out, "  controller {}", d.controllers.join(", "));
        }
        if let Some(a) = &d.arrangement {
            let _ = writeln!(out, "  arrangement {}", quote(a));
        }
        if d.anonymous {
            let _ = writeln!(out, "  anonymous");
        }
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
    for line in &counts.sheets {
        eprintln!("ropa: {line}");
    }
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
            bare("EU–US Data Privacy Framework (Art. 45, Decision (EU) 2023/1795)").0,
            "eu–us data privacy framework"
        );
        assert_eq!(bare("Acme (Nordic").0, "acme (nordic");
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
    fn the_report_headings_name_known_roles() {
        let syn = synonyms().unwrap();
        for c in ART30_COLUMNS {
            assert!(syn.columns.contains_key(c.role), "{}", c.role);
            assert_eq!(role_of(syn, c.en).as_deref(), Some(c.role));
            assert_eq!(role_of(syn, c.sv).as_deref(), Some(c.role));
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
        assert_eq!(w.country("inom EU/EES").as_deref(), Some("eea"));
        assert_eq!(w.country("world").as_deref(), Some("world"));
        assert_eq!(w.country("third").as_deref(), Some("third"));
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
