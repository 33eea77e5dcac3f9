//! The pipeline: find files, read them, and check them as one model
//! through a [`Workspace`] (parse in parallel, build the model and the
//! graph, run the rules, order the findings).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::data::RuleData;
use crate::finding::Rule;
use crate::policy::Policies;
use crate::workspace::Workspace;

/// Why a run could not start (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    /// A path given on the command line does not exist.
    NotFound(PathBuf),
    /// No `.ropa` file under the paths.
    NoFiles(Vec<PathBuf>),
    /// The configuration or a rule pack cannot be used.
    Config(String),
    /// A directory under the paths cannot be read.
    Unreadable(PathBuf, String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::NotFound(p) => write!(f, "`{}` does not exist", p.display()),
            LoadError::NoFiles(paths) => {
                let list: Vec<String> =
                    paths.iter().map(|p| format!("`{}`", p.display())).collect();
                write!(f, "no `.ropa` file found under {}", list.join(", "))
            }
            LoadError::Config(e) => f.write_str(e),
            LoadError::Unreadable(p, e) => write!(f, "cannot read `{}`: {e}", p.display()),
        }
    }
}

pub use crate::workspace::{incomplete_note, sort, Run, INCOMPLETE_NOTE, INCOMPLETE_NOTE_SV};

/// Every `.ropa` file under `paths`, sorted; files named directly are
/// always included. Hidden directories (`.git`, ...) and `target` are skipped.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, LoadError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.exists() {
            return Err(LoadError::NotFound(path.clone()));
        }
        let walker = walkdir::WalkDir::new(path)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !skipped_dir(e));
        for entry in walker {
            // A directory that cannot be read would hide its files: an
            // error, never a silent skip.
            let entry = entry.map_err(|e| {
                let at = e.path().unwrap_or(path).to_path_buf();
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                LoadError::Unreadable(at, why)
            })?;
            let p = entry.path();
            if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "ropa") {
                files.push(clean(p));
            }
        }
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        return Err(LoadError::NoFiles(paths.to_vec()));
    }
    Ok(files)
}

fn skipped_dir(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir()
        && e.file_name()
            .to_str()
            .is_some_and(|n| n.starts_with('.') || n == "target")
}

/// `./a/b.ropa` as `a/b.ropa`.
fn clean(p: &Path) -> PathBuf {
    p.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// A model loaded the way `ropa.yaml` says: its configuration, rule data
/// and the checked run.
#[derive(Debug)]
pub struct Loaded {
    /// The configuration (found, named, or the default).
    pub config: Config,
    /// The rule data, packs included.
    pub data: RuleData,
    /// The organisation's policies.
    pub policies: Policies,
    /// The checked model.
    pub run: Run,
}

/// The configuration, its rule data and its policies (loaded and checked
/// against the vocabulary), with `rules:` entries that name policies bound.
pub fn load_config(config: Option<&Path>) -> Result<(Config, RuleData, Policies), LoadError> {
    let mut config = Config::discover(config).map_err(|e| LoadError::Config(e.to_string()))?;
    let data = config
        .rule_data()
        .map_err(|e| LoadError::Config(e.to_string()))?;
    let policies =
        Policies::load(&config.policies, &data).map_err(|e| LoadError::Config(e.to_string()))?;
    config
        .bind_policies(|key| policies.find(key))
        .map_err(|e| LoadError::Config(e.to_string()))?;
    Ok((config, data, policies))
}

/// Loads the configuration (`config`, or `ropa.yaml` here or in a parent)
/// and its rule data, and checks the files under `paths` (default: the
/// current directory) that it does not exclude.
pub fn load(paths: &[PathBuf], config: Option<&Path>) -> Result<Loaded, LoadError> {
    load_with(paths, config, &|_| true)
}

/// As [`load`], running only the rules that `enabled` keeps and that the
/// configuration does not switch `off` (a rule left out costs nothing).
pub fn load_with(
    paths: &[PathBuf],
    config: Option<&Path>,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> Result<Loaded, LoadError> {
    let mut timings = crate::workspace::Timings::new();
    let (config, data, policies) = load_config(config)?;
    timings.phase("config");
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let files: Vec<PathBuf> = discover(&paths)?
        .into_iter()
        .filter(|f| !config.excludes(f))
        .collect();
    if files.is_empty() {
        return Err(LoadError::NoFiles(paths));
    }
    let inputs = read(files);
    timings.phase("read");
    check_loaded(inputs, config, data, policies, enabled)
}

/// As [`load_with`], for files already read (the staged model, from
/// the git index): the configuration is the working tree's.
pub fn load_inputs(
    inputs: Vec<crate::workspace::Input>,
    config: Option<&Path>,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> Result<Loaded, LoadError> {
    let (config, data, policies) = load_config(config)?;
    let inputs = inputs
        .into_iter()
        .filter(|(p, _)| !config.excludes(p))
        .collect();
    check_loaded(inputs, config, data, policies, enabled)
}

fn check_loaded(
    inputs: Vec<crate::workspace::Input>,
    config: Config,
    data: RuleData,
    policies: Policies,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> Result<Loaded, LoadError> {
    let on = |r: &Rule| enabled(r) && config.severities.get(r.code) != Some(&None);
    let (run, error) = Workspace::new(inputs).into_run_with(&data, &policies, &on);
    if let Some(e) = error {
        return Err(LoadError::Config(e.to_string()));
    }
    Ok(Loaded {
        config,
        data,
        policies,
        run,
    })
}

/// Every file the model was made from: its `.ropa` files, the
/// configuration, its packs and its policies. An output never replaces one.
pub fn inputs<'a>(run: &'a Run, config: &'a Config) -> impl Iterator<Item = &'a Path> {
    run.model
        .sources
        .iter()
        .map(|(_, f)| f.path.as_path())
        .chain(config.path.as_deref())
        .chain(config.packs.iter().map(PathBuf::as_path))
        .chain(config.policies.iter().map(PathBuf::as_path))
}

/// Refuses an output path that is one of the model's inputs; the message
/// names both and what refused (`ropa report`).
pub fn refuse_input(output: &Path, run: &Run, config: &Config, what: &str) -> Result<(), String> {
    match crate::files::overwrites_input(output, inputs(run, config)) {
        None => Ok(()),
        Some(input) => Err(format!(
            "`{}` is an input of the model (`{}`); {what} does not overwrite it",
            output.display(),
            input.display()
        )),
    }
}

/// Reads and checks the files under `paths`.
pub fn check_paths(paths: &[PathBuf], data: &RuleData) -> Result<Run, LoadError> {
    Ok(check_files(discover(paths)?, data))
}

/// Reads and checks these files as one model.
pub fn check_files(files: Vec<PathBuf>, data: &RuleData) -> Run {
    check_files_with(files, data, &|_| true)
}

/// Reads and checks these files as one model, running only the model
/// rules that `enabled` keeps.
pub fn check_files_with(
    files: Vec<PathBuf>,
    data: &RuleData,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> Run {
    check_inputs_with(read(files), data, enabled)
}

/// The working tree's side of a comparison: the `.ropa` files under
/// `paths` (default: the current directory) that `config` does not
/// exclude, read. No file is an empty model, not an error: adding the
/// first file shows everything as added.
pub fn working_inputs(
    paths: &[PathBuf],
    config: &Config,
) -> Result<Vec<crate::workspace::Input>, LoadError> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let files = match discover(&paths) {
        Ok(files) => files,
        Err(LoadError::NoFiles(_)) => Vec::new(),
        Err(e) => return Err(e),
    };
    Ok(read(
        files.into_iter().filter(|f| !config.excludes(f)).collect(),
    ))
}

/// Reads files (in parallel), keeping a read error as the file's content.
fn read(files: Vec<PathBuf>) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
    files
        .into_par_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|e| e.to_string());
            (p, bytes)
        })
        .collect()
}

