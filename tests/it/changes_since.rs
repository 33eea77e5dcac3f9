//! `ropa report --changes-since REV` on real git repositories made in a
//! temporary directory: a model committed, then changed in the work tree
//! (a US recipient, a basis switched, a longer retention, a special
//! category, a finding introduced and one resolved), and the section read
//! in each format and language.

use std::path::Path;
use std::process::Command;

use super::diff::{git, repo, ropa, write};

const PARTIES: &str = r#"controller acme "Acme AB" { country SE }
controller beta "Beta AB" { country SE }
processor mail "Mail AB" { country SE  dpa "DPA-1" }
"#;

const BEFORE: &str = r#"dataset customers "Kunder" {
  controller acme
  subjects customer
  fields { email: contact.email }
  recipients mail
  purpose service { basis contract  retention 1 year }
  measures encryption
}

dataset staff "Personal" {
  controller acme
  subjects employee
  fields { email: contact.email }
  purpose payroll { basis contract }
  retention 2 years
}

dataset leads {
  controller beta
  subjects customer
  fields { email: contact.email }
  purpose sales { basis contract  retention 1 year }
  measures encryption
}
"#;

/// `customers`: a US recipient, the basis switched, a longer retention, a
/// health field; `staff` gains its measures (A010 resolved); `leads`, of
/// the other controller, keeps its data for longer.
const AFTER: &str = r#"dataset customers "Kunder" {
  controller acme
  subjects customer
  fields { email: contact.email  health: special.health }
  recipients mail, us_crm
  purpose service { basis legitimate_interest "LIA-1"  retention 36 months after last_activity }
  measures encryption
}

dataset staff "Personal" {
  controller acme
  subjects employee
  fields { email: contact.email }
  purpose payroll { basis contract }
  retention 2 years
  measures access_control
}

dataset leads {
  controller beta
  subjects customer
  fields { email: contact.email }
  purpose sales { basis contract  retention 2 years }
  measures encryption
}
"#;

const US: &str = r#"processor us_crm "CRM Inc" { country US  dpa "DPA-2" }
"#;

