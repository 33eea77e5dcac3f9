//! The v3 rules outside lawfulness (P, A, S, T, R): what each reports on
//! both sides of its boundaries, and what its messages and helps say.

use crate::common;

use std::path::PathBuf;

use predicates::prelude::*;
use ropa::check::Run;
use ropa::data::RuleData;
use ropa::finding::{Lang, Severity};
use ropa::policy::Policies;
use ropa::workspace::Workspace;

fn run(text: &str) -> Run {
    common::check_texts(&[("m.ropa", text)])
}

fn run_in(text: &str) -> Run {
    let data = RuleData::builtin().unwrap();
    let inputs = vec![(PathBuf::from("m.ropa"), Ok(text.as_bytes().to_vec()))];
    Workspace::new(inputs)
        .into_run_with(&data, &Policies::default(), &|_| true)
        .0
}

/// The findings of one code, as (line, message, help).
fn of(run: &Run, code: &str) -> Vec<(u32, String, String)> {
    run.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .map(|f| {
            (
                common::line(run, f.primary.span),
                f.message(&crate::common::W).into_owned(),
                f.help_text(&crate::common::W).to_string(),
            )
        })
        .collect()
}

// P006 -------------------------------------------------------------------

/// A cookie dataset whose advertising purpose sends online data to
/// `party`, declared by `decl`; `extra` goes into the dataset.
fn embedded(decl: &str, extra: &str) -> String {
    format!(
        r#"controller shop {{ country SE }}
{decl}
dataset visits {{
  controller shop
  subjects website_visitor
  fields {{ ip: online.ip_address }}
  cookies _fbp
  purpose advertising {{ basis consent  consent {{ withdraw "settings" }} }}
  measures access_control
  retention 13 months
  recipients party
  {extra}
}}
"#
    )
}

#[test]
fn p006_a_third_party_controller_without_arrangement() {
    let r = run(&embedded("controller party { country IE }", ""));
    let found = of(&r, "P006");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 11);
    assert!(
        found[0].1.contains("may be a joint controller"),
        "{}",
        found[0].1
    );
    assert!(found[0]
        .1
        .contains("the record states no Art. 26 arrangement"));
    assert!(found[0].2.contains("arrangement"), "{}", found[0].2);
}

#[test]
fn p006_not_with_an_arrangement_a_processor_or_an_authority() {
    for (decl, extra) in [
        (
            "controller party { country IE }",
            "arrangement \"Addendum 2025\"",
        ),
        ("processor party { country IE  dpa \"DPA\" }", ""),
        (
            "controller party { country SE  public_authority  dpo \"d\" }",
            "",
        ),
    ] {
        let r = run(&embedded(decl, extra));
        assert!(
            of(&r, "P006").is_empty(),
            "{decl} {extra}: {:?}",
            of(&r, "P006")
        );
    }
}

// R004 -------------------------------------------------------------------

fn kept(kind: &str, retention: &str) -> String {
    format!(
        r#"controller shop {{ country SE }}
dataset d {{
  subjects customer
  fields {{ email: contact.email }}
  purpose p {{ kind {kind}  basis consent  consent {{ withdraw "link" }} }}
  measures access_control
  retention {retention}
}}
"#
    )
}

#[test]
fn r004_analytics_benchmark_is_25_months() {
    let over = of(&run(&kept("analytics", "26 months")), "R004");
    assert_eq!(over.len(), 1, "{over:?}");
    assert!(
        over[0].1.contains(
            "longer than the benchmark of 25 months for `analytics` (CNIL, délibération n° 2020-092"
        ),
        "{}",
        over[0].1
    );
    assert!(!over[0].1.contains("limit"), "{}", over[0].1);
    assert!(of(&run(&kept("analytics", "24 months")), "R004").is_empty());
    assert!(of(&run(&kept("analytics", "25 months")), "R004").is_empty());
}

