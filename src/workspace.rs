//! The workspace: every file's text and syntax tree, kept between checks.
//!
//! `ropa check` loads a workspace once and checks it; `ropa lsp` keeps one
//! alive and, when the user types, re-parses only the file that changed
//! before rebuilding the model, the graph and the findings from the trees it
//! already has. Parsing is most of a check's time (docs/performance.md), so
//! a one-character edit costs the model, graph and rules, not the parse.
//!
//! A file's [`FileId`] is its place in the workspace. Syntax trees carry it
//! in their spans, so removing a file re-parses the files after it.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::data::RuleData;
use crate::finding::{Finding, Lang, Rule};
use crate::graph::Graph;
use crate::model::Model;
use crate::policy::{Policies, PolicyError};
use crate::rules::input::e002_unreadable_file;
use crate::rules::{self, Context, GraphContext};
use crate::source::{FileId, SourceFile, Sources, Span};
use crate::syntax::{self, ast};

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

/// One input: a path and its bytes, or the reason it could not be read.
pub type Input = (PathBuf, Result<Vec<u8>, String>);

/// One file of the workspace.
#[derive(Debug, Clone)]
struct Entry {
    /// Its text (empty when unreadable) and line table.
    source: SourceFile,
    /// Why it could not be read (E002), when it could not.
    problem: Option<Unreadable>,
    /// What the parser made of it; empty for an unreadable file.
    parsed: syntax::Parsed,
}

/// Every file of a model, parsed, ready to be checked again and again.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    entries: Vec<Entry>,
}

impl Workspace {
    /// Decodes and parses the inputs (in parallel); file IDs follow their order.
    pub fn new(inputs: Vec<Input>) -> Workspace {
        let mut timings = Timings::new();
        let decoded: Vec<(SourceFile, Option<Unreadable>)> = inputs
            .into_par_iter()
            .map(|(path, bytes)| decode(path, bytes))
            .collect();
        timings.phase("decode");
        let entries = decoded
            .into_par_iter()
            .enumerate()
            .map(|(i, (source, problem))| entry(FileId(i as u32), source, problem))
            .collect();
        timings.phase("parse");
        Workspace { entries }
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The ID of the file at `path`, if it is part of the workspace.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.entries
            .iter()
            .position(|e| e.source.path == path)
            .map(|i| FileId(i as u32))
    }

