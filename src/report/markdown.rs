//! The Markdown report: the same sections as the HTML one, the graph as a
//! Mermaid block. Declaration text is escaped so that it can neither open
//! HTML nor break a table.

use std::fmt::Write;

use super::diagram::{Diagram, EdgeKind, NodeKind};
use super::escape::{markdown as md, markdown_code as mdc, mermaid as mm};
use super::html::{by_help, PLACES};
use super::labels::{article, policy_mark, rule_summary, Labels, Vocab};
use super::record::{
    Changes, DatasetView, FieldView, Mark, Org, Piece, Record, RecordKind, RuleGroup, Section,
    Transfer,
};
use super::rows::{self, Row};
use super::words;
use super::Lang;
use crate::finding::Severity;

/// Renders the report.
pub fn render(record: &Record, diagram: &Diagram, lang: Lang) -> String {
    let mut w = Writer {
        out: String::with_capacity(32 * 1024),
        lang,
        l: Labels::of(lang),
        shift: u32::from(record.changes.is_some()),
    };
    w.head(record);
    w.summary(record);
    if let Some(c) = &record.changes {
        w.changes(c);
    }
    w.record(record);
    w.findings(record);
    w.graph(diagram);
    w.out
}

struct Writer {
    out: String,
    lang: Lang,
    l: &'static Labels,
    /// How far the sections after the summary move down: one when the
    /// section "Changes since" stands second.
    shift: u32,
}

/// A line of the changes section: words escaped, IDs as code.
fn pieces(line: &[Piece]) -> String {
    line.iter()
        .map(|p| match p {
            Piece::Text(t) => md(t),
            Piece::Id(i) => mdc(i),
        })
        .collect()
}

