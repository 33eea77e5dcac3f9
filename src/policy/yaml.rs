//! YAML policies: read, checked against the vocabulary, compiled.
//!
//! yaml_serde reports a location only for its own errors (malformed YAML,
//! an unknown key, a wrong type); the checks made here after parsing find
//! the line of the key they are about in the text (`Locator`).

use std::path::Path;

use serde::Deserialize;

use super::matcher::{Kind, Matcher};
use super::{leak_rule, valid_code, valid_name, PolicyError};
use crate::data::{closest, parse_length, RuleData};
use crate::finding::{Rule, Severity};
use crate::syntax::ast::Length;

/// What one finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// A dataset.
    Dataset,
    /// A purpose of a dataset.
    Purpose,
    /// A dataset and a party that receives its data directly.
    Recipient,
    /// A flow between two datasets.
    Flow,
    /// A controller or processor.
    Party,
}

impl On {
    fn parse(s: &str) -> Option<On> {
        Some(match s {
            "dataset" => On::Dataset,
            "purpose" => On::Purpose,
            "recipient" => On::Recipient,
            "flow" => On::Flow,
            "party" => On::Party,
            _ => return None,
        })
    }

    /// The name as written in `on:`.
    pub fn name(self) -> &'static str {
        match self {
            On::Dataset => "dataset",
            On::Purpose => "purpose",
            On::Recipient => "recipient",
            On::Flow => "flow",
            On::Party => "party",
        }
    }
}

/// Which of the candidate's values a value-set condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Values {
    /// Effective categories (for a flow: the categories it carries).
    Categories,
    /// The categories the dataset declares itself.
    DeclaredCategories,
    /// Data subjects.
    Subjects,
    /// Purpose kinds.
    Kind,
    /// Legal bases.
    Basis,
    /// Countries (with the party's mechanism, for the groups).
    Countries,
    /// The party's transfer mechanism, or `none`.
    Mechanism,
    /// `controller` or `processor`.
    Role,
}

/// One compiled condition.
#[derive(Debug, Clone)]
pub enum Condition {
    /// A value-set condition.
    Set(Values, Matcher),
    /// The retention is longer than this, indefinite, or missing.
    RetentionOver(Length),
    /// Every named attribute is absent.
    Missing(Vec<String>),
    /// Every named attribute is present.
    Has(Vec<String>),
    /// The flow is (not) anonymised.
    Anonymised(bool),
}

/// A message placeholder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `{dataset}`
    Dataset,
    /// `{purpose}`
    Purpose,
    /// `{party}`
    Party,
    /// `{from}`
    From,
    /// `{to}`
    To,
    /// `{categories}`
    Categories,
    /// `{kind}`
    Kind,
    /// `{basis}`
    Basis,
    /// `{countries}`
    Countries,
    /// `{retention}`
    Retention,
}

const SLOTS: &[(&str, Slot)] = &[
    ("dataset", Slot::Dataset),
    ("purpose", Slot::Purpose),
    ("party", Slot::Party),
    ("from", Slot::From),
    ("to", Slot::To),
    ("categories", Slot::Categories),
    ("kind", Slot::Kind),
    ("basis", Slot::Basis),
    ("countries", Slot::Countries),
    ("retention", Slot::Retention),
];

impl Slot {
    /// Whether a candidate of `on` has this placeholder.
    pub fn available(self, on: On) -> bool {
        use On::*;
        match self {
            Slot::Dataset => matches!(on, Dataset | Purpose | Recipient),
            Slot::Purpose => on == Purpose,
            Slot::Party => matches!(on, Recipient | Party),
            Slot::From | Slot::To => on == Flow,
            Slot::Categories | Slot::Kind | Slot::Basis | Slot::Retention => on != Party,
            Slot::Countries => true,
        }
    }
}

/// A piece of a message: text, or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A placeholder.
    Slot(Slot),
}

