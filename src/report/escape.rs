//! Escaping declaration text for each output: HTML (and inline SVG),
//! Markdown, Mermaid labels and CSV cells.

/// Text safe inside HTML or SVG elements and quoted attribute values:
/// `&`, `<`, `>`, `"` and `'` become character references, and control
/// characters other than tab and newline become U+FFFD.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    html_into(&mut out, text);
    out
}

/// [`html`], appended to `out`.
pub fn html_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Runs of bytes that need nothing are copied whole: a report is
    // hundreds of megabytes of escaped text, nearly all of it plain.
    let mut plain = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes need nothing: one table lookup each, and the match
        // below only for the few that may.
        if !HTML_SPECIAL[usize::from(bytes[i])] {
            i += 1;
            continue;
        }
        let (replacement, width) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            b'\t' | b'\n' => {
                i += 1;
                continue;
            }
            b if b < 0x20 || b == 0x7f => ("\u{FFFD}", 1),
            // U+0080 to U+009F, the C1 controls.
            0xc2 if bytes.get(i + 1).is_some_and(|b| (0x80..0xa0).contains(b)) => ("\u{FFFD}", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[plain..i]);
        out.push_str(replacement);
        i += width;
        plain = i;
    }
    out.push_str(&text[plain..]);
}

/// The bytes [`html`] may have to replace: markup characters, controls
/// (tab and newline are let through by the match) and 0xC2, the lead byte
/// of the C1 controls.
static HTML_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table[0x7f] = true;
    table[0xc2] = true;
    table
};

/// Text safe inline in Markdown (a table cell or a list item): HTML is
/// neutralised with character references, Markdown punctuation is
/// backslash-escaped, and line breaks become spaces.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An identifier as Markdown inline code, or escaped text when it could
/// not be one.
pub fn markdown_code(ident: &str) -> String {
    let plain = ident
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-');
    if plain && !ident.is_empty() {
        format!("`{ident}`")
    } else {
        markdown(ident)
    }
}

/// A Mermaid label (inside `"..."`): every character that Mermaid or HTML
/// reads specially becomes a Mermaid entity code (`#lt;`, `#35;`, ...).
pub fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A CSV cell (RFC 4180): a cell that a spreadsheet would read as a
/// formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets
/// a leading `'`; a cell with `,`, `"`, CR or LF is quoted, quotes doubled.
pub fn csv(text: &str, sep: char) -> String {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let cell = if formula {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if cell.contains([sep, ',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character up to U+0FFF (all one- and two-byte UTF-8, so every
    /// lead byte the table can meet) escapes as the definition says, one
    /// character at a time.
    #[test]
    fn html_agrees_with_its_definition_on_every_short_character() {
        for c in (0..0x1000u32).filter_map(char::from_u32) {
            let want = match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                '\t' | '\n' => c.to_string(),
                c if c.is_control() => "\u{FFFD}".to_string(),
                c => c.to_string(),
            };
            assert_eq!(html(&format!("a{c}b")), format!("a{want}b"), "{:?}", c);
        }
    }

    #[test]
    fn html_escapes_the_five() {
        assert_eq!(
            html("<img src=x onerror='a'>&\""),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;"
        );
        assert_eq!(html("a\u{0}b"), "a\u{FFFD}b");
        // C1 controls too; other text, multi-byte included, is kept.
        assert_eq!(html("é\u{85}ü\t<\u{7f}ö"), "é\u{FFFD}ü\t&lt;\u{FFFD}ö");
        assert_eq!(html("\u{a0}Â"), "\u{a0}Â");
    }

    #[test]
    fn markdown_neutralises_html_and_tables() {
        assert_eq!(markdown("<b>|x_y"), "&lt;b&gt;\\|x\\_y");
        assert_eq!(markdown_code("a_b"), "`a_b`");
        assert_eq!(markdown_code("a`b"), "a\\`b");
    }

    #[test]
    fn mermaid_entities() {
        assert_eq!(mermaid("<s>\"#"), "#lt;s#gt;#quot;#35;");
    }

    #[test]
    fn csv_quotes_and_neutralises() {
        assert_eq!(csv("plain", ','), "plain");
        assert_eq!(csv("a,b", ','), "\"a,b\"");
        assert_eq!(csv("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("=1+1", ','), "'=1+1");
        assert_eq!(csv("-2", ','), "'-2");
        assert_eq!(csv("@x,y", ','), "\"'@x,y\"");
        assert_eq!(csv("\tx", ','), "'\tx");
        assert_eq!(csv("a\r\nb", ','), "\"a\r\nb\"");
        // A `;`-separated (Swedish) table quotes a `;` too.
        assert_eq!(csv("a;b", ';'), "\"a;b\"");
        assert_eq!(csv("a;b", ','), "a;b");
    }
}
