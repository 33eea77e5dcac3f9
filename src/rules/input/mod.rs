//! E: the input itself (syntax, encoding, vocabulary).

pub mod e001_syntax_error;
pub mod e002_unreadable_file;
pub mod e003_duplicate_attribute;
pub mod e004_unknown_value;
