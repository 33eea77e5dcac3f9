//! The semantic model: every file's items as one model, names resolved,
//! vocabulary checked.
//!
//! Identifiers are global across files. Parties and datasets share one
//! namespace, since a flow's target may be either.

use compact_str::CompactString;

use rayon::prelude::*;

use crate::data::{closest, Place, RuleData};
use crate::source::{Sources, Span};
use crate::syntax::ast::{self, Ident, Item, NameOrStr, PartyKind};
use crate::syntax::lexical::Comment;

/// Index of a party in [`Model::parties`].
pub type PartyId = usize;
/// Index of a dataset in [`Model::datasets`].
pub type DatasetId = usize;
/// Index of a flow in [`Model::flows`].
pub type FlowId = usize;

/// A party that receives a dataset's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipient {
    /// The party.
    pub party: PartyId,
    /// The reference (in `recipients`, or a flow's target).
    pub span: Span,
    /// The flow that names it, when it is a flow's target.
    pub flow: Option<FlowId>,
}

/// Whether a dataset holds personal data (Recital 26).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anonymity {
    /// It holds personal data (the default).
    #[default]
    Personal,
    /// Declared `anonymous`, and nothing in the model contradicts it.
    Declared,
    /// Not declared, but it has no fields of its own and every flow into
    /// it (at least one) is `anonymised` or comes from an anonymous
    /// dataset.
    Implied,
    /// Declared `anonymous`, but it declares a field with a category or
    /// personal data reaches it through a flow that is not `anonymised`
    /// (A007): every other rule treats it as personal data.
    Contradicted,
}

impl Anonymity {
    /// Whether the rules about personal data skip the dataset.
    pub fn is_anonymous(self) -> bool {
        matches!(self, Anonymity::Declared | Anonymity::Implied)
    }
}

/// A dataset with its references resolved.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// What was written.
    pub ast: Box<ast::Dataset>,
    /// `ast.id.name`, kept here as well: rules name datasets in most
    /// messages, often many others than the one at hand (a chain of flows),
    /// and the model's list of datasets is a small part of memory where the
    /// syntax trees are scattered over all of it. Inline up to 24 bytes.
    id: CompactString,
    /// Its controllers: declared, or the model's only controller.
    pub controllers: Vec<PartyId>,
    /// Parties that receive its data, from `recipients` and flows.
    pub recipients: Vec<Recipient>,
    /// Whether it holds personal data.
    pub anonymity: Anonymity,
}

impl Dataset {
    /// Its ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether it holds no personal data (declared or implied `anonymous`,
    /// and not contradicted): rules about personal data skip it.
    pub fn is_anonymous(&self) -> bool {
        self.anonymity.is_anonymous()
    }

    /// The retention of one of its purposes: the purpose's own, else the
    /// dataset's (language.md, v2).
    pub fn retention_of<'a>(
        &'a self,
        purpose: &'a ast::Purpose,
    ) -> Option<&'a ast::Attr<ast::Retention>> {
        purpose.retention.as_deref().or(self.ast.retention.as_ref())
    }

    /// `owner` (v3): who answers for the processing inside the
    /// organisation; `None` when not written or blank.
    pub fn owner(&self) -> Option<&str> {
        self.ast
            .owner
            .as_ref()
            .map(|o| o.value.value.as_str())
            .filter(|o| !o.trim().is_empty())
    }

    /// `reviewed` (v3): when the entry was last reviewed; `None` when not
    /// written, or when the date written is not a real one (that is E004).
    pub fn reviewed(&self) -> Option<ast::Date> {
        self.ast
            .reviewed
            .as_ref()
            .map(|r| r.value.date)
            .filter(|d| d.is_real())
    }

    /// Whether every purpose has its own `retention` (and there is at least
    /// one purpose): the dataset then needs none of its own.
    pub fn every_purpose_has_retention(&self) -> bool {
        !self.ast.purposes.is_empty() && self.ast.purposes.iter().all(|p| p.retention.is_some())
    }
}

