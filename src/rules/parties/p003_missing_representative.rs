//! ## What it does
//! Reports a controller of at least one dataset whose declared countries are
//! all outside the EEA (countries with an adequacy decision count as
//! inside; `world` is left out of the comparison) and that names no
//! `representative`.
//!
//! ## Why is this bad?
//! A controller not established in the Union that offers goods or services
//! to, or monitors, people in the Union must designate a representative in
//! the Union (Art. 27), so that data subjects and authorities have someone
//! to turn to.
//!
//! ## Example
//! ```ropa
//! controller jobboard "Global Jobs Inc" { country US }
//! ```
//!
//! Use instead:
//! ```ropa
//! controller jobboard "Global Jobs Inc" {
//!   country US
//!   representative "EU-Rep AB, Stockholm"
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 27

use crate::finding::{Finding, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "P003",
    name: "missing-representative",
    severity: Severity::Warning,
    article: "Art. 27",
    summary: "a non-EEA controller with no `representative`",
    doc: crate::rules::docs::P003,
    origin: Origin::Builtin,
};

/// Every non-EEA controller of a dataset without a representative.
pub fn check(cx: &Context) -> Vec<Finding> {
    let controlling = cx.model.controlling_parties();
    let mut out = Vec::new();
    for (i, p) in cx.model.parties.iter().enumerate() {
        if !controlling[i] || p.ast.representative.is_some() {
            continue;
        }
        let countries: Vec<&str> = p
            .countries()
            .map(|c| c.name.as_str())
            .filter(|c| *c != "world")
            .collect();
        let outside = !countries.is_empty()
            && countries
                .iter()
                .all(|c| cx.data.is_third_country(c, p.mechanism()));
        if !outside {
            continue;
        }
        out.push(
            Finding::new(
                &RULE,
                p.ast.id.span,
                format!(
                    "controller `{}` is established only outside the EEA ({}) and names no EU representative",
                    p.id(),
                    countries.join(", ")
                ),
            )
            .label("no `representative`")
            .help("add `representative \"<name and address of the EU representative>\"`")
            .party(p.id()),
        );
    }
    out
}
