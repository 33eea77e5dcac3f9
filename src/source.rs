//! Source files and spans: where every finding points.

use std::path::{Path, PathBuf};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if SPANS_HIDDEN.get() {
            return f.write_str("_");
        }
        f.debug_struct("Span")
            .field("file", &self.file)
            .field("start", &self.start)
            .field("end", &self.end)
            .finish()
    }
}

thread_local! {
    /// Whether `Debug` writes spans as `_` on this thread ([`without_spans`]).
    static SPANS_HIDDEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with every span's `Debug` text written as `_`, so that the
/// debug text of two syntax trees is equal when they differ in positions
/// only (`ropa fmt` checks that formatting keeps the meaning this way).
pub fn without_spans<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SPANS_HIDDEN.set(self.0);
        }
    }
    let _restore = Restore(SPANS_HIDDEN.replace(true));
    f()
}

impl Span {
    /// A span from byte offsets.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One `.ropa` file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user should see it (relative when it was given so).
    pub path: PathBuf,
    /// The text; empty when the file could not be read as UTF-8.
    pub text: String,
    line_starts: Vec<u32>,
    /// The line each block of [`BLOCK`] bytes starts on: a line is looked
    /// for among the few lines of its block, not by a search over the whole
    /// table, which in a file of tens of thousands of lines missed the cache
    /// at nearly every step (a seventh of the JSON output's time on a dense
    /// model).
    blocks: Vec<u32>,
    /// Whether the text is all ASCII (columns are then byte distances).
    ascii: bool,
}

/// The size of a block of [`SourceFile::blocks`], as a shift: 256 bytes,
/// about ten lines of a model, and a table a 256th the size of the text.
const BLOCK: u32 = 8;

