//! ## What it does
//! Reports a dataset with no `retention`, unless every one of its purposes
//! has a `retention` of its own. A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Personal data may be kept no longer than the purposes need (Art.
//! 5(1)(e)), and the record must state the time limits for erasure where
//! possible (Art. 30(1)(f)). Data subjects must be told too (Art. 13(2)(a)).
//!
//! ## Example
//! ```ropa
//! dataset call_log { fields { phone: contact.phone } }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset call_log {
//!   fields { phone: contact.phone }
//!   retention 15 months
//! }
//! ```
//!
//! or a retention in each purpose:
//! ```ropa
//! dataset candidates {
//!   purpose recruitment { basis contract  retention 6 months after decision }
//!   purpose talent_pool { basis consent  retention 24 months }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(e), 30(1)(f), 13(2)(a)

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
use crate::rules::special::s001_special_category_without_condition::quoted;
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "R001",
    name: "missing-retention",
    severity: Severity::Error,
    article: "Art. 5(1)(e)",
    summary: "a dataset with no `retention`",
    doc: crate::rules::docs::R001,
    origin: Origin::Builtin,
};

/// Every dataset with a purpose that has no retention, its own or the
/// dataset's.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if d.ast.retention.is_some() || anonymous(cx, i) {
            continue;
        }
        let lacking: Vec<&str> = d
            .ast
            .purposes
            .iter()
            .filter(|p| p.retention.is_none())
            .map(|p| p.id.name.as_str())
            .collect();
        let own = d.ast.purposes.len() - lacking.len();
        if d.every_purpose_has_retention() {
            continue;
        }
        let message = if cx.lang == Lang::Sv {
            if own == 0 {
                format!("`{}` saknar lagringstid", d.id())
            } else {
                format!(
                    "varken `{}` eller {} {} anger någon lagringstid",
                    d.id(),
                    "dess ändamål",
                    quoted(&lacking, Lang::Sv),
                )
            }
        } else if own == 0 {
            format!("`{}` has no retention period", d.id())
        } else {
            let many = lacking.len() > 1;
            format!(
                "neither `{}` nor its purpose{} {} declare{} a retention period",
                d.id(),
                if many { "s" } else { "" },
                quoted(&lacking, Lang::En),
                if many { "" } else { "s" }
            )
        };
        out.push(
            Finding::new(&RULE, d.ast.id.span, message)
                .label(said("no `retention`", "ingen `retention`"))
                .help(cx.lang.of(
                    "add `retention <N> days|months|years [after <event>]`, or `retention by_law \"<archive rule>\"`, to the dataset or to each purpose",
                    "lägg till `retention <N> days|months|years [after <händelse>]`, eller `retention by_law \"<gallringsregel>\"`, i datamängden eller i varje ändamål",
                ))
                .dataset(d.id()),
        );
    }
    out
}
