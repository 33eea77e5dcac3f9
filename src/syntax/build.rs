//! Builds the syntax tree from pest's pairs.
//!
//! The grammar guarantees the shape of every pair, so a missing child can
//! only mean the grammar and this builder disagree; the builder then skips
//! the construct instead of panicking.

use compact_str::CompactString;
use pest::iterators::{Pair, Pairs};

use super::ast::*;
use super::{duplicate, Problem, Rule};
use crate::source::{FileId, Span};

pub(super) struct Builder {
    file: FileId,
    /// Where the text being built starts in its file: pest's positions are
    /// relative to the piece it parsed (`super::parse`).
    pub(super) base: usize,
    pub(super) problems: Vec<Problem>,
    /// A dataset's fields and purposes as they are read, reused from one
    /// dataset to the next; each dataset then gets a vector of exactly its
    /// length. Growing the dataset's own vectors left up to half of them
    /// spare (mimalloc keeps a block in place when shrinking it by less
    /// than half, so `shrink_to_fit` did not give it back).
    fields: Vec<Field>,
    purposes: Vec<Purpose>,
}

/// A name left empty, for a construct whose name the grammar guarantees
/// (a missing one would mean the grammar and the builder disagree).
fn blank(span: Span) -> Ident {
    Ident {
        name: Default::default(),
        span,
    }
}

/// Something that remembers where it was declared, for E003.
trait Declared {
    fn keyword_span(&self) -> Span;
}

impl<T> Declared for Attr<T> {
    fn keyword_span(&self) -> Span {
        self.keyword
    }
}

impl<T: Declared> Declared for Box<T> {
    fn keyword_span(&self) -> Span {
        self.as_ref().keyword_span()
    }
}

impl Declared for Span {
    fn keyword_span(&self) -> Span {
        *self
    }
}

impl Builder {
    pub(super) fn new(file: FileId) -> Builder {
        Builder {
            file,
            base: 0,
            problems: Vec::new(),
            fields: Vec::new(),
            purposes: Vec::new(),
        }
    }

    fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.file, self.base + s.start(), self.base + s.end())
    }

    /// Stores a single-valued attribute, reporting E003 when it is set already.
    fn once<T: Declared>(&mut self, slot: &mut Option<T>, value: T, keyword: &'static str) {
        if let Some(first) = slot {
            let f = duplicate(first.keyword_span(), value.keyword_span(), keyword);
            self.problems.push(f);
            return;
        }
        *slot = Some(value);
    }

    pub(super) fn file(&mut self, pairs: Pairs<Rule>) -> File {
        let mut file = File::default();
        self.items(pairs, &mut file.items);
        file
    }

    /// Appends the items of a parsed `file` (or of a piece of one) to `items`.
    pub(super) fn items(&mut self, mut pairs: Pairs<Rule>, items: &mut Vec<Item>) {
        let Some(root) = pairs.next() else {
            return;
        };
        for pair in root.into_inner() {
            match pair.as_rule() {
                Rule::party => items.push(Item::Party(Box::new(self.party(pair)))),
                Rule::dataset => items.push(Item::Dataset(Box::new(self.dataset(pair)))),
                Rule::flow => items.push(Item::Flow(Box::new(self.flow(pair)))),
                _ => {}
            }
        }
    }

    fn ident(&self, pair: Pair<Rule>) -> Ident {
        // Value rules are atomic (`legal_basis = @{ name }`): the pair is the name.
        Ident {
            name: pair.as_str().into(),
            span: self.span(&pair),
        }
    }

    fn string(&mut self, pair: Pair<Rule>) -> Str {
        // `display_name`, `description` wrap a `string`; `string` wraps `string_body`.
        let pair = if pair.as_rule() == Rule::string {
            pair
        } else {
            match pair.into_inner().next() {
                Some(p) => p,
                None => return self.empty_str(),
            }
        };
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map(|p| p.as_str()).unwrap_or("");
        let value = self.unescape(raw, span);
        Str { value, span }
    }

    fn empty_str(&self) -> Str {
        Str {
            value: CompactString::default(),
            span: Span::new(self.file, 0, 0),
        }
    }

    fn unescape(&mut self, raw: &str, span: Span) -> CompactString {
        let mut bad = Vec::new();
        let value = super::unescape(raw, |hex| bad.push(hex.to_string()));
        for hex in bad {
            self.problems.push(Problem::syntax(
                span,
                format!("`\\u{{{hex}}}` is not a Unicode character"),
                "write a code point between 0 and 10FFFF that is not a surrogate",
            ));
        }
        value
    }

    fn idents(&self, pairs: Pairs<Rule>) -> Vec<Ident> {
        let mut v: Vec<Ident> = pairs.map(|p| self.ident(p)).collect();
        // Lists are mostly one or two names; the spare capacity of four
        // would be most of a large model's memory.
        v.shrink_to_fit();
        v
    }

    fn name_or_str(&mut self, pair: Pair<Rule>) -> Option<NameOrStr> {
        let inner = pair.into_inner().next()?;
        Some(match inner.as_rule() {
            Rule::string => NameOrStr::Str(self.string(inner)),
            _ => NameOrStr::Name(self.ident(inner)),
        })
    }

    fn integer(&mut self, pair: Pair<Rule>) -> u32 {
        match pair.as_str().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                let span = self.span(&pair);
                self.problems.push(Problem::syntax(
                    span,
                    "this number is too large: numbers go up to 4294967295",
                    "write a smaller number, or a larger unit (`years` instead of `days`)",
                ));
                u32::MAX
            }
        }
    }

    fn party(&mut self, pair: Pair<Rule>) -> Party {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kind = match inner.next().map(|p| p.as_rule()) {
            Some(Rule::kw_processor) => PartyKind::Processor,
            _ => PartyKind::Controller,
        };
        let mut party = Party::declared(kind, blank(span), None, span);
        for p in inner {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::party_id => party.id = self.ident(p),
                Rule::display_name => party.display_name = Some(self.string(p)),
                Rule::country => {
                    let v = self.keyword_list(p);
                    self.once(&mut party.country, v, "country");
                }
                Rule::public_authority => {
                    self.once(&mut party.public_authority, pspan, "public_authority")
                }
                Rule::dpo => {
                    let v = self.keyword_string(p);
                    self.once(&mut party.dpo, v, "dpo");
                }
                Rule::representative => {
                    let v = self.keyword_string(p);
                    self.once(&mut party.representative, v, "representative");
                }
                Rule::contact => {
                    let v = self.keyword_string(p);
                    self.once(&mut party.contact, v, "contact");
                }
                Rule::dpa => {
                    let v = self.keyword_string(p);
                    self.once(&mut party.dpa, v, "dpa");
                }
                Rule::transfer => {
                    let v = self.transfer(p);
                    self.once(&mut party.transfer, v, "transfer");
                }
                Rule::subprocessors => {
                    let v = self.keyword_list(p);
                    self.once(&mut party.subprocessors, v, "subprocessors");
                }
                Rule::law => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(pspan);
                    let value = inner.map(|s| self.string(s)).collect();
                    self.once(&mut party.law, Box::new(Attr { keyword, value }), "law");
                }
                Rule::market => {
                    let v = self.keyword_list(p);
                    self.once(&mut party.market, Box::new(v), "market");
                }
                _ => {}
            }
        }
        party
    }

    /// `transfer MECHANISM ["reference"] [tia "reference"]`
    fn transfer(&mut self, pair: Pair<Rule>) -> Attr<Transfer> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
        let mechanism = match inner.next() {
            Some(v) => self.ident(v),
            None => blank(span),
        };
        let mut transfer = Transfer {
            mechanism,
            reference: None,
            tia: None,
        };
        for p in inner {
            match p.as_rule() {
                Rule::string => transfer.reference = Some(self.string(p)),
                Rule::tia => transfer.tia = Some(Box::new(self.keyword_string(p))),
                _ => {}
            }
        }
        Attr {
            keyword,
            value: transfer,
        }
    }

    /// `keyword value, value, ...`
    fn keyword_list(&mut self, pair: Pair<Rule>) -> Attr<Vec<Ident>> {
        let mut inner = pair.into_inner();
        let keyword = inner.next().map(|k| self.span(&k)).unwrap_or_default();
        Attr {
            keyword,
            value: self.idents(inner),
        }
    }

    /// `keyword "string"`
    fn keyword_string(&mut self, pair: Pair<Rule>) -> Attr<Str> {
        let mut inner = pair.into_inner();
        let keyword = inner.next().map(|k| self.span(&k)).unwrap_or_default();
        let value = match inner.next() {
            Some(s) => self.string(s),
            None => self.empty_str(),
        };
        Attr { keyword, value }
    }

    /// `keyword value ["reference"]`
    fn keyword_basis(&mut self, pair: Pair<Rule>) -> Attr<Basis> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
        let value = match inner.next() {
            Some(v) => self.ident(v),
            None => blank(span),
        };
        let reference = inner.next().map(|s| Box::new(self.string(s)));
        Attr {
            keyword,
            value: Basis { value, reference },
        }
    }

    fn dataset(&mut self, pair: Pair<Rule>) -> Dataset {
        let span = self.span(&pair);
        let mut d = Dataset::declared(blank(span), None, span);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::dataset_id => d.id = self.ident(p),
                Rule::display_name => d.display_name = Some(self.string(p)),
                Rule::controllers => {
                    let v = self.keyword_list(p);
                    self.once(&mut d.controllers, v, "controller");
                }
                Rule::arrangement => {
                    let v = self.keyword_string(p);
                    self.once(&mut d.arrangement, Box::new(v), "arrangement");
                }
                Rule::subjects => {
                    let v = self.keyword_list(p);
                    self.once(&mut d.subjects, v, "subjects");
                }
                Rule::source => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
                    let value = inner.filter_map(|i| self.name_or_str(i)).collect();
                    self.once(&mut d.source, Attr { keyword, value }, "source");
                }
                Rule::cookies => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
                    let value = inner.filter_map(|i| self.name_or_str(i)).collect();
                    self.once(&mut d.cookies, Box::new(Attr { keyword, value }), "cookies");
                }
                Rule::fields => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
                    if d.fields_keyword.is_none() {
                        d.fields_keyword = Some(keyword);
                    }
                    for f in inner.filter(|f| f.as_rule() == Rule::field) {
                        let field = self.field(f);
                        self.fields.push(field);
                    }
                }
                Rule::purpose => {
                    let purpose = self.purpose(p);
                    self.purposes.push(purpose);
                }
                Rule::retention => {
                    let v = self.retention(p);
                    self.once(&mut d.retention, v, "retention");
                }
                Rule::recipients => {
                    let v = self.keyword_list(p);
                    self.once(&mut d.recipients, v, "recipients");
                }
                Rule::measures => {
                    let v = self.keyword_list(p);
                    self.once(&mut d.measures, v, "measures");
                }
                Rule::dpia => {
                    let v = self.keyword_string(p);
                    self.once(&mut d.dpia, Box::new(v), "dpia");
                }
                Rule::scale => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
                    let value = match inner.next() {
                        Some(n) if n.as_rule() == Rule::integer => Scale::Subjects(self.integer(n)),
                        _ => Scale::Large,
                    };
                    self.once(&mut d.scale, Attr { keyword, value }, "scale");
                }
                Rule::anonymous => {
                    let at = self.span(&p);
                    self.once(&mut d.anonymous, at, "anonymous");
                }
                Rule::owner => {
                    let v = self.keyword_string(p);
                    self.once(&mut d.owner, Box::new(v), "owner");
                }
                Rule::reviewed => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
                    if let Some(v) = inner.next() {
                        let value = self.date(v);
                        self.once(
                            &mut d.reviewed,
                            Box::new(Attr { keyword, value }),
                            "reviewed",
                        );
                    }
                }
                _ => {}
            }
        }
        d.fields = self.fields.drain(..).collect();
        d.purposes = self.purposes.drain(..).collect();
        d
    }

    /// A `date`: the grammar guarantees its digits and dashes.
    fn date(&self, pair: Pair<Rule>) -> WrittenDate {
        WrittenDate {
            date: Date::parse(pair.as_str()).unwrap_or_default(),
            span: self.span(&pair),
        }
    }

    fn field(&mut self, pair: Pair<Rule>) -> Field {
        let span = self.span(&pair);
        let mut field = Field {
            name: blank(span),
            category: None,
            description: None,
            span,
        };
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::field_name => field.name = self.ident(p),
                Rule::category => field.category = Some(self.ident(p)),
                Rule::string => field.description = Some(Box::new(self.string(p))),
                _ => {}
            }
        }
        field
    }

    fn purpose(&mut self, pair: Pair<Rule>) -> Purpose {
        let span = self.span(&pair);
        let mut pu = Purpose::declared(blank(span), None, span);
        for p in pair.into_inner() {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::purpose_id => pu.id = self.ident(p),
                Rule::description => pu.description = Some(Box::new(self.string(p))),
                Rule::kind => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(pspan);
                    if let Some(v) = inner.next() {
                        let value = self.ident(v);
                        self.once(&mut pu.kind, Attr { keyword, value }, "kind");
                    }
                }
                Rule::basis => {
                    let v = self.keyword_basis(p);
                    self.once(&mut pu.basis, v, "basis");
                }
                Rule::special_basis => {
                    let v = self.keyword_basis(p);
                    self.once(&mut pu.special_basis, Box::new(v), "special_basis");
                }
                Rule::criminal_basis => {
                    let v = self.keyword_basis(p);
                    self.once(&mut pu.criminal_basis, Box::new(v), "criminal_basis");
                }
                Rule::consent => {
                    let v = self.consent(p);
                    self.once(&mut pu.consent, Box::new(v), "consent");
                }
                Rule::justification => {
                    let v = self.keyword_string(p);
                    self.once(&mut pu.justification, Box::new(v), "justification");
                }
                Rule::compatibility => {
                    let v = self.keyword_string(p);
                    self.once(&mut pu.compatibility, Box::new(v), "compatibility");
                }
                Rule::profiling => self.once(&mut pu.profiling, pspan, "profiling"),
                Rule::automated_decisions => {
                    self.once(&mut pu.automated_decisions, pspan, "automated_decisions")
                }
                Rule::retention => {
                    let v = self.retention(p);
                    self.once(&mut pu.retention, Box::new(v), "retention");
                }
                Rule::soft_opt_in => {
                    let v = self.keyword_string(p);
                    self.once(&mut pu.soft_opt_in, Box::new(v), "soft_opt_in");
                }
                Rule::objection => {
                    let v = self.keyword_string(p);
                    self.once(&mut pu.objection, Box::new(v), "objection");
                }
                _ => {}
            }
        }
        pu
    }

    fn consent(&mut self, pair: Pair<Rule>) -> Attr<Consent> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
        let mut c = Consent::default();
        for p in inner {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::withdraw => {
                    let v = self.keyword_string(p);
                    self.once(&mut c.withdraw, v, "withdraw");
                }
                Rule::record => {
                    let v = self.keyword_string(p);
                    self.once(&mut c.record, v, "record");
                }
                Rule::bundled => self.once(&mut c.bundled, pspan, "bundled"),
                Rule::implied => self.once(&mut c.implied, pspan, "implied"),
                _ => {}
            }
        }
        Attr { keyword, value: c }
    }

    fn retention(&mut self, pair: Pair<Rule>) -> Attr<Retention> {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(span);
        let value = match inner.next() {
            Some(v) => self.retention_value(v),
            None => Retention::Indefinite(span),
        };
        Attr { keyword, value }
    }

    fn retention_value(&mut self, pair: Pair<Rule>) -> Retention {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::kw_session => Retention::Session(span),
            Rule::kw_none => Retention::None(span),
            Rule::kw_indefinite => Retention::Indefinite(span),
            Rule::until => {
                let event = pair.into_inner().nth(1).map(|e| self.ident(e));
                Retention::Until(event.unwrap_or_else(|| blank(span)))
            }
            Rule::by_law => {
                let s = pair.into_inner().nth(1).map(|s| self.string(s));
                Retention::ByLaw(s.unwrap_or_else(|| self.empty_str()))
            }
            _ => self.duration(pair),
        }
    }

    fn duration(&mut self, pair: Pair<Rule>) -> Retention {
        let span = self.span(&pair);
        let mut amount = 0;
        let mut unit = Unit::Day;
        let mut after = None;
        let mut then = EndAction::Delete;
        let mut value_end = span.end;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::integer => amount = self.integer(p),
                Rule::time_unit => {
                    value_end = self.span(&p).end;
                    unit = match p.as_str().trim_end_matches('s') {
                        "week" => Unit::Week,
                        "month" => Unit::Month,
                        "year" => Unit::Year,
                        _ => Unit::Day,
                    };
                }
                Rule::after => after = p.into_inner().nth(1).map(|e| self.ident(e)),
                Rule::then => {
                    then = match p.into_inner().nth(1).map(|a| a.as_str()) {
                        Some("anonymise") => EndAction::Anonymise,
                        Some("archive") => EndAction::Archive,
                        _ => EndAction::Delete,
                    }
                }
                _ => {}
            }
        }
        Retention::Duration {
            amount,
            unit,
            after,
            then,
            span: Span {
                end: value_end,
                ..span
            },
        }
    }

    fn flow(&mut self, pair: Pair<Rule>) -> Flow {
        let span = self.span(&pair);
        let mut flow = Flow::declared(blank(span), blank(span), span);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::flow_source => flow.source = self.ident(p),
                Rule::flow_target => flow.target = self.ident(p),
                Rule::flow_block => self.flow_block(p, &mut flow),
                _ => {}
            }
        }
        flow
    }

    fn flow_block(&mut self, pair: Pair<Rule>, flow: &mut Flow) {
        for p in pair.into_inner() {
            let pspan = self.span(&p);
            match p.as_rule() {
                Rule::flow_fields => {
                    let v = self.keyword_list(p);
                    self.once(&mut flow.fields, v, "fields");
                }
                Rule::flow_purpose => {
                    let mut inner = p.into_inner();
                    let keyword = inner.next().map(|k| self.span(&k)).unwrap_or(pspan);
                    if let Some(v) = inner.next() {
                        let value = self.ident(v);
                        self.once(&mut flow.purpose, Attr { keyword, value }, "purpose");
                    }
                }
                Rule::anonymised => self.once(&mut flow.anonymised, pspan, "anonymised"),
                Rule::pseudonymised => self.once(&mut flow.pseudonymised, pspan, "pseudonymised"),
                Rule::when => {
                    let v = self.keyword_string(p);
                    self.once(&mut flow.when, Box::new(v), "when");
                }
                _ => {}
            }
        }
    }
}
