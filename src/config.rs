//! `ropa.yaml`: the project's configuration, and rule packs.
//!
//! ```yaml
//! fail_on: warning            # as --fail-on
//! rules:                      # per code (or name): error | warning | info | off
//!   L004: error
//!   F004: off
//! exclude: ["fixtures/**"]    # globs, relative to this file
//! packs: ["compliance/rules-se.yaml"]   # extra rule data
//! policies: ["policies/"]     # organisation policies, YAML and Rego
//! organisations: [acme]       # whose records `ropa report` writes
//! ```
//!
//! Strict: an unknown key, an unknown code or a malformed value is an error
//! naming the file, the line and the key; nothing is silently defaulted.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::data::{AdequacyEntry, Benchmark, NationalIdLaw, NationalLawEntry, RuleData};
use crate::finding::{Finding, Severity};
use crate::rules;

/// The file name looked for in the current directory and its parents.
pub const FILE_NAME: &str = "ropa.yaml";

/// An error in a configuration file or rule pack (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// The lowest severity that fails a run, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Findings at or above this severity fail.
    At(Severity),
    /// No finding fails.
    Never,
}

/// A loaded configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from (`None`: no configuration).
    pub path: Option<PathBuf>,
    /// `fail_on`.
    pub fail_on: Option<FailOn>,
    /// Severity per code; `None` switches the rule off.
    pub severities: BTreeMap<&'static str, Option<Severity>>,
    /// `exclude` globs.
    pub exclude: Vec<String>,
    /// The configuration's directory, canonicalized once: what the
    /// `exclude` globs are relative to.
    base: PathBuf,
    /// Rule packs, resolved against the configuration's directory.
    pub packs: Vec<PathBuf>,
    /// Policy files and folders, resolved against the configuration's
    /// directory (policies.md).
    pub policies: Vec<PathBuf>,
    /// `rules:` entries that name no built-in rule, kept until the
    /// policies are loaded ([`Config::bind_policies`]): key, severity, line.
    pending: Vec<(String, Option<Severity>, Option<usize>)>,
    /// `organisations`: the parties whose records `ropa report` writes
    /// (`None`: every controller of a dataset), each with the line it is
    /// named on. The IDs are checked against the model once it is read
    /// ([`Config::check_organisations`]).
    pub organisations: Option<Vec<(String, Option<usize>)>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    fail_on: Option<String>,
    rules: Option<BTreeMap<String, String>>,
    exclude: Option<Vec<String>>,
    packs: Option<Vec<String>>,
    policies: Option<Vec<String>>,
    organisations: Option<Vec<String>>,
}

/// The line on which `key:` is written, for messages.
fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            let t = t.trim_start_matches(['"', '\'']);
            t.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            })
        })
        .map(|i| i + 1)
}

fn yaml_error(file: &Path, e: &serde_yaml::Error) -> ConfigError {
    ConfigError {
        file: file.to_path_buf(),
        line: e.location().map(|l| l.line()),
        message: e.to_string(),
    }
}

