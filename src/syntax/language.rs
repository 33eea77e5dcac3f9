//! The language's blocks and attributes, in one table.
//!
//! `grammar/ropa.pest` defines what parses; this table says, for each
//! block, which keywords it takes, what follows each one, which vocabulary
//! its values come from, and an example. The parser's error words, the
//! language server's completion and context, the policy keys,
//! `docs/language.md` and the fast reader read it: the reader matches on
//! the keyword enums the table defines ([`key`]), so an attribute added to
//! the table and not read there does not compile, and the layout it notes
//! for `fmt` follows the attribute's shape here. A test
//! (`tests/it/language_table.rs`) fails when the grammar, this table, the
//! completion and the policy keys disagree, and when the fast reader and
//! pest read an example differently.
//!
//! Adding an attribute: the grammar, this table, the fast reader's arm
//! for it and pest's builder (`build.rs`), the model code that uses it,
//! and its tests.

use crate::vocabulary::Vocab;

/// What follows an attribute's keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A flag: nothing.
    Flag,
    /// A string.
    Str,
    /// One or more strings, comma-separated.
    Strs,
    /// One value, then an optional string.
    Value,
    /// Values, comma-separated.
    List,
    /// A block (`fields {`, `consent {`).
    Nested,
    /// `purpose ID ["..."] {`, and the items.
    Named,
    /// A retention period.
    Retention,
}

/// One attribute (or item) keyword of a block.
#[derive(Debug)]
pub struct Attribute {
    /// The keyword.
    pub keyword: &'static str,
    /// What follows it.
    pub shape: Shape,
    /// The vocabulary its values come from, if a closed or known one.
    pub vocab: Option<Vocab>,
    /// The other keywords written inside it (`tia` in a `transfer`,
    /// `after` in a retention).
    pub words: &'static [&'static str],
    /// Only on a `controller`, not on a `processor` (`market`).
    pub controller_only: bool,
    /// One line on what it states.
    pub about: &'static str,
    /// A line that writes it, as it appears in its block.
    pub example: &'static str,
}

/// A block and its keywords.
#[derive(Debug)]
pub struct Block {
    /// Which block.
    pub kind: BlockKind,
    /// How an error message names one of its keywords ("a purpose
    /// attribute").
    pub member: &'static str,
    /// Its keywords, in the order the reference lists them.
    pub attributes: &'static [Attribute],
}

/// An attribute; its keyword is set by `language!`.
const fn attr(shape: Shape, about: &'static str, example: &'static str) -> Attribute {
    Attribute {
        keyword: "",
        shape,
        vocab: None,
        words: &[],
        controller_only: false,
        about,
        example,
    }
}

/// An attribute whose values come from vocabulary `v`.
const fn vocab(shape: Shape, v: Vocab, about: &'static str, example: &'static str) -> Attribute {
    Attribute {
        vocab: Some(v),
        ..attr(shape, about, example)
    }
}

/// The forms of a retention that are not a duration.
pub const RETENTION_FORMS: &[&str] = &["session", "none", "until", "by_law", "indefinite"];

/// Every keyword written inside a retention: its forms, and `after` and
/// `then` of a duration.
const RETENTION_WORDS: &[&str] = &[
    "session",
    "none",
    "until",
    "by_law",
    "indefinite",
    "after",
    "then",
];

