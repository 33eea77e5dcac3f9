//! A pretty-printed JSON document with one long array (the findings of
//! `json`, the results of `sarif`), written element by element.
//!
//! The document around the array is small and is printed by serde_json
//! with a marker string where the array goes. The elements are printed
//! on every core, a batch at a time, each at its place's indentation
//! ([`Indented`]), and written in order: the bytes are those of printing
//! the whole document at once, and the output is never held whole in
//! memory.

use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::Formatter;

/// Stands in for the array in the document around it.
pub const MARKER: &str = "\u{0}ropa-array\u{0}";

/// How many elements are printed before they are written.
const BATCH: usize = 4096;

/// Writes `document` (which holds [`MARKER`] where the array belongs)
/// with an array in its place, and a final line break. `print(item,
/// text, margin)` prints one element of the array to `text`, as
/// serde_json's pretty printer would `margin` spaces in ([`serialize`],
/// or by hand with [`Object`]).
pub fn write<T: Sync>(
    out: &mut dyn std::io::Write,
    document: &impl Serialize,
    items: &[T],
    print: impl Fn(&T, &mut Vec<u8>, usize) -> serde_json::Result<()> + Sync,
) -> std::io::Result<()> {
    let skeleton = serde_json::to_string_pretty(document).map_err(std::io::Error::other)?;
    let marker = serde_json::to_string(MARKER).map_err(std::io::Error::other)?;
    let Some((before, after)) = skeleton.split_once(&marker) else {
        out.write_all(skeleton.as_bytes())?;
        return out.write_all(b"\n");
    };
    out.write_all(before.as_bytes())?;
    if items.is_empty() {
        out.write_all(b"[]")?;
        out.write_all(after.as_bytes())?;
        return out.write_all(b"\n");
    }
    // The marker's line tells the array's indentation.
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let key_indent = line.len() - line.trim_start().len();
    let margin = key_indent + 2;
    out.write_all(b"[")?;
    // One buffer per part of a batch, kept from batch to batch: fresh
    // ones each time cost the kernel's zeroing of their pages again.
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); 16];
    for (b, batch) in items.chunks(BATCH).enumerate() {
        batch
            .par_chunks(BATCH / 16)
            .zip(buffers.par_iter_mut())
            .enumerate()
            .try_for_each(|(p, (part, text))| {
                text.clear();
                for (i, item) in part.iter().enumerate() {
                    if b + p + i > 0 {
                        text.push(b',');
                    }
                    let _ = newline(text, margin);
                    print(item, text, margin)?;
                }
                Ok::<(), serde_json::Error>(())
            })
            .map_err(std::io::Error::other)?;
        for text in &buffers[..batch.len().div_ceil(BATCH / 16)] {
            out.write_all(text)?;
        }
    }
    out.write_all(b"\n")?;
    out.write_all(" ".repeat(key_indent).as_bytes())?;
    out.write_all(b"]")?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")
}

/// Prints `value` to `text` as serde_json's pretty printer would
/// `margin` spaces in.
pub fn serialize(
    text: &mut Vec<u8>,
    margin: usize,
    value: &impl Serialize,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        text,
        Indented::new(margin),
    ))
}

/// A line break and `n` spaces.
fn newline<W: ?Sized + Write>(w: &mut W, n: usize) -> std::io::Result<()> {
    w.write_all(b"\n")?;
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

/// A JSON object printed by hand, as serde_json's pretty printer prints
/// it `margin` spaces in: for the findings, whose fields are always the
/// same, printed half a million times over on a dense model.
pub struct Object<'t> {
    text: &'t mut Vec<u8>,
    margin: usize,
    empty: bool,
}

impl<'t> Object<'t> {
    /// Opens an object whose line is indented by `margin`.
    pub fn open(text: &'t mut Vec<u8>, margin: usize) -> Object<'t> {
        text.push(b'{');
        Object {
            text,
            margin,
            empty: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.text.push(b',');
        }
        self.empty = false;
        let _ = newline(self.text, self.margin + 2);
        // Keys are the printer's own names: nothing to escape.
        self.text.push(b'"');
        self.text.extend_from_slice(key.as_bytes());
        self.text.extend_from_slice(b"\": ");
    }

    /// A string member.
    pub fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        string(self.text, value);
    }

    /// A string member, or `null`.
    pub fn opt_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(v) => self.str(key, v),
            None => self.raw(key, b"null"),
        }
    }

    /// A number member.
    pub fn num(&mut self, key: &str, value: u32) {
        self.key(key);
        super::decimal(self.text, value);
    }

    /// A member whose value is JSON text already.
    pub fn raw(&mut self, key: &str, json: &[u8]) {
        self.key(key);
        self.text.extend_from_slice(json);
    }

    /// A member whose value `value` prints to the text (already in JSON);
    /// `null` if it fails.
    pub fn with(&mut self, key: &str, value: impl FnOnce(&mut Vec<u8>) -> bool) {
        self.key(key);
        let at = self.text.len();
        if !value(self.text) {
            self.text.truncate(at);
            self.text.extend_from_slice(b"null");
        }
    }

    /// An array member of objects, each printed by `each` into the object
    /// it opens.
    pub fn objects<I>(&mut self, key: &str, items: I, mut each: impl FnMut(I::Item, &mut Object))
    where
        I: IntoIterator,
    {
        self.key(key);
        self.text.push(b'[');
        let inner = self.margin + 4;
        let mut empty = true;
        for item in items {
            if !empty {
                self.text.push(b',');
            }
            empty = false;
            let _ = newline(self.text, inner);
            let mut object = Object::open(self.text, inner);
            each(item, &mut object);
            object.close();
        }
        if !empty {
            let _ = newline(self.text, self.margin + 2);
        }
        self.text.push(b']');
    }

    /// Closes the object.
    pub fn close(self) {
        if !self.empty {
            let _ = newline(self.text, self.margin);
        }
        self.text.push(b'}');
    }
}

