//! Organisation policies on the 100 000-dataset model (benches/generate.rs):
//! `check` without policies, with 20 YAML policies, and with the example
//! Rego pack (examples/policies/rego); and the policies alone over an
//! already checked model. The target (issue 11): 20 YAML policies add at
//! most 20 % to `check`.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use ropa::check::check_inputs_policies;
use ropa::data::RuleData;
use ropa::policy::{rego::Rego, yaml, Policies};
use ropa::rules::GraphContext;

mod generate;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const N: usize = 100_000;

/// Twenty policies: every `on`, every kind of condition.
fn twenty() -> String {
    let mut s = String::from("policies:\n");
    let policies: [(&str, &str, &str); 20] = [
        ("dataset", "categories: { any: [special] }", "{dataset}"),
        ("dataset", "categories: { any: [identity.national_id] }\n      kind: { any: [marketing] }", "{dataset}"),
        ("dataset", "retention_over: \"36 months\"", "{dataset}: {retention}"),
        ("dataset", "subjects: { any: [child] }", "{dataset}"),
        ("dataset", "missing: [dpia]\n      categories: { any: [special.health] }", "{dataset}"),
        ("dataset", "countries: { any: [CN] }", "{dataset}: {countries}"),
        ("dataset", "categories: { other: [identity, contact, professional] }", "{dataset}: {categories}"),
        ("dataset", "declared_categories: { all: [contact.email, identity.name, financial] }", "{dataset}"),
        ("purpose", "kind: { any: [advertising] }\n      categories: { any: [contact] }\n      subjects: { any: [customer] }", "{purpose}"),
        ("purpose", "basis: { any: [consent] }\n      missing: [consent]", "{purpose}"),
        ("purpose", "kind: { any: [marketing.email] }\n      basis: { none: [consent] }", "{purpose}"),
        ("purpose", "retention_over: \"10 years\"", "{purpose}"),
        ("recipient", "countries: { any: [third] }\n      mechanism: { any: [none] }", "{party}"),
        ("recipient", "role: { any: [controller] }\n      countries: { none: [eea] }", "{party}"),
        ("recipient", "categories: { any: [criminal] }", "{party}"),
        ("flow", "anonymised: false\n      categories: { any: [special] }", "{from} -> {to}"),
        ("flow", "kind: { any: [advertising] }", "{from} -> {to}"),
        ("flow", "categories: { only: [online] }", "{to}"),
        ("party", "role: { any: [processor] }\n      missing: [dpa]", "{party}"),
        ("party", "countries: { any: [third] }\n      missing: [transfer]", "{party}"),
    ];
    for (i, (on, when, message)) in policies.iter().enumerate() {
        s.push_str(&format!(
            "  - code: BENCH{i:03}\n    name: bench-{i}\n    severity: warning\n    on: {on}\n    when:\n      {when}\n    message: \"{message}\"\n"
        ));
    }
    s
}

fn bench_policies(c: &mut Criterion) {
    ropa::allocator::tune();
    let data = RuleData::builtin().expect("built-in rule data");
    let files = generate::model(N, 100);
    let inputs = || -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
        files
            .iter()
            .map(|f| (PathBuf::from(&f.name), Ok(f.text.clone().into_bytes())))
            .collect()
    };
    let none = Policies::default();
    let yaml = Policies {
        yaml: yaml::parse(Path::new("bench.yaml"), &twenty(), &data, &[]).expect("policies"),
        rego: None,
    };
    assert_eq!(yaml.yaml.len(), 20);
    let pack =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies/rego/recruitment.rego");
    let rego = Policies {
        yaml: Vec::new(),
        rego: Some(Rego::load(&[pack], &[]).expect("the example Rego pack")),
    };

    let mut group = c.benchmark_group("policies");
    group.sample_size(10);
    for (name, policies) in [("none", &none), ("yaml20", &yaml), ("rego_pack", &rego)] {
        group.bench_with_input(BenchmarkId::new("check", name), policies, |b, p| {
            b.iter(|| {
                let (run, error) = check_inputs_policies(inputs(), &data, p, &|_| true);
                assert!(error.is_none(), "{error:?}");
                run.findings.len()
            })
        });
    }
    // The policies alone, over a model checked once.
    let (run, _) = check_inputs_policies(inputs(), &data, &none, &|_| true);
    let cx = GraphContext::new(&run.model, &data, &run.graph);
    for (name, policies) in [("yaml20", &yaml), ("rego_pack", &rego)] {
        group.bench_with_input(BenchmarkId::new("alone", name), policies, |b, p| {
            b.iter(|| p.run(&cx, &|_| true).expect("policies run").len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_policies);
criterion_main!(benches);