/// A table row from escaped cells.
/// One of our own texts (a rule's summary) in Markdown: its `code` parts
/// stay code spans, the rest is escaped. The texts hold no backtick inside
/// a code span (tested in `labels.rs`).
fn with_code_spans(text: &str) -> String {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{part}`")
            } else {
                md(part)
            }
        })
        .collect()
}

fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// A table head: the labels, then the rule.
fn table_head(labels: &[&str]) -> String {
    let cells: Vec<String> = labels.iter().map(|l| md(l)).collect();
    let rule = vec!["---".to_string(); labels.len()];
    format!("{}{}", row(&cells), row(&rule))
}

impl Writer {
    fn missing(&self) -> String {
        format!("_{}_", md(self.l.not_stated))
    }

    fn or_missing(&self, v: Option<&str>) -> String {
        v.map_or_else(|| self.missing(), md)
    }

    fn head(&mut self, r: &Record) {
        let l = self.l;
        let _ = write!(self.out, "# {}\n\n{}\n\n", md(l.title), md(l.subtitle));
        if !r.organisations.is_empty() {
            let names: Vec<String> = r.organisations.iter().map(|o| md(o.named.name)).collect();
            let _ = write!(self.out, "**{}**\n\n", names.join(" · "));
        }
        let made = words::made(l, r.made.as_ref());
        let _ = write!(
            self.out,
            "_{} {} · {} {}{}{}_\n\n",
            md(l.generated_by),
            env!("CARGO_PKG_VERSION"),
            r.files.len(),
            md(l.from_files),
            if made.is_empty() { "" } else { " · " },
            md(&made)
        );
        if !r.incomplete.is_empty() {
            let _ = write!(
                self.out,
                "> **{}.** {}\n>\n",
                md(l.incomplete_title),
                md(l.incomplete_intro)
            );
            for b in &r.incomplete {
                let _ = writeln!(
                    self.out,
                    "> - `{}:{}` ({}) {}",
                    b.file.replace('`', "'"),
                    b.line,
                    b.code,
                    md(&b.message)
                );
            }
            self.out.push('\n');
        }
    }

    fn summary(&mut self, r: &Record) {
        let l = self.l;
        let c = r.counts;
        let _ = write!(self.out, "## 1. {}\n\n", md(l.summary));
        self.out.push_str(&table_head(&[
            l.organisations,
            l.datasets,
            l.severities[0],
            l.severities[1],
            l.severities[2],
            l.transfers_outside_eea,
        ]));
        self.out.push_str(&row(&[
            r.organisations.len().to_string(),
            r.datasets.len().to_string(),
            c.errors.to_string(),
            c.warnings.to_string(),
            c.infos.to_string(),
            {
                let unsafe_ = r.unsafeguarded_transfers();
                if unsafe_ == 0 {
                    r.transfers.len().to_string()
                } else {
                    format!(
                        "{} ({unsafe_} {})",
                        r.transfers.len(),
                        md(l.unsafeguarded_transfers)
                    )
                }
            },
        ]));
        let _ = write!(self.out, "\n### {}\n\n", md(l.organisations));
        self.out.push_str(&table_head(&[
            l.controller,
            l.country,
            l.dpo,
            l.contact,
            l.datasets,
        ]));
        for o in &r.organisations {
            let mut name = format!("{} ({})", md(o.named.name), mdc(o.named.id));
            if o.public_authority {
                let _ = write!(name, ", {}", md(l.public_authority));
            }
            let cells = [
                name,
                md(&words::places(self.lang, &o.countries)),
                self.or_missing(o.dpo),
                self.or_missing(o.contact),
                o.datasets.to_string(),
            ];
            self.out.push_str(&row(&cells));
        }
        let _ = write!(self.out, "\n### {}\n\n", md(l.transfers_outside_eea));
        if r.transfers.is_empty() {
            let _ = write!(self.out, "{}\n\n", md(l.no_transfers));
            return;
        }
        self.out.push_str(&table_head(&[
            l.dataset,
            l.recipient,
            l.country,
            l.safeguard,
        ]));
        for t in &r.transfers {
            let cells = [
                format!("{} ({})", md(t.dataset.name), mdc(t.dataset.id)),
                self.party_with_via(t),
                md(&words::countries(self.lang, &t.countries)),
                self.safeguard(t),
            ];
            self.out.push_str(&row(&cells));
        }
        self.out.push('\n');
    }

    fn party_with_via(&self, t: &Transfer) -> String {
        let mut out = md(t.party.name);
        if !t.via.is_empty() {
            let chain: Vec<String> = t.via.iter().map(|v| md(v.name)).collect();
            let _ = write!(out, " ({} {})", md(self.l.via), chain.join(" → "));
        }
        out
    }

    fn safeguard(&self, t: &Transfer) -> String {
        let text = md(&words::transfer_safeguard(self.lang, self.l, t));
        if t.unsafeguarded {
            format!("**{text}**")
        } else {
            text
        }
    }

    /// The section "Changes since REV (DATE)": datasets by controller,
    /// parties, then the findings introduced and resolved.
    fn changes(&mut self, c: &Changes) {
        let (l, cw) = (self.l, self.l.changes);
        let _ = write!(self.out, "## 2. {}\n\n", md(&c.title));
        let intro: Vec<String> = c.intro.iter().map(|s| md(s)).collect();
        let _ = write!(self.out, "{}\n\n", intro.join(" "));
        if c.nothing {
            let _ = write!(self.out, "{}\n\n", md(cw.nothing));
            return;
        }
        for g in &c.groups {
            let _ = write!(self.out, "### {}\n\n", pieces(&g.heading));
            for d in &g.datasets {
                let _ = writeln!(self.out, "- **{}**", pieces(&d.head));
                for line in &d.lines {
                    let _ = writeln!(self.out, "  - {}", pieces(line));
                }
            }
            self.out.push('\n');
        }
        if !c.parties.is_empty() {
            let _ = write!(self.out, "### {}\n\n", md(cw.parties));
            for p in &c.parties {
                let _ = writeln!(self.out, "- {}", pieces(p));
            }
            self.out.push('\n');
        }
        for (title, list) in [(cw.introduced, &c.introduced), (cw.resolved, &c.resolved)] {
            if list.is_empty() {
                continue;
            }
            let _ = write!(self.out, "### {} ({})\n\n", md(title), list.len());
            for f in list {
                let mut line = format!("- {} {}: ", md(l.severity_one(f.severity)), mdc(f.code));
                if let Some(subject) = &f.subject {
                    let _ = write!(line, "{}: ", mdc(subject));
                }
                let _ = writeln!(line, "{} ({})", md(&f.message), md(&f.at));
                self.out.push_str(&line);
            }
            self.out.push('\n');
        }
    }

    fn record(&mut self, r: &Record) {
        let l = self.l;
        let _ = write!(
            self.out,
            "## {}. {}\n\n{}\n\n",
            2 + self.shift,
            md(l.record),
            md(l.record_intro)
        );
        for s in &r.sections {
            self.section(r, s);
        }
    }

    fn section(&mut self, r: &Record, s: &Section) {
        let l = self.l;
        match (&s.controller, s.kind) {
            (Some(o), RecordKind::Processor) => {
                let _ = write!(
                    self.out,
                    "### {}: {} ({})\n\n{}\n\n",
                    md(l.processor_record),
                    md(o.named.name),
                    mdc(o.named.id),
                    md(l.processor_intro)
                );
                self.org(o);
                self.processor_record(r, s);
                return;
            }
            (Some(o), RecordKind::Controller) => {
                let _ = write!(
                    self.out,
                    "### {}: {} ({})\n\n",
                    md(l.controller),
                    md(o.named.name),
                    mdc(o.named.id)
                );
                self.org(o);
                if s.datasets.is_empty() {
                    let _ = write!(self.out, "{}\n\n", md(l.no_datasets));
                }
            }
            (None, _) => {
                let _ = write!(self.out, "### {}\n\n", md(l.no_controller));
            }
        }
        let owner = s.controller.as_ref().map(|o| o.named.id);
        for &i in &s.datasets {
            if let Some(d) = r.dataset_view(i) {
                self.dataset(&d, owner);
            }
        }
    }

    /// An Art. 30(2) record: the controllers the processor acts for, each
    /// with its contact details and what is processed for it.
    fn processor_record(&mut self, r: &Record, s: &Section) {
        let l = self.l;
        if s.acts_for.is_empty() {
            let _ = write!(self.out, "{}\n\n", md(l.no_processing));
            return;
        }
        let _ = write!(self.out, "#### {}\n\n", md(l.acts_for));
        for a in &s.acts_for {
            let c = &a.controller;
            let _ = write!(
                self.out,
                "##### {} ({})\n\n",
                md(c.named.name),
                mdc(c.named.id)
            );
            self.items(&[Row::Contact(c.contact), Row::Dpo(c.dpo)]);
            let _ = write!(self.out, "{}:\n\n", md(l.processing));
            self.out.push_str(&table_head(&[
                l.dataset,
                l.purposes,
                l.transfers,
                l.measures,
            ]));
            for &i in &a.datasets {
                let Some(d) = r.dataset_view(i) else { continue };
                let purposes: Vec<String> = d
                    .purposes
                    .iter()
                    .map(|p| {
                        let kind = words::term_or_code(self.lang, Vocab::Kind, p.kind);
                        match &p.description {
                            Some(desc) => format!("{} ({}, {})", md(desc), mdc(p.id), md(&kind)),
                            None => format!("{} ({})", mdc(p.id), md(&kind)),
                        }
                    })
                    .collect();
                let cells = [
                    format!("{} ({})", md(d.named.name), mdc(d.named.id)),
                    self.list_or_missing(purposes),
                    self.value(&Row::Transfers(&d.transfers)),
                    self.value(&Row::Measures(&d.measures)),
                ];
                self.out.push_str(&row(&cells));
            }
            self.out.push('\n');
        }
    }

    fn org(&mut self, o: &Org) {
        self.items(&rows::org(o));
    }

    /// A list of bold labels and values.
    fn items(&mut self, rows: &[Row]) {
        for row in rows {
            let value = self.value(row);
            let gap = if value.starts_with('\n') { "" } else { " " };
            let _ = writeln!(self.out, "- **{}:**{gap}{value}", md(row.label(self.l)));
        }
        self.out.push('\n');
    }

    /// A dataset's entry in the record of `owner` (none: the datasets
    /// without a controller); a joint one names the other controllers.
    fn dataset(&mut self, d: &DatasetView, owner: Option<&str>) {
        let l = self.l;
        let _ = write!(
            self.out,
            "#### {}: {} ({})\n\n_{} {}:{}_\n\n",
            md(l.dataset),
            md(d.named.name),
            mdc(d.named.id),
            md(l.declared_in),
            md(&d.location.file),
            d.location.line
        );
        if d.controllers.len() > 1 && owner.is_some() {
            let others: Vec<String> = d
                .controllers
                .iter()
                .filter(|c| Some(c.id) != owner)
                .map(|c| md(c.name))
                .collect();
            let _ = write!(
                self.out,
                "**{}** {}\n\n",
                md(l.joint_with),
                others.join(", ")
            );
        }
        self.purposes(d);
        self.items(&rows::dataset(d));
    }

    fn purposes(&mut self, d: &DatasetView) {
        let l = self.l;
        if d.purposes.is_empty() {
            let _ = write!(self.out, "- **{}:** {}\n\n", md(l.purposes), self.missing());
            return;
        }
        self.out
            .push_str(&table_head(&[l.purpose, l.legal_basis, l.conditions]));
        let special = d.fields.iter().any(|f| f.mark == Mark::Special);
        let criminal = d.fields.iter().any(|f| f.mark == Mark::Criminal);
        for p in &d.purposes {
            let kind = words::term_or_code(self.lang, Vocab::Kind, p.kind);
            let mut purpose = match &p.description {
                Some(desc) => format!("{} ({}, {})", md(desc), mdc(p.id), md(&kind)),
                None => format!("{} ({})", mdc(p.id), md(&kind)),
            };
            for (flag, label) in [
                (p.profiling, l.profiling),
                (p.automated_decisions, l.automated_decisions),
            ] {
                if flag {
                    let _ = write!(purpose, " **{}**", md(label));
                }
            }
            if let Some(how) = p.objection {
                let _ = write!(purpose, "<br>{}: {}", md(l.objection), md(how));
            }
            let basis = p.basis.as_ref().map_or_else(
                || self.missing(),
                |b| md(&words::basis_with_reference(self.lang, Vocab::Basis, b)),
            );
            let mut conditions = Vec::new();
            for (b, needed, vocab) in [
                (&p.special_basis, special, Vocab::Art9),
                (&p.criminal_basis, criminal, Vocab::Art10),
            ] {
                match b {
                    Some(b) => {
                        conditions.push(md(&words::basis_with_reference(self.lang, vocab, b)))
                    }
                    None if needed => conditions.push(self.missing()),
                    None => {}
                }
            }
            let conditions = if conditions.is_empty() {
                "—".to_string()
            } else {
                conditions.join("; ")
            };
            self.out.push_str(&row(&[purpose, basis, conditions]));
        }
        self.out.push('\n');
    }

    /// A row's value, in Markdown.
    fn value(&self, row: &Row) -> String {
        let l = self.l;
        let term = |vocab, s: &str| md(&words::term_or_code(self.lang, vocab, s));
        match *row {
            Row::Contact(v) | Row::Dpo(v) | Row::Arrangement(v) | Row::Dpia(v) => {
                self.or_missing(v)
            }
            Row::Subjects(s) => {
                self.list_or_missing(s.iter().map(|s| term(Vocab::Subject, s)).collect())
            }
            Row::Categories(f) => self.fields(f),
            Row::Recipients(d) => self.recipients(d),
            Row::Transfers(t) => self.list_or_none(
                t.iter()
                    .map(|t| {
                        format!(
                            "{} ({}): {}",
                            self.party_with_via(t),
                            md(&words::countries(self.lang, &t.countries)),
                            self.safeguard(t)
                        )
                    })
                    .collect(),
            ),
            Row::Retention(d) => {
                let text = words::dataset_retention(l, d);
                self.or_missing(text.as_deref())
            }
            Row::Measures(m) => {
                self.list_or_missing(m.iter().map(|m| term(Vocab::Measure, m)).collect())
            }
            Row::Cookies(c) => c.iter().map(|c| md(c)).collect::<Vec<_>>().join(", "),
            _ => md(&row.text(l).unwrap_or_default()),
        }
    }

    fn list_or_missing(&self, list: Vec<String>) -> String {
        if list.is_empty() {
            self.missing()
        } else {
            list.join(", ")
        }
    }

    fn list_or_none(&self, list: Vec<String>) -> String {
        if list.is_empty() {
            md(self.l.none)
        } else {
            list.join("; ")
        }
    }

    fn fields(&self, fields: &[FieldView]) -> String {
        if fields.is_empty() {
            return self.missing();
        }
        let lines: Vec<String> = fields.iter().map(|f| self.field(f)).collect();
        format!("\n{}", lines.concat().trim_end())
    }

    fn field(&self, f: &FieldView) -> String {
        let l = self.l;
        let mut line = format!("  - {}", mdc(f.name));
        if let Some(c) = &f.category {
            let _ = write!(
                line,
                ": {}",
                md(&words::term_or_code(self.lang, Vocab::Category, c))
            );
        }
        match f.mark {
            Mark::Special => {
                let _ = write!(line, " **⚠ {}**", md(l.special));
            }
            Mark::Criminal => {
                let _ = write!(line, " **⚠ {}**", md(l.criminal));
            }
            Mark::None => {}
        }
        if let Some(desc) = &f.description {
            let _ = write!(line, " — {}", md(desc));
        }
        if let Some(from) = &f.received_from {
            let _ = write!(line, " _({} {})_", md(l.received_from), md(from.name));
        }
        line.push('\n');
        line
    }

    fn recipients(&self, d: &DatasetView) -> String {
        let l = self.l;
        let list: Vec<String> = d
            .recipients
            .iter()
            .map(|r| {
                let role = words::role(r, l);
                let mut s = format!(
                    "{} ({}, {})",
                    md(r.named.name),
                    md(role),
                    md(&words::countries(self.lang, &r.countries))
                );
                if r.outside_eea {
                    let _ = write!(s, " **{}**", md(l.outside_eea));
                }
                s
            })
            .collect();
        self.list_or_none(list)
    }

    fn findings(&mut self, r: &Record) {
        let l = self.l;
        let _ = write!(
            self.out,
            "## {}. {}\n\n{}\n\n",
            3 + self.shift,
            md(l.findings),
            md(l.findings_intro)
        );
        if r.findings.is_empty() {
            let _ = write!(self.out, "{}\n\n", md(l.no_findings));
        }
        for of in r.by_organisation.iter().filter(|o| !o.is_empty()) {
            match of.organisation.and_then(|o| r.organisations.get(o)) {
                Some(o) => {
                    let _ = write!(
                        self.out,
                        "### {} {} ({}) ({})\n\n",
                        md(l.findings_for),
                        md(o.named.name),
                        mdc(o.named.id),
                        of.len()
                    );
                }
                None => {
                    let _ = write!(self.out, "### {} ({})\n\n", md(l.other_findings), of.len());
                }
            }
            for g in &of.groups {
                for group in &g.rules {
                    self.rule_group(r, g.severity, group);
                }
            }
        }
    }

    /// One rule's findings in one record: how many and what the rule finds,
    /// the places (cut to [`PLACES`] per remedy), grouped by what to do,
    /// which follows its places once.
    fn rule_group(&mut self, r: &Record, severity: Severity, group: &RuleGroup) {
        let (l, rule) = (self.l, group.rule);
        let n = group.findings.len();
        let _ = write!(
            self.out,
            "#### {}: {}: {}\n\n{} {}{} — {}\n\n",
            md(l.severity_one(severity)),
            md(&l.finding_count(n)),
            with_code_spans(rule_summary(self.lang, rule)),
            mdc(rule.code),
            md(rule.name),
            if rule.is_builtin() {
                String::new()
            } else {
                format!(" *({})*", md(policy_mark(self.lang)))
            },
            md(&article(self.lang, rule.article)),
        );
        // The places under each remedy, the remedy once after them.
        for (help, rows) in by_help(group.rows(r)) {
            for f in rows.iter().take(PLACES) {
                let mut line = String::from("- ");
                if let Some(subject) = f.dataset.or(f.party) {
                    let _ = write!(line, "{}: ", mdc(subject));
                }
                let _ = writeln!(line, "{} ({}:{})", md(&f.message), md(&f.file), f.line);
                self.out.push_str(&line);
            }
            if rows.len() > PLACES {
                let _ = writeln!(self.out, "- {}", md(&l.and_more(rows.len() - PLACES)));
            }
            self.out.push('\n');
            if !help.is_empty() {
                let _ = write!(self.out, "**{}:** {}\n\n", md(l.remedy), md(help));
            }
        }
    }

    fn graph(&mut self, d: &Diagram) {
        let l = self.l;
        let _ = write!(
            self.out,
            "## {}. {}\n\n{}\n\n",
            4 + self.shift,
            md(l.graph),
            md(l.graph_intro)
        );
        if d.nodes.is_empty() {
            let _ = writeln!(self.out, "{}", md(l.empty_graph));
            return;
        }
        self.out.push_str("```mermaid\n");
        self.out.push_str(&mermaid(d, l));
        self.out.push_str("```\n");
    }
}

