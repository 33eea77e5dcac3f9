//! Regression tests for issue 14: inputs that crashed, hid a broken file,
//! or leaked source layout and control characters into the output.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;
use ropa::output;

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CI");
    cmd
}

/// A dataset whose `n` special fields all sit on one line.
fn one_long_line(n: usize) -> String {
    let fields: Vec<String> = (0..n).map(|i| format!("f{i}: special.health")).collect();
    format!(
        "controller c \"C\" {{ country SE }}\ndataset d {{ subjects s fields {{ {} }} \
         purpose p {{ basis consent \"x\" }} retention 1 days }}\n",
        fields.join(" ")
    )
}

// 1. miette panicked ("Formatting argument out of range") past column 65 535.
#[test]
fn human_format_past_column_65535_does_not_panic_and_cuts_the_line() {
    let text = one_long_line(4000);
    let run = common::check_texts(&[("long.ropa", &text)]);
    let last = run.findings.last().unwrap();
    let at = output::locate(&run.model.sources, last.primary.span).start;
    assert!(
        at.column > 65_535,
        "the test needs a finding past column 65 535"
    );
    let out = output::human::render(&run.model.sources, &run.findings, false, &crate::common::W);
    assert!(out.contains(&format!("long.ropa:2:{}]", at.column)));
    // Every rendered line is short: long lines are cut around the span.
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 1_200, "a rendered line has {longest} characters");
    assert!(out.contains('…'));
}

#[test]
fn human_format_never_panics_on_any_span() {
    use ropa::finding::Finding;
    use ropa::source::Span;
    let run = common::check_texts(&[("a.ropa", "dataset d {\r\n  subjects s\r\n}\n")]);
    let rule = ropa::rules::find("A001").unwrap();
    let len = run.model.sources.get(ropa::source::FileId(0)).text.len() as u32;
    let mut findings = Vec::new();
    for (start, end) in [
        (0, 0),
        (len, len),
        (len + 5, len + 9),
        (3, 1),
        (11, 12),
        (12, 13),
        (0, u32::MAX),
        (u32::MAX, u32::MAX),
    ] {
        let span = Span {
            file: ropa::source::FileId(0),
            start,
            end,
        };
        findings.push(Finding::new(rule, span, "m").related(span, ropa::finding::said("r", "r")));
    }
    let out = output::human::render(&run.model.sources, &findings, true, &crate::common::W);
    assert_eq!(out.matches("A001").count(), findings.len());
}

// 3. A broken file cannot be hidden.
const BROKEN: &str = "controller c \"C\" { country SE }\n\
    // ropa: allow E001 \"not now\"\n\
    dataset d {\n  subjects s\n  fields { x: identity.name\n";

fn broken_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.ropa"), BROKEN).unwrap();
    dir
}

#[test]
fn e001_cannot_be_suppressed_and_the_attempt_is_reported() {
    let dir = broken_dir();
    ropa()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E001 [error]"))
        .stdout(predicate::str::contains(
            "X002 [warning] E001 cannot be suppressed",
        ))
        .stderr(predicate::str::contains("the model is incomplete"));
}

#[test]
fn e001_cannot_be_ignored_or_deselected() {
    let dir = broken_dir();
    for ignore in ["E001", "syntax-error", "E002"] {
        ropa()
            .current_dir(dir.path())
            .args(["check", "--format", "short", "--ignore", ignore, "."])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot be ignored"));
    }
    for args in [["--ignore", "E"], ["--select", "T001"]] {
        ropa()
            .current_dir(dir.path())
            .args(["check", "--format", "short"])
            .args(args)
            .arg(".")
            .assert()
            .code(1)
            .stdout(predicate::str::contains("E001 [error]"));
    }
}

#[test]
fn e001_cannot_be_switched_off_or_downgraded_in_the_configuration() {
    let dir = broken_dir();
    for value in ["off", "warning", "info"] {
        std::fs::write(
            dir.path().join("ropa.yaml"),
            format!("rules:\n  E001: {value}\n"),
        )
        .unwrap();
        ropa()
            .current_dir(dir.path())
            .args(["check", "--format", "short", "."])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("ropa.yaml:2:"))
            .stderr(predicate::str::contains("cannot be switched off"));
    }
}

