//! GitHub Actions workflow commands: one `::error`, `::warning` or
//! `::notice` line per finding, which GitHub shows as an annotation on the
//! pull request's diff.

use std::fmt::Write as _;

use super::{escape_line, locate, path_of};
use crate::finding::{Finding, Severity, Words};
use crate::source::Sources;

/// Escapes a message (`%`, CR, LF).
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (also `:` and `,`).
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Renders one workflow command per finding.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let mut out = String::new();
    for f in findings {
        let l = locate(sources, f.primary.span);
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = escape_line(&f.message(w)).into_owned();
        let help = f.help_text(w);
        if !help.is_empty() {
            message.push_str(&format!("\nhelp: {}", escape_line(&help)));
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&escape_line(&path_of(sources, f.primary.span))),
            l.start.line,
            l.start.column,
            l.end.line,
            l.end.column,
            property(f.rule.code),
            data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
