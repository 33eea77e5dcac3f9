//! ## What it does
//! Reports a purpose of a declared kind `service`, `security`,
//! `legal_compliance`, `accounting`, `employment` or `payroll` (by `kind`,
//! or by an ID that names the kind) whose `basis` is `consent`. The help
//! names the basis that fits the kind: `service` → `contract` (or
//! `public_task` for a `public_authority`); `security` →
//! `legitimate_interest` (Recital 49) or `legal_obligation` (Art. 32);
//! `legal_compliance`, `accounting`, `payroll` → `legal_obligation`;
//! `employment` → `contract` or `legal_obligation`. In a dataset with
//! `cookies` it adds that device access strictly necessary for a service
//! the user asked for needs no ePrivacy consent.
//!
//! A `consent { }` block beside another basis (the ePrivacy consent) is not
//! reported, and neither is a purpose whose kind is not declared: a
//! purpose without `kind` reads as `service`, but an imported register's
//! untyped newsletter on consent is not necessary processing. A dataset
//! that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Processing that is necessary for the service the person asked for, or
//! required by law, does not depend on their choice: it goes on if they
//! refuse or withdraw. Presenting it as consent misleads them about that
//! choice, and a withdrawal the controller cannot honour makes the consent
//! invalid (EDPB Guidelines 05/2020 on consent, sections 3.1.2 and 6).
//!
//! ## Example
//! ```ropa
//! purpose login { kind service  basis consent  consent { withdraw "Kontoinställningar" } }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose login { kind service  basis contract }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1), Art. 7(3), Recitals 43, 49
//! - EDPB Guidelines 05/2020 on consent, sections 3.1.2 and 6
//! - ePrivacy Directive Art. 5(3), second sentence; LEK (2022:482) 9 kap.
//!   28 § andra stycket

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::model::Dataset;
use crate::rules::grounds::{anonymous, authority, basis_is, declared_kind, in_sweden_eprivacy};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L009",
    name: "consent-for-necessary-processing",
    severity: Severity::Warning,
    article: "Art. 6(1), 7(3)",
    summary: "`basis consent` for processing that is necessary or required by law",
    doc: crate::rules::docs::L009,
    origin: Origin::Builtin,
};

/// The declared kinds whose processing does not rest on consent.
const NECESSARY: &[&str] = &[
    "service",
    "security",
    "legal_compliance",
    "accounting",
    "employment",
    "payroll",
];

/// The declared kind for which L009 reports the purpose, if it does: a
/// necessary kind with `basis consent` (L010 yields to it).
pub fn reported_kind<'a>(cx: &Context, p: &'a Purpose) -> Option<&'a str> {
    let kind = declared_kind(p, cx.data)?;
    (NECESSARY.contains(&kind) && basis_is(p, "consent")).then_some(kind)
}

/// Every purpose of a necessary kind that rests on consent.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        for p in &d.ast.purposes {
            let Some(kind) = reported_kind(cx, p) else {
                continue;
            };
            let Some(basis) = &p.basis else { continue };
            out.push(
                Finding::new(
                    &RULE,
                    basis.value.value.span,
                    cx.lang.say(
                        || format!(
                            "the record states consent as the basis of purpose `{}` of `{}`, whose kind `{kind}` is processing that does not depend on the person's choice",
                            p.id.name,
                            d.id()
                        ),
                        || format!(
                            "registerförteckningen anger samtycke som rättslig grund för ändamålet `{}` i `{}`, men behandling av typen `{kind}` är inte beroende av den enskildes val",
                            p.id.name,
                            d.id()
                        ),
                    ),
                )
                .label(said(
                    "consent for necessary processing",
                    "samtycke till nödvändig behandling",
                ))
                .help(cx.help(|| help(cx, d, kind)))
                .dataset(d.id()),
            );
        }
    }
    out
}

/// The basis that fits the kind, and, with cookies, the ePrivacy
/// exemption for strictly necessary device access.
fn help(cx: &Context, d: &Dataset, kind: &str) -> String {
    let public = authority(cx, d).is_some();
    let basis = match kind {
        "service" if public => cx.lang.of(
            "`basis public_task \"<law>\"`: the processing is necessary for the authority's task",
            "`basis public_task \"<lag>\"`: behandlingen är nödvändig för myndighetens uppgift",
        ),
        "service" => cx.lang.of(
            "`basis contract`: the processing is necessary for the service the person asked for",
            "`basis contract`: behandlingen är nödvändig för den tjänst den enskilde har begärt",
        ),
        "security" => cx.lang.of(
            "`basis legitimate_interest \"<assessment>\"` (Recital 49) or `basis legal_obligation \"<law>\"` (Art. 32)",
            "`basis legitimate_interest \"<intresseavvägning>\"` (skäl 49) eller `basis legal_obligation \"<lag>\"` (artikel 32)",
        ),
        "employment" => cx.lang.of(
            "`basis contract` (the employment contract) or `basis legal_obligation \"<law>\"`",
            "`basis contract` (anställningsavtalet) eller `basis legal_obligation \"<lag>\"`",
        ),
        _ => cx.lang.of(
            "`basis legal_obligation \"<law>\"`: the processing is required by law",
            "`basis legal_obligation \"<lag>\"`: behandlingen krävs enligt lag",
        ),
    };
    let mut text = cx.lang.say(
        || format!("rest the purpose on the basis that fits it, {basis}; keep `consent {{ }}` only for a consent another law requires"),
        || format!("grunda ändamålet på den rättsliga grund som passar, {basis}; behåll `consent {{ }}` bara för ett samtycke som annan lag kräver"),
    );
    if d.ast.cookies.is_some() {
        let sweden = in_sweden_eprivacy(cx, d, "LEK (2022:482) 9 kap. 28 § andra stycket");
        text.push_str(&cx.lang.say(
            || format!(". Storing or reading information on the device that is strictly necessary for a service the user asked for needs no consent (ePrivacy Art. 5(3), second sentence{sweden})"),
            || format!(". Lagring av eller åtkomst till information i terminalutrustningen som är strikt nödvändig för en tjänst som användaren har begärt kräver inget samtycke (artikel 5.3 andra meningen i direktiv 2002/58/EG{sweden})"),
        ));
    }
    text
}
