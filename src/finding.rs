//! A finding: one rule's verdict on one place in the model.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;
use serde::Serialize;

use crate::source::Span;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Likely non-compliant, or missing documentation.
    Warning,
    /// Non-compliant, or the input is broken.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

pub use crate::vocabulary::{Lang, Vocab};

/// A rule's identity: what every finding of it carries.
///
/// Built-in rules are statics in `src/rules/`; an organisation's policies
/// are made when the configuration is read, and live for the process.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `L001`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `missing-legal-basis`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// The article it rests on.
    pub article: &'static str,
    /// One line: when it fires (the developer's words, with syntax).
    pub summary: &'static str,
    /// The same, for the record's readers: what the record states or
    /// lacks, in words, in English and Swedish (rules.md, *Wording*); the
    /// heading of the rule's group of findings in the report.
    pub heading: (&'static str, &'static str),
    /// The documentation `ropa explain` prints (a rule file's doc comment,
    /// or a policy's description).
    pub doc: &'static str,
    /// Where the rule comes from.
    pub origin: Origin,
}

/// Where a rule is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// ropa's own catalog.
    Builtin,
    /// An organisation policy, defined in this file.
    Policy {
        /// The policy file, as the configuration names it.
        file: &'static str,
    },
}

impl Rule {
    /// The documentation `ropa explain` prints.
    pub fn doc(&self) -> &'static str {
        self.doc
    }

    /// Whether this is one of ropa's own rules.
    pub fn is_builtin(&self) -> bool {
        self.origin == Origin::Builtin
    }

    /// Whether the rule reports a file that could not be read or parsed
    /// (E001, E002). Such findings cannot be suppressed, ignored, switched
    /// off, downgraded or baselined: without the file the model is
    /// incomplete (docs/decisions.md).
    pub fn is_input_failure(&self) -> bool {
        self.is_builtin() && matches!(self.code, "E001" | "E002")
    }

    /// Where the rule is documented online (built-in rules only).
    pub fn url(&self) -> String {
        self.url_display().to_string()
    }

    /// [`Rule::url`], to be written where it is shown rather than made
    /// for each finding.
    pub fn url_display(&self) -> impl std::fmt::Display + '_ {
        struct Url<'r>(&'r Rule);
        impl std::fmt::Display for Url<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                if let Origin::Builtin = self.0.origin {
                    f.write_str(DOCS_URL)?;
                    f.write_str("#")?;
                    for c in self.0.code.chars() {
                        std::fmt::Write::write_char(f, c.to_ascii_lowercase())?;
                    }
                }
                Ok(())
            }
        }
        Url(self)
    }
}

/// The base URL of the rule documentation.
pub const DOCS_URL: &str = "https://github.com/ropa-lint/ropa/blob/main/docs/rules.md";

/// A finding's text: most labels and helps are fixed sentences, which
/// are borrowed rather than copied into every finding.
pub type Text = std::borrow::Cow<'static, str>;

/// Who reads a finding, which decides how its values are written.
///
/// rules.md, *Wording*: developer outputs show IDs and vocabulary values
/// as code (`identity.national_id`); the report is read by legal readers,
/// and shows vocabulary values, durations and countries as words in its
/// language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Register {
    /// `check`'s formats and the editor.
    Developer,
    /// The record (`ropa report`).
    Legal,
}

/// What the legal register needs to write values as words: the names of
/// vocabulary values and countries in each language. The report provides
/// it; developer outputs need none.
pub trait Glossary: Sync {
    /// The name of a value of `vocab` (`identity.national_id`,
    /// `legitimate_interest`, `scc`), if known.
    fn term(&self, vocab: Vocab, value: &str, lang: Lang) -> Option<&'static str>;
    /// The name of a country or place code (`US`, `EEA`), if known.
    fn country(&self, code: &str, lang: Lang) -> Option<&'static str>;
    /// A retention period, as the record states it.
    fn retention(&self, retention: &crate::syntax::ast::Retention, lang: Lang) -> String;
}

/// How a finding is put into words where it is shown: the language, the
/// register, and for the legal register the names of values.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    /// The language.
    pub lang: Lang,
    /// Who reads it.
    pub register: Register,
    glossary: Option<&'a dyn Glossary>,
}

impl std::fmt::Debug for Words<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words")
            .field("lang", &self.lang)
            .field("register", &self.register)
            .finish()
    }
}

/// A name set off as code: `` `name` ``, written where it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code<'a>(pub &'a str);

impl std::fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`")?;
        f.write_str(self.0)?;
        f.write_str("`")
    }
}

