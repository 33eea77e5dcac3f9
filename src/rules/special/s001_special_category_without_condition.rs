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

use compact_str::CompactString;
use serde::Serialize;

use super::{fields_where, with_origin, Named, Via, Wanted};
use crate::data::RuleData;
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity, Text, Violation, Words};
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
    heading: (
        "special categories of data with no Art. 9(2) condition recorded",
        "särskilda kategorier av personuppgifter utan angivet undantag enligt artikel 9.2",
    ),
    doc: crate::rules::docs::S001,
    origin: Origin::Builtin,
};

/// A special-category field in a dataset with purposes for which the
/// record states no exception from the prohibition in Art. 9(1).
#[derive(Debug, Serialize)]
struct NoCondition {
    dataset: CompactString,
    field: CompactString,
    category: CompactString,
    /// Where the field is declared and how it gets here, when inherited.
    via: Option<Via>,
    /// The purposes that state no condition.
    purposes: Vec<CompactString>,
    /// Whether the purposes are the employer's own (recruitment,
    /// employment, payroll of applicants or employees): Art. 9(2)(b) then
    /// leads the help.
    employer: bool,
}

impl Violation for NoCondition {
    fn message(&self, w: &Words) -> String {
        let Named {
            field: name,
            category,
            via,
            dataset: id,
            purposes: names,
            many,
        } = Named::of(
            w,
            (&self.field, &self.category),
            self.via.as_ref(),
            &self.dataset,
            &self.purposes,
        );
        w.say(
            || format!(
                "{name} ({category}){via} is recorded as special-category data, but the record states no Art. 9(2) condition for purpose{} {names} of {id}",
                if many { "s" } else { "" },
            ),
            || format!(
                "{name} ({category}){via} hör enligt registerförteckningen till särskilda kategorier av personuppgifter, men den anger inget undantag från förbudet i artikel 9.1 för {} {names} i {id}",
                if many { "ändamålen" } else { "ändamålet" },
            ),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            legal_help(w.lang, self.employer)
        } else {
            help(w.lang, self.employer)
        })
    }
}

/// Every special field of a dataset with a purpose lacking `special_basis`.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let special = Wanted::new(cx, RuleData::is_special);
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) || !special.held_by(cx, i) {
            continue;
        }
        let lacking: Vec<CompactString> = d
            .ast
            .purposes
            .iter()
            .filter(|p| p.special_basis.is_none())
            .map(|p| p.id.name.clone())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        let employer = employer(cx, d);
        for hit in fields_where(cx, i, &special) {
            let what = NoCondition {
                dataset: CompactString::from(d.id()),
                field: hit.field.name.name.clone(),
                category: CompactString::from(hit.category),
                via: hit.from.clone(),
                purposes: lacking.clone(),
                employer,
            };
            let f = Finding::of(&RULE, hit.span, what)
                .label(said(
                    "special-category data (Art. 9)",
                    "särskilda kategorier av personuppgifter (artikel 9)",
                ))
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

/// The help for the record's readers: what to record, without syntax.
fn legal_help(lang: Lang, employer: bool) -> &'static str {
    match (lang, employer) {
        (Lang::En, true) => "record for each purpose the exception from the prohibition in Art. 9(1) that it rests on: for the employer's own applicants or employees usually the employment or anti-discrimination law (or collective agreement) that authorises the processing (Art. 9(2)(b)); otherwise the data subject's explicit consent (Art. 9(2)(a))",
        (Lang::En, false) => "record for each purpose the exception from the prohibition in Art. 9(1) that it rests on, usually the data subject's explicit consent (Art. 9(2)(a)); data manifestly made public by the data subject (Art. 9(2)(e)) only where the person made it public to the general public by a deliberate act (CJEU C-252/21)",
        (Lang::Sv, true) => "ange för varje ändamål vilket undantag från förbudet i artikel 9.1 det grundas på: för arbetsgivarens egna arbetssökande eller anställda oftast den arbetsrättsliga lag, diskrimineringslag eller det kollektivavtal som tillåter behandlingen (artikel 9.2 b); annars den registrerades uttryckliga samtycke (artikel 9.2 a)",
        (Lang::Sv, false) => "ange för varje ändamål vilket undantag från förbudet i artikel 9.1 det grundas på, oftast den registrerades uttryckliga samtycke (artikel 9.2 a); uppgifter som på ett tydligt sätt har offentliggjorts av den registrerade (artikel 9.2 e) bara om den registrerade genom en medveten handling har gjort dem tillgängliga för allmänheten (EU-domstolens dom i mål C-252/21)",
    }
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

