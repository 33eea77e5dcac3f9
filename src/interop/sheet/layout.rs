//! Registers laid out as people lay them out: merged cells filled down,
//! several heading rows (group headings merged above the real ones),
//! notes and "e.g." example rows under the headings, and controller
//! details written as label and value (or as the ICO template's grid of
//! controller, DPO and representative).

use std::collections::BTreeMap;

use super::{norm, role_of, Header, Role, Synonyms, Table, HEADER_SEARCH};

/// Writes the value of every merged region that spans several rows into
/// each of those rows, in the region's first column (a business function
/// merged over its three purposes belongs to all three). A region that
/// spans one row only keeps its value in its first cell: a notes row or a
/// group heading merged across the columns is not a value of each column.
pub fn fill_down(table: &mut Table) {
    let width = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    for &(r0, c0, r1, _) in &table.merged {
        let (r0, c0, r1) = (r0 as usize, c0 as usize, r1 as usize);
        // A region outside the cells that hold anything fills nothing (a
        // malformed workbook may name A1:XFD1048576).
        if r1 <= r0 || c0 >= width || r0 >= table.rows.len() {
            continue;
        }
        let Some(value) = table.rows[r0].get(c0).cloned() else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        for r in r0 + 1..=r1.min(table.rows.len() - 1) {
            let row = &mut table.rows[r];
            if row.len() <= c0 {
                row.resize(c0 + 1, String::new());
            }
            if row[c0].trim().is_empty() {
                row[c0].clone_from(&value);
            }
        }
    }
}

/// The heading merged across columns right above `(row, col)`, if any.
fn group_above(table: &Table, row: usize, col: usize) -> Option<&str> {
    let above = row.checked_sub(1)?;
    table
        .merged
        .iter()
        .find(|&&(r0, c0, r1, c1)| {
            c1 > c0
                && (r0 as usize) <= above
                && above <= r1 as usize
                && (c0 as usize) <= col
                && col <= c1 as usize
        })
        .and_then(|&(r0, c0, _, _)| table.rows.get(r0 as usize)?.get(c0 as usize))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
}

/// The role of a heading: a `--map` heading first, then the synonyms.
fn role(syn: &Synonyms, map: Option<&BTreeMap<String, String>>, heading: &str) -> Option<Role> {
    if let Some(m) = map {
        let h = norm(heading);
        if let Some((role, _)) = m.iter().find(|(_, x)| norm(x) == h) {
            return Some(role.clone());
        }
    }
    role_of(syn, heading)
}

/// Each column's role in row `r`, and the headings no role matched. A
/// heading that means nothing alone is read with the group heading merged
/// above it (`Retention` over `Period`); an empty heading cell takes the
/// heading above it when the row above names a column too (headings on two
/// rows, unmerged).
fn headings(
    table: &Table,
    syn: &Synonyms,
    map: Option<&BTreeMap<String, String>>,
    r: usize,
) -> (BTreeMap<usize, Role>, Vec<(usize, String)>) {
    let mut roles: BTreeMap<usize, Role> = BTreeMap::new();
    let mut unknown = Vec::new();
    let Some(row) = table.rows.get(r) else {
        return (roles, unknown);
    };
    let above = r.checked_sub(1).and_then(|a| table.rows.get(a));
    let above_names_columns = above.is_some_and(|a| a.iter().any(|c| role(syn, map, c).is_some()));
    let width = row.len().max(above.map_or(0, Vec::len));
    for c in 0..width {
        let own = row.get(c).map_or("", |s| s.trim());
        let text = if own.is_empty() && above_names_columns {
            above.and_then(|a| a.get(c)).map_or("", |s| s.trim())
        } else {
            own
        };
        if text.is_empty() {
            continue;
        }
        let found = role(syn, map, text).or_else(|| {
            group_above(table, r, c).and_then(|g| role(syn, map, &format!("{g} {text}")))
        });
        match found {
            Some(x) if !roles.values().any(|y| y == &x) => {
                roles.insert(c, x);
            }
            _ => unknown.push((c, text.to_string())),
        }
    }
    (roles, unknown)
}

