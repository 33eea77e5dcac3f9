//! The syntax tree read straight from the text, for files that pest would
//! accept without a remark.
//!
//! pest's generated parser spends about 230 instructions per byte of a
//! model: a checkpoint, a queue entry and attempt tracking for every rule
//! it tries, then a walk over the pairs to build the tree. On a 45 MB
//! model that is a second of CPU, more than every rule together
//! (docs/performance.md). This reader builds the same [`File`] in one pass
//! over the bytes, and declines (returns `None`) at the first thing it is
//! not sure of, so that [`super::parse`] hands the file to pest, which
//! reports every syntax error and reads every file this one declines:
//!
//! - anything the grammar does not accept;
//! - a character outside the ASCII range anywhere but inside a string or a
//!   comment (identifiers may use any Unicode letter, and pest's tables
//!   decide which characters are letters);
//! - an attribute given twice (E003), a number over `u32`, or a `\u{...}`
//!   escape that is not a character: pest's builder reports them.
//!
//! `grammar/ropa.pest` stays the definition of the language. Each function
//! here names the rule it reads, and follows pest's rules for where blanks
//! and comments may stand: between the parts of a rule (pest's implicit
//! skip), never inside an atomic one. A span ends where pest's pair ends,
//! which for a rule whose last part is optional (`field`, `flow`) is after
//! the blanks that follow it. The fuzz tests (`tests/it/fuzz.rs`) and the
//! unit tests below compare the two trees on every fixture, on generated
//! models and on mutations of the fixtures: a change to the grammar that
//! is not made here shows up there.
//!
//! [`read_with_layout`] also records, as it reads, each construct's shape,
//! tokens and braces ([`Layout`]): `ropa fmt` lays a file out from that
//! record instead of from pest's pairs.

use compact_str::CompactString;

use super::ast::*;
use super::language::{self, key};
use crate::source::{FileId, Span};

/// The reader gave up: pest is to read the file.
struct Decline;

type Read<T> = Result<T, Decline>;

/// The tree of `text`, or `None` when pest is to read it.
pub fn read(file: FileId, text: &str) -> Option<File> {
    Reader::new(file, text, None).file().ok()
}

/// The tree of `text` and how it is laid out, or `None` when pest is to
/// read it: what `ropa fmt` needs, which otherwise walks pest's pairs.
pub fn read_with_layout(file: FileId, text: &str) -> Option<(File, Vec<Layout>)> {
    let mut reader = Reader::new(file, text, Some(Vec::new()));
    let tree = reader.file().ok()?;
    Some((tree, reader.layout.unwrap_or_default()))
}

/// How far the reader got through text that is still being written: the
/// item under the editor's cursor, up to the cursor (`lsp::context`).
#[derive(Debug)]
pub struct Partial {
    /// The layout noted until the reader stopped.
    pub layout: Vec<Layout>,
    /// Where it stopped: the end of the text when it ran out of input.
    pub stop: usize,
}

/// Reads `text` as far as the grammar allows, for the editor: what it
/// does differently from [`read`] is that a name may use any Unicode
/// letter (pest's tables do not matter to a completion) and an attribute
/// given twice is not a reason to stop.
pub fn read_partial(text: &str) -> Partial {
    let mut reader = Reader::new(FileId::default(), text, Some(Vec::new()));
    reader.partial = true;
    let stop = match reader.file() {
        Ok(_) => text.len(),
        Err(Decline) => reader.pos,
    };
    Partial {
        layout: reader.layout.unwrap_or_default(),
        stop,
    }
}

/// One step of a file's layout, in the order of the text: the constructs
/// `ropa fmt` puts on a line or a block of their own, and their tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A construct starts at this byte.
    Begin(Shape, usize),
    /// A token, `start..end`.
    Token(Token, usize, usize),
    /// The `{` of the construct ends at this byte.
    Open(usize),
    /// Its `}`, `start..end`.
    Close(usize, usize),
    /// The construct ends.
    End,
}

/// What a construct is, for its layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `header { ... }`: a party, a dataset, a purpose, `fields`, `consent`.
    Block,
    /// A flow: a line, or a block when it has attributes.
    Flow,
    /// `keyword value, value, ...`.
    List,
    /// `name: category "description"`.
    Field,
    /// Any other attribute: its tokens on one line.
    Line,
}