/// A party with its references resolved.
#[derive(Debug, Clone)]
pub struct Party {
    /// What was written.
    pub ast: Box<ast::Party>,
    /// Its subprocessors with the reference spans.
    pub subprocessors: Vec<(PartyId, Span)>,
}

impl Party {
    /// Its ID.
    pub fn id(&self) -> &str {
        &self.ast.id.name
    }

    /// Its declared country codes.
    pub fn countries(&self) -> impl Iterator<Item = &Ident> {
        self.ast.country.iter().flat_map(|c| c.value.iter())
    }

    /// Its transfer mechanism, if any.
    pub fn mechanism(&self) -> Option<&str> {
        self.ast
            .transfer
            .as_ref()
            .map(|t| t.value.mechanism.name.as_str())
    }

    /// Whether it is a controller (not a processor).
    pub fn is_controller(&self) -> bool {
        self.ast.kind == PartyKind::Controller
    }

    /// Its `market` countries (v3) as written: the countries whose
    /// residents its services target (ISO codes, or `eea`). A controller's
    /// only: a processor has none (its `market` is E004). Unknown codes are
    /// E004 as well and are left out here.
    pub fn markets<'a>(&'a self, data: &'a RuleData) -> impl Iterator<Item = &'a Ident> + 'a {
        self.ast
            .market
            .iter()
            .filter(|_| self.is_controller())
            .flat_map(|m| m.value.iter())
            .filter(move |c| is_market(&c.name, data))
    }

    /// The `tia` of its `transfer` (v3): the reference to the transfer
    /// impact assessment, when one is written.
    pub fn tia(&self) -> Option<&ast::Str> {
        self.ast
            .transfer
            .as_ref()?
            .value
            .tia
            .as_ref()
            .map(|t| &t.value)
    }

    /// Its `law` references (Recital 45), empty ones left out.
    pub fn laws(&self) -> impl Iterator<Item = &ast::Str> {
        self.ast
            .law
            .iter()
            .flat_map(|l| l.value.iter())
            .filter(|s| !s.value.trim().is_empty())
    }

    /// Where each of its countries puts it, with the country as written.
    pub fn places<'a>(&'a self, data: &'a RuleData) -> impl Iterator<Item = (&'a Ident, Place)> {
        let mechanism = self.mechanism();
        self.countries()
            .map(move |c| (c, data.place(&c.name, mechanism)))
    }

    /// Whether it processes in a country outside the EEA for Chapter V:
    /// a non-EEA country without an adequacy decision that applies, or
    /// `third`. `world` (publication) and `eea` are not.
    pub fn outside_eea(&self, data: &RuleData) -> bool {
        self.places(data).any(|(_, p)| p == Place::Outside)
    }

    /// Whether it is established only outside the EEA (Art. 27): it has a
    /// country, and every country is a non-EEA ISO code or `third`,
    /// adequacy or not. `world` and `eea` are not non-EEA countries.
    pub fn established_outside_eea(&self, data: &RuleData) -> bool {
        let mut any = false;
        for (_, place) in self.places(data) {
            if !place.is_non_eea() {
                return false;
            }
            any = true;
        }
        any
    }

    /// Whether one of its countries is `world` (publication).
    pub fn publishes(&self) -> bool {
        self.countries().any(|c| c.name == "world")
    }
}

/// Where a flow goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Into another dataset.
    Dataset(DatasetId),
    /// To a party (the same as listing it in `recipients`).
    Party(PartyId),
}

/// A flow with its ends resolved.
#[derive(Debug, Clone)]
pub struct Flow {
    /// What was written.
    pub ast: Box<ast::Flow>,
    /// The source dataset.
    pub source: DatasetId,
    /// The target.
    pub target: Target,
    /// The source fields that cross (indices into its `fields`); `None`: all.
    pub fields: Option<Vec<usize>>,
    /// The target purpose it serves (index into its `purposes`).
    pub purpose: Option<usize>,
    /// Whether it carries personal data: it is not `anonymised` and its
    /// source is not an anonymous dataset; kept here so graph walks need
    /// not open the syntax tree of every flow.
    pub carries: bool,
}

