//! ## What it does
//! Reports criminal-offence data (`criminal.*`) in a dataset that has a
//! purpose without `criminal_basis`. Fields that arrive through flows count.
//! A dataset that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Data on criminal convictions and offences may be processed only under
//! the control of official authority or when authorised by law (Art. 10;
//! in Sweden dataskyddslagen 3 kap. 8–9 §§ and förordning 2018:219). An
//! employer's background check (belastningsregisterutdrag) needs such a law.
//!
//! ## Example
//! ```ropa
//! dataset security_vetting {
//!   fields { record_extract: criminal.offences }
//!   purpose recruitment { basis legal_obligation "Säkerhetsskyddslagen" }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset security_vetting {
//!   fields { record_extract: criminal.offences }
//!   purpose recruitment {
//!     basis legal_obligation "Säkerhetsskyddslagen (2018:585)"
//!     criminal_basis law "Säkerhetsskyddslagen (2018:585) 3 kap."
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 10

use super::s001_special_category_without_condition::quoted;
use super::{fields_where, with_origin, Wanted};
use crate::data::RuleData;
use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S003",
    name: "criminal-data-without-authority",
    severity: Severity::Error,
    article: "Art. 10",
    summary: "criminal-offence data with a purpose that has no `criminal_basis`",
    doc: crate::rules::docs::S003,
    origin: Origin::Builtin,
};

/// Every criminal field of a dataset with a purpose lacking `criminal_basis`.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let criminal = Wanted::new(cx, RuleData::is_criminal);
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) || !criminal.held_by(cx, i) {
            continue;
        }
        let lacking: Vec<&str> = d
            .ast
            .purposes
            .iter()
            .filter(|p| p.criminal_basis.is_none())
            .map(|p| p.id.name.as_str())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        for hit in fields_where(cx, i, &criminal) {
            let (name, category, via) = (&hit.field.name.name, hit.category, &hit.via);
            let message = cx.lang.say(
                || format!(
                    "`{name}` ({category}){via} is criminal-offence data, but {} of `{}` {} no `criminal_basis`",
                    quoted(&lacking, Lang::En),
                    d.id(),
                    if lacking.len() > 1 { "have" } else { "has" },
                ),
                || format!(
                    "`{name}` ({category}){via} är personuppgifter som rör lagöverträdelser, men {} i `{}` saknar `criminal_basis`",
                    quoted(&lacking, Lang::Sv),
                    d.id(),
                ),
            );
            let f = Finding::new(&RULE, hit.span, message)
            .label(said("criminal-offence data (Art. 10)", "personuppgifter som rör lagöverträdelser (art. 10)"))
            .help(cx.lang.of(
                "add `criminal_basis law \"<the law>\"` or `criminal_basis official_authority \"...\"` to each purpose",
                "lägg till `criminal_basis law \"<lagen>\"` eller `criminal_basis official_authority \"...\"` i varje ändamål",
            ))
            .dataset(d.id());
            out.push(with_origin(f, &hit));
        }
    }
    out
}