    /// Every file's path, by ID.
    pub fn paths(&self) -> impl Iterator<Item = (FileId, &Path)> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (FileId(i as u32), e.source.path.as_path()))
    }

    /// The text of a file (empty when unreadable).
    pub fn source(&self, id: FileId) -> Option<&SourceFile> {
        self.entries.get(id.0 as usize).map(|e| &e.source)
    }

    /// The syntax tree of a file; `None` when it has a syntax error.
    pub fn tree(&self, id: FileId) -> Option<&ast::File> {
        self.entries.get(id.0 as usize)?.parsed.file.as_ref()
    }

    /// Every parsed tree with its file.
    pub fn trees(&self) -> impl Iterator<Item = (FileId, &ast::File)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((FileId(i as u32), e.parsed.file.as_ref()?)))
    }

    /// Sets a file's content: re-parses that file only. A new path is
    /// added at the end. Returns its ID.
    pub fn set(&mut self, path: PathBuf, bytes: Result<Vec<u8>, String>) -> FileId {
        let id = self
            .file_id(&path)
            .unwrap_or(FileId(self.entries.len() as u32));
        let (source, problem) = decode(path, bytes);
        let new = entry(id, source, problem);
        match self.entries.get_mut(id.0 as usize) {
            Some(slot) => *slot = new,
            None => self.entries.push(new),
        }
        id
    }

    /// Removes a file; the files after it get new IDs and are re-parsed.
    /// Returns whether it was there.
    pub fn remove(&mut self, path: &Path) -> bool {
        let Some(id) = self.file_id(path) else {
            return false;
        };
        let at = id.0 as usize;
        self.entries.remove(at);
        let rest: Vec<Entry> = self.entries.drain(at..).collect();
        let renumbered: Vec<Entry> = rest
            .into_par_iter()
            .enumerate()
            .map(|(i, e)| entry(FileId((at + i) as u32), e.source, e.problem))
            .collect();
        self.entries.extend(renumbered);
        true
    }

    /// Checks the workspace as it is now, keeping it for the next change:
    /// the trees are copied into the model.
    pub fn check(&self, data: &RuleData, enabled: &(dyn Fn(&Rule) -> bool + Sync)) -> Run {
        self.check_with(data, &Policies::default(), enabled).0
    }

    /// Checks the workspace as it is now with the organisation's policies;
    /// a policy that fails to run is returned beside the run.
    pub fn check_with(
        &self,
        data: &RuleData,
        policies: &Policies,
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
    ) -> (Run, Option<PolicyError>) {
        let mut timings = Timings::new();
        let entries = self.entries.par_iter().cloned().collect();
        timings.phase("copy");
        run(entries, data, policies, enabled, timings)
    }

    /// Checks the workspace, giving its trees to the model (no copy).
    pub fn into_run(self, data: &RuleData, enabled: &(dyn Fn(&Rule) -> bool + Sync)) -> Run {
        self.into_run_with(data, &Policies::default(), enabled).0
    }

    /// As [`Workspace::into_run`], with the organisation's policies.
    pub fn into_run_with(
        self,
        data: &RuleData,
        policies: &Policies,
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
    ) -> (Run, Option<PolicyError>) {
        run(self.entries, data, policies, enabled, Timings::new())
    }
}

/// Builds the model, the graph and the findings from parsed entries.
fn run(
    entries: Vec<Entry>,
    data: &RuleData,
    policies: &Policies,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
    mut timings: Timings,
) -> (Run, Option<PolicyError>) {
    let mut findings = Vec::new();
    let mut sources = Sources::default();
    let mut trees = Vec::with_capacity(entries.len());
    let mut comments = Vec::with_capacity(entries.len());
    for e in entries {
        let id = sources.add(e.source);
        findings.extend(e.problem.map(|p| p.finding(id)));
        findings.extend(e.parsed.problems.iter().map(rules::syntax_problem));
        // An unreadable or broken file stays `None`: the model is incomplete.
        trees.push(e.parsed.file);
        comments.push(e.parsed.comments);
    }
    let (model, model_findings) = Model::build(sources, trees, comments, data);
    timings.phase("model");
    findings.extend(model_findings.iter().map(rules::problem));
    let model_cx = Context {
        model: &model,
        data,
    };
    let (graph, graph_took) = rules::run(&model_cx, enabled, &mut findings);
    timings.part("graph", graph_took);
    timings.phase("rules");
    let cx = GraphContext {
        cx: model_cx,
        graph: &graph,
    };
    let mut error = None;
    if !policies.is_empty() {
        match policies.run(&cx, enabled) {
            Ok(found) => findings.extend(found),
            Err(e) => error = Some(e),
        }
        timings.phase("policies");
    }
    let mut findings = crate::suppress::apply(&model, findings);
    timings.phase("suppress");
    // A finding about an item that does not parse, or about a party or
    // dataset whose attributes it would have given, asserts what the
    // record may well state: it is withheld until the item parses. This
    // runs after the suppressions, so a suppression of such a finding is
    // not called unused (X002) either.
    let broken = &model.broken_names;
    if !broken.is_empty() {
        findings.retain(|f| {
            let about = |id: &Option<compact_str::CompactString>| {
                id.as_ref().is_some_and(|id| broken.contains(id))
            };
            f.rule.is_input_failure() || !(about(&f.dataset) || about(&f.party))
        });
    }
    if !model.complete {
        static BROKEN: crate::finding::Said =
            crate::finding::said(BROKEN_ITEM_NOTE, BROKEN_ITEM_NOTE_SV);
        static INCOMPLETE: crate::finding::Said =
            crate::finding::said(INCOMPLETE_NOTE, INCOMPLETE_NOTE_SV);
        let note = if model.names_complete {
            &BROKEN
        } else {
            &INCOMPLETE
        };
        for f in findings.iter_mut().filter(|f| f.rule.is_input_failure()) {
            f.note = Some(note);
        }
    }
    sort(&model.sources, &mut findings);
    timings.phase("sort");
    (
        Run {
            model,
            graph,
            findings,
        },
        error,
    )
}

