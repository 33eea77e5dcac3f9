//! ## What it does
//! Reports a purpose of kind `advertising` in a dataset controlled by a
//! `public_authority`, once per purpose. Personalising the authority's own
//! service (kind `personalisation`, such as job suggestions by an
//! employment service) is not reported. A dataset that is anonymous is
//! skipped.
//!
//! ## Why is this bad?
//! An authority processes personal data for its task, on a basis laid down
//! in law (Art. 6(1)(e), 6(3)), and it may not rely on legitimate interest
//! for that (Art. 6(1), last subparagraph). Advertising is rarely part of
//! any authority's task, and consent to an authority is rarely free
//! (Recital 43). The record should show the law under which the
//! advertising is necessary for the task, or the purpose should go.
//!
//! ## Example
//! ```ropa
//! controller myndighet { country SE  public_authority  dpo "dso@myndighet.se" }
//! dataset visitors {
//!   cookies _fbp
//!   purpose ads { kind advertising  basis consent  consent { withdraw "Cookieinställningar" } }
//! }
//! ```
//!
//! Use instead: remove the advertising purpose (and its cookies), or
//! personalise the authority's own service:
//! ```ropa
//! controller myndighet { country SE  public_authority  dpo "dso@myndighet.se" }
//! dataset visitors {
//!   purpose suggestions { kind personalisation  basis public_task "Förordning (2022:811) 3 §" }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1)(e), 6(3), Recital 43

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{purpose_kind, Dataset, DatasetId};
use crate::rules::grounds::{anonymous, authority};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L011",
    name: "authority-advertising",
    severity: Severity::Warning,
    article: "Art. 6(1)(e), 6(3)",
    summary: "a public authority's purpose of kind `advertising`",
    heading: (
        "advertising by a public authority",
        "reklam hos en myndighet",
    ),
    doc: crate::rules::docs::L011,
    origin: Origin::Builtin,
};

/// Whether the purpose is advertising (L010 yields to L011 on it, in an
/// authority's dataset).
pub fn reports(cx: &Context, p: &Purpose) -> bool {
    purpose_kind(p, cx.data) == "advertising"
}

/// An advertising purpose of a public authority.
#[derive(Debug, Serialize)]
struct AuthorityAdvertising {
    dataset: String,
    purpose: String,
    /// The controller declared `public_authority`.
    authority: String,
}

impl Violation for AuthorityAdvertising {
    fn message(&self, w: &Words) -> String {
        let (p, d, a) = (
            w.id(&self.purpose),
            w.id(&self.dataset),
            w.id(&self.authority),
        );
        w.say(
            || format!("the record states advertising (purpose {p} of {d}) for public authority {a}; advertising is rarely part of an authority's task (Art. 6(1)(e))"),
            || format!("registerförteckningen anger reklam (ändamålet {p} i {d}) för myndigheten {a}; reklam ingår sällan i en myndighets uppgifter (artikel 6.1 e)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        Text::Borrowed(if w.is_legal() {
            w.of(
                "stop the advertising, or record the Union or Member State law under which it is necessary for the authority's task (Art. 6(1)(e), 6(3)); consent to an authority is rarely freely given (Recital 43). Personalising the authority's own service is a purpose of its own",
                "upphör med reklamen, eller ange den rättsliga grunden i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) enligt vilken reklamen är nödvändig för myndighetens uppgift (artikel 6.1 e och 6.3); samtycke till en myndighet är sällan frivilligt (skäl 43). Anpassning av myndighetens egen tjänst är ett eget ändamål",
            )
        } else {
            w.of(
                "remove the advertising, or record the law that makes it necessary for the authority's task: `basis public_task \"<law>\"`; consent to an authority is rarely free (Recital 43). Personalising the authority's own service is kind `personalisation`",
                "ta bort reklamen, eller ange den lag som gör den nödvändig för myndighetens uppgift: `basis public_task \"<lag>\"`; samtycke till en myndighet är sällan frivilligt (skäl 43). Anpassning av myndighetens egen tjänst är typen `personalisation`",
            )
        })
    }
}

/// Every advertising purpose of an authority's dataset.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    let Some(auth) = authority(cx, d) else {
        return;
    };
    for p in d.ast.purposes.iter().filter(|p| reports(cx, p)) {
        let span = p.kind.as_ref().map_or(p.id.span, |k| k.value.span);
        let what = AuthorityAdvertising {
            dataset: d.id().to_string(),
            purpose: p.id.name.to_string(),
            authority: auth.id().to_string(),
        };
        out.push(
            Finding::of(&RULE, span, what)
                .label(said(
                    "advertising by a public authority",
                    "reklam från en myndighet",
                ))
                .party(auth.id())
                .dataset(d.id()),
        );
    }
}
