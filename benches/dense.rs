//! The findings-dense model of issue 14: `check` end to end and the
//! `short`, `json` and `sarif` renderers on 100 000 datasets with about
//! 600 000 findings.
//!
//! The model has the shape of `../shared/bench/gen.py` (the model the issue
//! measures), ported here so that the bench needs no outside tool: the same
//! parties, fields, purposes, legal bases, retention and flows, drawn with
//! the same probabilities from a small seeded generator (so the text is not
//! byte for byte the script's, but the mix of findings is the same).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ropa::check::check_inputs;
use ropa::data::RuleData;

// Measure what users run: the binary uses mimalloc (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// xorshift64*: small, seeded, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 > 1.0 - p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `k` distinct indices of `0..n`, in the order drawn.
    fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(k);
        while out.len() < k.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

const COUNTRIES: &[&str] = &[
    "SE", "SE", "SE", "SE", "SE", "SE", "SE", "SE", "DE", "FI", "DK", "IE", "NL", "DE", "FI", "DK",
    "IE", "NL", "CH", "JP", "GB", "US", "US", "IN", "CN",
];
const FIELDS: &[(&str, Option<&str>)] = &[
    ("name", Some("identity.name")),
    ("email", Some("contact.email")),
    ("phone", Some("contact.phone")),
    ("address", Some("contact.address")),
    ("cv", Some("professional.cv")),
    ("skills", Some("professional.skills")),
    ("ip_address", Some("online.ip_address")),
    ("message", Some("communication.message")),
    ("religion", None),
    ("health_notes", None),
    ("personnummer", Some("identity.national_id")),
    ("reunion_date", None),
    ("introduction", None),
    ("union_member", Some("special.trade_union")),
];
const KINDS: &[&str] = &[
    "service",
    "recruitment",
    "analytics",
    "customer_service",
    "marketing",
    "statistics",
];
const BASES: &[Option<&str>] = &[
    Some("consent"),
    Some("contract"),
    Some("legitimate_interest"),
    Some("public_task"),
    Some("legal_obligation"),
    None,
];

/// The dense model of `n` datasets as (file name, text), in `n / 100`
/// dataset files, `parties.ropa` and four flow files.
pub fn dense(n: usize) -> Vec<(String, String)> {
    use std::fmt::Write as _;
    let mut rng = Rng(42);
    let nfiles = (n / 100).max(1);
    let nparties = (n / 20).max(4);
    let mut parties = String::new();
    for i in 0..nparties {
        let kind = if i % 3 != 0 {
            "processor"
        } else {
            "controller"
        };
        let c = *rng.pick(COUNTRIES);
        let _ = write!(
            parties,
            "{kind} party{i} \"Party party{i}\" {{\n  country {c}"
        );
        if matches!(c, "US" | "IN" | "CN") && rng.chance(0.5) {
            let t = if c == "US" { "dpf" } else { "scc" };
            let _ = write!(parties, "\n  transfer {t}");
        }
        if kind == "processor" && rng.chance(0.8) {
            let _ = write!(parties, "\n  dpa \"DPA-{i}\"");
        }
        parties.push_str("\n}\n\n");
    }
    let mut files = vec![String::new(); nfiles];
    let mut flows = vec![String::new(); 4];
    for i in 0..n {
        let out = &mut files[i % nfiles];
        let _ = write!(
            out,
            "dataset ds{i} \"Dataset ds{i}\" {{\n  controller party0\n  subjects customer\n  fields {{\n"
        );
        let k = rng.between(3, 7);
        for f in rng.sample(FIELDS.len(), k) {
            let (name, category) = FIELDS[f];
            match category {
                Some(c) => {
                    let _ = writeln!(out, "    {name}: {c}");
                }
                None => {
                    let _ = writeln!(out, "    {name}");
                }
            }
        }
        out.push_str("  }\n");
        for j in 0..rng.between(1, 3) {
            let basis = *rng.pick(BASES);
            let kind = *rng.pick(KINDS);
            let _ = write!(out, "  purpose p{j} \"Purpose p{j}\" {{ kind {kind}");
            if let Some(b) = basis {
                let _ = write!(out, "  basis {b}");
                match b {
                    "public_task" | "legal_obligation" => out.push_str(" \"Lag (2002:546)\""),
                    "legitimate_interest" => out.push_str(" \"LIA-1\""),
                    _ => {}
                }
                if b == "consent" {
                    out.push_str("  consent { withdraw \"Mina sidor\" }");
                }
            }
            out.push_str(" }\n");
        }
        if rng.chance(0.95) {
            let days = rng.pick(&[30, 365, 730, 1825]);
            let _ = writeln!(out, "  retention {days} days");
        }
        let k = rng.between(1, 3);
        let recipients: Vec<String> = rng
            .sample(nparties, k)
            .into_iter()
            .map(|p| format!("party{p}"))
            .collect();
        let _ = write!(out, "  recipients {}\n}}\n\n", recipients.join(", "));
        if i > 0 && rng.chance(0.8) {
            let from = rng.below(i);
            let _ = writeln!(flows[i % 4], "flow ds{from} -> ds{i}\n");
        }
    }
    let mut model = vec![("parties.ropa".to_string(), parties)];
    model.extend(
        files
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("f{i}.ropa"), t)),
    );
    model.extend(
        flows
            .into_iter()
            .enumerate()
            .map(|(i, t)| (format!("flows{i}.ropa"), t)),
    );
    model
}

fn bench_dense(c: &mut Criterion) {
    ropa::allocator::tune();
    let data = RuleData::builtin().expect("built-in rule data");
    let n = 100_000;
    let files = dense(n);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let inputs = || {
        files
            .iter()
            .map(|(name, text)| (PathBuf::from(name), Ok(text.clone().into_bytes())))
            .collect()
    };
    let mut group = c.benchmark_group("dense");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_with_input(BenchmarkId::new("check", n), &n, |b, _| {
        b.iter(|| {
            let run = check_inputs(inputs(), &data);
            assert!(run.findings.len() > n, "the model is dense with findings");
            run.findings.len()
        })
    });
    let run = check_inputs(inputs(), &data);
    let sources = &run.model.sources;
    let findings = &run.findings;
    for (name, write) in [
        ("short", ropa::output::short::write as Writer),
        ("json", ropa::output::json::write),
        ("sarif", ropa::output::sarif::write),
    ] {
        group.bench_function(BenchmarkId::new(name, n), |b| {
            b.iter(|| {
                let mut sink = std::io::sink();
                write(&mut sink, sources, findings, &WORDS).expect("a sink takes everything");
            })
        });
    }
    group.finish();
}

type Writer = fn(
    &mut dyn std::io::Write,
    &ropa::source::Sources,
    &[ropa::finding::Finding],
    &ropa::finding::Words,
) -> std::io::Result<()>;

/// `ropa check` writes for developers, in English.
const WORDS: ropa::finding::Words<'static> =
    ropa::finding::Words::developer(ropa::finding::Lang::En);

criterion_group!(benches, bench_dense);
criterion_main!(benches);
