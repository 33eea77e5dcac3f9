//! `ropa diff`, `check --new-since` and `check --staged` on real git
//! repositories made in a temporary directory. They need `git` to set the
//! repositories up: without it they fail.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

pub(crate) fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git is needed to build the test repositories");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.email", "dpo@example.org"]);
    git(dir.path(), &["config", "user.name", "DPO"]);
    git(dir.path(), &["config", "commit.gpgsign", "false"]);
    dir
}

pub(crate) fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

pub(crate) fn ropa(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = ropa(dir, &all);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

const PARTIES: &str = r#"controller acme "Acme AB" { country SE }
processor mail "Mail AB" { country SE  dpa "DPA-1" }
"#;

const DATA: &str = r#"dataset customers "Kunder" {
  subjects customer
  fields { email: contact.email }
  recipients mail
  purpose service { basis contract  retention 1 year }
  purpose old_news { basis contract  retention 1 year }
  measures encryption
}
"#;

const CHANGED: &str = r#"dataset customers "Kunder" {
  subjects customer
  fields { email: contact.email  health: special.health  pnr: identity.national_id }
  recipients us_crm
  purpose service { basis legitimate_interest "LIA-1"  retention 3 years }
  purpose news { kind marketing.email  basis consent  consent { withdraw "link" }  retention 1 year }
  measures encryption
}
"#;

const MORE_PARTIES: &str = r#"processor us_crm "CRM Inc" { country US  dpa "DPA-2"  subprocessors hosting }
processor hosting "Hosting Ltd" { country IN  dpa "DPA-3" }
"#;

/// A dataset with a finding of its own (A010: no measures).
const KEPT: &str = "dataset kept {\n  subjects customer\n  fields { e: contact.email }\n  \
                    purpose p { basis contract }\n  retention 1 year\n}\n";

/// A repository with the model committed, then changed in the work tree.
fn changed() -> tempfile::TempDir {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", DATA);
    commit(dir.path(), "the record");
    write(dir.path(), "data.ropa", CHANGED);
    write(dir.path(), "more.ropa", MORE_PARTIES);
    dir
}

#[test]
fn every_change_kind_is_shown_in_json() {
    let dir = changed();
    let diff = json(dir.path(), &[]);
    assert_eq!(diff["version"], 1);
    assert_eq!(diff["from"]["revision"], "HEAD");
    assert_eq!(diff["to"]["revision"], "working tree");
    let group = &diff["controllers"][0];
    assert_eq!(group["controllers"], serde_json::json!(["acme"]));
    let d = &group["datasets"][0];
    assert_eq!(d["id"], "customers");
    assert_eq!(d["status"], "changed");
    let purposes = d["purposes"].as_array().unwrap();
    let purpose = |id: &str| purposes.iter().find(|p| p["id"] == id).unwrap();
    assert_eq!(purpose("news")["status"], "added");
    assert_eq!(purpose("old_news")["status"], "removed");
    let service = purpose("service")["changes"].as_array().unwrap();
    let change = |what: &str| service.iter().find(|c| c["what"] == what).unwrap();
    assert_eq!(change("basis")["from"], "contract");
    assert_eq!(change("basis")["to"], "legitimate_interest");
    assert_eq!(change("retention")["from"], "1 year");
    assert_eq!(change("retention")["to"], "3 years");
    assert_eq!(change("retention")["longer"], true);
    let added = d["categories_added"].as_array().unwrap();
    let mark = |c: &str| added.iter().find(|x| x["category"] == c).unwrap()["mark"].clone();
    assert_eq!(mark("special.health"), "special");
    assert_eq!(mark("identity.national_id"), "national_id");
    assert_eq!(d["recipients_added"], serde_json::json!(["us_crm"]));
    assert_eq!(d["recipients_removed"], serde_json::json!(["mail"]));
    let destinations = d["new_destinations"].as_array().unwrap();
    assert_eq!(destinations.len(), 2, "{destinations:#?}");
    assert_eq!(destinations[0]["party"], "us_crm");
    assert_eq!(destinations[1]["party"], "hosting");
    assert_eq!(destinations[1]["via"], serde_json::json!(["us_crm"]));
    assert!(destinations[1].get("mechanism").is_none());
    let parties = diff["parties"].as_array().unwrap();
    assert!(parties
        .iter()
        .any(|p| p["id"] == "us_crm" && p["status"] == "added"));
    // Findings introduced: the transfers, the special data; resolved: none.
    let codes = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    let introduced = codes(&diff["introduced"]);
    for code in ["T001", "T003", "S001"] {
        assert!(introduced.contains(&code.to_string()), "{introduced:?}");
    }
    assert!(codes(&diff["resolved"]).is_empty());
}

