//! ## What it does
//! Reports a purpose whose `basis` is `consent` in a dataset controlled by
//! a `public_authority`, unless `L009` (consent for necessary processing)
//! or `L011` (advertising by an authority) reports the same purpose. A
//! purpose on another basis with only a `consent { }` block beside it (the
//! ePrivacy consent to read the device or to send marketing e-mail) is
//! not reported. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Consent given to a public authority is rarely free: the person usually
//! depends on the authority, and refusing may seem to affect their
//! dealings with it (Recital 43). It can be free where refusing has no
//! effect at all; the EDPB's example is a municipality's opt-in e-mail
//! list about road works (Guidelines 05/2020 on consent, section 3.1.1).
//! The record should say why this consent is free, or rest the purpose on
//! the authority's task.
//!
//! ## Example
//! ```ropa
//! controller kommun { country SE  public_authority  dpo "dso@kommun.se" }
//! dataset newsletter {
//!   purpose news { kind marketing.email  basis consent  consent { withdraw "Länk i varje utskick" } }
//! }
//! ```
//!
//! Use instead (when the mailing is part of the authority's task):
//! ```ropa
//! controller kommun { country SE  public_authority  dpo "dso@kommun.se" }
//! dataset newsletter {
//!   purpose news {
//!     kind marketing.email
//!     basis public_task "Kommunallagen (2017:725) 8 kap. 9 §"
//!     consent { withdraw "Länk i varje utskick" }
//!   }
//! }
//! ```
//!
//! or keep the consent and record why it is free:
//! `// ropa: allow L010 "Frivillig prenumeration; ett nej påverkar inga ärenden"`.
//!
//! ## References
//! - GDPR Art. 4(11), 7(4), Recital 43
//! - EDPB Guidelines 05/2020 on consent, section 3.1.1

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::{anonymous, authority, basis_is};
use crate::rules::lawfulness::{
    l009_consent_for_necessary_processing as l009, l011_authority_advertising as l011,
};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L010",
    name: "authority-relies-on-consent",
    severity: Severity::Info,
    article: "Art. 4(11), Recital 43",
    summary: "a public authority relies on `basis consent`",
    heading: (
        "a public authority relying on consent",
        "en myndighet som grundar behandling på samtycke",
    ),
    doc: crate::rules::docs::L010,
    origin: Origin::Builtin,
};

/// Consent to a public authority as a purpose's basis.
#[derive(Debug, Serialize)]
struct ConsentToAuthority {
    dataset: String,
    purpose: String,
    /// The controller declared `public_authority`.
    authority: String,
}

impl Violation for ConsentToAuthority {
    fn message(&self, w: &Words) -> String {
        let (p, d, a) = (
            w.id(&self.purpose),
            w.id(&self.dataset),
            w.id(&self.authority),
        );
        w.say(
            || format!("the record states consent given to public authority {a} as the basis of purpose {p} of {d}; such consent is free only where refusing has no effect on the person's dealings with the authority"),
            || format!("registerförteckningen anger samtycke till myndigheten {a} som rättslig grund för ändamålet {p} i {d}; ett sådant samtycke är frivilligt bara om ett nej inte påverkar den enskildes kontakter med myndigheten"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "record why this consent is freely given, that is why refusing has no effect on the person's dealings with the authority (Recital 43); or rest the purpose on the authority's public task and record the Union or Member State law that lays it down (Art. 6(1)(e), 6(3))",
                "dokumentera varför samtycket är frivilligt, det vill säga varför ett nej inte påverkar den enskildes kontakter med myndigheten (skäl 43); eller grunda ändamålet på myndighetens uppgift av allmänt intresse eller myndighetsutövning (artikel 6.1 e) och ange dess rättsliga grund i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) enligt artikel 6.3",
            )
        } else {
            w.of(
                "record why this consent is free: `// ropa: allow L010 \"<why refusing has no effect>\"`; or rest the purpose on `basis public_task \"<law>\"`",
                "ange varför samtycket är frivilligt: `// ropa: allow L010 \"<varför ett nej inte påverkar något>\"`; eller grunda ändamålet på `basis public_task \"<lag>\"`",
            )
        })
    }
}

/// Every consent-based purpose of an authority's dataset that L009 and
/// L011 leave alone.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    let Some(auth) = authority(cx, d) else {
        return;
    };
    for p in &d.ast.purposes {
        if !basis_is(p, "consent")
            || l009::reported_kind(cx, p).is_some()
            || l011::reports(cx, p)
        {
            continue;
        }
        let Some(basis) = &p.basis else { continue };
        let what = ConsentToAuthority {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            authority: auth.id().to_string(),
        };
        out.push(
            Finding::of(&RULE, basis.value.value.span, what)
                .label(said(
                    "consent to a public authority (Recital 43)",
                    "samtycke till en myndighet (skäl 43)",
                ))
                .party(auth.id())
                .dataset(d.id()),
        );
    }
}
