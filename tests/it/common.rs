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
