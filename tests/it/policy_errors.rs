//! Every policy error of policies.md ("Errors"): exit code 2, with the
//! file, the line and the key (Rego: the line and column).

use assert_cmd::Command;
use predicates::prelude::*;

const MODEL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/policies/model");

/// Runs `ropa check` on the test model with one policy file named `name`.
fn check(name: &str, text: &str) -> assert_cmd::assert::Assert {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    std::fs::write(
        dir.path().join("ropa.yaml"),
        format!("policies: [\"{name}\"]\n"),
    )
    .unwrap();
    let assert = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .env("ROPA_REGO_TIMEOUT_MS", "2000")
        .args(["check", "--format", "short", MODEL])
        .assert();
    drop(dir);
    assert
}

const GOOD: &str = "\
policies:
  - code: ACME001
    name: no-health-data-in-marketing
    severity: error
    on: purpose
    when:
      categories: { any: [special.health] }
      kind: { any: [marketing] }
    message: \"{dataset}: {purpose}\"
";

#[test]
fn a_good_policy_loads() {
    check("p.yaml", GOOD).code(1);
}

#[test]
fn malformed_yaml() {
    check(
        "p.yaml",
        "policies:\n  - code: ACME001\n    name: \"unclosed\n",
    )
    .code(2)
    .stderr(predicate::str::is_match(r"p\.yaml:4:1: ").unwrap())
    .stderr(predicate::str::contains("found unexpected end of stream"));
}

#[test]
fn unknown_key() {
    let text = GOOD.replace("    on: purpose\n", "    on: purpose\n    colour: red\n");
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains("p.yaml:6:5"))
        .stderr(predicate::str::contains("unknown field `colour`"));
}

#[test]
fn unknown_condition_key() {
    let text = GOOD.replace("      kind:", "      knid:");
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains("p.yaml:8:"))
        .stderr(predicate::str::contains("unknown field `knid`"));
}

#[test]
fn condition_the_on_does_not_have() {
    let text = GOOD.replace(
        "      kind:",
        "      role: { any: [processor] }\n      kind:",
    );
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains(
            "p.yaml:8: `policies[0].when.role`",
        ))
        .stderr(predicate::str::contains("`on: purpose` has no `role`"));
}

#[test]
fn anonymised_only_on_flows() {
    let text = GOOD.replace("      kind:", "      anonymised: true\n      kind:");
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains(
            "p.yaml:8: `policies[0].when.anonymised`",
        ));
}

#[test]
fn bad_code() {
    check("p.yaml", &GOOD.replace("ACME001", "acme1"))
        .code(2)
        .stderr(predicate::str::contains("p.yaml:2: `policies[0].code`"))
        .stderr(predicate::str::contains(
            "2 to 8 capital letters, then 3 digits",
        ));
}

#[test]
fn built_in_code_is_not_a_policy_code() {
    check("p.yaml", &GOOD.replace("ACME001", "L001"))
        .code(2)
        .stderr(predicate::str::contains("p.yaml:2: `policies[0].code`"))
        .stderr(predicate::str::contains("2 to 8 capital letters"));
}

#[test]
fn built_in_name() {
    check(
        "p.yaml",
        &GOOD.replace("no-health-data-in-marketing", "missing-legal-basis"),
    )
    .code(2)
    .stderr(predicate::str::contains("p.yaml:3: `policies[0].name`"))
    .stderr(predicate::str::contains("the name of a built-in rule"));
}

#[test]
fn duplicate_code() {
    let second = GOOD
        .replace("policies:\n", "")
        .replace("no-health-data-in-marketing", "other-name");
    check("p.yaml", &format!("{GOOD}{second}"))
        .code(2)
        .stderr(predicate::str::contains("p.yaml:10: `policies[1].code`"))
        .stderr(predicate::str::contains(
            "already the code of policy `no-health-data-in-marketing`",
        ));
}

#[test]
fn duplicate_name() {
    let second = GOOD
        .replace("policies:\n", "")
        .replace("ACME001", "ACME002");
    check("p.yaml", &format!("{GOOD}{second}"))
        .code(2)
        .stderr(predicate::str::contains("p.yaml:11: `policies[1].name`"));
}

#[test]
fn unknown_vocabulary_value_with_did_you_mean() {
    check("p.yaml", &GOOD.replace("special.health", "special.helth"))
        .code(2)
        .stderr(predicate::str::contains(
            "p.yaml:7: `policies[0].when.categories.any`: `special.helth` is not a known data category; did you mean `special.health`?",
        ));
}

#[test]
fn unknown_country_group() {
    let text = GOOD.replace(
        "      kind: { any: [marketing] }",
        "      countries: { any: [thrid] }",
    );
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains(
            "`thrid` is not a known country code or group",
        ))
        .stderr(predicate::str::contains("did you mean `third`?"));
}

