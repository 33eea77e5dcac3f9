//! Typed findings of the lawfulness (L) and parties (P) rules: the
//! messages say what the record states or lacks, in both languages, and
//! the record's Swedish carries no code token and no English.

use crate::common::{check_texts, legal_sv, W, W_SV};
use ropa::check::Run;
use ropa::finding::Finding;

const MODEL: &str = r#"
controller acme "Acme AB" { country SE }
controller partner "Partner AB" { country SE }
controller kommun "Kommunen" { country SE  public_authority }
controller globex "Globex Inc" { country US }
controller social "Social Ltd" { country IE }
processor host "Host AB" { country SE  subprocessors backup }
processor backup "Backup AB" { country SE }
dataset members "Medlemmar" {
  controller acme
  subjects customer, reference_person
  fields { email: contact.email }
  recipients host
  purpose newsletter { kind marketing.email }
  purpose records { basis legal_obligation }
  purpose login { kind service  basis consent }
  purpose offers { kind marketing  basis legitimate_interest  consent { implied } }
  retention 1 year
  measures encryption
}
dataset shared "Delat" {
  controller acme, partner
  subjects customer
  fields { email: contact.email }
  purpose support { kind customer_service  basis contract }
  retention 1 year
  measures encryption
}
dataset visitors "Besökare" {
  controller kommun
  subjects website_visitor
  fields { ip: online.ip_address }
  cookies _fbp
  purpose ads { kind advertising  basis legitimate_interest "LIA-1" }
  retention 1 year
  measures encryption
  recipients social
}
dataset news "Nyhetsbrev" {
  controller kommun
  subjects customer
  fields { email: contact.email }
  purpose mailing { kind marketing.email  basis consent  consent { withdraw "Länk i varje utskick" } }
  retention 1 year
  measures encryption
}
dataset leads "Leads" {
  controller globex
  subjects customer
  fields { email: contact.email }
  purpose sales { kind marketing  basis legitimate_interest "LIA-2" }
  retention 1 year
  measures encryption
}
dataset hosted "Drift" {
  controller host
  subjects customer
  fields { email: contact.email }
  purpose operations { kind service  basis contract }
  retention 1 year
  measures encryption
}
"#;

/// The IDs of [`MODEL`]: the only names a legal reader's Swedish may set
/// off as code.
const IDS: &[&str] = &[
    "acme",
    "partner",
    "kommun",
    "globex",
    "social",
    "host",
    "backup",
    "members",
    "newsletter",
    "records",
    "login",
    "offers",
    "shared",
    "visitors",
    "ads",
    "news",
    "mailing",
    "leads",
    "hosted",
];

/// This family's codes: rules.
const CODES: &[&str] = &[
    "L001", "L002", "L003", "L004", "L005", "L006", "L009", "L010", "L011", "L012", "L013", "P001",
    "P002", "P003", "P004", "P005", "P006",
];

/// The model's words that a legal reader's Swedish must not show: the
/// vocabulary codes these rules read and the DSL's keywords.
const CODE_TOKENS: &[&str] = &[
    "consent",
    "explicit_consent",
    "contract",
    "legal_obligation",
    "public_task",
    "legitimate_interest",
    "vital_interest",
    "marketing.email",
    "marketing",
    "advertising",
    "personalisation",
    "service",
    "security",
    "reference_person",
    "non_user",
    "public_sources",
    "public_authority",
    "basis",
    "withdraw",
    "bundled",
    "implied",
    "soft_opt_in",
    "dpa",
    "dpo",
    "arrangement",
    "representative",
    "processor",
    "controller",
    "recipients",
    "cookies",
    "profiling",
    "law",
    "allow",
];

/// English words that have no place in a Swedish sentence.
const ENGLISH: &[&str] = &[
    "the", "of", "and", "or", "to", "record", "with", "is", "no", "for", "states", "names", "add",
    "day", "days", "week", "weeks", "month", "months", "year", "years",
];

fn run() -> Run {
    check_texts(&[("m.ropa", MODEL)])
}

fn of<'a>(run: &'a Run, code: &str) -> Vec<&'a Finding> {
    run.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .collect()
}

