//! ## What it does
//! Reports a purpose of kind `marketing.email` whose declared basis is not
//! `consent`. (A purpose with no basis at all is `L001`.)
//!
//! ## Why is this bad?
//! Unsolicited e-mail marketing to individuals needs their prior consent
//! (ePrivacy Directive Art. 13; in Sweden marknadsföringslagen 19 §). The
//! narrow exception for existing customers' own e-mail addresses and
//! similar products still needs an opt-out at collection and in every
//! message, which is a consent-like design the record should show.
//!
//! ## Example
//! ```ropa
//! purpose newsletter { kind marketing.email  basis legitimate_interest "LIA-7" }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose newsletter {
//!   kind marketing.email
//!   basis consent
//!   consent { withdraw "Avregistrera dig via länken i mejlet" }
//! }
//! ```
//!
//! ## References
//! - ePrivacy Directive 2002/58/EC Art. 13; marknadsföringslagen (2008:486) 19 §

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L007",
    name: "email-marketing-without-consent",
    severity: Severity::Error,
    article: "ePrivacy Art. 13",
    summary: "`marketing.email` whose basis is not `consent`",
    doc: crate::rules::docs::L007,
    origin: Origin::Builtin,
};

/// Every e-mail marketing purpose on another basis than consent.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        for p in &d.ast.purposes {
            if purpose_kind(p, cx.data) != "marketing.email" {
                continue;
            }
            let Some(basis) = &p.basis else { continue };
            let b = &basis.value.value;
            if b.name != "consent" {
                out.push(
                    Finding::new(
                        &RULE,
                        b.span,
                        format!(
                            "e-mail marketing `{}` relies on `{}`, not consent",
                            p.id.name, b.name
                        ),
                    )
                    .label("e-mail marketing needs consent")
                    .help("use `basis consent` with `consent { withdraw \"...\" }`")
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
