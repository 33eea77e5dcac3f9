//! The version-3 additions to the language (language.md, *v3*): `market`
//! on a controller, `tia` on a transfer, `objection` in a purpose, `owner`
//! and `reviewed` on a dataset, and the v3 vocabulary. Each is read by
//! both readers alike, reaches the model, is laid out by `ropa fmt`, is
//! checked (E003, E004) and is offered by the editor where it belongs.

use crate::common;

use serde_json::json;

use crate::lsp::Client;

use common::{check_texts, codes};
use ropa::source::FileId;
use ropa::syntax::ast::Date;

/// A model that uses every v3 attribute.
const V3: &str = r#"controller jobbet "Jobbet AB" {
  country DK
  market SE, NO, eea
}

processor cloud "Cloud Inc." {
  country US
  transfer scc "SCC 2021 module 2" tia "TIA-2026-03"
  dpa "DPA-7"
}

dataset staff "Personal" {
  controller jobbet
  subjects employee, emergency_contact, relative
  fields {
    name: identity.name
    title: professional.job_title
    salary: financial.salary
    clicks: online.behaviour
  }
  purpose employment {
    basis contract
  }
  purpose payroll {
    basis legal_obligation "Skatteförfarandelagen (2011:1244)"
  }
  purpose newsletter {
    kind marketing.email
    basis consent
    consent {
      withdraw "link in every e-mail"
    }
    objection "unsubscribe link; handled the same day"
  }
  retention 2 years after employment_end
  recipients cloud
  measures encryption
  owner "HR manager"
  reviewed 2026-03-31
}
"#;

fn model_of(text: &str) -> ropa::check::Run {
    check_texts(&[("v3.ropa", text)])
}

fn e004_messages(run: &ropa::check::Run) -> Vec<String> {
    run.findings
        .iter()
        .filter(|f| f.rule.code == "E004")
        .map(|f| {
            format!(
                "{} | {}",
                f.message(&crate::common::W),
                f.help_text(&crate::common::W)
            )
        })
        .collect()
}

#[test]
fn every_v3_attribute_reaches_the_model() {
    let run = model_of(V3);
    let data = ropa::data::RuleData::builtin().unwrap();
    let found = codes(&run);
    for code in ["E001", "E003", "E004", "F001"] {
        assert!(!found.iter().any(|(c, _)| c == code), "{code} in {found:?}");
    }
    let model = &run.model;

    let jobbet = model.party("jobbet").unwrap();
    let markets: Vec<&str> = jobbet.markets(&data).map(|c| c.name.as_str()).collect();
    assert_eq!(markets, ["SE", "NO", "eea"]);
    assert_eq!(jobbet.tia(), None);

    let cloud = model.party("cloud").unwrap();
    assert_eq!(cloud.markets(&data).count(), 0);
    assert_eq!(cloud.tia().map(|t| t.value.as_str()), Some("TIA-2026-03"));
    let transfer = &cloud.ast.transfer.as_ref().unwrap().value;
    assert_eq!(
        transfer.reference.as_ref().map(|r| r.value.as_str()),
        Some("SCC 2021 module 2")
    );

    let staff = &model.datasets[model.dataset_index["staff"]];
    assert_eq!(staff.owner(), Some("HR manager"));
    assert_eq!(
        staff.reviewed(),
        Some(Date {
            year: 2026,
            month: 3,
            day: 31
        })
    );
    let newsletter = staff
        .ast
        .purposes
        .iter()
        .find(|p| p.id.name == "newsletter")
        .unwrap();
    assert_eq!(
        newsletter
            .objection
            .as_ref()
            .map(|o| o.value.value.as_str()),
        Some("unsubscribe link; handled the same day")
    );
    // `employment` and `payroll` are kinds: the purposes take them from
    // their IDs.
    let kinds: Vec<&str> = staff
        .ast
        .purposes
        .iter()
        .map(|p| ropa::model::purpose_kind(p, &data))
        .collect();
    assert_eq!(kinds, ["employment", "payroll", "marketing.email"]);
    // `online.behaviour` is `online.behavior` in the model.
    let categories: Vec<&str> = staff
        .ast
        .fields
        .iter()
        .filter_map(|f| f.category.as_ref().map(|c| c.name.as_str()))
        .collect();
    assert_eq!(
        categories,
        [
            "identity.name",
            "professional.job_title",
            "financial.salary",
            "online.behavior"
        ]
    );
    // The third persons are known subjects, and listed as third persons.
    for s in [
        "emergency_contact",
        "relative",
        "non_user",
        "contact_of_user",
    ] {
        assert!(data.subjects.contains(s) && data.third_person_subjects.contains(s));
    }
    assert!(data.third_person_subjects.contains("reference_person"));
    assert!(!data.third_person_subjects.contains("child"));
}

