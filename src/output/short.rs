//! `path:line:col: CODE [severity] message`, one finding a line.

use std::io::Write;

use super::escape_line;
use crate::finding::Finding;
use crate::source::Sources;

/// Renders findings one a line.
pub fn render(sources: &Sources, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes findings one a line to `out`. Each file's path is made once, not
/// once per finding. The lines are laid out on every core, a round of
/// findings at a time, and written in order.
pub fn write(out: &mut dyn Write, sources: &Sources, findings: &[Finding]) -> std::io::Result<()> {
    use rayon::prelude::*;
    let paths = super::line_paths(sources);
    for round in findings.chunks(ROUND) {
        let parts: Vec<Vec<u8>> = round
            .par_chunks(ROUND / 16)
            .map(|part| {
                let mut buf = Vec::with_capacity(part.len() * 160);
                for f in part {
                    line(&mut buf, &paths, sources, f);
                }
                buf
            })
            .collect();
        for part in parts {
            out.write_all(&part)?;
        }
    }
    Ok(())
}

/// Appends a finding's line to `buf`.
fn line(buf: &mut Vec<u8>, paths: &[String], sources: &Sources, f: &Finding) {
    let file = f.primary.span.file;
    let Some(path) = paths.get(file.0 as usize) else {
        return;
    };
    let at = sources.get(file).line_col(f.primary.span.start);
    // Writing to a vector cannot fail.
    let _ = writeln!(
        buf,
        "{}:{}:{}: {} [{}] {}",
        path,
        at.line,
        at.column,
        escape_line(f.rule.code),
        f.severity.as_str(),
        escape_line(&f.message)
    );
}

/// How many findings are laid out before they are written: a few MB of
/// text, since the output comes at the peak of memory.
const ROUND: usize = 1 << 14;
