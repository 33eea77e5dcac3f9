//! Where the cursor stands, read from the text alone: which block, and
//! which attribute's value (if any) is being written.
//!
//! Completion runs while the user types, when the file rarely parses, so
//! this works on tokens, not on the syntax tree: it follows the blocks and
//! attributes up to the cursor and tolerates anything it does not know.

/// A token's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword, dots included (`contact.email`).
    Word,
    /// A string literal (possibly unterminated).
    Str,
    /// An integer.
    Number,
    /// `{`
    Open,
    /// `}`
    Close,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `->`
    Arrow,
    /// Anything else.
    Other,
}

/// One token: its kind and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The tokens of `text`, comments skipped.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let kind = match c {
            c if c.is_whitespace() || c == '\u{FEFF}' => continue,
            '/' if next == Some('/') => {
                while chars.next_if(|&(_, c)| c != '\n').is_some() {}
                continue;
            }
            '/' if next == Some('*') => {
                chars.next();
                let mut prev = ' ';
                for (_, c) in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
                continue;
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                Kind::Str
            }
            '{' => Kind::Open,
            '}' => Kind::Close,
            ',' => Kind::Comma,
            ':' => Kind::Colon,
            '-' if next == Some('>') => {
                chars.next();
                Kind::Arrow
            }
            c if c.is_ascii_digit() => {
                while chars.next_if(|&(_, c)| is_word_char(c)).is_some() {}
                Kind::Number
            }
            c if is_word_start(c) => {
                while chars
                    .next_if(|&(_, c)| is_word_char(c) || c == '.')
                    .is_some()
                {}
                Kind::Word
            }
            _ => Kind::Other,
        };
        let end = chars.peek().map_or(text.len(), |&(j, _)| j);
        out.push(Token {
            kind,
            start: i,
            end,
        });
    }
    out
}

use crate::syntax::ast::PartyKind;

/// The block the cursor is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// Between items.
    Top,
    /// `controller`/`processor { ... }`, with which of the two.
    Party(PartyKind),
    /// `dataset ID { ... }`, with its ID.
    Dataset(String),
    /// `purpose ID { ... }` inside a dataset.
    Purpose,
    /// `fields { ... }` inside a dataset.
    Fields,
    /// `consent { ... }` inside a purpose.
    Consent,
    /// `flow SOURCE -> TARGET { ... }`, with its ends.
    Flow {
        /// The source dataset.
        source: String,
        /// The target dataset or party.
        target: String,
    },
    /// A block this reader does not know (a typo before the `{`).
    Unknown,
}

/// What is being written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A keyword: an item, or an attribute of the block.
    Keyword,
    /// The value of this attribute (`basis`, `country`, ...).
    Value(&'static str),
    /// A field's category, after `name:`.
    Category,
    /// The dataset a flow starts from.
    FlowSource,
    /// The dataset or party a flow goes to.
    FlowTarget,
    /// A new name (an item's or purpose's ID, a field's name): nothing to offer.
    NewName,
    /// The unit after a retention's number.
    Unit,
    /// After a retention's unit: `after`, `then`, or the next attribute.
    AfterUnit,
    /// After a `transfer`'s mechanism or reference: `tia`, or the next
    /// attribute.
    AfterTransfer,
}

/// The cursor's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    /// The innermost block.
    pub block: Block,
    /// What is being written.
    pub slot: Slot,
    /// The start of the word under the cursor (the cursor when none).
    pub word_start: usize,
}

pub use crate::syntax::language::Shape;

/// The keywords valid in a block, with their shape, from the language
/// table (`syntax::language`).
pub fn keywords(block: &Block) -> Vec<(&'static str, Shape)> {
    use crate::syntax::language::{attributes, BlockKind};
    let (kind, processor) = match block {
        Block::Top => (BlockKind::Top, false),
        Block::Party(PartyKind::Controller) => (BlockKind::Party, false),
        Block::Party(PartyKind::Processor) => (BlockKind::Party, true),
        Block::Dataset(_) => (BlockKind::Dataset, false),
        Block::Purpose => (BlockKind::Purpose, false),
        Block::Consent => (BlockKind::Consent, false),
        Block::Flow { .. } => (BlockKind::Flow, false),
        Block::Fields | Block::Unknown => return Vec::new(),
    };
    attributes(kind, processor)
        .map(|a| (a.keyword, a.shape))
        .collect()
}

