//! Findings as LSP diagnostics: the same findings as `ropa check`, with
//! the secondary labels as related information and the rule's
//! documentation as the code description.

use std::path::Path;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, Url,
};

use crate::finding::{Finding, Lang, Severity, Words};
use crate::source::{Sources, Span};

/// One finding as a diagnostic: `range` places a span in its file's text
/// (in the client's position encoding), `uri` names a file for the client.
pub fn diagnostic(
    f: &Finding,
    sources: &Sources,
    range: &dyn Fn(Span) -> Range,
    uri: &dyn Fn(&Path) -> Option<Url>,
) -> Diagnostic {
    // The editor speaks the developer register, in English, as `check`.
    let w = &Words::developer(Lang::En);
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .filter_map(|label| {
            let uri = uri(sources.path(label.span.file))?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range(label.span)),
                message: label.said.get(w.lang).to_string(),
            })
        })
        .collect();
    let mut message = f.message(w).into_owned();
    let help = f.help_text(w);
    if !help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&help);
    }
    Diagnostic {
        range: range(f.primary.span),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.code.to_string())),
        code_description: Url::parse(&f.rule.url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("ropa".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The LSP severity of a finding's severity.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}