fn one<'a>(run: &'a Run, code: &str) -> &'a Finding {
    match of(run, code).as_slice() {
        [f] => f,
        other => panic!("{code}: {} findings: {:#?}", other.len(), run.findings),
    }
}

#[test]
fn every_rule_of_the_family_is_in_the_model() {
    let run = run();
    for code in CODES {
        assert!(
            !of(&run, code).is_empty(),
            "no {code} in {:#?}",
            run.findings
        );
    }
}

#[test]
fn l001_says_what_the_record_lacks() {
    let run = run();
    let f = one(&run, "L001");
    assert_eq!(
        f.message(&W),
        "the record states no legal basis for purpose `newsletter` of `members`"
    );
    assert_eq!(
        f.message(&W_SV),
        "registerförteckningen anger ingen rättslig grund för ändamålet `newsletter` i `members`"
    );
    // A controller in Sweden: the Swedish marketing law is named, in the
    // Directive's Swedish style.
    assert!(f.help_text(&W_SV).contains(
        "artikel 13 i direktiv 2002/58/EG; i Sverige marknadsföringslagen (2008:486) 19 §"
    ));
    assert!(
        f.facts().contains("\"kind\":\"marketing.email\""),
        "{}",
        f.facts()
    );
}

#[test]
fn l002_names_the_basis_and_what_the_law_must_be() {
    let run = run();
    let f = one(&run, "L002");
    assert_eq!(
        f.message(&W),
        "the record names no Union or Member State law for `legal_obligation` in purpose `records` of `members` (Art. 6(3))"
    );
    assert_eq!(
        f.message(&W_SV),
        "registerförteckningen anger ingen rättslig grund i unionsrätten eller i nationell rätt \
         (lag, förordning eller annan författning) för `legal_obligation` i ändamålet `records` \
         i `members` (artikel 6.3)"
    );
    assert_eq!(
        f.message(&legal_sv()),
        "registerförteckningen anger ingen rättslig grund i unionsrätten eller i nationell rätt \
         (lag, förordning eller annan författning) för rättslig förpliktelse i ändamålet `records` \
         i `members` (artikel 6.3)"
    );
}

#[test]
fn l009_names_the_kind() {
    let run = run();
    let f = one(&run, "L009");
    assert_eq!(
        f.message(&W),
        "the record states consent as the basis of purpose `login` (`service`) of `members`, \
         processing that does not depend on the person's choice"
    );
    assert_eq!(
        f.message(&W_SV),
        "registerförteckningen anger samtycke som rättslig grund för ändamålet `login` (`service`) \
         i `members`, en behandling som inte är beroende av den enskildes val"
    );
    assert!(f.help_text(&W).contains("`basis contract`"));
    assert!(f
        .help_text(&legal_sv())
        .contains("avtalet med den enskilde (artikel 6.1 b)"));
}

#[test]
fn l012_says_whose_consent_the_record_does_not_show() {
    let run = run();
    let f = one(&run, "L012");
    assert_eq!(
        f.message(&W),
        "the record states consent for purpose `login` of `members`, which also holds data of \
         `reference_person`, whose own consent the record does not show (this concerns their \
         data, not the consenting users')"
    );
    assert_eq!(
        f.message(&W_SV),
        "registerförteckningen anger samtycke för ändamålet `login` i `members`, som även \
         innehåller uppgifter om `reference_person`, vars eget samtycke registerförteckningen \
         inte visar (iakttagelsen gäller deras uppgifter, inte de samtyckande användarnas)"
    );
    assert!(f
        .message(&legal_sv())
        .contains("uppgifter om referenspersoner,"));
}

#[test]
fn p001_and_p002_say_what_is_not_referenced() {
    let run = run();
    let p001 = of(&run, "P001");
    assert_eq!(p001.len(), 2, "{p001:#?}");
    assert_eq!(
        p001[0].message(&W),
        "no Art. 28(3) contract is referenced for processor `host`"
    );
    assert_eq!(
        p001[0].message(&W_SV),
        "inget personuppgiftsbiträdesavtal eller annan rättsakt enligt artikel 28.3 anges för \
         personuppgiftsbiträdet `host`"
    );
    assert_eq!(
        p001[1].message(&W),
        "no Art. 28(4) contract is referenced for sub-processor `backup` engaged by `host`"
    );
    assert!(p001[1].help_text(&legal_sv()).contains("(artikel 28.4)"));
    let p002 = one(&run, "P002");
    assert_eq!(
        p002.message(&W),
        "the record states joint controllers of `shared` (`acme` and `partner`) but no \
         arrangement between them (Art. 26)"
    );
    assert_eq!(
        p002.message(&W_SV),
        "registerförteckningen anger gemensamt personuppgiftsansvariga för `shared` (`acme` och \
         `partner`) men inget inbördes arrangemang (artikel 26)"
    );
}

