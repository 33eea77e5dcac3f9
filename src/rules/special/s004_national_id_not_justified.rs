//! ## What it does
//! Reports a national identity number (`identity.national_id`, e.g. a
//! personnummer) in a dataset with a controller in a country whose national
//! law restricts identity numbers, when a purpose of the dataset does not
//! meet that law as the rule data reads it. Fields that arrive through
//! flows count; anonymous datasets are skipped. The message names that
//! country's law, and only the laws of the controllers' countries.
//!
//! The countries, their laws and what satisfies each are rule data
//! (`national_id_laws` in `rules/countries.yaml`):
//!
//! | country | law | satisfied by |
//! |---|---|---|
//! | SE | dataskyddslagen (2018:218) 3 kap. 10 § | consent, `justification`, or a purpose resting on law |
//! | DK | databeskyttelsesloven § 11 | consent, `justification`, or law |
//! | FI | tietosuojalaki (1050/2018) 29 § | consent, `justification`, or law |
//! | NO | personopplysningsloven § 12 | `justification` (a real need for secure identification) or law; not consent |
//! | BE | wet van 8 augustus 1983 tot regeling van een Rijksregister, art. 8 | law, or a `justification` citing the authorisation (art. 8 § 1) |
//! | NL | Uitvoeringswet AVG, art. 46 | only law |
//!
//! "Law" is a purpose on `legal_obligation` or `public_task` with a law
//! reference (its own, or a `law` of the controller). Consent declared
//! `bundled` or `implied` is no consent here. A rule pack can add or
//! correct countries. A controller in any other country gets no S004.
//!
//! ## Why is this bad?
//! Art. 87 lets each Member State set the conditions for processing a
//! national identification number. In Sweden, without consent a
//! personnummer may be processed only when that is clearly justified by the
//! purpose, the importance of secure identification, or another
//! considerable reason; Norway allows it only where secure identification
//! is really needed, whatever the person agrees to; the Netherlands allows
//! the BSN only where a law provides for it, and Belgium the national
//! register number only with an authorisation. The record should show
//! which ground the purpose meets. Consent that is not freely given or not
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
//!   personopplysningsloven § 12; Uitvoeringswet AVG art. 46; wet van
//!   8 augustus 1983 tot regeling van een Rijksregister van de natuurlijke
//!   personen, art. 8

use serde::Serialize;

use super::{fields_where, with_origin, Via, Wanted};
use crate::data::{IdGround, NationalIdLaw};
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::Dataset;
use crate::rules::grounds::{rests_on_consent, rests_on_law};
use crate::rules::GraphContext;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S004",
    name: "national-id-not-justified",
    severity: Severity::Warning,
    article: "Art. 87",
    summary: "a national identity number without what the national law asks (consent, law or `justification`)",
    heading: (
        "a national identity number without what national law requires",
        "ett nationellt identifikationsnummer utan det som nationell rätt kräver",
    ),
    doc: crate::rules::docs::S004,
    origin: Origin::Builtin,
};

/// A national law on identity numbers, as the rule data cites it.
#[derive(Debug, Serialize)]
struct IdLaw {
    law: String,
    country: String,
}

/// A national identity number in a dataset with purposes for which the
/// record states nothing that the controllers' national law accepts.
#[derive(Debug, Serialize)]
struct NotJustified {
    dataset: String,
    field: String,
    /// Where the field is declared and how it gets here, when inherited.
    via: Option<Via>,
    /// The purposes that meet none of the laws' grounds.
    purposes: Vec<String>,
    /// The laws they fail.
    laws: Vec<IdLaw>,
    /// Whether every law failed accepts consent.
    by_consent: bool,
    /// Whether every law failed accepts a `justification`.
    by_justification: bool,
    /// Whether every law failed accepts a purpose resting on law.
    by_law: bool,
    /// Whether one of them is Swedish (its test is "klart motiverat").
    swedish: bool,
}

