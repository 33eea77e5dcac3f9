//! ropa: the GDPR record of processing activities (Art. 30) as code, linted.
//!
//! Data flows one way: files → [`syntax`] (pest → syntax tree with spans) →
//! [`model`] (names resolved, vocabulary checked) → [`graph`] (data flows,
//! effective fields) → [`rules`] (one function per rule) → [`output`].

// pest runs without its `std` feature, which only adds a stack probe on
// every rule call (our grammar cannot recurse); its derive then names `alloc`.
extern crate alloc;

pub mod allocator;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod data;
pub mod diff;
pub mod exit;
pub mod export;
pub mod files;
pub mod finding;
pub mod fmt;
pub mod git;
pub mod graph;
pub mod init;
pub mod interop;
pub mod lsp;
pub mod model;
pub mod output;
pub mod policy;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod vocabulary;
pub mod workspace;

#[cfg(test)]
mod testing;
