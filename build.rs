//! Collects each rule file's `//!` doc comment into the text that
//! `ropa explain` prints and SARIF's rule help carries: one source of truth.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    println!("cargo:rerun-if-changed=src/rules");
    let mut docs = Vec::new();
    let mut families: Vec<_> = fs::read_dir("src/rules")
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    families.sort();
    for family in families.iter().filter(|p| p.is_dir()) {
        let mut files: Vec<_> = fs::read_dir(family)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for file in files {
            if let Some((code, doc)) = rule_doc(&file) {
                docs.push((code, doc));
            }
        }
    }
    let mut out = String::from(
        "/// Each rule's documentation, from its file's doc comment.\npub mod docs {\n",
    );
    for (code, doc) in docs {
        let _ = writeln!(out, "    /// The documentation of {code}.");
        let _ = writeln!(out, "    pub const {code}: &str = {doc:?};");
    }
    out.push_str("}\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("rule_docs.rs");
    if let Err(e) = fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// `l001_missing_legal_basis.rs` gives code `L001` and its `//!` lines.
fn rule_doc(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    let (code, _) = stem.split_once('_')?;
    let code = code.to_uppercase();
    if code.len() != 4 || !code[1..].chars().all(|c| c.is_ascii_digit()) {
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
    Some((code, doc.join("\n").trim().to_string()))
}
