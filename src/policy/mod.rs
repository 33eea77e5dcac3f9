//! Organisation policies (policies.md): the team's own rules, in
//! declarative YAML ([`yaml`]) or in Rego ([`rego`]), checked after the
//! built-in rules and reported as findings like theirs.
//!
//! A policy's [`Rule`] is made once, when the configuration is loaded,
//! and leaked (`Box::leak`) so that findings can hold `&'static Rule` like
//! the built-in ones. It lives for the process; a server that reloads the
//! configuration (the LSP) leaks a few hundred bytes per policy per
//! reload, which is acceptable for a configuration edited by hand.

pub mod eval;
pub mod matcher;
pub mod rego;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::data::RuleData;
use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::GraphContext;

/// A policy that cannot be used (exit code 2): the file, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The policy file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The key (`policies[2].when.kind`), when the error is about one.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl PolicyError {
    /// An error about the whole file.
    pub fn file(file: &Path, message: impl Into<String>) -> PolicyError {
        PolicyError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every policy named by the configuration, ready to run.
#[derive(Debug, Default)]
pub struct Policies {
    /// The YAML policies, compiled.
    pub yaml: Vec<yaml::Policy>,
    /// The Rego policies, parsed.
    pub rego: Option<rego::Rego>,
}

/// Whether `code` has the shape of a policy code: 2–8 capital letters,
/// then 3 digits.
pub fn valid_code(code: &str) -> bool {
    let b = code.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    (2..=8).contains(&letters)
        && b.len() == letters + 3
        && b[letters..].iter().all(u8::is_ascii_digit)
}

/// Whether `name` is kebab-case: lower-case words of letters and digits
/// joined by `-`.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Makes a policy's rule, for the life of the process (see the module
/// documentation).
pub fn leak_rule(
    code: &str,
    name: &str,
    severity: Severity,
    article: &str,
    summary: &str,
    doc: &str,
    file: &Path,
) -> &'static Rule {
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    Box::leak(Box::new(Rule {
        code: leak(code),
        name: leak(name),
        severity,
        article: leak(article),
        summary: leak(summary),
        heading: (leak(summary), leak(summary)),
        doc: leak(doc),
        origin: Origin::Policy {
            file: leak(&file.to_string_lossy().replace('\\', "/")),
        },
    }))
}

/// The policy files under the configured paths: files as named, folders
/// walked for `*.yaml`, `*.yml` and `*.rego`, sorted.
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PolicyError> {
    let wanted = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "rego"))
    };
    let mut out = Vec::new();
    for path in paths {
        if path.is_file() {
            if !wanted(path) {
                return Err(PolicyError::file(
                    path,
                    "a policy file must end in `.yaml`, `.yml` or `.rego`",
                ));
            }
            out.push(path.clone());
        } else if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(false)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && wanted(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else {
            return Err(PolicyError::file(
                path,
                "the policy file or folder named in `policies` does not exist",
            ));
        }
    }
    out.dedup();
    Ok(out)
}

impl Policies {
    /// Loads and checks every policy under `paths` against the vocabulary
    /// of `data` (packs included).
    pub fn load(paths: &[PathBuf], data: &RuleData) -> Result<Policies, PolicyError> {
        let mut out = Policies::default();
        let mut rego_files = Vec::new();
        for file in files(paths)? {
            if file.extension().is_some_and(|e| e == "rego") {
                rego_files.push(file);
                continue;
            }
            let taken: Vec<&'static Rule> = out.rules().collect();
            out.yaml.extend(yaml::load(&file, data, &taken)?);
        }
        if !rego_files.is_empty() {
            let taken: Vec<&'static Rule> = out.rules().collect();
            out.rego = Some(rego::Rego::load(&rego_files, &taken)?);
        }
        Ok(out)
    }

    /// Whether there is no policy.
    pub fn is_empty(&self) -> bool {
        self.yaml.is_empty() && self.rego.is_none()
    }

    /// Every policy's rule known before a run: YAML policies, then the
    /// codes the Rego files name.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> + '_ {
        self.yaml
            .iter()
            .map(|p| p.rule)
            .chain(self.rego.iter().flat_map(|r| r.rules().iter().copied()))
    }

    /// The policy rule with this code (any case) or name.
    pub fn find(&self, code_or_name: &str) -> Option<&'static Rule> {
        self.rules()
            .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
    }

    /// Runs every policy whose rule `enabled` keeps.
    pub fn run(
        &self,
        cx: &GraphContext,
        enabled: &(dyn Fn(&Rule) -> bool + Sync),
    ) -> Result<Vec<Finding>, PolicyError> {
        let mut findings = eval::run(&self.yaml, cx, enabled);
        if let Some(rego) = &self.rego {
            findings.extend(rego.run(cx)?.into_iter().filter(|f| enabled(f.rule)));
        }
        Ok(findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names() {
        assert!(valid_code("ACME001"));
        assert!(valid_code("AB123"));
        assert!(!valid_code("A123"));
        assert!(!valid_code("ABCDEFGHI123"));
        assert!(!valid_code("ACME01"));
        assert!(!valid_code("acme001"));
        assert!(valid_name("no-health-data"));
        assert!(!valid_name("No-health"));
        assert!(!valid_name("no--health"));
        assert!(!valid_name("no_health"));
    }
}
