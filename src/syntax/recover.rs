//! Parsing past syntax errors: a broken file is cut into its items, each
//! item is parsed on its own, and an item that does not parse costs only
//! itself (docs/decisions.md, "Parsing past errors").
//!
//! An item starts where an item keyword (`dataset`, `flow`, `controller`,
//! `processor`) followed by a blank stands outside strings and comments,
//! either at the top level (no block open) or at the start of a line: a
//! block left open by a missing `}` then ends where the next item begins
//! on its own line, as a reader would see it. A string that runs over such
//! a line is taken to end at its own line, since a string that swallows an
//! item is almost always one whose closing `"` is missing.
//!
//! Of a broken item, what can be read is kept: its kind, its ID, and every
//! name it mentions, so that the whole-model rules neither call a name it
//! declares undefined nor a party it names unused.

use std::ops::Range;

use compact_str::CompactString;
use pest::Parser as _;

use super::ast::{Broken, BrokenKind, File, Ident, PartyKind};
use super::{build, lexical, messages, Problem, RopaParser, Rule};
use crate::source::{FileId, Span};

/// How many broken items of one file get their own E001; the rest are
/// counted in one more.
pub const MAX_REPORTED: usize = 10;

/// The item keywords, with the kind each starts.
const KEYWORDS: [(&[u8], BrokenKind); 4] = [
    (b"dataset", BrokenKind::Dataset),
    (b"flow", BrokenKind::Flow),
    (b"controller", BrokenKind::Party(PartyKind::Controller)),
    (b"processor", BrokenKind::Party(PartyKind::Processor)),
];

/// Parses a file that does not parse as a whole, item by item: the tree
/// of the items that parse, with the broken ones recorded in
/// [`File::broken`], and an E001 problem for each broken item (at most
/// [`MAX_REPORTED`], then one that counts the rest).
///
/// `ends`, when given, gets the nodes of the items that parse, for the
/// suppressions (a suppression inside a broken item covers nothing).
pub(super) fn parse(
    file: FileId,
    text: &str,
    mut ends: Option<&mut super::covers::NodeEnds>,
) -> (File, build::Builder, Vec<Problem>) {
    let mut builder = build::Builder::new(file);
    let mut tree = File::default();
    let mut problems = Vec::new();
    for range in items(text) {
        let Some(part) = text.get(range.clone()) else {
            continue;
        };
        match RopaParser::parse(Rule::file, part) {
            Ok(pairs) => {
                if let Some(ends) = ends.as_deref_mut() {
                    ends.add_pairs(pairs.clone(), range.start);
                }
                builder.base = range.start;
                builder.items(pairs, &mut tree.items);
            }
            Err(err) => {
                let broken = read_broken(file, text, range.clone());
                if tree.broken.len() < MAX_REPORTED {
                    problems.push(error(file, text, range, &err));
                }
                tree.broken.push(broken);
            }
        }
    }
    if tree.broken.len() > MAX_REPORTED {
        let more = tree.broken.len() - MAX_REPORTED;
        let at = tree.broken[MAX_REPORTED].span;
        let first = Span::new(file, at.start as usize, at.start as usize);
        problems.push(Problem::syntax(
            first,
            format!(
                "{more} more item{} in this file do{} not parse",
                if more == 1 { "" } else { "s" },
                if more == 1 { "es" } else { "" }
            ),
            "fix the errors reported above and check again: each may hide the next",
        ));
    }
    (tree, builder, problems)
}

/// The E001 problem of one broken item: an unclosed string where it
/// opens, a block left open at its `{`, else pest's error in words.
fn error(file: FileId, text: &str, range: Range<usize>, err: &pest::error::Error<Rule>) -> Problem {
    let part = &text[range.clone()];
    let scan = lexical::scan(file, part);
    let shift = |s: Span| {
        Span::new(
            file,
            s.start as usize + range.start,
            s.end as usize + range.start,
        )
    };
    if let Some(open) = scan.unterminated_string {
        return Problem::syntax(
            shift(open),
            "this string is never closed",
            "add the closing `\"`",
        );
    }
    if let Some(open) = scan.unterminated_comment {
        return Problem::syntax(
            shift(open),
            "this comment is never closed",
            "add the closing `*/`",
        );
    }
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    // pest stopping at the item's end means the item ran out before it
    // was closed: name the block left open rather than the next item.
    let content_end = part.trim_end().len();
    if pos >= content_end {
        if let Some((open, keyword)) = open_block(part) {
            let at = range.start + open;
            return Problem::syntax(
                Span::new(file, at, at + 1),
                match keyword {
                    Some(k) => format!("the `{k}` block opened here is never closed"),
                    None => "the block opened here is never closed".to_string(),
                },
                "add the closing `}` at the block's end",
            );
        }
    }
    messages::from_pest(file, text, range.start, err)
}

