//! `ropa diff`: what a change does to the record, and which findings it
//! introduces and resolves.
//!
//! Two checked models are compared item by item (datasets, purposes,
//! categories, recipients, third-country destinations, parties), grouped
//! by controller and dataset for the reviewer. Findings are matched by
//! [`Finding::fingerprint`] (rule, the items it concerns, its facts), as a
//! multiset: never by message, line or file, so moving a dataset to
//! another file or editing an unrelated line changes nothing.

pub mod command;
pub mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::data::RuleData;
use crate::finding::{Finding, Severity, Words};
use crate::model::{declared_kind, Dataset, Model, PartyId};
use crate::syntax::ast::{self, Retention};
use crate::workspace::Run;

/// The version of the JSON format (docs/diff.md).
pub const VERSION: u32 = 1;

/// One side of the comparison, as the reader sees it named.
#[derive(Debug, Clone, Serialize)]
pub struct SideName {
    /// `HEAD`, a revision, `index` (staged) or `working tree`.
    pub revision: String,
    /// The commit's short ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The commit's date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Whether a file or item on this side did not read or parse.
    pub incomplete: bool,
}

/// What changed between two models.
#[derive(Debug, Serialize)]
pub struct Diff {
    /// The format's version.
    pub version: u32,
    /// The earlier side.
    pub from: SideName,
    /// The later side.
    pub to: SideName,
    /// The datasets that changed, grouped by their controllers.
    pub controllers: Vec<ControllerChanges>,
    /// The parties added, removed or changed.
    pub parties: Vec<PartyChange>,
    /// Findings the later side has and the earlier does not.
    pub introduced: Vec<FindingView>,
    /// Findings the earlier side has and the later does not.
    pub resolved: Vec<FindingView>,
}

/// The changed datasets of one controller (or of several jointly).
#[derive(Debug, Serialize)]
pub struct ControllerChanges {
    /// The controllers' IDs (empty: a dataset with no controller).
    pub controllers: Vec<String>,
    /// Their datasets that changed.
    pub datasets: Vec<DatasetChange>,
}

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only on the later side.
    Added,
    /// Only on the earlier side.
    Removed,
    /// On both, different.
    Changed,
}

/// One dataset's change.
#[derive(Debug, Serialize)]
pub struct DatasetChange {
    /// Its ID.
    pub id: String,
    /// Added, removed or changed.
    pub status: Status,
    /// Its purposes that changed.
    pub purposes: Vec<PurposeChange>,
    /// The dataset's own retention, when it changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<ValueChange>,
    /// Categories it gained.
    pub categories_added: Vec<CategoryView>,
    /// Categories it lost.
    pub categories_removed: Vec<CategoryView>,
    /// Recipients it gained.
    pub recipients_added: Vec<String>,
    /// Recipients it lost.
    pub recipients_removed: Vec<String>,
    /// Third-country destinations it did not have, directly or through
    /// subprocessors.
    pub new_destinations: Vec<Destination>,
}

/// One purpose's change.
#[derive(Debug, Serialize)]
pub struct PurposeChange {
    /// Its ID.
    pub id: String,
    /// Added, removed or changed.
    pub status: Status,
    /// What changed (for an added purpose: what it states).
    pub changes: Vec<ValueChange>,
}

/// One attribute's change.
#[derive(Debug, Clone, Serialize)]
pub struct ValueChange {
    /// `basis`, `special_basis`, `criminal_basis`, `kind` or `retention`
    /// (a purpose's or dataset's); `country`, `transfer` or `dpa` (a
    /// party's).
    pub what: &'static str,
    /// Before (absent: not stated).
    pub from: Option<Value>,
    /// After (absent: not stated).
    pub to: Option<Value>,
    /// A retention that became longer.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub longer: bool,
}

/// A value as the model states it, kept typed so that a reader in another
/// language can word it (`ropa report --changes-since`); shown, and
/// serialised, as written in the model (`36 months after last_activity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A vocabulary code: a legal basis, an Art. 9 condition, an Art. 10
    /// authority, a purpose kind or a transfer mechanism (the change's
    /// `what` says which).
    Code(String),
    /// A retention period.
    Retention(Retention),
    /// Country codes, as declared.
    Countries(Vec<String>),
    /// Text as declared (a contract's reference).
    Text(String),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Code(s) | Value::Text(s) => f.write_str(s),
            Value::Retention(r) => r.fmt(f),
            Value::Countries(c) => f.write_str(&c.join(", ")),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Value {
    /// The retention period, when the value is one.
    pub fn retention(&self) -> Option<&Retention> {
        match self {
            Value::Retention(r) => Some(r),
            _ => None,
        }
    }
}

