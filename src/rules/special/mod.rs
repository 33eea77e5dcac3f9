//! S: special categories (Art. 9), criminal data (Art. 10), national
//! identity numbers (Art. 87).

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_special.rs"));

use compact_str::CompactString;
use serde::Serialize;

use crate::finding::{said, Code, Finding, Lang, Term, Words};
use crate::graph::Carried;
use crate::model::DatasetId;
use crate::rules::GraphContext;
use crate::source::Span;
use crate::syntax::ast::Field;

/// An effective field of a dataset whose category passes `wanted`, with
/// what a finding about it needs.
pub struct Hit<'a> {
    /// The field's declaration.
    pub field: &'a Field,
    /// Its category.
    pub category: &'a str,
    /// Where the finding points: the category, or the flow that brings it.
    pub span: Span,
    /// The dataset the field is declared in and the path it takes here,
    /// when it arrives through flows.
    pub from: Option<Via>,
    /// How it got here, as related labels.
    pub carried: Carried,
}

/// The categories a rule is about: a test on a category's name, and the
/// same test as a mask over the model's category numbers
/// ([`crate::graph::Graph::category_mask`]), made once for all datasets.
pub struct Wanted<F> {
    test: F,
    mask: Vec<u64>,
}

impl<F: Fn(&str) -> bool> Wanted<F> {
    /// The categories whose names pass `test`.
    pub fn new(cx: &GraphContext, test: F) -> Wanted<F> {
        let mask = cx.graph.category_mask(&test);
        Wanted { test, mask }
    }

    /// Whether any effective field of `dataset` has one of them: a test on
    /// bits, before a rule lists the dataset's fields.
    pub fn held_by(&self, cx: &GraphContext, dataset: DatasetId) -> bool {
        cx.graph.holds_any(dataset, &self.mask)
    }
}

/// The effective fields of `dataset` whose category is `wanted`.
pub fn fields_where<'a>(
    cx: &'a GraphContext,
    dataset: DatasetId,
    wanted: &Wanted<impl Fn(&str) -> bool>,
) -> Vec<Hit<'a>> {
    let model = cx.model;
    let mut out = Vec::new();
    for c in cx
        .graph
        .each_effective_field_in(model, dataset, &wanted.mask)
    {
        let field = &model.datasets[c.origin].ast.fields[c.field];
        let Some(category) = &field.category else {
            continue;
        };
        if !(wanted.test)(&category.name) {
            continue;
        }
        let (span, from) = match c.flow {
            None => (category.span, None),
            Some(flow) => {
                let from = Via {
                    declared_in: CompactString::from(model.datasets[c.origin].id()),
                    path: cx
                        .graph
                        .path(model, dataset, &c)
                        .iter()
                        .map(|step| match step {
                            Some(d) => CompactString::from(model.datasets[*d].id()),
                            None => CompactString::const_new("…"),
                        })
                        .collect(),
                };
                (model.flows[flow].ast.target.span, Some(from))
            }
        };
        out.push(Hit {
            field,
            category: &category.name,
            span,
            from,
            carried: c,
        });
    }
    out
}

/// The datasets a carried field passes through, from its declaration to
/// `dataset`, with `…` for an elided middle.
pub fn path_ids<'a>(cx: &GraphContext<'a>, dataset: DatasetId, carried: &Carried) -> Vec<&'a str> {
    cx.graph
        .path(cx.model, dataset, carried)
        .iter()
        .map(|step| match step {
            Some(d) => cx.model.datasets[*d].id(),
            None => "…",
        })
        .collect()
}

/// Where an inherited field is declared and the flows it takes to the
/// dataset a finding is about: facts of S001, S003 and S004.
#[derive(Debug, Clone, Serialize)]
pub struct Via {
    /// The dataset that declares the field.
    pub declared_in: CompactString,
    /// The datasets it passes through, ending with the finding's own
    /// (`…` for an elided middle).
    pub path: Vec<CompactString>,
}