/// Orders findings by path, position and code.
///
/// Paths are ranked once (files are usually numbered in path order
/// already, but the rank does not rely on it), so that two findings are
/// compared by one integer key (file rank, start, code) and by message only
/// when the keys are equal. The keys are sorted, not the findings (which
/// are large), and the findings are then moved into place once: the sort
/// of 400 000 findings went from about 0.2 s to a few tens of ms.
pub fn sort(sources: &Sources, findings: &mut [Finding]) {
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by(|&a, &b| {
        sources
            .path(FileId(a as u32))
            .cmp(sources.path(FileId(b as u32)))
    });
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        // Files with equal paths share a rank, as they compared equal before.
        let same = r > 0 && {
            let prev = order[r - 1];
            sources.path(FileId(prev as u32)) == sources.path(FileId(i as u32))
        };
        rank[i] = if same { rank[order[r - 1]] } else { r as u32 };
    }
    // The rule codes, numbered in their order. The rules are found where
    // the rule changes from one finding to the next (a rule's findings come
    // in runs, mostly: a vector of every finding's code would be 8 MB on a
    // dense model, for a few dozen codes), and each is numbered once, by
    // its address.
    let mut rules: foldhash::HashMap<usize, (&Rule, u32)> = foldhash::HashMap::default();
    let mut last: Option<&Rule> = None;
    for f in findings.iter() {
        if !last.is_some_and(|r| std::ptr::eq(r, f.rule)) {
            rules.insert(std::ptr::from_ref(f.rule) as usize, (f.rule, 0));
            last = Some(f.rule);
        }
    }
    let mut codes: Vec<&str> = rules.values().map(|(r, _)| r.code).collect();
    codes.sort_unstable();
    codes.dedup();
    for (rule, n) in rules.values_mut() {
        *n = codes.binary_search(&rule.code).unwrap_or(0) as u32;
    }
    // A code's number is looked up once per run of one rule's findings.
    let mut last: Option<(&Rule, u32)> = None;
    let mut code_of = |f: &Finding| match last {
        Some((rule, n)) if std::ptr::eq(rule, f.rule) => n,
        _ => {
            let at = std::ptr::from_ref(f.rule) as usize;
            let n = rules.get(&at).map_or(0, |&(_, n)| n);
            last = Some((f.rule, n));
            n
        }
    };
    let mut keys: Vec<(u64, u32, u32)> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let file = rank
                .get(f.primary.span.file.0 as usize)
                .copied()
                .unwrap_or(0);
            let key = (u64::from(file) << 32) | u64::from(f.primary.span.start);
            (key, code_of(f), i as u32)
        })
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| {
                let (x, y) = (&findings[a.2 as usize], &findings[b.2 as usize]);
                (x.primary.span.end, &x.dataset, &x.party).cmp(&(
                    y.primary.span.end,
                    &y.dataset,
                    &y.party,
                ))
            })
            // Equal findings keep the order the rules made them in.
            .then(a.2.cmp(&b.2))
    });
    // `keys[k].2` is the finding that belongs at `k`: follow each cycle of
    // the permutation once, swapping.
    let mut place: Vec<u32> = keys.into_iter().map(|k| k.2).collect();
    for start in 0..place.len() {
        let mut at = start;
        while place[at] as usize != start {
            let from = place[at] as usize;
            findings.swap(at, from);
            place[at] = at as u32;
            at = from;
        }
        place[at] = at as u32;
    }
}

