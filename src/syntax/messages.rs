//! Turns pest's "expected rule X" into a sentence about the language.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::{Problem, Rule};
use crate::source::{FileId, Span};

/// The E001 finding for a pest error.
///
/// `err` is pest's error for the text from `base` on (an item of a broken
/// file, [`super::recover`]); its position is shifted by `base` into `text`.
pub(super) fn from_pest(file: FileId, text: &str, base: usize, err: &Error<Rule>) -> Problem {
    let pos = base
        + match err.location {
            InputLocation::Pos(p) => p,
            InputLocation::Span((s, _)) => s,
        };
    let (token, span) = token_at(file, text, pos);
    let expected = match &err.variant {
        ErrorVariant::ParsingError { positives, .. } => describe(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let message = format!("expected {expected}, found {token}");
    Problem::syntax(span, message, help(&expected))
}

fn help(expected: &str) -> String {
    format!("write {expected} here, or check the block above for a missing `}}` or `\"`")
}

/// The token at `pos`, described for a message, and its span.
fn token_at(file: FileId, text: &str, pos: usize) -> (String, Span) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("the end of the file".to_string(), Span::new(file, pos, pos));
    };
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len())
    } else if first == '"' {
        rest[1..].find('"').map_or(rest.len(), |n| n + 2)
    } else {
        first.len_utf8()
    };
    let mut len = len.min(60);
    while !rest.is_char_boundary(len) {
        len -= 1;
    }
    let token = rest.get(..len).unwrap_or("");
    // Control characters (a NUL, an escape sequence) are written as
    // escapes: messages go to terminals and line-oriented formats.
    let shown: String = token
        .chars()
        .take(40)
        .flat_map(|c| match c {
            '\n' => vec![' '],
            c if c.is_control() => c.escape_unicode().collect(),
            c => vec![c],
        })
        .collect();
    (
        format!("`{shown}`"),
        Span::new(file, pos, pos + token.len()),
    )
}

/// A sentence listing what the grammar would have accepted.
///
/// Keywords are listed in the grammar's order, whatever order pest tried
/// them in, so reordering alternatives for speed never changes a message.
fn describe(rules: &[Rule]) -> String {
    let mut expected: Vec<Rule> = Vec::new();
    for rule in rules {
        match rule {
            // A rule that failed as a whole at its first token stands for
            // the keywords it starts with.
            Rule::file => expected.extend([
                Rule::kw_controller,
                Rule::kw_processor,
                Rule::kw_dataset,
                Rule::kw_flow,
            ]),
            Rule::party => expected.extend([Rule::kw_controller, Rule::kw_processor]),
            other => expected.push(*other),
        }
    }
    let mut kws: Vec<Rule> = expected
        .iter()
        .copied()
        .filter(|r| keyword(*r).is_some())
        .collect();
    kws.sort();
    kws.dedup();
    let keywords: Vec<&str> = kws.iter().filter_map(|r| keyword(*r)).collect();
    let context = kws.iter().find_map(|r| block_of(*r));
    let mut phrases: Vec<String> = Vec::new();
    for rule in &expected {
        if let Some(p) = phrase(*rule) {
            if !phrases.iter().any(|x| x == p) {
                phrases.push(p.to_string());
            }
        }
    }
    if !keywords.is_empty() {
        let list = keywords
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let head = match context {
            Some(ctx) if keywords.len() > 2 => format!("{ctx} ({list})"),
            _ => list,
        };
        phrases.insert(0, head);
    }
    match phrases.len() {
        0 => "something else".to_string(),
        1 => phrases.remove(0),
        _ => {
            let last = phrases.pop().unwrap_or_default();
            format!("{} or {}", phrases.join(", "), last)
        }
    }
}

/// Which block a keyword belongs to, to name the kind of attribute.
fn block_of(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        // `controller`, `fields` and `purpose` open more than one kind of
        // block; the other keywords tell which one is meant.
        kw_controller | kw_fields | kw_purpose => return None,
        kw_processor | kw_dataset | kw_flow => "an item",
        kw_country | kw_public_authority | kw_dpo | kw_representative | kw_contact | kw_dpa
        | kw_transfer | kw_subprocessors | kw_law | kw_market => "a party attribute",
        // `retention` opens both a dataset and a purpose attribute.
        kw_retention => return None,
        kw_arrangement | kw_subjects | kw_source | kw_recipients | kw_cookies | kw_measures
        | kw_dpia | kw_scale | kw_anonymous | kw_owner | kw_reviewed => "a dataset attribute",
        kw_kind
        | kw_basis
        | kw_special_basis
        | kw_criminal_basis
        | kw_consent
        | kw_justification
        | kw_compatibility
        | kw_profiling
        | kw_automated_decisions
        | kw_soft_opt_in
        | kw_objection => "a purpose attribute",
        kw_withdraw | kw_record | kw_bundled | kw_implied => "a consent attribute",
        kw_anonymised | kw_pseudonymised | kw_when => "a flow attribute",
        kw_session | kw_none | kw_until | kw_by_law | kw_indefinite => "a retention",
        _ => return None,
    })
}

