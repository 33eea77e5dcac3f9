//! `ropa import fides` and `ropa export --format fides`: manifests in the
//! shapes of fideslang's documentation imported and checked, the export of
//! every fixture folder validated by fideslang itself, the taxonomy mapping
//! complete over fideslang's default taxonomy, and the round trip
//! export → import giving back the same model.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(root());
    cmd
}

fn import(inputs: &[&str], out: &Path) -> String {
    let o = ropa()
        .args(["import", "fides"])
        .args(inputs)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    stderr
}

/// `ropa check --format json` on `dir`: the findings.
fn findings(dir: &Path) -> Vec<Value> {
    let o = ropa()
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

fn codes(findings: &[Value]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

/// Python with fideslang, or `None` when absent outside CI. In CI a missing
/// fideslang fails the test: .ci/run installs it.
fn python_with_fideslang() -> Option<&'static str> {
    let ok = Process::new("python3")
        .args(["-c", "import fideslang"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some("python3");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but python3 cannot import fideslang (pip install fideslang)"
    );
    eprintln!("skipped: python3 with fideslang is not installed");
    None
}

#[test]
fn documentation_shaped_manifests_import_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let summary = import(&["fixtures/fides"], &out);
    assert!(
        summary.contains("1 policies") || summary.contains("1 policy"),
        "{summary}"
    );
    assert!(summary.contains("kept as comments"), "{summary}");

    let shop = std::fs::read_to_string(out.join("demo_web_shop.ropa")).unwrap();
    // Provenance on every declaration: file and Fides key.
    assert!(shop
        .contains("// Imported by ropa from fixtures/fides/system.yml: system[0] `demo_web_shop`"));
    assert!(shop.contains("system[0].privacy_declarations[1]"));
    assert!(shop.contains("// from fixtures/fides/dataset.yml: dataset[0] `demo_orders_db`"));
    // Field-level categories, nested fields flattened.
    assert!(shop.contains("card_number: financial.payment \"Last four digits only\""));
    assert!(shop.contains("shipping_address_street: contact.address"));
    // What has no equivalent is kept as a TODO comment.
    assert!(
        shop.contains("// TODO(import): field `internal_note`: Fides category `system.operations`")
    );
    assert!(shop.contains("Mail Agency Ltd"));
    assert!(shop.contains("purpose order_e_mails \"Order e-mails\" {"));
    assert!(shop.contains("kind marketing.email"));
    assert!(shop.contains("basis consent"));
    assert!(shop.contains("recipients payments_inc"));
    assert!(shop.contains("dpia \"https://example.com/dpia/web-shop\""));
    assert!(shop.contains("measures encryption, access_control"));
    // Egress and the matching ingress make one flow, narrowed to its fields.
    assert_eq!(
        shop.matches("flow demo_web_shop -> demo_analytics").count(),
        1
    );
    assert!(shop.contains("fields email"));

    let processor = std::fs::read_to_string(out.join("payments_inc.ropa")).unwrap();
    assert!(processor.contains("processor payments_inc \"Payments Inc.\" {"));
    assert!(processor.contains("country US"));

    // Canonical: `ropa fmt --check` finds nothing to change.
    ropa().args(["fmt", "--check"]).arg(&out).assert().code(0);

    // The record parses cleanly and check reports what it lacks: the US
    // processor without a safeguard, the organisation's country.
    let found = findings(&out);
    let c = codes(&found);
    for bad in ["E001", "E004", "F001"] {
        assert!(!c.contains(bad), "{bad} in {found:#?}");
    }
    let t001 = found
        .iter()
        .find(|f| f["code"] == "T001")
        .expect("T001 for the US processor");
    assert!(t001["message"].as_str().unwrap().contains("payments_inc"));
    assert!(c.contains("A006"));

    // The policy, as ropa YAML policies named by ropa.yaml.
    let config = std::fs::read_to_string(out.join("ropa.yaml")).unwrap();
    assert!(config.contains("policies: [\"policies/\"]"));
    let policies: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(out.join("policies/fides.yaml")).unwrap())
            .unwrap();
    let list = policies["policies"].as_sequence().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["code"].as_str(), Some("FIDES001"));
    assert_eq!(list[0]["on"].as_str(), Some("purpose"));
    let kinds: Vec<&str> = list[0]["when"]["kind"]["any"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["advertising", "marketing.email"]);
    // `user` has no equivalent itself: it stands for every group under it,
    // each group for its members.
    let cats = list[0]["when"]["categories"]["any"].as_sequence().unwrap();
    assert!(cats.iter().any(|v| v.as_str() == Some("special")));
    assert!(cats.iter().any(|v| v.as_str() == Some("contact")));
    assert!(cats.iter().all(|v| !v.as_str().unwrap().contains('.')));
    // As `fides evaluate` decides: OTHER is other; ALL over a declaration's
    // one data use is any; NONE on subjects needs a subject.
    assert_eq!(
        list[1]["when"]["categories"]["other"]
            .as_sequence()
            .unwrap(),
        &[serde_yaml::Value::from("contact")]
    );
    assert!(list[1]["when"]["kind"]["any"].is_sequence());
    assert!(list[1]["when"]["subjects"]["none"].is_sequence());
    assert_eq!(list[1]["when"]["has"][0].as_str(), Some("subjects"));
}