/// A category of a dataset, with what makes it weigh.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct CategoryView {
    /// The category.
    pub category: String,
    /// The fields that hold it.
    pub fields: Vec<String>,
    /// `special` (Art. 9), `criminal` (Art. 10) or `national_id` (Art. 87).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<&'static str>,
}

/// A party in a third country that a dataset's data reaches.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Destination {
    /// The party.
    pub party: String,
    /// Its countries outside the EEA.
    pub countries: Vec<String>,
    /// Its `transfer` mechanism, or `adequacy` when a decision covers
    /// every country, or absent when none is recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mechanism: Option<String>,
    /// The recipients the data passes through first (empty: direct).
    pub via: Vec<String>,
}

/// A party's change.
#[derive(Debug, Serialize)]
pub struct PartyChange {
    /// Its ID.
    pub id: String,
    /// `controller` or `processor`.
    pub kind: &'static str,
    /// Added, removed or changed.
    pub status: Status,
    /// What changed: `country`, `transfer`, `dpa`.
    pub changes: Vec<ValueChange>,
}

/// A finding as the reviewer sees it.
#[derive(Debug, Serialize)]
pub struct FindingView {
    /// Its rule's code.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Its message (developer register, English).
    pub message: String,
    /// Where it is, on its side.
    pub file: String,
    /// Its line, 1-based.
    pub line: u32,
    /// The dataset it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dataset: Option<String>,
    /// The party it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Its fingerprint, as 16 hex digits.
    pub fingerprint: String,
    /// The finding itself, for a reader that words it otherwise (the
    /// report, in its language and for legal readers).
    #[serde(skip)]
    pub finding: Finding,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.controllers.is_empty()
            && self.parties.is_empty()
            && self.introduced.is_empty()
            && self.resolved.is_empty()
    }
}

impl Diff {
    /// Keeps only what concerns organisation `id`'s record (`report
    /// --controller`): the datasets it controls or whose data reaches it
    /// (as a recipient or a subprocessor), on either side; the parties
    /// those datasets reach, and itself; the findings on those datasets,
    /// and those on such a party alone.
    pub fn concerning(&mut self, id: &str, old: &Model, new: &Model) {
        let mut datasets: BTreeSet<String> = BTreeSet::new();
        let mut parties: BTreeSet<String> = BTreeSet::from([id.to_string()]);
        for model in [old, new] {
            for d in &model.datasets {
                let reached = reached(model, d);
                let owns = d.controllers.iter().any(|&c| model.parties[c].id() == id);
                if owns || reached.iter().any(|p| p == id) {
                    datasets.insert(d.id().to_string());
                    parties.extend(reached);
                }
            }
        }
        for g in &mut self.controllers {
            g.datasets.retain(|d| datasets.contains(&d.id));
        }
        self.controllers.retain(|g| !g.datasets.is_empty());
        self.parties.retain(|p| parties.contains(&p.id));
        let keep = |f: &FindingView| match (&f.dataset, &f.party) {
            (Some(d), _) => datasets.contains(d),
            (None, Some(p)) => parties.contains(p),
            (None, None) => false,
        };
        self.introduced.retain(keep);
        self.resolved.retain(keep);
    }
}

/// The parties a dataset's data reaches: its recipients and, through
/// them, their subprocessors.
fn reached(model: &Model, d: &Dataset) -> Vec<String> {
    let mut seen: Vec<PartyId> = Vec::new();
    let mut stack: Vec<PartyId> = d.recipients.iter().map(|r| r.party).collect();
    while let Some(p) = stack.pop() {
        if seen.contains(&p) {
            continue;
        }
        seen.push(p);
        stack.extend(model.parties[p].subprocessors.iter().map(|(s, _)| *s));
    }
    seen.iter()
        .map(|&p| model.parties[p].id().to_string())
        .collect()
}

/// The findings of `new` whose fingerprints `old` lacks (as many times as
/// it lacks them), in `new`'s order: `check --new-since`.
pub fn new_findings(old: &[Finding], new: Vec<Finding>) -> Vec<Finding> {
    let mut left = counts(&fingerprints(old));
    let keys = fingerprints(&new);
    new.into_iter()
        .zip(keys)
        .filter(|(_, k)| !take(&mut left, *k))
        .map(|(f, _)| f)
        .collect()
}

/// Every finding's fingerprint, in order (made in parallel: each hashes
/// the finding's facts as JSON).
fn fingerprints(findings: &[Finding]) -> Vec<u64> {
    findings.par_iter().map(Finding::fingerprint).collect()
}

