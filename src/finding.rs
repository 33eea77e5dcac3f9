//! A finding: one rule's verdict on one place in the model.

use serde::Serialize;

use crate::rules::Rule;
use crate::source::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Likely non-compliant, or missing documentation.
    Warning,
    /// Non-compliant, or the input is broken.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What is labelled.
    pub span: Span,
    /// What the label says.
    pub text: String,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that produced it.
    pub rule: &'static Rule,
    /// Its severity in this run.
    pub severity: Severity,
    /// One line saying what is wrong.
    pub message: String,
    /// What to write to fix it.
    pub help: String,
    /// The span the finding is about.
    pub primary: Label,
    /// Further places that explain it (the other definition, the declaration).
    pub related: Vec<Label>,
    /// The dataset it concerns, if any.
    pub dataset: Option<String>,
    /// The party it concerns, if any.
    pub party: Option<String>,
}

impl Finding {
    /// A finding of `rule` at `span`.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            message: message.into(),
            help: String::new(),
            primary: Label {
                span,
                text: String::new(),
            },
            related: Vec::new(),
            dataset: None,
            party: None,
        }
    }

    /// Sets the text of the primary label.
    pub fn label(mut self, text: impl Into<String>) -> Finding {
        self.primary.text = text.into();
        self
    }

    /// Sets the help.
    pub fn help(mut self, text: impl Into<String>) -> Finding {
        self.help = text.into();
        self
    }

    /// Adds a related label.
    pub fn related(mut self, span: Span, text: impl Into<String>) -> Finding {
        self.related.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Names the dataset it concerns.
    pub fn dataset(mut self, id: &str) -> Finding {
        self.dataset = Some(id.to_string());
        self
    }

    /// Names the party it concerns.
    pub fn party(mut self, id: &str) -> Finding {
        self.party = Some(id.to_string());
        self
    }

    /// The rule's code.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