#[test]
fn fideslang_2x_shape_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    import(&["fixtures/fides-2x"], &out);
    let hr = std::fs::read_to_string(out.join("hr_system.ropa")).unwrap();
    assert!(hr.contains("dpia \"https://acme.example/dpia/hr\""), "{hr}");
    assert!(hr.contains("special_basis employment_law"));
    // Per-purpose retention where the language has it, else a comment.
    assert!(hr.contains("2 years after employment_end"));
    assert!(hr.contains("retention 7 years"));
    assert!(
        hr.contains("Acme Group Holding"),
        "the 2.x joint controller is kept"
    );
    assert!(hr.contains("GBR"), "the 2.x third-country transfer is kept");
    assert!(
        out.join("acme.ropa").exists(),
        "the organisation the system names"
    );
    let c = codes(&findings(&out));
    for bad in ["E001", "E004", "F001"] {
        assert!(!c.contains(bad), "{bad}");
    }
}

#[test]
fn never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    import(&["fixtures/fides"], &out);
    let shop = out.join("demo_web_shop.ropa");
    std::fs::write(&shop, "// mine\n").unwrap();
    let o = ropa()
        .args(["import", "fides", "fixtures/fides", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("already exist") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&shop).unwrap(), "// mine\n");
    ropa()
        .args(["import", "fides", "fixtures/fides", "--force", "-o"])
        .arg(&out)
        .assert()
        .code(0);
    assert!(std::fs::read_to_string(&shop)
        .unwrap()
        .contains("dataset demo_web_shop"));
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".ropa-import-"))
        .collect();
    assert!(leftovers.is_empty());
}

fn bad_input(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let o = ropa()
        .args(["import", "fides"])
        .arg(&file)
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("out").exists(), "nothing is written");
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains(name), "names the file: {err}");
    err
}

#[test]
fn malformed_yaml_is_exit_2_with_file_and_line() {
    let err = bad_input(
        "broken.yml",
        "system:\n  - fides_key: a\n    name: [unclosed\n",
    );
    assert!(
        err.contains("malformed YAML") && err.contains("line "),
        "{err}"
    );
}

#[test]
fn yaml_that_is_not_fides_is_exit_2() {
    let err = bad_input("compose.yml", "services:\n  web:\n    image: nginx\n");
    assert!(
        err.contains("not a Fides manifest") && err.contains("`services`"),
        "{err}"
    );
    let err = bad_input("list.yml", "- a\n- b\n");
    assert!(err.contains("not a Fides manifest"), "{err}");
    let err = bad_input("nokey.yml", "system:\n  - name: no key\n");
    assert!(
        err.contains("system[0]") && err.contains("fides_key"),
        "{err}"
    );
    let err = bad_input("scalar.yml", "system: 3\n");
    assert!(err.contains("`system` must be a list"), "{err}");
}

