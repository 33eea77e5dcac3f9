//! The closed vocabularies of the language, defined once.
//!
//! `rules/vocabulary.yaml` holds every value with its name in English and
//! Swedish, the article it rests on and a line on what it means. The
//! checker's lists (`data`), the report's words, the language server's
//! hover, `ropa vocabulary` and `docs/language.md` all read this table, so
//! a value is added, named or explained in one place.

use std::sync::OnceLock;

use serde::Deserialize;

const SOURCE: &str = include_str!("../rules/vocabulary.yaml");

/// The language a finding's message, label and help are written in, and
/// the language of the record.
///
/// Every built-in rule writes both; only the chosen one is formatted, so a
/// check in English pays nothing for Swedish.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Swedish, in the terms of the Swedish text of the GDPR
    /// (dataskyddsförordningen).
    Sv,
}

impl Lang {
    /// The text made by `en` or by `sv`, whichever this language is; the
    /// other is never called.
    pub fn say<T>(self, en: impl FnOnce() -> T, sv: impl FnOnce() -> T) -> T {
        match self {
            Lang::En => en(),
            Lang::Sv => sv(),
        }
    }

    /// One of two fixed texts.
    pub fn of(self, en: &'static str, sv: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Sv => sv,
        }
    }
}

/// A closed vocabulary of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Vocab {
    /// Data categories.
    Category,
    /// Categories of data subjects.
    Subject,
    /// Purpose kinds.
    Kind,
    /// Art. 6(1) legal bases.
    Basis,
    /// Art. 9(2) conditions.
    Art9,
    /// Art. 10 authorities.
    Art10,
    /// Chapter V transfer mechanisms.
    Mechanism,
    /// Security measures.
    Measure,
}

impl Vocab {
    /// Every vocabulary, in the order the reference lists them.
    pub const ALL: [Vocab; 8] = [
        Vocab::Category,
        Vocab::Subject,
        Vocab::Kind,
        Vocab::Basis,
        Vocab::Art9,
        Vocab::Art10,
        Vocab::Mechanism,
        Vocab::Measure,
    ];

    /// Its section in `rules/vocabulary.yaml`.
    pub fn key(self) -> &'static str {
        match self {
            Vocab::Category => "categories",
            Vocab::Subject => "subjects",
            Vocab::Kind => "purpose_kinds",
            Vocab::Basis => "legal_bases",
            Vocab::Art9 => "art9_conditions",
            Vocab::Art10 => "criminal_authorities",
            Vocab::Mechanism => "transfer_mechanisms",
            Vocab::Measure => "measures",
        }
    }

    /// The attribute whose values it holds (`category` is a field's type
    /// and a `data` entry).
    pub fn attribute(self) -> &'static str {
        match self {
            Vocab::Category => "category",
            Vocab::Subject => "subjects",
            Vocab::Kind => "kind",
            Vocab::Basis => "basis",
            Vocab::Art9 => "special_basis",
            Vocab::Art10 => "criminal_basis",
            Vocab::Mechanism => "transfer",
            Vocab::Measure => "measures",
        }
    }

    /// The vocabulary of an attribute or section name, as a user may
    /// write it to `ropa vocabulary`.
    pub fn named(name: &str) -> Option<Vocab> {
        let name = name.replace('-', "_");
        let also: fn(Vocab) -> &'static [&'static str] = |v| match v {
            Vocab::Category => &["categories", "data"],
            Vocab::Subject => &["subject"],
            Vocab::Kind => &["kinds"],
            Vocab::Basis => &["bases"],
            Vocab::Art9 | Vocab::Art10 => &[],
            Vocab::Mechanism => &["mechanisms"],
            Vocab::Measure => &["measure"],
        };
        Vocab::ALL
            .into_iter()
            .find(|v| v.attribute() == name || v.key() == name || also(*v).contains(&name.as_str()))
    }

    /// Its title in the reference.
    pub fn title(self) -> &'static str {
        match self {
            Vocab::Category => "Data categories",
            Vocab::Subject => "Categories of data subjects",
            Vocab::Kind => "Purpose kinds",
            Vocab::Basis => "Legal bases (Art. 6(1))",
            Vocab::Art9 => "Conditions for special categories (Art. 9(2))",
            Vocab::Art10 => "Criminal-offence data (Art. 10)",
            Vocab::Mechanism => "Transfer mechanisms (Chapter V)",
            Vocab::Measure => "Security measures (Art. 32)",
        }
    }

    /// Whether a value outside the list is an error (E004); subjects and
    /// measures are open, with known values.
    pub fn is_closed(self) -> bool {
        !matches!(self, Vocab::Subject | Vocab::Measure)
    }
}

