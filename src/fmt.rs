//! `ropa fmt`: rewrites `.ropa` files in one canonical layout.
//!
//! The layout:
//!
//! - two spaces of indentation per block level; one attribute, field or flow
//!   attribute per line; one blank line between items;
//! - `fields { ... }` and `consent { ... }` open a block with one entry per
//!   line (`name: category "description"`); an empty block is written `{}`;
//! - lists are joined by `, `; `flow a -> b` has a `{ ... }` block only when
//!   it has attributes;
//! - strings are re-escaped canonically (`\"`, `\\`, `\n`, `\t`; every other
//!   character, `\u{...}` escapes included, is written as itself); integers
//!   lose leading zeros; everything else (attribute order, duplicates, words
//!   such as `day`/`days`, display names, descriptions) is kept as written;
//! - lines end with `\n` (a `\r\n` file comes out with `\n`); the file ends
//!   with one newline; a byte order mark is dropped.
//!
//! Comments: every comment is kept, in its order. A comment that follows
//! code on the same line stays there as a trailing comment (with the other
//! comments of that line). Any other comment is attached to the construct
//! that follows it and written on its own line at that construct's
//! indentation (comments that shared a line stay on one line); a comment
//! written inside a one-line construct (`dpo /* x */ "..."`) moves to the
//! line above it; a comment before a closing `}` stays inside the block.
//!
//! Blank lines: between items there is exactly one. Inside a block, a
//! single blank line the user wrote between two entries (or before or
//! between comments) is kept; several become one; none is kept right after
//! `{` or right before `}`.
//!
//! The formatter works on the text's tokens and constructs, not on
//! [`crate::syntax::ast`], so that nothing written is lost (a repeated
//! attribute, two `fields` blocks): the direct reader's record of them
//! ([`crate::syntax::direct::Layout`]), or pest's pairs for a file that
//! reader leaves to pest.
//! It checks its own output: the output must parse to the same syntax tree
//! (spans aside) with the same comments, or the file is left alone.
//! `fmt --check` writes nothing, so it skips that check: it only compares
//! the output with the text (the check doubled its time on a model whose
//! every file needs formatting).

use std::io::Write;
use std::path::{Path, PathBuf};

use pest::iterators::Pair;

use crate::check;
use crate::exit::{FINDINGS as EXIT_FINDINGS, OK as EXIT_OK, TROUBLE as EXIT_TROUBLE};
use crate::source::{FileId, SourceFile};
use crate::syntax::direct::{Layout, Shape, Token};
use crate::syntax::{self, lexical, Rule};

/// Formats one file's text; `Err` (a human message) when it does not parse,
/// or when its output would not mean what the text means.
pub fn format_source(text: &str) -> Result<String, String> {
    format_text(text, Verify::Yes)
}

/// Whether the formatter checks its output before it is used.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verify {
    /// Parse the output again and compare (before a file is rewritten).
    Yes,
    /// Trust it: `fmt --check` only says whether a file would change, and
    /// writes nothing that the check protects.
    No,
}

fn format_text(text: &str, verify_output: Verify) -> Result<String, String> {
    // A file the direct reader takes is laid out from what it saw; any
    // other from pest's pairs (`syntax::direct`: the two give the same
    // nodes, which the tests check on every fixture and fuzz case).
    if let Some((tree, layout)) = syntax::direct::read_with_layout(FileId(0), text) {
        let comments = lexical::scan(FileId(0), text).comments;
        let items = nodes_from_layout(text, &layout);
        let out = Printer::new(text, &comments).file(&items);
        if verify_output == Verify::Yes && out != text {
            verify(text, &tree, &out)?;
        }
        return Ok(out);
    }
    format_with_pest(text, verify_output)
}

/// [`format_source`], laid out from pest's pairs whatever the file: what
/// the tests compare the direct reader's layout with.
pub fn format_source_with_pest(text: &str) -> Result<String, String> {
    format_with_pest(text, Verify::Yes)
}