/// Defines the language's blocks from one list: [`BlockKind`], the table
/// [`BLOCKS`], and for each block an enum of its keywords in [`key`]
/// (`key::Party::of("country")`), in the table's order. The fast reader
/// matches on those enums, so a keyword added here and not read there is
/// a compile error, and what it notes for `fmt` comes from the table.
macro_rules! language {
    ($(
        $(#[$doc:meta])*
        $block:ident $member:literal {
            $( $key:ident $kw:literal => $attr:expr ),* $(,)?
        }
    )*) => {
        /// A block of the language: where attributes are written.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum BlockKind {
            $( $(#[$doc])* $block, )*
        }

        /// Every block of the language, in [`BlockKind`]'s order.
        pub static BLOCKS: &[Block] = &[
            $( Block {
                kind: BlockKind::$block,
                member: $member,
                attributes: &[ $( Attribute { keyword: $kw, ..$attr } ),* ],
            }, )*
        ];

        /// Each block's keywords as an enum, in the table's order.
        pub mod key {
            $(
                #[doc = concat!("A keyword of the block `", stringify!($block), "`.")]
                #[derive(Debug, Clone, Copy, PartialEq, Eq)]
                pub enum $block {
                    $( #[doc = concat!("`", $kw, "`")] $key, )*
                }

                impl $block {
                    /// The keyword written `word`, if the block has it.
                    #[inline]
                    pub fn of(word: &str) -> Option<$block> {
                        match word {
                            $( $kw => Some($block::$key), )*
                            _ => None,
                        }
                    }

                    /// Its entry in the table.
                    pub fn attribute(self) -> &'static super::Attribute {
                        &super::BLOCKS[super::BlockKind::$block as usize].attributes[self as usize]
                    }
                }
            )*
        }
    };
}

language! {
    /// The top of a file: items.
    Top "an item" {
        Controller "controller" => attr(
            Shape::Named,
            "an organisation that decides why and how data is processed (Art. 4(7))",
            "controller acme \"Acme AB\" { country SE }",
        ),
        Processor "processor" => attr(
            Shape::Named,
            "an organisation that processes data on a controller's behalf (Art. 4(8), 28)",
            "processor mailer \"Mailer Inc.\" { country US transfer dpf }",
        ),
        Dataset "dataset" => attr(
            Shape::Named,
            "a body of personal data kept for one or more purposes: an Art. 30 entry",
            "dataset applicants \"Job applicants\" { controller acme }",
        ),
        Flow "flow" => attr(
            Shape::Named,
            "data sent from a dataset to another dataset or a party",
            "flow applicants -> mailer { fields email purpose notify }",
        ),
    }
    /// `controller ID { ... }` or `processor ID { ... }`.
    Party "a party attribute" {
        Country "country" => attr(
            Shape::List,
            "where it is established or processes the data (Chapter V)",
            "country SE",
        ),
        PublicAuthority "public_authority" => attr(
            Shape::Flag,
            "a public authority or body (Art. 6(1) last subparagraph, Art. 37(1)(a))",
            "public_authority",
        ),
        Dpo "dpo" => attr(
            Shape::Str,
            "its data protection officer (Art. 37)",
            "dpo \"dpo@acme.se\"",
        ),
        Representative "representative" => attr(
            Shape::Str,
            "its representative in the Union (Art. 27)",
            "representative \"Rep GmbH, Berlin\"",
        ),
        Contact "contact" => attr(
            Shape::Str,
            "its contact details (Art. 30(1)(a))",
            "contact \"privacy@acme.se\"",
        ),
        Dpa "dpa" => attr(
            Shape::Str,
            "the data processing agreement with it (Art. 28(3))",
            "dpa \"DPA 2024-03\"",
        ),
        Transfer "transfer" => Attribute {
            words: &["tia"],
            ..vocab(
                Shape::Value,
                Vocab::Mechanism,
                "the Chapter V safeguard for transfers to it, and its transfer impact assessment",
                "transfer scc \"SCC 2021/914, module 2\" tia \"TIA 2025-01\"",
            )
        },
        Subprocessors "subprocessors" => attr(
            Shape::List,
            "the processors it engages in turn (Art. 28(2), (4))",
            "subprocessors cloud",
        ),
        Law "law" => attr(
            Shape::Strs,
            "the national laws it names for its processing",
            "law \"dataskyddslagen (2018:218)\"",
        ),
        Market "market" => Attribute {
            controller_only: true,
            ..attr(
                Shape::List,
                "the countries whose residents its services target (national ePrivacy law)",
                "market SE, NO",
            )
        },
    }
    /// `dataset ID { ... }`.
    Dataset "a dataset attribute" {
        Controller "controller" => attr(
            Shape::List,
            "its controller, or its joint controllers (Art. 26)",
            "controller acme",
        ),
        Arrangement "arrangement" => attr(
            Shape::Str,
            "the joint controllers' arrangement (Art. 26(1))",
            "arrangement \"Joint controller agreement 2024\"",
        ),
        Subjects "subjects" => vocab(
            Shape::List,
            Vocab::Subject,
            "the categories of data subjects (Art. 30(1)(c))",
            "subjects applicant",
        ),
        Source "source" => attr(
            Shape::List,
            "where the data comes from when not from the data subject (Art. 14(2)(f))",
            "source data_subject",
        ),
        Fields "fields" => Attribute {
            vocab: Some(Vocab::Category),
            ..attr(
                Shape::Nested,
                "its fields with their data categories (Art. 30(1)(c))",
                "fields { email: contact.email }",
            )
        },
        Purpose "purpose" => attr(
            Shape::Named,
            "a purpose of the processing (Art. 5(1)(b), 30(1)(b))",
            "purpose notify \"Tell applicants about their case\" { basis contract }",
        ),
        Retention "retention" => Attribute {
            words: RETENTION_WORDS,
            ..attr(
                Shape::Retention,
                "how long the data is kept (Art. 5(1)(e), 30(1)(f))",
                "retention 24 months after case_closed then delete",
            )
        },
        Recipients "recipients" => attr(
            Shape::List,
            "the parties it is disclosed to (Art. 30(1)(d))",
            "recipients mailer",
        ),
        Cookies "cookies" => attr(
            Shape::List,
            "the cookies or similar technologies that collect it (ePrivacy Art. 5(3))",
            "cookies \"_ga\"",
        ),
        Measures "measures" => vocab(
            Shape::List,
            Vocab::Measure,
            "the technical and organisational security measures (Art. 30(1)(g), 32)",
            "measures encryption, access_control",
        ),
        Dpia "dpia" => attr(
            Shape::Str,
            "the data protection impact assessment made (Art. 35)",
            "dpia \"DPIA 2025-02\"",
        ),
        Scale "scale" => Attribute {
            words: &["large"],
            ..attr(
                Shape::Value,
                "how many people it concerns (`large` or a number; Art. 35(3))",
                "scale large",
            )
        },
        Anonymous "anonymous" => attr(
            Shape::Flag,
            "it holds no personal data (recital 26)",
            "anonymous",
        ),
        Owner "owner" => attr(
            Shape::Str,
            "who answers for the processing inside the organisation",
            "owner \"Head of HR\"",
        ),
        Reviewed "reviewed" => attr(
            Shape::Value,
            "when the entry was last reviewed (`YYYY-MM-DD`)",
            "reviewed 2026-03-31",
        ),
    }
    /// `purpose ID { ... }` inside a dataset.
    Purpose "a purpose attribute" {
        Kind "kind" => vocab(
            Shape::Value,
            Vocab::Kind,
            "what kind of purpose it is",
            "kind recruitment",
        ),
        Basis "basis" => vocab(
            Shape::Value,
            Vocab::Basis,
            "its legal basis, with the reference that supports it (Art. 6(1))",
            "basis legal_obligation \"Bokföringslagen (1999:1078)\"",
        ),
        SpecialBasis "special_basis" => vocab(
            Shape::Value,
            Vocab::Art9,
            "its condition for special categories (Art. 9(2))",
            "special_basis employment_law \"Arbetsmiljölagen\"",
        ),
        CriminalBasis "criminal_basis" => vocab(
            Shape::Value,
            Vocab::Art10,
            "what authorises its criminal-offence data (Art. 10)",
            "criminal_basis law \"Lag (2010:1882)\"",
        ),
        Consent "consent" => attr(
            Shape::Nested,
            "how consent is given, recorded and withdrawn (Art. 7)",
            "consent { withdraw \"Settings page\" record \"consent_log\" }",
        ),
        SoftOptIn "soft_opt_in" => attr(
            Shape::Str,
            "marketing to customers under the national soft opt-in (ePrivacy Art. 13(2))",
            "soft_opt_in \"Customers of similar products, opt-out in every mail\"",
        ),
        Retention "retention" => Attribute {
            words: RETENTION_WORDS,
            ..attr(
                Shape::Retention,
                "how long data is kept for this purpose (Art. 5(1)(e))",
                "retention 6 months",
            )
        },
        Justification "justification" => attr(
            Shape::Str,
            "the balancing test or other justification (Art. 6(1)(f))",
            "justification \"LIA 2025-04\"",
        ),
        Compatibility "compatibility" => attr(
            Shape::Str,
            "the compatibility assessment of a further purpose (Art. 6(4))",
            "compatibility \"Assessment 2025-05\"",
        ),
        Profiling "profiling" => attr(
            Shape::Flag,
            "it evaluates personal aspects (Art. 4(4))",
            "profiling",
        ),
        AutomatedDecisions "automated_decisions" => attr(
            Shape::Flag,
            "decisions are made by automated means alone (Art. 22)",
            "automated_decisions",
        ),
        Objection "objection" => attr(
            Shape::Str,
            "how the data subject objects (Art. 21)",
            "objection \"Unsubscribe link in every mail\"",
        ),
    }
    /// `consent { ... }` inside a purpose.
    Consent "a consent attribute" {
        Withdraw "withdraw" => attr(
            Shape::Str,
            "how consent is withdrawn (Art. 7(3))",
            "withdraw \"Settings page\"",
        ),
        Record "record" => attr(
            Shape::Str,
            "where the consent is recorded (Art. 7(1))",
            "record \"consent_log\"",
        ),
        Bundled "bundled" => attr(
            Shape::Flag,
            "consent is a condition of a contract (Art. 7(4))",
            "bundled",
        ),
        Implied "implied" => attr(
            Shape::Flag,
            "consent is inferred, not given by a clear act (Art. 4(11))",
            "implied",
        ),
    }
    /// `flow SOURCE -> TARGET { ... }`.
    Flow "a flow attribute" {
        Fields "fields" => attr(
            Shape::List,
            "the source's fields it carries (all when absent)",
            "fields email",
        ),
        Purpose "purpose" => attr(
            Shape::Value,
            "the target's purpose it serves",
            "purpose notify",
        ),
        Anonymised "anonymised" => attr(
            Shape::Flag,
            "the data is anonymised on the way",
            "anonymised",
        ),
        Pseudonymised "pseudonymised" => attr(
            Shape::Flag,
            "the data is pseudonymised on the way",
            "pseudonymised",
        ),
        When "when" => attr(
            Shape::Str,
            "when it happens",
            "when \"nightly\"",
        ),
    }
}

/// A block's entry in the table.
pub fn block(kind: BlockKind) -> &'static Block {
    &BLOCKS[kind as usize]
}

/// The keywords of a block; for a party, a processor's leave out the
/// controller's own.
pub fn attributes(kind: BlockKind, processor: bool) -> impl Iterator<Item = &'static Attribute> {
    block(kind)
        .attributes
        .iter()
        .filter(move |a| !(processor && a.controller_only))
}