/// `s` as a JSON string, escaped as serde_json escapes it (`\"`, `\\`,
/// `\n` and the other short escapes, `\u00XX` for the other control
/// characters). Text is looked at sixteen bytes at a time, and only a
/// block that holds a byte to escape is gone through byte by byte:
/// serde_json's own loop, a byte at a time, was a quarter of
/// `check --format json`.
pub fn string(text: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    text.reserve(bytes.len() + 2);
    text.push(b'"');
    let mut from = 0;
    let mut blocks = bytes.chunks_exact(16);
    let mut at = 0;
    for block in blocks.by_ref() {
        if may_escape(block) {
            for (i, &b) in block.iter().enumerate() {
                if to_escape(b) {
                    text.extend_from_slice(&bytes[from..at + i]);
                    escape(text, b);
                    from = at + i + 1;
                }
            }
        }
        at += 16;
    }
    for (i, &b) in blocks.remainder().iter().enumerate() {
        if to_escape(b) {
            text.extend_from_slice(&bytes[from..at + i]);
            escape(text, b);
            from = at + i + 1;
        }
    }
    text.extend_from_slice(&bytes[from..]);
    text.push(b'"');
}

/// Whether a block of sixteen bytes may hold one to escape: a control
/// character, `"` or `\\`, looked for in eight bytes at once. The tests
/// are exact (a byte of the other half cannot make one true).
fn may_escape(block: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let below_space = |v: u64| v.wrapping_sub(ONES * 0x20) & !v & HIGH != 0;
    block.chunks_exact(8).any(|half| {
        let v = u64::from_le_bytes(half.try_into().unwrap_or([0; 8]));
        below_space(v) | zero(v ^ (ONES * u64::from(b'"'))) | zero(v ^ (ONES * u64::from(b'\\')))
    })
}

/// Whether JSON needs `b` escaped in a string.
fn to_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// The escape of `b`, one of the bytes [`to_escape`] names.
fn escape(text: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0c => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => 0,
    };
    if short != 0 {
        text.extend_from_slice(&[b'\\', short]);
    } else {
        text.extend_from_slice(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[usize::from(b >> 4)],
            HEX[usize::from(b & 0xf)],
        ]);
    }
}

/// serde_json's pretty printing (two spaces a level) of a value that
/// starts `margin` spaces in: each line break is followed by the margin
/// and the value's own indentation, so the value is printed at its
/// place in the document without being printed first and indented after.
struct Indented {
    margin: usize,
    depth: usize,
    has_value: bool,
}

/// Spaces to indent with, written a slice at a time.
const SPACES: &[u8; 64] = b"                                                                ";

impl Indented {
    fn new(margin: usize) -> Indented {
        Indented {
            margin,
            depth: 0,
            has_value: false,
        }
    }

    /// A line break and the indentation of the current depth.
    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        newline(w, self.margin + 2 * self.depth)
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.newline(w)?;
        }
        w.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Doc {
        name: &'static str,
        items: serde_json::Value,
        after: u32,
    }

    /// The document printed at once, and through `write`.
    fn both(items: &[u32]) -> (String, String) {
        let element = |n: &u32| {
            serde_json::json!({
                "n": n, "list": [n, [], {}, { "deep": [{ "x": n }] }], "s": "a\nb", "none": {}, "empty": []
            })
        };
        let whole = Doc {
            name: "x",
            items: items.iter().map(element).collect(),
            after: 1,
        };
        let whole = serde_json::to_string_pretty(&whole).unwrap_or_default() + "\n";
        let doc = Doc {
            name: "x",
            items: serde_json::json!(MARKER),
            after: 1,
        };
        let mut out = Vec::new();
        let _ = write(&mut out, &doc, items, |n, text, margin| {
            serialize(text, margin, &element(n))
        });
        (String::from_utf8(out).unwrap_or_default(), whole)
    }

    /// Every byte value, alone and at every place in and around a block
    /// of sixteen, escaped as serde_json escapes it.
    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..=0x7f).map(|b| char::from(b).to_string()).collect();
        texts.extend(["", "å", "a\u{2028}b", "\u{7f}\u{80}\u{9f}"].map(String::from));
        for at in 0..40 {
            for b in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'a', 'ä'] {
                let mut t: Vec<char> = "abcdefghijklmnopqrstuvwxyzåäö0123456789ABCD"
                    .chars()
                    .collect();
                t.insert(at, b);
                texts.push(t.into_iter().collect());
            }
        }
        for t in texts {
            let mut mine = Vec::new();
            string(&mut mine, &t);
            let theirs = serde_json::to_string(&t).unwrap_or_default();
            assert_eq!(String::from_utf8_lossy(&mine), theirs, "{t:?}");
        }
    }

    #[test]
    fn the_array_is_written_as_if_printed_with_its_document() {
        for n in [0, 1, 2, BATCH / 16 + 1, BATCH + 3] {
            let items: Vec<u32> = (0..n as u32).collect();
            let (written, whole) = both(&items);
            assert_eq!(written, whole, "{n} elements");
        }
    }
}
