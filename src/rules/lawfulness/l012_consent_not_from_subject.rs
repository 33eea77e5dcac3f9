//! ## What it does
//! Reports a purpose whose `basis` is `consent` (or whose `special_basis`
//! is `explicit_consent`) in a dataset whose `subjects` include a third
//! person — someone whose data reaches the controller from someone else:
//! `non_user`, `contact_of_user`, `reference_person`, `emergency_contact`,
//! `relative` (the rule data's `third_person_subjects`) — or whose `source`
//! includes `public_sources`. `child` is never a third person. Once per
//! purpose; the message names the subjects or the source. A dataset that
//! is anonymous is skipped.
//!
//! The finding concerns those people's data, not the consenting users':
//! the users' own data may well rest on their consent.
//!
//! ## Why is this bad?
//! Consent is given by the data subject (Art. 4(11), 6(1)(a)). The people
//! in a user's address book, the references an applicant names, or the
//! people found on public websites have given none, and one person cannot
//! consent for another. Their data needs a basis of its own, usually
//! legitimate interest with an assessment, and they are owed the Art. 14
//! information, for data collected before any consent within a reasonable
//! period (Art. 14(3)).
//!
//! ## Example
//! ```ropa
//! dataset applications {
//!   subjects applicant, reference_person
//!   purpose recruitment { basis consent  consent { withdraw "Mejla rekrytering@" } }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset applications {
//!   subjects applicant
//!   purpose recruitment { basis consent  consent { withdraw "Mejla rekrytering@" } }
//! }
//! dataset references {
//!   subjects reference_person
//!   purpose reference_checks { kind recruitment  basis legitimate_interest "LIA-12" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 4(11), 6(1)(a), 14, 14(3)

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::grounds::{anonymous, basis_is};
use crate::rules::Context;
use crate::syntax::ast::NameOrStr;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L012",
    name: "consent-not-from-subject",
    severity: Severity::Warning,
    article: "Art. 6(1)(a), 14",
    summary: "consent for third persons' data, or for data from public sources",
    doc: crate::rules::docs::L012,
    origin: Origin::Builtin,
};

/// Every consent-based purpose of a dataset that holds data of people who
/// did not give it.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        let mut whose: Vec<&str> = Vec::new();
        for s in d.ast.subjects.iter().flat_map(|s| s.value.iter()) {
            let s = s.name.as_str();
            if s != "child" && cx.data.third_person_subjects.contains(s) && !whose.contains(&s) {
                whose.push(s);
            }
        }
        let public = d
            .ast
            .source
            .iter()
            .flat_map(|s| s.value.iter())
            .any(|s| matches!(s, NameOrStr::Name(n) if n.name == "public_sources"));
        if whose.is_empty() && !public {
            continue;
        }
        let people = people(cx, &whose, public);
        for p in &d.ast.purposes {
            let span = if basis_is(p, "consent") {
                p.basis.as_ref().map(|b| b.value.value.span)
            } else {
                p.special_basis
                    .as_ref()
                    .filter(|b| b.value.value.name == "explicit_consent")
                    .map(|b| b.value.value.span)
            };
            let Some(span) = span else { continue };
            out.push(
                Finding::new(
                    &RULE,
                    span,
                    cx.lang.say(
                        || format!(
                            "the record states consent for purpose `{}` of `{}`, which holds data of {people}: those people have not consented (this concerns their data, not the consenting users')",
                            p.id.name,
                            d.id()
                        ),
                        || format!(
                            "registerförteckningen anger samtycke för ändamålet `{}` i `{}`, som innehåller uppgifter om {people}: de har inte samtyckt (iakttagelsen gäller deras uppgifter, inte de samtyckande användarnas)",
                            p.id.name,
                            d.id()
                        ),
                    ),
                )
                .label(said(
                    "consent from someone else than the data subject",
                    "samtycke från någon annan än den registrerade",
                ))
                .help(cx.lang.of(
                    "rest these people's data on another basis (usually `basis legitimate_interest \"<assessment>\"`, in a dataset of their own) and give them the Art. 14 information; or ask them for their own consent",
                    "grunda behandlingen av deras uppgifter på en annan rättslig grund (oftast `basis legitimate_interest \"<intresseavvägning>\"`, i en egen datamängd) och ge dem information enligt artikel 14; eller be dem om deras eget samtycke",
                ))
                .dataset(d.id()),
            );
        }
    }
    out
}

/// Whose data it is: the third-person subjects as code, and the people
/// from public sources.
fn people(cx: &Context, whose: &[&str], public: bool) -> String {
    let mut parts: Vec<String> = whose.iter().map(|s| format!("`{s}`")).collect();
    if public {
        parts.push(
            cx.lang
                .of(
                    "people found in public sources (`public_sources`)",
                    "personer från offentliga källor (`public_sources`)",
                )
                .to_string(),
        );
    }
    let and = cx.lang.of(" and ", " och ");
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => parts.concat(),
    }
}
