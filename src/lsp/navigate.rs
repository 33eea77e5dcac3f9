//! Go to definition, find references and rename for party, dataset,
//! purpose and field IDs across files; the outline and workspace symbols.

use std::collections::HashMap;

use lsp_server::ErrorCode;
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Location, PrepareRenameResponse, ReferenceParams, RenameParams,
    SymbolInformation, SymbolKind, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
    WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Item};

use super::index::Occurrence;
use super::state::{Analysis, State};

/// The file and byte offset of a position, when the file is in the workspace.
fn locate(state: &mut State, at: &TextDocumentPositionParams) -> Option<(FileId, usize)> {
    let path = super::path_of(&at.text_document.uri);
    let enc = state.enc;
    let analysis = state.analysis();
    let file = analysis.file_id(&path)?;
    Some((file, analysis.offset(file, at.position, enc)?))
}

fn location(state: &State, analysis: &Analysis, span: Span) -> Option<Location> {
    let path = analysis.run.model.sources.path(span.file);
    Some(Location::new(
        state.uri(path)?,
        analysis.range(span, state.enc),
    ))
}

/// The occurrence under the cursor.
fn occurrence(state: &mut State, at: &TextDocumentPositionParams) -> Option<Occurrence> {
    let (file, offset) = locate(state, at)?;
    let st: &State = state;
    st.analysis_ref()?.index(&st.ws).at(file, offset).cloned()
}

/// Where the ID under the cursor is declared.
pub fn definition(
    state: &mut State,
    params: GotoDefinitionParams,
) -> Option<GotoDefinitionResponse> {
    let o = occurrence(state, &params.text_document_position_params)?;
    state.analysis();
    let st: &State = state;
    let analysis = st.analysis_ref()?;
    let list: Vec<Location> = analysis
        .index(&st.ws)
        .definitions(&o.symbol)
        .filter_map(|d| location(st, analysis, d.span))
        .collect();
    (!list.is_empty()).then_some(GotoDefinitionResponse::Array(list))
}

/// Every place the ID under the cursor stands.
pub fn references(state: &mut State, params: ReferenceParams) -> Option<Vec<Location>> {
    let o = occurrence(state, &params.text_document_position)?;
    let with_declaration = params.context.include_declaration;
    let st: &State = state;
    let analysis = st.analysis_ref()?;
    Some(
        analysis
            .index(&st.ws)
            .all(&o.symbol)
            .filter(|r| with_declaration || !r.definition)
            .filter_map(|r| location(st, analysis, r.span))
            .collect(),
    )
}

/// The range of the ID that a rename would change.
pub fn prepare_rename(
    state: &mut State,
    params: TextDocumentPositionParams,
) -> Option<PrepareRenameResponse> {
    let o = occurrence(state, &params)?;
    let analysis = state.analysis_ref()?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: analysis.range(o.span, state.enc),
        placeholder: o.symbol.name().to_string(),
    })
}

/// Whether `name` can be an ID.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// Renames the ID under the cursor everywhere.
pub fn rename(
    state: &mut State,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>, (ErrorCode, String)> {
    let new_name = params.new_name.trim().to_string();
    if !is_identifier(&new_name) {
        return Err((
            ErrorCode::InvalidParams,
            format!(
                "`{new_name}` is not an identifier: a letter or `_`, then letters, digits or `_`"
            ),
        ));
    }
    let Some(o) = occurrence(state, &params.text_document_position) else {
        return Ok(None);
    };
    let st: &State = state;
    let Some(analysis) = st.analysis_ref() else {
        return Ok(None);
    };
    let mut changes: HashMap<lsp_types::Url, Vec<TextEdit>> = HashMap::new();
    for r in analysis.index(&st.ws).all(&o.symbol) {
        if let Some(loc) = location(st, analysis, r.span) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(TextEdit::new(loc.range, new_name.clone()));
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    }))
}

