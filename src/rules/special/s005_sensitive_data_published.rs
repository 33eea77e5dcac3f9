//! ## What it does
//! Reports a dataset whose special-category (`special.*`), criminal-offence
//! (`criminal.*`) or national identity-number (`identity.national_id`)
//! data reaches a party with country `world`: published, or disclosed to
//! anyone who asks. The party may be a recipient of the dataset, a flow's
//! target, or reached from one through `subprocessors`; data that flows in
//! from other datasets counts (the message names its path). Only the
//! categories that reach the party count: a flow's `fields` restrict them,
//! and an `anonymised` flow or an anonymous dataset carries none. One
//! finding per dataset and party, naming the categories and the path.
//!
//! ## Why is this bad?
//! Publication is not a transfer to a third country (CJEU C-101/01
//! *Lindqvist*), so Chapter V does not apply; but putting sensitive data
//! within everyone's reach is among the most serious processing there is.
//! Art. 9 and 10 data may be published only under a condition that covers
//! publication, such as data the person has manifestly made public
//! (Art. 9(2)(e)), and national identity numbers only as national law
//! allows (Art. 87). A public body that must release documents on request
//! must first check whether secrecy applies. The record should show which
//! ground allows this publication, or that the data is stopped before it.
//!
//! ## Example
//! ```ropa
//! controller af { country SE  public_authority }
//! controller public "Anyone who requests a public document" { country world }
//! dataset case_file {
//!   fields { name: identity.name  personnummer: identity.national_id }
//!   recipients public
//! }
//! ```
//!
//! Use instead (release only what may be released):
//! ```ropa
//! dataset case_file {
//!   fields { name: identity.name  personnummer: identity.national_id }
//! }
//! flow case_file -> public { fields name  when "after a secrecy review" }
//! ```
//!
//! ## References
//! - GDPR Art. 9(2)(e), 10, 87; CJEU C-101/01 *Lindqvist*, paras 56–71

use std::collections::BTreeMap;

use super::{fields_where, path_text, Wanted};
use crate::data::RuleData;
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::graph::Node;
use crate::model::Recipient;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S005",
    name: "sensitive-data-published",
    severity: Severity::Warning,
    article: "Art. 9, 10, 87",
    summary: "special, criminal or national-id data that reaches a `world` party",
    doc: crate::rules::docs::S005,
    origin: Origin::Builtin,
};

/// Whether a category is one this rule looks for.
fn sensitive(category: &str) -> bool {
    RuleData::is_special(category)
        || RuleData::is_criminal(category)
        || category == "identity.national_id"
}

/// How a dataset reaches one `world` party: the first recipient that leads
/// there, and the own fields that cross (`None`: every effective field).
struct Route {
    recipient: Recipient,
    only: Option<Vec<usize>>,
}

/// Which groups of sensitive data reach the public.
#[derive(Clone, Copy)]
struct Held {
    special: bool,
    criminal: bool,
    national_id: bool,
}

/// The help: stop the fields, or record the ground for each group that is
/// published. A secrecy review is offered only to a public authority (a
/// private controller has none to make), and the Swedish references only
/// to a Swedish controller.
fn help(lang: Lang, to: &str, held: Held, swedish: bool, authority: bool) -> String {
    let mut grounds: Vec<&str> = Vec::new();
    if held.special {
        grounds.push(lang.of(
            "Art. 9(2)(a) or (e) for special-category data",
            "artikel 9.2 a eller e för särskilda kategorier av personuppgifter",
        ));
    }
    if held.criminal {
        grounds.push(match (lang, swedish) {
            (Lang::En, true) => "Art. 10 with the national authorisation for criminal-offence data (in Sweden dataskyddslagen (2018:218) 3 kap. 8–9 §§ and förordning (2018:219))",
            (Lang::En, false) => "Art. 10 with the national authorisation for criminal-offence data",
            (Lang::Sv, true) => "artikel 10 med det nationella stödet för personuppgifter som rör lagöverträdelser (dataskyddslagen (2018:218) 3 kap. 8–9 §§ och förordningen (2018:219))",
            (Lang::Sv, false) => "artikel 10 med det nationella stödet för personuppgifter som rör lagöverträdelser",
        });
    }
    if held.national_id {
        grounds.push(match (lang, swedish) {
            (Lang::En, true) => "the national rule for a national identity number (in Sweden dataskyddslagen (2018:218) 3 kap. 10 §)",
            (Lang::En, false) => "the national rule for a national identity number",
            (Lang::Sv, true) => "den nationella regeln för ett nationellt identifikationsnummer (dataskyddslagen (2018:218) 3 kap. 10 §)",
            (Lang::Sv, false) => "den nationella regeln för ett nationellt identifikationsnummer",
        });
    }
    let grounds = grounds.join("; ");
    lang.say(
        || {
            let review = match (authority, swedish) {
                (true, true) => ", or that a secrecy review under offentlighets- och sekretesslagen (2009:400) comes before each release",
                (true, false) => ", or that a review of what may be released comes before each release",
                (false, _) => "",
            };
            format!("stop these fields before publication (screen what is uploaded; `fields` on the flow to `{to}`), or record the ground that allows publishing them ({grounds}){review}, in a suppression with that reason")
        },
        || {
            let review = match (authority, swedish) {
                (true, true) => ", eller att en sekretessprövning enligt offentlighets- och sekretesslagen (2009:400) görs före varje utlämnande",
                (true, false) => ", eller att en prövning av vad som får lämnas ut görs före varje utlämnande",
                (false, _) => "",
            };
            format!("stoppa dessa fält före offentliggörandet (granska det som laddas upp; `fields` på flödet till `{to}`), eller ange i en undertryckning med det skälet den grund som tillåter offentliggörandet ({grounds}){review}")
        },
    )
}

