//! The HTML report: one self-contained file (inline CSS, no script, nothing
//! fetched; a Content-Security-Policy forbids any fetch or script even if
//! one slipped in), with a print stylesheet for PDF.

use std::fmt::Write;

use rayon::prelude::*;

use super::diagram::Diagram;
use super::escape::html as esc;
use super::escape::html_into as esc_into;
use super::labels::{article, policy_mark, rule_summary, Labels, Vocab};
use super::record::{
    Changes, DatasetView, FieldView, FindingRow, Mark, Org, OrgFindings, Piece, PurposeView,
    Record, RecordKind, RuleGroup, Section, Transfer,
};
use super::rows::{self, Row};
use super::svg;
use super::words;
use super::Lang;
use crate::finding::Severity;

/// The stylesheet, screen and print.
const STYLE: &str = include_str!("report.css");

/// Renders the report.
pub fn render(record: &Record, diagram: &Diagram, lang: Lang) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, record, diagram, lang);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the report to `sink` as it is made, a block at a time: a report
/// of a large model is never held whole in memory.
pub fn write(
    sink: &mut (dyn std::io::Write + Send),
    record: &Record,
    diagram: &Diagram,
    lang: Lang,
) -> std::io::Result<()> {
    let mut w = Writer {
        out: String::with_capacity(BLOCK + 64 * 1024),
        lang,
        l: Labels::of(lang),
        sink,
        error: None,
        hold: false,
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
    w.foot(record);
    w.drain(0);
    match w.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// How much text is gathered before it is written.
const BLOCK: usize = 1 << 20;

/// How many datasets are laid out before they are written.
const DATASET_BATCH: usize = 2048;
/// How many finding rows are laid out before they are written.
const ROW_BATCH: usize = 8192;

/// How many places a group of findings lists before "and N more".
pub const PLACES: usize = 10;

/// A group's findings by their help (what to do), in the order each help
/// first appears: the report lists the places of each, then the help once.
pub(crate) fn by_help<'r, 'a: 'r>(
    rows: impl Iterator<Item = &'r FindingRow<'a>>,
) -> Vec<(&'r str, Vec<&'r FindingRow<'a>>)> {
    let mut out: Vec<(&'r str, Vec<&'r FindingRow<'a>>)> = Vec::new();
    for f in rows {
        match out.iter_mut().find(|(h, _)| *h == f.help) {
            Some((_, list)) => list.push(f),
            None => out.push((f.help.as_str(), vec![f])),
        }
    }
    out
}

/// How many small sections are laid out before they are written.
const SECTION_BATCH: usize = 64;

struct Writer<'a> {
    out: String,
    lang: Lang,
    l: &'static Labels,
    /// Where the text goes once `out` holds a block of it.
    sink: &'a mut (dyn std::io::Write + Send),
    /// The first write error; nothing is written after it.
    error: Option<std::io::Error>,
    /// Keep all text in `out` (a part made in parallel, written later).
    hold: bool,
    /// How far the sections after the summary move down: one when the
    /// section "Changes since" stands second.
    shift: u32,
}

/// The text `lay_out` makes with a writer of its own that keeps it all
/// (a part made on another core, written later in order).
fn held(lang: Lang, l: &'static Labels, lay_out: impl FnOnce(&mut Writer)) -> String {
    let mut sink = std::io::sink();
    let mut w = Writer {
        out: String::new(),
        lang,
        l,
        sink: &mut sink,
        error: None,
        hold: true,
        shift: 0,
    };
    lay_out(&mut w);
    w.out
}

/// `<code>id</code>`.
fn code(id: &str) -> String {
    format!("<code>{}</code>", esc(id))
}

/// A coloured label.
fn tag(class: &str, text: &str) -> String {
    format!("<span class=\"tag {class}\">{}</span>", esc(text))
}

/// Escaped text with each `` `...` `` pair shown as code.
fn code_spans(escaped: &str) -> String {
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escaped.to_string();
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// `text` escaped, with each pair of backticks around a code span, as
/// [`code_spans`] of its escaped text gives (escaping leaves backticks
/// alone, so the text can be split first).
fn code_spans_into(out: &mut String, text: &str) {
    let ticks = memchr::memchr_iter(b'`', text.as_bytes()).count();
    if ticks % 2 == 1 {
        esc_into(out, text);
        return;
    }
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("<code>");
            esc_into(out, part);
            out.push_str("</code>");
        } else {
            esc_into(out, part);
        }
    }
}

fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "err",
        Severity::Warning => "warn",
        Severity::Info => "info",
    }
}