#[test]
fn r004_marketing_benchmark_is_3_years() {
    assert!(of(&run(&kept("marketing", "36 months")), "R004").is_empty());
    let over = of(&run(&kept("marketing.email", "37 months")), "R004");
    assert_eq!(over.len(), 1, "{over:?}");
    assert!(over[0].1.contains("benchmark of 3 years"), "{}", over[0].1);
    assert!(
        over[0].1.contains("délibération n° 2021-131"),
        "{}",
        over[0].1
    );
    assert_eq!(of(&run(&kept("marketing", "37 months")), "R004").len(), 1);
}

#[test]
fn r004_cookie_benchmark_reads_declared_kinds_only() {
    let cookies = |purpose: &str| {
        format!(
            r#"controller shop {{ country SE }}
dataset d {{
  subjects website_visitor
  fields {{ c: online.cookie_id }}
  cookies c
  {purpose}
  measures access_control
  retention 26 months
}}
"#
        )
    };
    // A declared kind that is not strictly necessary: over 25 months.
    let r = run(&cookies(
        r#"purpose p { kind personalisation  basis consent  consent { withdraw "x" } }"#,
    ));
    let found = of(&r, "R004");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("data read from the device"),
        "{}",
        found[0].1
    );
    // Strictly necessary, or only the `service` default: not compared.
    for p in [
        r#"purpose p { kind security  basis contract }"#,
        r#"purpose p { basis contract }"#,
    ] {
        assert!(of(&run(&cookies(p)), "R004").is_empty(), "{p}");
    }
    // Both benchmarks exceeded: the shorter is named (the cookie one's 25
    // months before marketing's 3 years); of two equal ones, the kind's.
    let both = cookies(r#"purpose p { kind marketing  basis consent  consent { withdraw "x" } }"#)
        .replace("26 months", "40 months");
    let found = of(&run(&both), "R004");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("data read from the device"),
        "{}",
        found[0].1
    );
    let equal = run(&cookies(
        r#"purpose analytics { basis consent  consent { withdraw "x" } }"#,
    ));
    let found = of(&equal, "R004");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("for `analytics`"), "{}", found[0].1);
    assert!(!found[0].1.contains("device"), "{}", found[0].1);
}

#[test]
fn r004_in_swedish_has_no_english_units() {
    let r = run_in(&kept("analytics", "26 months"));
    let f = r.findings.iter().find(|f| f.rule.code == "R004").unwrap();
    assert!(
        f.message(&crate::common::legal_sv())
            .contains("sparas 26 månader"),
        "{}",
        f.message(&crate::common::legal_sv())
    );
    assert!(
        f.message(&crate::common::legal_sv())
            .contains("riktmärket 25 månader"),
        "{}",
        f.message(&crate::common::legal_sv())
    );
    assert!(
        !f.message(&crate::common::legal_sv()).contains("months"),
        "{}",
        f.message(&crate::common::legal_sv())
    );
    assert!(
        f.help_text(&crate::common::legal_sv())
            .contains("högst 25 månader"),
        "{}",
        f.help_text(&crate::common::legal_sv())
    );
}

#[test]
fn a_pack_benchmark_without_source_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.ropa"), kept("analytics", "20 months")).unwrap();
    std::fs::write(dir.path().join("ropa.yaml"), "packs: [\"p.yaml\"]\n").unwrap();
    let cli = |pack: &str| {
        std::fs::write(dir.path().join("p.yaml"), pack).unwrap();
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", "--format", "short", "m.ropa"])
            .assert()
    };
    // A bare duration, as before v3, and a map without `source`.
    for pack in [
        "limits:\n  purpose_kinds:\n    analytics: 13 months\n",
        "limits:\n  purpose_kinds:\n    analytics: { length: 13 months }\n",
        "limits:\n  cookies: { length: 13 months, source: \"  \" }\n",
    ] {
        cli(pack)
            .code(2)
            .stderr(predicate::str::contains("p.yaml:"))
            .stderr(predicate::str::contains("needs its `source`"));
    }
    // With its source it applies, and the finding names it.
    cli("limits:\n  purpose_kinds:\n    analytics: { length: 13 months, source: \"Our DPO, 2026-01\" }\n")
        .stdout(predicate::str::contains(
            "longer than the benchmark of 13 months for `analytics` (Our DPO, 2026-01)",
        ));
}

