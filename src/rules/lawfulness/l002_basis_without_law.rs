//! ## What it does
//! Reports a `legal_obligation` or `public_task` basis that does not name
//! the law it rests on: neither the purpose's own string nor a `law` of the
//! dataset's controller (one law may ground all of a controller's
//! processing, Recital 45). The help names no particular country's law.
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! For Art. 6(1)(c) and (e) the basis must be laid down by Union or Member
//! State law (Art. 6(3)). Without the reference, nobody can check that the
//! law exists or that it covers this processing.
//!
//! ## Example
//! ```ropa
//! controller af "Arbetsförmedlingen" { country SE  public_authority }
//! dataset cases { purpose case_handling { basis public_task } }
//! ```
//!
//! Use instead, in the purpose:
//! ```ropa
//! purpose case_handling {
//!   basis public_task "Förordning (2007:1030) med instruktion för Arbetsförmedlingen"
//! }
//! ```
//!
//! or once for every purpose of the controller:
//! ```ropa
//! controller af "Arbetsförmedlingen" {
//!   country SE
//!   public_authority
//!   law "Förordning (2007:1030) med instruktion för Arbetsförmedlingen"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1)(c), 6(1)(e), 6(3), Recital 45

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::{anonymous, basis_needs_law, has_law_reference};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L002",
    name: "basis-without-law",
    severity: Severity::Error,
    article: "Art. 6(3)",
    summary: "`legal_obligation` or `public_task` with no law reference",
    heading: (
        "a legal obligation or public task for which the record names no law",
        "en rättslig förpliktelse eller uppgift av allmänt intresse för vilken registerförteckningen inte anger någon lag",
    ),
    doc: crate::rules::docs::L002,
    origin: Origin::Builtin,
};

/// A basis laid down by law whose record names no law.
#[derive(Debug, Serialize)]
struct NoLaw {
    dataset: String,
    purpose: String,
    /// `legal_obligation` or `public_task`.
    basis: String,
    /// The dataset's controller, when it has exactly one (the help offers
    /// its `law`).
    controller: Option<String>,
}

impl Violation for NoLaw {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        let b = w.value(Vocab::Basis, &self.basis);
        w.say(
            || format!("the record names no Union or Member State law for {b} in purpose {p} of {d} (Art. 6(3))"),
            || format!("registerförteckningen anger ingen rättslig grund i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) för {b} i ändamålet {p} i {d} (artikel 6.3)"),
        )
    }

    /// The law after the basis, or on the controller. No example law: a
    /// law of one country would be wrong for a controller in another.
    fn help(&self, w: &Words) -> Text {
        let task = self.basis == "public_task";
        if w.is_legal() {
            let own = if task {
                w.of(
                    "record the Union or Member State law that lays down the task (Art. 6(3))",
                    "ange den rättsliga grunden i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) som fastställer uppgiften (artikel 6.3)",
                )
            } else {
                w.of(
                    "record the Union or Member State law that imposes the obligation (Art. 6(3))",
                    "ange den rättsliga grunden i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) som föreskriver den rättsliga förpliktelsen (artikel 6.3)",
                )
            };
            return Text::Owned(match &self.controller {
                Some(c) => {
                    let c = w.id(c);
                    w.say(
                        || format!("{own}, for this purpose or, when one law grounds all of its processing, once for the controller {c} (Recital 45)"),
                        || format!("{own}, för detta ändamål eller, när en lag ligger till grund för all dess behandling, en gång för den personuppgiftsansvarige {c} (skäl 45)"),
                    )
                }
                None => own.to_string(),
            });
        }
        let basis = &self.basis;
        let own = w.say(
            || {
                let what = if task {
                    "the law that lays down the task"
                } else {
                    "the law that imposes the obligation"
                };
                format!("name {what} after the basis: `basis {basis} \"<law and section>\"`")
            },
            || {
                let what = if task {
                    "den lag som fastställer uppgiften"
                } else {
                    "den lag som föreskriver den rättsliga förpliktelsen"
                };
                format!("ange {what} efter grunden: `basis {basis} \"<lag och paragraf>\"`")
            },
        );
        Text::Owned(match &self.controller {
            Some(c) => w.say(
                || format!("{own}, or, when one law grounds all of its processing, on the controller: `law \"<law>\"` in `{c}`"),
                || format!("{own}, eller, när en lag ligger till grund för all dess behandling, hos den personuppgiftsansvarige: `law \"<lag>\"` i `{c}`"),
            ),
            None => own,
        })
    }
}

/// Every `legal_obligation`/`public_task` basis without a law reference.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        let Some(basis) = &p.basis else { continue };
        if !basis_needs_law(p) || has_law_reference(cx, d, p) {
            continue;
        }
        let b = &basis.value.value;
        let what = NoLaw {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            basis: b.name.to_string(),
            controller: match d.controllers.as_slice() {
                [c] => Some(cx.model.parties[*c].id().to_string()),
                _ => None,
            },
        };
        out.push(
            Finding::of(&RULE, b.span, what)
                .label(said("which law?", "vilken lag?"))
                .dataset(d.id()),
        );
    }
}
