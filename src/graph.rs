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
    /// Whether it crossed a `pseudonymised` flow on the way.
    pub pseudonymised: bool,
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
    /// Each dataset's fields that arrive through flows.
    inherited: Vec<Vec<Carried>>,
}

impl Graph {
    /// Builds the graph of a model.
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
        Graph {
            graph,
            dataset_nodes,
            party_nodes,
            inherited: vec![Vec::new(); model.datasets.len()],
        }
    }

    /// For each dataset, how many distinct datasets send it personal data
    /// (non-anonymised flows): the "combined sources" criterion.
    pub fn incoming_sources(&self, model: &Model) -> Vec<usize> {
        let mut senders: Vec<Vec<DatasetId>> = vec![Vec::new(); model.datasets.len()];
        for f in model.flows.iter().filter(|f| f.ast.anonymised.is_none()) {
            if let Target::Dataset(t) = f.target {
                if t != f.source && !senders[t].contains(&f.source) {
                    senders[t].push(f.source);
                }
            }
        }
        senders.iter().map(Vec::len).collect()
    }

    /// A dataset's effective fields: its own, then those that flow in.
    pub fn effective_fields(&self, model: &Model, dataset: DatasetId) -> Vec<Carried> {
        let own = (0..model.datasets[dataset].ast.fields.len()).map(|field| Carried {
            origin: dataset,
            field,
            flow: None,
            pseudonymised: false,
        });
        own.chain(self.inherited[dataset].iter().cloned()).collect()
    }
}
