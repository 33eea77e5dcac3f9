//! What the unit tests of several modules share.

use std::path::PathBuf;

/// Every `.ropa` file under `fixtures/`, in path order, with its bytes.
pub(crate) fn fixture_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "ropa"))
        .filter_map(|e| Some((e.path().to_owned(), std::fs::read(e.path()).ok()?)))
        .collect()
}

/// The fixtures that are UTF-8 text (all but the few about bad encodings).
pub(crate) fn fixture_texts() -> Vec<(PathBuf, String)> {
    fixture_files()
        .into_iter()
        .filter_map(|(path, bytes)| Some((path, String::from_utf8(bytes).ok()?)))
        .collect()
}
