//! The JSON format (schema in `docs/json-output.md`).

use std::borrow::Cow;

use serde::Serialize;

use super::{locate, path_of};
use crate::finding::{Finding, Severity, Words};
use crate::source::{Sources, Span};

/// The version of the JSON schema; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The document around the findings, which are printed one at a time
/// into the place of `findings` (`super::array`), so that no second copy
/// of 400 000 findings is held in memory.
#[derive(Serialize)]
struct Document {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: &'static str,
}

/// One finding as JSON.
fn json_finding<'a>(sources: &'a Sources, f: &'a Finding, w: &Words) -> JsonFinding<'a> {
    JsonFinding {
        code: f.rule.code,
        name: f.rule.name,
        severity: f.severity,
        message: f.message(w),
        help: f.help_text(w),
        article: f.rule.article,
        url: f.rule.url(),
        location: location(sources, f.primary.span),
        dataset: f.dataset.as_deref(),
        party: f.party.as_deref(),
        related: Related {
            sources,
            labels: &f.related,
            lang: w.lang,
        },
        facts: serde_json::value::RawValue::from_string(f.facts()).ok(),
    }
}

/// A finding's related labels, written lazily like the findings.
struct Related<'a> {
    sources: &'a Sources,
    labels: &'a [crate::finding::Label],
    lang: crate::finding::Lang,
}

impl Serialize for Related<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.labels.iter().map(|r| JsonRelated {
            message: r.said.get(self.lang),
            location: location(self.sources, r.span),
        }))
    }
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    message: Cow<'a, str>,
    help: Cow<'a, str>,
    article: &'static str,
    url: String,
    #[serde(flatten)]
    location: JsonLocation,
    dataset: Option<&'a str>,
    party: Option<&'a str>,
    related: Related<'a>,
    /// The finding's facts (IDs, values, countries), as data.
    facts: Option<Box<serde_json::value::RawValue>>,
}

#[derive(Serialize)]
struct JsonLocation {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    #[serde(flatten)]
    location: JsonLocation,
}

fn location(sources: &Sources, span: Span) -> JsonLocation {
    let l = locate(sources, span);
    JsonLocation {
        file: path_of(sources, span),
        line: l.start.line,
        column: l.start.column,
        end_line: l.end.line,
        end_column: l.end.column,
    }
}

/// Renders the findings as one JSON document.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings, w);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings as one JSON document to `out`, a batch of findings
/// at a time.
pub fn write(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
    w: &Words,
) -> std::io::Result<()> {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "ropa",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: sources.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        },
        findings: super::array::MARKER,
    };
    super::array::write(out, &doc, findings, |f, buf| {
        serde_json::to_writer_pretty(buf, &json_finding(sources, f, w))
    })
}
