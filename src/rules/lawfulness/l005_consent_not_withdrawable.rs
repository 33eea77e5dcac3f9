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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L005",
    name: "consent-not-withdrawable",
    severity: Severity::Warning,
    article: "Art. 7(3)",
    summary: "consent with no `consent { withdraw \"...\" }`",
    heading: (
        "consent for which the record states no way to withdraw it",
        "samtycke där registerförteckningen inte anger hur det återkallas",
    ),
    doc: crate::rules::docs::L005,
    origin: Origin::Builtin,
};

/// Where the record states the consent.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum Given {
    /// `basis consent` (Art. 6(1)(a)).
    Basis,
    /// `special_basis explicit_consent` (Art. 9(2)(a)).
    SpecialBasis,
    /// A `consent { }` block beside another basis: the consent another law
    /// requires (cookies, e-mail marketing).
    Block,
}

/// A consent whose record says not how it is withdrawn.
#[derive(Debug, Serialize)]
struct NotWithdrawable {
    dataset: String,
    purpose: String,
    consent: Given,
}

impl Violation for NotWithdrawable {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        match self.consent {
            Given::Basis => {
                let b = w.value(Vocab::Basis, "consent");
                w.say(
                    || format!("the record states {b} as the basis of purpose {p} of {d}, but not how it is withdrawn"),
                    || format!("registerförteckningen anger {b} som rättslig grund för ändamålet {p} i {d}, men inte hur samtycket återkallas"),
                )
            }
            Given::SpecialBasis => {
                let b = w.value(Vocab::Art9, "explicit_consent");
                w.say(
                    || format!("the record states {b} as the exception from the prohibition in Art. 9(1) for purpose {p} of {d}, but not how it is withdrawn"),
                    || format!("registerförteckningen anger {b} som undantag från förbudet i artikel 9.1 för ändamålet {p} i {d}, men inte hur samtycket återkallas"),
                )
            }
            Given::Block => w.say(
                || format!("the record states a consent for purpose {p} of {d}, but not how it is withdrawn"),
                || format!("registerförteckningen anger ett samtycke för ändamålet {p} i {d}, men inte hur det återkallas"),
            ),
        }
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(match (w.is_legal(), self.consent) {
            (true, _) => w.of(
                "record how the data subject withdraws consent, as easily as it was given, and that they are told so before they consent (Art. 7(3))",
                "ange hur den registrerade återkallar sitt samtycke, lika enkelt som det lämnades, och att den registrerade får veta det innan samtycket lämnas (artikel 7.3)",
            ),
            (false, Given::Block) => w.of(
                "add `withdraw \"<how the data subject withdraws>\"` to the consent block",
                "lägg till `withdraw \"<hur den registrerade återkallar samtycket>\"` i samtyckesblocket",
            ),
            (false, _) => w.of(
                "add `consent { withdraw \"<how the data subject withdraws>\" }` to the purpose",
                "lägg till `consent { withdraw \"<hur den registrerade återkallar samtycket>\" }` i ändamålet",
            ),
        })
    }
}

/// Every consent-based purpose, and every consent block, without a
/// withdrawal route.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
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
            p.basis
                .as_ref()
                .filter(|b| b.value.value.name == "consent")
                .map(|b| (b, Given::Basis)),
            p.special_basis
                .as_deref()
                .filter(|b| b.value.value.name == "explicit_consent")
                .map(|b| (b, Given::SpecialBasis)),
        ];
        let mut reported = false;
        for (b, given) in consent_values.into_iter().flatten() {
            reported = true;
            let what = NotWithdrawable {
                dataset: d.id().to_string(),
                purpose: p.id.name.to_string(),
                consent: given,
            };
            out.push(
                Finding::of(&RULE, b.value.value.span, what)
                    .label(said("how is this consent withdrawn?", "hur återkallas detta samtycke?"))
                    .dataset(d.id()),
            );
        }
        // A block beside another basis: the consent of another law.
        if let (false, Some(block)) = (reported, &p.consent) {
            let what = NotWithdrawable {
                dataset: d.id().to_string(),
                purpose: p.id.name.to_string(),
                consent: Given::Block,
            };
            out.push(
                Finding::of(&RULE, block.keyword, what)
                    .label(said("how is this consent withdrawn?", "hur återkallas detta samtycke?"))
                    .dataset(d.id()),
            );
        }
    }
}
