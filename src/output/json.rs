//! The JSON format (schema in `docs/json-output.md`).

use serde::Serialize;

use super::{locate, path_of};
use crate::finding::{Finding, Severity};
use crate::source::{Sources, Span};

/// The version of the JSON schema; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: Lazy<'a>,
}

/// The findings, turned into JSON one at a time as they are written, so
/// that no second copy of 600 000 findings is held in memory.
struct Lazy<'a> {
    sources: &'a Sources,
    findings: &'a [Finding],
}

impl Serialize for Lazy<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let sources = self.sources;
        serializer.collect_seq(self.findings.iter().map(|f| JsonFinding {
            code: f.rule.code,
            name: f.rule.name,
            severity: f.severity,
            message: &f.message,
            help: &f.help,
            article: f.rule.article,
            url: f.rule.url(),
            location: location(sources, f.primary.span),
            dataset: f.dataset.as_deref(),
            party: f.party.as_deref(),
            related: Related {
                sources,
                labels: &f.related,
            },
        }))
    }
}

/// A finding's related labels, written lazily like the findings.
struct Related<'a> {
    sources: &'a Sources,
    labels: &'a [crate::finding::Label],
}

impl Serialize for Related<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.labels.iter().map(|r| JsonRelated {
            message: &r.text,
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
    message: &'a str,
    help: &'a str,
    article: &'static str,
    url: String,
    #[serde(flatten)]
    location: JsonLocation,
    dataset: Option<&'a str>,
    party: Option<&'a str>,
    related: Related<'a>,
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
pub fn render(sources: &Sources, findings: &[Finding]) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings as one JSON document to `out`, finding by finding.
pub fn write(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
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
        findings: Lazy { sources, findings },
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::other)?;
    out.write_all(b"\n")
}
