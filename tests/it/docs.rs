//! Generated documentation stays in step with the code.

#[test]
fn docs_rules_md_is_generated_from_the_rule_files() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");
    let expected = ropa::rules::markdown_catalog();
    if std::env::var_os("ROPA_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run ROPA_UPDATE_DOCS=1 cargo test --test it docs::"
    );
}

#[test]
fn every_rule_url_has_an_anchor_in_docs_rules_md() {
    let text = ropa::rules::markdown_catalog();
    for rule in ropa::rules::ALL {
        let url = rule.url();
        let anchor = url.rsplit('#').next().unwrap();
        assert!(url.contains("docs/rules.md#"), "{url}");
        assert!(
            text.contains(&format!("<a id=\"{anchor}\"></a>")),
            "{}",
            rule.code
        );
    }
}

/// The README's rule table, as `ropa rules` would show it.
fn readme_table() -> String {
    let mut out = String::from("| code | name | severity | article |\n|---|---|---|---|\n");
    for r in ropa::rules::ALL {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.article
        ));
    }
    out
}

#[test]
fn readme_rule_table_is_generated_from_the_rule_files() {
    const BEGIN: &str = "<!-- rules table: generated from the rule files by \
        `ROPA_UPDATE_DOCS=1 cargo test --test it docs::`; do not edit by hand -->\n";
    const END: &str = "<!-- end of rules table -->";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let text = std::fs::read_to_string(path).unwrap();
    let start = text
        .find(BEGIN)
        .expect("README.md has no rules-table marker")
        + BEGIN.len();
    let end = start
        + text[start..]
            .find(END)
            .expect("README.md has no end-of-table marker");
    let expected = readme_table();
    if std::env::var_os("ROPA_UPDATE_DOCS").is_some() && text[start..end] != expected {
        let updated = format!("{}{expected}{}", &text[..start], &text[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert!(
        text[start..end] == expected,
        "README.md's rule table is stale: run ROPA_UPDATE_DOCS=1 cargo test --test it docs::"
    );
}

/// Replaces the text between `begin` (a line) and `end` in `text`.
fn splice(text: &str, begin: &str, end: &str, with: &str) -> String {
    let start = text
        .find(begin)
        .unwrap_or_else(|| panic!("no marker `{begin}`"))
        + begin.len();
    let stop = start
        + text[start..]
            .find(end)
            .unwrap_or_else(|| panic!("no marker `{end}`"));
    format!("{}\n{}{}", &text[..start], with, &text[stop..])
}

#[test]
fn docs_language_md_is_generated_from_the_language_table_and_the_vocabulary() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/language.md");
    let actual = std::fs::read_to_string(path).unwrap();
    let attributes = ropa::syntax::language::markdown();
    let vocabulary = ropa::vocabulary::builtin()
        .unwrap()
        .markdown(None, ropa::vocabulary::Lang::En);
    let expected = splice(
        &actual,
        "generated from src/syntax/language.rs by `ROPA_UPDATE_DOCS=1 cargo test --test it docs::`; do not edit by hand -->",
        "<!-- end of attributes -->",
        &attributes,
    );
    let expected = splice(
        &expected,
        "generated from rules/vocabulary.yaml by `ROPA_UPDATE_DOCS=1 cargo test --test it docs::`; do not edit by hand -->",
        "<!-- end of vocabulary -->",
        &vocabulary,
    );
    if std::env::var_os("ROPA_UPDATE_DOCS").is_some() {
        std::fs::write(path, &expected).unwrap();
    }
    assert!(
        actual == expected,
        "docs/language.md is stale: run ROPA_UPDATE_DOCS=1 cargo test --test it docs::"
    );
}

/// `ropa vocabulary` prints the reference's tables.
#[test]
fn ropa_vocabulary_prints_the_reference_tables() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ropa"))
        .args(["vocabulary", "special_basis", "--lang", "sv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "| `employment_law` | Arbetsrätt, social trygghet och socialt skydd | Art. 9(2)(b) |"
        ),
        "{text}"
    );
    assert!(!text.contains("legitimate_interest"), "{text}");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ropa"))
        .args(["vocabulary", "colour"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no vocabulary `colour`"));
}
