//! ## What it does
//! Reports a purpose of kind `marketing.email` whose declared basis is not
//! `consent` and that records no consent (`consent { }` block) and no
//! customer exception (`soft_opt_in "..."`). A consent block beside
//! `legitimate_interest` is the marketing-law consent, and Art. 6(1)(f) may
//! stand beside it (Recital 47). A purpose with no basis at all is `L001`,
//! whose help then says that this kind needs consent; a consent block
//! declared `bundled` or `implied` is `L006`. A dataset that is anonymous
//! is skipped.
//!
//! ## Why is this bad?
//! Unsolicited e-mail marketing to individuals needs their prior consent
//! (ePrivacy Directive Art. 13(1); in Sweden marknadsföringslagen 19 §).
//! The only exception is a customer's own e-mail address used for the
//! controller's own similar products, with a clear opt-out offered when
//! the address was collected and in every message (Art. 13(2)): the record
//! shows it with `soft_opt_in`. Legitimate interest alone is an Art. 6
//! basis and does not replace the ePrivacy consent.
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

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::model::purpose_kind;
use crate::rules::grounds::{anonymous, in_sweden};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L007",
    name: "email-marketing-without-consent",
    severity: Severity::Error,
    article: "ePrivacy Art. 13",
    summary: "`marketing.email` with no consent and no `soft_opt_in`",
    doc: crate::rules::docs::L007,
    origin: Origin::Builtin,
};

/// Every e-mail marketing purpose that records neither consent nor the
/// customer exception.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        for p in &d.ast.purposes {
            if purpose_kind(p, cx.data) != "marketing.email" {
                continue;
            }
            let Some(basis) = &p.basis else { continue };
            let b = &basis.value.value;
            if b.name == "consent" || p.consent.is_some() || p.soft_opt_in.is_some() {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    b.span,
                    cx.lang.say(
                        || format!(
                            "e-mail marketing `{}` relies on `{}` and records no consent of the recipients",
                            p.id.name, b.name
                        ),
                        || format!(
                            "e-postmarknadsföringen `{}` grundas på `{}` och registrerar inget samtycke från mottagarna",
                            p.id.name, b.name
                        ),
                    ),
                )
                .label(cx.lang.of("e-mail marketing needs consent", "e-postmarknadsföring kräver samtycke"))
                .help(cx.lang.say(
                    || format!(
                        "record the recipients' consent (ePrivacy Art. 13{}): `consent {{ withdraw \"...\" }}` beside the basis; for existing customers and similar products of your own, `soft_opt_in \"<how the opt-out is offered>\"`",
                        in_sweden(cx, d, "marknadsföringslagen (2008:486) 19 §")
                    ),
                    || format!(
                        "registrera mottagarnas samtycke (eDataskyddsdirektivet art. 13{}): `consent {{ withdraw \"...\" }}` bredvid den rättsliga grunden; för befintliga kunder och egna liknande produkter, `soft_opt_in \"<hur möjligheten att tacka nej erbjuds>\"`",
                        in_sweden(cx, d, "marknadsföringslagen (2008:486) 19 §")
                    ),
                ))
                .dataset(d.id()),
            );
        }
    }
    out
}
