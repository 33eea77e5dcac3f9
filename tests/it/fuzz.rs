//! The in-tree fuzzer (docs/fuzzing.md): property tests over generated
//! valid models and over mutated fixtures, checking every command and
//! format for the invariants of issue 14.
//!
//! - `ROPA_FUZZ_CASES=N`: cases per property (default: a modest count that
//!   keeps `cargo test` fast);
//! - `ROPA_SOAK_SECS=S`: keep drawing fresh random cases for S seconds per
//!   property (a soak run); the seeds and case counts go to standard error.
//!
//! Most invariants run in process through the library; one property runs
//! the built binary, and one feeds the DOT output to Graphviz.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use ropa::check::Run;
use ropa::data::RuleData;
use ropa::output;
use ropa::report::{Lang, ReportFormat};
use ropa::source::FileId;

// ------------------------------------------------------------------ driver

/// The timing tests hold this exclusively, the others shared, so that no
/// other test of this binary competes with a measurement.
static MACHINE: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn shared() -> std::sync::RwLockReadGuard<'static, ()> {
    MACHINE
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn exclusive() -> std::sync::RwLockWriteGuard<'static, ()> {
    MACHINE
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

/// Runs `test` on values of `strategy`: the default case count with a fixed
/// seed (so `cargo test` is reproducible), then, for a soak, fresh seeds
/// until `ROPA_SOAK_SECS` have passed. A failure is shrunk by proptest and
/// reported with the minimal input.
fn property<S>(
    name: &str,
    default_cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let _guard = shared();
    let cases = env_number("ROPA_FUZZ_CASES").map_or(default_cases, |n| n as u32);
    let soak = Duration::from_secs(env_number("ROPA_SOAK_SECS").unwrap_or(0));
    let start = Instant::now();
    let mut seed = [7u8; 32];
    seed[..name.len().min(32)].copy_from_slice(&name.as_bytes()[..name.len().min(32)]);
    let mut total = 0u64;
    let mut round = 0u64;
    loop {
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 2048,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
        let mut runner = TestRunner::new_with_rng(config, rng);
        match runner.run(&strategy, &test) {
            Ok(()) => {}
            Err(TestError::Fail(why, input)) => {
                panic!("{name}: {why}\nseed {seed:?}\nminimal input: {input:?}")
            }
            Err(TestError::Abort(why)) => panic!("{name}: aborted: {why}"),
        }
        total += u64::from(cases);
        round += 1;
        if start.elapsed() >= soak {
            break;
        }
        // A fresh seed per round of a soak.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(round, |d| d.as_nanos() as u64);
        seed[..8].copy_from_slice(&nanos.to_le_bytes());
        seed[8..16].copy_from_slice(&round.to_le_bytes());
    }
    if !soak.is_zero() {
        eprintln!(
            "fuzz {name}: {total} cases in {round} rounds, {:.0} s, no failure",
            start.elapsed().as_secs_f64()
        );
    }
}

// --------------------------------------------------------------- generator

const CATEGORIES: &[&str] = &[
    "identity.name",
    "identity.national_id",
    "contact.email",
    "contact.address",
    "online.ip_address",
    "communication.message",
    "special.health",
    "special",
    "criminal.offences",
    "financial.bank_account",
    "financial.salary",
    "online.behaviour",
];
const KINDS: &[&str] = &[
    "service",
    "security",
    "marketing.email",
    "analytics",
    "recruitment",
    "advertising",
    "case_handling",
    "employment",
    "payroll",
];
const BASES: &[&str] = &[
    "consent",
    "contract",
    "legal_obligation",
    "public_task",
    "legitimate_interest",
    "vital_interest",
];
const COUNTRIES: &[&str] = &["SE", "DE", "US", "IN", "GB", "world"];
/// `market` values (v3), a wrong one among them.
const MARKETS: &[&str] = &["SE", "NO", "eea", "se"];
/// `reviewed` dates (v3): real ones and ones that are no day (E004).
const DATES: &[&str] = &["2026-03-31", "2024-02-29", "2026-02-30", "2026-13-01"];
const MECHANISMS: &[&str] = &["scc", "adequacy", "dpf", "bcr", "explicit_consent"];
const SUBJECTS: &[&str] = &[
    "customer",
    "employee",
    "child",
    "job_seeker",
    "website_visitor",
    "non_user",
    "relative",
];
const MEASURES: &[&str] = &["encryption", "pseudonymisation", "access_control"];
const CODES: &[&str] = &[
    "R001", "R002", "T001", "A003", "A005", "L004", "P001", "F004", "S001", "E001", "E003",
];
/// Text that must come out escaped in every format.
const PAYLOADS: &[&str] = &[
    "plain",
    "<script>alert(1)</script>",
    "=HYPERLINK(\\\"x\\\")",
    "+1,2;\\\"3\\\"",
    "@SUM(A1)",
    "-2 & </td>",
    "line\\nbreak\\ttab",
    "nul\\u{0}bell\\u{7}esc\\u{1b}[31m",
    "åäö 日本 \\u{202e}rtl",
    "{} [] () -> //",
];
/// What may stand between two tokens.
const SEPARATORS: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "\r\n",
    "\n\n",
    " /* c */ ",
    " // note\n",
    "\n/* a\nb */\n",
];

