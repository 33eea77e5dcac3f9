//! The data-flow graph: parties, datasets and the flows between them, and
//! the fields each dataset holds once flows are followed (its effective
//! fields).

use petgraph::graph::{DiGraph, NodeIndex};

use crate::data::RuleData;
use crate::model::{DatasetId, FlowId, Model, PartyId, Target};

/// A node of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// A dataset.
    Dataset(DatasetId),
    /// A party.
    Party(PartyId),
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// A `flow` (dataset to dataset, or dataset to party).
    Flow(FlowId),
    /// A dataset's `recipients` entry.
    Recipient,
    /// A processor's `subprocessors` entry.
    Subprocessor,
}

/// A field a dataset holds: declared there, or arrived through flows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carried {
    /// The dataset that declares the field.
    pub origin: DatasetId,
    /// The field's index in the origin's `fields`.
    pub field: usize,
    /// The flow that brings it into this dataset; `None` when declared here.
    pub flow: Option<FlowId>,
    /// How many flows it crossed (0 when declared here).
    pub hops: u32,
}

/// How an inherited category reached a dataset: the last flow, and the
/// field it started as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Witness {
    category: u32,
    flow: u32,
    origin: u32,
    field: u32,
    hops: u32,
}

/// The data-flow graph of a model.
#[derive(Debug, Default)]
pub struct Graph {
    /// Datasets and parties, with flows, recipients and subprocessors as edges.
    pub graph: DiGraph<Node, Edge>,
    /// The node of each dataset.
    pub dataset_nodes: Vec<NodeIndex>,
    /// The node of each party.
    pub party_nodes: Vec<NodeIndex>,
    /// Per dataset, the categories that arrive through flows and how.
    inherited: Vec<Vec<Witness>>,
    /// The number of each data category that occurs in the model.
    categories: foldhash::HashMap<String, u32>,
    /// Per dataset, the categories of its effective fields, as `words`
    /// 64-bit words of bits numbered as in `categories`.
    effective: Vec<u64>,
    words: usize,
    /// Strongly connected components, sinks first.
    components: Vec<Vec<NodeIndex>>,
    /// The edges of `graph` (petgraph's edge numbers), grouped by source.
    out_edges: Csr,
}

/// Edges grouped by node, in two flat arrays (compressed sparse rows):
/// walking a node's edges reads consecutive memory, which at a million
/// nodes is most of the speed. Numbers are `u32` to halve the memory.
#[derive(Debug, Default)]
struct Csr {
    offsets: Vec<u32>,
    edges: Vec<u32>,
}

impl Csr {
    /// Groups edge numbers `0..` by the node each belongs to.
    fn new(nodes: usize, owners: impl Iterator<Item = usize> + Clone) -> Csr {
        let mut offsets = vec![0u32; nodes + 1];
        for o in owners.clone() {
            offsets[o + 1] += 1;
        }
        for i in 0..nodes {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut edges = vec![0u32; offsets[nodes] as usize];
        for (e, o) in owners.enumerate() {
            edges[next[o] as usize] = e as u32;
            next[o] += 1;
        }
        Csr { offsets, edges }
    }

    /// The edges of node `v`.
    fn of(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges[self.offsets[v] as usize..self.offsets[v + 1] as usize]
            .iter()
            .map(|&e| e as usize)
    }
}

impl Graph {
    /// Builds the graph of a model and propagates fields along its flows.
    pub fn build(model: &Model, _data: &RuleData) -> Graph {
        let mut graph = DiGraph::with_capacity(
            model.datasets.len() + model.parties.len(),
            model.flows.len() + model.datasets.len(),
        );
        let dataset_nodes: Vec<NodeIndex> = (0..model.datasets.len())
            .map(|d| graph.add_node(Node::Dataset(d)))
            .collect();
        let party_nodes: Vec<NodeIndex> = (0..model.parties.len())
            .map(|p| graph.add_node(Node::Party(p)))
            .collect();
        for (i, d) in model.datasets.iter().enumerate() {
            for r in d.recipients.iter().filter(|r| r.flow.is_none()) {
                graph.add_edge(dataset_nodes[i], party_nodes[r.party], Edge::Recipient);
            }
        }
        for (i, p) in model.parties.iter().enumerate() {
            for (s, _) in &p.subprocessors {
                graph.add_edge(party_nodes[i], party_nodes[*s], Edge::Subprocessor);
            }
        }
        for (i, f) in model.flows.iter().enumerate() {
            let to = match f.target {
                Target::Dataset(d) => dataset_nodes[d],
                Target::Party(p) => party_nodes[p],
            };
            graph.add_edge(dataset_nodes[f.source], to, Edge::Flow(i));
        }
        let raw = graph.raw_edges();
        let out_edges = Csr::new(graph.node_count(), raw.iter().map(|e| e.source().index()));
        // Components sinks first. Not petgraph's tarjan_scc: it recurses
        // once per node of a path, so a long chain of flows overflowed the
        // stack (tests/it/flows.rs has a chain of 100 000).
        let components = components(&graph, &out_edges);
        let Propagated {
            inherited,
            categories,
            effective,
            words,
        } = propagate(model, &components);
        Graph {
            graph,
            dataset_nodes,
            party_nodes,
            inherited,
            categories,
            effective,
            words,
            components,
            out_edges,
        }
    }

