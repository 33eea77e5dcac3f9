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

use serde::Serialize;

use super::{fields_where, path_ids, Wanted};
use crate::data::RuleData;
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity, Text, Violation, Vocab, Words};
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
    heading: (
        "sensitive data, criminal-offence data or identity numbers that are published",
        "känsliga uppgifter, uppgifter om lagöverträdelser eller identitetsnummer som offentliggörs",
    ),
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

impl Held {
    /// The groups `categories` belong to.
    fn of(categories: &[String]) -> Held {
        Held {
            special: categories.iter().any(|c| RuleData::is_special(c)),
            criminal: categories.iter().any(|c| RuleData::is_criminal(c)),
            national_id: categories.iter().any(|c| c == "identity.national_id"),
        }
    }
}

/// A field that reaches the public.
#[derive(Debug, Serialize)]
struct Reaching {
    field: String,
    category: String,
    /// The datasets it comes through, when it flows in from another.
    path: Option<Vec<String>>,
}

/// Sensitive data the record shows reaching a party that publishes.
#[derive(Debug, Serialize)]
struct Published {
    dataset: String,
    party: String,
    /// The sensitive categories that reach it, sorted.
    categories: Vec<String>,
    fields: Vec<Reaching>,
    /// The nodes from the dataset's recipient to the party.
    path: Vec<String>,
    /// Whether a controller of the dataset is in Sweden.
    swedish: bool,
    /// Whether a controller of the dataset is a public authority.
    authority: bool,
}

impl Violation for Published {
    fn message(&self, w: &Words) -> String {
        let (id, to) = (w.id(&self.dataset), w.id(&self.party));
        let categories = w.list(&self.categories, |c| w.value(Vocab::Category, c).to_string());
        let fields: Vec<String> = self
            .fields
            .iter()
            .map(|f| {
                let (name, category) = (w.id(&f.field), w.value(Vocab::Category, &f.category));
                match &f.path {
                    None => format!("{name} ({category})"),
                    Some(path) => format!(
                        "{name} ({category}, {} {})",
                        w.of("arriving via", "som kommer via"),
                        path.join(" → ")
                    ),
                }
            })
            .collect();
        let fields = w.list(&fields, str::to_string);
        let path = format!("{} → {}", self.dataset, self.path.join(" → "));
        let public = if w.is_legal() {
            w.of("the public at large", "allmänheten")
        } else {
            w.of("world, the public at large", "world, allmänheten")
        };
        w.say(
            || format!("the record shows {categories} of {id} reaching {to} ({public}): {fields}; path: {path}"),
            || format!("enligt registerförteckningen når {categories} i {id} fram till {to} ({public}): {fields}; väg: {path}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let held = Held::of(&self.categories);
        Text::Owned(if w.is_legal() {
            legal_help(w.lang, held, self.swedish, self.authority)
        } else {
            help(w.lang, &self.party, held, self.swedish, self.authority)
        })
    }
}

/// The grounds that may allow publishing each group, in the language. A
/// Swedish controller is given the Swedish references.
fn grounds(lang: Lang, held: Held, swedish: bool) -> String {
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
    grounds.join("; ")
}

/// The secrecy review a public authority makes before a release (none for
/// a private controller), after a comma.
fn review(lang: Lang, swedish: bool, authority: bool) -> &'static str {
    match (lang, authority, swedish) {
        (Lang::En, true, true) => ", or that a secrecy review under offentlighets- och sekretesslagen (2009:400) comes before each release",
        (Lang::En, true, false) => ", or that a review of what may be released comes before each release",
        (Lang::Sv, true, true) => ", eller att en sekretessprövning enligt offentlighets- och sekretesslagen (2009:400) görs före varje utlämnande",
        (Lang::Sv, true, false) => ", eller att en prövning av vad som får lämnas ut görs före varje utlämnande",
        (_, false, _) => "",
    }
}

/// The help: stop the fields, or record the ground for each group that is
/// published. A secrecy review is offered only to a public authority (a
/// private controller has none to make), and the Swedish references only
/// to a Swedish controller.
fn help(lang: Lang, to: &str, held: Held, swedish: bool, authority: bool) -> String {
    let (grounds, review) = (grounds(lang, held, swedish), review(lang, swedish, authority));
    lang.say(
        || format!("stop these fields before publication (screen what is uploaded; `fields` on the flow to `{to}`), or record the ground that allows publishing them ({grounds}){review}, in a suppression with that reason"),
        || format!("stoppa dessa fält före offentliggörandet (granska det som laddas upp; `fields` på flödet till `{to}`), eller ange i en undertryckning med det skälet den grund som tillåter offentliggörandet ({grounds}){review}"),
    )
}

/// [`help`] for the record's readers: what to do or record, without
/// syntax.
fn legal_help(lang: Lang, held: Held, swedish: bool, authority: bool) -> String {
    let (grounds, review) = (grounds(lang, held, swedish), review(lang, swedish, authority));
    lang.say(
        || format!("stop these data before publication (screen what is uploaded and what is released), or record the ground that allows publishing them ({grounds}){review}"),
        || format!("stoppa dessa uppgifter före offentliggörandet (granska det som laddas upp och det som lämnas ut), eller ange den grund som tillåter att de offentliggörs ({grounds}){review}"),
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
            let mut categories: Vec<String> =
                crossing.iter().map(|h| h.category.to_string()).collect();
            categories.sort_unstable();
            categories.dedup();
            let fields: Vec<Reaching> = crossing
                .iter()
                .map(|h| Reaching {
                    field: h.field.name.name.to_string(),
                    category: h.category.to_string(),
                    path: h.carried.flow.map(|_| {
                        path_ids(cx, d, &h.carried)
                            .into_iter()
                            .map(str::to_string)
                            .collect()
                    }),
                })
                .collect();
            let path: Vec<String> = reach
                .path(graph, graph.party_nodes[route.recipient.party], bit, 12)
                .iter()
                .map(|n| match graph.graph[*n] {
                    Node::Dataset(x) => model.datasets[x].id().to_string(),
                    Node::Party(x) => model.parties[x].id().to_string(),
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
            let what = Published {
                dataset: dataset.id().to_string(),
                party: party.id().to_string(),
                categories,
                fields,
                path,
                swedish,
                authority,
            };
            out.push(
                Finding::of(&RULE, route.recipient.span, what)
                    .label(said(
                        "sensitive data published",
                        "känsliga uppgifter offentliggörs",
                    ))
                    .related(
                        party.ast.id.span,
                        said("`world`: the public at large", "`world`: allmänheten"),
                    )
                    .dataset(dataset.id())
                    .party(party.id()),
            );
        }
    }
    out
}
