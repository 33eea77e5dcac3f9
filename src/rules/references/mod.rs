//! F: references between items.

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_references.rs"));
