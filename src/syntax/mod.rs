//! Text to syntax tree: the pest grammar, the tree builder, and syntax
//! errors in words a user understands.

pub mod ast;
mod build;
mod covers;
pub mod direct;
pub mod language;
pub mod lexical;
mod messages;
pub mod recover;

use pest::Parser as _;

use crate::source::{FileId, Span};

/// The pest parser generated from `grammar/ropa.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ropa.pest"]
pub struct RopaParser;

/// The result of parsing one file.
#[derive(Debug, Default, Clone)]
pub struct Parsed {
    /// The tree; `None` when the file has a syntax error.
    pub file: Option<ast::File>,
    /// Syntax errors and duplicate attributes, for the input rules (E001,
    /// E003) to report.
    pub problems: Vec<Problem>,
    /// Every comment of the file.
    pub comments: Vec<lexical::Comment>,
}

/// What the parser found wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The text does not follow the grammar (E001).
    Syntax {
        /// The offending token.
        span: Span,
        /// What was expected, in words.
        message: String,
        /// What to write.
        help: String,
    },
    /// A single-valued attribute given twice in one block (E003).
    DuplicateAttribute {
        /// The first one.
        first: Span,
        /// The second one.
        second: Span,
        /// Its keyword.
        keyword: &'static str,
    },
}

impl Problem {
    /// A syntax error at `span`.
    pub(crate) fn syntax(
        span: Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Problem {
        Problem::Syntax {
            span,
            message: message.into(),
            help: help.into(),
        }
    }

    /// Whether this is a syntax error (the file then has no tree).
    pub fn is_syntax(&self) -> bool {
        matches!(self, Problem::Syntax { .. })
    }
}

/// How much text pest is given at a time, in bytes (see [`parse`]).
const PIECE: usize = 8 * 1024;

/// Parses one file's text.
///
/// A file that the grammar accepts as it stands is read straight into its
/// tree ([`direct`]); any other is parsed by pest ([`parse_with_pest`]),
/// which finds its syntax errors. Both give the same result for every
/// file the first one reads.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let mut scan = lexical::scan(file, text);
    // A file with suppressions is read with its layout, which tells what
    // each one covers (`covers`); the others need no more than the tree.
    let tree = if covers::wanted(text, &scan.comments) {
        direct::read_with_layout(file, text).map(|(tree, layout)| {
            let ends = covers::NodeEnds::from_layout(&layout);
            covers::record(text, &mut scan.comments, &ends);
            tree
        })
    } else {
        direct::read(file, text)
    };
    match tree {
        Some(tree) => Parsed {
            file: Some(tree),
            problems: Vec::new(),
            comments: scan.comments,
        },
        None => pest_in_pieces(file, text, PIECE, scan),
    }
}

/// Parses one file's text with pest.
///
/// A large file is parsed a piece at a time (see `pieces`): pest keeps
/// every token of its input in one vector, which for a 50 KB file grows by
/// doubling to over half a megabyte, copied at each step into fresh
/// memory. A piece's tokens stay small and their memory is reused from one
/// piece to the next (docs/performance.md). The tree is the same as from
/// one parse of the whole text: when every piece parses, the pieces are
/// whole items, and when one does not, the whole text is parsed again, so
/// that a syntax error is reported exactly as it would be otherwise.
pub fn parse_with_pest(file: FileId, text: &str) -> Parsed {
    parse_in_pieces(file, text, PIECE)
}

/// [`parse`], with pieces of about `size` bytes (the fuzz tests cut small
/// pieces, to compare the result with a parse of the whole text).
pub fn parse_in_pieces(file: FileId, text: &str, size: usize) -> Parsed {
    pest_in_pieces(file, text, size, lexical::scan(file, text))
}