/// The whole model.
#[derive(Debug, Default)]
pub struct Model {
    /// Every file read.
    pub sources: Sources,
    /// Every party.
    pub parties: Vec<Party>,
    /// Every dataset.
    pub datasets: Vec<Dataset>,
    /// Every flow whose ends resolved.
    pub flows: Vec<Flow>,
    /// Parties by ID.
    pub party_index: foldhash::HashMap<CompactString, PartyId>,
    /// Datasets by ID.
    pub dataset_index: foldhash::HashMap<CompactString, DatasetId>,
    /// Every comment, per file (for suppressions).
    pub comments: Vec<Vec<Comment>>,
    /// Whether every file was read and parsed without a syntax error.
    pub complete: bool,
    /// Whether every name the model declares is known: every file was
    /// read, and of every item that does not parse its kind and ID were
    /// read. When not, findings that need the whole model (undefined
    /// references, unused parties, A002) are withheld, since the unread
    /// text may hold what they look for.
    pub names_complete: bool,
    /// The items that do not parse, in every file (incomplete: nothing is
    /// reported on them or on what depends on their attributes).
    pub broken: Vec<ast::Broken>,
    /// The IDs the broken items declare.
    pub broken_names: foldhash::HashSet<CompactString>,
    /// The names the broken items mention (a party one of them names is
    /// not called unused).
    pub broken_mentions: foldhash::HashSet<CompactString>,
}

/// Something the model could not make sense of: a fact that the input
/// rules (E004, F001, F002) turn into findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A value of a closed vocabulary that is not known.
    UnknownValue {
        /// The value as written.
        value: Ident,
        /// What kind of value it should be ("data category").
        what: &'static str,
        /// The closest known value.
        suggestion: Option<String>,
        /// A few known values, when none is close.
        examples: Vec<String>,
    },
    /// A reference to something that is not declared.
    Undefined {
        /// The reference.
        id: Ident,
        /// What it should name ("party", "field of `cv`").
        what: String,
        /// The closest declared name.
        suggestion: Option<String>,
    },
    /// A reference to an item of the wrong kind.
    WrongKind {
        /// The reference.
        id: Ident,
        /// Where it is used ("a recipient").
        role: &'static str,
        /// What it must be ("a party").
        expected: &'static str,
    },
    /// An ID defined a second time.
    Duplicate {
        /// The second definition.
        id: Ident,
        /// The first definition.
        first: Span,
    },
    /// A value or attribute that cannot stand where it is written (E004,
    /// like an unknown value).
    Invalid {
        /// What is wrong: the attribute's keyword, or the value.
        span: Span,
        /// Why.
        reason: Invalid,
    },
}

/// Why a written value or attribute is not allowed (E004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// `market` on a processor: it applies only to controllers.
    MarketOnProcessor,
    /// `reviewed` with a date that is not a day of the calendar
    /// (`2026-02-30`, `2026-13-01`).
    NotADate(ast::Date),
}

/// Whether a `market` value is known: an ISO code of the rule data, or
/// `eea` (`third` and `world` name no market).
pub fn is_market(code: &str, data: &RuleData) -> bool {
    code == "eea" || data.countries.contains(code)
}

impl Problem {
    /// `value` is not a known `what`; finds the closest of `known`.
    fn unknown<'a>(
        value: &Ident,
        what: &'static str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Problem {
        let mut known: Vec<&str> = known.into_iter().collect();
        known.sort_unstable();
        let suggestion = closest(&value.name, known.iter().copied()).map(str::to_string);
        let examples = match suggestion {
            Some(_) => Vec::new(),
            None => known.iter().take(6).map(|s| s.to_string()).collect(),
        };
        Problem::UnknownValue {
            value: value.clone(),
            what,
            suggestion,
            examples,
        }
    }

    /// `id` names no `what`; finds the closest of `declared`.
    fn undefined<'a>(
        id: &Ident,
        what: String,
        declared: impl IntoIterator<Item = &'a str>,
    ) -> Problem {
        let mut names: Vec<&str> = declared.into_iter().collect();
        names.sort_unstable();
        let suggestion = closest(&id.name, names.iter().copied()).map(str::to_string);
        Problem::Undefined {
            id: id.clone(),
            what,
            suggestion,
        }
    }
}

