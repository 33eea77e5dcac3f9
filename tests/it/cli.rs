//! The built binary, end to end: exit codes, formats, messages.

use assert_cmd::Command;
use predicates::prelude::*;

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR");
    cmd
}

#[test]
fn clean_model_exits_0_and_prints_nothing_in_short_format() {
    ropa()
        .args(["check", "--format", "short", "fixtures/cli/clean.ropa"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn errors_exit_1() {
    ropa()
        .args(["check", "--format", "short", "fixtures/cli/errors.ropa"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "fixtures/cli/errors.ropa:25:14: T001 [error] the record states no transfer safeguard (Chapter V) for the personal data of `visitors` sent to `tracker` (US)",
        ))
        .stdout(predicate::str::contains("fixtures/cli/errors.ropa:37:13: R002 [warning]"))
        .stdout(predicate::str::contains("fixtures/cli/errors.ropa:6:11: F004 [info]"));
}

#[test]
fn short_output_is_ordered_by_line() {
    let out = ropa()
        .args(["check", "--format", "short", "fixtures/cli/errors.ropa"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<u32> = text
        .lines()
        .map(|l| l.split(':').nth(1).unwrap().parse().unwrap())
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    assert_eq!(lines.len(), 3, "{text}");
}

#[test]
fn warnings_pass_by_default_and_fail_with_fail_on_warning() {
    let args = ["check", "--format", "short", "fixtures/cli/warnings.ropa"];
    ropa()
        .args(args)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("L004 [warning]"));
    ropa()
        .args(args)
        .args(["--fail-on", "warning"])
        .assert()
        .code(1);
    ropa()
        .args(args)
        .args(["--fail-on", "info"])
        .assert()
        .code(1);
}

#[test]
fn fail_on_never_exits_0_even_with_errors() {
    ropa()
        .args([
            "check",
            "--format",
            "short",
            "--fail-on",
            "never",
            "fixtures/cli/errors.ropa",
        ])
        .assert()
        .code(0);
}

#[test]
fn select_and_ignore_narrow_the_rules() {
    ropa()
        .args([
            "check",
            "--format",
            "short",
            "--select",
            "T",
            "fixtures/cli/errors.ropa",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("T001"))
        .stdout(predicate::str::contains("R002").not());
    ropa()
        .args([
            "check",
            "--format",
            "short",
            "--ignore",
            "transfer-without-safeguard",
            "fixtures/cli/errors.ropa",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("T001").not());
    ropa()
        .args(["check", "--select", "Z999", "fixtures/cli/errors.ropa"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`Z999` names no rule"));
}

#[test]
fn json_format_follows_the_documented_schema() {
    let out = ropa()
        .args(["check", "--format", "json", "fixtures/cli/errors.ropa"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 1);
    assert_eq!(doc["summary"]["warnings"], 1);
    assert_eq!(doc["summary"]["infos"], 1);
    let t001 = &doc["findings"][1];
    assert_eq!(t001["code"], "T001");
    assert_eq!(t001["name"], "transfer-without-safeguard");
    assert_eq!(t001["severity"], "error");
    assert_eq!(t001["file"], "fixtures/cli/errors.ropa");
    assert_eq!(t001["line"], 25);
    assert_eq!(t001["column"], 14);
    assert_eq!(t001["end_line"], 25);
    assert_eq!(t001["end_column"], 21);
    assert_eq!(t001["dataset"], "visitors");
    assert_eq!(t001["party"], "tracker");
    assert_eq!(t001["article"], "Art. 44-46");
    assert!(t001["help"].as_str().unwrap().contains("transfer dpf"));
    assert_eq!(t001["related"][0]["line"], 11);
}

#[test]
fn human_format_shows_snippet_label_help_and_summary() {
    ropa()
        .args([
            "check",
            "--format",
            "human",
            "--color",
            "never",
            "fixtures/cli/errors.ropa",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "T001 transfer-without-safeguard (Art. 44-46)",
        ))
        .stdout(predicate::str::contains("[fixtures/cli/errors.ropa:25:14]"))
        .stdout(predicate::str::contains("recipients tracker"))
        .stdout(predicate::str::contains("transfer to US"))
        .stdout(predicate::str::contains(
            "help: if the recipient is certified",
        ))
        .stdout(predicate::str::contains("\u{1b}[").not())
        .stderr("1 error, 1 warning, 1 info in 1 file\n");
}

#[test]
fn color_always_colours_human_output() {
    ropa()
        .args([
            "check",
            "--format",
            "human",
            "--color",
            "always",
            "fixtures/cli/errors.ropa",
        ])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
}

#[test]
fn quiet_prints_nothing_when_clean() {
    ropa()
        .args([
            "check",
            "--format",
            "human",
            "--quiet",
            "fixtures/cli/clean.ropa",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn missing_path_exits_2_with_a_message() {
    ropa()
        .args(["check", "no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`no/such/dir` does not exist"));
}

#[test]
fn directory_without_ropa_files_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    ropa()
        .args(["check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `.ropa` file found"));
}

#[test]
fn bad_arguments_exit_2() {
    ropa().args(["check", "--format", "yaml"]).assert().code(2);
    ropa().args(["frobnicate"]).assert().code(2);
}

#[test]
fn syntax_error_in_one_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.ropa"),
        "dataset x {\n  purpose p { basis }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.ropa"),
        b"controller c { country SE }\ndataset y { \xe4 }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c.ropa"), "processor p {}\n").unwrap();
    let out = ropa()
        .args(["check", "--format", "short"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("a.ropa:2:21: E001 [error] expected a legal basis such as `consent` or `public_task`, found `}`"), "{text}");
    assert!(text.contains("b.ropa:2:13: E002 [error]"), "{text}");
    // c.ropa is still checked: its processor has no country. (It receives
    // nothing, so it is not P001's since v3.)
    assert!(text.contains("c.ropa:1:11: A006 [error]"), "{text}");
}

#[test]
fn rules_lists_every_rule() {
    let out = ropa().args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in ropa::rules::ALL {
        assert!(
            text.contains(rule.code) && text.contains(rule.name),
            "{}",
            rule.code
        );
    }
}

#[test]
fn explain_accepts_code_or_name() {
    for arg in ["L001", "l001", "missing-legal-basis"] {
        ropa()
            .args(["explain", arg])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with(
                "L001 missing-legal-basis (error, Art. 6(1))",
            ))
            .stdout(predicate::str::contains("## Why is this bad?"))
            .stdout(predicate::str::contains("Use instead:"));
    }
    ropa().args(["explain", "L999"]).assert().code(2);
}

#[test]
fn every_rule_has_explain_text_in_ruff_shape() {
    for rule in ropa::rules::ALL {
        let doc = rule.doc();
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## References",
        ] {
            assert!(doc.contains(section), "{} lacks {section}", rule.code);
        }
    }
}

#[test]
fn init_writes_a_clean_starter_project_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::cargo_bin("ropa")
            .unwrap()
            .current_dir(dir.path())
            .args(args)
            .assert()
    };
    run(&["init"])
        .code(0)
        .stdout("wrote ropa.yaml\nwrote example.ropa\n");
    // The starter project is valid configuration and a clean model.
    run(&["check", "--format", "short", "--fail-on", "info"])
        .code(0)
        .stdout("");
    let before = std::fs::read_to_string(dir.path().join("ropa.yaml")).unwrap();
    std::fs::write(dir.path().join("ropa.yaml"), "fail_on: warning\n").unwrap();
    run(&["init"])
        .code(2)
        .stderr("error: ropa.yaml and example.ropa already exist; ropa init does not overwrite\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ropa.yaml")).unwrap(),
        "fail_on: warning\n"
    );
    assert!(before.contains("# Per-rule severity"));
}