/// A vocabulary value as shown: code, or words in the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term<'a> {
    /// The value as code (developers; a value the glossary does not know).
    Code(Code<'a>),
    /// Its name in the record's language.
    Words(String),
}

impl std::fmt::Display for Term<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Term::Code(c) => c.fmt(f),
            Term::Words(w) => f.write_str(w),
        }
    }
}

/// How many names a long list shows before "and N more" (*Wording*).
pub const LIST_CUT: usize = 3;

impl<'a> Words<'a> {
    /// Words for a developer output in `lang`.
    pub const fn developer(lang: Lang) -> Words<'static> {
        Words {
            lang,
            register: Register::Developer,
            glossary: None,
        }
    }

    /// Words for the record in `lang`.
    pub fn legal(lang: Lang, glossary: &'a dyn Glossary) -> Words<'a> {
        Words {
            lang,
            register: Register::Legal,
            glossary: Some(glossary),
        }
    }

    /// Whether this is the legal register.
    pub fn is_legal(&self) -> bool {
        self.register == Register::Legal
    }

    /// The text made by `en` or by `sv`, whichever the language is.
    pub fn say<T>(&self, en: impl FnOnce() -> T, sv: impl FnOnce() -> T) -> T {
        self.lang.say(en, sv)
    }

    /// One of two fixed texts.
    pub fn of(&self, en: &'static str, sv: &'static str) -> &'static str {
        self.lang.of(en, sv)
    }

    /// A name the user chose (an ID, an event), set off as a name; it is
    /// never translated. Written where it is shown (a message is made
    /// half a million times on a dense model: no string of its own).
    pub fn id<'i>(&self, id: &'i str) -> Code<'i> {
        Code(id)
    }

    /// A vocabulary value: as code for developers, as words in the
    /// record (as code there too when the glossary does not know it, a
    /// value from an organisation's pack, say).
    pub fn value<'v>(&self, vocab: Vocab, value: &'v str) -> Term<'v> {
        match self.glossary.and_then(|g| g.term(vocab, value, self.lang)) {
            Some(term) if self.is_legal() => Term::Words(lowercase_first(term)),
            _ => Term::Code(Code(value)),
        }
    }

    /// A country or place code: the code for developers, the name in the
    /// record.
    pub fn country(&self, code: &str) -> String {
        match self.glossary.and_then(|g| g.country(code, self.lang)) {
            Some(name) if self.is_legal() => name.to_string(),
            _ => code.to_string(),
        }
    }

    /// A retention period: as written in the model for developers (set
    /// off as code inside a Swedish sentence), in words in the record.
    pub fn retention(&self, r: &crate::syntax::ast::Retention) -> String {
        match self.glossary {
            Some(g) if self.is_legal() => g.retention(r, self.lang),
            _ if self.lang == Lang::En => r.to_string(),
            _ => format!("`{r}`"),
        }
    }

    /// An article as the language cites it (`Art. 7(4)`, `artikel 7.4`).
    pub fn article(&self, text: &str) -> String {
        article(self.lang, text)
    }

    /// Names, each written by `one`, cut to [`LIST_CUT`] and "and N more".
    pub fn list<S: AsRef<str>>(&self, names: &[S], one: impl Fn(&str) -> String) -> String {
        if let [only] = names {
            return one(only.as_ref());
        }
        let shown: Vec<String> = names
            .iter()
            .take(LIST_CUT)
            .map(|n| one(n.as_ref()))
            .collect();
        if names.len() > LIST_CUT {
            // `a, b, c and 6 more`: the count is the list's last item.
            let more = names.len() - LIST_CUT;
            return format!(
                "{} {}",
                shown.join(", "),
                self.say(|| format!("and {more} more"), || format!("och {more} till")),
            );
        }
        self.join(&shown)
    }

    /// `a`, `a and b`, `a, b and c` in the language.
    fn join(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {last}", init.join(", "), self.of("and", "och")),
        }
    }
}

/// `National identity number` as `national identity number`, for use
/// inside a sentence; an acronym (`SCC`) stays as it is.
fn lowercase_first(term: &str) -> String {
    let mut chars = term.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => first
            .to_lowercase()
            .chain(term[first.len_utf8()..].chars())
            .collect(),
        _ => term.to_string(),
    }
}

/// The named facts of a finding, as data: the JSON output's `facts`, and
/// what its fingerprint is made of.
pub trait Facts {
    /// Writes the facts as compact JSON text (an object of the
    /// violation's fields) to `out`: text rather than a
    /// `serde_json::Value`, whose maps cost an allocation per key, 500 000
    /// times over on a dense model. False if they could not be written.
    fn write_facts(&self, out: &mut Vec<u8>) -> bool;
}

