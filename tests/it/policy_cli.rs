//! A policy finding end to end, through the built binary: suppressed,
//! baselined, re-levelled, selected, in SARIF with its rule metadata, in
//! the report, in `ropa rules` and `ropa explain`; and the example
//! policies over the seeds, pinned.

use assert_cmd::Command;
use predicates::prelude::*;

const POLICY: &str = "\
policies:
  - code: ACME001
    name: no-customer-contact-for-ads
    severity: warning
    article: \"Acme DP policy §4\"
    description: |
      Contact data of customers is never used for advertising.

      Marketing uses the newsletter list, which has its own consent.
    on: purpose
    when:
      subjects: { any: [customer] }
      categories: { any: [contact] }
      kind: { any: [advertising] }
    message: \"{dataset}: purpose {purpose} uses {categories} for {kind}\"
";

const MODEL: &str = "\
controller acme \"Acme\" {
  country SE
  contact \"privacy@acme.example\"
}

dataset crm \"CRM\" {
  subjects customer
  source data_subject
  fields {
    email: contact.email
  }
  SUPPRESS
  purpose ads {
    kind advertising
    basis consent
    consent { withdraw \"link\" record \"log\" }
  }
  retention 12 months
  measures encryption
}
";

/// A project folder: ropa.yaml (with `extra` lines), the policy, the model
/// (with `suppress` before the purpose).
fn project(extra: &str, suppress: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(
        p.join("ropa.yaml"),
        format!("policies: [\"policies/\"]\n{extra}"),
    )
    .unwrap();
    std::fs::create_dir(p.join("policies")).unwrap();
    std::fs::write(p.join("policies/acme.yaml"), POLICY).unwrap();
    std::fs::write(p.join("model.ropa"), MODEL.replace("SUPPRESS", suppress)).unwrap();
    dir
}

fn ropa(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(dir.path());
    cmd
}

const FINDING: &str =
    "model.ropa:13:11: ACME001 [warning] crm: purpose ads uses contact.email for advertising\n";

#[test]
fn a_policy_finding_is_reported() {
    let dir = project("", "");
    ropa(&dir)
        .args(["check", "--format", "short"])
        .assert()
        .code(0)
        .stdout(FINDING);
    ropa(&dir)
        .args(["check", "--format", "short", "--fail-on", "warning"])
        .assert()
        .code(1);
}

#[test]
fn a_policy_finding_is_suppressed_and_an_unused_suppression_is_x002() {
    let dir = project(
        "",
        "// ropa: allow ACME001 \"approved by the DPO, 2025-03\"",
    );
    ropa(&dir)
        .args(["check", "--format", "short"])
        .assert()
        .code(0)
        .stdout("");
    let dir = project(
        "",
        "// ropa: allow ACME001 \"approved by the DPO, 2025-03\"\n  purpose other { kind service basis contract }",
    );
    ropa(&dir)
        .args(["check", "--format", "short"])
        .assert()
        .stdout(predicate::str::contains("X002"))
        .stdout(predicate::str::contains("ACME001 [warning]"));
}

