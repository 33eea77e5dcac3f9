//! ## What it does
//! Reports a purpose of kind `advertising` whose `basis` is
//! `legitimate_interest` in a dataset with `cookies`, or on a purpose with
//! `profiling`: advertising built on tracking or on a profile of the
//! person. Personalising a service (kind `personalisation`) is not
//! reported. The rule is independent of `L004` (the assessment) and `L008`
//! (the consent to read the device): a consent block for the cookies does
//! not make legitimate interest the right basis for the advertising. A
//! dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Personalised advertising based on tracking a person's behaviour can
//! hardly rest on legitimate interest: the person cannot reasonably expect
//! it, and their interests override the controller's (CJEU C-252/21 *Meta
//! Platforms v Bundeskartellamt*; EDPB Guidelines 8/2020
//! on the targeting of social media users). It needs consent.
//!
//! ## Example
//! ```ropa
//! dataset visitors {
//!   cookies _fbp
//!   purpose retargeting {
//!     kind advertising
//!     basis legitimate_interest "LIA-4"
//!     consent { withdraw "Cookieinställningar" }
//!   }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset visitors {
//!   cookies _fbp
//!   purpose retargeting {
//!     kind advertising
//!     basis consent
//!     consent { withdraw "Cookieinställningar"  record "CMP-logg" }
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1)(a), 6(1)(f), Recital 47
//! - CJEU C-252/21 *Meta Platforms v Bundeskartellamt*
//! - EDPB Guidelines 8/2020 on the targeting of social media users

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{purpose_kind, Dataset, DatasetId};
use crate::rules::grounds::anonymous;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L013",
    name: "tracking-ads-on-legitimate-interest",
    severity: Severity::Warning,
    article: "Art. 6(1)(f)",
    summary: "tracking-based `advertising` on `legitimate_interest`",
    heading: (
        "tracking-based advertising on legitimate interests",
        "reklam byggd på spårning med stöd av berättigat intresse",
    ),
    doc: crate::rules::docs::L013,
    origin: Origin::Builtin,
};

/// How the record says the advertising follows the person.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "snake_case")]
enum Tracking {
    /// The dataset reads the device (`cookies`).
    Device,
    /// The purpose has `profiling`.
    Profiling,
}

/// Advertising built on tracking, on legitimate interest.
#[derive(Debug, Serialize)]
struct TrackingAds {
    dataset: String,
    purpose: String,
    tracking: Tracking,
}

impl Violation for TrackingAds {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        let how = match self.tracking {
            Tracking::Device => w.of(
                "reads the user's device",
                "läser från användarens terminalutrustning",
            ),
            Tracking::Profiling => w.of("profiles the person", "profilerar den enskilde"),
        };
        w.say(
            || format!("the record states legitimate interest as the basis of advertising purpose {p} of {d}, which {how}"),
            || format!("registerförteckningen anger berättigat intresse som rättslig grund för reklamändamålet {p} i {d}, som {how}"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "rest advertising built on tracking or profiling on the person's consent (Art. 6(1)(a); CJEU C-252/21 Meta Platforms), and record how it is withdrawn; or advertise without tracking or profiling",
                "grunda reklam som bygger på spårning eller profilering på den enskildes samtycke (artikel 6.1 a; EU-domstolens dom i mål C-252/21 Meta Platforms) och ange hur det återkallas; eller gör reklam utan spårning och profilering",
            )
        } else {
            w.of(
                "rest personalised advertising on consent: `basis consent` with `consent { withdraw \"...\" }` (CJEU C-252/21); or advertise without tracking or profiling",
                "grunda personanpassad reklam på samtycke: `basis consent` med `consent { withdraw \"...\" }` (EU-domstolens dom C-252/21); eller gör reklam utan spårning och profilering",
            )
        })
    }
}

/// Every advertising purpose on legitimate interest that tracks or
/// profiles.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        if purpose_kind(p, cx.data) != "advertising" {
            continue;
        }
        let Some(basis) = p
            .basis
            .as_ref()
            .filter(|b| b.value.value.name == "legitimate_interest")
        else {
            continue;
        };
        let tracking = if d.ast.cookies.is_some() {
            Tracking::Device
        } else if p.profiling.is_some() {
            Tracking::Profiling
        } else {
            continue;
        };
        let what = TrackingAds {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            tracking,
        };
        out.push(
            Finding::of(&RULE, basis.value.value.span, what)
                .label(said(
                    "tracking-based advertising on legitimate interest",
                    "reklam byggd på spårning med stöd av berättigat intresse",
                ))
                .dataset(d.id()),
        );
    }
}