impl Config {
    /// The configuration that applies: `explicit`, else `ropa.yaml` in the
    /// current directory or the nearest parent, else none.
    pub fn discover(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        if let Some(path) = explicit {
            return Config::load(path);
        }
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match cwd
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(path) => Config::load(&path),
            None => Ok(Config::default()),
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let err = |line: Option<usize>, message: String| ConfigError {
            file: path.to_path_buf(),
            line,
            message,
        };
        let text = crate::files::read_settings(path)
            .map_err(|e| err(None, format!("cannot read the configuration: {e}")))?;
        let raw: RawConfig = if text.trim().is_empty() {
            RawConfig {
                fail_on: None,
                rules: None,
                exclude: None,
                packs: None,
                policies: None,
                organisations: None,
            }
        } else {
            serde_yaml::from_str(&text).map_err(|e| yaml_error(path, &e))?
        };
        let base = path.parent().unwrap_or(Path::new("."));
        let mut config = Config {
            path: Some(path.to_path_buf()),
            base: std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf()),
            exclude: raw.exclude.unwrap_or_default(),
            packs: raw
                .packs
                .unwrap_or_default()
                .iter()
                .map(|p| base.join(p))
                .collect(),
            policies: raw
                .policies
                .unwrap_or_default()
                .iter()
                .map(|p| base.join(p))
                .collect(),
            ..Config::default()
        };
        if let Some(ids) = raw.organisations {
            if ids.is_empty() {
                return Err(err(
                    line_of(&text, "organisations"),
                    "`organisations`: the list names no organisation; name the parties whose \
                     records these are, or leave the key out for every controller of a dataset"
                        .to_string(),
                ));
            }
            config.organisations = Some(
                ids.into_iter()
                    .map(|id| {
                        let line = line_of_item(&text, "organisations", &id);
                        (id, line)
                    })
                    .collect(),
            );
        }
        if let Some(v) = raw.fail_on {
            config.fail_on = Some(match v.as_str() {
                "never" => FailOn::Never,
                s => FailOn::At(Severity::parse(s).ok_or_else(|| {
                    err(
                        line_of(&text, "fail_on"),
                        format!("`fail_on: {s}`: expected error, warning, info or never"),
                    )
                })?),
            });
        }
        for (key, value) in raw.rules.unwrap_or_default() {
            let line = line_of(&text, &key);
            let severity = match value.as_str() {
                "off" => None,
                s => Some(Severity::parse(s).ok_or_else(|| {
                    err(
                        line,
                        format!("`rules.{key}: {s}`: expected error, warning, info or off"),
                    )
                })?),
            };
            match rules::find(&key) {
                Some(rule) if rule.is_input_failure() && value != "error" => {
                    return Err(err(
                        line,
                        format!(
                            "`rules.{key}: {value}`: {} reports a file ropa cannot read or parse; \
                             it is always an error and cannot be switched off or downgraded",
                            rule.code
                        ),
                    ));
                }
                Some(rule) => {
                    config.severities.insert(rule.code, severity);
                }
                // Perhaps a policy's: known once the policies are loaded.
                None if !config.policies.is_empty() => config.pending.push((key, severity, line)),
                None => return Err(unknown_rule(path, &key, line)),
            }
        }
        Ok(config)
    }

    /// Resolves the `rules:` entries that name policies; an entry that
    /// names neither a built-in rule nor a policy is an error.
    pub fn bind_policies(
        &mut self,
        find: impl Fn(&str) -> Option<&'static crate::finding::Rule>,
    ) -> Result<(), ConfigError> {
        let path = self.path.clone().unwrap_or_default();
        for (key, severity, line) in std::mem::take(&mut self.pending) {
            let rule = find(&key).ok_or_else(|| unknown_rule(&path, &key, line))?;
            self.severities.insert(rule.code, severity);
        }
        Ok(())
    }

    /// Checks that every ID in `organisations` names a party of `model`:
    /// an unknown one is an error naming the file, the line and the key
    /// (exit 2), as an unknown rule code is.
    pub fn check_organisations(&self, model: &crate::model::Model) -> Result<(), ConfigError> {
        let Some(ids) = &self.organisations else {
            return Ok(());
        };
        for (id, line) in ids {
            if !model.party_index.contains_key(id.as_str()) {
                return Err(ConfigError {
                    file: self.path.clone().unwrap_or_default(),
                    line: *line,
                    message: format!(
                        "`organisations: {id}`: no party of the model has this ID; \
                         name a controller or processor declared in the `.ropa` files"
                    ),
                });
            }
        }
        Ok(())
    }

    /// Applies per-code severities: drops rules switched off.
    pub fn apply(&self, findings: Vec<Finding>) -> Vec<Finding> {
        if self.severities.is_empty() {
            return findings;
        }
        findings
            .into_iter()
            .filter_map(|mut f| match self.severities.get(f.rule.code) {
                _ if f.rule.is_input_failure() => Some(f),
                Some(None) => None,
                Some(Some(s)) => {
                    f.severity = *s;
                    Some(f)
                }
                None => Some(f),
            })
            .collect()
    }

    /// Whether `file` is excluded by an `exclude` glob (relative to the
    /// configuration's directory).
    pub fn excludes(&self, file: &Path) -> bool {
        if self.path.is_none() || self.exclude.is_empty() {
            return false;
        }
        let file = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let Ok(rel) = file.strip_prefix(&self.base) else {
            return false;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        self.exclude
            .iter()
            .any(|g| glob_match(g.trim_start_matches("./"), &rel))
    }

    /// The built-in rule data extended by the configured packs.
    pub fn rule_data(&self) -> Result<RuleData, ConfigError> {
        let mut data = RuleData::builtin().map_err(|e| ConfigError {
            file: PathBuf::from(e.file),
            line: e.line,
            message: e.message,
        })?;
        for pack in &self.packs {
            apply_pack(&mut data, pack)?;
        }
        // One compilation of the pattern set for all packs: compiling it
        // after each pack made loading many packs quadratic.
        if !self.packs.is_empty() {
            data.finish_patterns().map_err(|m| ConfigError {
                file: self.path.clone().unwrap_or_default(),
                line: None,
                message: format!("the packs' sensitive-name patterns: {m}"),
            })?;
        }
        Ok(data)
    }
}

