//! The syntax tree of a `.ropa` file: what was written, with spans.

use compact_str::CompactString;

use crate::source::Span;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The name. Names are short: up to 24 bytes are kept inline, so a
    /// model's tens of identifiers per dataset cost no allocation.
    pub name: CompactString,
    /// Where it stands.
    pub span: Span,
}

/// A string literal, escapes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The value (inline up to 24 bytes: most names and references fit).
    pub value: CompactString,
    /// The literal, quotes included.
    pub span: Span,
}

/// An attribute's value with the span of its keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr<T> {
    /// The keyword (`basis`, `country`, ...).
    pub keyword: Span,
    /// The value.
    pub value: T,
}

/// A value that is either a name or a string (`source`, `cookies`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameOrStr {
    /// An identifier.
    Name(Ident),
    /// A string literal.
    Str(Str),
}

impl NameOrStr {
    /// The text of the value.
    pub fn text(&self) -> &str {
        match self {
            NameOrStr::Name(i) => &i.name,
            NameOrStr::Str(s) => &s.value,
        }
    }

    /// Where it stands.
    pub fn span(&self) -> Span {
        match self {
            NameOrStr::Name(i) => i.span,
            NameOrStr::Str(s) => s.span,
        }
    }
}

/// One parsed file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct File {
    /// Its items in order.
    pub items: Vec<Item>,
    /// The items that do not parse, in order (a file without syntax
    /// errors has none).
    pub broken: Vec<Broken>,
}

/// An item that does not parse: what could be read of it. It is
/// incomplete: nothing is known of its attributes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// Its kind, when its keyword was read.
    pub kind: Option<BrokenKind>,
    /// Its ID, when read (a flow has none).
    pub id: Option<Ident>,
    /// The whole item.
    pub span: Span,
    /// Every name it mentions outside strings and comments, sorted.
    pub mentions: Vec<CompactString>,
}

/// The kind of a broken item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenKind {
    /// `dataset`.
    Dataset,
    /// `flow`.
    Flow,
    /// `controller` or `processor`.
    Party(PartyKind),
}

impl Broken {
    /// Whether what it declares is known: its kind, and its ID unless it
    /// is a flow (which declares no name).
    pub fn declares_known(&self) -> bool {
        match self.kind {
            Some(BrokenKind::Flow) => true,
            Some(_) => self.id.is_some(),
            None => false,
        }
    }
}

/// A top-level item.
#[derive(Debug, Clone, PartialEq, Eq)]
/// Boxed, so that a file's list of items is a list of pointers rather than
/// of the largest variant.
pub enum Item {
    /// `controller` or `processor`.
    Party(Box<Party>),
    /// `dataset`.
    Dataset(Box<Dataset>),
    /// `flow`.
    Flow(Box<Flow>),
}

/// Whether a party decides purposes and means or acts on behalf of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartyKind {
    /// Decides purposes and means.
    Controller,
    /// Acts on a controller's behalf (Art. 28).
    Processor,
}

impl PartyKind {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            PartyKind::Controller => "controller",
            PartyKind::Processor => "processor",
        }
    }
}

/// A `controller` or `processor` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Controller or processor.
    pub kind: PartyKind,
    /// Its identifier.
    pub id: Ident,
    /// Its display name.
    pub display_name: Option<Str>,
    /// `country CC, ...`.
    pub country: Option<Attr<Vec<Ident>>>,
    /// `public_authority`.
    pub public_authority: Option<Span>,
    /// `dpo "..."`.
    pub dpo: Option<Attr<Str>>,
    /// `representative "..."`.
    pub representative: Option<Attr<Str>>,
    /// `contact "..."`.
    pub contact: Option<Attr<Str>>,
    /// `dpa "..."`.
    pub dpa: Option<Attr<Str>>,
    /// `transfer MECHANISM ["reference"] [tia "reference"]`.
    pub transfer: Option<Attr<Transfer>>,
    /// `subprocessors ID, ...`.
    pub subprocessors: Option<Attr<Vec<Ident>>>,
    /// `law "reference", ...`: the laws that mandate the party's processing
    /// as a whole (Recital 45).
    pub law: Option<Box<Attr<Vec<Str>>>>,
    /// `market CC, ...` (v3): the countries whose residents a controller's
    /// services target, as written (ISO codes or `eea`). Only a
    /// controller's is meaningful: on a processor it is E004, and
    /// `model::Party::markets` gives none.
    pub market: Option<Box<Attr<Vec<Ident>>>>,
    /// The whole declaration.
    pub span: Span,
}

