//! Propagation and graph rules on large generated graphs: 100k and 1M
//! datasets with three flows each (3M flows at 1M), with cycles, some flows
//! anonymised or restricted to one field, and a subprocessor chain ending
//! outside the EEA (see `model`). The model is built directly
//! (no parsing), so only the graph work is timed: `Graph::build` (effective
//! fields) plus the rules that walk the graph (S001, A005, F003, R003, T003),
//! run in parallel as `ropa check` runs them.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rayon::prelude::*;
use ropa::data::RuleData;
use ropa::graph::Graph;
use ropa::model::Model;
use ropa::rules::{self, Check, GraphContext};
use ropa::source::{FileId, Sources, Span};
use ropa::syntax::ast::*;

// Measure what users run: the binary uses mimalloc (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn ident(name: String) -> Ident {
    Ident {
        name: name.into(),
        span: Span::new(FileId(0), 0, 0),
    }
}

fn attr<T>(value: T) -> Option<Attr<T>> {
    Some(Attr {
        keyword: Span::default(),
        value,
    })
}

fn field(name: &str, category: &str) -> Field {
    Field {
        name: ident(name.into()),
        category: Some(ident(category.into())),
        description: None,
        span: Span::default(),
    }
}

/// A model of `n` datasets and `3n` flows. Datasets come in groups of 50
/// whose flows form cycles (to the next member and seven ahead); a third
/// flow goes to the next group, anonymised except from every tenth group
/// (then only `email` crosses). One group in a hundred sends its data to a
/// processor whose subprocessor chain ends in the US without a safeguard;
/// one dataset in 5 000 holds health data; one in 1 000 serves marketing
/// or keeps data longer, so every graph rule has some findings.
pub fn model(n: usize, data: &RuleData) -> Model {
    const GROUP: usize = 50;
    let groups = n.div_ceil(GROUP);
    let parties = (groups / 10).max(4);
    let mut items = Vec::with_capacity(n * 4 + parties + 8);
    items.push(Item::Party(Box::new(party(
        "org".into(),
        PartyKind::Controller,
        "SE",
        None,
    ))));
    for p in 0..parties {
        items.push(Item::Party(Box::new(party(
            format!("p{p}"),
            PartyKind::Processor,
            "SE",
            (p % 10 == 0).then(|| "chain1".to_string()),
        ))));
    }
    items.push(Item::Party(Box::new(party(
        "chain1".into(),
        PartyKind::Processor,
        "DE",
        Some("chain2".into()),
    ))));
    items.push(Item::Party(Box::new(party(
        "chain2".into(),
        PartyKind::Processor,
        "US",
        None,
    ))));
    for i in 0..n {
        let g = i / GROUP;
        let start = g * GROUP;
        let size = GROUP.min(n - start);
        let kind = if i % 1000 == 999 {
            "marketing"
        } else {
            "service"
        };
        let mut fields = vec![
            field("name", "identity.name"),
            field("email", "contact.email"),
        ];
        if i % 5000 == 0 {
            fields.push(field("diagnosis", "special.health"));
        }
        let months = if i % 1000 == 500 { 24 } else { 12 };
        items.push(Item::Dataset(Box::new(Dataset {
            id: ident(format!("d{i}")),
            display_name: None,
            controllers: None,
            arrangement: None,
            subjects: attr(vec![ident("customer".into())]),
            source: None,
            fields,
            fields_keyword: None,
            purposes: vec![Purpose {
                id: ident("p".into()),
                description: None,
                kind: attr(ident(kind.into())),
                basis: attr(Basis {
                    value: ident("contract".into()),
                    reference: None,
                }),
                special_basis: None,
                criminal_basis: None,
                consent: None,
                justification: None,
                compatibility: None,
                profiling: None,
                automated_decisions: None,
                retention: None,
                soft_opt_in: None,
                objection: None,
                id_is_kind: None,
                span: Span::default(),
            }],
            retention: attr(Retention::Duration {
                amount: months,
                unit: Unit::Month,
                after: None,
                then: EndAction::Delete,
                span: Span::default(),
            }),
            recipients: attr(vec![ident(format!("p{}", g % parties))]),
            cookies: None,
            measures: None,
            dpia: None,
            scale: None,
            anonymous: None,
            owner: None,
            reviewed: None,
            span: Span::default(),
        })));
        let within = |k: usize| start + (i - start + k) % size;
        let next_group = if start + GROUP < n {
            i + GROUP
        } else {
            within(13)
        };
        for (k, target) in [within(1), within(7), next_group].into_iter().enumerate() {
            let cross = k == 2 && start + GROUP < n;
            items.push(Item::Flow(Box::new(Flow {
                source: ident(format!("d{i}")),
                target: ident(format!("d{target}")),
                fields: if cross || k == 1 {
                    attr(vec![ident("email".into())])
                } else {
                    None
                },
                purpose: None,
                anonymised: if cross && !g.is_multiple_of(10) {
                    Some(Span::default())
                } else {
                    None
                },
                pseudonymised: None,
                when: None,
                span: Span::default(),
            })));
        }
    }
    let mut sources = Sources::default();
    sources.add(ropa::source::SourceFile::new(
        "bench.ropa".into(),
        String::new(),
    ));
    let (model, _) = Model::build(
        sources,
        vec![Some(File {
            items,
            broken: Vec::new(),
        })],
        vec![Vec::new()],
        data,
    );
    model
}

