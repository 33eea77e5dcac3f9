//! The rule catalog: one function per rule, one file per function.
//!
//! Each rule file's `//!` comment is its documentation (`ropa explain`);
//! `build.rs` collects it, and writes [`ALL`], the one table mapping codes to
//! rules, and [`CHECKS`] from the files themselves.

pub mod accountability;
pub mod grounds;
pub mod input;
pub mod lawfulness;
pub mod parties;
pub mod references;
pub mod retention;
pub mod special;
pub mod suppressions;
pub mod transfers;

use crate::data::RuleData;
use crate::finding::{Finding, Rule};
use crate::graph::Graph;
use crate::model::{Dataset, DatasetId, Model, Problem};

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

pub use crate::finding::DOCS_URL;

/// What a rule looks at: the resolved model.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The resolved model.
    pub model: &'a Model,
    /// The rule data.
    pub data: &'a RuleData,
}

/// What a rule that follows data through the flow graph looks at: the
/// model, and the graph built from it. It reads as a [`Context`] too, so
/// the helpers written for model rules serve graph rules as they are.
///
/// The two are apart so that `ropa check` can run the model rules while
/// the graph is still being built ([`run`]); a rule that needs the graph
/// says so in its type, and cannot be started early by mistake.
#[derive(Clone, Copy)]
pub struct GraphContext<'a> {
    /// The model and the rule data.
    pub cx: Context<'a>,
    /// The data-flow graph.
    pub graph: &'a Graph,
}

impl<'a> GraphContext<'a> {
    /// The context of a model and its graph.
    pub fn new(model: &'a Model, data: &'a RuleData, graph: &'a Graph) -> Self {
        GraphContext {
            cx: Context { model, data },
            graph,
        }
    }
}

impl<'a> std::ops::Deref for GraphContext<'a> {
    type Target = Context<'a>;

    fn deref(&self) -> &Context<'a> {
        &self.cx
    }
}

/// A rule's check: over the model alone, or over the model and its graph;
/// over all of it at once, or one dataset at a time.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads only the model.
    Model(fn(&Context) -> Vec<Finding>),
    /// Reads the data-flow graph as well.
    Graph(fn(&GraphContext) -> Vec<Finding>),
    /// Reads only the model, one dataset at a time, adding its findings
    /// about that dataset to the list it is given.
    Dataset(DatasetCheck),
    /// Reads the graph as well, one dataset at a time.
    GraphDataset(GraphDatasetCheck),
}

/// A check of one dataset over the model: its index, the dataset, and
/// where its findings go.
pub type DatasetCheck = fn(&Context, DatasetId, &Dataset, &mut Vec<Finding>);

/// A check of one dataset over the model and its graph.
pub type GraphDatasetCheck = fn(&GraphContext, DatasetId, &Dataset, &mut Vec<Finding>);

impl Check {
    /// The rule's findings on a model and its graph.
    pub fn run(self, cx: &GraphContext) -> Vec<Finding> {
        match self {
            Check::Model(check) => check(cx),
            Check::Graph(check) => check(cx),
            Check::Dataset(check) => dataset_tasks(cx.model, |i, d, out| check(cx, i, d, out))
                .flat_map(|task| task())
                .collect(),
            Check::GraphDataset(check) => dataset_tasks(cx.model, |i, d, out| check(cx, i, d, out))
                .flat_map(|task| task())
                .collect(),
        }
    }
}

// `ALL` and `CHECKS`, written by build.rs from the rule files: a rule is
// registered by being a file `src/rules/<family>/<code>_<name>.rs`.
include!(concat!(env!("OUT_DIR"), "/rule_registry.rs"));

/// The finding of the input rule that reports a problem the parser found.
pub fn syntax_problem(p: &crate::syntax::Problem) -> Finding {
    use crate::syntax::Problem as P;
    match p {
        P::Syntax {
            span,
            message,
            help,
        } => input::e001_syntax_error::finding(*span, message, help),
        P::DuplicateAttribute {
            first,
            second,
            keyword,
        } => input::e003_duplicate_attribute::finding(*first, *second, keyword),
    }
}

