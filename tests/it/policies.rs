//! YAML policies over fixtures/policies/model: each `on`, each matcher
//! (with the dot hierarchy), each condition key and each placeholder.

use std::path::{Path, PathBuf};

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/policies/model")
}

/// One policy `on` with these `when` lines (YAML, 6 spaces in) and message.
fn policy(on: &str, when: &[&str], message: &str) -> String {
    let mut s = format!(
        "policies:\n  - code: TEST001\n    name: test-policy\n    severity: warning\n    on: {on}\n"
    );
    if !when.is_empty() {
        s.push_str("    when:\n");
        for w in when {
            s.push_str(&format!("      {w}\n"));
        }
    }
    s.push_str(&format!("    message: \"{message}\"\n"));
    s
}

/// The policy findings of `text` over the model: `line:col message`.
fn run(text: &str) -> Vec<String> {
    run_on(&model(), text)
}

/// The policy findings of `text` over the model in `folder`.
fn run_on(folder: &Path, text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.yaml"), text).unwrap();
    let config = dir.path().join("ropa.yaml");
    std::fs::write(&config, "policies: [\"p.yaml\"]\n").unwrap();
    let loaded = ropa::check::load(&[folder.to_path_buf()], Some(&config)).unwrap();
    let sources = &loaded.run.model.sources;
    loaded
        .run
        .findings
        .iter()
        .filter(|f| !f.rule.is_builtin())
        .map(|f| {
            let at = sources
                .get(f.primary.span.file)
                .line_col(f.primary.span.start);
            format!("{}:{} {}", at.line, at.column, f.message(&crate::common::W))
        })
        .collect()
}

/// Just the messages.
fn messages(on: &str, when: &[&str], message: &str) -> Vec<String> {
    let mut out: Vec<String> = run(&policy(on, when, message))
        .into_iter()
        .map(|s| s.split_once(' ').unwrap().1.to_string())
        .collect();
    out.sort();
    out
}

fn v(items: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = items.iter().map(|s| s.to_string()).collect();
    out.sort();
    out
}

// ---------------------------------------------------------------- on

#[test]
fn on_dataset_is_one_candidate_per_dataset_at_its_id() {
    assert_eq!(
        run(&policy("dataset", &[], "{dataset}")),
        vec![
            "30:9 applicants",
            "50:9 newsletter",
            "72:9 stats",
            "87:9 archive"
        ]
    );
}

#[test]
fn on_purpose_is_one_candidate_per_purpose_at_its_id() {
    assert_eq!(
        messages("purpose", &[], "{dataset}.{purpose}"),
        v(&[
            "applicants.hiring",
            "newsletter.ads",
            "newsletter.mail",
            "stats.statistics",
            "archive.archiving"
        ])
    );
    assert_eq!(run(&policy("purpose", &[], "{purpose}"))[0], "40:11 hiring");
}

#[test]
fn on_recipient_covers_recipients_and_flows_to_parties() {
    assert_eq!(
        messages("recipient", &[], "{dataset} -> {party}"),
        v(&[
            "applicants -> eu_host",
            "newsletter -> mailer",
            "newsletter -> partner"
        ])
    );
    // The primary span is the reference to the party.
    assert!(run(&policy("recipient", &[], "{party}")).contains(&"109:20 partner".to_string()));
}

#[test]
fn on_flow_is_one_candidate_per_flow_between_datasets() {
    assert_eq!(
        messages("flow", &[], "{from} -> {to}"),
        v(&[
            "applicants -> archive",
            "applicants -> newsletter",
            "applicants -> stats"
        ])
    );
    assert!(run(&policy("flow", &[], "{to}")).contains(&"98:6 archive".to_string()));
}

#[test]
fn on_party_is_one_candidate_per_party() {
    assert_eq!(
        messages("party", &[], "{party}"),
        v(&["acme", "mailer", "cloud", "eu_host", "partner"])
    );
}

// ---------------------------------------------------------------- matchers

#[test]
fn any_covers_values_below_a_dot() {
    assert_eq!(
        messages(
            "dataset",
            &["categories: { any: [special] }"],
            "{dataset}: {categories}"
        ),
        v(&["applicants: special.health", "archive: special.health"])
    );
    assert_eq!(
        messages(
            "purpose",
            &["kind: { any: [marketing] }"],
            "{purpose}: {kind}"
        ),
        v(&["mail: marketing.email"])
    );
    // An exact value covers itself, not its parent nor its siblings.
    assert_eq!(
        messages(
            "purpose",
            &["kind: { any: [marketing.email] }"],
            "{purpose}"
        ),
        v(&["mail"])
    );
    assert!(messages("dataset", &["categories: { any: [special.genetic] }"], "x").is_empty());
}

#[test]
fn all_needs_every_listed_value_covered() {
    assert_eq!(
        messages(
            "dataset",
            &["declared_categories: { all: [contact, identity] }"],
            "{dataset}: {categories}"
        ),
        v(&["applicants: identity.name, contact.email, identity.national_id"])
    );
    assert!(messages(
        "dataset",
        &["declared_categories: { all: [contact, financial] }"],
        "{dataset}"
    )
    .is_empty());
}

