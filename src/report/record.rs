//! What the report says, whatever its format: the model read as a record of
//! processing activities (Art. 30), with the findings grouped for reading.
//!
//! Everything here keeps the model's order (files sorted by path, items in
//! the order written), so the same input always gives the same report.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::check::Run;
use crate::data::{Place, RuleData};
use crate::finding::{Finding, Severity, Words};
use crate::graph::Graph;
use crate::model::{
    declared_kind, purpose_kind, Dataset, DatasetId, Model, Party, PartyId, Target,
};
use crate::output::{locate, path_of};
use crate::rules;
use crate::source::Span;
use crate::syntax::ast::{self, EndAction, NameOrStr, PartyKind, Retention, Scale};

/// The whole report.
#[derive(Debug)]
pub struct Record<'a> {
    /// The declaration files read, sorted.
    pub files: Vec<String>,
    /// When the record was made and from which revision.
    pub made: Option<Made>,
    /// The organisations whose records these are: those named by
    /// `organisations` in `ropa.yaml`, in that order, else every controller
    /// of a dataset in declaration order; only one under `--controller`.
    pub organisations: Vec<Org<'a>>,
    /// The IDs of every party that controls a dataset of the model, in
    /// declaration order (whatever the records shown).
    pub controllers: Vec<&'a str>,
    /// Which datasets the records hold (by index into the model's
    /// datasets); `None`: every dataset. See [`Record::shows`].
    scope: Option<Vec<bool>>,
    /// Every party, in declaration order.
    pub parties: Vec<PartyView<'a>>,
    /// Every dataset, in declaration order; empty in a record from
    /// [`Record::build_streaming`] (see [`Record::dataset_view`] and
    /// [`Record::dataset_count`], which serve both kinds).
    pub datasets: Vec<DatasetView<'a>>,
    /// Every flow whose ends resolved.
    pub flows: Vec<FlowView<'a>>,
    /// How many findings of each severity.
    pub counts: Counts,
    /// Personal data reaching parties outside the EEA.
    pub transfers: Vec<Transfer<'a>>,
    /// The Art. 30 record: one section per organisation and kind of
    /// record (an Art. 30(1) record per controller, an Art. 30(2) record
    /// per processor named in `organisations`), then the datasets without
    /// a controller.
    pub sections: Vec<Section<'a>>,
    /// Every finding about what the records hold, ordered by path, line,
    /// column and code (every finding when the report shows every record).
    pub findings: Vec<FindingRow<'a>>,
    /// The same findings for each organisation, by severity, then rule;
    /// the findings tied to no organisation's record come last.
    pub by_organisation: Vec<OrgFindings>,
    /// The files that could not be read or parsed (E001, E002), one entry
    /// per finding: what they declare is not in this record, so the
    /// record says first that it is incomplete.
    pub incomplete: Vec<Broken>,
    /// The section "Changes since REV" (`--changes-since`), in the
    /// report's language: set by the report, after the record is made
    /// (see [`super::changes::word`]).
    pub changes: Option<Changes>,
    /// What a record made by [`Record::build_streaming`] keeps to make its
    /// dataset views when they are written (`datasets` is then empty).
    later: Option<Later<'a>>,
}

/// Which transfers the findings mark: T001 and T003 name the dataset and
/// the party, T002 the party alone (its mechanism is invalid for every
/// dataset); T004 (dataset and party) and T005 (party) are shown beside.
#[derive(Default)]
struct TransferMarks<'a> {
    unsafe_pairs: HashSet<(&'a str, &'a str)>,
    unsafe_parties: HashSet<&'a str>,
    /// By party: the dataset a note concerns (`None`: every dataset) and
    /// its code. Indexed so that marking is linear in the transfers.
    notes: HashMap<&'a str, Vec<(Option<&'a str>, &'static str)>>,
}

impl<'a> TransferMarks<'a> {
    fn of(findings: &[FindingRow<'a>]) -> Self {
        let mut m = TransferMarks::default();
        for f in findings {
            let Some(party) = f.party else { continue };
            match (f.code, f.dataset) {
                ("T001" | "T003", Some(d)) => {
                    m.unsafe_pairs.insert((d, party));
                }
                ("T002", _) => {
                    m.unsafe_parties.insert(party);
                }
                ("T004", d) | ("T005", d) => m.notes.entry(party).or_default().push((d, f.code)),
                _ => {}
            }
        }
        m
    }

    fn apply(&self, transfers: &mut [Transfer<'a>]) {
        if self.unsafe_pairs.is_empty() && self.unsafe_parties.is_empty() && self.notes.is_empty() {
            return;
        }
        for t in transfers {
            let (d, p) = (t.dataset.id, t.party.id);
            t.unsafeguarded =
                self.unsafe_pairs.contains(&(d, p)) || self.unsafe_parties.contains(p);
            for (nd, code) in self.notes.get(p).into_iter().flatten() {
                if nd.is_none_or(|nd| nd == d) && !t.notes.contains(code) {
                    t.notes.push(code);
                }
            }
        }
    }
}

/// A file left out of the record, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Broken {
    /// The file, as the findings name it.
    pub file: String,
    /// 1-based line of the problem.
    pub line: u32,
    /// The input finding's code (`E001`, `E002`).
    pub code: &'static str,
    /// The input finding's message.
    pub message: String,
}

/// What makes a dataset's view on demand.
struct Later<'a> {
    builder: Builder<'a>,
    graph: &'a Graph,
    marks: TransferMarks<'a>,
}

impl std::fmt::Debug for Later<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Later")
            .field("datasets", &self.builder.model.datasets.len())
            .finish()
    }
}

/// A party's ID and the name to show for it.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Named<'a> {
    /// The identifier.
    pub id: &'a str,
    /// The display name, or the identifier when there is none.
    pub name: &'a str,
}

/// Where something is declared.
#[derive(Debug, Clone, Serialize)]
pub struct Loc {
    /// The file, with `/` separators (one string per file, shared).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
}

/// A country code and whether it is outside the EEA for this party.
#[derive(Debug, Clone, Serialize)]
pub struct Country<'a> {
    /// ISO 3166-1 alpha-2, or `world`.
    pub code: &'a str,
    /// Outside the EEA (no adequacy decision that covers the party).
    pub outside_eea: bool,
    /// A third country for Chapter V, adequate or not (`world`, `eea` and
    /// the EEA members are not).
    pub third_country: bool,
}

/// A legal basis, Art. 9 condition, Art. 10 authority or transfer
/// mechanism, with its article and the declared reference.
#[derive(Debug, Clone, Serialize)]
pub struct Basis<'a> {
    /// The vocabulary value (`public_task`, `scc`, ...).
    pub value: &'a str,
    /// The article from the rule data, when known.
    pub article: Option<&'a str>,
    /// The law, assessment or instrument, as declared.
    pub reference: Option<&'a str>,
}

/// A controller as the record presents it.
#[derive(Debug, Clone, Serialize)]
pub struct Org<'a> {
    /// ID and name.
    #[serde(flatten)]
    pub named: Named<'a>,
    /// Declared countries.
    pub countries: Vec<&'a str>,
    /// `public_authority`.
    pub public_authority: bool,
    /// `contact`.
    pub contact: Option<&'a str>,
    /// `dpo`.
    pub dpo: Option<&'a str>,
    /// `representative`.
    pub representative: Option<&'a str>,
    /// `law`: the laws that mandate its processing (Recital 45).
    pub laws: Vec<&'a str>,
    /// `market` (v3): the countries whose residents it targets.
    pub markets: Vec<&'a str>,
    /// How many datasets it controls.
    pub datasets: usize,
    /// `controller` or `processor`, as declared.
    pub kind: &'static str,
}

