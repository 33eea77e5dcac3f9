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

/// The word a keyword rule (`kw_purpose`) stands for, from the language
/// table (`syntax::language`); `None` for any other rule.
fn keyword(rule: Rule) -> Option<&'static str> {
    let name = format!("{rule:?}");
    super::language::keyword(name.strip_prefix("kw_")?)
}

/// Which block a keyword belongs to, to name the kind of attribute.
fn block_of(rule: Rule) -> Option<&'static str> {
    super::language::member_of(keyword(rule)?)
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