fn counts(keys: &[u64]) -> HashMap<u64, usize> {
    let mut out = HashMap::with_capacity(keys.len());
    for &k in keys {
        *out.entry(k).or_insert(0) += 1;
    }
    out
}

/// Takes one of `key` from `left`; whether there was one.
fn take(left: &mut HashMap<u64, usize>, key: u64) -> bool {
    match left.get_mut(&key) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

/// Compares two checked models.
pub fn compare(old: &Run, new: &Run, data: &RuleData, from: SideName, to: SideName) -> Diff {
    let w = Words::developer(crate::finding::Lang::En);
    let view = |run: &Run, f: &Finding| {
        let src = run.model.sources.get(f.primary.span.file);
        FindingView {
            code: f.rule.code,
            severity: f.severity,
            message: f.message(&w).into_owned(),
            file: src.path.display().to_string(),
            line: src.line_col(f.primary.span.start).line,
            dataset: f.dataset.as_ref().map(ToString::to_string),
            party: f.party.as_ref().map(ToString::to_string),
            fingerprint: format!("{:016x}", f.fingerprint()),
            finding: f.clone(),
        }
    };
    let (old_keys, new_keys) = (fingerprints(&old.findings), fingerprints(&new.findings));
    let mut left = counts(&old_keys);
    let introduced = new
        .findings
        .iter()
        .zip(&new_keys)
        .filter(|(_, k)| !take(&mut left, **k))
        .map(|(f, _)| view(new, f))
        .collect();
    let mut right = counts(&new_keys);
    let resolved = old
        .findings
        .iter()
        .zip(&old_keys)
        .filter(|(_, k)| !take(&mut right, **k))
        .map(|(f, _)| view(old, f))
        .collect();
    Diff {
        version: VERSION,
        from,
        to,
        controllers: datasets(&old.model, &new.model, data),
        parties: parties(&old.model, &new.model),
        introduced,
        resolved,
    }
}

/// The dataset changes, grouped by controllers (in the later side's
/// declaration order, removed datasets after).
fn datasets(old: &Model, new: &Model, data: &RuleData) -> Vec<ControllerChanges> {
    let mut groups: Vec<ControllerChanges> = Vec::new();
    let mut add = |controllers: Vec<String>, change: DatasetChange| match groups
        .iter_mut()
        .find(|g| g.controllers == controllers)
    {
        Some(g) => g.datasets.push(change),
        None => groups.push(ControllerChanges {
            controllers,
            datasets: vec![change],
        }),
    };
    // Each dataset is compared on its own, in parallel; the groups keep
    // the declaration order.
    let changed: Vec<(Vec<String>, DatasetChange)> = new
        .datasets
        .par_iter()
        .filter_map(|d| {
            let after = Facts::of(new, d, data);
            let before = old
                .dataset_index
                .get(d.id())
                .map(|&i| Facts::of(old, &old.datasets[i], data));
            let status = if before.is_some() {
                Status::Changed
            } else {
                Status::Added
            };
            let empty = Facts::default();
            let change = change(d.id(), status, before.as_ref().unwrap_or(&empty), &after)?;
            Some((controllers(new, d), change))
        })
        .collect();
    let removed: Vec<(Vec<String>, DatasetChange)> = old
        .datasets
        .par_iter()
        .filter(|d| !new.dataset_index.contains_key(d.id()))
        .filter_map(|d| {
            let before = Facts::of(old, d, data);
            let change = change(d.id(), Status::Removed, &before, &Facts::default())?;
            Some((controllers(old, d), change))
        })
        .collect();
    for (controllers, change) in changed.into_iter().chain(removed) {
        add(controllers, change);
    }
    groups
}

fn controllers(model: &Model, d: &Dataset) -> Vec<String> {
    d.controllers
        .iter()
        .map(|&c| model.parties[c].id().to_string())
        .collect()
}

/// One attribute of a purpose: its name and its value.
type Attribute = (&'static str, Option<Value>);

/// What the comparison reads of one dataset.
#[derive(Default)]
struct Facts<'a> {
    purposes: BTreeMap<&'a str, Vec<Attribute>>,
    retention: Option<&'a Retention>,
    categories: BTreeMap<String, Vec<String>>,
    recipients: BTreeSet<String>,
    destinations: Vec<Destination>,
}

impl<'a> Facts<'a> {
    fn of(model: &'a Model, d: &'a Dataset, data: &RuleData) -> Facts<'a> {
        let mut purposes = BTreeMap::new();
        for p in &d.ast.purposes {
            let basis = |b: Option<&ast::Basis>| b.map(|b| Value::Code(b.value.name.to_string()));
            purposes.insert(
                p.id.name.as_str(),
                vec![
                    ("basis", basis(p.basis.as_ref().map(|b| &b.value))),
                    (
                        "special_basis",
                        basis(p.special_basis.as_ref().map(|b| &b.value)),
                    ),
                    (
                        "criminal_basis",
                        basis(p.criminal_basis.as_ref().map(|b| &b.value)),
                    ),
                    (
                        "kind",
                        declared_kind(p, data).map(|k| Value::Code(k.to_string())),
                    ),
                    (
                        "retention",
                        p.retention
                            .as_ref()
                            .map(|r| Value::Retention(r.value.clone())),
                    ),
                ],
            );
        }
        let mut categories: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for f in &d.ast.fields {
            if let Some(c) = &f.category {
                categories
                    .entry(c.name.to_string())
                    .or_default()
                    .push(f.name.name.to_string());
            }
        }
        Facts {
            purposes,
            retention: d.ast.retention.as_ref().map(|r| &r.value),
            categories,
            recipients: d
                .recipients
                .iter()
                .map(|r| model.parties[r.party].id().to_string())
                .collect(),
            destinations: destinations(model, d, data),
        }
    }
}

