//! The exit codes every command shares (`cli.md`).

/// Nothing at or above `--fail-on`.
pub const OK: i32 = 0;
/// Findings at or above `--fail-on` (syntax errors included), or files
/// that `fmt --check` would change.
pub const FINDINGS: i32 = 1;
/// The tool could not do its job: bad arguments, an unusable configuration
/// or rule pack, no `.ropa` file, an output that cannot be written.
pub const TROUBLE: i32 = 2;
