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

use serde::Serialize;

use super::countries_words;
use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "T002",
    name: "invalid-safeguard",
    severity: Severity::Error,
    article: "Art. 45-46",
    summary: "`dpf` outside the US, or `adequacy` without an adequacy decision",
    heading: (
        "a transfer safeguard that does not apply to the recipient's country",
        "en skyddsåtgärd för överföringen som inte gäller mottagarens land",
    ),
    doc: crate::rules::docs::T002,
    origin: Origin::Builtin,
};

/// A transfer mechanism the record states for a party it cannot apply to.
#[derive(Debug, Serialize)]
struct Inapplicable {
    party: String,
    /// `dpf` or `adequacy`.
    mechanism: String,
    /// For `adequacy`, the party's countries that have no adequacy
    /// decision (`third` among them); empty for `dpf`.
    countries: Vec<String>,
}

/// Why a mechanism cannot apply.
enum Why {
    /// `dpf` for a party not in the US.
    DpfOutsideUs,
    /// `adequacy` for a country that is not named.
    Unnamed,
    /// `adequacy` for the US, where only DPF certification is adequate.
    Us,
    /// `adequacy` for countries with no decision.
    NoDecision,
}

impl Inapplicable {
    fn why(&self) -> Why {
        if self.mechanism == "dpf" {
            Why::DpfOutsideUs
        } else if self.countries == ["third"] {
            Why::Unnamed
        } else if self.countries == ["US"] {
            Why::Us
        } else {
            Why::NoDecision
        }
    }
}

impl Violation for Inapplicable {
    fn message(&self, w: &Words) -> String {
        let p = w.id(&self.party);
        let legal = w.is_legal();
        match self.why() {
            Why::DpfOutsideUs => {
                let m = if legal {
                    w.of("the EU–US Data Privacy Framework", "EU–US Data Privacy Framework (DPF)")
                } else {
                    w.of("`dpf` (the EU–US Data Privacy Framework)", "`dpf` (EU–US Data Privacy Framework)")
                };
                w.say(
                    || format!("the record states {m} as the transfer safeguard for {p}, but no country recorded for {p} is the US, and the framework covers only certified organisations in the US"),
                    || format!("registerförteckningen anger {m} som skyddsåtgärd för överföringen till {p}, men inget land som anges för {p} är USA, och ramen omfattar bara certifierade organisationer i USA"),
                )
            }
            why => {
                let m = if legal {
                    w.of("an adequacy decision", "ett beslut om adekvat skyddsnivå")
                } else {
                    "`adequacy`"
                };
                let countries = countries_words(w, &self.countries);
                match why {
                    Why::Unnamed => {
                        let third = if legal { "" } else { " (`third`)" };
                        w.say(
                            || format!("the record states {m} as the transfer safeguard for {p}, but the country recorded for {p} is not named{third}, and no adequacy decision can be shown for an unnamed country"),
                            || format!("registerförteckningen anger {m} som skyddsåtgärd för överföringen till {p}, men landet som anges för {p} namnges inte{third}, och inget beslut om adekvat skyddsnivå kan visas för ett land som inte namnges"),
                        )
                    }
                    Why::Us => w.say(
                        || format!("the record states {m} as the transfer safeguard for {p} in {countries}, but the adequacy decision for the United States covers only organisations certified under the EU–US Data Privacy Framework"),
                        || format!("registerförteckningen anger {m} som skyddsåtgärd för överföringen till {p} i {countries}, men beslutet om adekvat skyddsnivå för USA omfattar bara organisationer som är certifierade enligt EU–US Data Privacy Framework (DPF)"),
                    ),
                    _ => w.say(
                        || format!("the record states {m} as the transfer safeguard for {p}, but no adequacy decision is in force for {countries}"),
                        || format!("registerförteckningen anger {m} som skyddsåtgärd för överföringen till {p}, men inget beslut om adekvat skyddsnivå gäller för {countries}"),
                    ),
                }
            }
        }
    }