#[test]
fn human_and_markdown_show_the_same_change() {
    let dir = changed();
    let (code, human, _) = ropa(dir.path(), &["diff"]);
    assert_eq!(code, Some(0));
    for line in [
        "controller acme",
        "~ dataset customers",
        "~ purpose service: basis contract → legitimate_interest; retention 1 year → 3 years (longer)",
        "+ purpose news",
        "- purpose old_news",
        "+ category special.health (field health) [special category, Art. 9]",
        "+ recipient us_crm",
        "- recipient mail",
        "+ transfer to hosting (IN) via us_crm: no transfer mechanism recorded",
        "+ processor us_crm",
    ] {
        assert!(human.contains(line), "{line}\n{human}");
    }
    let (code, markdown, _) = ropa(dir.path(), &["diff", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert!(markdown.starts_with("### ropa: changes to the record of processing"));
    assert!(
        markdown.contains("| New third-country destinations | 2 |"),
        "{markdown}"
    );
    assert!(markdown.contains("<details><summary>controller acme — 1 dataset</summary>"));
    assert!(
        markdown.contains("- dataset **customers** changed"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "  - added: transfer to hosting (IN) via us\\_crm: no transfer mechanism recorded"
        ),
        "{markdown}"
    );
    // Names stay code spans.
    assert!(markdown.contains("`us_crm`"), "{markdown}");
}

#[test]
fn fail_on_counts_only_what_the_change_introduces() {
    let dir = changed();
    let (code, ..) = ropa(dir.path(), &["diff"]);
    assert_eq!(code, Some(0), "diff reports; CI chooses to fail");
    let (code, ..) = ropa(dir.path(), &["diff", "--fail-on", "error"]);
    assert_eq!(code, Some(1));
    // Committed: nothing new.
    commit(dir.path(), "the change");
    let (code, stdout, _) = ropa(dir.path(), &["diff", "--fail-on", "info"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("no change to the record"), "{stdout}");
}

#[test]
fn moving_a_dataset_to_another_file_changes_nothing() {
    let dir = repo();
    write(
        dir.path(),
        "parties.ropa",
        &format!("{PARTIES}{MORE_PARTIES}"),
    );
    write(dir.path(), "data.ropa", CHANGED);
    commit(dir.path(), "the record");
    std::fs::remove_file(dir.path().join("data.ropa")).unwrap();
    write(
        dir.path(),
        "sub/moved.ropa",
        &format!("// moved here\n\n{CHANGED}"),
    );
    let diff = json(dir.path(), &[]);
    assert_eq!(diff["controllers"], serde_json::json!([]), "{diff:#}");
    assert_eq!(diff["introduced"], serde_json::json!([]), "{diff:#}");
    assert_eq!(diff["resolved"], serde_json::json!([]), "{diff:#}");
}

#[test]
fn ranges_compare_two_revisions() {
    let dir = changed();
    commit(dir.path(), "the change");
    let diff = json(dir.path(), &["HEAD~1..HEAD"]);
    assert_eq!(diff["from"]["revision"], "HEAD~1");
    assert_eq!(diff["to"]["revision"], "HEAD");
    assert_eq!(diff["controllers"][0]["datasets"][0]["id"], "customers");
    // A branch: `main...topic` compares the merge base with the branch.
    git(dir.path(), &["checkout", "-q", "-b", "topic"]);
    write(
        dir.path(),
        "extra.ropa",
        "dataset extra { subjects customer }\n",
    );
    commit(dir.path(), "extra");
    git(dir.path(), &["checkout", "-q", "main"]);
    write(
        dir.path(),
        "main_only.ropa",
        "dataset main_only { subjects customer }\n",
    );
    commit(dir.path(), "main only");
    let diff = json(dir.path(), &["main...topic"]);
    let ids: Vec<&str> = diff["controllers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["datasets"].as_array().unwrap())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["extra"], "the branch's own change only: {diff:#}");
}

#[test]
fn a_lone_argument_is_a_path_unless_it_names_a_revision() {
    let dir = changed();
    write(
        dir.path(),
        "elsewhere/other.ropa",
        "dataset other { subjects customer }\n",
    );
    // `elsewhere` is no revision: a path, so `customers` is out of view.
    let diff = json(dir.path(), &["elsewhere"]);
    let ids: Vec<&str> = diff["controllers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["datasets"].as_array().unwrap())
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["other"]);
    // A revision, then a path after `--`.
    let diff = json(dir.path(), &["HEAD", "--", "data.ropa"]);
    assert_eq!(diff["controllers"][0]["datasets"][0]["id"], "customers");
}

#[test]
fn outside_a_work_tree_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.ropa", DATA);
    let (code, _, stderr) = ropa(dir.path(), &["diff"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is not inside a git work tree"), "{stderr}");
    let (code, _, stderr) = ropa(dir.path(), &["check", "--new-since", "HEAD"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is not inside a git work tree"), "{stderr}");
}

#[test]
fn an_unborn_head_is_an_empty_model() {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", DATA);
    write(dir.path(), "kept.ropa", KEPT);
    let diff = json(dir.path(), &[]);
    assert_eq!(diff["controllers"][0]["datasets"][0]["status"], "added");
    assert_eq!(diff["parties"].as_array().unwrap().len(), 2);
    assert!(!diff["introduced"].as_array().unwrap().is_empty());
}

#[test]
fn a_broken_working_tree_is_incomplete_and_fails() {
    let dir = changed();
    write(
        dir.path(),
        "broken.ropa",
        "dataset broken { fields { x: } }\n",
    );
    let (code, stdout, _) = ropa(dir.path(), &["diff", "--format", "json"]);
    assert_eq!(code, Some(1));
    let diff: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(diff["to"]["incomplete"], true);
    assert!(diff["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["code"] == "E001"));
}

#[test]
fn new_since_reports_only_what_the_revision_lacks() {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", DATA);
    write(dir.path(), "kept.ropa", KEPT);
    commit(dir.path(), "the record");
    write(dir.path(), "data.ropa", CHANGED);
    write(dir.path(), "more.ropa", MORE_PARTIES);
    let (_, all, _) = ropa(dir.path(), &["check", "--format", "short"]);
    let (code, new, _) = ropa(
        dir.path(),
        &["check", "--format", "short", "--new-since", "HEAD"],
    );
    assert_eq!(code, Some(1));
    assert!(new.contains("T001"), "{new}");
    // A finding the committed model already had is not new, even with
    // the file it is in moved.
    assert!(all.contains("kept.ropa:1:9: A010"), "{all}");
    assert!(!new.contains("A010"), "{new}");
    std::fs::rename(
        dir.path().join("kept.ropa"),
        dir.path().join("renamed.ropa"),
    )
    .unwrap();
    let (_, moved, _) = ropa(
        dir.path(),
        &["check", "--format", "short", "--new-since", "HEAD"],
    );
    assert_eq!(moved, new);
    commit(dir.path(), "the change");
    let (code, new, _) = ropa(
        dir.path(),
        &["check", "--format", "short", "--new-since", "HEAD"],
    );
    assert_eq!(code, Some(0), "{new}");
    assert!(new.trim().is_empty() || !new.contains("[error]"), "{new}");
}

#[test]
fn staged_sees_the_index_not_the_work_tree() {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", DATA);
    commit(dir.path(), "the record");
    // A party deleted and staged while another file still names it.
    write(
        dir.path(),
        "parties.ropa",
        "controller acme \"Acme AB\" { country SE }\n",
    );
    git(dir.path(), &["add", "parties.ropa"]);
    // An unstaged fix in the work tree plays no part.
    write(dir.path(), "parties.ropa", PARTIES);
    let (code, stdout, _) = ropa(
        dir.path(),
        &[
            "check",
            "--staged",
            "--new-since",
            "HEAD",
            "--format",
            "short",
        ],
    );
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("F001"), "{stdout}");
    let diff = json(dir.path(), &["--staged"]);
    assert_eq!(diff["to"]["revision"], "index");
    assert!(diff["parties"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["id"] == "mail" && p["status"] == "removed"));
}

/// `ropa report` names the date and the model's revision, and says when a
/// model file differs from it.
#[test]
fn the_report_is_dated_and_names_its_revision() {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", DATA);
    commit(dir.path(), "the record");
    let head = String::from_utf8(
        Command::new("git")
            .current_dir(dir.path())
            .args(["rev-parse", "--short", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();
    let report = |args: &[&str], env: &[(&str, &str)]| -> (Option<i32>, String) {
        let mut cmd = assert_cmd::Command::cargo_bin("ropa").unwrap();
        cmd.current_dir(dir.path())
            .args(["report", "-o", "r.md"])
            .args(args)
            .env_remove("SOURCE_DATE_EPOCH");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let text = std::fs::read_to_string(dir.path().join("r.md")).unwrap_or_default();
        (out.status.code(), text)
    };
    let (code, text) = report(&["--date", "2026-03-31"], &[]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains(&format!("made on 2026-03-31 · commit {head}_")),
        "{}",
        &text[..400.min(text.len())]
    );
    // Reproducible builds' convention, when no --date.
    let (_, text) = report(&[], &[("SOURCE_DATE_EPOCH", "951782400")]);
    assert!(
        text.contains("made on 2000-02-29 · commit"),
        "{}",
        &text[..400]
    );
    // A model file changed: said.
    write(dir.path(), "data.ropa", &DATA.replace("1 year", "2 years"));
    let (_, text) = report(&["--date", "2026-03-31", "--lang", "sv"], &[]);
    assert!(
        text.contains(&format!(
            "upprättad 2026-03-31 · version {head} med ändringar som inte är incheckade"
        )),
        "{}",
        &text[..400]
    );
    let (_, text) = report(&["--date", "2026-03-31", "--no-revision"], &[]);
    assert!(text.contains("made on 2026-03-31_"), "{}", &text[..400]);
    assert!(!text.contains("commit"), "{}", &text[..400]);
    let (code, _) = report(&["--date", "31/03/2026"], &[]);
    assert_eq!(code, Some(2));
}

#[test]
fn the_csv_delimiter_can_be_chosen() {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", DATA);
    let csv = |args: &[&str]| -> String {
        let (code, _, stderr) = ropa(dir.path(), &[&["report", "-o", "r.csv"], args].concat());
        assert_eq!(code, Some(0), "{stderr}");
        std::fs::read_to_string(dir.path().join("r.csv")).unwrap()
    };
    let first = |text: &str| text.lines().next().unwrap_or("").to_string();
    assert!(first(&csv(&["--lang", "sv"])).contains(';'));
    assert!(!first(&csv(&["--lang", "sv", "--csv-delimiter", ","])).contains(';'));
    assert!(first(&csv(&["--csv-delimiter", "tab"])).contains('\t'));
    assert!(first(&csv(&["--csv-delimiter", "|"])).contains('|'));
    for bad in ["ab", "\"", "x"] {
        let (code, ..) = ropa(
            dir.path(),
            &["report", "-o", "r.csv", "--csv-delimiter", bad],
        );
        assert_eq!(code, Some(2), "{bad}");
    }
}
