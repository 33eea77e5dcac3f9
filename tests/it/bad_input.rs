//! Hostile input: no panic, no hang, one clear diagnostic.

use crate::common;

/// The findings for one file, as (code, line).
fn codes(text: &[u8]) -> Vec<(String, u32)> {
    common::codes(&common::check_bytes(&[("t.ropa", text)]))
}

#[test]
fn deeply_nested_braces_are_one_syntax_error() {
    let mut text = b"dataset x ".to_vec();
    text.extend(std::iter::repeat_n(b'{', 200_000));
    text.extend(std::iter::repeat_n(b'}', 200_000));
    assert_eq!(codes(&text), vec![("E001".to_string(), 1)]);
}

#[test]
fn binary_file_is_e002() {
    let text: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let found = codes(&text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "E002");
}

#[test]
fn huge_string_is_fine() {
    let mut text = b"controller c { country SE  contact \"".to_vec();
    text.extend(std::iter::repeat_n(b'a', 20 * 1024 * 1024));
    text.extend(b"\" }\n");
    assert_eq!(codes(&text), vec![("F004".to_string(), 1)]);
}

#[test]
fn half_a_million_element_list_is_fine() {
    let mut text = String::from("controller c { country SE }\ndataset d {\n  subjects ");
    let subjects: Vec<String> = (0..500_000).map(|i| format!("s{i}")).collect();
    text.push_str(&subjects.join(", "));
    text.push_str("\n  fields { a: identity.name }\n  purpose service { basis contract }\n  retention 1 year\n  measures encryption\n}\n");
    // Every one of them is an unknown subject (A011), each reported once.
    let found = codes(text.as_bytes());
    assert_eq!(found.len(), 500_000);
    assert!(found
        .iter()
        .all(|(code, line)| code == "A011" && *line == 3));
}

#[test]
fn number_beyond_u32_is_a_diagnostic() {
    let text = b"controller c { country SE }\ndataset d {\n  retention 99999999999 days\n}\n";
    assert_eq!(codes(text), vec![("E001".to_string(), 3)]);
}

#[test]
fn unterminated_string_and_comment_point_at_their_start() {
    assert_eq!(
        codes(b"controller c {\n  dpo \"x\n}\n"),
        vec![("E001".to_string(), 2)]
    );
    assert_eq!(
        codes(b"controller c { }\n/* never closed\n"),
        vec![("E001".to_string(), 2)]
    );
}

#[test]
fn invalid_unicode_escape_is_a_diagnostic() {
    let text = b"controller c { country SE  contact \"\\u{D800}\" }\n";
    assert_eq!(codes(text), vec![("E001".to_string(), 1)]);
}

#[test]
fn empty_file_is_a_valid_empty_model() {
    assert_eq!(codes(b""), Vec::<(String, u32)>::new());
}

#[test]
fn suppression_covers_a_list_continued_on_the_next_line() {
    let text = b"controller c { country SE }\nprocessor us { country US  dpa \"D\" }\nprocessor se { country SE  dpa \"D\" }\ndataset d {\n  subjects customer\n  fields { a: identity.name }\n  purpose service { basis contract }\n  retention 1 year\n  measures encryption\n  // ropa: allow T001 \"DPF checked 2026-01\"\n  recipients se,\n    us\n}\n";
    assert_eq!(codes(text), Vec::<(String, u32)>::new());
}