/// Any party, with every attribute.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView<'a> {
    /// ID and name.
    #[serde(flatten)]
    pub named: Named<'a>,
    /// `controller` or `processor`.
    pub kind: &'static str,
    /// Countries, each marked when outside the EEA.
    pub countries: Vec<Country<'a>>,
    /// Whether any country is outside the EEA.
    pub outside_eea: bool,
    /// `public_authority`.
    pub public_authority: bool,
    /// `contact`.
    pub contact: Option<&'a str>,
    /// `dpo`.
    pub dpo: Option<&'a str>,
    /// `representative`.
    pub representative: Option<&'a str>,
    /// `dpa`.
    pub dpa: Option<&'a str>,
    /// `transfer`.
    pub transfer: Option<Basis<'a>>,
    /// The `tia` of its `transfer` (v3): the transfer impact assessment.
    pub tia: Option<&'a str>,
    /// `subprocessors`, resolved.
    pub subprocessors: Vec<&'a str>,
    /// `law`: the laws that mandate its processing (Recital 45).
    pub laws: Vec<&'a str>,
    /// `market` (v3): a controller's target countries (none for a
    /// processor).
    pub markets: Vec<&'a str>,
    /// Where it is declared.
    pub location: Loc,
}

/// Special-category or criminal-offence data.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// An ordinary category (or none).
    None,
    /// `special.*` (Art. 9).
    Special,
    /// `criminal.*` (Art. 10).
    Criminal,
}

/// One field of personal data.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its category.
    pub category: Option<&'a str>,
    /// Its description.
    pub description: Option<&'a str>,
    /// Special or criminal data.
    pub mark: Mark,
    /// The dataset it arrives from through flows; `None` when declared here.
    pub received_from: Option<Named<'a>>,
}

/// How consent is obtained.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentView<'a> {
    /// `withdraw`.
    pub withdraw: Option<&'a str>,
    /// `record`.
    pub record: Option<&'a str>,
    /// `bundled`.
    pub bundled: bool,
    /// `implied`.
    pub implied: bool,
}

/// One purpose.
#[derive(Debug, Clone, Serialize)]
pub struct PurposeView<'a> {
    /// Its ID.
    pub id: &'a str,
    /// Its description.
    pub description: Option<&'a str>,
    /// Its kind (declared or inferred).
    pub kind: &'a str,
    /// Whether the kind is declared (its `kind`, or an ID naming a kind)
    /// rather than the `service` default; not in the JSON report, whose
    /// `kind` has always been the kind the rules read.
    #[serde(skip)]
    pub kind_declared: bool,
    /// Art. 6(1).
    pub basis: Option<Basis<'a>>,
    /// Art. 9(2).
    pub special_basis: Option<Basis<'a>>,
    /// Art. 10.
    pub criminal_basis: Option<Basis<'a>>,
    /// `consent { ... }`.
    pub consent: Option<ConsentView<'a>>,
    /// `justification`.
    pub justification: Option<&'a str>,
    /// `compatibility`.
    pub compatibility: Option<&'a str>,
    /// `profiling`.
    pub profiling: bool,
    /// `automated_decisions`.
    pub automated_decisions: bool,
    /// The purpose's own `retention`, which replaces the dataset's.
    pub retention: Option<RetentionView<'a>>,
    /// `soft_opt_in`: how the e-mail marketing customer exception is met.
    pub soft_opt_in: Option<&'a str>,
    /// `objection` (v3): how objections are received and honoured.
    pub objection: Option<&'a str>,
}

/// A retention period as declared.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RetentionView<'a> {
    /// `N units [after EVENT] [then ACTION]`.
    Duration {
        /// How many units.
        amount: u32,
        /// `day`, `week`, `month` or `year`.
        unit: &'static str,
        /// The event the period runs from.
        after: Option<&'a str>,
        /// `delete`, `anonymise` or `archive`.
        then: &'static str,
    },
    /// `session`.
    Session,
    /// `none`.
    #[serde(rename = "none")]
    NotStored,
    /// `until EVENT`.
    Until {
        /// The event.
        event: &'a str,
    },
    /// `by_law "reference"`.
    ByLaw {
        /// The law or archive rule.
        reference: &'a str,
    },
    /// `indefinite`.
    Indefinite,
}

/// Where a dataset's data comes from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum SourceView<'a> {
    /// `data_subject`.
    DataSubject,
    /// `public_sources`.
    PublicSources,
    /// A party.
    Party(Named<'a>),
    /// A string.
    Text(&'a str),
}

/// A party that receives a dataset's data.
#[derive(Debug, Clone, Serialize)]
pub struct RecipientView<'a> {
    /// ID and name.
    #[serde(flatten)]
    pub named: Named<'a>,
    /// `controller` or `processor`.
    pub role: &'static str,
    /// Its countries.
    pub countries: Vec<Country<'a>>,
    /// Whether it is outside the EEA.
    pub outside_eea: bool,
    /// Named by a flow rather than in `recipients`.
    pub by_flow: bool,
}

/// `scale large` or `scale N`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScaleView {
    /// Counts as large scale.
    pub large: bool,
    /// The declared number of data subjects.
    pub subjects: Option<u32>,
}

/// A dataset with everything the record needs.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetView<'a> {
    /// ID and name.
    #[serde(flatten)]
    pub named: Named<'a>,
    /// Its controllers.
    pub controllers: Vec<Named<'a>>,
    /// `arrangement`.
    pub arrangement: Option<&'a str>,
    /// `subjects`.
    pub subjects: Vec<&'a str>,
    /// `source`.
    pub sources: Vec<SourceView<'a>>,
    /// Declared fields, then fields received through flows.
    pub fields: Vec<FieldView<'a>>,
    /// `purpose` blocks.
    pub purposes: Vec<PurposeView<'a>>,
    /// `retention`.
    pub retention: Option<RetentionView<'a>>,
    /// Recipients from `recipients` and flows, once each.
    pub recipients: Vec<RecipientView<'a>>,
    /// Its transfers outside the EEA, onward ones included.
    pub transfers: Vec<Transfer<'a>>,
    /// `measures`.
    pub measures: Vec<&'a str>,
    /// `dpia`.
    pub dpia: Option<&'a str>,
    /// `cookies`.
    pub cookies: Vec<&'a str>,
    /// `scale`.
    pub scale: Option<ScaleView>,
    /// Whether it holds no personal data: declared or implied `anonymous`,
    /// and not contradicted (A007).
    pub anonymous: bool,
    /// `owner` (v3): who answers for the processing.
    pub owner: Option<&'a str>,
    /// `reviewed` (v3): the date of the last review, `YYYY-MM-DD` (a date
    /// that is not a real one is left out).
    pub reviewed: Option<String>,
    /// Where it is declared.
    pub location: Loc,
}

/// A flow between datasets or to a party.
#[derive(Debug, Clone, Serialize)]
pub struct FlowView<'a> {
    /// The source dataset.
    pub source: &'a str,
    /// The target dataset or party.
    pub target: &'a str,
    /// `dataset` or `party`.
    pub target_kind: &'static str,
    /// The fields that cross; `None`: all.
    pub fields: Option<Vec<&'a str>>,
    /// The target purpose it serves.
    pub purpose: Option<&'a str>,
    /// `anonymised`.
    pub anonymised: bool,
    /// `pseudonymised`.
    pub pseudonymised: bool,
    /// `when`.
    pub when: Option<&'a str>,
    /// Where it is declared.
    pub location: Loc,
}