/// A commit with fixed dates, so that the revision's date is known.
fn commit_dated(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    let out = Command::new("git")
        .current_dir(dir)
        .args(["commit", "-q", "-m", message])
        .env("GIT_AUTHOR_DATE", "2025-10-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2025-10-01T12:00:00Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository with the model committed, then changed in the work tree.
fn changed() -> tempfile::TempDir {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", BEFORE);
    commit_dated(dir.path(), "the record signed off");
    write(dir.path(), "data.ropa", AFTER);
    write(dir.path(), "us.ropa", US);
    dir
}

/// Writes the report with `args` to `file`; its text.
fn report(dir: &Path, file: &str, args: &[&str]) -> String {
    let mut all = vec!["report", "--date", "2026-01-01", "-o", file];
    all.extend_from_slice(args);
    let (code, _, stderr) = ropa(dir, &all);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// The Markdown section "2." up to the next section.
fn section(md: &str) -> &str {
    let start = md.find("## 2. ").expect("a section 2");
    let end = md[start..].find("## 3. ").map_or(md.len(), |i| start + i);
    &md[start..end]
}

#[test]
fn the_swedish_markdown_section_words_every_change() {
    let dir = changed();
    let md = report(
        dir.path(),
        "out.md",
        &["--changes-since", "HEAD", "--lang", "sv", "--no-revision"],
    );
    let s = section(&md);
    insta::assert_snapshot!("swedish_markdown_section", s);
    for line in [
        "## 2. Ändringar sedan HEAD (2025-10-01)\n",
        "### Personuppgiftsansvarig: Acme AB (`acme`)\n",
        "- **Datamängden Kunder (`customers`) har ändrats**\n",
        "  - Ändamålet `service`: rättslig grund var Avtal (artikel 6.1 b), är nu Berättigat \
         intresse (artikel 6.1 f); lagringstid var 1 år, är nu 36 månader efter last\\_activity \
         (längre än tidigare)\n",
        "  - Ny kategori av personuppgifter: Uppgifter om hälsa (fält `health`), känslig \
         personuppgift (artikel 9)\n",
        "  - Ny mottagare: CRM Inc (`us_crm`)\n",
        "  - Ny överföring till tredjeland: CRM Inc (`us_crm`), USA: ingen \
         överföringsmekanism registrerad\n",
        "- Nytt personuppgiftsbiträde CRM Inc (`us_crm`): land: USA; \
         personuppgiftsbiträdesavtal: DPA-2\n",
        "### Personuppgiftsansvarig: Beta AB (`beta`)\n",
        "  - Ändamålet `sales`: lagringstid var 1 år, är nu 2 år (längre än tidigare)\n",
    ] {
        assert!(s.contains(line), "missing {line:?} in\n{s}");
    }
    // The findings: in Swedish, for legal readers.
    let introduced = s.find("### Nya iakttagelser").expect("findings introduced");
    let resolved = s
        .find("### Iakttagelser som har upphört (1)")
        .expect("one finding resolved");
    assert!(introduced < resolved);
    assert!(
        s[introduced..resolved].contains("Fel `T001`: `customers`: registerförteckningen anger")
    );
    assert!(s[introduced..resolved].contains("Fel `S001`: `customers`:"));
    assert!(s[resolved..].contains("`A010`: `staff`: "), "{s}");
    // No vocabulary code, no English unit, no English label.
    for word in [
        "legitimate_interest",
        "contract",
        "special.health",
        "months",
        "year",
        "days",
        "Changes",
        "Dataset",
    ] {
        assert!(!s.contains(word), "{word:?} in the Swedish section:\n{s}");
    }
    // The user's own event name stays as written.
    assert!(s.contains("last\\_activity"));
    // The sections after it move down by one.
    assert!(md.contains("## 3. Registerförteckning"));
    assert!(md.contains("## 5. "));
    // No --no-revision: the commit compared with is named.
    let md = report(
        dir.path(),
        "out.md",
        &["--changes-since", "HEAD", "--lang", "sv"],
    );
    assert!(
        section(&md).contains("Jämfört med version "),
        "{}",
        section(&md)
    );
}

#[test]
fn the_english_section_has_the_same_changes() {
    let dir = changed();
    let md = report(
        dir.path(),
        "out.md",
        &["--changes-since", "HEAD", "--no-revision"],
    );
    let s = section(&md);
    for line in [
        "## 2. Changes since HEAD (2025-10-01)\n",
        "- **Dataset Kunder (`customers`) changed**\n",
        "  - Purpose `service`: legal basis was Contract (Art. 6(1)(b)), is now Legitimate \
         interests (Art. 6(1)(f)); retention period was 1 year, is now 36 months after \
         last\\_activity (longer than before)\n",
        "  - New transfer to a third country: CRM Inc (`us_crm`), the United States: no \
         mechanism recorded\n",
        "### Findings introduced (",
        "### Findings resolved (1)\n",
    ] {
        assert!(s.contains(line), "missing {line:?} in\n{s}");
    }
    assert!(!s.contains("legitimate_interest"), "{s}");
    // Without the option, no section and the numbers as before.
    let md = report(dir.path(), "plain.md", &[]);
    assert!(!md.contains("Changes since"));
    assert!(md.contains("## 2. Record of processing activities"));
}

#[test]
fn the_html_section_is_second_and_escaped() {
    let dir = changed();
    let html = report(
        dir.path(),
        "out.html",
        &["--changes-since", "HEAD", "--lang", "sv", "--no-revision"],
    );
    let start = html
        .find("<section class=\"part\" id=\"changes\">")
        .unwrap();
    let end = start + html[start..].find("</section>").unwrap();
    let s = &html[start..end];
    assert!(s.contains("<h2><span class=\"num\">2</span>Ändringar sedan HEAD (2025-10-01)</h2>"));
    assert!(s.contains(
        "<li>Ändamålet <code>service</code>: rättslig grund var Avtal (artikel 6.1 b), är nu \
         Berättigat intresse (artikel 6.1 f); lagringstid var 1 år, är nu 36 månader efter \
         last_activity (längre än tidigare)</li>"
    ));
    assert!(s.contains("<li>Ny överföring till tredjeland: CRM Inc (<code>us_crm</code>), USA: ingen överföringsmekanism registrerad</li>"));
    assert!(s.contains("<code>T001</code>: <code>customers</code>: registerförteckningen anger"));
    for word in ["legitimate_interest", "special.health", "months", "year"] {
        assert!(!s.contains(word), "{word:?} in\n{s}");
    }
    // In the contents, between the summary and the record.
    let toc = &html[html.find("<nav class=\"toc\">").unwrap()..];
    let toc = &toc[..toc.find("</nav>").unwrap()];
    let (summary, changes, record) = (
        toc.find("#summary").unwrap(),
        toc.find("#changes").unwrap(),
        toc.find("#record").unwrap(),
    );
    assert!(summary < changes && changes < record, "{toc}");
    assert!(html.contains("<span class=\"num\">3</span>Registerförteckning"));
    // The section comes before the record.
    assert!(start < html.find("id=\"record\"").unwrap());
}

#[test]
fn the_json_report_carries_the_diff_document() {
    let dir = changed();
    let text = report(
        dir.path(),
        "out.json",
        &["--changes-since", "HEAD", "--lang", "sv"],
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let c = &doc["changes"];
    assert_eq!(c["version"], 1);
    assert_eq!(c["from"]["revision"], "HEAD");
    assert_eq!(c["from"]["date"], "2025-10-01");
    assert!(c["from"]["commit"].is_string());
    assert_eq!(c["to"]["revision"], "working tree");
    let d = &c["controllers"][0]["datasets"][0];
    assert_eq!(d["id"], "customers");
    let change = &d["purposes"][0]["changes"];
    assert_eq!(change[0]["what"], "basis");
    assert_eq!(change[0]["from"], "contract");
    assert_eq!(change[0]["to"], "legitimate_interest");
    assert_eq!(change[1]["to"], "36 months after last_activity");
    assert_eq!(change[1]["longer"], true);
    assert_eq!(
        d["new_destinations"][0]["countries"],
        serde_json::json!(["US"])
    );
    let codes = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(codes(&c["introduced"]).contains(&"T001".to_string()));
    assert_eq!(codes(&c["resolved"]), ["A010"]);
    // --no-revision leaves the commit out here too.
    let text = report(
        dir.path(),
        "out.json",
        &["--changes-since", "HEAD", "--no-revision"],
    );
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(doc["changes"]["from"].get("commit").is_none());
    // Without the option there is no `changes`.
    let text = report(dir.path(), "plain.json", &[]);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(doc.get("changes").is_none());
}

#[test]
fn one_controllers_report_shows_only_its_changes() {
    let dir = changed();
    let md = report(
        dir.path(),
        "beta.md",
        &[
            "--changes-since",
            "HEAD",
            "--controller",
            "beta",
            "--no-revision",
        ],
    );
    let s = section(&md);
    assert!(s.contains("### Controller: Beta AB (`beta`)"), "{s}");
    assert!(s.contains("Purpose `sales`: retention period was 1 year, is now 2 years"));
    for other in [
        "customers",
        "staff",
        "us_crm",
        "Findings introduced",
        "Findings resolved",
    ] {
        assert!(!s.contains(other), "{other:?} in beta's section:\n{s}");
    }
    let md = report(
        dir.path(),
        "acme.md",
        &[
            "--changes-since",
            "HEAD",
            "--controller",
            "acme",
            "--no-revision",
        ],
    );
    let s = section(&md);
    assert!(s.contains("`customers`") && s.contains("`us_crm`"), "{s}");
    assert!(!s.contains("`leads`") && !s.contains("Beta AB"), "{s}");
    assert!(s.contains("### Findings resolved (1)"), "{s}");
}

#[test]
fn an_unchanged_model_says_so() {
    let dir = repo();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", BEFORE);
    commit_dated(dir.path(), "the record");
    let md = report(
        dir.path(),
        "out.md",
        &["--changes-since", "HEAD", "--no-revision"],
    );
    assert_eq!(
        section(&md),
        "## 2. Changes since HEAD (2025-10-01)\n\nWhat the record states now that it did not \
         state at that revision, and what it no longer states: datasets, purposes and parties \
         added, removed or changed, and the findings introduced and resolved.\n\nNo change to \
         the record, and no finding introduced or resolved.\n\n"
    );
}

#[test]
fn outside_a_work_tree_or_for_an_unknown_revision_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "parties.ropa", PARTIES);
    write(dir.path(), "data.ropa", BEFORE);
    let run = |dir: &Path, rev: &str| {
        ropa(
            dir,
            &[
                "report",
                "-o",
                "out.md",
                "--changes-since",
                rev,
                "--date",
                "2026-01-01",
            ],
        )
    };
    let (code, _, stderr) = run(dir.path(), "HEAD");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("is not inside a git work tree"), "{stderr}");
    assert!(!dir.path().join("out.md").exists());
    let dir = changed();
    let (code, _, stderr) = run(dir.path(), "no-such-tag");
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`no-such-tag` does not name a commit"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), "HEAD..HEAD");
    assert_eq!(code, Some(2));
    assert!(stderr.contains("give one revision"), "{stderr}");
    assert!(!dir.path().join("out.md").exists());
}
