//! ## What it does
//! Reports personal data that reaches a party outside the EEA with no
//! `transfer` mechanism through a chain: a processor's `subprocessors`, or
//! flows into other datasets and on to their recipients. One finding per
//! dataset and unsafe party, with the whole chain in the message
//! (`chat_log → telia → acme_cloud (US)`); a chain of more than twelve
//! nodes keeps its first eleven and the party, with `…` between. A party
//! the dataset sends to directly is `T001`'s business, not this rule's.
//! As for T001, `third` counts as outside the EEA and `world`
//! (publication) never does; nothing personal travels out of an anonymous
//! dataset or through an `anonymised` flow.
//!
//! ## Why is this bad?
//! Chapter V applies to onward transfers too (Art. 44): a Swedish processor
//! that stores the data with a US sub-processor transfers it outside the
//! EEA on the controller's behalf, and the controller must make sure a
//! safeguard covers that hop (Art. 28(4)).
//!
//! ## Example
//! ```ropa
//! processor telia "Telia Company AB" { country SE  dpa "PUB-1"  subprocessors acme_cloud }
//! processor acme_cloud "Acme Cloud Inc" { country US  dpa "DPA-7" }
//! dataset chat_log { recipients telia }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor acme_cloud "Acme Cloud Inc" {
//!   country US
//!   dpa "DPA-7"
//!   transfer scc "SCC 2021/914 module 3, signed 2025-02"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 44, 28(2), 28(4)

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity, Text};
use crate::graph::{Edge, Node};
use crate::rules::transfers::third_countries;
use crate::rules::GraphContext;
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T003",
    name: "onward-transfer-without-safeguard",
    severity: Severity::Error,
    article: "Art. 44",
    summary: "data reaches an unsafe non-EEA party through a chain",
    doc: crate::rules::docs::T003,
    origin: Origin::Builtin,
};

/// The most nodes a chain in a message has; a longer one keeps all but
/// the last before `…` and the party.
const CHAIN: usize = 12;

/// Every dataset whose data reaches an unsafe party through a chain.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let model = cx.model;
    let graph = cx.graph;
    let unsafe_parties: Vec<usize> = (0..model.parties.len())
        .filter(|&p| {
            let party = &model.parties[p];
            party.ast.transfer.is_none() && model.party_outside_eea(party, cx.data)
        })
        .collect();
    if unsafe_parties.is_empty() {
        return Vec::new();
    }
    let targets = unsafe_parties
        .iter()
        .map(|&p| graph.party_nodes[p])
        .collect();
    let reach = graph.reach(model, targets);
    // What each unsafe party's findings share, made once per party.
    let mut per_party: Vec<Option<(String, Text)>> = vec![None; unsafe_parties.len()];
    let mut out = Vec::new();
    for (d, dataset) in model.datasets.iter().enumerate() {
        let node = graph.dataset_nodes[d];
        for bit in reach.reached(node) {
            let party = unsafe_parties[bit];
            if dataset.recipients.iter().any(|r| r.party == party) {
                continue; // a direct recipient: T001
            }
            let Some(edge) = reach.first_edge(node, bit) else {
                continue;
            };
            let span = first_hop_span(cx, d, edge);
            let target = &model.parties[party];
            // The chain is walked for at most `CHAIN` steps, so that a long
            // chain costs no more than a short one; a longer one is elided
            // before the party, which always ends it: the country in
            // brackets after it is the party's.
            let mut steps = reach.path(graph, node, bit, CHAIN);
            let whole = steps.last() == Some(&graph.party_nodes[party]);
            if !whole {
                steps.truncate(CHAIN - 1);
            }
            let mut chain = String::new();
            for (i, n) in steps.iter().enumerate() {
                if i > 0 {
                    chain.push_str(" → ");
                }
                chain.push_str(match graph.graph[*n] {
                    Node::Dataset(x) => model.datasets[x].id(),
                    Node::Party(x) => model.parties[x].id(),
                });
            }
            if !whole {
                chain.push_str(" → … → ");
                chain.push_str(target.id());
            }
            let (countries, help_text) = per_party[bit].get_or_insert_with(|| {
                (
                    third_countries(target, cx.data, cx.lang),
                    cx.help(|| help(target, cx.lang)),
                )
            });
            let (id, to) = (dataset.id(), target.id());
            let message = cx.lang.say(
                || format!("data of `{id}` reaches `{to}` ({countries}) without a transfer safeguard: {chain} ({countries})"),
                || format!("uppgifter ur `{id}` når `{to}` ({countries}) utan lämplig skyddsåtgärd: {chain} ({countries})"),
            );
            out.push(
                Finding::new(&RULE, span, message)
                    .label(said("the chain starts here", "kedjan börjar här"))
                    .related(
                        target.ast.id.span,
                        said(
                            "declared here, with no `transfer`",
                            "deklarerad här, utan `transfer`",
                        ),
                    )
                    .help(help_text.clone())
                    .dataset(dataset.id())
                    .party(target.id()),
            );
        }
    }
    out
}

/// What to write, depending on where the unsafe party is.
fn help(target: &crate::model::Party, lang: Lang) -> String {
    let id = target.id();
    let us = target.countries().any(|c| c.name == "US");
    if lang == Lang::Sv {
        return if us {
            format!("lägg till `transfer dpf` i `{id}` om parten är DPF-certifierad, annars `transfer scc \"<hänvisning>\"`; eller stoppa uppgifterna före den")
        } else {
            format!("lägg till `transfer scc \"<hänvisning>\"` (eller `bcr`) i `{id}`; eller stoppa uppgifterna före den")
        };
    }
    if us {
        format!("add `transfer dpf` to `{id}` if it is DPF-certified, else `transfer scc \"<reference>\"`; or stop the data before it")
    } else {
        format!(
            "add `transfer scc \"<reference>\"` (or `bcr`) to `{id}`; or stop the data before it"
        )
    }
}

/// Where the chain leaves the dataset: its recipient reference or flow target.
fn first_hop_span(cx: &GraphContext, dataset: usize, edge: petgraph::graph::EdgeIndex) -> Span {
    let d = &cx.model.datasets[dataset];
    match cx.graph.graph[edge] {
        Edge::Flow(f) => cx.model.flows[f].ast.target.span,
        _ => {
            let to = cx
                .graph
                .graph
                .edge_endpoints(edge)
                .map(|(_, t)| cx.graph.graph[t]);
            d.recipients
                .iter()
                .find(|r| Some(Node::Party(r.party)) == to)
                .map_or(d.ast.id.span, |r| r.span)
        }
    }
}
