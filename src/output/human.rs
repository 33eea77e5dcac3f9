//! miette's graphical report: the snippet, a label on the exact span,
//! related labels (in other files too), the help, the article and a link.
//!
//! miette is given a small text per report, never a whole file: its own
//! `SourceCode` for strings scans from the start of the file for every
//! label (quadratic in the file's size), and it pads with `{:width$}`,
//! which panics past column 65 535. `Snippet` holds only the lines around
//! the labels, with long lines cut around the spans, and answers miette's
//! questions about line and column from the file's line table.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use std::borrow::Cow;

use crate::finding::{Finding, Rule, Severity, Words};
use crate::source::{FileId, SourceFile, Sources, Span};

/// A line longer than this (in bytes) is cut around the spans on it.
const LONG_LINE: usize = 240;
/// How much of a cut line is kept before the first span on it.
const MARGIN: usize = 60;
/// Lines of context above and below a label (as the handler is set).
const CONTEXT: u32 = 1;
/// What stands for the cut part of a line.
const ELLIPSIS: &str = "…";

/// One line of a snippet: a piece of a real line.
#[derive(Debug, Clone)]
struct Piece {
    /// Where it starts in the snippet's text.
    at: usize,
    /// Its length in the snippet's text, without the newline.
    len: usize,
    /// Which cluster of lines it belongs to.
    cluster: usize,
    /// The real line, 0-based.
    line: u32,
    /// The real bytes kept: `from..to`.
    from: u32,
    to: u32,
    /// Bytes of ellipsis put before the kept bytes.
    prefix: usize,
}