/// A 1-based line and column (columns count Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl SourceFile {
    /// Wraps a file's text, indexing its lines.
    pub fn new(path: PathBuf, text: String) -> SourceFile {
        // Counted first, so that the table is exactly as long as the file
        // has lines (grown by doubling it was up to twice that).
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut line_starts = Vec::with_capacity(lines + 1);
        line_starts.push(0u32);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        let ascii = text.is_ascii();
        let mut blocks = Vec::with_capacity((text.len() >> BLOCK) + 1);
        let mut line = 0usize;
        for block in 0..=(text.len() >> BLOCK) as u32 {
            let offset = block << BLOCK;
            while line_starts
                .get(line + 1)
                .is_some_and(|&next| next <= offset)
            {
                line += 1;
            }
            blocks.push(line as u32);
        }
        SourceFile {
            path,
            text,
            line_starts,
            blocks,
            ascii,
        }
    }

    /// How many lines (a file without a newline has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 0-based line a byte offset is on (offsets past the end are on
    /// the last line).
    pub fn line_index(&self, offset: u32) -> u32 {
        let offset = offset.min(self.text.len() as u32);
        // The lines from the one the offset's block starts on to the one
        // the next block starts on.
        let block = (offset >> BLOCK) as usize;
        let first = self.blocks.get(block).map_or(0, |&l| l as usize);
        let last = self
            .blocks
            .get(block + 1)
            .map_or(self.line_starts.len(), |&l| l as usize + 1)
            .min(self.line_starts.len());
        let lines = self.line_starts.get(first..last).unwrap_or_default();
        let within = match lines.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        (first + within) as u32
    }

    /// The byte range of a 0-based line, without its newline.
    pub fn line_bounds(&self, line: u32) -> (u32, u32) {
        let len = self.text.len() as u32;
        let start = self.line_starts.get(line as usize).copied().unwrap_or(len);
        let end = self
            .line_starts
            .get(line as usize + 1)
            .map_or(len, |next| next - 1);
        (start.min(len), end.clamp(start.min(len), len))
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(self.text.len() as u32);
        self.line_col_on(self.line_index(offset), offset)
    }

    /// Lines and columns of a range's start and end.
    pub fn range_line_cols(&self, start: u32, end: u32) -> (LineCol, LineCol) {
        (self.line_col(start), self.line_col(end))
    }

    /// Line and column of `offset` (within the text), on 0-based `line`.
    fn line_col_on(&self, line: u32, offset: u32) -> LineCol {
        let line = line as usize;
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let end = offset as usize;
        let column = if self.ascii {
            end - start
        } else {
            self.text
                .get(start..end)
                .map(|s| s.chars().count())
                .unwrap_or(end - start)
        };
        LineCol {
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// The byte offset where each line starts (the first is 0).
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// The text of a span (empty when out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// All files of one run.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file, in order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The path of a file.
    pub fn path(&self, id: FileId) -> &Path {
        &self.get(id).path
    }
}

/// The repository root that SARIF locations and baseline keys are
/// relative to: the nearest directory at or above the current one that
/// holds `.git`, else the current directory.
#[derive(Debug, Clone)]
pub struct RepoRoot {
    /// The root, canonicalized once.
    root: std::path::PathBuf,
}

impl RepoRoot {
    /// Finds the root from the current directory.
    pub fn find() -> RepoRoot {
        let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
        let root = cwd
            .ancestors()
            .find(|d| d.join(".git").exists())
            .map_or_else(|| cwd.clone(), std::path::Path::to_path_buf);
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        RepoRoot { root }
    }

    /// `path` relative to the root, with `/` separators.
    pub fn relative(&self, path: &std::path::Path) -> String {
        let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = absolute.strip_prefix(&self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// Every file's path relative to the root, indexed by file id: one
    /// look at the file system per file, not per finding.
    pub fn file_paths(&self, sources: &Sources) -> Vec<String> {
        sources
            .iter()
            .map(|(_, f)| self.relative(&f.path))
            .collect()
    }

    /// The root as a `file://` URI ending in `/`.
    pub fn uri(&self) -> String {
        let mut s = percent_encode(&self.root.to_string_lossy().replace('\\', "/"));
        if !s.ends_with('/') {
            s.push('/');
        }
        if s.starts_with('/') {
            format!("file://{s}")
        } else {
            format!("file:///{s}")
        }
    }
}

/// Percent-encodes what may not stand in a URI path.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A range's ends are where each end is on its own, for every pair of
    /// offsets (reversed and past the end included), across short and
    /// long spans, in ASCII and non-ASCII text.
    #[test]
    fn a_ranges_ends_are_each_ends_own_place() {
        let long: String = (0..20).map(|i| format!("line {i}\n")).collect();
        for text in ["", "a", "ab\ncd\n\nef", "å\nä ö\n\n", long.as_str()] {
            let file = SourceFile::new(PathBuf::from("x.ropa"), text.to_string());
            let n = text.len() as u32 + 2;
            for start in 0..n {
                for end in 0..n {
                    if !text.is_char_boundary(start.min(text.len() as u32) as usize)
                        || !text.is_char_boundary(end.min(text.len() as u32) as usize)
                    {
                        continue;
                    }
                    assert_eq!(
                        file.range_line_cols(start, end),
                        (file.line_col(start), file.line_col(end)),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }

    /// The line of every offset is the one a search over all line starts
    /// finds: in texts of many short lines (many per block), of lines longer
    /// than a block, of blank lines, with and without a final newline.
    #[test]
    fn the_block_index_finds_every_offsets_line() {
        let short: String = (0..600).map(|i| format!("l{i}\n")).collect();
        let long: String = (0..5).map(|i| "x".repeat(700 + i) + "\n").collect();
        let blank = "\n".repeat(1000);
        let mixed = format!("{short}{long}{blank}tail");
        for text in [
            short.as_str(),
            long.as_str(),
            blank.as_str(),
            mixed.as_str(),
            "",
        ] {
            let file = SourceFile::new(PathBuf::from("x.ropa"), text.to_string());
            for offset in 0..=text.len() as u32 + 1 {
                let clamped = offset.min(text.len() as u32);
                let expected = match file.line_starts.binary_search(&clamped) {
                    Ok(i) => i,
                    Err(i) => i - 1,
                } as u32;
                assert_eq!(file.line_index(offset), expected, "offset {offset}");
            }
        }
    }
}
