//! The editor's case: a one-character change in one file of a
//! 10 000-dataset workspace (100 files), then the new findings. Only that
//! file is parsed again; the model, graph and rules are rebuilt.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use ropa::data::RuleData;
use ropa::workspace::Workspace;

mod generate;

// Measure what users run: the binary uses mimalloc (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_workspace(c: &mut Criterion) {
    ropa::allocator::tune();
    let data = RuleData::builtin().expect("built-in rule data");
    let files = generate::model(10_000, 100);
    let inputs = files
        .iter()
        .map(|f| (PathBuf::from(&f.name), Ok(f.text.clone().into_bytes())))
        .collect();
    let mut ws = Workspace::new(inputs);
    // One file in the middle, and two edits one character long: a typo in
    // a category (E004 comes and goes) and a half-typed keyword (the file
    // stops parsing, E001, and the model is incomplete).
    let middle = &files[files.len() / 2];
    let path = PathBuf::from(&middle.name);
    let a = middle.text.clone();
    let mut group = c.benchmark_group("workspace");
    group.sample_size(20);
    for (name, edited) in [
        (
            "category typo",
            a.replacen("contact.email", "contact.emai", 1),
        ),
        ("half-typed keyword", a.replacen("retention", "retentio", 1)),
    ] {
        assert_ne!(a, edited);
        let mut flip = false;
        let id = format!("one-character change ({name}), 10k datasets in 100 files");
        group.bench_function(id, |bench| {
            bench.iter(|| {
                flip = !flip;
                let text = if flip { &edited } else { &a };
                ws.set(path.clone(), Ok(text.clone().into_bytes()));
                let run = ws.check(&data, &|_| true);
                run.findings.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_workspace);
criterion_main!(benches);
