//! Bringing a record in from other tools, and giving it back: `ropa import
//! fides`, `ropa import sheet` and `ropa export --format fides`.
//!
//! An import reads foreign files into `.ropa` text, formats it with
//! [`crate::fmt`], and writes every file through [`Output`]: nothing is
//! written until every file is ready, nothing existing is replaced without
//! `--force`, and each file goes to a temporary file that is renamed into
//! place, so no half-written file is left behind.

pub mod export_fides;
pub mod fides;
pub mod sheet;
pub mod taxonomy;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// An input that is not what the command expects: the file, the place in
/// it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file.
    pub file: PathBuf,
    /// Where in it: `line 3, column 5`, `system[0].privacy_declarations`.
    pub place: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(
                f,
                "{}: {}: {}",
                self.file.display(),
                self.place,
                self.message
            )
        }
    }
}

/// The files an import will write, relative to its output directory.
#[derive(Debug, Default)]
pub struct Output {
    /// Relative path → contents, in path order.
    pub files: BTreeMap<PathBuf, String>,
}

impl Output {
    /// Writes every file under `dir` (created if missing). Refuses, before
    /// writing anything, when a file exists and `force` is not set.
    pub fn write(&self, dir: &Path, force: bool) -> Result<(), String> {
        if !force {
            let existing: Vec<String> = self
                .files
                .keys()
                .map(|f| dir.join(f))
                .filter(|p| p.exists())
                .map(|p| p.display().to_string())
                .collect();
            if !existing.is_empty() {
                let shown = if existing.len() > 3 {
                    format!(
                        "{} and {} more",
                        existing[..3].join(", "),
                        existing.len() - 3
                    )
                } else {
                    existing.join(", ")
                };
                return Err(format!(
                    "{shown} already exist{}; nothing was written; pass --force to replace {}",
                    if existing.len() == 1 { "s" } else { "" },
                    if existing.len() == 1 { "it" } else { "them" }
                ));
            }
        }
        for (rel, text) in &self.files {
            write_atomic(&dir.join(rel), text.as_bytes())?;
        }
        Ok(())
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`: a reader sees the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", path.display());
    std::fs::create_dir_all(&dir).map_err(|e| fail(&e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".ropa-import-")
        .tempfile_in(&dir)
        .map_err(|e| fail(&e))?;
    std::io::Write::write_all(&mut tmp, bytes).map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

/// Turns a foreign key or name into a ropa identifier: letters, digits and
/// `_`, not starting with a digit, never empty.
pub fn identifier(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    match out.chars().next() {
        None => "unnamed".to_string(),
        Some(c) if c.is_numeric() => format!("_{out}"),
        Some(_) => out,
    }
}

/// A ropa string literal.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `//` comment's text on one line (a comment cannot span lines, and
/// `*/` would be harmless but confusing).
pub fn comment_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads a retention period written in words: `30` (days, as Fides keeps
/// it), `2 years`, `24 months`, `6 months after the recruitment`,
/// `2 år`, `24 månader`, and the words `ropa export --format fides` writes
/// for the other forms (`as required by LAW`, `until EVENT`,
/// `indefinite`, `not stored`, `until the end of the session`). `None`
/// when it is none of these.
pub fn retention(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if let Some(law) = trimmed.strip_prefix("as required by ") {
        return Some(format!("by_law {}", quote(law.trim())));
    }
    match trimmed.to_lowercase().as_str() {
        "indefinite" | "indefinitely" | "forever" => return Some("indefinite".into()),
        "not stored" => return Some("none".into()),
        "until the end of the session" | "session" => return Some("session".into()),
        _ => {}
    }
    if let Some(event) = trimmed.strip_prefix("until ") {
        let id = identifier(event);
        if id != "unnamed" {
            return Some(format!("until {id}"));
        }
    }
    let lower = trimmed.to_lowercase();
    let mut words = lower.split_whitespace();
    let amount: u32 = words.next()?.parse().ok()?;
    let unit = match words.next() {
        None => return Some(format!("{amount} days")),
        Some(u) => u.trim_end_matches([',', '.']),
    };
    let unit = match unit {
        "day" | "days" | "dag" | "dagar" | "d" => "days",
        "week" | "weeks" | "vecka" | "veckor" => "weeks",
        "month" | "months" | "månad" | "månader" | "mån" => "months",
        "year" | "years" | "år" | "yr" | "yrs" => "years",
        _ => return None,
    };
    let rest: Vec<&str> = words.collect();
    let mut out = format!("{amount} {unit}");
    if let Some(first) = rest.first() {
        if !matches!(*first, "after" | "efter") {
            return None;
        }
        let event: Vec<&str> = rest[1..]
            .iter()
            .copied()
            .filter(|w| !matches!(*w, "the" | "a" | "an"))
            .collect();
        if event.is_empty() {
            return None;
        }
        let _ = write!(out, " after {}", identifier(&event.join("_")));
    }
    Some(out)
}

/// Counts for the summary an import prints on stderr.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// What was read: ("systems", 3), in order.
    pub read: Vec<(&'static str, usize)>,
    /// Values and attributes that have no equivalent, kept as comments.
    pub unmapped: usize,
}

impl Summary {
    /// Adds `n` to the count of `what`.
    pub fn count(&mut self, what: &'static str, n: usize) {
        match self.read.iter_mut().find(|(w, _)| *w == what) {
            Some((_, c)) => *c += n,
            None => self.read.push((what, n)),
        }
    }

    /// The summary line.
    pub fn line(&self, files: usize, dir: &Path) -> String {
        let read: Vec<String> = self
            .read
            .iter()
            .map(|(w, n)| format!("{n} {}", if *n == 1 { singular(w) } else { w.to_string() }))
            .collect();
        format!(
            "ropa: imported {} into {} file{} in {}; {} value{} with no ropa equivalent kept as comments (search for TODO(import))",
            if read.is_empty() { "nothing".to_string() } else { read.join(", ") },
            files,
            if files == 1 { "" } else { "s" },
            dir.display(),
            self.unmapped,
            if self.unmapped == 1 { "" } else { "s" },
        )
    }
}

/// "policies" → "policy", "systems" → "system".
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some((head, tail)) = word.split_once(' ') {
        if tail.starts_with('(') {
            format!("{} {tail}", singular(head))
        } else {
            format!("{head} {}", singular(tail))
        }
    } else {
        word.strip_suffix('s').unwrap_or(word).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_from_keys() {
        assert_eq!(identifier("customer-app.v2"), "customer_app_v2");
        assert_eq!(identifier("2fa"), "_2fa");
        assert_eq!(identifier("Ärende Hantering"), "ärende_hantering");
        assert_eq!(identifier("--"), "unnamed");
    }

    #[test]
    fn retention_in_words() {
        assert_eq!(retention("30").as_deref(), Some("30 days"));
        assert_eq!(retention("2 år").as_deref(), Some("2 years"));
        assert_eq!(retention("24 Months").as_deref(), Some("24 months"));
        assert_eq!(
            retention("6 months after the recruitment").as_deref(),
            Some("6 months after recruitment")
        );
        assert_eq!(retention("until deleted").as_deref(), Some("until deleted"));
        assert_eq!(
            retention("as required by Arkivlagen (1990:782)").as_deref(),
            Some("by_law \"Arkivlagen (1990:782)\"")
        );
        assert_eq!(retention("whenever"), None);
        assert_eq!(retention("3 fortnights"), None);
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("privacy declarations"), "privacy declaration");
        assert_eq!(singular("organisations"), "organisation");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
    }
}
