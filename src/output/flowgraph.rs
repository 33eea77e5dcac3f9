//! `ropa graph`: the data-flow graph as DOT, Mermaid or JSON.
//!
//! Datasets are boxes, parties ellipses; parties outside the EEA are drawn
//! red and carry their countries. Edges are flows (labelled with the fields
//! that cross, or `anonymised`), recipients, and subprocessors (dashed).

use serde::Serialize;

use crate::data::RuleData;
use crate::graph::{Edge, Graph, Node};
use crate::model::{Model, Target};
use crate::syntax::ast::PartyKind;

/// A node as the renderers see it.
#[derive(Serialize)]
struct GNode {
    id: String,
    kind: &'static str,
    name: String,
    countries: Vec<String>,
    outside_eea: bool,
    transfer: Option<String>,
}

/// An edge as the renderers see it.
#[derive(Serialize)]
struct GEdge {
    from: String,
    to: String,
    kind: &'static str,
    fields: Vec<String>,
    anonymised: bool,
    pseudonymised: bool,
}

impl GEdge {
    fn label(&self) -> String {
        if self.anonymised {
            return "anonymised".to_string();
        }
        if self.kind == "subprocessor" {
            return "subprocessor".to_string();
        }
        let mut label = shorten(&self.fields);
        if self.pseudonymised {
            label.push_str(" (pseudonymised)");
        }
        label
    }
}

/// At most six names, then how many more.
fn shorten(names: &[String]) -> String {
    if names.len() <= 6 {
        return names.join(", ");
    }
    format!("{}, +{} more", names[..6].join(", "), names.len() - 6)
}

fn collect(model: &Model, graph: &Graph, data: &RuleData) -> (Vec<GNode>, Vec<GEdge>) {
    let node_id = |n: Node| match n {
        Node::Dataset(d) => model.datasets[d].id().to_string(),
        Node::Party(p) => model.parties[p].id().to_string(),
    };
    let mut nodes = Vec::new();
    for d in &model.datasets {
        nodes.push(GNode {
            id: d.id().to_string(),
            kind: "dataset",
            name: d
                .ast
                .display_name
                .as_ref()
                .map_or_else(|| d.id().to_string(), |n| n.value.to_string()),
            countries: Vec::new(),
            outside_eea: false,
            transfer: None,
        });
    }
    for p in &model.parties {
        nodes.push(GNode {
            id: p.id().to_string(),
            kind: match p.ast.kind {
                PartyKind::Controller => "controller",
                PartyKind::Processor => "processor",
            },
            name: p
                .ast
                .display_name
                .as_ref()
                .map_or_else(|| p.id().to_string(), |n| n.value.to_string()),
            countries: p.countries().map(|c| c.name.to_string()).collect(),
            outside_eea: model.party_outside_eea(p, data),
            transfer: p.mechanism().map(str::to_string),
        });
    }
    let mut edges = Vec::new();
    for e in graph.graph.edge_indices() {
        let Some((from, to)) = graph.graph.edge_endpoints(e) else {
            continue;
        };
        let (from, to) = (graph.graph[from], graph.graph[to]);
        let declared = |d: usize| -> Vec<String> {
            model.datasets[d]
                .ast
                .fields
                .iter()
                .map(|f| f.name.name.to_string())
                .collect()
        };
        let edge = match graph.graph[e] {
            Edge::Flow(f) => {
                let flow = &model.flows[f];
                let src = &model.datasets[flow.source].ast;
                let fields = match &flow.fields {
                    Some(list) => list
                        .iter()
                        .filter_map(|&i| src.fields.get(i))
                        .map(|x| x.name.name.to_string())
                        .collect(),
                    None => declared(flow.source),
                };
                GEdge {
                    from: node_id(from),
                    to: node_id(to),
                    kind: match flow.target {
                        Target::Dataset(_) => "flow",
                        Target::Party(_) => "recipient",
                    },
                    fields,
                    anonymised: flow.ast.anonymised.is_some(),
                    pseudonymised: flow.ast.pseudonymised.is_some(),
                }
            }
            Edge::Recipient => GEdge {
                from: node_id(from),
                to: node_id(to),
                kind: "recipient",
                fields: match from {
                    Node::Dataset(d) => declared(d),
                    Node::Party(_) => Vec::new(),
                },
                anonymised: false,
                pseudonymised: false,
            },
            Edge::Subprocessor => GEdge {
                from: node_id(from),
                to: node_id(to),
                kind: "subprocessor",
                fields: Vec::new(),
                anonymised: false,
                pseudonymised: false,
            },
        };
        edges.push(edge);
    }
    (nodes, edges)
}