/// One generated model: items as token lists.
#[derive(Debug, Clone)]
struct Model {
    tokens: Vec<String>,
}

fn pick(list: &'static [&'static str]) -> impl Strategy<Value = &'static str> + Clone {
    proptest::sample::select(list)
}

fn string_literal() -> impl Strategy<Value = String> + Clone {
    pick(PAYLOADS).prop_map(|p| format!("\"{p}\""))
}

fn suppression() -> impl Strategy<Value = Option<String>> + Clone {
    proptest::option::weighted(
        0.15,
        (pick(CODES), proptest::bool::weighted(0.8)).prop_map(|(code, reason)| {
            if reason {
                format!("// ropa: allow {code} \"fuzz\"\n")
            } else {
                format!("// ropa: allow {code}\n")
            }
        }),
    )
}

fn party(i: usize) -> impl Strategy<Value = Vec<String>> {
    (
        suppression(),
        proptest::bool::ANY,
        proptest::option::of(string_literal()),
        proptest::option::weighted(0.9, pick(COUNTRIES)),
        proptest::option::of(pick(MECHANISMS)),
        proptest::option::of(string_literal()),
        proptest::bool::weighted(0.2),
        (
            proptest::option::weighted(0.3, pick(MARKETS)),
            proptest::option::weighted(0.3, string_literal()),
        ),
    )
        .prop_map(
            move |(sup, controller, name, country, mechanism, dpa, authority, (market, tia))| {
                let mut t: Vec<String> = sup.into_iter().collect();
                t.push(
                    if controller {
                        "controller"
                    } else {
                        "processor"
                    }
                    .into(),
                );
                t.push(format!("p{i}"));
                t.extend(name);
                t.push("{".into());
                if let Some(c) = country {
                    t.extend(["country".to_string(), c.to_string()]);
                }
                if authority {
                    t.push("public_authority".into());
                }
                if let Some(m) = market {
                    t.extend(["market".to_string(), m.to_string()]);
                }
                if let Some(m) = mechanism {
                    t.extend(["transfer".to_string(), m.to_string()]);
                    if let Some(tia) = tia {
                        t.extend(["tia".to_string(), tia]);
                    }
                }
                if let Some(d) = dpa {
                    t.extend(["dpa".to_string(), d]);
                }
                t.push("}".into());
                t
            },
        )
}

fn purpose() -> impl Strategy<Value = Vec<String>> {
    (
        suppression(),
        proptest::sample::select(&["p_a", "p_b", "marketing", "analytics", "service"][..]),
        proptest::option::of(pick(KINDS)),
        proptest::option::weighted(0.8, pick(BASES)),
        proptest::option::of(string_literal()),
        proptest::bool::weighted(0.3),
        proptest::option::weighted(0.2, string_literal()),
    )
        .prop_map(|(sup, id, kind, basis, law, consent, objection)| {
            let mut t: Vec<String> = sup.into_iter().collect();
            t.extend(["purpose".to_string(), id.to_string(), "{".to_string()]);
            if let Some(k) = kind {
                t.extend(["kind".to_string(), k.to_string()]);
            }
            if let Some(b) = basis {
                t.extend(["basis".to_string(), b.to_string()]);
                t.extend(law);
            }
            if consent {
                t.extend(["consent", "{", "withdraw", "\"link\"", "}"].map(String::from));
            }
            if let Some(o) = objection {
                t.extend(["objection".to_string(), o]);
            }
            t.push("}".into());
            t
        })
}

