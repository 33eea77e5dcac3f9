//! ## What it does
//! Reports consent declared `bundled` (all-or-nothing, a condition of the
//! service) or `implied` (inferred from using the site).
//!
//! ## Why is this bad?
//! Consent must be freely given, specific, informed and unambiguous, by a
//! clear affirmative act (Art. 4(11)); silence or continued browsing is not
//! consent (Recital 32, CJEU C-673/17 Planet49). Consent tied to a service
//! that does not need the data is not freely given (Art. 7(4)).
//!
//! ## Example
//! ```ropa
//! purpose analytics {
//!   basis consent
//!   consent { implied  withdraw "Kontaktformuläret" }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose analytics {
//!   basis consent
//!   consent { withdraw "Cookieinställningar i sidfoten"  record "CMP-logg" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 4(11), Art. 7(4), Recitals 32, 43

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L006",
    name: "invalid-consent",
    severity: Severity::Error,
    article: "Art. 4(11), 7(4)",
    summary: "consent declared `bundled` or `implied`",
    doc: crate::rules::docs::L006,
    origin: Origin::Builtin,
};

/// Every `bundled` or `implied` flag.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        for p in &d.ast.purposes {
            let Some(c) = &p.consent else { continue };
            if let Some(span) = c.value.bundled {
                out.push(
                    Finding::new(
                        &RULE,
                        span,
                        format!("consent for `{}` is bundled, so it is not freely given", p.id.name),
                    )
                    .label("all-or-nothing consent (Art. 7(4))")
                    .help("ask for this consent separately from the service, remove `bundled`, or rely on another basis")
                    .dataset(d.id()),
                );
            }
            if let Some(span) = c.value.implied {
                out.push(
                    Finding::new(
                        &RULE,
                        span,
                        format!("consent for `{}` is implied, which is no consent", p.id.name),
                    )
                    .label("no clear affirmative act (Art. 4(11))")
                    .help("obtain consent by an explicit opt-in and remove `implied`, or rely on another basis")
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
