//! The section "Changes since REV (DATE)" (`ropa report --changes-since`):
//! what `ropa diff REV` shows, worded in the report's language for the
//! legal reader who signs the record off. Vocabulary values, countries and
//! retention periods are in words; IDs and the model's own text (event
//! names, references) stay as written. The JSON report carries the diff's
//! own document instead (docs/diff.md).

use std::sync::Arc;

use super::labels::{country, ChangeWords, Labels, Vocab};
use super::record::{
    retention_view, Basis, ChangeEntry as Entry, ChangeGroup as Group, Changes, FindingLine, Line,
    Piece,
};
use super::words;
use super::Lang;
use crate::data::RuleData;
use crate::diff::{
    CategoryView, DatasetChange, Destination, Diff, FindingView, PartyChange, Status, Value,
    ValueChange,
};
use crate::finding::Words;
use crate::model::Model;

fn text(s: impl Into<String>) -> Piece {
    Piece::Text(s.into())
}

fn id(s: impl Into<String>) -> Piece {
    Piece::Id(s.into())
}

/// "Dataset `x` removed": the words around an ID.
fn around(pair: (&str, &str), ident: &str) -> Line {
    around_line(pair, vec![id(ident)])
}

/// "Dataset Kunder (`customers`) removed": the words around a name.
fn around_line(pair: (&str, &str), subject: Line) -> Line {
    let mut out = vec![text(format!("{} ", pair.0))];
    out.extend(subject);
    if !pair.1.is_empty() {
        out.push(text(format!(" {}", pair.1)));
    }
    out
}

/// A line's first letter in upper case.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Wording<'a> {
    lang: Lang,
    l: &'static Labels,
    c: &'static ChangeWords,
    data: &'a RuleData,
    model: &'a Model,
    words: &'a Words<'static>,
}

/// The section for `diff`, in `lang`; names of parties and datasets from
/// `model` (the working tree's), findings worded with `words`.
pub fn word(
    diff: Arc<Diff>,
    data: &RuleData,
    model: &Model,
    lang: Lang,
    words: &Words<'static>,
) -> Changes {
    let l = Labels::of(lang);
    let w = Wording {
        lang,
        l,
        c: l.changes,
        data,
        model,
        words,
    };
    let c = l.changes;
    let from = &diff.from;
    let title = match &from.date {
        Some(d) => format!("{} {} ({d})", c.title, from.revision),
        None => format!("{} {}", c.title, from.revision),
    };
    let mut intro = vec![c.intro.to_string()];
    if let Some(commit) = &from.commit {
        intro.push(format!("{} {} {commit}.", c.compared_with, l.from_commit));
    }
    if from.incomplete {
        intro.push(c.incomplete_then.to_string());
    }
    let groups = diff
        .controllers
        .iter()
        .map(|g| Group {
            heading: w.controllers(&g.controllers),
            datasets: g.datasets.iter().map(|d| w.dataset(d)).collect(),
        })
        .collect();
    let parties = diff.parties.iter().map(|p| w.party(p)).collect();
    let introduced = diff.introduced.iter().map(|f| w.finding(f)).collect();
    let resolved = diff.resolved.iter().map(|f| w.finding(f)).collect();
    Changes {
        nothing: diff.is_empty(),
        diff,
        title,
        intro,
        groups,
        parties,
        introduced,
        resolved,
    }
}