/// Personal data of a dataset reaching a party outside the EEA.
#[derive(Debug, Clone, Serialize)]
pub struct Transfer<'a> {
    /// The dataset.
    pub dataset: Named<'a>,
    /// The party outside the EEA.
    pub party: Named<'a>,
    /// Its countries.
    pub countries: Vec<Country<'a>>,
    /// Its Chapter V mechanism as declared; `None`: none declared.
    pub safeguard: Option<Basis<'a>>,
    /// Whether an adequacy decision covers every third country of the
    /// party (GB, CH, a US party under `dpf`, ...): the transfer needs no
    /// safeguard of its own (Art. 45).
    pub adequate: bool,
    /// Whether a finding says the transfer has no valid safeguard (T001,
    /// T002 or T003 on this dataset and party): only these are marked so.
    pub unsafeguarded: bool,
    /// The codes of the other transfer findings shown beside it (T004,
    /// T005).
    pub notes: Vec<&'static str>,
    /// The transfer impact assessment of its `transfer` (v3).
    pub tia: Option<&'a str>,
    /// The parties in between (recipient, subprocessors), first first.
    pub via: Vec<Named<'a>>,
}

/// Finding counts.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

/// Which record a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    /// A controller's record (Art. 30(1)), or the datasets without one.
    Controller,
    /// A processor's record (Art. 30(2)).
    Processor,
}

/// A controller a processor acts for, and the datasets it processes for it.
#[derive(Debug, Clone)]
pub struct ActsFor<'a> {
    /// The controller.
    pub controller: Org<'a>,
    /// Indices into the model's datasets, in declaration order.
    pub datasets: Vec<usize>,
}

/// One organisation's record.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The organisation; `None` for the datasets without a controller.
    pub controller: Option<Org<'a>>,
    /// An Art. 30(1) or an Art. 30(2) record.
    pub kind: RecordKind,
    /// Indices of the datasets it controls (joint ones included), in
    /// declaration order; empty in an Art. 30(2) record.
    pub datasets: Vec<usize>,
    /// Those of `datasets` that an earlier section already shows (joint
    /// datasets), sorted: the first section to show a dataset holds its
    /// anchor.
    pub repeated: Vec<usize>,
    /// An Art. 30(2) record: the controllers it acts for.
    pub acts_for: Vec<ActsFor<'a>>,
}

impl Section<'_> {
    /// Whether dataset `i` was shown by an earlier section.
    pub fn is_repeated(&self, i: usize) -> bool {
        self.repeated.binary_search(&i).is_ok()
    }
}

/// The findings of one organisation's record.
#[derive(Debug, Clone)]
pub struct OrgFindings {
    /// Index into [`Record::organisations`]; `None`: findings tied to no
    /// organisation's record (files, unused parties, datasets without a
    /// controller).
    pub organisation: Option<usize>,
    /// By severity, then rule.
    pub groups: Vec<SeverityGroup>,
}

impl OrgFindings {
    /// How many findings it holds.
    pub fn len(&self) -> usize {
        self.groups.iter().map(SeverityGroup::len).sum()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Which records a report holds.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// `organisations` in `ropa.yaml`: the parties whose records these are
    /// (`None`: every controller of a dataset). IDs that name no party are
    /// passed over; the configuration is checked before.
    pub organisations: Option<Vec<String>>,
    /// `--controller ID`: this organisation's record alone.
    pub controller: Option<String>,
    /// The language the findings are worded in (for legal readers): the
    /// report's, English in JSON.
    pub lang: crate::finding::Lang,
    /// When the record was made and from which revision (`ropa report`
    /// sets it; the renderers' own tests leave it out, for stable bytes).
    pub made: Option<Made>,
    /// `--csv-delimiter`: the CSV report's separator, when not the
    /// language's own.
    pub csv_delimiter: Option<char>,
    /// `--changes-since REV`: what changed since REV, for the section
    /// that words it.
    pub changes: Option<Arc<crate::diff::Diff>>,
}

/// When a record was made, and from what.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Made {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The model's git commit (short ID), when the paths are in a work tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// Whether a model file differs from that commit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub uncommitted: bool,
}

impl Scope {
    /// Whether the report holds every record of the model.
    pub fn is_whole(&self) -> bool {
        self.organisations.is_none() && self.controller.is_none()
    }
}

/// A piece of a line: the report's words, or an ID set off as code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Words (escaped as text).
    Text(String),
    /// An identifier from the model (shown as code).
    Id(String),
}

/// One line of the section.
pub type Line = Vec<Piece>;

/// The section "Changes since REV (DATE)" (`--changes-since`), worded
/// by [`super::changes::word`].
#[derive(Debug, Clone)]
pub struct Changes {
    /// The diff it words (the JSON report writes it as it is).
    pub diff: Arc<crate::diff::Diff>,
    /// "Changes since HEAD (2026-01-01)".
    pub title: String,
    /// The sentence under the heading, and the commit compared with.
    pub intro: Vec<String>,
    /// Whether nothing changed.
    pub nothing: bool,
    /// The changed datasets, by controllers.
    pub groups: Vec<ChangeGroup>,
    /// The parties added, removed or changed.
    pub parties: Vec<Line>,
    /// The findings the change introduced.
    pub introduced: Vec<FindingLine>,
    /// The findings it resolved.
    pub resolved: Vec<FindingLine>,
}

/// The changed datasets of one controller (or joint controllers).
#[derive(Debug, Clone)]
pub struct ChangeGroup {
    /// "Controller: Acme AB (`acme`)".
    pub heading: Line,
    /// One entry per dataset.
    pub datasets: Vec<ChangeEntry>,
}

/// A dataset's change: a line that names it, then what changed.
#[derive(Debug, Clone)]
pub struct ChangeEntry {
    /// "Dataset `customers` changed".
    pub head: Line,
    /// What changed in it.
    pub lines: Vec<Line>,
}

/// A finding introduced or resolved, worded for legal readers.
#[derive(Debug, Clone)]
pub struct FindingLine {
    /// Its severity.
    pub severity: Severity,
    /// Its rule's code.
    pub code: &'static str,
    /// The dataset or party it concerns.
    pub subject: Option<String>,
    /// Its message, in the report's language (code spans in backticks).
    pub message: String,
    /// `file:line` on the side it is on.
    pub at: String,
}

/// One finding as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingRow<'a> {
    /// The rule, for the report's headings (its code, name and article are
    /// the fields below, as JSON shows them).
    #[serde(skip)]
    pub rule: &'static crate::finding::Rule,
    /// The rule's code.
    pub code: &'static str,
    /// The rule's name.
    pub name: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// The article.
    pub article: &'static str,
    /// The dataset it concerns.
    pub dataset: Option<&'a str>,
    /// The party it concerns.
    pub party: Option<&'a str>,
    /// What the record states or lacks, for legal readers.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// The file (one string per file, shared).
    pub file: Arc<str>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// The findings of one rule.
#[derive(Debug, Clone)]
pub struct RuleGroup {
    /// The rule.
    pub rule: &'static crate::finding::Rule,
    /// Its findings, in file and line order: indices into
    /// [`Record::findings`] (see [`RuleGroup::rows`]), so that a large
    /// record does not hold every finding twice.
    pub findings: Vec<usize>,
}