impl Party {
    /// A party as declared, before any of its attributes is read.
    pub fn declared(kind: PartyKind, id: Ident, display_name: Option<Str>, span: Span) -> Party {
        Party {
            kind,
            id,
            display_name,
            country: None,
            public_authority: None,
            dpo: None,
            representative: None,
            contact: None,
            dpa: None,
            transfer: None,
            subprocessors: None,
            law: None,
            market: None,
            span,
        }
    }
}

/// A Chapter V transfer mechanism.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// `scc`, `dpf`, ...
    pub mechanism: Ident,
    /// The reference to the instrument.
    pub reference: Option<Str>,
    /// `tia "reference"` (v3): the transfer impact assessment made before
    /// relying on an Art. 46 tool (boxed: most transfers have none).
    pub tia: Option<Box<Attr<Str>>>,
}

/// A `dataset` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// Its identifier.
    pub id: Ident,
    /// Its display name.
    pub display_name: Option<Str>,
    /// `controller ID, ...`.
    pub controllers: Option<Attr<Vec<Ident>>>,
    /// `arrangement "..."`.
    pub arrangement: Option<Box<Attr<Str>>>,
    /// `subjects ID, ...`.
    pub subjects: Option<Attr<Vec<Ident>>>,
    /// `source ...`.
    pub source: Option<Attr<Vec<NameOrStr>>>,
    /// `fields { ... }` (several blocks are merged).
    pub fields: Vec<Field>,
    /// Where the first `fields` keyword stands.
    pub fields_keyword: Option<Span>,
    /// `purpose ID { ... }` blocks.
    pub purposes: Vec<Purpose>,
    /// `retention ...`.
    pub retention: Option<Attr<Retention>>,
    /// `recipients ID, ...`.
    pub recipients: Option<Attr<Vec<Ident>>>,
    /// `cookies ...`.
    pub cookies: Option<Box<Attr<Vec<NameOrStr>>>>,
    /// `measures ID, ...`.
    pub measures: Option<Attr<Vec<Ident>>>,
    /// `dpia "..."`.
    pub dpia: Option<Box<Attr<Str>>>,
    /// `scale large | N`.
    pub scale: Option<Attr<Scale>>,
    /// `anonymous`: the dataset declares that it holds no personal data.
    pub anonymous: Option<Span>,
    /// `owner "name or role"` (v3): who answers for the processing inside
    /// the organisation.
    pub owner: Option<Box<Attr<Str>>>,
    /// `reviewed YYYY-MM-DD` (v3): when the entry was last reviewed, as
    /// written (a date that is not a real calendar date is E004; see
    /// [`Date::is_real`] and `model::Dataset::reviewed`).
    pub reviewed: Option<Box<Attr<WrittenDate>>>,
    /// The whole declaration.
    pub span: Span,
}

impl Dataset {
    /// A dataset as declared, before any of its attributes is read.
    pub fn declared(id: Ident, display_name: Option<Str>, span: Span) -> Dataset {
        Dataset {
            id,
            display_name,
            controllers: None,
            arrangement: None,
            subjects: None,
            source: None,
            fields: Vec::new(),
            fields_keyword: None,
            purposes: Vec::new(),
            retention: None,
            recipients: None,
            cookies: None,
            measures: None,
            dpia: None,
            scale: None,
            anonymous: None,
            owner: None,
            reviewed: None,
            span,
        }
    }
}

/// A calendar date, `YYYY-MM-DD`. Ordered by time (year, then month, then
/// day), so dates compare as they should.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// The year, 0–9999.
    pub year: u16,
    /// The month, 1–12 in a real date.
    pub month: u8,
    /// The day of the month, 1–31 in a real date.
    pub day: u8,
}

impl Date {
    /// The date in `YYYY-MM-DD` (exactly ten ASCII bytes, digits and
    /// dashes); `None` for any other text.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let digits = b.get(range)?;
            digits.iter().try_fold(0u16, |n, &d| {
                d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
            })
        };
        Some(Date {
            year: number(0..4)?,
            month: u8::try_from(number(5..7)?).ok()?,
            day: u8::try_from(number(8..10)?).ok()?,
        })
    }

    /// Whether this is a day of the Gregorian calendar: a month 1–12 and a
    /// day that month has (29 February only in a leap year).
    pub fn is_real(self) -> bool {
        let y = self.year;
        let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&self.day)
    }
}

