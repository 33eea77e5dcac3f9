//! The facts the model derives for the rules (language version 2):
//! anonymity, a purpose's retention, the law a basis rests on, where a
//! party's countries put it.

use crate::common;

use ropa::data::{Place, RuleData};
use ropa::model::Anonymity;

fn anonymity(run: &ropa::check::Run, id: &str) -> Anonymity {
    let d = run.model.dataset_index[id];
    run.model.datasets[d].anonymity
}

const ANONYMITY: &str = r#"
controller c { country SE }
dataset applications {
  fields { name: identity.name  email: contact.email }
  purpose recruitment { basis contract }
  retention 6 months
}
// Implied: no fields, and the one flow in is anonymised.
dataset stats {
  purpose statistics { basis legitimate_interest "LIA" }
  retention 1 year
}
flow applications -> stats { anonymised }
// Declared, and only anonymous data arrives.
dataset yearly {
  anonymous
  fields { year  count }
  purpose statistics { basis legitimate_interest "LIA" }
}
flow stats -> yearly
// Declared, but personal data arrives through a flow that is not anonymised.
dataset leaky {
  anonymous
  purpose statistics { basis legitimate_interest "LIA" }
}
flow applications -> leaky
// Declared, but a field has a category.
dataset named {
  anonymous
  fields { email: contact.email }
  purpose statistics { basis legitimate_interest "LIA" }
}
// Contradicted data spreads: `named` is personal, so is what it feeds.
dataset downstream {
  purpose statistics { basis legitimate_interest "LIA" }
}
flow named -> downstream
// No fields and no flow in: nothing implies anonymity.
dataset empty {
  purpose statistics { basis legitimate_interest "LIA" }
}
"#;

#[test]
fn anonymity_is_declared_implied_or_contradicted() {
    let run = common::check_texts(&[("m.ropa", ANONYMITY)]);
    assert_eq!(anonymity(&run, "applications"), Anonymity::Personal);
    assert_eq!(anonymity(&run, "stats"), Anonymity::Implied);
    assert_eq!(anonymity(&run, "yearly"), Anonymity::Declared);
    assert_eq!(anonymity(&run, "leaky"), Anonymity::Contradicted);
    assert_eq!(anonymity(&run, "named"), Anonymity::Contradicted);
    assert_eq!(anonymity(&run, "downstream"), Anonymity::Personal);
    assert_eq!(anonymity(&run, "empty"), Anonymity::Personal);
    assert!(Anonymity::Implied.is_anonymous() && Anonymity::Declared.is_anonymous());
    assert!(!Anonymity::Contradicted.is_anonymous());
}

#[test]
fn nothing_personal_leaves_an_anonymous_dataset() {
    let run = common::check_texts(&[("m.ropa", ANONYMITY)]);
    let m = &run.model;
    for f in &m.flows {
        let source = &m.datasets[f.source];
        let expect = f.ast.anonymised.is_none() && !source.is_anonymous();
        assert_eq!(f.carries, expect, "flow from `{}`", source.id());
    }
    // `stats -> yearly` is not marked anonymised, yet carries nothing.
    let stats = m.dataset_index["stats"];
    assert!(m.flows.iter().any(|f| f.source == stats && !f.carries));
    // So no field reaches `yearly` or `stats`.
    for id in ["stats", "yearly"] {
        let d = m.dataset_index[id];
        let inherited: Vec<_> = run
            .graph
            .effective_fields(m, d)
            .into_iter()
            .filter(|c| c.flow.is_some())
            .collect();
        assert!(inherited.is_empty(), "{id}: {inherited:?}");
    }
    // While `leaky` receives the applications' fields.
    let leaky = m.dataset_index["leaky"];
    assert_eq!(run.graph.effective_fields(m, leaky).len(), 2);
}

#[test]
fn a_recipient_of_an_anonymous_dataset_is_reached_by_nothing() {
    let text = r#"
controller c { country SE }
processor cloud { country US  dpa "D" }
dataset stats {
  anonymous
  fields { count }
  purpose statistics { basis legitimate_interest "LIA" }
  recipients cloud
}
dataset people {
  fields { email: contact.email }
  purpose service { basis contract }
  recipients cloud
}
"#;
    let run = common::check_texts(&[("m.ropa", text)]);
    let m = &run.model;
    let g = &run.graph;
    let cloud = g.party_nodes[m.party_index["cloud"]];
    let reach = g.reach(m, vec![cloud]);
    let stats = g.dataset_nodes[m.dataset_index["stats"]];
    let people = g.dataset_nodes[m.dataset_index["people"]];
    assert_eq!(reach.reached(stats).count(), 0);
    assert_eq!(reach.reached(people).count(), 1);
}

