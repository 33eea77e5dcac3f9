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
//! reported here as well as by `L001`: a newsletter's tracking pixel with
//! no basis and no consent is two gaps. Anonymous datasets are read too:
//! the device is protected whether or not the information is personal
//! data.
//!
//! The message names the device-access law of each of the controller's
//! countries for ePrivacy (its EEA seat and the countries its service
//! targets, the market's first) that the rule data knows, in that
//! country's own words (in Sweden lagen (2022:482) om elektronisk
//! kommunikation, 9 kap. 28 §), and the Directive's article for the
//! others.
//!
//! ## Why is this bad?
//! Storing or reading information on a user's device needs consent unless
//! it is strictly necessary for the service the user asked for (ePrivacy
//! Directive Art. 5(3)). Analytics and advertising cookies are not strictly
//! necessary, so legitimate interest cannot carry the access to the device,
//! though it may carry the processing that follows (EDPB Opinion 5/2019).
//! The rule protects the device, not only personal data (CJEU C-673/17
//! *Planet49*).
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
//!   Guidelines 2/2023; EDPB Opinion 5/2019; CJEU C-673/17 *Planet49*
//! - the national laws of the rule data (`rules/national-law.yaml`)

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{purpose_kind, Dataset, DatasetId};
use crate::rules::grounds::{eprivacy_law_facts, EprivacyLaw, Laws};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L008",
    name: "cookies-without-consent",
    severity: Severity::Error,
    article: "ePrivacy Art. 5(3)",
    summary: "cookies for a non-necessary purpose without consent",
    heading: (
        "cookies for a purpose that is not strictly necessary, without consent",
        "kakor för ett ändamål som inte är strikt nödvändigt, utan samtycke",
    ),
    doc: crate::rules::docs::L008,
    origin: Origin::Builtin,
};

/// Kinds that need no device access of their own beyond the strictly
/// necessary: keeping proof and defending claims read nothing from the
/// device.
const NO_DEVICE_ACCESS: &[&str] = &["legal_compliance", "legal_claims"];

/// Device access for a purpose whose record states no consent to it.
#[derive(Debug, Serialize)]
struct NoDeviceConsent {
    dataset: String,
    purpose: String,
    kind: String,
    laws: Laws,
}

impl Violation for NoDeviceConsent {
    fn message(&self, w: &Words) -> String {
        let (p, d, laws) = (w.id(&self.purpose), w.id(&self.dataset), self.laws.words(w));
        // The kind, where the ID does not already say it.
        let of_kind = if self.kind == self.purpose {
            String::new()
        } else {
            format!(" ({})", w.value(Vocab::Kind, &self.kind))
        };
        w.say(
            || format!("the record states no consent to reading or storing information on the user's device for purpose {p}{of_kind} of {d} (required by {laws})"),
            || format!("registerförteckningen anger inget samtycke till att information lagras i eller hämtas från användarens terminalutrustning för ändamålet {p}{of_kind} i {d} (krävs enligt {laws})"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record the user's consent to the device access, asked for by a separate, active choice before any non-necessary cookie is set, or stop the device access for this purpose",
                "ange användarens samtycke till åtkomsten till terminalutrustningen, inhämtat genom ett separat, aktivt val innan kakor som inte är nödvändiga sätts, eller upphör med åtkomsten för detta ändamål",
            )
        } else {
            w.of(
                "record the consent to the device access, asked for by a separate, active choice: `consent { withdraw \"...\" }` in this purpose, beside its basis; or move the purpose to a dataset without cookies",
                "registrera samtycket till åtkomsten till terminalutrustningen, inhämtat genom ett separat, aktivt val: `consent { withdraw \"...\" }` i detta ändamål, bredvid den rättsliga grunden; eller flytta ändamålet till en datamängd utan kakor",
            )
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        let kind = w.value(Vocab::Kind, &self.kind);
        Some(w.say(
            || format!("{kind} is not strictly necessary"),
            || format!("{kind} är inte strikt nödvändigt"),
        ))
    }
}

/// Every purpose of a dataset with cookies that needs consent and records
/// none, anonymous datasets included.
pub fn check(cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    let Some(cookies) = &d.ast.cookies else {
        return;
    };
    for p in &d.ast.purposes {
        let kind = purpose_kind(p, cx.data);
        if cx.data.strictly_necessary.contains(kind) || NO_DEVICE_ACCESS.contains(&kind) {
            continue;
        }
        let basis = p.basis.as_ref().map(|b| &b.value.value);
        if basis.is_some_and(|b| b.name == "consent") || p.consent.is_some() {
            continue;
        }
        let span = basis.map_or(p.id.span, |b| b.span);
        let what = NoDeviceConsent {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            kind: kind.to_string(),
            laws: eprivacy_law_facts(cx, d, EprivacyLaw::DeviceAccess),
        };
        out.push(
            Finding::of(&RULE, span, what)
                .related(
                    cookies.keyword,
                    said(
                        "device access declared here",
                        "åtkomsten till terminalutrustningen anges här",
                    ),
                )
                .dataset(d.id()),
        );
    }
}