/// Every ropa folder of the fixtures, exported.
fn fixture_folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root().join("fixtures"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        if p.is_dir()
            && std::fs::read_dir(p)
                .unwrap()
                .filter_map(Result::ok)
                .any(|e| e.path().extension().is_some_and(|x| x == "ropa"))
        {
            out.push(p.to_path_buf());
        }
    }
    out.sort();
    out
}

#[test]
fn export_of_every_fixture_folder_validates_with_fideslang() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, folder) in fixture_folders().iter().enumerate() {
        let file = dir.path().join(format!("{i}.yml"));
        let o = ropa()
            .args(["export", "--format", "fides", "-o"])
            .arg(&file)
            .arg(folder)
            .output()
            .unwrap();
        // 1 only for a folder with a file that does not parse (E001, E002).
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            o.status.code() == Some(0)
                || (o.status.code() == Some(1) && stderr.contains("the model is incomplete")),
            "{}: {stderr}",
            folder.display()
        );
        files.push((folder.clone(), file));
    }
    assert!(files.len() > 10);
    let Some(python) = python_with_fideslang() else {
        return;
    };
    let script = r#"
import sys, yaml
from fideslang import models as m
from fideslang.default_taxonomy import DEFAULT_TAXONOMY
kinds = {"organization": m.Organization, "system": m.System, "dataset": m.Dataset, "data_subject": m.DataSubject, "data_category": m.DataCategory}
default = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
bad = 0
def keys(node):
    # Every data category named anywhere in the manifest.
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "data_categories" and isinstance(v, list):
                yield from v
            else:
                yield from keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from keys(v)
for path in sys.argv[1:]:
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    for kind, items in doc.items():
        for item in items:
            try:
                kinds[kind].model_validate(item)
            except Exception as e:
                bad += 1
                print(path, kind, item.get("fides_key"), e)
    # The manifest as a whole, as fideslang's Taxonomy reads it.
    m.Taxonomy.model_validate(doc)
    # Every category is Fides's own or declared here under a known parent,
    # as `fides evaluate` needs to walk its parents.
    declared = {c["fides_key"]: c["parent_key"] for c in doc.get("data_category", [])}
    for key in set(keys(doc)):
        if key not in default and key not in declared:
            bad += 1
            print(path, "undeclared data category", key)
    for key, parent in declared.items():
        if parent not in default:
            bad += 1
            print(path, "custom category", key, "under unknown parent", parent)
sys.exit(1 if bad else 0)
"#;
    let o = Process::new(python)
        .arg("-c")
        .arg(script)
        .args(files.iter().map(|(_, f)| f))
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "fideslang rejects the export:\n{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn taxonomy_mapping_covers_fideslang_default_taxonomy() {
    let Some(python) = python_with_fideslang() else {
        return;
    };
    let script = r#"
from fideslang.default_taxonomy import DEFAULT_TAXONOMY as t
for kind in ("data_category", "data_use", "data_subject"):
    for item in getattr(t, kind):
        print(kind, item.fides_key)
"#;
    let o = Process::new(python).arg("-c").arg(script).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let tax = ropa::interop::taxonomy::get().unwrap();
    let mut missing = Vec::new();
    let mut n = 0;
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let (kind, key) = line.split_once(' ').unwrap();
        let map = match kind {
            "data_category" => &tax.import.data_categories,
            "data_use" => &tax.import.data_uses,
            _ => &tax.import.data_subjects,
        };
        n += 1;
        if !map.contains_key(key) {
            missing.push(format!("{kind} {key}"));
        }
    }
    assert!(n > 100, "fideslang listed {n} keys");
    assert!(
        missing.is_empty(),
        "no entry in rules/fides-taxonomy.yaml for:\n{}",
        missing.join("\n")
    );
}

