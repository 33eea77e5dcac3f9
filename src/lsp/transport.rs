//! JSON-RPC over stdin and stdout with `Content-Length` framing.
//!
//! lsp-server's own stdio transport ends its reader on the first malformed
//! message; an editor's language server must not stop because one message
//! was bad. This reader answers what it can (a parse error, an invalid
//! request) and looks for the next `Content-Length` header.

use std::io::{self, BufRead, Write};

use lsp_server::{ErrorCode, Message};
use serde_json::{json, Value};

/// What came in.
#[derive(Debug)]
pub enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A message that could not be read: answered with this error.
    Invalid {
        /// The request's ID, when one could be read (else `null`).
        id: Value,
        /// The JSON-RPC error code.
        code: ErrorCode,
        /// What was wrong.
        message: String,
    },
}

/// The largest message accepted (64 MiB): a bigger `Content-Length` is a
/// broken header, not a file.
const MAX_LEN: usize = 64 << 20;

/// Reads the next message; `None` at the end of the input.
pub fn read(input: &mut impl BufRead) -> io::Result<Option<Incoming>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        // A header may follow garbage on the same line (the rest of a
        // body whose length was wrong): find it anywhere.
        if let Some(at) = text.to_ascii_lowercase().find("content-length:") {
            let value = text[at + "content-length:".len()..].trim();
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("`Content-Length: {value}` is not a length")),
            );
        }
    }
    let length = match length {
        Some(Ok(n)) if n <= MAX_LEN => n,
        Some(Ok(n)) => {
            return Ok(Some(invalid(
                ErrorCode::ParseError,
                format!("a message of {n} bytes is too large"),
            )))
        }
        Some(Err(e)) => return Ok(Some(invalid(ErrorCode::ParseError, e))),
        None => return Ok(None),
    };
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(parse(&body)))
}

fn invalid(code: ErrorCode, message: String) -> Incoming {
    Incoming::Invalid {
        id: Value::Null,
        code,
        message,
    }
}

/// One message body as a message, or the error to answer.
pub fn parse(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return invalid(ErrorCode::ParseError, format!("not JSON: {e}")),
    };
    let id = value.get("id").cloned().unwrap_or(Value::Null);
    if !value.is_object() {
        return invalid(
            ErrorCode::InvalidRequest,
            "a message is a JSON object".into(),
        );
    }
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Invalid {
            // Only a string or number can be echoed back as an ID.
            id: if id.is_string() || id.is_number() {
                id
            } else {
                Value::Null
            },
            code: ErrorCode::InvalidRequest,
            message: format!("not a JSON-RPC request, response or notification: {e}"),
        },
    }
}

/// Writes one message.
pub fn write(out: &mut impl Write, message: &Message) -> io::Result<()> {
    message.write(out)
}

/// Writes an error response for a message that could not be read.
pub fn write_error(
    out: &mut impl Write,
    id: Value,
    code: ErrorCode,
    message: &str,
) -> io::Result<()> {
    let body = json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code as i32, "message": message },
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reads_past_a_bad_message_to_the_next_good_one() {
        let text = format!(
            "{}{}garbage\r\n{}",
            frame("{not json"),
            frame("[1,2]"),
            frame(r#"{"jsonrpc":"2.0","method":"exit"}"#)
        );
        let mut input = io::Cursor::new(text.into_bytes());
        assert!(matches!(
            read(&mut input).unwrap(),
            Some(Incoming::Invalid {
                code: ErrorCode::ParseError,
                ..
            })
        ));
        assert!(matches!(
            read(&mut input).unwrap(),
            Some(Incoming::Invalid {
                code: ErrorCode::InvalidRequest,
                ..
            })
        ));
        assert!(matches!(
            read(&mut input).unwrap(),
            Some(Incoming::Message(_))
        ));
        assert!(read(&mut input).unwrap().is_none());
    }
}
