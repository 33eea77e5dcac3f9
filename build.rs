//! Writes the rule catalog from the rule files themselves, under `OUT_DIR`
//! only, so that a new rule is its file and its fixtures:
//!
//! - `rule_docs.rs`: each rule file's `//!` doc comment, the text that
//!   `ropa explain` prints and SARIF's rule help carries;
//! - `rules_<family>.rs`: a family's `pub mod` lines, one per rule file
//!   (`src/rules/<family>/<code>_<name>.rs`), included by the family's
//!   `mod.rs`;
//! - `rule_registry.rs`: `ALL` (every rule, in catalog order) and `CHECKS`
//!   (the rules that have a `check` function, with whether it reads the
//!   graph), included by `src/rules/mod.rs`.
//!
//! A rule file is a file whose name starts with a code (a capital letter's
//! lower case and three digits, then `_`). It defines `pub static RULE`,
//! and a `pub fn check` whose first parameter says what it reads: `cx:
//! &Context` the model, `cx: &GraphContext` the model and the data-flow
//! graph. A check that looks at one dataset at a time takes the dataset
//! as well (`cx: &Context, i: DatasetId, d: &Dataset, out: &mut
//! Vec<Finding>`), and the runner gives it every dataset in one pass with
//! the other such checks. Rules reported by the parser, the model or the
//! suppressions have no `check`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// The families in catalog order, by the letter of their codes (rules.md).
const FAMILY_ORDER: &str = "EFLSTPRAX";

/// One rule file.
struct RuleFile {
    code: String,
    family: String,
    module: String,
    path: PathBuf,
    doc: String,
    check: Option<&'static str>,
}

fn main() {
    println!("cargo:rerun-if-changed=src/rules");
    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let mut families: Vec<PathBuf> = list(&manifest.join("src/rules"))
        .into_iter()
        .filter(|p| p.is_dir())
        .collect();
    families.sort();
    let mut rules = Vec::new();
    for family in &families {
        let name = file_name(family);
        println!("cargo:rerun-if-changed={}", family.display());
        let mut mods = String::from("// Written by build.rs from the rule files of this folder.\n");
        let mut files = list(family);
        files.sort();
        for file in files {
            let Some(rule) = rule_file(&name, &file) else {
                continue;
            };
            let _ = writeln!(mods, "#[path = {:?}]", rule.path.display().to_string());
            let _ = writeln!(mods, "pub mod {};", rule.module);
            rules.push(rule);
        }
        write(&out_dir.join(format!("rules_{name}.rs")), &mods);
    }
    rules.sort_by_key(|r| {
        let letter = r.code.chars().next().unwrap_or('Z');
        (
            FAMILY_ORDER.find(letter).unwrap_or(FAMILY_ORDER.len()),
            r.code.clone(),
        )
    });

    let mut docs = String::from(
        "/// Each rule's documentation, from its file's doc comment.\npub mod docs {\n",
    );
    for r in &rules {
        let _ = writeln!(docs, "    /// The documentation of {}.", r.code);
        let _ = writeln!(docs, "    pub const {}: &str = {:?};", r.code, r.doc);
    }
    docs.push_str("}\n");
    write(&out_dir.join("rule_docs.rs"), &docs);

    let mut reg =
        String::from("/// Every rule, in catalog order.\npub static ALL: &[&Rule] = &[\n");
    for r in &rules {
        let _ = writeln!(reg, "    &{}::{}::RULE,", r.family, r.module);
    }
    reg.push_str(
        "];\n\n/// The rules that look at the model, with their checks, in catalog order.\n\
         /// Input errors (E), unresolved references (F001, F002) and suppressions\n\
         /// (X) are found by the stages that see them.\n\
         pub static CHECKS: &[(&Rule, Check)] = &[\n",
    );
    for r in &rules {
        if let Some(kind) = r.check {
            let _ = writeln!(
                reg,
                "    (&{f}::{m}::RULE, Check::{kind}({f}::{m}::check)),",
                f = r.family,
                m = r.module
            );
        }
    }
    reg.push_str("];\n");
    write(&out_dir.join("rule_registry.rs"), &reg);
}

fn list(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn write(path: &Path, text: &str) {
    // Rewriting an unchanged file would make cargo rebuild the crate.
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Err(e) = fs::write(path, text) {
        panic!("cannot write {}: {e}", path.display());
    }
}

/// `l001_missing_legal_basis.rs` gives code `L001`, its `//!` lines and
/// its kind of check.
fn rule_file(family: &str, path: &Path) -> Option<RuleFile> {
    if path.extension().is_none_or(|e| e != "rs") {
        return None;
    }
    let stem = path.file_stem()?.to_str()?;
    let (code, _) = stem.split_once('_')?;
    let code = code.to_uppercase();
    let mut chars = code.chars();
    let letter_ok = chars.next().is_some_and(|c| c.is_ascii_uppercase());
    if !letter_ok || code.len() != 4 || !chars.all(|c| c.is_ascii_digit()) {
        return None;
    }
    let text = fs::read_to_string(path).ok()?;
    let doc: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!"))
        .map(|l| {
            l.strip_prefix("//! ")
                .unwrap_or(l.trim_start_matches("//!"))
        })
        .collect();
    // What the check takes, with rustfmt's line breaks read as spaces.
    // (A check that needs nothing but the dataset names it `_cx`.)
    let flat = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("pub fn check(_cx: ", "pub fn check(cx: ");
    let check = if flat.contains("pub fn check(cx: &GraphContext) ->") {
        Some("Graph")
    } else if flat.contains("pub fn check(cx: &Context) ->") {
        Some("Model")
    } else if flat.contains("pub fn check(cx: &GraphContext, ") {
        Some("GraphDataset")
    } else if flat.contains("pub fn check(cx: &Context, ") {
        Some("Dataset")
    } else if flat.contains("pub fn check(") {
        panic!(
            "{}: a rule's check takes `cx: &Context` or `cx: &GraphContext`, \
             and for one dataset at a time `i: DatasetId, d: &Dataset, out: \
             &mut Vec<Finding>` after it",
            path.display()
        );
    } else {
        None
    };
    Some(RuleFile {
        code,
        family: family.to_string(),
        module: stem.to_string(),
        path: path.to_path_buf(),
        doc: doc.join("\n").trim().to_string(),
        check,
    })
}
