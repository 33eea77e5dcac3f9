//! Helpers shared by the test binaries: check in-memory files, and read
//! findings as (code, line).

use std::path::PathBuf;

use ropa::check::{check_inputs, Run};
use ropa::data::RuleData;
use ropa::source::Span;

/// `check` on files given as (name, bytes), with the built-in rule data.
pub fn check_bytes(files: &[(&str, &[u8])]) -> Run {
    let data = RuleData::builtin().unwrap();
    let inputs = files
        .iter()
        .map(|(name, bytes)| (PathBuf::from(name), Ok(bytes.to_vec())))
        .collect();
    check_inputs(inputs, &data)
}

/// `check` on files given as (name, text).
pub fn check_texts(files: &[(&str, &str)]) -> Run {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    check_bytes(&files)
}

/// The 1-based line a span starts on.
pub fn line(run: &Run, span: Span) -> u32 {
    ropa::output::locate(&run.model.sources, span).start.line
}

/// Every finding as (code, line of its primary span).
pub fn codes(run: &Run) -> Vec<(String, u32)> {
    run.findings
        .iter()
        .map(|f| (f.rule.code.to_string(), line(run, f.primary.span)))
        .collect()
}

/// How `check` words findings: the developer register, in English.
pub const W: ropa::finding::Words<'static> =
    ropa::finding::Words::developer(ropa::finding::Lang::En);

/// Developer register, Swedish.
pub const W_SV: ropa::finding::Words<'static> =
    ropa::finding::Words::developer(ropa::finding::Lang::Sv);

/// The report's register, Swedish: vocabulary, units and countries in words.
pub fn legal_sv() -> ropa::finding::Words<'static> {
    ropa::report::legal_words(ropa::finding::Lang::Sv)
}

/// The keywords `grammar/ropa.pest` accepts at the start of each
/// alternative of the choice rule `choice` (`item`, `party_attr`,
/// `purpose_attr`, ...): read from the grammar's text, so that a test can
/// hold the table, the completion and the policy keys to it.
pub fn grammar_keywords(choice: &str) -> std::collections::BTreeSet<String> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/ropa.pest"),
    )
    .unwrap();
    let rules = grammar_rules(&text);
    let body = &rules[choice];
    let inner = body.trim().trim_start_matches(['_', '@', '$', '!']);
    let inner = inner.trim_start_matches('{').trim_end_matches('}');
    let mut out = std::collections::BTreeSet::new();
    let kw = regex::Regex::new(r"\bkw_(\w+)").unwrap();
    for alternative in inner.split('|') {
        let alternative = alternative.trim();
        let head = rules[alternative].split('~').next().unwrap();
        let found: Vec<String> = kw.captures_iter(head).map(|c| c[1].to_string()).collect();
        assert!(!found.is_empty(), "`{alternative}` starts with no keyword");
        out.extend(found);
    }
    out
}

/// Every `kw_` rule of the grammar, as the word it matches.
pub fn grammar_all_keywords() -> std::collections::BTreeSet<String> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/ropa.pest"),
    )
    .unwrap();
    grammar_rules(&text)
        .keys()
        .filter_map(|k| k.strip_prefix("kw_").map(str::to_string))
        .collect()
}

/// The grammar's rules: name → body (comments removed).
fn grammar_rules(text: &str) -> std::collections::BTreeMap<String, String> {
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let head = regex::Regex::new(r"(?m)^(\w+)\s*=").unwrap();
    let starts: Vec<(usize, usize, String)> = head
        .captures_iter(&code)
        .map(|c| {
            let m = c.get(0).unwrap();
            (m.start(), m.end(), c[1].to_string())
        })
        .collect();
    let mut out = std::collections::BTreeMap::new();
    for (i, (_, body_start, name)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(code.len(), |n| n.0);
        out.insert(name.clone(), code[*body_start..end].trim().to_string());
    }
    out
}