/// The lines around a report's labels in one file, with long lines cut.
struct Snippet<'a> {
    name: String,
    file: &'a SourceFile,
    text: String,
    pieces: Vec<Piece>,
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary of `s` at or after `i`.
fn ceil_char(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl<'a> Snippet<'a> {
    /// The snippet showing `spans` (each clamped to the file) with
    /// [`CONTEXT`] lines around each.
    fn new(name: String, file: &'a SourceFile, spans: &[Span]) -> Snippet<'a> {
        let text = &file.text;
        let lines = file.line_count() as u32;
        // The lines each span needs, merged into clusters of touching lines.
        let mut wanted: Vec<(u32, u32)> = spans
            .iter()
            .map(|s| {
                let first = file.line_index(s.start);
                let last = file.line_index(s.end.max(s.start + 1) - 1).max(first);
                (
                    first.saturating_sub(CONTEXT),
                    (last + CONTEXT).min(lines.saturating_sub(1)),
                )
            })
            .collect();
        wanted.sort_unstable();
        let mut clusters: Vec<(u32, u32)> = Vec::new();
        for (a, b) in wanted {
            match clusters.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => clusters.push((a, b)),
            }
        }
        // Every span end point, to cut long lines around.
        let mut points: Vec<u32> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
        points.sort_unstable();
        let mut out = String::new();
        let mut pieces = Vec::new();
        for (cluster, &(first, last)) in clusters.iter().enumerate() {
            for line in first..=last {
                let (start, end) = file.line_bounds(line);
                let content_end = if text.as_bytes().get(end.wrapping_sub(1) as usize)
                    == Some(&b'\r')
                    && end > start
                {
                    end - 1
                } else {
                    end
                };
                let (start, content_end) = (start as usize, content_end as usize);
                let (from, to) = if content_end - start <= LONG_LINE {
                    (start, content_end)
                } else {
                    let lo = points.partition_point(|&p| (p as usize) < start);
                    let hi = points.partition_point(|&p| (p as usize) <= content_end);
                    let here = &points[lo..hi];
                    let (first_point, last_point) = match (here.first(), here.last()) {
                        (Some(&f), Some(&l)) => (f as usize, l as usize),
                        _ => (start, start),
                    };
                    let from = floor_char(text, first_point.saturating_sub(MARGIN).max(start));
                    let to = (last_point + MARGIN)
                        .max(from + LONG_LINE)
                        .min(from + 4 * LONG_LINE);
                    (from, ceil_char(text, to.min(content_end)))
                };
                let at = out.len();
                let prefix = if from > start { ELLIPSIS.len() } else { 0 };
                if prefix > 0 {
                    out.push_str(ELLIPSIS);
                }
                let kept = &text[from..to];
                // Control characters would reach the terminal raw; a line
                // with no byte that can start one is copied whole.
                if !crate::output::may_hold_control(kept.as_bytes()) {
                    out.push_str(kept);
                } else {
                    for c in kept.chars() {
                        if c.is_control() && c != '\t' {
                            out.extend(std::iter::repeat_n('?', c.len_utf8()));
                        } else {
                            out.push(c);
                        }
                    }
                }
                if to < content_end {
                    out.push_str(ELLIPSIS);
                }
                pieces.push(Piece {
                    at,
                    len: out.len() - at,
                    cluster,
                    line,
                    from: from as u32,
                    to: to as u32,
                    prefix,
                });
                out.push('\n');
            }
        }
        Snippet {
            name,
            file,
            text: out,
            pieces,
        }
    }

    /// Where a real byte offset is shown in the snippet.
    fn map(&self, offset: u32) -> usize {
        let line = self.file.line_index(offset);
        let i = self.pieces.partition_point(|p| p.line < line);
        let Some(p) = self.pieces.get(i).filter(|p| p.line == line) else {
            // Not shown (cannot happen for a label's own span): the nearest line.
            return self.pieces.get(i).map_or(self.text.len(), |p| p.at);
        };
        if offset < p.from {
            p.at
        } else if offset <= p.to {
            p.at + p.prefix + (offset - p.from) as usize
        } else {
            // Past the kept part: on the trailing ellipsis, or the line end.
            (p.at + p.prefix + (p.to - p.from) as usize).min(p.at + p.len)
        }
    }

    /// A real span as a span of the snippet's text.
    fn source_span(&self, span: Span) -> SourceSpan {
        let start = self.map(span.start);
        let end = self.map(span.end.max(span.start)).max(start);
        SourceSpan::from(start..end)
    }

    /// The piece a snippet offset is on.
    fn piece(&self, offset: usize) -> usize {
        self.pieces
            .partition_point(|p| p.at + p.len < offset)
            .min(self.pieces.len().saturating_sub(1))
    }

    /// The real 0-based column (in characters) of a snippet offset.
    fn column(&self, piece: &Piece, offset: usize) -> usize {
        let inside = offset.saturating_sub(piece.at + piece.prefix);
        let real = (piece.from as usize + inside).min(piece.to as usize);
        let real = floor_char(&self.file.text, real);
        self.file.line_col(real as u32).column as usize - 1
    }
}

impl SourceCode for Snippet<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        if self.pieces.is_empty() || span.offset() > self.text.len() {
            return Err(MietteError::OutOfBounds);
        }
        let start = span.offset();
        let last = (start + span.len().max(1) - 1).min(self.text.len());
        let (first_piece, last_piece) = (self.piece(start), self.piece(last));
        let cluster = self.pieces[first_piece].cluster;
        if self.pieces[last_piece].cluster != cluster {
            // Lines that are not shown lie between: two snippets, not one.
            return Err(MietteError::OutOfBounds);
        }
        let mut top = first_piece;
        while top > 0 && first_piece - top < before && self.pieces[top - 1].cluster == cluster {
            top -= 1;
        }
        let mut bottom = last_piece;
        while bottom + 1 < self.pieces.len()
            && bottom - last_piece < after
            && self.pieces[bottom + 1].cluster == cluster
        {
            bottom += 1;
        }
        let (data_start, column) = if before == 0 {
            (start, self.column(&self.pieces[first_piece], start))
        } else {
            (self.pieces[top].at, 0)
        };
        let data_end = if after == 0 {
            (start + span.len()).min(self.text.len())
        } else {
            let p = &self.pieces[bottom];
            (p.at + p.len + 1).min(self.text.len())
        };
        let data_end = data_end.max(data_start);
        let line = if before == 0 {
            self.pieces[first_piece].line
        } else {
            self.pieces[top].line
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[data_start..data_end],
            SourceSpan::from(data_start..data_end),
            line as usize,
            column,
            bottom + 1 - top,
        )))
    }
}

