//! ## What it does
//! Reports a special-category field (`special.*`: health, ethnic origin,
//! religion, trade-union membership, biometrics, ...) in a dataset that has
//! a purpose without an Art. 9(2) condition (`special_basis`). Fields that
//! arrive through flows count: the message names the flow path. A dataset
//! that is anonymous is skipped.
//!
//! The help leads with `employment_law` (Art. 9(2)(b)) only where it can
//! apply: a purpose of kind `recruitment`, `employment` or `payroll` in a
//! dataset whose subjects include `applicant` or `employee`, the
//! employer's own. Otherwise (a job board's `job_seeker`s, a shop's
//! customers) it leads with `explicit_consent` (Art. 9(2)(a)), and offers
//! `made_public` (Art. 9(2)(e)) only with its condition: the person made
//! the data manifestly public, to the general public, by a deliberate act
//! (CJEU C-252/21 *Meta Platforms*, paras 77–84).
//!
//! ## Why is this bad?
//! Processing special categories is prohibited (Art. 9(1)) unless one of
//! the conditions of Art. 9(2) applies, in addition to an Art. 6 basis.
//! Every purpose that touches the data needs its own condition.
//!
//! ## Example
//! ```ropa
//! dataset candidates {
//!   fields { disability: special.health }
//!   purpose recruitment { basis contract }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset candidates {
//!   fields { disability: special.health }
//!   purpose recruitment {
//!     basis contract
//!     special_basis employment_law "Diskrimineringslagen (2008:567) 3 kap."
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 9(1), 9(2)
//! - CJEU C-252/21 *Meta Platforms v Bundeskartellamt* (Art. 9(2)(e))

use super::{fields_where, with_origin, Wanted};
use crate::data::RuleData;
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::model::declared_kind;
use crate::rules::grounds::anonymous;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S001",
    name: "special-category-without-condition",
    severity: Severity::Error,
    article: "Art. 9(1)-(2)",
    summary: "special-category data with a purpose that has no `special_basis`",
    doc: crate::rules::docs::S001,
    origin: Origin::Builtin,
};

/// Every special field of a dataset with a purpose lacking `special_basis`.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let special = Wanted::new(cx, RuleData::is_special);
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) || !special.held_by(cx, i) {
            continue;
        }
        let lacking: Vec<&str> = d
            .ast
            .purposes
            .iter()
            .filter(|p| p.special_basis.is_none())
            .map(|p| p.id.name.as_str())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        // The part of the message that is the same for every field.
        let tail = cx.lang.say(
            || format!(
                "is special-category data, but the record states no Art. 9(2) condition for purpose{} {} of `{}`",
                if lacking.len() > 1 { "s" } else { "" },
                quoted(&lacking, Lang::En),
                d.id(),
            ),
            || format!(
                "hör till särskilda kategorier av personuppgifter, men registerförteckningen anger inget undantag från förbudet i artikel 9.1 för {} {} i `{}`",
                if lacking.len() > 1 { "ändamålen" } else { "ändamålet" },
                quoted(&lacking, Lang::Sv),
                d.id(),
            ),
        );
        let help = help(cx.lang, employer(cx, d));
        for hit in fields_where(cx, i, &special) {
            let (name, category, via) = (&hit.field.name.name, hit.category, &hit.via);
            let message = format!("`{name}` ({category}){via} {tail}");
            let f = Finding::new(&RULE, hit.span, message)
                .label(said(
                    "special-category data (Art. 9)",
                    "särskilda kategorier av personuppgifter (artikel 9)",
                ))
                .help(help)
                .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}

/// The kinds of purpose for which an employer may rest on employment law.
const EMPLOYMENT_KINDS: &[&str] = &["recruitment", "employment", "payroll"];

/// The subjects who are the employer's own applicants or employees.
const EMPLOYMENT_SUBJECTS: &[&str] = &["applicant", "employee"];

/// Whether Art. 9(2)(b) can be what the dataset needs: a purpose lacking a
/// condition has a declared kind of employment, and the subjects are the
/// employer's applicants or employees.
fn employer(cx: &GraphContext, d: &crate::model::Dataset) -> bool {
    let kind = d.ast.purposes.iter().any(|p| {
        p.special_basis.is_none()
            && declared_kind(p, cx.data).is_some_and(|k| EMPLOYMENT_KINDS.contains(&k))
    });
    let subjects = d
        .ast
        .subjects
        .iter()
        .flat_map(|s| s.value.iter())
        .any(|s| EMPLOYMENT_SUBJECTS.contains(&s.name.as_str()));
    kind && subjects
}

/// The help: the condition that usually fits leads.
fn help(lang: Lang, employer: bool) -> &'static str {
    match (lang, employer) {
        (Lang::En, true) => "add `special_basis <condition> \"<reference>\"` to each purpose: for an employer's own applicants or employees usually `special_basis employment_law \"<the employment or anti-discrimination law that requires it>\"` (Art. 9(2)(b)); otherwise `special_basis explicit_consent` (Art. 9(2)(a))",
        (Lang::En, false) => "add `special_basis <condition> \"<reference>\"` to each purpose, usually `special_basis explicit_consent` (Art. 9(2)(a)); `made_public` (Art. 9(2)(e)) only for data the person has manifestly made public, to the general public, by a deliberate act (CJEU C-252/21)",
        (Lang::Sv, true) => "lägg till `special_basis <undantag> \"<hänvisning>\"` i varje ändamål: för arbetsgivarens egna sökande eller anställda oftast `special_basis employment_law \"<den arbetsrättsliga lag eller diskrimineringslag som kräver det>\"` (artikel 9.2 b); annars `special_basis explicit_consent` (artikel 9.2 a)",
        (Lang::Sv, false) => "lägg till `special_basis <undantag> \"<hänvisning>\"` i varje ändamål, oftast `special_basis explicit_consent` (artikel 9.2 a); `made_public` (artikel 9.2 e) bara för uppgifter som den registrerade genom en medveten handling uppenbart har offentliggjort för allmänheten (EU-domstolen C-252/21)",
    }
}

/// `a`, `b` and `c` (`och` in Swedish).
pub fn quoted(names: &[&str], lang: Lang) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!(
            "{} {} {}",
            q[..n - 1].join(", "),
            lang.of("and", "och"),
            q[n - 1]
        ),
    }
}
