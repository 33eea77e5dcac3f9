//! Value-set matchers (`any`, `all`, `none`, `only`, `other`) and the
//! dot hierarchy: a listed value covers itself and every value under it.
//!
//! Two evaluations share the same semantics: over a small list of strings
//! (subjects, kinds, bases, countries, ...) and over a category bitset, so
//! that the categories of 100 000 datasets are matched with a few word
//! operations each.

use crate::data::category_covers;

/// How the candidate's values must relate to the listed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// At least one value is covered.
    Any,
    /// Every listed value covers at least one value.
    All,
    /// No value is covered.
    None,
    /// Every value is covered, and there is at least one.
    Only,
    /// At least one value is not covered.
    Other,
}

impl Kind {
    /// The matcher's key in YAML.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Any => "any",
            Kind::All => "all",
            Kind::None => "none",
            Kind::Only => "only",
            Kind::Other => "other",
        }
    }
}

/// A matcher as written: its kind and listed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    /// Its kind.
    pub kind: Kind,
    /// The listed values.
    pub values: Vec<String>,
}

/// Whether `listed` covers `value` at a dot (`special` covers
/// `special.health`).
pub fn covers(listed: &str, value: &str) -> bool {
    category_covers(listed, value)
}

impl Matcher {
    /// Whether the matcher holds for `values`, with `covered(listed, value)`
    /// saying which listed value covers which candidate value. Returns the
    /// values that made it hold (all of them for `none`), or `None`.
    pub fn test<V: Copy>(&self, values: &[V], covered: impl Fn(&str, V) -> bool) -> Option<Vec<V>> {
        let is_covered = |v: V| self.values.iter().any(|l| covered(l, v));
        match self.kind {
            Kind::Any => {
                let hits: Vec<V> = values.iter().copied().filter(|&v| is_covered(v)).collect();
                (!hits.is_empty()).then_some(hits)
            }
            Kind::All => {
                let every = self
                    .values
                    .iter()
                    .all(|l| values.iter().any(|&v| covered(l, v)));
                every.then(|| values.iter().copied().filter(|&v| is_covered(v)).collect())
            }
            Kind::None => values
                .iter()
                .all(|&v| !is_covered(v))
                .then(|| values.to_vec()),
            Kind::Only => (!values.is_empty() && values.iter().all(|&v| is_covered(v)))
                .then(|| values.to_vec()),
            Kind::Other => {
                let rest: Vec<V> = values.iter().copied().filter(|&v| !is_covered(v)).collect();
                (!rest.is_empty()).then_some(rest)
            }
        }
    }

    /// Whether the matcher holds for plain string values under the dot
    /// hierarchy.
    pub fn test_str<'v>(&self, values: &[&'v str]) -> Option<Vec<&'v str>> {
        self.test(values, covers)
    }
}

/// A category matcher compiled against one model's category numbering:
/// the union of what the list covers, and for `all`, each listed value's
/// own mask.
#[derive(Debug, Clone)]
pub struct Bits {
    kind: Kind,
    union: Vec<u64>,
    each: Vec<Vec<u64>>,
}

impl Bits {
    /// Compiles `m` for a model whose categories are `names` (by bit).
    pub fn compile(m: &Matcher, names: &[&str], words: usize) -> Bits {
        let mask = |wanted: &dyn Fn(&str) -> bool| {
            let mut out = vec![0u64; words];
            for (bit, name) in names.iter().enumerate() {
                if wanted(name) {
                    out[bit / 64] |= 1 << (bit % 64);
                }
            }
            out
        };
        let union = mask(&|n| m.values.iter().any(|l| covers(l, n)));
        let each = match m.kind {
            Kind::All => m.values.iter().map(|l| mask(&|n| covers(l, n))).collect(),
            _ => Vec::new(),
        };
        Bits {
            kind: m.kind,
            union,
            each,
        }
    }

    /// Whether the matcher holds for the categories in `row`; the bits
    /// that made it hold (all of `row` for `none`) are written to `hits`.
    pub fn test(&self, row: &[u64], hits: &mut Vec<u64>) -> bool {
        hits.clear();
        let and = |a: &[u64], b: &[u64]| a.iter().zip(b).any(|(x, y)| x & y != 0);
        let holds = match self.kind {
            Kind::Any => and(row, &self.union),
            Kind::All => self.each.iter().all(|m| and(row, m)),
            Kind::None => !and(row, &self.union),
            Kind::Only => {
                row.iter().any(|&x| x != 0) && row.iter().zip(&self.union).all(|(x, u)| x & !u == 0)
            }
            Kind::Other => row.iter().zip(&self.union).any(|(x, u)| x & !u != 0),
        };
        if holds {
            hits.extend(row.iter().zip(&self.union).map(|(x, u)| match self.kind {
                Kind::Any | Kind::All => x & u,
                Kind::Other => x & !u,
                Kind::None | Kind::Only => *x,
            }));
        }
        holds
    }
}