impl RuleGroup {
    /// Its findings' rows.
    pub fn rows<'r, 'a>(
        &'r self,
        record: &'r Record<'a>,
    ) -> impl Iterator<Item = &'r FindingRow<'a>> + 'r {
        self.findings.iter().filter_map(|&i| record.findings.get(i))
    }
}

/// The findings of one severity.
#[derive(Debug, Clone)]
pub struct SeverityGroup {
    /// The severity.
    pub severity: Severity,
    /// Its rules, in catalog order.
    pub rules: Vec<RuleGroup>,
}

impl SeverityGroup {
    /// How many findings it holds.
    pub fn len(&self) -> usize {
        self.rules.iter().map(|r| r.findings.len()).sum()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<'a> Record<'a> {
    /// Reads a checked model as a record. Every text in it is borrowed from
    /// the run (model and findings) or the rule data: on a large model the
    /// record adds views and indices, not a second copy of its strings.
    pub fn build(run: &'a Run, data: &'a RuleData) -> Record<'a> {
        Record::make(run, data, &Scope::default(), false)
    }

    /// As [`Record::build`], holding the records `scope` names.
    pub fn build_with(run: &'a Run, data: &'a RuleData, scope: &Scope) -> Record<'a> {
        Record::make(run, data, scope, false)
    }

    /// A record whose dataset views are made when asked for
    /// ([`Record::dataset_view`]) rather than all at once, for a writer
    /// that lays each dataset out and forgets it: on a large model the
    /// views of every dataset are several hundred megabytes. `datasets` is
    /// empty; everything else is as [`Record::build_with`] makes it.
    pub fn build_streaming(run: &'a Run, data: &'a RuleData, scope: &Scope) -> Record<'a> {
        Record::make(run, data, scope, true)
    }

    fn make(run: &'a Run, data: &'a RuleData, scope: &Scope, streaming: bool) -> Record<'a> {
        let model = &run.model;
        let b = Builder::new(model, data, scope.lang);
        let records = Records::of(&b, scope);
        let shown = |i: usize| records.mask.as_ref().is_none_or(|m| m[i]);
        // Each dataset's view, and each finding's row, is made on its own,
        // on every core.
        let (datasets, transfers): (Vec<DatasetView>, Vec<Transfer>) = if streaming {
            let transfers = (0..model.datasets.len())
                .into_par_iter()
                .filter(|&i| shown(i))
                .flat_map_iter(|i| b.transfers(i))
                .collect();
            (Vec::new(), transfers)
        } else {
            let datasets: Vec<DatasetView> = model
                .datasets
                .par_iter()
                .enumerate()
                .map(|(i, d)| b.dataset(&run.graph, i, d, b.transfers(i)))
                .collect();
            let transfers = datasets
                .iter()
                .enumerate()
                .filter(|(i, _)| shown(*i))
                .flat_map(|(_, d)| d.transfers.iter().cloned())
                .collect();
            (datasets, transfers)
        };
        let all: Vec<FindingRow> = run.findings.par_iter().map(|f| b.finding(f)).collect();
        let incomplete = all
            .iter()
            .filter(|f| f.rule.is_input_failure())
            .map(|f| Broken {
                file: f.file.to_string(),
                line: f.line,
                code: f.code,
                message: f.message.clone(),
            })
            .collect();
        let (findings, owners) = records.findings(&b, all);
        let marks = TransferMarks::of(&findings);
        let mut transfers = transfers;
        marks.apply(&mut transfers);
        let mut datasets = datasets;
        for d in &mut datasets {
            marks.apply(&mut d.transfers);
        }
        let counts = if records.mask.is_none() {
            counts(&run.findings)
        } else {
            row_counts(&findings)
        };
        let by_organisation = by_organisation(&findings, &owners, records.orgs.len());
        Record {
            changes: None,
            made: scope.made.clone(),
            files: b.paths.iter().map(|p| p.to_string()).collect(),
            parties: model
                .parties
                .iter()
                .enumerate()
                .map(|(i, p)| b.party(i, p))
                .collect(),
            flows: model.flows.iter().map(|f| b.flow(f)).collect(),
            counts,
            transfers,
            by_organisation,
            incomplete,
            findings,
            controllers: records.controllers,
            organisations: records.orgs,
            sections: records.sections,
            scope: records.mask,
            datasets,
            later: streaming.then_some(Later {
                builder: b,
                graph: &run.graph,
                marks,
            }),
        }
    }

    /// Whether the records hold dataset `i` (an index into the model's
    /// datasets).
    pub fn shows(&self, i: usize) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|m| m.get(i).copied().unwrap_or(false))
    }

    /// The views of the datasets the records hold, in declaration order
    /// (none in a streaming record).
    pub fn shown_datasets(&self) -> impl Iterator<Item = &DatasetView<'a>> + '_ {
        self.datasets
            .iter()
            .enumerate()
            .filter(|(i, _)| self.shows(*i))
            .map(|(_, d)| d)
    }

    /// How many of the transfers a finding says have no valid safeguard.
    pub fn unsafeguarded_transfers(&self) -> usize {
        self.transfers.iter().filter(|t| t.unsafeguarded).count()
    }

    /// How many datasets the records hold.
    pub fn dataset_count(&self) -> usize {
        let all = match &self.later {
            Some(later) => later.builder.model.datasets.len(),
            None => self.datasets.len(),
        };
        match &self.scope {
            Some(mask) => mask.iter().filter(|&&m| m).count(),
            None => all,
        }
    }

    /// The view of dataset `i`: borrowed from `datasets`, or made now by a
    /// record from [`Record::build_streaming`].
    pub fn dataset_view(&self, i: usize) -> Option<Cow<'_, DatasetView<'a>>> {
        match &self.later {
            Some(Later {
                builder,
                graph,
                marks,
            }) => {
                let d = builder.model.datasets.get(i)?;
                let mut transfers = builder.transfers(i);
                marks.apply(&mut transfers);
                Some(Cow::Owned(builder.dataset(graph, i, d, transfers)))
            }
            None => self.datasets.get(i).map(Cow::Borrowed),
        }
    }

    /// The datasets of a section (none in a streaming record: there,
    /// [`Record::dataset_view`] makes each of `section.datasets`).
    pub fn section_datasets<'r>(
        &'r self,
        section: &'r Section<'a>,
    ) -> impl Iterator<Item = &'r DatasetView<'a>> + 'r {
        section
            .datasets
            .iter()
            .filter_map(move |&i| self.datasets.get(i))
    }
}

/// The display name of an item, or its ID.
fn display<'a>(id: &'a ast::Ident, name: &'a Option<ast::Str>) -> Named<'a> {
    Named {
        id: &id.name,
        name: name.as_ref().map_or(&id.name, |n| &n.value),
    }
}

fn text(attr: Option<&ast::Attr<ast::Str>>) -> Option<&str> {
    attr.map(|a| a.value.value.as_str())
}

fn idents(attr: &Option<ast::Attr<Vec<ast::Ident>>>) -> Vec<&str> {
    attr.iter()
        .flat_map(|a| a.value.iter())
        .map(|i| i.name.as_str())
        .collect()
}

/// The parties outside the EEA reachable from a recipient through its
/// subprocessors (itself included), depth first, each with the parties in
/// between; and every party reached on the way.
#[derive(Default)]
struct Reach {
    /// Every party reached, in the order reached.
    reached: Vec<PartyId>,
    /// The parties outside the EEA among them, each with its path.
    found: Vec<(PartyId, Vec<PartyId>)>,
}

