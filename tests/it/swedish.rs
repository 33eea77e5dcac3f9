//! The findings in Swedish (`ropa report --lang sv`): every built-in rule
//! writes its message, labels and help in both languages, and the Swedish
//! uses the terms of the Swedish text of the GDPR.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ropa::check::Run;
use ropa::data::RuleData;
use ropa::finding::{Finding, Lang, Words};
use ropa::policy::Policies;
use ropa::workspace::Workspace;

/// Checks the `.ropa` files under `path` with the findings in `lang`.
fn check(path: &Path) -> Run {
    let files = ropa::check::discover(&[path.to_path_buf()]).unwrap();
    let inputs = files
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).map_err(|e| e.to_string());
            (f, bytes)
        })
        .collect();
    let data = RuleData::builtin().unwrap();
    Workspace::new(inputs)
        .into_run_with(&data, &Policies::default(), &|_| true)
        .0
}

/// Checks one in-memory file.
fn check_text(text: &str) -> Run {
    let data = RuleData::builtin().unwrap();
    let inputs = vec![(PathBuf::from("m.ropa"), Ok(text.as_bytes().to_vec()))];
    Workspace::new(inputs)
        .into_run_with(&data, &Policies::default(), &|_| true)
        .0
}

/// Every text a finding shows: message, primary label, help, related labels.
fn texts(f: &Finding, w: &Words) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("message", f.message(w).into_owned()),
        ("label", f.label_text(w).into_owned()),
        ("help", f.help_text(w).into_owned()),
    ];
    out.extend(
        f.related
            .iter()
            .map(|r| ("related label", r.said.get(w.lang).to_string())),
    );
    out
}

/// The developer register in Swedish.
const SV: Words<'static> = Words::developer(Lang::Sv);

/// The `fail` inputs of a rule: `fail.ropa`, `fail/`, `fail_*.ropa`, ...
fn fail_cases(code: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/rules")
        .join(code);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("fail"))
        })
        .collect();
    cases.sort();
    cases
}

/// A rule without Swedish text cannot pass: on every rule's failing
/// fixtures, each finding of that rule says something in Swedish that it
/// does not say in English, in its message, its labels and its help.
/// An English unit of time in `text` outside `code` spans (the user's own
/// syntax and event names may stand there): a Swedish message says
/// "månader", never "months".
fn english_unit(text: &str) -> Option<&'static str> {
    let prose: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = prose
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    [
        "day", "days", "week", "weeks", "month", "months", "year", "years",
    ]
    .into_iter()
    .find(|unit| words.contains(unit))
}