fn retention() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        (
            0u32..2000,
            pick(&["day", "days", "weeks", "month", "months", "years"])
        )
            .prop_map(|(n, u)| vec![n.to_string(), u.to_string()]),
        Just(vec!["indefinite".to_string()]),
        Just(vec!["session".to_string()]),
        Just(vec!["until".to_string(), "closed".to_string()]),
        string_literal().prop_map(|s| vec!["by_law".to_string(), s]),
    ]
}

fn dataset(i: usize, parties: usize) -> impl Strategy<Value = Vec<String>> {
    (
        (suppression(), proptest::option::of(string_literal())),
        proptest::option::weighted(0.5, 0..parties.max(1)),
        proptest::sample::subsequence(SUBJECTS, 0..3),
        proptest::collection::vec(
            (
                suppression(),
                pick(CATEGORIES),
                proptest::option::of(string_literal()),
            ),
            0..5,
        ),
        proptest::collection::vec(purpose(), 0..3),
        proptest::option::weighted(0.7, (suppression(), retention())),
        proptest::collection::vec(0..parties.max(1), 0..3),
        proptest::sample::subsequence(MEASURES, 0..2),
        proptest::option::of(string_literal()),
        (
            proptest::option::weighted(0.3, string_literal()),
            proptest::option::weighted(0.3, pick(DATES)),
        ),
    )
        .prop_map(
            move |(
                (sup, name),
                controller,
                subjects,
                fields,
                purposes,
                retention,
                recipients,
                measures,
                dpia,
                (owner, reviewed),
            )| {
                let mut t: Vec<String> = sup.into_iter().collect();
                t.extend(["dataset".to_string(), format!("d{i}")]);
                t.extend(name);
                t.push("{".into());
                if let Some(c) = controller {
                    t.extend(["controller".to_string(), format!("p{c}")]);
                }
                if !subjects.is_empty() {
                    t.push("subjects".into());
                    t.push(subjects.join(", "));
                }
                if !fields.is_empty() {
                    t.extend(["fields".to_string(), "{".to_string()]);
                    for (k, (sup, cat, desc)) in fields.into_iter().enumerate() {
                        t.extend(sup);
                        t.extend([format!("f{k}"), ":".to_string(), cat.to_string()]);
                        t.extend(desc);
                    }
                    t.push("}".into());
                }
                for p in purposes {
                    t.extend(p);
                }
                if let Some((sup, r)) = retention {
                    t.extend(sup);
                    t.push("retention".into());
                    t.extend(r);
                }
                if !recipients.is_empty() {
                    t.push("recipients".into());
                    let names: Vec<String> = recipients.iter().map(|p| format!("p{p}")).collect();
                    t.push(names.join(", "));
                }
                if !measures.is_empty() {
                    t.push("measures".into());
                    t.push(measures.join(", "));
                }
                if let Some(d) = dpia {
                    t.extend(["dpia".to_string(), d]);
                }
                if let Some(o) = owner {
                    t.extend(["owner".to_string(), o]);
                }
                if let Some(r) = reviewed {
                    t.extend(["reviewed".to_string(), r.to_string()]);
                }
                t.push("}".into());
                t
            },
        )
}

fn flow(datasets: usize) -> impl Strategy<Value = Vec<String>> {
    (
        suppression(),
        0..datasets.max(1),
        0..datasets.max(1) + 1,
        proptest::option::of(proptest::collection::vec(0usize..5, 1..3)),
        proptest::bool::weighted(0.2),
    )
        .prop_map(move |(sup, from, to, fields, anonymised)| {
            let mut t: Vec<String> = sup.into_iter().collect();
            // `to` one past the datasets flows to a party.
            let target = if to >= datasets {
                "p0".to_string()
            } else {
                format!("d{to}")
            };
            t.extend([
                "flow".to_string(),
                format!("d{from}"),
                "->".to_string(),
                target,
            ]);
            if fields.is_some() || anonymised {
                t.push("{".into());
                if let Some(f) = fields {
                    t.push("fields".into());
                    let names: Vec<String> = f.iter().map(|k| format!("f{k}")).collect();
                    t.push(names.join(", "));
                }
                if anonymised {
                    t.push("anonymised".into());
                }
                t.push("}".into());
            }
            t
        })
}

