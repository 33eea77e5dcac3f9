//! `ropa import sheet`: an ICO-layout workbook and a Swedish register (CSV
//! from Swedish Excel: `;`, Windows-1252) built here and imported; ropa's
//! own xlsx report read back into the same model; bad input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rust_xlsxwriter::Workbook;
use serde_json::Value;

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Imports `file` into `dir/out`; (exit code, stderr, the .ropa text).
fn import(file: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = file.parent().unwrap().join("out");
    let o = ropa()
        .args(["import", "sheet"])
        .arg(file)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    let stem = file.file_stem().unwrap().to_string_lossy().to_lowercase();
    let text = std::fs::read_to_string(out.join(format!("{stem}.ropa"))).unwrap_or_default();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).to_string(),
        text,
    )
}

fn codes(dir: &Path) -> BTreeSet<String> {
    let o = ropa()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

fn assert_clean(dir: &Path) {
    let c = codes(dir);
    for bad in ["E001", "E004", "F001"] {
        assert!(!c.contains(bad), "{bad} in {c:?}");
    }
}

const ICO: [&str; 11] = [
    "Business function",
    "Purpose of processing",
    "Name and contact details of joint controller (if applicable)",
    "Categories of individuals",
    "Categories of personal data",
    "Categories of recipients",
    "Link to contract with processor",
    "Names of third countries or international organisations that personal data are transferred to (if applicable)",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations (if applicable)",
    "Retention schedule (if possible)",
    "General description of technical and organisational security measures (if possible)",
];

fn write_xlsx(
    path: &Path,
    title_rows: &[&str],
    header: &[&str],
    rows: &[Vec<&str>],
    merge: Option<(u32, u16, u32, u16)>,
) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let mut r = 0u32;
    for t in title_rows {
        sheet.write_string(r, 0, *t).unwrap();
        r += 1;
    }
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(r, c as u16, *h).unwrap();
    }
    r += 1;
    for row in rows {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r, c as u16, *v).unwrap();
            }
        }
        r += 1;
    }
    if let Some((r0, c0, r1, c1)) = merge {
        sheet
            .merge_range(r0, c0, r1, c1, "merged", &rust_xlsxwriter::Format::new())
            .unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn ico_layout_workbook_imports() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ico.xlsx");
    let mut header: Vec<&str> = ICO.to_vec();
    header.push("Article 6 lawful basis for processing personal data");
    let rows = vec![
        vec![
            "HR",
            "Recruitment of staff",
            "",
            "Job applicants",
            "Name; Email address; CV; Health",
            "Recruitment Cloud Ltd",
            "",
            "United States",
            "Standard contractual clauses",
            "6 months after the recruitment",
            "Encryption, access control",
            "Contract",
        ],
        vec![
            "Marketing",
            "Newsletter",
            "",
            "Customers",
            "Email address",
            "",
            "",
            "",
            "",
            "24 months",
            "Encryption",
            "Consent",
        ],
        vec![],
        vec![
            "HR",
            "Payroll",
            "",
            "Employees",
            "Name; National identity number; Bank account; Shoe size",
            "",
            "",
            "",
            "",
            "7 years",
            "Access control; Locked cabinet",
            "Legal obligation",
        ],
    ];
    write_xlsx(
        &file,
        &["Acme Ltd", "Record of processing activities"],
        &header,
        &rows,
        None,
    );
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    // The header is found below the title rows; the empty row is skipped.
    assert!(stderr.contains("imported 3 rows"), "{stderr}");
    assert!(
        stderr.contains("cells mapped") && stderr.contains("cells to review"),
        "{stderr}"
    );
    assert!(
        text.contains("sheet `Sheet1`, row 4"),
        "provenance names sheet and row:\n{text}"
    );
    // Rows of one business function are one dataset.
    assert!(text.contains("dataset hr \"HR\""), "{text}");
    assert!(text.contains("purpose recruitment_of_staff \"Recruitment of staff\""));
    assert!(text.contains("purpose payroll \"Payroll\""));
    assert!(text.contains("email_address: contact.email"));
    assert!(text.contains("health: special.health"));
    assert!(text.contains("national_identity_number: identity.national_id"));
    assert!(text.contains("subjects applicant, employee"), "{text}");
    assert!(text.contains("basis contract"));
    assert!(text.contains("basis legal_obligation"));
    assert!(text.contains("basis consent"));
    assert!(text.contains("retention 6 months after recruitment"));
    assert!(text.contains("measures encryption, access_control"));
    // The recipient with its country and safeguard.
    assert!(text.contains("processor recruitment_cloud_ltd \"Recruitment Cloud Ltd\""));
    assert!(text.contains("country US"));
    assert!(text.contains("transfer scc"));
    // What cannot be mapped stays, with a TODO.
    assert!(
        text.contains("// TODO(import): Sheet1!E7: no data category for `Shoe size`"),
        "{text}"
    );
    assert!(text.contains("shoe_size \"Shoe size\""));
    assert!(text.contains("security measure `Locked cabinet`"));
    assert_clean(&dir.path().join("out"));
}

