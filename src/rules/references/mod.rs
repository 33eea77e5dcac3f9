//! F: references between items.

pub mod f001_undefined_reference;
pub mod f002_duplicate_definition;
pub mod f003_incompatible_purpose_flow;
pub mod f004_unused_party;