fn model() -> impl Strategy<Value = Model> {
    (1usize..4, 1usize..6, 0usize..5)
        .prop_flat_map(|(parties, datasets, flows)| {
            let ps: Vec<_> = (0..parties).map(party).collect();
            let ds: Vec<_> = (0..datasets).map(|i| dataset(i, parties)).collect();
            let fs: Vec<_> = (0..flows).map(|_| flow(datasets)).collect();
            (ps, ds, fs)
        })
        .prop_map(|(ps, ds, fs)| Model {
            tokens: ps.into_iter().chain(ds).chain(fs).flatten().collect(),
        })
}

/// A model's text, its tokens joined by the separators drawn.
fn layout(model: &Model, seps: &[usize]) -> String {
    let mut out = String::new();
    for (i, t) in model.tokens.iter().enumerate() {
        if i > 0 && !out.ends_with('\n') {
            let s = seps.get(i % seps.len().max(1)).copied().unwrap_or(0);
            out.push_str(SEPARATORS[s % SEPARATORS.len()]);
        }
        out.push_str(t);
    }
    out.push('\n');
    out
}

fn generated() -> impl Strategy<Value = String> {
    (model(), proptest::collection::vec(0usize..64, 1..64)).prop_map(|(m, seps)| layout(&m, &seps))
}

/// Every `.ropa` fixture, read once.
fn fixtures() -> &'static [(String, Vec<u8>)] {
    static FIXTURES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut out = Vec::new();
        for dir in ["rules", "seeds", "cli"] {
            for e in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
                let Ok(e) = e else { continue };
                if e.path().extension().is_some_and(|x| x == "ropa") {
                    if let Ok(bytes) = std::fs::read(e.path()) {
                        out.push((e.path().display().to_string(), bytes));
                    }
                }
            }
        }
        out
    })
}

/// A change to a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    Duplicate { at: usize, len: usize },
    Flip { at: usize, byte: u8 },
    JoinLines,
}

/// What insertions draw from: tokens, delimiters and awkward bytes.
const INSERTS: &[&str] = &[
    "{",
    "}",
    "\"",
    "->",
    ",",
    ":",
    "/*",
    "*/",
    "//",
    "\n",
    "\r",
    "\0",
    "\u{FEFF}",
    "\\u{",
    "dataset x {",
    "flow a -> b",
    "retention",
    "999999999999",
    "0",
    "purpose p {",
    "// ropa: allow R002 \"r\"\n",
    "// ropa: allow E001 \"r\"\n",
    "special.health",
    "country",
    "é",
    "\u{202e}",
    "\u{ffff}",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), pick(INSERTS)).prop_map(|(at, t)| Mutation::Insert {
            at,
            text: t.to_string()
        }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        Just(Mutation::JoinLines),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let n = bytes.len();
        match m {
            Mutation::Delete { at, len } if n > 0 => {
                let at = at % n;
                let end = (at + len).min(n);
                bytes.drain(at..end);
            }
            Mutation::Insert { at, text } => {
                let at = at % (n + 1);
                bytes.splice(at..at, text.bytes());
            }
            Mutation::Duplicate { at, len } if n > 0 => {
                let at = at % n;
                let end = (at + len).min(n);
                let copy = bytes[at..end].to_vec();
                bytes.splice(end..end, copy);
            }
            Mutation::Flip { at, byte } if n > 0 => bytes[at % n] = *byte,
            Mutation::JoinLines => {
                for b in bytes.iter_mut().filter(|b| **b == b'\n') {
                    *b = b' ';
                }
            }
            _ => {}
        }
    }
    bytes
}

/// Bytes that print as text when a failure is reported.
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

fn mutated() -> impl Strategy<Value = (String, Bytes)> {
    let count = fixtures().len().max(1);
    (0..count, proptest::collection::vec(mutation(), 1..6)).prop_map(|(i, ms)| {
        let (name, bytes) = fixtures()
            .get(i)
            .cloned()
            .unwrap_or_else(|| ("empty.ropa".into(), Vec::new()));
        (name, Bytes(mutate(bytes, &ms)))
    })
}

// -------------------------------------------------------------- invariants

fn data() -> &'static RuleData {
    static DATA: OnceLock<RuleData> = OnceLock::new();
    DATA.get_or_init(|| RuleData::builtin().unwrap())
}

