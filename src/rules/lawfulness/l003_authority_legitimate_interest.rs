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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::{anonymous, authority, basis_is};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L003",
    name: "authority-legitimate-interest",
    severity: Severity::Error,
    article: "Art. 6(1)",
    summary: "a public authority relies on `legitimate_interest`",
    heading: (
        "a public authority whose record states legitimate interests as a basis",
        "en myndighet vars registerförteckning anger berättigat intresse som rättslig grund",
    ),
    doc: crate::rules::docs::L003,
    origin: Origin::Builtin,
};

/// Legitimate interest as the basis of a purpose whose controller the
/// record declares a public authority.
#[derive(Debug, Serialize)]
struct AuthorityInterest {
    dataset: String,
    purpose: String,
    /// The controller declared `public_authority`.
    authority: String,
}

impl Violation for AuthorityInterest {
    fn message(&self, w: &Words) -> String {
        let (p, d, a) = (
            w.id(&self.purpose),
            w.id(&self.dataset),
            w.id(&self.authority),
        );
        w.say(
            || format!("the record states legitimate interest as the basis of purpose {p} of {d}, whose controller {a} is recorded as a public authority; that basis does not apply to an authority's processing for its tasks (Art. 6(1), last subparagraph)"),
            || format!("registerförteckningen anger berättigat intresse som rättslig grund för ändamålet {p} i {d}, vars personuppgiftsansvarige {a} anges som myndighet; den grunden gäller inte för myndigheters behandling när de fullgör sina uppgifter (artikel 6.1 andra stycket)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "rest the purpose on the authority's public task or on a legal obligation (Art. 6(1)(e) or (c)), and record the Union or Member State law that lays it down (Art. 6(3))",
                "grunda ändamålet på myndighetens uppgift av allmänt intresse eller myndighetsutövning eller på en rättslig förpliktelse (artikel 6.1 e eller c), och ange dess rättsliga grund i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) enligt artikel 6.3",
            )
        } else {
            w.of(
                "use `basis public_task \"<the law>\"` or `basis legal_obligation \"<the law>\"`",
                "använd `basis public_task \"<lagen>\"` (uppgift av allmänt intresse eller myndighetsutövning) eller `basis legal_obligation \"<lagen>\"` (rättslig förpliktelse)",
            )
        })
    }
}

/// Every legitimate-interest purpose of a dataset an authority controls.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    let Some(authority) = authority(cx, d) else {
        return;
    };
    for p in d.ast.purposes.iter().filter(|p| basis_is(p, "legitimate_interest")) {
        let Some(basis) = &p.basis else { continue };
        let what = AuthorityInterest {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            authority: authority.id().to_string(),
        };
        out.push(
            Finding::of(&RULE, basis.value.value.span, what)
                .label(said("not available to public authorities", "gäller inte för myndigheter"))
                .related(authority.ast.id.span, said("declared `public_authority` here", "deklarerad som `public_authority` här"))
                .dataset(d.id()),
        );
    }
}