impl<T: Serialize> Facts for T {
    fn write_facts(&self, out: &mut Vec<u8>) -> bool {
        serde_json::to_writer(out, self).is_ok()
    }
}

/// What one rule found, as facts (the IDs, values, countries it
/// concerns), and how those facts are put into words.
///
/// Each rule file defines its violation types next to its check, so that
/// all of a rule's texts live in its file; the output that shows a
/// finding chooses the language and register ([`Words`]). This is ruff's
/// `Violation`, with the words made late rather than at the rule.
pub trait Violation: Facts + std::fmt::Debug + Send + Sync {
    /// One line: what the record states or lacks.
    fn message(&self, w: &Words) -> String;
    /// What to do about it: what to write, for developers; what to record
    /// or establish, for the record's readers.
    fn help(&self, _w: &Words) -> Text {
        Text::Borrowed("")
    }
    /// The primary label, where it depends on the facts (else the
    /// finding's fixed label is shown).
    fn label(&self, _w: &Words) -> Option<String> {
        None
    }
}

/// A label's text, in both languages: labels are fixed phrases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Said {
    /// English.
    pub en: &'static str,
    /// Swedish.
    pub sv: &'static str,
}

impl Said {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        lang.of(self.en, self.sv)
    }

    /// Whether there is no text.
    pub fn is_empty(self) -> bool {
        self.en.is_empty()
    }
}

/// A phrase in English and Swedish.
pub const fn said(en: &'static str, sv: &'static str) -> Said {
    Said { en, sv }
}

/// A labelled span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// What is labelled.
    pub span: Span,
    /// What the label says.
    pub said: Said,
}

/// What a finding says: a rule's typed violation, or a fixed text (an
/// organisation policy's message, written by its author in one language).
#[derive(Debug, Clone)]
pub enum What {
    /// A rule's facts, put into words where shown.
    Violation(Arc<dyn Violation>),
    /// A message and help fixed when the finding was made (boxed: rare,
    /// and twice the size of a violation).
    Fixed(Box<Fixed>),
}

/// A message and help fixed when the finding was made.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The message.
    pub message: String,
    /// The help.
    pub help: Text,
}

/// A plain message with no facts: the facts of a [`What::Fixed`].
#[derive(Serialize)]
struct FixedFacts<'a> {
    message: &'a str,
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule that produced it.
    pub rule: &'static Rule,
    /// Its severity in this run.
    pub severity: Severity,
    /// What it found.
    pub what: What,
    /// The span the finding is about.
    pub primary: Label,
    /// Further places that explain it (the other definition, the declaration).
    pub related: Vec<Label>,
    /// The dataset it concerns, if any (an identifier: short ones are
    /// stored inline, without an allocation).
    pub dataset: Option<CompactString>,
    /// The party it concerns, if any.
    pub party: Option<CompactString>,
    /// A sentence added to the help wherever it is shown (an E001's note
    /// that the model is incomplete).
    pub note: Option<&'static Said>,
}

impl Finding {
    /// A finding of `rule` at `span` with a fixed message (organisation
    /// policies; built-in rules use [`Finding::of`]).
    pub fn new(rule: &'static Rule, span: Span, message: impl Into<String>) -> Finding {
        Finding::with(
            rule,
            span,
            What::Fixed(Box::new(Fixed {
                message: tight(message.into()),
                help: Text::Borrowed(""),
            })),
        )
    }

    /// A finding of `rule` at `span`: what `violation` states.
    pub fn of(rule: &'static Rule, span: Span, violation: impl Violation + 'static) -> Finding {
        Finding::with(rule, span, What::Violation(Arc::new(violation)))
    }

    fn with(rule: &'static Rule, span: Span, what: What) -> Finding {
        Finding {
            rule,
            severity: rule.severity,
            what,
            primary: Label {
                span,
                said: Said::default(),
            },
            related: Vec::new(),
            dataset: None,
            party: None,
            note: None,
        }
    }

    /// Sets this finding's severity, where the rule's default depends on
    /// what it found (L007 is `info` for a public authority). A severity
    /// configured for the rule in `ropa.yaml` still overrides it
    /// ([`crate::config::Config::apply`] runs after the rules).
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// Sets the text of the primary label.
    pub fn label(mut self, said: Said) -> Finding {
        self.primary.said = said;
        self
    }