/// The purpose kind of a purpose: its `kind`, or its ID when that is a
/// known kind, else `service`.
pub fn purpose_kind<'a>(purpose: &'a ast::Purpose, data: &RuleData) -> &'a str {
    declared_kind(purpose, data).unwrap_or("service")
}

/// The purpose's kind when it is declared (rules.md, v3): its `kind`, or
/// its ID when that names a known kind. `None` when the kind is only the
/// `service` default: no v3 exemption or finding rests on that default.
pub fn declared_kind<'a>(purpose: &'a ast::Purpose, data: &RuleData) -> Option<&'a str> {
    let id = purpose.id.name.as_str();
    match (&purpose.kind, purpose.id_is_kind) {
        (Some(k), _) => Some(&k.value.name),
        (None, Some(by_id)) => by_id.then_some(id),
        (None, None) => data.purpose_kinds.contains(id).then_some(id),
    }
}

/// What a name refers to.
#[derive(Debug, Clone, Copy)]
enum Def {
    Party(PartyId),
    Dataset(DatasetId),
}

impl Model {
    /// Builds the model from parsed files, reporting F001, F002 and E004.
    pub fn build(
        sources: Sources,
        files: Vec<Option<ast::File>>,
        comments: Vec<Vec<Comment>>,
        data: &RuleData,
    ) -> (Model, Vec<Problem>) {
        let mut files = files;
        let read = files.iter().all(Option::is_some);
        let broken: Vec<ast::Broken> = files
            .iter_mut()
            .flatten()
            .flat_map(|f| std::mem::take(&mut f.broken))
            .collect();
        let complete = read && broken.is_empty();
        let names_complete = read && broken.iter().all(ast::Broken::declares_known);
        // A suppression inside a broken item is neither applied nor reported.
        let mut comments = comments;
        for b in &broken {
            if let Some(list) = comments.get_mut(b.span.file.0 as usize) {
                list.retain(|c| c.span.end <= b.span.start || c.span.start >= b.span.end);
            }
        }
        let mut findings = Vec::new();
        let mut model = Model {
            sources,
            comments,
            complete,
            names_complete,
            broken_names: broken
                .iter()
                .filter_map(|b| Some(b.id.as_ref()?.name.clone()))
                .collect(),
            broken_mentions: broken
                .iter()
                .flat_map(|b| b.mentions.iter().cloned())
                .collect(),
            broken,
            ..Model::default()
        };
        // The tables are made once at their size rather than grown (and
        // rehashed) by doubling: one entry per dataset, one name per
        // dataset or party.
        let (mut datasets, mut named) = (0, 0);
        for item in files.iter().flatten().flat_map(|f| &f.items) {
            match item {
                Item::Dataset(_) => (datasets, named) = (datasets + 1, named + 1),
                Item::Party(_) => named += 1,
                Item::Flow(_) => {}
            }
        }
        model.datasets.reserve(datasets);
        model.dataset_index.reserve(datasets);
        let mut flows = Vec::new();
        let mut defs: foldhash::HashMap<CompactString, (Def, Span)> =
            foldhash::HashMap::with_capacity_and_hasher(named, Default::default());
        for item in files.into_iter().flatten().flat_map(|f| f.items) {
            match item {
                Item::Party(p) => {
                    let id = model.parties.len();
                    if define(&mut defs, &p.id, Def::Party(id), &mut findings) {
                        model.party_index.insert(p.id.name.clone(), id);
                    }
                    model.parties.push(Party {
                        ast: p,
                        subprocessors: Vec::new(),
                    });
                }
                Item::Dataset(d) => {
                    let id = model.datasets.len();
                    if define(&mut defs, &d.id, Def::Dataset(id), &mut findings) {
                        model.dataset_index.insert(d.id.name.clone(), id);
                    }
                    model.datasets.push(Dataset {
                        id: d.id.name.clone(),
                        ast: d,
                        controllers: Vec::new(),
                        recipients: Vec::new(),
                        anonymity: Anonymity::Personal,
                    });
                }
                Item::Flow(f) => flows.push(f),
            }
        }
        let broken_names = std::mem::take(&mut model.broken_names);
        let r = Resolver {
            defs: &defs,
            complete: names_complete,
            broken: &broken_names,
        };
        findings.extend(model.resolve_parties(&r));
        findings.extend(model.resolve_datasets(&r, data));
        findings.extend(model.resolve_flows(flows, &r));
        model.broken_names = broken_names;
        model.find_anonymity();
        findings.extend(check_vocabulary(&model, data));
        (model, findings)
    }