/// One YAML policy, compiled.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Its rule.
    pub rule: &'static Rule,
    /// What a finding is about.
    pub on: On,
    /// Every condition must hold.
    pub conditions: Vec<Condition>,
    /// The message template.
    pub message: Vec<Piece>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    policies: Vec<RawPolicy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    code: String,
    name: String,
    severity: String,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    description: Option<String>,
    on: String,
    #[serde(default)]
    when: RawWhen,
    message: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    categories: Option<RawMatcher>,
    declared_categories: Option<RawMatcher>,
    subjects: Option<RawMatcher>,
    kind: Option<RawMatcher>,
    basis: Option<RawMatcher>,
    countries: Option<RawMatcher>,
    mechanism: Option<RawMatcher>,
    role: Option<RawMatcher>,
    retention_over: Option<String>,
    missing: Option<Vec<String>>,
    has: Option<Vec<String>>,
    anonymised: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatcher {
    any: Option<Vec<String>>,
    all: Option<Vec<String>>,
    none: Option<Vec<String>>,
    only: Option<Vec<String>>,
    other: Option<Vec<String>>,
}

/// Finds the line of a key of the n-th policy in the text.
struct Locator<'t> {
    lines: Vec<&'t str>,
    /// The first line (0-based) of each policy, and where the file ends.
    starts: Vec<usize>,
}

impl<'t> Locator<'t> {
    fn new(text: &'t str) -> Locator<'t> {
        let lines: Vec<&str> = text.lines().collect();
        let mut starts = Vec::new();
        let mut indent = None;
        let top = lines
            .iter()
            .position(|l| l.starts_with("policies:"))
            .unwrap_or(0);
        for (i, l) in lines.iter().enumerate().skip(top + 1) {
            let t = l.trim_start();
            if !t.starts_with("- ") && t != "-" {
                continue;
            }
            let at = l.len() - t.len();
            match indent {
                None => indent = Some(at),
                Some(n) if n != at => continue,
                _ => {}
            }
            starts.push(i);
        }
        starts.push(lines.len());
        Locator { lines, starts }
    }

    /// The 1-based line of `path` (nested keys, outermost first) in policy
    /// `n`; with `value`, the line where that value is written after it.
    fn line(&self, n: usize, path: &[&str], value: Option<&str>) -> Option<usize> {
        let from = *self.starts.get(n)?;
        let to = self.starts.get(n + 1).copied().unwrap_or(self.lines.len());
        let mut at = from;
        let mut found = false;
        for key in path {
            let pat = format!("{key}:");
            let hit = (at..to).find(|&i| {
                let l = self.lines[i];
                l.match_indices(&pat).any(|(p, _)| {
                    p == 0 || matches!(l.as_bytes()[p - 1], b' ' | b'{' | b',' | b'-' | b'"')
                })
            });
            if let Some(i) = hit {
                at = i;
                found = true;
            }
        }
        if let Some(v) = value {
            if let Some(i) = (at..to).find(|&i| self.lines[i].contains(v)) {
                return Some(i + 1);
            }
        }
        if found {
            Some(at + 1)
        } else {
            Some(from + 1)
        }
    }
}

/// Reads, checks and compiles the policies of one YAML file. `taken` are
/// the policies already loaded (codes and names must be unique).
pub fn load(
    file: &Path,
    data: &RuleData,
    taken: &[&'static Rule],
) -> Result<Vec<Policy>, PolicyError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| PolicyError::file(file, format!("cannot read the policy file: {e}")))?;
    parse(file, &text, data, taken)
}

/// Checks and compiles the policies in `text` (read from `file`).
pub fn parse(
    file: &Path,
    text: &str,
    data: &RuleData,
    taken: &[&'static Rule],
) -> Result<Vec<Policy>, PolicyError> {
    let raw: RawFile = serde_yaml::from_str(text).map_err(|e| {
        let loc = e.location();
        PolicyError {
            file: file.to_path_buf(),
            line: loc.as_ref().map(|l| l.line()),
            column: loc.as_ref().map(|l| l.column()),
            key: None,
            message: e.to_string(),
        }
    })?;
    let locator = Locator::new(text);
    let mut out: Vec<Policy> = Vec::new();
    for (n, p) in raw.policies.into_iter().enumerate() {
        let err = |path: &[&str], value: Option<&str>, message: String| PolicyError {
            file: file.to_path_buf(),
            line: locator.line(n, path, value),
            column: None,
            key: Some(format!("policies[{n}].{}", path.join("."))),
            message,
        };
        let cx = Check { data, err: &err };
        let policy = cx.policy(p, file, taken, &out)?;
        out.push(policy);
    }
    Ok(out)
}

/// Makes the error of a key path (and a value written under it).
type Fail<'a> = &'a dyn Fn(&[&str], Option<&str>, String) -> PolicyError;

struct Check<'a> {
    data: &'a RuleData,
    err: Fail<'a>,
}