/// [`parse_in_pieces`], given the text's lexical scan.
fn pest_in_pieces(file: FileId, text: &str, size: usize, scan: lexical::Scan) -> Parsed {
    if text.len() <= size {
        return pest_whole(file, text, scan).0;
    }
    let want = covers::wanted(text, &scan.comments);
    let mut ends = covers::NodeEnds::default();
    let mut builder = build::Builder::new(file);
    let mut tree = ast::File::default();
    for piece in pieces(text, size) {
        let Some(part) = text.get(piece.clone()) else {
            return pest_whole(file, text, scan).0;
        };
        let Ok(pairs) = RopaParser::parse(Rule::file, part) else {
            // A broken file, or a cut inside a string or a comment.
            return pest_whole(file, text, scan).0;
        };
        if want {
            ends.add_pairs(pairs.clone(), piece.start);
        }
        builder.base = piece.start;
        builder.items(pairs, &mut tree.items);
    }
    finish(builder, tree, scan, text, want.then_some(&ends))
}

/// Cuts `text` into pieces of about `size` bytes. Each cut is at the start
/// of a line that begins with an item's keyword (`dataset`, `flow`,
/// `controller`, `processor`) and a blank, so it falls between two items
/// unless it falls inside a string or a `/* */` comment. Then the piece
/// before it ends in the middle of that string or comment and does not
/// parse, which [`parse`] notices.
///
/// Every byte is looked at most once: the search for a cut starts `size`
/// bytes after the previous cut, and a file with no place to cut is one
/// piece.
fn pieces(text: &str, size: usize) -> Vec<std::ops::Range<usize>> {
    const STARTS: [&[u8]; 4] = [b"dataset", b"flow", b"controller", b"processor"];
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / size.max(1) + 1);
    let mut start = 0;
    let mut from = size;
    while from < bytes.len() {
        let Some(n) = memchr::memchr(b'\n', &bytes[from..]) else {
            break;
        };
        let line = from + n + 1;
        let rest = &bytes[line..];
        let item = STARTS
            .iter()
            .any(|kw| rest.starts_with(kw) && matches!(rest.get(kw.len()), Some(b' ' | b'\t')));
        if item {
            out.push(start..line);
            start = line;
            from = line + size;
        } else {
            from = line;
        }
    }
    out.push(start..bytes.len());
    out
}

/// Parses one file's text, and also returns pest's pairs when it parsed
/// (`ropa fmt` lays the text out from them, without parsing it again).
pub fn parse_keeping_pairs(
    file: FileId,
    text: &str,
) -> (Parsed, Option<pest::iterators::Pairs<'_, Rule>>) {
    pest_whole(file, text, lexical::scan(file, text))
}

/// [`parse_keeping_pairs`], given the text's lexical scan.
fn pest_whole(
    file: FileId,
    text: &str,
    scan: lexical::Scan,
) -> (Parsed, Option<pest::iterators::Pairs<'_, Rule>>) {
    let want = covers::wanted(text, &scan.comments);
    let mut ends = covers::NodeEnds::default();
    let pairs = match RopaParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(err) => {
            drop(err);
            let (tree, builder, mut problems) =
                recover::parse(file, text, want.then_some(&mut ends));
            let mut parsed = finish(builder, tree, scan, text, want.then_some(&ends));
            problems.append(&mut parsed.problems);
            parsed.problems = problems;
            return (parsed, None);
        }
    };
    if want {
        ends.add_pairs(pairs.clone(), 0);
    }
    let mut builder = build::Builder::new(file);
    let tree = builder.file(pairs.clone());
    let parsed = finish(builder, tree, scan, text, want.then_some(&ends));
    (parsed, Some(pairs))
}

/// The result of a parse whose text followed the grammar, with what each
/// suppression covers recorded when `ends` are given.
fn finish(
    builder: build::Builder,
    tree: ast::File,
    scan: lexical::Scan,
    text: &str,
    ends: Option<&covers::NodeEnds>,
) -> Parsed {
    let has_syntax_error = builder.problems.iter().any(Problem::is_syntax);
    let mut comments = scan.comments;
    if let Some(ends) = ends {
        covers::record(text, &mut comments, ends);
    }
    Parsed {
        file: if has_syntax_error { None } else { Some(tree) },
        problems: builder.problems,
        comments,
    }
}