fn format_with_pest(text: &str, verify_output: Verify) -> Result<String, String> {
    let (parsed, pairs) = syntax::parse_keeping_pairs(FileId(0), text);
    let (Some(tree), Some(mut pairs)) = (parsed.file, pairs) else {
        return Err(parse_error(text, &parsed.problems));
    };
    let items = match pairs.next() {
        Some(root) => root.into_inner().filter_map(item).collect(),
        None => Vec::new(),
    };
    let out = Printer::new(text, &parsed.comments).file(&items);
    // The same text means the same thing: a formatted file, the usual case
    // of `fmt --check` in CI, is not parsed a third time.
    if verify_output == Verify::Yes && out != text {
        verify(text, &tree, &out)?;
    }
    Ok(out)
}

/// Runs `ropa fmt` on `paths` and returns the exit code.
pub fn run(paths: &[PathBuf], check: bool) -> i32 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let files = match check::discover(&paths) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    };
    // Files are formatted (and, without `--check`, rewritten) in parallel;
    // what is said about them is said in path order.
    let verify_output = if check { Verify::No } else { Verify::Yes };
    let outcomes: Vec<Outcome> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|path| match formatted(path, verify_output) {
                Err(msg) => Outcome::Unformattable(msg),
                Ok(None) => Outcome::Formatted,
                Ok(Some(_)) if check => Outcome::Differs,
                Ok(Some(text)) => match std::fs::write(path, text) {
                    Ok(()) => Outcome::Formatted,
                    Err(e) => Outcome::NotWritten(e.to_string()),
                },
            })
            .collect()
    };
    let mut code = EXIT_OK;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (path, outcome) in files.iter().zip(outcomes) {
        let outcome = match outcome {
            Outcome::Unformattable(msg) => {
                eprintln!("{}: cannot format: {msg}", path.display());
                EXIT_FINDINGS
            }
            Outcome::Formatted => EXIT_OK,
            Outcome::Differs => match writeln!(stdout, "{}", path.display()) {
                Ok(()) => EXIT_FINDINGS,
                Err(e) => {
                    eprintln!("error: cannot write to standard output: {e}");
                    return EXIT_TROUBLE;
                }
            },
            Outcome::NotWritten(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                EXIT_TROUBLE
            }
        };
        code = code.max(outcome);
    }
    if let Err(e) = stdout.flush() {
        eprintln!("error: cannot write to standard output: {e}");
        return EXIT_TROUBLE;
    }
    code
}

/// What `ropa fmt` did with one file.
enum Outcome {
    /// It is formatted (now, or already).
    Formatted,
    /// It is not formatted (`--check`).
    Differs,
    /// It cannot be formatted: a syntax error, or formatting would change it.
    Unformattable(String),
    /// Its formatted text could not be written.
    NotWritten(String),
}

/// The formatted text of the file at `path`, or `None` when it is formatted.
fn formatted(path: &Path, verify_output: Verify) -> Result<Option<String>, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let out = format_text(&text, verify_output)?;
    Ok((out != text).then_some(out))
}

/// The first syntax error, with its line and column.
fn parse_error(text: &str, problems: &[syntax::Problem]) -> String {
    let Some((span, message)) = problems.iter().find_map(|p| match p {
        syntax::Problem::Syntax { span, message, .. } => Some((span, message)),
        syntax::Problem::DuplicateAttribute { .. } => None,
    }) else {
        return "the file does not parse".to_string();
    };
    let at = SourceFile::new(PathBuf::new(), text.to_string()).line_col(span.start);
    format!("{message} (line {}, column {})", at.line, at.column)
}

/// Refuses output that would change the file's meaning or lose a comment.
fn verify(text: &str, tree: &syntax::ast::File, out: &str) -> Result<(), String> {
    let again = syntax::parse(FileId(0), out);
    // Item by item, so that only one item's text is held at a time.
    let same_tree = again.file.as_ref().is_some_and(|t| {
        t.items.len() == tree.items.len()
            && t.items
                .iter()
                .zip(&tree.items)
                .all(|(a, b)| shape(a) == shape(b))
    });
    let comments = |text: &str| -> Vec<String> {
        lexical::scan(FileId(0), text)
            .comments
            .iter()
            .map(|c| comment_text(text, c))
            .collect()
    };
    if same_tree && comments(text) == comments(out) {
        Ok(())
    } else {
        Err(
            "internal error: the formatted text would differ in meaning; \
             the file is left as it is (please report this)"
                .to_string(),
        )
    }
}

