//! ## What it does
//! Reports a special-category field (`special.*`: health, ethnic origin,
//! religion, trade-union membership, biometrics, ...) in a dataset that has
//! a purpose without an Art. 9(2) condition (`special_basis`). Fields that
//! arrive through flows count: the message names the flow path. A dataset
//! that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Processing special categories is prohibited (Art. 9(1)) unless one of
//! the conditions of Art. 9(2) applies, in addition to an Art. 6 basis.
//! Every purpose that touches the data needs its own condition.
//!
//! ## Example
//! ```ropa
//! dataset candidates {
//!   fields { disability: special.health }
//!   purpose recruitment { basis contract }
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset candidates {
//!   fields { disability: special.health }
//!   purpose recruitment {
//!     basis contract
//!     special_basis employment_law "Diskrimineringslagen (2008:567) 3 kap."
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 9(1), 9(2)

use super::{fields_where, with_origin, Wanted};
use crate::data::RuleData;
use crate::finding::{Finding, Lang, Origin, Rule, Severity};
use crate::rules::grounds::anonymous;
use crate::rules::GraphContext;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S001",
    name: "special-category-without-condition",
    severity: Severity::Error,
    article: "Art. 9(1)-(2)",
    summary: "special-category data with a purpose that has no `special_basis`",
    doc: crate::rules::docs::S001,
    origin: Origin::Builtin,
};

/// Every special field of a dataset with a purpose lacking `special_basis`.
pub fn check(cx: &GraphContext) -> Vec<Finding> {
    let mut out = Vec::new();
    let special = Wanted::new(cx, RuleData::is_special);
    for (i, d) in cx.model.datasets.iter().enumerate() {
        if anonymous(cx, i) || !special.held_by(cx, i) {
            continue;
        }
        let lacking: Vec<&str> = d
            .ast
            .purposes
            .iter()
            .filter(|p| p.special_basis.is_none())
            .map(|p| p.id.name.as_str())
            .collect();
        if lacking.is_empty() {
            continue;
        }
        // The part of the message that is the same for every field.
        let tail = cx.lang.say(
            || format!(
                "is special-category data, but purpose{} {} of `{}` {} no Art. 9(2) condition",
                if lacking.len() > 1 { "s" } else { "" },
                quoted(&lacking, Lang::En),
                d.id(),
                if lacking.len() > 1 { "have" } else { "has" },
            ),
            || format!(
                "hör till särskilda kategorier av personuppgifter, men {} {} i `{}` saknar villkor enligt art. 9.2",
                if lacking.len() > 1 { "ändamålen" } else { "ändamålet" },
                quoted(&lacking, Lang::Sv),
                d.id(),
            ),
        );
        for hit in fields_where(cx, i, &special) {
            let (name, category, via) = (&hit.field.name.name, hit.category, &hit.via);
            let message = format!("`{name}` ({category}){via} {tail}");
            let f = Finding::new(&RULE, hit.span, message)
            .label(cx.lang.of("special-category data (Art. 9)", "särskilda kategorier av personuppgifter (art. 9)"))
            .help(cx.lang.of(
                "add `special_basis <condition> \"<reference>\"` to each purpose, e.g. `special_basis explicit_consent` or `special_basis employment_law \"...\"`",
                "lägg till `special_basis <villkor> \"<hänvisning>\"` i varje ändamål, t.ex. `special_basis explicit_consent` eller `special_basis employment_law \"...\"`",
            ))
            .dataset(d.id());
            out.push(with_origin(f, &hit, cx.lang));
        }
    }
    out
}

/// `a`, `b` and `c` (`och` in Swedish).
pub fn quoted(names: &[&str], lang: Lang) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        n => format!(
            "{} {} {}",
            q[..n - 1].join(", "),
            lang.of("and", "och"),
            q[n - 1]
        ),
    }
}