struct Builder<'a> {
    model: &'a Model,
    data: &'a RuleData,
    /// How findings are worded: for legal readers, in the report's language.
    words: Words<'static>,
    /// Each file's path, with `/` separators, made once.
    paths: Vec<Arc<str>>,
    /// Each party's countries, marked, made once.
    countries: Vec<Vec<Country<'a>>>,
    /// Whether each party is outside the EEA (no adequacy decision).
    outside: Vec<bool>,
    /// Whether each party processes in a third country, adequate or not:
    /// every such party in a dataset's reach is a transfer (Art. 30(1)(e)).
    third: Vec<bool>,
    /// Whether an adequacy decision covers each such party.
    adequate: Vec<bool>,
    /// For each party that receives a dataset's data: what its
    /// subprocessor tree reaches (`None` for the others).
    reach: Vec<Option<Reach>>,
}

impl<'a> Builder<'a> {
    fn new(model: &'a Model, data: &'a RuleData, lang: crate::finding::Lang) -> Builder<'a> {
        let paths = model
            .sources
            .iter()
            .map(|(id, _)| path_of(&model.sources, Span::new(id, 0, 0)).into())
            .collect();
        let mut b = Builder {
            model,
            data,
            words: super::legal_words(lang),
            paths,
            countries: model
                .parties
                .iter()
                .map(|p| party_countries(p, data))
                .collect(),
            outside: model
                .parties
                .iter()
                .map(|p| model.party_outside_eea(p, data))
                .collect(),
            third: model
                .parties
                .iter()
                .map(|p| p.places(data).any(|(_, place)| place.is_non_eea()))
                .collect(),
            adequate: model
                .parties
                .iter()
                .map(|p| {
                    let places: Vec<Place> = p.places(data).map(|(_, place)| place).collect();
                    places.contains(&Place::Adequate) && !places.contains(&Place::Outside)
                })
                .collect(),
            reach: Vec::new(),
        };
        let mut receives = vec![false; model.parties.len()];
        for d in &model.datasets {
            for r in &d.recipients {
                if let Some(x) = receives.get_mut(r.party) {
                    *x = true;
                }
            }
        }
        let reach = (0..model.parties.len())
            .into_par_iter()
            .map(|p| receives[p].then(|| b.reach(p)))
            .collect();
        b.reach = reach;
        b
    }

    fn loc(&self, span: Span) -> Loc {
        Loc {
            file: self.path(span),
            line: locate(&self.model.sources, span).start.line,
        }
    }

    /// The path of a span's file.
    fn path(&self, span: Span) -> Arc<str> {
        match self.paths.get(span.file.0 as usize) {
            Some(p) => p.clone(),
            None => path_of(&self.model.sources, span).into(),
        }
    }

    fn party_named(&self, p: PartyId) -> Named<'a> {
        let party = &self.model.parties[p];
        display(&party.ast.id, &party.ast.display_name)
    }

    fn dataset_named(&self, d: DatasetId) -> Named<'a> {
        let ds = &self.model.datasets[d];
        display(&ds.ast.id, &ds.ast.display_name)
    }

    fn mechanism(&self, p: &'a Party) -> Option<Basis<'a>> {
        p.ast.transfer.as_ref().map(|t| Basis {
            value: &t.value.mechanism.name,
            article: self
                .data
                .mechanisms
                .get(t.value.mechanism.name.as_str())
                .map(|m| m.article.as_str()),
            reference: t.value.reference.as_ref().map(|r| r.value.as_str()),
        })
    }

    /// A party's `market` countries (a controller's only).
    fn markets(&self, p: &'a Party) -> Vec<&'a str> {
        p.markets(self.data).map(|c| c.name.as_str()).collect()
    }

    /// How many datasets each party controls, in one pass.
    fn controlled(&self) -> Vec<usize> {
        let mut controlled = vec![0usize; self.model.parties.len()];
        for d in &self.model.datasets {
            for (k, c) in d.controllers.iter().enumerate() {
                if d.controllers[..k].contains(c) {
                    continue;
                }
                if let Some(n) = controlled.get_mut(*c) {
                    *n += 1;
                }
            }
        }
        controlled
    }

    /// Party `i` as an organisation that controls `datasets` datasets.
    fn org(&self, i: PartyId, datasets: usize) -> Org<'a> {
        let p = &self.model.parties[i];
        Org {
            named: self.party_named(i),
            countries: p.countries().map(|c| c.name.as_str()).collect(),
            public_authority: p.ast.public_authority.is_some(),
            contact: text(p.ast.contact.as_ref()),
            dpo: text(p.ast.dpo.as_ref()),
            representative: text(p.ast.representative.as_ref()),
            laws: p.laws().map(|l| l.value.as_str()).collect(),
            markets: self.markets(p),
            datasets,
            kind: p.ast.kind.keyword(),
        }
    }

    fn party(&self, i: PartyId, p: &'a Party) -> PartyView<'a> {
        PartyView {
            named: display(&p.ast.id, &p.ast.display_name),
            kind: p.ast.kind.keyword(),
            countries: self.countries[i].clone(),
            outside_eea: self.outside[i],
            public_authority: p.ast.public_authority.is_some(),
            contact: text(p.ast.contact.as_ref()),
            dpo: text(p.ast.dpo.as_ref()),
            representative: text(p.ast.representative.as_ref()),
            dpa: text(p.ast.dpa.as_ref()),
            transfer: self.mechanism(p),
            tia: p.tia().map(|t| t.value.as_str()),
            subprocessors: p
                .subprocessors
                .iter()
                .map(|(s, _)| self.model.parties[*s].id())
                .collect(),
            laws: p.laws().map(|l| l.value.as_str()).collect(),
            markets: self.markets(p),
            location: self.loc(p.ast.id.span),
        }
    }

    fn dataset(
        &self,
        graph: &Graph,
        i: DatasetId,
        d: &'a Dataset,
        transfers: Vec<Transfer<'a>>,
    ) -> DatasetView<'a> {
        let a = &d.ast;
        DatasetView {
            named: display(&a.id, &a.display_name),
            controllers: d.controllers.iter().map(|&c| self.party_named(c)).collect(),
            arrangement: text(a.arrangement.as_deref()),
            subjects: idents(&a.subjects),
            sources: a
                .source
                .iter()
                .flat_map(|s| s.value.iter())
                .map(|s| self.source(s))
                .collect(),
            fields: self.fields(graph, i),
            purposes: a.purposes.iter().map(|p| self.purpose(p)).collect(),
            retention: a.retention.as_ref().map(|r| retention_view(&r.value)),
            recipients: self.recipients(d),
            transfers,
            measures: idents(&a.measures),
            dpia: text(a.dpia.as_deref()),
            cookies: a
                .cookies
                .iter()
                .flat_map(|c| c.value.iter())
                .map(|c| c.text())
                .collect(),
            scale: a.scale.as_ref().map(|s| match s.value {
                Scale::Large => ScaleView {
                    large: true,
                    subjects: None,
                },
                Scale::Subjects(n) => ScaleView {
                    large: s.value.is_large(),
                    subjects: Some(n),
                },
            }),
            anonymous: d.is_anonymous(),
            owner: d.owner(),
            reviewed: d.reviewed().map(|r| r.to_string()),
            location: self.loc(a.id.span),
        }
    }

    fn source(&self, s: &'a NameOrStr) -> SourceView<'a> {
        match s {
            NameOrStr::Name(n) if n.name == "data_subject" => SourceView::DataSubject,
            NameOrStr::Name(n) if n.name == "public_sources" => SourceView::PublicSources,
            NameOrStr::Name(n) => match self.model.party_index.get(n.name.as_str()) {
                Some(&p) => SourceView::Party(self.party_named(p)),
                None => SourceView::Text(&n.name),
            },
            NameOrStr::Str(s) => SourceView::Text(&s.value),
        }
    }

    fn fields(&self, graph: &Graph, d: DatasetId) -> Vec<FieldView<'a>> {
        let model = self.model;
        graph
            .effective_fields(model, d)
            .iter()
            .filter_map(|c| {
                let field = model.datasets.get(c.origin)?.ast.fields.get(c.field)?;
                let category = field.category.as_ref().map(|c| c.name.as_str());
                let mark = match category {
                    Some(c) if RuleData::is_special(c) => Mark::Special,
                    Some(c) if RuleData::is_criminal(c) => Mark::Criminal,
                    _ => Mark::None,
                };
                Some(FieldView {
                    name: &field.name.name,
                    category,
                    description: field.description.as_ref().map(|s| s.value.as_str()),
                    mark,
                    received_from: c.flow.map(|_| self.dataset_named(c.origin)),
                })
            })
            .collect()
    }

    fn basis(&self, attr: Option<&'a ast::Attr<ast::Basis>>, table: Table) -> Option<Basis<'a>> {
        let b = &attr?.value;
        let vocab = match table {
            Table::Art6 => &self.data.legal_bases,
            Table::Art9 => &self.data.art9_conditions,
            Table::Art10 => &self.data.criminal_authorities,
        };
        Some(Basis {
            value: &b.value.name,
            article: vocab.get(b.value.name.as_str()).map(String::as_str),
            reference: b.reference.as_ref().map(|r| r.value.as_str()),
        })
    }

    fn purpose(&self, p: &'a ast::Purpose) -> PurposeView<'a> {
        PurposeView {
            id: &p.id.name,
            description: p.description.as_ref().map(|d| d.value.as_str()),
            kind: purpose_kind(p, self.data),
            kind_declared: declared_kind(p, self.data).is_some(),
            basis: self.basis(p.basis.as_ref(), Table::Art6),
            special_basis: self.basis(p.special_basis.as_deref(), Table::Art9),
            criminal_basis: self.basis(p.criminal_basis.as_deref(), Table::Art10),
            consent: p.consent.as_ref().map(|c| ConsentView {
                withdraw: text(c.value.withdraw.as_ref()),
                record: text(c.value.record.as_ref()),
                bundled: c.value.bundled.is_some(),
                implied: c.value.implied.is_some(),
            }),
            justification: text(p.justification.as_deref()),
            compatibility: text(p.compatibility.as_deref()),
            profiling: p.profiling.is_some(),
            automated_decisions: p.automated_decisions.is_some(),
            retention: p.retention.as_ref().map(|r| retention_view(&r.value)),
            soft_opt_in: text(p.soft_opt_in.as_deref()),
            objection: text(p.objection.as_deref()),
        }
    }

    fn recipients(&self, d: &Dataset) -> Vec<RecipientView<'a>> {
        let mut seen: Vec<PartyId> = Vec::new();
        let mut out = Vec::new();
        for r in &d.recipients {
            if seen.contains(&r.party) {
                continue;
            }
            seen.push(r.party);
            let p = &self.model.parties[r.party];
            out.push(RecipientView {
                named: self.party_named(r.party),
                role: p.ast.kind.keyword(),
                countries: self.countries[r.party].clone(),
                outside_eea: self.outside[r.party],
                by_flow: r.flow.is_some(),
            });
        }
        out
    }

    /// Every party outside the EEA that a dataset's recipients (or their
    /// subprocessors, transitively) are, once each, depth first.
    ///
    /// One walk through the recipients with one set of parties seen gives
    /// what each recipient's own walk ([`Builder::reach`], made once per
    /// party) gives, less the parties the earlier recipients reached: those
    /// sets are closed under "is a subprocessor of", so a party the shared
    /// walk skips is one an earlier recipient already reached, and the rest
    /// are met in the same order by the same path.
    fn transfers(&self, d: DatasetId) -> Vec<Transfer<'a>> {
        let mut seen: Vec<PartyId> = Vec::new();
        let mut out = Vec::new();
        for r in &self.model.datasets[d].recipients {
            let Some(Some(reach)) = self.reach.get(r.party) else {
                continue;
            };
            for (p, via) in &reach.found {
                if seen.contains(p) {
                    continue;
                }
                out.push(Transfer {
                    dataset: self.dataset_named(d),
                    party: self.party_named(*p),
                    countries: self.countries[*p].clone(),
                    safeguard: self.mechanism(&self.model.parties[*p]),
                    adequate: self.adequate[*p],
                    unsafeguarded: false,
                    notes: Vec::new(),
                    tia: self.model.parties[*p].tia().map(|t| t.value.as_str()),
                    via: via.iter().map(|&v| self.party_named(v)).collect(),
                });
            }
            for p in &reach.reached {
                if !seen.contains(p) {
                    seen.push(*p);
                }
            }
        }
        out
    }

    /// What a party's subprocessor tree reaches, depth first.
    fn reach(&self, p: PartyId) -> Reach {
        let mut out = Reach::default();
        self.walk(p, &mut Vec::new(), &mut out);
        out
    }

    fn walk(&self, p: PartyId, path: &mut Vec<PartyId>, out: &mut Reach) {
        if out.reached.contains(&p) {
            return;
        }
        out.reached.push(p);
        if self.third.get(p).copied().unwrap_or(false) {
            out.found.push((p, path.clone()));
        }
        path.push(p);
        for (s, _) in &self.model.parties[p].subprocessors {
            self.walk(*s, path, out);
        }
        path.pop();
    }

    fn flow(&self, f: &'a crate::model::Flow) -> FlowView<'a> {
        let source = &self.model.datasets[f.source];
        let (target, target_kind) = match f.target {
            Target::Dataset(t) => (self.model.datasets[t].id(), "dataset"),
            Target::Party(p) => (self.model.parties[p].id(), "party"),
        };
        FlowView {
            source: source.id(),
            target,
            target_kind,
            fields: f.fields.as_ref().map(|list| {
                list.iter()
                    .filter_map(|&i| source.ast.fields.get(i))
                    .map(|x| x.name.name.as_str())
                    .collect()
            }),
            purpose: f.ast.purpose.as_ref().map(|p| p.value.name.as_str()),
            anonymised: f.ast.anonymised.is_some(),
            pseudonymised: f.ast.pseudonymised.is_some(),
            when: text(f.ast.when.as_deref()),
            location: self.loc(f.ast.span),
        }
    }

    fn finding(&self, f: &'a Finding) -> FindingRow<'a> {
        let at = locate(&self.model.sources, f.primary.span).start;
        FindingRow {
            rule: f.rule,
            code: f.rule.code,
            name: f.rule.name,
            severity: f.severity,
            article: f.rule.article,
            dataset: f.dataset.as_deref(),
            party: f.party.as_deref(),
            message: f.message(&self.words).into_owned(),
            help: f.help_text(&self.words).into_owned(),
            file: self.path(f.primary.span),
            line: at.line,
            column: at.column,
        }
    }
}

/// A party's countries, each marked when outside the EEA for it.
fn party_countries<'a>(p: &'a Party, data: &RuleData) -> Vec<Country<'a>> {
    let mechanism = p.mechanism();
    p.countries()
        .map(|c| Country {
            code: &c.name,
            outside_eea: data.is_third_country(&c.name, mechanism),
            third_country: data.place(&c.name, mechanism).is_non_eea(),
        })
        .collect()
}