/// The attributes `missing`/`has` may name for each `on`: the language
/// table's (`syntax::language`), with `name` (a display name) and, for a
/// purpose, `description` and its dataset's.
pub fn attributes(on: On) -> Vec<&'static str> {
    use crate::syntax::language::{attributes as of, BlockKind};
    let keywords = |kind| of(kind, false).map(|a| a.keyword);
    let mut out: Vec<&'static str> = match on {
        On::Dataset => std::iter::once("name")
            .chain(keywords(BlockKind::Dataset))
            .collect(),
        On::Purpose => std::iter::once("description")
            .chain(keywords(BlockKind::Purpose))
            .chain(std::iter::once("name"))
            .chain(keywords(BlockKind::Dataset))
            .collect(),
        On::Recipient | On::Party => std::iter::once("name")
            .chain(keywords(BlockKind::Party))
            .collect(),
        On::Flow => keywords(BlockKind::Flow).collect(),
    };
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert(*a));
    out
}

/// The country groups `countries` accepts besides country codes.
pub const COUNTRY_GROUPS: &[&str] = &["eea", "adequate", "third", "world"];

impl Check<'_> {
    fn fail(&self, path: &[&str], value: Option<&str>, message: String) -> PolicyError {
        (self.err)(path, value, message)
    }

    fn policy(
        &self,
        p: RawPolicy,
        file: &Path,
        taken: &[&'static Rule],
        here: &[Policy],
    ) -> Result<Policy, PolicyError> {
        if !valid_code(&p.code) {
            return Err(self.fail(
                &["code"],
                None,
                format!(
                    "`{}` is not a policy code: 2 to 8 capital letters, then 3 digits (`ACME001`)",
                    p.code
                ),
            ));
        }
        if let Some(r) = crate::rules::find(&p.code) {
            return Err(self.fail(
                &["code"],
                None,
                format!("`{}` is the code of the built-in rule {}", p.code, r.name),
            ));
        }
        let others = taken.iter().copied().chain(here.iter().map(|h| h.rule));
        if let Some(r) = others.clone().find(|r| r.code == p.code) {
            return Err(self.fail(
                &["code"],
                None,
                format!(
                    "`{}` is already the code of policy `{}` ({})",
                    p.code,
                    r.name,
                    origin(r)
                ),
            ));
        }
        if !valid_name(&p.name) {
            return Err(self.fail(
                &["name"],
                None,
                format!(
                    "`{}` is not a kebab-case name such as `no-health-data-in-marketing`",
                    p.name
                ),
            ));
        }
        if crate::rules::ALL.iter().any(|r| r.name == p.name) {
            return Err(self.fail(
                &["name"],
                None,
                format!("`{}` is the name of a built-in rule", p.name),
            ));
        }
        if let Some(r) = others.clone().find(|r| r.name == p.name) {
            return Err(self.fail(
                &["name"],
                None,
                format!(
                    "`{}` is already the name of policy {} ({})",
                    p.name,
                    r.code,
                    origin(r)
                ),
            ));
        }
        let severity = Severity::parse(&p.severity).ok_or_else(|| {
            self.fail(
                &["severity"],
                None,
                format!("`{}`: expected error, warning or info", p.severity),
            )
        })?;
        let on = On::parse(&p.on).ok_or_else(|| {
            let names = ["dataset", "purpose", "recipient", "flow", "party"];
            self.fail(
                &["on"],
                None,
                format!(
                    "`{}`: expected {}{}",
                    p.on,
                    names.join(", "),
                    did_you_mean(&p.on, &names)
                ),
            )
        })?;
        let conditions = self.conditions(&p.when, on)?;
        let message = self.message(&p.message, on)?;
        let description = p.description.unwrap_or_default();
        let summary = description
            .split("\n\n")
            .next()
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let summary = if summary.is_empty() {
            p.name.replace('-', " ")
        } else {
            summary
        };
        let doc = if description.trim().is_empty() {
            format!("An organisation policy defined in `{}`.\n", file.display())
        } else {
            description.clone()
        };
        let rule = leak_rule(
            &p.code,
            &p.name,
            severity,
            p.article.as_deref().unwrap_or("organisation policy"),
            &summary,
            &doc,
            file,
        );
        Ok(Policy {
            rule,
            on,
            conditions,
            message,
        })
    }

    fn conditions(&self, w: &RawWhen, on: On) -> Result<Vec<Condition>, PolicyError> {
        use On::*;
        let mut out = Vec::new();
        let all: &[On] = &[Dataset, Purpose, Recipient, Flow, Party];
        let sets: [(&str, &Option<RawMatcher>, Values, &[On]); 8] = [
            (
                "categories",
                &w.categories,
                Values::Categories,
                &[Dataset, Purpose, Recipient, Flow],
            ),
            (
                "declared_categories",
                &w.declared_categories,
                Values::DeclaredCategories,
                &[Dataset, Purpose, Recipient, Flow],
            ),
            (
                "subjects",
                &w.subjects,
                Values::Subjects,
                &[Dataset, Purpose, Recipient, Flow],
            ),
            (
                "kind",
                &w.kind,
                Values::Kind,
                &[Dataset, Purpose, Recipient, Flow],
            ),
            (
                "basis",
                &w.basis,
                Values::Basis,
                &[Dataset, Purpose, Recipient, Flow],
            ),
            ("countries", &w.countries, Values::Countries, all),
            (
                "mechanism",
                &w.mechanism,
                Values::Mechanism,
                &[Recipient, Party],
            ),
            ("role", &w.role, Values::Role, &[Recipient, Party]),
        ];
        for (key, raw, values, ons) in sets {
            let Some(raw) = raw else { continue };
            self.allowed(key, on, ons)?;
            let m = self.matcher(key, raw)?;
            self.vocabulary(key, values, &m)?;
            out.push(Condition::Set(values, m));
        }
        if let Some(limit) = &w.retention_over {
            self.allowed("retention_over", on, &[Dataset, Purpose, Recipient, Flow])?;
            let length = parse_length(limit).ok_or_else(|| {
                self.fail(
                    &["when", "retention_over"],
                    None,
                    format!("`{limit}` is not a duration such as `24 months`"),
                )
            })?;
            out.push(Condition::RetentionOver(length));
        }
        for (key, list) in [("missing", &w.missing), ("has", &w.has)] {
            let Some(list) = list else { continue };
            let known = attributes(on);
            for a in list {
                if !known.contains(&a.as_str()) {
                    return Err(self.fail(
                        &["when", key],
                        Some(a),
                        format!(
                            "`{a}` is not an attribute of a {}{}",
                            item_of(on),
                            did_you_mean(a, &known)
                        ),
                    ));
                }
            }
            out.push(match key {
                "missing" => Condition::Missing(list.clone()),
                _ => Condition::Has(list.clone()),
            });
        }
        if let Some(b) = w.anonymised {
            self.allowed("anonymised", on, &[Flow])?;
            out.push(Condition::Anonymised(b));
        }
        Ok(out)
    }

    fn allowed(&self, key: &str, on: On, ons: &[On]) -> Result<(), PolicyError> {
        if ons.contains(&on) {
            return Ok(());
        }
        let names: Vec<&str> = ons.iter().map(|o| o.name()).collect();
        Err(self.fail(
            &["when", key],
            None,
            format!(
                "a policy `on: {}` has no `{key}` (it applies to `on: {}`)",
                on.name(),
                names.join("`, `")
            ),
        ))
    }

    fn matcher(&self, key: &str, raw: &RawMatcher) -> Result<Matcher, PolicyError> {
        let given: Vec<(Kind, &Vec<String>)> = [
            (Kind::Any, &raw.any),
            (Kind::All, &raw.all),
            (Kind::None, &raw.none),
            (Kind::Only, &raw.only),
            (Kind::Other, &raw.other),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        .collect();
        match given.as_slice() {
            // `other: []`: the candidate has at least one value (what
            // Fides means by `OTHER` with no values).
            [(kind, values)] if !values.is_empty() || *kind == Kind::Other => Ok(Matcher {
                kind: *kind,
                values: values.to_vec(),
            }),
            [(kind, _)] => Err(self.fail(
                &["when", key, kind.key()],
                None,
                "the list is empty; name at least one value (only `other: []` may be empty: it holds when there is any value at all)".to_string(),
            )),
            _ => Err(self.fail(
                &["when", key],
                None,
                "expected exactly one of `any`, `all`, `none`, `only`, `other`".to_string(),
            )),
        }
    }

    fn vocabulary(&self, key: &str, values: Values, m: &Matcher) -> Result<(), PolicyError> {
        let d = self.data;
        let mechanisms: Vec<&str> = d
            .mechanisms
            .keys()
            .map(String::as_str)
            .chain(["none"])
            .collect();
        let known: Option<(Vec<&str>, &str)> = match values {
            Values::Categories | Values::DeclaredCategories => Some((
                d.categories.iter().map(String::as_str).collect(),
                "data category",
            )),
            // Data subjects are an open vocabulary (language.md).
            Values::Subjects => None,
            Values::Kind => Some((
                d.purpose_kinds.iter().map(String::as_str).collect(),
                "purpose kind",
            )),
            Values::Basis => Some((
                d.legal_bases.keys().map(String::as_str).collect(),
                "legal basis",
            )),
            Values::Countries => Some((
                d.countries
                    .iter()
                    .map(String::as_str)
                    .chain(COUNTRY_GROUPS.iter().copied())
                    .collect(),
                "country code or group (eea, adequate, third, world)",
            )),
            Values::Mechanism => Some((mechanisms, "transfer mechanism (or `none`)")),
            Values::Role => Some((vec!["controller", "processor"], "role")),
        };
        let Some((mut known, what)) = known else {
            return Ok(());
        };
        known.sort_unstable();
        for v in &m.values {
            if !known.contains(&v.as_str()) {
                return Err(self.fail(
                    &["when", key, m.kind.key()],
                    Some(v),
                    format!("`{v}` is not a known {what}{}", did_you_mean(v, &known)),
                ));
            }
        }
        Ok(())
    }

    fn message(&self, text: &str, on: On) -> Result<Vec<Piece>, PolicyError> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            if !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') || name.is_empty() {
                out.push(Piece::Text(rest[..open + 1].to_string()));
                rest = &rest[open + 1..];
                continue;
            }
            let names: Vec<&str> = SLOTS.iter().map(|(n, _)| *n).collect();
            let slot = SLOTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, s)| *s)
                .ok_or_else(|| {
                    self.fail(
                        &["message"],
                        None,
                        format!(
                            "`{{{name}}}` is not a placeholder{}",
                            did_you_mean(name, &names)
                        ),
                    )
                })?;
            if !slot.available(on) {
                let have: Vec<String> = SLOTS
                    .iter()
                    .filter(|(_, s)| s.available(on))
                    .map(|(n, _)| format!("{{{n}}}"))
                    .collect();
                return Err(self.fail(
                    &["message"],
                    None,
                    format!(
                        "a policy `on: {}` has no `{{{name}}}`; it has {}",
                        on.name(),
                        have.join(", ")
                    ),
                ));
            }
            if open > 0 {
                out.push(Piece::Text(rest[..open].to_string()));
            }
            out.push(Piece::Slot(slot));
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            out.push(Piece::Text(rest.to_string()));
        }
        Ok(out)
    }
}

fn item_of(on: On) -> &'static str {
    match on {
        On::Dataset => "dataset",
        On::Purpose => "purpose (or its dataset)",
        On::Recipient | On::Party => "party",
        On::Flow => "flow",
    }
}

fn origin(r: &Rule) -> String {
    match r.origin {
        crate::finding::Origin::Policy { file } => file.to_string(),
        crate::finding::Origin::Builtin => "built-in".to_string(),
    }
}

/// "; did you mean `x`?" when one of `known` is close.
fn did_you_mean(word: &str, known: &[&str]) -> String {
    match closest(word, known.iter().copied()) {
        Some(k) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}
