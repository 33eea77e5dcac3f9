//! Text to syntax tree: the pest grammar, the tree builder, and syntax
//! errors in words a user understands.

pub mod ast;
mod build;
pub mod lexical;
mod messages;

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

/// Parses one file's text.
pub fn parse(file: FileId, text: &str) -> Parsed {
    parse_keeping_pairs(file, text).0
}

/// Parses one file's text, and also returns pest's pairs when it parsed
/// (`ropa fmt` lays the text out from them, without parsing it again).
pub fn parse_keeping_pairs(
    file: FileId,
    text: &str,
) -> (Parsed, Option<pest::iterators::Pairs<'_, Rule>>) {
    let scan = lexical::scan(file, text);
    let pairs = match RopaParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(err) => {
            let finding = if let Some(span) = scan.unterminated_string {
                Problem::syntax(span, "this string is never closed", "add the closing `\"`")
            } else if let Some(span) = scan.unterminated_comment {
                Problem::syntax(span, "this comment is never closed", "add the closing `*/`")
            } else {
                messages::from_pest(file, text, &err)
            };
            let parsed = Parsed {
                file: None,
                problems: vec![finding],
                comments: scan.comments,
            };
            return (parsed, None);
        }
    };
    let mut builder = build::Builder::new(file);
    let tree = builder.file(pairs.clone());
    let has_syntax_error = builder.problems.iter().any(Problem::is_syntax);
    let parsed = Parsed {
        file: if has_syntax_error { None } else { Some(tree) },
        problems: builder.problems,
        comments: scan.comments,
    };
    (parsed, Some(pairs))
}

/// An attribute given twice in one block.
fn duplicate(first: Span, second: Span, keyword: &'static str) -> Problem {
    Problem::DuplicateAttribute {
        first,
        second,
        keyword,
    }
}
