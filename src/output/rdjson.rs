//! reviewdog's Diagnostic format (rdjson): one `DiagnosticResult` with the
//! tool as `source` and one diagnostic per finding. Columns count UTF-8
//! bytes from 1, as reviewdog's format defines them (unlike SARIF, which
//! counts characters here).

use serde_json::{json, Value};

use super::path_of;
use crate::finding::{Finding, Severity, Words};
use crate::rules;
use crate::source::{Sources, Span};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// Line and UTF-8 byte column (both 1-based) of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let offset = offset.min(text.len());
    let before = text.as_bytes().get(..offset).unwrap_or_default();
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    json!({ "line": line, "column": offset - line_start + 1 })
}

fn location(sources: &Sources, span: Span) -> Value {
    let text = &sources.get(span.file).text;
    json!({
        "path": path_of(sources, span),
        "range": {
            "start": position(text, span.start as usize),
            "end": position(text, span.end as usize),
        },
    })
}

/// Renders the findings as one rdjson `DiagnosticResult`.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let diagnostics: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut message = f.message(w).into_owned();
            let help = f.help_text(w);
            if !help.is_empty() {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let mut d = json!({
                "message": message,
                "location": location(sources, f.primary.span),
                "severity": severity(f.severity),
                "code": { "value": f.rule.code, "url": f.rule.url() },
            });
            if !f.related.is_empty() {
                d["related_locations"] = f
                    .related
                    .iter()
                    .map(|r| json!({ "message": r.said.get(w.lang), "location": location(sources, r.span) }))
                    .collect();
            }
            d
        })
        .collect();
    let result = json!({
        "source": { "name": "ropa", "url": rules::DOCS_URL },
        "diagnostics": diagnostics,
    });
    let mut out = serde_json::to_string_pretty(&result).unwrap_or_default();
    out.push('\n');
    out
}
