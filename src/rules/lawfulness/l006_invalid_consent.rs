//! ## What it does
//! Reports consent declared `bundled` (all-or-nothing, a condition of the
//! service) or `implied` (inferred from using the site), whatever the
//! basis beside the consent block: a block beside `legitimate_interest`
//! records the cookie or e-mail marketing consent, which must be valid
//! consent too. A dataset that is anonymous is skipped.
//!
//! Not reported on a purpose of a declared strictly necessary kind
//! (`service`, `security`, by `kind` or by its ID) when the flag is
//! `bundled`: Art. 7(4) concerns making a service conditional on consent to
//! processing that is **not** necessary for it, and what is wrong there is
//! consent as the basis (`L009`). Nor on such a purpose when the flag is
//! `implied` and the basis is not `consent`: that processing needs no
//! consent at all. A purpose without `kind` whose ID names no kind is not
//! exempt: its kind is not declared.
//!
//! The help offers another Art. 6 basis only where consent is the basis
//! and could be replaced: in a dataset with `cookies`, for a purpose that
//! is not declared strictly necessary, the consent to read the device
//! cannot be replaced, so the help says to obtain it by a separate, active
//! choice.
//!
//! ## Why is this bad?
//! Consent must be freely given, specific, informed and unambiguous, by a
//! clear affirmative act (Art. 4(11)); silence or continued browsing is not
//! consent (Recital 32, CJEU C-673/17 Planet49). Consent tied to a service
//! that does not need the data is not freely given (Art. 7(4)). The
//! consent that ePrivacy requires for cookies and e-mail marketing is
//! consent in this sense (ePrivacy Art. 2(f)).
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
//! - EDPB Guidelines 05/2020 on consent, section 3.1.2

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::{anonymous, basis_is, declared_strictly_necessary};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L006",
    name: "invalid-consent",
    severity: Severity::Error,
    article: "Art. 4(11), 7(4)",
    summary: "consent declared `bundled` or `implied`",
    heading: (
        "consent recorded as bundled with a contract or as implied",
        "samtycke som anges som villkorat av ett avtal eller som underförstått",
    ),
    doc: crate::rules::docs::L006,
    origin: Origin::Builtin,
};

/// How the help's way out reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum WayOut {
    /// Consent is not the basis: the block is a consent another law
    /// requires, with no alternative.
    None,
    /// Consent is the Art. 6 basis, and another basis may replace it.
    OtherBasis,
    /// The consent to read the device, which nothing replaces.
    DeviceConsent,
}

/// What the record says of the consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Flag {
    /// `bundled`: a condition of the service (Art. 7(4)).
    Bundled,
    /// `implied`: no clear affirmative act (Art. 4(11)).
    Implied,
}

/// A consent the record itself describes as not valid.
#[derive(Debug, Serialize)]
struct InvalidConsent {
    dataset: String,
    purpose: String,
    flag: Flag,
    way_out: WayOut,
}

impl Violation for InvalidConsent {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        match self.flag {
            Flag::Bundled => w.say(
                || format!("the record states that consent for purpose {p} of {d} is bundled with the service; consent made a condition of a service that does not need the data is presumed not freely given (Art. 7(4))"),
                || format!("registerförteckningen anger att samtycket för ändamålet {p} i {d} är villkorat, inte uppdelat per ändamål; ett samtycke som görs till villkor för en tjänst som inte kräver uppgifterna anses i regel inte vara frivilligt (artikel 7.4)"),
            ),
            Flag::Implied => w.say(
                || format!("the record states that consent for purpose {p} of {d} is implied, which is not consent"),
                || format!("registerförteckningen anger att samtycket för ändamålet {p} i {d} är underförstått, vilket inte är något samtycke"),
            ),
        }
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            legal_help(w, self.flag, self.way_out)
        } else {
            developer_help(w, self.flag, self.way_out)
        })
    }
}

