//! ## What it does
//! Reports a transfer mechanism that cannot apply to the party: `dpf` for a
//! party not in the United States, or `adequacy` for a party in a country
//! with no adequacy decision (including `US`, where the decision covers only
//! DPF-certified organisations: declare `dpf`; and `third`, a country that
//! is not named, for which no decision can be shown). A mechanism declared
//! for a party entirely inside the EEA, or for `world` (publication, which
//! is not a transfer), is harmless and not reported.
//!
//! ## Why is this bad?
//! A safeguard that does not exist is no safeguard: the transfer is
//! unlawful (Art. 44) and the record claims otherwise.
//!
//! ## Example
//! ```ropa
//! processor infra "Infra Pvt Ltd" { country IN  transfer adequacy }
//! ```
//!
//! Use instead:
//! ```ropa
//! processor infra "Infra Pvt Ltd" { country IN  transfer scc "SCC 2021/914 module 2, signed 2025-04" }
//! ```
//!
//! ## References
//! - GDPR Art. 45, 46; Decision (EU) 2023/1795

use crate::finding::{said, Finding, Lang, Origin, Rule, Severity};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T002",
    name: "invalid-safeguard",
    severity: Severity::Error,
    article: "Art. 45-46",
    summary: "`dpf` outside the US, or `adequacy` without an adequacy decision",
    doc: crate::rules::docs::T002,
    origin: Origin::Builtin,
};

/// Every party whose mechanism cannot apply.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for party in &cx.model.parties {
        let Some(t) = &party.ast.transfer else {
            continue;
        };
        let m = &t.value.mechanism;
        let sv = cx.lang == Lang::Sv;
        let problem = match m.name.as_str() {
            "dpf" if !party.countries().any(|c| c.name == "US") => Some(if sv {
                (
                    "`dpf` (dataskyddsramen EU–USA) gäller bara parter i `US`".to_string(),
                    "använd `transfer scc \"<hänvisning>\"` eller en annan skyddsåtgärd som gäller för detta land",
                )
            } else {
                (
                    "`dpf` (EU–US Data Privacy Framework) applies only to parties in `US`".to_string(),
                    "use `transfer scc \"<reference>\"` or another mechanism that applies to this country",
                )
            }),
            "adequacy" => {
                let lacking: Vec<&str> = party
                    .countries()
                    .map(|c| c.name.as_str())
                    .filter(|c| match *c {
                        "world" | "eea" => false,
                        "third" => true,
                        code => {
                            !cx.data.eea.contains(code)
                                && cx
                                    .data
                                    .adequacy
                                    .get(code)
                                    .is_none_or(|a| a.requires.is_some())
                        }
                    })
                    .collect();
                if lacking.is_empty() {
                    None
                } else if sv {
                    Some(swedish_adequacy(&lacking))
                } else if lacking == ["third"] {
                    Some((
                        "`adequacy` cannot apply to `third`: a country that is not named has no adequacy decision".to_string(),
                        "name the country, or use `transfer scc \"<reference>\"`, `bcr` or another Art. 46 mechanism",
                    ))
                } else if lacking == ["US"] {
                    Some((
                        "`adequacy` does not cover `US`: the adequacy decision covers only organisations certified under the Data Privacy Framework".to_string(),
                        "declare `transfer dpf` if the party is DPF-certified, else `transfer scc \"<reference>\"`",
                    ))
                } else {
                    Some((
                        format!("there is no adequacy decision for {}", lacking.join(", ")),
                        "use `transfer scc \"<reference>\"`, `bcr` or another Art. 46 mechanism",
                    ))
                }
            }
            _ => None,
        };
        if let Some((message, help)) = problem {
            out.push(
                Finding::new(&RULE, m.span, format!("`{}`: {message}", party.id()))
                    .label(said(
                        "this mechanism does not apply",
                        "denna skyddsåtgärd är inte tillämplig",
                    ))
                    .help(help)
                    .party(party.id()),
            );
        }
    }
    out
}

/// The message and help of an `adequacy` that does not apply, in Swedish.
fn swedish_adequacy(lacking: &[&str]) -> (String, &'static str) {
    match lacking {
        ["third"] => (
            "`adequacy` kan inte gälla `third`: ett tredjeland som inte namnges har inget beslut om adekvat skyddsnivå".to_string(),
            "namnge landet, eller använd `transfer scc \"<hänvisning>\"`, `bcr` eller en annan lämplig skyddsåtgärd enligt art. 46",
        ),
        ["US"] => (
            "`adequacy` omfattar inte `US`: beslutet om adekvat skyddsnivå omfattar bara organisationer certifierade enligt dataskyddsramen EU–USA".to_string(),
            "ange `transfer dpf` om parten är DPF-certifierad, annars `transfer scc \"<hänvisning>\"`",
        ),
        _ => (
            format!("det finns inget beslut om adekvat skyddsnivå för {}", lacking.join(", ")),
            "använd `transfer scc \"<hänvisning>\"`, `bcr` eller en annan lämplig skyddsåtgärd enligt art. 46",
        ),
    }
}
