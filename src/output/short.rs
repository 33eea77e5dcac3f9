//! `path:line:col: CODE [severity] message`, one finding a line.

use std::io::Write;

use super::escape_line;
use crate::finding::{Finding, Words};
use crate::source::Sources;

/// Renders findings one a line.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings, w);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes findings one a line to `out`. Each file's path is made once, not
/// once per finding. The lines are laid out on every core, a round of
/// findings at a time, and written in order.
pub fn write(
    out: &mut dyn Write,
    sources: &Sources,
    findings: &[Finding],
    w: &Words,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let paths = super::line_paths(sources);
    for round in findings.chunks(ROUND) {
        let parts: Vec<Vec<u8>> = round
            .par_chunks(ROUND / 16)
            .map(|part| {
                let mut buf = Vec::with_capacity(part.len() * 160);
                for f in part {
                    line(&mut buf, &paths, sources, f, w);
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

/// Appends a finding's line to `buf`, piece by piece: the formatting
/// machinery of `write!` cost more than the text itself, 400 000 times
/// over on a dense model.
fn line(buf: &mut Vec<u8>, paths: &[String], sources: &Sources, f: &Finding, w: &Words) {
    let file = f.primary.span.file;
    let Some(path) = paths.get(file.0 as usize) else {
        return;
    };
    let at = sources.get(file).line_col(f.primary.span.start);
    buf.extend_from_slice(path.as_bytes());
    buf.push(b':');
    super::decimal(buf, at.line);
    buf.push(b':');
    super::decimal(buf, at.column);
    buf.extend_from_slice(b": ");
    buf.extend_from_slice(escape_line(f.rule.code).as_bytes());
    buf.extend_from_slice(b" [");
    buf.extend_from_slice(f.severity.as_str().as_bytes());
    buf.extend_from_slice(b"] ");
    buf.extend_from_slice(escape_line(&f.message(w)).as_bytes());
    buf.push(b'\n');
}

/// How many findings are laid out before they are written: a few MB of
/// text, since the output comes at the peak of memory.
const ROUND: usize = 1 << 14;

#[cfg(test)]
mod tests {
    use crate::output::decimal;

    #[test]
    fn decimal_writes_every_width() {
        for n in [0, 7, 10, 99, 100, 65_535, 1_000_000, u32::MAX] {
            let mut buf = Vec::new();
            decimal(&mut buf, n);
            assert_eq!(buf, n.to_string().into_bytes());
        }
    }
}
