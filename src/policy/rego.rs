//! Rego policies, evaluated in process by regorus (Rego v1).
//!
//! For every package the sets `deny`, `warn` and `info` are evaluated
//! against the model as `ropa export --format json` prints it; each element
//! is an object `{code, msg, item}` (optionally `purpose`, `name`, `help`)
//! and becomes a finding at the item's declaration.
//!
//! regorus's `Engine` is not `Send` (it shares its modules by `Rc`), so
//! the policy texts are kept and an engine is built for each run; parsing
//! them is cheap next to evaluating them.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::time::Duration;

use regex::Regex;
use regorus::utils::limits::ExecutionTimerConfig;
use regorus::{Engine, Value};

use super::{leak_rule, valid_code, valid_name, PolicyError};
use crate::finding::{Finding, Rule, Severity};
use crate::rules::GraphContext;
use crate::source::Span;

/// How long one run of the Rego policies may take, unless
/// `ROPA_REGO_TIMEOUT_MS` says otherwise.
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(10);

/// The Rego files named by the configuration, parsed and checked.
#[derive(Debug)]
pub struct Rego {
    files: Vec<RegoFile>,
    rules: Vec<&'static Rule>,
}

#[derive(Debug)]
struct RegoFile {
    path: PathBuf,
    text: String,
    package: String,
    /// The file's opening comment: the description of its codes.
    doc: String,
}

/// The three sets and the severity of their findings.
const SETS: [(&str, Severity); 3] = [
    ("deny", Severity::Error),
    ("warn", Severity::Warning),
    ("info", Severity::Info),
];

/// `file:line:col` in a regorus error message.
fn located(path: &Path, e: &dyn std::fmt::Display) -> PolicyError {
    let text = format!("{e:#}");
    let at = Regex::new(r"--> (?:.*):(\d+):(\d+)").ok().and_then(|re| {
        re.captures(&text)
            .map(|c| (c[1].parse().ok(), c[2].parse().ok()))
    });
    let (line, column) = at.unwrap_or((None, None));
    let message = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
        .trim_start_matches("error: ")
        .to_string();
    let message = if line.is_some() {
        message
    } else {
        text.trim().to_string()
    };
    PolicyError {
        file: path.to_path_buf(),
        line,
        column,
        key: None,
        message,
    }
}

/// How long an evaluation may take.
fn limit() -> Duration {
    std::env::var("ROPA_REGO_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(DEFAULT_LIMIT, Duration::from_millis)
}

/// A new engine with the execution limit.
fn engine() -> Engine {
    let limit = limit();
    let mut e = Engine::new();
    e.set_rego_v0(false);
    e.set_strict_builtin_errors(true);
    e.set_execution_timer_config(ExecutionTimerConfig {
        limit,
        check_interval: NonZeroU32::MIN,
    });
    e
}

/// The file's opening `#` comment, without the `#`.
fn opening_comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            break;
        };
        out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
        out.push('\n');
    }
    out
}