#[derive(Clone, Copy)]
enum Table {
    Art6,
    Art9,
    Art10,
}

/// A retention period as the report shows it.
pub(crate) fn retention_view(r: &Retention) -> RetentionView<'_> {
    match r {
        Retention::Duration {
            amount,
            unit,
            after,
            then,
            ..
        } => RetentionView::Duration {
            amount: *amount,
            unit: unit.name(),
            after: after.as_ref().map(|a| a.name.as_str()),
            then: match then {
                EndAction::Delete => "delete",
                EndAction::Anonymise => "anonymise",
                EndAction::Archive => "archive",
            },
        },
        Retention::Session(_) => RetentionView::Session,
        Retention::None(_) => RetentionView::NotStored,
        Retention::Until(e) => RetentionView::Until { event: &e.name },
        Retention::ByLaw(s) => RetentionView::ByLaw {
            reference: &s.value,
        },
        Retention::Indefinite(_) => RetentionView::Indefinite,
    }
}

fn counts(findings: &[Finding]) -> Counts {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    Counts {
        errors: n(Severity::Error),
        warnings: n(Severity::Warning),
        infos: n(Severity::Info),
    }
}

fn row_counts(findings: &[FindingRow]) -> Counts {
    let n = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    Counts {
        errors: n(Severity::Error),
        warnings: n(Severity::Warning),
        infos: n(Severity::Info),
    }
}

