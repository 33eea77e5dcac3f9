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
        buf.extend_from_slice(path.as_bytes());
        buf.push(b':');
        push_number(&mut buf, at.line);
        buf.push(b':');
        push_number(&mut buf, at.column);
        buf.extend_from_slice(b": ");
        buf.extend_from_slice(escape_line(f.rule.code).as_bytes());
        buf.extend_from_slice(b" [");
        buf.extend_from_slice(f.severity.as_str().as_bytes());
        buf.extend_from_slice(b"] ");
        buf.extend_from_slice(escape_line(&f.message).as_bytes());
        buf.push(b'\n');
        if buf.len() >= BLOCK {
            out.write_all(&buf)?;
            buf.clear();
        }
    }
    out.write_all(&buf)
}

/// How much text is gathered before it is written.
const BLOCK: usize = 1 << 16;

/// Appends a number in decimal.
fn push_number(buf: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    buf.extend_from_slice(&digits[i..]);
}