/// What a message about a sensitive field names, in words: the field, its
/// category, how it reached the dataset, the dataset, and its purposes
/// (cut to a few), with whether there are several.
pub struct Named<'a> {
    /// The field.
    pub field: Code<'a>,
    /// Its category.
    pub category: Term<'a>,
    /// " (declared in ...) reaches ... via ... and", or nothing when
    /// declared here.
    pub via: Clause<'a>,
    /// The dataset.
    pub dataset: Code<'a>,
    /// The purposes.
    pub purposes: String,
    /// Whether there are several purposes.
    pub many: bool,
}

impl<'a> Named<'a> {
    /// The words for a field of `dataset` and the purposes a finding names.
    pub fn of(
        w: &Words,
        (field, category): (&'a str, &'a str),
        via: Option<&'a Via>,
        dataset: &'a str,
        purposes: &[impl AsRef<str>],
    ) -> Named<'a> {
        Named {
            field: w.id(field),
            category: w.value(crate::finding::Vocab::Category, category),
            via: Clause {
                via,
                dataset,
                lang: w.lang,
            },
            dataset: w.id(dataset),
            purposes: w.list(purposes, |n| w.id(n).to_string()),
            many: purposes.len() > 1,
        }
    }
}

/// ` (declared in `a`) reaches `b` via a → b and`: what comes between a
/// field and what the record states of it, when the field flows in;
/// nothing when it is declared in the dataset. Written into the message.
pub struct Clause<'a> {
    via: Option<&'a Via>,
    dataset: &'a str,
    lang: Lang,
}

impl std::fmt::Display for Clause<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(v) = self.via else {
            return Ok(());
        };
        let (from, to, path) = v.parts(self.dataset);
        match self.lang {
            Lang::En => write!(f, " (declared in {from}) reaches {to} via {path} and"),
            Lang::Sv => write!(f, " (deklarerat i {from}) når {to} via {path} och"),
        }
    }
}

/// The datasets of a path, joined by arrows; with `coded`, each name set
/// off as code (`…`, an elided middle, stays as it is).
pub struct Path<'a> {
    /// The datasets, in order.
    pub steps: &'a [CompactString],
    /// Whether the names are set off as code.
    pub coded: bool,
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(" → ")?;
            }
            if self.coded && step != "…" {
                Code(step).fmt(f)?;
            } else {
                f.write_str(step)?;
            }
        }
        Ok(())
    }
}

impl Via {
    /// Where the field is declared, the dataset it reaches, and the path.
    fn parts<'a>(&'a self, dataset: &'a str) -> (Code<'a>, Code<'a>, Path<'a>) {
        let path = Path {
            steps: &self.path,
            coded: false,
        };
        (Code(&self.declared_in), Code(dataset), path)
    }

    /// ` (declared in `a`, reaching `b` via a → b)`: an aside after a
    /// field's name.
    pub fn aside(&self, w: &Words, dataset: &str) -> String {
        let (from, to, path) = self.parts(dataset);
        w.say(
            || format!(" (declared in {from}, reaching {to} via {path})"),
            || format!(" (deklarerat i {from}, som når {to} via {path})"),
        )
    }
}

/// Adds the related label on an inherited field's declaration.
pub fn with_origin(finding: Finding, hit: &Hit) -> Finding {
    if hit.carried.flow.is_some() {
        finding.related(hit.field.name.span, said("declared here", "deklarerat här"))
    } else {
        finding
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The clause of a field that flows in, in both languages, and none
    /// for a field declared in the dataset.
    #[test]
    fn a_clause_names_where_the_field_comes_from_and_its_path() {
        let via = Via {
            declared_in: CompactString::from("applicants"),
            path: ["applicants", "…", "archive"]
                .map(CompactString::from)
                .to_vec(),
        };
        let clause = |via, lang| {
            Clause {
                via,
                dataset: "archive",
                lang,
            }
            .to_string()
        };
        assert_eq!(
            clause(Some(&via), Lang::En),
            " (declared in `applicants`) reaches `archive` via applicants → … → archive and"
        );
        assert_eq!(
            clause(Some(&via), Lang::Sv),
            " (deklarerat i `applicants`) når `archive` via applicants → … → archive och"
        );
        assert_eq!(clause(None, Lang::Sv), "");
    }
}