/// One value of a vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The value as written in the language (`identity.national_id`).
    #[serde(skip)]
    pub code: String,
    /// Its name in English.
    pub en: String,
    /// Its name in Swedish, in the terms of dataskyddsförordningen.
    pub sv: String,
    /// What it rests on (`Art. 6(1)(f)`).
    #[serde(default)]
    pub article: Option<String>,
    /// One line on what it means.
    #[serde(default)]
    pub about: Option<String>,
    /// A purpose kind that is strictly necessary (ePrivacy Art. 5(3)).
    #[serde(default)]
    pub necessary: bool,
    /// A transfer mechanism that is an Art. 49 derogation.
    #[serde(default)]
    pub derogation: bool,
    /// A data subject who counts as vulnerable (WP248).
    #[serde(default)]
    pub vulnerable: bool,
    /// A data subject whose data comes from someone else (v3).
    #[serde(default)]
    pub third_person: bool,
}

impl Term {
    /// Its name in `lang`.
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Sv => &self.sv,
        }
    }
}

/// The vocabularies, as `rules/vocabulary.yaml` defines them.
#[derive(Debug, Default)]
pub struct Vocabulary {
    terms: [Vec<Term>; 8],
    /// Other spellings of a category: (alias, category).
    pub category_aliases: Vec<(String, String)>,
    /// Words registers use for a known data subject: (word, subject).
    pub subject_synonyms: Vec<(String, String)>,
    /// Names of places: the three region values and common countries.
    pub places: Vec<Term>,
}

/// Why the vocabulary file could not be read (a defect of the build).
#[derive(Debug, Clone)]
pub struct VocabularyError(pub String);

impl std::fmt::Display for VocabularyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The built-in vocabulary, read once.
pub fn builtin() -> Result<&'static Vocabulary, VocabularyError> {
    static TABLE: OnceLock<Result<Vocabulary, VocabularyError>> = OnceLock::new();
    TABLE
        .get_or_init(|| Vocabulary::parse(SOURCE))
        .as_ref()
        .map_err(Clone::clone)
}

/// The name of a vocabulary value in `lang`, if the built-in vocabulary
/// knows it (an alias is named as its category).
pub fn term(lang: Lang, vocab: Vocab, code: &str) -> Option<&'static str> {
    Some(builtin().ok()?.term(vocab, code)?.name(lang))
}

/// The name of a place (`US`, `eea`) in `lang`, if the vocabulary names it.
pub fn place(lang: Lang, code: &str) -> Option<&'static str> {
    let table = builtin().ok()?;
    Some(table.places.iter().find(|t| t.code == code)?.name(lang))
}