/// One finding, or one of its related notes in another file.
struct Report<'a> {
    message: Cow<'a, str>,
    code: Option<&'a str>,
    severity: miette::Severity,
    help: Option<Cow<'a, str>>,
    url: Option<&'a str>,
    source: Snippet<'a>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

/// A span clamped to its file's text.
fn clamp(file: &SourceFile, span: Span) -> Span {
    let len = file.text.len() as u32;
    let start = span.start.min(len);
    Span {
        file: span.file,
        start,
        end: span.end.clamp(start, len),
    }
}

/// A snippet of `file` showing these labels, and the labels on it.
fn snippet<'a>(
    files: &Files<'a>,
    file: FileId,
    labels: &[(Span, &str, bool)],
) -> (Snippet<'a>, Vec<LabeledSpan>) {
    let f = files.sources.get(file);
    let spans: Vec<Span> = labels.iter().map(|(at, _, _)| clamp(f, *at)).collect();
    let name = files
        .names
        .get(file.0 as usize)
        .cloned()
        .unwrap_or_default();
    let snippet = Snippet::new(name, f, &spans);
    let labeled = labels
        .iter()
        .zip(&spans)
        .map(|((_, label, primary), span)| {
            let at = snippet.source_span(*span);
            let text = (!label.is_empty()).then(|| label.to_string());
            if *primary {
                LabeledSpan::new_primary_with_span(text, at)
            } else {
                LabeledSpan::new_with_span(text, at)
            }
        })
        .collect();
    (snippet, labeled)
}

/// The files of a model, with the name each is shown under.
struct Files<'a> {
    sources: &'a Sources,
    /// Each file's path with `/` separators and control characters
    /// escaped, made once rather than once per finding.
    names: Vec<String>,
}

impl<'a> Files<'a> {
    fn new(sources: &'a Sources) -> Files<'a> {
        Files {
            sources,
            names: crate::output::line_paths(sources),
        }
    }
}

fn report<'a>(files: &Files<'a>, heads: &'a Heads, f: &'a Finding, w: &Words) -> Report<'a> {
    let file = f.primary.span.file;
    let primary = f.label_text(w);
    let mut here = vec![(f.primary.span, &*primary, true)];
    let mut related = Vec::new();
    for r in &f.related {
        let text = r.said.get(w.lang);
        if r.span.file == file {
            here.push((r.span, text, false));
        } else {
            let (source, labels) = snippet(files, r.span.file, &[(r.span, text, false)]);
            related.push(Report {
                message: Cow::Borrowed(text),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                url: None,
                source,
                labels,
                related: Vec::new(),
            });
        }
    }
    let (source, labels) = snippet(files, file, &here);
    let (code, url) = heads.of(f.rule);
    Report {
        message: f.message(w),
        code: Some(code),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: Some(f.help_text(w)).filter(|h| !h.is_empty()),
        url: Some(url).filter(|u| !u.is_empty()),
        source,
        labels,
        related,
    }
}

