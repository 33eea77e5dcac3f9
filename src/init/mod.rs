//! `ropa init`: a commented starter `ropa.yaml` and an example `.ropa` file
//! in the current directory, never overwriting anything.

use std::io::Write;
use std::path::Path;

/// The files `init` writes, with their contents.
pub const FILES: [(&str, &str); 2] = [
    ("ropa.yaml", include_str!("ropa.yaml")),
    ("example.ropa", include_str!("example.ropa")),
];

/// Writes the starter files into `dir`; exit code 0, or 2 when a file
/// exists already or cannot be written (then nothing is written).
pub fn run(dir: &Path) -> i32 {
    let existing: Vec<&str> = FILES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| dir.join(name).exists())
        .collect();
    if !existing.is_empty() {
        eprintln!(
            "error: {} already exist{}; ropa init does not overwrite",
            existing.join(" and "),
            if existing.len() == 1 { "s" } else { "" }
        );
        return 2;
    }
    for (name, text) in FILES {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
        let mut out = std::io::stdout().lock();
        if let Err(e) = writeln!(out, "wrote {name}").and_then(|()| out.flush()) {
            eprintln!("error: cannot write to standard output: {e}");
            return 2;
        }
    }
    0
}