// S005 -------------------------------------------------------------------

fn published(authority: &str, country: &str) -> String {
    format!(
        r#"controller c {{ country {country} {authority} }}
controller public {{ country world }}
dataset cases {{
  controller c
  subjects customer
  fields {{ pnr: identity.national_id  health: special.health  verdict: criminal.offences }}
  purpose p {{
    basis legal_obligation "L"
    special_basis substantial_public_interest "L"
    criminal_basis law "L"
    justification "J"
  }}
  measures encryption
  retention 1 year
  recipients public
}}
"#
    )
}

#[test]
fn s005_private_controller_is_never_told_of_a_secrecy_review() {
    for lang in [Lang::En, Lang::Sv] {
        let r = run_in(&published("", "SE"));
        let f = r.findings.iter().find(|f| f.rule.code == "S005").unwrap();
        let w = ropa::finding::Words::developer(lang);
        let help = f.help_text(&w).to_lowercase();
        for word in [
            "secrecy",
            "sekretess",
            "review",
            "prövning",
            "offentlighets",
        ] {
            assert!(!help.contains(word), "{lang:?}: {help}");
        }
    }
    let help = of(&run(&published("", "SE")), "S005")[0].2.clone();
    assert!(
        help.contains("stop these fields before publication"),
        "{help}"
    );
    assert!(help.contains("Art. 9(2)(a) or (e)"), "{help}");
    assert!(help.contains("3 kap. 8–9 §§") && help.contains("förordning (2018:219)"));
    assert!(help.contains("3 kap. 10 §"), "{help}");
    // A private controller outside Sweden gets no Swedish law.
    let help = of(&run(&published("", "DE")), "S005")[0].2.clone();
    assert!(
        !help.contains("dataskyddslagen") && !help.contains("2018:219"),
        "{help}"
    );
}

#[test]
fn s005_public_authority_is_offered_the_secrecy_review() {
    let help = of(&run(&published("public_authority", "SE")), "S005")[0]
        .2
        .clone();
    assert!(
        help.contains("offentlighets- och sekretesslagen (2009:400)"),
        "{help}"
    );
    let help = of(&run(&published("public_authority", "DE")), "S005")[0]
        .2
        .clone();
    assert!(help.contains("a review of what may be released"), "{help}");
    assert!(!help.contains("sekretess"), "{help}");
}

// S004 -------------------------------------------------------------------

fn national_id(country: &str, purpose: &str) -> String {
    format!(
        r#"controller c {{ country {country} }}
dataset d {{
  subjects customer
  fields {{ nid: identity.national_id }}
  purpose p {{ {purpose} }}
  measures encryption
  retention 1 year
}}
"#
    )
}

const CONSENT: &str = r#"basis consent  consent { withdraw "x" }"#;
const JUSTIFIED: &str = r#"basis contract  justification "secure identification""#;
const LAW: &str = r#"basis legal_obligation "Act 12""#;

#[test]
fn s004_consent_counts_in_sweden_not_in_norway() {
    assert!(of(&run(&national_id("SE", CONSENT)), "S004").is_empty());
    let found = of(&run(&national_id("NO", CONSENT)), "S004");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("personopplysningsloven § 12"),
        "{}",
        found[0].1
    );
    assert!(
        found[0].1.starts_with("the record states no justification"),
        "{}",
        found[0].1
    );
    assert!(!found[0].2.contains("consent"), "{}", found[0].2);
    assert!(of(&run(&national_id("NO", JUSTIFIED)), "S004").is_empty());
    assert!(of(&run(&national_id("NO", LAW)), "S004").is_empty());
}