/// The outline of one file.
pub fn document_symbols(
    state: &mut State,
    params: DocumentSymbolParams,
) -> Option<DocumentSymbolResponse> {
    let path = super::path_of(&params.text_document.uri);
    let enc = state.enc;
    let analysis = state.analysis();
    let file = analysis.file_id(&path)?;
    let tree = state.ws.tree(file)?;
    let analysis = state.analysis_ref()?;
    let range = |s: Span| analysis.range(s, enc);
    #[allow(deprecated)]
    let symbol = |name: String, detail: Option<String>, kind, span: Span, id: Span, children| {
        DocumentSymbol {
            name,
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: range(span),
            selection_range: range(id),
            children,
        }
    };
    let mut out = Vec::new();
    for item in &tree.items {
        match item {
            Item::Party(p) => out.push(symbol(
                p.id.name.to_string(),
                Some(p.kind.keyword().to_string()),
                SymbolKind::CLASS,
                p.span,
                p.id.span,
                None,
            )),
            Item::Dataset(d) => {
                let mut children = Vec::new();
                for f in &d.fields {
                    children.push(symbol(
                        f.name.name.to_string(),
                        f.category.as_ref().map(|c| c.name.to_string()),
                        SymbolKind::FIELD,
                        f.span,
                        f.name.span,
                        None,
                    ));
                }
                for p in &d.purposes {
                    children.push(symbol(
                        p.id.name.to_string(),
                        Some("purpose".to_string()),
                        SymbolKind::METHOD,
                        p.span,
                        p.id.span,
                        None,
                    ));
                }
                out.push(symbol(
                    d.id.name.to_string(),
                    Some("dataset".to_string()),
                    SymbolKind::STRUCT,
                    d.span,
                    d.id.span,
                    Some(children),
                ));
            }
            Item::Flow(f) => out.push(symbol(
                format!("{} -> {}", f.source.name, f.target.name),
                Some("flow".to_string()),
                SymbolKind::EVENT,
                f.span,
                f.source.span.to(f.target.span),
                None,
            )),
        }
    }
    Some(DocumentSymbolResponse::Nested(out))
}

/// Parties, datasets and purposes whose ID contains the query.
pub fn workspace_symbols(
    state: &mut State,
    params: WorkspaceSymbolParams,
) -> Option<WorkspaceSymbolResponse> {
    let query = params.query.to_lowercase();
    state.analysis();
    let st: &State = state;
    let analysis = st.analysis_ref()?;
    let mut out = Vec::new();
    #[allow(deprecated)]
    let mut add = |name: &str, kind, container: Option<&str>, span: Span| {
        if !name.to_lowercase().contains(&query) {
            return;
        }
        if let Some(location) = location(st, analysis, span) {
            out.push(SymbolInformation {
                name: name.to_string(),
                kind,
                tags: None,
                deprecated: None,
                location,
                container_name: container.map(str::to_string),
            });
        }
    };
    for (_, tree) in st.ws.trees() {
        for item in &tree.items {
            match item {
                Item::Party(p) => add(&p.id.name, SymbolKind::CLASS, None, p.id.span),
                Item::Dataset(d) => {
                    add(&d.id.name, SymbolKind::STRUCT, None, d.id.span);
                    for p in &d.purposes {
                        add(&p.id.name, SymbolKind::METHOD, Some(&d.id.name), p.id.span);
                    }
                }
                Item::Flow(_) => {}
            }
        }
    }
    Some(WorkspaceSymbolResponse::Flat(out))
}

/// The item (party or dataset) whose span covers an offset.
pub fn item_at(tree: &ast::File, offset: u32) -> Option<&Item> {
    tree.items.iter().find(|i| {
        let s = match i {
            Item::Party(p) => p.span,
            Item::Dataset(d) => d.span,
            Item::Flow(f) => f.span,
        };
        s.start <= offset && offset <= s.end
    })
}
