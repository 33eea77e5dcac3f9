//! X: suppression comments (`// ropa: allow CODE "reason"`).

pub mod x001_suppression_without_reason;
pub mod x002_unused_suppression;