#[test]
fn unknown_attribute_in_missing() {
    let text = GOOD.replace("      kind: { any: [marketing] }", "      missing: [dpai]");
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains(
            "p.yaml:8: `policies[0].when.missing`",
        ))
        .stderr(predicate::str::contains("did you mean `dpia`?"));
}

#[test]
fn placeholder_the_on_does_not_have() {
    check(
        "p.yaml",
        &GOOD.replace("{dataset}: {purpose}", "{party}: {purpose}"),
    )
    .code(2)
    .stderr(predicate::str::contains("p.yaml:9: `policies[0].message`"))
    .stderr(predicate::str::contains("`on: purpose` has no `{party}`"));
}

#[test]
fn unknown_placeholder() {
    check("p.yaml", &GOOD.replace("{dataset}: {purpose}", "{datset}"))
        .code(2)
        .stderr(predicate::str::contains("p.yaml:9: `policies[0].message`"))
        .stderr(predicate::str::contains("did you mean `dataset`?"));
}

#[test]
fn two_matchers_in_one_condition() {
    let text = GOOD.replace(
        "{ any: [marketing] }",
        "{ any: [marketing], none: [service] }",
    );
    check("p.yaml", &text)
        .code(2)
        .stderr(predicate::str::contains(
            "p.yaml:8: `policies[0].when.kind`",
        ))
        .stderr(predicate::str::contains("exactly one of"));
}

#[test]
fn policy_path_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ropa.yaml"), "policies: [\"nowhere/\"]\n").unwrap();
    Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", MODEL])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nowhere"));
}

// ---------------------------------------------------------------- Rego

const REGO: &str = "\
package acme

deny contains {\"code\": \"ACME010\", \"msg\": \"x\", \"item\": d.id} if {
\tsome d in input.datasets
\td.id == \"stats\"
}
";

#[test]
fn a_good_rego_policy_loads_and_finds() {
    check("p.rego", REGO)
        .code(1)
        .stdout(predicate::str::contains(
            "model.ropa:72:9: ACME010 [error] x",
        ));
}

#[test]
fn rego_syntax_error_has_line_and_column() {
    check("p.rego", &REGO.replace("some d in", "some d inn"))
        .code(2)
        .stderr(predicate::str::contains("p.rego:4:"));
}

#[test]
fn rego_v0_syntax_is_an_error() {
    // Rego v1: a rule body needs `if`.
    check("p.rego", "package acme\n\ndeny[msg] {\n\tmsg := \"x\"\n}\n")
        .code(2)
        .stderr(predicate::str::contains("p.rego:3:"));
}

#[test]
fn rego_element_naming_an_unknown_item() {
    check(
        "p.rego",
        &REGO.replace("\"item\": d.id", "\"item\": \"nothing\""),
    )
    .code(2)
    .stderr(predicate::str::contains("p.rego"))
    .stderr(predicate::str::contains(
        "no dataset, party or flow `nothing`",
    ));
}

#[test]
fn rego_element_naming_an_unknown_purpose() {
    check(
        "p.rego",
        &REGO.replace("\"item\": d.id", "\"item\": d.id, \"purpose\": \"nope\""),
    )
    .code(2)
    .stderr(predicate::str::contains(
        "no dataset `stats` with a purpose `nope`",
    ));
}

#[test]
fn rego_element_without_code() {
    check("p.rego", &REGO.replace("\"code\": \"ACME010\", ", ""))
        .code(2)
        .stderr(predicate::str::contains("p.rego"))
        .stderr(predicate::str::contains("has no `code`"));
}

#[test]
fn rego_plain_string_element() {
    check(
        "p.rego",
        "package acme\n\ndeny contains \"no code, no place\" if {\n\ttrue\n}\n",
    )
    .code(2)
    .stderr(predicate::str::contains("p.rego"))
    .stderr(predicate::str::contains(
        "is not an object with `code`, `msg` and `item`",
    ));
}

#[test]
fn rego_bad_code() {
    check("p.rego", &REGO.replace("ACME010", "acme10"))
        .code(2)
        .stderr(predicate::str::contains("p.rego:3:16"))
        .stderr(predicate::str::contains("2 to 8 capital letters"));
}

#[test]
fn rego_that_does_not_terminate_is_stopped() {
    // 10^10 steps: far more than the limit (2 s here) allows.
    let text = "package acme\n\ndeny contains {\"code\": \"ACME011\", \"msg\": \"x\", \"item\": \"stats\"} if {\n\tsome a in numbers.range(1, 100000)\n\tsome b in numbers.range(1, 100000)\n\ta * b < 0\n}\n";
    check("p.rego", text)
        .code(2)
        .stderr(predicate::str::contains("p.rego"))
        .stderr(predicate::str::contains(
            "`data.acme.deny` did not finish within the evaluation limit of 2000 ms",
        ));
}
