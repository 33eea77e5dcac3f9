//! The one-step CI setups: the GitHub Action's shell steps and the GitLab
//! template's script, run against the seeds in a scratch git repository
//! with a stand-in for `gh`; `action.yml` checked by action-validator from
//! npm. They need `git`, `bash` and (for the validator) `npx`: without them
//! they fail when `CI` is set.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn has(tool: &str) -> bool {
    let found = Command::new(tool).arg("--version").output().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "`{tool}` is needed in CI"
    );
    found
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A repository holding the seeds, committed, then one seed changed.
fn seeds_repo() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path();
    for entry in walkdir::WalkDir::new(root().join("fixtures/seeds")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(root().join("fixtures/seeds"))
            .unwrap();
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(to.join(rel)).unwrap();
        } else {
            std::fs::copy(entry.path(), to.join(rel)).unwrap();
        }
    }
    git(to, &["init", "-q", "-b", "main"]);
    git(to, &["config", "user.email", "ci@example.org"]);
    git(to, &["config", "user.name", "CI"]);
    git(to, &["config", "commit.gpgsign", "false"]);
    git(to, &["add", "-A"]);
    git(to, &["commit", "-q", "-m", "seeds"]);
    let base = String::from_utf8(
        Command::new("git")
            .current_dir(to)
            .args(["rev-parse", "HEAD"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();
    std::fs::write(
        to.join("added.ropa"),
        "processor new_tracker \"Tracker Inc\" { country US  dpa \"DPA-9\" }\n\
         dataset added { subjects customer  fields { e: contact.email }  recipients new_tracker\n\
           purpose p { basis contract  retention 1 year } }\n",
    )
    .unwrap();
    (dir, base)
}

/// PATH with the built `ropa` and a directory of stand-ins first.
fn path_with(extra: &Path) -> String {
    let bin = assert_cmd::cargo::cargo_bin("ropa");
    let bin_dir = bin.parent().unwrap();
    format!(
        "{}:{}:{}",
        extra.display(),
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A `gh` that logs its arguments (and the comment body it is given) and
/// answers the comment listing with `listing`.
fn fake_gh(dir: &Path, listing: &str) -> PathBuf {
    let bin = dir.join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let log = dir.join("gh.log");
    let script = format!(
        "#!/usr/bin/env bash\n\
         echo \"gh $*\" >> '{log}'\n\
         for a in \"$@\"; do case \"$a\" in body=@*) cat \"${{a#body=@}}\" >> '{log}';; esac; done\n\
         case \"$*\" in *--paginate*) printf '%s' '{listing}';; esac\n",
        log = log.display()
    );
    let gh = bin.join("gh");
    std::fs::write(&gh, script).unwrap();
    Command::new("chmod").arg("+x").arg(&gh).status().unwrap();
    log
}

fn bash(dir: &Path, script: &Path, path: &str, env: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new("bash");
    cmd.arg(script).current_dir(dir).env("PATH", path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn the_actions_check_step_writes_sarif_and_fails_on_errors() {
    if !has("git") || !has("bash") {
        return;
    }
    let (dir, _) = seeds_repo();
    let path = path_with(dir.path());
    let out = bash(dir.path(), &root().join("ci/github/check.sh"), &path, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("ropa.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("::error file="), "{stdout}");
    // --fail-on never: annotations, but the job passes.
    let out = bash(
        dir.path(),
        &root().join("ci/github/check.sh"),
        &path,
        &[("ROPA_FAIL_ON", "never")],
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn the_actions_comment_step_posts_then_updates_one_comment() {
    if !has("git") || !has("bash") {
        return;
    }
    let (dir, base) = seeds_repo();
    let env = [
        ("BASE_SHA", base.as_str()),
        ("PR_NUMBER", "7"),
        ("GITHUB_REPOSITORY", "acme/record"),
    ];
    // No comment yet: one is posted.
    let log = fake_gh(dir.path(), "");
    let path = path_with(&dir.path().join("fake-bin"));
    let out = bash(
        dir.path(),
        &root().join("ci/github/comment.sh"),
        &path,
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("gh api repos/acme/record/issues/7/comments --paginate"),
        "{logged}"
    );
    assert!(
        logged.contains("gh api --method POST repos/acme/record/issues/7/comments"),
        "{logged}"
    );
    assert!(logged.contains("<!-- ropa-diff -->"), "{logged}");
    assert!(
        logged.contains("### ropa: changes to the record of processing"),
        "{logged}"
    );
    assert!(
        logged.contains("| New third-country destinations | 1 |"),
        "{logged}"
    );
    // The comment exists: it is updated, not posted again.
    std::fs::remove_file(&log).unwrap();
    let log = fake_gh(dir.path(), "4242");
    let out = bash(
        dir.path(),
        &root().join("ci/github/comment.sh"),
        &path,
        &env,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("gh api --method PATCH repos/acme/record/issues/comments/4242"),
        "{logged}"
    );
    assert!(!logged.contains("--method POST"), "{logged}");
}

#[test]
fn action_yml_is_valid_and_its_scripts_exist() {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    for step in action["runs"]["steps"].as_sequence().unwrap() {
        if let Some(run) = step["run"].as_str() {
            if let Some(script) = run.split("$GITHUB_ACTION_PATH/").nth(1) {
                let script = script.trim_end_matches('"');
                assert!(root().join(script).is_file(), "{script}");
            }
            assert!(
                step["shell"].as_str().is_some(),
                "a composite run step needs a shell"
            );
        }
    }
    if !has("npx") {
        return;
    }
    let out = Command::new("npx")
        .args(["--yes", "@action-validator/cli@0.6", "action.yml"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_gitlab_template_runs_against_the_seeds() {
    if !has("git") || !has("bash") {
        return;
    }
    let text = std::fs::read_to_string(root().join("ci/gitlab/ropa.gitlab-ci.yml")).unwrap();
    let template: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let job = &template["ropa"];
    assert_eq!(
        job["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    let lines: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let (dir, base) = seeds_repo();
    // GitLab runs the lines in one shell and stops at the first failure.
    let script = dir.path().join("job.sh");
    std::fs::write(&script, format!("set -eo pipefail\n{}\n", lines.join("\n"))).unwrap();
    let path = path_with(dir.path());
    let env = [
        ("ROPA_PATHS", "."),
        ("ROPA_FAIL_ON", "error"),
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.as_str()),
    ];
    let out = bash(dir.path(), &script, &path, &env);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("ropa diff: "), "{stdout}");
    assert!(stdout.contains("+ dataset added"), "{stdout}");
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("gl-code-quality-report.json")).unwrap(),
    )
    .unwrap();
    assert!(!report.as_array().unwrap().is_empty());
}
