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

use serde::Serialize;

use crate::finding::{
    said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words, LIST_CUT,
};
use crate::model::{Dataset, DatasetId};
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
    heading: (
        "consent stated for data about third persons or from public sources",
        "samtycke som anges för uppgifter om tredje personer eller från offentliga källor",
    ),
    doc: crate::rules::docs::L012,
    origin: Origin::Builtin,
};

/// Consent as the ground for a dataset that also holds data of people
/// who did not give it.
#[derive(Debug, Serialize)]
struct NotTheirConsent {
    dataset: String,
    purpose: String,
    /// The third-person subjects of the dataset.
    subjects: Vec<String>,
    /// Whether the dataset's `source` includes `public_sources`.
    public_sources: bool,
}

impl NotTheirConsent {
    /// Whose data it is: the third-person subjects, and the people from
    /// public sources. A long list of subjects is cut to three; the people
    /// from public sources are always named.
    fn people(&self, w: &Words) -> String {
        let subject = |s: &str| w.value(Vocab::Subject, s).to_string();
        if !self.public_sources {
            return w.list(&self.subjects, subject);
        }
        let public = if w.is_legal() {
            w.of(
                "people found in public sources",
                "personer från offentliga källor",
            )
        } else {
            w.of(
                "people found in public sources (`public_sources`)",
                "personer från offentliga källor (`public_sources`)",
            )
        };
        if self.subjects.len() < LIST_CUT {
            let mut all: Vec<String> = self.subjects.iter().map(|s| subject(s)).collect();
            all.push(public.to_string());
            return w.list(&all, str::to_string);
        }
        let subjects = w.list(&self.subjects, subject);
        w.say(
            || format!("{subjects}, and of {public}"),
            || format!("{subjects} samt om {public}"),
        )
    }
}

impl Violation for NotTheirConsent {
    fn message(&self, w: &Words) -> String {
        let (p, d, people) = (w.id(&self.purpose), w.id(&self.dataset), self.people(w));
        w.say(
            || format!("the record states consent for purpose {p} of {d}, which also holds data of {people}, whose own consent the record does not show (this concerns their data, not the consenting users')"),
            || format!("registerförteckningen anger samtycke för ändamålet {p} i {d}, som även innehåller uppgifter om {people}, vars eget samtycke registerförteckningen inte visar (iakttagelsen gäller deras uppgifter, inte de samtyckande användarnas)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "rest these people's data on another legal basis (usually legitimate interests with a documented assessment, Art. 6(1)(f)) and give them the information of Art. 14; or ask them for their own consent",
                "grunda behandlingen av deras uppgifter på en annan rättslig grund (oftast berättigat intresse med en dokumenterad intresseavvägning, artikel 6.1 f) och ge dem information enligt artikel 14; eller be dem om deras eget samtycke",
            )
        } else {
            w.of(
                "rest these people's data on another basis (usually `basis legitimate_interest \"<assessment>\"`, in a dataset of their own) and give them the Art. 14 information; or ask them for their own consent",
                "grunda behandlingen av deras uppgifter på en annan rättslig grund (oftast `basis legitimate_interest \"<intresseavvägning>\"`, i en egen datamängd) och ge dem information enligt artikel 14; eller be dem om deras eget samtycke",
            )
        })
    }
}

/// Every consent-based purpose of a dataset that holds data of people who
/// did not give it.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
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
        return;
    }
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
        let what = NotTheirConsent {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            subjects: whose.iter().map(|s| s.to_string()).collect(),
            public_sources: public,
        };
        out.push(
            Finding::of(&RULE, span, what)
                .label(said(
                    "consent from someone else than the data subject",
                    "samtycke från någon annan än den registrerade",
                ))
                .dataset(d.id()),
        );
    }
}
