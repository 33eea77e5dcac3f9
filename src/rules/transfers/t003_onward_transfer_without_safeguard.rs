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

use compact_str::CompactString;
use serde::Serialize;

use super::{countries_words, third_country_codes};
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::graph::{Edge, Node};
use crate::rules::GraphContext;
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T003",
    name: "onward-transfer-without-safeguard",
    severity: Severity::Error,
    article: "Art. 44",
    summary: "data reaches an unsafe non-EEA party through a chain",
    heading: (
        "data reaching a party outside the EEA through a chain, with no safeguard",
        "uppgifter som via en kedja når en part utanför EES utan skyddsåtgärd",
    ),
    doc: crate::rules::docs::T003,
    origin: Origin::Builtin,
};

/// The most nodes a chain in a message has; a longer one keeps all but
/// the last before `…` and the party.
const CHAIN: usize = 12;

/// Personal data the record shows reaching, through a chain, a party
/// outside the EEA for which it states no safeguard.
#[derive(Debug, Serialize)]
struct OnwardUnsafeguarded {
    dataset: CompactString,
    party: CompactString,
    /// The party's countries outside the EEA (shared by every finding
    /// about the party).
    countries: std::sync::Arc<[String]>,
    /// The datasets and parties from the dataset to the party (`…` for an
    /// elided middle).
    chain: Vec<CompactString>,
}

impl Violation for OnwardUnsafeguarded {
    fn message(&self, w: &Words) -> String {
        let (id, to) = (w.id(&self.dataset), w.id(&self.party));
        let countries = countries_words(w, &self.countries);
        let chain = self.chain.join(" → ");
        w.say(
            || format!("the record states no transfer safeguard (Chapter V) for {to} ({countries}), which the data of {id} reaches through a chain: {chain} ({countries})"),
            || format!("registerförteckningen anger ingen lämplig skyddsåtgärd (kapitel V) för {to} ({countries}), som uppgifterna i {id} når genom en kedja: {chain} ({countries})"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let to = w.id(&self.party);
        let us = self.countries.iter().any(|c| c == "US");
        Text::Owned(match (w.is_legal(), us) {
            (true, true) => w.say(
                || format!("record the certification of {to} under the EU–US Data Privacy Framework, or the signed standard contractual clauses that cover this onward transfer (Art. 44, 46(2)(c)); or stop the data before it reaches {to}"),
                || format!("ange certifieringen av {to} enligt EU–US Data Privacy Framework (DPF), eller de undertecknade standardavtalsklausuler som omfattar den vidare överföringen (artiklarna 44 och 46.2 c); eller se till att uppgifterna inte når {to}"),
            ),
            (true, false) => w.say(
                || format!("record the safeguard that covers this onward transfer to {to}: signed standard contractual clauses (Art. 46(2)(c)) or binding corporate rules (Art. 47); or stop the data before it reaches {to} (Art. 44)"),
                || format!("ange den skyddsåtgärd som omfattar den vidare överföringen till {to}: undertecknade standardavtalsklausuler (artikel 46.2 c) eller bindande företagsbestämmelser (artikel 47); eller se till att uppgifterna inte når {to} (artikel 44)"),
            ),
            (false, true) => w.say(
                || format!("add `transfer dpf` to {to} if it is DPF-certified, else `transfer scc \"<reference>\"`; or stop the data before it"),
                || format!("lägg till `transfer dpf` i {to} om parten är DPF-certifierad, annars `transfer scc \"<hänvisning>\"`; eller stoppa uppgifterna före den"),
            ),
            (false, false) => w.say(
                || format!("add `transfer scc \"<reference>\"` (or `bcr`) to {to}; or stop the data before it"),
                || format!("lägg till `transfer scc \"<hänvisning>\"` (eller `bcr`) i {to}; eller stoppa uppgifterna före den"),
            ),
        })
    }
}

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
    // Each unsafe party's countries, found once per party.
    let mut per_party: Vec<Option<std::sync::Arc<[String]>>> = vec![None; unsafe_parties.len()];
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
            let mut chain: Vec<CompactString> = steps
                .iter()
                .map(|n| {
                    CompactString::from(match graph.graph[*n] {
                        Node::Dataset(x) => model.datasets[x].id(),
                        Node::Party(x) => model.parties[x].id(),
                    })
                })
                .collect();
            if !whole {
                chain.push(CompactString::const_new("…"));
                chain.push(CompactString::from(target.id()));
            }
            let countries = per_party[bit]
                .get_or_insert_with(|| third_country_codes(target, cx.data).into())
                .clone();
            let what = OnwardUnsafeguarded {
                dataset: CompactString::from(dataset.id()),
                party: CompactString::from(target.id()),
                countries,
                chain,
            };
            out.push(
                Finding::of(&RULE, span, what)
                    .label(said("the chain starts here", "kedjan börjar här"))
                    .related(
                        target.ast.id.span,
                        said(
                            "declared here, with no `transfer`",
                            "deklarerad här, utan `transfer`",
                        ),
                    )
                    .dataset(dataset.id())
                    .party(target.id()),
            );
        }
    }
    out
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
