//! Typed findings of the retention (R001–R003), special-data (S001,
//! S003–S005) and transfer (T002–T005) rules: what the record states or
//! lacks, in both languages; in the record, no code and no English in a
//! Swedish sentence.

use ropa::check::Run;
use ropa::finding::{Finding, Words};

use crate::common::{self, legal_sv, W, W_SV};

/// A model on which every one of these rules reports once.
const MODEL: &str = r#"controller acme "Acme AB" { country SE  public_authority }
processor infra "Infra Pvt Ltd" { country IN  dpa "D-1"  transfer adequacy }
processor crm "CRM Inc" { country US  dpa "D-2"  transfer contract_necessity }
processor store "Store AB" { country SE  dpa "D-3"  subprocessors cloud }
processor cloud "Cloud Inc" { country US  dpa "D-4" }
processor tools "Tools Ltd" { country IN  dpa "D-5"  transfer scc "SCC 2021/914" }
processor eu "EU Ltd" { country DE  dpa "D-6"  transfer dpf }
controller public "Anyone" { country world }
dataset members {
  controller acme
  subjects employee
  fields { name: identity.name  pnr: identity.national_id  health: special.health  verdict: criminal.offences }
  purpose payroll { basis contract }
  purpose archive { basis contract  retention indefinite }
  recipients infra, crm, store, tools, eu, public
  measures encryption
  scale large
}
dataset chat {
  controller acme
  subjects employee
  fields { name: identity.name }
  purpose support { basis contract }
  measures encryption
  retention 29 days
}
dataset backup {
  controller acme
  subjects employee
  purpose keep { basis contract }
  measures encryption
  retention 2 years
}
flow chat -> backup
"#;

/// The codes of these rules.
const CODES: &[&str] = &[
    "R001", "R002", "R003", "S001", "S003", "S004", "S005", "T002", "T003", "T004", "T005",
];

fn run() -> Run {
    common::check_texts(&[("m.ropa", MODEL)])
}

fn all<'a>(run: &'a Run, code: &str) -> Vec<&'a Finding> {
    run.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .collect()
}

fn one<'a>(run: &'a Run, code: &str) -> &'a Finding {
    match all(run, code).as_slice() {
        [f] => f,
        other => panic!("{code}: {} findings", other.len()),
    }
}

/// The message in English and in Swedish, for developers.
fn messages(f: &Finding) -> (String, String) {
    (f.message(&W).into_owned(), f.message(&W_SV).into_owned())
}

#[test]
fn retention_messages_say_what_the_record_states() {
    let run = run();
    assert_eq!(
        messages(one(&run, "R001")),
        (
            "the record states no retention period for `members`, nor for its purpose `payroll`"
                .to_string(),
            "registerförteckningen anger ingen lagringstid för `members`, och inte heller för ändamålet `payroll`"
                .to_string()
        )
    );
    assert_eq!(
        messages(one(&run, "R002")),
        (
            "the record states that purpose `archive` of `members` keeps the data indefinitely"
                .to_string(),
            "registerförteckningen anger att uppgifterna för ändamålet `archive` i `members` sparas utan tidsgräns"
                .to_string()
        )
    );
    assert_eq!(
        messages(one(&run, "R003")),
        (
            "the record states a longer retention for the copy in `backup` than for its source `chat`: 2 years against 29 days"
                .to_string(),
            "registerförteckningen anger en längre lagringstid för kopian i `backup` än för källan `chat`: `2 years` mot `29 days`"
                .to_string()
        )
    );
    // In the record, the periods are words of its language.
    assert_eq!(
        one(&run, "R003").message(&legal_sv()),
        "registerförteckningen anger en längre lagringstid för kopian i `backup` än för källan `chat`: 2 år mot 29 dagar"
    );
}

#[test]
fn special_data_messages_say_what_the_record_states() {
    let run = run();
    assert_eq!(
        messages(one(&run, "S001")),
        (
            "`health` (`special.health`) is recorded as special-category data, but the record states no Art. 9(2) condition for purposes `payroll` and `archive` of `members`"
                .to_string(),
            "`health` (`special.health`) hör enligt registerförteckningen till särskilda kategorier av personuppgifter, men den anger inget undantag från förbudet i artikel 9.1 för ändamålen `payroll` och `archive` i `members`"
                .to_string()
        )
    );
    assert_eq!(
        messages(one(&run, "S003")),
        (
            "`verdict` (`criminal.offences`) is recorded as criminal-offence data, but the record states neither official authority nor a law that allows it (Art. 10) for purposes `payroll` and `archive` of `members`"
                .to_string(),
            "`verdict` (`criminal.offences`) är enligt registerförteckningen personuppgifter som rör lagöverträdelser, men den anger varken kontroll av myndighet eller lag som tillåter behandlingen (artikel 10) för ändamålen `payroll` och `archive` i `members`"
                .to_string()
        )
    );
    assert_eq!(
        messages(one(&run, "S004")),
        (
            "the record states no valid consent, justification, nor law providing for its use for national identity number `pnr` in purposes `payroll` and `archive` of `members`, which dataskyddslagen (2018:218) 3 kap. 10 § (SE) requires"
                .to_string(),
            "för det nationella identifikationsnumret `pnr` anger registerförteckningen varken giltigt samtycke, varför det är klart motiverat att behandla numret eller någon lag som föreskriver användningen för ändamålen `payroll` och `archive` i `members`, vilket dataskyddslagen (2018:218) 3 kap. 10 § (SE) kräver"
                .to_string()
        )
    );
    // S001 leads with employment law for an employer's own employees.
    assert!(one(&run, "S001")
        .help_text(&legal_sv())
        .contains("artikel 9.2 b"));
    // The secrecy review is offered to a public authority.
    assert!(one(&run, "S005")
        .help_text(&legal_sv())
        .contains("sekretessprövning"));
}

