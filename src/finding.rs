//! A finding: one rule's verdict on one place in the model.

use compact_str::CompactString;
use serde::Serialize;

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

/// The language a finding's message, label and help are written in.
///
/// Every built-in rule writes both; only the chosen one is formatted, so a
/// check in English pays nothing for Swedish.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Swedish, in the terms of the Swedish text of the GDPR
    /// (dataskyddsförordningen).
    Sv,
}

impl Lang {
    /// The text made by `en` or by `sv`, whichever this language is; the
    /// other is never called.
    pub fn say<T>(self, en: impl FnOnce() -> T, sv: impl FnOnce() -> T) -> T {
        match self {
            Lang::En => en(),
            Lang::Sv => sv(),
        }
    }

    /// One of two fixed texts.
    pub fn of(self, en: &'static str, sv: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Sv => sv,
        }
    }
}

/// How a check writes its findings: in which language, and whether with
/// their help.
///
/// `ropa check --format short` prints no help, so a check for it asks the
/// rules not to write one: on a findings-dense model the helps are a
/// quarter of the findings' text. Every other output shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Writing {
    /// The language of messages, labels and helps.
    pub lang: Lang,
    /// Whether findings carry their help (when `false`, the rules that
    /// would compose one leave it empty).
    pub helps: bool,
}

impl From<Lang> for Writing {
    fn from(lang: Lang) -> Writing {
        Writing { lang, helps: true }
    }
}

/// A rule's identity: what every finding of it carries.
///
/// Built-in rules are statics in `src/rules/`; an organisation's policies
/// are made when the configuration is read, and live for the process.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `L001`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `missing-legal-basis`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The article it rests on.
    pub article: &'static str,
    /// One line: when it fires.
    pub summary: &'static str,
    /// The documentation `ropa explain` prints (a rule file's doc comment,
    /// or a policy's description).
    pub doc: &'static str,
    /// Where the rule comes from.
    pub origin: Origin,
}

/// Where a rule is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// ropa's own catalog.
    Builtin,
    /// An organisation policy, defined in this file.
    Policy {
        /// The policy file, as the configuration names it.
        file: &'static str,
    },
}

impl Rule {
    /// The documentation `ropa explain` prints.
    pub fn doc(&self) -> &'static str {
        self.doc
    }

    /// Whether this is one of ropa's own rules.
    pub fn is_builtin(&self) -> bool {
        self.origin == Origin::Builtin
    }

    /// Whether the rule reports a file that could not be read or parsed
    /// (E001, E002). Such findings cannot be suppressed, ignored, switched
    /// off, downgraded or baselined: without the file the model is
    /// incomplete (docs/decisions.md).
    pub fn is_input_failure(&self) -> bool {
        self.is_builtin() && matches!(self.code, "E001" | "E002")
    }

    /// Where the rule is documented online (built-in rules only).
    pub fn url(&self) -> String {
        match self.origin {
            Origin::Builtin => format!("{}#{}", DOCS_URL, self.code.to_lowercase()),
            Origin::Policy { .. } => String::new(),
        }
    }
}

/// The base URL of the rule documentation.
pub const DOCS_URL: &str = "https://github.com/ropa-lint/ropa/blob/main/docs/rules.md";

/// A finding's text: most labels and helps are fixed sentences, which
/// are borrowed rather than copied into every finding.
pub type Text = std::borrow::Cow<'static, str>;

/// `s` without spare room. A string made by `format!` grows by doubling
/// and is often a third larger than its text; a dense model keeps
/// hundreds of thousands of them until the output is written. Shrinking in
/// place would not help (mimalloc keeps a block that shrinks by less than
/// half), so a string with much to spare is copied once.
fn tight(s: String) -> String {
    if s.capacity() > s.len() + 16 {
        String::from(s.as_str())
    } else {
        s
    }
}

/// A [`Text`] without spare room (see [`tight`]).
fn tight_text(text: Text) -> Text {
    match text {
        Text::Owned(s) => Text::Owned(tight(s)),
        borrowed => borrowed,
    }
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What is labelled.
    pub span: Span,
    /// What the label says.
    pub text: Text,
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
    pub help: Text,
    /// The span the finding is about.
    pub primary: Label,
    /// Further places that explain it (the other definition, the declaration).
    pub related: Vec<Label>,
    /// The dataset it concerns, if any (an identifier: short ones are
    /// stored inline, without an allocation).
    pub dataset: Option<CompactString>,
    /// The party it concerns, if any.
    pub party: Option<CompactString>,
}

impl Finding {
    /// A finding of `rule` at `span`.
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            message: tight(message.into()),
            help: Text::Borrowed(""),
            primary: Label {
                span,
                text: Text::Borrowed(""),
            },
            related: Vec::new(),
            dataset: None,
            party: None,
        }
    }

    /// Sets this finding's severity, where the rule's default depends on
    /// what it found (L007 is `info` for a public authority). A severity
    /// configured for the rule in `ropa.yaml` still overrides it
    /// ([`crate::config::Config::apply`] runs after the rules).
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Sets the text of the primary label.
    pub fn label(mut self, text: impl Into<Text>) -> Finding {
        self.primary.text = tight_text(text.into());
        self
    }

    /// Sets the help.
    pub fn help(mut self, text: impl Into<Text>) -> Finding {
        self.help = tight_text(text.into());
        self
    }

    /// Adds a related label.
    pub fn related(mut self, span: Span, text: impl Into<Text>) -> Finding {
        // Most findings have one related label; a first push would make
        // room for four.
        self.related.reserve_exact(1);
        self.related.push(Label {
            span,
            text: tight_text(text.into()),
        });
        self
    }

    /// Names the dataset it concerns.
    pub fn dataset(mut self, id: &str) -> Finding {
        self.dataset = Some(CompactString::from(id));
        self
    }

    /// Names the party it concerns.
    pub fn party(mut self, id: &str) -> Finding {
        self.party = Some(CompactString::from(id));
        self
    }

    /// The rule's code.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