    /// Sets the help of a finding with a fixed message.
    pub fn help(mut self, text: impl Into<Text>) -> Finding {
        if let What::Fixed(fixed) = &mut self.what {
            fixed.help = tight_text(text.into());
        }
        self
    }

    /// Adds a related label.
    pub fn related(mut self, span: Span, said: Said) -> Finding {
        // Most findings have one related label; a first push would make
        // room for four.
        self.related.reserve_exact(1);
        self.related.push(Label { span, said });
        self
    }

    /// Names the dataset it concerns.
    pub fn dataset(mut self, id: &str) -> Finding {
        self.dataset = Some(CompactString::from(id));
        self
    }

    /// Names the party it concerns.
    pub fn party(mut self, id: &str) -> Finding {
        self.party = Some(CompactString::from(id));
        self
    }

    /// The rule's code.
    pub fn code(&self) -> &'static str {
        self.rule.code
    }

    /// What is wrong, in `w`'s language and register.
    pub fn message(&self, w: &Words) -> Cow<'_, str> {
        match &self.what {
            What::Violation(v) => Cow::Owned(v.message(w)),
            What::Fixed(fixed) => Cow::Borrowed(&fixed.message),
        }
    }

    /// What to do, in `w`'s language and register, with the note.
    pub fn help_text(&self, w: &Words) -> Cow<'_, str> {
        let help: Cow<'_, str> = match &self.what {
            What::Violation(v) => match v.help(w) {
                Cow::Borrowed(s) => Cow::Borrowed(s),
                Cow::Owned(s) => Cow::Owned(s),
            },
            What::Fixed(fixed) => Cow::Borrowed(&fixed.help),
        };
        match self.note {
            None => help,
            Some(note) => Cow::Owned(format!("{help}{}", note.get(w.lang))),
        }
    }

    /// The primary label's text in `w`'s language.
    pub fn label_text(&self, w: &Words) -> Cow<'_, str> {
        if let What::Violation(v) = &self.what {
            if let Some(text) = v.label(w) {
                return Cow::Owned(text);
            }
        }
        Cow::Borrowed(self.primary.said.get(w.lang))
    }

    /// The facts, as compact JSON text.
    pub fn facts(&self) -> String {
        let mut out = Vec::new();
        if !self.write_facts(&mut out) {
            return String::from("null");
        }
        String::from_utf8(out).unwrap_or_else(|_| String::from("null"))
    }

    /// Writes the facts as compact JSON text to `out`; false if they
    /// could not be written.
    pub fn write_facts(&self, out: &mut Vec<u8>) -> bool {
        match &self.what {
            What::Violation(v) => v.write_facts(out),
            What::Fixed(fixed) => FixedFacts {
                message: &fixed.message,
            }
            .write_facts(out),
        }
    }

    /// A fingerprint that survives moving the finding: its rule code, the
    /// dataset and party it concerns, and its facts; never its file, line
    /// or message. `ropa diff` and `check --new-since` match findings by it.
    pub fn fingerprint(&self) -> u64 {
        let mut h = Fnv::new();
        h.write(self.rule.code.as_bytes());
        h.write(&[0]);
        h.write(self.dataset.as_deref().unwrap_or("").as_bytes());
        h.write(&[0]);
        h.write(self.party.as_deref().unwrap_or("").as_bytes());
        h.write(&[0]);
        h.write(self.facts().as_bytes());
        h.finish()
    }
}

/// FNV-1a, 64 bits: a hash that is the same in every build and on every
/// platform (the standard library's is not promised to be).
pub struct Fnv(u64);

impl Fnv {
    /// A new hash.
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    /// Adds `bytes`.
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The hash.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv::new()
    }
}
/// `s` without spare room. A string made by `format!` grows by doubling
/// and is often a third larger than its text; a dense model keeps
/// hundreds of thousands of them until the output is written. Shrinking in
/// place would not help (mimalloc keeps a block that shrinks by less than
/// half), so a string with much to spare is copied once.
fn tight(s: String) -> String {
    if s.capacity() > s.len() + 16 {
        String::from(s.as_str())
    } else {
        s
    }
}

/// A [`Text`] without spare room (see [`tight`]).
fn tight_text(text: Text) -> Text {
    match text {
        Text::Owned(s) => Text::Owned(tight(s)),
        borrowed => borrowed,
    }
}

