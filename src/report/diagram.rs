//! The data-flow graph as the report draws it: datasets, the parties that
//! receive data (parties without any edge are left out: they appear in the
//! record), and the edges between them.

use crate::data::RuleData;
use crate::graph::{Edge, Graph, Node};
use crate::model::{Model, Party};
use crate::syntax::ast::{self, PartyKind};

/// Above this many nodes the graph is not drawn: it would not be legible.
pub const MAX_NODES: usize = 400;

/// Whether a drawing of this many nodes and edges is drawn; a larger one
/// is named by its size instead.
pub fn fits(nodes: usize, edges: usize) -> bool {
    nodes <= MAX_NODES && edges <= 4 * MAX_NODES
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A dataset.
    Dataset,
    /// A controller.
    Controller,
    /// A processor.
    Processor,
}

/// A node of the drawing.
#[derive(Debug, Clone)]
pub struct DNode {
    /// The identifier.
    pub id: String,
    /// The display name, or the identifier.
    pub name: String,
    /// Dataset, controller or processor.
    pub kind: NodeKind,
    /// A party's countries.
    pub countries: Vec<String>,
    /// A party outside the EEA.
    pub outside_eea: bool,
    /// A party's transfer mechanism.
    pub mechanism: Option<String>,
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A flow between datasets.
    Flow,
    /// A dataset's recipient (from `recipients` or a flow to a party).
    Recipient,
    /// A processor's subprocessor.
    Subprocessor,
}

/// An edge of the drawing.
#[derive(Debug, Clone)]
pub struct DEdge {
    /// Index of the source node.
    pub from: usize,
    /// Index of the target node.
    pub to: usize,
    /// Flow, recipient or subprocessor.
    pub kind: EdgeKind,
    /// Only anonymous data crosses.
    pub anonymised: bool,
    /// Pseudonymised data crosses.
    pub pseudonymised: bool,
    /// The fields that cross.
    pub fields: Vec<String>,
}

/// The nodes and edges to draw.
#[derive(Debug, Clone, Default)]
pub struct Diagram {
    /// Datasets first, then parties, in declaration order.
    pub nodes: Vec<DNode>,
    /// Edges in the graph's order.
    pub edges: Vec<DEdge>,
    /// Set, with the number of nodes, instead of `nodes` and `edges` by
    /// [`Diagram::build_for_svg`] when the drawing is too large to draw
    /// (see [`Diagram::too_large`]).
    counted: Option<usize>,
}

fn name_of(id: &ast::Ident, display: &Option<ast::Str>) -> String {
    display
        .as_ref()
        .map_or_else(|| id.name.to_string(), |n| n.value.to_string())
}

fn party_node(model: &Model, p: &Party, data: &RuleData) -> DNode {
    DNode {
        id: p.id().to_string(),
        name: name_of(&p.ast.id, &p.ast.display_name),
        kind: match p.ast.kind {
            PartyKind::Controller => NodeKind::Controller,
            PartyKind::Processor => NodeKind::Processor,
        },
        countries: p.countries().map(|c| c.name.to_string()).collect(),
        outside_eea: model.party_outside_eea(p, data),
        mechanism: p.mechanism().map(str::to_string),
    }
}

impl Diagram {
    /// The drawing of a model's graph.
    pub fn build(model: &Model, graph: &Graph, data: &RuleData) -> Diagram {
        Diagram::make(model, graph, data, &parties_used(graph, model))
    }

    /// The drawing, or only its size when it is too large for the SVG
    /// ([`fits`]): a large model's drawing is never shown, and making
    /// it cost a tenth of a second and 90 MB on 100 000 datasets.
    pub fn build_for_svg(model: &Model, graph: &Graph, data: &RuleData) -> Diagram {
        let used = parties_used(graph, model);
        // Every edge is drawn: its ends are datasets or parties in use.
        let nodes = model.datasets.len() + used.iter().filter(|&&u| u).count();
        if !fits(nodes, graph.graph.edge_count()) {
            return Diagram {
                counted: Some(nodes),
                ..Diagram::default()
            };
        }
        Diagram::make(model, graph, data, &used)
    }

    fn make(model: &Model, graph: &Graph, data: &RuleData, party_used: &[bool]) -> Diagram {
        let g = &graph.graph;
        let mut nodes: Vec<DNode> = model
            .datasets
            .iter()
            .map(|d| DNode {
                id: d.id().to_string(),
                name: name_of(&d.ast.id, &d.ast.display_name),
                kind: NodeKind::Dataset,
                countries: Vec::new(),
                outside_eea: false,
                mechanism: None,
            })
            .collect();
        let mut party_pos = vec![None; model.parties.len()];
        for (i, p) in model.parties.iter().enumerate() {
            if party_used[i] {
                party_pos[i] = Some(nodes.len());
                nodes.push(party_node(model, p, data));
            }
        }
        let index = |n: Node| match n {
            Node::Dataset(d) => Some(d),
            Node::Party(p) => party_pos.get(p).copied().flatten(),
        };
        let edges = g
            .edge_indices()
            .filter_map(|e| {
                let (a, b) = g.edge_endpoints(e)?;
                let (from, to) = (index(g[a])?, index(g[b])?);
                Some(edge(model, from, to, g[e], g[a]))
            })
            .collect();
        Diagram {
            nodes,
            edges,
            counted: None,
        }
    }

    /// Its number of nodes, when it is too large for the SVG
    /// ([`fits`]): counted by [`Diagram::build_for_svg`], or measured
    /// on a drawing made whole.
    pub fn too_large(&self) -> Option<usize> {
        self.counted
            .or_else(|| (!fits(self.nodes.len(), self.edges.len())).then_some(self.nodes.len()))
    }
}

/// Which parties have an edge (the others are not drawn).
fn parties_used(graph: &Graph, model: &Model) -> Vec<bool> {
    let g = &graph.graph;
    let mut used = vec![false; model.parties.len()];
    for e in g.edge_indices() {
        let Some((a, b)) = g.edge_endpoints(e) else {
            continue;
        };
        for n in [a, b] {
            if let Node::Party(p) = g[n] {
                if let Some(u) = used.get_mut(p) {
                    *u = true;
                }
            }
        }
    }
    used
}

fn edge(model: &Model, from: usize, to: usize, kind: Edge, source: Node) -> DEdge {
    let declared = |d: usize| -> Vec<String> {
        model
            .datasets
            .get(d)
            .map(|d| {
                d.ast
                    .fields
                    .iter()
                    .map(|f| f.name.name.to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = DEdge {
        from,
        to,
        kind: EdgeKind::Recipient,
        anonymised: false,
        pseudonymised: false,
        fields: Vec::new(),
    };
    match kind {
        Edge::Flow(f) => {
            if let Some(flow) = model.flows.get(f) {
                out.kind = match flow.target {
                    crate::model::Target::Dataset(_) => EdgeKind::Flow,
                    crate::model::Target::Party(_) => EdgeKind::Recipient,
                };
                out.anonymised = flow.ast.anonymised.is_some();
                out.pseudonymised = flow.ast.pseudonymised.is_some();
                out.fields = match &flow.fields {
                    Some(list) => {
                        let src = declared(flow.source);
                        list.iter().filter_map(|&i| src.get(i).cloned()).collect()
                    }
                    None => declared(flow.source),
                };
            }
        }
        Edge::Recipient => {
            if let Node::Dataset(d) = source {
                out.fields = declared(d);
            }
        }
        Edge::Subprocessor => out.kind = EdgeKind::Subprocessor,
    }
    out
}