fn keyword(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        kw_controller => "controller",
        kw_processor => "processor",
        kw_dataset => "dataset",
        kw_flow => "flow",
        kw_country => "country",
        kw_public_authority => "public_authority",
        kw_dpo => "dpo",
        kw_representative => "representative",
        kw_contact => "contact",
        kw_dpa => "dpa",
        kw_transfer => "transfer",
        kw_subprocessors => "subprocessors",
        kw_law => "law",
        kw_market => "market",
        kw_tia => "tia",
        kw_arrangement => "arrangement",
        kw_subjects => "subjects",
        kw_source => "source",
        kw_fields => "fields",
        kw_purpose => "purpose",
        kw_retention => "retention",
        kw_recipients => "recipients",
        kw_cookies => "cookies",
        kw_measures => "measures",
        kw_dpia => "dpia",
        kw_scale => "scale",
        kw_large => "large",
        kw_anonymous => "anonymous",
        kw_owner => "owner",
        kw_reviewed => "reviewed",
        kw_kind => "kind",
        kw_basis => "basis",
        kw_special_basis => "special_basis",
        kw_criminal_basis => "criminal_basis",
        kw_consent => "consent",
        kw_justification => "justification",
        kw_compatibility => "compatibility",
        kw_profiling => "profiling",
        kw_automated_decisions => "automated_decisions",
        kw_soft_opt_in => "soft_opt_in",
        kw_objection => "objection",
        kw_withdraw => "withdraw",
        kw_record => "record",
        kw_bundled => "bundled",
        kw_implied => "implied",
        kw_session => "session",
        kw_none => "none",
        kw_until => "until",
        kw_by_law => "by_law",
        kw_indefinite => "indefinite",
        kw_after => "after",
        kw_then => "then",
        kw_anonymised => "anonymised",
        kw_pseudonymised => "pseudonymised",
        kw_when => "when",
        _ => return None,
    })
}

fn phrase(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "the end of the file",
        ident => "a name",
        string | string_body | display_name | description => "a string in double quotes",
        integer => "a whole number",
        open_brace => "`{`",
        close_brace => "`}`",
        arrow => "`->`",
        party_id => "the party's ID",
        dataset_id => "the dataset's ID",
        purpose_id => "the purpose's ID",
        party_ref => "a party ID",
        country_code => "a country code such as `SE` or `US`, or `eea`, `third` or `world`",
        mechanism => "a transfer mechanism such as `scc`, `dpf` or `bcr`",
        market_code => "a country code such as `SE` or `DE`, or `eea`",
        date => "a date written `YYYY-MM-DD`, such as `2026-03-31`",
        subject => "a category of data subjects such as `job_seeker` or `employee`",
        source_item => "a source such as `data_subject`, a party ID or a string",
        field | field_name => "a field name",
        category => "a data category such as `contact.email` or `special.health`",
        cookie => "a cookie name",
        measure => "a measure such as `encryption` or `access_control`",
        purpose_kind => "a purpose kind such as `service` or `analytics`",
        legal_basis => "a legal basis such as `consent` or `public_task`",
        art9_condition => "an Art. 9(2) condition such as `explicit_consent` or `employment_law`",
        criminal_authority => "`official_authority` or `law`",
        duration => "a retention such as `12 months`, `session` or `by_law \"...\"`",
        time_unit => "a time unit (`days`, `weeks`, `months` or `years`)",
        end_action => "`delete`, `anonymise` or `archive`",
        event => "an event name such as `case_closed`",
        flow_source => "the source dataset's ID",
        flow_target => "the target dataset or party ID",
        flow_block => "`{`",
        field_ref => "a field name of the source dataset",
        purpose_ref => "a purpose ID of the target dataset",
        _ => return None,
    })
}
