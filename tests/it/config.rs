//! `ropa.yaml` and rule packs, end to end on the built binary.

use assert_cmd::Command;
use predicates::prelude::*;

const MODEL: &str = r#"controller acme "Acme AB" { country SE }
processor unused "Unused AB" { country SE  dpa "D" }
dataset visitors {
  subjects website_visitor
  fields { ip: online.ip_address  sindicato: contact.email }
  purpose analytics { basis legitimate_interest }
  retention 30 days
}
"#;

fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("model.ropa"), MODEL).unwrap();
    std::fs::write(dir.path().join("ropa.yaml"), config).unwrap();
    dir
}

fn check(dir: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", "short"])
        .args(args)
        .assert()
}

#[test]
fn without_configuration_the_defaults_apply() {
    let dir = project("");
    check(dir.path(), &[])
        .code(0)
        .stdout(predicate::str::contains("L004 [warning]"))
        .stdout(predicate::str::contains("F004 [info]"));
}

#[test]
fn severities_can_be_raised_or_switched_off() {
    let dir = project("rules:\n  L004: error\n  unused-party: off\n");
    check(dir.path(), &[])
        .code(1)
        .stdout(predicate::str::contains("L004 [error]"))
        .stdout(predicate::str::contains("F004").not());
}

#[test]
fn fail_on_comes_from_the_configuration_unless_given() {
    let dir = project("fail_on: warning\n");
    check(dir.path(), &[]).code(1);
    check(dir.path(), &["--fail-on", "error"]).code(0);
}

#[test]
fn the_configuration_is_found_in_a_parent_directory() {
    let dir = project("rules:\n  L004: error\n");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(&sub)
        .args(["check", "--format", "short", ".."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("L004 [error]"));
}

#[test]
fn exclude_globs_are_relative_to_the_configuration() {
    let dir = project("exclude: [\"vendor/**\"]\n");
    std::fs::create_dir_all(dir.path().join("vendor/x")).unwrap();
    std::fs::write(dir.path().join("vendor/x/bad.ropa"), "dataset {").unwrap();
    check(dir.path(), &["."])
        .code(0)
        .stdout(predicate::str::contains("E001").not());
}

#[test]
fn a_rule_pack_adds_sensitive_names_and_categories() {
    let dir = project("packs: [\"de.yaml\"]\n");
    std::fs::write(
        dir.path().join("de.yaml"),
        "categories: [special.union_dues]\nsensitive_names:\n  - category: special.trade_union\n    patterns: ['sindicato']\n",
    )
    .unwrap();
    check(dir.path(), &[]).stdout(predicate::str::contains(
        "S002 [error] the record gives field `sindicato` the category `contact.email`, though its name suggests `special.trade_union`",
    ));
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let dir = project("fail_on: error\nfail-on: warning\n");
    check(dir.path(), &[])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("ropa.yaml:2"))
        .stderr(predicate::str::contains("fail-on"));
}

#[test]
fn unknown_code_or_bad_value_names_the_line() {
    let dir = project("rules:\n  L004: error\n  Z123: off\n");
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("ropa.yaml:3: `rules.Z123`"));
    let dir = project("rules:\n  L004: loud\n");
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("ropa.yaml:2: `rules.L004: loud`"));
    let dir = project("fail_on: sometimes\n");
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains(
            "ropa.yaml:1: `fail_on: sometimes`",
        ));
}

#[test]
fn malformed_pack_or_missing_config_exits_2() {
    let dir = project("packs: [\"p.yaml\"]\n");
    std::fs::write(
        dir.path().join("p.yaml"),
        "limits:\n  cookies: { length: soon, source: \"x\" }\n",
    )
    .unwrap();
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("p.yaml:2: `cookies: soon`"));
    std::fs::write(dir.path().join("p.yaml"), "codes: [L001]\n").unwrap();
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("p.yaml:1"));
    check(dir.path(), &["--config", "nope.yaml"])
        .code(2)
        .stderr(predicate::str::contains("nope.yaml"));
}

#[test]
fn a_rule_pack_adds_exclusions_to_the_sensitive_names() {
    let model = "controller acme { country SE }\ndataset d {\n  subjects customer\n  fields { session_fingerprint: online.device }\n  purpose security { basis legitimate_interest \"LIA\" }\n  retention 30 days\n}\n";
    let dir = project("");
    std::fs::write(dir.path().join("model.ropa"), model).unwrap();
    check(dir.path(), &[]).stdout(predicate::str::contains(
        "S002 [error] the record gives field `session_fingerprint` the category `online.device`, though its name suggests `special.biometric`",
    ));
    std::fs::write(dir.path().join("ropa.yaml"), "packs: [\"x.yaml\"]\n").unwrap();
    std::fs::write(
        dir.path().join("x.yaml"),
        "sensitive_exclusions:\n  - category: special.biometric\n    patterns: ['session_?fingerprint']\n",
    )
    .unwrap();
    check(dir.path(), &[]).stdout(predicate::str::contains("S002").not());
}

#[test]
fn a_national_id_law_in_a_pack_must_name_a_country() {
    let dir = project("packs: [\"x.yaml\"]\n");
    std::fs::write(
        dir.path().join("x.yaml"),
        "national_id_laws:\n  - { country: Iceland, law: \"lög nr. 90/2018, 13. gr.\" }\n",
    )
    .unwrap();
    check(dir.path(), &[])
        .code(2)
        .stderr(predicate::str::contains("x.yaml:1"))
        .stderr(predicate::str::contains("`Iceland` is not"));
    std::fs::write(
        dir.path().join("x.yaml"),
        "national_id_laws:\n  - { country: IS, law: \"lög nr. 90/2018, 13. gr.\" }\n",
    )
    .unwrap();
    check(dir.path(), &[]).code(0);
}
