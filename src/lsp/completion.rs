//! Completion from the cursor's context: the keywords of the block, the
//! values of the attribute being written, the IDs a reference may name,
//! and a flow's source fields.

use std::collections::BTreeSet;

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, TextEdit,
};

use crate::syntax::ast::{Item, PartyKind};

use super::context::{self, Block, Slot};
use super::index::Symbol;
use super::state::State;
use super::vocab;

/// The completions at a position.
pub fn completion(state: &mut State, params: CompletionParams) -> Option<CompletionResponse> {
    let doc = params.text_document_position;
    let path = super::path_of(&doc.text_document.uri);
    let enc = state.enc;
    let text = state.text(&path)?.to_string();
    let lines = super::position::LineIndex::new(&text);
    let cursor = lines.offset(&text, doc.position, enc);
    let cx = context::at(&text, cursor);
    let replace = lines.range(&text, cx.word_start, cursor, enc);
    let data = state.data.clone();

    let mut items: Vec<(String, CompletionItemKind, Option<String>)> = Vec::new();
    let add_values = |attribute: &str, items: &mut Vec<_>| {
        for v in vocab::values(attribute, &data) {
            let doc = vocab::describe(attribute, &v, &data);
            items.push((v, CompletionItemKind::ENUM_MEMBER, doc));
        }
    };
    match (&cx.block, &cx.slot) {
        (block, Slot::Keyword) => {
            for (kw, _) in context::keywords(block) {
                items.push((kw.to_string(), CompletionItemKind::KEYWORD, None));
            }
        }
        (_, Slot::AfterUnit) => {
            for kw in ["after", "then"] {
                items.push((kw.to_string(), CompletionItemKind::KEYWORD, None));
            }
            for (kw, _) in context::keywords(&cx.block) {
                items.push((kw.to_string(), CompletionItemKind::KEYWORD, None));
            }
        }
        (block, Slot::AfterTransfer) => {
            items.push(("tia".to_string(), CompletionItemKind::KEYWORD, None));
            for (kw, _) in context::keywords(block) {
                items.push((kw.to_string(), CompletionItemKind::KEYWORD, None));
            }
        }
        (_, Slot::Unit) => {
            for u in ["days", "weeks", "months", "years"] {
                items.push((u.to_string(), CompletionItemKind::UNIT, None));
            }
        }
        (_, Slot::Category) => add_values("category", &mut items),
        (_, Slot::FlowSource) => ids(state, &mut items, IdKind::Datasets),
        (_, Slot::FlowTarget) => {
            ids(state, &mut items, IdKind::Datasets);
            ids(state, &mut items, IdKind::Parties(None));
        }
        (Block::Flow { source, .. }, Slot::Value("fields")) => {
            source_fields(state, source, &mut items)
        }
        (Block::Flow { target, .. }, Slot::Value("purpose")) => {
            let target = target.clone();
            state.analysis();
            let st: &State = state;
            let analysis = st.analysis_ref()?;
            let purposes: BTreeSet<&str> = analysis
                .index(&st.ws)
                .occurrences
                .iter()
                .filter_map(|o| match &o.symbol {
                    Symbol::Purpose(d, p) if o.definition && *d == target => Some(p.as_str()),
                    _ => None,
                })
                .collect();
            for p in purposes {
                items.push((p.to_string(), CompletionItemKind::FIELD, None));
            }
        }
        (Block::Party(_), Slot::Value("subprocessors")) => ids(
            state,
            &mut items,
            IdKind::Parties(Some(PartyKind::Processor)),
        ),
        (Block::Dataset(_), Slot::Value("controller")) => ids(
            state,
            &mut items,
            IdKind::Parties(Some(PartyKind::Controller)),
        ),
        (Block::Dataset(_), Slot::Value("recipients")) => {
            ids(state, &mut items, IdKind::Parties(None))
        }
        (Block::Dataset(_), Slot::Value("source")) => {
            add_values("source", &mut items);
            ids(state, &mut items, IdKind::Parties(None));
        }
        (_, Slot::Value(attribute)) => add_values(attribute, &mut items),
        (_, Slot::NewName) => {}
    }
    let mut seen = BTreeSet::new();
    let list: Vec<CompletionItem> = items
        .into_iter()
        .filter(|(label, ..)| seen.insert(label.clone()))
        .map(|(label, kind, doc)| CompletionItem {
            label: label.clone(),
            kind: Some(kind),
            documentation: doc.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(replace, label))),
            ..CompletionItem::default()
        })
        .collect();
    Some(CompletionResponse::Array(list))
}

enum IdKind {
    Datasets,
    /// Parties; only of this kind when given.
    Parties(Option<PartyKind>),
}

/// The declared IDs of one kind, from every parsed file.
fn ids(
    state: &mut State,
    items: &mut Vec<(String, CompletionItemKind, Option<String>)>,
    kind: IdKind,
) {
    let mut names: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    for (_, tree) in state.ws.trees() {
        for item in &tree.items {
            match (item, &kind) {
                (Item::Dataset(d), IdKind::Datasets) => {
                    names.insert((
                        d.id.name.to_string(),
                        d.display_name.as_ref().map(|n| n.value.to_string()),
                    ));
                }
                (Item::Party(p), IdKind::Parties(want)) if want.is_none_or(|k| k == p.kind) => {
                    names.insert((
                        p.id.name.to_string(),
                        p.display_name.as_ref().map(|n| n.value.to_string()),
                    ));
                }
                _ => {}
            }
        }
    }
    let item_kind = match kind {
        IdKind::Datasets => CompletionItemKind::STRUCT,
        IdKind::Parties(_) => CompletionItemKind::CLASS,
    };
    for (name, display) in names {
        items.push((name, item_kind, display));
    }
}

/// The fields of a flow's source dataset: its own and those flowing into it.
fn source_fields(
    state: &mut State,
    source: &str,
    items: &mut Vec<(String, CompletionItemKind, Option<String>)>,
) {
    state.analysis();
    let st: &State = state;
    let Some(analysis) = st.analysis_ref() else {
        return;
    };
    let model = &analysis.run.model;
    let mut names: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    if let Some(&id) = model.dataset_index.get(source) {
        for carried in analysis.run.graph.effective_fields(model, id) {
            let origin = &model.datasets[carried.origin];
            if let Some(f) = origin.ast.fields.get(carried.field) {
                let category = f.category.as_ref().map(|c| format!("`{}`", c.name));
                names.insert((f.name.name.to_string(), category));
            }
        }
    } else {
        // The model has no such dataset (yet): the declared fields, if any.
        for o in &analysis.index(&st.ws).occurrences {
            if let Symbol::Field(d, f) = &o.symbol {
                if o.definition && d == source {
                    names.insert((f.clone(), None));
                }
            }
        }
    }
    for (name, category) in names {
        items.push((name, CompletionItemKind::FIELD, category));
    }
}