#[test]
fn none_holds_when_nothing_is_covered() {
    assert_eq!(
        messages(
            "dataset",
            &["categories: { none: [contact, identity] }"],
            "{dataset}"
        ),
        v(&["stats"])
    );
}

#[test]
fn only_needs_values_and_every_one_covered() {
    assert_eq!(
        messages("dataset", &["categories: { only: [contact] }"], "{dataset}"),
        v(&["newsletter"])
    );
    // stats has no categories: `only` does not hold.
    assert_eq!(
        messages(
            "dataset",
            &["categories: { only: [contact, special, identity] }"],
            "{dataset}"
        ),
        v(&["applicants", "archive", "newsletter"])
    );
}

#[test]
fn other_holds_when_a_value_is_not_covered() {
    assert_eq!(
        messages(
            "dataset",
            &["categories: { other: [contact, identity] }"],
            "{dataset}: {categories}"
        ),
        v(&["applicants: special.health", "archive: special.health"])
    );
}

// ---------------------------------------------------------------- conditions

#[test]
fn categories_are_effective_and_declared_categories_are_not() {
    let effective = messages(
        "dataset",
        &["categories: { any: [identity.national_id] }"],
        "{dataset}",
    );
    assert_eq!(effective, v(&["applicants", "archive"]));
    let declared = messages(
        "dataset",
        &["declared_categories: { any: [identity.national_id] }"],
        "{dataset}",
    );
    assert_eq!(declared, v(&["applicants"]));
}

#[test]
fn flow_categories_are_what_it_carries() {
    assert_eq!(
        messages(
            "flow",
            &["categories: { any: [special] }"],
            "{from} -> {to}"
        ),
        v(&["applicants -> archive", "applicants -> stats"])
    );
    assert_eq!(
        messages(
            "flow",
            &["categories: { only: [contact] }"],
            "{to}: {categories}"
        ),
        v(&["newsletter: contact.email"])
    );
}

#[test]
fn subjects() {
    assert_eq!(
        messages("dataset", &["subjects: { any: [customer] }"], "{dataset}"),
        v(&["newsletter"])
    );
}

#[test]
fn kind_is_the_purposes_own_or_the_datasets_or_the_flow_targets() {
    assert_eq!(
        messages(
            "dataset",
            &["kind: { any: [advertising] }"],
            "{dataset}: {kind}"
        ),
        v(&["newsletter: advertising"])
    );
    assert_eq!(
        messages("flow", &["kind: { any: [marketing] }"], "{to}: {kind}"),
        v(&["newsletter: marketing.email"])
    );
}

#[test]
fn basis() {
    assert_eq!(
        messages(
            "purpose",
            &["basis: { any: [consent] }"],
            "{purpose}: {basis}"
        ),
        v(&["ads: consent"])
    );
    assert_eq!(
        messages(
            "recipient",
            &["basis: { any: [legitimate_interest] }"],
            "{party}: {basis}"
        ),
        v(&[
            "mailer: legitimate_interest",
            "partner: legitimate_interest"
        ])
    );
}

#[test]
fn country_groups() {
    let parties = |group: &str| {
        messages(
            "party",
            &[&format!("countries: {{ any: [{group}] }}")],
            "{party}: {countries}",
        )
    };
    assert_eq!(parties("eea"), v(&["acme: SE", "eu_host: DE"]));
    assert_eq!(parties("adequate"), v(&["partner: GB"]));
    // The US is adequate only with `dpf`; mailer uses SCCs.
    assert_eq!(parties("third"), v(&["mailer: US", "cloud: IN"]));
    assert_eq!(parties("world").len(), 5);
    assert_eq!(parties("US"), v(&["mailer: US"]));
}

#[test]
fn dataset_countries_include_onward_chains() {
    assert_eq!(
        messages(
            "dataset",
            &["countries: { any: [IN] }"],
            "{dataset}: {countries}"
        ),
        v(&["newsletter: IN"])
    );
    assert_eq!(
        messages(
            "purpose",
            &["countries: { none: [third] }"],
            "{purpose}: {countries}"
        ),
        v(&["hiring: DE", "statistics: none", "archiving: none"])
    );
}

#[test]
fn mechanism_and_role() {
    assert_eq!(
        messages("party", &["mechanism: { any: [scc] }"], "{party}"),
        v(&["mailer"])
    );
    assert_eq!(
        messages("recipient", &["mechanism: { any: [none] }"], "{party}"),
        v(&["eu_host", "partner"])
    );
    assert_eq!(
        messages("party", &["role: { any: [controller] }"], "{party}"),
        v(&["acme", "partner"])
    );
}

#[test]
fn retention_over_counts_longer_indefinite_and_missing() {
    assert_eq!(
        messages(
            "dataset",
            &["retention_over: \"24 months\""],
            "{dataset}: {retention}"
        ),
        v(&[
            "applicants: 36 months after position_filled",
            "stats: indefinite",
            "archive: no retention"
        ])
    );
    assert_eq!(
        messages("flow", &["retention_over: \"3 years\""], "{to}"),
        v(&["archive", "stats"])
    );
}

