//! Running compiled YAML policies over a checked model.
//!
//! Each policy is compiled once per run against the model's category
//! numbering ([`Bits`]); the categories of a dataset are then matched with
//! the bitset the graph already computed, and the countries each party
//! reaches through its subprocessors are gathered once for all policies.
//! Every candidate is visited once per policy; nothing searches the model
//! per candidate.

use rayon::prelude::*;

use super::matcher::{bit_names, Bits};
use super::yaml::{Condition, On, Piece, Policy, Slot, Values};
use crate::data::RuleData;
use crate::finding::{said, Finding, Rule};
use crate::model::{purpose_kind, DatasetId, FlowId, Model, PartyId, Target};
use crate::rules::GraphContext;
use crate::source::Span;
use crate::syntax::ast::{self, Length, Retention};

/// Runs the policies that `enabled` keeps.
pub fn run(
    policies: &[Policy],
    cx: &GraphContext,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> Vec<Finding> {
    let active: Vec<&Policy> = policies.iter().filter(|p| enabled(p.rule)).collect();
    if active.is_empty() {
        return Vec::new();
    }
    let env = Env::new(cx);
    active.par_iter().flat_map_iter(|p| env.policy(p)).collect()
}

/// A country with the mechanism of the party that declares it.
type Country<'m> = (&'m str, Option<&'m str>);

/// What every policy of a run shares.
struct Env<'a> {
    model: &'a Model,
    data: &'a RuleData,
    graph: &'a crate::graph::Graph,
    names: Vec<&'a str>,
    words: usize,
    /// Per party: its countries and those of its subprocessors, onward.
    reach: Vec<Vec<Country<'a>>>,
}

/// One candidate: what a finding would be about.
#[derive(Clone, Copy)]
struct Candidate {
    dataset: Option<DatasetId>,
    purpose: Option<usize>,
    party: Option<PartyId>,
    flow: Option<FlowId>,
    span: Span,
}

/// Buffers reused from one candidate to the next.
#[derive(Default)]
struct Buffers<'m> {
    strings: Vec<&'m str>,
    countries: Vec<Country<'m>>,
}

/// The values that made the conditions hold, for the message.
#[derive(Default)]
struct Hits<'m> {
    categories: Option<Vec<&'m str>>,
    kind: Option<Vec<&'m str>>,
    basis: Option<Vec<&'m str>>,
    countries: Option<Vec<&'m str>>,
    /// The retention that is over the limit (`None` inside: missing).
    retention: Option<Option<&'m Retention>>,
}

