//! The Fides default taxonomy in ropa's vocabulary: `rules/fides-taxonomy.yaml`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The rule data as shipped.
pub const SOURCE: &str = include_str!("../../rules/fides-taxonomy.yaml");

/// What a Fides key becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mapped<'a> {
    /// A ropa value.
    To(&'a str),
    /// Listed as having no equivalent.
    Nothing,
    /// Not listed, nor any parent of it.
    Unknown,
}

/// The import side: Fides key → ropa value (`none`: no equivalent).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Import {
    /// Data categories.
    pub data_categories: BTreeMap<String, String>,
    /// Data uses → purpose kinds.
    pub data_uses: BTreeMap<String, String>,
    /// Data subjects.
    pub data_subjects: BTreeMap<String, String>,
    /// `legal_basis_for_processing` values → legal bases.
    pub legal_bases: BTreeMap<String, String>,
    /// `special_category_legal_basis` values → Art. 9 conditions.
    pub special_bases: BTreeMap<String, String>,
    /// `legal_basis_for_transfers` values → transfer mechanisms.
    pub transfer_bases: BTreeMap<String, String>,
    /// ISO alpha-3 → alpha-2.
    pub alpha3: BTreeMap<String, String>,
}

/// The export side: ropa value → Fides key.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Data categories.
    pub data_categories: BTreeMap<String, String>,
    /// Purpose kinds → data uses.
    pub data_uses: BTreeMap<String, String>,
    /// Data subjects (others are written as they are).
    pub data_subjects: BTreeMap<String, String>,
    /// Transfer mechanisms → `legal_basis_for_transfers` values (others
    /// are written as ropa names them).
    pub transfer_mechanisms: BTreeMap<String, String>,
    /// ropa's own data category keys → their parent key: the keys of
    /// `data_categories` that fideslang does not ship.
    pub custom_categories: BTreeMap<String, String>,
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Taxonomy {
    /// Fides → ropa.
    pub import: Import,
    /// ropa → Fides.
    pub export: Export,
}

/// The shipped taxonomy, parsed once. The file is part of the binary and
/// tested, so a parse failure is a build defect; it still gives an error.
pub fn get() -> Result<&'static Taxonomy, String> {
    static CELL: OnceLock<Result<Taxonomy, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        serde_yaml::from_str(SOURCE).map_err(|e| format!("rules/fides-taxonomy.yaml: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Looks `key` up in `map`, then its parents (`a.b.c`, `a.b`, `a`).
pub fn lookup<'a>(map: &'a BTreeMap<String, String>, key: &str) -> Mapped<'a> {
    let mut k = key.trim();
    loop {
        if let Some(v) = map.get(k) {
            return if v == "none" {
                Mapped::Nothing
            } else {
                Mapped::To(v)
            };
        }
        match k.rfind('.') {
            Some(i) => k = &k[..i],
            None => return Mapped::Unknown,
        }
    }
}

/// The ropa transfer mechanism of a `legal_basis_for_transfers` value for
/// a party in `countries`: Fides's names through `import.transfer_bases`
/// (an adequacy decision for a US party is the Data Privacy Framework),
/// and ropa's own mechanism names (as the export writes those Fides has no
/// name for) as they are. `None`: no mechanism ropa knows.
pub fn transfer_mechanism(tax: &Taxonomy, value: &str, countries: &[&str]) -> Option<String> {
    let value = value.trim();
    match tax.import.transfer_bases.get(value).map(String::as_str) {
        Some("none") => None,
        Some("adequacy") if countries.contains(&"US") => Some("dpf".into()),
        Some(m) => Some(m.to_string()),
        None => crate::vocabulary::builtin()
            .ok()?
            .term(crate::vocabulary::Vocab::Mechanism, value)
            .map(|t| t.code.clone()),
    }
}

/// Whether the Fides key `key` is `under` or one of its descendants.
pub fn at_or_under(under: &str, key: &str) -> bool {
    key == under
        || key
            .strip_prefix(under)
            .is_some_and(|rest| rest.starts_with('.'))
}

/// The ropa values of every listed key at or under `key`: what a Fides
/// policy means by a parent key such as `user` that has no equivalent
/// itself.
pub fn covered<'a>(map: &'a BTreeMap<String, String>, key: &str) -> Vec<&'a str> {
    if let Mapped::To(v) = lookup(map, key) {
        return vec![v];
    }
    let mut out: Vec<&str> = map
        .iter()
        .filter(|(k, v)| at_or_under(key, k) && v.as_str() != "none")
        .map(|(_, v)| v.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    outermost(out)
}

/// Drops every value that another value of the list covers at a dot
/// (`contact` already says `contact.email`).
fn outermost(values: Vec<&str>) -> Vec<&str> {
    let all = values.clone();
    values
        .into_iter()
        .filter(|v| !all.iter().any(|p| p != v && at_or_under(p, v)))
        .collect()
}

