//! The pipeline: find files, read, parse (in parallel), build the model and
//! the graph, run the rules, order the findings.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::data::RuleData;
use crate::finding::{Finding, Rule};
use crate::graph::Graph;
use crate::model::Model;
use crate::rules::input::e002_unreadable_file;
use crate::rules::{self, Context};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::syntax;

/// Why a run could not start (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    /// A path given on the command line does not exist.
    NotFound(PathBuf),
    /// No `.ropa` file under the paths.
    NoFiles(Vec<PathBuf>),
    /// The configuration or a rule pack cannot be used.
    Config(String),
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
        }
    }
}

/// The outcome of checking a model.
#[derive(Debug)]
pub struct Run {
    /// The model, with its sources.
    pub model: Model,
    /// The data-flow graph.
    pub graph: Graph,
    /// Every finding, ordered by path, line, column and code.
    pub findings: Vec<Finding>,
}

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
        for entry in walker.filter_map(Result::ok) {
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
    /// The checked model.
    pub run: Run,
}

/// Loads the configuration (`config`, or `ropa.yaml` here or in a parent)
/// and its rule data, and checks the files under `paths` (default: the
/// current directory) that it does not exclude.
pub fn load(paths: &[PathBuf], config: Option<&Path>) -> Result<Loaded, LoadError> {
    let config = Config::discover(config).map_err(|e| LoadError::Config(e.to_string()))?;
    let data = config
        .rule_data()
        .map_err(|e| LoadError::Config(e.to_string()))?;
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
    let run = check_files(files, &data);
    Ok(Loaded { config, data, run })
}

/// Reads and checks the files under `paths`.
pub fn check_paths(paths: &[PathBuf], data: &RuleData) -> Result<Run, LoadError> {
    Ok(check_files(discover(paths)?, data))
}

/// Reads and checks these files as one model.
pub fn check_files(files: Vec<PathBuf>, data: &RuleData) -> Run {
    let inputs: Vec<(PathBuf, Result<Vec<u8>, String>)> = files
        .into_par_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|e| e.to_string());
            (p, bytes)
        })
        .collect();
    check_inputs(inputs, data)
}

/// Prints how long each phase took, when `ROPA_TIMINGS` is set.
struct Timings {
    start: Option<std::time::Instant>,
}

impl Timings {
    fn new() -> Timings {
        let on = std::env::var_os("ROPA_TIMINGS").is_some_and(|v| !v.is_empty());
        Timings {
            start: on.then(std::time::Instant::now),
        }
    }

    fn phase(&mut self, name: &str) {
        if let Some(start) = self.start {
            eprintln!(
                "ropa: {name:<8} {:>8.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.start = Some(std::time::Instant::now());
        }
    }
}

/// Why a file's text could not be used (E002).
enum Unreadable {
    Io(String),
    TooLarge,
    /// The offset of the first byte that is not UTF-8.
    NotUtf8(usize),
}

/// One input as a source file: its text, or an empty text and the reason.
fn decode(path: PathBuf, bytes: Result<Vec<u8>, String>) -> (SourceFile, Option<Unreadable>) {
    let empty = |path| SourceFile::new(path, String::new());
    match bytes {
        Err(e) => (empty(path), Some(Unreadable::Io(e))),
        Ok(b) if b.len() >= u32::MAX as usize => (empty(path), Some(Unreadable::TooLarge)),
        Ok(b) => match String::from_utf8(b) {
            Ok(text) => (SourceFile::new(path, text), None),
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
                (SourceFile::new(path, lossy), Some(Unreadable::NotUtf8(at)))
            }
        },
    }
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
    let mut timings = Timings::new();
    let mut findings = Vec::new();
    let mut sources = Sources::default();
    // Decoding (UTF-8 check, line table) is per file, so it runs in
    // parallel; IDs are then given in input order.
    let decoded: Vec<(SourceFile, Option<Unreadable>)> = inputs
        .into_par_iter()
        .map(|(path, bytes)| decode(path, bytes))
        .collect();
    let mut readable = Vec::new();
    for (file, problem) in decoded {
        let id = sources.add(file);
        match problem {
            None => readable.push(id),
            Some(Unreadable::Io(e)) => {
                findings.push(e002_unreadable_file::unreadable(Span::new(id, 0, 0), &e))
            }
            Some(Unreadable::TooLarge) => findings.push(e002_unreadable_file::unreadable(
                Span::new(id, 0, 0),
                "the file is larger than 4 GiB",
            )),
            Some(Unreadable::NotUtf8(at)) => {
                findings.push(e002_unreadable_file::not_utf8(Span::new(id, at, at + 1)))
            }
        }
    }
    timings.phase("decode");
    let parsed: Vec<(FileId, syntax::Parsed)> = readable
        .par_iter()
        .map(|&id| (id, syntax::parse(id, &sources.get(id).text)))
        .collect();
    let mut trees = vec![None; sources.len()];
    let mut comments = vec![Vec::new(); sources.len()];
    for (id, p) in parsed {
        findings.extend(p.problems.iter().map(rules::syntax_problem));
        trees[id.0 as usize] = p.file;
        comments[id.0 as usize] = p.comments;
    }
    // An unreadable or broken file stays `None`: the model is incomplete.
    timings.phase("parse");
    let (model, model_findings) = Model::build(sources, trees, comments, data);
    timings.phase("model");
    findings.extend(model_findings.iter().map(rules::problem));
    let graph = Graph::build(&model, data);
    timings.phase("graph");
    let cx = Context {
        model: &model,
        data,
        graph: &graph,
    };
    findings.extend(rules::run(&cx, enabled));
    timings.phase("rules");
    let mut findings = crate::suppress::apply(&model, findings);
    sort(&model.sources, &mut findings);
    timings.phase("sort");
    Run {
        model,
        graph,
        findings,
    }
}

/// Orders findings by path, position and code.
pub fn sort(sources: &Sources, findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        let pa = sources.path(a.primary.span.file);
        let pb = sources.path(b.primary.span.file);
        pa.cmp(pb)
            .then(a.primary.span.start.cmp(&b.primary.span.start))
            .then(a.rule.code.cmp(b.rule.code))
            .then(a.message.cmp(&b.message))
    });
}