    /// For each dataset, how many distinct datasets send it personal data
    /// (non-anonymised flows): the "combined sources" criterion.
    pub fn incoming_sources(&self, model: &Model) -> Vec<usize> {
        let mut senders: Vec<Vec<DatasetId>> = vec![Vec::new(); model.datasets.len()];
        for (_, _, s, t) in model.carrying_flows() {
            if t != s && !senders[t].contains(&s) {
                senders[t].push(s);
            }
        }
        senders.iter().map(Vec::len).collect()
    }

    /// A dataset's effective fields: its own, then one field per category
    /// that arrives through non-anonymised flows (the field that brings it
    /// by the shortest route found).
    pub fn effective_fields(&self, model: &Model, dataset: DatasetId) -> Vec<Carried> {
        self.each_effective_field(model, dataset).collect()
    }

    /// As [`Graph::effective_fields`], one at a time, without a vector.
    pub fn each_effective_field<'a>(
        &'a self,
        model: &Model,
        dataset: DatasetId,
    ) -> impl Iterator<Item = Carried> + 'a {
        self.effective_where(model, dataset, |_| true)
    }

    /// As [`Graph::each_effective_field`], but of the inherited fields
    /// only those whose category is in `mask` (from
    /// [`Graph::category_mask`]). The test reads the dataset's own list of
    /// what arrives, not the dataset that declares each field: on a large
    /// model those declarations are scattered in memory, and a rule that
    /// wants a few categories would otherwise read them all.
    pub fn each_effective_field_in<'a>(
        &'a self,
        model: &Model,
        dataset: DatasetId,
        mask: &'a [u64],
    ) -> impl Iterator<Item = Carried> + 'a {
        self.effective_where(model, dataset, move |category| {
            mask.get((category / 64) as usize)
                .is_some_and(|word| word & (1 << (category % 64)) != 0)
        })
    }

    /// A dataset's own fields, then the inherited ones whose category
    /// number `arrived` accepts.
    fn effective_where<'a>(
        &'a self,
        model: &Model,
        dataset: DatasetId,
        arrived: impl Fn(u32) -> bool + 'a,
    ) -> impl Iterator<Item = Carried> + 'a {
        let own = (0..model
            .datasets
            .get(dataset)
            .map_or(0, |d| d.ast.fields.len()))
            .map(move |field| Carried {
                origin: dataset,
                field,
                flow: None,
                hops: 0,
            });
        let inherited = self
            .inherited
            .get(dataset)
            .into_iter()
            .flatten()
            .filter(move |w| arrived(w.category))
            .map(|w| Carried {
                origin: w.origin as usize,
                field: w.field as usize,
                flow: Some(w.flow as usize),
                hops: w.hops,
            });
        own.chain(inherited)
    }

    /// The categories whose names satisfy `wanted`, as a mask for
    /// [`Graph::holds_any`]. Computed once per rule, not per dataset.
    pub fn category_mask(&self, wanted: impl Fn(&str) -> bool) -> Vec<u64> {
        let mut mask = vec![0u64; self.words];
        for (name, &c) in &self.categories {
            if wanted(name) {
                mask[(c / 64) as usize] |= 1 << (c % 64);
            }
        }
        mask
    }

    /// Whether any effective field of `dataset` has a category in `mask`:
    /// a word-wise test that lets a rule skip the datasets it has nothing
    /// to say about before it lists their fields.
    pub fn holds_any(&self, dataset: DatasetId, mask: &[u64]) -> bool {
        let at = dataset * self.words;
        self.effective
            .get(at..at + self.words)
            .is_some_and(|row| row.iter().zip(mask).any(|(a, b)| a & b != 0))
    }

    /// The datasets an inherited field passed through, origin first and
    /// `dataset` last. Long paths keep their first and last three steps,
    /// with `None` standing for the elided middle.
    pub fn path(
        &self,
        model: &Model,
        dataset: DatasetId,
        carried: &Carried,
    ) -> Vec<Option<DatasetId>> {
        let Some(category) = self.category_of(model, carried) else {
            return vec![Some(carried.origin), Some(dataset)];
        };
        let mut back = vec![dataset];
        let mut at = dataset;
        let mut steps = 0;
        while at != carried.origin && steps < carried.hops as usize + 1 {
            let Some(w) = self.inherited[at].iter().find(|w| w.category == category) else {
                break;
            };
            at = model.flows[w.flow as usize].source;
            back.push(at);
            steps += 1;
        }
        back.reverse();
        if back.len() <= 8 {
            return back.into_iter().map(Some).collect();
        }
        let n = back.len();
        let mut out: Vec<Option<DatasetId>> = back[..3].iter().copied().map(Some).collect();
        out.push(None);
        out.extend(back[n - 3..].iter().copied().map(Some));
        out
    }
}

