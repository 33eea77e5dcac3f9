//! ## What it does
//! Reports a `legal_obligation` or `public_task` basis that does not name
//! the law it rests on.
//!
//! ## Why is this bad?
//! For Art. 6(1)(c) and (e) the basis must be laid down by Union or Member
//! State law (Art. 6(3)). Without the reference, nobody can check that the
//! law exists or that it covers this processing.
//!
//! ## Example
//! ```ropa
//! purpose case_handling { basis public_task }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose case_handling {
//!   basis public_task "Förordning (2007:1030) med instruktion för Arbetsförmedlingen"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1)(c), 6(1)(e), 6(3)

use crate::finding::{Finding, Origin, Rule, Severity};
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

/// Every `legal_obligation`/`public_task` basis without a reference.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for d in &cx.model.datasets {
        for p in &d.ast.purposes {
            let Some(basis) = &p.basis else { continue };
            let b = &basis.value;
            let needs_law = matches!(b.value.name.as_str(), "legal_obligation" | "public_task");
            if needs_law
                && b.reference
                    .as_ref()
                    .is_none_or(|r| r.value.trim().is_empty())
            {
                out.push(
                    Finding::new(
                        &RULE,
                        b.value.span,
                        format!(
                            "`{}` in purpose `{}` names no law",
                            b.value.name, p.id.name
                        ),
                    )
                    .label("which law?")
                    .help(format!(
                        "name the law after the basis: `basis {} \"Förvaltningslagen (2017:900) 6 §\"`",
                        b.value.name
                    ))
                    .dataset(d.id()),
                );
            }
        }
    }
    out
}
