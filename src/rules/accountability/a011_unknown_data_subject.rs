//! ## What it does
//! Reports a `subjects` value that is not a known category of data
//! subjects. The vocabulary is open, so an unknown value is allowed, but
//! the rules that read subjects — A003 (vulnerable subjects), L012 (third
//! persons), S001's help (applicants and employees) — know only the listed
//! ones, and say nothing about the others. The help names the known
//! subject the value most likely means (`candidate` → `applicant`), from
//! the rule data's synonyms or by spelling. Once per value and dataset;
//! anonymous datasets are read too, since the value is wrong either way.
//!
//! ## Why is this bad?
//! The categories of data subjects are part of the record (Art.
//! 30(1)(c)). A word the rules do not know hides what they would report:
//! a register's `candidate` is not read as an applicant, so a recruitment
//! dataset of candidates is not counted as vulnerable subjects for the
//! DPIA criteria.
//!
//! ## Example
//! ```ropa
//! dataset hiring { subjects candidate  ... }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset hiring { subjects applicant  ... }
//! ```
//!
//! ## References
//! - GDPR Art. 30(1)(c); EDPB Guidelines on DPIA (WP248 rev.01),
//!   criterion 7 (vulnerable data subjects)

use crate::data::closest;
use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A011",
    name: "unknown-data-subject",
    severity: Severity::Info,
    article: "Art. 30(1)(c)",
    summary: "a `subjects` value that is not a known data subject",
    doc: crate::rules::docs::A011,
    origin: Origin::Builtin,
};

/// Every unknown subject, once per dataset.
pub fn check(cx: &Context) -> Vec<Finding> {
    let lang = cx.lang;
    let known = &cx.data.subjects;
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        let Some(subjects) = &d.ast.subjects else {
            continue;
        };
        let mut seen: foldhash::HashSet<&str> = foldhash::HashSet::default();
        for s in &subjects.value {
            let name = s.name.as_str();
            if known.contains(name) || !seen.insert(name) {
                continue;
            }
            let lower = name.to_lowercase();
            let suggestion = cx
                .data
                .subject_synonyms
                .get(&lower)
                .map(String::as_str)
                .or_else(|| closest(&lower, known.iter().map(String::as_str)));
            let message = lang.say(
                || format!("`{name}` is not a known data subject: the rules that read subjects do not read it"),
                || format!("`{name}` är ingen känd kategori av registrerade: reglerna som läser `subjects` läser den inte"),
            );
            let help = cx.help(|| match suggestion {
                Some(known) => lang.say(
                    || format!("did you mean `{known}`? Use the known subject where it fits, so that the rules that read subjects (A003, L012, S001) see it"),
                    || format!("menade du `{known}`? Använd den kända kategorin där den passar, så att reglerna som läser `subjects` (A003, L012, S001) ser den"),
                ),
                None => lang
                    .of(
                        "use a known subject where one fits (`ropa explain A011`); a category of its own is allowed, but no rule reads it",
                        "använd en känd kategori av registrerade där en passar (`ropa explain A011`); en egen kategori är tillåten, men ingen regel läser den",
                    )
                    .to_string(),
            });
            out.push(
                Finding::new(&RULE, s.span, message)
                    .label(said("not a known subject", "ingen känd kategori"))
                    .help(help)
                    .dataset(d.id()),
            );
        }
    }
    out
}
