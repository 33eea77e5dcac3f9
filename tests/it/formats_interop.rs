//! The CI formats for other platforms: GitLab Code Quality and reviewdog's
//! rdjson, each validated against a schema written from its published field
//! list (tests/schemas/), plus GitLab fingerprints that survive line moves.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn check(dir: &Path, format: &str, path: &str) -> Value {
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir)
        .args(["check", "--format", format, path])
        .output()
        .unwrap();
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validate(schema_file: &str, doc: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(schema_file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{schema_file}:\n{}", errors.join("\n"));
}

const MODEL: &str = r#"controller shop "Butiken AB" {
  country SE
}

processor cloud "Cloud Inc" {
  country US
}

dataset customers "Kunder" {
  controller shop
  subjects customer
  fields {
    name: identity.name
    personnummer: identity.national_id
  }
  retention 2 years
  recipients cloud
}

dataset leads "Leads" {
  controller shop
  fields { email: contact.email }
  purpose marketing { basis consent }
}
"#;

fn model_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.ropa"), text).unwrap();
    dir
}

#[test]
fn gitlab_validates_and_names_every_finding() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report = check(manifest, "gitlab", "fixtures/seeds");
    validate("gitlab-codequality.json", &report);
    let issues = report.as_array().unwrap();
    assert!(!issues.is_empty(), "the seeds have findings");
    for i in issues {
        let path = i["location"]["path"].as_str().unwrap();
        assert!(path.starts_with("fixtures/seeds/"), "{path}");
        let code = i["check_name"].as_str().unwrap();
        assert!(ropa::rules::find(code).is_some(), "{code}");
        assert!(i["description"].as_str().unwrap().starts_with(code));
    }
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let n = prints.len();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), n, "fingerprints are unique in one report");
}

#[test]
fn gitlab_maps_severities() {
    let dir = model_dir(MODEL);
    let report = check(dir.path(), "gitlab", ".");
    validate("gitlab-codequality.json", &report);
    let severity_of = |code: &str| {
        report
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["check_name"] == code)
            .map(|i| i["severity"].as_str().unwrap().to_string())
    };
    // A001 (no purpose) is an error, T001 (transfer without safeguard) too.
    assert_eq!(severity_of("A001").as_deref(), Some("major"));
    let expected = |s: ropa::finding::Severity| ropa::output::gitlab::severity(s).to_string();
    for i in report.as_array().unwrap() {
        let rule = ropa::rules::find(i["check_name"].as_str().unwrap()).unwrap();
        assert_eq!(i["severity"].as_str().unwrap(), expected(rule.severity));
    }
}

#[test]
fn gitlab_fingerprints_survive_a_line_inserted_above() {
    let dir = model_dir(MODEL);
    let before = check(dir.path(), "gitlab", ".");
    let moved = format!("// A comment and a blank line push everything down.\n\n{MODEL}");
    std::fs::write(dir.path().join("shop.ropa"), moved).unwrap();
    let after = check(dir.path(), "gitlab", ".");
    let key = |r: &Value| {
        let mut v: Vec<(String, u64)> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_string(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (b, a) = (key(&before), key(&after));
    assert!(!b.is_empty());
    assert_eq!(b.len(), a.len());
    for ((fb, lb), (fa, la)) in b.iter().zip(&a) {
        assert_eq!(fb, fa, "fingerprint changed when the finding moved");
        assert_eq!(lb + 2, *la, "the finding moved two lines down");
    }
}

#[test]
fn gitlab_fingerprint_changes_with_the_finding() {
    let dir = model_dir(MODEL);
    let before = check(dir.path(), "gitlab", ".");
    std::fs::write(
        dir.path().join("shop.ropa"),
        MODEL.replace("customers", "clients"),
    )
    .unwrap();
    let after = check(dir.path(), "gitlab", ".");
    let a001 = |r: &Value| {
        r.as_array()
            .unwrap()
            .iter()
            .find(|i| i["check_name"] == "A001")
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_ne!(
        a001(&before),
        a001(&after),
        "another dataset, another finding"
    );
}

#[test]
fn gitlab_and_rdjson_with_no_findings_are_still_documents() {
    let dir = model_dir("controller shop \"Butiken AB\" {\n  country SE\n}\n");
    for (format, empty) in [
        ("gitlab", serde_json::json!([])),
        ("rdjson", serde_json::json!([])),
    ] {
        let out = Command::cargo_bin("ropa")
            .unwrap()
            .current_dir(dir.path())
            .args([
                "check", "--quiet", "--ignore", "F004", "--format", format, ".",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
        let list = if format == "gitlab" {
            &doc
        } else {
            &doc["diagnostics"]
        };
        assert_eq!(list, &empty, "{format}");
    }
}

#[test]
fn rdjson_validates_and_carries_codes_and_ranges() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let result = check(manifest, "rdjson", "fixtures/seeds");
    validate("rdjson.json", &result);
    assert_eq!(result["source"]["name"], "ropa");
    let diags = result["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        let code = d["code"]["value"].as_str().unwrap();
        let rule = ropa::rules::find(code).unwrap();
        assert_eq!(d["code"]["url"], rule.url());
        let range = &d["location"]["range"];
        let start = (
            range["start"]["line"].as_u64().unwrap(),
            range["start"]["column"].as_u64().unwrap(),
        );
        let end = (
            range["end"]["line"].as_u64().unwrap(),
            range["end"]["column"].as_u64().unwrap(),
        );
        assert!(start <= end);
        assert!(["ERROR", "WARNING", "INFO"].contains(&d["severity"].as_str().unwrap()));
    }
}

#[test]
fn rdjson_columns_count_utf8_bytes() {
    // The ID starts at column 9 either way; `Öppna` is 5 characters but 6
    // bytes, so the end column tells bytes from characters.
    let text = "dataset Öppna {\n  fields { namn: identity.name }\n  retention 2 years\n}\n";
    let dir = model_dir(text);
    let result = check(dir.path(), "rdjson", ".");
    validate("rdjson.json", &result);
    let a001 = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"]["value"] == "A001")
        .expect("a dataset with no purpose");
    let range = &a001["location"]["range"];
    assert_eq!(range["start"]["line"], 1);
    assert_eq!(range["start"]["column"], 9);
    // `Öppna` is 6 bytes: the end is 6 past the start.
    assert_eq!(range["end"]["column"], 15);
}
