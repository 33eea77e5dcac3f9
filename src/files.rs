//! Reading the files a run is configured by (configuration, rule packs,
//! baselines) safely, and refusing to write over a run's inputs.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The largest configuration, rule pack or baseline ropa reads.
pub const MAX_SETTINGS_FILE: u64 = 16 * 1024 * 1024;

/// An output file written over what it held, then cut to the length
/// written: `ropa report -o` and the files it writes.
///
/// Opening with truncation (`File::create`) would do the same in one step,
/// but ext4 takes a file truncated to nothing and written again for an
/// application replacing it, and on `close` allocates and starts writing
/// back all of it (its `auto_da_alloc` heuristic): 0.2 s for a 390 MB
/// report, every time a report is made again at the same path. Written in
/// place and cut at the end, the file is never truncated to nothing, and
/// keeps its permissions, its links and the target of a symbolic link, as
/// with `File::create`. Something that is not a regular file (`-o
/// /dev/stdout`) is written to and not cut.
#[derive(Debug)]
pub struct Output {
    file: std::fs::File,
    written: u64,
}

impl Output {
    /// Opens `path` for writing, creating it when it does not exist.
    pub fn create(path: &Path) -> std::io::Result<Output> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        Ok(Output { file, written: 0 })
    }

    /// Ends the file where the writing ended.
    pub fn finish(self) -> std::io::Result<()> {
        if self.file.metadata()?.is_file() {
            self.file.set_len(self.written)?;
        }
        Ok(())
    }

    /// Writes `bytes` as the whole file.
    pub fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let mut out = Output::create(path)?;
        std::io::Write::write_all(&mut out, bytes)?;
        out.finish()
    }
}

impl std::io::Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

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