/// The finding of the input rule that reports a problem the model found.
pub fn problem(p: &Problem) -> Finding {
    use input::e004_unknown_value as e004;
    use references::{f001_undefined_reference as f001, f002_duplicate_definition as f002};
    match p {
        Problem::UnknownValue {
            value,
            what,
            suggestion,
            examples,
        } => e004::finding(value, what, suggestion.as_deref(), examples),
        Problem::Undefined {
            id,
            what,
            suggestion,
        } => f001::finding(id, what, suggestion.as_deref()),
        Problem::WrongKind { id, role, expected } => f001::wrong_kind(id, role, expected),
        Problem::Duplicate { id, first } => f002::finding(id, *first),
        Problem::Invalid { span, reason } => e004::invalid(*span, *reason),
    }
}

/// `docs/rules.md`: the catalog table and every rule's documentation,
/// generated from the same doc comments `ropa explain` prints.
pub fn markdown_catalog() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rule files' doc comments by \
         `ROPA_UPDATE_DOCS=1 cargo test --test it docs::`; do not edit by hand. -->\n\n\
         | code | name | severity | article | when |\n|---|---|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{}` | {} | {} | {} |\n",
            r.name,
            r.severity.as_str(),
            r.article,
            r.summary.replace('|', "\\|"),
            code = r.code,
            anchor = r.code.to_lowercase()
        ));
    }
    for r in ALL {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {} {}\n\nSeverity: {}. Article: {}.\n\n",
            r.code.to_lowercase(),
            r.code,
            r.name,
            r.severity.as_str(),
            r.article
        ));
        // The doc's own headings become one level deeper.
        for line in r.doc().lines() {
            if line.starts_with("## ") {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The rule with this code or name (case-insensitive for codes).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Builds the model's data-flow graph and runs the rules that `enabled`
/// keeps, appending their findings to `out`; returns the graph, and how
/// long it took to build.
///
/// Rules only read the model, so they run in parallel: a task per rule
/// that looks at the whole model, a task per run of datasets for the rules
/// that look at one dataset at a time; a rule that is switched off costs
/// nothing. The rules that do not need the graph start at once, beside the
/// graph's building, so the graph costs no wall time of its own while the
/// model rules keep the other core busy; each graph rule starts as soon as
/// the graph is built.
pub fn run(
    cx: &Context,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
    out: &mut Vec<Finding>,
) -> (Graph, std::time::Duration) {
    let timed_build = || {
        let start = std::time::Instant::now();
        let graph = Graph::build(cx.model, cx.data);
        (graph, start.elapsed())
    };
    if std::env::var_os("ROPA_TIMINGS").is_some_and(|v| v == "rules") {
        let (graph, took) = timed_build();
        run_timed(
            &GraphContext {
                cx: *cx,
                graph: &graph,
            },
            enabled,
            out,
        );
        return (graph, took);
    }
    // Each rule's findings are appended to `out` as soon as the rule
    // finishes, and its own vector is freed at once: collecting every
    // rule's vector first and then joining them held each finding twice (on
    // a dense model, 70 MB of fresh pages per copy). `out` is reserved for
    // a typical count up front; what a rule leaves unused is address space,
    // not memory, since pages are only mapped when written (and where the
    // system refuses the address space, the vector simply grows as needed).
    //
    // The rules finish in any order, and that order does not show:
    // `workspace::sort` orders by position, rule code and message, so
    // findings of two rules never tie, and one rule's findings stay
    // together in the order the rule made them.
    let _ = out.try_reserve(expected_findings(cx.model));
    let sink = std::sync::Mutex::new(out);
    let keep = |found: Vec<Finding>| {
        sink.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(found);
    };
    // One task per rule, and one that builds the graph and then starts a
    // task per graph rule: the two cores share all of it, so that the
    // graph rules do not wait for the slowest model rule, nor the model
    // rules' core for the graph (about 0.1 s on a dense model, against
    // building the graph beside the model rules and then running the
    // graph rules).
    //
    // The checks of one dataset at a time run together instead, one task
    // per run of datasets, each dataset given to every such check in turn:
    // a dataset's tree is read from memory once for all of them, where a
    // task per rule read every tree once per rule (each pass over the
    // model pushed the previous one's reads out of the cache).
    let mut datasets: Vec<DatasetCheck> = Vec::new();
    let mut graph_datasets: Vec<GraphDatasetCheck> = Vec::new();
    for (_, check) in CHECKS.iter().filter(|(rule, _)| enabled(rule)) {
        match check {
            Check::Dataset(check) => datasets.push(*check),
            Check::GraphDataset(check) => graph_datasets.push(*check),
            Check::Model(_) | Check::Graph(_) => {}
        }
    }
    let built: std::sync::OnceLock<(Graph, std::time::Duration)> = std::sync::OnceLock::new();
    rayon::scope(|s| {
        let (built, keep) = (&built, &keep);
        let graph_datasets = &graph_datasets;
        s.spawn(move |s| {
            let (graph, _) = built.get_or_init(timed_build);
            let gcx = GraphContext { cx: *cx, graph };
            for (rule, check) in CHECKS {
                if let Check::Graph(check) = check {
                    if enabled(rule) {
                        s.spawn(move |_| keep(check(&gcx)));
                    }
                }
            }
            if !graph_datasets.is_empty() {
                dataset_tasks(cx.model, move |i, d, out| {
                    for check in graph_datasets {
                        check(&gcx, i, d, out);
                    }
                })
                .for_each(|task| s.spawn(move |_| keep(task())));
            }
        });
        for (rule, check) in CHECKS {
            if let Check::Model(check) = check {
                if enabled(rule) {
                    s.spawn(move |_| keep(check(cx)));
                }
            }
        }
        if !datasets.is_empty() {
            let datasets = &datasets;
            dataset_tasks(cx.model, move |i, d, out| {
                for check in datasets {
                    check(cx, i, d, out);
                }
            })
            .for_each(|task| s.spawn(move |_| keep(task())));
        }
    });
    match built.into_inner() {
        Some(built) => built,
        None => timed_build(),
    }
}

/// How many datasets one task of the per-dataset checks takes: enough
/// that a task costs more than starting it, few enough that the two cores
/// share the last ones.
const RUN: usize = 1024;

/// The tasks of a per-dataset check: one per run of [`RUN`] datasets,
/// each calling `each` on every dataset of its run, in order.
fn dataset_tasks<'a>(
    model: &'a Model,
    each: impl Fn(DatasetId, &'a Dataset, &mut Vec<Finding>) + Copy + Send + 'a,
) -> impl Iterator<Item = impl FnOnce() -> Vec<Finding> + Send + 'a> + 'a {
    let all = &model.datasets;
    (0..all.len()).step_by(RUN).map(move |start| {
        move || {
            let mut out = Vec::new();
            let end = (start + RUN).min(all.len());
            for (i, d) in all[start..end].iter().enumerate() {
                each(start + i, d, &mut out);
            }
            out
        }
    })
}

/// How many findings to reserve room for: a few per dataset and flow,
/// about what a dense model gives.
fn expected_findings(model: &Model) -> usize {
    model
        .datasets
        .len()
        .saturating_mul(4)
        .saturating_add(model.flows.len().saturating_mul(2))
}

/// [`run`] one rule after the other, printing each rule's time and count
/// (`ROPA_TIMINGS=rules`).
fn run_timed(cx: &GraphContext, enabled: &(dyn Fn(&Rule) -> bool + Sync), all: &mut Vec<Finding>) {
    for (rule, check) in CHECKS.iter().filter(|(rule, _)| enabled(rule)) {
        let start = std::time::Instant::now();
        let found = check.run(cx);
        eprintln!(
            "ropa:   {} {:>8.1} ms {:>8} findings",
            rule.code,
            start.elapsed().as_secs_f64() * 1000.0,
            found.len()
        );
        all.extend(found);
    }
}