#[test]
fn a_broken_file_fails_whatever_the_fail_on_level_but_never() {
    let dir = broken_dir();
    for level in ["error", "warning", "info"] {
        ropa()
            .current_dir(dir.path())
            .args(["check", "--format", "json", "--fail-on", level, "."])
            .assert()
            .code(1);
    }
    ropa()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "--fail-on", "never", "."])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("E001"))
        .stderr(predicate::str::contains("the model is incomplete"));
}

#[test]
fn a_broken_file_is_not_baselined() {
    let dir = broken_dir();
    ropa()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "b.json", "."])
        .assert()
        .code(0);
    ropa()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "--baseline", "b.json", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("E001 [error]"));
}

#[test]
fn the_help_of_e001_says_what_the_broken_file_withholds() {
    // The broken item's kind and ID were read: it alone is left out.
    let run = common::check_texts(&[("a.ropa", BROKEN)]);
    let e001 = run.findings.iter().find(|f| f.rule.code == "E001").unwrap();
    let help = e001.help_text(&crate::common::W);
    assert!(
        help.contains("this item is left out of the model"),
        "{help}"
    );
    assert!(!help.contains("F001"), "{help}");
    // Text whose kind cannot be read may declare anything: the rules
    // that need every name are withheld, and the help says which.
    let garbled = format!("@@@ {{\n{BROKEN}");
    let run = common::check_texts(&[("a.ropa", garbled.as_str())]);
    let e001 = run.findings.iter().find(|f| f.rule.code == "E001").unwrap();
    let help = e001.help_text(&crate::common::W);
    assert!(help.contains("model is incomplete"), "{help}");
    assert!(help.contains("F001"), "{help}");
}

// 5. DOT with a NUL from a display name.
#[test]
fn graph_formats_escape_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.ropa"),
        "controller c \"a\\u{0}b\\u{1b}[31m\" { country SE }\n\
         dataset d \"x\\u{7}\" { controller c }\n",
    )
    .unwrap();
    for format in ["dot", "mermaid", "json"] {
        let out = ropa()
            .current_dir(dir.path())
            .args(["graph", "--format", format, "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {text:?}"
        );
    }
}

// 6. Messages render values canonically; paths with control characters
// stay on one line.
#[test]
fn messages_render_retention_canonically() {
    let text = "controller c \"C\" { country SE }\n\
        dataset d { subjects s fields { e: contact.email }\n\
          purpose news { kind marketing.email basis consent \"x\" consent { withdraw \"link\" } }\n\
          retention 0037 /* see policy */\n months }\n";
    let run = common::check_texts(&[("a.ropa", text)]);
    let r004 = run.findings.iter().find(|f| f.rule.code == "R004");
    let r004 = r004.expect("R004 on 37 months of e-mail marketing");
    assert!(
        r004.message(&crate::common::W)
            .contains("of `d` 37 months,"),
        "{}",
        r004.message(&crate::common::W)
    );
}

#[test]
fn line_formats_escape_control_characters_in_paths() {
    let run = common::check_texts(&[("a\nb\u{7}.ropa", "dataset d {}\n")]);
    assert!(!run.findings.is_empty());
    let s = &run.model.sources;
    let n = run.findings.len();
    let short = output::short::render(s, &run.findings, &crate::common::W);
    assert_eq!(short.lines().count(), n, "{short}");
    assert!(short.starts_with("a\\nb\\u{7}.ropa:"), "{short}");
    let github = output::github::render(s, &run.findings, &crate::common::W);
    assert_eq!(github.lines().count(), n, "{github}");
    let human = output::human::render(s, &run.findings, false, &crate::common::W);
    assert!(human.contains("[a\\nb\\u{7}.ropa:"), "{human}");
    let junit = output::junit::render(s, &run.findings, None, &crate::common::W);
    assert!(junit.contains("name=\"a\\nb\\u{7}.ropa\""), "{junit}");
}

// 4. Suppression coverage is a node of the syntax tree, so `fmt` cannot
// change it.
fn codes_of(text: &str) -> Vec<String> {
    let run = common::check_texts(&[("a.ropa", text)]);
    run.findings
        .iter()
        .map(|f| f.rule.code.to_string())
        .collect()
}

