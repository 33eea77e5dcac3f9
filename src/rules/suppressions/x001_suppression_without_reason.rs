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

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "X001",
    name: "suppression-without-reason",
    severity: Severity::Error,
    article: "Art. 5(2)",
    summary: "a `// ropa: allow` comment without a quoted reason",
    heading: (
        "a suppression with no reason given",
        "en undertryckning utan angivet skäl",
    ),
    doc: crate::rules::docs::X001,
    origin: Origin::Builtin,
};

/// A suppression whose comment states no reason.
#[derive(Debug, Serialize)]
struct NoReason {
    /// The codes (or rule names) it names.
    codes: Vec<String>,
}

impl Violation for NoReason {
    fn message(&self, w: &Words) -> String {
        let codes = w.list(&self.codes, str::to_string);
        w.say(
            || format!("this suppression of {codes} states no reason, so it suppresses nothing"),
            || format!("undertryckningen av {codes} anger inget skäl och undertrycker därför ingenting"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        if w.is_legal() {
            return Text::Borrowed(w.of(
                "record, as the reason of the suppression, why the findings it names do not apply and who decided (Art. 5(2)); until then they are reported",
                "ange som skäl för undertryckningen varför iakttagelserna den avser inte gäller och vem som beslutade det (artikel 5.2); till dess redovisas de",
            ));
        }
        let codes = self.codes.join(",");
        Text::Owned(w.say(
            || format!("say why, in quotes: `// ropa: allow {codes} \"<why, and who decided>\"`"),
            || format!("ange skälet inom citattecken: `// ropa: allow {codes} \"<varför, och vem som beslutade>\"`"),
        ))
    }
}

/// A suppression comment at `span` of `codes` without a reason.
pub fn finding(span: Span, codes: &[String]) -> Finding {
    Finding::of(
        &RULE,
        span,
        NoReason {
            codes: codes.to_vec(),
        },
    )
    .label(said("no reason", "inget skäl"))
}
