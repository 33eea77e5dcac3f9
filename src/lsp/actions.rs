//! Document formatting (`ropa fmt`) and quick fixes: the did-you-mean of
//! E004 and F001, a suppression comment, and the missing attribute of
//! R001, P001 and A006.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, DocumentFormattingParams,
    Position, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::finding::Finding;
use crate::syntax::ast::Item;

use super::navigate::item_at;
use super::position::LineIndex;
use super::state::State;

/// The whole document in `ropa fmt`'s layout; nothing when it does not parse.
pub fn formatting(state: &mut State, params: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let path = super::path_of(&params.text_document.uri);
    let text = state.text(&path)?;
    let formatted = crate::fmt::format_source(text).ok()?;
    if formatted == text {
        return Some(Vec::new());
    }
    let lines = LineIndex::new(text);
    let end = lines.position(text, text.len(), state.enc);
    Some(vec![TextEdit::new(
        Range::new(Position::new(0, 0), end),
        formatted,
    )])
}

/// What is written for a missing attribute.
fn missing_attribute(code: &str, state: &State) -> Option<&'static str> {
    Some(match code {
        "R001" => "retention 12 months",
        "P001" => "dpa \"the data processing agreement (Art. 28(3))\"",
        "A006" if state.data.countries.contains("SE") => "country SE",
        "A006" => "country eea",
        _ => return None,
    })
}

/// The quick fixes for the findings in a range.
pub fn code_actions(
    state: &mut State,
    params: CodeActionParams,
) -> Option<Vec<CodeActionOrCommand>> {
    let uri = params.text_document.uri;
    let path = super::path_of(&uri);
    let enc = state.enc;
    let analysis = state.analysis();
    let file = analysis.file_id(&path)?;
    let text = analysis.source(file)?.text.clone();
    let lines = LineIndex::new(&text);
    let start = lines.offset(&text, params.range.start, enc) as u32;
    let end = lines.offset(&text, params.range.end, enc) as u32;
    let findings: Vec<Finding> = analysis
        .findings
        .iter()
        .filter(|f| {
            let s = f.primary.span;
            s.file == file && s.start <= end && start <= s.end
        })
        .cloned()
        .collect();
    let st: &State = state;
    let analysis = st.analysis_ref()?;
    let mut out = Vec::new();
    for f in &findings {
        let diagnostic = super::diagnostics::diagnostic(
            f,
            &analysis.run.model.sources,
            &|span| analysis.range(span, enc),
            &|p| st.uri(p),
        );
        let action = |title: String, edits: Vec<TextEdit>, preferred: bool| {
            CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(edit(&uri, edits)),
                is_preferred: Some(preferred),
                ..CodeAction::default()
            })
        };
        let span = f.primary.span;
        // The did-you-mean: the help names the replacement in backticks.
        if matches!(f.rule.code, "E004" | "F001") {
            if let Some(suggestion) = did_you_mean(
                &f.help_text(&crate::finding::Words::developer(crate::finding::Lang::En)),
            ) {
                out.push(action(
                    format!(
                        "Replace `{}` with `{suggestion}`",
                        slice(&text, span.start, span.end)
                    ),
                    vec![TextEdit::new(
                        lines.range(&text, span.start as usize, span.end as usize, enc),
                        suggestion.to_string(),
                    )],
                    true,
                ));
            }
        }
        if let Some(attribute) = missing_attribute(f.rule.code, st) {
            if let Some(edit) = st
                .ws
                .tree(file)
                .and_then(|t| item_at(t, span.start))
                .and_then(|item| insert_attribute(&text, &lines, item, attribute, enc))
            {
                let keyword = attribute.split(' ').next().unwrap_or(attribute);
                out.push(action(format!("Add `{keyword}`"), vec![edit], true));
            }
        }
        // A suppression comment above the line the finding starts on.
        let line_start = text[..(span.start as usize).min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let indent: String = text[line_start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let comment = format!(
            "{indent}// ropa: allow {} \"reason: why this is acceptable\"\n",
            f.rule.code
        );
        let at = lines.position(&text, line_start, enc);
        out.push(action(
            format!("Suppress {} here, with a reason", f.rule.code),
            vec![TextEdit::new(Range::new(at, at), comment)],
            false,
        ));
    }
    Some(out)
}

fn slice(text: &str, start: u32, end: u32) -> &str {
    text.get(start as usize..end as usize).unwrap_or("")
}

/// The suggestion of a "did you mean `x`?" help.
fn did_you_mean(help: &str) -> Option<&str> {
    let rest = help.strip_prefix("did you mean `")?;
    rest.split('`').next().filter(|s| !s.is_empty())
}

fn edit(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// An edit that adds `attribute` as the last line of an item's block.
fn insert_attribute(
    text: &str,
    lines: &LineIndex,
    item: &Item,
    attribute: &str,
    enc: super::position::Encoding,
) -> Option<TextEdit> {
    let span = match item {
        Item::Party(p) => p.span,
        Item::Dataset(d) => d.span,
        Item::Flow(_) => return None,
    };
    let close = text.get(..span.end as usize)?.rfind('}')?;
    let item_line = text[..span.start as usize].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[item_line..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let close_line = text[..close].rfind('\n').map_or(0, |i| i + 1);
    let (at, new) = if text[close_line..close].trim().is_empty() && close_line > span.start as usize
    {
        (close_line, format!("{indent}  {attribute}\n"))
    } else {
        (close, format!("{attribute} "))
    };
    let pos = lines.position(text, at, enc);
    Some(TextEdit::new(Range::new(pos, pos), new))
}