/// Finds the header: of the first rows, the one that names the most
/// columns (two at least), so that a group heading row above the real
/// headings, or a title that happens to hold a heading, is passed over.
/// With `--map`, a row holding every heading the map names comes first;
/// the map's headings add to the synonyms, they do not replace them.
pub fn find_header(
    table: &Table,
    syn: &Synonyms,
    map: Option<&BTreeMap<String, String>>,
) -> Option<Header> {
    let mut best: Option<((bool, usize), usize)> = None;
    for (r, row) in table.rows.iter().enumerate().take(HEADER_SEARCH) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (roles, _) = headings(table, syn, map, r);
        let all_mapped = map.is_some_and(|m| {
            !m.is_empty() && m.values().all(|h| row.iter().any(|c| norm(c) == norm(h)))
        });
        let score = (all_mapped, roles.len());
        if (roles.len() >= 2 || all_mapped) && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, r));
        }
    }
    let (_, row) = best?;
    let (roles, unknown) = headings(table, syn, map, row);
    Some(Header {
        row,
        roles,
        unknown,
    })
}

/// What a row under the header is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A processing activity.
    Data,
    /// Nothing in it.
    Empty,
    /// Guidance for whoever fills the sheet in.
    Notes,
    /// An example (`e.g. Payroll`), not an activity.
    Example,
}

/// Words that open an example.
const EXAMPLE: &[&str] = &[
    "e.g.",
    "e.g",
    "eg.",
    "eg:",
    "eg",
    "example",
    "for example",
    "exempel",
    "exempelvis",
    "t.ex.",
    "t.ex",
    "t ex",
    "ex.",
    "ex:",
];

/// Words that open a note.
const NOTE: &[&str] = &[
    "note",
    "notes",
    "nb",
    "n.b.",
    "obs",
    "obs!",
    "anm.",
    "anmärkning",
    "guidance",
    "instructions",
    "instruktioner",
    "anvisning",
    "anvisningar",
];

/// Words that open an instruction to whoever fills the sheet in.
const INSTRUCTION: &[&str] = &[
    "describe",
    "list",
    "record",
    "enter",
    "include",
    "state",
    "give",
    "provide",
    "explain",
    "identify",
    "insert",
    "beskriv",
    "ange",
    "lista",
    "fyll i",
    "skriv",
    "redogör",
    "notera",
    "specificera",
];

/// Whether `text` opens with one of `words`, as a word of its own (`e.g.
/// Payroll`, `Note: ...`, but not `Examples` or `Notary`).
fn opens_with(text: &str, words: &[&str]) -> bool {
    let lower = text.trim().to_lowercase();
    words.iter().any(|w| {
        lower.strip_prefix(w).is_some_and(|rest| {
            rest.is_empty()
                || w.ends_with(['.', ':', '!'])
                || rest.starts_with(|c: char| !c.is_alphanumeric())
        })
    })
}

/// What row `r` is. `before_data`: no activity has been read under the
/// header yet (where a row of instructions sits).
pub fn row_kind(table: &Table, r: usize, before_data: bool) -> RowKind {
    let Some(row) = table.rows.get(r) else {
        return RowKind::Empty;
    };
    let cells: Vec<(usize, &str)> = row
        .iter()
        .enumerate()
        .map(|(c, v)| (c, v.trim()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let Some(&(first_col, first)) = cells.first() else {
        return RowKind::Empty;
    };
    let examples = cells.iter().filter(|(_, v)| opens_with(v, EXAMPLE)).count();
    if opens_with(first, EXAMPLE) || examples * 2 >= cells.len() {
        return RowKind::Example;
    }
    if opens_with(first, NOTE) {
        return RowKind::Notes;
    }
    // One text merged across several columns is a note across the table.
    let merged_across = table.merged.iter().any(|&(r0, c0, r1, c1)| {
        c1 > c0 && (r0 as usize) <= r && r <= r1 as usize && c0 as usize == first_col
    });
    if cells.len() == 1 && merged_across {
        return RowKind::Notes;
    }
    if before_data && cells.len() >= 2 {
        let instructions = cells
            .iter()
            .filter(|(_, v)| opens_with(v, INSTRUCTION) || v.ends_with('?'))
            .count();
        if instructions * 2 > cells.len() {
            return RowKind::Notes;
        }
    }
    RowKind::Data
}

/// Who a column of controller details is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Controller,
    Dpo,
    Representative,
}

/// What a label of controller details names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    /// The organisation's (or the person's) name.
    Name,
    /// An address, e-mail, telephone number, organisation number.
    Contact,
    /// The country.
    Country,
    /// The DPO or the representative, as one label and value.
    Of(Who),
}