fn dot_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // Graphviz stops at a NUL and may reject other control
            // characters: each shows as U+FFFD.
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The longest line of a DOT label, in characters: Graphviz's lexer refuses
/// a quoted string longer than 16 384 bytes, and a label this long is
/// unreadable anyway. A longer name is cut and ends in `…`.
const MAX_LABEL_LINE: usize = 200;

/// The longest ID written as a DOT node name, in bytes; a node with a
/// longer ID is named `long-id-N` (its label still shows the ID, cut). No
/// ropa identifier contains `-`, so these names never meet a real one.
const MAX_DOT_ID: usize = 1024;

/// `text` cut to [`MAX_LABEL_LINE`] characters.
fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_LABEL_LINE) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

fn node_label(n: &GNode) -> String {
    let mut label = cut(&n.name);
    if n.name != n.id {
        label.push_str(&format!("\n({})", cut(&n.id)));
    }
    if !n.countries.is_empty() && n.kind != "dataset" {
        label.push_str(&format!("\n{}", n.countries.join(", ")));
    }
    if n.outside_eea {
        label.push_str("\noutside the EEA");
    }
    if let Some(t) = &n.transfer {
        label.push_str(&format!("\ntransfer: {}", cut(t)));
    }
    label
}

/// The DOT name of the node with `id`, the `index`-th node.
fn dot_id(id: &str, index: usize) -> String {
    if id.len() <= MAX_DOT_ID {
        dot_string(id)
    } else {
        format!("\"long-id-{index}\"")
    }
}

/// The graph in Graphviz DOT.
pub fn dot(model: &Model, graph: &Graph, data: &RuleData) -> String {
    let (nodes, edges) = collect(model, graph, data);
    let index: std::collections::HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let name = |id: &str| dot_id(id, index.get(id).copied().unwrap_or(usize::MAX));
    let mut out = String::from("digraph ropa {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for n in &nodes {
        let style = match (n.kind, n.outside_eea) {
            ("dataset", _) => "shape=box, style=\"rounded,filled\", fillcolor=\"#e8f0fe\"",
            (_, true) => {
                "shape=ellipse, style=filled, fillcolor=\"#fde0dc\", color=\"#c5221f\", penwidth=2"
            }
            ("controller", false) => "shape=ellipse, style=filled, fillcolor=\"#e6f4ea\"",
            _ => "shape=ellipse, style=filled, fillcolor=\"#f1f3f4\"",
        };
        out.push_str(&format!(
            "  {} [label={}, {style}];\n",
            name(&n.id),
            dot_string(&node_label(n))
        ));
    }
    for e in &edges {
        let style = match e.kind {
            "subprocessor" => ", style=dashed",
            _ if e.anonymised => ", style=dotted",
            _ => "",
        };
        out.push_str(&format!(
            "  {} -> {} [label={}{style}];\n",
            name(&e.from),
            name(&e.to),
            dot_string(&cut(&e.label()))
        ));
    }
    out.push_str("}\n");
    out
}

fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The graph as a Mermaid flowchart.
pub fn mermaid(model: &Model, graph: &Graph, data: &RuleData) -> String {
    let (nodes, edges) = collect(model, graph, data);
    let index: std::collections::HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let mut out = String::from("flowchart LR\n");
    for (i, n) in nodes.iter().enumerate() {
        let label = mermaid_text(&node_label(n));
        let shape = if n.kind == "dataset" {
            format!("n{i}[\"{label}\"]")
        } else {
            format!("n{i}([\"{label}\"])")
        };
        out.push_str(&format!("  {shape}\n"));
    }
    for e in &edges {
        let (Some(a), Some(b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        let arrow = if e.kind == "subprocessor" || e.anonymised {
            "-.->"
        } else {
            "-->"
        };
        out.push_str(&format!(
            "  n{a} {arrow}|\"{}\"| n{b}\n",
            mermaid_text(&e.label())
        ));
    }
    out.push_str("  classDef outside fill:#fde0dc,stroke:#c5221f,stroke-width:2px\n");
    let outside: Vec<String> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.outside_eea)
        .map(|(i, _)| format!("n{i}"))
        .collect();
    if !outside.is_empty() {
        out.push_str(&format!("  class {} outside\n", outside.join(",")));
    }
    out
}

/// The graph as JSON: `{ "nodes": [...], "edges": [...] }`.
pub fn json(model: &Model, graph: &Graph, data: &RuleData) -> String {
    #[derive(Serialize)]
    struct Doc {
        nodes: Vec<GNode>,
        edges: Vec<GEdge>,
    }
    let (nodes, edges) = collect(model, graph, data);
    let mut out = serde_json::to_string_pretty(&Doc { nodes, edges }).unwrap_or_default();
    out.push('\n');
    out
}
