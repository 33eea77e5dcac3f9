//! What each vocabulary value means, for hover and completion: the
//! article from the rule data, and one line of explanation.

use crate::data::RuleData;
use crate::vocabulary::Vocab;

/// The line on what a value means, from the one vocabulary table.
fn about(vocab: Vocab, value: &str) -> Option<&'static str> {
    crate::vocabulary::builtin()
        .ok()?
        .term(vocab, value)?
        .about
        .as_deref()
}

/// Markdown about a vocabulary value written as the value of `attribute`;
/// `None` when the value is not one of its vocabulary.
pub fn describe(attribute: &str, value: &str, data: &RuleData) -> Option<String> {
    match attribute {
        "basis" => {
            let article = data.legal_bases.get(value)?;
            Some(format!(
                "**`{value}`**: legal basis, {article}\n\n{}",
                about(Vocab::Basis, value).unwrap_or("")
            ))
        }
        "special_basis" => {
            let article = data.art9_conditions.get(value)?;
            Some(format!(
                "**`{value}`**: condition for special categories, {article}\n\n{}",
                about(Vocab::Art9, value).unwrap_or("")
            ))
        }
        "criminal_basis" => {
            let text = data.criminal_authorities.get(value)?;
            Some(format!("**`{value}`**: criminal-offence data, {text}"))
        }
        "transfer" => {
            let m = data.mechanisms.get(value)?;
            let derogation = if m.derogation {
                "\n\nAn Art. 49 derogation: for occasional transfers only (EDPB Guidelines 2/2018)."
            } else {
                ""
            };
            Some(format!(
                "**`{value}`**: transfer mechanism, {}{derogation}",
                m.article
            ))
        }
        "kind" => {
            let known = data.purpose_kinds.contains(value);
            if !known {
                return None;
            }
            let necessary = if data.strictly_necessary.contains(value) {
                "strictly necessary (ePrivacy Art. 5(3) exemption)"
            } else {
                "not strictly necessary"
            };
            let limit = data
                .kind_benchmarks
                .get(value)
                .map(|b| format!("\n\nRetention benchmark: {} ({}).", b.text, b.source))
                .unwrap_or_default();
            let meaning = about(Vocab::Kind, value)
                .map(|m| format!("\n\n{m}"))
                .unwrap_or_default();
            Some(format!(
                "**`{value}`**: purpose kind, {necessary}{meaning}{limit}"
            ))
        }
        "country" => country(value, data),
        "market" => match value {
            "eea" => Some(
                "**`eea`**: market, the whole EEA (the Directive's articles apply, no one \
                 national law)"
                    .to_string(),
            ),
            code if data.countries.contains(code) => {
                let country = country(code, data)?;
                Some(country.replacen(
                    "country,",
                    "market (its residents are targeted; its national ePrivacy and \
                     marketing law applies beside the seat's),",
                    1,
                ))
            }
            _ => None,
        },
        "category" => {
            if let Some(canonical) = data.category_aliases.get(value) {
                return Some(format!(
                    "**`{value}`**: data category, another spelling of `{canonical}`"
                ));
            }
            if !data.categories.contains(value) {
                return None;
            }
            let what = if value == "special" || value.starts_with("special.") {
                "special category of personal data (Art. 9(1)): needs an Art. 9(2) condition (`special_basis`)"
            } else if value == "criminal" || value.starts_with("criminal.") {
                "criminal-offence data (Art. 10): needs `criminal_basis`"
            } else {
                "personal data"
            };
            let name = crate::vocabulary::term(crate::vocabulary::Lang::En, Vocab::Category, value)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            Some(format!("**`{value}`**{name}: data category, {what}"))
        }
        "subjects" if data.subjects.contains(value) => {
            let vulnerable = if data.vulnerable_subjects.contains(value) {
                ", vulnerable (WP248: counts towards a DPIA)"
            } else {
                ""
            };
            let third = if data.is_third_person(value) {
                ", a third person: the data comes from someone else (Art. 14)"
            } else {
                ""
            };
            Some(format!(
                "**`{value}`**: category of data subjects{vulnerable}{third}"
            ))
        }
        "measures" if data.measures.contains(value) => {
            let meaning = about(Vocab::Measure, value)
                .map(|m| format!("\n\n{m}"))
                .unwrap_or_default();
            Some(format!(
                "**`{value}`**: technical or organisational measure (Art. 32){meaning}"
            ))
        }
        _ => None,
    }
}

fn country(value: &str, data: &RuleData) -> Option<String> {
    let text = match value {
        "eea" => "somewhere in the EU/EEA, country not named".to_string(),
        "third" => {
            "some country outside the EEA, not named: treated as a third country without an adequacy decision".to_string()
        }
        "world" => "the public at large (publication): not a Chapter V transfer (CJEU C-101/01 Lindqvist)".to_string(),
        code if data.eea.contains(code) => "EU/EEA member state".to_string(),
        code => match data.adequacy.get(code) {
            Some(a) => {
                let scope = a.scope.as_ref().map(|s| format!(" ({s})")).unwrap_or_default();
                let requires = a
                    .requires
                    .as_ref()
                    .map(|r| format!("; applies only with `transfer {r}`"))
                    .unwrap_or_default();
                format!("{}: adequacy decision {}{scope}{requires}", a.name, a.decision)
            }
            None if data.countries.contains(code) => {
                "third country without an adequacy decision: a transfer needs a Chapter V mechanism".to_string()
            }
            None => return None,
        },
    };
    Some(format!("**`{value}`**: country, {text}"))
}

/// The values of the closed vocabulary of `attribute`, sorted.
pub fn values(attribute: &str, data: &RuleData) -> Vec<String> {
    let mut out: Vec<String> = match attribute {
        "basis" => data.legal_bases.keys().cloned().collect(),
        "special_basis" => data.art9_conditions.keys().cloned().collect(),
        "criminal_basis" => data.criminal_authorities.keys().cloned().collect(),
        "transfer" => data.mechanisms.keys().cloned().collect(),
        "kind" => data.purpose_kinds.iter().cloned().collect(),
        // ISO codes, and the places that are not countries (`eea`, ...).
        "country" => data
            .countries
            .iter()
            .cloned()
            .chain(crate::data::REGIONS.map(String::from))
            .collect(),
        "market" => data
            .countries
            .iter()
            .cloned()
            .chain(["eea".to_string()])
            .collect(),
        "category" => data.categories.iter().cloned().collect(),
        "subjects" => data.subjects.iter().cloned().collect(),
        "measures" => data.measures.iter().cloned().collect(),
        "scale" => vec!["large".into()],
        "source" => vec!["data_subject".into(), "public_sources".into()],
        "retention" => crate::syntax::language::RETENTION_FORMS
            .iter()
            .map(|f| f.to_string())
            .collect(),
        "then" => ["delete", "anonymise", "archive"]
            .map(String::from)
            .to_vec(),
        _ => Vec::new(),
    };
    out.sort();
    out.dedup();
    out
}
