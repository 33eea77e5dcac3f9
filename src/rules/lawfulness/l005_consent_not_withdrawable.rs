//! ## What it does
//! Reports a purpose based on `consent` (or with the Art. 9 condition
//! `explicit_consent`) that does not say how consent is withdrawn
//! (`consent { withdraw "..." }`).
//!
//! ## Why is this bad?
//! Art. 7(3): the data subject may withdraw consent at any time, it must be
//! as easy to withdraw as to give, and they must be told how before they
//! consent. Consent that cannot be withdrawn is not valid consent.
//!
//! ## Example
//! ```ropa
//! purpose newsletter { kind marketing.email  basis consent }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose newsletter {
//!   kind marketing.email
//!   basis consent
//!   consent { withdraw "Länk i varje utskick"  record "CRM, fält consent_at" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 7(3), Art. 9(2)(a)

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L005",
    name: "consent-not-withdrawable",
    severity: Severity::Warning,
    article: "Art. 7(3)",
    summary: "consent with no `consent { withdraw \"...\" }`",
    doc: crate::rules::docs::L005,
    origin: Origin::Builtin,
};

/// Every consent-based purpose without a withdrawal route.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        for p in &d.ast.purposes {
            let withdrawable = p
                .consent
                .as_ref()
                .is_some_and(|c| c.value.withdraw.is_some());
            if withdrawable {
                continue;
            }
            let consent_values = [
                p.basis.as_ref().filter(|b| b.value.value.name == "consent"),
                p.special_basis
                    .as_deref()
                    .filter(|b| b.value.value.name == "explicit_consent"),
            ];
            for b in consent_values.into_iter().flatten() {
                out.push(
                    Finding::new(
                        &RULE,
                        b.value.value.span,
                        format!(
                            "purpose `{}` relies on `{}` but says not how it is withdrawn",
                            p.id.name, b.value.value.name
                        ),
                    )
                    .label("how is this consent withdrawn?")
                    .help("add `consent { withdraw \"<how the data subject withdraws>\" }` to the purpose")
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
