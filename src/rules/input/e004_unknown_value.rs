//! ## What it does
//! Reports a value of a closed vocabulary that is not known: a data
//! category, purpose kind, legal basis, Art. 9(2) condition, Art. 10
//! authority, transfer mechanism or country code. The help suggests the
//! closest known value.
//!
//! ## Why is this bad?
//! Rules decide on these values: a misspelt `special.helth` is not special
//! data to any rule, and a misspelt `consnet` is no legal basis. A typo
//! would silently switch checks off.
//!
//! ## Example
//! ```ropa
//! fields { diagnosis: special.helth }
//! ```
//!
//! Use instead:
//! ```ropa
//! fields { diagnosis: special.health }
//! ```
//!
//! Rule packs (`packs` in `ropa.yaml`) may add categories and purpose kinds.
//!
//! ## References
//! - `docs/language.md`, data categories and purposes

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::syntax::ast::Ident;

/// The rule.
pub static RULE: Rule = Rule {
    code: "E004",
    name: "unknown-value",
    severity: Severity::Error,
    article: "-",
    summary: "a vocabulary value that is not known",
    doc: crate::rules::docs::E004,
    origin: Origin::Builtin,
};

/// `value` is not a known `what`, with a suggestion or examples.
pub fn finding(
    value: &Ident,
    what: &str,
    suggestion: Option<&str>,
    examples: &[String],
) -> Finding {
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None if !examples.is_empty() => format!(
            "write a known {what}, such as {}",
            examples
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("write a known {what}"),
    };
    Finding::new(
        &RULE,
        value.span,
        format!("`{}` is not a known {what}", value.name),
    )
    .label(format!("unknown {what}"))
    .help(help)
}
