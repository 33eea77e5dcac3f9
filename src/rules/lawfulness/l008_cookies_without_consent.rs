//! ## What it does
//! Reports a dataset that reads or stores information on the user's
//! device (`cookies`: cookies, local storage, SDKs, tracking pixels) and
//! has a purpose that records no consent: its basis is not `consent` and it
//! has no `consent { }` block. Exempt are the strictly necessary kinds
//! (`service`, `security`) and `legal_compliance` and `legal_claims`
//! (keeping proof of consent or defending claims does not read the
//! device). The cookie consent is a consent block; the Art. 6 basis of the
//! later processing is a separate question, so `legitimate_interest` with
//! a consent block is not reported. A purpose with no basis at all is
//! `L001`. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Storing or reading information on a user's device needs consent unless
//! it is strictly necessary for the service the user asked for (ePrivacy
//! Directive Art. 5(3); in Sweden lagen om elektronisk kommunikation 9 kap.
//! 28 §). Analytics and advertising cookies are not strictly necessary, so
//! legitimate interest cannot carry the access to the device, though it may
//! carry the processing that follows (EDPB Opinion 5/2019).
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
//!     basis legitimate_interest "LIA-3"
//!     consent { withdraw "Cookieinställningar i sidfoten" }
//!   }
//! }
//! ```
//!
//! ## References
//! - ePrivacy Directive Art. 5(3); LEK (2022:482) 9 kap. 28 §; EDPB
//!   Guidelines 2/2023; EDPB Opinion 5/2019

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::grounds::{anonymous, in_sweden};
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

/// Kinds that need no device access of their own beyond the strictly
/// necessary: keeping proof and defending claims read nothing from the
/// device.
const NO_DEVICE_ACCESS: &[&str] = &["legal_compliance", "legal_claims"];

/// Every purpose of a dataset with cookies that needs consent and records
/// none.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        let Some(cookies) = &d.ast.cookies else {
            continue;
        };
        if anonymous(cx, i) {
            continue;
        }
        for p in &d.ast.purposes {
            let kind = purpose_kind(p, cx.data);
            if cx.data.strictly_necessary.contains(kind) || NO_DEVICE_ACCESS.contains(&kind) {
                continue;
            }
            let Some(basis) = &p.basis else { continue };
            let b = &basis.value.value;
            if b.name == "consent" || p.consent.is_some() {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    b.span,
                    cx.lang.say(
                        || format!(
                            "`{}` reads or stores information on the device for `{kind}` (purpose `{}`) and records no consent",
                            d.id(),
                            p.id.name,
                        ),
                        || format!(
                            "`{}` läser eller lagrar information i användarens terminalutrustning för `{kind}` (ändamålet `{}`) och registrerar inget samtycke",
                            d.id(),
                            p.id.name,
                        ),
                    ),
                )
                .label(cx.lang.say(
                    || format!("`{kind}` is not strictly necessary"),
                    || format!("`{kind}` är inte strikt nödvändigt"),
                ))
                .related(cookies.keyword, cx.lang.of("device access declared here", "åtkomsten till terminalutrustningen deklareras här"))
                .help(cx.lang.say(
                    || format!(
                        "record the consent to the device access (ePrivacy Art. 5(3){}): `consent {{ withdraw \"...\" }}` in this purpose, beside its basis; or move the purpose to a dataset without cookies",
                        in_sweden(cx, d, "LEK (2022:482) 9 kap. 28 §")
                    ),
                    || format!(
                        "registrera samtycket till åtkomsten (eDataskyddsdirektivet art. 5.3{}): `consent {{ withdraw \"...\" }}` i detta ändamål, bredvid den rättsliga grunden; eller flytta ändamålet till en datamängd utan kakor",
                        in_sweden(cx, d, "LEK (2022:482) 9 kap. 28 §")
                    ),
                ))
                .dataset(d.id()),
            );
        }
    }
    out
}
