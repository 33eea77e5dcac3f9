//! SARIF 2.1.0, as GitHub code scanning reads it.
//!
//! Rule metadata comes from the same doc text as `ropa explain`. Locations
//! are relative to the repository root (the nearest directory above the
//! current one with a `.git`, else the current directory) under the base
//! id `%SRCROOT%`. `partialFingerprints` carry the finding's stable key
//! (code, file, the item it concerns), the same key baselines use.

use serde::Serialize;
use serde_json::{json, Value};

use super::locate;
use crate::finding::Rule;
use crate::finding::{Finding, Severity, Words};
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

fn physical<'a>(sources: &Sources, uris: &'a [String], span: Span) -> Physical<'a> {
    let l = locate(sources, span);
    Physical {
        artifact_location: Artifact {
            uri: uris.get(span.file.0 as usize).map_or("", String::as_str),
            uri_base_id: "%SRCROOT%",
        },
        region: Region {
            end_column: l.end.column,
            end_line: l.end.line,
            start_column: l.start.column,
            start_line: l.start.line,
        },
    }
}

/// One finding as a SARIF result.
fn sarif_result<'a>(
    sources: &Sources,
    uris: &'a [String],
    files: &[String],
    f: &'a Finding,
    rule_index: usize,
    w: &Words,
) -> SarifResult<'a> {
    let help = f.help_text(w);
    let message = if help.is_empty() {
        f.message(w)
    } else {
        std::borrow::Cow::Owned(format!("{}\nhelp: {help}", f.message(w)))
    };
    SarifResult {
        level: level(f.severity),
        locations: [SarifLocation {
            physical_location: physical(sources, uris, f.primary.span),
        }],
        message: Message { text: message },
        partial_fingerprints: Fingerprints {
            key: crate::baseline::fingerprint(sources, files, f),
        },
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| RelatedLocation {
                id: i + 1,
                message: Message {
                    text: std::borrow::Cow::Borrowed(r.said.get(w.lang)),
                },
                physical_location: physical(sources, uris, r.span),
            })
            .collect(),
        rule_id: f.rule.code,
        rule_index,
    }
}

// One result, as typed structs: serde_json's `Value` made a map and an
// owned key for every object of every result, which was most of this
// format's time. A `Value`'s keys are written in sorted order, so the
// fields here are declared in that order too: the output is the same.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [SarifLocation<'a>; 1],
    message: Message<'a>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    rule_id: &'static str,
    rule_index: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Message<'a>,
    physical_location: Physical<'a>,
}

#[derive(Serialize)]
struct Message<'a> {
    text: std::borrow::Cow<'a, str>,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "ropaFindingKey/v1")]
    key: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Physical<'a> {
    artifact_location: Artifact<'a>,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact<'a> {
    uri: &'a str,
    uri_base_id: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    end_column: u32,
    end_line: u32,
    start_column: u32,
    start_line: u32,
}

/// Renders the findings as one SARIF log.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings, w);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings as one SARIF log to `out`. The log's skeleton is
/// built as a value; the results are typed structs, printed on every core
/// and written into it a batch at a time (`super::array`), so that memory
/// does not grow with a value per finding.
pub fn write(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
    w: &Words,
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
    // Each rule of a finding, with its place in the catalog.
    let mut indices: Vec<(&Rule, usize)> = Vec::new();
    for f in findings {
        if !indices.iter().any(|(r, _)| std::ptr::eq(*r, f.rule)) {
            let index = catalog
                .iter()
                .position(|r| r.code == f.rule.code)
                .unwrap_or(0);
            indices.push((f.rule, index));
        }
    }
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
            "results": super::array::MARKER,
        }]
    });
    super::array::write(out, &log, findings, |f, text, margin| {
        let index = indices
            .iter()
            .find(|(r, _)| std::ptr::eq(*r, f.rule))
            .map_or(0, |(_, i)| *i);
        super::array::serialize(
            text,
            margin,
            &sarif_result(sources, &uris, &files, f, index, w),
        )
    })
}
