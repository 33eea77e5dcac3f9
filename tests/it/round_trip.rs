//! `ropa report -o record.xlsx`, then `ropa import sheet record.xlsx`: the
//! findings of the rules that read only what the workbook carries are the
//! same before and after (the same codes on the same datasets and
//! parties), in both report languages, on the seeds and on the fail
//! fixtures of those rules. docs/interop.md lists the rules and what a
//! workbook cannot carry.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The rules whose findings rest only on facts the workbook holds: the
/// parties (role, countries, public authority, `law`, `dpo`,
/// `representative`, `dpa`, `transfer` with its `tia`, `subprocessors`)
/// and, per dataset, its controllers and arrangement, subjects, the
/// categories it holds (received ones too), recipients (flow targets too),
/// sources, measures, DPIA and whether it is anonymous, and per purpose its
/// kind, bases, profiling and retention.
pub const WORKBOOK_RULES: &[&str] = &[
    "A001", "A002", "A004", "A005", "A006", "A008", "A010", "A011", "L001", "L002", "L003", "L004",
    "L009", "L010", "L011", "L012", "P001", "P002", "P003", "P004", "P005", "R001", "R002", "S001",
    "S003", "T001", "T002", "T005",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(root());
    cmd
}

/// The (code, dataset, party) of every finding of [`WORKBOOK_RULES`].
fn findings(path: &Path) -> BTreeSet<(String, String, String)> {
    let o = ropa()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| WORKBOOK_RULES.contains(&f["code"].as_str().unwrap_or_default()))
        .map(|f| (text(&f["code"]), text(&f["dataset"]), text(&f["party"])))
        .collect()
}

/// Copies `from` (a file or a folder) to `to`, every `// ropa: allow`
/// comment taken out: a workbook carries no suppressions, so the round
/// trip starts from the record without them.
fn copy_without_suppressions(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_without_suppressions(&entry.path(), &to.join(entry.file_name()));
        }
        return;
    }
    let text = std::fs::read_to_string(from).unwrap();
    let text: String = text
        .lines()
        .map(|l| match l.find("// ropa: allow") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(to, text + "\n").unwrap();
}

/// Writes the workbook of `original` in `lang`, imports it, and compares.
fn round_trip(original: &Path, lang: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let name = original.file_name().unwrap();
    let path = &dir.path().join(name);
    copy_without_suppressions(original, path);
    let book = dir.path().join("record.xlsx");
    let out = dir.path().join("out");
    let o = ropa()
        .arg("report")
        .arg(path)
        .args(["--lang", lang, "-o"])
        .arg(&book)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let o = ropa()
        .args(["import", "sheet"])
        .arg(&book)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let before = findings(path);
    let after = findings(&out);
    if before == after {
        return Ok(());
    }
    let lost: Vec<_> = before.difference(&after).collect();
    let gained: Vec<_> = after.difference(&before).collect();
    let text = std::fs::read_to_string(out.join("record.ropa")).unwrap_or_default();
    Err(format!(
        "{} (--lang {lang}): lost {lost:?}, gained {gained:?}\n--- imported:\n{text}",
        original.display()
    ))
}

#[test]
fn the_seeds_keep_their_workbook_findings() {
    for lang in ["en", "sv"] {
        if let Err(e) = round_trip(&root().join("fixtures/seeds"), lang) {
            panic!("{e}");
        }
    }
}

#[test]
fn the_rule_fixtures_keep_their_workbook_findings() {
    let mut failures = Vec::new();
    for code in WORKBOOK_RULES {
        let dir = root().join("fixtures/rules").join(code);
        let fail = ["fail.ropa", "fail"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{code} has no fail fixture"));
        for lang in ["en", "sv"] {
            if let Err(e) = round_trip(&fail, lang) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_workbook_rules_are_rules() {
    for code in WORKBOOK_RULES {
        assert!(ropa::rules::find(code).is_some(), "{code}");
    }
}
