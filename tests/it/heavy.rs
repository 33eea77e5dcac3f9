//! The heavy path: outputs that are made in batches (human, SARIF) or
//! streamed (short, the HTML report), and the sort of findings by keys,
//! checked on a model with more findings than one batch holds.

use std::path::PathBuf;

use ropa::check::{check_inputs, Run};
use ropa::data::RuleData;
use ropa::output::{human, sarif, short};

/// More than one batch (4 096) of findings, spread over three files whose
/// paths are not in the order the files are given.
fn run() -> Run {
    let mut inputs = Vec::new();
    for (name, first) in [("c.ropa", 0), ("a.ropa", 1), ("b.ropa", 2)] {
        let mut text = String::from("controller acme \"Acme\" { country SE }\n");
        let mut i = first;
        while i < 2400 {
            // No retention (R001) and a field that looks like health data
            // without a category (S002): two findings per dataset, on
            // different lines.
            text.push_str(&format!(
                "dataset d{i} {{\n  controller acme\n  subjects customer\n  fields {{\n    health_notes\n    email: contact.email\n  }}\n  purpose p {{ kind service basis contract }}\n}}\n"
            ));
            i += 3;
        }
        inputs.push((PathBuf::from(name), Ok(text.into_bytes())));
    }
    check_inputs(inputs, &RuleData::builtin().expect("built-in rule data"))
}

#[test]
fn findings_are_in_path_line_and_code_order() {
    let run = run();
    assert!(run.findings.len() > 4096, "{}", run.findings.len());
    let sources = &run.model.sources;
    let key = |f: &ropa::finding::Finding| {
        let at = ropa::output::locate(sources, f.primary.span).start;
        (
            sources.path(f.primary.span.file).to_path_buf(),
            at.line,
            at.column,
            f.rule.code,
        )
    };
    for pair in run.findings.windows(2) {
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "{:?} before {:?}",
            key(&pair[0]),
            key(&pair[1])
        );
    }
    let first = sources.path(run.findings[0].primary.span.file);
    assert_eq!(first, std::path::Path::new("a.ropa"));
}

#[test]
fn sarif_holds_every_finding_across_batches() {
    let run = run();
    let text = sarif::render(&run.model.sources, &run.findings, &crate::common::W);
    let log: serde_json::Value = serde_json::from_str(&text).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), run.findings.len());
    for (r, f) in results.iter().zip(&run.findings) {
        assert_eq!(r["ruleId"], f.rule.code);
    }
}

#[test]
fn human_and_short_write_every_finding_in_order() {
    let run = run();
    let sources = &run.model.sources;
    let lines = short::render(sources, &run.findings, &crate::common::W);
    assert_eq!(lines.lines().count(), run.findings.len());
    let text = human::render(sources, &run.findings, false, &crate::common::W);
    // Each report names its code once, as `ropa::CODE` or `CODE`; count the
    // messages instead, which are unique per finding and in order.
    let mut at = 0;
    for f in &run.findings {
        let found = text[at..]
            .find(f.message(&crate::common::W).as_ref())
            .unwrap_or_else(|| panic!("missing or out of order: {}", f.message(&crate::common::W)));
        at += found + f.message(&crate::common::W).len();
    }
}