#[test]
fn a_suppression_covers_the_whole_node_whatever_the_layout() {
    let head = "controller c \"C\" { country SE }\n";
    let body = "subjects customer\n  fields { a: identity.name }\n  purpose service { basis contract }\n  measures encryption\n  retention indefinite\n}\n";
    let brace_on_next_line =
        format!("{head}// ropa: allow R002 \"kept by law\"\ndataset d\n{{\n  {body}");
    let brace_on_same_line =
        format!("{head}// ropa: allow R002 \"kept by law\"\ndataset d {{\n  {body}");
    assert_eq!(codes_of(&brace_on_next_line), Vec::<String>::new());
    assert_eq!(codes_of(&brace_on_same_line), Vec::<String>::new());
    let formatted = ropa::fmt::format_source(&brace_on_next_line).unwrap();
    assert!(formatted.contains("// ropa: allow R002 \"kept by law\"\ndataset d {"));
    assert_eq!(codes_of(&formatted), Vec::<String>::new());
}

#[test]
fn a_suppression_covers_a_flow_written_over_several_lines() {
    // Found by the fuzzer: the flow's target (where T001 points) was on a
    // later line than `flow`, so the line-based coverage missed it.
    let text = "processor\np0\n{\ncountry\nUS\n}\ndataset\nd0\n{\n}\nflow\nd0\n->\nd0\n\
                // ropa: allow T001 \"fuzz\"\nflow\nd0\n->\np0\n";
    let before = codes_of(text);
    let after = codes_of(&ropa::fmt::format_source(text).unwrap());
    assert_eq!(before, after);
    assert!(!before.contains(&"T001".to_string()), "{before:?}");
}

#[test]
fn a_suppression_before_a_closing_brace_covers_nothing() {
    let text = "controller c \"C\" { country SE }\ndataset d {\n  retention indefinite\n  // ropa: allow R002 \"x\"\n}\n";
    assert!(codes_of(text).contains(&"X002".to_string()));
}

// 7. Special files.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.ropa"),
        "controller c \"C\" { country SE }\n",
    )
    .unwrap();
    dir
}

fn mkfifo(path: &std::path::Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo failed");
}

#[test]
fn settings_files_must_be_regular_and_small() {
    let dir = project();
    let p = dir.path();
    mkfifo(&p.join("fifo"));
    std::fs::File::create(p.join("big.yaml"))
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    std::fs::write(p.join("packs.yaml"), "packs: [fifo]\n").unwrap();
    std::fs::write(p.join("zero-pack.yaml"), "packs: [/dev/zero]\n").unwrap();
    let cases: [&[&str]; 7] = [
        &["--config", "fifo"],
        &["--config", "/dev/zero"],
        &["--config", "big.yaml"],
        &["--config", "packs.yaml"],
        &["--config", "zero-pack.yaml"],
        &["--baseline", "fifo"],
        &["--baseline", "/dev/zero"],
    ];
    for args in cases {
        ropa()
            .current_dir(p)
            .arg("check")
            .args(args)
            .arg("a.ropa")
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("not a regular file")
                    .or(predicate::str::contains("16 MiB")),
            );
    }
}

#[test]
fn an_unreadable_directory_is_an_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = project();
    let hidden = dir.path().join("locked");
    std::fs::create_dir(&hidden).unwrap();
    std::fs::write(hidden.join("b.ropa"), "dataset d {}\n").unwrap();
    std::fs::set_permissions(&hidden, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&hidden).is_ok();
    let out = ropa()
        .current_dir(dir.path())
        .args(["check", "--format", "short", "."])
        .output()
        .unwrap();
    std::fs::set_permissions(&hidden, std::fs::Permissions::from_mode(0o755)).unwrap();
    if readable {
        // Running as root: permissions do not stop reading, so the
        // directory's file is read like any other.
        assert!(String::from_utf8_lossy(&out.stdout).contains("locked/b.ropa"));
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read `./locked`"));
    }
}