/// An attribute of a block by its keyword.
pub fn attribute(kind: BlockKind, keyword: &str) -> Option<&'static Attribute> {
    block(kind).attributes.iter().find(|a| a.keyword == keyword)
}

/// Every keyword of the language (items, attributes and the words inside
/// them), once each, as a static string.
pub fn keyword(word: &str) -> Option<&'static str> {
    BLOCKS.iter().flat_map(|b| b.attributes).find_map(|a| {
        if a.keyword == word {
            Some(a.keyword)
        } else {
            a.words.iter().copied().find(|w| *w == word)
        }
    })
}

/// How an error names a keyword: "a purpose attribute" when it belongs to
/// one block, "a retention" for the words of a retention; `None` when it
/// opens more than one kind of block (`controller`, `purpose`, `fields`,
/// `retention`), so that the other keywords tell which one is meant.
pub fn member_of(word: &str) -> Option<&'static str> {
    if RETENTION_FORMS.contains(&word) {
        return Some("a retention");
    }
    let mut found = BLOCKS
        .iter()
        .filter(|b| b.attributes.iter().any(|a| a.keyword == word));
    let first = found.next()?;
    match found.next() {
        Some(_) => None,
        None => Some(first.member),
    }
}

impl BlockKind {
    /// Its heading in the reference.
    pub fn title(self) -> &'static str {
        match self {
            BlockKind::Top => "Items",
            BlockKind::Party => "Parties: `controller` and `processor`",
            BlockKind::Dataset => "Datasets",
            BlockKind::Purpose => "Purposes (inside a dataset)",
            BlockKind::Consent => "Consent (inside a purpose)",
            BlockKind::Flow => "Flows",
        }
    }
}