/// A label as written, without a trailing colon or `(if applicable)`.
fn label_key(text: &str) -> String {
    let mut s = text.trim().trim_end_matches(':').trim().to_string();
    while s.ends_with(')') {
        match s.rfind(" (") {
            Some(i) => s.truncate(i),
            None => break,
        }
    }
    norm(s.trim_end_matches(':'))
}

fn who_of(text: &str) -> Option<Who> {
    match label_key(text).as_str() {
        "controller"
        | "name and contact details"
        | "name and contact details of the controller"
        | "personuppgiftsansvarig"
        | "organisation"
        | "organization"
        | "our organisation"
        | "vår organisation" => Some(Who::Controller),
        "data protection officer" | "dpo" | "dataskyddsombud" => Some(Who::Dpo),
        "representative" | "eu representative" | "företrädare" | "representant" => {
            Some(Who::Representative)
        }
        _ => None,
    }
}

fn label_of(text: &str) -> Option<Label> {
    let key = label_key(text);
    match key.as_str() {
        "name"
        | "namn"
        | "name of controller"
        | "name of the controller"
        | "name of organisation"
        | "organisation name"
        | "organisationens namn"
        | "company name"
        | "företag"
        | "företagsnamn"
        | "controller"
        | "personuppgiftsansvarig"
        | "organisation"
        | "organization" => Some(Label::Name),
        "address"
        | "adress"
        | "postadress"
        | "besöksadress"
        | "email"
        | "e-mail"
        | "email address"
        | "e-mail address"
        | "e-post"
        | "e-postadress"
        | "telephone"
        | "telephone number"
        | "phone"
        | "telefon"
        | "telefonnummer"
        | "contact"
        | "contact details"
        | "kontaktuppgifter"
        | "organisationsnummer"
        | "org.nr"
        | "org nr"
        | "org. nr"
        | "company number"
        | "registration number"
        | "website"
        | "webbplats"
        | "webbadress" => Some(Label::Contact),
        "country" | "land" => Some(Label::Country),
        _ => who_of(text)
            .filter(|w| *w != Who::Controller)
            .map(Label::Of),
    }
}

/// The controller's details found on a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// The controller's name.
    pub name: String,
    /// Address, e-mail, telephone ... in the sheet's order.
    pub contact: Vec<String>,
    /// The DPO's name and contact details.
    pub dpo: Vec<String>,
    /// The representative's name and contact details.
    pub representative: Vec<String>,
    /// The countries as written.
    pub countries: Vec<String>,
    /// How many cells were read.
    pub cells: usize,
}

