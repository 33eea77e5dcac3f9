//! Every rule's `fixtures/rules/<CODE>/fail` and `pass` inputs, checked
//! against the `// expect: CODE` annotations they carry (docs/fixtures.md):
//! the multiset of (file, line, code) must match exactly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use regex::Regex;
use ropa::check::check_paths;
use ropa::data::RuleData;
use ropa::output::locate;

type Findings = BTreeMap<(String, u32, String), usize>;

fn case_path(code: &str, case: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(code);
    let file = dir.join(format!("{case}.ropa"));
    if file.exists() {
        file
    } else {
        dir.join(case)
    }
}

/// The `.ropa` files of a fixture (a file, or a folder of them), as
/// `ropa check` finds them.
fn ropa_files(path: &Path) -> Vec<PathBuf> {
    ropa::check::discover(&[path.to_path_buf()]).unwrap_or_default()
}

/// The (file, line, code) the annotations expect.
fn expected(path: &Path) -> Findings {
    let re =
        Regex::new(r"(?://|/\*)\s*expect:\s*([A-Z][0-9]{3}(?:\s*,\s*[A-Z][0-9]{3})*)").unwrap();
    let mut out = Findings::new();
    for file in ropa_files(path) {
        let bytes = std::fs::read(&file).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for (i, line) in text.lines().enumerate() {
            for cap in re.captures_iter(line) {
                for code in cap[1].split(',') {
                    let key = (
                        file.display().to_string(),
                        i as u32 + 1,
                        code.trim().to_string(),
                    );
                    *out.entry(key).or_default() += 1;
                }
            }
        }
    }
    out
}

/// The (file, line, code) the linter reports.
fn actual(path: &Path) -> Findings {
    let data = RuleData::builtin().unwrap();
    let run = check_paths(&[path.to_path_buf()], &data).unwrap();
    let mut out = Findings::new();
    for f in &run.findings {
        let file = run
            .model
            .sources
            .path(f.primary.span.file)
            .display()
            .to_string();
        let line = locate(&run.model.sources, f.primary.span).start.line;
        *out.entry((file, line, f.rule.code.to_string()))
            .or_default() += 1;
    }
    out
}

fn describe(f: &Findings) -> String {
    f.iter()
        .map(|((file, line, code), n)| format!("  {file}:{line} {code} x{n}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What is wrong with one case of a rule's fixtures, if anything.
fn check_case(code: &str, case: &str) -> Option<String> {
    let path = case_path(code, case);
    if !path.exists() {
        return Some(format!("missing fixture {}", path.display()));
    }
    let want = expected(&path);
    let got = actual(&path);
    if got != want {
        return Some(format!(
            "{code}/{case}: findings differ from the annotations\nreported:\n{}\nannotated:\n{}\n",
            describe(&got),
            describe(&want)
        ));
    }
    let has_code = got.keys().any(|(_, _, c)| c == code);
    match case {
        "fail" if !has_code => Some(format!("{code}/fail gives no {code}")),
        "pass" if has_code => Some(format!("{code}/pass gives {code}")),
        _ => None,
    }
}

/// Every rule of the catalog, found by the catalog itself (a new rule is
/// tested without being named here): its `fail` case gives exactly the
/// annotated findings, its own code among them, and its `pass` case gives
/// exactly the annotated findings, its own code not among them.
#[test]
fn every_rule_against_its_fixtures() {
    use rayon::prelude::*;
    let failures: Vec<String> = ropa::rules::ALL
        .par_iter()
        .flat_map_iter(|rule| ["fail", "pass"].map(|case| check_case(rule.code, case)))
        .flatten()
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every folder under `fixtures/rules/` is a rule's: a fixture left behind
/// by a renamed or removed rule would otherwise test nothing.
#[test]
fn every_fixture_folder_is_a_rule() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                ropa::rules::find(&name).is_some(),
                "fixtures/rules/{name} belongs to no rule"
            );
        }
    }
}