#[test]
fn swedish_register_csv_from_excel_imports() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Registerförteckning;;;;;;;;;;\n\
Personuppgiftsansvarig;Dataskyddsombud;Ändamål;Rättslig grund;Kategorier av registrerade;Kategorier av personuppgifter;Mottagare;Överföring till tredje land;Skyddsåtgärder;Lagringstid;Säkerhetsåtgärder\n\
Kommunen;dso@kommunen.se;Ärendehantering;Myndighetsutövning;Invånare;Namn, personnummer, hälsa;Telia;Inom EU/EES;;Gallras efter 2 år;Kryptering, behörighetsstyrning\n\
Kommunen;dso@kommunen.se;Nyhetsbrev;Samtycke;Prenumeranter;E-postadress;Mailchimp;USA;Standardavtalsklausuler;24 månader;Loggning\n\
Kommunen;dso@kommunen.se;Rekrytering;Berättigat intresse;Arbetssökande;Namn, CV;;;;6 månader efter rekryteringen;\n";
    // Swedish Excel saves CSV as Windows-1252 with `;`.
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
    let file = dir.path().join("register.csv");
    std::fs::write(&file, &bytes).unwrap();
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("imported 3 rows"), "{stderr}");
    assert!(text.contains("controller kommunen \"Kommunen\""));
    assert!(text.contains("dpo \"dso@kommunen.se\""));
    assert!(
        text.contains("purpose ärendehantering \"Ärendehantering\"")
            || text.contains("purpose ärendehantering {"),
        "{text}"
    );
    assert!(text.contains("basis public_task"));
    assert!(text.contains("basis consent"));
    assert!(text.contains("basis legitimate_interest"));
    assert!(text.contains("personnummer: identity.national_id"));
    assert!(text.contains("hälsa: special.health"));
    assert!(text.contains("e_postadress: contact.email"));
    assert!(text.contains("subjects subscriber"));
    assert!(text.contains("subjects job_seeker"));
    assert!(text.contains("retention 24 months"));
    assert!(
        text.contains("retention 6 months after rekryteringen"),
        "{text}"
    );
    // "Gallras efter 2 år": the period is read, the wording kept for review.
    assert!(text.contains("retention 2 years"));
    assert!(text.contains("retention `Gallras efter 2 år`"));
    assert!(text.contains("measures encryption, access_control"));
    // `eea` is one of the language's places, as `third` and `world` are.
    assert!(text.contains("country eea"), "{text}");
    assert!(text.contains("country US"));
    assert!(text.contains("transfer scc"));
    assert_clean(&dir.path().join("out"));

    // The same in UTF-8 with a byte order mark.
    let dir2 = tempfile::tempdir().unwrap();
    let file2 = dir2.path().join("register.csv");
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(csv.as_bytes());
    std::fs::write(&file2, utf8).unwrap();
    let (code2, _, text2) = import(&file2, &[]);
    assert_eq!(code2, 0);
    assert_eq!(
        text2.replace(&dir2.path().display().to_string(), ""),
        text.replace(&dir.path().display().to_string(), "")
    );
}