/// The model as the round trip compares it: per dataset, its purposes
/// (ID, kind, basis, Art. 9 condition), categories, recipients; the flows.
fn model_summary(dir: &Path) -> (Vec<String>, BTreeSet<(String, String)>) {
    let data = ropa::data::RuleData::builtin().unwrap();
    let files = ropa::check::discover(&[dir.to_path_buf()]).unwrap();
    let run = ropa::check::check_files(files, &data);
    let record = ropa::report::record::Record::build(&run, &data);
    let mut datasets: Vec<String> = record
        .datasets
        .iter()
        .map(|d| {
            let mut cats: Vec<String> = d
                .fields
                .iter()
                .filter(|f| f.received_from.is_none())
                .filter_map(|f| f.category.map(str::to_string))
                .collect();
            cats.sort();
            cats.dedup();
            let purposes: Vec<String> = d
                .purposes
                .iter()
                .map(|p| {
                    // The retention each purpose has: its own, else the
                    // dataset's (Fides keeps one per privacy declaration).
                    let kept = p.retention.as_ref().or(d.retention.as_ref());
                    format!(
                        "{}:{}:{}:{kept:?}",
                        p.id,
                        p.basis.as_ref().map_or("", |b| b.value),
                        p.special_basis.as_ref().map_or("", |b| b.value)
                    )
                })
                .collect();
            let mut recipients: Vec<String> = d
                .recipients
                .iter()
                .map(|r| r.named.id.to_string())
                .collect();
            recipients.sort();
            format!(
                "{} purposes={purposes:?} categories={cats:?} recipients={recipients:?}",
                d.named.id
            )
        })
        .collect();
    datasets.sort();
    let flows = record
        .flows
        .iter()
        .filter(|f| f.target_kind == "dataset")
        .map(|f| (f.source.to_string(), f.target.to_string()))
        .collect();
    (datasets, flows)
}

#[test]
fn export_then_import_gives_back_the_seeds() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("seeds.yml");
    ropa()
        .args(["export", "fixtures/seeds", "--format", "fides", "-o"])
        .arg(&manifest)
        .assert()
        .code(0);
    let out = dir.path().join("imported");
    import(&[manifest.to_str().unwrap()], &out);
    let (before_d, before_f) = model_summary(&root().join("fixtures/seeds"));
    let (after_d, after_f) = model_summary(&out);
    assert_eq!(before_d.len(), after_d.len());
    for (b, a) in before_d.iter().zip(&after_d) {
        assert_eq!(b, a);
    }
    assert_eq!(before_f, after_f, "flows between datasets");
    let c = codes(&findings(&out));
    for bad in ["E001", "E004", "F001"] {
        assert!(!c.contains(bad), "{bad} after the round trip");
    }
}

/// What a model says about its parties and data, from `ropa export
/// --format json`: per dataset its controllers, subjects, fields with their
/// categories and recipients; per party its role, countries and transfer
/// mechanism. Nothing is normalised: a trip through Fides must keep it all.
fn stated(dir: &Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let o = ropa()
        .args(["export", "--format", "json"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let sorted = |v: &Value| -> Vec<String> {
        let mut out: Vec<String> = v
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| match x.as_str() {
                        Some(s) => s.to_string(),
                        None => x.to_string(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    };
    let datasets = doc["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let mut fields: Vec<String> = d["fields"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["received_from"].is_null())
                .map(|f| format!("{}:{}", f["name"], f["category"]))
                .collect();
            fields.sort();
            format!(
                "{} controllers={:?} subjects={:?} categories={:?} fields={fields:?} recipients={:?}",
                d["id"],
                sorted(&d["controllers"]),
                sorted(&d["subjects"]),
                sorted(&d["declared_categories"]),
                sorted(&d["recipients"]),
            )
        })
        .collect();
    let parties = doc["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} countries={:?} transfer={}",
                p["id"],
                p["kind"],
                sorted(&p["countries"]),
                p["transfer"]["mechanism"]
            )
        })
        .collect();
    (datasets, parties)
}

/// Every line of `before` that `after` lacks, and the other way round.
fn lost_and_gained(before: &BTreeSet<String>, after: &BTreeSet<String>) -> String {
    let lost: Vec<&String> = before.difference(after).collect();
    let gained: Vec<&String> = after.difference(before).collect();
    format!("lost:\n{lost:#?}\ngained:\n{gained:#?}")
}

#[test]
fn round_trip_keeps_parties_countries_mechanisms_subjects_and_categories() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("seeds.yml");
    ropa()
        .args(["export", "fixtures/seeds", "--format", "fides", "-o"])
        .arg(&manifest)
        .assert()
        .code(0);
    let out = dir.path().join("imported");
    import(&[manifest.to_str().unwrap()], &out);
    let (before_d, before_p) = stated(&root().join("fixtures/seeds"));
    let (after_d, after_p) = stated(&out);
    assert!(
        before_d == after_d,
        "datasets: {}",
        lost_and_gained(&before_d, &after_d)
    );
    assert!(
        before_p == after_p,
        "parties: {}",
        lost_and_gained(&before_p, &after_p)
    );
}