impl<'a> Env<'a> {
    fn new(cx: &GraphContext<'a>) -> Env<'a> {
        let model = cx.model;
        let reach = (0..model.parties.len())
            .map(|p| onward_countries(model, p))
            .collect();
        Env {
            model,
            data: cx.data,
            graph: cx.graph,
            names: cx.graph.category_names(),
            words: cx.graph.category_words(),
            reach,
        }
    }

    fn candidates(&self, on: On) -> Vec<Candidate> {
        let m = self.model;
        let none = Candidate {
            dataset: None,
            purpose: None,
            party: None,
            flow: None,
            span: Span::default(),
        };
        match on {
            On::Dataset => (0..m.datasets.len())
                .map(|d| Candidate {
                    dataset: Some(d),
                    span: m.datasets[d].ast.id.span,
                    ..none
                })
                .collect(),
            On::Purpose => m
                .datasets
                .iter()
                .enumerate()
                .flat_map(|(d, ds)| {
                    ds.ast
                        .purposes
                        .iter()
                        .enumerate()
                        .map(move |(i, p)| Candidate {
                            dataset: Some(d),
                            purpose: Some(i),
                            span: p.id.span,
                            ..none
                        })
                })
                .collect(),
            On::Recipient => {
                let mut out = Vec::new();
                for (d, ds) in m.datasets.iter().enumerate() {
                    for (i, r) in ds.recipients.iter().enumerate() {
                        // One candidate per party, at its first mention.
                        if ds.recipients[..i].iter().any(|o| o.party == r.party) {
                            continue;
                        }
                        out.push(Candidate {
                            dataset: Some(d),
                            party: Some(r.party),
                            span: r.span,
                            ..none
                        });
                    }
                }
                out
            }
            On::Flow => m
                .flows
                .iter()
                .enumerate()
                .filter(|(_, f)| matches!(f.target, Target::Dataset(_)))
                .map(|(i, f)| Candidate {
                    dataset: Some(f.source),
                    flow: Some(i),
                    span: f.ast.source.span,
                    ..none
                })
                .collect(),
            On::Party => (0..m.parties.len())
                .map(|p| Candidate {
                    party: Some(p),
                    span: m.parties[p].ast.id.span,
                    ..none
                })
                .collect(),
        }
    }

    fn policy(&self, p: &Policy) -> Vec<Finding> {
        let bits: Vec<Option<Bits>> = p
            .conditions
            .iter()
            .map(|c| match c {
                Condition::Set(Values::Categories, m) => {
                    Some(Bits::compile(m, &self.names, self.words))
                }
                _ => None,
            })
            .collect();
        let mut row = Vec::new();
        let mut hit_bits = Vec::new();
        let mut bufs = Buffers::default();
        let mut out = Vec::new();
        for c in self.candidates(p.on) {
            if let Some(hits) = self.holds(p, &bits, c, &mut row, &mut hit_bits, &mut bufs) {
                out.push(self.finding(p, c, hits));
            }
        }
        out
    }

    /// The target dataset of a flow candidate.
    fn target(&self, c: Candidate) -> Option<DatasetId> {
        match self.model.flows.get(c.flow?)?.target {
            Target::Dataset(t) => Some(t),
            Target::Party(_) => None,
        }
    }

    /// The dataset whose purposes, retention and recipients count: a
    /// flow's target, else the candidate's dataset.
    fn subject_dataset(&self, c: Candidate) -> Option<DatasetId> {
        if c.flow.is_some() {
            self.target(c)
        } else {
            c.dataset
        }
    }

    /// The categories of a candidate as a bitset, in `row`.
    fn category_row<'r>(&'r self, c: Candidate, row: &'r mut Vec<u64>) -> &'r [u64] {
        if let Some(f) = c.flow.and_then(|f| self.model.flows.get(f)) {
            if let Some(fields) = &f.fields {
                row.clear();
                row.resize(self.words, 0);
                let src = &self.model.datasets[f.source].ast;
                for &k in fields {
                    let Some(cat) = src.fields.get(k).and_then(|x| x.category.as_ref()) else {
                        continue;
                    };
                    if let Some(b) = self.graph.category_bit(&cat.name) {
                        row[b as usize / 64] |= 1 << (b % 64);
                    }
                }
                return row;
            }
            return self.graph.effective_row(f.source);
        }
        match c.dataset {
            Some(d) => self.graph.effective_row(d),
            None => &[],
        }
    }

    fn strings(&self, values: Values, c: Candidate) -> Vec<&'a str> {
        let mut out = Vec::new();
        self.strings_into(values, c, &mut out);
        out
    }

    /// The candidate's values for a string condition, into `out` (a buffer
    /// reused across candidates: no allocation per candidate).
    fn strings_into(&self, values: Values, c: Candidate, out: &mut Vec<&'a str>) {
        out.clear();
        let m = self.model;
        let data = self.data;
        let dataset = c.dataset.map(|d| &m.datasets[d].ast);
        match values {
            Values::Categories => {}
            Values::DeclaredCategories => {
                if let Some(d) = dataset {
                    out.extend(
                        d.fields
                            .iter()
                            .filter_map(|f| f.category.as_ref().map(|x| x.name.as_str())),
                    );
                }
            }
            Values::Subjects => {
                if let Some(s) = dataset.and_then(|d| d.subjects.as_ref()) {
                    out.extend(s.value.iter().map(|i| i.name.as_str()));
                }
            }
            Values::Kind | Values::Basis => {
                let Some(d) = self.subject_dataset(c) else {
                    return;
                };
                let purposes = &m.datasets[d].ast.purposes;
                let chosen: &[ast::Purpose] = match c.purpose {
                    Some(i) if c.flow.is_none() => purposes.get(i..=i).unwrap_or(&[]),
                    _ => purposes,
                };
                out.extend(chosen.iter().filter_map(|p| match values {
                    Values::Kind => Some(purpose_kind(p, data)),
                    _ => p.basis.as_ref().map(|b| b.value.value.name.as_str()),
                }));
            }
            Values::Mechanism => {
                if let Some(p) = c.party {
                    out.push(m.parties[p].mechanism().unwrap_or("none"));
                }
            }
            Values::Role => {
                if let Some(p) = c.party {
                    out.push(m.parties[p].ast.kind.keyword());
                }
            }
            Values::Countries => {
                let mut buf = Vec::new();
                self.countries_into(c, &mut buf);
                out.extend(buf.into_iter().map(|(c, _)| c));
            }
        }
    }

