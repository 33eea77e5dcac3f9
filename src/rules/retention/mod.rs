//! R: storage limitation (Art. 5(1)(e)).

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_retention.rs"));

use crate::model::Dataset;
use crate::syntax::ast::{Length, Purpose, Retention};

/// What a dataset keeps for how long: the length, the retention written,
/// and the purpose it belongs to (`None`: the dataset's own).
pub type Kept<'a> = (Length, &'a Retention, Option<&'a Purpose>);

/// The longest retention among `purposes` of the dataset (each its own,
/// else the dataset's). `None` when there is none, or when one of them
/// cannot be compared (`until`, `by_law`, `indefinite`): the longest is then
/// not known. Purposes with no retention at all are `R001`'s and are left
/// out.
pub fn longest<'a>(d: &'a Dataset, purposes: &[&'a Purpose]) -> Option<Kept<'a>> {
    let mut best: Option<Kept> = None;
    for p in purposes {
        let Some(r) = d.retention_of(p) else {
            continue;
        };
        let length = r.value.length()?;
        if best.as_ref().is_none_or(|(l, _, _)| length > *l) {
            best = Some((length, &r.value, Some(p)));
        }
    }
    best
}

/// The longest retention of a dataset: of its purposes, or its own when it
/// has none.
pub fn dataset_longest(d: &Dataset) -> Option<Kept<'_>> {
    if d.ast.purposes.is_empty() {
        let r = d.ast.retention.as_ref()?;
        return Some((r.value.length()?, &r.value, None));
    }
    let all: Vec<&Purpose> = d.ast.purposes.iter().collect();
    longest(d, &all)
}