/// The change of one dataset, if anything changed.
fn change(id: &str, status: Status, before: &Facts, after: &Facts) -> Option<DatasetChange> {
    let mut purposes = Vec::new();
    let ids: BTreeSet<&str> = before
        .purposes
        .keys()
        .chain(after.purposes.keys())
        .copied()
        .collect();
    for p in ids {
        let (b, a) = (before.purposes.get(p), after.purposes.get(p));
        let status = match (b, a) {
            (None, Some(_)) => Status::Added,
            (Some(_), None) => Status::Removed,
            _ => Status::Changed,
        };
        let none = Vec::new();
        let (b, a) = (b.unwrap_or(&none), a.unwrap_or(&none));
        let mut changes = Vec::new();
        for (what, to) in a.iter().cloned() {
            let from = b.iter().find(|x| x.0 == what).and_then(|x| x.1.clone());
            if written(&from) != written(&to) && status != Status::Removed {
                changes.push(ValueChange {
                    what,
                    longer: longer(
                        from.as_ref().and_then(Value::retention),
                        to.as_ref().and_then(Value::retention),
                    ),
                    from,
                    to,
                });
            }
        }
        if status == Status::Removed {
            changes = b
                .iter()
                .filter(|x| x.1.is_some())
                .map(|x| ValueChange {
                    what: x.0,
                    from: x.1.clone(),
                    to: None,
                    longer: false,
                })
                .collect();
        }
        if status != Status::Changed || !changes.is_empty() {
            purposes.push(PurposeChange {
                id: p.to_string(),
                status,
                changes,
            });
        }
    }
    let retention = (before.retention.map(ToString::to_string)
        != after.retention.map(ToString::to_string))
    .then(|| ValueChange {
        what: "retention",
        from: before.retention.map(|r| Value::Retention(r.clone())),
        to: after.retention.map(|r| Value::Retention(r.clone())),
        longer: longer(before.retention, after.retention),
    });
    let categories = |x: &Facts, y: &Facts| -> Vec<CategoryView> {
        x.categories
            .iter()
            .filter(|(c, _)| !y.categories.contains_key(*c))
            .map(|(c, fields)| CategoryView {
                category: c.clone(),
                fields: fields.clone(),
                mark: mark(c),
            })
            .collect()
    };
    let recipients = |x: &Facts, y: &Facts| -> Vec<String> {
        x.recipients.difference(&y.recipients).cloned().collect()
    };
    let new_destinations: Vec<Destination> = after
        .destinations
        .iter()
        .filter(|d| !before.destinations.iter().any(|b| b.party == d.party))
        .cloned()
        .collect();
    let change = DatasetChange {
        id: id.to_string(),
        status,
        purposes,
        retention,
        categories_added: categories(after, before),
        categories_removed: categories(before, after),
        recipients_added: recipients(after, before),
        recipients_removed: recipients(before, after),
        new_destinations,
    };
    let same = change.status == Status::Changed
        && change.purposes.is_empty()
        && change.retention.is_none()
        && change.categories_added.is_empty()
        && change.categories_removed.is_empty()
        && change.recipients_added.is_empty()
        && change.recipients_removed.is_empty()
        && change.new_destinations.is_empty();
    (!same).then_some(change)
}