/// Checks in-memory files (path, bytes or read error) as one model.
pub fn check_inputs(inputs: Vec<(PathBuf, Result<Vec<u8>, String>)>, data: &RuleData) -> Run {
    check_inputs_with(inputs, data, &|_| true)
}

/// Checks in-memory files as one model, running only the model rules that
/// `enabled` keeps.
pub fn check_inputs_with(
    inputs: Vec<(PathBuf, Result<Vec<u8>, String>)>,
    data: &RuleData,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> Run {
    Workspace::new(inputs).into_run(data, enabled)
}

/// Checks in-memory files as one model with the organisation's policies,
/// running only the rules and policies that `enabled` keeps. A policy
/// that fails to run (a Rego evaluation error) is returned beside the run.
pub fn check_inputs_policies(
    inputs: Vec<(PathBuf, Result<Vec<u8>, String>)>,
    data: &RuleData,
    policies: &Policies,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
) -> (Run, Option<crate::policy::PolicyError>) {
    Workspace::new(inputs).into_run_with(data, policies, enabled)
}

/// For the commands that write the model rather than its findings
/// (`report`, `graph`, `export`): says on standard error which files could
/// not be read or parsed, and that what they declare is left out of what
/// `command` wrote. Returns whether there were any: the command then exits
/// 1, so that a record made from part of the model is never taken for the
/// whole one.
pub fn warn_incomplete(run: &Run, command: &str) -> bool {
    let broken: Vec<&crate::finding::Finding> = run
        .findings
        .iter()
        .filter(|f| f.rule.is_input_failure())
        .collect();
    if broken.is_empty() {
        return false;
    }
    let files: std::collections::BTreeSet<_> = broken.iter().map(|f| f.primary.span.file).collect();
    eprintln!(
        "ropa {command}: the model is incomplete: {} file{} could not be read or parsed, \
         and what {} declare{} is left out:",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        if files.len() == 1 { "it" } else { "they" },
        if files.len() == 1 { "s" } else { "" },
    );
    for f in broken {
        let at = crate::output::locate(&run.model.sources, f.primary.span);
        eprintln!(
            "  {}:{}:{}: {} {}",
            run.model.sources.path(f.primary.span.file).display(),
            at.start.line,
            at.start.column,
            f.rule.code,
            f.message(&crate::finding::Words::developer(crate::finding::Lang::En))
        );
    }
    true
}
