//! The lawfulness rules of spec version 3 (rules.md, L006–L013 and
//! *National law*), beyond which codes the fixtures give: severities that
//! depend on the finding, the national law a message names, and the
//! boundaries each rule draws.

use crate::common;

use ropa::check::Run;
use ropa::finding::{Finding, Severity};

fn run(text: &str) -> Run {
    common::check_texts(&[("m.ropa", text)])
}

/// The findings of one code.
fn of<'a>(run: &'a Run, code: &str) -> Vec<&'a Finding> {
    run.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .collect()
}

/// The one finding of `code`.
fn only<'a>(run: &'a Run, code: &str) -> &'a Finding {
    let found = of(run, code);
    assert_eq!(found.len(), 1, "{code} in {:#?}", run.findings);
    found[0]
}

fn has(run: &Run, code: &str) -> bool {
    !of(run, code).is_empty()
}

/// A controller with these attributes and one dataset with this body.
fn model(controller: &str, dataset: &str) -> String {
    format!(
        "controller c \"C\" {{ {controller} }}\ndataset d {{\n  fields {{ email: contact.email }}\n  retention 12 months\n{dataset}\n}}\n"
    )
}

const NEWSLETTER: &str = r#"  subjects subscriber
  purpose newsletter { kind marketing.email  basis legitimate_interest "LIA-1" }"#;

const AUTHORITY: &str = r#"country SE  public_authority  dpo "dso@c.se""#;

#[test]
fn l007_is_info_for_a_public_authority() {
    let r = run(&model(AUTHORITY, NEWSLETTER));
    assert_eq!(only(&r, "L007").severity, Severity::Info);
    let r = run(&model("country SE", NEWSLETTER));
    assert_eq!(only(&r, "L007").severity, Severity::Error);
}

#[test]
fn a_configured_severity_overrides_l007s_own() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ropa.yaml");
    std::fs::write(&path, "rules:\n  L007: error\n").unwrap();
    let config = ropa::config::Config::load(&path).unwrap();
    let mut r = run(&model(AUTHORITY, NEWSLETTER));
    r.findings = config.apply(std::mem::take(&mut r.findings));
    assert_eq!(only(&r, "L007").severity, Severity::Error);
}

#[test]
fn l007_is_a_warning_for_business_contacts_only_where_the_law_protects_natural_persons() {
    let contacts = NEWSLETTER.replace("subscriber", "employer_contact, supplier_contact");
    for (country, want) in [
        ("SE", Severity::Warning),
        ("FI", Severity::Warning),
        ("NO", Severity::Warning),
        ("DE", Severity::Error),
        ("DK", Severity::Error),
        // Not in the rule data: the Directive alone says nothing either way.
        ("IT", Severity::Error),
        ("US", Severity::Error),
    ] {
        let r = run(&model(&format!("country {country}"), &contacts));
        assert_eq!(only(&r, "L007").severity, want, "{country}");
    }
    // One country whose law protects businesses too is enough for an error.
    let r = run(&model("country SE, DE", &contacts));
    assert_eq!(only(&r, "L007").severity, Severity::Error);
    // A consumer among the subjects.
    let mixed = NEWSLETTER.replace("subscriber", "employer_contact, customer");
    let r = run(&model("country SE", &mixed));
    assert_eq!(only(&r, "L007").severity, Severity::Error);
}

#[test]
fn email_marketing_with_no_basis_is_l001_and_l007() {
    let r = run(&model(
        "country SE",
        "  subjects subscriber\n  purpose newsletter { kind marketing.email }",
    ));
    assert!(has(&r, "L001") && has(&r, "L007"), "{:#?}", r.findings);
}

#[test]
fn a_tracking_pixel_with_no_basis_is_l001_and_l008() {
    let r = run(&model(
        "country SE",
        "  subjects subscriber\n  cookies \"pixel\"\n  purpose open_rates { kind analytics }",
    ));
    assert!(has(&r, "L001") && has(&r, "L008"), "{:#?}", r.findings);
    assert_eq!(
        common::line(&r, only(&r, "L001").primary.span),
        common::line(&r, only(&r, "L008").primary.span)
    );
}