impl Violation for NotJustified {
    fn message(&self, w: &Words) -> String {
        let name = w.id(&self.field);
        let via = self
            .via
            .as_ref()
            .map(|v| v.aside(w, &self.dataset))
            .unwrap_or_default();
        let (id, names, many) = (
            w.id(&self.dataset),
            w.list(&self.purposes, |n| w.id(n).to_string()),
            self.purposes.len() > 1,
        );
        let laws = self
            .laws
            .iter()
            .map(|l| format!("{} ({})", l.law, w.country(&l.country)))
            .collect::<Vec<_>>()
            .join("; ");
        let (consent, justification, law) = (self.by_consent, self.by_justification, self.by_law);
        w.say(
            || {
                let needs = needs_en(consent, justification, law);
                let purposes = if many { "purposes" } else { "purpose" };
                format!("the record states {needs} for national identity number {name}{via} in {purposes} {names} of {id}, which {laws} requires")
            },
            || {
                let needs = needs_sv(consent, justification, law, self.swedish);
                let purposes = if many { "ändamålen" } else { "ändamålet" };
                format!("för det nationella identifikationsnumret {name}{via} anger registerförteckningen {needs} för {purposes} {names} i {id}, vilket {laws} kräver")
            },
        )
    }

    fn help(&self, w: &Words) -> Text {
        let (consent, justification, law) = (self.by_consent, self.by_justification, self.by_law);
        Text::Owned(if w.is_legal() {
            legal_help(w.lang, consent, justification, law, self.swedish)
        } else {
            help(w.lang, consent, justification, law)
        })
    }
}

/// Whether a purpose meets a country's rule on identity numbers.
fn meets(cx: &GraphContext, d: &Dataset, p: &Purpose, law: &NationalIdLaw) -> bool {
    if p.basis.is_none() {
        // No basis is L001's; nothing to weigh here.
        return true;
    }
    (law.accepts(IdGround::Consent) && rests_on_consent(p))
        || (law.accepts(IdGround::Justification) && p.justification.is_some())
        || (law.accepts(IdGround::Law) && rests_on_law(cx, d, p))
}

/// Every national-id field of a dataset whose controller's country restricts
/// identity numbers, with a purpose that does not meet that country's rule.
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
        // The rules of the controllers' countries, once each.
        let mut laws: Vec<&NationalIdLaw> = Vec::new();
        for &c in &d.controllers {
            for country in cx.model.parties[c].countries() {
                if let Some(law) = cx.data.national_id_rule(&country.name) {
                    if !laws.iter().any(|l| l.law == law.law) {
                        laws.push(law);
                    }
                }
            }
        }
        // The purposes that fail, and the laws they fail.
        let mut lacking: Vec<&str> = Vec::new();
        let mut failed: Vec<&NationalIdLaw> = Vec::new();
        for p in &d.ast.purposes {
            let mut fails = false;
            for law in &laws {
                if !meets(cx, d, p, law) {
                    fails = true;
                    if !failed.iter().any(|l| l.law == law.law) {
                        failed.push(law);
                    }
                }
            }
            if fails {
                lacking.push(p.id.name.as_str());
            }
        }
        if lacking.is_empty() {
            continue;
        }
        // What every failed law accepts, for the message and the help.
        let accepts = |g: IdGround| failed.iter().all(|l| l.accepts(g));
        let (by_consent, by_justification, by_law) = (
            accepts(IdGround::Consent),
            accepts(IdGround::Justification),
            accepts(IdGround::Law),
        );
        let swedish = failed.iter().any(|l| l.country == "SE");
        for hit in fields_where(cx, i, &national_id) {
            let what = NotJustified {
                dataset: d.id().to_string(),
                field: hit.field.name.name.to_string(),
                via: hit.from.clone(),
                purposes: lacking.iter().map(|p| p.to_string()).collect(),
                laws: failed
                    .iter()
                    .map(|l| IdLaw {
                        law: l.law.to_string(),
                        country: l.country.to_string(),
                    })
                    .collect(),
                by_consent,
                by_justification,
                by_law,
                swedish,
            };
            let f = Finding::of(&RULE, hit.span, what)
                .label(said(
                    "national identity number (Art. 87)",
                    "nationellt identifikationsnummer (artikel 87)",
                ))
                .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}

