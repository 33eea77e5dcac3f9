//! `check` end to end (parse, model, graph, rules) on synthetic models of
//! 10k and 100k datasets. Throughput is reported in bytes (criterion shows
//! MB/s); datasets/s is the dataset count over the time.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ropa::check::check_inputs;
use ropa::data::RuleData;

mod generate;

// Measure what users run: the binary uses mimalloc (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench_check(c: &mut Criterion) {
    ropa::allocator::tune();
    let data = RuleData::builtin().expect("built-in rule data");
    let mut group = c.benchmark_group("check");
    group.sample_size(10);
    for n in [10_000usize, 100_000] {
        let files = generate::model(n, 100);
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("datasets", n), &files, |b, files| {
            b.iter(|| {
                let inputs = files
                    .iter()
                    .map(|f| (PathBuf::from(&f.name), Ok(f.text.clone().into_bytes())))
                    .collect();
                let run = check_inputs(inputs, &data);
                assert!(run.findings.len() < n);
                run.findings.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