#[test]
fn a_danish_controllers_l008_names_the_danish_order_only() {
    let r = run(&model(
        "country DK",
        "  subjects website_visitor\n  cookies _ga\n  purpose analytics { basis legitimate_interest \"LIA-1\" }",
    ));
    let f = only(&r, "L008");
    assert!(
        f.message(&crate::common::W)
            .contains("cookiebekendtgørelsen"),
        "{}",
        f.message(&crate::common::W)
    );
    assert!(
        f.message(&crate::common::W).contains("1148"),
        "{}",
        f.message(&crate::common::W)
    );
    for other in ["lagen (2022:482)", "TDDDG", "ePrivacy Art. 5(3)", "Sweden"] {
        assert!(
            !f.message(&crate::common::W).contains(other),
            "{other}: {}",
            f.message(&crate::common::W)
        );
        assert!(
            !f.help_text(&crate::common::W).contains(other),
            "{other}: {}",
            f.help_text(&crate::common::W)
        );
    }
}

/// rules.md, *National law*: a Danish company marketing in Sweden is told
/// the Swedish law first, then the Danish one.
#[test]
fn a_danish_controller_marketing_in_sweden_is_told_the_swedish_law_first() {
    let r = run(&model(
        "country DK  market SE",
        "  subjects website_visitor\n  cookies _ga\n  purpose analytics { basis legitimate_interest \"LIA-1\" }",
    ));
    let m = &only(&r, "L008").message(&crate::common::W);
    let se = m.find("lagen (2022:482)").unwrap_or_else(|| panic!("{m}"));
    let dk = m
        .find("cookiebekendtgørelsen")
        .unwrap_or_else(|| panic!("{m}"));
    assert!(se < dk, "{m}");
    let r = run(&model(
        "country DK  market SE",
        "  subjects subscriber\n  purpose newsletter { kind marketing.email  basis legitimate_interest \"LIA-1\" }",
    ));
    let m = &only(&r, "L007").message(&crate::common::W);
    let se = m
        .find("marknadsföringslagen")
        .unwrap_or_else(|| panic!("{m}"));
    let dk = m
        .find("markedsføringsloven")
        .unwrap_or_else(|| panic!("{m}"));
    assert!(se < dk, "{m}");
}

/// `market eea` and a market outside the EEA add no national law.
#[test]
fn an_eea_or_non_eea_market_adds_no_national_law() {
    for market in ["eea", "US"] {
        let r = run(&model(
            &format!("country DK  market {market}"),
            "  subjects website_visitor\n  cookies _ga\n  purpose analytics { basis legitimate_interest \"LIA-1\" }",
        ));
        let m = &only(&r, "L008").message(&crate::common::W);
        assert!(m.contains("cookiebekendtgørelsen"), "{market}: {m}");
        assert!(!m.contains("lagen (2022:482)"), "{market}: {m}");
    }
}

#[test]
fn l007_and_l008_name_the_directive_where_no_national_law_is_known() {
    let dataset = r#"  subjects subscriber
  cookies pixel
  purpose newsletter { kind marketing.email  basis legitimate_interest "LIA-1" }"#;
    for country in ["US", "IT", "eea", "third"] {
        let r = run(&model(&format!("country {country}"), dataset));
        assert!(
            only(&r, "L007")
                .message(&crate::common::W)
                .contains("ePrivacy Art. 13"),
            "{country}: {}",
            only(&r, "L007").message(&crate::common::W)
        );
        assert!(only(&r, "L008")
            .message(&crate::common::W)
            .contains("ePrivacy Art. 5(3)"));
    }
    // A known and an unknown country: the known law, then the article.
    let r = run(&model("country SE, IT", dataset));
    let m = &only(&r, "L008").message(&crate::common::W);
    assert!(
        m.contains("9 kap. 28 §; ePrivacy Art. 5(3)"),
        "SE and IT: {m}"
    );
}

#[test]
fn joint_controllers_name_the_laws_of_both() {
    let text = r#"controller a "A" { country SE }
controller b "B" { country FI }
dataset d {
  controller a, b
  arrangement "Avtal om gemensamt ansvar"
  subjects subscriber
  fields { email: contact.email }
  purpose newsletter { kind marketing.email  basis legitimate_interest "LIA-1" }
  retention 12 months
}
"#;
    let r = run(text);
    let m = &only(&r, "L007").message(&crate::common::W);
    assert!(m.contains("marknadsföringslagen (2008:486) 19 §; laki sähköisen viestinnän palveluista (917/2014) 200 §"), "{m}");
}

#[test]
fn l008_reads_anonymous_datasets() {
    let text = r#"controller c "C" { country SE }
dataset counts {
  anonymous
  cookies _counter
  purpose statistics { basis legitimate_interest "LIA-1" }
}
"#;
    assert!(has(&run(text), "L008"));
}

