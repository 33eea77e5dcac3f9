//! Text to syntax tree: the pest grammar, the tree builder, and syntax
//! errors in words a user understands.

pub mod ast;
mod build;
pub mod lexical;
mod messages;

use pest::Parser as _;

use crate::finding::Finding;
use crate::rules::input::{e001_syntax_error, e003_duplicate_attribute};
use crate::source::{FileId, Span};

/// The pest parser generated from `grammar/ropa.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ropa.pest"]
pub struct RopaParser;

/// The result of parsing one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree; `None` when the file has a syntax error.
    pub file: Option<ast::File>,
    /// Syntax errors (E001) and duplicate attributes (E003).
    pub findings: Vec<Finding>,
    /// Every comment of the file.
    pub comments: Vec<lexical::Comment>,
}

/// Parses one file's text.
pub fn parse(file: FileId, text: &str) -> Parsed {
    let scan = lexical::scan(file, text);
    let pairs = match RopaParser::parse(Rule::file, text) {
        Ok(pairs) => pairs,
        Err(err) => {
            let finding = if let Some(span) = scan.unterminated_string {
                e001_syntax_error::finding(
                    span,
                    "this string is never closed",
                    "add the closing `\"`",
                )
            } else if let Some(span) = scan.unterminated_comment {
                e001_syntax_error::finding(
                    span,
                    "this comment is never closed",
                    "add the closing `*/`",
                )
            } else {
                messages::from_pest(file, text, &err)
            };
            return Parsed {
                file: None,
                findings: vec![finding],
                comments: scan.comments,
            };
        }
    };
    let mut builder = build::Builder::new(file);
    let tree = builder.file(pairs);
    let has_syntax_error = builder
        .findings
        .iter()
        .any(|f| f.rule.code == e001_syntax_error::RULE.code);
    Parsed {
        file: if has_syntax_error { None } else { Some(tree) },
        findings: builder.findings,
        comments: scan.comments,
    }
}

/// Reports an attribute given twice in one block.
fn duplicate(first: Span, second: Span, keyword: &str) -> Finding {
    e003_duplicate_attribute::finding(first, second, keyword)
}