#[test]
fn the_export_and_the_report_show_the_v3_attributes() {
    let run = model_of(V3);
    let data = ropa::data::RuleData::builtin().unwrap();
    let export = ropa::export::model(&run.model, &run.graph, &data);
    let party = |id: &str| {
        export["parties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(party("jobbet")["market"], json!(["SE", "NO", "eea"]));
    assert_eq!(party("cloud")["market"], json!([]));
    assert_eq!(party("cloud")["transfer"]["tia"], "TIA-2026-03");
    let staff = &export["datasets"][0];
    assert_eq!(staff["owner"], "HR manager");
    assert_eq!(staff["reviewed"], "2026-03-31");
    assert_eq!(
        staff["purposes"][2]["objection"],
        "unsubscribe link; handled the same day"
    );
    assert_eq!(staff["fields"][3]["category"], "online.behavior");

    let sv = ropa::report::render(
        &run,
        &data,
        ropa::report::ReportFormat::Markdown,
        ropa::report::Lang::Sv,
    );
    for words in [
        "Lönehantering",
        "Personaladministration",
        "Lön",
        "Befattning",
        "Anhöriga",
        "Beteende på nätet",
        "Ansvarig inom organisationen",
        "Senast granskad",
        "2026-03-31",
        "TIA-2026-03",
        "Sverige, Norge, EU/EES",
        "unsubscribe link",
    ] {
        assert!(sv.contains(words), "`{words}` in the Swedish report:\n{sv}");
    }
}

#[test]
fn market_on_a_processor_is_e004() {
    let run =
        model_of("controller c { country SE }\nprocessor p { country SE market SE dpa \"d\" }\n");
    let messages = e004_messages(&run);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("`market` applies only to controllers"),
        "{messages:?}"
    );
    assert_eq!(codes(&run).iter().filter(|(c, _)| c == "E004").count(), 1);
    let e004 = run.findings.iter().find(|f| f.rule.code == "E004").unwrap();
    assert_eq!(common::line(&run, e004.primary.span), 2);
}

#[test]
fn an_unknown_market_is_e004_with_a_suggestion() {
    let run = model_of("controller c { country SE market se, Sweden, world, EEA }\n");
    let messages = e004_messages(&run);
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].contains("`se` is not a known market country code"));
    assert!(messages[0].contains("did you mean `SE`?"), "{messages:?}");
    assert!(messages[1].contains("`Sweden`"), "{messages:?}");
    assert!(messages[2].contains("`world`"), "{messages:?}");
    assert!(messages[3].contains("did you mean `eea`?"), "{messages:?}");
}

#[test]
fn a_date_that_is_not_a_day_of_the_calendar_is_e004() {
    let run = model_of("dataset d { reviewed 2026-02-30 }\ndataset e { reviewed 2026-13-01 }\n");
    let messages = e004_messages(&run);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("`2026-02-30` is not a date of the calendar")
            && messages[0].contains("month 02 of 2026 has 28 days"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("`2026-13-01`") && messages[1].contains("months go from 01 to 12"),
        "{messages:?}"
    );
    let d = &run.model.datasets[0];
    assert_eq!(d.reviewed(), None);
    // A leap day is a day.
    assert!(e004_messages(&model_of("dataset d { reviewed 2028-02-29 }\n")).is_empty());
    // A date's shape is syntax: anything else is E001.
    let bad = model_of("dataset d { reviewed 2026-2-3 }\n");
    let e001 = bad.findings.iter().find(|f| f.rule.code == "E001").unwrap();
    assert!(
        e001.message(&crate::common::W).contains("YYYY-MM-DD"),
        "{}",
        e001.message(&crate::common::W)
    );
}

#[test]
fn a_single_valued_v3_attribute_given_twice_is_e003() {
    for (text, keyword) in [
        (
            "dataset d { purpose p { objection \"a\" objection \"b\" } }",
            "objection",
        ),
        ("dataset d { owner \"a\" owner \"b\" }", "owner"),
        (
            "dataset d { reviewed 2026-01-01 reviewed 2026-01-02 }",
            "reviewed",
        ),
        ("controller c { market SE market NO }", "market"),
    ] {
        let run = model_of(text);
        let e003: Vec<_> = run
            .findings
            .iter()
            .filter(|f| f.rule.code == "E003")
            .collect();
        assert_eq!(e003.len(), 1, "{text}");
        assert!(
            e003[0]
                .message(&crate::common::W)
                .contains(&format!("`{keyword}`")),
            "{text}"
        );
    }
}