/// A part of the syntax tree as text, spans left out.
fn shape(tree: &impl std::fmt::Debug) -> String {
    crate::source::without_spans(|| format!("{tree:?}"))
}

/// A comment as it is written out: no trailing white space, `\n` newlines.
fn comment_text(text: &str, c: &lexical::Comment) -> String {
    let raw = text.get(c.span.range()).unwrap_or("");
    if c.line {
        raw.trim_end().to_string()
    } else {
        raw.replace("\r\n", "\n")
    }
}

// ------------------------------------------------------------------ layout

/// A construct as laid out: one line, or a block with entries.
#[derive(Debug)]
enum Node {
    /// One line of code; `start..end` is what it covers in the source.
    Line {
        start: usize,
        end: usize,
        text: String,
    },
    /// `header {`, the entries, `}`.
    Block {
        start: usize,
        header: String,
        /// The end of the `{`.
        open_end: usize,
        children: Vec<Node>,
        /// The `}`.
        close_start: usize,
        close_end: usize,
    },
}

/// The items of a file as laid out, from the direct reader's record of it
/// ([`syntax::direct::Layout`]): the same nodes as from pest's pairs.
fn nodes_from_layout(text: &str, layout: &[Layout]) -> Vec<Node> {
    let mut at = 0;
    let mut items = Vec::new();
    while let Some(node) = node_from_layout(text, layout, &mut at) {
        items.push(node);
    }
    items
}

/// The construct that begins at `layout[*at]`, and `*at` moved past it.
fn node_from_layout(text: &str, layout: &[Layout], at: &mut usize) -> Option<Node> {
    let &Layout::Begin(shape, start) = layout.get(*at)? else {
        return None;
    };
    *at += 1;
    let mut tokens: Vec<(Token, String)> = Vec::new();
    let mut end = start;
    let mut open_end = None;
    let mut close = None;
    let mut children = Vec::new();
    loop {
        match *layout.get(*at)? {
            Layout::Token(kind, s, e) => {
                let word = text.get(s..e).unwrap_or_default();
                let word = match kind {
                    Token::Str => canonical_string(word),
                    Token::Int => word
                        .parse::<u32>()
                        .map_or_else(|_| word.to_string(), |n| n.to_string()),
                    Token::Word => word.to_string(),
                };
                tokens.push((kind, word));
                end = end.max(e);
                *at += 1;
            }
            Layout::Open(e) => {
                open_end = Some(e);
                *at += 1;
            }
            Layout::Close(s, e) => {
                close = Some((s, e));
                *at += 1;
            }
            Layout::Begin(..) => children.push(node_from_layout(text, layout, at)?),
            Layout::End => {
                *at += 1;
                break;
            }
        }
    }
    let words = || {
        tokens
            .iter()
            .map(|(_, w)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let line = |text: String| Node::Line { start, end, text };
    Some(match shape {
        Shape::Line => line(words()),
        Shape::List => {
            let (keyword, values) = tokens.split_first()?;
            let values: Vec<&str> = values.iter().map(|(_, w)| w.as_str()).collect();
            line(format!("{} {}", keyword.1, values.join(", ")))
        }
        Shape::Field => {
            let mut text = String::new();
            for (i, (kind, word)) in tokens.iter().enumerate() {
                match kind {
                    Token::Word if i > 0 => text.push_str(": "),
                    _ if i > 0 => text.push(' '),
                    _ => {}
                }
                text.push_str(word);
            }
            line(text)
        }
        Shape::Flow if open_end.is_none() => line(words()),
        Shape::Flow if children.is_empty() => Node::Line {
            start,
            end: close.map_or(end, |(_, e)| e),
            text: words(),
        },
        Shape::Block | Shape::Flow => {
            let open_end = open_end.unwrap_or(end);
            let (close_start, close_end) = close.unwrap_or((open_end, open_end));
            Node::Block {
                start,
                header: words(),
                open_end,
                children,
                close_start,
                close_end,
            }
        }
    })
}

/// A top-level item.
fn item(pair: Pair<Rule>) -> Option<Node> {
    match pair.as_rule() {
        Rule::party | Rule::dataset | Rule::flow => Some(node(pair)),
        _ => None,
    }
}

/// Any construct: a flow, a block (it has a `{`), or a one-line attribute.
fn node(pair: Pair<Rule>) -> Node {
    if pair.as_rule() == Rule::flow {
        return flow(pair);
    }
    if pair
        .clone()
        .into_inner()
        .any(|p| p.as_rule() == Rule::open_brace)
    {
        return block(pair);
    }
    let start = pair.as_span().start();
    let mut end = start;
    let text = line_text(pair, &mut end);
    Node::Line { start, end, text }
}

/// `header { entries }`.
fn block(pair: Pair<Rule>) -> Node {
    let start = pair.as_span().start();
    let mut header = Vec::new();
    let mut children = Vec::new();
    let mut open_end = None;
    let mut close = None;
    let mut end = start;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::open_brace => open_end = Some(p.as_span().end()),
            Rule::close_brace => close = Some((p.as_span().start(), p.as_span().end())),
            _ if open_end.is_none() => header.push(words(p, &mut end)),
            _ => children.push(node(p)),
        }
    }
    let open_end = open_end.unwrap_or(end);
    let (close_start, close_end) = close.unwrap_or((open_end, open_end));
    Node::Block {
        start,
        header: header.join(" "),
        open_end,
        children,
        close_start,
        close_end,
    }
}

