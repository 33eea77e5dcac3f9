//! `ropa report -o FILE.xlsx`: the workbook read back with calamine, cell
//! by cell against the rows the library computes; strings that look like
//! formulas stay strings; the same model gives the same bytes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{open_workbook, Data, Reader, Xlsx};
use ropa::report::record::Record;
use ropa::report::xlsx::{art30_row, dpas, sheet_titles, ART30_COLUMNS, PARTY_COLUMNS};
use ropa::report::{labels::Labels, Lang};

fn write_report(paths: &[&Path], out: &Path, extra: &[&str]) {
    Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("report")
        .args(paths)
        .args(extra)
        .arg("-o")
        .arg(out)
        .assert()
        .code(0);
}

fn seeds() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds")
}

/// Every cell of a sheet as text; panics on a cell that is not a string.
fn strings(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str) -> Vec<Vec<String>> {
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, cell)| match cell {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => panic!("{sheet} {r}:{c} is not a string: {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// The checked run the CLI builds its record from (the record borrows from
/// it), made here from the same files.
fn checked(dir: &Path) -> (ropa::check::Run, ropa::data::RuleData) {
    let data = ropa::data::RuleData::builtin().unwrap();
    let files = ropa::check::discover(&[dir.to_path_buf()]).unwrap();
    let run = ropa::check::check_files(files, &data);
    (run, data)
}

#[test]
fn seeds_workbook_reads_back_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("record.xlsx");
    write_report(&[&seeds()], &out, &[]);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let names = book.sheet_names();
    let l = Labels::of(Lang::En);
    let [record_title, transfers_title, findings_title] = sheet_titles(Lang::En);
    assert_eq!(names.first().map(String::as_str), Some(record_title));
    assert_eq!(
        names.get(names.len() - 2).map(String::as_str),
        Some(transfers_title)
    );
    assert_eq!(names.last().map(String::as_str), Some(findings_title));

    // The Art. 30 sheet: the ICO header, then one row per dataset and
    // purpose, equal to what the library computes, cell by cell.
    let sheet = strings(&mut book, record_title);
    let header: Vec<&str> = ART30_COLUMNS.iter().map(|c| c.en).collect();
    // Above the table: the title and when the record was made.
    assert_eq!(sheet[0][0], l.title);
    assert!(sheet[1][0].starts_with("made on "), "{:?}", sheet[1]);
    let sheet = sheet[3..].to_vec();
    assert_eq!(sheet[0], header);
    let (run, data) = checked(&seeds());
    let record = Record::build(&run, &data);
    let dpas = dpas(&record);
    let mut expected: Vec<Vec<String>> = Vec::new();
    for d in &record.datasets {
        if d.purposes.is_empty() {
            expected.push(art30_row(&dpas, d, None, l, Lang::En));
        }
        for p in &d.purposes {
            expected.push(art30_row(&dpas, d, Some(p), l, Lang::En));
        }
    }
    assert!(expected.len() > 5, "the seeds have many purposes");
    assert_eq!(sheet.len() - 1, expected.len());
    for (r, (got, want)) in sheet[1..].iter().zip(&expected).enumerate() {
        for (c, want) in want.iter().enumerate() {
            let got = got.get(c).map_or("", String::as_str);
            assert_eq!(got, want, "row {} column `{}`", r + 2, header[c]);
        }
    }

    // One sheet per controller, its details above its part of the table.
    let controllers: Vec<_> = record
        .sections
        .iter()
        .filter_map(|s| s.controller.as_ref().map(|c| (c, s.datasets.len())))
        .collect();
    // Then the parties, the transfers and the findings.
    assert_eq!(names.len(), controllers.len() + 4);
    for ((org, _), name) in controllers.iter().zip(&names[1..]) {
        let sheet = strings(&mut book, name);
        assert_eq!(sheet[0][0], l.controller);
        assert_eq!(sheet[0][1], org.named.name);
        assert_eq!(sheet[6], header, "{name}: the table's header");
        let rows: usize = record
            .sections
            .iter()
            .find(|s| s.controller.as_ref().map(|c| &c.named.id) == Some(&org.named.id))
            .unwrap()
            .datasets
            .iter()
            .map(|i| record.datasets[*i].purposes.len().max(1))
            .sum();
        assert_eq!(sheet.len() - 7, rows, "{name}");
    }

    // Transfers and findings: one row each, all strings.
    let transfers = strings(&mut book, transfers_title);
    assert_eq!(transfers.len() - 1, record.transfers.len());
    for (row, t) in transfers[1..].iter().zip(&record.transfers) {
        assert!(row[0].contains(t.dataset.id));
        assert!(row[1].contains(t.party.id));
    }
    let findings = strings(&mut book, findings_title);
    assert_eq!(findings.len() - 1, record.findings.len());
    for (row, f) in findings[1..].iter().zip(&record.findings) {
        assert_eq!(row[1], f.code);
        assert_eq!(row[5], f.message);
        assert_eq!(row[7], format!("{}:{}:{}", f.file, f.line, f.column));
    }
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    write_report(&[&seeds()], &a, &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    write_report(&[&seeds()], &b, &[]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn formula_text_stays_a_string() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.ropa");
    std::fs::write(
        &model,
        r#"controller acme "=cmd|' /C calc'!A0" { country SE }
dataset d "=HYPERLINK(\"http://x\",\"y\")" {
  fields { name: identity.name "+1-1" }
  purpose service "@SUM(1,2)" { basis contract }
  retention 2 years
  measures encryption
}
"#,
    )
    .unwrap();
    let out = dir.path().join("r.xlsx");
    write_report(&[&model], &out, &[]);
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = strings(&mut book, sheet_titles(Lang::En)[0])[3..].to_vec();
    assert_eq!(sheet[1][0], "=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(sheet[1][1], "@SUM(1,2)");
    assert_eq!(sheet[1][19], "=cmd|' /C calc'!A0");
    let names = book.sheet_names();
    for name in &names {
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
    }
}

#[test]
fn swedish_labels_and_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    write_report(&[&seeds()], &out, &["--lang", "sv"]);
    let book: Xlsx<_> = open_workbook(&out).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], sheet_titles(Lang::Sv)[0]);
    assert_eq!(names[names.len() - 1], sheet_titles(Lang::Sv)[2]);
    assert_eq!(names[names.len() - 3], "Parter");
    // The headings are Swedish: the record's and the parties'.
    let mut book = book;
    let record = strings(&mut book, &names[0]);
    let sv: Vec<&str> = ART30_COLUMNS.iter().map(|c| c.sv).collect();
    assert_eq!(record[0][0], "Registerförteckning");
    assert!(record[1][0].starts_with("upprättad "), "{:?}", record[1]);
    assert_eq!(record[3], sv);
    let parties = strings(&mut book, "Parter");
    let sv: Vec<&str> = PARTY_COLUMNS.iter().map(|c| c.sv).collect();
    assert_eq!(parties[0], sv);
}
