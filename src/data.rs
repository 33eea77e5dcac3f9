//! The rule data: YAML under `rules/`, embedded at build time.
//!
//! Everything a rule needs to know about the world (countries, vocabularies,
//! sensitive-name patterns, compatible purposes, retention limits) lives in
//! data, not code, so that a rule pack can extend it.

use std::collections::{BTreeMap, HashMap};

use regex::{Regex, RegexSet};
use serde::Deserialize;

use crate::syntax::ast::Length;
use crate::vocabulary::Vocab;

const COUNTRIES: &str = include_str!("../rules/countries.yaml");
const SENSITIVE: &str = include_str!("../rules/sensitive-names.yaml");
const COMPATIBILITY: &str = include_str!("../rules/compatibility.yaml");
const LIMITS: &str = include_str!("../rules/limits.yaml");
const NATIONAL_LAW: &str = include_str!("../rules/national-law.yaml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountriesFile {
    eea: Vec<String>,
    adequacy: Vec<AdequacyEntry>,
    known: Vec<String>,
    national_id_laws: Vec<NationalIdLaw>,
}

/// A country whose national law restricts the use of national identity
/// numbers (Art. 87), with that law and what satisfies it (S004).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalIdLaw {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The law, as a DPO of that country cites it.
    pub law: String,
    /// What satisfies the law for a purpose: any of [`IdGround`]'s names.
    /// Default: all three.
    #[serde(default = "IdGround::all")]
    pub accepts: Vec<IdGround>,
}

impl NationalIdLaw {
    /// Whether the law accepts this ground.
    pub fn accepts(&self, ground: IdGround) -> bool {
        self.accepts.contains(&ground)
    }
}

/// What may satisfy a national rule on identity numbers (S004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdGround {
    /// The purpose rests on valid consent (not `bundled` or `implied`).
    Consent,
    /// The purpose gives a `justification`.
    Justification,
    /// The purpose rests on `legal_obligation` or `public_task` with a law
    /// reference.
    Law,
}

impl IdGround {
    /// Every ground: what a national law accepts when the rule data does
    /// not say.
    pub fn all() -> Vec<IdGround> {
        vec![IdGround::Consent, IdGround::Justification, IdGround::Law]
    }
}

/// Where a country value puts a party, for Chapter V and Art. 27.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An EEA member, or `eea`.
    Eea,
    /// Outside the EEA with an adequacy decision that applies to the party
    /// (for the US: only with `transfer dpf`).
    Adequate,
    /// Outside the EEA with no adequacy decision, or `third`.
    Outside,
    /// `world`: publication to the public at large, not a transfer.
    World,
}

impl Place {
    /// Whether this is a country outside the EEA (adequate or not): `world`
    /// and `eea` are not (Art. 27, P003).
    pub fn is_non_eea(self) -> bool {
        matches!(self, Place::Adequate | Place::Outside)
    }
}

/// The country values that are not ISO codes (language.md).
pub const REGIONS: [&str; 3] = ["eea", "third", "world"];

/// One adequacy decision.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdequacyEntry {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// The country's name.
    pub name: String,
    /// The decision.
    pub decision: String,
    /// Limits of the decision, as text.
    #[serde(default)]
    pub scope: Option<String>,
    /// A mechanism the party must declare for the decision to apply (`dpf`).
    #[serde(default)]
    pub requires: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NationalLawFile {
    countries: Vec<NationalLawEntry>,
    business_contacts: Vec<String>,
}

/// One country's ePrivacy and marketing law, as the rule data or a pack
/// gives it (rules.md, *National law*). In a pack every field but
/// `country` may be left out, to correct one reference only.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalLawEntry {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The rule on storing or reading information on the user's device
    /// (ePrivacy Art. 5(3)), in the country's own words.
    #[serde(default)]
    pub device_access: Option<String>,
    /// The rule on unsolicited marketing e-mail (ePrivacy Art. 13).
    #[serde(default)]
    pub marketing_email: Option<String>,
    /// Whether the marketing rule protects only natural persons where the
    /// address is a business contact's.
    #[serde(default)]
    pub marketing_natural_persons_only: Option<bool>,
}

/// A country's ePrivacy and marketing law, ready for L007 and L008.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NationalLaw {
    /// The device-access rule (ePrivacy Art. 5(3)), if known.
    pub device_access: Option<String>,
    /// The marketing e-mail rule (ePrivacy Art. 13), if known.
    pub marketing_email: Option<String>,
    /// Whether the marketing rule protects only natural persons where the
    /// address is a business contact's.
    pub marketing_natural_persons_only: bool,
}

