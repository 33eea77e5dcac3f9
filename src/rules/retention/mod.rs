//! R: storage limitation (Art. 5(1)(e)).

pub mod r001_missing_retention;
pub mod r002_indefinite_retention;
pub mod r004_retention_over_limit;
