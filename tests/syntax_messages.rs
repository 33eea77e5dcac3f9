//! The words of E001: what the grammar expected, in the language's own
//! terms, whatever order the parser happened to try the alternatives in.

mod common;

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
        errors[0].message.clone(),
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
            "expected a dataset attribute (`controller`, `arrangement`, `subjects`, `source`, `fields`, `purpose`, `retention`, `recipients`, `cookies`, `measures`, `dpia`, `scale`) or `}`, found `foo`"
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
