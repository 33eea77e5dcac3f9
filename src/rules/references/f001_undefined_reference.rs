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

use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::syntax::ast::Ident;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F001",
    name: "undefined-reference",
    severity: Severity::Error,
    article: "Art. 30",
    summary: "a reference to an ID, field or purpose that is not declared",
    doc: crate::rules::docs::F001,
    origin: Origin::Builtin,
};

/// `id` names no `what`; `suggestion` is the closest declared name.
pub fn finding(id: &Ident, what: &str, suggestion: Option<&str>, lang: Lang) -> Finding {
    if lang == Lang::Sv {
        let what = swedish_what(what);
        let help = match suggestion {
            Some(s) => format!("menade du `{s}`?"),
            None => format!("deklarera `{}`, eller ange {what} som finns", id.name),
        };
        return Finding::new(
            &RULE,
            id.span,
            format!("`{}` är inte deklarerad ({what})", id.name),
        )
        .label("inte deklarerad")
        .help(help);
    }
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("declare `{}`, or name an existing {what}", id.name),
    };
    Finding::new(
        &RULE,
        id.span,
        format!("`{}` is not a declared {what}", id.name),
    )
    .label("not declared")
    .help(help)
}

/// `id` names an item of the wrong kind.
pub fn wrong_kind(id: &Ident, role: &str, expected: &str, lang: Lang) -> Finding {
    if lang == Lang::Sv {
        let (role, expected) = (swedish_what(role), swedish_what(expected));
        return Finding::new(
            &RULE,
            id.span,
            format!(
                "`{}` används som {role}, som måste vara {expected}",
                id.name
            ),
        )
        .label(format!("inte {expected}"))
        .help(format!("ange {expected} här"));
    }
    Finding::new(
        &RULE,
        id.span,
        format!("`{}` is used as {role}, which must be {expected}", id.name),
    )
    .label(format!("not {expected}"))
    .help(format!("name {expected} here"))
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