/// An article as the language cites it: `Art. 6(1)(a)` is `artikel 6.1 a`
/// in Swedish (rules.md, *Wording*), `Art. 4(11), 7(4)` is `artiklarna
/// 4.11 och 7.4`, `Recital 43` is `skäl 43` and `ePrivacy Art. 5(3)` is
/// `artikel 5.3 i direktiv 2002/58/EG`; anything not of these shapes is
/// kept as written.
pub fn article(lang: Lang, text: &str) -> String {
    if lang != Lang::Sv {
        return text.to_string();
    }
    swedish_articles(text).unwrap_or_else(|| text.to_string())
}

/// A list of GDPR (or ePrivacy) articles and recitals in Swedish.
fn swedish_articles(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix("ePrivacy ") {
        return Some(format!("{} i direktiv 2002/58/EG", swedish_articles(rest)?));
    }
    let mut articles = Vec::new();
    let mut recitals = Vec::new();
    for (i, part) in text.split(", ").enumerate() {
        if let Some(n) = part.strip_prefix("Recital ") {
            if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            recitals.push(format!("skäl {n}"));
            continue;
        }
        let part = match part.strip_prefix("Art. ") {
            Some(rest) => rest,
            None if i > 0 && !articles.is_empty() => part,
            None => return None,
        };
        articles.push(swedish_article(part)?);
    }
    let mut out = match articles.len() {
        0 => String::new(),
        1 => format!("artikel {}", articles[0]),
        n => format!(
            "artiklarna {} och {}",
            articles[..n - 1].join(", "),
            articles[n - 1]
        ),
    };
    for r in recitals {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(&r);
    }
    (!out.is_empty()).then_some(out)
}

/// `6(1)(a)` as `6.1 a`, `9(1)-(2)` as `9.1–2`, `44-46` as `44–46`;
/// `None` when it is not of that shape.
fn swedish_article(rest: &str) -> Option<String> {
    if let Some((from, to)) = rest.split_once('-') {
        let from = swedish_article(from)?;
        let to = match to.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            Some(inner) if inner.chars().all(|c| c.is_ascii_alphanumeric()) => inner.to_string(),
            _ => swedish_article(to)?,
        };
        return Some(format!("{from}–{to}"));
    }
    let mut parts = rest.split('(');
    let number = parts.next()?;
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut out = number.to_string();
    for (i, part) in parts.enumerate() {
        let inner = part.strip_suffix(')')?;
        if inner.is_empty() || !inner.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        let numeric = inner.chars().all(|c| c.is_ascii_digit());
        out.push_str(if numeric && i == 0 { "." } else { " " });
        out.push_str(inner);
    }
    Some(out)
}

// A dense model holds half a million findings, each moved when sorted:
// keep the struct from growing unnoticed (rustc's `static_assert_size`).
#[cfg(target_pointer_width = "64")]
const _: () = assert!(std::mem::size_of::<Finding>() <= 160);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_articles() {
        assert_eq!(article(Lang::Sv, "Art. 6(1)(a)"), "artikel 6.1 a");
        assert_eq!(article(Lang::Sv, "Art. 47"), "artikel 47");
        assert_eq!(article(Lang::Sv, "Art. 46(2)(c)"), "artikel 46.2 c");
        assert_eq!(article(Lang::Sv, "Art. 7(4)"), "artikel 7.4");
        assert_eq!(article(Lang::Sv, "Art. 9(2)(b)"), "artikel 9.2 b");
        assert_eq!(
            article(Lang::Sv, "Art. 4(11), 7(4)"),
            "artiklarna 4.11 och 7.4"
        );
        assert_eq!(
            article(Lang::Sv, "Art. 9, 10, 87"),
            "artiklarna 9, 10 och 87"
        );
        assert_eq!(
            article(Lang::Sv, "Art. 4(11), Recital 43"),
            "artikel 4.11, skäl 43"
        );
        assert_eq!(article(Lang::Sv, "Recital 26"), "skäl 26");
        assert_eq!(article(Lang::Sv, "Art. 9(1)-(2)"), "artikel 9.1–2");
        assert_eq!(article(Lang::Sv, "Art. 44-46"), "artikel 44–46");
        assert_eq!(
            article(Lang::Sv, "ePrivacy Art. 5(3)"),
            "artikel 5.3 i direktiv 2002/58/EG"
        );
        assert_eq!(article(Lang::En, "Art. 6(1)(a)"), "Art. 6(1)(a)");
        assert_eq!(article(Lang::Sv, "Decision"), "Decision");
        assert_eq!(
            article(Lang::Sv, "Art. 45, Decision (EU) 2023/1795"),
            "Art. 45, Decision (EU) 2023/1795"
        );
    }
}