/// The names of the bits set in `row`, in bit order.
pub fn bit_names<'a>(row: &[u64], names: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    for (w, &word) in row.iter().enumerate() {
        let mut rest = word;
        while rest != 0 {
            let b = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if let Some(n) = names.get(w * 64 + b) {
                out.push(*n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(kind: Kind, values: &[&str]) -> Matcher {
        Matcher {
            kind,
            values: values.iter().map(|s| s.to_string()).collect(),
        }
    }

    const HEALTH_AND_MAIL: &[&str] = &["special.health", "contact.email"];

    #[test]
    fn any_with_hierarchy() {
        assert_eq!(
            m(Kind::Any, &["special"]).test_str(HEALTH_AND_MAIL),
            Some(vec!["special.health"])
        );
        assert_eq!(
            m(Kind::Any, &["special.genetic"]).test_str(HEALTH_AND_MAIL),
            None
        );
        // A child never covers its parent.
        assert_eq!(
            m(Kind::Any, &["special.health.x"]).test_str(&["special.health"]),
            None
        );
        // A shared prefix is not a parent.
        assert_eq!(
            m(Kind::Any, &["contact"]).test_str(&["contacts.email"]),
            None
        );
    }

    #[test]
    fn all_needs_every_listed_value() {
        assert!(m(Kind::All, &["special", "contact"])
            .test_str(HEALTH_AND_MAIL)
            .is_some());
        assert!(m(Kind::All, &["special", "identity"])
            .test_str(HEALTH_AND_MAIL)
            .is_none());
    }

    #[test]
    fn none_only_other() {
        assert!(m(Kind::None, &["identity"])
            .test_str(HEALTH_AND_MAIL)
            .is_some());
        assert!(m(Kind::None, &["contact"])
            .test_str(HEALTH_AND_MAIL)
            .is_none());
        assert!(m(Kind::Only, &["special", "contact"])
            .test_str(HEALTH_AND_MAIL)
            .is_some());
        assert!(m(Kind::Only, &["special"])
            .test_str(HEALTH_AND_MAIL)
            .is_none());
        assert!(m(Kind::Only, &["special"]).test_str(&[]).is_none());
        assert_eq!(
            m(Kind::Other, &["special"]).test_str(HEALTH_AND_MAIL),
            Some(vec!["contact.email"])
        );
        assert!(m(Kind::Other, &["special", "contact"])
            .test_str(HEALTH_AND_MAIL)
            .is_none());
        // `other: []`: any value at all, as Fides' `OTHER` with no values.
        assert_eq!(
            m(Kind::Other, &[]).test_str(HEALTH_AND_MAIL),
            Some(HEALTH_AND_MAIL.to_vec())
        );
        assert!(m(Kind::Other, &[]).test_str(&[]).is_none());
    }

    #[test]
    fn bitsets_agree_with_lists() {
        let names = ["special.health", "contact.email", "identity.name"];
        let row = [0b011u64];
        let mut hits = Vec::new();
        for (kind, values) in [
            (Kind::Any, vec!["special"]),
            (Kind::Any, vec!["identity"]),
            (Kind::All, vec!["special", "contact"]),
            (Kind::All, vec!["special", "identity"]),
            (Kind::None, vec!["identity"]),
            (Kind::None, vec!["contact"]),
            (Kind::Only, vec!["special", "contact.email"]),
            (Kind::Only, vec!["special"]),
            (Kind::Other, vec!["special"]),
            (Kind::Other, vec!["special", "contact"]),
            (Kind::Other, vec![]),
        ] {
            let matcher = m(kind, &values);
            let list = matcher.test_str(HEALTH_AND_MAIL);
            let bits = Bits::compile(&matcher, &names, 1);
            assert_eq!(
                bits.test(&row, &mut hits),
                list.is_some(),
                "{kind:?} {values:?}"
            );
            if let Some(list) = list {
                assert_eq!(bit_names(&hits, &names), list, "{kind:?} {values:?}");
            }
        }
    }
}
