//! What the v2 rules say: messages that render values canonically and
//! helps that are true for the controller's country.

use std::path::PathBuf;

use ropa::check::check_inputs;
use ropa::data::RuleData;
use ropa::finding::Finding;

/// The findings of one in-memory file.
fn findings(text: &str) -> Vec<Finding> {
    let data = RuleData::builtin().unwrap();
    let run = check_inputs(
        vec![(PathBuf::from("model.ropa"), Ok(text.as_bytes().to_vec()))],
        &data,
    );
    run.findings
}

/// The one finding of `code`.
fn only(text: &str, code: &str) -> Finding {
    let all = findings(text);
    let mut of: Vec<Finding> = all
        .iter()
        .filter(|f| f.rule.code == code)
        .cloned()
        .collect();
    assert_eq!(of.len(), 1, "{code} in {:#?}", all);
    of.remove(0)
}

fn controller(country: &str) -> String {
    format!("controller acme \"Acme\" {{ country {country} }}\n")
}

#[test]
fn l002_help_names_no_swedish_law_for_a_german_controller() {
    let model = controller("DE")
        + r#"dataset invoices {
  subjects customer
  fields { name: identity.name }
  purpose bookkeeping { kind accounting  basis legal_obligation }
  retention 10 years
}"#;
    let f = only(&model, "L002");
    assert!(
        !f.help_text(&crate::common::W).contains("lagen"),
        "{}",
        f.help_text(&crate::common::W)
    );
    assert!(
        !f.help_text(&crate::common::W).contains("(2017:900)"),
        "{}",
        f.help_text(&crate::common::W)
    );
    assert!(
        f.help_text(&crate::common::W).contains("law \"<law>\""),
        "{}",
        f.help_text(&crate::common::W)
    );
    assert!(
        f.help_text(&crate::common::W).contains("`acme`"),
        "{}",
        f.help_text(&crate::common::W)
    );
}

#[test]
fn l002_is_satisfied_by_the_controllers_law() {
    let model = r#"controller af "Arbetsförmedlingen" {
  country SE
  public_authority
  dpo "dso@af.se"
  law "Förordning (2007:1030) med instruktion för Arbetsförmedlingen"
}
dataset cases {
  subjects job_seeker
  fields { name: identity.name }
  purpose case_handling { basis public_task }
  retention 2 years
}"#;
    assert!(findings(model).iter().all(|f| f.rule.code != "L002"));
}

#[test]
fn l001_help_on_email_marketing_says_it_needs_consent() {
    let purpose = r#"dataset news {
  subjects subscriber
  fields { email: contact.email }
  purpose newsletter { kind marketing.email }
  retention 12 months
}"#;
    let de = only(&(controller("DE") + purpose), "L001");
    assert!(
        de.help_text(&crate::common::W)
            .contains("needs the recipient's prior consent"),
        "{}",
        de.help_text(&crate::common::W)
    );
    assert!(
        de.help_text(&crate::common::W).contains("ePrivacy Art. 13"),
        "{}",
        de.help_text(&crate::common::W)
    );
    assert!(
        !de.help_text(&crate::common::W)
            .contains("marknadsföringslagen"),
        "{}",
        de.help_text(&crate::common::W)
    );
    let se = only(&(controller("SE") + purpose), "L001");
    assert!(
        se.help_text(&crate::common::W)
            .contains("marknadsföringslagen (2008:486) 19 §"),
        "{}",
        se.help_text(&crate::common::W)
    );
    // v3: the missing marketing consent is L007 as well (v2: L001 only).
    assert!(findings(&(controller("SE") + purpose))
        .iter()
        .any(|f| f.rule.code == "L007"));
}

#[test]
fn l007_and_l008_name_the_law_of_the_controllers_country_only() {
    let dataset = r#"dataset news {
  subjects subscriber
  fields { email: contact.email }
  cookies pixel
  purpose newsletter { kind marketing.email  basis legitimate_interest "LIA-1" }
  retention 12 months
}"#;
    // v3: the message names the law, in the country's own words.
    for (code, de_law, se_law) in [
        (
            "L007",
            "UWG § 7 Abs. 2 Nr. 2",
            "marknadsföringslagen (2008:486) 19 §",
        ),
        (
            "L008",
            "TDDDG § 25",
            "lagen (2022:482) om elektronisk kommunikation, 9 kap. 28 §",
        ),
    ] {
        let de = only(&(controller("DE") + dataset), code);
        assert!(
            de.message(&crate::common::W).contains(de_law),
            "{code}: {}",
            de.message(&crate::common::W)
        );
        assert!(
            !de.message(&crate::common::W).contains(se_law),
            "{code}: {}",
            de.message(&crate::common::W)
        );
        assert!(
            !de.help_text(&crate::common::W).contains("Sweden"),
            "{code}: {}",
            de.help_text(&crate::common::W)
        );
        let se = only(&(controller("SE") + dataset), code);
        assert!(
            se.message(&crate::common::W).contains(se_law),
            "{code}: {}",
            se.message(&crate::common::W)
        );
        assert!(
            !se.message(&crate::common::W).contains(de_law),
            "{code}: {}",
            se.message(&crate::common::W)
        );
    }
}