impl Wording<'_> {
    /// A party's display name and ID, or its ID when the working tree no
    /// longer declares it.
    fn named(&self, party: &str) -> Line {
        match self.model.party(party) {
            Some(p) => match &p.ast.display_name {
                Some(name) => vec![text(format!("{} (", name.value)), id(party), text(")")],
                None => vec![id(party)],
            },
            None => vec![id(party)],
        }
    }

    /// A dataset's display name and ID, or its ID.
    fn dataset_named(&self, dataset: &str) -> Line {
        let named = self
            .model
            .dataset_index
            .get(dataset)
            .and_then(|&i| self.model.datasets.get(i))
            .and_then(|d| d.ast.display_name.as_ref());
        match named {
            Some(name) => vec![text(format!("{} (", name.value)), id(dataset), text(")")],
            None => vec![id(dataset)],
        }
    }

    fn controllers(&self, ids: &[String]) -> Line {
        let l = self.l;
        if ids.is_empty() {
            return vec![text(l.no_controller)];
        }
        let label = if ids.len() == 1 {
            l.controller
        } else {
            l.joint_controllers
        };
        let mut out = vec![text(format!("{label}: "))];
        for (i, c) in ids.iter().enumerate() {
            if i > 0 {
                out.push(text(", "));
            }
            out.extend(self.named(c));
        }
        out
    }

    fn dataset(&self, d: &DatasetChange) -> Entry {
        let c = self.c;
        let pair = match d.status {
            Status::Added => c.dataset_added,
            Status::Removed => c.dataset_removed,
            Status::Changed => c.dataset_changed,
        };
        let head = around_line(pair, self.dataset_named(&d.id));
        let mut lines: Vec<Line> = Vec::new();
        for p in &d.purposes {
            let (pair, values) = match p.status {
                Status::Added => (c.purpose_added, self.stated(&p.changes)),
                Status::Removed => (c.purpose_removed, Vec::new()),
                Status::Changed => (
                    c.purpose_changed,
                    p.changes.iter().map(|v| self.change(v, false)).collect(),
                ),
            };
            let mut line = around(pair, &p.id);
            if !values.is_empty() {
                line.push(text(format!(": {}", values.join("; "))));
            }
            lines.push(line);
        }
        if let Some(r) = &d.retention {
            lines.push(vec![text(capitalised(&self.change(r, true)))]);
        }
        for cat in &d.categories_added {
            lines.push(self.category(c.category_added, cat));
        }
        for cat in &d.categories_removed {
            lines.push(self.category(c.category_removed, cat));
        }
        for r in &d.recipients_added {
            let mut line = vec![text(format!("{}: ", c.recipient_added))];
            line.extend(self.named(r));
            lines.push(line);
        }
        for r in &d.recipients_removed {
            let mut line = vec![text(format!("{}: ", c.recipient_removed))];
            line.extend(self.named(r));
            lines.push(line);
        }
        for t in &d.new_destinations {
            lines.push(self.destination(t));
        }
        Entry { head, lines }
    }

    /// The name of what changed.
    fn what(&self, what: &str, dataset: bool) -> &'static str {
        let names = &self.c.what;
        match what {
            "basis" => names[0],
            "special_basis" => names[1],
            "criminal_basis" => names[2],
            "kind" => names[3],
            "retention" if dataset => names[5],
            "retention" => names[4],
            "country" => names[6],
            "transfer" => names[7],
            _ => names[8],
        }
    }

    /// A value in words: a vocabulary value by its name (with its article
    /// for a basis or mechanism), countries by name, a retention period in
    /// the report's language; text as declared.
    fn value(&self, what: &str, v: &Value) -> String {
        let lang = self.lang;
        let data = self.data;
        match v {
            Value::Code(code) => {
                let table = match what {
                    "basis" => Some((Vocab::Basis, data.legal_bases.get(code.as_str()))),
                    "special_basis" => Some((Vocab::Art9, data.art9_conditions.get(code.as_str()))),
                    "criminal_basis" => {
                        Some((Vocab::Art10, data.criminal_authorities.get(code.as_str())))
                    }
                    "transfer" => Some((
                        Vocab::Mechanism,
                        data.mechanisms.get(code.as_str()).map(|m| &m.article),
                    )),
                    _ => None,
                };
                match table {
                    Some((vocab, article)) => words::basis(
                        lang,
                        vocab,
                        &Basis {
                            value: code,
                            article: article.map(String::as_str),
                            reference: None,
                        },
                    ),
                    None => words::term_or_code(lang, Vocab::Kind, code),
                }
            }
            Value::Retention(r) => words::retention(self.l, &retention_view(r)),
            Value::Countries(codes) => self.countries(codes),
            Value::Text(t) => t.clone(),
        }
    }

    fn countries(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| country(self.lang, c).map_or_else(|| c.clone(), str::to_string))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What an added item states: `legal basis: Consent (Art. 6(1)(a))`.
    fn stated(&self, values: &[ValueChange]) -> Vec<String> {
        values
            .iter()
            .filter_map(|v| {
                let to = v.to.as_ref()?;
                Some(format!(
                    "{}: {}",
                    self.what(v.what, false),
                    self.value(v.what, to)
                ))
            })
            .collect()
    }

    /// "legal basis was Contract (Art. 6(1)(b)), is now Legitimate
    /// interests (Art. 6(1)(f))".
    fn change(&self, v: &ValueChange, dataset: bool) -> String {
        let c = self.c;
        let what = self.what(v.what, dataset);
        let mut out = match (&v.from, &v.to) {
            (Some(from), Some(to)) => format!(
                "{what} {} {}, {} {}",
                c.was,
                self.value(v.what, from),
                c.is_now,
                self.value(v.what, to)
            ),
            (None, Some(to)) => format!(
                "{what} {} {} {}",
                c.is_now,
                self.value(v.what, to),
                c.not_before
            ),
            (Some(from), None) => format!(
                "{what} {} {}, {}",
                c.was,
                self.value(v.what, from),
                c.no_longer
            ),
            (None, None) => what.to_string(),
        };
        if v.longer {
            out.push_str(&format!(" ({})", c.longer));
        }
        out
    }

    /// "New category of personal data: Health (field `health`), special
    /// category (Art. 9)".
    fn category(&self, lead: &str, cat: &CategoryView) -> Line {
        let (l, c) = (self.l, self.c);
        let name = words::term_or_code(self.lang, Vocab::Category, &cat.category);
        let field = if cat.fields.len() == 1 {
            c.fields.0
        } else {
            c.fields.1
        };
        let mut line = vec![text(format!("{lead}: {name} ({field} "))];
        for (i, f) in cat.fields.iter().enumerate() {
            if i > 0 {
                line.push(text(", "));
            }
            line.push(id(f));
        }
        line.push(text(")"));
        let mark = match cat.mark {
            Some("special") => Some(l.special),
            Some("criminal") => Some(l.criminal),
            Some("national_id") => Some(c.national_id),
            _ => None,
        };
        if let Some(m) = mark {
            line.push(text(format!(", {m}")));
        }
        line
    }

    /// "New transfer to a third country: CRM Inc (`us_crm`), the United
    /// States, via ...: no mechanism recorded".
    fn destination(&self, t: &Destination) -> Line {
        let l = self.l;
        let mut line = vec![text(format!("{}: ", self.c.destination_added))];
        line.extend(self.named(&t.party));
        line.push(text(format!(", {}", self.countries(&t.countries))));
        if !t.via.is_empty() {
            line.push(text(format!(" {} ", l.via)));
            for (i, v) in t.via.iter().enumerate() {
                if i > 0 {
                    line.push(text(" → "));
                }
                line.push(id(v));
            }
        }
        let safeguard = match t.mechanism.as_deref() {
            Some("adequacy") => l.adequacy_decision.to_string(),
            Some(m) => self.value("transfer", &Value::Code(m.to_string())),
            None => l.none_recorded.to_string(),
        };
        line.push(text(format!(": {safeguard}")));
        line
    }

    fn party(&self, p: &PartyChange) -> Line {
        let c = self.c;
        let controller = p.kind == "controller";
        let pair = match (p.status, controller) {
            (Status::Added, true) => c.controller_added,
            (Status::Added, false) => c.processor_added,
            (Status::Removed, true) => c.controller_removed,
            (Status::Removed, false) => c.processor_removed,
            (Status::Changed, true) => c.controller_changed,
            (Status::Changed, false) => c.processor_changed,
        };
        let mut line = around_line(pair, self.named(&p.id));
        let values = match p.status {
            Status::Added => self.stated(&p.changes),
            Status::Removed => Vec::new(),
            Status::Changed => p.changes.iter().map(|v| self.change(v, false)).collect(),
        };
        if !values.is_empty() {
            line.push(text(format!(": {}", values.join("; "))));
        }
        line
    }

    fn finding(&self, f: &FindingView) -> FindingLine {
        FindingLine {
            severity: f.severity,
            code: f.code,
            subject: f.dataset.clone().or_else(|| f.party.clone()),
            message: f.finding.message(self.words).into_owned(),
            at: format!("{}:{}", f.file, f.line),
        }
    }
}
