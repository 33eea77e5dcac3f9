//! Parsing past errors (issue 26, item 1): a syntax error costs the item
//! it is in, not the file.

use ropa::finding::Finding;

const A: &str = r#"controller acme "Acme AB" { country SE }
controller other "Other AB" { country SE }

dataset good_one "Good" {
  controller acme
  subjects customer
  fields { email: contact.email }
  // ropa: allow T001 "the safeguard is in the contract with broken_party"
  recipients broken_party
  purpose service { basis contract }
  retention 2 years
}

processor broken_party "Broken" { country US dpa }

dataset broken_set "B" {
  controller acme
  // ropa: allow L001 "inside a broken item"
  fields { x: }
  recipients crm
}

processor crm "CRM" { country SE  dpa "DPA-3" }
"#;

const B: &str = r#"dataset no_controller {
  subjects customer
  fields { n: identity.name }
  recipients nowhere
  purpose p { basis contract }
  retention 1 year
}
flow good_one -> broken_set
"#;

fn line_of(f: &Finding, run: &ropa::workspace::Run) -> (String, u32) {
    let src = run.model.sources.get(f.primary.span.file);
    let line = src.line_col(f.primary.span.start).line;
    (src.path.display().to_string(), line)
}

#[test]
fn two_broken_items_cost_themselves_only() {
    let run = crate::common::check_texts(&[("a.ropa", A), ("b.ropa", B)]);
    let found: Vec<(String, String, u32)> = run
        .findings
        .iter()
        .map(|f| {
            let (path, line) = line_of(f, &run);
            (f.rule.code.to_string(), path, line)
        })
        .collect();
    let has = |code: &str, path: &str, line: u32| {
        found
            .iter()
            .any(|(c, p, l)| c == code && p == path && *l == line)
    };
    // One E001 per broken item, where each goes wrong.
    let e001: Vec<_> = found.iter().filter(|(c, ..)| c == "E001").collect();
    assert_eq!(e001.len(), 2, "{found:#?}");
    assert!(has("E001", "a.ropa", 14), "{found:#?}");
    assert!(has("E001", "a.ropa", 19), "{found:#?}");
    // The whole-model rules run, elsewhere in the model.
    assert!(has("F001", "b.ropa", 4), "`nowhere`: {found:#?}");
    assert!(has("A002", "b.ropa", 1), "{found:#?}");
    assert!(has("F004", "a.ropa", 2), "`other` is unused: {found:#?}");
    // The good items' own findings are there.
    assert!(found.iter().any(|(c, ..)| c == "A010"), "{found:#?}");
    // Nothing on or about the broken items: no undefined reference to a
    // name they declare, no transfer, contract or country finding about
    // the broken party, `crm` (named only in a broken item) is not
    // unused, and no suppression is called unused because of them.
    for f in &run.findings {
        if f.rule.code == "E001" {
            continue;
        }
        for id in [&f.dataset, &f.party].into_iter().flatten() {
            assert!(
                id != "broken_set" && id != "broken_party",
                "{}: {}",
                f.rule.code,
                f.message(&crate::common::W)
            );
        }
        let message = f.message(&crate::common::W);
        assert!(
            !message.contains("broken_party") && !message.contains("broken_set"),
            "{}: {message}",
            f.rule.code
        );
        assert!(
            !(f.rule.code == "F004" && message.contains("`crm`")),
            "{message}"
        );
    }
    for code in ["X002", "T001", "P001", "A006", "T003"] {
        assert!(!found.iter().any(|(c, ..)| c == code), "{code}: {found:#?}");
    }
    // The model holds the good items.
    assert_eq!(run.model.datasets.len(), 2);
    assert_eq!(run.model.parties.len(), 3);
    assert!(!run.model.complete);
    assert!(run.model.names_complete);
}

#[test]
fn text_of_no_known_kind_withholds_the_whole_model_rules() {
    let garbled = format!("@@ {{\n{B}");
    let run = crate::common::check_texts(&[("a.ropa", A), ("b.ropa", garbled.as_str())]);
    let codes: Vec<&str> = run.findings.iter().map(|f| f.rule.code).collect();
    assert!(!run.model.names_complete);
    for code in ["F001", "F004", "A002"] {
        assert!(!codes.contains(&code), "{code}: {codes:?}");
    }
}

/// `check` shows the unclosed string where it opens and the block left
/// open at its `{`, each in words, and keeps the items around them.
#[test]
fn unclosed_strings_and_blocks_are_shown_where_they_open() {
    let text = "controller acme \"Acme AB { country SE }\n\
                dataset d {\n  controller acme\n  purpose p { basis contract\n}\n\
                dataset e { subjects customer }\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.ropa"), text).unwrap();
    let out = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "m.ropa"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("m.ropa:1:17: E001 [error] this string is never closed"),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("m.ropa:2:11: E001 [error] the `dataset` block opened here is never closed"),
        "{stdout}"
    );
    // `e` is read: its own findings are reported.
    assert!(stdout.contains("`e`"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("2 items in 1 file do not parse"),
        "{stderr}"
    );
}

/// `fmt` leaves a file with a broken item untouched.
#[test]
fn fmt_leaves_a_file_with_a_broken_item_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.ropa");
    std::fs::write(&path, A).unwrap();
    let out = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .args(["fmt", "a.ropa"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), A);
}