impl Shape {
    /// How `fmt` lays out an attribute, from what follows its keyword in
    /// the language table.
    fn of(attribute: &language::Attribute) -> Shape {
        match attribute.shape {
            language::Shape::Nested | language::Shape::Named => Shape::Block,
            language::Shape::List | language::Shape::Strs => Shape::List,
            language::Shape::Flag
            | language::Shape::Str
            | language::Shape::Value
            | language::Shape::Retention => Shape::Line,
        }
    }
}

/// What a token is, for its canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A keyword, name or `->`, written as it stands.
    Word,
    /// A string literal.
    Str,
    /// An integer.
    Int,
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    file: FileId,
    /// The layout, when it is asked for.
    layout: Option<Vec<Layout>>,
    /// Reading for the editor ([`read_partial`]).
    partial: bool,
    /// A dataset's fields and purposes as they are read, and a list's
    /// names: each then gets a vector of exactly its length, as from the
    /// builder (`super::build`).
    fields: Vec<Field>,
    purposes: Vec<Purpose>,
    idents: Vec<Ident>,
}

/// Whether `b` may continue an identifier (`ident_char`), for ASCII.
fn continues_name(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The elements of `scratch`, moved into a vector of their exact number;
/// `scratch` keeps its room for the next list.
fn exact<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(scratch.len());
    out.append(scratch);
    out
}