#[test]
fn s004_netherlands_accepts_only_law() {
    let found = of(&run(&national_id("NL", JUSTIFIED)), "S004");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("Uitvoeringswet AVG, art. 46"),
        "{}",
        found[0].1
    );
    assert!(!found[0].1.contains("dataskyddslagen"), "{}", found[0].1);
    assert!(found[0].2.contains("legal_obligation"), "{}", found[0].2);
    assert!(!found[0].2.contains("justification"), "{}", found[0].2);
    assert_eq!(of(&run(&national_id("NL", CONSENT)), "S004").len(), 1);
    assert!(of(&run(&national_id("NL", LAW)), "S004").is_empty());
}

#[test]
fn s004_belgium_accepts_law_or_justification() {
    assert_eq!(of(&run(&national_id("BE", CONSENT)), "S004").len(), 1);
    assert!(of(&run(&national_id("BE", JUSTIFIED)), "S004").is_empty());
    assert!(of(&run(&national_id("BE", LAW)), "S004").is_empty());
}

#[test]
fn s004_in_swedish_uses_klart_motiverat() {
    let r = run_in(&national_id("SE", "basis contract"));
    let f = r.findings.iter().find(|f| f.rule.code == "S004").unwrap();
    assert!(
        f.message(&crate::common::W_SV).contains("klart motiverat"),
        "{}",
        f.message(&crate::common::W_SV)
    );
    assert!(
        f.message(&crate::common::W_SV)
            .contains("nationella identifikationsnumret"),
        "{}",
        f.message(&crate::common::W_SV)
    );
    assert!(
        !f.message(&crate::common::W_SV).contains("motivering"),
        "{}",
        f.message(&crate::common::W_SV)
    );
}

// S001 -------------------------------------------------------------------

fn special(subjects: &str, kind: &str) -> String {
    format!(
        r#"controller c {{ country SE }}
dataset d {{
  subjects {subjects}
  fields {{ disability: special.health }}
  purpose p {{ kind {kind}  basis contract }}
  measures encryption
  dpia "D"
  retention 1 year
}}
"#
    )
}

#[test]
fn s001_leads_with_employment_law_only_for_employers() {
    let help = of(&run(&special("applicant", "recruitment")), "S001")[0]
        .2
        .clone();
    assert!(
        help.contains("usually `special_basis employment_law"),
        "{help}"
    );
    // A job board's job seekers: explicit consent first, and made_public
    // only with its condition.
    let help = of(&run(&special("job_seeker", "recruitment")), "S001")[0]
        .2
        .clone();
    assert!(
        help.contains("usually `special_basis explicit_consent`"),
        "{help}"
    );
    assert!(!help.contains("employment_law"), "{help}");
    assert!(
        help.contains("manifestly made public") && help.contains("C-252/21"),
        "{help}"
    );
    // An employee in a customer-service purpose: not employment law.
    let help = of(&run(&special("employee", "customer_service")), "S001")[0]
        .2
        .clone();
    assert!(!help.contains("employment_law"), "{help}");
}

// A008, A010 -------------------------------------------------------------

fn research(measures: &str, kind: &str, anonymous: &str) -> String {
    format!(
        r#"controller c {{ country SE }}
dataset d {{
  {anonymous}
  subjects job_seeker
  fields {{ name: identity.name }}
  purpose p {{ kind {kind}  basis public_task "L" }}
  {measures}
  retention 5 years
}}
"#
    )
}

#[test]
fn a008_both_sides() {
    let found = of(
        &run(&research("measures access_control", "research", "")),
        "A008",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0]
        .1
        .contains("no pseudonymisation or anonymisation is recorded"));
    for (measures, kind) in [
        ("measures pseudonymisation", "research"),
        ("measures anonymisation", "statistics"),
        ("measures access_control", "archiving"),
        ("", "case_handling"),
    ] {
        let r = run(&research(measures, kind, ""));
        assert!(of(&r, "A008").is_empty(), "{measures} {kind}");
    }
    assert_eq!(of(&run(&research("", "archiving", "")), "A008").len(), 1);
}

