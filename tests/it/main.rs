//! The integration tests, one binary: each file below is a module, so the
//! crate and its dependencies are linked once instead of once per file.

mod architecture;
mod bad_input;
mod cli;
mod common;
mod config;
mod docs;
mod export;
mod fides;
mod flows;
mod fmt;
mod formats;
mod formats_interop;
mod fuzz;
mod graph;
mod hardening;
mod heavy;
mod lsp;
mod lsp_neovim;
mod model;
mod policies;
mod policy_cli;
mod policy_errors;
mod report;
mod report_xlsx;
mod rule_docs;
mod rule_fixtures;
mod rule_messages;
mod rules_v2;
mod seeds;
mod sheet;
mod sheet_layouts;
mod swedish;
mod syntax_messages;
mod workspace;