    fn resolve_parties(&mut self, r: &Resolver) -> Vec<Problem> {
        let mut out = Vec::new();
        for party in &mut self.parties {
            let subs = party.ast.subprocessors.iter().flat_map(|s| s.value.iter());
            party.subprocessors = subs
                .filter_map(|s| {
                    r.party(s, "a subprocessor", &mut out)
                        .map(|id| (id, s.span))
                })
                .collect();
        }
        out
    }

    // Each dataset resolves on its own, so they are done in parallel; the
    // findings keep the datasets' order. Each purpose's kind by ID is
    // looked up here, once, and each field's category read in its one
    // spelling (here rather than where the datasets are listed, which is
    // done on one core).
    fn resolve_datasets(&mut self, r: &Resolver, data: &RuleData) -> Vec<Problem> {
        let controllers: Vec<PartyId> = (0..self.parties.len())
            .filter(|&i| self.parties[i].ast.kind == PartyKind::Controller)
            .collect();
        self.datasets
            .par_iter_mut()
            .flat_map_iter(|d| {
                let mut out = Vec::new();
                canonical_categories(&mut d.ast, data);
                for p in d.ast.purposes.iter_mut().filter(|p| p.kind.is_none()) {
                    p.id_is_kind = Some(data.purpose_kinds.contains(p.id.name.as_str()));
                }
                d.controllers = match &d.ast.controllers {
                    Some(c) => c
                        .value
                        .iter()
                        .filter_map(|c| r.party(c, "a controller", &mut out))
                        .collect(),
                    None if controllers.len() == 1 => controllers.clone(),
                    None => Vec::new(),
                };
                let recipients = d.ast.recipients.iter().flat_map(|r| r.value.iter());
                d.recipients = recipients
                    .filter_map(|rec| {
                        r.party(rec, "a recipient", &mut out)
                            .map(|party| Recipient {
                                party,
                                span: rec.span,
                                flow: None,
                            })
                    })
                    .collect();
                for s in d.ast.source.iter().flat_map(|s| s.value.iter()) {
                    if let NameOrStr::Name(name) = s {
                        if name.name != "data_subject" && name.name != "public_sources" {
                            r.party(name, "a source", &mut out);
                        }
                    }
                }
                out
            })
            .collect()
    }

    // Flows resolve in parallel (names, fields, purpose); adding them to
    // the model and to their source's recipients is then done in order.
    #[allow(clippy::vec_box)]
    fn resolve_flows(&mut self, flows: Vec<Box<ast::Flow>>, r: &Resolver) -> Vec<Problem> {
        let datasets = &self.datasets;
        let resolved: Vec<(Option<Flow>, Vec<Problem>)> = flows
            .into_par_iter()
            .map(|flow| {
                let mut out = Vec::new();
                let flow = resolve_flow(flow, datasets, r, &mut out);
                (flow, out)
            })
            .collect();
        let mut findings = Vec::new();
        for (flow, out) in resolved {
            findings.extend(out);
            let Some(flow) = flow else { continue };
            let id = self.flows.len();
            if let Target::Party(party) = flow.target {
                self.datasets[flow.source].recipients.push(Recipient {
                    party,
                    span: flow.ast.target.span,
                    flow: Some(id),
                });
            }
            self.flows.push(flow);
        }
        findings
    }

