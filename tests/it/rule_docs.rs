//! The examples in each rule's documentation are run: the `## Example`
//! block must give the rule's code, the `Use instead:` block must not.
//!
//! An example is often a fragment, so it is completed into a model the same
//! way every time (docs/fixtures.md, *Examples in rule documentation*):
//!
//! - lines of the form `// NAME.ropa` start a new file (F002 shows two);
//! - a block that starts with an attribute of a dataset (`purpose`,
//!   `fields`, `retention`, `cookies`, ...) is wrapped in
//!   `dataset example { ... }`;
//! - `...` outside a string stands for what the example leaves out, and
//!   is dropped;
//! - a model that declares no controller gets one, `controller example_org
//!   { country SE }`, so that its datasets have one (language.md: the
//!   model's only controller).
//!
//! E002 (a file that is not UTF-8) cannot be shown as text, and is the only
//! rule whose documentation has no example.

use std::path::PathBuf;

use ropa::check::check_inputs;
use ropa::data::RuleData;

/// Rules whose documentation has no runnable example, with why.
const WITHOUT_EXAMPLE: &[(&str, &str)] = &[("E002", "a file that is not UTF-8")];

/// The first ```ropa block after `marker` in `doc`.
fn block_after<'a>(doc: &'a str, marker: &str) -> Option<&'a str> {
    let rest = &doc[doc.find(marker)? + marker.len()..];
    let start = rest.find("```ropa\n")? + "```ropa\n".len();
    let end = start + rest[start..].find("```")?;
    Some(&rest[start..end])
}

/// `...` outside strings removed.
fn drop_ellipses(text: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && in_string {
            out.push(c);
            if let Some(n) = chars.next() {
                out.push(n);
            }
            continue;
        }
        if c == '"' {
            in_string = !in_string;
        }
        if !in_string && c == '.' && text_starts_with_dots(&mut chars) {
            continue;
        }
        out.push(c);
    }
    out
}

/// After one `.`: whether two more follow (then they are consumed).
fn text_starts_with_dots(chars: &mut std::iter::Peekable<std::str::Chars>) -> bool {
    let mut ahead = chars.clone();
    if ahead.next() == Some('.') && ahead.next() == Some('.') {
        chars.next();
        chars.next();
        true
    } else {
        false
    }
}

/// Whether a block is a fragment of a dataset's body.
fn is_dataset_body(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("//"))
        .unwrap_or("");
    let word = first.split([' ', '{']).next().unwrap_or("");
    !matches!(word, "controller" | "processor" | "dataset" | "flow" | "")
}

/// The example completed into a model: (file name, text) pairs.
fn model_of(example: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = Vec::new();
    for line in example.lines() {
        let trimmed = line.trim();
        if let Some(name) = trimmed
            .strip_prefix("// ")
            .filter(|n| n.ends_with(".ropa") && !n.contains(' '))
        {
            files.push((name.to_string(), String::new()));
            continue;
        }
        if files.is_empty() {
            files.push(("example.ropa".to_string(), String::new()));
        }
        if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    for (_, text) in &mut files {
        let mut t = drop_ellipses(text);
        if is_dataset_body(&t) {
            t = format!("dataset example {{\n{t}}}\n");
        }
        *text = t;
    }
    let declares_controller = files
        .iter()
        .any(|(_, t)| t.lines().any(|l| l.starts_with("controller ")));
    if !declares_controller {
        if let Some((_, text)) = files.first_mut() {
            text.insert_str(0, "controller example_org { country SE }\n");
        }
    }
    files
}

/// The codes a model gives.
fn codes_of(files: &[(String, String)]) -> Vec<String> {
    let data = RuleData::builtin().unwrap();
    let inputs = files
        .iter()
        .map(|(n, t)| (PathBuf::from(n), Ok(t.as_bytes().to_vec())))
        .collect();
    check_inputs(inputs, &data)
        .findings
        .iter()
        .map(|f| f.rule.code.to_string())
        .collect()
}

#[test]
fn every_rules_examples_fail_and_pass_as_documented() {
    let mut problems = Vec::new();
    for rule in ropa::rules::ALL {
        let doc = rule.doc();
        let failing = block_after(doc, "## Example");
        let passing = block_after(doc, "Use instead");
        let (Some(failing), Some(passing)) = (failing, passing) else {
            if !WITHOUT_EXAMPLE.iter().any(|(c, _)| *c == rule.code) {
                problems.push(format!(
                    "{}: no ```ropa block after `## Example` and after `Use instead`",
                    rule.code
                ));
            }
            continue;
        };
        let model = model_of(failing);
        let got = codes_of(&model);
        if !got.iter().any(|c| c == rule.code) {
            problems.push(format!(
                "{}: the example gives {got:?}, not {}; as run:\n{}",
                rule.code,
                rule.code,
                shown(&model)
            ));
        }
        let model = model_of(passing);
        let got = codes_of(&model);
        if got.iter().any(|c| c == rule.code) {
            problems.push(format!(
                "{}: the `Use instead:` example still gives {}; as run:\n{}",
                rule.code,
                rule.code,
                shown(&model)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n\n"));
}

fn shown(files: &[(String, String)]) -> String {
    files
        .iter()
        .map(|(n, t)| format!("// {n}\n{t}"))
        .collect::<Vec<_>>()
        .join("")
}

/// The completion convention itself.
#[test]
fn fragments_are_completed_into_models() {
    let m = model_of("purpose newsletter {\n  basis consent\n}\n");
    assert_eq!(m.len(), 1);
    assert!(m[0].1.starts_with(
        "controller example_org { country SE }\ndataset example {\npurpose newsletter"
    ));
    let m = model_of("controller a { country SE }\ndataset d { controller a  ... }\n");
    assert_eq!(
        m[0].1,
        "controller a { country SE }\ndataset d { controller a   }\n"
    );
    let m = model_of("// a.ropa\ndataset x { }\n// b.ropa\ndataset x { }\n");
    assert_eq!(m.len(), 2);
    assert_eq!(m[1].0, "b.ropa");
    assert_eq!(
        drop_ellipses(r#"withdraw "..."  ..."#),
        r#"withdraw "..."  "#
    );
}