/// Every dataset whose sensitive data reaches a `world` party.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let model = cx.model;
    let graph = cx.graph;
    let world: Vec<usize> = (0..model.parties.len())
        .filter(|&p| model.parties[p].publishes())
        .collect();
    if world.is_empty() {
        return Vec::new();
    }
    let wanted = Wanted::new(cx, sensitive);
    // Which `world` parties each party reaches through subprocessors (a
    // party's only edges): one linear pass over the graph.
    let targets = world.iter().map(|&p| graph.party_nodes[p]).collect();
    let reach = graph.reach(model, targets);
    let mut out = Vec::new();
    for (d, dataset) in model.datasets.iter().enumerate() {
        if dataset.is_anonymous() || !wanted.held_by(cx, d) {
            continue;
        }
        // Per `world` party (by bit), how the dataset reaches it.
        let mut routes: BTreeMap<usize, Route> = BTreeMap::new();
        for r in &dataset.recipients {
            let flow = r.flow.map(|f| &model.flows[f]);
            if flow.is_some_and(|f| !f.carries) {
                continue;
            }
            let only = flow.and_then(|f| f.fields.clone());
            for bit in reach.reached(graph.party_nodes[r.party]) {
                let route = routes.entry(bit).or_insert(Route {
                    recipient: *r,
                    only: Some(Vec::new()),
                });
                match (&mut route.only, &only) {
                    (Some(have), Some(more)) => have.extend(more),
                    (slot, _) => *slot = None,
                }
            }
        }
        if routes.is_empty() {
            continue;
        }
        let hits = fields_where(cx, d, &wanted);
        for (bit, route) in routes {
            let crossing: Vec<_> = hits
                .iter()
                .filter(|h| match &route.only {
                    None => true,
                    // A flow's `fields` names fields of its source only.
                    Some(listed) => h.carried.flow.is_none() && listed.contains(&h.carried.field),
                })
                .collect();
            if crossing.is_empty() {
                continue;
            }
            let party = &model.parties[world[bit]];
            let mut categories: Vec<&str> = crossing.iter().map(|h| h.category).collect();
            categories.sort_unstable();
            categories.dedup();
            let fields: Vec<String> = crossing
                .iter()
                .map(|h| match h.carried.flow {
                    None => format!("`{}` ({})", h.field.name.name, h.category),
                    Some(_) => format!(
                        "`{}` ({}, {} {})",
                        h.field.name.name,
                        h.category,
                        cx.lang.of("arriving via", "som kommer via"),
                        path_text(cx, d, &h.carried)
                    ),
                })
                .collect();
            let path: Vec<&str> = reach
                .path(graph, graph.party_nodes[route.recipient.party], bit, 12)
                .iter()
                .map(|n| match graph.graph[*n] {
                    Node::Dataset(x) => model.datasets[x].id(),
                    Node::Party(x) => model.parties[x].id(),
                })
                .collect();
            let swedish = dataset
                .controllers
                .iter()
                .any(|&c| model.parties[c].countries().any(|k| k.name == "SE"));
            let authority = dataset
                .controllers
                .iter()
                .any(|&c| model.parties[c].ast.public_authority.is_some());
            let held = Held {
                special: categories.iter().any(|c| RuleData::is_special(c)),
                criminal: categories.iter().any(|c| RuleData::is_criminal(c)),
                national_id: categories.contains(&"identity.national_id"),
            };
            let (id, to) = (dataset.id(), party.id());
            let (categories, fields, path) =
                (categories.join(", "), fields.join(", "), path.join(" → "));
            let message = cx.lang.say(
                || format!("`{id}` publishes {categories} data to `{to}` (world, the public at large): {fields}; path: {id} → {path}"),
                || format!("`{id}` offentliggör uppgifter av typen {categories} till `{to}` (world, allmänheten): {fields}; väg: {id} → {path}"),
            );
            let help = cx.help(|| help(cx.lang, to, held, swedish, authority));
            out.push(
                Finding::new(&RULE, route.recipient.span, message)
                    .label(said(
                        "sensitive data published",
                        "känsliga uppgifter offentliggörs",
                    ))
                    .related(
                        party.ast.id.span,
                        said("`world`: the public at large", "`world`: allmänheten"),
                    )
                    .help(help)
                    .dataset(dataset.id())
                    .party(party.id()),
            );
        }
    }
    out
}