const SERVICE_BUNDLED: &str = r#"  subjects customer
  purpose login {
    kind service
    basis consent
    consent { withdraw "Inställningar"  bundled }
  }"#;

#[test]
fn bundled_consent_on_a_service_purpose_is_l009_not_l006() {
    let r = run(&model("country SE", SERVICE_BUNDLED));
    assert!(!has(&r, "L006"), "{:#?}", r.findings);
    assert!(has(&r, "L009"));
    let help = &only(&r, "L009").help_text(&crate::common::W);
    assert!(help.contains("`basis contract`"), "{help}");
}

#[test]
fn implied_consent_on_a_service_purpose_is_l006_only_when_consent_is_its_basis() {
    let implied = SERVICE_BUNDLED.replace("bundled", "implied");
    assert!(has(&run(&model("country SE", &implied)), "L006"));
    let on_contract = implied.replace("basis consent", "basis contract");
    let r = run(&model("country SE", &on_contract));
    assert!(!has(&r, "L006") && !has(&r, "L009"), "{:#?}", r.findings);
}

#[test]
fn l006s_help_in_a_cookie_dataset_offers_no_other_basis() {
    let r = run(&model(
        "country SE",
        r#"  subjects website_visitor
  cookies _ga
  purpose analytics { basis consent  consent { withdraw "Inställningar"  implied } }"#,
    ));
    let help = &only(&r, "L006").help_text(&crate::common::W);
    assert!(
        !help.contains("another basis,") && !help.contains("or rely on another basis"),
        "{help}"
    );
    assert!(help.contains("separate, active choice"), "{help}");
    // Without cookies, consent as the basis may be replaced.
    let r = run(&model(
        "country SE",
        r#"  subjects customer
  purpose analytics { basis consent  consent { withdraw "Inställningar"  implied } }"#,
    ));
    assert!(only(&r, "L006")
        .help_text(&crate::common::W)
        .contains("or rely on another basis"));
}

#[test]
fn an_untyped_purpose_on_consent_is_not_l009() {
    let r = run(&model(
        "country SE",
        "  subjects subscriber\n  purpose utskick { basis consent  consent { withdraw \"Länk\" } }",
    ));
    assert!(!has(&r, "L009"), "{:#?}", r.findings);
}

#[test]
fn l009_names_public_task_for_an_authority_and_the_device_exemption_with_cookies() {
    let r = run(&model(
        AUTHORITY,
        "  subjects customer\n  cookies session\n  purpose login { kind service  basis consent  consent { withdraw \"x\" } }",
    ));
    let help = &only(&r, "L009").help_text(&crate::common::W);
    assert!(help.contains("`basis public_task"), "{help}");
    assert!(help.contains("Art. 5(3), second sentence"), "{help}");
    assert!(help.contains("9 kap. 28 § andra stycket"), "{help}");
    // L009 reports it, so L010 does not.
    assert!(!has(&r, "L010"));
}

#[test]
fn an_authority_on_consent_is_l010_but_not_with_public_task_and_a_consent_block() {
    let consent = r#"  subjects subscriber
  purpose news { kind marketing.email  basis consent  consent { withdraw "Länk" } }"#;
    let r = run(&model(AUTHORITY, consent));
    assert_eq!(only(&r, "L010").severity, Severity::Info);
    let task = consent.replace("basis consent", "basis public_task \"Kommunallagen\"");
    assert!(!has(&run(&model(AUTHORITY, &task)), "L010"));
    // Not an authority.
    assert!(!has(&run(&model("country SE", consent)), "L010"));
}

#[test]
fn authority_advertising_is_l011_and_not_l010() {
    let r = run(&model(
        AUTHORITY,
        "  subjects website_visitor\n  purpose ads { kind advertising  basis consent  consent { withdraw \"x\" } }",
    ));
    assert_eq!(only(&r, "L011").severity, Severity::Warning);
    assert!(!has(&r, "L010"));
    let r = run(&model(
        AUTHORITY,
        "  subjects job_seeker\n  purpose suggestions { kind personalisation  basis public_task \"Förordning\" }",
    ));
    assert!(!has(&r, "L011"));
}

