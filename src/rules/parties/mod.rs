//! P: parties and their roles (Art. 26–28, 37).

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_parties.rs"));