#[test]
fn a_map_names_other_columns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("own.csv");
    std::fs::write(&file, "Vad,Varför,Data\nKundregister,Avtal,Namn\n").unwrap();
    let (code, stderr, _) = import(&file, &[]);
    assert_eq!(code, 2, "no known heading: {stderr}");
    let map = dir.path().join("map.yaml");
    std::fs::write(
        &map,
        "columns:\n  purpose: Vad\n  basis: Varför\n  categories: Data\n",
    )
    .unwrap();
    let (code, stderr, text) = import(&file, &["--map", map.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains("basis contract") && text.contains("namn: identity.name"),
        "{text}"
    );
    std::fs::write(&map, "columns:\n  porpose: Vad\n").unwrap();
    let (code, stderr, _) = import(&file, &["--map", map.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("map.yaml") && stderr.contains("columns.porpose"),
        "{stderr}"
    );
}

/// Datasets with their purposes (ID and basis), categories and recipients'
/// names, as the round trip compares them.
fn summary(dir: &Path) -> Vec<String> {
    let data = ropa::data::RuleData::builtin().unwrap();
    let files = ropa::check::discover(&[dir.to_path_buf()]).unwrap();
    let run = ropa::check::check_files(files, &data);
    let record = ropa::report::record::Record::build(&run, &data);
    let mut out: Vec<String> = record
        .datasets
        .iter()
        .map(|d| {
            // The workbook lists every category the dataset holds, received
            // ones too; the import makes them its own.
            let mut cats: Vec<&str> = d.fields.iter().filter_map(|f| f.category).collect();
            cats.sort_unstable();
            cats.dedup();
            let purposes: Vec<String> = d
                .purposes
                .iter()
                .map(|p| {
                    // Each row of the sheet is one purpose with the
                    // retention it has: its own, else the dataset's.
                    let kept = p.retention.as_ref().or(d.retention.as_ref());
                    format!(
                        "{}:{}:{}:{kept:?}",
                        p.id,
                        p.kind,
                        p.basis.as_ref().map_or("", |b| b.value)
                    )
                })
                .collect();
            let mut recipients: Vec<&str> = d.recipients.iter().map(|r| r.named.name).collect();
            recipients.sort_unstable();
            format!("{} {purposes:?} {cats:?} {recipients:?}", d.named.id)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn report_workbook_reads_back_into_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("record.xlsx");
    ropa()
        .args(["report", "fixtures/seeds", "-o"])
        .arg(&file)
        .assert()
        .code(0);
    let (code, stderr, _) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    let before = summary(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds"));
    let after = summary(&dir.path().join("out"));
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a);
    }
    assert_clean(&dir.path().join("out"));
}

fn bad(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let (code, stderr, _) = import(&file, &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(name), "names the file: {stderr}");
    assert!(!dir.path().join("out").exists(), "nothing written");
    stderr
}

#[test]
fn a_sheet_with_no_recognisable_header_is_exit_2() {
    let err = bad("list.csv", b"a,b,c\n1,2,3\n");
    assert!(
        err.contains("no header row recognised") && err.contains("--map"),
        "{err}"
    );
}

#[test]
fn merged_cells_in_the_table_are_filled_down() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("merged.xlsx");
    let rows = vec![
        vec!["HR", "Recruitment", "", "Applicants"],
        vec!["", "Payroll", "", "Employees"],
    ];
    // The business function merged over both rows (the helper writes
    // `merged` in it) is the business function of both.
    write_xlsx(&file, &["Title"], &ICO[..4], &rows, Some((2, 0, 3, 0)));
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("imported 2 rows"), "{stderr}");
    assert!(
        text.contains("dataset merged \"merged\"") && !text.contains("dataset payroll"),
        "{text}"
    );
    assert!(text.contains("purpose recruitment") && text.contains("purpose payroll"));
    // A title merged across the top is no value of any row.
    write_xlsx(&file, &["Title"], &ICO[..4], &rows, Some((0, 0, 0, 3)));
    let (code, stderr, _) = import(&file, &["--force"]);
    assert_eq!(code, 0, "a merged title row is fine: {stderr}");
}

#[test]
fn empty_rows_are_skipped_and_a_table_of_nothing_is_exit_2() {
    let (_, _, _) = ((), (), ());
    let err = bad("empty.csv", "Ändamål;Rättslig grund\n;\n\n;\n".as_bytes());
    assert!(
        err.contains("no rows under it") && err.contains("line 1"),
        "{err}"
    );
}

#[test]
fn a_cell_of_one_megabyte_is_exit_2_with_its_place() {
    let mut csv = String::from("Ändamål;Rättslig grund\nKundtjänst;Avtal\nNyhetsbrev;");
    csv.push_str(&"x".repeat(1 << 20));
    csv.push('\n');
    let err = bad("huge.csv", csv.as_bytes());
    assert!(
        err.contains("line 3, column 2") && err.contains("1048576 characters"),
        "{err}"
    );
}

#[test]
fn a_file_that_is_neither_xlsx_nor_csv_is_exit_2() {
    let err = bad("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(
        err.contains("neither an .xlsx/.ods workbook nor CSV"),
        "{err}"
    );
    let err = bad("fake.xlsx", b"PK\x03\x04 not really a zip");
    assert!(err.contains("not a workbook"), "{err}");
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.csv");
    std::fs::write(&file, "Ändamål;Rättslig grund\nKundtjänst;Avtal\n").unwrap();
    assert_eq!(import(&file, &[]).0, 0);
    std::fs::write(dir.path().join("out/r.ropa"), "// mine\n").unwrap();
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--force"));
    assert_eq!(text, "// mine\n");
    let (code, _, text) = import(&file, &["--force"]);
    assert_eq!(code, 0);
    assert!(text.contains("basis contract"));
}

/// The importer knows what the checker knows: a category cell that the
/// sensitive-name patterns of `ropa check` (S002) recognise is imported as
/// that category, so the imported model gets no S002 for it.
#[test]
fn categories_the_checker_recognises_as_sensitive_are_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Personuppgiftsansvarig;Ändamål;Rättslig grund;Kategorier av personuppgifter\n\
Bolaget;Lönehantering;Rättslig förpliktelse;Namn, Fackföreningstillhörighet, Utdrag ur belastningsregistret, Sjukfrånvaro\n";
    let file = dir.path().join("register.csv");
    std::fs::write(&file, csv).unwrap();
    let (code, stderr, text) = import(&file, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(text.contains(": special.trade_union"), "{text}");
    assert!(text.contains(": criminal.offences"), "{text}");
    assert!(text.contains(": special.health"), "{text}");
    let c = codes(&dir.path().join("out"));
    assert!(!c.contains("S002"), "{c:?}\n{text}");
}