/// The (rule, system, declaration) triples that `fides evaluate` found in
/// violation, from its recorded output: Python's pretty print splits a
/// long string into adjacent literals, which are joined first.
fn fides_violations(recorded: &str) -> BTreeSet<(String, String, String)> {
    let joined = regex::Regex::new(r"'\s*\n\s*'")
        .unwrap()
        .replace_all(recorded, "");
    let re = regex::Regex::new(r"Declaration \((\w+)\) of system \((\w+)\) failed rule \((\w+)\)")
        .unwrap();
    re.captures_iter(&joined)
        .map(|c| (c[3].to_string(), c[2].to_string(), c[1].to_string()))
        .collect()
}

#[test]
fn imported_fides_policy_flags_what_fides_evaluate_flags() {
    let fixture = root().join("fixtures/fides-evaluate");
    // The manifest Fides evaluated is still what ropa exports; else the
    // recording is stale (fixtures/fides-evaluate/fides-evaluate.txt says
    // how to make it again).
    let exported = ropa()
        .args(["export", "--format", "fides"])
        .arg(fixture.join("model"))
        .output()
        .unwrap();
    assert_eq!(exported.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&exported.stdout),
        std::fs::read_to_string(fixture.join("fides/shop.yml")).unwrap(),
        "the export changed: run `fides --local evaluate` again and record it"
    );
    let recorded = std::fs::read_to_string(fixture.join("fides-evaluate.txt")).unwrap();
    assert!(recorded.contains("ethyca-fides 2.78.0"));
    let fides = fides_violations(&recorded);
    assert_eq!(fides.len(), 7, "{fides:#?}");

    // The policy alone, imported, then run by ropa on the model.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    import(&["fixtures/fides-evaluate/fides/policy.yml"], &out);
    let yaml = std::fs::read_to_string(out.join("policies/fides.yaml")).unwrap();
    // `OTHER []` and `NONE []` keep their meaning: anything at all.
    assert!(yaml.contains("categories: { other: [] }"), "{yaml}");
    assert!(yaml.contains("subjects: { other: [] }"), "{yaml}");
    // A parent category is its ropa group(s), not a list of leaves.
    assert!(
        yaml.contains(r#"categories: { any: ["contact"] }"#),
        "{yaml}"
    );
    // ANY with nothing listed is never broken: not imported.
    assert!(yaml.contains("Not imported: with ANY or ALL and nothing to match"));
    let names: Vec<(String, String)> = serde_yaml::from_str::<serde_yaml::Value>(&yaml).unwrap()
        ["policies"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap().to_string(),
                p["name"].as_str().unwrap().replace('-', "_"),
            )
        })
        .collect();
    for f in walkdir::WalkDir::new(fixture.join("model"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ropa"))
    {
        std::fs::copy(f.path(), out.join(f.file_name())).unwrap();
    }
    let o = ropa()
        .args(["check", "--format", "json", "--config"])
        .arg(out.join("ropa.yaml"))
        .arg(&out)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let purpose = regex::Regex::new(r"^(\w+): purpose (\w+) breaks").unwrap();
    let ropa_found: BTreeSet<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| {
            let code = f["code"].as_str()?;
            let rule = &names.iter().find(|(c, _)| c == code)?.1;
            let m = purpose.captures(f["message"].as_str()?)?;
            Some((rule.clone(), m[1].to_string(), m[2].to_string()))
        })
        .collect();
    assert_eq!(ropa_found, fides);
}