/// A string literal's body with its escapes resolved (the grammar's
/// `escape`). `bad` is given the digits of each `\\u{...}` that is not a
/// character, which is left out.
fn unescape(raw: &str, mut bad: impl FnMut(&str)) -> compact_str::CompactString {
    use compact_str::CompactString;
    if !raw.contains('\\') {
        return CompactString::from(raw);
    }
    let mut out = CompactString::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) => out.push(ch),
                    None => bad(&hex),
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// An attribute given twice in one block.
fn duplicate(first: Span, second: Span, keyword: &'static str) -> Problem {
    Problem::DuplicateAttribute {
        first,
        second,
        keyword,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of many items, with item keywords at the start of lines
    /// inside a string and a comment, where a cut would break them.
    fn sample() -> String {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&format!(
                "dataset d{i} \"D{i}\" {{\n  fields {{ email: contact.email }}\n  purpose p {{ basis consent }}\n}}\n\n"
            ));
            if i % 7 == 3 {
                text.push_str("controller c \"a name\nflow x -> y\" { country SE }\n");
            }
            if i % 11 == 5 {
                text.push_str("/* a note\ndataset not_one {}\n*/\n");
            }
            text.push_str(&format!("flow d{i} -> c\n"));
        }
        text
    }

    fn whole(text: &str) -> String {
        format!("{:?}", parse_keeping_pairs(FileId(3), text).0)
    }

    #[test]
    fn pieces_cover_the_text_and_cut_only_before_items() {
        let text = sample();
        let cuts = pieces(&text, 100);
        assert!(cuts.len() > 20, "{} pieces", cuts.len());
        assert_eq!(cuts.first().map(|r| r.start), Some(0));
        assert_eq!(cuts.last().map(|r| r.end), Some(text.len()));
        for pair in cuts.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            let next = &text[pair[1].clone()];
            assert!(
                ["dataset ", "flow ", "controller ", "processor "]
                    .iter()
                    .any(|kw| next.starts_with(kw)),
                "{next:?}"
            );
        }
    }

    #[test]
    fn a_file_without_a_place_to_cut_is_one_piece() {
        let text = "dataset a { } ".repeat(100);
        assert_eq!(pieces(&text, 10), vec![0..text.len()]);
    }

    #[test]
    fn parsing_in_pieces_gives_the_tree_of_the_whole_text() {
        let text = sample();
        for size in [1, 50, 100, 333, 4096, text.len()] {
            let got = format!("{:?}", parse_in_pieces(FileId(3), &text, size));
            assert_eq!(got, whole(&text), "pieces of {size} bytes");
        }
        // The comparison sees spans: an item late in the file keeps its place.
        let parsed = parse_in_pieces(FileId(3), &text, 100);
        let last = parsed.file.as_ref().and_then(|f| f.items.last());
        let Some(ast::Item::Flow(flow)) = last else {
            panic!("the last item is a flow: {last:?}");
        };
        assert_eq!(&text[flow.source.span.range()], "d39");
    }

    #[test]
    fn every_fixture_parses_in_pieces_as_it_does_whole() {
        let mut seen = 0;
        for (path, text) in crate::testing::fixture_texts() {
            for size in [1, 64, 1000] {
                let got = format!("{:?}", parse_in_pieces(FileId(3), &text, size));
                assert_eq!(got, whole(&text), "{} in pieces of {size}", path.display());
            }
            seen += 1;
        }
        assert!(seen >= 50, "only {seen} fixtures");
    }

    #[test]
    fn a_broken_file_in_pieces_reports_what_the_whole_text_does() {
        let good = sample();
        for broken in [
            format!("{good}dataset late {{ fields {{ x: }}\n"),
            format!("dataset early {{ purpose }}\n{good}"),
            format!("{good}dataset open \"never closed\n"),
            format!("{good}/* never closed\n"),
            format!("{good}dataset d0 {{ retention 1 day\n retention 2 days }}\n"),
        ] {
            let got = format!("{:?}", parse_in_pieces(FileId(3), &broken, 100));
            assert_eq!(got, whole(&broken));
            assert!(!got.contains("problems: []"), "{got}");
        }
    }
}
