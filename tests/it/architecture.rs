//! The shape of the source tree: no import circles between modules.
//!
//! Each `crate::`, `super::` and `self::` path in a file of `src/` is an
//! edge from the file's module to the module the path names. An edge is
//! lifted to the two children of the modules' nearest common ancestor (a
//! use of `crate::lsp::state` in `lsp/diagnostics.rs` is the edge
//! `diagnostics → state` under `lsp`); a module's uses of its ancestors and
//! of its own descendants say nothing about circles and are left out. The
//! edges under each module must then form no cycle, so that every module
//! can be read, and changed, after the ones it uses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

type Module = Vec<String>;

/// Every `.rs` file of `src/` but the binary's `main.rs`, with its module.
fn modules() -> Vec<(PathBuf, Module)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&root).unwrap();
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let last = parts.pop().unwrap();
        match last.as_str() {
            "main.rs" if parts.is_empty() => continue,
            "lib.rs" if parts.is_empty() => {}
            "mod.rs" => {}
            other => parts.push(other.trim_end_matches(".rs").to_string()),
        }
        out.push((path.to_path_buf(), parts));
    }
    out
}

/// The file's code without comments and without its `#[cfg(test)]` module
/// (whose `super::` means the file itself).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => &text[..],
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules the paths of `code` name, seen from `module` (a file whose
/// module is `is_dir` when it is a `mod.rs` or `lib.rs`).
fn uses(code: &str, module: &Module, known: &BTreeSet<Module>) -> BTreeSet<Module> {
    let path =
        Regex::new(r"\b(crate|super|self)((?:::[A-Za-z_][A-Za-z0-9_]*)*)(::\{[^}]*\})?").unwrap();
    let ident = Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").unwrap();
    let mut out = BTreeSet::new();
    for cap in path.captures_iter(code) {
        let mut base: Module = match &cap[1] {
            "crate" => Vec::new(),
            "self" => module.clone(),
            _ => {
                let mut m = module.clone();
                m.pop();
                m
            }
        };
        base.extend(
            cap[2]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(String::from),
        );
        let mut targets = vec![base.clone()];
        if let Some(group) = cap.get(3) {
            for item in group.as_str().split(',') {
                if let Some(first) = ident.find(item.trim_start_matches("::{")) {
                    let mut t = base.clone();
                    t.push(first.as_str().to_string());
                    targets.push(t);
                }
            }
        }
        for mut t in targets {
            while !t.is_empty() && !known.contains(&t) {
                t.pop();
            }
            out.insert(t);
        }
    }
    out
}

/// The cycles among `edges` (Tarjan's strongly connected components of
/// more than one node).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    let lv = self.low[v];
                    self.low.insert(v, lv.min(lw));
                } else if self.on_stack.contains(w.as_str()) {
                    let iw = self.index[w.as_str()];
                    let lv = self.low[v];
                    self.low.insert(v, lv.min(iw));
                }
            }
            if self.low[v] == self.index[v] {
                let mut scc = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    scc.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if scc.len() > 1 {
                    scc.sort();
                    self.out.push(scc);
                }
            }
        }
    }
    let mut t = Tarjan {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out
}

/// The sibling edges of the crate: parent module → (child → children it uses).
fn sibling_edges() -> BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> {
    let files = modules();
    let known: BTreeSet<Module> = files.iter().map(|(_, m)| m.clone()).collect();
    let mut edges: BTreeMap<Module, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (path, module) in &files {
        for target in uses(&code(path), module, &known) {
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common == module.len() || common == target.len() {
                continue; // an ancestor or a descendant
            }
            edges
                .entry(module[..common].to_vec())
                .or_default()
                .entry(module[common].clone())
                .or_default()
                .insert(target[common].clone());
        }
    }
    edges
}

#[test]
fn no_import_circles_between_modules() {
    let mut found = Vec::new();
    for (parent, edges) in sibling_edges() {
        for cycle in cycles(&edges) {
            let under = if parent.is_empty() {
                "crate".to_string()
            } else {
                parent.join("::")
            };
            found.push(format!("under `{under}`: {}", cycle.join(" ↔ ")));
        }
    }
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}

/// The check itself finds a circle: two sibling modules that use each other.
#[test]
fn a_circle_between_siblings_is_found() {
    let known: BTreeSet<Module> = [vec![], vec!["a".into()], vec!["b".into()]]
        .into_iter()
        .collect();
    let a = uses("use crate::b::Thing;", &vec!["a".into()], &known);
    let b = uses("use super::{a::Other, b};", &vec!["b".into()], &known);
    assert!(a.contains(&vec!["b".to_string()]));
    assert!(b.contains(&vec!["a".to_string()]));
    let mut edges = BTreeMap::new();
    edges.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    edges.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(cycles(&edges), vec![vec!["a".to_string(), "b".to_string()]]);
}