#[test]
fn f003_names_the_source_purposes_as_they_are() {
    let model = controller("SE")
        + r#"dataset applications {
  subjects applicant
  fields { name: identity.name }
  purpose recruitment { basis contract }
  purpose legal_hold { kind legal_claims  basis legitimate_interest "LIA-2" }
  retention 6 months
}
dataset pool {
  subjects applicant
  purpose future { kind marketing  basis legitimate_interest "LIA-3" }
  retention 6 months
}
flow applications -> pool"#;
    let f = only(&model, "F003");
    assert!(
        f.message(&crate::common::W)
            .contains("`recruitment` and `legal_hold` (`legal_claims`)"),
        "{}",
        f.message(&crate::common::W)
    );
    assert!(
        !f.message(&crate::common::W).contains("legal_compliance"),
        "{}",
        f.message(&crate::common::W)
    );
}

#[test]
fn retention_in_messages_is_canonical_not_source_text() {
    let model = controller("SE")
        + r#"dataset chat {
  subjects customer
  fields { name: identity.name }
  purpose support { kind customer_service  basis contract }
  retention 24 /* två år */ months
}
dataset cases {
  subjects customer
  purpose handling { kind case_handling  basis contract }
  retention 3   years /* enligt arkivplan */ after   closed then anonymise
}
dataset stats {
  subjects website_visitor
  fields { ip: online.ip_address }
  purpose analytics { basis legitimate_interest "LIA-4"  retention 26 // kommentar
    months }
}
flow chat -> cases"#;
    let r003 = only(&model, "R003");
    assert_eq!(
        r003.message(&crate::common::W),
        "the record states a longer retention for the copy in `cases` than for its source `chat`: 3 years after closed then anonymise against 24 months"
    );
    let r004 = only(&model, "R004");
    assert!(
        r004.message(&crate::common::W)
            .contains("of `stats` 26 months,"),
        "{}",
        r004.message(&crate::common::W)
    );
    assert!(
        !r004.message(&crate::common::W).contains("kommentar"),
        "{}",
        r004.message(&crate::common::W)
    );
}

#[test]
fn anonymous_datasets_are_skipped_unless_a007_applies() {
    let rules = ["L001", "L004", "R001", "R004", "F003", "R003"];
    let model = |anonymous: &str, flow: &str| {
        controller("SE")
            + &format!(
                r#"dataset visits {{
  subjects website_visitor
  fields {{ ip: online.ip_address }}
  purpose service {{ basis contract }}
  retention 1 month
}}
dataset totals {{
  {anonymous}
  purpose analytics {{ basis legitimate_interest }}
  purpose other {{ kind marketing }}
}}
flow visits -> totals {{ {flow} }}"#
            )
    };
    // Declared, and implied by the anonymised flow: nothing.
    for m in [model("anonymous", "anonymised"), model("", "anonymised")] {
        let codes: Vec<&str> = findings(&m).iter().map(|f| f.rule.code).collect();
        assert!(rules.iter().all(|r| !codes.contains(r)), "{codes:?}");
    }
    // Declared but fed with personal data (A007): a dataset like any other.
    let codes: Vec<&str> = findings(&model("anonymous", ""))
        .iter()
        .map(|f| f.rule.code)
        .collect();
    for r in ["L001", "L004", "R001", "F003"] {
        assert!(codes.contains(&r), "{r} in {codes:?}");
    }
}

#[test]
fn canonical_retention_is_what_ropa_fmt_would_print() {
    use ropa::source::Span;
    use ropa::syntax::ast::{Ident, Retention, Str};
    let span = Span::new(ropa::source::FileId(0), 0, 0);
    let law = Retention::ByLaw(Str {
        value: "Arkivlagen \"1990:782\"\\n".into(),
        span,
    });
    assert_eq!(law.to_string(), r#"by_law "Arkivlagen \"1990:782\"\\n""#);
    let until = Retention::Until(Ident {
        name: "consent_withdrawn".into(),
        span,
    });
    assert_eq!(until.to_string(), "until consent_withdrawn");
    assert_eq!(Retention::Session(span).to_string(), "session");
    // The canonical text parses back to the same retention.
    let text = format!(
        "controller c {{ country SE }}\ndataset d {{ retention {} }}\n",
        law
    );
    let formatted = ropa::fmt::format_source(&text).unwrap();
    assert!(formatted.contains(&law.to_string()), "{formatted}");
}
