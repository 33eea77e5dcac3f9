//! What each vocabulary value means, for hover and completion: the
//! article from the rule data, and one line of explanation.

use crate::data::RuleData;

/// The language's version 2 values, offered even before the rule data
/// lists them: (vocabulary, value).
pub const V2_VALUES: &[(&str, &str)] = &[
    ("country", "eea"),
    ("country", "third"),
    ("country", "world"),
    ("kind", "legal_claims"),
    ("kind", "product_development"),
];

/// One line about a legal basis (Art. 6(1)).
fn basis_meaning(value: &str) -> Option<&'static str> {
    Some(match value {
        "consent" => "the data subject has given consent to the processing",
        "contract" => "necessary for a contract with the data subject, or steps before one",
        "legal_obligation" => "necessary to comply with a legal obligation of the controller",
        "vital_interest" => "necessary to protect someone's life or physical integrity",
        "public_task" => "necessary for a task in the public interest or in official authority",
        "legitimate_interest" => {
            "necessary for the legitimate interests of the controller or a third party, \
             unless the data subject's interests override them"
        }
        _ => return None,
    })
}

/// One line about an Art. 9(2) condition.
fn art9_meaning(value: &str) -> Option<&'static str> {
    Some(match value {
        "explicit_consent" => "the data subject's explicit consent",
        "employment_law" => "obligations and rights in employment and social security law",
        "vital_interest" => "vital interests of someone who cannot give consent",
        "nonprofit_body" => "a foundation, association or other non-profit body, for its members",
        "made_public" => "data the data subject has manifestly made public",
        "legal_claims" => "establishing, exercising or defending legal claims, or courts acting",
        "substantial_public_interest" => "substantial public interest, on the basis of law",
        "health_care" => "preventive or occupational medicine, diagnosis, care or treatment",
        "public_health" => "public interest in public health",
        "archiving_research" => "archiving in the public interest, research or statistics",
        _ => return None,
    })
}

/// One line about a purpose kind.
fn kind_meaning(value: &str) -> Option<&'static str> {
    Some(match value {
        "legal_claims" => {
            "establishing, exercising or defending legal claims (Art. 17(3)(e), 9(2)(f))"
        }
        "product_development" => {
            "developing or improving products and services; not strictly necessary"
        }
        "marketing.email" => "e-mail marketing (ePrivacy Art. 13)",
        "employment" => "administering the employment relationship (Art. 88)",
        "payroll" => "salaries, tax and social-security reporting",
        _ => return None,
    })
}

/// Markdown about a vocabulary value written as the value of `attribute`;
/// `None` when the value is not one of its vocabulary.
pub fn describe(attribute: &str, value: &str, data: &RuleData) -> Option<String> {
    match attribute {
        "basis" => {
            let article = data.legal_bases.get(value)?;
            Some(format!(
                "**`{value}`**: legal basis, {article}\n\n{}",
                basis_meaning(value).unwrap_or("")
            ))
        }
        "special_basis" => {
            let article = data.art9_conditions.get(value)?;
            Some(format!(
                "**`{value}`**: condition for special categories, {article}\n\n{}",
                art9_meaning(value).unwrap_or("")
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
            let known = data.purpose_kinds.contains(value) || kind_meaning(value).is_some();
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
            let meaning = kind_meaning(value)
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
            Some(format!("**`{value}`**: data category, {what}"))
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
        "measures" if data.measures.contains(value) => Some(format!(
            "**`{value}`**: technical or organisational measure (Art. 32)"
        )),
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
        "country" => data.countries.iter().cloned().collect(),
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
        "retention" => ["session", "none", "until", "by_law", "indefinite"]
            .map(String::from)
            .to_vec(),
        "then" => ["delete", "anonymise", "archive"]
            .map(String::from)
            .to_vec(),
        _ => Vec::new(),
    };
    for (attr, value) in V2_VALUES {
        if *attr == attribute && !out.iter().any(|v| v == value) {
            out.push(value.to_string());
        }
    }
    out.sort();
    out
}
