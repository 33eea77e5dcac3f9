//! The rule runner: the rules that look at one dataset at a time run
//! together, a run of datasets per task, and find exactly what each finds
//! alone over the whole model.

use std::path::{Path, PathBuf};

use ropa::data::RuleData;
use ropa::finding::{Finding, Lang, Words};
use ropa::rules::{self, Check, Context, GraphContext, CHECKS};

/// Every rule's findings through the runner are the findings of the rule
/// run alone, on a model of more datasets than one task takes: the seeds
/// and every failing fixture, eight times over under eight folders.
#[test]
fn rules_run_together_find_what_each_finds_alone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let data = RuleData::builtin().expect("the built-in rule data");
    let mut inputs = Vec::new();
    for copy in 0..8 {
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            let wanted =
                path.starts_with(root.join("seeds")) || path.to_string_lossy().contains("fail");
            if path.extension().is_some_and(|e| e == "ropa") && wanted {
                let Ok(rel) = path.strip_prefix(&root) else {
                    continue;
                };
                let name = PathBuf::from(format!("copy{copy}")).join(rel);
                inputs.push((name, std::fs::read(path).map_err(|e| e.to_string())));
            }
        }
    }
    let run = ropa::check::check_inputs(inputs, &data);
    let datasets = run.model.datasets.len();
    assert!(datasets > 1024, "{datasets} datasets: fewer than two runs");
    let per_dataset = CHECKS
        .iter()
        .filter(|(_, c)| matches!(c, Check::Dataset(_) | Check::GraphDataset(_)))
        .count();
    assert!(per_dataset >= 20, "{per_dataset} per-dataset checks");

    let cx = Context {
        model: &run.model,
        data: &data,
    };
    let mut together = Vec::new();
    let (graph, _) = rules::run(&cx, &|_| true, &mut together);
    let gcx = GraphContext::new(&run.model, &data, &graph);
    let alone: Vec<Finding> = CHECKS.iter().flat_map(|(_, c)| c.run(&gcx)).collect();

    let words = Words::developer(Lang::En);
    let key = |f: &Finding| {
        (
            f.rule.code,
            f.primary.span.file.0,
            f.primary.span.start,
            f.primary.span.end,
            f.message(&words).into_owned(),
        )
    };
    let mut together: Vec<_> = together.iter().map(key).collect();
    let mut alone: Vec<_> = alone.iter().map(key).collect();
    together.sort();
    alone.sort();
    assert!(alone.len() > 1000, "{} findings", alone.len());
    assert_eq!(together.len(), alone.len());
    assert!(
        together == alone,
        "the runner's findings differ from the rules' own"
    );
}
