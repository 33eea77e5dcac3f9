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
    /// The byte range it covers: the node of the syntax tree whose first
    /// token follows the comment (empty when no node starts there).
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

/// Every suppression of one file, with what it covers as the parse
/// recorded it (`syntax::lexical::Comment::covers`; in an item that does
/// not parse they cover nothing, and the model drops them).
fn collect(text: &str, comments: &[Comment]) -> Vec<Suppression> {
    let mut out = Vec::new();
    for c in comments.iter().filter(|c| c.line) {
        let Some((codes, reason)) = text.get(c.span.range()).and_then(parse) else {
            continue;
        };
        let covers = c.covers.clone().unwrap_or(c.span.end..c.span.end);
        out.push(Suppression {
            span: c.span,
            codes,
            reason,
            covers,
        });
    }
    out
}

/// Whether what a suppression covers names an item that does not parse:
/// the finding it suppresses may be one withheld for that item, so the
/// suppression is not called unused.
fn names_broken(model: &Model, s: &Suppression) -> bool {
    if model.broken_names.is_empty() {
        return false;
    }
    let text = &model.sources.get(s.span.file).text;
    let covered = text
        .get(s.covers.start as usize..s.covers.end as usize)
        .unwrap_or("");
    covered
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|w| model.broken_names.contains(w))
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
    // Coverage ranges are nodes of a tree, so two of them are nested or
    // apart. Sorted by file and start (outer first), each suppression's
    // parent is the nearest one around it; the suppressions around a
    // finding are then the last one starting at or before it and its
    // ancestors: a walk as long as the nesting is deep, not a scan.
    suppressions.sort_by(|a, b| {
        (a.span.file, a.covers.start, std::cmp::Reverse(a.covers.end)).cmp(&(
            b.span.file,
            b.covers.start,
            std::cmp::Reverse(b.covers.end),
        ))
    });
    let mut parent: Vec<Option<usize>> = vec![None; suppressions.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, s) in suppressions.iter().enumerate() {
        while let Some(&top) = stack.last() {
            let t = &suppressions[top];
            if t.span.file == s.span.file && s.covers.end <= t.covers.end {
                break;
            }
            stack.pop();
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        // A file that does not parse is never hidden (X002 below says so).
        if f.rule.is_input_failure() {
            kept.push(f);
            continue;
        }
        let span = f.primary.span;
        let after = suppressions
            .partition_point(|s| (s.span.file, s.covers.start) <= (span.file, span.start));
        let mut next = after.checked_sub(1);
        let mut suppressed = false;
        while let Some(i) = next {
            let s = &suppressions[i];
            if s.span.file != span.file {
                break;
            }
            next = parent[i];
            if s.reason.is_none() || !s.covers.contains(&span.start) {
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
            kept.push(x001_suppression_without_reason::finding(s.span, &s.codes));
            continue;
        }
        for (k, code) in s.codes.iter().enumerate() {
            if crate::rules::find(code).is_some_and(|r| r.is_input_failure()) {
                kept.push(x002_unused_suppression::cannot_suppress(s.span, code));
            } else if !used[i][k] && !names_broken(model, s) {
                kept.push(x002_unused_suppression::finding(s.span, code));
            }
        }
    }
    kept
}