#[test]
fn a_policy_finding_is_baselined() {
    let dir = project("", "");
    ropa(&dir)
        .args(["check", "--write-baseline", "baseline.json"])
        .assert()
        .code(0);
    let baseline = std::fs::read_to_string(dir.path().join("baseline.json")).unwrap();
    assert!(baseline.contains("ACME001"), "{baseline}");
    ropa(&dir)
        .args([
            "check",
            "--format",
            "short",
            "--fail-on",
            "warning",
            "--baseline",
            "baseline.json",
        ])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn a_policy_is_relevelled_to_off_and_to_error() {
    let dir = project("rules:\n  ACME001: off\n", "");
    ropa(&dir)
        .args(["check", "--format", "short"])
        .assert()
        .code(0)
        .stdout("");
    let dir = project("rules:\n  no-customer-contact-for-ads: error\n", "");
    ropa(&dir)
        .args(["check", "--format", "short"])
        .assert()
        .code(1)
        .stdout(FINDING.replace("[warning]", "[error]"));
}

#[test]
fn an_unknown_code_in_rules_is_still_an_error() {
    let dir = project("rules:\n  ACME002: off\n", "");
    ropa(&dir)
        .args(["check"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ropa.yaml:3: `rules.ACME002`"));
}

#[test]
fn select_and_ignore_know_policies() {
    let dir = project("", "");
    ropa(&dir)
        .args(["check", "--format", "short", "--select", "ACME"])
        .assert()
        .stdout(FINDING);
    ropa(&dir)
        .args([
            "check",
            "--format",
            "short",
            "--select",
            "no-customer-contact-for-ads",
        ])
        .assert()
        .stdout(FINDING);
    ropa(&dir)
        .args(["check", "--format", "short", "--ignore", "ACME001"])
        .assert()
        .stdout("");
    ropa(&dir)
        .args(["check", "--select", "ACME9"])
        .assert()
        .code(2);
}

#[test]
fn sarif_carries_the_policys_rule_metadata() {
    let dir = project("", "");
    let out = ropa(&dir)
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let (index, rule) = rules
        .iter()
        .enumerate()
        .find(|(_, r)| r["id"] == "ACME001")
        .unwrap();
    assert_eq!(rule["name"], "no-customer-contact-for-ads");
    assert_eq!(
        rule["shortDescription"]["text"],
        "Contact data of customers is never used for advertising."
    );
    assert!(rule["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains("its own consent"));
    assert_eq!(rule["properties"]["article"], "Acme DP policy §4");
    assert_eq!(rule["defaultConfiguration"]["level"], "warning");
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "ACME001");
    assert_eq!(result["ruleIndex"], index);
}

#[test]
fn every_format_carries_a_policy_finding() {
    let dir = project("", "");
    for format in ["human", "json", "junit", "github"] {
        ropa(&dir)
            .args(["check", "--color", "never", "--format", format])
            .assert()
            .stdout(predicate::str::contains("ACME001"));
    }
}

#[test]
fn the_report_groups_it_under_its_code_as_an_organisation_policy() {
    let dir = project("", "");
    ropa(&dir)
        .args(["report", "-o", "report.html"])
        .assert()
        .code(0);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("ACME001"), "no code");
    assert!(html.contains("no-customer-contact-for-ads"));
    assert!(html.contains("<span class=\"policy\">organisation policy</span>"));
    ropa(&dir)
        .args(["report", "-o", "report.md"])
        .assert()
        .code(0);
    let md = std::fs::read_to_string(dir.path().join("report.md")).unwrap();
    assert!(
        md.contains("no-customer-contact-for-ads *(organisation policy)*"),
        "{md}"
    );
}

#[test]
fn rules_lists_policies_after_the_built_in_rules_with_their_file() {
    let dir = project("", "");
    let out = ropa(&dir).args(["rules"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let builtin = text.find("X002").unwrap();
    let policy = text.find("ACME001").unwrap();
    assert!(builtin < policy);
    assert!(text.contains("policies/acme.yaml"), "{text}");
}

#[test]
fn explain_prints_the_policys_description() {
    let dir = project("", "");
    ropa(&dir)
        .args(["explain", "ACME001"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "ACME001 no-customer-contact-for-ads (warning, Acme DP policy §4)",
        ))
        .stdout(predicate::str::contains(
            "Marketing uses the newsletter list",
        ));
}

// ---------------------------------------------------------------- examples

/// The example policies (`yaml` or `rego`) over the seeds: their findings.
fn examples_over_seeds(kind: &str) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("ropa.yaml");
    std::fs::write(
        &config,
        format!("policies: [\"{root}/examples/policies/{kind}\"]\n"),
    )
    .unwrap();
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(root)
        .args(["check", "--format", "short", "--select", "REC,FIDES"])
        .arg("--config")
        .arg(&config)
        .arg("fixtures/seeds")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn yaml_examples_over_the_seeds() {
    insta::assert_snapshot!(examples_over_seeds("yaml"));
}

/// The Rego pack reads the model as `ropa export --format json` prints it.
#[test]
fn rego_examples_over_the_exported_seeds() {
    insta::assert_snapshot!(examples_over_seeds("rego"));
}
