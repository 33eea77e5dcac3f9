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
    ropa::allocator::keep_freed_memory();
    let data = RuleData::builtin().expect("built-in rule data");
    let files = generate::model(10_000, 100);
    let inputs = files
        .iter()
        .map(|f| (PathBuf::from(&f.name), Ok(f.text.clone().into_bytes())))
        .collect();
    let mut ws = Workspace::new(inputs);
    // Two versions of one file in the middle, one character apart.
    let middle = &files[files.len() / 2];
    let path = PathBuf::from(&middle.name);
    let a = middle.text.clone();
    let b = a.replacen("retention", "retentio", 1);
    assert_ne!(a, b);

    let mut group = c.benchmark_group("workspace");
    group.sample_size(20);
    let mut flip = false;
    group.bench_function("one-character change, 10k datasets in 100 files", |bench| {
        bench.iter(|| {
            flip = !flip;
            let text = if flip { &b } else { &a };
            ws.set(path.clone(), Ok(text.clone().into_bytes()));
            let run = ws.check(&data, &|_| true);
            run.findings.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_workspace);
criterion_main!(benches);
