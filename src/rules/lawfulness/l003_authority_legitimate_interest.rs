//! ## What it does
//! Reports a purpose based on `legitimate_interest` in a dataset controlled
//! by a party declared `public_authority`.
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Art. 6(1), last subparagraph: legitimate interest "shall not apply to
//! processing carried out by public authorities in the performance of their
//! tasks". An authority's processing rests on law: a public task or a
//! legal obligation.
//!
//! ## Example
//! ```ropa
//! controller af "Arbetsförmedlingen" { country SE  public_authority  dpo "dso@af.se" }
//! dataset visitors {
//!   purpose analytics { basis legitimate_interest "LIA 2024-02" }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset visitors {
//!   purpose analytics { basis public_task "Förordning (2007:1030) 2 §" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1), last subparagraph; Recital 47

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L003",
    name: "authority-legitimate-interest",
    severity: Severity::Error,
    article: "Art. 6(1)",
    summary: "a public authority relies on `legitimate_interest`",
    doc: crate::rules::docs::L003,
    origin: Origin::Builtin,
};

/// Every legitimate-interest purpose of a dataset an authority controls.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        let authority = d
            .controllers
            .iter()
            .map(|&c| &cx.model.parties[c])
            .find(|p| p.ast.public_authority.is_some());
        let Some(authority) = authority else { continue };
        for p in &d.ast.purposes {
            let Some(basis) = &p.basis else { continue };
            if basis.value.value.name != "legitimate_interest" {
                continue;
            }
            out.push(
                Finding::new(
                    &RULE,
                    basis.value.value.span,
                    cx.lang.say(
                        || format!(
                            "`{}` is a public authority and cannot rely on legitimate interest (purpose `{}`)",
                            authority.id(),
                            p.id.name
                        ),
                        || format!(
                            "`{}` är en myndighet och kan inte grunda behandlingen på berättigat intresse (ändamålet `{}`)",
                            authority.id(),
                            p.id.name
                        ),
                    ),
                )
                .label(said("not available to public authorities", "gäller inte för myndigheter"))
                .related(authority.ast.id.span, said("declared `public_authority` here", "deklarerad som `public_authority` här"))
                .help(cx.lang.of(
                    "use `basis public_task \"<the law>\"` or `basis legal_obligation \"<the law>\"`",
                    "använd `basis public_task \"<lagen>\"` (uppgift av allmänt intresse eller myndighetsutövning) eller `basis legal_obligation \"<lagen>\"` (rättslig förpliktelse)",
                ))
                .dataset(d.id()),
            );
        }
    }
    out
}
