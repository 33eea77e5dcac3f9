//! ## What it does
//! Reports a purpose of kind `marketing.email` whose declared basis is not
//! `consent` and that records no consent (`consent { }` block) and no
//! customer exception (`soft_opt_in "..."`). A consent block beside
//! `legitimate_interest` is the marketing-law consent, and Art. 6(1)(f) may
//! stand beside it (Recital 47). A purpose with no basis at all is
//! reported here as well as by `L001`: the marketing consent is a
//! requirement of its own. A consent block declared `bundled` or `implied`
//! is `L006`. A dataset that is anonymous is skipped.
//!
//! The message names the marketing law of each of the controller's
//! countries for ePrivacy (its EEA seat and the countries its service
//! targets, the market's first) that the rule data knows, in that
//! country's own words (in Sweden marknadsföringslagen (2008:486) 19 §),
//! and the Directive's article for the others.
//!
//! The marketing laws bind traders and protect natural persons, so the
//! severity depends on who sends and who receives: `info` when a
//! controller is a `public_authority` (its information mailings may not be
//! marketing at all), and `warning` when every subject of the dataset is a
//! business contact (`employer_contact`, `supplier_contact`) and the rule
//! data says that the law of every one of those countries protects only
//! natural persons there (SE, FI, FR, IE, NO by default). A severity
//! configured in `ropa.yaml` overrides both.
//!
//! ## Why is this bad?
//! Unsolicited e-mail marketing to individuals needs their prior consent
//! (ePrivacy Directive Art. 13(1)). The only exception is a customer's own
//! e-mail address used for the controller's own similar products, with a
//! clear opt-out offered when the address was collected and in every
//! message (Art. 13(2)): the record shows it with `soft_opt_in`.
//! Legitimate interest alone is an Art. 6 basis and does not replace the
//! ePrivacy consent.
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
//!   basis legitimate_interest "LIA-7"
//!   consent { withdraw "Avregistrera dig via länken i mejlet" }
//! }
//! ```
//!
//! or, for existing customers:
//! ```ropa
//! purpose offers {
//!   kind marketing.email
//!   basis legitimate_interest "LIA-8"
//!   soft_opt_in "Kunder vid köp; avregistreringslänk i varje utskick"
//! }
//! ```
//!
//! ## References
//! - ePrivacy Directive 2002/58/EC Art. 13; GDPR Recital 47;
//!   marknadsföringslagen (2008:486) 19 §
//! - the national laws of the rule data (`rules/national-law.yaml`)

use serde::Serialize;

use crate::finding::{Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{purpose_kind, Dataset, DatasetId};
use crate::rules::grounds::{
    anonymous, authority, eprivacy_countries, eprivacy_law_facts, EprivacyLaw, Laws,
};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L007",
    name: "email-marketing-without-consent",
    severity: Severity::Error,
    article: "ePrivacy Art. 13",
    summary: "`marketing.email` with no consent and no `soft_opt_in`",
    heading: (
        "e-mail marketing with neither consent nor the customer exception",
        "marknadsföring via e-post utan samtycke och utan undantaget för befintliga kunder",
    ),
    doc: crate::rules::docs::L007,
    origin: Origin::Builtin,
};

/// E-mail marketing whose record states neither consent nor the customer
/// exception.
#[derive(Debug, Serialize)]
struct NoConsent {
    dataset: String,
    purpose: String,
    /// The Art. 6 basis the purpose states instead, if any.
    basis: Option<String>,
    laws: Laws,
    why: Why,
}