/// The remedy for the record's readers: what to obtain or record.
fn legal_help(w: &Words, flag: Flag, way_out: WayOut) -> &'static str {
    match (flag, way_out) {
        (Flag::Bundled, WayOut::DeviceConsent) => w.of(
            "the consent to storing or reading information on the device cannot be replaced by another legal basis: record that it is asked for by a separate, active choice, apart from the service, which refusing does not affect (Art. 7(4))",
            "samtycket till att lagra eller hämta information i terminalutrustningen kan inte ersättas av en annan rättslig grund: ange att det inhämtas genom ett separat, aktivt val, skilt från tjänsten, som ett nej inte påverkar (artikel 7.4)",
        ),
        (Flag::Bundled, WayOut::OtherBasis) => w.of(
            "ask for this consent separately from the service, so that refusing it does not affect the service (Art. 7(4)), or record another legal basis under Art. 6(1)",
            "be om detta samtycke skilt från tjänsten, så att ett nej inte påverkar tjänsten (artikel 7.4), eller ange en annan rättslig grund enligt artikel 6.1",
        ),
        (Flag::Bundled, WayOut::None) => w.of(
            "ask for this consent separately from the service, so that refusing it does not affect the service (Art. 7(4))",
            "be om detta samtycke skilt från tjänsten, så att ett nej inte påverkar tjänsten (artikel 7.4)",
        ),
        (Flag::Implied, WayOut::DeviceConsent) => w.of(
            "the consent to storing or reading information on the device cannot be replaced by another legal basis: record that it is obtained by a separate, active choice, a clear affirmative act (Art. 4(11)); continued use of the site is not consent",
            "samtycket till att lagra eller hämta information i terminalutrustningen kan inte ersättas av en annan rättslig grund: ange att det inhämtas genom ett separat, aktivt val, en entydig bekräftande handling (artikel 4.11); fortsatt användning av webbplatsen är inte samtycke",
        ),
        (Flag::Implied, WayOut::OtherBasis) => w.of(
            "obtain consent by a clear affirmative act (Art. 4(11)); silence or continued use is not consent; or record another legal basis under Art. 6(1)",
            "inhämta samtycket genom en entydig bekräftande handling (artikel 4.11), eftersom tystnad eller fortsatt användning inte är samtycke; eller ange en annan rättslig grund enligt artikel 6.1",
        ),
        (Flag::Implied, WayOut::None) => w.of(
            "obtain consent by a clear affirmative act (Art. 4(11)); silence or continued use is not consent",
            "inhämta samtycket genom en entydig bekräftande handling (artikel 4.11), eftersom tystnad eller fortsatt användning inte är samtycke",
        ),
    }
}

/// The fix in the model.
fn developer_help(w: &Words, flag: Flag, way_out: WayOut) -> &'static str {
    match (flag, way_out) {
        (Flag::Bundled, WayOut::DeviceConsent) => w.of(
            "the consent to store or read information on the device cannot be replaced by another basis: ask for it by a separate, active choice, apart from the service, and remove `bundled`",
            "samtycket till att lagra eller hämta information i terminalutrustningen kan inte ersättas av en annan rättslig grund: be om det genom ett separat, aktivt val, skilt från tjänsten, och ta bort `bundled`",
        ),
        (Flag::Bundled, WayOut::OtherBasis) => w.of(
            "ask for this consent separately from the service and remove `bundled`, or rely on another basis",
            "be om detta samtycke skilt från tjänsten och ta bort `bundled`, eller använd en annan rättslig grund",
        ),
        (Flag::Bundled, WayOut::None) => w.of(
            "ask for this consent separately from the service and remove `bundled`",
            "be om detta samtycke skilt från tjänsten och ta bort `bundled`",
        ),
        (Flag::Implied, WayOut::DeviceConsent) => w.of(
            "the consent to store or read information on the device cannot be replaced by another basis: obtain it by a separate, active choice (a clear affirmative act) and remove `implied`",
            "samtycket till att lagra eller hämta information i terminalutrustningen kan inte ersättas av en annan rättslig grund: inhämta det genom ett separat, aktivt val (en entydig bekräftande handling) och ta bort `implied`",
        ),
        (Flag::Implied, WayOut::OtherBasis) => w.of(
            "obtain consent by a clear affirmative act (an opt-in) and remove `implied`, or rely on another basis",
            "inhämta samtycket genom en entydig bekräftande handling och ta bort `implied`, eller använd en annan rättslig grund",
        ),
        (Flag::Implied, WayOut::None) => w.of(
            "obtain consent by a clear affirmative act (an opt-in) and remove `implied`",
            "inhämta samtycket genom en entydig bekräftande handling och ta bort `implied`",
        ),
    }
}

/// Every `bundled` or `implied` flag that makes a needed consent invalid.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        let Some(c) = &p.consent else { continue };
        let necessary = declared_strictly_necessary(p, cx.data);
        let way_out = way_out(d, p, necessary);
        let what = |flag| InvalidConsent {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            flag,
            way_out,
        };
        if let Some(span) = c.value.bundled.filter(|_| !necessary) {
            out.push(
                Finding::of(&RULE, span, what(Flag::Bundled))
                    .label(said("all-or-nothing consent (Art. 7(4))", "villkorat samtycke (artikel 7.4)"))
                    .dataset(d.id()),
            );
        }
        let needed = !necessary || basis_is(p, "consent");
        if let Some(span) = c.value.implied.filter(|_| needed) {
            out.push(
                Finding::of(&RULE, span, what(Flag::Implied))
                    .label(said("no clear affirmative act (Art. 4(11))", "ingen entydig bekräftande handling (artikel 4.11)"))
                    .dataset(d.id()),
            );
        }
    }
}

/// What the help offers: another Art. 6 basis only where consent is the
/// basis and the purpose does not read the device for something that is
/// not strictly necessary (that consent has no alternative).
fn way_out(d: &Dataset, p: &Purpose, necessary: bool) -> WayOut {
    if d.ast.cookies.is_some() && !necessary {
        WayOut::DeviceConsent
    } else if basis_is(p, "consent") {
        WayOut::OtherBasis
    } else {
        WayOut::None
    }
}