#[test]
fn consent_for_third_persons_or_public_sources_is_l012() {
    for (subjects, source) in [
        ("customer, non_user", ""),
        ("applicant, reference_person", ""),
        ("customer, contact_of_user", ""),
        ("customer, emergency_contact, relative", ""),
        ("job_seeker", "source public_sources"),
    ] {
        let r = run(&model(
            "country SE",
            &format!("  subjects {subjects}\n  {source}\n  purpose p {{ kind service  basis contract  special_basis explicit_consent  consent {{ withdraw \"x\" }} }}\n  purpose q {{ kind recruitment  basis consent  consent {{ withdraw \"x\" }} }}"),
        ));
        assert_eq!(
            of(&r, "L012").len(),
            2,
            "{subjects} {source}: {:#?}",
            r.findings
        );
        let m = &of(&r, "L012")[0].message(&crate::common::W);
        assert!(m.contains("not the consenting users'"), "{m}");
    }
    for (subjects, source) in [("customer", "source data_subject"), ("customer, child", "")] {
        let r = run(&model(
            "country SE",
            &format!("  subjects {subjects}\n  {source}\n  purpose q {{ kind recruitment  basis consent  consent {{ withdraw \"x\" }} }}"),
        ));
        assert!(!has(&r, "L012"), "{subjects}: {:#?}", r.findings);
    }
}

#[test]
fn l012_names_the_subjects_and_the_source() {
    let r = run(&model(
        "country SE",
        "  subjects customer, non_user, reference_person\n  source data_subject, public_sources\n  purpose q { kind recruitment  basis consent  consent { withdraw \"x\" } }",
    ));
    let m = &only(&r, "L012").message(&crate::common::W);
    assert!(
        m.contains("`non_user`, `reference_person` and people found in public sources"),
        "{m}"
    );
}

#[test]
fn tracking_advertising_on_legitimate_interest_is_l013() {
    let ads = |body: &str| {
        run(&model(
            "country SE",
            &format!("  subjects website_visitor\n{body}"),
        ))
    };
    let r = ads("  cookies _fbp\n  purpose ads { kind advertising  basis legitimate_interest \"LIA\"  consent { withdraw \"x\" } }");
    assert!(has(&r, "L013"));
    let r = ads("  purpose ads { kind advertising  basis legitimate_interest \"LIA\"  profiling }");
    assert!(has(&r, "L013"));
    for quiet in [
        "  cookies _ga\n  purpose analytics { basis legitimate_interest \"LIA\"  consent { withdraw \"x\" } }",
        "  purpose recommendations { kind personalisation  basis legitimate_interest \"LIA\"  profiling }",
        "  cookies _fbp\n  purpose ads { kind advertising  basis consent  consent { withdraw \"x\" } }",
        // No tracking and no profiling: contextual advertising.
        "  purpose ads { kind advertising  basis legitimate_interest \"LIA\" }",
    ] {
        let r = ads(quiet);
        assert!(!has(&r, "L013"), "{quiet}: {:#?}", r.findings);
    }
}

#[test]
fn swedish_messages_say_what_the_record_states_in_swedish_terms() {
    let data = ropa::data::RuleData::builtin().unwrap();
    let text = model(
        "country SE",
        r#"  subjects website_visitor
  cookies _ga
  purpose analytics { basis consent  consent { withdraw "x"  bundled } }
  purpose news { kind marketing.email  basis legitimate_interest "LIA" }"#,
    );
    let inputs = vec![(std::path::PathBuf::from("m.ropa"), Ok(text.into_bytes()))];
    let run = ropa::workspace::Workspace::new(inputs)
        .into_run_with(&data, &ropa::policy::Policies::default(), &|_| true)
        .0;
    let l006 = run.findings.iter().find(|f| f.rule.code == "L006").unwrap();
    assert!(
        l006.message(&crate::common::W_SV)
            .starts_with("registerförteckningen anger"),
        "{}",
        l006.message(&crate::common::W_SV)
    );
    assert!(
        l006.message(&crate::common::W_SV).contains("villkorat"),
        "{}",
        l006.message(&crate::common::W_SV)
    );
    assert!(!l006.message(&crate::common::W_SV).contains("hopbuntat"));
    assert!(
        l006.help_text(&crate::common::W_SV)
            .contains("terminalutrustningen"),
        "{}",
        l006.help_text(&crate::common::W_SV)
    );
    let l008 = run.findings.iter().find(|f| f.rule.code == "L008").unwrap();
    assert!(
        l008.message(&crate::common::W_SV)
            .contains("terminalutrustning"),
        "{}",
        l008.message(&crate::common::W_SV)
    );
    assert!(
        l008.message(&crate::common::W_SV).contains("9 kap. 28 §"),
        "{}",
        l008.message(&crate::common::W_SV)
    );
}
