//! A pretty-printed JSON document with one long array (the findings of
//! `json`, the results of `sarif`), written element by element.
//!
//! The document around the array is small and is printed by serde_json
//! with a marker string where the array goes. The elements are printed
//! on every core, a batch at a time, each as a small document of its own
//! indented to its place, and written in order: the bytes are those of
//! printing the whole document at once, and the output is never held
//! whole in memory.

use rayon::prelude::*;
use serde::Serialize;

/// Stands in for the array in the document around it.
pub const MARKER: &str = "\u{0}ropa-array\u{0}";

/// How many elements are printed before they are written.
const BATCH: usize = 4096;

/// Writes `document` (which holds [`MARKER`] where the array belongs)
/// with an array in its place, and a final line break. `print(item, buf)`
/// prints one element of the array to `buf` (with
/// `serde_json::to_writer_pretty`).
pub fn write<T: Sync>(
    out: &mut dyn std::io::Write,
    document: &impl Serialize,
    items: &[T],
    print: impl Fn(&T, &mut Vec<u8>) -> serde_json::Result<()> + Sync,
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
    let inner = format!("\n{}", " ".repeat(key_indent + 2));
    out.write_all(b"[")?;
    for (b, batch) in items.chunks(BATCH).enumerate() {
        let parts: Vec<std::io::Result<String>> = batch
            .par_chunks(BATCH / 16)
            .enumerate()
            .map(|(p, part)| {
                // An element is about a kilobyte.
                let mut text = String::with_capacity(part.len() * 1280);
                let mut pretty = Vec::with_capacity(4096);
                for (i, item) in part.iter().enumerate() {
                    if b + p + i > 0 {
                        text.push(',');
                    }
                    pretty.clear();
                    print(item, &mut pretty).map_err(std::io::Error::other)?;
                    indented(&pretty, &inner, &mut text);
                }
                Ok(text)
            })
            .collect();
        for part in parts {
            out.write_all(part?.as_bytes())?;
        }
    }
    out.write_all(b"\n")?;
    out.write_all(" ".repeat(key_indent).as_bytes())?;
    out.write_all(b"]")?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")
}

/// Appends `pretty` (a JSON document: its strings hold no raw line
/// break) to `text` on a line of its own, each line break followed by
/// `inner`.
fn indented(pretty: &[u8], inner: &str, text: &mut String) {
    let pretty = std::str::from_utf8(pretty).unwrap_or_default();
    text.push_str(inner);
    let mut from = 0;
    for n in memchr::memchr_iter(b'\n', pretty.as_bytes()) {
        text.push_str(&pretty[from..n]);
        text.push_str(inner);
        from = n + 1;
    }
    text.push_str(&pretty[from..]);
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
        let element = |n: &u32| serde_json::json!({ "n": n, "list": [n, n], "s": "a\nb" });
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
        let _ = write(&mut out, &doc, items, |n, buf| {
            serde_json::to_writer_pretty(buf, &element(n))
        });
        (String::from_utf8(out).unwrap_or_default(), whole)
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
