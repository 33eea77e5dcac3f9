//! `ropa fmt`: idempotence, meaning and comments on every fixture, one
//! golden layout, and the command line end to end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use regex::Regex;
use ropa::check::check_paths;
use ropa::data::RuleData;
use ropa::fmt::format_source;
use ropa::output::locate;
use ropa::source::FileId;
use ropa::syntax::{self, lexical};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.ropa` file under `dir`, sorted (as `ropa check` finds them).
fn ropa_files(dir: &Path) -> Vec<PathBuf> {
    ropa::check::discover(&[dir.to_path_buf()]).unwrap_or_default()
}

/// The syntax tree as text with every span taken out.
fn shape(text: &str) -> Option<String> {
    // A file with a syntax error has a partial tree: no shape.
    let parsed = syntax::parse(FileId(0), text);
    if parsed.problems.iter().any(|p| p.is_syntax()) {
        return None;
    }
    let tree = parsed.file?;
    let spans = Regex::new(r"Span \{ file: FileId\(\d+\), start: \d+, end: \d+ \}").unwrap();
    Some(spans.replace_all(&format!("{tree:?}"), "_").into_owned())
}

/// The text of every comment, trailing white space aside.
fn comments(text: &str) -> Vec<String> {
    lexical::scan(FileId(0), text)
        .comments
        .iter()
        .map(|c| text[c.span.range()].trim_end().replace("\r\n", "\n"))
        .collect()
}

/// The layout promises that hold for any output.
fn assert_layout(path: &Path, out: &str) {
    assert!(out.is_empty() || out.ends_with('\n'), "{}", path.display());
    assert!(
        !out.ends_with("\n\n"),
        "{}: blank line at the end",
        path.display()
    );
    assert!(
        !out.contains("\n\n\n"),
        "{}: two blank lines",
        path.display()
    );
    for (i, line) in out.lines().enumerate() {
        let at = format!("{}:{}", path.display(), i + 1);
        assert_eq!(line, line.trim_end(), "{at}: trailing white space");
        let indent = line.len() - line.trim_start_matches(' ').len();
        assert!(!line.starts_with('\t'), "{at}: tab");
        // Lines inside a multi-line block comment keep their own indentation.
        let in_block_comment = !line.trim_start().starts_with("/*")
            && comments(out)
                .iter()
                .any(|c| c.starts_with("/*") && c.contains(line));
        assert!(in_block_comment || indent % 2 == 0, "{at}: odd indentation");
    }
}

#[test]
fn every_fixture_formats_idempotently_and_keeps_meaning_and_comments() {
    let mut skipped = Vec::new();
    let mut formatted = 0;
    for path in ropa_files(&root().join("fixtures")) {
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            skipped.push(path);
            continue;
        };
        let out = match format_source(&text) {
            Ok(out) => out,
            Err(msg) => {
                assert!(shape(&text).is_none(), "{}: {msg}", path.display());
                assert!(!msg.is_empty());
                skipped.push(path);
                continue;
            }
        };
        formatted += 1;
        let name = path.display();
        assert_eq!(
            format_source(&out).as_deref(),
            Ok(out.as_str()),
            "{name}: not idempotent"
        );
        assert_eq!(shape(&out), shape(&text), "{name}: meaning changed");
        let before = comments(&text);
        let after = comments(&out);
        for c in &before {
            assert!(out.contains(c.as_str()), "{name}: lost comment {c:?}");
        }
        assert_eq!(after, before, "{name}: comments differ");
        assert_layout(&path, &out);
    }
    // Exactly the files with a syntax error (E001) or an encoding error (E002).
    let skipped: Vec<String> = skipped
        .iter()
        .map(|p| p.strip_prefix(root()).unwrap().display().to_string())
        .collect();
    assert_eq!(
        skipped,
        [
            "fixtures/rules/E001/fail.ropa",
            "fixtures/rules/E002/fail.ropa"
        ]
    );
    let data = RuleData::builtin().unwrap();
    for (file, code) in skipped.iter().zip(["E001", "E002"]) {
        let run = check_paths(&[root().join(file)], &data).unwrap();
        assert!(run.findings.iter().all(|f| f.rule.code == code), "{file}");
    }
    assert!(formatted > 80, "only {formatted} fixtures formatted");
}

/// Formats every parsable `.ropa` file under `from` into a copy under `to`.
fn format_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            continue;
        }
        let bytes = std::fs::read(entry.path()).unwrap();
        let is_ropa = entry.path().extension().is_some_and(|e| e == "ropa");
        let out = match std::str::from_utf8(&bytes).map(format_source) {
            Ok(Ok(text)) if is_ropa => text.into_bytes(),
            _ => bytes,
        };
        std::fs::write(dest, out).unwrap();
    }
}

type Findings = BTreeMap<(String, u32, String), usize>;

/// The (file, line, code) that `// expect:` annotations name.
fn annotated(path: &Path) -> Findings {
    let re =
        Regex::new(r"(?://|/\*)\s*expect:\s*([A-Z][0-9]{3}(?:\s*,\s*[A-Z][0-9]{3})*)").unwrap();
    let files = if path.is_file() {
        vec![path.to_path_buf()]
    } else {
        ropa_files(path)
    };
    let mut out = Findings::new();
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for (i, line) in text.lines().enumerate() {
            for cap in re.captures_iter(line) {
                for code in cap[1].split(',') {
                    let key = (file.display().to_string(), i as u32 + 1, code.trim().into());
                    *out.entry(key).or_default() += 1;
                }
            }
        }
    }
    out
}