#[test]
fn outputs_never_overwrite_an_input_of_the_model() {
    let dir = project();
    let before = std::fs::read(dir.path().join("a.ropa")).unwrap();
    ropa()
        .current_dir(dir.path())
        .args(["report", "--format", "html", "-o", "a.ropa", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is an input of the model"));
    ropa()
        .current_dir(dir.path())
        .args(["check", "--write-baseline", "./a.ropa", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is an input of the model"));
    assert_eq!(std::fs::read(dir.path().join("a.ropa")).unwrap(), before);
}

#[test]
fn a_write_error_is_exit_2() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        &["check", "--format", "short", "fixtures/cli/errors.ropa"][..],
        &["check", "--format", "json", "fixtures/cli/clean.ropa"],
        &["graph", "fixtures/cli/errors.ropa"],
        &["rules"],
        &["explain", "L001"],
        &["fmt", "--check", "fixtures/seeds"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ropa"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("cannot write to standard output"),
            "{args:?}"
        );
    }
    // Standard error full as well: still exit 2, not a panic.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ropa"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--format", "short", "fixtures/cli/errors.ropa"])
        .stdout(full())
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// 8. Packs.
#[test]
fn a_pack_pattern_for_an_unknown_category_is_an_error() {
    let dir = project();
    std::fs::write(dir.path().join("ropa.yaml"), "packs: [p.yaml]\n").unwrap();
    std::fs::write(
        dir.path().join("p.yaml"),
        "sensitive_names:\n  - category: special.health\n    patterns: ['x']\n  - category: special.helth\n    patterns: ['gesundheit']\n",
    )
    .unwrap();
    ropa()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "p.yaml:4: `category: special.helth`",
        ));
    // A category the pack declares itself is known.
    std::fs::write(
        dir.path().join("p.yaml"),
        "categories: [special.helth]\nsensitive_names:\n  - category: special.helth\n    patterns: ['gesundheit']\n",
    )
    .unwrap();
    ropa()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(0);
}

#[test]
fn loading_packs_takes_time_linear_in_their_number() {
    let dir = tempfile::tempdir().unwrap();
    let load = |n: usize| {
        let names: Vec<String> = (0..n).map(|i| format!("p{i}.yaml")).collect();
        for (i, name) in names.iter().enumerate() {
            std::fs::write(
                dir.path().join(name),
                format!(
                    "sensitive_names:\n  - category: special.health\n    patterns: ['word{i}x']\n"
                ),
            )
            .unwrap();
        }
        let config = dir.path().join(format!("ropa-{n}.yaml"));
        std::fs::write(&config, format!("packs: [{}]\n", names.join(", "))).unwrap();
        let c = ropa::config::Config::load(&config).unwrap();
        let start = std::time::Instant::now();
        let data = c.rule_data().unwrap();
        assert!(data.sensitive.len() >= n);
        start.elapsed()
    };
    let fastest = |n: usize| (0..3).map(|_| load(n)).min().unwrap();
    let (small, large) = (fastest(100), fastest(400));
    assert!(
        large <= small * 10 + std::time::Duration::from_millis(50),
        "100 packs: {small:?}, 400 packs: {large:?}"
    );
}

#[test]
fn docs_packs_md_documents_every_pack_key() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/packs.md"))
        .expect("docs/packs.md, which the starter ropa.yaml points to");
    for key in [
        "categories",
        "purpose_kinds",
        "sensitive_names",
        "patterns",
        "adequacy",
        "limits",
        "cookies",
        "compatibility",
        "always_compatible_targets",
        "pairs",
        "both_ways",
    ] {
        assert!(
            doc.contains(&format!("`{key}`")),
            "docs/packs.md lacks `{key}`"
        );
    }
    let init = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/init/ropa.yaml"))
        .unwrap();
    assert!(init.contains("docs/packs.md"));
}

// Found by the fuzzer: a syntax error quoted a raw NUL from the source.
#[test]
fn syntax_errors_quote_control_characters_as_escapes() {
    let run = common::check_bytes(&[("a.ropa", b"controller\0 c { country SE }\n")]);
    let e001 = run.findings.iter().find(|f| f.rule.code == "E001").unwrap();
    assert!(
        e001.message(&crate::common::W).contains("`\\u{0}`"),
        "{}",
        e001.message(&crate::common::W)
    );
    assert!(!e001
        .message(&crate::common::W)
        .chars()
        .any(char::is_control));
}

// --select / --ignore: the rules left out do not run.
#[test]
fn load_with_runs_only_the_rules_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cli/errors.ropa"),
        dir.path().join("errors.ropa"),
    )
    .unwrap();
    let only_t001 = |r: &ropa::finding::Rule| r.code == "T001";
    let loaded = ropa::check::load_with(&[dir.path().to_path_buf()], None, &only_t001).unwrap();
    let codes: Vec<&str> = loaded.run.findings.iter().map(|f| f.rule.code).collect();
    assert!(codes.contains(&"T001"), "{codes:?}");
    // F004 and R002 fire on this file when they run.
    assert!(
        !codes.contains(&"F004") && !codes.contains(&"R002"),
        "{codes:?}"
    );
}
