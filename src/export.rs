//! `ropa export --format json`: the model as data, the input Rego
//! policies read. The schema is versioned ([`SCHEMA`]) and documented in
//! `docs/export.md`; `tests/schemas/ropa-export.schema.json` checks it.
//!
//! Every item carries its location (file, 1-based line and column) so
//! that a consumer can point back at the declaration.

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::data::RuleData;
use crate::graph::Graph;
use crate::model::{purpose_kind, Dataset, Flow, Model, Target};
use crate::source::{Sources, Span};
use crate::syntax::ast::{self, EndAction, Length, Retention};

/// A JSON object of `"key" => value` pairs, each value moved in with
/// `Value::from`. (`serde_json::json!` serializes every interpolated value
/// again: a deep copy of each nested object, which made the export of a
/// large model several times slower and larger than its result.)
macro_rules! object {
    ($($key:literal => $value:expr),* $(,)?) => {{
        let mut map = Map::new();
        $( map.insert($key.to_string(), Value::from($value)); )*
        Value::Object(map)
    }};
}

/// The version of the export's schema; raised on any incompatible change.
pub const SCHEMA: u32 = 1;

/// The model as the JSON document `ropa export --format json` prints.
pub fn model(model: &Model, graph: &Graph, data: &RuleData) -> Value {
    let sources = &model.sources;
    let flow_ids = flow_ids(model);
    // Items are made on every core; `collect` keeps their order.
    let parties: Vec<Value> = model
        .parties
        .par_iter()
        .map(|p| party(sources, p, model, data))
        .collect();
    let datasets: Vec<Value> = (0..model.datasets.len())
        .into_par_iter()
        .map(|i| dataset(model, graph, data, i, &flow_ids))
        .collect();
    let flows: Vec<Value> = model
        .flows
        .par_iter()
        .zip(&flow_ids)
        .map(|(f, id)| flow(model, graph, f, id))
        .collect();
    let mut recipients = Vec::new();
    for d in &model.datasets {
        for r in &d.recipients {
            recipients.push(object! {
                "dataset" => d.id(),
                "party" => model.parties[r.party].id(),
                "flow" => r.flow.map(|f| flow_ids[f].clone()),
                "location" => location(sources, r.span),
            });
        }
    }
    object! {
        "schema" => SCHEMA,
        "parties" => parties,
        "datasets" => datasets,
        "flows" => flows,
        "recipients" => recipients,
    }
}

/// The export as pretty-printed JSON text, with a final newline.
pub fn to_string(model: &Model, graph: &Graph, data: &RuleData) -> String {
    let mut out =
        serde_json::to_string_pretty(&self::model(model, graph, data)).unwrap_or_default();
    out.push('\n');
    out
}

/// Flow IDs: `source->target`, with `#2`, `#3`, ... for further flows
/// between the same two ends, in declaration order.
pub fn flow_ids(model: &Model) -> Vec<String> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    model
        .flows
        .iter()
        .map(|f| {
            let base = format!("{}->{}", f.ast.source.name, f.ast.target.name);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 {
                base
            } else {
                format!("{base}#{n}")
            }
        })
        .collect()
}

/// `{file, line, column}` of a span's start.
pub fn location(sources: &Sources, span: Span) -> Value {
    let file = sources.get(span.file);
    let at = file.line_col(span.start);
    object! {
        "file" => file.path.to_string_lossy().replace('\\', "/"),
        "line" => at.line,
        "column" => at.column,
    }
}

fn idents(list: Option<&ast::Attr<Vec<ast::Ident>>>) -> Vec<&str> {
    list.map(|a| a.value.iter().map(|i| i.name.as_str()).collect())
        .unwrap_or_default()
}

fn text<T>(attr: &Option<T>, get: impl Fn(&T) -> &str) -> Value {
    attr.as_ref().map_or(Value::Null, |a| Value::from(get(a)))
}

fn party(sources: &Sources, p: &crate::model::Party, model: &Model, data: &RuleData) -> Value {
    let a = &p.ast;
    object! {
        "id" => p.id(),
        "kind" => a.kind.keyword(),
        "name" => text(&a.display_name, |s| &s.value),
        "countries" => idents(a.country.as_ref()),
        "public_authority" => a.public_authority.is_some(),
        "dpo" => text(&a.dpo, |s| &s.value.value),
        "representative" => text(&a.representative, |s| &s.value.value),
        "contact" => text(&a.contact, |s| &s.value.value),
        "dpa" => text(&a.dpa, |s| &s.value.value),
        "transfer" => a.transfer.as_ref().map_or(Value::Null, |t| object! {
            "mechanism" => t.value.mechanism.name.as_str(),
            "reference" => t.value.reference.as_ref().map(|r| r.value.as_str()),
            "tia" => t.value.tia.as_ref().map(|r| r.value.value.as_str()),
        }),
        "subprocessors" => p.subprocessors.iter().map(|(s, _)| model.parties[*s].id()).collect::<Vec<_>>(),
        "law" => p.laws().map(|l| l.value.as_str()).collect::<Vec<_>>(),
        "market" => p.markets(data).map(|c| c.name.as_str()).collect::<Vec<_>>(),
        "location" => location(sources, a.id.span),
    }
}