/// The (file, line, code) the linter reports.
fn reported(path: &Path, data: &RuleData) -> Findings {
    let run = check_paths(&[path.to_path_buf()], data).unwrap();
    let mut out = Findings::new();
    for f in &run.findings {
        let file = run.model.sources.path(f.primary.span.file);
        let line = locate(&run.model.sources, f.primary.span).start.line;
        let key = (file.display().to_string(), line, f.rule.code.to_string());
        *out.entry(key).or_default() += 1;
    }
    out
}

/// Trailing `// expect:` annotations stay on the line of their finding, and
/// suppressions keep covering their construct: the rule fixtures still pass
/// once formatted.
#[test]
fn formatted_rule_fixtures_keep_their_annotations() {
    let tmp = tempfile::tempdir().unwrap();
    format_tree(&root().join("fixtures/rules"), tmp.path());
    let data = RuleData::builtin().unwrap();
    let mut cases = 0;
    for dir in std::fs::read_dir(tmp.path()).unwrap() {
        let dir = dir.unwrap().path();
        for case in ["fail", "pass"] {
            let file = dir.join(format!("{case}.ropa"));
            let path = if file.exists() { file } else { dir.join(case) };
            if !path.exists() {
                continue;
            }
            cases += 1;
            assert_eq!(
                reported(&path, &data),
                annotated(&path),
                "{}",
                path.display()
            );
        }
    }
    assert!(cases >= 80, "{cases}");
}