/// What the record lacks, in English ("no justification", "no law").
fn needs_en(consent: bool, justification: bool, law: bool) -> String {
    let mut what: Vec<&str> = Vec::new();
    if consent {
        what.push("valid consent");
    }
    if justification {
        what.push("justification");
    }
    if law {
        what.push("law providing for its use");
    }
    match what.as_slice() {
        [] => "no ground".to_string(),
        [one] => format!("no {one}"),
        [init @ .., last] => format!("no {}, nor {last}", init.join(", ")),
    }
}

/// What the record lacks, in Swedish. For a Swedish law the
/// justification is that the use is "klart motiverad" (DSL 3 kap. 10 §).
fn needs_sv(consent: bool, justification: bool, law: bool, swedish: bool) -> String {
    let mut what: Vec<&str> = Vec::new();
    if consent {
        what.push("giltigt samtycke");
    }
    if justification {
        what.push(if swedish {
            "varför det är klart motiverat att behandla numret"
        } else {
            "varför användningen behövs"
        });
    }
    if law {
        what.push("någon lag som föreskriver användningen");
    }
    match what.as_slice() {
        [] => "ingen grund".to_string(),
        [one] => format!("inte {one}"),
        [init @ .., last] => format!("varken {} eller {last}", init.join(", ")),
    }
}

/// How to meet the rule, by what it accepts.
fn help(lang: Lang, consent: bool, justification: bool, law: bool) -> String {
    let mut ways: Vec<&str> = Vec::new();
    if justification {
        ways.push(lang.of(
            "add `justification \"<why the purpose or secure identification needs it>\"` to the purpose",
            "lägg till `justification \"<varför ändamålet eller en säker identifiering kräver det>\"` i ändamålet",
        ));
    }
    if law {
        ways.push(lang.of(
            "rest the purpose on the law that provides for the number (`basis legal_obligation \"<law>\"` or `public_task`)",
            "grunda ändamålet på den lag som föreskriver numret (`basis legal_obligation \"<lag>\"` eller `public_task`)",
        ));
    }
    if consent {
        ways.push(lang.of(
            "rest it on consent that is neither bundled nor implied",
            "grunda det på ett samtycke som varken är villkorat eller underförstått",
        ));
    }
    let or = lang.of("; or ", "; eller ");
    let drop = lang.of("drop the field", "ta bort fältet");
    if ways.is_empty() {
        drop.to_string()
    } else {
        format!("{}{or}{drop}", ways.join(or))
    }
}

/// How to meet the rule, for the record's readers: what to record,
/// without syntax.
fn legal_help(lang: Lang, consent: bool, justification: bool, law: bool, swedish: bool) -> String {
    let mut ways: Vec<&str> = Vec::new();
    if justification {
        ways.push(match (lang, swedish) {
            (Lang::En, true) => "record why the use of the number is clearly justified by the purpose, the importance of secure identification or another considerable reason",
            (Lang::En, false) => "record why the purpose or secure identification needs the number",
            (Lang::Sv, true) => "ange varför det är klart motiverat att behandla numret med hänsyn till ändamålet, vikten av en säker identifiering eller något annat beaktansvärt skäl",
            (Lang::Sv, false) => "ange varför ändamålet eller en säker identifiering kräver numret",
        });
    }
    if law {
        ways.push(lang.of(
            "rest the purpose on the law that provides for the number (a legal obligation or a task in the public interest, Art. 6(1)(c) or (e))",
            "grunda ändamålet på den lag som föreskriver numret (en rättslig förpliktelse eller en uppgift av allmänt intresse, artikel 6.1 c eller e)",
        ));
    }
    if consent {
        ways.push(lang.of(
            "rest it on the data subject's consent, freely given and not a condition of the service (Art. 4(11), 7(4))",
            "grunda det på den registrerades samtycke, frivilligt lämnat och inte ett villkor för tjänsten (artiklarna 4.11 och 7.4)",
        ));
    }
    let or = lang.of("; or ", "; eller ");
    let stop = lang.of("stop processing the number", "sluta behandla numret");
    if ways.is_empty() {
        stop.to_string()
    } else {
        format!("{}{or}{stop}", ways.join(or))
    }
}