/// The innermost block still open at the end of `part` (outside strings
/// and comments): the offset of its `{` and the keyword before it.
fn open_block(part: &str) -> Option<(usize, Option<&str>)> {
    let mut stack = Vec::new();
    for (i, b) in code_bytes(part.as_bytes()) {
        match b {
            b'{' => stack.push(i),
            b'}' => {
                stack.pop();
            }
            _ => {}
        }
    }
    let open = stack.pop()?;
    Some((open, keyword_before(part, open)))
}

/// Each byte of `bytes` outside strings and comments, with its offset.
fn code_bytes(bytes: &[u8]) -> impl Iterator<Item = (usize, u8)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            match bytes[i] {
                b'"' => i = skip_string(bytes, i),
                b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
                b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
                b => {
                    i += 1;
                    return Some((i - 1, b));
                }
            }
        }
        None
    })
}

/// The word that names the block whose `{` is at `open`: the first word
/// of the text before it on the same line (`purpose` in `purpose p {`).
fn keyword_before(part: &str, open: usize) -> Option<&str> {
    let line_start = part[..open].rfind('\n').map_or(0, |n| n + 1);
    let word = part[line_start..open].split_whitespace().next()?;
    word.chars()
        .all(|c| c.is_ascii_alphabetic() || c == '_')
        .then_some(word)
}

/// Cuts `text` into item ranges that cover it (module comment).
pub fn items(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut cuts = vec![0];
    let mut depth = 0usize;
    for (i, b) in code_bytes(bytes) {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {
                let token_start = i == 0 || !is_name_byte(bytes[i - 1]);
                let line_start = i == 0 || bytes[i - 1] == b'\n';
                if token_start && (depth == 0 || line_start) && item_keyword(bytes, i).is_some() {
                    if i > 0 && cuts.last() != Some(&i) {
                        cuts.push(i);
                    }
                    depth = 0;
                }
            }
        }
    }
    let mut out = Vec::with_capacity(cuts.len());
    for (n, &start) in cuts.iter().enumerate() {
        let end = cuts.get(n + 1).copied().unwrap_or(bytes.len());
        out.push(start..end);
    }
    out
}