    fn help(&self, w: &Words) -> Text {
        let why = self.why();
        Text::Borrowed(if w.is_legal() {
            match why {
                Why::DpfOutsideUs => w.of(
                    "record the safeguard that applies to the recipient's country: signed standard contractual clauses (Art. 46(2)(c)), binding corporate rules (Art. 47) or another Chapter V mechanism",
                    "ange den skyddsåtgärd som gäller för mottagarens land: undertecknade standardavtalsklausuler (artikel 46.2 c), bindande företagsbestämmelser (artikel 47) eller en annan lämplig skyddsåtgärd enligt kapitel V",
                ),
                Why::Unnamed => w.of(
                    "record the country the recipient processes the data in, or the appropriate safeguard the transfer rests on (Art. 46), such as signed standard contractual clauses or binding corporate rules",
                    "ange i vilket land mottagaren behandlar uppgifterna, eller den lämpliga skyddsåtgärd som överföringen grundas på (artikel 46), till exempel undertecknade standardavtalsklausuler eller bindande företagsbestämmelser",
                ),
                Why::Us => w.of(
                    "record the recipient's certification under the EU–US Data Privacy Framework, or the signed standard contractual clauses (Art. 46(2)(c)); without one the transfer may not take place",
                    "ange mottagarens certifiering enligt EU–US Data Privacy Framework (DPF), eller de undertecknade standardavtalsklausulerna (artikel 46.2 c); utan en sådan får överföringen inte ske",
                ),
                Why::NoDecision => w.of(
                    "record the appropriate safeguard the transfer rests on (Art. 46): signed standard contractual clauses, binding corporate rules or another Art. 46 tool",
                    "ange den lämpliga skyddsåtgärd som överföringen grundas på (artikel 46): undertecknade standardavtalsklausuler, bindande företagsbestämmelser eller ett annat verktyg enligt artikel 46",
                ),
            }
        } else {
            match why {
                Why::DpfOutsideUs => w.of(
                    "use `transfer scc \"<reference>\"` or another mechanism that applies to this country",
                    "använd `transfer scc \"<hänvisning>\"` eller en annan skyddsåtgärd som gäller för detta land",
                ),
                Why::Unnamed => w.of(
                    "name the country, or use `transfer scc \"<reference>\"`, `bcr` or another Art. 46 mechanism",
                    "namnge landet, eller använd `transfer scc \"<hänvisning>\"`, `bcr` eller en annan lämplig skyddsåtgärd enligt artikel 46",
                ),
                Why::Us => w.of(
                    "declare `transfer dpf` if the party is DPF-certified, else `transfer scc \"<reference>\"`",
                    "ange `transfer dpf` om parten är DPF-certifierad, annars `transfer scc \"<hänvisning>\"`",
                ),
                Why::NoDecision => w.of(
                    "use `transfer scc \"<reference>\"`, `bcr` or another Art. 46 mechanism",
                    "använd `transfer scc \"<hänvisning>\"`, `bcr` eller en annan lämplig skyddsåtgärd enligt artikel 46",
                ),
            }
        })
    }
}

/// Every party whose mechanism cannot apply.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for party in &cx.model.parties {
        let Some(t) = &party.ast.transfer else {
            continue;
        };
        let m = &t.value.mechanism;
        let countries: Vec<String> = match m.name.as_str() {
            "dpf" if !party.countries().any(|c| c.name == "US") => Vec::new(),
            "adequacy" => {
                let lacking: Vec<String> = party
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
                    .map(str::to_string)
                    .collect();
                if lacking.is_empty() {
                    continue;
                }
                lacking
            }
            _ => continue,
        };
        let what = Inapplicable {
            party: party.id().to_string(),
            mechanism: m.name.to_string(),
            countries,
        };
        out.push(
            Finding::of(&RULE, m.span, what)
                .label(said(
                    "this mechanism does not apply",
                    "denna skyddsåtgärd är inte tillämplig",
                ))
                .party(party.id()),
        );
    }
    out
}
