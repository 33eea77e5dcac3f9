//! Reading the files a run is configured by (configuration, rule packs,
//! baselines) safely, and refusing to write over a run's inputs.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest configuration, rule pack or baseline ropa reads.
pub const MAX_SETTINGS_FILE: u64 = 16 * 1024 * 1024;

/// Reads a configuration, pack or baseline: it must be a regular file (a
/// FIFO would block, `/dev/zero` would never end) of at most
/// [`MAX_SETTINGS_FILE`] bytes, in UTF-8. The error says what is wrong,
/// without the path (the caller names the file).
pub fn read_settings(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".to_string());
    }
    if meta.len() > MAX_SETTINGS_FILE {
        return Err(format!(
            "the file has {} bytes; the limit is 16 MiB",
            meta.len()
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the check and the read: read one byte
    // more than the limit, at most.
    file.take(MAX_SETTINGS_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_SETTINGS_FILE {
        return Err("the file is larger than 16 MiB".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not UTF-8 (byte {} is not valid)",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Whether writing `output` would overwrite one of `inputs` (compared as
/// canonical paths; an output that does not exist yet overwrites nothing).
pub fn overwrites_input<'a>(
    output: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Option<PathBuf> {
    let out = std::fs::canonicalize(output).ok()?;
    inputs
        .into_iter()
        .find(|p| std::fs::canonicalize(p).is_ok_and(|c| c == out))
        .map(Path::to_path_buf)
}
