//! miette's graphical report: the snippet, a label on the exact span,
//! related labels (in other files too), the help, the article and a link.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use crate::finding::{Finding, Label, Severity};
use crate::source::{FileId, Sources};

/// A file's text under its path, borrowed.
struct NamedText<'a> {
    name: String,
    text: &'a str,
}

impl SourceCode for NamedText<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let inner = self.text.read_span(span, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line(),
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// One finding, or one of its related notes in another file.
struct Report<'a> {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: NamedText<'a>,
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

fn named(sources: &Sources, file: FileId) -> NamedText<'_> {
    let f = sources.get(file);
    NamedText {
        name: f.path.to_string_lossy().replace('\\', "/"),
        text: &f.text,
    }
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let span = SourceSpan::from(label.span.range());
    let text = (!label.text.is_empty()).then(|| label.text.clone());
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

fn report<'a>(sources: &'a Sources, f: &Finding) -> Report<'a> {
    let file = f.primary.span.file;
    let mut labels = vec![labeled(&f.primary, true)];
    let mut related = Vec::new();
    for r in &f.related {
        if r.span.file == file {
            labels.push(labeled(r, false));
        } else {
            related.push(Report {
                message: r.text.clone(),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                url: None,
                source: named(sources, r.span.file),
                labels: vec![labeled(r, false)],
                related: Vec::new(),
            });
        }
    }
    let article = match f.rule.article {
        "-" => String::new(),
        a => format!(" ({a})"),
    };
    Report {
        message: f.message.clone(),
        code: Some(format!("{} {}{article}", f.rule.code, f.rule.name)),
        severity: match f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: (!f.help.is_empty()).then(|| f.help.clone()),
        url: Some(f.rule.url()).filter(|u| !u.is_empty()),
        source: named(sources, file),
        labels,
        related,
    }
}

/// Renders every finding graphically.
pub fn render(sources: &Sources, findings: &[Finding], color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    for f in findings {
        let r = report(sources, f);
        if handler.render_report(&mut out, &r).is_err() {
            out.push_str(&f.message);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}
