//! Suppression comments: `// ropa: allow CODE[,CODE] "reason"` on the line
//! before an item, attribute or field suppresses those codes for it and for
//! everything nested in it (language.md, "Suppressions").

use crate::finding::Finding;
use crate::model::Model;
use crate::rules::suppressions::{x001_suppression_without_reason, x002_unused_suppression};
use crate::source::Span;
use crate::syntax::lexical::Comment;

/// One `// ropa: allow` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    /// The codes it names.
    pub codes: Vec<String>,
    /// Its reason, when quoted.
    pub reason: Option<String>,
    /// The byte range it covers: the construct on the next code line.
    pub covers: std::ops::Range<u32>,
}

/// Reads the `ropa: allow` part of a comment's text.
fn parse(text: &str) -> Option<(Vec<String>, Option<String>)> {
    let body = text.strip_prefix("//")?.trim_start();
    let rest = body.strip_prefix("ropa:")?.trim_start();
    let rest = rest.strip_prefix("allow")?;
    let (codes, reason) = match rest.find('"') {
        Some(q) => {
            let quoted = &rest[q + 1..];
            let reason = quoted
                .rfind('"')
                .map(|end| quoted[..end].trim().to_string());
            (&rest[..q], reason.filter(|r| !r.is_empty()))
        }
        None => (rest, None),
    };
    let codes = codes
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    Some((codes, reason))
}

/// Every suppression of one file.
fn collect(text: &str, comments: &[Comment]) -> Vec<Suppression> {
    let mut out = Vec::new();
    for c in comments.iter().filter(|c| c.line) {
        let Some((codes, reason)) = text.get(c.span.range()).and_then(parse) else {
            continue;
        };
        let start = next_code(text, c.span.end as usize, comments);
        let end = construct_end(text, start);
        out.push(Suppression {
            span: c.span,
            codes,
            reason,
            covers: start as u32..end as u32,
        });
    }
    out
}

/// The first byte of code after `from`, skipping white space and comments.
fn next_code(text: &str, from: usize, comments: &[Comment]) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match comments.iter().find(|c| c.span.start as usize == i) {
            Some(c) => i = c.span.end as usize,
            None => break,
        }
    }
    i
}

/// The end of the construct starting at `start`: the end of its line, or,
/// when a `{` opens on that line, the matching `}`. A line that ends in a
/// comma continues a list on the next line.
fn construct_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut depth: i64 = 0;
    let mut last = b' ';
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                last = b'"';
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 1);
            }
            b'{' => {
                depth += 1;
                last = b'{';
            }
            b'}' => {
                depth -= 1;
                if depth <= 0 {
                    return (i + 1).min(bytes.len());
                }
                last = b'}';
            }
            b'\n' if depth == 0 && last != b',' => return i,
            c if !c.is_ascii_whitespace() => last = c,
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Drops suppressed findings and adds X001/X002 for the suppressions.
pub fn apply(model: &Model, findings: Vec<Finding>) -> Vec<Finding> {
    let mut suppressions: Vec<Suppression> = Vec::new();
    for (file, source) in model.sources.iter() {
        let comments = model
            .comments
            .get(file.0 as usize)
            .map_or(&[][..], |c| c.as_slice());
        suppressions.extend(collect(&source.text, comments));
    }
    if suppressions.is_empty() {
        return findings;
    }
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let span = f.primary.span;
        let mut suppressed = false;
        for (i, s) in suppressions.iter().enumerate() {
            if f.rule.is_input_failure() {
                // A file that does not parse is never hidden (reported as X002 below).
                break;
            }
            if s.reason.is_none() || s.span.file != span.file || !s.covers.contains(&span.start) {
                continue;
            }
            if let Some(k) = s
                .codes
                .iter()
                .position(|c| c.eq_ignore_ascii_case(f.rule.code) || c == f.rule.name)
            {
                used[i][k] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(f);
        }
    }
    for (i, s) in suppressions.iter().enumerate() {
        if s.reason.is_none() {
            kept.push(x001_suppression_without_reason::finding(
                s.span,
                &s.codes.join(","),
            ));
            continue;
        }
        for (k, code) in s.codes.iter().enumerate() {
            if crate::rules::find(code).is_some_and(|r| r.is_input_failure()) {
                kept.push(x002_unused_suppression::cannot_suppress(s.span, code));
            } else if !used[i][k] {
                kept.push(x002_unused_suppression::finding(s.span, code));
            }
        }
    }
    kept
}
