//! Findings for people and machines: `human`, `short`, `json`.

pub mod flowgraph;
pub mod human;
pub mod json;
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
    let file = sources.get(span.file);
    Location {
        start: file.line_col(span.start),
        end: file.line_col(span.end),
    }
}

/// The path of a span's file, with `/` separators on every platform.
pub fn path_of(sources: &Sources, span: Span) -> String {
    sources.path(span.file).to_string_lossy().replace('\\', "/")
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
