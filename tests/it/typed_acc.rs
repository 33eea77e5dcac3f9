//! Typed findings of the accountability rules (A001–A011 but A004 and
//! A007), F004 and the suppression rules X001–X002: what their messages
//! say in each language, and that the record's Swedish carries no code.

use ropa::check::Run;
use ropa::finding::{Finding, Lang, Words};

use crate::common::{check_texts, legal_sv, W, W_SV};

/// The rules of this file.
const CODES: &[&str] = &[
    "A001", "A002", "A003", "A005", "A006", "A008", "A009", "A010", "A011", "F004", "X001", "X002",
];

/// The failing fixture of `code`, checked.
fn fixture(code: &str) -> Run {
    let path = format!(
        "{}/fixtures/rules/{code}/fail.ropa",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    check_texts(&[("fail.ropa", &text)])
}

/// The messages of the findings of `code` in `run`, in `w`.
fn messages(run: &Run, code: &str, w: &Words) -> Vec<String> {
    of(run, code)
        .iter()
        .map(|f| f.message(w).into_owned())
        .collect()
}

/// The findings of `code` in `run`.
fn of<'a>(run: &'a Run, code: &str) -> Vec<&'a Finding> {
    run.findings
        .iter()
        .filter(|f| f.rule.code == code)
        .collect()
}

#[test]
fn a001_a003_a006_a009_say_what_the_record_lacks() {
    let run = fixture("A001");
    assert_eq!(
        messages(&run, "A001", &W),
        ["the record states no purpose for `customers`"]
    );
    assert_eq!(
        messages(&run, "A001", &W_SV),
        ["registerförteckningen anger inget ändamål för `customers`"]
    );

    let run = fixture("A003");
    assert_eq!(
        messages(&run, "A003", &W)[0],
        "the record shows 2 of the EDPB's criteria for a data protection impact assessment for `sick_leave` (special-category or criminal-offence data; vulnerable data subjects) and references no assessment"
    );
    assert_eq!(
        messages(&run, "A003", &W_SV)[0],
        "registerförteckningen visar 2 av EDPB:s kriterier för konsekvensbedömning avseende dataskydd för `sick_leave` (särskilda kategorier av personuppgifter eller personuppgifter som rör lagöverträdelser; sårbara registrerade) och hänvisar inte till någon konsekvensbedömning"
    );
    assert_eq!(
        of(&run, "A003")[0].facts(),
        r#"{"dataset":"sick_leave","criteria":["sensitive_data","vulnerable_subjects"]}"#
    );

    let run = fixture("A006");
    assert_eq!(
        messages(&run, "A006", &W),
        ["no country is recorded for party `hosting`"]
    );
    assert_eq!(
        messages(&run, "A006", &W_SV),
        ["registerförteckningen anger inget land för parten `hosting`"]
    );

    let run = fixture("A009");
    assert_eq!(
        messages(&run, "A009", &W)[0],
        "the record states no way to object to the direct marketing of purpose `offers` of `prospects`"
    );
    assert_eq!(
        messages(&run, "A009", &W_SV)[0],
        "registerförteckningen anger inte hur en invändning mot direktmarknadsföringen i ändamålet `offers` i `prospects` tas emot"
    );
}

#[test]
fn a005_names_the_category_and_where_the_field_comes_from() {
    let run = fixture("A005");
    assert_eq!(
        messages(&run, "A005", &W),
        [
            "the record states neither encryption nor pseudonymisation for `registrations`, which holds `special.health` in field `accessibility_needs`",
            "the record states neither encryption nor pseudonymisation for `venue_lists`, which holds `special.health` in field `accessibility_needs`, which flows in from `registrations`",
        ]
    );
    assert_eq!(
        messages(&run, "A005", &W_SV),
        [
            "registerförteckningen anger varken kryptering eller pseudonymisering för `registrations`, som innehåller `special.health` i fältet `accessibility_needs`",
            "registerförteckningen anger varken kryptering eller pseudonymisering för `venue_lists`, som innehåller `special.health` i fältet `accessibility_needs`, som förs över från `registrations`",
        ]
    );
    // The record's readers read the category as words.
    assert_eq!(
        of(&run, "A005")[0].message(&legal_sv()),
        "registerförteckningen anger varken kryptering eller pseudonymisering för `registrations`, som innehåller uppgifter om hälsa i fältet `accessibility_needs`"
    );
    // A longer path is named step by step.
    let text = r#"controller c { country SE }
dataset a { subjects patient  fields { h: special.health }  measures encryption
  purpose p { basis contract  special_basis explicit_consent }  retention 1 year }
dataset b { subjects patient  measures encryption
  purpose p { basis contract  special_basis explicit_consent }  retention 1 year }
dataset d { subjects patient  measures access_control
  purpose p { basis contract  special_basis explicit_consent }  retention 1 year }
flow a -> b
flow b -> d
"#;
    let run = check_texts(&[("m.ropa", text)]);
    assert_eq!(
        messages(&run, "A005", &W),
        ["the record states neither encryption nor pseudonymisation for `d`, which holds `special.health` in field `h`, which flows in from `a` through `a` → `b` → `d`"]
    );
}