fn validator(file: &str, draft: jsonschema::Draft) -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(file);
    // The official SARIF schema's `language` patterns have a stray `]`
    // that the meta-schema's regex check rejects (as in tests/it/formats.rs).
    let text = std::fs::read_to_string(path).unwrap().replace(
        "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
        "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::options()
        .with_draft(draft)
        .build(&schema)
        .unwrap()
}

fn json_schema() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| validator("ropa-check.schema.json", jsonschema::Draft::Draft7))
}

fn sarif_schema() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| validator("sarif-2.1.0-rtm.5.json", jsonschema::Draft::Draft4))
}

fn check(name: &str, bytes: &[u8]) -> Run {
    ropa::check::check_inputs(vec![(PathBuf::from(name), Ok(bytes.to_vec()))], data())
}

/// Every output of a run, by name.
fn outputs(run: &Run) -> Vec<(&'static str, String)> {
    let s = &run.model.sources;
    let f = &run.findings;
    let d = data();
    let mut out = vec![
        ("short", output::short::render(s, f, &crate::common::W)),
        (
            "human",
            output::human::render(s, f, false, &crate::common::W),
        ),
        (
            "human-color",
            output::human::render(s, f, true, &crate::common::W),
        ),
        ("json", output::json::render(s, f, &crate::common::W)),
        ("sarif", output::sarif::render(s, f, &crate::common::W)),
        (
            "junit",
            output::junit::render(
                s,
                f,
                Some(ropa::finding::Severity::Warning),
                &crate::common::W,
            ),
        ),
        ("github", output::github::render(s, f, &crate::common::W)),
        ("dot", output::flowgraph::dot(&run.model, &run.graph, d)),
        (
            "mermaid",
            output::flowgraph::mermaid(&run.model, &run.graph, d),
        ),
        (
            "graph-json",
            output::flowgraph::json(&run.model, &run.graph, d),
        ),
    ];
    for (name, format) in [
        ("html", ReportFormat::Html),
        ("markdown", ReportFormat::Markdown),
        ("csv", ReportFormat::Csv),
        ("report-json", ReportFormat::Json),
    ] {
        out.push((name, ropa::report::render(run, d, format, Lang::En)));
    }
    out
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(TestCaseError::fail(what()))
    }
}

/// Splits RFC 4180 CSV into records of cells.
fn csv_records(text: &str) -> Option<Vec<Vec<String>>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, '"') => return None,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, '\r' | '\n') => return None,
            (false, c) => cell.push(c),
        }
    }
    (!quoted && cell.is_empty() && record.is_empty()).then_some(records)
}

