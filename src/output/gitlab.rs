//! GitLab Code Quality JSON: an array of issues, each with a `description`,
//! a `check_name`, a `fingerprint`, a `severity` and a `location` (path and
//! first line). GitLab shows them in the merge request's Code Quality widget
//! and compares them across pipelines by fingerprint.
//!
//! The fingerprint hashes what the finding is, not where it is: the rule's
//! code, the file's path, the dataset or party it concerns, the text it
//! points at, and the message. Inserting a line above a finding moves it
//! but keeps its fingerprint, so GitLab does not report it as new. Two
//! findings with the same identity get an occurrence number so that every
//! fingerprint in one report is unique, as GitLab requires.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{locate, RepoRoot};
use crate::finding::{Finding, Severity, Words};
use crate::source::Sources;

/// GitLab's severity for a ropa severity (as ESLint's GitLab formatter does:
/// errors are `major`, warnings `minor`).
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// FNV-1a, 64 bits, as hex: a stable hash that needs no crate.
fn fnv(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Renders the findings as one Code Quality report.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let files = RepoRoot::find().file_paths(sources);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Value> = findings
        .iter()
        .map(|f| {
            let identity = format!(
                "{}|{:016x}",
                crate::baseline::key(sources, &files, f),
                f.fingerprint()
            );
            let n = seen.entry(identity.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 {
                fnv(&identity)
            } else {
                fnv(&format!("{identity}|{n}"))
            };
            let path = files
                .get(f.primary.span.file.0 as usize)
                .map_or("", String::as_str);
            let l = locate(sources, f.primary.span);
            let mut description = format!("{} {}", f.rule.code, f.message(w));
            let help = f.help_text(w);
            if !help.is_empty() {
                description.push_str(&format!(" (help: {help})"));
            }
            json!({
                "type": "issue",
                "description": description,
                "check_name": f.rule.code,
                "categories": ["Compliance"],
                "fingerprint": fingerprint,
                "severity": severity(f.severity),
                "location": {
                    "path": path,
                    "lines": { "begin": l.start.line, "end": l.end.line },
                },
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