/// `YYYY-MM-DD`, zero-padded.
impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A date as written, with where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenDate {
    /// The date (perhaps not a real one: `2026-02-30`).
    pub date: Date,
    /// The date's text.
    pub span: Span,
}

/// `scale large` or `scale N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// `scale large`.
    Large,
    /// An approximate number of data subjects.
    Subjects(u32),
}

impl Scale {
    /// Whether this counts as large scale (`large`, or 100 000 subjects or more).
    pub fn is_large(self) -> bool {
        match self {
            Scale::Large => true,
            Scale::Subjects(n) => n >= 100_000,
        }
    }
}

/// One personal-data field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its name.
    pub name: Ident,
    /// Its data category.
    pub category: Option<Ident>,
    /// What it is (boxed: most fields have none, and a model has many
    /// fields).
    pub description: Option<Box<Str>>,
    /// The whole field.
    pub span: Span,
}

/// A `purpose` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purpose {
    /// Its identifier.
    pub id: Ident,
    /// What the processing is for (boxed, as most purposes have none).
    pub description: Option<Box<Str>>,
    /// `kind K`.
    pub kind: Option<Attr<Ident>>,
    /// `basis B ["reference"]`.
    pub basis: Option<Attr<Basis>>,
    /// `special_basis C ["reference"]`.
    pub special_basis: Option<Box<Attr<Basis>>>,
    /// `criminal_basis official_authority | law ["reference"]`.
    pub criminal_basis: Option<Box<Attr<Basis>>>,
    /// `consent { ... }`.
    pub consent: Option<Box<Attr<Consent>>>,
    /// `justification "..."`.
    pub justification: Option<Box<Attr<Str>>>,
    /// `compatibility "..."`.
    pub compatibility: Option<Box<Attr<Str>>>,
    /// `profiling`.
    pub profiling: Option<Span>,
    /// `automated_decisions`.
    pub automated_decisions: Option<Span>,
    /// `retention ...`: this purpose's own retention, replacing the dataset's.
    pub retention: Option<Box<Attr<Retention>>>,
    /// `soft_opt_in "..."`: the e-mail marketing customer exception.
    pub soft_opt_in: Option<Box<Attr<Str>>>,
    /// `objection "..."` (v3): how a person's objection is received and
    /// honoured (Art. 21).
    pub objection: Option<Box<Attr<Str>>>,
    /// Whether the ID names a known purpose kind, which then stands for
    /// the `kind` not written: a fact the model sets once per purpose
    /// (`None` until it has), so that the rules that ask for a purpose's
    /// kind do not look its ID up in the vocabulary each time.
    pub id_is_kind: Option<bool>,
    /// The whole block.
    pub span: Span,
}

impl Purpose {
    /// A purpose as declared, before any of its attributes is read.
    pub fn declared(id: Ident, description: Option<Box<Str>>, span: Span) -> Purpose {
        Purpose {
            id,
            description,
            kind: None,
            basis: None,
            special_basis: None,
            criminal_basis: None,
            consent: None,
            justification: None,
            compatibility: None,
            profiling: None,
            automated_decisions: None,
            retention: None,
            soft_opt_in: None,
            objection: None,
            id_is_kind: None,
            span,
        }
    }
}

/// A legal basis, condition or authority with its optional reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    /// The vocabulary value.
    pub value: Ident,
    /// The law, assessment or other reference (boxed: most bases have
    /// none, and every purpose has a basis).
    pub reference: Option<Box<Str>>,
}

/// How consent is obtained.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    /// `withdraw "how"`.
    pub withdraw: Option<Attr<Str>>,
    /// `record "where"`.
    pub record: Option<Attr<Str>>,
    /// `bundled`.
    pub bundled: Option<Span>,
    /// `implied`.
    pub implied: Option<Span>,
}

/// A time unit of a retention period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks (7 days).
    Week,
    /// Months (1/12 year).
    Month,
    /// Years (365 days).
    Year,
}

impl Unit {
    /// The unit's length in days, as a fraction of 12 to stay exact:
    /// the value is days × 12.
    pub fn twelfth_days(self) -> u64 {
        match self {
            Unit::Day => 12,
            Unit::Week => 7 * 12,
            Unit::Month => 365,
            Unit::Year => 365 * 12,
        }
    }