    /// Which datasets hold no personal data, and which flows carry some.
    ///
    /// Personal data starts in every dataset that is not a candidate for
    /// anonymity (declared `anonymous` with no field that has a category,
    /// or undeclared with no fields of its own and at least one flow in),
    /// and spreads along flows that are not `anonymised`. A candidate it
    /// never reaches is anonymous; a declared one it reaches is
    /// contradicted (A007). One pass over the flows: linear.
    fn find_anonymity(&mut self) {
        let n = self.datasets.len();
        let mut incoming = vec![0u32; n];
        let mut offsets = vec![0u32; n + 1];
        for f in &self.flows {
            if let Target::Dataset(t) = f.target {
                incoming[t] += 1;
                if f.ast.anonymised.is_none() {
                    offsets[f.source + 1] += 1;
                }
            }
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut targets = vec![0u32; offsets[n] as usize];
        for f in &self.flows {
            if let Target::Dataset(t) = f.target {
                if f.ast.anonymised.is_none() {
                    targets[next[f.source] as usize] = t as u32;
                    next[f.source] += 1;
                }
            }
        }
        let mut personal = vec![false; n];
        let mut stack = Vec::new();
        for (i, d) in self.datasets.iter().enumerate() {
            let seed = if d.ast.anonymous.is_some() {
                d.ast.fields.iter().any(|f| f.category.is_some())
            } else {
                !(d.ast.fields.is_empty() && incoming[i] > 0)
            };
            if seed {
                personal[i] = true;
                stack.push(i);
            }
        }
        while let Some(d) = stack.pop() {
            for &t in &targets[offsets[d] as usize..offsets[d + 1] as usize] {
                let t = t as usize;
                if !personal[t] {
                    personal[t] = true;
                    stack.push(t);
                }
            }
        }
        for (d, p) in self.datasets.iter_mut().zip(&personal) {
            d.anonymity = match (d.ast.anonymous.is_some(), *p) {
                (true, true) => Anonymity::Contradicted,
                (true, false) => Anonymity::Declared,
                (false, true) => Anonymity::Personal,
                (false, false) => Anonymity::Implied,
            };
        }
        // Nothing personal leaves an anonymous dataset.
        for f in &mut self.flows {
            f.carries = f.ast.anonymised.is_none() && personal[f.source];
        }
    }

    /// The law that a purpose's `legal_obligation` or `public_task` rests
    /// on: the basis's own reference, else a `law` of a controller of the
    /// dataset (Recital 45). `None` when neither names one.
    pub fn law_reference<'a>(
        &'a self,
        dataset: &'a Dataset,
        purpose: &'a ast::Purpose,
    ) -> Option<&'a ast::Str> {
        let own = purpose
            .basis
            .as_ref()
            .and_then(|b| b.value.reference.as_deref())
            .filter(|r| !r.value.trim().is_empty());
        own.or_else(|| {
            dataset
                .controllers
                .iter()
                .find_map(|&c| self.parties[c].laws().next())
        })
    }

    /// The flows that carry personal data from one dataset into another
    /// (dataset targets, not `anonymised`), with their source and target.
    pub fn carrying_flows(&self) -> impl Iterator<Item = (FlowId, &Flow, DatasetId, DatasetId)> {
        self.flows
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match f.target {
                Target::Dataset(t) if f.carries => Some((i, f, f.source, t)),
                _ => None,
            })
    }

    /// The party with this ID.
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.party_index.get(id).map(|&i| &self.parties[i])
    }

    /// Whether a party processes in a country outside the EEA for
    /// Chapter V (its own mechanism counts only for the US DPF decision;
    /// `world` is publication, not a transfer).
    pub fn party_outside_eea(&self, party: &Party, data: &RuleData) -> bool {
        party.outside_eea(data)
    }

    /// The controllers of at least one dataset.
    pub fn controlling_parties(&self) -> Vec<bool> {
        let mut out = vec![false; self.parties.len()];
        for d in &self.datasets {
            for &c in &d.controllers {
                out[c] = true;
            }
        }
        out
    }
}