/// `flow a -> b`, with a block only when it has attributes.
fn flow(pair: Pair<Rule>) -> Node {
    let start = pair.as_span().start();
    let mut header = Vec::new();
    let mut end = start;
    let mut flow_block = None;
    for p in pair.into_inner() {
        if p.as_rule() == Rule::flow_block {
            flow_block = Some(p);
        } else {
            header.push(words(p, &mut end));
        }
    }
    let header = header.join(" ");
    let Some(flow_block) = flow_block else {
        return Node::Line {
            start,
            end,
            text: header,
        };
    };
    let has_attributes = flow_block
        .clone()
        .into_inner()
        .any(|p| !matches!(p.as_rule(), Rule::open_brace | Rule::close_brace));
    if !has_attributes {
        // Comments inside the empty braces move above the flow.
        return Node::Line {
            start,
            end: flow_block.as_span().end(),
            text: header,
        };
    }
    match block(flow_block) {
        Node::Block {
            open_end,
            children,
            close_start,
            close_end,
            ..
        } => Node::Block {
            start,
            header,
            open_end,
            children,
            close_start,
            close_end,
        },
        line => line,
    }
}

/// The text of a one-line construct; `end` becomes the end of its last token.
fn line_text(pair: Pair<Rule>, end: &mut usize) -> String {
    match pair.as_rule() {
        Rule::country
        | Rule::subprocessors
        | Rule::controllers
        | Rule::subjects
        | Rule::source
        | Rule::recipients
        | Rule::cookies
        | Rule::measures
        | Rule::law
        | Rule::market
        | Rule::flow_fields => {
            let mut inner = pair.into_inner();
            let keyword = inner.next().map(|k| words(k, end)).unwrap_or_default();
            let values: Vec<String> = inner.map(|v| words(v, end)).collect();
            format!("{keyword} {}", values.join(", "))
        }
        Rule::field => {
            let mut text = String::new();
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::category => text.push_str(": "),
                    _ if !text.is_empty() => text.push(' '),
                    _ => {}
                }
                text.push_str(&words(p, end));
            }
            text
        }
        _ => words(pair, end),
    }
}

/// The tokens of a construct joined by spaces; `end` becomes the end of the
/// last one (a pair's own span may run over the white space after it).
fn words(pair: Pair<Rule>, end: &mut usize) -> String {
    let mut tokens = Vec::new();
    collect_tokens(pair, &mut tokens, end);
    tokens.join(" ")
}

fn collect_tokens(pair: Pair<Rule>, tokens: &mut Vec<String>, end: &mut usize) {
    let span = pair.as_span();
    let token = match pair.as_rule() {
        Rule::string => canonical_string(span.as_str()),
        Rule::integer => span
            .as_str()
            .parse::<u32>()
            .map_or_else(|_| span.as_str().to_string(), |n| n.to_string()),
        _ => {
            let mut inner = pair.into_inner().peekable();
            if inner.peek().is_some() {
                for p in inner {
                    collect_tokens(p, tokens, end);
                }
                return;
            }
            span.as_str().to_string()
        }
    };
    tokens.push(token);
    *end = (*end).max(span.end());
}

