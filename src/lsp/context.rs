//! Where the cursor stands: which block, and which attribute's value (if
//! any) is being written.
//!
//! Completion runs while the user types, when the file rarely parses. The
//! item under the cursor is cut out the way the parser cuts a file it
//! recovers from (`syntax::recover::items`), and the language's own fast
//! reader (`syntax::direct::read_partial`) reads it up to the word being
//! typed. Where it runs out of text, the layout it has noted (the blocks
//! it opened and the tokens of the attribute it was reading) says where
//! the cursor is. An earlier line of the item the reader does not accept
//! (a typo) is blanked out and the item read again, so one mistake does
//! not take completion away from the rest of the item.

use std::borrow::Cow;

use crate::syntax::ast::PartyKind;
use crate::syntax::direct::{Layout, Shape as LayoutShape, Token};

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

/// How often an item is read again after blanking a line the reader did
/// not accept.
const RETRIES: usize = 16;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The start of the word (identifier, dotted name or number) that ends at
/// `offset`.
fn word_start(text: &str, offset: usize) -> usize {
    let head = text.get(..offset).unwrap_or("");
    head.char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c) || c == '.')
        .last()
        .map_or(offset, |(i, _)| i)
}

/// The context at `cursor` in `text`.
///
/// Only the item under the cursor is read, so an earlier item left broken
/// while typing (a block not yet closed) cannot change what the cursor's
/// item is.
pub fn at(text: &str, cursor: usize) -> Context {
    let cursor = cursor.min(text.len());
    let word_start = word_start(text, cursor);
    let start = crate::syntax::recover::items(text)
        .into_iter()
        .map(|r| r.start)
        .take_while(|&s| s <= word_start)
        .last()
        .unwrap_or(0);
    let (block, slot) = match text.get(start..word_start) {
        Some(item) => in_item(item),
        None => (Block::Unknown, Slot::NewName),
    };
    Context {
        block,
        slot,
        word_start,
    }
}

/// Nothing to offer: the cursor is in a string, a comment, or a line the
/// language does not read.
const NOWHERE: (Block, Slot) = (Block::Unknown, Slot::NewName);

/// The context at the end of `item`, the start of an item up to the word
/// being typed.
fn in_item(item: &str) -> (Block, Slot) {
    let scan = crate::syntax::lexical::scan(crate::source::FileId::default(), item);
    let in_comment = scan
        .comments
        .last()
        .is_some_and(|c| c.line && c.span.end as usize == item.len());
    if scan.unterminated_string.is_some() || scan.unterminated_comment.is_some() || in_comment {
        return NOWHERE;
    }
    let mut text = Cow::Borrowed(item);
    for _ in 0..RETRIES {
        let read = crate::syntax::direct::read_partial(&text);
        if read.stop >= text.len() {
            return from_layout(&text, &read.layout);
        }
        // The reader stopped at something it does not accept. On the
        // cursor's own line there is nothing to complete; on an earlier
        // one, blank out what it was reading, to the end of that line.
        let Some(eol) = text.get(read.stop..).and_then(|r| r.find('\n')) else {
            return NOWHERE;
        };
        let to = read.stop + eol;
        let walk = Walk::of(&text, &read.layout);
        // The attribute the reader was in (not an opened block), else the
        // word it stopped at.
        let open = walk.stack.last().filter(|f| !f.opened).map(|f| f.start);
        let from = open.unwrap_or_else(|| word_start(&text, read.stop));
        let Some(cut) = text.get(from..to) else {
            return NOWHERE;
        };
        if cut.trim().is_empty() {
            return NOWHERE;
        }
        let blanked = " ".repeat(cut.len());
        text.to_mut().replace_range(from..to, &blanked);
    }
    NOWHERE
}

/// A construct the reader began and has not ended.
struct Frame<'t> {
    shape: LayoutShape,
    /// Where it starts.
    start: usize,
    /// Its tokens so far: the keyword first.
    words: Vec<(&'t str, Token, usize)>,
    opened: bool,
}

impl<'t> Frame<'t> {
    fn word(&self, i: usize) -> &'t str {
        self.words.get(i).map_or("", |w| w.0)
    }

    fn last(&self) -> Option<(&'t str, Token)> {
        self.words.last().map(|&(w, t, _)| (w, t))
    }
}

/// The block a construct opened.
fn block_of(frame: &Frame) -> Block {
    match (frame.shape, frame.word(0)) {
        (LayoutShape::Flow, _) => Block::Flow {
            source: frame.word(1).to_string(),
            target: frame.word(3).to_string(),
        },
        (_, "controller") => Block::Party(PartyKind::Controller),
        (_, "processor") => Block::Party(PartyKind::Processor),
        (_, "dataset") => Block::Dataset(frame.word(1).to_string()),
        (_, "purpose") => Block::Purpose,
        (_, "fields") => Block::Fields,
        (_, "consent") => Block::Consent,
        _ => Block::Unknown,
    }
}