impl Violation for NoConsent {
    fn message(&self, w: &Words) -> String {
        let (p, d, laws) = (w.id(&self.purpose), w.id(&self.dataset), self.laws.words(w));
        w.say(
            || format!("the record states neither the recipients' consent nor the customer exception for e-mail marketing {p} of {d} (required by {laws})"),
            || format!("registerförteckningen anger för e-postmarknadsföringen {p} i {d} varken mottagarnas samtycke eller undantaget för befintliga kunder (krävs enligt {laws})"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        if w.is_legal() {
            let fix = w.of(
                "record the recipients' prior consent to e-mail marketing and how it can be withdrawn, or, for existing customers and similar products of your own, how the opt-out is offered at collection and in every message",
                "ange mottagarnas förhandssamtycke till e-postmarknadsföring och hur det kan återkallas, eller, för befintliga kunder och egna liknande produkter, hur möjligheten att tacka nej erbjuds vid insamlingen och i varje meddelande",
            );
            let more = match self.why {
                Why::Default => "",
                Why::Authority => w.of(
                    "; the marketing laws bind traders: if these mailings inform about the authority's task rather than market anything, record that assessment",
                    "; marknadsföringslagarna gäller näringsidkare: om utskicken informerar om myndighetens uppgifter snarare än marknadsför något, dokumentera den bedömningen",
                ),
                Why::BusinessContacts => w.of(
                    "; every recipient is a business contact, and the marketing law of every country named protects only natural persons there: establish that the mail reaches people in their professional role only",
                    "; alla mottagare är kontaktpersoner hos företag, och marknadsföringslagen i varje land som anges skyddar där bara fysiska personer: kontrollera att utskicken bara når personer i deras yrkesroll",
                ),
            };
            return Text::Owned(format!("{fix}{more}"));
        }
        Text::Borrowed(help(w, self.why))
    }

    fn label(&self, w: &Words) -> Option<String> {
        Some(match &self.basis {
            Some(b) => {
                let b = w.value(Vocab::Basis, b);
                w.say(
                    || format!("{b} is an Art. 6 basis, not the recipients' consent"),
                    || format!("{b} är en rättslig grund enligt artikel 6, inte mottagarnas samtycke"),
                )
            }
            None => w
                .of(
                    "no basis and no consent in this purpose",
                    "varken rättslig grund eller samtycke i detta ändamål",
                )
                .to_string(),
        })
    }
}

/// Every e-mail marketing purpose that records neither consent nor the
/// customer exception.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        if purpose_kind(p, cx.data) != "marketing.email" {
            continue;
        }
        let basis = p.basis.as_ref().map(|b| &b.value.value);
        if basis.is_some_and(|b| b.name == "consent")
            || p.consent.is_some()
            || p.soft_opt_in.is_some()
        {
            continue;
        }
        let (severity, why) = severity(cx, d);
        let what = NoConsent {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            basis: basis.map(|b| b.name.to_string()),
            laws: eprivacy_law_facts(cx, d, EprivacyLaw::MarketingEmail),
            why,
        };
        out.push(
            Finding::of(&RULE, basis.map_or(p.id.span, |b| b.span), what)
                .with_severity(severity)
                .dataset(d.id()),
        );
    }
}

/// The finding's severity, and why it is not the rule's default: the
/// marketing laws bind traders (an authority's mailings may be
/// information, not marketing) and protect natural persons (business
/// contacts may be outside them).
fn severity(cx: &Context, d: &Dataset) -> (Severity, Why) {
    if authority(cx, d).is_some() {
        (Severity::Info, Why::Authority)
    } else if business_contacts_only(cx, d) {
        (Severity::Warning, Why::BusinessContacts)
    } else {
        (RULE.severity, Why::Default)
    }
}

/// Why a finding has the severity it has.
#[derive(Clone, Copy, Debug, Serialize)]
enum Why {
    /// The rule's default.
    Default,
    /// The sender is a public authority.
    Authority,
    /// Every recipient is a business contact.
    BusinessContacts,
}

/// The fix, and what the severity rests on.
fn help(w: &Words, why: Why) -> &'static str {
    macro_rules! fix {
        (en $($more:literal)?) => {
            concat!("record the recipients' consent: `consent { withdraw \"...\" }` beside the basis; for existing customers and similar products of your own, `soft_opt_in \"<how the opt-out is offered>\"`" $(, "; ", $more)?)
        };
        (sv $($more:literal)?) => {
            concat!("registrera mottagarnas samtycke: `consent { withdraw \"...\" }` bredvid den rättsliga grunden; för befintliga kunder och egna liknande produkter, `soft_opt_in \"<hur möjligheten att tacka nej erbjuds>\"`" $(, "; ", $more)?)
        };
    }
    match why {
        Why::Default => w.of(fix!(en), fix!(sv)),
        Why::Authority => w.of(
            fix!(en "the marketing laws bind traders: if these mailings inform about the authority's task rather than market anything, say so: `// ropa: allow L007 \"<why>\"`"),
            fix!(sv "marknadsföringslagarna gäller näringsidkare: om utskicken informerar om myndighetens uppgifter snarare än marknadsför något, ange det: `// ropa: allow L007 \"<varför>\"`"),
        ),
        Why::BusinessContacts => w.of(
            fix!(en "every recipient is a business contact, and the marketing law of every country named protects only natural persons there: check that the mail reaches people in their professional role only"),
            fix!(sv "alla mottagare är kontaktpersoner hos företag, och marknadsföringslagen i varje land som anges skyddar där bara fysiska personer: kontrollera att utskicken bara når personer i deras yrkesroll"),
        ),
    }
}

/// Whether every subject of the dataset is a business contact and the
/// marketing law of every country for ePrivacy (at least one) protects
/// only natural persons for them.
fn business_contacts_only(cx: &Context, d: &Dataset) -> bool {
    let Some(subjects) = &d.ast.subjects else {
        return false;
    };
    if subjects.value.is_empty()
        || !subjects
            .value
            .iter()
            .all(|s| cx.data.business_contacts.contains(s.name.as_str()))
    {
        return false;
    }
    let countries = eprivacy_countries(cx, d);
    !countries.is_empty()
        && countries.iter().all(|c| {
            cx.data
                .national_law(c)
                .is_some_and(|l| l.marketing_natural_persons_only)
        })
}