impl Writer<'_> {
    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Hands the text gathered so far to the sink once it is longer than
    /// `at` bytes.
    fn drain(&mut self, at: usize) {
        if self.hold || self.out.len() <= at {
            return;
        }
        if self.error.is_none() {
            if let Err(e) = self.sink.write_all(self.out.as_bytes()) {
                self.error = Some(e);
            }
        }
        self.out.clear();
    }

    /// A value that may be missing: escaped, or "not stated" marked.
    fn or_missing(&self, value: Option<&str>) -> String {
        match value {
            Some(v) => esc(v),
            None => format!("<span class=\"missing\">{}</span>", esc(self.l.not_stated)),
        }
    }

    fn head(&mut self, r: &Record) {
        let l = self.l;
        let names: Vec<&str> = r.organisations.iter().map(|o| o.named.name).collect();
        let title = if names.is_empty() {
            l.title.to_string()
        } else {
            format!("{} – {}", l.title, names.join(", "))
        };
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"generator\" content=\"ropa {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
            l.html_lang,
            env!("CARGO_PKG_VERSION"),
            esc(&title)
        );
        let _ = write!(
            self.out,
            "<header class=\"doc\">\n<h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
            esc(l.title),
            esc(l.subtitle)
        );
        if !names.is_empty() {
            let _ = writeln!(
                self.out,
                "<p class=\"orgs\">{}</p>",
                esc(&names.join(" · "))
            );
        }
        let made = words::made(l, r.made.as_ref());
        let _ = write!(
            self.out,
            "<p class=\"meta\">{} {} · {} {}{}{}</p>\n</header>\n",
            esc(l.generated_by),
            env!("CARGO_PKG_VERSION"),
            r.files.len(),
            esc(l.from_files),
            if made.is_empty() { "" } else { " · " },
            esc(&made)
        );
        self.incomplete(r);
        self.toc(r.changes.as_ref().map(|c| c.title.as_str()));
    }

    /// The banner of a record with files left out, first on the first page.
    fn incomplete(&mut self, r: &Record) {
        if r.incomplete.is_empty() {
            return;
        }
        let l = self.l;
        let _ = write!(
            self.out,
            "<section class=\"incomplete\" role=\"alert\">\n<h2>{}</h2>\n<p>{}</p>\n<ul>\n",
            esc(l.incomplete_title),
            esc(l.incomplete_intro)
        );
        for b in &r.incomplete {
            let _ = writeln!(
                self.out,
                "<li><code>{}:{}</code> ({}) {}</li>",
                esc(&b.file),
                b.line,
                esc(b.code),
                esc(&b.message)
            );
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    fn toc(&mut self, changes: Option<&str>) {
        let l = self.l;
        let _ = write!(
            self.out,
            "<nav class=\"toc\"><strong>{}</strong><ol>",
            esc(l.contents)
        );
        let parts = [
            Some(("summary", l.summary)),
            changes.map(|title| ("changes", title)),
            Some(("record", l.record)),
            Some(("findings", l.findings)),
            Some(("graph", l.graph)),
        ];
        for (anchor, text) in parts.into_iter().flatten() {
            let _ = write!(self.out, "<li><a href=\"#{anchor}\">{}</a></li>", esc(text));
        }
        self.push("</ol></nav>\n");
    }

    fn section_head(&mut self, anchor: &str, number: u32, title: &str, intro: Option<&str>) {
        let _ = write!(
            self.out,
            "<section class=\"part\" id=\"{anchor}\">\n<h2><span class=\"num\">{number}</span>{}</h2>\n",
            esc(title)
        );
        if let Some(intro) = intro {
            let _ = writeln!(self.out, "<p class=\"intro\">{}</p>", esc(intro));
        }
    }

    fn summary(&mut self, r: &Record) {
        let l = self.l;
        self.section_head("summary", 1, l.summary, None);
        let c = r.counts;
        let findings = format!(
            "{} {} {}",
            tag("err", &format!("{} {}", c.errors, l.severities[0])),
            tag("warn", &format!("{} {}", c.warnings, l.severities[1])),
            tag("info", &format!("{} {}", c.infos, l.severities[2]))
        );
        let _ = write!(
            self.out,
            "<div class=\"cards\">\n\
             <div class=\"card\"><div class=\"lbl\">{}</div><div class=\"big\">{}</div></div>\n\
             <div class=\"card\"><div class=\"lbl\">{}</div><div class=\"big\">{}</div></div>\n\
             <div class=\"card\"><div class=\"lbl\">{}</div><div class=\"big\">{}</div><div>{findings}</div></div>\n\
             <div class=\"card{}\"><div class=\"lbl\">{}</div><div class=\"big\">{}</div></div>\n</div>\n",
            esc(l.organisations),
            r.organisations.len(),
            esc(l.datasets),
            r.dataset_count(),
            esc(l.findings),
            c.errors + c.warnings + c.infos,
            if r.unsafeguarded_transfers() > 0 { " alert" } else { "" },
            esc(l.transfers_outside_eea),
            transfer_count(r, l)
        );
        self.organisations(&r.organisations);
        self.transfers_table(&r.transfers);
        self.push("</section>\n");
    }

    /// A line of the changes section: words escaped, IDs as code.
    fn pieces_into(out: &mut String, line: &[Piece]) {
        for p in line {
            match p {
                Piece::Text(t) => esc_into(out, t),
                Piece::Id(i) => {
                    out.push_str("<code>");
                    esc_into(out, i);
                    out.push_str("</code>");
                }
            }
        }
    }

    /// The section "Changes since REV (DATE)": datasets by controller,
    /// parties, then the findings introduced and resolved.
    fn changes(&mut self, c: &Changes) {
        let (l, cw) = (self.l, self.l.changes);
        self.section_head("changes", 2, &c.title, None);
        for p in &c.intro {
            let _ = writeln!(self.out, "<p class=\"intro\">{}</p>", esc(p));
        }
        if c.nothing {
            let _ = writeln!(self.out, "<p>{}</p>", esc(cw.nothing));
            self.push("</section>\n");
            return;
        }
        for g in &c.groups {
            self.push("<h3>");
            Self::pieces_into(&mut self.out, &g.heading);
            self.push("</h3>\n<ul class=\"changes\">\n");
            for d in &g.datasets {
                self.push("<li><strong>");
                Self::pieces_into(&mut self.out, &d.head);
                self.push("</strong>");
                if !d.lines.is_empty() {
                    self.push("\n<ul>\n");
                    for line in &d.lines {
                        self.push("<li>");
                        Self::pieces_into(&mut self.out, line);
                        self.push("</li>\n");
                    }
                    self.push("</ul>\n");
                }
                self.push("</li>\n");
            }
            self.push("</ul>\n");
        }
        if !c.parties.is_empty() {
            let _ = write!(
                self.out,
                "<h3>{}</h3>\n<ul class=\"changes\">\n",
                esc(cw.parties)
            );
            for p in &c.parties {
                self.push("<li>");
                Self::pieces_into(&mut self.out, p);
                self.push("</li>\n");
            }
            self.push("</ul>\n");
        }
        for (title, list) in [(cw.introduced, &c.introduced), (cw.resolved, &c.resolved)] {
            if list.is_empty() {
                continue;
            }
            let _ = write!(
                self.out,
                "<h3>{} <span class=\"count\">{}</span></h3>\n<ul class=\"places\">\n",
                esc(title),
                list.len()
            );
            for f in list {
                let class = severity_class(f.severity);
                let _ = write!(
                    self.out,
                    "<li>{} {}: ",
                    tag(class, l.severity_one(f.severity)),
                    code(f.code)
                );
                if let Some(subject) = &f.subject {
                    let _ = write!(self.out, "{}: ", code(subject));
                }
                code_spans_into(&mut self.out, &f.message);
                let _ = writeln!(self.out, " <span class=\"loc\">{}</span></li>", esc(&f.at));
            }
            self.push("</ul>\n");
        }
        self.push("</section>\n");
    }

    fn organisations(&mut self, orgs: &[Org]) {
        let l = self.l;
        let _ = write!(
            self.out,
            "<h3>{}</h3>\n<table class=\"grid\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>\n",
            esc(l.organisations),
            esc(l.controller),
            esc(l.country),
            esc(l.dpo),
            esc(l.contact),
            esc(l.datasets)
        );
        for o in orgs {
            let authority = if o.public_authority {
                format!(" {}", tag("plain", l.public_authority))
            } else {
                String::new()
            };
            let _ = writeln!(
                self.out,
                "<tr><td><a href=\"#c-{}\">{}</a> {}{authority}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                esc(o.named.id),
                esc(o.named.name),
                code(o.named.id),
                esc(&words::places(self.lang, &o.countries)),
                self.or_missing(o.dpo),
                self.or_missing(o.contact),
                o.datasets
            );
        }
        self.push("</tbody></table>\n");
    }

    fn transfers_table(&mut self, transfers: &[Transfer]) {
        let l = self.l;
        let _ = writeln!(self.out, "<h3>{}</h3>", esc(l.transfers_outside_eea));
        if transfers.is_empty() {
            let _ = writeln!(self.out, "<p>{}</p>", esc(l.no_transfers));
            return;
        }
        let _ = writeln!(
            self.out,
            "<table class=\"grid\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(l.dataset),
            esc(l.recipient),
            esc(l.country),
            esc(l.safeguard)
        );
        // A large model has a transfer or more per dataset: the rows are
        // laid out on every core, like the findings'.
        self.in_parallel(transfers, ROW_BATCH, |w, t| {
            let out = &mut w.out;
            out.push_str("<tr><td><a href=\"#d-");
            esc_into(out, t.dataset.id);
            out.push_str("\">");
            esc_into(out, t.dataset.name);
            out.push_str("</a></td><td>");
            let mut out = std::mem::take(&mut w.out);
            w.party_with_via_into(&mut out, t);
            out.push_str("</td><td class=\"cc\">");
            w.countries_into(&mut out, &t.countries);
            out.push_str("</td><td>");
            w.safeguard_into(&mut out, t);
            out.push_str("</td></tr>\n");
            w.out = out;
        });
        self.push("</tbody></table>\n");
    }

    fn party_with_via_into(&self, out: &mut String, t: &Transfer) {
        esc_into(out, t.party.name);
        if !t.via.is_empty() {
            out.push_str("<div class=\"note\">");
            esc_into(out, self.l.via);
            out.push(' ');
            for (i, v) in t.via.iter().enumerate() {
                if i > 0 {
                    out.push_str(" → ");
                }
                esc_into(out, v.name);
            }
            out.push_str("</div>");
        }
    }

    fn countries_into(&self, out: &mut String, list: &[super::record::Country]) {
        for (i, c) in list.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let name = words::place(self.lang, c.code);
            if c.outside_eea {
                out.push_str("<strong class=\"third\">");
                esc_into(out, &name);
                out.push_str("</strong>");
            } else {
                esc_into(out, &name);
            }
        }
    }

    fn safeguard_into(&self, out: &mut String, t: &Transfer) {
        match &t.safeguard {
            Some(b) => {
                esc_into(out, &words::basis(self.lang, Vocab::Mechanism, b));
                if let Some(r) = &b.reference {
                    out.push_str("<div class=\"ref\">");
                    esc_into(out, r);
                    out.push_str("</div>");
                }
                if let Some(tia) = t.tia {
                    out.push_str("<div class=\"ref\">");
                    esc_into(out, self.l.tia);
                    out.push_str(": ");
                    esc_into(out, tia);
                    out.push_str("</div>");
                }
            }
            None if t.adequate && !t.unsafeguarded => esc_into(out, self.l.adequacy_decision),
            None if !t.unsafeguarded => esc_into(out, self.l.none_recorded),
            None => {}
        }
        // Only a transfer that a finding says has no valid safeguard is
        // marked so (T001, T002, T003); T004 and T005 are named beside.
        if t.unsafeguarded {
            out.push_str(" <span class=\"tag err\">");
            esc_into(out, self.l.no_valid_safeguard);
            out.push_str("</span>");
        }
        if !t.notes.is_empty() {
            out.push_str("<div class=\"note\">");
            esc_into(out, self.l.see_findings);
            out.push(' ');
            esc_into(out, &t.notes.join(", "));
            out.push_str("</div>");
        }
    }

    fn record(&mut self, r: &Record) {
        let l = self.l;
        self.section_head("record", 2 + self.shift, l.record, Some(l.record_intro));
        // A large section lays its datasets out in parallel itself; runs of
        // small ones (a controller per file, say) are laid out in parallel
        // as wholes, and written in order.
        let mut small: Vec<&Section> = Vec::new();
        for s in &r.sections {
            if s.datasets.len() >= DATASET_BATCH / 16 {
                self.sections_in_parallel(r, &small);
                small.clear();
                self.controller_section(r, s);
            } else {
                small.push(s);
                if small.len() == SECTION_BATCH {
                    self.sections_in_parallel(r, &small);
                    small.clear();
                }
            }
        }
        self.sections_in_parallel(r, &small);
        self.push("</section>\n");
    }

    /// Lays out small sections on every core and writes them in order.
    fn sections_in_parallel(&mut self, r: &Record, sections: &[&Section]) {
        let (lang, l) = (self.lang, self.l);
        let parts: Vec<String> = sections
            .par_iter()
            .map(|s| held(lang, l, |w| w.controller_section(r, s)))
            .collect();
        self.push_parts(parts);
    }

    /// Lays `items` out with `each` on every core, `batch` at a time, and
    /// writes them in order. Each batch is written while the next one is
    /// laid out: writing hundreds of megabytes is a large share of a big
    /// report, and a core would otherwise wait for it.
    fn in_parallel<T: Sync>(
        &mut self,
        items: &[T],
        batch: usize,
        each: impl Fn(&mut Writer, &T) + Sync,
    ) {
        let (lang, l) = (self.lang, self.l);
        let lay_out = |chunk: &[T]| -> Vec<String> {
            chunk
                .par_chunks(batch.div_ceil(16))
                .map(|part| {
                    held(lang, l, |w| {
                        for item in part {
                            each(w, item);
                        }
                    })
                })
                .collect()
        };
        let mut ready: Vec<String> = Vec::new();
        for chunk in items.chunks(batch) {
            let (next, ()) = rayon::join(
                || lay_out(chunk),
                || self.push_parts(std::mem::take(&mut ready)),
            );
            ready = next;
        }
        self.push_parts(ready);
    }

    /// Writes parts made in parallel, in order: straight to the sink (after
    /// what was gathered before them), rather than copied into `out` first.
    fn push_parts(&mut self, parts: Vec<String>) {
        if self.hold {
            for part in parts {
                self.push(&part);
            }
            return;
        }
        self.drain(0);
        for part in parts {
            if self.error.is_none() {
                if let Err(e) = self.sink.write_all(part.as_bytes()) {
                    self.error = Some(e);
                }
            }
        }
    }

    fn controller_section(&mut self, r: &Record, s: &Section) {
        let l = self.l;
        let org = s.controller.as_ref();
        match (org, s.kind) {
            (Some(o), RecordKind::Processor) => {
                let _ = write!(
                    self.out,
                    "<section class=\"controller processor\" id=\"p-{}\">\n<h3 class=\"org\"><span class=\"role\">{}</span>{} {}</h3>\n<p class=\"intro\">{}</p>\n",
                    esc(o.named.id),
                    esc(l.processor_record),
                    esc(o.named.name),
                    code(o.named.id),
                    esc(l.processor_intro)
                );
                self.org_details(o);
                self.processor_record(r, s);
                self.push("</section>\n");
                return;
            }
            (Some(o), RecordKind::Controller) => {
                let _ = write!(
                    self.out,
                    "<section class=\"controller\" id=\"c-{}\">\n<h3 class=\"org\"><span class=\"role\">{}</span>{} {}</h3>\n",
                    esc(o.named.id),
                    esc(l.controller),
                    esc(o.named.name),
                    code(o.named.id)
                );
                self.org_details(o);
                if s.datasets.is_empty() {
                    let _ = writeln!(self.out, "<p>{}</p>", esc(l.no_datasets));
                }
            }
            (None, _) => {
                let _ = write!(
                    self.out,
                    "<section class=\"controller\" id=\"c--\">\n<h3 class=\"org\">{}</h3>\n",
                    esc(l.no_controller)
                );
            }
        }
        let owner = org.map(|o| o.named.id);
        // Each dataset is an article of its own.
        self.in_parallel(&s.datasets, DATASET_BATCH, |w, &i| {
            if let Some(d) = r.dataset_view(i) {
                w.dataset(&d, owner, s.is_repeated(i));
            }
        });
        self.push("</section>\n");
    }

    /// An Art. 30(2) record: for each controller the processor acts for,
    /// its name and contact details, then what is processed for it.
    fn processor_record(&mut self, r: &Record, s: &Section) {
        let l = self.l;
        if s.acts_for.is_empty() {
            let _ = writeln!(self.out, "<p>{}</p>", esc(l.no_processing));
            return;
        }
        let _ = writeln!(self.out, "<h4>{}</h4>", esc(l.acts_for));
        for a in &s.acts_for {
            let c = &a.controller;
            let _ = writeln!(
                self.out,
                "<h5>{} {}</h5>",
                esc(c.named.name),
                code(c.named.id)
            );
            self.kv("org", &[Row::Contact(c.contact), Row::Dpo(c.dpo)]);
            let _ = writeln!(
                self.out,
                "<table class=\"grid acts\"><caption>{}</caption><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
                esc(l.processing),
                esc(l.dataset),
                esc(l.purposes),
                esc(l.transfers),
                esc(l.measures)
            );
            let mut out = std::mem::take(&mut self.out);
            for &i in &a.datasets {
                let Some(d) = r.dataset_view(i) else { continue };
                out.push_str("<tr><td>");
                if r.shows(i) {
                    out.push_str("<a href=\"#d-");
                    esc_into(&mut out, d.named.id);
                    out.push_str("\">");
                    esc_into(&mut out, d.named.name);
                    out.push_str("</a>");
                } else {
                    esc_into(&mut out, d.named.name);
                }
                out.push_str(" <code>");
                esc_into(&mut out, d.named.id);
                out.push_str("</code></td><td>");
                for (k, p) in d.purposes.iter().enumerate() {
                    if k > 0 {
                        out.push_str("<br>");
                    }
                    self.purpose_cell_into(&mut out, p);
                }
                out.push_str("</td><td>");
                self.dataset_transfers_into(&mut out, &d.transfers);
                out.push_str("</td><td>");
                self.measures_into(&mut out, &d.measures);
                out.push_str("</td></tr>\n");
            }
            self.out = out;
            self.push("</tbody></table>\n");
        }
    }

    fn org_details(&mut self, o: &Org) {
        self.kv("org", &rows::org(o));
    }

    /// A two-column table of label and value.
    fn kv(&mut self, class: &str, rows: &[Row]) {
        let _ = writeln!(self.out, "<table class=\"kv {class}\"><tbody>");
        // The rows are written into the output directly (a dataset has a
        // dozen, a large model a million): taken out of `self` meanwhile,
        // so that the row writers can read the labels beside it.
        let mut out = std::mem::take(&mut self.out);
        for row in rows {
            out.push_str("<tr><th>");
            esc_into(&mut out, row.label(self.l));
            out.push_str("</th><td>");
            self.value_into(&mut out, row);
            out.push_str("</td></tr>\n");
        }
        self.out = out;
        self.push("</tbody></table>\n");
    }

    /// A dataset's entry in the record of `owner` (none: the datasets
    /// without a controller); `repeated` when an earlier record shows it
    /// too, which then holds its anchor.
    fn dataset(&mut self, d: &DatasetView, owner: Option<&str>, repeated: bool) {
        let l = self.l;
        self.push("<article class=\"dataset\" id=\"");
        if repeated {
            let _ = write!(self.out, "c-{}-", esc(owner.unwrap_or_default()));
        }
        let _ = write!(
            self.out,
            "d-{}\">\n<h4>{} {}</h4>\n<p class=\"where\">{} {}:{}</p>\n",
            esc(d.named.id),
            esc(d.named.name),
            code(d.named.id),
            esc(l.declared_in),
            esc(&d.location.file),
            d.location.line
        );
        if d.controllers.len() > 1 && owner.is_some() {
            let others: Vec<&str> = d
                .controllers
                .iter()
                .filter(|c| Some(c.id) != owner)
                .map(|c| c.name)
                .collect();
            let _ = writeln!(
                self.out,
                "<p class=\"joint\"><span class=\"tag plain\">{}</span> {}</p>",
                esc(l.joint_with),
                esc(&others.join(", "))
            );
        }
        self.purposes(d);
        self.kv("ds", &rows::dataset(d));
        self.push("</article>\n");
    }

    fn purposes(&mut self, d: &DatasetView) {
        let l = self.l;
        let _ = writeln!(self.out, "<h5>{}</h5>", esc(l.purposes));
        if d.purposes.is_empty() {
            let _ = writeln!(self.out, "<p>{}</p>", self.or_missing(None));
            return;
        }
        let _ = writeln!(
            self.out,
            "<table class=\"grid purposes\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(l.purpose),
            esc(l.legal_basis),
            esc(l.conditions)
        );
        let special = d.fields.iter().any(|f| f.mark == Mark::Special);
        let criminal = d.fields.iter().any(|f| f.mark == Mark::Criminal);
        let mut out = std::mem::take(&mut self.out);
        for p in &d.purposes {
            out.push_str("<tr><td>");
            self.purpose_cell_into(&mut out, p);
            out.push_str("</td><td>");
            self.basis_cell_into(&mut out, p.basis.as_ref(), Vocab::Basis, true);
            out.push_str("</td><td>");
            self.conditions_cell_into(&mut out, p, special, criminal);
            out.push_str("</td></tr>\n");
        }
        self.out = out;
        self.push("</tbody></table>\n");
    }

    fn purpose_cell_into(&self, out: &mut String, p: &PurposeView) {
        let l = self.l;
        if let Some(d) = &p.description {
            out.push_str("<div class=\"pd\">");
            esc_into(out, d);
            out.push_str("</div>");
        }
        out.push_str("<div class=\"pk\"><code>");
        esc_into(out, p.id);
        out.push_str("</code> <span class=\"tag kind\">");
        esc_into(out, &words::term_or_code(self.lang, Vocab::Kind, p.kind));
        out.push_str("</span>");
        for (on, text) in [
            (p.profiling, l.profiling),
            (p.automated_decisions, l.automated_decisions),
        ] {
            if on {
                out.push_str(" <span class=\"tag warn\">");
                esc_into(out, text);
                out.push_str("</span>");
            }
        }
        out.push_str("</div>");
        if let Some(how) = p.objection {
            out.push_str("<div class=\"ref\">");
            esc_into(out, l.objection);
            out.push_str(": ");
            esc_into(out, how);
            out.push_str("</div>");
        }
    }

    fn basis_cell_into(
        &self,
        out: &mut String,
        b: Option<&super::record::Basis>,
        vocab: Vocab,
        required: bool,
    ) {
        match b {
            Some(b) => {
                esc_into(out, &words::basis(self.lang, vocab, b));
                if let Some(r) = &b.reference {
                    out.push_str("<div class=\"ref\">");
                    esc_into(out, r);
                    out.push_str("</div>");
                }
            }
            None if required => self.or_missing_into(out, None),
            None => {}
        }
    }

    fn conditions_cell_into(
        &self,
        out: &mut String,
        p: &PurposeView,
        special: bool,
        criminal: bool,
    ) {
        let mut any = false;
        if p.special_basis.is_some() || special {
            out.push_str("<div>");
            self.basis_cell_into(out, p.special_basis.as_ref(), Vocab::Art9, true);
            out.push_str("</div>");
            any = true;
        }
        if p.criminal_basis.is_some() || criminal {
            out.push_str("<div>");
            self.basis_cell_into(out, p.criminal_basis.as_ref(), Vocab::Art10, true);
            out.push_str("</div>");
            any = true;
        }
        if !any {
            out.push_str("<span class=\"dim\">—</span>");
        }
    }

    /// A row's value, escaped, appended to `out`.
    fn value_into(&self, out: &mut String, row: &Row) {
        let l = self.l;
        match *row {
            Row::Contact(v) | Row::Dpo(v) | Row::Arrangement(v) | Row::Dpia(v) => {
                self.or_missing_into(out, v)
            }
            Row::Subjects(s) => self.subjects_into(out, s),
            Row::Categories(f) => self.fields_into(out, f),
            Row::Recipients(d) => self.recipients_into(out, d),
            Row::Transfers(t) => self.dataset_transfers_into(out, t),
            Row::Retention(d) => {
                let text = words::dataset_retention(l, d);
                self.or_missing_into(out, text.as_deref())
            }
            Row::Measures(m) => self.measures_into(out, m),
            Row::Cookies(c) => {
                for (i, c) in c.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str("<code>");
                    esc_into(out, c);
                    out.push_str("</code>");
                }
            }
            _ => esc_into(out, &row.text(l).unwrap_or_default()),
        }
    }

    /// [`Writer::or_missing`], appended to `out`.
    fn or_missing_into(&self, out: &mut String, value: Option<&str>) {
        match value {
            Some(v) => esc_into(out, v),
            None => {
                out.push_str("<span class=\"missing\">");
                esc_into(out, self.l.not_stated);
                out.push_str("</span>");
            }
        }
    }

    fn subjects_into(&self, out: &mut String, subjects: &[&str]) {
        if subjects.is_empty() {
            return self.or_missing_into(out, None);
        }
        for (i, s) in subjects.iter().enumerate() {
            if i > 0 {
                out.push_str("<br>");
            }
            esc_into(out, &words::term_or_code(self.lang, Vocab::Subject, s));
        }
    }

    fn fields_into(&self, out: &mut String, fields: &[FieldView]) {
        let l = self.l;
        if fields.is_empty() {
            return self.or_missing_into(out, None);
        }
        let _ = write!(
            out,
            "<table class=\"fields\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(l.field),
            esc(l.category),
            esc(l.description)
        );
        // Each row is written into `out` directly: a large model's report
        // has millions of cells, and a string per cell was most of its time.
        for f in fields {
            out.push_str(if f.mark == Mark::None {
                "<tr><td><code>"
            } else {
                "<tr class=\"sens\"><td><code>"
            });
            esc_into(out, f.name);
            out.push_str("</code></td><td>");
            match &f.category {
                Some(c) => {
                    esc_into(out, &words::term_or_code(self.lang, Vocab::Category, c));
                }
                None => out.push_str("<span class=\"dim\">—</span>"),
            }
            let tag = match f.mark {
                Mark::Special => Some(("sp", l.special)),
                Mark::Criminal => Some(("cr", l.criminal)),
                Mark::None => None,
            };
            if let Some((class, text)) = tag {
                let _ = write!(out, " <span class=\"tag {class}\">");
                esc_into(out, text);
                out.push_str("</span>");
            }
            out.push_str("</td><td>");
            if let Some(d) = f.description {
                esc_into(out, d);
            }
            if let Some(from) = &f.received_from {
                out.push_str("<div class=\"note\">");
                esc_into(out, l.received_from);
                out.push(' ');
                esc_into(out, from.name);
                out.push_str("</div>");
            }
            out.push_str("</td></tr>");
        }
        out.push_str("</tbody></table>");
    }

    fn recipients_into(&self, out: &mut String, d: &DatasetView) {
        let l = self.l;
        if d.recipients.is_empty() {
            out.push_str("<span class=\"dim\">");
            esc_into(out, l.none);
            out.push_str("</span>");
            return;
        }
        out.push_str("<ul class=\"plain\">");
        for r in &d.recipients {
            out.push_str("<li>");
            esc_into(out, r.named.name);
            out.push_str(" <span class=\"dim\">(");
            esc_into(out, words::role(r, l));
            out.push_str(", ");
            self.countries_into(out, &r.countries);
            out.push_str(")</span>");
            if r.outside_eea {
                out.push_str(" <span class=\"tag err\">");
                esc_into(out, l.outside_eea);
                out.push_str("</span>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }

    fn dataset_transfers_into(&self, out: &mut String, transfers: &[Transfer]) {
        if transfers.is_empty() {
            out.push_str("<span class=\"dim\">");
            esc_into(out, self.l.none);
            out.push_str("</span>");
            return;
        }
        out.push_str("<ul class=\"plain\">");
        for t in transfers {
            out.push_str("<li>");
            self.party_with_via_into(out, t);
            out.push_str(" (");
            self.countries_into(out, &t.countries);
            out.push_str("): ");
            self.safeguard_into(out, t);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }

    fn measures_into(&self, out: &mut String, measures: &[&str]) {
        if measures.is_empty() {
            return self.or_missing_into(out, None);
        }
        for (i, m) in measures.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            esc_into(out, &words::term_or_code(self.lang, Vocab::Measure, m));
        }
    }

    fn findings(&mut self, r: &Record) {
        let l = self.l;
        self.section_head(
            "findings",
            3 + self.shift,
            l.findings,
            Some(l.findings_intro),
        );
        if r.findings.is_empty() {
            let _ = writeln!(self.out, "<p>{}</p>", esc(l.no_findings));
        }
        for of in r.by_organisation.iter().filter(|o| !o.is_empty()) {
            self.org_findings(r, of);
        }
        self.push("</section>\n");
    }

    /// The findings of one organisation's record (or of none).
    fn org_findings(&mut self, r: &Record, of: &OrgFindings) {
        let l = self.l;
        match of.organisation.and_then(|o| r.organisations.get(o)) {
            Some(o) => {
                let _ = writeln!(
                    self.out,
                    "<h3 class=\"orgf\" id=\"f-{}\">{} <a href=\"#c-{}\">{}</a> {} <span class=\"count\">{}</span></h3>",
                    esc(o.named.id),
                    esc(l.findings_for),
                    esc(o.named.id),
                    esc(o.named.name),
                    code(o.named.id),
                    of.len()
                );
            }
            None => {
                let _ = writeln!(
                    self.out,
                    "<h3 class=\"orgf\">{} <span class=\"count\">{}</span></h3>",
                    esc(l.other_findings),
                    of.len()
                );
            }
        }
        for g in &of.groups {
            for rule in &g.rules {
                self.rule_group(r, g.severity, rule);
            }
        }
    }

    /// One rule's findings in one record: how many and what the rule finds,
    /// the places (cut to [`PLACES`]), and what to do: once when every
    /// finding's help is the same, else beside each place.
    fn rule_group(&mut self, record: &Record, severity: Severity, group: &RuleGroup) {
        let (l, rule) = (self.l, group.rule);
        let n = group.findings.len();
        let _ = write!(
            self.out,
            "<div class=\"fgroup\">\n<h4 class=\"rule {}\">{} {}: {}</h4>\n\
             <p class=\"finds\">{} {}{} <span class=\"art\">{}</span></p>\n<ul class=\"places\">\n",
            severity_class(severity),
            tag(severity_class(severity), l.severity_one(severity)),
            esc(&l.finding_count(n)),
            code_spans(&esc(rule_summary(self.lang, rule))),
            code(rule.code),
            esc(rule.name),
            if rule.is_builtin() {
                String::new()
            } else {
                format!(
                    " <span class=\"policy\">{}</span>",
                    esc(policy_mark(self.lang))
                )
            },
            esc(&article(self.lang, rule.article)),
        );
        // The places under each remedy, the remedy once after them.
        for (k, (help, rows)) in by_help(group.rows(record)).into_iter().enumerate() {
            if k > 0 {
                self.push("<ul class=\"places\">\n");
            }
            for f in rows.iter().take(PLACES) {
                self.finding_place(f);
            }
            if rows.len() > PLACES {
                let _ = writeln!(
                    self.out,
                    "<li class=\"more\">{}</li>",
                    esc(&l.and_more(rows.len() - PLACES))
                );
            }
            self.push("</ul>\n");
            if !help.is_empty() {
                let _ = write!(
                    self.out,
                    "<p class=\"remedy\"><strong>{}:</strong> ",
                    esc(l.remedy)
                );
                code_spans_into(&mut self.out, help);
                self.push("</p>\n");
            }
        }
        self.push("</div>\n");
    }

    /// One place a finding points at: what it concerns, its message, its
    /// file and line (its help follows the places that share it).
    fn finding_place(&mut self, f: &FindingRow) {
        let out = &mut self.out;
        out.push_str("<li>");
        match (&f.dataset, &f.party) {
            (Some(d), _) => {
                out.push_str("<a href=\"#d-");
                esc_into(out, d);
                out.push_str("\"><code>");
                esc_into(out, d);
                out.push_str("</code></a>: ");
            }
            (None, Some(p)) => {
                out.push_str("<code>");
                esc_into(out, p);
                out.push_str("</code>: ");
            }
            (None, None) => {}
        }
        code_spans_into(out, &f.message);
        out.push_str(" <span class=\"loc\">");
        esc_into(out, &f.file);
        let _ = write!(out, ":{}</span>", f.line);
        out.push_str("</li>\n");
    }

    fn graph(&mut self, d: &Diagram) {
        let l = self.l;
        self.section_head("graph", 4 + self.shift, l.graph, Some(l.graph_intro));
        if let Some(n) = d.too_large() {
            let _ = writeln!(self.out, "<p>{n} {}</p>", esc(l.graph_too_large));
        } else if d.nodes.is_empty() {
            let _ = writeln!(self.out, "<p>{}</p>", esc(l.empty_graph));
        } else {
            let _ = write!(
                self.out,
                "<p class=\"legend\"><span class=\"sw ds\"></span>{}<span class=\"sw ctl\"></span>{}<span class=\"sw prc\"></span>{}<span class=\"sw out\"></span>{}<span class=\"ln sub\"></span>{}<span class=\"ln anon\"></span>{}</p>\n<figure class=\"graph\">\n",
                esc(l.legend_dataset),
                esc(l.legend_controller),
                esc(l.legend_processor),
                esc(l.legend_outside),
                esc(l.legend_subprocessor),
                esc(l.legend_anonymised)
            );
            self.push(&svg::render(d, l));
            self.push("</figure>\n");
        }
        self.push("</section>\n");
    }

    fn foot(&mut self, r: &Record) {
        let l = self.l;
        let files: Vec<String> = r.files.iter().map(|f| code(f)).collect();
        let _ = write!(
            self.out,
            "<footer>\n<p><strong>{}:</strong> {}</p>\n<p>{} {}</p>\n</footer>\n</main>\n</body>\n</html>\n",
            esc(l.files),
            files.join(" "),
            esc(l.generated_by),
            env!("CARGO_PKG_VERSION")
        );
    }
}

/// "5", or "5 (2 without a valid safeguard)".
fn transfer_count(r: &Record, l: &Labels) -> String {
    let unsafe_ = r.unsafeguarded_transfers();
    if unsafe_ == 0 {
        r.transfers.len().to_string()
    } else {
        format!(
            "{} ({unsafe_} {})",
            r.transfers.len(),
            esc(l.unsafeguarded_transfers)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_written_in_place_are_those_of_the_escaped_text() {
        for text in [
            "plain",
            "`a` and `b<c>`",
            "odd ` tick",
            "`&` `\"'` ``",
            "three ` ticks ` here `",
            "",
            "`",
        ] {
            let mut out = String::from("x");
            code_spans_into(&mut out, text);
            assert_eq!(out, format!("x{}", code_spans(&esc(text))), "{text}");
        }
    }
}