/// A flow's ends, fields and purpose; `None` when an end does not resolve.
fn resolve_flow(
    flow: Box<ast::Flow>,
    datasets: &[Dataset],
    r: &Resolver,
    out: &mut Vec<Problem>,
) -> Option<Flow> {
    let source = match r.lookup(&flow.source) {
        Some(Def::Dataset(d)) => Some(d),
        Some(Def::Party(_)) => {
            out.push(Problem::WrongKind {
                id: flow.source.clone(),
                role: "a flow's source",
                expected: "a dataset",
            });
            None
        }
        None => {
            r.undefined(&flow.source, "dataset", out);
            None
        }
    };
    let target = match r.lookup(&flow.target) {
        Some(Def::Dataset(d)) => Some(Target::Dataset(d)),
        Some(Def::Party(p)) => Some(Target::Party(p)),
        None => {
            r.undefined(&flow.target, "dataset or party", out);
            None
        }
    };
    let (source, target) = (source?, target?);
    let fields = flow.fields.as_ref().map(|f| {
        let src = &datasets[source].ast;
        f.value
            .iter()
            .filter_map(|name| {
                let found = src.fields.iter().position(|x| x.name.name == name.name);
                if found.is_none() {
                    let names = src.fields.iter().map(|x| x.name.name.as_str());
                    out.push(Problem::undefined(
                        name,
                        format!("field of `{}`", src.id.name),
                        names,
                    ));
                }
                found
            })
            .collect()
    });
    let purpose = flow.purpose.as_ref().and_then(|p| match target {
        Target::Dataset(t) => {
            let tgt = &datasets[t].ast;
            let found = tgt.purposes.iter().position(|x| x.id.name == p.value.name);
            if found.is_none() {
                let names = tgt.purposes.iter().map(|x| x.id.name.as_str());
                out.push(Problem::undefined(
                    &p.value,
                    format!("purpose of `{}`", tgt.id.name),
                    names,
                ));
            }
            found
        }
        Target::Party(_) => None,
    });
    Some(Flow {
        carries: flow.anonymised.is_none(),
        ast: flow,
        source,
        target,
        fields,
        purpose,
    })
}

/// Reads every field category written in another spelling
/// (`online.behaviour`) as the category it names (`online.behavior`), so
/// that rules, report and export see one category. The span stays on what
/// was written.
fn canonical_categories(d: &mut ast::Dataset, data: &RuleData) {
    if data.category_aliases.is_empty() {
        return;
    }
    for f in &mut d.fields {
        if let Some(c) = &mut f.category {
            if let Some(canonical) = data.category_aliases.get(c.name.as_str()) {
                c.name = CompactString::from(canonical.as_str());
            }
        }
    }
}

/// Records a definition, reporting F002 when the ID is taken.
fn define(
    defs: &mut foldhash::HashMap<CompactString, (Def, Span)>,
    id: &Ident,
    def: Def,
    problems: &mut Vec<Problem>,
) -> bool {
    match defs.entry(id.name.clone()) {
        std::collections::hash_map::Entry::Occupied(first) => {
            problems.push(Problem::Duplicate {
                id: id.clone(),
                first: first.get().1,
            });
            false
        }
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert((def, id.span));
            true
        }
    }
}

struct Resolver<'a> {
    defs: &'a foldhash::HashMap<CompactString, (Def, Span)>,
    /// Whether every declared name is known ([`Model::names_complete`]).
    complete: bool,
    /// The names broken items declare: not undefined, but unresolved.
    broken: &'a foldhash::HashSet<CompactString>,
}

impl Resolver<'_> {
    fn lookup(&self, id: &Ident) -> Option<Def> {
        self.defs.get(id.name.as_str()).map(|(d, _)| *d)
    }

    fn party(&self, id: &Ident, role: &'static str, out: &mut Vec<Problem>) -> Option<PartyId> {
        match self.lookup(id) {
            Some(Def::Party(p)) => Some(p),
            Some(Def::Dataset(_)) => {
                out.push(Problem::WrongKind {
                    id: id.clone(),
                    role,
                    expected: "a party",
                });
                None
            }
            None => {
                self.undefined(id, "party", out);
                None
            }
        }
    }

    fn undefined(&self, id: &Ident, what: &str, out: &mut Vec<Problem>) {
        if !self.complete || self.broken.contains(id.name.as_str()) {
            return;
        }
        let names = self.defs.keys().map(CompactString::as_str);
        out.push(Problem::undefined(id, what.to_string(), names));
    }
}