/// A retention as data: its canonical text, its kind, and its length in
/// days when it has one.
pub fn retention(r: &Retention) -> Value {
    let (kind, days) = match r {
        Retention::Duration { .. } => ("duration", r.length()),
        Retention::Session(_) => ("session", r.length()),
        Retention::None(_) => ("none", r.length()),
        Retention::Until(_) => ("until", None),
        Retention::ByLaw(_) => ("by_law", None),
        Retention::Indefinite(_) => ("indefinite", None),
    };
    let days = match days {
        Some(Length::Twelfths(t)) => Value::from(t as f64 / 12.0),
        Some(Length::Transient) => Value::from(0),
        None => Value::Null,
    };
    let mut out = object! {
        "text" => r.to_string(),
        "kind" => kind,
        "days" => days,
    };
    match r {
        Retention::Duration {
            amount,
            unit,
            after,
            then,
            ..
        } => {
            out["amount"] = Value::from(*amount);
            out["unit"] = Value::from(unit.name());
            out["after"] = Value::from(after.as_ref().map(|a| a.name.as_str()));
            out["then"] = Value::from(match then {
                EndAction::Delete => "delete",
                EndAction::Anonymise => "anonymise",
                EndAction::Archive => "archive",
            });
        }
        Retention::Until(event) => out["until"] = Value::from(event.name.as_str()),
        Retention::ByLaw(law) => out["law"] = Value::from(law.value.as_str()),
        _ => {}
    }
    out
}

fn basis(b: Option<&ast::Attr<ast::Basis>>) -> Value {
    b.map_or(Value::Null, |b| {
        object! {
            "value" => b.value.value.name.as_str(),
            "reference" => b.value.reference.as_ref().map(|r| r.value.as_str()),
        }
    })
}

fn purpose(sources: &Sources, d: &Dataset, p: &ast::Purpose, data: &RuleData) -> Value {
    let consent = p.consent.as_ref().map_or(Value::Null, |c| {
        let c = &c.value;
        object! {
            "withdraw" => c.withdraw.as_ref().map(|w| w.value.value.as_str()),
            "record" => c.record.as_ref().map(|w| w.value.value.as_str()),
            "bundled" => c.bundled.is_some(),
            "implied" => c.implied.is_some(),
        }
    });
    object! {
        "id" => p.id.name.as_str(),
        "description" => p.description.as_ref().map(|s| s.value.as_str()),
        "kind" => purpose_kind(p, data),
        "basis" => basis(p.basis.as_ref()),
        "special_basis" => basis(p.special_basis.as_deref()),
        "criminal_basis" => basis(p.criminal_basis.as_deref()),
        "consent" => consent,
        "justification" => p.justification.as_ref().map(|s| s.value.value.as_str()),
        "compatibility" => p.compatibility.as_ref().map(|s| s.value.value.as_str()),
        "profiling" => p.profiling.is_some(),
        "automated_decisions" => p.automated_decisions.is_some(),
        "soft_opt_in" => p.soft_opt_in.as_ref().map(|s| s.value.value.as_str()),
        "objection" => p.objection.as_ref().map(|s| s.value.value.as_str()),
        "retention" => d.retention_of(p).map_or(Value::Null, |r| retention(&r.value)),
        "own_retention" => p.retention.is_some(),
        "location" => location(sources, p.id.span),
    }
}

