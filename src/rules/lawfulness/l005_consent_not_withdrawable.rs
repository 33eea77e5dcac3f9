//! ## What it does
//! Reports a purpose based on `consent` (or with the Art. 9 condition
//! `explicit_consent`) that does not say how consent is withdrawn
//! (`consent { withdraw "..." }`), and a `consent { }` block without
//! `withdraw` beside any other basis: that block records a consent another
//! law requires (cookies, e-mail marketing), which is withdrawable too.
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Art. 7(3): the data subject may withdraw consent at any time, it must be
//! as easy to withdraw as to give, and they must be told how before they
//! consent. Consent that cannot be withdrawn is not valid consent. The
//! ePrivacy consents (cookies, e-mail marketing) are consent in the GDPR's
//! sense (ePrivacy Art. 2(f)), so the same holds for them.
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
//! - GDPR Art. 7(3), Art. 9(2)(a); ePrivacy Directive Art. 2(f)

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
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

/// Every consent-based purpose, and every consent block, without a
/// withdrawal route.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
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
            let mut reported = false;
            for b in consent_values.into_iter().flatten() {
                reported = true;
                out.push(
                    Finding::new(
                        &RULE,
                        b.value.value.span,
                        cx.lang.say(
                            || format!(
                                "purpose `{}` relies on `{}` but says not how it is withdrawn",
                                p.id.name, b.value.value.name
                            ),
                            || format!(
                                "ändamålet `{}` grundas på `{}` men anger inte hur samtycket återkallas",
                                p.id.name, b.value.value.name
                            ),
                        ),
                    )
                    .label(said("how is this consent withdrawn?", "hur återkallas detta samtycke?"))
                    .help(cx.lang.of(
                        "add `consent { withdraw \"<how the data subject withdraws>\" }` to the purpose",
                        "lägg till `consent { withdraw \"<hur den registrerade återkallar samtycket>\" }` i ändamålet",
                    ))
                    .dataset(d.id()),
                );
            }
            // A block beside another basis: the consent of another law.
            if let (false, Some(block)) = (reported, &p.consent) {
                out.push(
                    Finding::new(
                        &RULE,
                        block.keyword,
                        cx.lang.say(
                            || format!(
                                "the consent recorded for purpose `{}` says not how it is withdrawn",
                                p.id.name
                            ),
                            || format!(
                                "samtycket som registrerats för ändamålet `{}` anger inte hur det återkallas",
                                p.id.name
                            ),
                        ),
                    )
                    .label(said("how is this consent withdrawn?", "hur återkallas detta samtycke?"))
                    .help(cx.lang.of(
                        "add `withdraw \"<how the data subject withdraws>\"` to the consent block",
                        "lägg till `withdraw \"<hur den registrerade återkallar samtycket>\"` i samtyckesblocket",
                    ))
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