impl Vocabulary {
    /// Reads a vocabulary file.
    pub fn parse(text: &str) -> Result<Vocabulary, VocabularyError> {
        let err = |m: String| VocabularyError(format!("rules/vocabulary.yaml: {m}"));
        let root: serde_yaml::Mapping =
            serde_yaml::from_str(text).map_err(|e| err(e.to_string()))?;
        let section = |key: &str| -> Result<Vec<(String, serde_yaml::Value)>, VocabularyError> {
            let value = root
                .get(key)
                .ok_or_else(|| err(format!("no section `{key}`")))?;
            let map = value
                .as_mapping()
                .ok_or_else(|| err(format!("`{key}` is not a mapping")))?;
            map.iter()
                .map(|(k, v)| {
                    let code = k
                        .as_str()
                        .ok_or_else(|| err(format!("a key of `{key}` is not text")))?;
                    Ok((code.to_string(), v.clone()))
                })
                .collect()
        };
        let terms_of = |key: &str| -> Result<Vec<Term>, VocabularyError> {
            section(key)?
                .into_iter()
                .map(|(code, v)| {
                    let mut t: Term = serde_yaml::from_value(v)
                        .map_err(|e| err(format!("`{key}.{code}`: {e}")))?;
                    t.code = code;
                    Ok(t)
                })
                .collect()
        };
        let pairs_of = |key: &str| -> Result<Vec<(String, String)>, VocabularyError> {
            section(key)?
                .into_iter()
                .map(|(code, v)| match v.as_str() {
                    Some(s) => Ok((code, s.to_string())),
                    None => Err(err(format!("`{key}.{code}` is not text"))),
                })
                .collect()
        };
        let mut terms: [Vec<Term>; 8] = Default::default();
        for (i, v) in Vocab::ALL.into_iter().enumerate() {
            terms[i] = terms_of(v.key())?;
        }
        let table = Vocabulary {
            terms,
            category_aliases: pairs_of("category_aliases")?,
            subject_synonyms: pairs_of("subject_synonyms")?,
            places: terms_of("places")?,
        };
        for (alias, category) in &table.category_aliases {
            if table.term(Vocab::Category, category).is_none()
                || table
                    .terms(Vocab::Category)
                    .iter()
                    .any(|t| &t.code == alias)
            {
                return Err(err(format!(
                    "category alias `{alias}`: it must name a category and not be one"
                )));
            }
        }
        Ok(table)
    }

    /// Every value of `vocab`, in the file's order.
    pub fn terms(&self, vocab: Vocab) -> &[Term] {
        let i = Vocab::ALL.iter().position(|v| *v == vocab).unwrap_or(0);
        &self.terms[i]
    }

    /// One value of `vocab`; for categories, an alias finds its category.
    pub fn term(&self, vocab: Vocab, code: &str) -> Option<&Term> {
        let terms = self.terms(vocab);
        if let Some(t) = terms.iter().find(|t| t.code == code) {
            return Some(t);
        }
        if vocab == Vocab::Category {
            let (_, canonical) = self.category_aliases.iter().find(|(a, _)| a == code)?;
            return terms.iter().find(|t| &t.code == canonical);
        }
        None
    }

    /// The vocabulary as the reference shows it (`docs/language.md` and
    /// `ropa vocabulary`): one Markdown table per vocabulary, names in `lang`.
    pub fn markdown(&self, only: Option<Vocab>, lang: Lang) -> String {
        let mut out = String::new();
        for vocab in Vocab::ALL {
            if only.is_some_and(|o| o != vocab) {
                continue;
            }
            self.markdown_one(&mut out, vocab, lang);
        }
        if only.is_none() {
            self.markdown_places(&mut out, lang);
        }
        out
    }

