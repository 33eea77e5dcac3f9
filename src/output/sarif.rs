//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! Rule metadata comes from the same doc text as `ropa explain`. Locations
//! are relative to the repository root (the nearest directory above the
//! current one with a `.git`, else the current directory) under the base
//! id `%SRCROOT%`. `partialFingerprints` carry the finding's stable key
//! (code, file, the item it concerns), the same key baselines use.

use serde_json::{json, Value};

use super::{locate, Location};
use crate::finding::Rule;
use crate::finding::{Finding, Severity};
use crate::rules;
use crate::source::{Sources, Span};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first paragraph of a rule's "What it does" section.
fn what_it_does(rule: &Rule) -> String {
    let doc = rule.doc();
    let body = doc.split("## What it does").nth(1).unwrap_or(doc);
    let para = body.trim_start().split("\n\n").next().unwrap_or("");
    para.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn rule_descriptor(rule: &Rule) -> Value {
    if let crate::finding::Origin::Policy { file } = rule.origin {
        return json!({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": { "text": rule.summary },
            "fullDescription": { "text": rule.doc().trim() },
            "help": { "text": rule.doc(), "markdown": rule.doc() },
            "defaultConfiguration": { "level": level(rule.severity) },
            "properties": { "tags": ["gdpr", "privacy", "organisation-policy"], "article": rule.article, "policyFile": file },
        });
    }
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": what_it_does(rule) },
        "help": { "text": rule.doc(), "markdown": rule.doc() },
        "helpUri": rule.url(),
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": ["gdpr", "privacy"], "article": rule.article },
    })
}

fn region(l: Location) -> Value {
    json!({
        "startLine": l.start.line,
        "startColumn": l.start.column,
        "endLine": l.end.line,
        "endColumn": l.end.column,
    })
}

fn location(sources: &Sources, uris: &[String], span: Span) -> Value {
    let uri = uris.get(span.file.0 as usize).map_or("", String::as_str);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
            "region": region(locate(sources, span)),
        }
    })
}

/// Renders the findings as one SARIF log.
pub fn render(sources: &Sources, findings: &[Finding]) -> String {
    let root = super::RepoRoot::find();
    let files = root.file_paths(sources);
    let uris: Vec<String> = files.iter().map(|f| super::percent_encode(f)).collect();
    // The built-in catalog, then each organisation policy that has a finding.
    let mut catalog: Vec<&Rule> = rules::ALL.to_vec();
    for f in findings {
        if !f.rule.is_builtin() && !catalog.iter().any(|r| r.code == f.rule.code) {
            catalog.push(f.rule);
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = catalog.iter().position(|r| r.code == f.rule.code).unwrap_or(0);
            let mut message = f.message.clone();
            if !f.help.is_empty() {
                message.push_str(&format!("\nhelp: {}", f.help));
            }
            let related: Vec<Value> = f
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let mut loc = location(sources, &uris, r.span);
                    loc["id"] = json!(i + 1);
                    loc["message"] = json!({ "text": r.text });
                    loc
                })
                .collect();
            let mut result = json!({
                "ruleId": f.rule.code,
                "ruleIndex": index,
                "level": level(f.severity),
                "message": { "text": message },
                "locations": [location(sources, &uris, f.primary.span)],
                "partialFingerprints": { "ropaFindingKey/v1": crate::baseline::fingerprint(sources, &files, f) },
            });
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "ropa",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": rules::DOCS_URL,
                "rules": catalog.iter().map(|r| rule_descriptor(r)).collect::<Vec<_>>(),
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "uri": root.uri() } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}