/// The controller details in the first `upto` rows: label and value side
/// by side (`Controller | Acme Ltd`, `Dataskyddsombud | dso@acme.se`), or
/// the ICO template's grid (a row of `Name and contact details`, `Data
/// Protection Officer`, `Representative` over rows of `Name`, `Address`,
/// `Email`, `Telephone`). `None` when no controller is named.
pub fn controller_details(table: &Table, upto: usize) -> Option<Details> {
    let mut d = Details::default();
    let mut grid: Option<Vec<(usize, Who)>> = None;
    for row in table.rows.iter().take(upto.min(HEADER_SEARCH)) {
        let cells: Vec<(usize, &str)> = row
            .iter()
            .enumerate()
            .map(|(c, v)| (c, v.trim()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let Some(&(first_col, first)) = cells.first() else {
            continue;
        };
        let whos: Vec<(usize, Who)> = cells
            .iter()
            .filter_map(|(c, v)| who_of(v).map(|w| (*c, w)))
            .collect();
        if whos.len() >= 2 && whos.iter().any(|(_, w)| *w == Who::Controller) {
            grid = Some(whos);
            continue;
        }
        let Some(label) = label_of(first) else {
            continue;
        };
        match &grid {
            Some(columns) => {
                for (c, who) in columns {
                    let Some(value) = row.get(*c).map(|v| v.trim()).filter(|v| !v.is_empty())
                    else {
                        continue;
                    };
                    d.cells += 1;
                    match (who, label) {
                        (Who::Controller, Label::Name) if d.name.is_empty() => {
                            d.name = value.to_string();
                        }
                        (Who::Controller, Label::Country) => d.countries.push(value.to_string()),
                        (Who::Controller, _) => d.contact.push(value.to_string()),
                        (Who::Dpo, _) => d.dpo.push(value.to_string()),
                        (Who::Representative, _) => d.representative.push(value.to_string()),
                    }
                }
            }
            None => {
                let Some(&(_, value)) = cells.iter().find(|(c, _)| *c > first_col) else {
                    continue;
                };
                d.cells += 1;
                match label {
                    Label::Name if d.name.is_empty() => d.name = value.to_string(),
                    Label::Name | Label::Contact => d.contact.push(value.to_string()),
                    Label::Country => d.countries.push(value.to_string()),
                    Label::Of(Who::Dpo) => d.dpo.push(value.to_string()),
                    Label::Of(_) => d.representative.push(value.to_string()),
                }
            }
        }
    }
    (!d.name.is_empty()).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]], merged: Vec<(u32, u32, u32, u32)>) -> Table {
        Table {
            sheet: "S".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
            merged,
            csv: false,
        }
    }

    #[test]
    fn merged_cells_fill_down_not_across() {
        let mut t = table(
            &[&["HR", "Recruitment"], &["", "Payroll"], &["Note", ""]],
            vec![(0, 0, 1, 0), (2, 0, 2, 1), (0, 5, 9, 9)],
        );
        fill_down(&mut t);
        assert_eq!(t.rows[1][0], "HR");
        assert_eq!(t.rows[2][1], "");
    }

    #[test]
    fn the_row_naming_most_columns_is_the_header() {
        let syn = super::super::synonyms().unwrap();
        // Group headings merged above the real ones; `Business function`
        // merged down over both heading rows.
        let mut t = table(
            &[
                &["Record of processing"],
                &["Business function", "Lawful basis", "", "Retention", ""],
                &[
                    "",
                    "Article 6 lawful basis",
                    "Legitimate interests for the processing",
                    "Period",
                    "Review date",
                ],
                &["HR", "Contract", "", "2 years", ""],
            ],
            vec![(1, 0, 2, 0), (1, 1, 1, 2), (1, 3, 1, 4)],
        );
        fill_down(&mut t);
        let h = find_header(&t, syn, None).unwrap();
        assert_eq!(h.row, 2);
        let roles: Vec<&str> = h.roles.values().map(String::as_str).collect();
        assert_eq!(
            roles,
            [
                "business_function",
                "basis",
                "legitimate_interest",
                "retention"
            ]
        );
    }

    #[test]
    fn notes_and_examples() {
        let t = table(
            &[
                &["Describe the function", "List the data"],
                &["e.g. Finance", "e.g. Payroll"],
                &["HR", "Namn"],
                &["Note: add a row per purpose", ""],
                &["Explained across the table"],
                &["Ex-kunder", "Namn"],
            ],
            vec![(4, 0, 4, 5)],
        );
        assert_eq!(row_kind(&t, 0, true), RowKind::Notes);
        assert_eq!(row_kind(&t, 1, true), RowKind::Example);
        assert_eq!(row_kind(&t, 2, true), RowKind::Data);
        assert_eq!(row_kind(&t, 3, false), RowKind::Notes);
        assert_eq!(row_kind(&t, 4, false), RowKind::Notes);
        assert_eq!(row_kind(&t, 5, false), RowKind::Data);
    }

    #[test]
    fn details_side_by_side_and_as_a_grid() {
        let pairs = table(
            &[
                &["Personuppgiftsansvarig:", "Kommunen"],
                &["Organisationsnummer", "212000-0000"],
                &["Dataskyddsombud", "dso@kommunen.se"],
                &["Land", "Sverige"],
            ],
            vec![],
        );
        let d = controller_details(&pairs, 30).unwrap();
        assert_eq!(d.name, "Kommunen");
        assert_eq!(d.contact, ["212000-0000"]);
        assert_eq!(d.dpo, ["dso@kommunen.se"]);
        assert_eq!(d.countries, ["Sverige"]);
        let grid = table(
            &[
                &[
                    "",
                    "Name and contact details",
                    "Data Protection Officer (if applicable)",
                    "Representative (if applicable)",
                ],
                &["Name", "Acme Ltd", "Jane Doe", ""],
                &["Email", "info@acme.example", "dpo@acme.example", ""],
            ],
            vec![],
        );
        let d = controller_details(&grid, 30).unwrap();
        assert_eq!(d.name, "Acme Ltd");
        assert_eq!(d.contact, ["info@acme.example"]);
        assert_eq!(d.dpo, ["Jane Doe", "dpo@acme.example"]);
        assert!(controller_details(&table(&[&["Purpose", "Basis"]], vec![]), 30).is_none());
    }
}