#[test]
fn a010_both_sides() {
    let found = of(&run(&research("", "case_handling", "")), "A010");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, "no security measures are recorded for `d`");
    assert!(of(
        &run(&research("measures logging", "case_handling", "")),
        "A010"
    )
    .is_empty());
    // An anonymous dataset is skipped (its fields have no category).
    let anonymous = r#"controller c { country SE }
dataset d {
  anonymous
  fields { count }
  purpose statistics { basis legitimate_interest "L" }
  retention 5 years
}
"#;
    assert!(of(&run(anonymous), "A010").is_empty());
    let r = run(&research("", "case_handling", ""));
    let f = r.findings.iter().find(|f| f.rule.code == "A010").unwrap();
    assert_eq!(f.severity, Severity::Info);
}

// P001 -------------------------------------------------------------------

#[test]
fn p001_is_an_error_and_cites_art_28_4_for_a_sub_processor() {
    let text = r#"controller c { country SE }
processor p { country SE  subprocessors s }
processor s { country SE }
processor idle { country SE }
dataset d {
  subjects customer
  fields { e: contact.email }
  purpose service { basis contract }
  measures encryption
  retention 1 year
  recipients p
}
"#;
    let r = run(text);
    let p001: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule.code == "P001")
        .collect();
    assert_eq!(p001.len(), 2, "{p001:?}");
    assert!(p001.iter().all(|f| f.severity == Severity::Error));
    let direct = p001
        .iter()
        .find(|f| f.party.as_deref() == Some("p"))
        .unwrap();
    assert_eq!(
        direct.message(&crate::common::W),
        "no Art. 28(3) contract is referenced for processor `p`"
    );
    let sub = p001
        .iter()
        .find(|f| f.party.as_deref() == Some("s"))
        .unwrap();
    assert!(
        sub.message(&crate::common::W).contains("Art. 28(4)"),
        "{}",
        sub.message(&crate::common::W)
    );
    assert!(
        sub.help_text(&crate::common::W).contains("Art. 28(4)"),
        "{}",
        sub.help_text(&crate::common::W)
    );
    // The processor that receives nothing is F004's.
    assert!(!p001.iter().any(|f| f.party.as_deref() == Some("idle")));
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule.code == "F004" && f.party.as_deref() == Some("idle")));
}

#[test]
fn p001_for_a_cookie_provider_says_to_check_the_role() {
    let text = r#"controller c { country SE }
processor player { country IE }
dataset d {
  subjects website_visitor
  fields { ip: online.ip_address }
  cookies yt
  purpose marketing { basis consent  consent { withdraw "x" } }
  measures encryption
  retention 1 year
  recipients player
}
"#;
    let found = of(&run(text), "P001");
    assert_eq!(found.len(), 1);
    assert!(
        found[0].2.contains("P006") && found[0].2.contains("controller"),
        "{}",
        found[0].2
    );
}

// T001 -------------------------------------------------------------------

#[test]
fn t001_for_an_authority_names_its_instruments_not_dpf_scc_or_art_48() {
    let text = r#"controller c { country SE }
controller agency { country US  public_authority }
dataset d {
  subjects customer
  fields { e: contact.email }
  purpose service { basis contract }
  measures encryption
  retention 1 year
  recipients agency
}
"#;
    let found = of(&run(text), "T001");
    assert_eq!(found.len(), 1);
    let help = &found[0].2;
    assert!(
        help.contains("Art. 46(2)(a)") && help.contains("Art. 46(3)(b)"),
        "{help}"
    );
    assert!(
        help.contains("Art. 49(1)(d)") && help.contains("Art. 49(1)(e)"),
        "{help}"
    );
    assert!(!help.contains("dpf") && !help.contains("scc"), "{help}");
    assert!(!help.contains("Art. 48"), "{help}");
}
