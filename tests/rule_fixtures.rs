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

fn check_case(code: &str, case: &str) {
    let path = case_path(code, case);
    assert!(path.exists(), "missing fixture {}", path.display());
    let want = expected(&path);
    let got = actual(&path);
    assert_eq!(
        got,
        want,
        "\n{code}/{case}: findings differ from the annotations\nreported:\n{}\nannotated:\n{}\n",
        describe(&got),
        describe(&want)
    );
    let has_code = got.keys().any(|(_, _, c)| c == code);
    match case {
        "fail" => assert!(has_code, "{code}/fail gives no {code}"),
        _ => assert!(!has_code, "{code}/pass gives {code}"),
    }
}

macro_rules! fixtures {
    ($($name:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check_case($code, "fail");
                check_case($code, "pass");
            }
        )*

        /// Every rule of the catalog has fixtures, and a test above.
        #[test]
        fn every_rule_has_fixtures() {
            let tested = [$($code),*];
            for rule in ropa::rules::ALL {
                assert!(tested.contains(&rule.code), "no fixture test for {}", rule.code);
            }
        }
    };
}

fixtures! {
    e001 => "E001",
    e002 => "E002",
    e003 => "E003",
    e004 => "E004",
    f001 => "F001",
    f002 => "F002",
    f003 => "F003",
    f004 => "F004",
    l001 => "L001",
    l002 => "L002",
    l003 => "L003",
    l004 => "L004",
    l005 => "L005",
    l006 => "L006",
    l007 => "L007",
    l008 => "L008",
    s001 => "S001",
    s002 => "S002",
    s003 => "S003",
    s004 => "S004",
    s005 => "S005",
    t001 => "T001",
    t002 => "T002",
    t003 => "T003",
    t004 => "T004",
    p001 => "P001",
    p002 => "P002",
    p003 => "P003",
    p004 => "P004",
    p005 => "P005",
    p006 => "P006",
    r001 => "R001",
    r002 => "R002",
    r003 => "R003",
    r004 => "R004",
    a001 => "A001",
    a002 => "A002",
    a003 => "A003",
    a004 => "A004",
    a005 => "A005",
    a006 => "A006",
    a007 => "A007",
    a008 => "A008",
    a010 => "A010",
    x001 => "X001",
    x002 => "X002",
}