fn dataset(model: &Model, graph: &Graph, data: &RuleData, i: usize, flow_ids: &[String]) -> Value {
    let sources = &model.sources;
    let d = &model.datasets[i];
    let a = &d.ast;
    let fields: Vec<Value> = a
        .fields
        .iter()
        .map(|f| {
            object! {
                "name" => f.name.name.as_str(),
                "category" => f.category.as_ref().map(|c| c.name.as_str()),
                "description" => f.description.as_ref().map(|s| s.value.as_str()),
                "location" => location(sources, f.name.span),
            }
        })
        .collect();
    let mut declared: Vec<&str> = a
        .fields
        .iter()
        .filter_map(|f| f.category.as_ref().map(|c| c.name.as_str()))
        .collect();
    declared.sort_unstable();
    declared.dedup();
    let effective: Vec<Value> = graph
        .effective_fields(model, i)
        .iter()
        .filter_map(|c| {
            let origin = &model.datasets[c.origin];
            let field = origin.ast.fields.get(c.field)?;
            let category = field.category.as_ref()?;
            let path: Vec<Value> = match c.flow {
                None => vec![Value::from(d.id())],
                Some(_) => graph
                    .path(model, i, c)
                    .into_iter()
                    .map(|s| s.map_or(Value::Null, |s| Value::from(model.datasets[s].id())))
                    .collect(),
            };
            Some(object! {
                "category" => category.name.as_str(),
                "origin" => origin.id(),
                "field" => field.name.name.as_str(),
                "flow" => c.flow.map(|f| flow_ids.get(f).cloned().unwrap_or_default()),
                "path" => path,
            })
        })
        .collect();
    let source: Vec<Value> = a
        .source
        .iter()
        .flat_map(|s| s.value.iter())
        .map(|s| Value::from(s.text()))
        .collect();
    let mut out = Map::new();
    out.insert("id".into(), Value::from(d.id()));
    out.insert(
        "name".into(),
        text(&a.display_name, |s: &ast::Str| &s.value),
    );
    out.insert(
        "controllers".into(),
        Value::from(
            d.controllers
                .iter()
                .map(|c| model.parties[*c].id())
                .collect::<Vec<_>>(),
        ),
    );
    out.insert(
        "arrangement".into(),
        Value::from(a.arrangement.as_ref().map(|s| s.value.value.as_str())),
    );
    out.insert("subjects".into(), Value::from(idents(a.subjects.as_ref())));
    out.insert("sources".into(), Value::from(source));
    out.insert("fields".into(), Value::from(fields));
    out.insert(
        "purposes".into(),
        Value::from(
            a.purposes
                .iter()
                .map(|p| purpose(sources, d, p, data))
                .collect::<Vec<_>>(),
        ),
    );
    out.insert(
        "retention".into(),
        a.retention
            .as_ref()
            .map_or(Value::Null, |r| retention(&r.value)),
    );
    out.insert(
        "recipients".into(),
        Value::from(
            d.recipients
                .iter()
                .map(|r| model.parties[r.party].id())
                .collect::<Vec<_>>(),
        ),
    );
    out.insert(
        "cookies".into(),
        Value::from(
            a.cookies
                .as_ref()
                .map(|c| c.value.iter().map(|x| x.text()).collect::<Vec<_>>()),
        ),
    );
    out.insert("measures".into(), Value::from(idents(a.measures.as_ref())));
    out.insert(
        "dpia".into(),
        Value::from(a.dpia.as_ref().map(|s| s.value.value.as_str())),
    );
    out.insert(
        "scale".into(),
        match a.scale.as_ref().map(|s| s.value) {
            None => Value::Null,
            Some(ast::Scale::Large) => Value::from("large"),
            Some(ast::Scale::Subjects(n)) => Value::from(n),
        },
    );
    out.insert("anonymous".into(), Value::from(d.is_anonymous()));
    out.insert("owner".into(), Value::from(d.owner()));
    out.insert(
        "reviewed".into(),
        Value::from(d.reviewed().map(|r| r.to_string())),
    );
    out.insert("declared_categories".into(), Value::from(declared));
    out.insert("effective_categories".into(), Value::from(effective));
    out.insert("location".into(), location(sources, a.id.span));
    Value::Object(out)
}

fn flow(model: &Model, graph: &Graph, f: &Flow, id: &str) -> Value {
    let sources = &model.sources;
    let a = &f.ast;
    let (target_kind, purpose) = match f.target {
        Target::Dataset(t) => (
            "dataset",
            f.purpose
                .and_then(|p| model.datasets[t].ast.purposes.get(p))
                .map(|p| p.id.name.as_str()),
        ),
        Target::Party(_) => ("party", None),
    };
    object! {
        "id" => id,
        "source" => a.source.name.as_str(),
        "target" => a.target.name.as_str(),
        "target_kind" => target_kind,
        "fields" => a.fields.as_ref().map(|fs| fs.value.iter().map(|x| x.name.as_str()).collect::<Vec<_>>()),
        "purpose" => purpose,
        "anonymised" => a.anonymised.is_some(),
        "pseudonymised" => a.pseudonymised.is_some(),
        "when" => a.when.as_ref().map(|w| w.value.value.as_str()),
        "categories" => flow_categories(model, graph, f),
        "location" => location(sources, a.source.span),
    }
}

/// The categories a flow names: those of its `fields`, else every
/// effective category of its source. Sorted, without repeats.
pub fn flow_categories<'m>(model: &'m Model, graph: &Graph, f: &Flow) -> Vec<&'m str> {
    let mut out: Vec<&str> = match &f.fields {
        Some(fields) => {
            let src = &model.datasets[f.source].ast;
            fields
                .iter()
                .filter_map(|&k| src.fields.get(k)?.category.as_ref())
                .map(|c| c.name.as_str())
                .collect()
        }
        None => graph
            .effective_fields(model, f.source)
            .iter()
            .filter_map(|c| {
                let field = model.datasets[c.origin].ast.fields.get(c.field)?;
                field.category.as_ref().map(|c| c.name.as_str())
            })
            .collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}