/// E004 for every vocabulary value that is not known.
fn check_vocabulary(model: &Model, data: &RuleData) -> Vec<Problem> {
    let mut out = Vec::new();
    for p in &model.parties {
        for c in p.countries() {
            if !data.is_country(&c.name) {
                let upper = c.name.to_uppercase();
                let lower = c.name.to_lowercase();
                let suggestion = if data.countries.contains(upper.as_str()) {
                    Some(upper.to_string())
                } else if crate::data::REGIONS.contains(&lower.as_str()) {
                    Some(lower.to_string())
                } else {
                    None
                };
                out.push(Problem::UnknownValue {
                    value: c.clone(),
                    what: "country code",
                    suggestion,
                    examples: Vec::new(),
                });
            }
        }
        if let Some(m) = &p.ast.market {
            if p.is_controller() {
                out.extend(market_vocabulary(&m.value, data));
            } else {
                out.push(Problem::Invalid {
                    span: m.keyword,
                    reason: Invalid::MarketOnProcessor,
                });
            }
        }
        if let Some(t) = &p.ast.transfer {
            let m = &t.value.mechanism;
            if !data.mechanisms.contains_key(m.name.as_str()) {
                out.push(Problem::unknown(
                    m,
                    "transfer mechanism",
                    data.mechanisms.keys().map(String::as_str),
                ));
            }
        }
    }
    // Datasets are checked in parallel, their findings kept in order.
    out.par_extend(
        model
            .datasets
            .par_iter()
            .flat_map_iter(|d| dataset_vocabulary(d, data)),
    );
    out
}

/// E004 for the `market` values of a controller that are neither a known
/// ISO code nor `eea`; the suggestion fixes the case, as for `country`.
fn market_vocabulary(codes: &[Ident], data: &RuleData) -> Vec<Problem> {
    codes
        .iter()
        .filter(|c| !is_market(&c.name, data))
        .map(|c| {
            let upper = c.name.to_uppercase();
            let suggestion = if data.countries.contains(upper.as_str()) {
                Some(upper.to_string())
            } else if c.name.eq_ignore_ascii_case("eea") {
                Some("eea".to_string())
            } else {
                None
            };
            let examples = match suggestion {
                Some(_) => Vec::new(),
                None => ["SE", "DE", "eea"].map(String::from).to_vec(),
            };
            Problem::UnknownValue {
                value: c.clone(),
                what: "market country code",
                suggestion,
                examples,
            }
        })
        .collect()
}

/// E004 for the vocabulary values of one dataset.
fn dataset_vocabulary(d: &Dataset, data: &RuleData) -> Vec<Problem> {
    let mut out = Vec::new();
    if let Some(r) = &d.ast.reviewed {
        if !r.value.date.is_real() {
            out.push(Problem::Invalid {
                span: r.value.span,
                reason: Invalid::NotADate(r.value.date),
            });
        }
    }
    for f in &d.ast.fields {
        if let Some(c) = &f.category {
            if !data.categories.contains(c.name.as_str()) {
                out.push(Problem::unknown(
                    c,
                    "data category",
                    data.categories.iter().map(String::as_str),
                ));
            }
        }
    }
    for p in &d.ast.purposes {
        if let Some(k) = &p.kind {
            if !data.purpose_kinds.contains(k.value.name.as_str()) {
                out.push(Problem::unknown(
                    &k.value,
                    "purpose kind",
                    data.purpose_kinds.iter().map(String::as_str),
                ));
            }
        }
        let bases = [
            (p.basis.as_ref(), &data.legal_bases, "legal basis"),
            (
                p.special_basis.as_deref(),
                &data.art9_conditions,
                "Art. 9(2) condition",
            ),
            (
                p.criminal_basis.as_deref(),
                &data.criminal_authorities,
                "Art. 10 authority",
            ),
        ];
        for (attr, vocab, what) in bases {
            if let Some(b) = attr {
                if !vocab.contains_key(b.value.value.name.as_str()) {
                    out.push(Problem::unknown(
                        &b.value.value,
                        what,
                        vocab.keys().map(String::as_str),
                    ));
                }
            }
        }
    }
    out
}