fn shape_of(block: &Block, word: &str) -> Option<(&'static str, Shape)> {
    keywords(block).into_iter().find(|(k, _)| *k == word)
}

/// Where the reader is inside the current block.
#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// Expecting a keyword.
    Keyword,
    /// After `kw`: its value.
    Value(&'static str, Shape),
    /// After a value of `kw`: a comma, a string, or the next keyword.
    AfterValue(&'static str, Shape),
    /// After a block keyword: `{`.
    BlockOpen(&'static str),
    /// After `purpose`/`dataset`/... : the new ID, then maybe a string, then `{`.
    Header(&'static str, u8),
    /// After `flow`: source (0), arrow (1), target (2), then `{` or next item.
    FlowHeader(u8),
    /// Inside `fields { }`: a name (0), after the name (1), after `:` (2).
    Field(u8),
    /// After a retention number: the unit.
    Unit,
    /// After a retention unit: `after`, `then`, or the next keyword.
    AfterUnit,
}

/// The context at `cursor` in `text`.
///
/// Only the item under the cursor is read: the file is cut into items the
/// way the parser cuts a file it recovers from (`syntax::recover::items`),
/// so an earlier item left broken while typing (a block not yet closed)
/// cannot change what the cursor's item is, and the partial item is read
/// token by token as far as the cursor.
pub fn at(text: &str, cursor: usize) -> Context {
    let start = crate::syntax::recover::items(text)
        .into_iter()
        .map(|r| r.start)
        .take_while(|&s| s <= cursor)
        .last()
        .unwrap_or(0);
    match text.get(start..) {
        Some(item) if start > 0 => {
            let mut cx = at_in_item(item, cursor - start);
            cx.word_start += start;
            cx
        }
        _ => at_in_item(text, cursor),
    }
}

/// [`at`] within one item's text (or the whole text).
fn at_in_item(text: &str, cursor: usize) -> Context {
    let all = tokens(text);
    // The word being typed, if the cursor is in or just after one.
    let current = all.iter().find(|t| {
        t.start < cursor && cursor <= t.end && matches!(t.kind, Kind::Word | Kind::Number)
    });
    let word_start = current.map_or(cursor, |t| t.start);
    let before: Vec<Token> = all.into_iter().filter(|t| t.end <= word_start).collect();

    let mut stack: Vec<Block> = vec![Block::Top];
    let mut state = State::Keyword;
    // The pending header of the block an `{` will open.
    let mut pending = Block::Unknown;
    let mut flow = (String::new(), String::new());
    let word = |t: &Token| text.get(t.start..t.end).unwrap_or("");
    for t in &before {
        let block = stack.last().cloned().unwrap_or(Block::Top);
        if t.kind == Kind::Close {
            if stack.len() > 1 {
                stack.pop();
            }
            state = State::Keyword;
            continue;
        }
        if t.kind == Kind::Open {
            let opened = match &state {
                State::BlockOpen("fields") => Block::Fields,
                State::BlockOpen("consent") => Block::Consent,
                State::Header(..) | State::FlowHeader(_) => pending.clone(),
                _ => Block::Unknown,
            };
            stack.push(opened.clone());
            state = if opened == Block::Fields {
                State::Field(0)
            } else {
                State::Keyword
            };
            continue;
        }
        state = match state {
            State::Field(step) => match (step, t.kind) {
                (_, Kind::Colon) => State::Field(2),
                (0, Kind::Word) => State::Field(1),
                (1, Kind::Word) => State::Field(1),
                (2, Kind::Word) | (_, Kind::Str) => State::Field(0),
                _ => State::Field(0),
            },
            State::FlowHeader(step) => match (step, t.kind) {
                (0, Kind::Word) => {
                    flow.0 = word(t).to_string();
                    State::FlowHeader(1)
                }
                (1, Kind::Arrow) => State::FlowHeader(2),
                (2, Kind::Word) => {
                    flow.1 = word(t).to_string();
                    pending = Block::Flow {
                        source: flow.0.clone(),
                        target: flow.1.clone(),
                    };
                    State::FlowHeader(3)
                }
                // A flow without a block: this token starts the next item.
                (3, Kind::Word) => keyword(&block, word(t), &mut pending, &mut flow),
                (s, _) => State::FlowHeader(s),
            },
            State::Header(kw, step) => match (step, t.kind) {
                (0, Kind::Word) => {
                    if kw == "dataset" {
                        pending = Block::Dataset(word(t).to_string());
                    }
                    State::Header(kw, 1)
                }
                (_, _) => State::Header(kw, 1),
            },
            State::Value(kw, shape) => match (kw, t.kind) {
                ("retention", Kind::Number) => State::Unit,
                ("retention", Kind::Word) => match word(t) {
                    "until" => State::Value("until", Shape::Value),
                    "by_law" => State::Value("by_law", Shape::Str),
                    _ => State::AfterValue(kw, shape),
                },
                ("then" | "after", Kind::Word) => State::AfterUnit,
                (_, Kind::Word | Kind::Str | Kind::Number) => State::AfterValue(kw, shape),
                _ => State::Keyword,
            },
            State::Unit => State::AfterUnit,
            State::AfterUnit => match word(t) {
                "after" => State::Value("after", Shape::Value),
                "then" => State::Value("then", Shape::Value),
                w => keyword(&block, w, &mut pending, &mut flow),
            },
            State::AfterValue("transfer", _) if word(t) == "tia" => State::Value("tia", Shape::Str),
            State::AfterValue(kw, shape) => match (t.kind, shape) {
                (Kind::Comma, Shape::List | Shape::Strs) => State::Value(kw, shape),
                (Kind::Str, Shape::Value) => State::AfterValue(kw, shape),
                (Kind::Word, _) => keyword(&block, word(t), &mut pending, &mut flow),
                _ => State::Keyword,
            },
            State::BlockOpen(kw) => State::BlockOpen(kw),
            State::Keyword => match t.kind {
                Kind::Word => keyword(&block, word(t), &mut pending, &mut flow),
                _ => State::Keyword,
            },
        };
    }
    let block = stack.last().cloned().unwrap_or(Block::Top);
    let slot = match state {
        State::AfterValue("transfer", _) => Slot::AfterTransfer,
        State::Keyword | State::AfterValue(..) => Slot::Keyword,
        State::Value(kw, _) => Slot::Value(kw),
        State::Field(2) => Slot::Category,
        State::Field(_) => Slot::NewName,
        State::FlowHeader(0) => Slot::FlowSource,
        State::FlowHeader(2) => Slot::FlowTarget,
        State::FlowHeader(3) => Slot::Keyword,
        State::FlowHeader(_) => Slot::NewName,
        State::Header(..) | State::BlockOpen(_) => Slot::NewName,
        State::Unit => Slot::Unit,
        State::AfterUnit => Slot::AfterUnit,
    };
    Context {
        block,
        slot,
        word_start,
    }
}

/// The state after a keyword of `block` (an unknown word: expect a keyword).
fn keyword(block: &Block, w: &str, pending: &mut Block, flow: &mut (String, String)) -> State {
    let Some((kw, shape)) = shape_of(block, w) else {
        return State::Keyword;
    };
    match (block, shape) {
        (Block::Top, _) => {
            *pending = match kw {
                "controller" => Block::Party(PartyKind::Controller),
                "processor" => Block::Party(PartyKind::Processor),
                "dataset" => Block::Dataset(String::new()),
                _ => Block::Unknown,
            };
            if kw == "flow" {
                *flow = (String::new(), String::new());
                State::FlowHeader(0)
            } else {
                State::Header(kw, 0)
            }
        }
        (_, Shape::Flag) => State::Keyword,
        (_, Shape::Nested) => State::BlockOpen(kw),
        (_, Shape::Named) => {
            *pending = Block::Purpose;
            State::Header(kw, 0)
        }
        (_, shape) => State::Value(kw, shape),
    }
}

/// The word (identifier, dotted name or number) at a byte offset, with its range.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    tokens(text)
        .into_iter()
        .find(|t| {
            matches!(t.kind, Kind::Word | Kind::Number) && t.start <= offset && offset <= t.end
        })
        .and_then(|t| Some((t.start, t.end, text.get(t.start..t.end)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(text: &str) -> (Block, Slot) {
        let cursor = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        let cx = at(&text, cursor);
        (cx.block, cx.slot)
    }

    #[test]
    fn an_earlier_broken_item_does_not_move_the_cursors_block() {
        // `dataset a` and its `fields` are never closed; the cursor's item
        // starts at `dataset b`, as the parser would cut it.
        let text =
            "dataset a {\n  fields { x: contact.email\n\ndataset b {\n  purpose p {\n    basis |";
        assert_eq!(slot(text), (Block::Purpose, Slot::Value("basis")));
        let text = "controller c {\n  country SE,\nflow a -> b { fields x, |";
        assert_eq!(
            slot(text),
            (
                Block::Flow {
                    source: "a".into(),
                    target: "b".into()
                },
                Slot::Value("fields")
            )
        );
    }

    #[test]
    fn reads_blocks_and_attribute_values() {
        assert_eq!(slot("|"), (Block::Top, Slot::Keyword));
        assert_eq!(slot("contr|"), (Block::Top, Slot::Keyword));
        assert_eq!(
            slot("controller a { country SE, |"),
            (Block::Party(PartyKind::Controller), Slot::Value("country"))
        );
        assert_eq!(
            slot("controller a { country SE |"),
            (Block::Party(PartyKind::Controller), Slot::Keyword)
        );
        assert_eq!(
            slot("processor p { transfer s|"),
            (Block::Party(PartyKind::Processor), Slot::Value("transfer"))
        );
        assert_eq!(
            slot("dataset d { purpose p \"x\" { basis |"),
            (Block::Purpose, Slot::Value("basis"))
        );
        assert_eq!(
            slot("dataset d { purpose p { basis consent \"x\" | } }"),
            (Block::Purpose, Slot::Keyword)
        );
        assert_eq!(
            slot("dataset d { fields { a: contact.em|"),
            (Block::Fields, Slot::Category)
        );
        assert_eq!(
            slot("dataset d { fields { a|"),
            (Block::Fields, Slot::NewName)
        );
        assert_eq!(
            slot("dataset d { retention 3 |"),
            (Block::Dataset("d".into()), Slot::Unit)
        );
        assert_eq!(
            slot("dataset d { retention 3 years |"),
            (Block::Dataset("d".into()), Slot::AfterUnit)
        );
        assert_eq!(
            slot("dataset d { retention 3 years then |"),
            (Block::Dataset("d".into()), Slot::Value("then"))
        );
        assert_eq!(slot("flow |"), (Block::Top, Slot::FlowSource));
        assert_eq!(slot("flow a -> |"), (Block::Top, Slot::FlowTarget));
        assert_eq!(
            slot("flow a -> b { fields x, |"),
            (
                Block::Flow {
                    source: "a".into(),
                    target: "b".into()
                },
                Slot::Value("fields")
            )
        );
        assert_eq!(slot("flow a -> b\n|"), (Block::Top, Slot::Keyword));
        assert_eq!(slot("dataset d { } |"), (Block::Top, Slot::Keyword));
        assert_eq!(
            slot("dataset d { /* { */ recipients \"}\", |"),
            (Block::Dataset("d".into()), Slot::Value("recipients"))
        );
    }

    #[test]
    fn reads_the_version_3_attributes() {
        let controller = Block::Party(PartyKind::Controller);
        let processor = Block::Party(PartyKind::Processor);
        assert_eq!(
            slot("controller a { market SE, |"),
            (controller.clone(), Slot::Value("market"))
        );
        assert_eq!(
            slot("processor p { transfer scc |"),
            (processor.clone(), Slot::AfterTransfer)
        );
        assert_eq!(
            slot("processor p { transfer scc \"x\" t|"),
            (processor.clone(), Slot::AfterTransfer)
        );
        assert_eq!(
            slot("processor p { transfer scc \"x\" tia |"),
            (processor.clone(), Slot::Value("tia"))
        );
        assert_eq!(
            slot("processor p { transfer scc tia \"t\" |"),
            (processor.clone(), Slot::Keyword)
        );
        assert_eq!(
            slot("processor p { transfer scc dpa \"d\" |"),
            (processor.clone(), Slot::Keyword)
        );
        assert_eq!(
            slot("dataset d { reviewed |"),
            (Block::Dataset("d".into()), Slot::Value("reviewed"))
        );
        assert_eq!(
            slot("dataset d { owner \"HR\" |"),
            (Block::Dataset("d".into()), Slot::Keyword)
        );
        assert_eq!(
            slot("dataset d { purpose p { objection \"x\" |"),
            (Block::Purpose, Slot::Keyword)
        );
        assert!(keywords(&controller).iter().any(|(k, _)| *k == "market"));
        assert!(!keywords(&processor).iter().any(|(k, _)| *k == "market"));
    }
}
