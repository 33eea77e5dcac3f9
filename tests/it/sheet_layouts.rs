//! `ropa import sheet` on registers as DPOs lay them out and write them
//! (issue 25): a workbook in the style of the ICO's documentation template
//! and a Swedish register, made here with rust_xlsxwriter, imported and
//! compared with the expected `.ropa` text. docs/interop.md shows their
//! summaries.

use std::path::Path;

use assert_cmd::Command;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// Imports `file` into `out` beside it; (exit code, stderr, the .ropa text
/// with the temporary directory written `DIR`).
fn import(file: &Path, extra: &[&str]) -> (i32, String, String) {
    let dir = file.parent().unwrap();
    let out = dir.join("out");
    let o = Command::cargo_bin("ropa")
        .unwrap()
        .args(["import", "sheet"])
        .arg(file)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().to_lowercase();
    let text = std::fs::read_to_string(out.join(format!("{stem}.ropa"))).unwrap_or_default();
    let d = dir.display().to_string();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).replace(&d, "DIR"),
        text.replace(&d, "DIR"),
    )
}

fn row(sheet: &mut Worksheet, r: u32, cells: &[&str]) {
    for (c, v) in cells.iter().enumerate() {
        if !v.is_empty() {
            sheet.write_string(r, c as u16, *v).unwrap();
        }
    }
}

/// Checks the imported folder: it parses and names only known words
/// (no E001, E004, F001).
fn assert_lints(dir: &Path) {
    let o = Command::cargo_bin("ropa")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for f in doc["findings"].as_array().unwrap() {
        let code = f["code"].as_str().unwrap();
        assert!(!["E001", "E004", "F001"].contains(&code), "{f}");
    }
}

/// Asserts equal texts, showing the whole of what came out.
fn same(got: &str, want: &str) {
    assert!(got == want, "got:\n{got}\n---- want:\n{want}");
}