/// (code, message) of every finding, positions aside.
fn messages(path: &Path, data: &RuleData) -> Vec<(String, String)> {
    let run = check_paths(&[path.to_path_buf()], data).unwrap();
    let mut out: Vec<(String, String)> = run
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code.to_string(),
                f.message(&crate::common::W).into_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn formatted_models_give_the_same_findings() {
    let tmp = tempfile::tempdir().unwrap();
    format_tree(&root().join("fixtures"), tmp.path());
    let data = RuleData::builtin().unwrap();
    let models = [
        "seeds/arbetsformedlingen",
        "seeds/jobbjet",
        "seeds/workwithus",
        "graph",
        "cli/clean.ropa",
        "cli/errors.ropa",
        "cli/warnings.ropa",
    ];
    for model in models {
        let before = messages(&root().join("fixtures").join(model), &data);
        let after = messages(&tmp.path().join(model), &data);
        assert!(!before.is_empty() || model == "cli/clean.ropa", "{model}");
        assert_eq!(after, before, "{model}");
    }
}

const MESSY: &str = "\u{feff}// header\n\n\n\
// about acme\n\
controller acme \"Acme \\u{41}B\" { country SE,   NO   // two countries\n\
  dpo /* inline */ \"dpo@acme.example\"  public_authority }\n\
processor p1 {country DE dpa \"D1\" }\n\
dataset d \"D\"{fields{a:contact.email\"the \\\\ \\\"mail\\\"\" b // no category\n\
c: identity.name}\n\
\n\
\n\
purpose p \"tab\there\" { basis consent consent { withdraw \"w\" bundled } }\n\
retention 007 days after x then delete\n\
  // before the close\n\
}\n\
flow d -> p1 { }\n\
flow d -> p1 {fields a,b anonymised when \"line\nbreak\"} // last\n";

const GOLDEN: &str = "\
// header

// about acme
controller acme \"Acme AB\" {
  country SE, NO // two countries
  /* inline */
  dpo \"dpo@acme.example\"
  public_authority
}

processor p1 {
  country DE
  dpa \"D1\"
}

dataset d \"D\" {
  fields {
    a: contact.email \"the \\\\ \\\"mail\\\"\"
    b // no category
    c: identity.name
  }

  purpose p \"tab\\there\" {
    basis consent
    consent {
      withdraw \"w\"
      bundled
    }
  }
  retention 7 days after x then delete
  // before the close
}

flow d -> p1

flow d -> p1 {
  fields a, b
  anonymised
  when \"line\\nbreak\"
} // last
";

#[test]
fn golden_layout() {
    let out = format_source(MESSY).unwrap();
    assert_eq!(out, GOLDEN, "\n{out}");
    assert_eq!(format_source(GOLDEN).unwrap(), GOLDEN);
    assert_eq!(shape(GOLDEN), shape(MESSY));
}

#[test]
fn small_cases() {
    let cases = [
        ("", ""),
        ("// only a comment", "// only a comment\n"),
        ("controller a{}", "controller a {}\n"),
        (
            "controller a { /* after the brace */ }",
            "controller a { /* after the brace */\n}\n",
        ),
        (
            "controller a {\n  // inside\n}",
            "controller a {\n  // inside\n}\n",
        ),
        (
            "flow a -> b { /* dropped block */ }",
            "/* dropped block */\nflow a -> b\n",
        ),
        (
            "controller a {\r\n  country SE // crlf\r\n}\r\n",
            "controller a {\n  country SE // crlf\n}\n",
        ),
        (
            "dataset d { fields { x } retention none } controller c { country SE }",
            "dataset d {\n  fields {\n    x\n  }\n  retention none\n}\n\ncontroller c {\n  country SE\n}\n",
        ),
        (
            "dataset d {\n  /* a */ /* b */\n  retention none\n  retention session\n}\n",
            "dataset d {\n  /* a */ /* b */\n  retention none\n  retention session\n}\n",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(format_source(input).as_deref(), Ok(want), "{input:?}");
    }
}

#[test]
fn syntax_errors_are_reported_not_formatted() {
    let err = format_source("dataset d { basis \"x\" }").unwrap_err();
    assert!(err.contains("line 1"), "{err}");
    assert!(format_source("controller a \"open").is_err());
    assert!(format_source("controller a { /* open").is_err());
    assert!(format_source("dataset d { scale 99999999999 }").is_err());
    assert!(format_source("controller a \"\\u{d800}\" {}").is_err());
}

// ------------------------------------------------------------------ CLI

fn ropa(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(dir);
    cmd
}

#[test]
fn check_lists_unformatted_files_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("messy.ropa"), MESSY).unwrap();
    std::fs::write(tmp.path().join("tidy.ropa"), GOLDEN).unwrap();
    ropa(tmp.path())
        .args(["fmt", "--check", "."])
        .assert()
        .code(1)
        .stdout("messy.ropa\n")
        .stderr("");
    let messy = std::fs::read_to_string(tmp.path().join("messy.ropa")).unwrap();
    assert_eq!(messy, MESSY, "--check wrote the file");
}