impl Shape {
    /// What follows the keyword, as the reference writes it.
    pub fn written(self, vocab: Option<Vocab>) -> &'static str {
        match (self, vocab) {
            (Shape::Flag, _) => "",
            (Shape::Str, _) => "\"text\"",
            (Shape::Strs, _) => "\"text\", ...",
            (Shape::Value, Some(Vocab::Mechanism)) => "VALUE [\"reference\"] [tia \"reference\"]",
            (Shape::Value, Some(Vocab::Basis | Vocab::Art9 | Vocab::Art10)) => {
                "VALUE [\"reference\"]"
            }
            (Shape::Value, _) => "VALUE",
            (Shape::List, _) => "VALUE, ...",
            (Shape::Nested, _) => "{ ... }",
            (Shape::Named, _) => "ID [\"display name\"] { ... }",
            (Shape::Retention, _) => "PERIOD",
        }
    }
}

/// The blocks and their attributes as the reference shows them
/// (`docs/language.md`): one table per block.
pub fn markdown() -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for b in BLOCKS {
        let _ = writeln!(out, "### {}\n", b.kind.title());
        let _ = writeln!(out, "| keyword | written | states | example |");
        let _ = writeln!(out, "|---|---|---|---|");
        for a in b.attributes {
            let written = match a.shape.written(a.vocab) {
                "" => format!("`{}`", a.keyword),
                rest => format!("`{} {rest}`", a.keyword),
            };
            let mut states = a.about.to_string();
            if let Some(v) = a.vocab {
                let _ = write!(states, "; values: *{}*, below", v.title());
            }
            if a.controller_only {
                states.push_str("; a controller's only");
            }
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | `{}` |",
                a.keyword,
                written.replace('|', "\\|"),
                states,
                a.example.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each block's keyword enum finds every keyword of the block's table
    /// entry, as that entry, and nothing else.
    #[test]
    fn each_keyword_enum_is_its_blocks_table() {
        macro_rules! check {
            ($($block:ident),*) => {$(
                let entry = block(BlockKind::$block);
                assert_eq!(entry.kind, BlockKind::$block);
                for a in entry.attributes {
                    let k = key::$block::of(a.keyword);
                    assert!(k.is_some_and(|k| std::ptr::eq(k.attribute(), a)), "{}", a.keyword);
                }
                assert_eq!(key::$block::of("no_such_keyword"), None);
            )*};
        }
        check!(Top, Party, Dataset, Purpose, Consent, Flow);
        assert_eq!(BLOCKS.len(), 6);
    }
}
