//! A: accountability and the record itself (Art. 5(2), 30, 32, 35).

// One `pub mod` per rule file of this folder, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/rules_accountability.rs"));
