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
    /// For a suppression (`// ropa: ...`), the byte range it covers: the
    /// outermost node of the syntax tree that starts at the first code
    /// after it (empty when none does, or when it is inside an item that
    /// does not parse). Recorded by the parse, so that suppressions never
    /// parse the file again.
    pub covers: Option<std::ops::Range<u32>>,
}

/// Whether a comment's text is a suppression (`// ropa: ...`).
pub fn is_suppression(text: &str) -> bool {
    text.strip_prefix("//")
        .is_some_and(|body| body.trim_start().starts_with("ropa:"))
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
        // Only `"` and `/` start anything: the bytes between are skipped
        // with a vectorised search rather than one at a time.
        match memchr::memchr2(b'"', b'/', &bytes[i..]) {
            Some(n) => i += n,
            None => break,
        }
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match memchr::memchr2(b'\\', b'"', bytes.get(i..).unwrap_or_default()) {
                        None => {
                            scan.unterminated_string = Some(Span::new(file, start, start + 1));
                            return scan;
                        }
                        Some(n) if bytes[i + n] == b'\\' => i += n + 2,
                        Some(n) => {
                            i += n + 1;
                            break;
                        }
                    }
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = memchr::memchr(b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                scan.comments.push(Comment {
                    span: Span::new(file, i, end),
                    line: true,
                    covers: None,
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(n) => {
                    let end = i + 2 + n + 2;
                    scan.comments.push(Comment {
                        span: Span::new(file, i, end),
                        line: false,
                        covers: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each comment's text, and the two unterminated openings.
    fn seen(text: &str) -> (Vec<&str>, Option<usize>, Option<usize>) {
        let s = scan(FileId(0), text);
        let comments = s.comments.iter().map(|c| &text[c.span.range()]).collect();
        (
            comments,
            s.unterminated_string.map(|sp| sp.start as usize),
            s.unterminated_comment.map(|sp| sp.start as usize),
        )
    }

    #[test]
    fn comments_outside_strings_are_found() {
        let text = "a // one\nb \"x // not /* one\" /* two */ c / d\n// three";
        assert_eq!(
            seen(text),
            (vec!["// one", "/* two */", "// three"], None, None)
        );
    }

    #[test]
    fn escapes_do_not_end_a_string() {
        let text = r#"d "a \" // still \\" // real"#;
        assert_eq!(seen(text), (vec!["// real"], None, None));
    }

    #[test]
    fn unterminated_strings_and_comments_are_located() {
        assert_eq!(seen("a \"open"), (vec![], Some(2), None));
        // A backslash as the last byte escapes nothing.
        assert_eq!(seen("a \"open\\"), (vec![], Some(2), None));
        assert_eq!(seen("a /* open"), (vec![], None, Some(2)));
        assert_eq!(seen("é \"ü"), (vec![], Some(3), None));
    }
}
