//! `path:line:col: CODE [severity] message`, one finding a line.

use std::io::Write;

use super::{escape_line, locate};
use crate::finding::Finding;
use crate::source::Sources;

/// Renders findings one a line.
pub fn render(sources: &Sources, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes findings one a line to `out`. Each file's path is made once, not
/// once per finding.
pub fn write(out: &mut dyn Write, sources: &Sources, findings: &[Finding]) -> std::io::Result<()> {
    let mut paths: Vec<Option<String>> = vec![None; sources.len()];
    for f in findings {
        let file = f.primary.span.file;
        let path = match paths.get_mut(file.0 as usize) {
            Some(slot) => slot.get_or_insert_with(|| {
                let p = sources.path(file).to_string_lossy().replace('\\', "/");
                escape_line(&p).into_owned()
            }),
            None => continue,
        };
        let at = locate(sources, f.primary.span).start;
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            path,
            at.line,
            at.column,
            f.rule.code,
            f.severity.as_str(),
            escape_line(&f.message)
        )?;
    }
    Ok(())
}