    fn markdown_one(&self, out: &mut String, vocab: Vocab, lang: Lang) {
        use std::fmt::Write;
        let _ = writeln!(out, "### {}\n", vocab.title());
        let _ = writeln!(out, "{}\n", intro(vocab));
        let _ = writeln!(out, "| value | name | rests on | meaning |");
        let _ = writeln!(out, "|---|---|---|---|");
        for t in self.terms(vocab) {
            let mut meaning: Vec<String> = t.about.iter().cloned().collect();
            if t.necessary {
                meaning.push("strictly necessary (ePrivacy Art. 5(3) exemption)".into());
            }
            if t.derogation {
                meaning.push("an Art. 49 derogation, for occasional transfers only".into());
            }
            if t.vulnerable {
                meaning.push("vulnerable (WP248: counts towards a DPIA)".into());
            }
            if t.third_person {
                meaning.push("a third person: the data comes from someone else (Art. 14)".into());
            }
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                t.code,
                t.name(lang),
                t.article.as_deref().unwrap_or(""),
                meaning.join("; ")
            );
        }
        let extra: &[(String, String)] = match vocab {
            Vocab::Category => &self.category_aliases,
            Vocab::Subject => &self.subject_synonyms,
            _ => &[],
        };
        if !extra.is_empty() {
            let what = match vocab {
                Vocab::Category => "Other spellings, read as the category they name",
                _ => "Words registers use for a known subject (A011 suggests the known one)",
            };
            let list: Vec<String> = extra
                .iter()
                .map(|(a, b)| format!("`{a}` → `{b}`"))
                .collect();
            let _ = writeln!(out, "\n{what}: {}.", list.join(", "));
        }
        out.push('\n');
    }

    fn markdown_places(&self, out: &mut String, lang: Lang) {
        use std::fmt::Write;
        let _ = writeln!(out, "### Countries and places\n");
        let _ = writeln!(
            out,
            "`country` and `market` take an ISO 3166-1 alpha-2 code. Three values \
             are not countries: `eea` (somewhere in the EU/EEA), `third` (some \
             country outside the EEA, not named) and `world` (publication to the \
             public at large, not a transfer). The report names these places in \
             words; any other code is shown as the code.\n"
        );
        let _ = writeln!(out, "| value | name |");
        let _ = writeln!(out, "|---|---|");
        for t in &self.places {
            let _ = writeln!(out, "| `{}` | {} |", t.code, t.name(lang));
        }
        out.push('\n');
    }
}

/// The sentence under a vocabulary's heading in the reference.
fn intro(vocab: Vocab) -> &'static str {
    match vocab {
        Vocab::Category => {
            "`data` entries and field types. A parent (`contact`, `special`) may be used on \
             its own and means some data of that group. A value outside the list is E004; \
             a rule pack may add categories."
        }
        Vocab::Subject => {
            "`subjects`. The list is open: another value is accepted, with A011 when it is \
             close to a known one; the rules that read subjects know only these."
        }
        Vocab::Kind => {
            "`kind` of a purpose. A value outside the list is E004; a pack may add kinds."
        }
        Vocab::Basis => "`basis` of a purpose.",
        Vocab::Art9 => "`special_basis` of a purpose, for special categories of personal data.",
        Vocab::Art10 => "`criminal_basis` of a purpose, for criminal-offence data.",
        Vocab::Mechanism => "`transfer` of a party outside the EEA.",
        Vocab::Measure => "`measures` of a dataset. The list is open: another value is accepted.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_vocabulary_reads() {
        let v = builtin().unwrap();
        assert_eq!(v.terms(Vocab::Basis).len(), 6);
        assert_eq!(
            term(Lang::Sv, Vocab::Basis, "legitimate_interest"),
            Some("Berättigat intresse")
        );
        assert_eq!(
            term(Lang::En, Vocab::Category, "online.behaviour"),
            Some("Online behaviour")
        );
        assert_eq!(place(Lang::Sv, "US"), Some("USA"));
        assert!(term(Lang::En, Vocab::Kind, "nonsense").is_none());
    }

    #[test]
    fn every_value_is_named_in_both_languages() {
        let v = builtin().unwrap();
        for vocab in Vocab::ALL {
            for t in v.terms(vocab) {
                assert!(
                    !t.en.trim().is_empty() && !t.sv.trim().is_empty(),
                    "{}",
                    t.code
                );
            }
        }
    }

    #[test]
    fn a_user_names_a_vocabulary_as_an_attribute_or_a_section() {
        assert_eq!(Vocab::named("special_basis"), Some(Vocab::Art9));
        assert_eq!(Vocab::named("categories"), Some(Vocab::Category));
        assert_eq!(Vocab::named("kinds"), Some(Vocab::Kind));
        assert_eq!(Vocab::named("transfer-mechanisms"), Some(Vocab::Mechanism));
        assert_eq!(Vocab::named("nonsense"), None);
    }
}