#[test]
fn p003_names_the_country_in_words_for_the_record() {
    let run = run();
    let f = one(&run, "P003");
    assert_eq!(
        f.message(&W),
        "the record states that controller `globex` is established outside the EEA (US), but \
         names no representative in the Union (Art. 27)"
    );
    assert_eq!(
        f.message(&legal_sv()),
        "registerförteckningen anger att den personuppgiftsansvarige `globex` är etablerad \
         utanför EES (USA), men ingen företrädare i unionen (artikel 27)"
    );
}

/// The text with the model's IDs (set off as names) taken out.
fn without_ids(text: &str) -> String {
    let mut out = text.to_string();
    for id in IDS {
        out = out.replace(&format!("`{id}`"), " ");
    }
    out
}

/// The words of a text, split at anything that is not part of a word or
/// a code (`marketing.email`, `legal_obligation`).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// What a Swedish reader of `w` would trip over in this family's
/// findings: code (other than the model's IDs), vocabulary codes, English
/// words and units, or an empty text.
fn problems(run: &Run, w: &ropa::finding::Words) -> Vec<String> {
    let mut problems = Vec::new();
    for f in run.findings.iter().filter(|f| CODES.contains(&f.rule.code)) {
        for (what, text) in [
            ("message", f.message(w).into_owned()),
            ("help", f.help_text(w).into_owned()),
        ] {
            if text.trim().is_empty() {
                problems.push(format!("{} {what} is empty", f.rule.code));
                continue;
            }
            let prose = without_ids(&text);
            if prose.contains('`') {
                problems.push(format!("{} {what} has code: {text}", f.rule.code));
            }
            let words = words(&prose);
            for token in CODE_TOKENS.iter().chain(ENGLISH) {
                if words.iter().any(|w| w == token) {
                    problems.push(format!("{} {what} has `{token}`: {text}", f.rule.code));
                }
            }
        }
    }
    problems
}

#[test]
fn the_records_swedish_has_no_code_and_no_english() {
    let run = run();
    let problems = problems(&run, &legal_sv());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The check sees code where there is some: developers' Swedish helps
    // show the DSL.
    assert!(!self::problems(&run, &W_SV).is_empty());
}

/// People from public sources are named even when the subjects are cut
/// to three.
#[test]
fn l012_always_names_the_public_sources() {
    let run = check_texts(&[(
        "m.ropa",
        r#"
controller app "Appen AB" { country SE }
dataset contacts "Kontakter" {
  controller app
  subjects customer, non_user, contact_of_user, reference_person, relative
  source data_subject, public_sources
  fields { email: contact.email }
  purpose invites { kind service  basis consent  consent { withdraw "Kontoinställningar" } }
  retention 6 months
  measures encryption
}
"#,
    )]);
    let f = one(&run, "L012");
    let m = f.message(&W);
    assert!(
        m.contains("and 1 more, and of people found in public sources (`public_sources`)"),
        "{m}"
    );
    let m = f.message(&legal_sv());
    assert!(
        m.contains("och 1 till samt om personer från offentliga källor,"),
        "{m}"
    );
    assert!(
        f.facts().contains("\"public_sources\":true"),
        "{}",
        f.facts()
    );
}

#[test]
fn every_finding_has_a_help_in_both_registers_and_languages() {
    let run = run();
    let registers = [
        W,
        W_SV,
        ropa::report::legal_words(ropa::finding::Lang::En),
        legal_sv(),
    ];
    for f in run.findings.iter().filter(|f| CODES.contains(&f.rule.code)) {
        for w in &registers {
            assert!(
                !f.help_text(w).trim().is_empty(),
                "{} in {w:?}",
                f.rule.code
            );
        }
    }
}