    /// The countries of a candidate: the party's own; for a dataset (or a
    /// purpose, or a flow's target), every recipient's, onward included.
    fn countries_into(&self, c: Candidate, out: &mut Vec<Country<'a>>) {
        out.clear();
        let m = self.model;
        if let Some(p) = c.party {
            let party = &m.parties[p];
            let mech = party.mechanism();
            out.extend(party.countries().map(|x| (x.name.as_str(), mech)));
            return;
        }
        let Some(d) = self.subject_dataset(c) else {
            return;
        };
        for r in &m.datasets[d].recipients {
            for &x in &self.reach[r.party] {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
        }
    }

    fn country_covered(&self, listed: &str, (code, mech): Country) -> bool {
        use crate::data::Place;
        let place = || self.data.place(code, mech);
        match listed {
            "world" => true,
            "eea" => place() == Place::Eea,
            "adequate" => place() == Place::Adequate,
            "third" => place() == Place::Outside,
            _ => listed == code,
        }
    }

    /// The retentions that count for a candidate: a purpose's own (else
    /// its dataset's); for a dataset (a recipient's, a flow's target),
    /// each purpose's, or the dataset's when it has no purpose.
    fn retentions(&self, c: Candidate) -> Vec<Option<&'a Retention>> {
        let Some(d) = self.subject_dataset(c) else {
            return Vec::new();
        };
        let ds = &self.model.datasets[d];
        let of = |p| ds.retention_of(p).map(|r| &r.value);
        match c.purpose.and_then(|i| ds.ast.purposes.get(i)) {
            Some(p) if c.flow.is_none() => vec![of(p)],
            _ if ds.ast.purposes.is_empty() => vec![ds.ast.retention.as_ref().map(|r| &r.value)],
            _ => {
                let mut out: Vec<Option<&Retention>> = Vec::new();
                for p in &ds.ast.purposes {
                    let r = of(p);
                    if !out.contains(&r) {
                        out.push(r);
                    }
                }
                out
            }
        }
    }

    /// Whether the candidate has the attribute `attr`: a keyword of its
    /// block in the language table (`name` and `description` stand for
    /// the display name and the purpose's description; a purpose's
    /// `retention` may be its dataset's, and a purpose also has its
    /// dataset's attributes).
    fn has(&self, c: Candidate, attr: &str) -> bool {
        use crate::syntax::language::key;
        let m = self.model;
        if let Some(f) = c.flow.and_then(|f| m.flows.get(f)) {
            return key::Flow::of(attr).is_some_and(|k| f.ast.has(k));
        }
        if let Some(p) = c.party {
            let a = &m.parties[p].ast;
            return match attr {
                "name" => a.display_name.is_some(),
                _ => key::Party::of(attr).is_some_and(|k| a.has(k)),
            };
        }
        let Some(d) = c.dataset else { return false };
        let d = &m.datasets[d].ast;
        if let Some(p) = c.purpose.and_then(|i| d.purposes.get(i)) {
            match (attr, key::Purpose::of(attr)) {
                ("description", _) => return p.description.is_some(),
                (_, Some(key::Purpose::Retention)) => {
                    return p.retention.is_some() || d.retention.is_some()
                }
                (_, Some(k)) => return p.has(k),
                (_, None) => {}
            }
        }
        match attr {
            "name" => d.display_name.is_some(),
            _ => key::Dataset::of(attr).is_some_and(|k| d.has(k)),
        }
    }

