//! Nothing dropped in silence: `report`, `graph` and `export` on a model
//! with a file that does not parse write what they can, say on standard
//! error which file was left out, exit 1, and the report says on its first
//! page that the record is incomplete.

use assert_cmd::Command;

/// A model folder: one good file, one that does not parse.
fn model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("good.ropa"),
        "controller org \"Org AB\" { country SE }\n\
         dataset members { subjects customer  fields { email: contact.email }\n\
           purpose service { basis contract }  retention 1 year }\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.ropa"),
        "dataset staff {\n  purpose payroll { basis \"contract\" }\n}\n",
    )
    .unwrap();
    dir
}

fn ropa(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn says_what_was_left_out(stderr: &str, command: &str) {
    assert!(
        stderr.contains(&format!("ropa {command}: the model is incomplete"))
            && stderr.contains("broken.ropa:2:")
            && stderr.contains("E001"),
        "{stderr}"
    );
}

#[test]
fn report_exits_1_and_carries_the_banner_in_every_format() {
    let dir = model();
    for (file, banner) in [
        ("r.html", "This record is incomplete"),
        ("r.md", "**This record is incomplete.**"),
        ("r.json", "\"incomplete\": ["),
    ] {
        let (code, _, stderr) = ropa(dir.path(), &["report", ".", "-o", file]);
        assert_eq!(code, Some(1), "{file}: {stderr}");
        says_what_was_left_out(&stderr, "report");
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(text.contains(banner), "{file}");
        assert!(text.contains("broken.ropa"), "{file}");
        // The good file's dataset is still in the record.
        assert!(text.contains("members"), "{file}");
    }
    let (code, _, stderr) = ropa(dir.path(), &["report", ".", "-o", "r.html", "--lang", "sv"]);
    assert_eq!(code, Some(1));
    says_what_was_left_out(&stderr, "report");
    let html = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    let banner = html.find("Registerförteckningen är ofullständig").unwrap();
    // On the first page: before the table of contents and the summary.
    assert!(
        banner < html.find("<nav").unwrap_or(usize::MAX),
        "banner after the contents"
    );
}

#[test]
fn report_of_a_complete_model_has_no_banner_and_exits_0() {
    let dir = model();
    std::fs::remove_file(dir.path().join("broken.ropa")).unwrap();
    let (code, _, stderr) = ropa(dir.path(), &["report", ".", "-o", "r.md"]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(!text.contains("incomplete"));
}

#[test]
fn xlsx_report_says_it_is_incomplete_above_the_table() {
    use calamine::{open_workbook, Reader, Xlsx};
    let dir = model();
    let (code, _, stderr) = ropa(dir.path(), &["report", ".", "-o", "r.xlsx"]);
    assert_eq!(code, Some(1), "{stderr}");
    let mut book: Xlsx<_> = open_workbook(dir.path().join("r.xlsx")).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    let cell = |row: u32| {
        range
            .get_value((row, 0))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    // Under the title and the date it was made.
    assert_eq!(cell(0), "Record of processing activities");
    assert!(cell(1).starts_with("made on "), "{}", cell(1));
    assert_eq!(cell(3), "This record is incomplete");
    let place = cell(5);
    assert!(
        place.contains("broken.ropa:2") && place.contains("E001"),
        "{place}"
    );
}

#[test]
fn graph_exits_1_and_names_the_broken_file() {
    let dir = model();
    for format in ["dot", "mermaid", "json"] {
        let (code, stdout, stderr) = ropa(dir.path(), &["graph", "--format", format, "."]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        says_what_was_left_out(&stderr, "graph");
        assert!(
            stdout.contains("members"),
            "{format}: the good file is drawn"
        );
    }
}

#[test]
fn export_exits_1_and_names_the_broken_file() {
    let dir = model();
    for format in ["json", "fides"] {
        let (code, stdout, stderr) = ropa(dir.path(), &["export", "--format", format, "."]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        says_what_was_left_out(&stderr, "export");
        assert!(stdout.contains("members"), "{format}");
    }
    let (code, _, stderr) = ropa(
        dir.path(),
        &["export", "--format", "json", ".", "-o", "model.json"],
    );
    assert_eq!(code, Some(1), "{stderr}");
    says_what_was_left_out(&stderr, "export");
    assert!(dir.path().join("model.json").exists());
}
