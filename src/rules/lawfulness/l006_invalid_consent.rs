//! ## What it does
//! Reports consent declared `bundled` (all-or-nothing, a condition of the
//! service) or `implied` (inferred from using the site), whatever the
//! basis beside the consent block: a block beside `legitimate_interest`
//! records the cookie or e-mail marketing consent, which must be valid
//! consent too. A dataset that is anonymous is skipped.
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

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
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
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        for p in &d.ast.purposes {
            let Some(c) = &p.consent else { continue };
            // Only consent as the Art. 6 basis may be replaced by another
            // basis; the consent of ePrivacy has no alternative.
            let other = if p
                .basis
                .as_ref()
                .is_some_and(|b| b.value.value.name == "consent")
            {
                cx.lang.of(
                    ", or rely on another basis",
                    ", eller använd en annan rättslig grund",
                )
            } else {
                ""
            };
            if let Some(span) = c.value.bundled {
                out.push(
                    Finding::new(
                        &RULE,
                        span,
                        cx.lang.say(
                            || format!("consent for `{}` is bundled, so it is not freely given", p.id.name),
                            || format!("samtycket för `{}` är hopbuntat och därför inte frivilligt", p.id.name),
                        ),
                    )
                    .label(cx.lang.of("all-or-nothing consent (Art. 7(4))", "allt-eller-inget-samtycke (art. 7.4)"))
                    .help(cx.lang.say(
                        || format!("ask for this consent separately from the service and remove `bundled`{other}"),
                        || format!("be om detta samtycke skilt från tjänsten och ta bort `bundled`{other}"),
                    ))
                    .dataset(d.id()),
                );
            }
            if let Some(span) = c.value.implied {
                out.push(
                    Finding::new(
                        &RULE,
                        span,
                        cx.lang.say(
                            || format!("consent for `{}` is implied, which is no consent", p.id.name),
                            || format!("samtycket för `{}` är underförstått, vilket inte är något samtycke", p.id.name),
                        ),
                    )
                    .label(cx.lang.of("no clear affirmative act (Art. 4(11))", "ingen entydig bekräftande handling (art. 4.11)"))
                    .help(cx.lang.say(
                        || format!("obtain consent by an explicit opt-in and remove `implied`{other}"),
                        || format!("inhämta samtycke genom ett uttryckligt aktivt val och ta bort `implied`{other}"),
                    ))
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
