//! The language table (`src/syntax/language.rs`) against the grammar, the
//! policy keys and both readers: a keyword added to one and not the others
//! fails here. The language server's completion is held to the grammar in
//! `lsp.rs` (`completion_offers_the_grammars_keywords`).

use std::collections::BTreeSet;

use ropa::policy::yaml::{attributes, On};
use ropa::source::FileId;
use ropa::syntax::language::{self, BlockKind, BLOCKS};

use crate::common::{grammar_all_keywords, grammar_keywords};

/// The grammar's choice rule of each block.
const CHOICES: &[(BlockKind, &str)] = &[
    (BlockKind::Top, "item"),
    (BlockKind::Party, "party_attr"),
    (BlockKind::Dataset, "dataset_attr"),
    (BlockKind::Purpose, "purpose_attr"),
    (BlockKind::Consent, "consent_attr"),
    (BlockKind::Flow, "flow_attr"),
];

fn table(kind: BlockKind) -> BTreeSet<String> {
    language::attributes(kind, false)
        .map(|a| a.keyword.to_string())
        .collect()
}

#[test]
fn the_table_has_every_block_of_the_grammar_with_its_keywords() {
    assert_eq!(BLOCKS.len(), CHOICES.len());
    for (kind, choice) in CHOICES {
        assert_eq!(
            table(*kind),
            grammar_keywords(choice),
            "{kind:?}: the table and `{choice}` in grammar/ropa.pest differ"
        );
    }
}

#[test]
fn every_keyword_of_the_grammar_has_its_words_in_error_messages() {
    for kw in grammar_all_keywords() {
        assert_eq!(
            language::keyword(&kw),
            Some(kw.as_str()),
            "`kw_{kw}` is in the grammar but not in the language table"
        );
    }
    // and no word of the table is unknown to the grammar
    let grammar = grammar_all_keywords();
    for b in BLOCKS {
        for a in b.attributes {
            for w in std::iter::once(&a.keyword).chain(a.words) {
                assert!(
                    grammar.contains(*w),
                    "`{w}` is not a keyword of the grammar"
                );
            }
        }
    }
}

#[test]
fn the_policy_keys_are_the_grammars_attributes() {
    let keys = |on| {
        attributes(on)
            .into_iter()
            .map(String::from)
            .collect::<BTreeSet<_>>()
    };
    let with = |mut set: BTreeSet<String>, extra: &[&str]| {
        set.extend(extra.iter().map(|s| s.to_string()));
        set
    };
    let dataset = with(grammar_keywords("dataset_attr"), &["name"]);
    assert_eq!(keys(On::Dataset), dataset);
    let purpose = with(grammar_keywords("purpose_attr"), &["description"]);
    assert_eq!(
        keys(On::Purpose),
        with(
            purpose,
            &dataset.iter().map(String::as_str).collect::<Vec<_>>()
        )
    );
    let party = with(grammar_keywords("party_attr"), &["name"]);
    assert_eq!(keys(On::Party), party);
    assert_eq!(keys(On::Recipient), party);
    assert_eq!(keys(On::Flow), grammar_keywords("flow_attr"));
}

/// Each block's examples, wrapped into a model: the block with every
/// attribute the table gives an example of.
fn model_of_examples() -> String {
    let lines = |kind: BlockKind| -> String {
        language::attributes(kind, false)
            .map(|a| format!("    {}", a.example))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut text = String::new();
    for a in language::attributes(BlockKind::Top, false) {
        text.push_str(a.example);
        text.push('\n');
    }
    text.push_str(&format!(
        "controller full \"Full\" {{\n{}\n}}\nprocessor cloud {{ country SE }}\n",
        lines(BlockKind::Party)
    ));
    text.push_str(&format!(
        "dataset everything \"Everything\" {{\n{}\n    purpose full \"Full\" {{\n{}\n    }}\n}}\n",
        lines(BlockKind::Dataset),
        lines(BlockKind::Purpose)
    ));
    text.push_str(&format!(
        "dataset archive {{ controller acme purpose notify {{ basis contract }} }}\nflow everything -> archive {{\n{}\n}}\n",
        lines(BlockKind::Flow)
    ));
    text
}

#[test]
fn every_example_parses_and_both_readers_read_it_alike() {
    let text = model_of_examples();
    let pest = ropa::syntax::parse_with_pest(FileId(1), &text);
    assert!(pest.problems.is_empty(), "{:?}\n{text}", pest.problems);
    let direct = ropa::syntax::direct::read(FileId(1), &text)
        .unwrap_or_else(|| panic!("the fast reader declined the examples:\n{text}"));
    assert_eq!(Some(direct), pest.file, "{text}");
    // The consent block's examples, in a purpose of their own.
    let consent: Vec<&str> = language::attributes(BlockKind::Consent, false)
        .map(|a| a.example)
        .collect();
    let text = format!(
        "dataset d {{ purpose p {{ consent {{ {} }} }} }}\n",
        consent.join(" ")
    );
    let pest = ropa::syntax::parse_with_pest(FileId(1), &text);
    assert!(pest.problems.is_empty(), "{:?}\n{text}", pest.problems);
    let direct = ropa::syntax::direct::read(FileId(1), &text).unwrap();
    assert_eq!(Some(direct), pest.file);
}

/// A policy that names every attribute of its item with `has` fires on the
/// item that has them all: the evaluator knows every attribute the keys
/// accept.
#[test]
fn a_policy_can_test_every_attribute() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("all.ropa"), model_of_examples()).unwrap();
    let mut policies = String::from("policies:\n");
    let cases = [
        ("dataset", On::Dataset, "everything"),
        ("purpose", On::Purpose, "everything"),
        ("party", On::Party, "full"),
        ("flow", On::Flow, "everything"),
    ];
    for (i, (on, kind, _)) in cases.iter().enumerate() {
        let has: Vec<&str> = attributes(*kind).into_iter().collect();
        policies.push_str(&format!(
            "  - code: ALL00{i}\n    name: has-all-{on}\n    severity: info\n    on: {on}\n    when:\n      has: [{}]\n    message: \"all\"\n",
            has.join(", ")
        ));
    }
    std::fs::write(dir.path().join("p.yaml"), policies).unwrap();
    let config = dir.path().join("ropa.yaml");
    std::fs::write(&config, "policies: [\"p.yaml\"]\n").unwrap();
    let loaded = ropa::check::load(&[dir.path().join("all.ropa")], Some(&config)).unwrap();
    let fired: BTreeSet<&str> = loaded
        .run
        .findings
        .iter()
        .filter(|f| !f.rule.is_builtin())
        .map(|f| f.rule.code)
        .collect();
    for (i, (on, _, item)) in cases.iter().enumerate() {
        assert!(
            fired.contains(format!("ALL00{i}").as_str()),
            "a policy on {on} with every attribute in `has` did not fire on `{item}`"
        );
    }
}
