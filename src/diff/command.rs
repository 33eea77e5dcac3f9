//! `ropa diff` and `ropa check --new-since`: the two sides read, checked
//! with the working tree's configuration, and compared.

use std::path::PathBuf;

use crate::check::{self, LoadError};
use crate::config::Config;
use crate::data::RuleData;
use crate::finding::{Finding, Rule, Severity};
use crate::git::{GitError, Repo, Side};
use crate::policy::Policies;
use crate::workspace::{Input, Run, Workspace};

/// `ropa diff`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    /// For the terminal.
    Human,
    /// A pull-request comment.
    Markdown,
    /// The documented JSON (docs/diff.md).
    Json,
}

/// What `ropa diff` was asked.
#[derive(Debug)]
pub struct Request {
    /// The positional arguments before `--`: a revision or range first,
    /// when it resolves as one, then paths.
    pub args: Vec<String>,
    /// The paths after `--`.
    pub paths: Vec<PathBuf>,
    /// Compare the index (staged) with `HEAD`, or with the revision given.
    pub staged: bool,
    /// The format.
    pub format: DiffFormat,
    /// Exit 1 when the change introduces a finding at or above this.
    pub fail_on: Option<Severity>,
    /// The configuration file.
    pub config: Option<PathBuf>,
}

/// Which two sides to compare.
#[derive(Debug, PartialEq, Eq)]
enum Sides {
    /// A revision and the working tree (or the index).
    Against(String),
    /// Two revisions.
    Between(String, String),
}

/// What went wrong before a comparison could be made.
#[derive(Debug)]
pub enum DiffError {
    /// The repository or a revision.
    Git(GitError),
    /// The configuration, a path, a directory.
    Load(LoadError),
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::Git(e) => e.fmt(f),
            DiffError::Load(e) => e.fmt(f),
        }
    }
}

impl From<GitError> for DiffError {
    fn from(e: GitError) -> Self {
        DiffError::Git(e)
    }
}

impl From<LoadError> for DiffError {
    fn from(e: LoadError) -> Self {
        DiffError::Load(e)
    }
}

/// The configuration every side is read with: the working tree's
/// `ropa.yaml`, packs and policies, so a finding is compared with itself.
struct Setting {
    config: Config,
    data: RuleData,
    policies: Policies,
}

impl Setting {
    fn load(config: Option<&std::path::Path>) -> Result<Setting, DiffError> {
        let (config, data, policies) = check::load_config(config)?;
        Ok(Setting {
            config,
            data,
            policies,
        })
    }

    fn check(&self, inputs: Vec<Input>) -> Result<Run, DiffError> {
        let inputs: Vec<Input> = inputs
            .into_iter()
            .filter(|(p, _)| !self.config.excludes(p))
            .collect();
        let on = |r: &Rule| self.config.severities.get(r.code) != Some(&None);
        let (mut run, error) =
            Workspace::new(inputs).into_run_with(&self.data, &self.policies, &on);
        if let Some(e) = error {
            return Err(DiffError::Load(LoadError::Config(e.to_string())));
        }
        run.findings = self.config.apply(std::mem::take(&mut run.findings));
        Ok(run)
    }
}

/// Runs `ropa diff`; the exit code.
pub fn run(request: &Request) -> i32 {
    match compare(request) {
        Ok((diff, failed)) => {
            let text = match request.format {
                DiffFormat::Human => super::render::human(&diff),
                DiffFormat::Markdown => super::render::markdown(&diff),
                DiffFormat::Json => super::render::json(&diff),
            };
            use std::io::Write as _;
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
                return crate::exit::TROUBLE;
            }
            if failed {
                crate::exit::FINDINGS
            } else {
                crate::exit::OK
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            crate::exit::TROUBLE
        }
    }
}