#[test]
fn check_exits_0_when_formatted() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("tidy.ropa"), GOLDEN).unwrap();
    ropa(tmp.path())
        .args(["fmt", "--check", "tidy.ropa"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
}

#[test]
fn fmt_rewrites_in_place_and_prints_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("sub")).unwrap();
    std::fs::write(tmp.path().join("sub/messy.ropa"), MESSY).unwrap();
    ropa(tmp.path())
        .arg("fmt")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    let text = std::fs::read_to_string(tmp.path().join("sub/messy.ropa")).unwrap();
    assert_eq!(text, GOLDEN);
    ropa(tmp.path())
        .args(["fmt", "--check", "sub"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn a_file_that_does_not_parse_is_left_alone_and_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = "dataset d {\n  purpose p { basis \"contract\" }\n}\n";
    let latin1: &[u8] = b"controller a \"K\xe4\" { country SE }\n";
    std::fs::write(tmp.path().join("broken.ropa"), broken).unwrap();
    std::fs::write(tmp.path().join("latin1.ropa"), latin1).unwrap();
    std::fs::write(tmp.path().join("messy.ropa"), MESSY).unwrap();
    ropa(tmp.path())
        .args(["fmt", "."])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("broken.ropa: cannot format: ")
                .and(predicate::str::contains("latin1.ropa: cannot format: ")),
        );
    let read = |name: &str| std::fs::read(tmp.path().join(name)).unwrap();
    assert_eq!(read("broken.ropa"), broken.as_bytes());
    assert_eq!(read("latin1.ropa"), latin1);
    assert_eq!(
        read("messy.ropa"),
        GOLDEN.as_bytes(),
        "other files are still formatted"
    );
    ropa(tmp.path())
        .args(["fmt", "--check", "broken.ropa"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("broken.ropa: cannot format: "));
}

#[test]
fn a_missing_path_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    ropa(tmp.path())
        .args(["fmt", "nowhere.ropa"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nowhere.ropa"));
}

/// `text` with each run of white space outside strings and comments
/// replaced by `with(n)` (`n` counts the runs), after the newline that ends
/// a `//` comment.
fn rewrite_gaps(text: &str, with: impl Fn(usize) -> String) -> String {
    let comments = lexical::scan(FileId(0), text).comments;
    let mut out = String::new();
    let mut runs = 0;
    let mut i = 0;
    let mut in_string = false;
    let mut after_line_comment = false;
    while i < text.len() {
        if let Some(c) = comments.iter().find(|c| c.span.start as usize == i) {
            out.push_str(&text[c.span.range()]);
            i = c.span.end as usize;
            after_line_comment = c.line;
            continue;
        }
        let ch = text[i..].chars().next().unwrap();
        if in_string {
            out.push(ch);
            i += ch.len_utf8();
            if ch == '\\' {
                let next = text[i..].chars().next().unwrap();
                out.push(next);
                i += next.len_utf8();
            } else if ch == '"' {
                in_string = false;
            }
            continue;
        }
        if ch.is_whitespace() {
            let end = text[i..]
                .find(|c: char| !c.is_whitespace())
                .map_or(text.len(), |n| i + n);
            runs += 1;
            if after_line_comment {
                out.push('\n');
            }
            out.push_str(&with(runs));
            after_line_comment = false;
            i = end;
            continue;
        }
        in_string = ch == '"';
        after_line_comment = false;
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Every fixture squeezed onto as few lines as possible, and with a comment
/// in every gap between tokens, still formats, keeps its meaning and
/// comments, and is idempotent.
#[test]
fn squeezed_and_commented_fixtures_format() {
    let variants: [fn(usize) -> String; 3] = [
        |_| " ".to_string(),
        |n| format!(" /*{n}*/ "),
        |n| {
            if n % 3 == 0 {
                format!("\n\n// c{n}\n")
            } else {
                format!("\t/* {n}\n */")
            }
        },
    ];
    for path in ropa_files(&root().join("fixtures")) {
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        let Some(want) = shape(&text) else {
            continue;
        };
        for (v, variant) in variants.iter().enumerate() {
            let input = rewrite_gaps(&text, variant);
            let name = format!("{} (variant {v})", path.display());
            assert_eq!(
                shape(&input).as_ref(),
                Some(&want),
                "{name}: bad test input"
            );
            let out = format_source(&input).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(
                format_source(&out).as_deref(),
                Ok(out.as_str()),
                "{name}\n{out}"
            );
            assert_eq!(shape(&out).as_ref(), Some(&want), "{name}");
            assert_eq!(comments(&out), comments(&input), "{name}");
        }
    }
}

/// Every construct of language version 2, squeezed onto few lines.
const V2_MESSY: &str = "controller af \"AF\" { country SE,eea law \"Lag (2002:546)\" ,\"F (2007:1030)\"
public_authority }
processor x { country   third transfer scc } processor w { country world }
dataset stats { anonymous fields { month count } purpose statistics { basis public_task } }
dataset pool { fields { name: identity.name }
  purpose talent_pool { kind recruitment basis consent retention 24 months after last_contact then anonymise }
  purpose claims { kind legal_claims basis legitimate_interest \"LIA-3\" retention by_law \"Preskriptionslag (1981:130)\" }
  purpose mail { kind marketing.email basis legitimate_interest \"LIA\" soft_opt_in \"opt-out in every mail\" consent { withdraw \"link\" } }
  purpose improve { kind product_development basis legitimate_interest \"LIA-2\" retention until consent_withdrawn }
  retention 6 months }
flow pool -> stats { anonymised }
";

const V2_GOLDEN: &str = "controller af \"AF\" {
  country SE, eea
  law \"Lag (2002:546)\", \"F (2007:1030)\"
  public_authority
}

processor x {
  country third
  transfer scc
}

processor w {
  country world
}

dataset stats {
  anonymous
  fields {
    month
    count
  }
  purpose statistics {
    basis public_task
  }
}

dataset pool {
  fields {
    name: identity.name
  }
  purpose talent_pool {
    kind recruitment
    basis consent
    retention 24 months after last_contact then anonymise
  }
  purpose claims {
    kind legal_claims
    basis legitimate_interest \"LIA-3\"
    retention by_law \"Preskriptionslag (1981:130)\"
  }
  purpose mail {
    kind marketing.email
    basis legitimate_interest \"LIA\"
    soft_opt_in \"opt-out in every mail\"
    consent {
      withdraw \"link\"
    }
  }
  purpose improve {
    kind product_development
    basis legitimate_interest \"LIA-2\"
    retention until consent_withdrawn
  }
  retention 6 months
}

flow pool -> stats {
  anonymised
}
";

#[test]
fn version_2_constructs_round_trip() {
    let out = format_source(V2_MESSY).unwrap();
    assert_eq!(out, V2_GOLDEN, "\n{out}");
    assert_eq!(format_source(V2_GOLDEN).unwrap(), V2_GOLDEN);
    assert_eq!(shape(V2_GOLDEN), shape(V2_MESSY));
    // The tree holds what was written.
    let tree = syntax::parse(FileId(0), V2_GOLDEN).file.unwrap();
    let shown = format!("{tree:?}");
    for needle in [
        "\"Lag (2002:546)\"",
        "soft_opt_in: Some",
        "anonymous: Some",
        "last_contact",
    ] {
        assert!(shown.contains(needle), "{needle}");
    }
}