#[test]
fn every_rule_speaks_both_languages() {
    let mut problems = Vec::new();
    for rule in ropa::rules::ALL {
        let cases = fail_cases(rule.code);
        assert!(!cases.is_empty(), "{} has no fail fixture", rule.code);
        let mut seen = 0;
        for case in cases {
            // One check; the two languages are two renderings of it.
            let run = check(&case);
            let found: Vec<&Finding> = run
                .findings
                .iter()
                .filter(|f| f.rule.code == rule.code)
                .collect();
            seen += found.len();
            for (en_w, sv_w) in [
                (crate::common::W, SV),
                (
                    ropa::report::legal_words(Lang::En),
                    ropa::report::legal_words(Lang::Sv),
                ),
            ] {
                let english: BTreeSet<String> = found
                    .iter()
                    .flat_map(|f| texts(f, &en_w))
                    .map(|(_, t)| t)
                    .collect::<BTreeSet<_>>();
                for f in &found {
                    if let Some(unit) = english_unit(&f.message(&sv_w)) {
                        problems.push(format!(
                            "{}: {} Swedish message has the English unit `{unit}`: {}",
                            case.display(),
                            rule.code,
                            f.message(&sv_w)
                        ));
                    }
                    for (what, text) in texts(f, &sv_w) {
                        if text.trim().is_empty() {
                            problems.push(format!("{}: empty {what}", case.display()));
                        } else if english.contains(&text) {
                            problems.push(format!(
                                "{}: {} {what} is the same in English and Swedish: {text}",
                                case.display(),
                                rule.code
                            ));
                        }
                    }
                }
            }
        }
        assert!(seen > 0, "{}'s fail fixtures give no finding", rule.code);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `ropa check` and the default pipeline stay English.
#[test]
fn english_is_the_default() {
    let model = "dataset d { purpose p { } }";
    let run = check_text(model);
    let l001 = run.findings.iter().find(|f| f.rule.code == "L001").unwrap();
    assert_eq!(
        l001.message(&crate::common::W),
        "the record states no legal basis for purpose `p` of `d`"
    );
}

const MODEL: &str = r#"
controller acme "Acme AB" { country SE }
processor mail "Mail Inc" { country US }
dataset members "Medlemmar" {
  controller acme
  subjects customer
  fields { name: identity.name  pnr: identity.national_id }
  recipients mail
  purpose newsletter { kind marketing.email  basis legitimate_interest "LIA-1" }
  purpose records { basis legal_obligation }
  retention indefinite
}
"#;

/// Hand-checked Swedish, word for word.
#[test]
fn swedish_messages_as_reviewed() {
    let run = check_text(MODEL);
    let of = |code: &str| -> &Finding {
        run.findings
            .iter()
            .find(|f| f.rule.code == code)
            .unwrap_or_else(|| panic!("no {code} in {:#?}", run.findings))
    };
    assert_eq!(
        of("L002").message(&SV),
        "registerförteckningen anger ingen rättslig grund i unionsrätten eller i nationell rätt \
         (lag, förordning eller annan författning) för `legal_obligation` i ändamålet `records` \
         i `members` (artikel 6.3)"
    );
    assert_eq!(
        of("L002").help_text(&SV),
        "ange den lag som föreskriver den rättsliga förpliktelsen efter grunden: \
         `basis legal_obligation \"<lag och paragraf>\"`, eller, när en lag ligger till \
         grund för all dess behandling, hos den personuppgiftsansvarige: `law \"<lag>\"` i `acme`"
    );
    assert_eq!(
        of("P001").message(&SV),
        "inget personuppgiftsbiträdesavtal eller annan rättsakt enligt artikel 28.3 anges för personuppgiftsbiträdet `mail`"
    );
    assert_eq!(
        of("T001").message(&SV),
        "registerförteckningen anger ingen lämplig skyddsåtgärd (kapitel V) för personuppgifterna i `members` som överförs till `mail` (US)"
    );
    assert_eq!(
        of("R002").message(&SV),
        "registerförteckningen anger att `members` sparas utan tidsgräns"
    );
    // v3: the record states or lacks (rules.md, Wording); the message
    // names the law of the controller's country.
    assert_eq!(
        of("L007").message(&SV),
        "registerförteckningen anger för e-postmarknadsföringen `newsletter` i `members` \
         varken mottagarnas samtycke eller undantaget för befintliga kunder \
         (krävs enligt marknadsföringslagen (2008:486) 19 §)"
    );
    assert_eq!(
        of("S004").label_text(&SV),
        "nationellt identifikationsnummer (artikel 87)"
    );
}

/// `ropa report --lang sv` writes Swedish findings in Markdown and HTML;
/// JSON, for tools, keeps them English; `ropa check` prints English.
#[test]
fn the_cli_writes_swedish_findings_in_the_report_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.ropa"), MODEL).unwrap();
    let report = |file: &str| -> String {
        let out = dir.path().join(file);
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .current_dir(dir.path())
            .args(["report", "m.ropa", "--lang", "sv", "-o"])
            .arg(&out)
            .assert()
            .success();
        std::fs::read_to_string(out).unwrap()
    };
    let swedish = "inget personuppgiftsbiträdesavtal eller annan rättsakt enligt artikel 28.3 anges för personuppgiftsbiträdet \\`mail\\`";
    assert!(report("r.md").contains(swedish));
    let html = report("r.html");
    assert!(html.contains("personuppgiftsbiträdet"), "{html}");
    assert!(html.contains("inget personuppgiftsbiträdesavtal eller annan rättsakt"));
    let json = report("r.json");
    assert!(json.contains("no Art. 28(3) contract is referenced for processor `mail`"));
    assert!(!json.contains("personuppgiftsbiträdesavtal"));
    let check = assert_cmd::Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .args(["check", "m.ropa", "--format", "short"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(check.stdout).unwrap();
    assert!(stdout.contains("no Art. 28(3) contract is referenced for processor `mail`"));
}

/// The unit check itself: prose is read, code spans are not.
#[test]
fn english_units_are_found_outside_code_only() {
    assert_eq!(english_unit("kept 36 months after"), Some("months"));
    assert_eq!(english_unit("sparas i 2 years"), Some("years"));
    assert_eq!(
        english_unit("36 månader efter händelsen `last_login`"),
        None
    );
    assert_eq!(english_unit("`retention 24 months` i ändamålet"), None);
}

/// Every vocabulary code with a `.` or `_` in it (`identity.national_id`,
/// `legal_obligation`, `marketing.email`): words no Swedish reader
/// writes, so a report that shows one shows a code.
fn vocabulary_codes() -> Vec<&'static str> {
    use ropa::vocabulary::{builtin, Vocab};
    let table = builtin().unwrap();
    let mut codes: Vec<&'static str> = Vocab::ALL
        .into_iter()
        .flat_map(|v| table.terms(v).iter().map(|t| t.code.as_str()))
        .filter(|c| c.contains(['.', '_']))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The first code of `codes` in `text` standing as a word of its own
/// (`legal_obligation`, not `legal_obligations_x`).
fn code_in<'c>(text: &str, codes: &[&'c str]) -> Option<&'c str> {
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    codes.iter().copied().find(|code| {
        text.match_indices(code).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + code.len()..].chars().next();
            !before.is_some_and(part) && !after.is_some_and(|c| part(c) && c != '.')
        })
    })
}

