//! ## What it does
//! Reports a national identity number (`identity.national_id`, e.g. a
//! personnummer) in a dataset with a purpose whose basis is neither
//! `consent`, `legal_obligation` nor `public_task` and that gives no
//! `justification`. Fields that arrive through flows count.
//!
//! ## Why is this bad?
//! Member States set the conditions for national identification numbers
//! (Art. 87). In Sweden, without consent they may be processed only when
//! clearly justified by the purpose, the importance of secure
//! identification, or another considerable reason (dataskyddslagen 3 kap.
//! 10 §). The record should say which.
//!
//! ## Example
//! ```ropa
//! dataset applicants {
//!   fields { personnummer: identity.national_id }
//!   purpose recruitment { basis contract }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
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
//! - GDPR Art. 87; lag (2018:218) 3 kap. 10 §

use super::s001_special_category_without_condition::quoted;
use super::{fields_where, with_origin};
use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S004",
    name: "national-id-not-justified",
    severity: Severity::Warning,
    article: "Art. 87",
    summary: "a national identity number without consent, law or `justification`",
    doc: crate::rules::docs::S004,
    origin: Origin::Builtin,
};

/// Every national-id field of a dataset with an unjustified purpose.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let national_id = cx.graph.category_mask(|c| c == "identity.national_id");
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if !cx.graph.holds_any(i, &national_id) {
            continue;
        }
        let lacking: Vec<&str> = d
            .ast
            .purposes
            .iter()
            .filter(|p| {
                let Some(b) = &p.basis else { return false };
                let exempt = matches!(
                    b.value.value.name.as_str(),
                    "consent" | "legal_obligation" | "public_task"
                );
                !exempt && p.justification.is_none()
            })
            .map(|p| p.id.name.as_str())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        for hit in fields_where(cx, i, |c| c == "identity.national_id") {
            let f = Finding::new(
                &RULE,
                hit.span,
                format!(
                    "national identity number `{}`{} is used by {} of `{}` without a justification",
                    hit.field.name.name,
                    hit.via,
                    quoted(&lacking),
                    d.id(),
                ),
            )
            .label("national identity number (Art. 87)")
            .help("add `justification \"<why secure identification needs it>\"` to the purpose, or drop the field")
            .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}
