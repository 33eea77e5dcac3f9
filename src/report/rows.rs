//! The label-and-value lists of the report, under each organisation and
//! each dataset. Which rows appear, and in what order, is decided here once
//! for HTML and Markdown alike, so the two cannot drift apart; each format
//! only writes a row's value in its own markup.

use super::labels::Labels;
use super::record::{DatasetView, FieldView, Named, Org, ScaleView, SourceView, Transfer};
use super::words;

/// One row, holding what its value is written from.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    /// How to contact the organisation (shown as missing when absent).
    Contact(Option<&'a str>),
    /// The data protection officer (shown as missing when absent).
    Dpo(Option<&'a str>),
    /// The Art. 27 representative.
    Representative(&'a str),
    /// Where the organisation processes.
    Countries(&'a [&'a str]),
    /// The organisation is a public authority.
    PublicAuthority,
    /// A dataset's controllers, when there are several.
    JointControllers(&'a [Named<'a>]),
    /// Their Art. 26 arrangement (shown as missing when absent).
    Arrangement(Option<&'a str>),
    /// Categories of data subjects.
    Subjects(&'a [&'a str]),
    /// Categories of personal data: the fields.
    Categories(&'a [FieldView<'a>]),
    /// Where the data comes from.
    Sources(&'a [SourceView<'a>]),
    /// Who receives the data (written from the whole dataset).
    Recipients(&'a DatasetView<'a>),
    /// Transfers to third countries.
    Transfers(&'a [Transfer<'a>]),
    /// How long the data is kept: the dataset's retention, and each
    /// purpose's own (shown as missing when there is none).
    Retention(&'a DatasetView<'a>),
    /// The laws that mandate a party's processing.
    Laws(&'a [&'a str]),
    /// The dataset holds no personal data.
    Anonymous,
    /// Security measures.
    Measures(&'a [&'a str]),
    /// The DPIA reference (shown as missing when absent).
    Dpia(Option<&'a str>),
    /// Cookies and similar technologies.
    Cookies(&'a [&'a str]),
    /// The scale of processing.
    Scale(&'a ScaleView),
    /// A controller's target countries (v3).
    Markets(&'a [&'a str]),
    /// Who answers for the processing (v3).
    Owner(&'a str),
    /// When the entry was last reviewed (v3).
    Reviewed(&'a str),
}

impl Row<'_> {
    /// The row's label in the report's language.
    pub fn label(&self, l: &Labels) -> &'static str {
        match self {
            Row::Contact(_) => l.contact,
            Row::Dpo(_) => l.dpo,
            Row::Representative(_) => l.representative,
            Row::Countries(_) => l.country,
            Row::PublicAuthority => l.public_authority,
            Row::JointControllers(_) => l.joint_controllers,
            Row::Arrangement(_) => l.arrangement,
            Row::Subjects(_) => l.subjects,
            Row::Categories(_) => l.data_categories,
            Row::Sources(_) => l.source,
            Row::Recipients(_) => l.recipients,
            Row::Transfers(_) => l.transfers,
            Row::Retention(_) => l.retention,
            Row::Laws(_) => l.laws,
            Row::Anonymous => l.anonymous,
            Row::Measures(_) => l.measures,
            Row::Dpia(_) => l.dpia,
            Row::Cookies(_) => l.cookies,
            Row::Scale(_) => l.scale,
            Row::Markets(_) => l.markets,
            Row::Owner(_) => l.owner,
            Row::Reviewed(_) => l.reviewed,
        }
    }

    /// The value of a row that is plain text in every format, for the
    /// format to escape; `None` for the rows each format lays out itself.
    pub fn text(&self, l: &Labels) -> Option<String> {
        let joined = |items: Vec<String>| items.join(", ");
        match *self {
            Row::Representative(r) => Some(r.to_string()),
            Row::Countries(c) => Some(words::places(l.lang, c)),
            Row::PublicAuthority => Some(l.yes.to_string()),
            Row::JointControllers(c) => {
                Some(joined(c.iter().map(|c| c.name.to_string()).collect()))
            }
            Row::Sources(s) => Some(joined(s.iter().map(|s| words::source(l, s)).collect())),
            Row::Scale(s) => Some(words::scale(l, s)),
            Row::Laws(laws) => Some(laws.join("; ")),
            Row::Anonymous => Some(l.anonymous_value.to_string()),
            Row::Markets(m) => Some(words::places(l.lang, m)),
            Row::Owner(o) | Row::Reviewed(o) => Some(o.to_string()),
            _ => None,
        }
    }
}

/// The rows under an organisation: contact and DPO always (a gap is worth
/// seeing), the representative when there is one, the countries, the
/// markets when declared, and whether it is a public authority.
pub fn org<'a>(o: &'a Org<'a>) -> Vec<Row<'a>> {
    let mut rows = vec![Row::Contact(o.contact), Row::Dpo(o.dpo)];
    if let Some(r) = o.representative {
        rows.push(Row::Representative(r));
    }
    if !o.laws.is_empty() {
        rows.push(Row::Laws(&o.laws));
    }
    rows.push(Row::Countries(&o.countries));
    if !o.markets.is_empty() {
        rows.push(Row::Markets(&o.markets));
    }
    if o.public_authority {
        rows.push(Row::PublicAuthority);
    }
    rows
}

/// The rows under a dataset, after its purposes: what Art. 30(1) asks for
/// always, even when empty; joint controllers, sources, cookies, scale,
/// owner and last review only when declared.
pub fn dataset<'a>(d: &'a DatasetView<'a>) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    if d.anonymous {
        rows.push(Row::Anonymous);
    }
    if d.controllers.len() > 1 {
        rows.push(Row::JointControllers(&d.controllers));
        rows.push(Row::Arrangement(d.arrangement));
    }
    rows.push(Row::Subjects(&d.subjects));
    rows.push(Row::Categories(&d.fields));
    if !d.sources.is_empty() {
        rows.push(Row::Sources(&d.sources));
    }
    rows.push(Row::Recipients(d));
    rows.push(Row::Transfers(&d.transfers));
    rows.push(Row::Retention(d));
    rows.push(Row::Measures(&d.measures));
    rows.push(Row::Dpia(d.dpia));
    if !d.cookies.is_empty() {
        rows.push(Row::Cookies(&d.cookies));
    }
    if let Some(s) = &d.scale {
        rows.push(Row::Scale(s));
    }
    if let Some(o) = d.owner {
        rows.push(Row::Owner(o));
    }
    if let Some(r) = &d.reviewed {
        rows.push(Row::Reviewed(r));
    }
    rows
}