/// The graph as a Mermaid flowchart; every label is made of entity codes
/// where Mermaid or HTML would read a character specially.
pub fn mermaid(d: &Diagram, l: &Labels) -> String {
    let mut out = String::from("flowchart LR\n");
    for (i, n) in d.nodes.iter().enumerate() {
        let mut lines = vec![mm(&n.name)];
        if n.name != n.id {
            lines.push(mm(&n.id));
        }
        if n.kind != NodeKind::Dataset && !n.countries.is_empty() {
            lines.push(mm(&n.countries.join(", ")));
        }
        if n.outside_eea {
            lines.push(mm(l.outside_eea));
        }
        if let Some(m) = &n.mechanism {
            lines.push(format!("{}: {}", mm(l.safeguard), mm(m)));
        }
        let label = lines.join("<br/>");
        let _ = match n.kind {
            NodeKind::Dataset => writeln!(out, "  n{i}[\"{label}\"]"),
            _ => writeln!(out, "  n{i}([\"{label}\"])"),
        };
    }
    for e in &d.edges {
        let arrow = if e.kind == EdgeKind::Subprocessor || e.anonymised {
            "-.->"
        } else {
            "-->"
        };
        let label = if e.kind == EdgeKind::Flow && !e.anonymised && !e.fields.is_empty() {
            format!("|\"{}\"|", mm(&shorten(&e.fields)))
        } else {
            String::new()
        };
        let _ = writeln!(out, "  n{} {arrow}{label} n{}", e.from, e.to);
    }
    out.push_str("  classDef outside fill:#fde0dc,stroke:#c5221f,stroke-width:2px\n");
    let outside: Vec<String> = d
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.outside_eea)
        .map(|(i, _)| format!("n{i}"))
        .collect();
    if !outside.is_empty() {
        let _ = writeln!(out, "  class {} outside", outside.join(","));
    }
    out
}

/// At most six names, then how many more.
fn shorten(names: &[String]) -> String {
    if names.len() <= 6 {
        return names.join(", ");
    }
    format!("{}, +{}", names[..6].join(", "), names.len() - 6)
}
