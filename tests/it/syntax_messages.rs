//! The words of E001: what the grammar expected, in the language's own
//! terms, whatever order the parser happened to try the alternatives in.

use crate::common;

/// The single E001 message for `text`, with its line.
fn message(text: &str) -> (u32, String) {
    let run = common::check_texts(&[("t.ropa", text)]);
    let errors: Vec<_> = run
        .findings
        .iter()
        .filter(|f| f.rule.code == "E001")
        .collect();
    assert_eq!(errors.len(), 1, "{text:?}: {:?}", run.findings);
    (
        common::line(&run, errors[0].primary.span),
        errors[0].message(&crate::common::W).into_owned(),
    )
}

#[test]
fn misspelt_item_keyword_names_every_item() {
    assert_eq!(
        message("datasett x {}\n"),
        (
            1,
            "expected an item (`controller`, `processor`, `dataset`, `flow`), found `datasett`"
                .to_string()
        )
    );
}

#[test]
fn text_after_an_item_names_items_and_the_end_of_the_file() {
    assert_eq!(
        message("dataset x {}\nfoo\n"),
        (
            2,
            "expected an item (`controller`, `processor`, `dataset`, `flow`) or the end of the file, found `foo`"
                .to_string()
        )
    );
}

#[test]
fn unknown_dataset_attribute_lists_them_in_the_language_order() {
    assert_eq!(
        message("dataset x {\n  foo bar\n}\n"),
        (
            2,
            "expected a dataset attribute (`controller`, `arrangement`, `subjects`, `source`, `fields`, `purpose`, `retention`, `recipients`, `cookies`, `measures`, `dpia`, `scale`, `anonymous`, `owner`, `reviewed`) or `}`, found `foo`"
                .to_string()
        )
    );
}

#[test]
fn unknown_flow_attribute() {
    assert_eq!(
        message("flow a -> b {\n  foo\n}\n"),
        (
            2,
            "expected a flow attribute (`fields`, `purpose`, `anonymised`, `pseudonymised`, `when`) or `}`, found `foo`"
                .to_string()
        )
    );
}

#[test]
fn missing_time_unit() {
    assert_eq!(
        message("dataset x {\n  retention 3 foo\n}\n"),
        (
            2,
            "expected a time unit (`days`, `weeks`, `months` or `years`), found `foo`".to_string()
        )
    );
}

#[test]
fn missing_legal_basis() {
    assert_eq!(
        message("dataset x {\n  purpose p {\n    basis\n  }\n}\n"),
        (
            4,
            "expected a legal basis such as `consent` or `public_task`, found `}`".to_string()
        )
    );
}

#[test]
fn unknown_purpose_attribute_names_a_purpose_attribute() {
    // `retention` opens both a dataset and a purpose attribute: the
    // message still says which block it is in.
    let (line, text) = message("dataset x {\n  purpose p {\n    foo\n  }\n}\n");
    assert_eq!(line, 3);
    assert!(text.starts_with("expected a purpose attribute ("), "{text}");
    assert!(
        text.contains("`retention`") && text.contains("`soft_opt_in`"),
        "{text}"
    );
}

#[test]
fn unknown_party_attribute_names_law() {
    let (line, text) = message("controller c {\n  foo\n}\n");
    assert_eq!(line, 2);
    assert!(text.starts_with("expected a party attribute ("), "{text}");
    assert!(text.contains("`law`"), "{text}");
}

#[test]
fn law_needs_a_string() {
    let (line, text) = message("controller c {\n  law lag\n}\n");
    assert_eq!(line, 2);
    assert!(text.contains("a string in double quotes"), "{text}");
}

#[test]
fn version_2_attributes_given_twice_are_e003() {
    let text = "controller c {\n  country SE\n  law \"a\"\n  law \"b\"\n}\n\
                dataset d {\n  anonymous\n  anonymous\n  purpose p {\n    retention 1 year\n    retention 2 years\n    soft_opt_in \"x\"\n    soft_opt_in \"y\"\n  }\n}\n";
    let run = common::check_texts(&[("t.ropa", text)]);
    let mut e003: Vec<(u32, String)> = run
        .findings
        .iter()
        .filter(|f| f.rule.code == "E003")
        .map(|f| {
            (
                common::line(&run, f.primary.span),
                f.message(&crate::common::W).into_owned(),
            )
        })
        .collect();
    e003.sort();
    let lines: Vec<u32> = e003.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, vec![4, 8, 11, 13], "{e003:?}");
    for (_, m) in &e003 {
        assert!(
            ["law", "anonymous", "retention", "soft_opt_in"]
                .iter()
                .any(|k| m.contains(&format!("`{k}`"))),
            "{m}"
        );
    }
}