fn party(id: String, kind: PartyKind, country: &str, sub: Option<String>) -> Party {
    Party {
        kind,
        id: ident(id),
        display_name: None,
        country: attr(vec![ident(country.into())]),
        public_authority: None,
        dpo: None,
        representative: None,
        contact: None,
        dpa: attr(Str {
            value: "DPA".into(),
            span: Span::default(),
        }),
        transfer: None,
        subprocessors: sub.map(|s| Attr {
            keyword: Span::default(),
            value: vec![ident(s)],
        }),
        law: None,
        market: None,
        span: Span::default(),
    }
}

fn graph_rules(model: &Model, data: &RuleData) -> usize {
    let graph = Graph::build(model, data);
    let cx = GraphContext::new(model, data, &graph);
    let graph_rules: [rules::Check; 5] = [
        Check::Graph(rules::special::s001_special_category_without_condition::check),
        Check::Graph(rules::accountability::a005_special_data_without_measures::check),
        Check::Model(rules::references::f003_incompatible_purpose_flow::check),
        Check::Model(rules::retention::r003_copy_outlives_source::check),
        Check::Graph(rules::transfers::t003_onward_transfer_without_safeguard::check),
    ];
    // In parallel, as `rules::run` runs them in `ropa check`.
    graph_rules.par_iter().map(|c| c.run(&cx).len()).sum()
}

fn bench_graph(c: &mut Criterion) {
    ropa::allocator::tune();
    let data = RuleData::builtin().expect("built-in rule data");
    let mut group = c.benchmark_group("graph");
    group.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let model = model(n, &data);
        eprintln!(
            "{n} datasets: {} flows, {} graph findings",
            model.flows.len(),
            graph_rules(&model, &data)
        );
        if std::env::var_os("ROPA_BENCH_PHASES").is_some() {
            let t = std::time::Instant::now();
            let graph = Graph::build(&model, &data);
            eprintln!("  Graph::build {:?}", t.elapsed());
            let cx = GraphContext::new(&model, &data, &graph);
            for (r, check) in rules::CHECKS {
                let t = std::time::Instant::now();
                let found = check.run(&cx).len();
                eprintln!("  {} {:?} ({found})", r.code, t.elapsed());
            }
        }
        group.bench_with_input(BenchmarkId::new("datasets", n), &model, |b, model| {
            b.iter(|| graph_rules(model, &data))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_graph);
criterion_main!(benches);