/// `line` without its `<code>...</code>` and backtick spans.
fn without_code(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("<code>") {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once("</code>").map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, p)| p)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the must-show of issue 23 asks: no Swedish report of the seeds
/// (HTML, Markdown, CSV, xlsx) holds a vocabulary code, an English unit of
/// time or an English finding; the workbook's headings and sheet names
/// are Swedish too. The user's own IDs (the workbook's ID columns, the
/// file and line a thing is declared on) are theirs and are not read.
#[test]
fn no_swedish_report_holds_a_code_or_english() {
    use calamine::{open_workbook, Reader, Xlsx};
    use ropa::report::xlsx::{sheet_titles, ART30_COLUMNS, PARTY_COLUMNS};

    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
    let dir = tempfile::tempdir().unwrap();
    let report = |file: &str| -> PathBuf {
        let out = dir.path().join(file);
        assert_cmd::Command::cargo_bin("ropa")
            .unwrap()
            .arg("report")
            .arg(&seeds)
            .args(["--lang", "sv", "-o"])
            .arg(&out)
            .assert()
            .success();
        out
    };
    let codes = vocabulary_codes();
    assert!(codes.contains(&"identity.national_id") && codes.contains(&"legal_obligation"));
    let run = check(&seeds);
    let en = ropa::report::legal_words(Lang::En);
    let english: BTreeSet<String> = run
        .findings
        .iter()
        .map(|f| f.message(&en).into_owned())
        .collect();
    assert!(!english.is_empty());
    let judge = |what: &str, text: &str| {
        if let Some(code) = code_in(text, &codes) {
            panic!("{what}: the code `{code}` in {text:.300}");
        }
        if let Some(unit) = english_unit(text) {
            panic!("{what}: the English unit `{unit}` in {text:.300}");
        }
        if let Some(m) = english.iter().find(|m| text.contains(m.as_str())) {
            panic!("{what}: the English finding `{m}`");
        }
    };
    for file in ["r.html", "r.md", "r.csv"] {
        let text = std::fs::read_to_string(report(file)).unwrap();
        // A line at a time, so that a failure names little. What the HTML
        // and Markdown mark as code (the user's IDs) is not prose, so its
        // units are not judged; but no vocabulary code may stand there
        // either, not even beside its Swedish term.
        for (i, line) in text.lines().enumerate() {
            let at = format!("{file}:{}", i + 1);
            judge(&at, &without_code(line));
            if let Some(code) = code_in(line, &codes) {
                panic!("{at}: the code `{code}` in {line:.300}");
            }
        }
    }

    let mut book: Xlsx<_> = open_workbook(report("r.xlsx")).unwrap();
    let names = book.sheet_names();
    assert_eq!(
        names.first().map(String::as_str),
        Some(sheet_titles(Lang::Sv)[0])
    );
    assert!(names.iter().any(|n| n == "Parter"), "{names:?}");
    // The user's own identifiers and places.
    let theirs: Vec<&str> = ART30_COLUMNS
        .iter()
        .chain(PARTY_COLUMNS)
        .filter(|c| {
            matches!(
                c.role,
                "dataset_id" | "purpose_id" | "party_id" | "subprocessors" | "declared_in"
            )
        })
        .map(|c| c.sv)
        .chain(["Regel", "Plats"])
        .collect();
    for name in &names {
        let range = book.worksheet_range(name).unwrap();
        let rows: Vec<Vec<String>> = range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect();
        // The header: the first row of the table (the controller sheets
        // have their details above it).
        let header = rows
            .iter()
            .find(|r| r.iter().filter(|c| !c.is_empty()).count() > 2)
            .cloned()
            .unwrap_or_default();
        for heading in &header {
            let english = ART30_COLUMNS
                .iter()
                .chain(PARTY_COLUMNS)
                .any(|c| c.en == heading && c.en != c.sv);
            assert!(!english, "{name}: the English heading `{heading}`");
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let heading = header.get(c).map_or("", String::as_str);
                if theirs.contains(&heading) {
                    continue;
                }
                judge(&format!("{name}!R{}C{}", r + 1, c + 1), cell);
            }
        }
    }
}