/// The constructs the reader began and had not ended where it stopped,
/// outermost first, and the attribute that ended last in the innermost
/// block when nothing began after it.
struct Walk<'t> {
    stack: Vec<Frame<'t>>,
    ended: Option<Frame<'t>>,
}

impl<'t> Walk<'t> {
    fn of(text: &'t str, layout: &[Layout]) -> Walk<'t> {
        let mut walk = Walk {
            stack: Vec::new(),
            ended: None,
        };
        for step in layout {
            match *step {
                Layout::Begin(shape, start) => {
                    walk.ended = None;
                    walk.stack.push(Frame {
                        shape,
                        start,
                        words: Vec::new(),
                        opened: false,
                    });
                }
                Layout::Token(kind, start, end) => {
                    if let Some(top) = walk.stack.last_mut() {
                        top.words
                            .push((text.get(start..end).unwrap_or(""), kind, end));
                    }
                }
                Layout::Open(_) => {
                    walk.ended = None;
                    if let Some(top) = walk.stack.last_mut() {
                        top.opened = true;
                    }
                }
                Layout::Close(..) => {}
                Layout::End => walk.ended = walk.stack.pop(),
            }
        }
        walk
    }
}

/// The context where the reader ran out of `text`, from the layout it
/// noted.
fn from_layout(text: &str, layout: &[Layout]) -> (Block, Slot) {
    let Walk { stack, ended } = Walk::of(text, layout);
    let block = stack
        .iter()
        .rev()
        .find(|f| f.opened)
        .map_or(Block::Top, block_of);
    let slot = match stack.last() {
        None => after(ended.as_ref()),
        Some(top) if top.opened => after(ended.as_ref()),
        Some(top) => match top.shape {
            LayoutShape::Flow => match top.words.len() {
                1 => Slot::FlowSource,
                3 => Slot::FlowTarget,
                _ => Slot::NewName,
            },
            LayoutShape::Block => Slot::NewName,
            LayoutShape::Field => {
                let colon = top.words.first().is_some_and(|&(_, _, end)| {
                    text.get(end..)
                        .is_some_and(|r| r.trim_start().starts_with(':'))
                });
                if top.words.len() == 1 && colon {
                    Slot::Category
                } else {
                    Slot::NewName
                }
            }
            LayoutShape::List | LayoutShape::Line => value(&block, top),
        },
    };
    (block, slot)
}

/// The slot inside an attribute the reader was reading when the text ran
/// out: the value of its keyword, or of the last keyword inside it.
fn value(block: &Block, attribute: &Frame) -> Slot {
    let keyword = attribute.word(0);
    match attribute.last() {
        Some((_, Token::Int)) if keyword == "retention" => Slot::Unit,
        Some(("until", _)) => Slot::Value("until"),
        Some(("by_law", _)) => Slot::Value("by_law"),
        Some(("after", _)) => Slot::Value("after"),
        Some(("then", _)) => Slot::Value("then"),
        Some(("tia", _)) => Slot::Value("tia"),
        _ => match keywords(block).into_iter().find(|(k, _)| *k == keyword) {
            Some((k, _)) => Slot::Value(k),
            None => Slot::NewName,
        },
    }
}

/// The slot between the attributes of a block, after `ended`: a
/// retention's `after` or `then` may still follow its unit, and a
/// transfer's `tia` its mechanism.
fn after(ended: Option<&Frame>) -> Slot {
    let Some(frame) = ended else {
        return Slot::Keyword;
    };
    let has = |word: &str| frame.words.iter().any(|w| w.0 == word);
    match frame.word(0) {
        "retention" if frame.words.get(1).is_some_and(|w| w.1 == Token::Int) && !has("then") => {
            Slot::AfterUnit
        }
        "transfer" if !has("tia") => Slot::AfterTransfer,
        _ => Slot::Keyword,
    }
}

/// The word (identifier, dotted name or number) at a byte offset, with its range.
pub fn word_at(text: &str, offset: usize) -> Option<(usize, usize, &str)> {
    let offset = offset.min(text.len());
    let start = word_start(text, offset);
    let end = offset
        + text
            .get(offset..)?
            .find(|c: char| !(is_word_char(c) || c == '.'))
            .unwrap_or(text.len() - offset);
    let word = text.get(start..end)?;
    (!word.is_empty()).then_some((start, end, word))
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
            slot("dataset d { /* { */ source \"}\", |"),
            (Block::Dataset("d".into()), Slot::Value("source"))
        );
    }

    #[test]
    fn reads_what_the_fast_reader_alone_would_decline() {
        // Names in any alphabet, as pest reads them.
        assert_eq!(
            slot("dataset kunder_ö { purpose ärende { basis |"),
            (Block::Purpose, Slot::Value("basis"))
        );
        assert_eq!(slot("flow kunder_ö -> |"), (Block::Top, Slot::FlowTarget));
        // An attribute given twice is E003 for the parser, not a reason to
        // lose the cursor's place.
        assert_eq!(
            slot("dataset d { purpose p { basis consent\n basis contract\n |"),
            (Block::Purpose, Slot::Keyword)
        );
    }

    #[test]
    fn a_line_the_reader_does_not_accept_is_skipped_above_the_cursor() {
        // A typo in a unit, an unknown keyword, a string where a name
        // belongs: each on a line of its own above the cursor.
        assert_eq!(
            slot("dataset d {\n  retention 3 yeras\n  purpose p { basis |"),
            (Block::Purpose, Slot::Value("basis"))
        );
        assert_eq!(
            slot("dataset d {\n  purpse p\n  recipients |"),
            (Block::Dataset("d".into()), Slot::Value("recipients"))
        );
        assert_eq!(
            slot("dataset d {\n  recipients \"x\",\n    y\n  |"),
            (Block::Dataset("d".into()), Slot::Keyword)
        );
        // On the cursor's own line there is nothing to offer.
        assert_eq!(
            slot("dataset d { typo { |"),
            (Block::Unknown, Slot::NewName)
        );
        assert_eq!(
            slot("dataset d { purpose p { basis consent 12 |"),
            (Block::Unknown, Slot::NewName)
        );
    }

    #[test]
    fn nothing_is_offered_inside_a_string_or_a_comment() {
        for text in [
            "dataset d { purpose p { basis consent \"see |",
            "dataset d { purpose p { basis consent \"see\n  basis |",
            "dataset d { // basis |",
            "dataset d { /* basis |",
        ] {
            assert_eq!(slot(text), (Block::Unknown, Slot::NewName), "{text}");
        }
        assert_eq!(
            slot("dataset d { // a note\n  |"),
            (Block::Dataset("d".into()), Slot::Keyword)
        );
    }

    /// The seeds' texts.
    fn seeds() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/seeds");
        let mut texts = Vec::new();
        for entry in walkdir::WalkDir::new(dir) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "ropa") {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        assert!(texts.len() >= 5);
        texts
    }

    #[test]
    fn at_the_start_of_every_value_in_the_seeds_the_slot_is_its_attributes() {
        let mut checked = 0;
        for text in seeds() {
            let layout = crate::syntax::direct::read_with_layout(Default::default(), &text)
                .unwrap()
                .1;
            // The first token after an attribute's keyword, and the keyword.
            let mut keyword: Option<&str> = None;
            for step in &layout {
                match *step {
                    Layout::Begin(LayoutShape::List | LayoutShape::Line, _) => keyword = Some(""),
                    Layout::Token(_, start, end) => match keyword {
                        Some("") => keyword = Some(&text[start..end]),
                        Some(k) => {
                            let cx = at(&text, start);
                            assert!(
                                matches!(cx.slot, Slot::Value(v) if v == k),
                                "{k} {}: {:?}",
                                &text[start..end],
                                cx.slot
                            );
                            assert_eq!(cx.word_start, start);
                            checked += 1;
                            keyword = None;
                        }
                        None => {}
                    },
                    _ => keyword = None,
                }
            }
        }
        assert!(checked > 300, "{checked}");
    }

    #[test]
    fn no_offset_of_a_seed_makes_it_panic() {
        for text in seeds() {
            for offset in (0..=text.len()).step_by(17) {
                let cx = at(&text, offset);
                assert!(cx.word_start <= offset);
                let _ = word_at(&text, offset);
            }
        }
    }

    /// A seed with a few pieces of the language, or of nonsense, put in or
    /// cut out at random places; the cursor anywhere. The reader's partial
    /// mode and the blanking must never panic or loop.
    #[test]
    fn edits_of_the_seeds_never_make_it_panic() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
        const PIECES: &[&str] = &[
            "{",
            "}",
            "\"",
            "/*",
            "*/",
            "//",
            "\n",
            ",",
            ":",
            "->",
            "retention 3 ",
            "ärende",
            "purpose p {",
            "consent {",
            "fields {",
            "basis ",
            "transfer scc ",
            "tia ",
            "\u{0}",
            "😀",
            "99999999999",
            "2026-13-45",
        ];
        let texts = seeds();
        let edit = (any::<prop::sample::Index>(), 0..PIECES.len(), 0usize..40);
        let strategy = (
            0..texts.len(),
            prop::collection::vec(edit, 1..6),
            any::<prop::sample::Index>(),
        );
        let config = Config {
            cases: 300,
            failure_persistence: None,
            ..Config::default()
        };
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[15; 32]);
        let mut runner = TestRunner::new_with_rng(config, rng);
        let result = runner.run(&strategy, |(which, edits, cursor)| {
            let mut text = texts[which].clone();
            for (at, piece, cut) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                let mut end = (i + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                text.replace_range(i..end, PIECES[piece]);
            }
            let cursor = cursor.index(text.len() + 1);
            let cx = at(&text, cursor);
            prop_assert!(cx.word_start <= cursor);
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }

    #[test]
    fn the_word_at_an_offset() {
        let text = "kind contact.email, x";
        assert_eq!(word_at(text, 7), Some((5, 18, "contact.email")));
        assert_eq!(word_at(text, 18), Some((5, 18, "contact.email")));
        assert_eq!(word_at(text, 19), None);
        assert_eq!(word_at("ärende", 2), Some((0, 7, "ärende")));
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