fn unknown_rule(file: &Path, key: &str, line: Option<usize>) -> ConfigError {
    ConfigError {
        file: file.to_path_buf(),
        line,
        message: format!(
            "`rules.{key}`: no rule or policy has this code or name; `ropa rules` lists them"
        ),
    }
}

/// Matches a path against a glob: `**` any number of directories, `*` any
/// characters but `/`, `?` one such character.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = p[2..].strip_prefix(b"/").unwrap_or(&p[2..]);
                (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && go(rest, &s[i..]))
                    || (rest.is_empty())
            }
            Some(b'*') => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(&p[1..], &s[i..])),
            Some(b'?') => s.first().is_some_and(|c| *c != b'/') && go(&p[1..], &s[1..]),
            Some(c) => s.first() == Some(c) && go(&p[1..], &s[1..]),
        }
    }
    go(pattern.as_bytes(), path.as_bytes())
}

/// A rule pack: rule data a project adds.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Pack {
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    purpose_kinds: Vec<String>,
    #[serde(default)]
    subjects: Vec<String>,
    #[serde(default)]
    third_person_subjects: Vec<String>,
    #[serde(default)]
    sensitive_names: Vec<PackPatterns>,
    #[serde(default)]
    sensitive_exclusions: Vec<PackPatterns>,
    #[serde(default)]
    adequacy: Vec<AdequacyEntry>,
    #[serde(default)]
    national_id_laws: Vec<NationalIdLaw>,
    #[serde(default)]
    national_law: Vec<NationalLawEntry>,
    #[serde(default)]
    limits: PackLimits,
    #[serde(default)]
    compatibility: PackCompatibility,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackPatterns {
    category: String,
    patterns: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PackLimits {
    cookies: Option<PackBenchmark>,
    #[serde(default)]
    purpose_kinds: BTreeMap<String, PackBenchmark>,
}

/// A retention benchmark in a pack: `{ length: 13 months, source: "..." }`.
/// A bare duration (the form before v3) is read, and refused: a benchmark
/// is not a limit in law, and R004 names where each comes from.
#[derive(Deserialize)]
#[serde(untagged)]
enum PackBenchmark {
    Sourced(SourcedBenchmark),
    Bare(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcedBenchmark {
    length: String,
    #[serde(default)]
    source: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PackCompatibility {
    #[serde(default)]
    always_compatible_targets: Vec<String>,
    #[serde(default)]
    pairs: Vec<PackPair>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackPair {
    from: String,
    to: String,
    #[serde(default)]
    both_ways: bool,
}

fn apply_pack(data: &mut RuleData, path: &Path) -> Result<(), ConfigError> {
    let err = |line: Option<usize>, message: String| ConfigError {
        file: path.to_path_buf(),
        line,
        message,
    };
    let text = crate::files::read_settings(path)
        .map_err(|e| err(None, format!("cannot read the rule pack: {e}")))?;
    let pack: Pack = if text.trim().is_empty() {
        Pack::default()
    } else {
        serde_yaml::from_str(&text).map_err(|e| yaml_error(path, &e))?
    };
    for c in &pack.categories {
        data.add_category(c);
    }
    data.purpose_kinds.extend(pack.purpose_kinds);
    for s in &pack.subjects {
        data.add_subject(s);
    }
    for s in &pack.third_person_subjects {
        data.add_third_person_subject(s);
    }
    let unknown = |key: &str, what: &str, value: &str| {
        err(
            line_with(&text, key, value),
            format!(
                "`{key}: {value}`: no {what} `{value}`; declare it under `{}` in a pack, \
                 or use a known one",
                if what == "category" {
                    "categories"
                } else {
                    "purpose_kinds"
                }
            ),
        )
    };
    for entry in &pack.sensitive_names {
        if !data.categories.contains(&entry.category) {
            return Err(unknown("category", "category", &entry.category));
        }
    }
    for kind in pack.limits.purpose_kinds.keys() {
        if !data.purpose_kinds.contains(kind) {
            return Err(unknown(kind, "purpose kind", kind));
        }
    }
    for kind in &pack.compatibility.always_compatible_targets {
        if !data.purpose_kinds.contains(kind) {
            return Err(unknown("always_compatible_targets", "purpose kind", kind));
        }
    }
    for pair in &pack.compatibility.pairs {
        for (key, kind) in [("from", &pair.from), ("to", &pair.to)] {
            if !data.purpose_kinds.contains(kind) {
                return Err(unknown(key, "purpose kind", kind));
            }
        }
    }
    for entry in pack.sensitive_names {
        for p in &entry.patterns {
            data.add_sensitive(&entry.category, p)
                .map_err(|m| err(line_of(&text, "patterns"), m))?;
        }
    }
    for entry in pack.sensitive_exclusions {
        for p in &entry.patterns {
            data.add_sensitive_exclusion(&entry.category, p)
                .map_err(|m| err(line_of(&text, "patterns"), m))?;
        }
    }
    for a in pack.adequacy {
        data.adequacy.insert(a.code.clone(), a);
    }
    for n in pack.national_id_laws {
        if !data.countries.contains(n.country.as_str()) {
            return Err(err(
                line_of(&text, "national_id_laws"),
                format!(
                    "`national_id_laws`: `{}` is not an ISO 3166-1 alpha-2 country code",
                    n.country
                ),
            ));
        }
        data.add_national_id_law(n);
    }
    for n in pack.national_law {
        if !data.countries.contains(n.country.as_str()) {
            return Err(err(
                line_with(&text, "country", &n.country),
                format!(
                    "`national_law`: `{}` is not an ISO 3166-1 alpha-2 country code",
                    n.country
                ),
            ));
        }
        data.add_national_law(n);
    }
    let benchmark = |key: &str, b: &PackBenchmark| -> Result<Benchmark, ConfigError> {
        let (v, source) = match b {
            PackBenchmark::Sourced(s) => (s.length.as_str(), s.source.as_deref()),
            PackBenchmark::Bare(v) => (v.as_str(), None),
        };
        let source = source.map(str::trim).filter(|s| !s.is_empty());
        let Some(source) = source else {
            return Err(err(
                line_of(&text, key),
                format!(
                    "`{key}`: a retention benchmark needs its `source` (who recommends it, \
                     where): `{key}: {{ length: {v}, source: \"...\" }}`"
                ),
            ));
        };
        Benchmark::new(v, source).ok_or_else(|| {
            err(
                line_of(&text, key),
                format!("`{key}: {v}`: expected a duration such as `13 months`"),
            )
        })
    };
    if let Some(c) = &pack.limits.cookies {
        data.cookie_benchmark = benchmark("cookies", c)?;
    }
    for (kind, v) in &pack.limits.purpose_kinds {
        let b = benchmark(kind, v)?;
        data.kind_benchmarks.insert(kind.clone(), b);
    }
    data.always_compatible
        .extend(pack.compatibility.always_compatible_targets);
    for p in pack.compatibility.pairs {
        if p.both_ways {
            data.compatible_pairs.insert((p.to.clone(), p.from.clone()));
        }
        data.compatible_pairs.insert((p.from, p.to));
    }
    Ok(())
}

/// The line on which `value` is written as an item of the list under the
/// top-level `key` (`key: [a, b]` or a block of `- a` lines), for messages;
/// else the line of `key`.
fn line_of_item(text: &str, key: &str, value: &str) -> Option<usize> {
    let start = line_of(text, key)?;
    let is_word = |line: &str| {
        line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
            .any(|w| w == value)
    };
    text.lines()
        .enumerate()
        .skip(start - 1)
        .take_while(|(i, l)| {
            *i + 1 == start || l.starts_with([' ', '\t', '-']) || l.trim().is_empty()
        })
        .find(|(i, l)| {
            let l = if *i + 1 == start {
                l.split_once(':').map_or("", |(_, rest)| rest)
            } else {
                l
            };
            is_word(l.split('#').next().unwrap_or(""))
        })
        .map(|(i, _)| i + 1)
        .or(Some(start))
}

/// The first line that gives `key` and mentions `value`, for messages
/// (else the first line of `key`).
fn line_with(text: &str, key: &str, value: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            t.trim_start_matches(['"', '\'']).starts_with(key) && l.contains(value)
        })
        .map(|i| i + 1)
        .or_else(|| line_of(text, key))
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("fixtures/**", "fixtures/a/b.ropa"));
        assert!(glob_match("**/*.ropa", "a/b/c.ropa"));
        assert!(glob_match("**/*.ropa", "c.ropa"));
        assert!(glob_match("a/*.ropa", "a/x.ropa"));
        assert!(!glob_match("a/*.ropa", "a/b/x.ropa"));
        assert!(glob_match("a/?.ropa", "a/x.ropa"));
        assert!(!glob_match("fixtures/**", "src/a.ropa"));
    }
}
