//! ## What it does
//! Reports a national identity number (`identity.national_id`, e.g. a
//! personnummer) in a dataset with a controller in a country whose national
//! law restricts identity numbers, when a purpose's basis is neither
//! `consent`, `legal_obligation` nor `public_task` and the purpose gives no
//! `justification`. Consent declared `bundled` or `implied` is no consent
//! here. Fields that arrive through flows count; anonymous datasets are
//! skipped. The message names that country's law.
//!
//! The countries and their laws are rule data (`national_id_laws` in
//! `rules/countries.yaml`): Sweden (dataskyddslagen (2018:218) 3 kap.
//! 10 §), Denmark (databeskyttelsesloven § 11), Finland (tietosuojalaki
//! (1050/2018) 29 §) and Norway (personopplysningsloven § 12). A rule pack
//! can add more. A controller in any other country gets no S004.
//!
//! ## Why is this bad?
//! Art. 87 lets each Member State set the conditions for processing a
//! national identification number. In Sweden, without consent a
//! personnummer may be processed only when that is clearly justified by the
//! purpose, the importance of secure identification, or another
//! considerable reason; the other Nordic laws set similar conditions. The
//! record should say which. Consent that is not freely given or not
//! unambiguous (Art. 4(11), 7(4)) cannot carry the exception.
//!
//! ## Example
//! ```ropa
//! controller shop { country SE }
//! dataset applicants {
//!   fields { personnummer: identity.national_id }
//!   purpose recruitment { basis contract }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! controller shop { country SE }
//! dataset applicants {
//!   fields { personnummer: identity.national_id }
//!   purpose recruitment {
//!     basis contract
//!     justification "Säker identifiering vid anställning (DSL 3 kap. 10 §)"
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 87; dataskyddslagen (2018:218) 3 kap. 10 §;
//!   databeskyttelsesloven § 11; tietosuojalaki (1050/2018) 29 §;
//!   personopplysningsloven § 12

use super::s001_special_category_without_condition::quoted;
use super::{fields_where, with_origin, Wanted};
use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::rules::GraphContext;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S004",
    name: "national-id-not-justified",
    severity: Severity::Warning,
    article: "Art. 87",
    summary: "a national identity number without consent, law or `justification`",
    doc: crate::rules::docs::S004,
    origin: Origin::Builtin,
};

/// Whether a purpose may use a national identity number without saying why:
/// valid consent, or a basis in law.
fn exempt(p: &Purpose) -> bool {
    let Some(b) = &p.basis else {
        // No basis is L001's; nothing to weigh here.
        return true;
    };
    match b.value.value.name.as_str() {
        "consent" => p
            .consent
            .as_ref()
            .is_none_or(|c| c.value.bundled.is_none() && c.value.implied.is_none()),
        "legal_obligation" | "public_task" => true,
        _ => false,
    }
}

/// Every national-id field of a dataset whose controller's country restricts
/// identity numbers, with an unjustified purpose.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    if cx.data.national_id_laws.is_empty() {
        return out;
    }
    let national_id = Wanted::new(cx, |c: &str| c == "identity.national_id");
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.is_anonymous() || !national_id.held_by(cx, i) {
            continue;
        }
        // The laws of the controllers' countries, once each.
        let mut laws: Vec<(&str, &str)> = Vec::new();
        for &c in &d.controllers {
            for country in cx.model.parties[c].countries() {
                if let Some(law) = cx.data.national_id_law(&country.name) {
                    if !laws.iter().any(|(_, l)| *l == law) {
                        laws.push((country.name.as_str(), law));
                    }
                }
            }
        }
        if laws.is_empty() {
            continue;
        }
        let lacking: Vec<&str> = d
            .ast
            .purposes
            .iter()
            .filter(|p| !exempt(p) && p.justification.is_none())
            .map(|p| p.id.name.as_str())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let law_text = laws
            .iter()
            .map(|(country, law)| format!("{law} ({country})"))
            .collect::<Vec<_>>()
            .join("; ");
        for hit in fields_where(cx, i, &national_id) {
            let (name, via) = (&hit.field.name.name, &hit.via);
            let message = cx.lang.say(
                || format!(
                    "national identity number `{name}`{via} is used by {} of `{}` without a justification, which {law_text} requires",
                    quoted(&lacking, Lang::En),
                    d.id(),
                ),
                || format!(
                    "det nationella identifikationsnumret `{name}`{via} används av {} i `{}` utan den motivering som {law_text} kräver",
                    quoted(&lacking, Lang::Sv),
                    d.id(),
                ),
            );
            let f = Finding::new(&RULE, hit.span, message)
            .label(cx.lang.of("national identity number (Art. 87)", "nationellt identifikationsnummer (art. 87)"))
            .help(cx.lang.of(
                "add `justification \"<why the purpose or secure identification needs it>\"` to the purpose, or drop the field",
                "lägg till `justification \"<varför ändamålet eller en säker identifiering kräver det>\"` i ändamålet, eller ta bort fältet",
            ))
            .dataset(d.id());
            out.push(with_origin(f, &hit, cx.lang));
        }
    }
    out
}
