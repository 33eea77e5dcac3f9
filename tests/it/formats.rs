//! The machine formats: SARIF validated against the official 2.1.0 schema,
//! JUnit parsed as XML, GitHub workflow commands, baselines.

use assert_cmd::Command;
use serde_json::Value;

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(args: &[&str]) -> String {
    let out = ropa().args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn sarif_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/schemas/sarif-2.1.0-rtm.5.json"
    ))
    .unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    // The official schema's `language` patterns have a stray `]`, literal
    // in ECMAScript but rejected by the meta-schema's `format: regex` check.
    // ropa never emits `language`; the file on disk stays as published.
    let fixed = fix_language_patterns(&mut schema);
    assert!(fixed >= 2, "the schema changed: {fixed} language patterns");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .unwrap()
}

fn fix_language_patterns(v: &mut Value) -> usize {
    const PUBLISHED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match v {
        Value::Object(map) => {
            let mut n = 0;
            for (k, child) in map.iter_mut() {
                if k == "pattern" && child == PUBLISHED {
                    *child = Value::from("^[a-zA-Z]{2}(-[a-zA-Z]{2})?$");
                    n += 1;
                } else {
                    n += fix_language_patterns(child);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

fn assert_valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).unwrap();
    let validator = sarif_schema();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
    log
}

#[test]
fn sarif_validates_and_carries_rules_results_and_fingerprints() {
    let log = assert_valid_sarif(&stdout(&["check", "--format", "sarif", "fixtures/seeds"]));
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ropa::rules::ALL.len());
    for r in rules {
        for key in [
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "helpUri",
        ] {
            assert!(!r[key].is_null(), "rule lacks {key}: {r}");
        }
    }
    let t001 = rules.iter().find(|r| r["id"] == "T001").unwrap();
    assert!(t001["help"]["text"]
        .as_str()
        .unwrap()
        .contains("## Why is this bad?"));
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 50);
    for r in results {
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.starts_with("fixtures/seeds/"),
            "not relative to the repository root: {uri}"
        );
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(!r["partialFingerprints"]["ropaFindingKey/v1"].is_null());
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"], id);
    }
    assert!(results.iter().any(|r| r["level"] == "error"));
    assert!(results.iter().any(|r| r["level"] == "warning"));
    // The validator is not vacuous: a level SARIF does not know fails it.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!sarif_schema().is_valid(&broken));
}

#[test]
fn sarif_with_no_findings_is_still_valid() {
    let log = assert_valid_sarif(&stdout(&[
        "check",
        "--format",
        "sarif",
        "--quiet",
        "fixtures/cli/clean.ropa",
    ]));
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cli/errors.ropa"
    ))
    .unwrap();
    let file = dir.path().join("m.ropa");
    let fingerprints = |text: &str| -> Vec<String> {
        std::fs::write(&file, text).unwrap();
        let out = Command::cargo_bin("ropa")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", "sarif", "m.ropa"])
            .output()
            .unwrap();
        let log: Value = serde_json::from_slice(&out.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["ropaFindingKey/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let before = fingerprints(&original);
    let after = fingerprints(&format!("// a new comment\n\n{original}"));
    assert_eq!(before.len(), 3);
    assert_eq!(before, after);
}

#[test]
fn junit_is_xml_with_a_suite_per_file_and_a_case_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cli/errors.ropa"),
        dir.path().join("a.ropa"),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.ropa"), "processor p \"<P & Co>\" { country SE  dpa \"x\" }\ndataset d { controller c  recipients p }\n").unwrap();
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "junit", "--fail-on", "warning", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 2);
    let a = suites
        .iter()
        .find(|s| s.attribute("name") == Some("a.ropa"))
        .unwrap();
    assert_eq!(a.attribute("tests"), Some("3"));
    // With --fail-on warning, the error and the warning fail; the info does not.
    assert_eq!(a.attribute("failures"), Some("2"));
    let cases = a.children().filter(|n| n.has_tag_name("testcase")).count();
    assert_eq!(cases, 3);
}

#[test]
fn junit_has_a_passing_case_for_a_clean_file() {
    let text = stdout(&["check", "--format", "junit", "fixtures/cli/clean.ropa"]);
    let doc = roxmltree::Document::parse(&text).unwrap();
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .unwrap();
    assert_eq!(case.attribute("name"), Some("no findings"));
    assert!(!doc.descendants().any(|n| n.has_tag_name("failure")));
}

#[test]
fn github_annotations_carry_position_and_code() {
    let text = stdout(&["check", "--format", "github", "fixtures/cli/errors.ropa"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with("::error file=fixtures/cli/errors.ropa,line=25,col=14,endLine=25,endColumn=21,title=T001::the record states no transfer safeguard"), "{}", lines[1]);
    assert!(lines[0].starts_with("::notice "));
    assert!(lines[2].starts_with("::warning "));
    // The help follows on an escaped new line, never a real one.
    assert!(lines[1].contains("%0Ahelp: "));
}

#[test]
fn baseline_hides_recorded_findings_and_reports_new_and_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/cli/errors.ropa"
    ))
    .unwrap();
    std::fs::write(dir.path().join("m.ropa"), &original).unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("ropa")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["check", "--write-baseline", "base.json", "m.ropa"]);
    assert_eq!(out.status.code(), Some(0));
    // Recorded findings are not reported, even after lines moved.
    std::fs::write(
        dir.path().join("m.ropa"),
        format!("// moved\n\n\n{original}"),
    )
    .unwrap();
    let out = run(&[
        "check",
        "--format",
        "short",
        "--baseline",
        "base.json",
        "m.ropa",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "");
    // A new violation is reported; a fixed one is stale.
    let changed = original
        .replace("retention indefinite", "retention 5 years")
        .replace("retention 30 days", "retention indefinite");
    std::fs::write(dir.path().join("m.ropa"), changed).unwrap();
    let out = run(&[
        "check",
        "--format",
        "short",
        "--baseline",
        "base.json",
        "m.ropa",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("R002") && text.contains("`visitors` is kept indefinitely"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("1 baseline entry no longer match"), "{err}");
}

#[test]
fn unreadable_baseline_or_unwritable_output_exits_2() {
    ropa()
        .args([
            "check",
            "--baseline",
            "no/such/base.json",
            "fixtures/cli/clean.ropa",
        ])
        .assert()
        .code(2);
    ropa()
        .args([
            "check",
            "--write-baseline",
            "no/such/dir/base.json",
            "fixtures/cli/clean.ropa",
        ])
        .assert()
        .code(2);
}
