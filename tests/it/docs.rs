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
