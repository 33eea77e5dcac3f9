//! T: transfers to third countries (Chapter V).

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_transfers.rs"));

use crate::model::{Dataset, Recipient};

/// A dataset's recipients, once per party (the first reference wins).
pub fn distinct_recipients(d: &Dataset) -> Vec<Recipient> {
    let mut out: Vec<Recipient> = Vec::with_capacity(d.recipients.len());
    for r in &d.recipients {
        if !out.iter().any(|o| o.party == r.party) {
            out.push(*r);
        }
    }
    out
}

/// The party's countries outside the EEA (codes, `third` among them), as
/// facts for a finding.
pub fn third_country_codes(
    party: &crate::model::Party,
    data: &crate::data::RuleData,
) -> Vec<String> {
    let mechanism = party.mechanism();
    party
        .countries()
        .filter(|c| data.is_third_country(&c.name, mechanism))
        .map(|c| c.name.to_string())
        .collect()
}

/// Country codes in words: `US, IN` for developers, the countries' names
/// in the record; `third` reads "an unnamed third country".
pub fn countries_words(w: &crate::finding::Words, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| match c.as_str() {
            "third" => w
                .of(
                    "an unnamed third country",
                    "ett tredjeland som inte namnges",
                )
                .to_string(),
            code => w.country(code),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