impl Rego {
    /// Parses the files (Rego v1), and makes a rule for every code they
    /// name literally (`"code": "ACME010"`) so that `ropa rules`, `rules:`
    /// and `--select` know them before a run.
    pub fn load(paths: &[PathBuf], taken: &[&'static Rule]) -> Result<Rego, PolicyError> {
        let mut e = engine();
        let mut files = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(path).map_err(|err| {
                PolicyError::file(path, format!("cannot read the policy file: {err}"))
            })?;
            let package = e
                .add_policy(path.to_string_lossy().into_owned(), text.clone())
                .map_err(|err| located(path, &err))?;
            let doc = opening_comment(&text);
            files.push(RegoFile {
                path: path.clone(),
                text,
                package,
                doc,
            });
        }
        let mut rules: Vec<&'static Rule> = Vec::new();
        let code_re = Regex::new(r#""code"\s*:\s*"([A-Za-z0-9_]+)""#)
            .map_err(|err| PolicyError::file(Path::new("ropa"), err.to_string()))?;
        let set_re = Regex::new(r"\b(deny|warn|info)\s+contains\b")
            .map_err(|err| PolicyError::file(Path::new("ropa"), err.to_string()))?;
        let name_re = Regex::new(r#""name"\s*:\s*"([^"]*)""#)
            .map_err(|err| PolicyError::file(Path::new("ropa"), err.to_string()))?;
        for f in &files {
            for c in code_re.captures_iter(&f.text) {
                let (Some(all), Some(code)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                let code = code.as_str();
                let at = line_col(&f.text, all.start());
                let err = |message: String| PolicyError {
                    file: f.path.clone(),
                    line: Some(at.0),
                    column: Some(at.1),
                    key: Some("code".to_string()),
                    message,
                };
                if rules.iter().any(|r| r.code == code) {
                    continue;
                }
                check_code(code, taken).map_err(err)?;
                let severity = set_re
                    .captures_iter(&f.text[..all.start()])
                    .last()
                    .and_then(|s| SETS.iter().find(|(n, _)| *n == &s[1]))
                    .map_or(Severity::Error, |(_, s)| *s);
                // A `name` written in the same object literal.
                let object_end = f.text[all.end()..]
                    .find('}')
                    .map_or(f.text.len(), |i| all.end() + i);
                let object_start = f.text[..all.start()].rfind('{').unwrap_or(all.start());
                let name = name_re
                    .captures(&f.text[object_start..object_end])
                    .map(|n| n[1].to_string())
                    .unwrap_or_else(|| code.to_lowercase());
                if !valid_name(&name) || crate::rules::ALL.iter().any(|r| r.name == name) {
                    return Err(err(format!(
                        "`{name}` is not a kebab-case name free for a policy"
                    )));
                }
                rules.push(rule(code, &name, severity, f));
            }
        }
        Ok(Rego { files, rules })
    }

    /// The rules of the codes the files name literally.
    pub fn rules(&self) -> &[&'static Rule] {
        &self.rules
    }

    /// Evaluates every package's `deny`, `warn` and `info` over the
    /// exported model.
    pub fn run(&self, cx: &GraphContext) -> Result<Vec<Finding>, PolicyError> {
        let mut e = engine();
        for f in &self.files {
            e.add_policy(f.path.to_string_lossy().into_owned(), f.text.clone())
                .map_err(|err| located(&f.path, &err))?;
        }
        let mut clock = Clock::new();
        let input = crate::export::model(cx.model, cx.graph, cx.data);
        clock.phase("export");
        let first = self
            .files
            .first()
            .map_or(Path::new(""), |f| f.path.as_path());
        // Straight from the JSON tree into regorus's values, without text.
        let input = <Value as serde::Deserialize>::deserialize(input)
            .map_err(|err| located(first, &err))?;
        clock.phase("input");
        e.set_input(input);
        let items = Items::new(cx);
        let mut made: HashMap<String, &'static Rule> = HashMap::new();
        let mut out = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        for f in &self.files {
            if done.contains(&f.package.as_str()) {
                continue;
            }
            done.push(&f.package);
            for (set, severity) in SETS {
                let query = format!("{}.{set}", f.package);
                let results = e.eval_query(query, false).map_err(|err| {
                    let mut error = located(&f.path, &err);
                    if error.message.contains("time limit") {
                        error.message = format!(
                            "`{}.{set}` did not finish within the evaluation limit of {} ms ({}); \
                             a policy must not iterate over unbounded ranges \
                             (ROPA_REGO_TIMEOUT_MS raises the limit)",
                            f.package,
                            limit().as_millis(),
                            error.message
                        );
                    }
                    error
                })?;
                clock.phase(&format!("{}.{set}", f.package));
                for r in &results.result {
                    for ex in &r.expressions {
                        let elements = ex.value.as_set().map_err(|_| {
                            PolicyError::file(
                                &f.path,
                                format!("`{}.{set}` is not a set", f.package),
                            )
                        })?;
                        for el in elements.iter() {
                            let finding =
                                self.element(cx, &items, f, set, severity, el, &mut made)?;
                            out.push(finding);
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn element(
        &self,
        cx: &GraphContext,
        items: &Items,
        f: &RegoFile,
        set: &str,
        severity: Severity,
        el: &Value,
        made: &mut HashMap<String, &'static Rule>,
    ) -> Result<Finding, PolicyError> {
        let fail = |m: String| PolicyError::file(&f.path, format!("`{}.{set}`: {m}", f.package));
        let shown = el.to_json_str().unwrap_or_default();
        let obj = el.as_object().map_err(|_| {
            fail(format!(
                "the element {shown} is not an object with `code`, `msg` and `item`; a finding needs a code and a place"
            ))
        })?;
        let get = |k: &str| -> Result<Option<String>, PolicyError> {
            match obj.get(&Value::from(k)) {
                None => Ok(None),
                Some(v) => v
                    .as_string()
                    .map(|s| Some(s.to_string()))
                    .map_err(|_| fail(format!("in {shown}, `{k}` is not a string"))),
            }
        };
        let need = |k: &str| -> Result<String, PolicyError> {
            get(k)?.ok_or_else(|| fail(format!("the element {shown} has no `{k}`")))
        };
        let code = need("code")?;
        let msg = need("msg")?;
        let item = need("item")?;
        let name = get("name")?;
        let help = get("help")?;
        let purpose = get("purpose")?;
        let rule = match self.rules.iter().find(|r| r.code == code) {
            Some(r) => *r,
            None => match made.get(&code) {
                Some(r) => *r,
                None => {
                    check_code(&code, &[]).map_err(&fail)?;
                    let name = name.clone().unwrap_or_else(|| code.to_lowercase());
                    if !valid_name(&name) {
                        return Err(fail(format!("`{name}` is not a kebab-case name")));
                    }
                    let r = rule(&code, &name, severity, f);
                    made.insert(code.clone(), r);
                    r
                }
            },
        };
        let (span, dataset, party) =
            items.find(cx, &item, purpose.as_deref()).ok_or_else(|| {
                let what = match &purpose {
                    Some(p) => format!("no dataset `{item}` with a purpose `{p}`"),
                    None => format!("no dataset, party or flow `{item}`"),
                };
                fail(format!("the element {shown} names {what} in the model"))
            })?;
        let mut finding =
            Finding::new(rule, span, msg).label(crate::finding::said(rule.summary, rule.summary));
        finding.severity = severity;
        if let Some(h) = help {
            finding = finding.help(h);
        }
        if let Some(d) = dataset {
            finding = finding.dataset(&d);
        }
        if let Some(p) = party {
            finding = finding.party(&p);
        }
        Ok(finding)
    }
}

/// With `ROPA_TIMINGS` set, prints how long each step of a Rego run took.
struct Clock(Option<std::time::Instant>);

impl Clock {
    fn new() -> Clock {
        let on = std::env::var_os("ROPA_TIMINGS").is_some_and(|v| !v.is_empty());
        Clock(on.then(std::time::Instant::now))
    }

    fn phase(&mut self, name: &str) {
        if let Some(start) = self.0 {
            eprintln!(
                "ropa: rego {name:<28} {:>8.1} ms",
                start.elapsed().as_secs_f64() * 1000.0
            );
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// Makes the rule of a Rego code.
fn rule(code: &str, name: &str, severity: Severity, f: &RegoFile) -> &'static Rule {
    let doc = if f.doc.trim().is_empty() {
        format!("An organisation policy in Rego, `{}`.\n", f.path.display())
    } else {
        f.doc.clone()
    };
    let summary = doc
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    leak_rule(
        code,
        name,
        severity,
        "organisation policy",
        &summary,
        &doc,
        &f.path,
    )
}

/// Checks a Rego code's shape and that no other rule has it.
fn check_code(code: &str, taken: &[&'static Rule]) -> Result<(), String> {
    if !valid_code(code) {
        return Err(format!(
            "`{code}` is not a policy code: 2 to 8 capital letters, then 3 digits (`ACME010`)"
        ));
    }
    if let Some(r) = crate::rules::find(code) {
        return Err(format!(
            "`{code}` is the code of the built-in rule {}",
            r.name
        ));
    }
    if let Some(r) = taken.iter().find(|r| r.code == code) {
        return Err(format!(
            "`{code}` is already the code of policy `{}`",
            r.name
        ));
    }
    Ok(())
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The model's items by the ID the export gives them.
struct Items {
    flows: HashMap<String, usize>,
}

impl Items {
    fn new(cx: &GraphContext) -> Items {
        let flows = crate::export::flow_ids(cx.model)
            .into_iter()
            .enumerate()
            .map(|(i, id)| (id, i))
            .collect();
        Items { flows }
    }

    /// The declaration of an item (and a purpose of it): its span, and
    /// the dataset or party it concerns.
    fn find(
        &self,
        cx: &GraphContext,
        item: &str,
        purpose: Option<&str>,
    ) -> Option<(Span, Option<String>, Option<String>)> {
        let m = cx.model;
        if let Some(&d) = m.dataset_index.get(item) {
            let ds = &m.datasets[d];
            let span = match purpose {
                Some(p) => ds.ast.purposes.iter().find(|x| x.id.name == p)?.id.span,
                None => ds.ast.id.span,
            };
            return Some((span, Some(item.to_string()), None));
        }
        if purpose.is_some() {
            return None;
        }
        if let Some(&p) = m.party_index.get(item) {
            return Some((m.parties[p].ast.id.span, None, Some(item.to_string())));
        }
        let &f = self.flows.get(item)?;
        let flow = &m.flows[f];
        Some((
            flow.ast.source.span,
            Some(m.datasets[flow.source].id().to_string()),
            None,
        ))
    }
}
