//! ## What it does
//! Reports a `legitimate_interest` basis with no reference to the
//! legitimate interest assessment (the balancing test).
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Art. 6(1)(f) requires weighing the controller's interest against the
//! data subjects' rights, and Art. 5(2) requires being able to show that
//! weighing. Without a documented assessment the basis cannot be defended.
//!
//! ## Example
//! ```ropa
//! purpose fraud_prevention { basis legitimate_interest }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose fraud_prevention {
//!   basis legitimate_interest "Intresseavvägning LIA-2025-03"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1)(f), Art. 5(2); EDPB Guidelines 1/2024

use crate::finding::{said, Finding, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L004",
    name: "legitimate-interest-without-assessment",
    severity: Severity::Warning,
    article: "Art. 6(1)(f)",
    summary: "`legitimate_interest` with no assessment reference",
    doc: crate::rules::docs::L004,
    origin: Origin::Builtin,
};

/// Every legitimate-interest basis without a reference.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) {
            continue;
        }
        for p in &d.ast.purposes {
            let Some(basis) = &p.basis else { continue };
            let b = &basis.value;
            if b.value.name == "legitimate_interest"
                && b.reference
                    .as_ref()
                    .is_none_or(|r| r.value.trim().is_empty())
            {
                out.push(
                    Finding::new(
                        &RULE,
                        b.value.span,
                        cx.lang.say(
                            || format!(
                                "legitimate interest in purpose `{}` has no documented assessment",
                                p.id.name
                            ),
                            || format!(
                                "berättigat intresse i ändamålet `{}` saknar dokumenterad intresseavvägning",
                                p.id.name
                            ),
                        ),
                    )
                    .label(said("no assessment referenced", "ingen intresseavvägning angiven"))
                    .help(cx.lang.of(
                        "reference the balancing test: `basis legitimate_interest \"LIA-2025-03\"`",
                        "hänvisa till intresseavvägningen: `basis legitimate_interest \"LIA-2025-03\"`",
                    ))
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
