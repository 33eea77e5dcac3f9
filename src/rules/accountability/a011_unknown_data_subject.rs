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

use serde::Serialize;

use crate::data::closest;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A011",
    name: "unknown-data-subject",
    severity: Severity::Info,
    article: "Art. 30(1)(c)",
    summary: "a `subjects` value that is not a known data subject",
    heading: (
        "a category of data subjects that is not a known one",
        "en kategori av registrerade som inte är en känd kategori",
    ),
    doc: crate::rules::docs::A011,
    origin: Origin::Builtin,
};

/// A category of data subjects that the record names and the rules do
/// not know.
#[derive(Debug, Serialize)]
struct UnknownSubject {
    dataset: String,
    subject: String,
    /// The known subject it most likely means.
    suggestion: Option<String>,
}

impl Violation for UnknownSubject {
    fn message(&self, w: &Words) -> String {
        let (id, subject) = (w.id(&self.dataset), w.id(&self.subject));
        w.say(
            || format!("{subject}, recorded as data subjects of {id}, is not a known category of data subjects: the checks that read data subjects do not read it"),
            || format!("{subject}, som anges som registrerade i {id}, är ingen känd kategori av registrerade: kontrollerna som läser de registrerade läser den inte"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Owned(match (&self.suggestion, w.is_legal()) {
            (Some(known), true) => {
                let known = w.value(Vocab::Subject, known);
                w.say(
                    || format!("if these are {known}, record them as such, so that the checks that depend on who the data subjects are (impact assessment, consent, special categories of personal data) take them into account"),
                    || format!("om de registrerade är {known}, ange det, så att kontrollerna som bygger på kategorierna av registrerade (konsekvensbedömning, samtycke, särskilda kategorier av personuppgifter) tar hänsyn till dem"),
                )
            }
            (None, true) => w
                .of(
                    "describe the data subjects with a known category where one fits; a category of its own is allowed, but the checks that depend on who the data subjects are do not take it into account",
                    "beskriv de registrerade med en känd kategori där en passar; en egen kategori är tillåten, men kontrollerna som bygger på kategorierna av registrerade tar inte hänsyn till den",
                )
                .to_string(),
            (Some(known), false) => w.say(
                || format!("did you mean `{known}`? Use the known subject where it fits, so that the rules that read subjects (A003, L012, S001) see it"),
                || format!("menade du `{known}`? Använd den kända kategorin där den passar, så att reglerna som läser `subjects` (A003, L012, S001) ser den"),
            ),
            (None, false) => w
                .of(
                    "use a known subject where one fits (`ropa explain A011`); a category of its own is allowed, but no rule reads it",
                    "använd en känd kategori av registrerade där en passar (`ropa explain A011`); en egen kategori är tillåten, men ingen regel läser den",
                )
                .to_string(),
        })
    }
}

/// Every unknown subject, once per dataset.
pub fn check(cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    let known = &cx.data.subjects;
    let Some(subjects) = &d.ast.subjects else {
        return;
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
        let what = UnknownSubject {
            dataset: d.id().to_string(),
            subject: name.to_string(),
            suggestion: suggestion.map(str::to_string),
        };
        out.push(
            Finding::of(&RULE, s.span, what)
                .label(said("not a known subject", "ingen känd kategori"))
                .dataset(d.id()),
        );
    }
}
