//! A light pass over the raw text: comments (for suppressions and `ropa
//! fmt`) and unterminated strings or comments (for a precise E001).

use crate::source::{FileId, Span};

/// A comment in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment, delimiters included.
    pub span: Span,
    /// Whether it is a `//` comment (else `/* */`).
    pub line: bool,
}

/// What the scan found.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every comment, in order.
    pub comments: Vec<Comment>,
    /// The opening of a string that is never closed.
    pub unterminated_string: Option<Span>,
    /// The opening of a `/*` comment that is never closed.
    pub unterminated_comment: Option<Span>,
}

/// Scans `text` for comments, skipping string literals.
pub fn scan(file: FileId, text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut scan = Scan::default();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match bytes.get(i) {
                        None => {
                            scan.unterminated_string = Some(Span::new(file, start, start + 1));
                            return scan;
                        }
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                scan.comments.push(Comment {
                    span: Span::new(file, i, end),
                    line: true,
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(n) => {
                    let end = i + 2 + n + 2;
                    scan.comments.push(Comment {
                        span: Span::new(file, i, end),
                        line: false,
                    });
                    i = end;
                }
                None => {
                    scan.unterminated_comment = Some(Span::new(file, i, i + 2));
                    return scan;
                }
            },
            _ => i += 1,
        }
    }
    scan
}

fn memchr(needle: u8, haystack: &[u8]) -> Option<usize> {
    haystack.iter().position(|b| *b == needle)
}
