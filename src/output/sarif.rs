//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! Rule metadata comes from the same doc text as `ropa explain`. Locations
//! are relative to the repository root (the nearest directory above the
//! current one with a `.git`, else the current directory) under the base
//! id `%SRCROOT%`. `partialFingerprints` carry the finding's stable key
//! (code, file, the item it concerns), the same key baselines use.

use rayon::prelude::*;
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
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings);
    String::from_utf8(out).unwrap_or_default()
}

/// How many results are made before they are written.
const BATCH: usize = 4096;

/// Stands in for the results in the log's skeleton; replaced by the
/// results, written one at a time.
const RESULTS: &str = "\u{0}ropa-results\u{0}";

/// Writes the findings as one SARIF log to `out`. The log's skeleton is
/// built as a value, the results are written into it one by one, so that
/// memory does not grow with a value per finding.
pub fn write(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
) -> std::io::Result<()> {
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
    let result = |f: &Finding| -> Value {
        let index = catalog
            .iter()
            .position(|r| r.code == f.rule.code)
            .unwrap_or(0);
        let mut message = f.message.clone();
        if !f.help.is_empty() {
            message.push_str("\nhelp: ");
            message.push_str(&f.help);
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
    };
    let results = if findings.is_empty() {
        json!([])
    } else {
        json!(RESULTS)
    };
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
    let skeleton = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
    let marker = serde_json::to_string(RESULTS).map_err(std::io::Error::other)?;
    let Some((before, after)) = skeleton.split_once(&marker) else {
        out.write_all(skeleton.as_bytes())?;
        return out.write_all(b"\n");
    };
    // The line of the marker tells the indentation of the results.
    let indent = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    let key_indent = before
        .get(before.len() - indent..)
        .map_or(0, |l| l.len() - l.trim_start().len());
    let inner = format!("\n{}", " ".repeat(key_indent + 2));
    out.write_all(before.as_bytes())?;
    out.write_all(b"[")?;
    // Results are made on every core, a batch at a time, and written in
    // order: each is a small document of its own, indented to its place.
    let one = |f: &Finding, text: &mut String| -> std::io::Result<()> {
        let pretty = serde_json::to_string_pretty(&result(f)).map_err(std::io::Error::other)?;
        text.push_str(&inner);
        text.push_str(&pretty.replace('\n', &inner));
        Ok(())
    };
    for (b, batch) in findings.chunks(BATCH).enumerate() {
        let parts: Vec<std::io::Result<String>> = batch
            .par_chunks(BATCH / 16)
            .enumerate()
            .map(|(p, part)| {
                let mut text = String::new();
                for (i, f) in part.iter().enumerate() {
                    if b + p + i > 0 {
                        text.push(',');
                    }
                    one(f, &mut text)?;
                }
                Ok(text)
            })
            .collect();
        for part in parts {
            out.write_all(part?.as_bytes())?;
        }
    }
    out.write_all(b"\n")?;
    out.write_all(" ".repeat(key_indent).as_bytes())?;
    out.write_all(b"]")?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")
}
