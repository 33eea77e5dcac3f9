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
/// once per finding, and lines are gathered in a buffer that is handed to
/// `out` a block at a time.
pub fn write(out: &mut dyn Write, sources: &Sources, findings: &[Finding]) -> std::io::Result<()> {
    let mut paths: Vec<Option<String>> = vec![None; sources.len()];
    let mut buf: Vec<u8> = Vec::with_capacity(BLOCK + 4096);
    for f in findings {
        let file = f.primary.span.file;
        let path = match paths.get_mut(file.0 as usize) {
            Some(slot) => slot.get_or_insert_with(|| {
                let p = sources.path(file).to_string_lossy().replace('\\', "/");
                escape_line(&p).into_owned()
            }),
            None => continue,
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
        if buf.len() >= BLOCK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// How much text is gathered before it is written.
const BLOCK: usize = 1 << 16;