#[test]
fn missing_and_has() {
    assert_eq!(
        messages("party", &["missing: [dpa]"], "{party}"),
        v(&["acme", "mailer", "partner"])
    );
    assert_eq!(
        messages("party", &["has: [dpa, country]"], "{party}"),
        v(&["cloud", "eu_host"])
    );
    // A purpose sees its own attributes, then its dataset's.
    assert_eq!(
        messages("purpose", &["has: [dpia]"], "{purpose}"),
        v(&["hiring"])
    );
    assert_eq!(
        messages("purpose", &["has: [justification]"], "{purpose}"),
        v(&["mail"])
    );
    assert_eq!(
        messages("flow", &["has: [fields, purpose]"], "{to}"),
        v(&["newsletter"])
    );
}

#[test]
fn anonymised() {
    assert_eq!(
        messages("flow", &["anonymised: true"], "{to}"),
        v(&["stats"])
    );
    assert_eq!(
        messages("flow", &["anonymised: false"], "{to}"),
        v(&["archive", "newsletter"])
    );
}

#[test]
fn every_condition_must_hold() {
    assert_eq!(
        messages(
            "purpose",
            &[
                "subjects: { any: [customer] }",
                "categories: { any: [contact] }",
                "kind: { any: [advertising] }"
            ],
            "{purpose}"
        ),
        v(&["ads"])
    );
}

// ---------------------------------------------------------------- placeholders

#[test]
fn placeholders() {
    assert_eq!(
        messages(
            "purpose",
            &["basis: { any: [consent] }"],
            "{dataset}|{purpose}|{categories}|{kind}|{basis}|{countries}|{retention}"
        ),
        v(&["newsletter|ads|contact.email|advertising|consent|US, IN, GB|12 months"])
    );
    assert_eq!(
        messages(
            "recipient",
            &["countries: { any: [third] }"],
            "{dataset}|{party}|{countries}"
        ),
        v(&["newsletter|mailer|US"])
    );
    assert_eq!(
        messages("flow", &["has: [purpose]"], "{from}|{to}|{categories}|{kind}|{basis}|{retention}"),
        v(&["applicants|newsletter|contact.email|advertising, marketing.email|consent, legitimate_interest|12 months"])
    );
    assert_eq!(
        messages(
            "party",
            &["role: { any: [processor] }", "countries: { any: [US] }"],
            "{party}|{countries}"
        ),
        v(&["mailer|US"])
    );
}

// ---------------------------------------------------------------- v2 language

fn v2(on: &str, when: &[&str], message: &str) -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/policies/v2");
    let mut out: Vec<String> = run_on(&folder, &policy(on, when, message))
        .into_iter()
        .map(|s| s.split_once(' ').unwrap().1.to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn a_purposes_own_retention_counts() {
    assert_eq!(
        v2(
            "purpose",
            &["retention_over: \"2 years\""],
            "{purpose}: {retention}"
        ),
        v(&["handling: 10 years", "reporting: indefinite"])
    );
    // A dataset is over when one of its purposes is.
    assert_eq!(
        v2(
            "dataset",
            &["retention_over: \"2 years\""],
            "{dataset}: {retention}"
        ),
        v(&["cases: 10 years", "aggregates: indefinite"])
    );
}

#[test]
fn eea_third_and_world_as_countries() {
    assert_eq!(
        v2("party", &["countries: { any: [eea] }"], "{party}"),
        v(&["authority", "somewhere_eu"])
    );
    // `world` is publication, not a transfer: not `third`.
    assert_eq!(
        v2(
            "recipient",
            &["countries: { any: [third] }"],
            "{party}: {countries}"
        ),
        v(&["somewhere_else: third"])
    );
    assert_eq!(
        v2("recipient", &["countries: { any: [world] }"], "{party}").len(),
        3
    );
}

#[test]
fn law_and_anonymous_are_attributes() {
    assert_eq!(v2("party", &["has: [law]"], "{party}"), v(&["authority"]));
    assert_eq!(
        v2("dataset", &["has: [anonymous]"], "{dataset}"),
        v(&["aggregates"])
    );
}

#[test]
fn values_from_packs_are_known() {
    let text = policy(
        "dataset",
        &["categories: { any: [special.union_dues] }"],
        "{dataset}",
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.yaml"), &text).unwrap();
    std::fs::write(
        dir.path().join("pack.yaml"),
        "categories: [special.union_dues]\n",
    )
    .unwrap();
    let config = dir.path().join("ropa.yaml");
    std::fs::write(&config, "policies: [\"p.yaml\"]\n").unwrap();
    let err = ropa::check::load(&[model()], Some(&config)).unwrap_err();
    assert!(
        err.to_string()
            .contains("`special.union_dues` is not a known data category"),
        "{err}"
    );
    std::fs::write(&config, "packs: [\"pack.yaml\"]\npolicies: [\"p.yaml\"]\n").unwrap();
    let loaded = ropa::check::load(&[model()], Some(&config)).unwrap();
    assert!(loaded.policies.rules().any(|r| r.code == "TEST001"));
}