/// The kind of item whose keyword starts at `i`, followed by a blank.
fn item_keyword(bytes: &[u8], i: usize) -> Option<BrokenKind> {
    let rest = &bytes[i..];
    KEYWORDS.iter().find_map(|(kw, kind)| {
        (rest.starts_with(kw) && matches!(rest.get(kw.len()), Some(b' ' | b'\t' | b'\n' | b'\r')))
            .then_some(*kind)
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The offset after the string that opens at `i`. A string that runs
/// over a line starting with an item keyword ends at its own line.
fn skip_string(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b'"' => return j + 1,
            b'\n' if item_keyword(bytes, j + 1).is_some() => return j,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// The offset of the end of the line at `i`.
fn line_end(bytes: &[u8], i: usize) -> usize {
    memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n)
}

/// The offset after the `/* */` comment that opens at `i`; one never
/// closed ends at its own line.
fn skip_block_comment(bytes: &[u8], i: usize) -> usize {
    memchr::memmem::find(&bytes[i + 2..], b"*/")
        .map_or_else(|| line_end(bytes, i), |n| i + 2 + n + 2)
}

/// What can be read of a broken item: its kind and ID, and the names it
/// mentions outside strings and comments.
fn read_broken(file: FileId, text: &str, range: Range<usize>) -> Broken {
    let bytes = text.as_bytes();
    // The names: runs of name bytes outside strings and comments, starting
    // with a letter, `_` or a non-ASCII byte.
    let mut names: Vec<(usize, usize)> = Vec::new();
    let part = bytes.get(range.clone()).unwrap_or_default();
    for (i, b) in code_bytes(part) {
        let at = range.start + i;
        match names.last_mut() {
            Some((_, end)) if *end == at && is_name_byte(b) => *end = at + 1,
            _ if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => names.push((at, at + 1)),
            _ => {}
        }
    }
    let word = |&(s, e): &(usize, usize)| text.get(s..e).unwrap_or("");
    let kind = names.first().and_then(|&(s, _)| item_keyword(bytes, s));
    let id = match kind {
        Some(BrokenKind::Flow) | None => None,
        Some(_) => names
            .get(1)
            .filter(|n| !word(n).starts_with(|c: char| c.is_ascii_digit()))
            .map(|&(s, e)| Ident {
                name: CompactString::from(word(&(s, e))),
                span: Span::new(file, s, e),
            }),
    };
    let mut mentions: Vec<CompactString> = names
        .iter()
        .skip(1)
        .map(|n| CompactString::from(word(n)))
        .collect();
    mentions.sort_unstable();
    mentions.dedup();
    let end = range.start + text[range.clone()].trim_end().len();
    Broken {
        kind,
        id,
        span: Span::new(file, range.start, end.max(range.start)),
        mentions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str) -> Vec<&str> {
        items(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn items_are_cut_at_their_keywords_outside_strings_and_comments() {
        let text = "dataset a { purpose p { } }\n// dataset no\nflow a -> b\ncontroller c \"dataset x\" { }";
        assert_eq!(
            cut(text),
            vec![
                "dataset a { purpose p { } }\n// dataset no\n",
                "flow a -> b\n",
                "controller c \"dataset x\" { }"
            ]
        );
    }

    #[test]
    fn a_block_left_open_ends_at_the_next_item_on_its_own_line() {
        let text = "dataset a {\n  purpose p { basis consent\n}\ndataset b { }\n";
        assert_eq!(
            cut(text),
            vec![
                "dataset a {\n  purpose p { basis consent\n}\n",
                "dataset b { }\n"
            ]
        );
        let (tree, _, problems) = parse(FileId(0), text, None);
        assert_eq!(tree.items.len(), 1);
        assert_eq!(tree.broken.len(), 1);
        let Problem::Syntax { span, message, .. } = &problems[0] else {
            panic!("{problems:?}");
        };
        assert_eq!(&text[span.range()], "{");
        assert_eq!(span.start, 10, "the dataset's `{{`");
        assert!(message.contains("`dataset` block"), "{message}");
    }

    #[test]
    fn an_unclosed_string_is_reported_where_it_opens() {
        let text = "controller c \"Acme { country SE }\ndataset d { }\n";
        let (tree, _, problems) = parse(FileId(0), text, None);
        assert_eq!(tree.items.len(), 1, "{tree:?}");
        let Problem::Syntax { span, message, .. } = &problems[0] else {
            panic!("{problems:?}");
        };
        assert_eq!(span.start, 13);
        assert_eq!(message, "this string is never closed");
        assert_eq!(
            tree.broken[0].id.as_ref().map(|i| i.name.as_str()),
            Some("c")
        );
    }

    #[test]
    fn a_broken_item_keeps_its_kind_id_and_mentions() {
        let text = "dataset d { recipients mail, crm fields { x: } }";
        let (_, _, problems) = parse(FileId(0), text, None);
        assert_eq!(problems.len(), 1);
        let b = read_broken(FileId(0), text, 0..text.len());
        assert_eq!(b.kind, Some(BrokenKind::Dataset));
        assert_eq!(b.id.map(|i| i.name), Some("d".into()));
        assert!(b.mentions.iter().any(|m| m == "mail"));
        assert!(b.mentions.iter().any(|m| m == "crm"));
    }

    #[test]
    fn past_ten_broken_items_one_more_error_counts_the_rest() {
        let text = "dataset d { fields { x: } }\n".repeat(13);
        let (tree, _, problems) = parse(FileId(0), &text, None);
        assert_eq!(tree.broken.len(), 13);
        assert_eq!(problems.len(), MAX_REPORTED + 1);
        let Some(Problem::Syntax { message, .. }) = problems.last() else {
            panic!("{problems:?}");
        };
        assert_eq!(message, "3 more items in this file do not parse");
    }

    #[test]
    fn text_before_any_item_is_an_item_of_unknown_kind() {
        let text = "oops\ndataset d { }\n";
        let (tree, _, problems) = parse(FileId(0), text, None);
        assert_eq!(problems.len(), 1);
        assert_eq!(tree.items.len(), 1);
        assert_eq!(tree.broken[0].kind, None);
    }
}
