//! R: storage limitation (Art. 5(1)(e)).

pub mod r001_missing_retention;
pub mod r002_indefinite_retention;
pub mod r003_copy_outlives_source;
pub mod r004_retention_over_limit;