/// The ICO template's layout: an instructions sheet, the controller's
/// details as a grid, the Art. 30 sheet with group headings merged above
/// the real ones, a notes row and "e.g." rows, a business function merged
/// over its rows, and a sheet of processors.
fn ico_workbook(path: &Path) {
    let mut book = Workbook::new();
    let f = Format::new();
    let s = book.add_worksheet().set_name("Instructions").unwrap();
    row(s, 0, &["How to use this template"]);
    row(s, 1, &["Fill in one row per processing activity."]);

    let s = book.add_worksheet().set_name("Controller details").unwrap();
    row(
        s,
        0,
        &[
            "",
            "Name and contact details",
            "Data Protection Officer (if applicable)",
            "Representative (if applicable)",
        ],
    );
    row(s, 1, &["Name", "Acme Ltd", "Jane Doe", ""]);
    row(s, 2, &["Address", "1 High Street, Leeds", "", ""]);
    row(
        s,
        3,
        &["Email", "info@acme.example", "dpo@acme.example", ""],
    );

    let s = book.add_worksheet().set_name("Article 30 RoPA").unwrap();
    row(s, 0, &["Acme Ltd — record of processing activities"]);
    // Group headings, merged across the columns they head; a heading with
    // no group is merged down over both heading rows.
    s.merge_range(1, 0, 2, 0, "Business function", &f).unwrap();
    s.merge_range(1, 1, 1, 4, "Article 30 RoPA", &f).unwrap();
    s.merge_range(1, 5, 1, 6, "Lawful basis", &f).unwrap();
    s.merge_range(1, 7, 1, 8, "Retention", &f).unwrap();
    row(
        s,
        2,
        &[
            "",
            "Purpose of processing",
            "Categories of individuals",
            "Categories of personal data",
            "Categories of recipients",
            "Article 6 lawful basis for processing personal data",
            "Article 9 basis for processing special category data",
            "Retention schedule (if possible)",
            "Link to DPIA (if applicable)",
        ],
    );
    s.merge_range(
        3,
        0,
        3,
        8,
        "Please complete one row for each processing activity; see the Instructions sheet.",
        &f,
    )
    .unwrap();
    row(
        s,
        4,
        &[
            "e.g. Finance",
            "e.g. Payroll",
            "e.g. Staff",
            "e.g. Bank details",
            "e.g. HMRC",
            "e.g. Legal obligation",
            "",
            "e.g. 6 years",
            "",
        ],
    );
    row(
        s,
        5,
        &[
            "e.g. Marketing",
            "e.g. Newsletter",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    );
    s.merge_range(6, 0, 7, 0, "HR", &f).unwrap();
    row(
        s,
        6,
        &[
            "",
            "Recruitment",
            "Job applicants",
            "Name; Email address; Health",
            "Recruitment Cloud Ltd (USA)",
            "Contract",
            "No",
            "6 months",
            "Completed (DPIA-2024-03)",
        ],
    );
    row(
        s,
        7,
        &[
            "",
            "Payroll",
            "Employees",
            "Name; Bank account",
            "",
            "Legal obligation",
            "N/A",
            "7 years",
            "No",
        ],
    );

    let s = book
        .add_worksheet()
        .set_name("Processor activities")
        .unwrap();
    row(
        s,
        0,
        &[
            "Name and contact details of processor",
            "Description of processing",
            "Names of third countries or international organisations that personal data are transferred to (if applicable)",
            "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
            "Link to contract with processor",
        ],
    );
    row(
        s,
        1,
        &[
            "Recruitment Cloud Ltd",
            "Applicant tracking",
            "United States",
            "Standard contractual clauses",
            "https://contracts.acme.example/rcl",
        ],
    );
    row(
        s,
        2,
        &[
            "Payslips Online Ltd (UK)",
            "Payslip delivery",
            "N/A",
            "",
            "No",
        ],
    );
    book.save(path).unwrap();
}

const ICO_ROPA: &str = r#"// Imported by ropa from DIR/ico.xlsx: sheet `Controller details`
controller acme_ltd "Acme Ltd" {
  // TODO(import): the sheet names no country for this party
  contact "1 High Street, Leeds; info@acme.example"
  dpo "Jane Doe; dpo@acme.example"
}

// Imported by ropa from DIR/ico.xlsx: sheet `Article 30 RoPA`, row 7
processor recruitment_cloud_ltd "Recruitment Cloud Ltd" {
  country US
  transfer scc
  dpa "https://contracts.acme.example/rcl"
  // TODO(import): Processor activities!B2: Description of processing: Applicant tracking
}

// Imported by ropa from DIR/ico.xlsx: sheet `Processor activities`, row 3
processor payslips_online_ltd "Payslips Online Ltd" {
  country GB
  // TODO(import): Processor activities!B3: Description of processing: Payslip delivery
}

// Imported by ropa from DIR/ico.xlsx: sheet `Article 30 RoPA`, row 7
dataset hr "HR" {
  controller acme_ltd
  subjects applicant, employee
  fields {
    name: identity.name
    email_address: contact.email
    health: special.health
    bank_account: financial.account
  }
  // Imported by ropa from DIR/ico.xlsx: sheet `Article 30 RoPA`, row 7
  purpose recruitment "Recruitment" {
    basis contract
    retention 6 months
  }
  // Imported by ropa from DIR/ico.xlsx: sheet `Article 30 RoPA`, row 8
  purpose payroll "Payroll" {
    basis legal_obligation
    retention 7 years
  }
  recipients recruitment_cloud_ltd
  dpia "DPIA-2024-03"
}
"#;

#[test]
fn ico_template_workbook_imports_every_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ico.xlsx");
    ico_workbook(&file);
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    same(
        &stderr,
        "ropa: imported 4 rows from DIR/ico.xlsx into DIR/out: 29 cells mapped, 2 cells to review (search for TODO(import))
ropa: sheet `Instructions`: skipped: no row of the first 30 names two columns, and no controller is named
ropa: sheet `Controller details`: controller details of Acme Ltd
ropa: sheet `Article 30 RoPA`: 2 rows under the header in row 3; skipped row 4 (notes); skipped rows 5–6 (examples)
ropa: sheet `Processor activities`: 2 rows of processors (1 new party)
",
    );
    same(&text, ICO_ROPA);
    assert_lints(&dir.path().join("out"));
}

