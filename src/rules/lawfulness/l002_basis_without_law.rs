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

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::model::Dataset;
use crate::rules::grounds::{anonymous, basis_needs_law, has_law_reference};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L002",
    name: "basis-without-law",
    severity: Severity::Error,
    article: "Art. 6(3)",
    summary: "`legal_obligation` or `public_task` with no law reference",
    doc: crate::rules::docs::L002,
    origin: Origin::Builtin,
};

/// Every `legal_obligation`/`public_task` basis without a law reference.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        for p in &d.ast.purposes {
            let Some(basis) = &p.basis else { continue };
            if !basis_needs_law(p) || has_law_reference(cx, d, p) {
                continue;
            }
            let b = &basis.value.value;
            out.push(
                Finding::new(
                    &RULE,
                    b.span,
                    cx.lang.say(
                        || format!("`{}` in purpose `{}` names no law", b.name, p.id.name),
                        || format!("`{}` i ändamålet `{}` anger ingen lag", b.name, p.id.name),
                    ),
                )
                .label(said("which law?", "vilken lag?"))
                .help(help(cx, d, &b.name))
                .dataset(d.id()),
            );
        }
    }
    out
}

/// The fix: the law after the basis, or on the controller. No example law:
/// a law of one country would be wrong for a controller in another.
fn help(cx: &Context, d: &Dataset, basis: &str) -> String {
    if cx.lang == Lang::Sv {
        return help_sv(cx, d, basis);
    }
    let what = if basis == "public_task" {
        "the law that lays down the task"
    } else {
        "the law that imposes the obligation"
    };
    let own = format!("name {what} after the basis: `basis {basis} \"<law and section>\"`");
    match d.controllers.as_slice() {
        [c] => format!(
            "{own}, or, when one law grounds all of its processing, on the controller: `law \"<law>\"` in `{}`",
            cx.model.parties[*c].id()
        ),
        _ => own,
    }
}

/// [`help`] in Swedish.
fn help_sv(cx: &Context, d: &Dataset, basis: &str) -> String {
    let what = if basis == "public_task" {
        "den lag som fastställer uppgiften"
    } else {
        "den lag som föreskriver den rättsliga förpliktelsen"
    };
    let own = format!("ange {what} efter grunden: `basis {basis} \"<lag och paragraf>\"`");
    match d.controllers.as_slice() {
        [c] => format!(
            "{own}, eller, när en lag ligger till grund för all dess behandling, hos den personuppgiftsansvarige: `law \"<lag>\"` i `{}`",
            cx.model.parties[*c].id()
        ),
        _ => own,
    }
}
