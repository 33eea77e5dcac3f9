//! `path:line:col: CODE [severity] message`, one finding a line.

use std::fmt::Write as _;

use super::{escape_line, locate, path_of};
use crate::finding::Finding;
use crate::source::Sources;

/// Renders findings one a line.
pub fn render(sources: &Sources, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let at = locate(sources, f.primary.span).start;
        let _ = writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            escape_line(&path_of(sources, f.primary.span)),
            at.line,
            at.column,
            f.rule.code,
            f.severity.as_str(),
            escape_line(&f.message)
        );
    }
    out
}