/// The records a report holds: whose they are, what each holds, and which
/// datasets that makes.
struct Records<'a> {
    /// The organisations, in the order their records are written.
    orgs: Vec<Org<'a>>,
    /// Each party's index in `orgs`, if it is one.
    owner_of: Vec<Option<usize>>,
    /// Every controller of a dataset, by ID.
    controllers: Vec<&'a str>,
    sections: Vec<Section<'a>>,
    /// The datasets the records hold; `None`: all.
    mask: Option<Vec<bool>>,
}

impl<'a> Records<'a> {
    /// One Art. 30(1) record per organisation that controls a dataset or is
    /// declared a controller, each holding every dataset it controls (joint
    /// ones in each joint controller's record); one Art. 30(2) record per
    /// organisation declared a processor, holding what it processes for
    /// each controller (as a recipient of a dataset, or a subprocessor of
    /// one); then the datasets without a controller, unless one record is
    /// asked for.
    fn of(b: &Builder<'a>, scope: &Scope) -> Records<'a> {
        let model = b.model;
        let controlling = model.controlling_parties();
        let controlled = b.controlled();
        let mut owners: Vec<PartyId> = match &scope.organisations {
            Some(ids) => {
                let mut out: Vec<PartyId> = Vec::new();
                for id in ids {
                    if let Some(&p) = model.party_index.get(id.as_str()) {
                        if !out.contains(&p) {
                            out.push(p);
                        }
                    }
                }
                out
            }
            None => (0..model.parties.len())
                .filter(|&i| controlling.get(i).copied().unwrap_or(false))
                .collect(),
        };
        if let Some(id) = &scope.controller {
            owners.retain(|&p| model.parties[p].id() == id.as_str());
        }
        let mut owner_of = vec![None; model.parties.len()];
        for (k, &p) in owners.iter().enumerate() {
            owner_of[p] = Some(k);
        }
        let orgs: Vec<Org> = owners
            .iter()
            .map(|&p| b.org(p, controlled.get(p).copied().unwrap_or(0)))
            .collect();

        // What each organisation controls, and what each processor among
        // them processes for whom.
        let mut controls: Vec<Vec<usize>> = vec![Vec::new(); owners.len()];
        let mut processes: Vec<Vec<usize>> = vec![Vec::new(); owners.len()];
        let processors: Vec<bool> = owners
            .iter()
            .map(|&p| model.parties[p].ast.kind == PartyKind::Processor)
            .collect();
        let any_processor = processors.iter().any(|&x| x);
        let mut orphans = Vec::new();
        for (i, d) in model.datasets.iter().enumerate() {
            if d.controllers.is_empty() {
                orphans.push(i);
            }
            for (k, &c) in d.controllers.iter().enumerate() {
                if d.controllers[..k].contains(&c) {
                    continue;
                }
                if let Some(o) = owner_of[c] {
                    controls[o].push(i);
                }
            }
            if !any_processor {
                continue;
            }
            for r in &d.recipients {
                let Some(Some(reach)) = b.reach.get(r.party) else {
                    continue;
                };
                for &p in &reach.reached {
                    if let Some(o) = owner_of[p].filter(|&o| processors[o]) {
                        if processes[o].last() != Some(&i) {
                            processes[o].push(i);
                        }
                    }
                }
            }
        }

        let mut sections = Vec::new();
        let mut seen = vec![false; model.datasets.len()];
        for (o, org) in orgs.iter().enumerate() {
            let p = owners[o];
            if controlled.get(p).copied().unwrap_or(0) > 0 || !processors[o] {
                let datasets = std::mem::take(&mut controls[o]);
                let mut repeated = Vec::new();
                for &i in &datasets {
                    if seen[i] {
                        repeated.push(i);
                    }
                    seen[i] = true;
                }
                sections.push(Section {
                    controller: Some(org.clone()),
                    kind: RecordKind::Controller,
                    datasets,
                    repeated,
                    acts_for: Vec::new(),
                });
            }
            if processors[o] {
                let mut acts_for: Vec<ActsFor> = Vec::new();
                for &i in &processes[o] {
                    for (k, &c) in model.datasets[i].controllers.iter().enumerate() {
                        if c == p || model.datasets[i].controllers[..k].contains(&c) {
                            continue;
                        }
                        let id = model.parties[c].id();
                        match acts_for.iter_mut().find(|a| a.controller.named.id == id) {
                            Some(a) => a.datasets.push(i),
                            None => acts_for.push(ActsFor {
                                controller: b.org(c, controlled.get(c).copied().unwrap_or(0)),
                                datasets: vec![i],
                            }),
                        }
                    }
                }
                sections.push(Section {
                    controller: Some(org.clone()),
                    kind: RecordKind::Processor,
                    datasets: Vec::new(),
                    repeated: Vec::new(),
                    acts_for,
                });
            }
        }
        if scope.controller.is_none() && !orphans.is_empty() {
            sections.push(Section {
                controller: None,
                kind: RecordKind::Controller,
                datasets: orphans,
                repeated: Vec::new(),
                acts_for: Vec::new(),
            });
        }
        let mask = (!scope.is_whole()).then(|| {
            let mut mask = vec![false; model.datasets.len()];
            for s in &sections {
                let acted = s.acts_for.iter().flat_map(|a| a.datasets.iter());
                for &i in s.datasets.iter().chain(acted) {
                    mask[i] = true;
                }
            }
            mask
        });
        Records {
            orgs,
            owner_of,
            controllers: (0..model.parties.len())
                .filter(|&i| controlling.get(i).copied().unwrap_or(false))
                .map(|i| model.parties[i].id())
                .collect(),
            sections,
            mask,
        }
    }

    /// The organisations whose record a dataset is in (Art. 30(1)).
    fn dataset_owners(&self, model: &Model, d: DatasetId) -> Vec<usize> {
        let mut out = Vec::new();
        for &c in &model.datasets[d].controllers {
            if let Some(o) = self.owner_of[c] {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
        }
        out
    }

    /// The findings about what the records hold, and for each organisation
    /// (then for none, last) the indices of the findings of its record: a
    /// finding on a dataset is in the record of each of its controllers; a
    /// finding on a party alone is in the record of every organisation
    /// whose data reaches the party (as a recipient of one of its datasets,
    /// or a subprocessor of one), and in the party's own.
    fn findings(
        &self,
        b: &Builder<'a>,
        all: Vec<FindingRow<'a>>,
    ) -> (Vec<FindingRow<'a>>, Vec<Vec<usize>>) {
        let model = b.model;
        let shown = |d: DatasetId| self.mask.as_ref().is_none_or(|m| m[d]);
        // Which parties have findings of their own, and who reaches them.
        let mut wanted = vec![false; model.parties.len()];
        for f in &all {
            if let (None, Some(p)) = (f.dataset, f.party) {
                if let Some(&p) = model.party_index.get(p) {
                    wanted[p] = true;
                }
            }
        }
        let mut reached_by: Vec<Vec<usize>> = vec![Vec::new(); model.parties.len()];
        if wanted.iter().any(|&w| w) {
            for (i, d) in model.datasets.iter().enumerate() {
                if !shown(i) {
                    continue;
                }
                let owners = self.dataset_owners(model, i);
                if owners.is_empty() {
                    continue;
                }
                for r in &d.recipients {
                    let Some(Some(reach)) = b.reach.get(r.party) else {
                        continue;
                    };
                    for &p in reach.reached.iter().filter(|&&p| wanted[p]) {
                        for &o in &owners {
                            if !reached_by[p].contains(&o) {
                                reached_by[p].push(o);
                            }
                        }
                    }
                }
            }
        }
        let mut kept = Vec::with_capacity(all.len());
        let mut lists: Vec<Vec<usize>> = vec![Vec::new(); self.orgs.len() + 1];
        for f in all {
            let (in_scope, mut owners) = match (f.dataset, f.party) {
                (Some(d), _) => match model.dataset_index.get(d) {
                    Some(&d) => (shown(d), self.dataset_owners(model, d)),
                    None => (true, Vec::new()),
                },
                (None, Some(p)) => match model.party_index.get(p) {
                    Some(&p) => {
                        let mut owners = reached_by[p].clone();
                        if let Some(o) = self.owner_of[p] {
                            if !owners.contains(&o) {
                                owners.push(o);
                            }
                        }
                        (self.mask.is_none() || !owners.is_empty(), owners)
                    }
                    None => (true, Vec::new()),
                },
                (None, None) => (true, Vec::new()),
            };
            if !in_scope {
                continue;
            }
            owners.sort_unstable();
            let at = kept.len();
            if owners.is_empty() {
                lists[self.orgs.len()].push(at);
            }
            for o in owners {
                lists[o].push(at);
            }
            kept.push(f);
        }
        (kept, lists)
    }
}

/// Each organisation's findings (then the others) by severity and rule.
fn by_organisation(findings: &[FindingRow], lists: &[Vec<usize>], orgs: usize) -> Vec<OrgFindings> {
    lists
        .iter()
        .enumerate()
        .map(|(k, list)| OrgFindings {
            organisation: (k < orgs).then_some(k),
            groups: group(findings, list),
        })
        .filter(|g| g.organisation.is_some() || !g.is_empty())
        .collect()
}

/// Findings (`which`, indices into `findings`) by severity (errors
/// first), then by rule in catalog order.
fn group(findings: &[FindingRow], which: &[usize]) -> Vec<SeverityGroup> {
    let catalog = |code: &str| {
        rules::ALL
            .iter()
            .position(|r| r.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut out = Vec::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let mut rules: Vec<RuleGroup> = Vec::new();
        for &i in which {
            let Some(f) = findings.get(i) else { continue };
            if f.severity != severity {
                continue;
            }
            match rules.iter_mut().find(|r| r.rule.code == f.code) {
                Some(r) => r.findings.push(i),
                None => rules.push(RuleGroup {
                    rule: f.rule,
                    findings: vec![i],
                }),
            }
        }
        rules.sort_by_key(|r| (catalog(r.rule.code), r.rule.code));
        out.push(SeverityGroup { severity, rules });
    }
    out
}

/// Whether a party kind is a controller.
pub fn is_controller(role: &str) -> bool {
    role == PartyKind::Controller.keyword()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    /// The transfers of a dataset as the walk made them before it was
    /// memoised per recipient: one depth-first walk through all the
    /// recipients with one set of parties seen. Party IDs, with the path.
    fn walked(run: &Run, data: &RuleData, d: DatasetId) -> Vec<(String, Vec<String>)> {
        fn walk(
            model: &Model,
            data: &RuleData,
            p: PartyId,
            path: &mut Vec<PartyId>,
            seen: &mut Vec<PartyId>,
            out: &mut Vec<(String, Vec<String>)>,
        ) {
            if seen.contains(&p) {
                return;
            }
            seen.push(p);
            let party = &model.parties[p];
            if model.party_outside_eea(party, data) {
                let via = path.iter().map(|&v| model.parties[v].id().to_string());
                out.push((party.id().to_string(), via.collect()));
            }
            path.push(p);
            for (s, _) in &party.subprocessors {
                walk(model, data, *s, path, seen, out);
            }
            path.pop();
        }
        let model = &run.model;
        let (mut seen, mut out) = (Vec::new(), Vec::new());
        for r in &model.datasets[d].recipients {
            walk(model, data, r.party, &mut Vec::new(), &mut seen, &mut out);
        }
        out
    }

    #[test]
    fn transfers_made_from_each_recipients_walk_are_the_shared_walks() {
        // Recipients that share subprocessors, a cycle (a, b), a diamond
        // (us1 and b both lead to cn) and a recipient named twice.
        let src = r#"
controller c "C" { country SE }
processor a "A" { country SE  dpa "x"  subprocessors b, us1 }
processor b "B" { country US  dpa "x"  subprocessors cn, a }
processor us1 "US1" { country US  dpa "x"  subprocessors cn }
processor cn "CN" { country CN  dpa "x" }
processor d "D" { country SE  dpa "x"  subprocessors us1, b }
processor e "E" { country SE  dpa "x" }
"#;
        let datasets = ["d, a, cn, a", "a, d", "cn, b", "e, us1, a", "b, d, e"];
        let mut text = src.to_string();
        for (i, r) in datasets.iter().enumerate() {
            text.push_str(&format!(
                "dataset s{i} \"S{i}\" {{\n  controller c\n  subjects customer\n  fields {{ n: identity.name }}\n  purpose p {{ basis contract }}\n  retention 1 year\n  recipients {r}\n}}\n"
            ));
        }
        let data = RuleData::builtin().unwrap();
        let run = crate::check::check_inputs(
            vec![(PathBuf::from("t.ropa"), Ok(text.into_bytes()))],
            &data,
        );
        assert_eq!(run.model.parties.len(), 7);
        assert_eq!(run.model.datasets.len(), datasets.len());
        let record = Record::build(&run, &data);
        let mut any = 0;
        for (i, view) in record.datasets.iter().enumerate() {
            let got: Vec<(String, Vec<String>)> = view
                .transfers
                .iter()
                .map(|t| {
                    assert_eq!(t.dataset.id, view.named.id);
                    let via = t.via.iter().map(|v| v.id.to_string()).collect();
                    (t.party.id.to_string(), via)
                })
                .collect();
            assert_eq!(got, walked(&run, &data, i), "dataset s{i}");
            any += got.len();
        }
        assert!(any >= 8, "the model has transfers to compare: {any}");
    }
}
