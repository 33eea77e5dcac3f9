//! L: lawfulness of processing (Art. 5–8) and the ePrivacy rules.

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_lawfulness.rs"));