#[test]
fn transfer_messages_say_what_the_record_states() {
    let run = run();
    let t002: Vec<(String, String)> = all(&run, "T002").into_iter().map(messages).collect();
    assert_eq!(
        t002,
        [
            (
                "the record states `adequacy` as the transfer safeguard for `infra`, but no adequacy decision is in force for IN"
                    .to_string(),
                "registerförteckningen anger `adequacy` som skyddsåtgärd för överföringen till `infra`, men inget beslut om adekvat skyddsnivå gäller för IN"
                    .to_string()
            ),
            (
                "the record states `dpf` (the EU–US Data Privacy Framework) as the transfer safeguard for `eu`, but no country recorded for `eu` is the US, and the framework covers only certified organisations in the US"
                    .to_string(),
                "registerförteckningen anger `dpf` (EU–US Data Privacy Framework) som skyddsåtgärd för överföringen till `eu`, men inget land som anges för `eu` är USA, och ramen omfattar bara certifierade organisationer i USA"
                    .to_string()
            ),
        ]
    );
    assert_eq!(
        messages(one(&run, "T003")),
        (
            "the record states no transfer safeguard (Chapter V) for `cloud` (US), which the data of `members` reaches through a chain: members → store → cloud (US)"
                .to_string(),
            "registerförteckningen anger ingen lämplig skyddsåtgärd (kapitel V) för `cloud` (US), som uppgifterna i `members` når genom en kedja: members → store → cloud (US)"
                .to_string()
        )
    );
    assert_eq!(
        messages(one(&run, "T004")),
        (
            "the record states that `members` is processed at large scale, but rests its transfer to `crm` on an Art. 49 derogation (`contract_necessity`)"
                .to_string(),
            "registerförteckningen anger att `members` behandlas i stor omfattning, men grundar överföringen till `crm` på ett undantag enligt artikel 49 (`contract_necessity`)"
                .to_string()
        )
    );
    assert_eq!(
        messages(one(&run, "T005")),
        (
            "no transfer impact assessment is recorded for the transfer to `tools` (IN) under `scc`"
                .to_string(),
            "registerförteckningen anger ingen konsekvensbedömning av överföringen (TIA) till `tools` (IN) enligt `scc`"
                .to_string()
        )
    );
    // In the record: countries and mechanisms in words.
    assert_eq!(
        one(&run, "T005").message(&legal_sv()),
        "registerförteckningen anger ingen konsekvensbedömning av överföringen (TIA) till `tools` (Indien) enligt standardavtalsklausuler"
    );
}

/// The words outside `code` spans (the IDs the user chose stand there).
fn prose(text: &str) -> Vec<String> {
    text.split('`')
        .step_by(2)
        .flat_map(|part| {
            part.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Code tokens of these rules' vocabulary and syntax, and English words
/// and units, none of which belongs in a Swedish sentence of the record.
const NOT_SWEDISH: &[&str] = &[
    // syntax and vocabulary codes
    "retention",
    "indefinite",
    "by_law",
    "anonymised",
    "fields",
    "special_basis",
    "criminal_basis",
    "explicit_consent",
    "employment_law",
    "made_public",
    "justification",
    "transfer",
    "scc",
    "dpf",
    "bcr",
    "adequacy",
    "tia",
    "world",
    "third",
    "special",
    "health",
    "criminal",
    "offences",
    "national_id",
    "identity",
    "contract_necessity",
    "official_authority",
    "legal_obligation",
    "public_task",
    "consent",
    "law",
    // English words and units
    "the",
    "and",
    "of",
    "for",
    "record",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
];

#[test]
fn the_swedish_record_has_no_code_and_no_english() {
    let run = run();
    let w: Words = legal_sv();
    let mut problems = Vec::new();
    for code in CODES {
        let found = all(&run, code);
        assert!(!found.is_empty(), "no {code}");
        for f in found {
            for (what, text) in [
                ("message", f.message(&w).into_owned()),
                ("help", f.help_text(&w).into_owned()),
            ] {
                assert!(!text.trim().is_empty(), "{code}: empty {what}");
                for word in prose(&text) {
                    if NOT_SWEDISH.contains(&word.as_str()) {
                        problems.push(format!("{code} {what}: `{word}` in: {text}"));
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_help_is_written_in_both_registers_and_languages() {
    let run = run();
    let words = [
        W,
        W_SV,
        ropa::report::legal_words(ropa::finding::Lang::En),
        legal_sv(),
    ];
    for code in CODES {
        for f in all(&run, code) {
            let helps: Vec<String> = words.iter().map(|w| f.help_text(w).into_owned()).collect();
            for h in &helps {
                assert!(!h.trim().is_empty(), "{code}: an empty help");
            }
            // The legal help is not the developer's, and has no syntax.
            assert_ne!(helps[0], helps[2], "{code}");
            assert_ne!(helps[1], helps[3], "{code}");
            for legal in &helps[2..] {
                assert!(
                    !legal.contains('"') && !legal.contains('<'),
                    "{code}: syntax in the legal help: {legal}"
                );
            }
        }
    }
}

#[test]
fn facts_are_ids_and_codes() {
    let run = run();
    assert_eq!(
        one(&run, "T003").facts(),
        r#"{"dataset":"members","party":"cloud","countries":["US"],"chain":["members","store","cloud"]}"#
    );
    assert_eq!(
        one(&run, "R001").facts(),
        r#"{"dataset":"members","purposes":["payroll"]}"#
    );
    assert_eq!(
        one(&run, "T004").facts(),
        r#"{"dataset":"members","party":"crm","mechanism":"contract_necessity","large":true}"#
    );
}