/// A string literal (quotes included) re-escaped canonically.
fn canonical_string(literal: &str) -> String {
    let body = literal
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(literal);
    let mut out = String::with_capacity(body.len() + 2);
    out.push('"');
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            push_escaped(&mut out, c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push_str("\\n"),
            Some('t') => out.push_str("\\t"),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(c) => push_escaped(&mut out, c),
                    // Not reached: such a string is a syntax error (E001).
                    None => {
                        out.push_str("\\u{");
                        out.push_str(&hex);
                        out.push('}');
                    }
                }
            }
            Some(other) => push_escaped(&mut out, other),
            None => out.push_str("\\\\"),
        }
    }
    out.push('"');
    out
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        c => out.push(c),
    }
}

// ------------------------------------------------------------------ printing

/// Whether a blank line may precede the next thing written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Never (the first entry of a block, the first item of a file).
    Never,
    /// When the source had one there.
    Keep,
    /// Always (between items).
    Force,
}

/// Writes nodes and the comments around them.
struct Printer<'a> {
    text: &'a str,
    comments: &'a [lexical::Comment],
    /// The next comment not yet written.
    next: usize,
    /// The end, in the source, of the last thing written.
    last_end: usize,
    out: String,
}

impl<'a> Printer<'a> {
    fn new(text: &'a str, comments: &'a [lexical::Comment]) -> Printer<'a> {
        Printer {
            text,
            comments,
            next: 0,
            last_end: 0,
            out: String::with_capacity(text.len() + text.len() / 8),
        }
    }

    fn file(mut self, items: &[Node]) -> String {
        for (i, item) in items.iter().enumerate() {
            let blank = if i == 0 { Blank::Never } else { Blank::Force };
            self.node(item, 0, blank);
        }
        let blank = if items.is_empty() {
            Blank::Never
        } else {
            Blank::Keep
        };
        self.leading(0, usize::MAX, blank);
        self.out
    }

    fn node(&mut self, node: &Node, indent: usize, blank: Blank) {
        match node {
            Node::Line { start, end, text } => self.line(*start, *end, text, indent, blank),
            Node::Block {
                start,
                header,
                open_end,
                children,
                close_start,
                close_end,
            } => {
                let empty = children.is_empty() && !self.comment_within(*open_end, *close_start);
                if empty {
                    let text = format!("{header} {{}}");
                    self.line(*start, *close_end, &text, indent, blank);
                    return;
                }
                self.line(*start, *open_end, &format!("{header} {{"), indent, blank);
                for (i, child) in children.iter().enumerate() {
                    let blank = if i == 0 { Blank::Never } else { Blank::Keep };
                    self.node(child, indent + 1, blank);
                }
                let blank = if children.is_empty() {
                    Blank::Never
                } else {
                    Blank::Keep
                };
                self.leading(indent + 1, *close_start, blank);
                self.write(indent, "}");
                self.trailing(*close_end);
            }
        }
    }

    /// One line of code covering `start..end` in the source, with the
    /// comments before it and after it on the same line.
    fn line(&mut self, start: usize, end: usize, text: &str, indent: usize, blank: Blank) {
        let had_comments = self.leading(indent, end, blank);
        let blank = if had_comments { Blank::Keep } else { blank };
        self.gap(blank, start);
        self.write(indent, text);
        self.trailing(end);
    }

    /// Whether a comment not yet written starts in `from..to`.
    fn comment_within(&self, from: usize, to: usize) -> bool {
        self.comments
            .get(self.next..)
            .unwrap_or(&[])
            .iter()
            .map(|c| c.span.start as usize)
            .take_while(|start| *start < to)
            .any(|start| start >= from)
    }

    /// Writes, each on its own line, the comments that start before
    /// `before`; returns whether there were any.
    fn leading(&mut self, indent: usize, before: usize, mut blank: Blank) -> bool {
        let mut any = false;
        while let Some(c) = self.comments.get(self.next) {
            let start = c.span.start as usize;
            if start >= before {
                break;
            }
            self.gap(blank, start);
            blank = Blank::Keep;
            any = true;
            let text = comment_text(self.text, c);
            self.next += 1;
            self.write(indent, &text);
            self.trailing(c.span.end as usize);
        }
        any
    }

    /// Appends the comments that follow `end` on the same source line, then
    /// ends the line.
    fn trailing(&mut self, mut end: usize) {
        while let Some(c) = self.comments.get(self.next) {
            let gap = self.text.get(end..c.span.start as usize);
            if !gap.is_some_and(|g| !g.contains('\n') && g.trim().is_empty()) {
                break;
            }
            self.out.push(' ');
            self.out.push_str(&comment_text(self.text, c));
            end = c.span.end as usize;
            self.next += 1;
        }
        self.out.push('\n');
        self.last_end = self.last_end.max(end);
    }

    /// Writes a blank line if `blank` asks for one before `start`.
    fn gap(&mut self, blank: Blank, start: usize) {
        let wanted = match blank {
            Blank::Never => false,
            Blank::Force => true,
            Blank::Keep => start >= self.last_end && self.blank_line_before(start),
        };
        if wanted && !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    /// Whether the white space right before `start` holds a blank line.
    fn blank_line_before(&self, start: usize) -> bool {
        let before = self.text.get(..start).unwrap_or("");
        let space = before
            .chars()
            .rev()
            .take_while(|c| c.is_whitespace() || *c == '\u{FEFF}')
            .filter(|c| *c == '\n')
            .count();
        space >= 2
    }

    fn write(&mut self, indent: usize, text: &str) {
        for _ in 0..indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::shape;
    use crate::source::{FileId, Span};

    #[test]
    fn spans_are_left_out_of_a_shape() {
        let a = (Span::new(FileId(0), 3, 4), "a }");
        let b = (Span::new(FileId(7), 30, 99), "a }");
        assert_eq!(shape(&a), shape(&b));
        assert_eq!(shape(&a), "(_, \"a }\")");
        assert_ne!(shape(&a), shape(&(Span::default(), "b")));
        // Outside `shape`, a span is written out.
        assert_eq!(
            format!("{:?}", a.0),
            "Span { file: FileId(0), start: 3, end: 4 }"
        );
    }

    /// The nodes from pest's pairs.
    fn nodes_by_pest(text: &str) -> Vec<super::Node> {
        let (_, pairs) = crate::syntax::parse_keeping_pairs(FileId(0), text);
        match pairs.and_then(|mut p| p.next()) {
            Some(root) => root.into_inner().filter_map(super::item).collect(),
            None => Vec::new(),
        }
    }

    /// The nodes from the direct reader, when it reads `text`.
    fn nodes_read(text: &str) -> Option<Vec<super::Node>> {
        let (_, layout) = crate::syntax::direct::read_with_layout(FileId(0), text)?;
        Some(super::nodes_from_layout(text, &layout))
    }

    #[test]
    fn the_direct_layout_is_the_layout_of_pests_pairs() {
        let mut read = 0;
        for (path, text) in crate::testing::fixture_texts() {
            if let Some(nodes) = nodes_read(&text) {
                let (a, b) = (
                    format!("{nodes:#?}"),
                    format!("{:#?}", nodes_by_pest(&text)),
                );
                assert_eq!(a, b, "{}", path.display());
                read += 1;
            }
        }
        assert!(read >= 50, "only {read} fixtures read directly");
        for text in [
            "flow a -> b\nflow c -> d {}\nflow e->f { fields x , y purpose p when \"w\" anonymised }",
            "dataset d \"D\" { fields { a b: x.y c \"c\" d: e \"f\" } fields {} }",
            "controller c { country SE, NO law \"a\", \"b\" transfer scc public_authority }",
            "dataset d { retention 007 days after e then archive scale 0010 source a, \"b\" }",
            "dataset d { purpose p \"x\" { consent { withdraw \"w\" bundled } retention by_law \"l\" } }",
            "controller c { market SE ,eea transfer scc \"x\"  tia\"t\" }",
            "dataset d { owner \"o\" reviewed 2026-02-30 purpose p { objection \"e\" } }",
        ] {
            let nodes = nodes_read(text).unwrap_or_else(|| panic!("declined: {text}"));
            assert_eq!(format!("{nodes:#?}"), format!("{:#?}", nodes_by_pest(text)));
        }
    }
}
