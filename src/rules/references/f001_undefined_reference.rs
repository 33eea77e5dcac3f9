//! ## What it does
//! Reports a reference to a party, dataset, field or purpose that is not
//! declared anywhere in the model (all files together), or that names an
//! item of the wrong kind (a dataset where a party is expected). The help
//! suggests the closest declared name.
//!
//! ## Why is this bad?
//! A recipient that does not exist has no country, no DPA and no safeguard:
//! every transfer rule is blind to it. The record must name the real party.
//!
//! ## Example
//! ```ropa
//! processor telia "Telia Company AB" { country SE  dpa "PUB-avtal" }
//! dataset chat_log { recipients telai }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor telia "Telia Company AB" { country SE  dpa "PUB-avtal" }
//! dataset chat_log { recipients telia }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(d): the record names the recipients

use serde::Serialize;

use crate::finding::{Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::syntax::ast::Ident;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F001",
    name: "undefined-reference",
    severity: Severity::Error,
    article: "Art. 30",
    summary: "a reference to an ID, field or purpose that is not declared",
    heading: (
        "a reference to an entry the record does not declare",
        "en hänvisning till en uppgift som registerförteckningen inte deklarerar",
    ),
    doc: crate::rules::docs::F001,
    origin: Origin::Builtin,
};

/// A name that the model does not declare.
#[derive(Debug, Serialize)]
struct Undeclared {
    id: String,
    /// What it should name (`party`, `field of `cv``).
    what: String,
    /// The closest declared name.
    suggestion: Option<String>,
}

impl Violation for Undeclared {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.id);
        w.say(
            || format!("{id} is not a declared {}", self.what),
            || format!("{id} är inte deklarerad ({})", swedish_what(&self.what)),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let id = w.id(&self.id);
        Text::Owned(match &self.suggestion {
            Some(s) => w.say(
                || format!("did you mean `{s}`?"),
                || format!("menade du `{s}`?"),
            ),
            None => w.say(
                || format!("declare {id}, or name an existing {}", self.what),
                || {
                    format!(
                        "deklarera {id}, eller ange {} som finns",
                        swedish_what(&self.what)
                    )
                },
            ),
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        Some(w.of("not declared", "inte deklarerad").to_string())
    }
}

/// A name used for an item of another kind.
#[derive(Debug, Serialize)]
struct WrongKind {
    id: String,
    /// The role it is used in.
    role: String,
    /// The kind that role takes.
    expected: String,
}

impl Violation for WrongKind {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.id);
        w.say(
            || format!("{id} is used as {}, which must be {}", self.role, self.expected),
            || {
                format!(
                    "{id} används som {}, som måste vara {}",
                    swedish_what(&self.role),
                    swedish_what(&self.expected)
                )
            },
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Owned(w.say(
            || format!("name {} here", self.expected),
            || format!("ange {} här", swedish_what(&self.expected)),
        ))
    }

    fn label(&self, w: &Words) -> Option<String> {
        Some(w.say(
            || format!("not {}", self.expected),
            || format!("inte {}", swedish_what(&self.expected)),
        ))
    }
}

/// `id` names no `what`; `suggestion` is the closest declared name.
pub fn finding(id: &Ident, what: &str, suggestion: Option<&str>) -> Finding {
    Finding::of(
        &RULE,
        id.span,
        Undeclared {
            id: id.name.to_string(),
            what: what.to_string(),
            suggestion: suggestion.map(str::to_string),
        },
    )
}

/// `id` names an item of the wrong kind.
pub fn wrong_kind(id: &Ident, role: &str, expected: &str) -> Finding {
    Finding::of(
        &RULE,
        id.span,
        WrongKind {
            id: id.name.to_string(),
            role: role.to_string(),
            expected: expected.to_string(),
        },
    )
}

/// What the model says a reference should name, in Swedish. The model
/// names a fixed set of kinds ("party", "field of `cv`"); an unknown one is
/// kept as it is.
fn swedish_what(what: &str) -> String {
    if let Some(of) = what.strip_prefix("field of ") {
        return format!("ett fält i {of}");
    }
    if let Some(of) = what.strip_prefix("purpose of ") {
        return format!("ett ändamål i {of}");
    }
    match what {
        "party" | "a party" => "en part",
        "dataset" | "a dataset" => "en datamängd",
        "dataset or party" => "en datamängd eller en part",
        "a flow's source" => "källa för ett flöde",
        other => other,
    }
    .to_string()
}