/// The invariants every output of one run must hold.
fn outputs_hold(outs: &[(&'static str, String)]) -> Result<(), TestCaseError> {
    for (name, text) in outs {
        match *name {
            "short" | "github" => {
                for line in text.lines() {
                    ensure(!line.chars().any(char::is_control), || {
                        format!("{name}: control character in {line:?}")
                    })?;
                }
            }
            "json" => {
                let v: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| TestCaseError::fail(format!("json: {e}")))?;
                let errors: Vec<String> = json_schema()
                    .iter_errors(&v)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                ensure(errors.is_empty(), || format!("json schema: {errors:?}"))?;
            }
            "sarif" => {
                let v: serde_json::Value = serde_json::from_str(text)
                    .map_err(|e| TestCaseError::fail(format!("sarif: {e}")))?;
                let errors: Vec<String> = sarif_schema()
                    .iter_errors(&v)
                    .map(|e| format!("{e} at {}", e.instance_path()))
                    .collect();
                ensure(errors.is_empty(), || format!("sarif schema: {errors:?}"))?;
            }
            "graph-json" | "report-json" => {
                serde_json::from_str::<serde_json::Value>(text)
                    .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))?;
            }
            "junit" => {
                roxmltree::Document::parse(text)
                    .map_err(|e| TestCaseError::fail(format!("junit: {e}")))?;
            }
            "dot" | "mermaid" => {
                ensure(!text.chars().any(|c| c.is_control() && c != '\n'), || {
                    format!("{name}: control character")
                })?;
            }
            "html" => {
                ensure(!text.contains("<script>alert"), || {
                    "html: raw <script>".into()
                })?;
                ensure(!text.contains('\0'), || "html: NUL".into())?;
            }
            "csv" => {
                let records =
                    csv_records(text).ok_or_else(|| TestCaseError::fail("csv: malformed"))?;
                let width = records.first().map_or(0, Vec::len);
                for r in &records {
                    ensure(r.len() == width, || {
                        format!("csv: {} cells, header {width}", r.len())
                    })?;
                    for c in r {
                        ensure(!c.starts_with(['=', '+', '-', '@']), || {
                            format!("csv: formula cell {c:?}")
                        })?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The findings that do not depend on layout: code, severity, message.
fn meaning(run: &Run) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = run
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code.to_string(),
                f.severity.as_str().to_string(),
                f.message(&crate::common::W).into_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Everything one input must satisfy in process.
fn holds(name: &str, bytes: &[u8], must_format: bool) -> Result<(), TestCaseError> {
    let run = check(name, bytes);
    let outs = outputs(&run);
    outputs_hold(&outs)?;
    // The human format draws its plainest reports itself: as miette would.
    let drawn = output::human::render(&run.model.sources, &run.findings, false, &crate::common::W);
    let by_miette =
        output::human::render_by_miette(&run.model.sources, &run.findings, &crate::common::W);
    ensure(drawn == by_miette, || {
        format!("human differs from miette's drawing:\n{drawn}\nmiette:\n{by_miette}")
    })?;
    // Deterministic: a second run gives the same bytes in every format.
    let again = outputs(&check(name, bytes));
    for ((n, a), (_, b)) in outs.iter().zip(&again) {
        ensure(a == b, || format!("{n}: output differs between two runs"))?;
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    // Parsing in pieces gives what parsing the whole text gives.
    let whole = format!("{:?}", ropa::syntax::parse_keeping_pairs(FileId(0), text).0);
    // So does the direct reader, whenever it does not leave the text to
    // pest (`ropa::syntax::parse` is the reader, then pest).
    let read = format!("{:?}", ropa::syntax::parse(FileId(0), text));
    ensure(read == whole, || {
        format!("read directly:\n{read}\nby pest:\n{whole}")
    })?;
    for size in [1, 40] {
        let pieces = format!("{:?}", ropa::syntax::parse_in_pieces(FileId(0), text, size));
        ensure(pieces == whole, || {
            format!("parsed in pieces of {size} bytes:\n{pieces}\nwhole:\n{whole}")
        })?;
    }
    // The layout from the direct reader is the layout from pest's pairs.
    let by_pest = ropa::fmt::format_source_with_pest(text);
    ensure(ropa::fmt::format_source(text) == by_pest, || {
        format!("fmt differs from fmt by pest's pairs:\n{by_pest:?}")
    })?;
    match ropa::fmt::format_source(text) {
        Ok(formatted) => {
            let twice = ropa::fmt::format_source(&formatted)
                .map_err(|e| TestCaseError::fail(format!("fmt output does not format: {e}")))?;
            ensure(twice == formatted, || {
                format!("fmt is not idempotent:\n{formatted}\n---\n{twice}")
            })?;
            let after = check(name, formatted.as_bytes());
            ensure(meaning(&run) == meaning(&after), || {
                format!(
                    "fmt changed the findings:\nbefore {:#?}\nafter {:#?}\nformatted:\n{formatted}",
                    meaning(&run),
                    meaning(&after)
                )
            })?;
        }
        Err(e) => {
            let broken = run.findings.iter().any(|f| f.rule.is_input_failure());
            ensure(!must_format && broken, || {
                format!("fmt refused a model that parses: {e}")
            })?;
        }
    }
    Ok(())
}

#[test]
fn generated_models_hold_every_invariant() {
    property("generated", 32, generated(), |text| {
        holds("gen.ropa", text.as_bytes(), true)?;
        // The direct reader leaves to pest only what it must: a model
        // pest reads without a remark, all in ASCII, it reads itself.
        let by_pest = ropa::syntax::parse_with_pest(FileId(0), &text);
        if text.is_ascii() && by_pest.problems.is_empty() {
            ensure(
                ropa::syntax::direct::read(FileId(0), &text).is_some(),
                || format!("the direct reader declined a model pest reads:\n{text}"),
            )?;
        }
        Ok(())
    });
}

#[test]
fn mutated_fixtures_hold_every_invariant() {
    property("mutated", 32, mutated(), |(name, bytes)| {
        holds(&name, &bytes.0, false)
    });
}

// ------------------------------------------------------------ the binary

fn ropa_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_ropa"))
}

/// Every command and format on the binary: exit codes only 0, 1 or 2.
fn binary_holds(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
    std::fs::write(dir.path().join("m.ropa"), bytes)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for f in ["human", "short", "json", "sarif", "junit", "github"] {
        runs.push(vec!["check", "--format", f, "m.ropa"]);
    }
    for f in ["dot", "mermaid", "json"] {
        runs.push(vec!["graph", "--format", f, "m.ropa"]);
    }
    runs.push(vec!["fmt", "--check", "m.ropa"]);
    for o in ["r.html", "r.md", "r.csv", "r.json"] {
        runs.push(vec!["report", "-o", o, "m.ropa"]);
    }
    for args in runs {
        let out = std::process::Command::new(ropa_bin())
            .args(&args)
            .current_dir(dir.path())
            .env_remove("CI")
            .output()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let code = out.status.code();
        ensure(matches!(code, Some(0..=2)), || {
            format!(
                "`ropa {}` exited {code:?}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    }
    Ok(())
}

#[test]
fn the_binary_exits_0_1_or_2_on_every_command() {
    let inputs = prop_oneof![
        generated().prop_map(String::into_bytes),
        mutated().prop_map(|(_, b)| b.0),
    ];
    property("binary", 4, inputs, |bytes| binary_holds(&bytes));
}

// ---------------------------------------------------------------- Graphviz

#[test]
fn graphviz_accepts_the_dot_output() {
    let available = std::process::Command::new("dot").arg("-V").output().is_ok();
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "Graphviz `dot` is required under CI (.ci/run installs it)"
        );
        eprintln!("note: Graphviz `dot` not found; DOT output not checked");
        return;
    }
    let inputs = prop_oneof![
        generated().prop_map(String::into_bytes),
        mutated().prop_map(|(_, b)| b.0),
    ];
    property("graphviz", 6, inputs, |bytes| {
        let run = check("m.ropa", &bytes);
        let dot = output::flowgraph::dot(&run.model, &run.graph, data());
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = dir.path().join("g.dot");
        std::fs::write(&path, &dot).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let out = std::process::Command::new("dot")
            .args(["-Tcanon", "-o", "/dev/null"])
            .arg(&path)
            .output()
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        ensure(out.status.success() && out.stderr.is_empty(), || {
            format!(
                "dot rejected:\n{dot}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })
    });
}

// ------------------------------------------------------------ linear time

/// A model of `n` datasets with findings of many rules, in `files` files.
fn scaled(n: usize, files: usize) -> Vec<(PathBuf, Result<Vec<u8>, String>)> {
    let mut texts = vec![String::new(); files.max(1)];
    texts[0].push_str("controller c \"C\" { country SE }\nprocessor us { country US }\n");
    for i in 0..n {
        let t = &mut texts[i % files.max(1)];
        t.push_str(&format!(
            "dataset d{i} \"D {i}\" {{\n  subjects customer, child\n  fields {{ a: special.health  b: identity.national_id  c: contact.email }}\n  \
             purpose p {{ kind marketing.email basis legitimate_interest }}\n  retention 30 months\n  recipients us\n}}\n\
             flow d{i} -> d{} {{ fields a }}\n",
            (i + 1) % n
        ));
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(k, t)| (PathBuf::from(format!("f{k:04}.ropa")), Ok(t.into_bytes())))
        .collect()
}

/// The fastest of three timings of `f`.
fn fastest(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn every_format_takes_time_linear_in_the_input() {
    // Sizes n and 4n: linear work takes about 4 times as long, quadratic
    // 16 times. The bound (10 times, plus 20 ms for noise) is generous, and
    // the fastest of three runs is compared, so a busy machine does not
    // make it fail; a quadratic path does.
    let _guard = exclusive();
    let n = env_number("ROPA_FUZZ_LINEAR_N").unwrap_or(100) as usize;
    for files in [1, 40] {
        let small = ropa::check::check_inputs(scaled(n, files), data());
        let large = ropa::check::check_inputs(scaled(4 * n, files), data());
        assert!(large.findings.len() >= 4 * small.findings.len() - 10);
        let t_check_small = fastest(|| drop(ropa::check::check_inputs(scaled(n, files), data())));
        let t_check_large =
            fastest(|| drop(ropa::check::check_inputs(scaled(4 * n, files), data())));
        let mut ratios = vec![("check", t_check_small, t_check_large)];
        let names: Vec<&str> = outputs(&small).iter().map(|(n, _)| *n).collect();
        for (k, name) in names.iter().enumerate() {
            let a = fastest(|| drop(outputs_one(&small, k)));
            let b = fastest(|| drop(outputs_one(&large, k)));
            ratios.push((name, a, b));
        }
        let texts: Vec<String> = scaled(4 * n, 1)
            .into_iter()
            .map(|(_, b)| String::from_utf8(b.unwrap()).unwrap())
            .collect();
        let small_text = String::from_utf8(scaled(n, 1).remove(0).1.unwrap()).unwrap();
        let a = fastest(|| drop(ropa::fmt::format_source(&small_text)));
        let b = fastest(|| drop(ropa::fmt::format_source(&texts[0])));
        ratios.push(("fmt", a, b));
        for (name, a, b) in ratios {
            if b <= a * 10 + Duration::from_millis(20) {
                continue;
            }
            // A busy machine can stall one series of runs: measure this pair
            // again twice before calling it super-linear. A quadratic path
            // is 16 times slower every time.
            let again = |k: usize| -> (Duration, Duration) {
                match name {
                    "check" => (
                        fastest(|| drop(ropa::check::check_inputs(scaled(n, files), data()))),
                        fastest(|| drop(ropa::check::check_inputs(scaled(4 * n, files), data()))),
                    ),
                    "fmt" => (
                        fastest(|| drop(ropa::fmt::format_source(&small_text))),
                        fastest(|| drop(ropa::fmt::format_source(&texts[0]))),
                    ),
                    _ => (
                        fastest(|| drop(outputs_one(&small, k))),
                        fastest(|| drop(outputs_one(&large, k))),
                    ),
                }
            };
            let k = names.iter().position(|x| *x == name).unwrap_or(0);
            let linear = (0..2).any(|_| {
                let (a, b) = again(k);
                b <= a * 10 + Duration::from_millis(20)
            });
            assert!(
                linear,
                "{name} ({files} files): {a:?} for {n} datasets, {b:?} for {}, three times",
                4 * n
            );
        }
    }
}

/// The `k`th output of [`outputs`], alone.
fn outputs_one(run: &Run, k: usize) -> String {
    let s = &run.model.sources;
    let f = &run.findings;
    let d = data();
    match k {
        0 => output::short::render(s, f, &crate::common::W),
        1 => output::human::render(s, f, false, &crate::common::W),
        2 => output::human::render(s, f, true, &crate::common::W),
        3 => output::json::render(s, f, &crate::common::W),
        4 => output::sarif::render(s, f, &crate::common::W),
        5 => output::junit::render(
            s,
            f,
            Some(ropa::finding::Severity::Warning),
            &crate::common::W,
        ),
        6 => output::github::render(s, f, &crate::common::W),
        7 => output::flowgraph::dot(&run.model, &run.graph, d),
        8 => output::flowgraph::mermaid(&run.model, &run.graph, d),
        9 => output::flowgraph::json(&run.model, &run.graph, d),
        10 => ropa::report::render(run, d, ReportFormat::Html, Lang::En),
        11 => ropa::report::render(run, d, ReportFormat::Markdown, Lang::En),
        12 => ropa::report::render(run, d, ReportFormat::Csv, Lang::En),
        _ => ropa::report::render(run, d, ReportFormat::Json, Lang::En),
    }
}

#[test]
fn one_long_line_takes_time_linear_in_its_length() {
    let line = |n: usize| {
        let fields: Vec<String> = (0..n).map(|i| format!("f{i}: special.health")).collect();
        format!(
            "controller c \"C\" {{ country SE }}\ndataset d {{ subjects s fields {{ {} }} }}\n",
            fields.join(" ")
        )
    };
    let _guard = exclusive();
    let (small, large) = (
        check("l.ropa", line(500).as_bytes()),
        check("l.ropa", line(2000).as_bytes()),
    );
    for k in 0..14 {
        let a = fastest(|| drop(outputs_one(&small, k)));
        let b = fastest(|| drop(outputs_one(&large, k)));
        assert!(
            b <= a * 10 + Duration::from_millis(20),
            "output {k}: {a:?} then {b:?}"
        );
    }
}
