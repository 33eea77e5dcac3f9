//! Byte offsets to LSP positions and back, in the encoding the client
//! and server agreed on: UTF-16 code units (the protocol's default) or
//! UTF-8 bytes. Lines end at `\n`; a `\r` before it belongs to the line.

use lsp_types::{Position, Range};

/// How a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: `ä` is 1, an emoji outside the BMP is 2.
    Utf16,
    /// UTF-8 bytes: `ä` is 2, most emoji are 4.
    Utf8,
}

/// The start of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes the lines of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        LineIndex { starts }
    }

    /// The position of a byte offset; see [`position`].
    pub fn position(&self, text: &str, offset: usize, enc: Encoding) -> Position {
        position(&self.starts, text, offset, enc)
    }

    /// The range of a byte range.
    pub fn range(&self, text: &str, start: usize, end: usize, enc: Encoding) -> Range {
        range(&self.starts, text, start, end, enc)
    }

    /// The byte offset of a position; see [`offset`].
    pub fn offset(&self, text: &str, pos: Position, enc: Encoding) -> usize {
        offset(&self.starts, text, pos, enc)
    }
}

/// The position of a byte offset in a text whose lines start at `starts`
/// (clamped to the text, and moved back to a character boundary).
pub fn position(starts: &[u32], text: &str, offset: usize, enc: Encoding) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line = match starts.binary_search(&(offset as u32)) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    };
    let start = starts.get(line).map_or(0, |&s| s as usize);
    let prefix = text.get(start..offset).unwrap_or("");
    let character = match enc {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
    };
    Position::new(line as u32, character as u32)
}

/// The range of a byte range.
pub fn range(starts: &[u32], text: &str, start: usize, end: usize, enc: Encoding) -> Range {
    Range::new(
        position(starts, text, start, enc),
        position(starts, text, end, enc),
    )
}

/// The byte offset of a position. A line past the end is the end of the
/// text; a character past the end of its line is the line's end; a
/// position inside a character (half a surrogate pair) is its start.
pub fn offset(starts: &[u32], text: &str, pos: Position, enc: Encoding) -> usize {
    let Some(&start) = starts.get(pos.line as usize) else {
        return text.len();
    };
    let start = start as usize;
    let end = starts
        .get(pos.line as usize + 1)
        .map_or(text.len(), |&next| next as usize - 1);
    let line = text.get(start..end).unwrap_or("");
    let line = line.strip_suffix('\r').unwrap_or(line);
    let wanted = pos.character as usize;
    let mut units = 0;
    for (i, c) in line.char_indices() {
        if units >= wanted {
            return start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
        if units > wanted {
            return start + i;
        }
    }
    start + line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "dataset hälsa \"🙂 ok\" {\r\n  x\n}";

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let index = LineIndex::new(TEXT);
        let ok = TEXT.find("ok").unwrap();
        assert_eq!(
            index.position(TEXT, ok, Encoding::Utf16),
            Position::new(0, 18)
        );
        assert_eq!(
            index.position(TEXT, ok, Encoding::Utf8),
            Position::new(0, 21)
        );
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let pos = index.position(TEXT, ok, enc);
            assert_eq!(index.offset(TEXT, pos, enc), ok);
        }
        let x = TEXT.find('x').unwrap();
        assert_eq!(
            index.position(TEXT, x, Encoding::Utf16),
            Position::new(1, 2)
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let index = LineIndex::new(TEXT);
        assert_eq!(
            index.offset(TEXT, Position::new(9, 0), Encoding::Utf16),
            TEXT.len()
        );
        let eol = TEXT.find('\r').unwrap();
        assert_eq!(
            index.offset(TEXT, Position::new(0, 999), Encoding::Utf16),
            eol
        );
        // Inside the emoji's surrogate pair: its start.
        let emoji = TEXT.find('🙂').unwrap();
        assert_eq!(
            index.offset(TEXT, Position::new(0, 16), Encoding::Utf16),
            emoji
        );
        assert_eq!(
            index.position(TEXT, emoji + 1, Encoding::Utf8).character,
            emoji as u32
        );
    }
}