/// Each rule's header (`L001 missing-legal-basis (Art. 6(1))`) and URL,
/// made once per rule rather than once per finding.
struct Heads(Vec<(&'static Rule, String, String)>);

impl Heads {
    /// The heads of every rule of `findings`.
    fn new(findings: &[Finding]) -> Heads {
        let mut heads: Vec<(&'static Rule, String, String)> = Vec::new();
        let mut last: Option<&'static Rule> = None;
        for f in findings {
            if last.is_some_and(|r| std::ptr::eq(r, f.rule)) {
                continue;
            }
            last = Some(f.rule);
            if heads.iter().any(|(r, _, _)| std::ptr::eq(*r, f.rule)) {
                continue;
            }
            let rule = f.rule;
            let article = match rule.article {
                "-" => String::new(),
                a => format!(" ({a})"),
            };
            heads.push((
                rule,
                format!("{} {}{article}", rule.code, rule.name),
                rule.url(),
            ));
        }
        Heads(heads)
    }

    /// A rule's header and URL (empty when it has none).
    fn of(&self, rule: &Rule) -> (&str, &str) {
        self.0
            .iter()
            .find(|(r, _, _)| std::ptr::eq(*r, rule))
            .map_or(("", ""), |(_, code, url)| (code.as_str(), url.as_str()))
    }
}

/// Renders every finding graphically.
pub fn render(sources: &Sources, findings: &[Finding], color: bool, w: &Words) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings, color, w);
    String::from_utf8(out).unwrap_or_default()
}

/// Renders every finding as [`render`] does without colour, but every one
/// through miette: what the tests compare the reports of `plain` with.
pub fn render_by_miette(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let mut out = Vec::new();
    let handlers = Handlers::new(GraphicalTheme::unicode_nocolor(), false);
    let _ = write_with(&mut out, sources, findings, &handlers, w);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes every finding to `out` as [`render`] would. Findings are
/// rendered in parallel, a batch at a time, and written in order: the
/// output is never held whole in memory.
pub fn write(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
    color: bool,
    w: &Words,
) -> std::io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handlers = Handlers::new(theme, !color);
    write_with(out, sources, findings, &handlers, w)
}

fn write_with(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
    handlers: &Handlers,
    w: &Words,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    let files = Files::new(sources);
    for batch in findings.chunks(BATCH) {
        let heads = Heads::new(batch);
        let texts: Vec<String> = batch
            .par_chunks(BATCH / 16)
            .map(|part| {
                // About a kilobyte a finding: growing from empty would copy
                // the text at every doubling.
                let mut text = String::with_capacity(part.len() * 1024);
                for f in part {
                    render_one(handlers, &files, &heads, f, w, &mut text);
                }
                text
            })
            .collect();
        for text in texts {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// How many findings are rendered before they are written.
const BATCH: usize = 4096;

/// The same handler twice: wrapping long texts, and not wrapping at all.
struct Handlers {
    wrapping: GraphicalReportHandler,
    flat: GraphicalReportHandler,
    /// Whether reports on miette's plainest path are written by
    /// [`plain`] (without colour only: styles are miette's to apply).
    plain: bool,
}

/// Display columns a text may take to be sure miette would not wrap it:
/// its width is 200 columns less 2, and the widest indent before a
/// message, help or related note (`  help: `) is 8 columns.
const FITS: usize = 180;

impl Handlers {
    /// The handlers of the human format, in `theme`; `plain` says whether
    /// [`plain`] draws the reports on miette's plainest path.
    fn new(theme: GraphicalTheme, plain: bool) -> Handlers {
        let wrapping = GraphicalReportHandler::new_themed(theme)
            .with_links(false)
            .with_context_lines(CONTEXT as usize)
            .with_word_separator(textwrap::WordSeparator::AsciiSpace);
        Handlers {
            flat: wrapping.clone().with_wrap_lines(false),
            wrapping,
            plain,
        }
    }

    /// The handler for `r`: when no text of it could be wrapped (one line
    /// each, not empty, no blank at either end, well within the width),
    /// the one that does not wrap, which writes the same bytes without
    /// running textwrap (a third of this format's time on a dense model).
    fn of(&self, r: &Report) -> &GraphicalReportHandler {
        let fits = |t: &str| {
            !t.is_empty()
                && !t.contains('\n')
                && !t.starts_with(char::is_whitespace)
                && !t.ends_with(char::is_whitespace)
                // A character is at most 2 columns wide, and one that
                // wide takes 3 bytes or more: bytes bound columns.
                && (t.len() <= FITS || textwrap::core::display_width(t) <= FITS)
        };
        let all_fit = fits(&r.message)
            && r.help.as_deref().is_none_or(fits)
            && r.related
                .iter()
                .all(|n| fits(&n.message) && n.help.as_deref().is_none_or(fits));
        if all_fit {
            &self.flat
        } else {
            &self.wrapping
        }
    }
}

/// Appends one finding's report, and a blank line, to `out`.
fn render_one(
    handlers: &Handlers,
    files: &Files,
    heads: &Heads,
    f: &Finding,
    w: &Words,
    out: &mut String,
) {
    let r = report(files, heads, f, w);
    let handler = handlers.of(&r);
    if handlers.plain && std::ptr::eq(handler, &handlers.flat) && plain::render(&r, out) {
        out.push('\n');
        return;
    }
    // miette formats with `{:width$}`, which panics on widths past
    // u16::MAX; the snippet keeps every column far below that, and a
    // panic that still happens costs this finding its snippet only (what
    // it had written is taken back).
    let before = out.len();
    let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        handler.render_report(&mut *out, &r)
    }));
    if !matches!(rendered, Ok(Ok(()))) {
        out.truncate(before);
        out.push_str(&r.message);
        out.push('\n');
    }
    out.push('\n');
}

/// miette's graphical layout written directly, for the reports that take
/// its plainest path: no colour, no text to wrap (the flat handler), one
/// label on one line of each snippet, and shown lines of printable ASCII,
/// whose display width is their length. That is most findings of a large
/// model, and miette spent about 5 µs on each: a `String` per line shown,
/// a styled string per character class, a `format!` per gutter
/// (docs/performance.md). Any other report is left to miette.
///
/// Every byte follows `GraphicalReportHandler::render_report` in miette
/// 7.6 (`render_header`, `render_causes`, `render_snippets`,
/// `render_footer`, `render_related`); the tests below and the fuzz tests
/// compare the two on every finding of the fixtures and of generated
/// models, so that an upgrade of miette that changes its layout is
/// noticed.
mod plain {
    use super::{Report, Snippet};
    use miette::Severity;

    /// Where a report's one label is drawn.
    struct Mark<'a> {
        /// The piece (shown line) it is on.
        piece: usize,
        /// Where it starts in the snippet's text.
        offset: usize,
        /// Its first and last display columns, `[start, end)`.
        start: usize,
        end: usize,
        text: Option<&'a str>,
    }

    /// Writes `r` as miette would and returns `true`, or writes nothing
    /// and returns `false` when `r` is not on the plain path.
    pub(super) fn render(r: &Report, out: &mut String) -> bool {
        let Some(mark) = mark_of(r) else {
            return false;
        };
        let mut marks = Vec::with_capacity(r.related.len());
        for rel in &r.related {
            match mark_of(rel) {
                Some(m) if rel.related.is_empty() => marks.push(m),
                _ => return false,
            }
        }
        header(r, out, false);
        causes(r, out);
        snippet(&r.source, &mark, out);
        footer(r, out);
        for (rel, m) in r.related.iter().zip(&marks) {
            out.push('\n');
            out.push_str(match rel.severity {
                Severity::Error => "Error: ",
                Severity::Warning => "Warning: ",
                Severity::Advice => "Advice: ",
            });
            header(rel, out, true);
            causes(rel, out);
            snippet(&rel.source, m, out);
            footer(rel, out);
        }
        true
    }

    /// The label of `r`, when it is on the plain path.
    fn mark_of<'a>(r: &'a Report) -> Option<Mark<'a>> {
        let [label] = r.labels.as_slice() else {
            return None;
        };
        let text = label.label();
        let snippet = &r.source;
        let printable = snippet
            .text
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b));
        if label.is_empty() || text.is_some_and(|t| t.contains('\n')) || !printable {
            return None;
        }
        let (s, e) = (label.offset(), label.offset() + label.len());
        // The shown line the label starts on, which holds all of it
        // (each piece ends with its line break).
        let piece = snippet
            .pieces
            .iter()
            .position(|p| p.at <= s && s <= p.at + p.len)?;
        let p = &snippet.pieces[piece];
        if e > p.at + p.len + 1 {
            return None;
        }
        // A column past the line's text is drawn one past its end.
        let column = |offset: usize| {
            let i = offset - p.at;
            if i > p.len {
                p.len + 1
            } else {
                i
            }
        };
        let start = column(s);
        Some(Mark {
            piece,
            offset: s,
            start,
            end: column(e).max(start + 1),
            text,
        })
    }

    fn header(r: &Report, out: &mut String, nested: bool) {
        if let Some(code) = r.code {
            out.push_str(code);
            if let Some(url) = r.url {
                out.push_str(" (");
                out.push_str(url);
                out.push(')');
            }
            out.push('\n');
            out.push('\n');
        } else if nested {
            out.push('\n');
        }
    }

    fn causes(r: &Report, out: &mut String) {
        out.push_str(match r.severity {
            Severity::Error => "  × ",
            Severity::Warning => "  ⚠ ",
            Severity::Advice => "  ☞ ",
        });
        out.push_str(&r.message);
        out.push('\n');
    }

    fn footer(r: &Report, out: &mut String) {
        if let Some(help) = &r.help {
            out.push_str("  help: ");
            out.push_str(help);
            out.push('\n');
        }
    }

    fn spaces(n: usize, out: &mut String) {
        out.extend(std::iter::repeat_n(' ', n));
    }

    fn snippet(snippet: &Snippet, mark: &Mark, out: &mut String) {
        use std::fmt::Write as _;
        let pieces = &snippet.pieces;
        let last = pieces.last().map_or(0, |p| p.line as usize + 1);
        let width = last.to_string().len();
        let at = &pieces[mark.piece];
        let column = snippet.column(at, mark.offset) + 1;
        spaces(width + 2, out);
        let _ = writeln!(out, "╭─[{}:{}:{}]", snippet.name, at.line + 1, column);
        for (i, p) in pieces.iter().enumerate() {
            let _ = write!(out, " {:>width$} │ ", p.line + 1);
            out.push_str(&snippet.text[p.at..p.at + p.len]);
            out.push('\n');
            if i != mark.piece {
                continue;
            }
            let (start, end) = (mark.start, mark.end);
            let bar = (start + end) / 2;
            out.push(' ');
            spaces(width, out);
            out.push_str(" · ");
            spaces(start, out);
            out.extend(std::iter::repeat_n('─', bar - start));
            out.push(if mark.text.is_some() { '┬' } else { '─' });
            out.extend(std::iter::repeat_n('─', end - bar - 1));
            out.push('\n');
            if let Some(text) = mark.text {
                out.push(' ');
                spaces(width, out);
                out.push_str(" · ");
                spaces(bar, out);
                out.push_str("╰── ");
                out.push_str(text);
                out.push('\n');
            }
        }
        spaces(width + 2, out);
        out.push_str("╰────\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// Renders `f` with the handler [`Handlers::of`] picks, and with the
    /// wrapping one.
    fn both(sources: &Sources, f: &Finding) -> (String, String, bool) {
        let handlers = Handlers::new(GraphicalTheme::unicode_nocolor(), false);
        let files = Files::new(sources);
        let heads = Heads::new(std::slice::from_ref(f));
        let r = report(
            &files,
            &heads,
            f,
            &Words::developer(crate::finding::Lang::En),
        );
        let (mut picked, mut wrapped) = (String::new(), String::new());
        let chosen = handlers.of(&r);
        let flat = std::ptr::eq(chosen, &handlers.flat);
        let _ = chosen.render_report(&mut picked, &r);
        let _ = handlers.wrapping.render_report(&mut wrapped, &r);
        (picked, wrapped, flat)
    }

    fn finding(message: &str, help: &str) -> (Sources, Finding) {
        let mut sources = Sources::default();
        let text = "dataset d {\n  fields { a: contact.email }\n}\n".to_string();
        let file = sources.add(SourceFile::new(PathBuf::from("m.ropa"), text));
        let f = Finding::new(
            &crate::rules::accountability::a001_dataset_without_purpose::RULE,
            Span::new(file, 8, 9),
            message,
        )
        .label(crate::finding::said("here", "here"))
        .help(help.to_string());
        (sources, f)
    }

    #[test]
    fn a_report_that_fits_skips_wrapping_and_writes_the_same_bytes() {
        let (sources, f) = finding(
            "`d` has no purpose: the record must say why it is processed",
            "add `purpose ID { kind K  basis B }`",
        );
        let (picked, wrapped, flat) = both(&sources, &f);
        assert!(flat, "a short report should not be wrapped");
        assert_eq!(picked, wrapped);
    }

    #[test]
    fn a_long_text_is_still_wrapped() {
        let long = "word ".repeat(60) + "end";
        let (sources, f) = finding(&long, "short help");
        let (picked, wrapped, flat) = both(&sources, &f);
        assert!(!flat);
        assert_eq!(picked, wrapped);
        assert!(
            picked.lines().any(|l| l.trim_start().starts_with("│ word")),
            "{picked}"
        );
    }

    /// Every finding of every fixture, checked file by file.
    fn fixture_findings() -> Vec<crate::workspace::Run> {
        let data = crate::data::RuleData::builtin().unwrap_or_else(|e| panic!("{e:?}"));
        crate::testing::fixture_files()
            .into_iter()
            .map(|(path, bytes)| crate::check::check_inputs(vec![(path, Ok(bytes))], &data))
            .collect()
    }

    #[test]
    fn the_plain_path_writes_what_miette_writes() {
        let handlers = Handlers::new(GraphicalTheme::unicode_nocolor(), false);
        let (mut plain_ones, mut others) = (0, 0);
        for run in fixture_findings() {
            let files = Files::new(&run.model.sources);
            let heads = Heads::new(&run.findings);
            for f in &run.findings {
                let r = report(
                    &files,
                    &heads,
                    f,
                    &Words::developer(crate::finding::Lang::En),
                );
                let mut fast = String::new();
                let flat = std::ptr::eq(handlers.of(&r), &handlers.flat);
                if !(flat && plain::render(&r, &mut fast)) {
                    assert!(fast.is_empty(), "wrote and declined: {fast}");
                    others += 1;
                    continue;
                }
                let mut slow = String::new();
                let _ = handlers.flat.render_report(&mut slow, &r);
                assert_eq!(
                    fast,
                    slow,
                    "{}",
                    f.message(&Words::developer(crate::finding::Lang::En))
                );
                plain_ones += 1;
            }
        }
        // Most findings take the plain path; some do not (long texts,
        // several labels in one file, tabs, non-ASCII lines).
        assert!(plain_ones >= 60, "{plain_ones} plain, {others} not");
        assert!(others >= 20, "{plain_ones} plain, {others} not");
    }

    #[test]
    fn the_plain_path_draws_every_shape_of_label_as_miette_does() {
        let text = "dataset d {\n\n  fields { a: contact.email }\n}".to_string();
        let mut sources = Sources::default();
        let file = sources.add(SourceFile::new(PathBuf::from("m.ropa"), text.clone()));
        let other = sources.add(SourceFile::new(
            PathBuf::from("o.ropa"),
            "x\n".repeat(120) + "dataset far { }\n",
        ));
        let rule = &crate::rules::accountability::a001_dataset_without_purpose::RULE;
        let at = |s: &str| text.find(s).unwrap_or(0);
        let findings = vec![
            // One character; a whole line's text; the last line, without
            // a line break after it; an empty line above.
            Finding::new(rule, Span::new(file, 8, 9), "m")
                .label(crate::finding::said("here", "here")),
            Finding::new(rule, Span::new(file, at("fields"), at(" }\n}") + 2), "m")
                .label(crate::finding::said("l", "l")),
            Finding::new(rule, Span::new(file, at("}\n}") + 2, text.len()), "m"),
            // The span over the line break; no label text.
            Finding::new(rule, Span::new(file, 10, 12), "m").help("h"),
            // A related note in another file, with a three-digit line.
            Finding::new(rule, Span::new(file, 0, 7), "m")
                .label(crate::finding::said("a", "a"))
                .related(Span::new(other, 240, 247), crate::finding::said("b", "b")),
        ];
        let heads = Heads::new(&findings);
        let files = Files::new(&sources);
        let handlers = Handlers::new(GraphicalTheme::unicode_nocolor(), false);
        for f in &findings {
            let r = report(
                &files,
                &heads,
                f,
                &Words::developer(crate::finding::Lang::En),
            );
            let mut fast = String::new();
            assert!(plain::render(&r, &mut fast), "declined: {:?}", f.primary);
            let mut slow = String::new();
            let _ = handlers.flat.render_report(&mut slow, &r);
            assert_eq!(fast, slow);
        }
    }
}
