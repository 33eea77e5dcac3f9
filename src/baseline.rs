//! Baselines: record today's findings, report only new ones tomorrow.
//!
//! A finding is keyed by its code, its file (relative to the repository
//! root), the dataset or party it concerns and the text it points at, not
//! by its line, so unrelated edits that move it keep it matched. The same
//! key is SARIF's `partialFingerprints` value.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::source::RepoRoot;
use crate::source::Sources;

/// The stable key of a finding; `files` are the paths relative to the
/// repository root, by file id ([`RepoRoot::file_paths`]).
pub fn key(sources: &Sources, files: &[String], f: &Finding) -> String {
    let file = files
        .get(f.primary.span.file.0 as usize)
        .map_or("", String::as_str);
    let item = f.dataset.as_deref().or(f.party.as_deref()).unwrap_or("");
    let token = sources.get(f.primary.span.file).slice(f.primary.span);
    let token: String = token.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{}|{file}|{item}|{token}", f.rule.code)
}

/// A short hash of the key (FNV-1a, 64 bits), for SARIF fingerprints.
pub fn fingerprint(sources: &Sources, files: &[String], f: &Finding) -> String {
    let k = key(sources, files, f);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in k.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// One recorded finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The stable key.
    pub key: String,
    /// The code, for people reading the file.
    pub code: String,
    /// The message when recorded, for people reading the file.
    pub message: String,
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version (1).
    pub version: u32,
    /// The recorded findings, sorted.
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// Records `findings`.
    pub fn from_findings(sources: &Sources, findings: &[Finding]) -> Baseline {
        let files = RepoRoot::find().file_paths(sources);
        let mut entries: Vec<Entry> = findings
            .iter()
            // A file that does not parse is never accepted as a baseline.
            .filter(|f| !f.rule.is_input_failure())
            .map(|f| Entry {
                key: key(sources, &files, f),
                code: f.rule.code.to_string(),
                message: f
                    .message(&crate::finding::Words::developer(crate::finding::Lang::En))
                    .into_owned(),
            })
            .collect();
        entries.sort();
        Baseline {
            version: 1,
            findings: entries,
        }
    }

    /// Reads a baseline file; the error names the file.
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = crate::files::read_settings(path)
            .map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
        serde_json::from_str(&text).map_err(|e| {
            format!(
                "`{}`:{}: not a ropa baseline: {e}",
                path.display(),
                e.line()
            )
        })
    }

    /// Writes the baseline; the error names the file.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write baseline `{}`: {e}", path.display()))
    }

    /// Drops the findings the baseline records (each entry matches one
    /// finding) and returns the entries that matched nothing (stale).
    pub fn filter(&self, sources: &Sources, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Entry>) {
        let files = RepoRoot::find().file_paths(sources);
        let mut remaining: BTreeMap<&str, Vec<&Entry>> = BTreeMap::new();
        for e in &self.findings {
            remaining.entry(e.key.as_str()).or_default().push(e);
        }
        let mut kept = Vec::new();
        for f in findings {
            if f.rule.is_input_failure() {
                kept.push(f);
                continue;
            }
            let k = key(sources, &files, &f);
            match remaining.get_mut(k.as_str()).and_then(Vec::pop) {
                Some(_) => {}
                None => kept.push(f),
            }
        }
        let stale = remaining.into_values().flatten().cloned().collect();
        (kept, stale)
    }
}