    /// Its singular name.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Day => "day",
            Unit::Week => "week",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// What happens when a retention period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndAction {
    /// `then delete` (the default).
    Delete,
    /// `then anonymise`.
    Anonymise,
    /// `then archive`.
    Archive,
}

/// A retention declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retention {
    /// `N units [after EVENT] [then ACTION]`.
    Duration {
        /// How many units.
        amount: u32,
        /// The unit.
        unit: Unit,
        /// The event the period runs from.
        after: Option<Ident>,
        /// What happens at the end.
        then: EndAction,
        /// The amount and unit.
        span: Span,
    },
    /// `session`.
    Session(Span),
    /// `none`.
    None(Span),
    /// `until EVENT`.
    Until(Ident),
    /// `by_law "ref"`.
    ByLaw(Str),
    /// `indefinite`.
    Indefinite(Span),
}

/// The length of a retention, for comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Length {
    /// `session` or `none`: shorter than any duration.
    Transient,
    /// A duration in twelfths of a day.
    Twelfths(u64),
}

/// The value as `ropa fmt` prints it, whatever the layout it was written
/// in: rebuilt from its parts, so that no comment or spacing of the source
/// reaches a message (`3 years after case_closed then anonymise`,
/// `session`, `by_law "Arkivlagen"`). The unit agrees in number.
impl std::fmt::Display for Retention {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Retention::Duration {
                amount,
                unit,
                after,
                then,
                ..
            } => {
                let plural = if *amount == 1 { "" } else { "s" };
                write!(f, "{amount} {}{plural}", unit.name())?;
                if let Some(event) = after {
                    write!(f, " after {}", event.name)?;
                }
                match then {
                    EndAction::Delete => Ok(()),
                    EndAction::Anonymise => f.write_str(" then anonymise"),
                    EndAction::Archive => f.write_str(" then archive"),
                }
            }
            Retention::Session(_) => f.write_str("session"),
            Retention::None(_) => f.write_str("none"),
            Retention::Until(event) => write!(f, "until {}", event.name),
            Retention::ByLaw(law) => write!(f, "by_law {law}"),
            Retention::Indefinite(_) => f.write_str("indefinite"),
        }
    }
}

/// A string literal as `ropa fmt` writes it: quoted, with `\"`, `\\`,
/// `\n` and `\t` escaped, and other control characters as `\u{...}`.
impl std::fmt::Display for Str {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        f.write_char('"')?;
        for c in self.value.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\t' => f.write_str("\\t")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

impl Retention {
    /// Where the value starts (the first token after `retention`).
    pub fn span(&self) -> Span {
        match self {
            Retention::Duration { span, .. } => *span,
            Retention::Session(s) | Retention::None(s) | Retention::Indefinite(s) => *s,
            Retention::Until(i) => i.span,
            Retention::ByLaw(s) => s.span,
        }
    }

    /// The comparable length; `None` for `until`, `by_law` and `indefinite`.
    pub fn length(&self) -> Option<Length> {
        match self {
            Retention::Duration { amount, unit, .. } => {
                Some(Length::Twelfths(u64::from(*amount) * unit.twelfth_days()))
            }
            Retention::Session(_) | Retention::None(_) => Some(Length::Transient),
            _ => None,
        }
    }
}

impl Length {
    /// A duration in days, as `Length`.
    pub fn days(days: u64) -> Length {
        Length::Twelfths(days * 12)
    }
}

/// A `flow SOURCE -> TARGET { ... }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    /// The dataset data comes from.
    pub source: Ident,
    /// The dataset or party it goes to.
    pub target: Ident,
    /// `fields NAME, ...`.
    pub fields: Option<Attr<Vec<Ident>>>,
    /// `purpose ID`.
    pub purpose: Option<Attr<Ident>>,
    /// `anonymised`.
    pub anonymised: Option<Span>,
    /// `pseudonymised`.
    pub pseudonymised: Option<Span>,
    /// `when "..."` (boxed, as it is rare).
    pub when: Option<Box<Attr<Str>>>,
    /// The whole flow.
    pub span: Span,
}

impl Flow {
    /// A flow from `source` to `target`, before any of its attributes is
    /// read.
    pub fn declared(source: Ident, target: Ident, span: Span) -> Flow {
        Flow {
            source,
            target,
            fields: None,
            purpose: None,
            anonymised: None,
            pseudonymised: None,
            when: None,
            span,
        }
    }
}

