//! Every place an ID is declared or used, across files: what go to
//! definition, find references and rename work from.
//!
//! Built from the workspace's syntax trees rather than the model, so that
//! a reference that does not resolve (F001) is still found, and renamed.

use std::collections::HashSet;

use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Item, NameOrStr};
use crate::workspace::Workspace;

/// What an ID names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// A controller or processor.
    Party(String),
    /// A dataset.
    Dataset(String),
    /// A purpose of a dataset: (dataset, purpose).
    Purpose(String, String),
    /// A field of a dataset: (dataset, field).
    Field(String, String),
}

impl Symbol {
    /// The ID as written.
    pub fn name(&self) -> &str {
        match self {
            Symbol::Party(n) | Symbol::Dataset(n) => n,
            Symbol::Purpose(_, n) | Symbol::Field(_, n) => n,
        }
    }
}

/// One place an ID stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// What it names.
    pub symbol: Symbol,
    /// Where the ID is written.
    pub span: Span,
    /// Whether this is the declaration.
    pub definition: bool,
}

/// Every occurrence of every ID.
#[derive(Debug, Default)]
pub struct Index {
    /// In file order, then text order.
    pub occurrences: Vec<Occurrence>,
}

impl Index {
    /// Indexes every parsed file of the workspace.
    pub fn build(ws: &Workspace) -> Index {
        let datasets: HashSet<&str> = ws
            .trees()
            .flat_map(|(_, t)| t.items.iter())
            .filter_map(|i| match i {
                Item::Dataset(d) => Some(d.id.name.as_str()),
                _ => None,
            })
            .collect();
        let mut index = Index::default();
        for (_, tree) in ws.trees() {
            for item in &tree.items {
                match item {
                    Item::Party(p) => index.party(p),
                    Item::Dataset(d) => index.dataset(d),
                    Item::Flow(f) => index.flow(f, &datasets),
                }
            }
        }
        index
    }

    fn add(&mut self, symbol: Symbol, id: &ast::Ident, definition: bool) {
        self.occurrences.push(Occurrence {
            symbol,
            span: id.span,
            definition,
        });
    }

    fn party_ref(&mut self, id: &ast::Ident) {
        self.add(Symbol::Party(id.name.to_string()), id, false);
    }

    fn party(&mut self, p: &ast::Party) {
        self.add(Symbol::Party(p.id.name.to_string()), &p.id, true);
        for s in p.subprocessors.iter().flat_map(|a| a.value.iter()) {
            self.party_ref(s);
        }
    }

    fn dataset(&mut self, d: &ast::Dataset) {
        let name = d.id.name.to_string();
        self.add(Symbol::Dataset(name.clone()), &d.id, true);
        for c in d.controllers.iter().flat_map(|a| a.value.iter()) {
            self.party_ref(c);
        }
        for r in d.recipients.iter().flat_map(|a| a.value.iter()) {
            self.party_ref(r);
        }
        for s in d.source.iter().flat_map(|a| a.value.iter()) {
            if let NameOrStr::Name(id) = s {
                if id.name != "data_subject" && id.name != "public_sources" {
                    self.party_ref(id);
                }
            }
        }
        for f in &d.fields {
            self.add(
                Symbol::Field(name.clone(), f.name.name.to_string()),
                &f.name,
                true,
            );
        }
        for p in &d.purposes {
            self.add(
                Symbol::Purpose(name.clone(), p.id.name.to_string()),
                &p.id,
                true,
            );
        }
    }

    fn flow(&mut self, f: &ast::Flow, datasets: &HashSet<&str>) {
        let source = f.source.name.to_string();
        let target = f.target.name.to_string();
        self.add(Symbol::Dataset(source.clone()), &f.source, false);
        let target_symbol = if datasets.contains(target.as_str()) {
            Symbol::Dataset(target.clone())
        } else {
            Symbol::Party(target.clone())
        };
        self.add(target_symbol, &f.target, false);
        for field in f.fields.iter().flat_map(|a| a.value.iter()) {
            self.add(
                Symbol::Field(source.clone(), field.name.to_string()),
                field,
                false,
            );
        }
        if let Some(p) = &f.purpose {
            self.add(
                Symbol::Purpose(target, p.value.name.to_string()),
                &p.value,
                false,
            );
        }
    }

    /// The occurrence at a byte offset of a file (the cursor may stand
    /// just after the ID).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let offset = offset as u32;
        self.occurrences
            .iter()
            .filter(|o| o.span.file == file && o.span.start <= offset && offset <= o.span.end)
            // Two IDs touching (`a,b` has none, but be safe): the one that starts here.
            .max_by_key(|o| o.span.start)
    }

    /// Every occurrence of a symbol.
    pub fn all<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.occurrences.iter().filter(move |o| &o.symbol == symbol)
    }

    /// The declarations of a symbol (more than one is F002).
    pub fn definitions<'a>(
        &'a self,
        symbol: &'a Symbol,
    ) -> impl Iterator<Item = &'a Occurrence> + 'a {
        self.all(symbol).filter(|o| o.definition)
    }
}
