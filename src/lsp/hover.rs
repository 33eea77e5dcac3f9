//! Hover: on a finding, the rule's documentation; on a party, where it
//! is, how data reaches it and what it receives; on a dataset, its
//! effective categories and the flows inherited ones came by; on a
//! vocabulary value, what it means.

use std::collections::BTreeMap;

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::data::RuleData;
use crate::model::{DatasetId, Model};
use crate::source::{FileId, Span};
use crate::workspace::Run;

use super::context::{self, Block, Slot};
use super::index::Symbol;
use super::state::{Analysis, State};
use super::vocab;

/// The hover at a position.
pub fn hover(state: &mut State, params: HoverParams) -> Option<Hover> {
    let doc = params.text_document_position_params;
    let path = super::path_of(&doc.text_document.uri);
    let enc = state.enc;
    let text = state.text(&path)?.to_string();
    let lines = super::position::LineIndex::new(&text);
    let offset = lines.offset(&text, doc.position, enc);
    state.analysis();
    let st: &State = state;
    let analysis = st.analysis_ref()?;
    let data = &st.data;
    let file = analysis.file_id(&path);

    let mut parts: Vec<String> = Vec::new();
    let mut range: Option<Span> = None;
    if let Some(file) = file {
        for f in findings_at(analysis, file, offset) {
            parts.push(format!(
                "**{} {}** ({}): {}\n\n{}",
                f.rule.code,
                f.rule.name,
                f.severity.as_str(),
                f.message(&crate::finding::Words::developer(crate::finding::Lang::En)),
                f.rule.doc().trim()
            ));
            range.get_or_insert(f.primary.span);
        }
        if let Some(o) = analysis.index(&st.ws).at(file, offset) {
            let about = match &o.symbol {
                Symbol::Party(name) => party(&analysis.run, data, name),
                Symbol::Dataset(name) => dataset(&analysis.run, name),
                Symbol::Purpose(d, p) => Some(format!("purpose `{p}` of dataset `{d}`")),
                Symbol::Field(d, f) => field(&analysis.run, d, f),
            };
            if let Some(about) = about {
                parts.insert(0, about);
                range = Some(o.span);
            }
        }
    }
    if parts.is_empty() {
        let (start, end, word) = context::word_at(&text, offset)?;
        let cx = context::at(&text, start);
        let attribute = match (&cx.block, &cx.slot) {
            (_, Slot::Category) => "category",
            (Block::Party(_) | Block::Dataset(_) | Block::Purpose, Slot::Value(a)) => a,
            _ => return None,
        };
        parts.push(vocab::describe(attribute, word, data)?);
        let range = lines.range(&text, start, end, enc);
        return Some(markdown(parts, Some(range)));
    }
    let range = range.map(|s| analysis.range(s, enc));
    Some(markdown(parts, range))
}

fn markdown(parts: Vec<String>, range: Option<lsp_types::Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    }
}

/// The findings whose primary span covers the offset.
fn findings_at(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> impl Iterator<Item = &crate::finding::Finding> {
    let offset = offset as u32;
    analysis.findings.iter().filter(move |f| {
        let s = f.primary.span;
        s.file == file && s.start <= offset && (offset < s.end || offset == s.start)
    })
}

/// A party: kind, display name, countries, transfer, and what it receives.
fn party(run: &Run, data: &RuleData, name: &str) -> Option<String> {
    let model = &run.model;
    let id = *model.party_index.get(name)?;
    let p = &model.parties[id];
    let mut out = format!("{} `{name}`", p.ast.kind.keyword());
    if let Some(d) = &p.ast.display_name {
        out.push_str(&format!(" — {}", d.value));
    }
    let countries: Vec<&str> = p.countries().map(|c| c.name.as_str()).collect();
    out.push_str(&format!(
        "\n\n- country: {}",
        if countries.is_empty() {
            "not declared".to_string()
        } else {
            countries.join(", ")
        }
    ));
    let markets: Vec<&str> = p.markets(data).map(|c| c.name.as_str()).collect();
    if !markets.is_empty() {
        out.push_str(&format!("\n- market: {}", markets.join(", ")));
    }
    out.push_str(&format!(
        "\n- transfer mechanism: {}",
        p.mechanism().unwrap_or("none declared")
    ));
    if let Some(tia) = p.tia() {
        out.push_str(&format!("\n- transfer impact assessment: {}", tia.value));
    }
    let mut receives: Vec<&str> = model
        .datasets
        .iter()
        .filter(|d| d.recipients.iter().any(|r| r.party == id))
        .map(|d| d.id())
        .collect();
    receives.sort();
    receives.dedup();
    out.push_str(&format!(
        "\n- receives: {}",
        if receives.is_empty() {
            "no dataset".to_string()
        } else {
            receives
                .iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    ));
    Some(out)
}

/// A dataset: its effective categories, inherited ones with their path.
fn dataset(run: &Run, name: &str) -> Option<String> {
    let model = &run.model;
    let id = *model.dataset_index.get(name)?;
    let d = &model.datasets[id];
    let mut out = format!("dataset `{name}`");
    if let Some(n) = &d.ast.display_name {
        out.push_str(&format!(" — {}", n.value));
    }
    if let Some(owner) = d.owner() {
        out.push_str(&format!("\n\n- owner: {owner}"));
    }
    if let Some(date) = d.reviewed() {
        let gap = if d.owner().is_some() { "\n" } else { "\n\n" };
        out.push_str(&format!("{gap}- reviewed: {date}"));
    }
    // Category → how it got here (own, or the first path found).
    let mut categories: BTreeMap<String, String> = BTreeMap::new();
    for carried in run.graph.effective_fields(model, id) {
        let origin = &model.datasets[carried.origin];
        let Some(field) = origin.ast.fields.get(carried.field) else {
            continue;
        };
        let Some(category) = &field.category else {
            continue;
        };
        let how = match carried.flow {
            None => "declared here".to_string(),
            Some(_) => format!(
                "from `{}.{}` via {}",
                origin.id(),
                field.name.name,
                path(model, &run.graph.path(model, id, &carried))
            ),
        };
        let entry = categories
            .entry(category.name.to_string())
            .or_insert(how.clone());
        if how == "declared here" {
            *entry = how;
        }
    }
    if categories.is_empty() {
        out.push_str("\n\nNo categorised field.");
    } else {
        out.push_str("\n\nEffective categories:\n");
        for (category, how) in categories {
            out.push_str(&format!("\n- `{category}`: {how}"));
        }
    }
    Some(out)
}

fn path(model: &Model, steps: &[Option<DatasetId>]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Some(d) => format!("`{}`", model.datasets[*d].id()),
            None => "…".to_string(),
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// A field: its category and description.
fn field(run: &Run, dataset: &str, name: &str) -> Option<String> {
    let model = &run.model;
    let d = &model.datasets[*model.dataset_index.get(dataset)?];
    let f = d.ast.fields.iter().find(|f| f.name.name == name)?;
    let mut out = format!("field `{name}` of dataset `{dataset}`");
    if let Some(c) = &f.category {
        out.push_str(&format!(": `{}`", c.name));
    }
    if let Some(desc) = &f.description {
        out.push_str(&format!("\n\n{}", desc.value));
    }
    Some(out)
}