impl<'t> Reader<'t> {
    fn new(file: FileId, text: &'t str, layout: Option<Vec<Layout>>) -> Reader<'t> {
        Reader {
            bytes: text.as_bytes(),
            text,
            pos: 0,
            file,
            layout,
            partial: false,
            fields: Vec::new(),
            purposes: Vec::new(),
            idents: Vec::new(),
        }
    }

    /// Stores a single-valued attribute; a second one is E003, for pest's
    /// builder to report (a partial read keeps the last).
    fn once<T>(&self, slot: &mut Option<T>, value: T) -> Read<()> {
        if slot.is_some() && !self.partial {
            return Err(Decline);
        }
        *slot = Some(value);
        Ok(())
    }

    /// Records a step of the layout, when it is asked for.
    fn note(&mut self, step: Layout) {
        if let Some(layout) = &mut self.layout {
            layout.push(step);
        }
    }

    /// Records a token that ends here.
    fn token(&mut self, kind: Token, start: usize) {
        let end = self.pos;
        self.note(Layout::Token(kind, start, end));
    }

    /// Records the start of an attribute of a block and its keyword.
    fn begin(&mut self, shape: Shape, keyword: Span) {
        let (start, end) = (keyword.start as usize, keyword.end as usize);
        self.note(Layout::Begin(shape, start));
        self.note(Layout::Token(Token::Word, start, end));
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// pest's implicit skip: blanks, a byte-order mark and comments
    /// (`WHITESPACE`, `comment`). An unterminated `/*` is left in place,
    /// for the next token to fail on.
    fn skip(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\n' | b'\t' | b'\r' => self.pos += 1,
                b'/' => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        let rest = &self.bytes[self.pos..];
                        self.pos += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                    }
                    Some(b'*') => match memchr::memmem::find(&self.bytes[self.pos + 2..], b"*/") {
                        Some(n) => self.pos += 2 + n + 2,
                        None => return,
                    },
                    _ => return,
                },
                0xEF if self.bytes[self.pos..].starts_with("\u{FEFF}".as_bytes()) => self.pos += 3,
                _ => return,
            }
        }
    }

    /// The `{` of a block.
    fn open(&mut self) -> Read<()> {
        self.expect(b'{')?;
        self.note(Layout::Open(self.pos));
        Ok(())
    }

    /// One byte of punctuation.
    fn expect(&mut self, b: u8) -> Read<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Decline)
        }
    }

    /// `name`: a letter or `_`, then letters, digits and `_`, all ASCII
    /// (any letter when reading for the editor).
    fn name(&mut self) -> Read<&'t str> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => self.pos += 1,
            Some(b) if !b.is_ascii() && self.partial && self.letter(false) => {}
            _ => return Err(Decline),
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            if continues_name(b) {
                self.pos += 1;
            } else if b.is_ascii() {
                break;
            } else if !self.partial {
                // Perhaps a letter: pest decides.
                return Err(Decline);
            } else if !self.letter(true) {
                break;
            }
        }
        Ok(&self.text[start..self.pos])
    }

    /// For the editor: moves past the character here when it is a letter
    /// (or, after the first, a digit).
    fn letter(&mut self, digits: bool) -> bool {
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.chars().next())
        {
            Some(c) if c.is_alphabetic() || (digits && c.is_numeric()) => {
                self.pos += c.len_utf8();
                true
            }
            _ => false,
        }
    }

    /// The word at the current position, without moving past it (`None`
    /// when no name starts here).
    fn peek_word(&mut self) -> Read<Option<&'t str>> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' || (!b.is_ascii() && self.partial) => {}
            Some(b) if !b.is_ascii() => return Err(Decline),
            _ => return Ok(None),
        }
        let word = self.name()?;
        self.pos = start;
        Ok(Some(word))
    }

    /// A keyword (`kw_*`): its word, whole; returns its span.
    fn keyword(&mut self, word: &str) -> Read<Span> {
        let start = self.pos;
        if self.name()? == word {
            self.token(Token::Word, start);
            Ok(self.span(start))
        } else {
            Err(Decline)
        }
    }

    /// Any value rule that is a `name` (`party_id`, `legal_basis`, ...).
    fn ident(&mut self) -> Read<Ident> {
        let start = self.pos;
        let name = self.name()?;
        self.token(Token::Word, start);
        Ok(Ident {
            name: CompactString::from(name),
            span: self.span(start),
        })
    }

    /// `dotted_name`: names joined by dots, with nothing between.
    fn dotted(&mut self) -> Read<Ident> {
        let start = self.pos;
        self.name()?;
        while self.peek() == Some(b'.') {
            match self.bytes.get(self.pos + 1) {
                Some(&b) if b.is_ascii_alphabetic() || b == b'_' => {
                    self.pos += 1;
                    self.name()?;
                }
                Some(&b) if !b.is_ascii() && !self.partial => return Err(Decline),
                Some(&b) if !b.is_ascii() => {
                    self.pos += 1;
                    self.name()?;
                }
                _ => break,
            }
        }
        self.token(Token::Word, start);
        Ok(Ident {
            name: CompactString::from(&self.text[start..self.pos]),
            span: self.span(start),
        })
    }

    /// `integer`: ASCII digits not followed by an identifier character.
    fn integer(&mut self) -> Read<u32> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        match self.peek() {
            Some(b) if continues_name(b) || !b.is_ascii() => return Err(Decline),
            _ => {}
        }
        self.token(Token::Int, start);
        self.text[start..self.pos].parse().map_err(|_| Decline)
    }

    /// `string`: the literal, quotes included in its span.
    fn string(&mut self) -> Read<Str> {
        let start = self.pos;
        self.expect(b'"')?;
        let body = self.pos;
        let mut escaped = false;
        loop {
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let n = memchr::memchr2(b'"', b'\\', rest).ok_or(Decline)?;
            self.pos += n;
            if self.bytes[self.pos] == b'"' {
                break;
            }
            escaped = true;
            self.escape()?;
        }
        let raw = &self.text[body..self.pos];
        self.pos += 1;
        self.token(Token::Str, start);
        let value = if escaped {
            let mut ok = true;
            let value = super::unescape(raw, |_| ok = false);
            if !ok {
                return Err(Decline);
            }
            value
        } else {
            CompactString::from(raw)
        };
        Ok(Str {
            value,
            span: self.span(start),
        })
    }

    /// `escape`, at its backslash.
    fn escape(&mut self) -> Read<()> {
        self.pos += 1;
        match self.peek() {
            Some(b'"' | b'\\' | b'n' | b't') => self.pos += 1,
            Some(b'u') => {
                self.pos += 1;
                self.expect(b'{')?;
                let digits = self.pos;
                while self.peek().is_some_and(|b| b.is_ascii_hexdigit()) {
                    self.pos += 1;
                }
                if self.pos == digits {
                    return Err(Decline);
                }
                self.expect(b'}')?;
            }
            _ => return Err(Decline),
        }
        Ok(())
    }

    /// `x ~ ("," ~ x)*` for names, after the keyword: the names, in a
    /// vector of exactly their number.
    fn names(&mut self) -> Read<Vec<Ident>> {
        self.skip();
        let first = self.ident()?;
        self.idents.push(first);
        while self.comma()? {
            let next = self.ident()?;
            self.idents.push(next);
        }
        Ok(exact(&mut self.idents))
    }

    /// Whether another list element follows: a `,` after blanks, then
    /// blanks. Without one, the position is left where the list ended.
    fn comma(&mut self) -> Read<bool> {
        let end = self.pos;
        self.skip();
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip();
            Ok(true)
        } else {
            self.pos = end;
            Ok(false)
        }
    }

    /// `kw ~ string`, after the keyword.
    fn keyword_string(&mut self, keyword: Span) -> Read<Attr<Str>> {
        self.skip();
        let value = self.string()?;
        Ok(Attr { keyword, value })
    }

    /// `kw ~ value ~ string?` (`basis`, `special_basis`, `criminal_basis`,
    /// `transfer`), after the keyword.
    fn keyword_basis(&mut self, keyword: Span) -> Read<Attr<Basis>> {
        self.skip();
        let value = self.ident()?;
        self.skip();
        let reference = if self.peek() == Some(b'"') {
            Some(Box::new(self.string()?))
        } else {
            None
        };
        Ok(Attr {
            keyword,
            value: Basis { value, reference },
        })
    }

    /// `transfer ~ mechanism ~ string? ~ tia?`, after the keyword.
    fn transfer(&mut self, keyword: Span) -> Read<Attr<Transfer>> {
        let v = self.keyword_basis(keyword)?;
        let mut value = Transfer {
            mechanism: v.value.value,
            reference: v.value.reference.map(|r| *r),
            tia: None,
        };
        let before = self.pos;
        self.skip();
        if self.peek_word()? == Some("tia") {
            let at = self.keyword("tia")?;
            value.tia = Some(Box::new(self.keyword_string(at)?));
        } else {
            self.pos = before;
        }
        Ok(Attr { keyword, value })
    }

    /// `date`: `YYYY-MM-DD`, not followed by an identifier character.
    fn date(&mut self) -> Read<WrittenDate> {
        let start = self.pos;
        let text = self.bytes.get(start..start + 10).ok_or(Decline)?;
        let shape = text.iter().enumerate().all(|(i, &b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
        if !shape {
            return Err(Decline);
        }
        self.pos += 10;
        match self.peek() {
            Some(b) if continues_name(b) || !b.is_ascii() => return Err(Decline),
            _ => {}
        }
        let date = Date::parse(&self.text[start..self.pos]).ok_or(Decline)?;
        self.token(Token::Word, start);
        Ok(WrittenDate {
            date,
            span: self.span(start),
        })
    }

    /// `source_item` or `cookie`: a name or a string.
    fn name_or_str(&mut self) -> Read<NameOrStr> {
        if self.peek() == Some(b'"') {
            Ok(NameOrStr::Str(self.string()?))
        } else {
            Ok(NameOrStr::Name(self.ident()?))
        }
    }

    /// `x ~ ("," ~ x)*` after a keyword, each `x` read by `item`
    /// (`source`, `cookies`, `law`).
    fn list<T>(&mut self, item: fn(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        self.skip();
        let mut out = vec![item(self)?];
        while self.comma()? {
            out.push(item(self)?);
        }
        Ok(out)
    }

    /// The next attribute's keyword, after blanks; `None` at the block's
    /// closing `}` (which is read).
    fn attribute(&mut self) -> Read<Option<(&'t str, Span)>> {
        self.skip();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.note(Layout::Close(self.pos - 1, self.pos));
            return Ok(None);
        }
        let start = self.pos;
        let word = self.name()?;
        Ok(Some((word, self.span(start))))
    }

    /// `file`: items separated by blanks, to the end of the text.
    fn file(&mut self) -> Read<File> {
        let mut items = Vec::new();
        loop {
            self.skip();
            if self.pos == self.bytes.len() {
                return Ok(File {
                    items,
                    broken: Vec::new(),
                });
            }
            let start = self.pos;
            let word = self.name()?;
            let Some(k) = key::Top::of(word) else {
                return Err(Decline);
            };
            let shape = if k == key::Top::Flow {
                Shape::Flow
            } else {
                Shape::Block
            };
            self.note(Layout::Begin(shape, start));
            self.token(Token::Word, start);
            let item = match k {
                key::Top::Dataset => Item::Dataset(Box::new(self.dataset(start)?)),
                key::Top::Flow => Item::Flow(Box::new(self.flow(start)?)),
                key::Top::Controller => {
                    Item::Party(Box::new(self.party(start, PartyKind::Controller)?))
                }
                key::Top::Processor => {
                    Item::Party(Box::new(self.party(start, PartyKind::Processor)?))
                }
            };
            self.note(Layout::End);
            items.push(item);
        }
    }

    /// `party`, after its keyword.
    fn party(&mut self, start: usize, kind: PartyKind) -> Read<Party> {
        self.skip();
        let id = self.ident()?;
        self.skip();
        let display_name = if self.peek() == Some(b'"') {
            let s = self.string()?;
            self.skip();
            Some(s)
        } else {
            None
        };
        self.open()?;
        let mut p = Party::declared(kind, id, display_name, Span::default());
        while let Some((word, keyword)) = self.attribute()? {
            let Some(k) = key::Party::of(word) else {
                return Err(Decline);
            };
            self.begin(Shape::of(k.attribute()), keyword);
            match k {
                key::Party::Country => {
                    let value = self.names()?;
                    self.once(&mut p.country, Attr { keyword, value })?;
                }
                key::Party::PublicAuthority => self.once(&mut p.public_authority, keyword)?,
                key::Party::Dpo => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut p.dpo, v)?;
                }
                key::Party::Representative => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut p.representative, v)?;
                }
                key::Party::Contact => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut p.contact, v)?;
                }
                key::Party::Dpa => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut p.dpa, v)?;
                }
                key::Party::Transfer => {
                    let v = self.transfer(keyword)?;
                    self.once(&mut p.transfer, v)?;
                }
                key::Party::Subprocessors => {
                    let value = self.names()?;
                    self.once(&mut p.subprocessors, Attr { keyword, value })?;
                }
                key::Party::Law => {
                    let value = self.list(Self::string)?;
                    self.once(&mut p.law, Box::new(Attr { keyword, value }))?;
                }
                key::Party::Market => {
                    let value = self.names()?;
                    self.once(&mut p.market, Box::new(Attr { keyword, value }))?;
                }
            }
            self.note(Layout::End);
        }
        p.span = self.span(start);
        Ok(p)
    }

    /// `dataset`, after its keyword.
    fn dataset(&mut self, start: usize) -> Read<Dataset> {
        self.skip();
        let id = self.ident()?;
        self.skip();
        let display_name = if self.peek() == Some(b'"') {
            let s = self.string()?;
            self.skip();
            Some(s)
        } else {
            None
        };
        self.open()?;
        let mut d = Dataset::declared(id, display_name, Span::default());
        // A dataset's fields and purposes are gathered here, then moved
        // into vectors of their exact length; taken out, so that a purpose
        // read inside does not meet them.
        let mut fields = std::mem::take(&mut self.fields);
        let mut purposes = std::mem::take(&mut self.purposes);
        let read = self.dataset_attributes(&mut d, &mut fields, &mut purposes);
        d.fields = exact(&mut fields);
        d.purposes = exact(&mut purposes);
        self.fields = fields;
        self.purposes = purposes;
        read?;
        d.span = self.span(start);
        Ok(d)
    }

    fn dataset_attributes(
        &mut self,
        d: &mut Dataset,
        fields: &mut Vec<Field>,
        purposes: &mut Vec<Purpose>,
    ) -> Read<()> {
        while let Some((word, keyword)) = self.attribute()? {
            let Some(k) = key::Dataset::of(word) else {
                return Err(Decline);
            };
            self.begin(Shape::of(k.attribute()), keyword);
            match k {
                key::Dataset::Purpose => purposes.push(self.purpose(keyword.start as usize)?),
                key::Dataset::Fields => {
                    if d.fields_keyword.is_none() {
                        d.fields_keyword = Some(keyword);
                    }
                    self.skip();
                    self.open()?;
                    loop {
                        self.skip();
                        if self.peek() == Some(b'}') {
                            self.pos += 1;
                            self.note(Layout::Close(self.pos - 1, self.pos));
                            break;
                        }
                        fields.push(self.field()?);
                    }
                }
                key::Dataset::Retention => {
                    let v = self.retention(keyword)?;
                    self.once(&mut d.retention, v)?;
                }
                key::Dataset::Controller => {
                    let value = self.names()?;
                    self.once(&mut d.controllers, Attr { keyword, value })?;
                }
                key::Dataset::Recipients => {
                    let value = self.names()?;
                    self.once(&mut d.recipients, Attr { keyword, value })?;
                }
                key::Dataset::Subjects => {
                    let value = self.names()?;
                    self.once(&mut d.subjects, Attr { keyword, value })?;
                }
                key::Dataset::Source => {
                    let value = self.list(Self::name_or_str)?;
                    self.once(&mut d.source, Attr { keyword, value })?;
                }
                key::Dataset::Measures => {
                    let value = self.names()?;
                    self.once(&mut d.measures, Attr { keyword, value })?;
                }
                key::Dataset::Arrangement => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut d.arrangement, Box::new(v))?;
                }
                key::Dataset::Cookies => {
                    let value = self.list(Self::name_or_str)?;
                    self.once(&mut d.cookies, Box::new(Attr { keyword, value }))?;
                }
                key::Dataset::Dpia => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut d.dpia, Box::new(v))?;
                }
                key::Dataset::Scale => {
                    self.skip();
                    let value = if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                        Scale::Subjects(self.integer()?)
                    } else {
                        self.keyword("large")?;
                        Scale::Large
                    };
                    self.once(&mut d.scale, Attr { keyword, value })?;
                }
                key::Dataset::Anonymous => self.once(&mut d.anonymous, keyword)?,
                key::Dataset::Owner => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut d.owner, Box::new(v))?;
                }
                key::Dataset::Reviewed => {
                    self.skip();
                    let value = self.date()?;
                    self.once(&mut d.reviewed, Box::new(Attr { keyword, value }))?;
                }
            }
            self.note(Layout::End);
        }
        Ok(())
    }

    /// `field`: its span runs to the end of its last part, or, when the
    /// description is left out, over the blanks after it (pest's skip
    /// before an optional part that is then absent).
    fn field(&mut self) -> Read<Field> {
        let start = self.pos;
        self.note(Layout::Begin(Shape::Field, start));
        let name = self.ident()?;
        self.skip();
        let category = if self.peek() == Some(b':') {
            self.pos += 1;
            self.skip();
            let c = self.dotted()?;
            self.skip();
            Some(c)
        } else {
            None
        };
        let description = if self.peek() == Some(b'"') {
            Some(Box::new(self.string()?))
        } else {
            None
        };
        self.note(Layout::End);
        Ok(Field {
            name,
            category,
            description,
            span: self.span(start),
        })
    }

    /// `purpose`, after its keyword.
    fn purpose(&mut self, start: usize) -> Read<Purpose> {
        self.skip();
        let id = self.ident()?;
        self.skip();
        let description = if self.peek() == Some(b'"') {
            let s = self.string()?;
            self.skip();
            Some(Box::new(s))
        } else {
            None
        };
        self.open()?;
        let mut pu = Purpose::declared(id, description, Span::default());
        while let Some((word, keyword)) = self.attribute()? {
            let Some(k) = key::Purpose::of(word) else {
                return Err(Decline);
            };
            self.begin(Shape::of(k.attribute()), keyword);
            match k {
                key::Purpose::Kind => {
                    self.skip();
                    let value = self.dotted()?;
                    self.once(&mut pu.kind, Attr { keyword, value })?;
                }
                key::Purpose::Basis => {
                    let v = self.keyword_basis(keyword)?;
                    self.once(&mut pu.basis, v)?;
                }
                key::Purpose::SpecialBasis => {
                    let v = self.keyword_basis(keyword)?;
                    self.once(&mut pu.special_basis, Box::new(v))?;
                }
                key::Purpose::CriminalBasis => {
                    let v = self.keyword_basis(keyword)?;
                    self.once(&mut pu.criminal_basis, Box::new(v))?;
                }
                key::Purpose::Consent => {
                    let v = self.consent(keyword)?;
                    self.once(&mut pu.consent, Box::new(v))?;
                }
                key::Purpose::Justification => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut pu.justification, Box::new(v))?;
                }
                key::Purpose::Compatibility => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut pu.compatibility, Box::new(v))?;
                }
                key::Purpose::Profiling => self.once(&mut pu.profiling, keyword)?,
                key::Purpose::AutomatedDecisions => {
                    self.once(&mut pu.automated_decisions, keyword)?
                }
                key::Purpose::Retention => {
                    let v = self.retention(keyword)?;
                    self.once(&mut pu.retention, Box::new(v))?;
                }
                key::Purpose::SoftOptIn => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut pu.soft_opt_in, Box::new(v))?;
                }
                key::Purpose::Objection => {
                    let v = self.keyword_string(keyword)?;
                    self.once(&mut pu.objection, Box::new(v))?;
                }
            }
            self.note(Layout::End);
        }
        pu.span = self.span(start);
        Ok(pu)
    }

    /// `consent { ... }`, after its keyword.
    fn consent(&mut self, keyword: Span) -> Read<Attr<Consent>> {
        self.skip();
        self.open()?;
        let mut c = Consent::default();
        while let Some((word, at)) = self.attribute()? {
            let Some(k) = key::Consent::of(word) else {
                return Err(Decline);
            };
            self.begin(Shape::of(k.attribute()), at);
            match k {
                key::Consent::Withdraw => {
                    let v = self.keyword_string(at)?;
                    self.once(&mut c.withdraw, v)?;
                }
                key::Consent::Record => {
                    let v = self.keyword_string(at)?;
                    self.once(&mut c.record, v)?;
                }
                key::Consent::Bundled => self.once(&mut c.bundled, at)?,
                key::Consent::Implied => self.once(&mut c.implied, at)?,
            }
            self.note(Layout::End);
        }
        Ok(Attr { keyword, value: c })
    }

    /// `retention ~ retention_value`, after the keyword.
    fn retention(&mut self, keyword: Span) -> Read<Attr<Retention>> {
        self.skip();
        let start = self.pos;
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            let value = self.duration()?;
            return Ok(Attr { keyword, value });
        }
        let word = self.name()?;
        self.token(Token::Word, start);
        let value = match word {
            "session" => Retention::Session(self.span(start)),
            "none" => Retention::None(self.span(start)),
            "indefinite" => Retention::Indefinite(self.span(start)),
            "until" => {
                self.skip();
                Retention::Until(self.ident()?)
            }
            "by_law" => {
                self.skip();
                Retention::ByLaw(self.string()?)
            }
            _ => return Err(Decline),
        };
        Ok(Attr { keyword, value })
    }

    /// `duration`: `N unit [after EVENT] [then ACTION]`; its span is the
    /// amount and the unit, as the builder keeps it.
    fn duration(&mut self) -> Read<Retention> {
        let start = self.pos;
        let amount = self.integer()?;
        self.skip();
        let unit_start = self.pos;
        let unit = self.name()?;
        self.token(Token::Word, unit_start);
        let unit = match unit {
            "day" | "days" => Unit::Day,
            "week" | "weeks" => Unit::Week,
            "month" | "months" => Unit::Month,
            "year" | "years" => Unit::Year,
            _ => return Err(Decline),
        };
        let span = self.span(start);
        let before = self.pos;
        self.skip();
        let mut after = None;
        if self.peek_word()? == Some("after") {
            self.keyword("after")?;
            self.skip();
            after = Some(self.ident()?);
        } else {
            self.pos = before;
        }
        let before = self.pos;
        self.skip();
        let mut then = EndAction::Delete;
        if self.peek_word()? == Some("then") {
            self.keyword("then")?;
            self.skip();
            let action_start = self.pos;
            let action = self.name()?;
            self.token(Token::Word, action_start);
            then = match action {
                "delete" => EndAction::Delete,
                "anonymise" => EndAction::Anonymise,
                "archive" => EndAction::Archive,
                _ => return Err(Decline),
            };
        } else {
            self.pos = before;
        }
        Ok(Retention::Duration {
            amount,
            unit,
            after,
            then,
            span,
        })
    }

    /// `flow`, after its keyword. Without a block, its span runs over the
    /// blanks after the target, as pest's does.
    fn flow(&mut self, start: usize) -> Read<Flow> {
        self.skip();
        let source = self.ident()?;
        self.skip();
        let arrow = self.pos;
        self.expect(b'-')?;
        self.expect(b'>')?;
        self.token(Token::Word, arrow);
        self.skip();
        let target = self.ident()?;
        self.skip();
        let mut flow = Flow::declared(source, target, Span::default());
        if self.peek() == Some(b'{') {
            self.open()?;
            while let Some((word, keyword)) = self.attribute()? {
                let Some(k) = key::Flow::of(word) else {
                    return Err(Decline);
                };
                self.begin(Shape::of(k.attribute()), keyword);
                match k {
                    key::Flow::Fields => {
                        let value = self.names()?;
                        self.once(&mut flow.fields, Attr { keyword, value })?;
                    }
                    key::Flow::Purpose => {
                        self.skip();
                        let value = self.ident()?;
                        self.once(&mut flow.purpose, Attr { keyword, value })?;
                    }
                    key::Flow::Anonymised => self.once(&mut flow.anonymised, keyword)?,
                    key::Flow::Pseudonymised => self.once(&mut flow.pseudonymised, keyword)?,
                    key::Flow::When => {
                        let v = self.keyword_string(keyword)?;
                        self.once(&mut flow.when, Box::new(v))?;
                    }
                }
                self.note(Layout::End);
            }
        }
        flow.span = self.span(start);
        Ok(flow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_with_pest;

    /// The tree pest gives, when it gives one without a problem.
    fn by_pest(text: &str) -> Option<File> {
        let parsed = parse_with_pest(FileId(2), text);
        if parsed.problems.is_empty() {
            parsed.file
        } else {
            None
        }
    }

    fn agree(text: &str) -> Option<File> {
        let direct = read(FileId(2), text);
        if let Some(tree) = &direct {
            assert_eq!(Some(tree), by_pest(text).as_ref(), "{text}");
        }
        direct
    }

    #[test]
    fn every_fixture_is_read_as_pest_reads_it() {
        let (mut read_here, mut declined) = (0, Vec::new());
        for (path, text) in crate::testing::fixture_texts() {
            match agree(&text) {
                Some(_) => read_here += 1,
                None if by_pest(&text).is_some() => declined.push((path, text)),
                None => {}
            }
        }
        assert!(read_here >= 50, "only {read_here} fixtures read");
        // A fixture pest reads without remark is declined only for a
        // non-ASCII identifier.
        for (path, text) in declined {
            assert!(!text.is_ascii(), "{} declined", path.display());
        }
    }

    #[test]
    fn spans_end_where_pest_ends_them() {
        for text in [
            "dataset d { fields { a  b: x.y  c: x \"c\" // n\n d /* m */ } }",
            "flow a -> b  // after\n\n/* and */ flow c->d{purpose p}",
            "dataset d{retention 3 days after e then archive purpose p{retention 1 year}}",
            "dataset d { retention 3 days  /* c */ scale 10 }\ndataset e { scale large retention until x }",
            "controller c \"C\" { country SE , NO law \"a\" , \"b\" transfer scc \"x\" public_authority }",
            "\u{FEFF}dataset d \"\\u{e9}\\n\\\"\" { source a, \"b\" cookies \"c\" }",
            "dataset d { purpose p \"x\" { kind a.b.c basis consent consent { withdraw \"w\" bundled } } }",
            // v3: market, tia, objection, owner, reviewed.
            "controller c { market SE , eea transfer scc \"x\" tia \"t\" } processor q { transfer bcr tia\"t\" }",
            "processor q { transfer scc  // c\n dpa \"d\" }",
            "dataset d { owner \"o\" reviewed 2026-02-30 /* c */ purpose p { objection \"e\" } }",
        ] {
            assert!(agree(text).is_some(), "declined: {text}");
        }
    }

    #[test]
    fn what_pest_must_judge_is_declined() {
        for text in [
            // Syntax errors.
            "dataset d { fields { a: } }",
            "dataset d { purpose }",
            "dataset d \"open",
            "dataset d {} /* open",
            "dataset d { retention 3 dayss }",
            "dataset d { retention 3days }",
            "dataset d { fields { a: x. } }",
            "dataset d { source \"\\q\" }",
            // A Unicode identifier, a duplicate, a number too large, a
            // code point that is no character.
            "dataset dé {}",
            "dataset d { retention 1 day retention 2 days }",
            "dataset d { scale 99999999999 }",
            "dataset d \"\\u{d800}\" {}",
            // A date pest does not take, or takes only as a syntax error.
            "dataset d { reviewed 2026-1-05 }",
            "dataset d { reviewed 2026-01-05x }",
            "dataset d { reviewed 20260105 }",
            "dataset d { reviewed 2026-01-01 reviewed 2026-01-02 }",
            "controller c { transfer scc tia }",
        ] {
            assert!(read(FileId(2), text).is_none(), "read: {text}");
        }
    }
}