#[test]
fn a002_says_how_many_controllers_the_record_declares() {
    let none = "dataset d { subjects customer  fields { n: identity.name }  purpose p { basis contract }  retention 1 year }\n";
    let run = check_texts(&[("m.ropa", none)]);
    assert_eq!(
        messages(&run, "A002", &W),
        ["the record states no controller for `d`, and it declares no controller at all"]
    );
    assert_eq!(
        messages(&run, "A002", &W_SV),
        ["registerförteckningen anger ingen personuppgiftsansvarig för `d`, och den anger ingen personuppgiftsansvarig alls"]
    );
    let run = fixture("A002");
    assert_eq!(
        messages(&run, "A002", &W),
        ["the record states no controller for `orders`, and it declares 2 controllers, so which one is responsible is not implied"]
    );
}

#[test]
fn f004_x001_x002_messages() {
    let run = fixture("F004");
    assert_eq!(
        messages(&run, "F004", &W),
        ["no dataset, flow or processor in the record references party `printer`"]
    );
    assert_eq!(
        messages(&run, "F004", &W_SV),
        ["ingen datamängd, inget flöde och inget personuppgiftsbiträde i registerförteckningen hänvisar till parten `printer`"]
    );
    let run = fixture("X001");
    assert_eq!(
        messages(&run, "X001", &W),
        ["this suppression of R002 states no reason, so it suppresses nothing"]
    );
    assert_eq!(
        messages(&run, "X001", &W_SV),
        ["undertryckningen av R002 anger inget skäl och undertrycker därför ingenting"]
    );
    let run = fixture("X002");
    assert_eq!(
        messages(&run, "X002", &W),
        ["this suppression of R002 matches no finding"]
    );
    assert_eq!(
        messages(&run, "X002", &W_SV),
        ["undertryckningen av R002 träffar ingen iakttagelse"]
    );
}

/// The words of `text` outside `code` spans.
fn prose_words(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .flat_map(|(_, part)| {
            part.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .map(|w| w.trim_matches('.').to_string())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A code token: a DSL keyword or vocabulary value of these rules, a
/// snake_case or dotted value, or an English word or unit.
fn code_or_english(word: &str) -> bool {
    const TOKENS: &[&str] = &[
        "purpose",
        "basis",
        "controller",
        "dpia",
        "measures",
        "encryption",
        "pseudonymisation",
        "anonymisation",
        "country",
        "eea",
        "third",
        "objection",
        "subjects",
        "recipients",
        "consent",
        "special",
        "criminal",
        "marketing",
        "archiving",
        "research",
        "statistics",
        "cookies",
        "allow",
        "ropa",
        "the",
        "and",
        "of",
        "record",
        "Art",
        "day",
        "days",
        "month",
        "months",
        "year",
        "years",
    ];
    let dotted = word.contains('.')
        && word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
    TOKENS.contains(&word) || word.contains('_') || dotted
}

#[test]
fn the_records_swedish_has_no_code_and_no_english() {
    let legal = legal_sv();
    let en = ropa::report::legal_words(Lang::En);
    let mut seen = std::collections::BTreeSet::new();
    for code in CODES {
        let run = fixture(code);
        for f in run.findings.iter().filter(|f| CODES.contains(&f.rule.code)) {
            seen.insert(f.rule.code);
            let (message, help) = (f.message(&legal), f.help_text(&legal));
            for (what, text) in [("message", &*message), ("help", &*help)] {
                let bad: Vec<String> = prose_words(text)
                    .into_iter()
                    .filter(|w| code_or_english(w))
                    .collect();
                assert!(bad.is_empty(), "{} {what}: {bad:?} in {text}", f.rule.code);
            }
            // The remedy names nothing as code: no DSL, no IDs.
            assert!(!help.contains('`'), "{}: {help}", f.rule.code);
            for w in [&W, &W_SV, &en, &legal] {
                assert!(
                    !f.help_text(w).trim().is_empty(),
                    "{} has no help",
                    f.rule.code
                );
            }
        }
    }
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), CODES);
}

#[test]
fn the_code_check_catches_code() {
    assert_eq!(prose_words("a `x_y` b."), ["a", "b"]);
    for word in [
        "access_control",
        "special.health",
        "months",
        "measures",
        "Art",
    ] {
        assert!(code_or_english(word), "{word}");
    }
    for word in ["uppgifter", "EES", "rev.01", "artikel", "WP248"] {
        assert!(!code_or_english(word), "{word}");
    }
}