// Whether an item has an attribute, by the language table's keyword: a
// `match` without a wildcard on each block's keyword enum, so that an
// attribute added to the table and not answered here does not compile.
// Policies (`has`, `missing`) ask this.
use super::language::key;

impl Party {
    /// Whether the attribute is written.
    pub fn has(&self, k: key::Party) -> bool {
        match k {
            key::Party::Country => self.country.is_some(),
            key::Party::PublicAuthority => self.public_authority.is_some(),
            key::Party::Dpo => self.dpo.is_some(),
            key::Party::Representative => self.representative.is_some(),
            key::Party::Contact => self.contact.is_some(),
            key::Party::Dpa => self.dpa.is_some(),
            key::Party::Transfer => self.transfer.is_some(),
            key::Party::Subprocessors => self.subprocessors.is_some(),
            key::Party::Law => self.law.is_some(),
            key::Party::Market => self.market.is_some(),
        }
    }
}

impl Dataset {
    /// Whether the attribute is written (`fields` even when empty).
    pub fn has(&self, k: key::Dataset) -> bool {
        match k {
            key::Dataset::Controller => self.controllers.is_some(),
            key::Dataset::Arrangement => self.arrangement.is_some(),
            key::Dataset::Subjects => self.subjects.is_some(),
            key::Dataset::Source => self.source.is_some(),
            key::Dataset::Fields => !self.fields.is_empty() || self.fields_keyword.is_some(),
            key::Dataset::Purpose => !self.purposes.is_empty(),
            key::Dataset::Retention => self.retention.is_some(),
            key::Dataset::Recipients => self.recipients.is_some(),
            key::Dataset::Cookies => self.cookies.is_some(),
            key::Dataset::Measures => self.measures.is_some(),
            key::Dataset::Dpia => self.dpia.is_some(),
            key::Dataset::Scale => self.scale.is_some(),
            key::Dataset::Anonymous => self.anonymous.is_some(),
            key::Dataset::Owner => self.owner.is_some(),
            key::Dataset::Reviewed => self.reviewed.is_some(),
        }
    }
}

impl Purpose {
    /// Whether the attribute is written on the purpose itself.
    pub fn has(&self, k: key::Purpose) -> bool {
        match k {
            key::Purpose::Kind => self.kind.is_some(),
            key::Purpose::Basis => self.basis.is_some(),
            key::Purpose::SpecialBasis => self.special_basis.is_some(),
            key::Purpose::CriminalBasis => self.criminal_basis.is_some(),
            key::Purpose::Consent => self.consent.is_some(),
            key::Purpose::SoftOptIn => self.soft_opt_in.is_some(),
            key::Purpose::Retention => self.retention.is_some(),
            key::Purpose::Justification => self.justification.is_some(),
            key::Purpose::Compatibility => self.compatibility.is_some(),
            key::Purpose::Profiling => self.profiling.is_some(),
            key::Purpose::AutomatedDecisions => self.automated_decisions.is_some(),
            key::Purpose::Objection => self.objection.is_some(),
        }
    }
}

impl Flow {
    /// Whether the attribute is written.
    pub fn has(&self, k: key::Flow) -> bool {
        match k {
            key::Flow::Fields => self.fields.is_some(),
            key::Flow::Purpose => self.purpose.is_some(),
            key::Flow::Anonymised => self.anonymised.is_some(),
            key::Flow::Pseudonymised => self.pseudonymised.is_some(),
            key::Flow::When => self.when.is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|| panic!("{text} is a date's shape"))
    }

    #[test]
    fn dates_of_the_calendar() {
        for real in [
            "2026-01-31",
            "2026-02-28",
            "2024-02-29",
            "2000-02-29",
            "0001-12-31",
        ] {
            assert!(date(real).is_real(), "{real}");
            assert_eq!(date(real).to_string(), real);
        }
        for unreal in [
            "2026-02-29",
            "1900-02-29",
            "2026-02-30",
            "2026-04-31",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
        ] {
            assert!(!date(unreal).is_real(), "{unreal}");
        }
        for shape in [
            "2026-1-01",
            "20260101",
            "2026-01-01x",
            "2026/01/01",
            "２026-01-01",
        ] {
            assert_eq!(Date::parse(shape), None, "{shape}");
        }
        assert!(date("2026-01-31") < date("2026-02-01"));
        assert!(date("2025-12-31") < date("2026-01-01"));
    }
}
