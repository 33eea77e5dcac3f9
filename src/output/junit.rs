//! JUnit XML: one test suite per file, one test case per finding (a
//! failure when at or above `--fail-on`, else a passing case whose output
//! names the finding), and one passing case for a file without findings.

use std::fmt::Write as _;

use super::{escape_line, locate, path_of};
use crate::finding::{Finding, Severity, Words};
use crate::source::Sources;

/// Escapes text for XML attributes and content, dropping characters XML
/// cannot carry.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders the findings as JUnit XML; `fail_at` is the lowest failing severity.
pub fn render(
    sources: &Sources,
    findings: &[Finding],
    fail_at: Option<Severity>,
    w: &Words,
) -> String {
    let failing = |f: &Finding| fail_at.is_some_and(|t| f.severity >= t);
    let total_failures = findings.iter().filter(|f| failing(f)).count();
    let mut suites = String::new();
    let mut total_tests = 0;
    // Each file's findings, in one pass over them (not one per file).
    let mut by_file: Vec<Vec<&Finding>> = vec![Vec::new(); sources.len()];
    for f in findings {
        if let Some(v) = by_file.get_mut(f.primary.span.file.0 as usize) {
            v.push(f);
        }
    }
    for ((file, _), here) in sources.iter().zip(by_file) {
        let path = xml_escape(&escape_line(
            &sources.path(file).to_string_lossy().replace('\\', "/"),
        ));
        let tests = here.len().max(1);
        total_tests += tests;
        let failures = here.iter().filter(|f| failing(f)).count();
        let _ = writeln!(suites, "  <testsuite name=\"{path}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">");
        if here.is_empty() {
            let _ = writeln!(
                suites,
                "    <testcase name=\"no findings\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        for f in here {
            let at = locate(sources, f.primary.span).start;
            let name = xml_escape(&format!(
                "{} {} at {}:{}",
                f.rule.code, f.rule.name, at.line, at.column
            ));
            let text = xml_escape(&format!(
                "{}:{}:{}: {} [{}] {}\nhelp: {}\n{}",
                escape_line(&path_of(sources, f.primary.span)),
                at.line,
                at.column,
                f.rule.code,
                f.severity.as_str(),
                f.message(w),
                f.help_text(w),
                f.rule.url()
            ));
            let _ = writeln!(
                suites,
                "    <testcase name=\"{name}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">",
                at.line
            );
            if failing(f) {
                let _ = writeln!(
                    suites,
                    "      <failure message=\"{}\" type=\"{}\">{text}</failure>",
                    xml_escape(&f.message(w)),
                    f.severity.as_str()
                );
            } else {
                let _ = writeln!(suites, "      <system-out>{text}</system-out>");
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ropa\" tests=\"{total_tests}\" failures=\"{total_failures}\" errors=\"0\">\n{suites}</testsuites>\n"
    )
}
