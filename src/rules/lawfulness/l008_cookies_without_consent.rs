//! ## What it does
//! Reports a dataset that reads or stores `cookies` on the user's device
//! and has a purpose that is not strictly necessary (its kind is neither
//! `service` nor `security`) whose declared basis is not `consent`.
//!
//! ## Why is this bad?
//! Storing or reading information on a user's device needs consent unless
//! it is strictly necessary for the service the user asked for (ePrivacy
//! Directive Art. 5(3); in Sweden lagen om elektronisk kommunikation 9 kap.
//! 28 §). Analytics and advertising cookies are not strictly necessary, so
//! legitimate interest cannot carry them.
//!
//! ## Example
//! ```ropa
//! dataset web_stats {
//!   cookies _ga, _gid
//!   purpose analytics { basis legitimate_interest "LIA-3" }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset web_stats {
//!   cookies _ga, _gid
//!   purpose analytics {
//!     basis consent
//!     consent { withdraw "Cookieinställningar i sidfoten" }
//!   }
//! }
//! ```
//!
//! ## References
//! - ePrivacy Directive Art. 5(3); LEK (2022:482) 9 kap. 28 §; EDPB Guidelines 2/2023

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L008",
    name: "cookies-without-consent",
    severity: Severity::Error,
    article: "ePrivacy Art. 5(3)",
    summary: "cookies for a non-necessary purpose without consent",
    doc: crate::rules::docs::L008,
    origin: Origin::Builtin,
};

/// Every non-necessary, non-consent purpose of a dataset with cookies.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        let Some(cookies) = &d.ast.cookies else {
            continue;
        };
        for p in &d.ast.purposes {
            let kind = purpose_kind(p, cx.data);
            if cx.data.strictly_necessary.contains(kind) {
                continue;
            }
            let Some(basis) = &p.basis else { continue };
            let b = &basis.value.value;
            if b.name == "consent" {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    b.span,
                    format!(
                        "cookies of `{}` serve `{kind}` (purpose `{}`) on `{}`, not consent",
                        d.id(),
                        p.id.name,
                        b.name
                    ),
                )
                .label(format!("`{kind}` is not strictly necessary"))
                .related(cookies.keyword, "cookies declared here")
                .help("use `basis consent` with `consent { withdraw \"...\" }` for this purpose, or move it to a dataset without cookies")
                .dataset(d.id()),
            );
        }
    }
    out
}
