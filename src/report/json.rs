//! The JSON report: the whole model (parties, datasets with their resolved
//! references and received fields, flows) with the findings. The schema is
//! documented in `docs/report.md`; labels are never translated here.

use serde::Serialize;

use super::record::{
    Broken, Counts, DatasetView, FindingRow, FlowView, PartyView, Record, Transfer,
};

/// The version of the report's JSON schema; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    /// When the record was made and from which revision, when `ropa
    /// report` says (absent in a record made without one).
    #[serde(skip_serializing_if = "Option::is_none")]
    made: Option<&'a super::record::Made>,
    files: &'a [String],
    /// The files that could not be read or parsed; an empty list when the
    /// record is complete.
    incomplete: &'a [Broken],
    summary: Summary<'a>,
    parties: &'a [PartyView<'a>],
    datasets: Vec<&'a DatasetView<'a>>,
    flows: &'a [FlowView<'a>],
    findings: &'a [FindingRow<'a>],
    /// `--changes-since REV`: the document `ropa diff REV --format json`
    /// prints (docs/diff.md), for the records this report holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<&'a crate::diff::Diff>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary<'a> {
    controllers: Vec<&'a str>,
    datasets: usize,
    #[serde(flatten)]
    counts: Counts,
    transfers_to_third_countries: &'a [Transfer<'a>],
}

/// Renders the document, pretty-printed, with a final newline.
pub fn render<'a>(record: &'a Record<'a>) -> String {
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "ropa",
            version: env!("CARGO_PKG_VERSION"),
        },
        made: record.made.as_ref(),
        files: &record.files,
        incomplete: &record.incomplete,
        summary: Summary {
            controllers: record.controllers.clone(),
            datasets: record.dataset_count(),
            counts: record.counts,
            transfers_to_third_countries: &record.transfers,
        },
        parties: &record.parties,
        datasets: record.shown_datasets().collect(),
        flows: &record.flows,
        findings: &record.findings,
        changes: record.changes.as_ref().map(|c| &*c.diff),
    };
    let mut out = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    out.push('\n');
    out
}
