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