/// A value as written: two values are the same when they read the same
/// (a retention's spans differ from side to side).
fn written(v: &Option<Value>) -> Option<String> {
    v.as_ref().map(ToString::to_string)
}

/// What makes a category weigh in review.
fn mark(category: &str) -> Option<&'static str> {
    if RuleData::is_special(category) {
        Some("special")
    } else if RuleData::is_criminal(category) {
        Some("criminal")
    } else if category == "identity.national_id" {
        Some("national_id")
    } else {
        None
    }
}

/// Whether `to` keeps data longer than `from` (a new retention where
/// none was stated is not "longer"; `indefinite` is longer than any).
fn longer(from: Option<&Retention>, to: Option<&Retention>) -> bool {
    match (from, to) {
        (Some(Retention::Indefinite(_)), _) => false,
        (Some(_), Some(Retention::Indefinite(_))) => true,
        (Some(a), Some(b)) => match (a.length(), b.length()) {
            (Some(x), Some(y)) => y > x,
            _ => false,
        },
        _ => false,
    }
}

/// The third-country parties a dataset's data reaches: its recipients
/// and, through them, their subprocessors (the path kept in `via`).
fn destinations(model: &Model, d: &Dataset, data: &RuleData) -> Vec<Destination> {
    let mut out: Vec<Destination> = Vec::new();
    let mut seen: Vec<PartyId> = Vec::new();
    for r in &d.recipients {
        let mut stack: Vec<(PartyId, Vec<String>)> = vec![(r.party, Vec::new())];
        while let Some((p, via)) = stack.pop() {
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            let party = &model.parties[p];
            let places: Vec<(String, crate::data::Place)> = party
                .places(data)
                .map(|(c, place)| (c.name.to_string(), place))
                .collect();
            let third: Vec<String> = places
                .iter()
                .filter(|(_, place)| place.is_non_eea())
                .map(|(c, _)| c.clone())
                .collect();
            if !third.is_empty() {
                let adequate = places
                    .iter()
                    .all(|(_, place)| *place != crate::data::Place::Outside);
                out.push(Destination {
                    party: party.id().to_string(),
                    countries: third,
                    mechanism: party
                        .mechanism()
                        .map(str::to_string)
                        .or_else(|| adequate.then(|| "adequacy".to_string())),
                    via: via.clone(),
                });
            }
            let mut next = via.clone();
            next.push(party.id().to_string());
            for (s, _) in party.subprocessors.iter().rev() {
                stack.push((*s, next.clone()));
            }
        }
    }
    out
}

/// The parties added, removed, or whose country, mechanism or contract
/// changed.
fn parties(old: &Model, new: &Model) -> Vec<PartyChange> {
    let facts = |p: &crate::model::Party| -> Vec<(&'static str, Option<Value>)> {
        let countries: Vec<String> = p.countries().map(|c| c.name.to_string()).collect();
        vec![
            (
                "country",
                (!countries.is_empty()).then_some(Value::Countries(countries)),
            ),
            (
                "transfer",
                p.mechanism().map(|m| Value::Code(m.to_string())),
            ),
            (
                "dpa",
                p.ast
                    .dpa
                    .as_ref()
                    .map(|d| Value::Text(d.value.value.to_string())),
            ),
        ]
    };
    let mut out = Vec::new();
    for p in &new.parties {
        let kind = p.ast.kind.keyword();
        let after = facts(p);
        match old.party(p.id()) {
            None => out.push(PartyChange {
                id: p.id().to_string(),
                kind,
                status: Status::Added,
                changes: after
                    .into_iter()
                    .filter(|x| x.1.is_some())
                    .map(|(what, to)| ValueChange {
                        what,
                        from: None,
                        to,
                        longer: false,
                    })
                    .collect(),
            }),
            Some(q) => {
                let before = facts(q);
                let changes: Vec<ValueChange> = before
                    .into_iter()
                    .zip(after)
                    .filter(|(b, a)| written(&b.1) != written(&a.1))
                    .map(|(b, a)| ValueChange {
                        what: a.0,
                        from: b.1,
                        to: a.1,
                        longer: false,
                    })
                    .collect();
                if !changes.is_empty() {
                    out.push(PartyChange {
                        id: p.id().to_string(),
                        kind,
                        status: Status::Changed,
                        changes,
                    });
                }
            }
        }
    }
    for p in &old.parties {
        if new.party(p.id()).is_none() {
            out.push(PartyChange {
                id: p.id().to_string(),
                kind: p.ast.kind.keyword(),
                status: Status::Removed,
                changes: Vec::new(),
            });
        }
    }
    out
}