/// A Swedish register as a DPO writes it: countries in brackets and after
/// dashes, two parties in one cell, yes/no answers, two legal bases.
fn swedish_workbook(path: &Path) {
    let mut book = Workbook::new();
    let s = book.add_worksheet().set_name("Behandlingar").unwrap();
    row(s, 0, &["Registerförteckning, Exempel AB"]);
    row(
        s,
        1,
        &[
            "Ändamål",
            "Rättslig grund",
            "Kategorier av registrerade",
            "Kategorier av personuppgifter",
            "Mottagare",
            "Personuppgiftsbiträde",
            "Överföring till tredje land",
            "Konsekvensbedömning (DPIA)",
            "Känsliga personuppgifter",
        ],
    );
    row(
        s,
        2,
        &[
            "Nyhetsbrev",
            "Samtycke",
            "Prenumeranter",
            "E-postadress",
            "",
            "Mailchimp (USA)",
            "USA – standardavtalsklausuler",
            "Nej",
            "Nej",
        ],
    );
    row(
        s,
        3,
        &[
            "Rekrytering",
            "Avtal och rättslig förpliktelse",
            "Arbetssökande",
            "Namn, CV",
            "",
            "Teamtailor AB (Sverige)",
            "Nej",
            "Pågår",
            "Ja",
        ],
    );
    row(
        s,
        4,
        &[
            "Kundregister",
            "Avtal",
            "Kunder",
            "Namn, telefonnummer",
            "HubSpot Inc. (USA), Fortnox AB (Sverige)",
            "",
            "USA (SCC)",
            "Completed",
            "No",
        ],
    );
    book.save(path).unwrap();
}

const SWEDISH_ROPA: &str = r#"// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 3
controller organisation "Organisation" {
  // TODO(import): the sheet names no country for this party
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 3
processor mailchimp "Mailchimp" {
  country US
  transfer scc
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 4
processor teamtailor_ab "Teamtailor AB" {
  country SE
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 5
processor hubspot_inc "HubSpot Inc." {
  country US
  transfer scc
  // TODO(import): check that this recipient is a processor (else make it a controller)
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 5
processor fortnox_ab "Fortnox AB" {
  country SE
  // TODO(import): check that this recipient is a processor (else make it a controller)
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 3
dataset nyhetsbrev "Nyhetsbrev" {
  controller organisation
  subjects subscriber
  fields {
    e_postadress: contact.email
  }
  // Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 3
  purpose nyhetsbrev "Nyhetsbrev" {
    basis consent
  }
  recipients mailchimp
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 4
dataset rekrytering "Rekrytering" {
  controller organisation
  subjects job_seeker
  fields {
    namn: identity.name
    cv: professional.cv
  }
  // Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 4
  purpose rekrytering "Rekrytering" {
    basis contract
    // TODO(import): Behandlingar!B4: `Avtal och rättslig förpliktelse` names 2 legal bases (contract, legal_obligation); a purpose has one: split the purpose, one per basis, or keep the basis that holds
  }
  recipients teamtailor_ab
  // TODO(import): Behandlingar!H4: DPIA `Pågår`: not done yet; write its reference as `dpia "..."` once it is
  // TODO(import): Behandlingar!I4: special category data `Ja`: give the fields that hold it their `special.*` category, and the purpose its `special_basis`
}

// Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 5
dataset kundregister "Kundregister" {
  controller organisation
  subjects customer
  fields {
    namn: identity.name
    telefonnummer: contact.phone
  }
  // Imported by ropa from DIR/register.xlsx: sheet `Behandlingar`, row 5
  purpose kundregister "Kundregister" {
    basis contract
  }
  recipients hubspot_inc, fortnox_ab
  // TODO(import): Behandlingar!H5: DPIA `Completed`: the sheet gives no reference; write it as `dpia "..."`
}
"#;

#[test]
fn swedish_register_keeps_what_its_cells_say() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("register.xlsx");
    swedish_workbook(&file);
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    same(
        &stderr,
        "ropa: imported 3 rows from DIR/register.xlsx into DIR/out: 20 cells mapped, 4 cells to review (search for TODO(import))
ropa: sheet `Behandlingar`: 3 rows under the header in row 2
",
    );
    same(&text, SWEDISH_ROPA);
    assert_lints(&dir.path().join("out"));
}

#[test]
fn a_map_adds_to_the_detection() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("own.csv");
    std::fs::write(
        &file,
        "Vad;Rättslig grund;Kategorier av personuppgifter\nKundregister;Avtal;Namn\n",
    )
    .unwrap();
    let map = dir.path().join("map.yaml");
    std::fs::write(&map, "columns:\n  purpose: Vad\n").unwrap();
    let (code, stderr, text) = import(&file, &["--map", map.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    // The mapped column and the two the synonyms know are all read.
    assert!(
        text.contains("purpose kundregister")
            && text.contains("basis contract")
            && text.contains("namn: identity.name"),
        "{text}"
    );
}
