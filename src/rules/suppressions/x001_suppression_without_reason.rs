//! ## What it does
//! Reports a `// ropa: allow CODE` comment without a quoted reason. Such a
//! comment suppresses nothing: the findings it names are still reported.
//!
//! ## Why is this bad?
//! A suppression is a decision that a finding does not apply, and the
//! record of that decision is what an auditor will ask for (Art. 5(2)).
//! "Checked by legal, LEGAL-42" can be followed up; a bare allow cannot.
//!
//! ## Example
//! ```ropa
//! // ropa: allow T001
//! processor analytics "Analytics Inc" { country US }
//! ```
//!
//! Use instead:
//! ```ropa
//! // ropa: allow T001 "EU–US DPF certification checked 2026-01, see LEGAL-42"
//! processor analytics "Analytics Inc" { country US }
//! ```
//!
//! ## References
//! - GDPR Art. 5(2) (accountability); `docs/suppressions.md`

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "X001",
    name: "suppression-without-reason",
    severity: Severity::Error,
    article: "Art. 5(2)",
    summary: "a `// ropa: allow` comment without a quoted reason",
    doc: crate::rules::docs::X001,
    origin: Origin::Builtin,
};

/// A suppression comment at `span` without a reason.
pub fn finding(span: Span, codes: &str, lang: Lang) -> Finding {
    let (message, help) = lang.say(
        || {
            (
                format!("this suppression of {codes} gives no reason, so it suppresses nothing"),
                format!("say why, in quotes: `// ropa: allow {codes} \"<why, and who decided>\"`"),
            )
        },
        || {
            (
                format!("undertryckningen av {codes} anger inget skäl och undertrycker därför ingenting"),
                format!("ange skälet inom citattecken: `// ropa: allow {codes} \"<varför, och vem som beslutade>\"`"),
            )
        },
    );
    Finding::new(&RULE, span, message)
        .label(said("no reason", "inget skäl"))
        .help(help)
}