/// What a Fides policy's data category or data use `key` covers in
/// ropa's values (`export` and `import`: the two maps of that vocabulary):
/// the values whose exported key lies at or under `key`, as `fides
/// evaluate` matches them on ropa's export. A group stands for its members
/// (`user.contact` → `contact`, `user` → every group). The second list holds
/// the values the result also covers although Fides keeps them elsewhere
/// (`user.workplace` gives `professional`, which covers
/// `professional.job_title`, exported as `user.job_title`). A key under
/// which nothing is exported (`user.contact.address.city` is narrower than
/// any category) gives the value it imports as.
pub fn policy_values<'a>(
    export: &'a BTreeMap<String, String>,
    import: &'a BTreeMap<String, String>,
    key: &str,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let key = key.trim();
    let mut inside: Vec<&str> = export
        .iter()
        .filter(|(_, k)| at_or_under(key, k))
        .map(|(c, _)| c.as_str())
        .collect();
    if inside.is_empty() {
        return (covered(import, key), Vec::new());
    }
    inside.sort_unstable();
    let values = outermost(inside.clone());
    let beyond: Vec<&str> = export
        .keys()
        .map(String::as_str)
        .filter(|c| !inside.contains(c) && values.iter().any(|v| at_or_under(v, c)))
        .collect();
    (values, beyond)
}

/// [`policy_values`] for data categories.
pub fn policy_categories<'a>(tax: &'a Taxonomy, key: &str) -> (Vec<&'a str>, Vec<&'a str>) {
    policy_values(
        &tax.export.data_categories,
        &tax.import.data_categories,
        key,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_looks_up_parents() {
        let t = get().unwrap();
        let c = &t.import.data_categories;
        assert_eq!(lookup(c, "user.contact.email"), Mapped::To("contact.email"));
        assert_eq!(
            lookup(c, "user.contact.email.work"),
            Mapped::To("contact.email")
        );
        assert_eq!(lookup(c, "system"), Mapped::Nothing);
        assert_eq!(lookup(c, "acme.custom"), Mapped::Unknown);
        assert!(covered(c, "user").contains(&"special"));
        assert_eq!(covered(c, "user.name"), vec!["identity.name"]);
    }

    #[test]
    fn every_category_and_subject_comes_back_from_fides() {
        let t = get().unwrap();
        let v = crate::data::RuleData::builtin().unwrap();
        let mut keys: BTreeMap<&str, &str> = BTreeMap::new();
        for c in &v.categories {
            let key = t.export.data_categories.get(c).unwrap();
            assert_eq!(
                lookup(&t.import.data_categories, key),
                Mapped::To(c),
                "{c} → {key}"
            );
            if let Some(other) = keys.insert(key, c) {
                panic!("{c} and {other} are both exported as {key}");
            }
        }
        for (key, parent) in &t.export.custom_categories {
            assert!(t.export.data_categories.values().any(|k| k == key), "{key}");
            assert!(
                at_or_under(parent, key) && key != parent,
                "{key} under {parent}"
            );
            assert!(t.import.data_categories.contains_key(parent), "{parent}");
        }
        let vocabulary = crate::vocabulary::builtin().unwrap();
        for s in vocabulary.terms(crate::vocabulary::Vocab::Subject) {
            let key = t
                .export
                .data_subjects
                .get(&s.code)
                .cloned()
                .unwrap_or_else(|| s.code.clone());
            let back = match lookup(&t.import.data_subjects, &key) {
                Mapped::To(x) => x.to_string(),
                _ => key.clone(),
            };
            assert_eq!(back, s.code, "{} → {key}", s.code);
        }
    }

    #[test]
    fn a_parent_category_in_a_policy_is_its_group() {
        let t = get().unwrap();
        assert_eq!(policy_categories(t, "user.contact").0, vec!["contact"]);
        let (health, _) = policy_categories(t, "user.health_and_medical");
        assert_eq!(health, vec!["special.genetic", "special.health"]);
        let (all, _) = policy_categories(t, "user");
        for group in ["identity", "contact", "special", "criminal", "professional"] {
            assert!(all.contains(&group), "{group} in {all:?}");
        }
        assert!(all.iter().all(|c| !c.contains('.')), "{all:?}");
        let (work, beyond) = policy_categories(t, "user.workplace");
        assert_eq!(work, vec!["professional"]);
        assert_eq!(beyond, vec!["professional.job_title"]);
        assert_eq!(
            policy_categories(t, "user.contact.address.city").0,
            vec!["contact.address"]
        );
        assert!(policy_categories(t, "system").0.is_empty());
        // Data uses the same way: Fides' `marketing` holds advertising.
        let (marketing, _) = policy_values(&t.export.data_uses, &t.import.data_uses, "marketing");
        assert_eq!(marketing, vec!["advertising", "marketing"]);
    }

    #[test]
    fn every_ropa_value_is_known_to_the_vocabulary() {
        let t = get().unwrap();
        let v = crate::data::RuleData::builtin().unwrap();
        for value in t.import.data_categories.values().filter(|v| *v != "none") {
            assert!(
                v.categories.contains(value)
                    || v.categories
                        .iter()
                        .any(|c| c.starts_with(&format!("{value}."))),
                "{value}"
            );
        }
        for value in t.import.data_uses.values().filter(|v| *v != "none") {
            assert!(v.purpose_kinds.contains(value), "{value}");
        }
        let mut categories: Vec<&String> = v.categories.iter().collect();
        categories.sort();
        for c in categories {
            assert!(t.export.data_categories.contains_key(c), "export of {c}");
        }
        let mut kinds: Vec<&String> = v.purpose_kinds.iter().collect();
        kinds.sort();
        for k in kinds {
            assert!(t.export.data_uses.contains_key(k), "export of {k}");
        }
        for b in t.import.legal_bases.values() {
            assert!(v.legal_bases.contains_key(b), "{b}");
        }
        for b in t.import.special_bases.values() {
            assert!(v.art9_conditions.contains_key(b), "{b}");
        }
    }
}
