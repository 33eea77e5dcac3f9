//! Findings for people and machines: `human`, `short`, `json`.

mod array;
pub mod flowgraph;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod rdjson;
pub mod sarif;
pub mod short;

use crate::finding::{Finding, Severity};
use crate::source::{LineCol, Sources, Span};

/// A span as lines and columns, for every format.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    /// Start.
    pub start: LineCol,
    /// End (exclusive column).
    pub end: LineCol,
}

/// Where a span is, in lines and columns.
pub fn locate(sources: &Sources, span: Span) -> Location {
    let (start, end) = sources.get(span.file).range_line_cols(span.start, span.end);
    Location { start, end }
}

/// The path of a span's file, with `/` separators on every platform.
pub fn path_of(sources: &Sources, span: Span) -> String {
    sources.path(span.file).to_string_lossy().replace('\\', "/")
}

/// Appends `n` in decimal.
pub(crate) fn decimal(buf: &mut Vec<u8>, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[at..]);
}

/// Every file's path with `/` separators, in file order, made once per
/// run rather than once per finding.
pub(crate) fn paths(sources: &Sources) -> Vec<String> {
    sources
        .iter()
        .map(|(file, _)| path_of(sources, Span::new(file, 0, 0)))
        .collect()
}

/// Every file's path as a line-oriented format prints it: `/` separators
/// and control characters escaped ([`escape_line`]), in file order, made
/// once per run rather than once per finding.
pub(crate) fn line_paths(sources: &Sources) -> Vec<String> {
    paths(sources)
        .into_iter()
        .map(|p| escape_line(&p).into_owned())
        .collect()
}

/// Whether any byte of `bytes` can start a control character in UTF-8:
/// the bytes below 0x20, 0x7f, and 0xc2, which begins U+0080 to U+009F. A
/// text without such a byte has no control character, which is cheap to
/// rule out. Every byte is looked at, without stopping at the first: the
/// loop then compiles to vector instructions, several times faster on the
/// short texts of messages, which almost never hold one.
pub(crate) fn may_hold_control(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |seen, &b| {
        seen | (b < 0x20) | (b == 0x7f) | (b == 0xc2)
    })
}

/// Text for a line-oriented format: control characters (a newline in a
/// path, say) written as escapes, so one finding stays on one line.
pub fn escape_line(s: &str) -> std::borrow::Cow<'_, str> {
    if !may_hold_control(s.as_bytes()) || !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// "3 errors, 1 warning in 5 files".
pub fn summary(findings: &[Finding], files: usize) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut parts = Vec::new();
    for (n, one, many) in [
        (count(Severity::Error), "error", "errors"),
        (count(Severity::Warning), "warning", "warnings"),
        (count(Severity::Info), "info", "infos"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let files = format!("{files} file{}", if files == 1 { "" } else { "s" });
    if parts.is_empty() {
        format!("no findings in {files}")
    } else {
        format!("{} in {files}", parts.join(", "))
    }
}

pub use crate::source::{percent_encode, RepoRoot};