/// A decoded file as an entry: parsed when readable.
fn entry(id: FileId, source: SourceFile, problem: Option<Unreadable>) -> Entry {
    let parsed = if problem.is_some() {
        syntax::Parsed::default()
    } else {
        syntax::parse(id, &source.text)
    };
    Entry {
        source,
        problem,
        parsed,
    }
}

/// Prints how long each phase took, when `ROPA_TIMINGS` is set.
pub(crate) struct Timings {
    start: Option<std::time::Instant>,
}

impl Timings {
    pub(crate) fn new() -> Timings {
        let on = std::env::var_os("ROPA_TIMINGS").is_some_and(|v| !v.is_empty());
        Timings {
            start: on.then(std::time::Instant::now),
        }
    }

    pub(crate) fn phase(&mut self, name: &str) {
        if let Some(start) = self.start {
            eprintln!(
                "ropa: {name:<8} {:>8.1} ms {:>6} MB resident",
                start.elapsed().as_secs_f64() * 1000.0,
                resident_mb()
            );
            self.start = Some(std::time::Instant::now());
        }
    }

    /// Reports a part of the phase under way that ran beside other work
    /// (the graph, built while the model rules run).
    pub(crate) fn part(&self, name: &str, took: std::time::Duration) {
        if self.start.is_some() {
            eprintln!(
                "ropa: {name:<8} {:>8.1} ms (beside the model rules)",
                took.as_secs_f64() * 1000.0
            );
        }
    }
}

/// The process's resident memory in MB, read from `/proc` (0 elsewhere).
fn resident_mb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    pages * 4096 / 1_000_000
}

/// Why a file's text could not be used (E002).
#[derive(Debug, Clone)]
enum Unreadable {
    Io(String),
    TooLarge,
    /// The offset of the first byte that is not UTF-8.
    NotUtf8(usize),
}

impl Unreadable {
    /// The E002 finding for the file `id`.
    fn finding(&self, id: FileId) -> Finding {
        let start = Span::new(id, 0, 0);
        match self {
            Unreadable::Io(e) => e002_unreadable_file::unreadable(start, e),
            Unreadable::TooLarge => e002_unreadable_file::too_large(start),
            Unreadable::NotUtf8(at) => e002_unreadable_file::not_utf8(Span::new(id, *at, at + 1)),
        }
    }
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

/// What an E001 or E002 adds to its help: which findings the missing file
/// withholds from the whole model.
pub const INCOMPLETE_NOTE: &str = " (until this file is read, the model is incomplete: \
undefined references (F001), unused parties (F004) and datasets without a controller (A002) \
are not reported for any file)";

/// [`INCOMPLETE_NOTE`] in Swedish.
pub const INCOMPLETE_NOTE_SV: &str = " (tills filen kan läsas är modellen ofullständig: \
odefinierade referenser (F001), oanvända parter (F004) och register utan \
personuppgiftsansvarig (A002) rapporteras inte för någon fil)";

/// What an E001 adds when the model knows every declared name: the item
/// is left out, and so is what depends on it.
pub const BROKEN_ITEM_NOTE: &str = " (until it parses, this item is left out of the model: \
nothing is reported on it, or on another item about what it would state)";

/// [`BROKEN_ITEM_NOTE`] in Swedish.
pub const BROKEN_ITEM_NOTE_SV: &str = " (tills posten kan tolkas utelämnas den ur modellen: \
inget rapporteras om den, eller om andra poster för det den skulle ange)";

/// [`INCOMPLETE_NOTE`] in `lang`.
pub fn incomplete_note(lang: Lang) -> &'static str {
    lang.of(INCOMPLETE_NOTE, INCOMPLETE_NOTE_SV)
}