impl Graph {
    /// The category number of a carried field.
    fn category_of(&self, model: &Model, carried: &Carried) -> Option<u32> {
        let field = model
            .datasets
            .get(carried.origin)?
            .ast
            .fields
            .get(carried.field)?;
        let name = &field.category.as_ref()?.name;
        self.categories.get(name.as_str()).copied()
    }
}

/// Strongly connected components, sinks first (reverse topological order),
/// by Tarjan's algorithm with the depth-first search on an explicit stack:
/// linear time, and no recursion whatever the input. `out_edges` groups
/// the graph's edges by source.
fn components(graph: &DiGraph<Node, Edge>, out_edges: &Csr) -> Vec<Vec<NodeIndex>> {
    let raw = graph.raw_edges();
    let n = graph.node_count();
    let mut t = Tarjan {
        index: vec![UNSEEN; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        path: Vec::new(),
        counter: 0,
    };
    let mut out = Vec::new();
    for root in 0..n {
        if t.index[root] != UNSEEN {
            continue;
        }
        t.enter(root, out_edges.offsets[root]);
        while let Some(&(v, at)) = t.path.last() {
            if at < out_edges.offsets[v + 1] {
                if let Some(top) = t.path.last_mut() {
                    top.1 += 1;
                }
                let w = raw[out_edges.edges[at as usize] as usize].target().index();
                if t.index[w] == UNSEEN {
                    t.enter(w, out_edges.offsets[w]);
                } else if t.on_stack[w] {
                    t.low[v] = t.low[v].min(t.index[w]);
                }
                continue;
            }
            t.path.pop();
            if let Some(&(u, _)) = t.path.last() {
                t.low[u] = t.low[u].min(t.low[v]);
            }
            if t.low[v] == t.index[v] {
                let mut component = Vec::new();
                while let Some(w) = t.stack.pop() {
                    t.on_stack[w as usize] = false;
                    component.push(NodeIndex::new(w as usize));
                    if w as usize == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// A node Tarjan's search has not reached.
const UNSEEN: u32 = u32::MAX;

/// The state of Tarjan's search.
struct Tarjan {
    index: Vec<u32>,
    low: Vec<u32>,
    on_stack: Vec<bool>,
    stack: Vec<u32>,
    /// The search path: each node with the position of its next edge.
    path: Vec<(usize, u32)>,
    counter: u32,
}

impl Tarjan {
    fn enter(&mut self, v: usize, first_edge: u32) {
        self.index[v] = self.counter;
        self.low[v] = self.counter;
        self.counter += 1;
        self.stack.push(v as u32);
        self.on_stack[v] = true;
        self.path.push((v, first_edge));
    }
}

/// A field without a category.
const NO_CATEGORY: u32 = u32::MAX;

/// A dataset-to-dataset flow that carries personal data.
struct FlowEdge {
    source: u32,
    target: u32,
    flow: u32,
    /// With `fields`: only the categories of those (declared) fields cross;
    /// where their bits start in the flat array (`NOT_ONLY`: all cross).
    only: u32,
}

/// A flow without `fields`.
const NOT_ONLY: u32 = u32::MAX;

/// Effective fields, in time linear in the graph: the flow graph is
/// condensed into strongly connected components, which are visited once in
/// topological order; categories travel as bitsets. Inside a component (a
/// cycle) a worklist runs until nothing changes; a dataset re-enters it only
/// when it gains a category, so that costs at most categories × edges.
fn propagate(model: &Model, components: &[Vec<NodeIndex>]) -> Propagated {
    let n = model.datasets.len();
    // Number the categories, and note each field's number once, in flat
    // arrays: `first_field[d]` is where dataset `d`'s fields start.
    let mut index: foldhash::HashMap<&str, u32> = foldhash::HashMap::default();
    let mut first_field = Vec::with_capacity(n + 1);
    let mut field_category: Vec<u32> = Vec::new();
    for d in &model.datasets {
        first_field.push(field_category.len());
        for f in &d.ast.fields {
            let c = match &f.category {
                Some(c) => match index.get(c.name.as_str()) {
                    Some(&k) => k,
                    None => {
                        let k = index.len() as u32;
                        index.insert(&c.name, k);
                        k
                    }
                },
                None => NO_CATEGORY,
            };
            field_category.push(c);
        }
    }
    first_field.push(field_category.len());
    let words = index.len().div_ceil(64).max(1);
    let category = |d: usize, f: usize| -> Option<u32> {
        let at = first_field[d] + f;
        (at < first_field[d + 1])
            .then(|| field_category[at])
            .filter(|&c| c != NO_CATEGORY)
    };
    let mut own = vec![0u64; n * words];
    for d in 0..n {
        for &c in &field_category[first_field[d]..first_field[d + 1]] {
            if c != NO_CATEGORY {
                own[d * words + (c / 64) as usize] |= 1 << (c % 64);
            }
        }
    }
    // Restricted flows keep their bits in one flat array.
    let mut only_bits: Vec<u64> = Vec::new();
    let mut edges = Vec::new();
    for (i, f, _, target) in model.carrying_flows() {
        let only = f.fields.as_ref().map_or(NOT_ONLY, |fields| {
            let at = only_bits.len();
            only_bits.resize(at + words, 0);
            for &field in fields {
                if let Some(c) = category(f.source, field) {
                    only_bits[at + (c / 64) as usize] |= 1 << (c % 64);
                }
            }
            at as u32
        });
        edges.push(FlowEdge {
            source: f.source as u32,
            target: target as u32,
            flow: i as u32,
            only,
        });
    }
    let out_edges = Csr::new(n, edges.iter().map(|e| e.source as usize));
    let in_edges = Csr::new(n, edges.iter().map(|e| e.target as usize));
    // The components of the whole graph, sources first. Parties never flow
    // back into datasets, so the datasets' components are those of the
    // flow graph, or coarser where an anonymised flow closes a cycle
    // (harmless: the worklist below follows only carrying flows).
    let components: Vec<&[NodeIndex]> = components
        .iter()
        .rev()
        .map(|c| c.as_slice())
        .filter(|c| c.iter().any(|m| m.index() < n))
        .collect();
    let mut component = vec![0usize; n];
    for (i, members) in components.iter().enumerate() {
        for m in members.iter().filter(|m| m.index() < n) {
            component[m.index()] = i;
        }
    }

    let mut eff = own.clone();
    let mut witness: Vec<Vec<Witness>> = vec![Vec::new(); n];
    let mut queued = vec![false; n];
    let apply = |e: usize, eff: &mut Vec<u64>, witness: &mut Vec<Vec<Witness>>| -> bool {
        let edge = &edges[e];
        let (s, t) = (edge.source as usize, edge.target as usize);
        let mut changed = false;
        for w in 0..words {
            let passing = match edge.only {
                NOT_ONLY => eff[s * words + w],
                at => only_bits[at as usize + w],
            };
            let new = passing & !eff[t * words + w];
            if new == 0 {
                continue;
            }
            changed = true;
            eff[t * words + w] |= new;
            let mut bits = new;
            while bits != 0 {
                let bit = bits.trailing_zeros();
                bits &= bits - 1;
                let c = w as u32 * 64 + bit;
                let declared = own[s * words + w] & (1 << bit) != 0;
                let (origin, field, hops) = if declared {
                    let listed = model.flows[edge.flow as usize].fields.as_deref();
                    let candidates = 0..model.datasets[s].ast.fields.len();
                    let field = candidates
                        .filter(|f| listed.is_none_or(|l| l.contains(f)))
                        .find(|&f| category(s, f) == Some(c));
                    (s as u32, field.unwrap_or(0) as u32, 1)
                } else {
                    match witness[s].iter().find(|x| x.category == c) {
                        Some(x) => (x.origin, x.field, x.hops + 1),
                        None => (s as u32, 0, 1),
                    }
                };
                witness[t].push(Witness {
                    category: c,
                    flow: edge.flow,
                    origin,
                    field,
                    hops,
                });
            }
        }
        changed
    };
    let mut stack = Vec::new();
    for (i, members) in components.iter().enumerate() {
        let datasets = || members.iter().map(|m| m.index()).filter(|&m| m < n);
        for m in datasets() {
            for e in in_edges.of(m) {
                if component[edges[e].source as usize] != i {
                    apply(e, &mut eff, &mut witness);
                }
            }
        }
        // A single dataset without a flow to itself is no cycle.
        let single = members.len() == 1;
        if single
            && members[0].index() < n
            && !out_edges
                .of(members[0].index())
                .any(|e| component[edges[e].target as usize] == i)
        {
            continue;
        }
        stack.extend(datasets());
        for &v in &stack {
            queued[v] = true;
        }
        while let Some(v) = stack.pop() {
            queued[v] = false;
            for e in out_edges.of(v) {
                let t = edges[e].target as usize;
                if component[t] == i && apply(e, &mut eff, &mut witness) && !queued[t] {
                    queued[t] = true;
                    stack.push(t);
                }
            }
        }
    }
    let index = index.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Propagated {
        inherited: witness,
        categories: index,
        effective: eff,
        words,
    }
}

/// What propagation found.
struct Propagated {
    inherited: Vec<Vec<Witness>>,
    categories: foldhash::HashMap<String, u32>,
    effective: Vec<u64>,
    words: usize,
}

/// Which of a set of target nodes each node reaches, and by which edge.
#[derive(Debug)]
pub struct Reach {
    /// The target nodes, numbered by their bit.
    pub targets: Vec<NodeIndex>,
    words: usize,
    bits: Vec<u64>,
    /// Per node, for each target it reaches: the first edge of a path,
    /// in the order of the targets.
    next: Vec<Vec<(u32, petgraph::graph::EdgeIndex)>>,
}

impl Reach {
    /// The targets `node` reaches (by bit number).
    pub fn reached(&self, node: NodeIndex) -> impl Iterator<Item = usize> + '_ {
        let row = self
            .bits
            .get(node.index() * self.words..(node.index() + 1) * self.words)
            .unwrap_or(&[]);
        // Set bits only, lowest first: a node that reaches few targets
        // costs a test per word, not one per target.
        row.iter().enumerate().flat_map(|(w, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let b = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(w * 64 + b)
            })
        })
    }

    /// The first edge of a path from `node` to target `bit`.
    pub fn first_edge(&self, node: NodeIndex, bit: usize) -> Option<petgraph::graph::EdgeIndex> {
        let edges = self.next.get(node.index())?;
        let at = edges
            .binary_search_by_key(&bit, |&(b, _)| b as usize)
            .ok()?;
        edges.get(at).map(|&(_, e)| e)
    }

    /// The nodes of a path from `node` to target `bit`, both included
    /// (at most `limit` nodes; longer paths are cut).
    pub fn path(&self, graph: &Graph, node: NodeIndex, bit: usize, limit: usize) -> Vec<NodeIndex> {
        let mut out = vec![node];
        let mut at = node;
        while at != self.targets[bit] && out.len() < limit {
            let Some(e) = self.first_edge(at, bit) else {
                break;
            };
            let Some((_, to)) = graph.graph.edge_endpoints(e) else {
                break;
            };
            at = to;
            out.push(at);
        }
        out
    }
}

impl Graph {
    /// For every node, which `targets` it reaches along edges that carry
    /// personal data (anonymised flows carry none), with the first edge of
    /// one path to each. Linear: strongly connected components are visited
    /// once, sinks first, with targets as bitsets; inside a cycle a worklist
    /// runs until nothing changes.
    pub fn reach(&self, model: &Model, targets: Vec<NodeIndex>) -> Reach {
        let n = self.graph.node_count();
        let words = targets.len().div_ceil(64).max(1);
        let mut bits = vec![0u64; n * words];
        for (i, t) in targets.iter().enumerate() {
            bits[t.index() * words + i / 64] |= 1 << (i % 64);
        }
        // The edges as flat arrays, grouped by source and by target.
        let raw = self.graph.raw_edges();
        // Nothing personal leaves an anonymous dataset.
        let carries: Vec<bool> = raw
            .iter()
            .map(|e| match e.weight {
                Edge::Flow(f) => model.flows[f].carries,
                Edge::Recipient => match self.graph[e.source()] {
                    Node::Dataset(d) => !model.datasets[d].is_anonymous(),
                    Node::Party(_) => true,
                },
                Edge::Subprocessor => true,
            })
            .collect();
        let out_edges = &self.out_edges;
        let in_edges = Csr::new(n, raw.iter().map(|e| e.target().index()));
        let mut next: Vec<Vec<(u32, petgraph::graph::EdgeIndex)>> = vec![Vec::new(); n];
        let components = &self.components;
        let mut component = vec![0u32; n];
        for (i, members) in components.iter().enumerate() {
            for m in members {
                component[m.index()] = i as u32;
            }
        }
        // Pull a successor's targets into `v` through edge `e`.
        let pull = |v: usize,
                    e: usize,
                    bits: &mut Vec<u64>,
                    next: &mut Vec<Vec<(u32, petgraph::graph::EdgeIndex)>>|
         -> bool {
            let w = raw[e].target().index();
            let mut changed = false;
            for k in 0..words {
                let new = bits[w * words + k] & !bits[v * words + k];
                if new == 0 {
                    continue;
                }
                changed = true;
                bits[v * words + k] |= new;
                let mut rest = new;
                while rest != 0 {
                    let b = rest.trailing_zeros();
                    rest &= rest - 1;
                    next[v].push((k as u32 * 64 + b, petgraph::graph::EdgeIndex::new(e)));
                }
            }
            changed
        };
        let mut stack = Vec::new();
        let mut queued = vec![false; n];
        // Components come sinks first: successors are done.
        for (i, members) in components.iter().enumerate() {
            let i = i as u32;
            for m in members {
                for e in out_edges.of(m.index()) {
                    if component[raw[e].target().index()] != i && carries[e] {
                        pull(m.index(), e, &mut bits, &mut next);
                    }
                }
            }
            if members.len() == 1 {
                let m = members[0];
                if !out_edges.of(m.index()).any(|e| raw[e].target() == m) {
                    continue;
                }
            }
            stack.extend(members.iter().map(|m| m.index()));
            for &v in &stack {
                queued[v] = true;
            }
            // A node changed: its predecessors in the component pull again.
            while let Some(w) = stack.pop() {
                queued[w] = false;
                for e in in_edges.of(w) {
                    let v = raw[e].source().index();
                    if component[v] == i
                        && carries[e]
                        && pull(v, e, &mut bits, &mut next)
                        && !queued[v]
                    {
                        queued[v] = true;
                        stack.push(v);
                    }
                }
            }
        }
        // By target, so that a path's every step finds its edge by a
        // binary search: a node on many chains reaches hundreds of targets.
        for edges in &mut next {
            edges.sort_unstable_by_key(|&(bit, _)| bit);
        }
        Reach {
            targets,
            words,
            bits,
            next,
        }
    }
}

/// Category bitsets for matchers built elsewhere (organisation policies):
/// the numbering `propagate` gave, read-only.
impl Graph {
    /// The model's data categories, indexed by their bit number.
    pub fn category_names(&self) -> Vec<&str> {
        let mut names = vec![""; self.categories.len()];
        for (name, &c) in &self.categories {
            if let Some(slot) = names.get_mut(c as usize) {
                *slot = name.as_str();
            }
        }
        names
    }

    /// The bit number of a category that occurs in the model.
    pub fn category_bit(&self, name: &str) -> Option<u32> {
        self.categories.get(name).copied()
    }

    /// How many 64-bit words a category bitset has.
    pub fn category_words(&self) -> usize {
        self.words
    }

    /// The bitset of a dataset's effective categories (empty when out of range).
    pub fn effective_row(&self, dataset: DatasetId) -> &[u64] {
        let at = dataset * self.words;
        self.effective.get(at..at + self.words).unwrap_or(&[])
    }
}