#[test]
fn a_purpose_keeps_its_own_retention_else_the_datasets() {
    let text = r#"
controller c { country SE }
dataset applications {
  fields { name: identity.name }
  purpose recruitment { basis contract }
  purpose talent_pool { basis consent  retention 24 months }
  retention 6 months
}
dataset pool {
  fields { name: identity.name }
  purpose talent_pool { basis consent  retention 24 months }
}
"#;
    let run = common::check_texts(&[("m.ropa", text)]);
    let m = &run.model;
    let apps = &m.datasets[m.dataset_index["applications"]];
    let shown = |i: usize| {
        let r = apps.retention_of(&apps.ast.purposes[i]).unwrap();
        format!("{:?}", r.value.length())
    };
    assert_ne!(shown(0), shown(1));
    assert_eq!(
        apps.retention_of(&apps.ast.purposes[0]).map(|r| r.keyword),
        apps.ast.retention.as_ref().map(|r| r.keyword)
    );
    assert!(!apps.every_purpose_has_retention());
    let pool = &m.datasets[m.dataset_index["pool"]];
    assert!(pool.every_purpose_has_retention());
    assert!(pool.retention_of(&pool.ast.purposes[0]).is_some());
}

#[test]
fn a_basis_rests_on_its_own_law_else_the_controllers() {
    let text = r#"
controller af {
  country SE
  public_authority
  law "Lag (2002:546)", "Förordning (2007:1030)"
}
controller other { country SE }
dataset case_file {
  controller af
  fields { name: identity.name }
  purpose own { basis public_task "Förvaltningslagen (2017:900)" }
  purpose inherited { basis public_task }
}
dataset elsewhere {
  controller other
  fields { name: identity.name }
  purpose bare { basis legal_obligation }
}
"#;
    let run = common::check_texts(&[("m.ropa", text)]);
    let m = &run.model;
    let d = &m.datasets[m.dataset_index["case_file"]];
    let law = |d: &ropa::model::Dataset, i: usize| {
        m.law_reference(d, &d.ast.purposes[i])
            .map(|s| s.value.clone())
    };
    assert_eq!(law(d, 0).as_deref(), Some("Förvaltningslagen (2017:900)"));
    assert_eq!(law(d, 1).as_deref(), Some("Lag (2002:546)"));
    let e = &m.datasets[m.dataset_index["elsewhere"]];
    assert_eq!(law(e, 0), None);
    let af = &m.parties[m.party_index["af"]];
    assert_eq!(af.laws().count(), 2);
}

#[test]
fn countries_place_a_party() {
    let text = r#"
controller se { country SE }
controller ch { country CH }
controller us { country US }
controller us_dpf { country US  transfer dpf }
controller somewhere { country third }
controller public { country world }
controller europe { country eea }
controller mixed { country US, world }
"#;
    let run = common::check_texts(&[("m.ropa", text)]);
    let data = RuleData::builtin().unwrap();
    let m = &run.model;
    let party = |id: &str| &m.parties[m.party_index[id]];
    // Chapter V: outside the EEA without an adequacy decision that applies.
    let outside: Vec<&str> = [
        "se",
        "ch",
        "us",
        "us_dpf",
        "somewhere",
        "public",
        "europe",
        "mixed",
    ]
    .into_iter()
    .filter(|id| party(id).outside_eea(&data))
    .collect();
    assert_eq!(outside, vec!["us", "somewhere", "mixed"]);
    // Art. 27: established only outside the EEA, adequacy or not.
    let established: Vec<&str> = [
        "se",
        "ch",
        "us",
        "us_dpf",
        "somewhere",
        "public",
        "europe",
        "mixed",
    ]
    .into_iter()
    .filter(|id| party(id).established_outside_eea(&data))
    .collect();
    assert_eq!(established, vec!["ch", "us", "us_dpf", "somewhere"]);
    assert!(party("public").publishes() && party("mixed").publishes());
    let places: Vec<Place> = party("mixed").places(&data).map(|(_, p)| p).collect();
    assert_eq!(places, vec![Place::Outside, Place::World]);
    // `eea`, `third` and `world` are known values: no E004.
    assert!(!run.findings.iter().any(|f| f.rule.code == "E004"));
}

#[test]
fn a_country_in_the_wrong_case_is_e004_with_a_suggestion() {
    let run = common::check_texts(&[("m.ropa", "controller c { country EEA }\n")]);
    let e004: Vec<_> = run
        .findings
        .iter()
        .filter(|f| f.rule.code == "E004")
        .collect();
    assert_eq!(e004.len(), 1);
    let text = format!(
        "{} {:?}",
        e004[0].message(&crate::common::W),
        e004[0].help_text(&crate::common::W)
    );
    assert!(text.contains("`eea`"), "{text}");
}