#[test]
fn fides_parent_category_imports_as_the_ropa_group() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("parents.yml");
    std::fs::write(
        &manifest,
        r#"system:
  - fides_key: crm
    name: CRM
    privacy_declarations:
      - name: service
        data_use: essential.service
        data_categories: [user.contact, user.financial, user.workplace, user.criminal_history]
        data_subjects: [customer]
policy:
  - fides_key: p
    rules:
      - name: parents
        data_categories: { matches: ANY, values: [user.contact, user.health_and_medical] }
        data_uses: { matches: ANY, values: [essential] }
        data_subjects: { matches: ANY, values: [customer] }
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    import(&[manifest.to_str().unwrap()], &out);
    let crm = std::fs::read_to_string(out.join("crm.ropa")).unwrap();
    // One field per parent, declared as the group: nothing the manifest
    // did not say.
    for group in ["contact", "financial", "professional", "criminal"] {
        assert!(
            crm.contains(&format!(": {group} \"Fides category")),
            "{group}: {crm}"
        );
    }
    assert_eq!(crm.matches("\"Fides category").count(), 4, "{crm}");
    let yaml = std::fs::read_to_string(out.join("policies/fides.yaml")).unwrap();
    // In a matcher, the parent covers every category under it.
    assert!(
        yaml.contains(r#"categories: { any: ["contact", "special.genetic", "special.health"] }"#),
        "{yaml}"
    );
}

#[test]
fn empty_other_and_none_lists_are_anything_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("policy.yml");
    std::fs::write(
        &manifest,
        r#"policy:
  - fides_key: p
    rules:
      - name: other_empty
        data_categories: { matches: OTHER, values: [] }
        data_uses: { matches: OTHER, values: [] }
        data_subjects: { matches: NONE, values: [] }
      - name: all_empty
        data_categories: { matches: ALL, values: [] }
        data_uses: { matches: ANY, values: [marketing] }
        data_subjects: { matches: ANY, values: [customer] }
      - name: none_of_employees
        data_categories: { matches: NONE, values: [user.contact] }
        data_uses: { matches: NONE, values: [marketing] }
        data_subjects: { matches: NONE, values: [employee] }
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    import(&[manifest.to_str().unwrap()], &out);
    let yaml = std::fs::read_to_string(out.join("policies/fides.yaml")).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let list = doc["policies"].as_sequence().unwrap();
    assert_eq!(list.len(), 2, "{yaml}");
    // OTHER [] on categories and NONE [] on subjects: any value at all; a
    // declaration always has a data use, so OTHER [] there is no condition.
    let first = &list[0]["when"];
    assert_eq!(
        first["categories"]["other"].as_sequence().map(Vec::len),
        Some(0)
    );
    assert_eq!(
        first["subjects"]["other"].as_sequence().map(Vec::len),
        Some(0)
    );
    assert!(first["kind"].is_null(), "{yaml}");
    // ALL [] never holds in Fides: not imported, and said so.
    assert!(yaml.contains("`all_empty`"));
    assert!(yaml.contains("Not imported"));
    // NONE with values: categories per field (ropa's other), one data use
    // (none), subjects none of them but at least one.
    let third = &list[1]["when"];
    assert!(third["categories"]["other"].is_sequence(), "{yaml}");
    assert!(third["kind"]["none"].is_sequence(), "{yaml}");
    assert!(third["subjects"]["none"].is_sequence(), "{yaml}");
    assert_eq!(third["has"][0].as_str(), Some("subjects"));
    // The imported policies load: ropa accepts `other: []`.
    std::fs::write(
        out.join("m.ropa"),
        "controller c \"C\" {\n  country SE\n}\ndataset d \"D\" {\n  controller c\n  subjects customer\n  fields {\n    e: contact.email\n  }\n  purpose p {\n    kind marketing\n    basis consent\n  }\n  retention 1 years\n}\n",
    )
    .unwrap();
    let o = ropa()
        .args(["check", "--format", "json", "--config"])
        .arg(out.join("ropa.yaml"))
        .arg(&out)
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = codes(doc["findings"].as_array().unwrap());
    assert!(c.contains("FIDES001"), "{c:?}");
    // Contact data only, and marketing: FIDES002 (none of contact, not
    // marketing) does not hold.
    assert!(!c.contains("FIDES002"), "{c:?}");
}