/// The comparison, and whether it fails the run: a finding introduced at
/// or above `fail_on`, or a later side that does not parse.
fn compare(request: &Request) -> Result<(super::Diff, bool), DiffError> {
    let repo = Repo::here()?;
    let (sides, mut paths) = sides(&repo, &request.args);
    paths.extend(request.paths.iter().cloned());
    let setting = Setting::load(request.config.as_deref())?;
    let (mut old, mut new): (Side, Side) = match sides {
        Sides::Against(rev) => {
            let old = repo.read(&rev, &paths)?;
            let new = if request.staged {
                repo.staged(&paths)?
            } else {
                Side {
                    inputs: check::working_inputs(&paths, &setting.config)?,
                    name: "working tree".to_string(),
                    commit: None,
                    date: None,
                }
            };
            (old, new)
        }
        Sides::Between(a, b) => (repo.read(&a, &paths)?, repo.read(&b, &paths)?),
    };
    let name = |s: &Side, run: &Run| super::SideName {
        revision: s.name.clone(),
        commit: s.commit.clone(),
        date: s.date.clone(),
        incomplete: !run.model.complete,
    };
    // The two checks run side by side: each has sequential phases (the
    // model, the sort) that leave a core free.
    let (old_inputs, new_inputs) = (
        std::mem::take(&mut old.inputs),
        std::mem::take(&mut new.inputs),
    );
    let (old_run, new_run) =
        rayon::join(|| setting.check(old_inputs), || setting.check(new_inputs));
    let (old_run, new_run) = (old_run?, new_run?);
    let diff = super::compare(
        &old_run,
        &new_run,
        &setting.data,
        name(&old, &old_run),
        name(&new, &new_run),
    );
    let failed = !new_run.model.complete
        || request
            .fail_on
            .is_some_and(|t| diff.introduced.iter().any(|f| f.severity >= t));
    Ok((diff, failed))
}

/// Splits the positional arguments: a first argument that is a range
/// (`A..B`, `A...B`) or resolves as a revision is the revision; the rest
/// are paths. No revision: `HEAD`.
fn sides(repo: &Repo, args: &[String]) -> (Sides, Vec<PathBuf>) {
    let Some(first) = args.first() else {
        return (Sides::Against("HEAD".to_string()), Vec::new());
    };
    let rest = || args[1..].iter().map(PathBuf::from).collect();
    let or_head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_string()
        } else {
            s.to_string()
        }
    };
    if let Some((a, b)) = first.split_once("...") {
        let (a, b) = (or_head(a), or_head(b));
        return match repo.merge_base(&a, &b) {
            Ok(base) => (Sides::Between(base, b), rest()),
            // Let the read say what is wrong with the revision.
            Err(_) => (Sides::Between(a, b), rest()),
        };
    }
    if let Some((a, b)) = first.split_once("..") {
        return (Sides::Between(or_head(a), or_head(b)), rest());
    }
    // A name that is both a revision and a path is a revision, as git
    // reads it; `--` makes it a path.
    if repo.is_revision(first) {
        return (Sides::Against(first.clone()), rest());
    }
    (
        Sides::Against("HEAD".to_string()),
        args.iter().map(PathBuf::from).collect(),
    )
}

/// `check --new-since REV`: the findings of `findings` (the working
/// tree's, under `paths`) that the model at `rev` does not have, matched
/// by fingerprint, checked with the same configuration.
pub fn new_since(
    rev: &str,
    paths: &[PathBuf],
    config: Option<&std::path::Path>,
    findings: Vec<Finding>,
) -> Result<Vec<Finding>, DiffError> {
    let repo = Repo::here()?;
    let setting = Setting::load(config)?;
    let old = setting.check(repo.read(rev, paths)?.inputs)?;
    Ok(super::new_findings(&old.findings, findings))
}

/// `report --changes-since REV`: what changed from the model at `rev` to
/// `new`, the working tree's model under `paths` as the report read it
/// (checked with the same configuration). One revision only: the report
/// is of the working tree, so a range would describe another record.
/// With `organisation`, only the changes that concern its record
/// ([`super::Diff::concerning`]).
pub fn since(
    rev: &str,
    paths: &[PathBuf],
    config: Option<&std::path::Path>,
    new: &Run,
    organisation: Option<&str>,
) -> Result<super::Diff, DiffError> {
    let repo = Repo::here()?;
    let setting = Setting::load(config)?;
    let mut old = repo.read(rev, paths)?;
    let old_run = setting.check(std::mem::take(&mut old.inputs))?;
    let from = super::SideName {
        revision: old.name.clone(),
        commit: old.commit.clone(),
        date: old.date.clone(),
        incomplete: !old_run.model.complete,
    };
    let to = super::SideName {
        revision: "working tree".to_string(),
        commit: None,
        date: None,
        incomplete: !new.model.complete,
    };
    let mut diff = super::compare(&old_run, new, &setting.data, from, to);
    if let Some(id) = organisation {
        diff.concerning(id, &old_run.model, &new.model);
    }
    Ok(diff)
}
