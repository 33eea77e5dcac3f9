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
    /// Transfer mechanisms → `legal_basis_for_transfers` values.
    pub transfer_mechanisms: BTreeMap<String, String>,
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

/// The ropa values of every listed key at or under `key`: what a Fides
/// policy means by a parent key such as `user` that has no equivalent
/// itself.
pub fn covered<'a>(map: &'a BTreeMap<String, String>, key: &str) -> Vec<&'a str> {
    if let Mapped::To(v) = lookup(map, key) {
        return vec![v];
    }
    let prefix = format!("{key}.");
    let mut out: Vec<&str> = map
        .iter()
        .filter(|(k, v)| k.starts_with(&prefix) && v.as_str() != "none")
        .map(|(_, v)| v.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    // `contact` already says `contact.email`.
    let parents = out.clone();
    out.retain(|v| {
        !parents
            .iter()
            .any(|p| p != v && v.starts_with(p) && v.as_bytes().get(p.len()) == Some(&b'.'))
    });
    out
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
        assert!(covered(c, "user").contains(&"special.health"));
        assert_eq!(covered(c, "user.name"), vec!["identity.name"]);
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