#[test]
fn fmt_lays_the_v3_attributes_out_and_is_idempotent() {
    let messy = "controller jobbet \"Jobbet AB\" { country DK market SE ,NO,eea }\n\
                 processor cloud { country US transfer scc \"SCC\"   tia\"TIA-1\" }\n\
                 dataset d { owner \"HR\" reviewed 2026-03-31 purpose p { objection \"x\" } }\n";
    let once = ropa::fmt::format_source(messy).unwrap();
    assert!(once.contains("\n  market SE, NO, eea\n"), "{once}");
    assert!(
        once.contains("\n  transfer scc \"SCC\" tia \"TIA-1\"\n"),
        "{once}"
    );
    assert!(
        once.contains("\n  owner \"HR\"\n  reviewed 2026-03-31\n"),
        "{once}"
    );
    assert!(once.contains("\n    objection \"x\"\n"), "{once}");
    assert_eq!(ropa::fmt::format_source(&once).unwrap(), once);
    // The model file is already in the canonical layout.
    assert_eq!(ropa::fmt::format_source(V3).unwrap(), V3);
    // Laid out from pest's pairs, the same text.
    assert_eq!(ropa::fmt::format_source_with_pest(messy).unwrap(), once);
}

#[test]
fn the_direct_reader_and_pest_read_the_v3_attributes_alike() {
    for text in [
        V3,
        "controller c { market SE /* c */ , eea transfer bcr tia \"t\" }",
        "processor p { transfer scc\n// between\ntia \"t\" dpa \"d\" }",
        "dataset d { reviewed 2026-02-30 owner \"\\u{e9}\" purpose p { objection \"o\" } }",
    ] {
        let direct = ropa::syntax::direct::read(FileId(1), text);
        let pest = ropa::syntax::parse_with_pest(FileId(1), text);
        assert!(pest.problems.is_empty(), "{text}: {:?}", pest.problems);
        assert!(direct.is_some(), "declined: {text}");
        assert_eq!(direct, pest.file, "{text}");
    }
}

// ------------------------------------------------------------------ editor

/// The labels offered at the `|` of `text`, opened as `uri` in a running
/// `ropa lsp` (the client of `tests/it/lsp.rs`).
fn complete(lsp: &mut Client, uri: &str, text: &str) -> Vec<String> {
    let cursor = text.find('|').unwrap();
    let text = text.replacen('|', "", 1);
    lsp.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "ropa", "version": 1, "text": text}}),
    );
    let prefix = &text[..cursor];
    let line = prefix.matches('\n').count();
    let column = prefix[prefix.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    let result = lsp.call(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri},
               "position": {"line": line, "character": column}}),
    );
    let items = result
        .as_array()
        .or_else(|| result["items"].as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn the_editor_offers_the_v3_attributes_where_they_belong() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(root.join("model.ropa"), V3).unwrap();
    let mut lsp = Client::start(&root);
    let uri = format!("file://{}", root.join("scratch.ropa").display());
    let has = |labels: &[String], wanted: &[&str]| {
        for w in wanted {
            assert!(labels.iter().any(|l| l == w), "`{w}` in {labels:?}");
        }
    };
    let lacks = |labels: &[String], unwanted: &[&str]| {
        for w in unwanted {
            assert!(!labels.iter().any(|l| l == w), "`{w}` not in {labels:?}");
        }
    };

    let controller = complete(&mut lsp, &uri, "controller c { country SE |");
    has(&controller, &["market", "transfer", "law"]);
    lacks(&controller, &["tia", "owner", "objection"]);
    let processor = complete(&mut lsp, &uri, "processor p { country SE |");
    has(&processor, &["transfer", "dpa"]);
    lacks(&processor, &["market", "tia"]);
    let markets = complete(&mut lsp, &uri, "controller c { market |");
    has(&markets, &["SE", "NO", "eea"]);
    lacks(&markets, &["third", "world"]);

    let after_transfer = complete(&mut lsp, &uri, "processor p { transfer scc \"SCC\" |");
    has(&after_transfer, &["tia", "dpa", "country"]);
    let after_mechanism = complete(&mut lsp, &uri, "processor p { transfer scc |");
    has(&after_mechanism, &["tia"]);

    let dataset = complete(&mut lsp, &uri, "dataset d {\n  |");
    has(&dataset, &["owner", "reviewed", "fields", "purpose"]);
    lacks(&dataset, &["objection", "market", "tia"]);
    let purpose = complete(&mut lsp, &uri, "dataset d { purpose p { |");
    has(&purpose, &["objection", "basis", "soft_opt_in"]);
    lacks(&purpose, &["owner", "reviewed"]);

    let kinds = complete(&mut lsp, &uri, "dataset d { purpose p { kind |");
    has(&kinds, &["employment", "payroll"]);
    let subjects = complete(&mut lsp, &uri, "dataset d { subjects |");
    has(
        &subjects,
        &[
            "non_user",
            "contact_of_user",
            "emergency_contact",
            "relative",
        ],
    );
    let categories = complete(&mut lsp, &uri, "dataset d { fields { a: fin|");
    has(&categories, &["financial.salary", "professional.job_title"]);
}