    /// Whether every condition holds for `c`, with the values that made
    /// them hold.
    fn holds(
        &self,
        p: &Policy,
        bits: &[Option<Bits>],
        c: Candidate,
        row: &mut Vec<u64>,
        hit_bits: &mut Vec<u64>,
        bufs: &mut Buffers<'a>,
    ) -> Option<Hits<'a>> {
        let mut hits = Hits::default();
        for (cond, compiled) in p.conditions.iter().zip(bits) {
            match cond {
                Condition::Set(Values::Categories, _) => {
                    let compiled = compiled.as_ref()?;
                    let r = self.category_row(c, row);
                    if !compiled.test(r, hit_bits) {
                        return None;
                    }
                    hits.categories = Some(bit_names(hit_bits, &self.names));
                }
                Condition::Set(Values::Countries, m) => {
                    self.countries_into(c, &mut bufs.countries);
                    let held = m.test(&bufs.countries, |l, v| self.country_covered(l, v))?;
                    hits.countries = Some(held.into_iter().map(|(c, _)| c).collect());
                }
                Condition::Set(values, m) => {
                    self.strings_into(*values, c, &mut bufs.strings);
                    let held = m.test_str(&bufs.strings)?;
                    match values {
                        Values::Kind => hits.kind = Some(held),
                        Values::Basis => hits.basis = Some(held),
                        Values::DeclaredCategories if hits.categories.is_none() => {
                            hits.categories = Some(held)
                        }
                        _ => {}
                    }
                }
                Condition::RetentionOver(limit) => {
                    let over = |r: &Option<&Retention>| match r {
                        None | Some(Retention::Indefinite(_)) => true,
                        Some(r) => matches!(
                            (r.length(), limit),
                            (Some(Length::Twelfths(a)), Length::Twelfths(b)) if a > *b
                        ),
                    };
                    let found = self.retentions(c).into_iter().find(over)?;
                    hits.retention = Some(found);
                }
                Condition::Missing(attrs) => {
                    if attrs.iter().any(|a| self.has(c, a)) {
                        return None;
                    }
                }
                Condition::Has(attrs) => {
                    if !attrs.iter().all(|a| self.has(c, a)) {
                        return None;
                    }
                }
                Condition::Anonymised(want) => {
                    let is = c
                        .flow
                        .and_then(|f| self.model.flows.get(f))
                        .is_some_and(|f| !f.carries);
                    if is != *want {
                        return None;
                    }
                }
            }
        }
        Some(hits)
    }

    fn finding(&self, p: &Policy, c: Candidate, hits: Hits<'a>) -> Finding {
        let m = self.model;
        let message = self.render(p, c, &hits);
        let mut f =
            Finding::new(p.rule, c.span, message).label(said(p.rule.summary, p.rule.summary));
        if let Some(d) = c.dataset {
            f = f.dataset(m.datasets[d].id());
        }
        if let Some(party) = c.party {
            f = f.party(m.parties[party].id());
        }
        if c.purpose.is_some() {
            if let Some(d) = c.dataset {
                f = f.related(
                    m.datasets[d].ast.id.span,
                    said("in this dataset", "i denna datamängd"),
                );
            }
        }
        if let Some(t) = self.target(c) {
            f = f.related(
                m.datasets[t].ast.id.span,
                said("the flow's target", "flödets mål"),
            );
        }
        f
    }

    fn render(&self, p: &Policy, c: Candidate, hits: &Hits<'a>) -> String {
        let m = self.model;
        let join = |v: Vec<&str>| {
            let mut v = v;
            v.dedup();
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        let mut out = String::new();
        for piece in &p.message {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(s) => out.push_str(&match s {
                    Slot::Dataset => c.dataset.map_or("", |d| m.datasets[d].id()).to_string(),
                    Slot::Purpose => c
                        .dataset
                        .zip(c.purpose)
                        .and_then(|(d, i)| m.datasets[d].ast.purposes.get(i))
                        .map_or("", |p| p.id.name.as_str())
                        .to_string(),
                    Slot::Party => c.party.map_or("", |p| m.parties[p].id()).to_string(),
                    Slot::From => c.dataset.map_or("", |d| m.datasets[d].id()).to_string(),
                    Slot::To => self
                        .target(c)
                        .map_or("", |d| m.datasets[d].id())
                        .to_string(),
                    Slot::Categories => join(match &hits.categories {
                        Some(h) => h.clone(),
                        None => {
                            let mut row = Vec::new();
                            bit_names(self.category_row(c, &mut row), &self.names)
                        }
                    }),
                    Slot::Kind => join(
                        hits.kind
                            .clone()
                            .unwrap_or_else(|| self.strings(Values::Kind, c)),
                    ),
                    Slot::Basis => join(
                        hits.basis
                            .clone()
                            .unwrap_or_else(|| self.strings(Values::Basis, c)),
                    ),
                    Slot::Countries => join(
                        hits.countries
                            .clone()
                            .unwrap_or_else(|| self.strings(Values::Countries, c)),
                    ),
                    Slot::Retention => {
                        let r = match hits.retention {
                            Some(r) => r,
                            None => self.retentions(c).into_iter().next().flatten(),
                        };
                        match r {
                            Some(r) => r.to_string(),
                            None => "no retention".to_string(),
                        }
                    }
                }),
            }
        }
        out
    }
}

/// The countries a party and its subprocessors (onward, any depth)
/// process in, each with its own party's mechanism.
fn onward_countries(model: &Model, party: PartyId) -> Vec<Country<'_>> {
    let mut seen = vec![party];
    let mut stack = vec![party];
    let mut out: Vec<Country> = Vec::new();
    while let Some(p) = stack.pop() {
        let pt = &model.parties[p];
        let mech = pt.mechanism();
        for c in pt.countries() {
            let x = (c.name.as_str(), mech);
            if !out.contains(&x) {
                out.push(x);
            }
        }
        for &(s, _) in &pt.subprocessors {
            if !seen.contains(&s) {
                seen.push(s);
                stack.push(s);
            }
        }
    }
    out
}