/// A Chapter V transfer mechanism.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechanismEntry {
    /// The article it rests on.
    pub article: String,
    /// Whether it is an Art. 49 derogation.
    #[serde(default)]
    pub derogation: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SensitiveFile {
    patterns: Vec<SensitiveEntry>,
    #[serde(default)]
    exclusions: Vec<SensitiveEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SensitiveEntry {
    category: String,
    patterns: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompatibilityFile {
    always_compatible_targets: Vec<String>,
    pairs: Vec<PairEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PairEntry {
    from: String,
    to: String,
    #[serde(default)]
    both_ways: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitsFile {
    cookies: BenchmarkEntry,
    purpose_kinds: BTreeMap<String, BenchmarkEntry>,
    derogation_max_retention: String,
}

/// A retention benchmark as the rule data writes it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BenchmarkEntry {
    length: String,
    source: String,
}

/// A retention benchmark (R004): a supervisory authority's guidance on how
/// long data of a kind is kept, not a limit in law, so it always names its
/// source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Benchmark {
    /// The length, for comparisons.
    pub length: Length,
    /// The length as the rule data writes it (`25 months`).
    pub text: String,
    /// Where the benchmark comes from (`CNIL, délibération n° 2020-092`).
    pub source: String,
}

impl Benchmark {
    /// A benchmark from its length as text and its source; `None` when the
    /// length does not read as a duration.
    pub fn new(text: &str, source: &str) -> Option<Benchmark> {
        Some(Benchmark {
            length: parse_length(text)?,
            text: text.to_string(),
            source: source.to_string(),
        })
    }
}

/// A sensitive-name pattern.
#[derive(Debug, Clone)]
pub struct SensitivePattern {
    /// The category a matching field must declare.
    pub category: String,
    /// The pattern as written in the rule data.
    pub source: String,
}

/// All rule data, ready for the rules.
#[derive(Debug, Clone)]
pub struct RuleData {
    /// EEA member states.
    pub eea: foldhash::HashSet<String>,
    /// Adequacy decisions by country code.
    pub adequacy: BTreeMap<String, AdequacyEntry>,
    /// Every known country code.
    pub countries: foldhash::HashSet<String>,
    /// Data categories, parents included.
    pub categories: foldhash::HashSet<String>,
    /// Other spellings of a category (`online.behaviour`), with the
    /// category each names (`online.behavior`). The model reads a field
    /// declared with one as the category itself ([`RuleData::category`]).
    pub category_aliases: BTreeMap<String, String>,
    /// Purpose kinds.
    pub purpose_kinds: foldhash::HashSet<String>,
    /// The strictly necessary purpose kinds.
    pub strictly_necessary: foldhash::HashSet<String>,
    /// Legal bases with their article.
    pub legal_bases: BTreeMap<String, String>,
    /// Art. 9(2) conditions with their article.
    pub art9_conditions: BTreeMap<String, String>,
    /// Art. 10 authorities.
    pub criminal_authorities: BTreeMap<String, String>,
    /// Transfer mechanisms.
    pub mechanisms: BTreeMap<String, MechanismEntry>,
    /// Known data-subject categories (the vocabulary is open: an unknown
    /// one is no E004). A pack may add more.
    pub subjects: foldhash::HashSet<String>,
    /// Subjects that count as vulnerable (WP248).
    pub vulnerable_subjects: foldhash::HashSet<String>,
    /// Words registers use for a known subject (`candidate` for
    /// `applicant`): A011's did-you-mean, where spelling alone would not
    /// find it.
    pub subject_synonyms: BTreeMap<String, String>,
    /// Third-person subjects (v3): people whose data reaches the controller
    /// from someone else, not from themselves (`non_user`,
    /// `contact_of_user`, `reference_person`, `emergency_contact`,
    /// `relative`); L012 reads them. Each is a known subject too. A pack
    /// may add more ([`RuleData::add_third_person_subject`]).
    pub third_person_subjects: foldhash::HashSet<String>,
    /// Subjects that are business contacts (L007).
    pub business_contacts: foldhash::HashSet<String>,
    /// National ePrivacy and marketing law by country code (L007, L008).
    pub national_laws: BTreeMap<String, NationalLaw>,
    /// Known measures.
    pub measures: foldhash::HashSet<String>,
    /// Sensitive-name patterns.
    pub sensitive: Vec<SensitivePattern>,
    /// The same patterns, anchored, matched together.
    sensitive_set: RegexSet,
    /// Names that match a pattern but are not its data
    /// (`browser_fingerprint` is not biometric).
    pub sensitive_exclusions: Vec<SensitivePattern>,
    /// The exclusions, anchored, matched together.
    exclusion_set: RegexSet,
    /// Countries whose law restricts national identity numbers, with that
    /// law and what satisfies it (Art. 87, S004).
    pub national_id_laws: BTreeMap<String, NationalIdLaw>,
    /// Purpose kinds any data may flow into.
    pub always_compatible: foldhash::HashSet<String>,
    /// Compatible (from, to) kind pairs.
    pub compatible_pairs: foldhash::HashSet<(String, String)>,
    /// The retention benchmark for data read from the device (`cookies`).
    pub cookie_benchmark: Benchmark,
    /// Retention benchmarks per purpose kind.
    pub kind_benchmarks: BTreeMap<String, Benchmark>,
    /// The longest retention for which a derogation is still occasional.
    pub derogation_max_retention: Length,
}

/// An error in rule data: which file, and what.
#[derive(Debug, Clone)]
pub struct DataError {
    /// The file.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

fn yaml<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, DataError> {
    serde_yaml::from_str(text).map_err(|e| DataError {
        file: file.to_string(),
        line: e.location().map(|l| l.line()),
        message: e.to_string(),
    })
}

/// Parses `12 months`, `30 days`, ... into a length.
pub fn parse_length(text: &str) -> Option<Length> {
    let mut parts = text.split_whitespace();
    let amount: u64 = parts.next()?.parse().ok()?;
    let unit = match parts.next()?.trim_end_matches('s') {
        "day" => crate::syntax::ast::Unit::Day,
        "week" => crate::syntax::ast::Unit::Week,
        "month" => crate::syntax::ast::Unit::Month,
        "year" => crate::syntax::ast::Unit::Year,
        _ => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Length::Twelfths(amount * unit.twelfth_days()))
}

fn length(file: &str, text: &str) -> Result<Length, DataError> {
    parse_length(text).ok_or_else(|| DataError {
        file: file.to_string(),
        line: None,
        message: format!("`{text}` is not a duration such as `13 months`"),
    })
}

fn benchmark(file: &str, entry: &BenchmarkEntry) -> Result<Benchmark, DataError> {
    let length = length(file, &entry.length)?;
    if entry.source.trim().is_empty() {
        return Err(DataError {
            file: file.to_string(),
            line: None,
            message: format!("the benchmark `{}` has an empty `source`", entry.length),
        });
    }
    Ok(Benchmark {
        length,
        text: entry.length.clone(),
        source: entry.source.clone(),
    })
}

impl RuleData {
    /// The rule data built into the binary.
    pub fn builtin() -> Result<RuleData, DataError> {
        let countries: CountriesFile = yaml("rules/countries.yaml", COUNTRIES)?;
        let vocab = crate::vocabulary::builtin().map_err(|e| DataError {
            file: "rules/vocabulary.yaml".to_string(),
            line: None,
            message: e.0,
        })?;
        let codes = |v: Vocab| vocab.terms(v).iter().map(|t| t.code.clone());
        let flagged = |v: Vocab, flag: fn(&crate::vocabulary::Term) -> bool| {
            vocab
                .terms(v)
                .iter()
                .filter(move |t| flag(t))
                .map(|t| t.code.clone())
        };
        let articles = |v: Vocab| -> BTreeMap<String, String> {
            vocab
                .terms(v)
                .iter()
                .map(|t| (t.code.clone(), t.article.clone().unwrap_or_default()))
                .collect()
        };
        let sensitive: SensitiveFile = yaml("rules/sensitive-names.yaml", SENSITIVE)?;
        let compat: CompatibilityFile = yaml("rules/compatibility.yaml", COMPATIBILITY)?;
        let limits: LimitsFile = yaml("rules/limits.yaml", LIMITS)?;
        let national: NationalLawFile = yaml("rules/national-law.yaml", NATIONAL_LAW)?;

        let mut categories: foldhash::HashSet<String> = foldhash::HashSet::default();
        for c in codes(Vocab::Category) {
            add_with_parents(&mut categories, &c);
        }
        let subjects: foldhash::HashSet<String> = codes(Vocab::Subject).collect();
        let mut compatible_pairs = foldhash::HashSet::default();
        for p in compat.pairs {
            if p.both_ways {
                compatible_pairs.insert((p.to.clone(), p.from.clone()));
            }
            compatible_pairs.insert((p.from, p.to));
        }
        let mut kind_benchmarks = BTreeMap::new();
        for (kind, entry) in limits.purpose_kinds {
            kind_benchmarks.insert(kind, benchmark("rules/limits.yaml", &entry)?);
        }
        let mut data = RuleData {
            eea: countries.eea.into_iter().collect(),
            adequacy: countries
                .adequacy
                .into_iter()
                .map(|a| (a.code.clone(), a))
                .collect(),
            countries: countries.known.into_iter().collect(),
            categories,
            category_aliases: vocab.category_aliases.iter().cloned().collect(),
            purpose_kinds: codes(Vocab::Kind).collect(),
            strictly_necessary: flagged(Vocab::Kind, |t| t.necessary).collect(),
            legal_bases: articles(Vocab::Basis),
            art9_conditions: articles(Vocab::Art9),
            criminal_authorities: articles(Vocab::Art10),
            mechanisms: vocab
                .terms(Vocab::Mechanism)
                .iter()
                .map(|t| {
                    let entry = MechanismEntry {
                        article: t.article.clone().unwrap_or_default(),
                        derogation: t.derogation,
                    };
                    (t.code.clone(), entry)
                })
                .collect(),
            subjects,
            vulnerable_subjects: flagged(Vocab::Subject, |t| t.vulnerable).collect(),
            subject_synonyms: vocab.subject_synonyms.iter().cloned().collect(),
            third_person_subjects: flagged(Vocab::Subject, |t| t.third_person).collect(),
            business_contacts: national.business_contacts.into_iter().collect(),
            national_laws: BTreeMap::new(),
            measures: codes(Vocab::Measure).collect(),
            sensitive: Vec::new(),
            sensitive_set: RegexSet::empty(),
            sensitive_exclusions: Vec::new(),
            exclusion_set: RegexSet::empty(),
            national_id_laws: countries
                .national_id_laws
                .into_iter()
                .map(|n| (n.country.clone(), n))
                .collect(),
            always_compatible: compat.always_compatible_targets.into_iter().collect(),
            compatible_pairs,
            cookie_benchmark: benchmark("rules/limits.yaml", &limits.cookies)?,
            kind_benchmarks,
            derogation_max_retention: length(
                "rules/limits.yaml",
                &limits.derogation_max_retention,
            )?,
        };
        for entry in sensitive.patterns {
            for p in entry.patterns {
                data.add_pattern("rules/sensitive-names.yaml", &entry.category, &p)?;
            }
        }
        for entry in sensitive.exclusions {
            for p in entry.patterns {
                data.add_exclusion("rules/sensitive-names.yaml", &entry.category, &p)?;
            }
        }
        data.compile_patterns("rules/sensitive-names.yaml")?;
        for entry in national.countries {
            data.add_national_law(entry);
        }
        Ok(data)
    }

    fn add_pattern(&mut self, file: &str, category: &str, pattern: &str) -> Result<(), DataError> {
        let p = compiled(file, category, pattern)?;
        self.sensitive.push(p);
        Ok(())
    }

    fn add_exclusion(
        &mut self,
        file: &str,
        category: &str,
        pattern: &str,
    ) -> Result<(), DataError> {
        let p = compiled(file, category, pattern)?;
        self.sensitive_exclusions.push(p);
        Ok(())
    }

    /// Adds an exclusion to the sensitive-name patterns, from a rule pack;
    /// call [`RuleData::finish_patterns`] after the last one.
    pub fn add_sensitive_exclusion(&mut self, category: &str, pattern: &str) -> Result<(), String> {
        self.add_exclusion("pack", category, pattern)
            .map_err(|e| e.message)
    }

    /// Adds or replaces a country's national identity-number law, from a
    /// rule pack.
    pub fn add_national_id_law(&mut self, law: NationalIdLaw) {
        self.national_id_laws.insert(law.country.clone(), law);
    }

    /// Adds a country's ePrivacy and marketing law, or corrects what is
    /// known of it: the fields an entry gives replace the ones held.
    pub fn add_national_law(&mut self, entry: NationalLawEntry) {
        let law = self.national_laws.entry(entry.country).or_default();
        if let Some(device_access) = entry.device_access {
            law.device_access = Some(device_access);
        }
        if let Some(marketing_email) = entry.marketing_email {
            law.marketing_email = Some(marketing_email);
        }
        if let Some(only) = entry.marketing_natural_persons_only {
            law.marketing_natural_persons_only = only;
        }
    }

    /// A country's ePrivacy and marketing law, if the rule data knows it.
    pub fn national_law(&self, code: &str) -> Option<&NationalLaw> {
        self.national_laws.get(code)
    }

    /// Adds a data category (and its parents), from a rule pack.
    pub fn add_category(&mut self, name: &str) {
        add_with_parents(&mut self.categories, name);
    }

    /// The category a declared category name means: the name itself, or
    /// the category it is another spelling of (`online.behaviour` is
    /// `online.behavior`).
    pub fn category<'a>(&'a self, name: &'a str) -> &'a str {
        self.category_aliases.get(name).map_or(name, String::as_str)
    }

    /// Adds a known data subject, from a rule pack.
    pub fn add_subject(&mut self, name: &str) {
        self.subjects.insert(name.to_string());
    }

    /// Adds a third-person subject (and makes it known), from a rule pack.
    pub fn add_third_person_subject(&mut self, name: &str) {
        self.add_subject(name);
        self.third_person_subjects.insert(name.to_string());
    }

    /// Whether a subject is a third person: someone whose data reaches the
    /// controller from someone else (L012). `child` never is.
    pub fn is_third_person(&self, subject: &str) -> bool {
        subject != "child" && self.third_person_subjects.contains(subject)
    }

    /// Adds a sensitive-name pattern, from a rule pack; call
    /// [`RuleData::finish_patterns`] after the last one.
    pub fn add_sensitive(&mut self, category: &str, pattern: &str) -> Result<(), String> {
        self.add_pattern("pack", category, pattern)
            .map_err(|e| e.message)
    }

    /// Recompiles the pattern set after patterns were added.
    pub fn finish_patterns(&mut self) -> Result<(), String> {
        self.compile_patterns("pack").map_err(|e| e.message)
    }

    /// Compiles every pattern, anchored at the start, into one set.
    fn compile_patterns(&mut self, file: &str) -> Result<(), DataError> {
        let set = |patterns: &[SensitivePattern]| {
            let anchored = patterns.iter().map(|p| format!("^(?:{})", p.source));
            RegexSet::new(anchored).map_err(|e| DataError {
                file: file.to_string(),
                line: None,
                message: format!("sensitive-name patterns: {e}"),
            })
        };
        self.sensitive_set = set(&self.sensitive)?;
        self.exclusion_set = set(&self.sensitive_exclusions)?;
        Ok(())
    }

    /// Where a country value puts a party that declares `mechanism` (only
    /// `dpf` matters, for the US decision).
    pub fn place(&self, code: &str, mechanism: Option<&str>) -> Place {
        match code {
            "world" => return Place::World,
            "eea" => return Place::Eea,
            "third" => return Place::Outside,
            _ => {}
        }
        if self.eea.contains(code) {
            return Place::Eea;
        }
        match self.adequacy.get(code) {
            Some(entry) => match &entry.requires {
                Some(required) if mechanism != Some(required.as_str()) => Place::Outside,
                _ => Place::Adequate,
            },
            None => Place::Outside,
        }
    }

    /// Whether a country counts as outside the EEA for Chapter V: not an
    /// EEA member and no adequacy decision that applies, or `third`.
    /// `world` is publication, not a transfer (CJEU C-101/01 Lindqvist).
    pub fn is_third_country(&self, code: &str, mechanism: Option<&str>) -> bool {
        self.place(code, mechanism) == Place::Outside
    }

    /// Whether a country value is known: an ISO code of the rule data, or
    /// `eea`, `third` or `world`.
    pub fn is_country(&self, code: &str) -> bool {
        REGIONS.contains(&code) || self.countries.contains(code)
    }

    /// The national identity-number law of a country, if its law restricts
    /// them (S004).
    pub fn national_id_law(&self, code: &str) -> Option<&str> {
        self.national_id_laws.get(code).map(|n| n.law.as_str())
    }

    /// The national identity-number rule of a country, with what satisfies
    /// it, if its law restricts them (S004).
    pub fn national_id_rule(&self, code: &str) -> Option<&NationalIdLaw> {
        self.national_id_laws.get(code)
    }

    /// Whether the category is `special.*` (Art. 9).
    pub fn is_special(category: &str) -> bool {
        category == "special" || category.starts_with("special.")
    }

    /// Whether the category is `criminal.*` (Art. 10).
    pub fn is_criminal(category: &str) -> bool {
        category == "criminal" || category.starts_with("criminal.")
    }

    /// The category a field name suggests, if it matches a sensitive pattern
    /// (matching at the start of a word), with the pattern.
    pub fn sensitive_match(&self, field_name: &str) -> Vec<&SensitivePattern> {
        let (joined, starts) = words(field_name);
        let mut hits: Vec<usize> = Vec::new();
        for &s in &starts {
            if let Some(rest) = joined.get(s..) {
                hits.extend(self.sensitive_set.matches(rest).iter());
            }
        }
        hits.sort_unstable();
        let mut excluded: Vec<&str> = Vec::new();
        if !hits.is_empty() && !self.sensitive_exclusions.is_empty() {
            for &s in &starts {
                if let Some(rest) = joined.get(s..) {
                    let matched = self.exclusion_set.matches(rest);
                    for i in matched.iter() {
                        if let Some(e) = self.sensitive_exclusions.get(i) {
                            excluded.push(&e.category);
                        }
                    }
                }
            }
        }
        let mut out: Vec<&SensitivePattern> = Vec::new();
        for p in hits.into_iter().filter_map(|i| self.sensitive.get(i)) {
            if !out.iter().any(|o| o.category == p.category)
                && !excluded.contains(&p.category.as_str())
            {
                out.push(p);
            }
        }
        out
    }
}

/// A pattern checked as a regular expression.
fn compiled(file: &str, category: &str, pattern: &str) -> Result<SensitivePattern, DataError> {
    Regex::new(pattern).map_err(|e| DataError {
        file: file.to_string(),
        line: None,
        message: format!("pattern `{pattern}` is not a regular expression: {e}"),
    })?;
    Ok(SensitivePattern {
        category: category.to_string(),
        source: pattern.to_string(),
    })
}

/// Adds a dotted name and all its parents (`a.b.c`, `a.b`, `a`).
fn add_with_parents(set: &mut foldhash::HashSet<String>, name: &str) {
    let mut end = name.len();
    set.insert(name.to_string());
    while let Some(dot) = name[..end].rfind('.') {
        set.insert(name[..dot].to_string());
        end = dot;
    }
}

/// Whether `declared` is `wanted` or one of its parents.
pub fn category_covers(declared: &str, wanted: &str) -> bool {
    wanted == declared
        || (wanted.starts_with(declared) && wanted.as_bytes().get(declared.len()) == Some(&b'.'))
}

/// Splits a field name into lower-case words joined by `_`, and the byte
/// offset where each word starts. Words break at `_`, `-`, `.`, digits and
/// lower-to-upper case changes.
pub fn words(name: &str) -> (String, Vec<usize>) {
    let mut joined = String::with_capacity(name.len() + 4);
    let mut starts = Vec::new();
    let mut prev_lower = false;
    let mut in_word = false;
    for c in name.chars() {
        let separator = c == '_' || c == '-' || c == '.' || c.is_numeric();
        if separator {
            in_word = false;
            prev_lower = false;
            continue;
        }
        let boundary = !in_word || (prev_lower && c.is_uppercase());
        if boundary {
            if !joined.is_empty() {
                joined.push('_');
            }
            starts.push(joined.len());
        }
        joined.extend(c.to_lowercase());
        in_word = true;
        prev_lower = c.is_lowercase();
    }
    (joined, starts)
}

/// The candidate closest to `word` by edit distance, if close enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    match best {
        Some((score, c)) if score >= 0.8 => Some(c),
        _ => None,
    }
}

/// Counts per key, for summaries.
pub type Counts = HashMap<&'static str, usize>;

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> RuleData {
        RuleData::builtin().expect("the built-in rule data loads")
    }

    /// The category each name suggests (the first, if any).
    fn suggests(d: &RuleData, name: &str) -> Option<String> {
        d.sensitive_match(name).first().map(|p| p.category.clone())
    }

    fn check(cases: &[(&str, Option<&str>)]) {
        let d = data();
        for (name, want) in cases {
            assert_eq!(suggests(&d, name).as_deref(), *want, "field name `{name}`");
        }
    }

    const HEALTH: Option<&str> = Some("special.health");
    const RELIGION: Option<&str> = Some("special.religious_belief");
    const ETHNIC: Option<&str> = Some("special.ethnic_origin");
    const UNION: Option<&str> = Some("special.trade_union");
    const POLITICAL: Option<&str> = Some("special.political_opinion");
    const SEX: Option<&str> = Some("special.sex_life");
    const BIOMETRIC: Option<&str> = Some("special.biometric");
    const GENETIC: Option<&str> = Some("special.genetic");
    const CRIMINAL: Option<&str> = Some("criminal.offences");
    const NATIONAL_ID: Option<&str> = Some("identity.national_id");

    #[test]
    fn english_names() {
        check(&[
            ("health_status", HEALTH),
            ("medicalHistory", HEALTH),
            ("sick_leave_days", HEALTH),
            ("pregnancy", HEALTH),
            ("disability", HEALTH),
            ("religion", RELIGION),
            ("ethnic_origin", ETHNIC),
            ("race", ETHNIC),
            ("tradeUnionMember", UNION),
            ("political_views", POLITICAL),
            ("sexual_orientation", SEX),
            ("fingerprint", BIOMETRIC),
            ("genetic_test", GENETIC),
            ("dna", GENETIC),
            ("criminal_record", CRIMINAL),
            ("ssn", NATIONAL_ID),
            ("national_id", NATIONAL_ID),
            // Not at the start of a word, or another word.
            ("introduction", None),
            ("reunion_date", None),
            ("racetrack", None),
            ("email", None),
        ]);
    }

    #[test]
    fn swedish_names() {
        check(&[
            ("hälsotillstånd", HEALTH),
            ("sjukfrånvaro", HEALTH),
            ("funktionsnedsättning", HEALTH),
            ("graviditet", HEALTH),
            ("läkarintyg", HEALTH),
            ("trosuppfattning", RELIGION),
            ("etnisk_tillhörighet", ETHNIC),
            ("ras", ETHNIC),
            ("fackförening", UNION),
            ("politisk_åsikt", POLITICAL),
            ("sexuell_läggning", SEX),
            ("fingeravtryck", BIOMETRIC),
            ("genetiska_uppgifter", GENETIC),
            ("belastningsregister", CRIMINAL),
            ("personnummer", NATIONAL_ID),
            ("samordningsnummer", NATIONAL_ID),
            // `rast` (a break) is not `ras`; `genom` means "through".
            ("rast", None),
            ("genomförd_utbildning", None),
        ]);
    }

    #[test]
    fn norwegian_names() {
        check(&[
            ("helseopplysninger", HEALTH),
            ("sykemelding", HEALTH),
            ("sykdom", HEALTH),
            ("gravid", HEALTH),
            ("religiøs_tilhørighet", RELIGION),
            ("livssyn", RELIGION),
            ("rase", ETHNIC),
            ("fagforening", UNION),
            ("seksuell_legning", SEX),
            ("fingeravtrykk", BIOMETRIC),
            ("politiattest", CRIMINAL),
            ("straffeattest", CRIMINAL),
            ("fødselsnummer", NATIONAL_ID),
            ("fodselsnummer", NATIONAL_ID),
            ("d_nummer", NATIONAL_ID),
            // A bicycle is not a sickness.
            ("sykkel", None),
        ]);
    }

    #[test]
    fn danish_names() {
        check(&[
            ("helbredsoplysninger", HEALTH),
            ("sundhedsdata", HEALTH),
            ("sygemelding", HEALTH),
            ("sygdom", HEALTH),
            ("handicap", HEALTH),
            ("fagforening", UNION),
            ("politisk_overbevisning", POLITICAL),
            ("seksuel_orientering", SEX),
            ("fingeraftryk", BIOMETRIC),
            ("straffeoplysninger", CRIMINAL),
            ("børneattest", CRIMINAL),
            ("cpr", NATIONAL_ID),
            ("cpr_nummer", NATIONAL_ID),
            ("cprNr", NATIONAL_ID),
        ]);
    }

    #[test]
    fn german_names() {
        check(&[
            ("Gesundheitszustand", HEALTH),
            ("Krankheit", HEALTH),
            ("krankmeldung", HEALTH),
            ("Behinderung", HEALTH),
            ("Schwangerschaft", HEALTH),
            ("Konfession", RELIGION),
            ("Kirchensteuermerkmal", RELIGION),
            ("ethnische_Herkunft", ETHNIC),
            ("Gewerkschaft", UNION),
            ("politische_Meinung", POLITICAL),
            ("Fingerabdruck", BIOMETRIC),
            ("genetische_Daten", GENETIC),
            ("Vorstrafen", CRIMINAL),
            ("Führungszeugnis", CRIMINAL),
            ("Sozialversicherungsnummer", NATIONAL_ID),
            ("steuer_id", NATIONAL_ID),
            // The health insurer's name is not health data.
            ("Krankenkasse", None),
        ]);
    }

    #[test]
    fn finnish_names() {
        check(&[
            ("terveydentila", HEALTH),
            ("sairausloma", HEALTH),
            ("raskaus", HEALTH),
            ("diagnoosi", HEALTH),
            ("uskonto", RELIGION),
            ("etninen_tausta", ETHNIC),
            ("ammattiliitto", UNION),
            ("poliittinen_kanta", POLITICAL),
            ("seksuaalinen_suuntautuminen", SEX),
            ("sormenjälki", BIOMETRIC),
            ("geneettinen", GENETIC),
            ("rikosrekisteri", CRIMINAL),
            ("henkilötunnus", NATIONAL_ID),
            ("hetu", NATIONAL_ID),
        ]);
    }

    #[test]
    fn dutch_names() {
        check(&[
            ("gezondheid", HEALTH),
            ("ziekte", HEALTH),
            ("ziekmelding", HEALTH),
            ("verzuimdagen", HEALTH),
            ("zwangerschap", HEALTH),
            ("handicap", HEALTH),
            ("vakbondslid", UNION),
            ("godsdienst", RELIGION),
            ("etnische_afkomst", ETHNIC),
            ("vingerafdruk", BIOMETRIC),
            ("strafblad", CRIMINAL),
            ("strafrechtelijke_gegevens", CRIMINAL),
            ("vog", CRIMINAL),
            ("bsn", NATIONAL_ID),
            ("burgerservicenummer", NATIONAL_ID),
            ("sofinummer", NATIONAL_ID),
            ("rijksregisternummer", NATIONAL_ID),
            ("insz", NATIONAL_ID),
            // A hospital's name, a vogue, a BSN-less word.
            ("ziekenhuis", None),
            ("vogel", None),
            ("bsnl", None),
        ]);
    }

    #[test]
    fn french_names() {
        check(&[
            ("santé", HEALTH),
            ("sante", HEALTH),
            ("etat_de_sante", HEALTH),
            ("maladie", HEALTH),
            ("grossesse", HEALTH),
            ("handicap", HEALTH),
            ("dossier_médical", HEALTH),
            ("syndicat", UNION),
            ("appartenance_syndicale", UNION),
            ("religion", RELIGION),
            ("origine_ethnique", ETHNIC),
            ("orientation_sexuelle", SEX),
            ("empreinte_digitale", BIOMETRIC),
            ("données_génétiques", GENETIC),
            ("donnees_genetiques", GENETIC),
            ("casier_judiciaire", CRIMINAL),
            ("nir", NATIONAL_ID),
            ("niss", NATIONAL_ID),
            ("registre_national", NATIONAL_ID),
            ("numéro_sécurité_sociale", NATIONAL_ID),
            ("numero_securite_sociale", NATIONAL_ID),
            // A saint's day, a privacy policy, a nursery.
            ("santeuil", None),
            ("politique_de_confidentialite", None),
            ("nirvana", None),
        ]);
    }

    #[test]
    fn device_fingerprints_are_not_biometric() {
        check(&[
            ("browser_fingerprint", None),
            ("deviceFingerprint", None),
            ("canvas_fingerprint", None),
            ("fingerprint", BIOMETRIC),
            ("fingerprint_scan", BIOMETRIC),
        ]);
    }

    #[test]
    fn places() {
        let d = data();
        assert_eq!(d.place("SE", None), Place::Eea);
        assert_eq!(d.place("eea", None), Place::Eea);
        assert_eq!(d.place("NO", None), Place::Eea);
        assert_eq!(d.place("CH", None), Place::Adequate);
        assert_eq!(d.place("US", None), Place::Outside);
        assert_eq!(d.place("US", Some("dpf")), Place::Adequate);
        assert_eq!(d.place("IN", None), Place::Outside);
        assert_eq!(d.place("third", None), Place::Outside);
        assert_eq!(d.place("third", Some("adequacy")), Place::Outside);
        assert_eq!(d.place("world", None), Place::World);
        assert!(!d.is_third_country("world", None));
        assert!(d.is_third_country("third", None));
        for known in ["eea", "third", "world", "SE", "US"] {
            assert!(d.is_country(known), "{known}");
        }
        assert!(!d.is_country("EEA"));
        assert!(Place::Adequate.is_non_eea() && Place::Outside.is_non_eea());
        assert!(!Place::World.is_non_eea() && !Place::Eea.is_non_eea());
    }

    #[test]
    fn national_id_laws() {
        let d = data();
        assert_eq!(
            d.national_id_law("SE"),
            Some("dataskyddslagen (2018:218) 3 kap. 10 §")
        );
        assert!(d.national_id_law("DK").is_some_and(|l| l.contains("§ 11")));
        assert!(d.national_id_law("FI").is_some_and(|l| l.contains("29 §")));
        assert!(d.national_id_law("NO").is_some_and(|l| l.contains("§ 12")));
        assert!(d
            .national_id_law("NL")
            .is_some_and(|l| l.contains("art. 46")));
        assert!(d
            .national_id_law("BE")
            .is_some_and(|l| l.contains("art. 8")));
        // What satisfies each (v3): Norway and Belgium not consent, the
        // Netherlands only law.
        let accepts = |c: &str, g: IdGround| d.national_id_rule(c).is_some_and(|l| l.accepts(g));
        for c in ["SE", "DK", "FI"] {
            assert!(accepts(c, IdGround::Consent) && accepts(c, IdGround::Justification));
        }
        assert!(!accepts("NO", IdGround::Consent) && accepts("NO", IdGround::Justification));
        assert!(!accepts("BE", IdGround::Consent) && accepts("BE", IdGround::Justification));
        assert!(accepts("NL", IdGround::Law) && !accepts("NL", IdGround::Justification));
        assert!(!accepts("NL", IdGround::Consent));
        assert_eq!(d.national_id_law("DE"), None);
        assert_eq!(d.national_id_law("GB"), None);
    }

    #[test]
    fn version_3_vocabulary() {
        let d = data();
        for kind in ["employment", "payroll"] {
            assert!(d.purpose_kinds.contains(kind), "{kind}");
        }
        for category in ["financial.salary", "professional.job_title"] {
            assert!(d.categories.contains(category), "{category}");
        }
        assert_eq!(d.category("online.behaviour"), "online.behavior");
        assert_eq!(d.category("online.behavior"), "online.behavior");
        assert!(!d.categories.contains("online.behaviour"));
        let pair = |a: &str, b: &str| d.compatible_pairs.contains(&(a.into(), b.into()));
        assert!(pair("recruitment", "employment"));
        assert!(!pair("employment", "recruitment"));
        assert!(pair("employment", "payroll") && pair("payroll", "employment"));
        for subject in [
            "job_seeker",
            "applicant",
            "employee",
            "employer_contact",
            "website_visitor",
            "subscriber",
            "customer",
            "supplier_contact",
            "reference_person",
            "child",
            "patient",
            "non_user",
            "contact_of_user",
            "emergency_contact",
            "relative",
        ] {
            assert!(d.subjects.contains(subject), "{subject}");
        }
        let mut third: Vec<&str> = d.third_person_subjects.iter().map(String::as_str).collect();
        third.sort_unstable();
        assert_eq!(
            third,
            [
                "contact_of_user",
                "emergency_contact",
                "non_user",
                "reference_person",
                "relative"
            ]
        );
        assert!(d.is_third_person("relative") && !d.is_third_person("child"));
        assert!(!d.is_third_person("customer"));
        let mut extended = d.clone();
        extended.add_third_person_subject("tenant");
        assert!(extended.is_third_person("tenant") && extended.subjects.contains("tenant"));
    }

    #[test]
    fn national_laws_of_the_spec() {
        let d = data();
        let law = |c: &str| d.national_law(c).cloned().unwrap_or_default();
        assert_eq!(
            law("SE").device_access.as_deref(),
            Some("lagen (2022:482) om elektronisk kommunikation, 9 kap. 28 §")
        );
        assert_eq!(
            law("SE").marketing_email.as_deref(),
            Some("marknadsföringslagen (2008:486) 19 §")
        );
        for c in ["SE", "DK", "NO", "FI", "DE", "NL", "FR", "IE"] {
            assert!(law(c).device_access.is_some(), "{c}");
            assert!(law(c).marketing_email.is_some(), "{c}");
        }
        let natural: Vec<&str> = d
            .national_laws
            .iter()
            .filter(|(_, l)| l.marketing_natural_persons_only)
            .map(|(c, _)| c.as_str())
            .collect();
        assert_eq!(natural, ["FI", "FR", "IE", "NO", "SE"]);
        assert_eq!(d.national_law("IT"), None);
        assert!(d.business_contacts.contains("employer_contact"));
        assert!(d.business_contacts.contains("supplier_contact"));
        for s in [
            "non_user",
            "contact_of_user",
            "reference_person",
            "emergency_contact",
            "relative",
        ] {
            assert!(d.third_person_subjects.contains(s), "{s}");
        }
        assert!(!d.third_person_subjects.contains("child"));
    }

    #[test]
    fn a_pack_corrects_one_reference_of_a_country() {
        let mut d = data();
        d.add_national_law(NationalLawEntry {
            country: "DK".into(),
            device_access: None,
            marketing_email: Some("markedsføringsloven § 10, stk. 1".into()),
            marketing_natural_persons_only: None,
        });
        let dk = d.national_law("DK").cloned().unwrap_or_default();
        assert!(dk.device_access.is_some_and(|l| l.contains("1148")));
        assert_eq!(
            dk.marketing_email.as_deref(),
            Some("markedsføringsloven § 10, stk. 1")
        );
        assert!(!dk.marketing_natural_persons_only);
    }

    #[test]
    fn version_2_vocabulary() {
        let d = data();
        assert!(d.purpose_kinds.contains("legal_claims"));
        assert!(d.purpose_kinds.contains("product_development"));
        assert!(d.vulnerable_subjects.contains("applicant"));
        assert!(d.always_compatible.contains("legal_claims"));
    }
}
