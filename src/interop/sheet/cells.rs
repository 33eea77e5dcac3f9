//! Cells as DPOs write them: a party with its country in parentheses or
//! after a dash (`Mailchimp (USA)`, `Teamtailor AB (Sverige)`), several
//! parties in one cell, a transfer cell naming a country and a safeguard
//! together (`USA – standardavtalsklausuler`), and yes/no answers in the
//! columns that ask a question (DPIA, transfer, special data).

use super::{norm, split_items, Words};

/// A yes/no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// No, not applicable, none: the thing is absent.
    No,
    /// Yes, completed, done.
    Yes,
    /// In progress, planned: not done yet.
    Pending,
}

const NO: &[&str] = &[
    "nej",
    "no",
    "n/a",
    "na",
    "none",
    "ingen",
    "inga",
    "ej aktuellt",
    "inte aktuellt",
    "ej tillämpligt",
    "inte tillämpligt",
    "not applicable",
    "not required",
    "krävs ej",
    "krävs inte",
    "behövs ej",
    "behövs inte",
    "-",
    "–",
    "—",
];
const YES: &[&str] = &[
    "ja",
    "yes",
    "completed",
    "complete",
    "done",
    "klar",
    "genomförd",
    "utförd",
    "required",
    "krävs",
];
const PENDING: &[&str] = &[
    "pågår",
    "pågående",
    "påbörjad",
    "planerad",
    "in progress",
    "ongoing",
    "planned",
    "started",
];

/// Reads a yes/no answer and what follows it: `Ja`, `Nej`, `N/A`,
/// `Completed (DPIA-12)`, `Ja, se DPIA-2024-03`, `Pågår`. The text after
/// the answer is a reference (`see`/`se` and brackets taken off). `None`
/// when the cell does not open with an answer (`Nordea` is no `No`).
pub fn flag(cell: &str) -> Option<(Flag, Option<String>)> {
    let text = cell.trim();
    let lower = text.to_lowercase();
    for (words, flag) in [(NO, Flag::No), (YES, Flag::Yes), (PENDING, Flag::Pending)] {
        for w in words {
            let Some(rest) = lower.strip_prefix(w) else {
                continue;
            };
            if rest.is_empty() {
                return Some((flag, None));
            }
            if !rest.starts_with([',', ':', ';', '(', ' ', '.', '–', '-', '—']) {
                continue;
            }
            // The reference as written (lower-casing may change lengths).
            let original = if lower.len() == text.len() && text.is_char_boundary(w.len()) {
                &text[w.len()..]
            } else {
                rest
            };
            let mut r = original
                .trim_matches(|c: char| c.is_whitespace() || ",:;.–-—".contains(c))
                .to_string();
            if r.starts_with('(') && r.ends_with(')') {
                r = r[1..r.len() - 1].trim().to_string();
            }
            for see in ["see ", "se ", "See ", "Se "] {
                if let Some(x) = r.strip_prefix(see) {
                    r = x.trim().to_string();
                }
            }
            return Some((flag, (!r.is_empty()).then_some(r)));
        }
    }
    None
}

/// Legal forms that follow a company's name after a comma (`Acme, Inc.`).
const LEGAL_FORMS: &[&str] = &[
    "inc", "inc.", "ltd", "ltd.", "llc", "plc", "gmbh", "ab", "oy", "oyj", "as", "a/s", "aps",
    "asa", "corp", "corp.", "co.", "s.a.", "sa", "bv", "b.v.", "nv", "n.v.", "ag", "sarl", "srl",
    "s.r.l.",
];

/// Words that say what a party is.
pub fn role_word(note: &str) -> Option<bool> {
    match norm(note).as_str() {
        "controller" | "personuppgiftsansvarig" | "joint controller" => Some(true),
        "processor"
        | "personuppgiftsbiträde"
        | "biträde"
        | "underbiträde"
        | "sub-processor"
        | "subprocessor" => Some(false),
        _ => None,
    }
}

/// Splits a cell of parties into one item per party: at `;` and line
/// breaks, and at commas when it has neither (`HubSpot Inc. (USA), Fortnox
/// AB (Sverige)`), but never before a legal form (`Acme, Inc.`). A cell as
/// ropa's report writes it (`Name, with commas (processor, SE)`) is split
/// at `;` only.
pub fn party_items(cell: &str) -> Vec<String> {
    let t = cell.trim_end();
    let report_form = t.ends_with(')')
        && t.rfind('(').is_some_and(|i| {
            t[i + 1..t.len() - 1]
                .split(',')
                .next()
                .is_some_and(|n| role_word(n).is_some())
        });
    if report_form || cell.contains(';') || cell.contains('\n') {
        return split_items(cell, false);
    }
    let mut out: Vec<String> = Vec::new();
    for piece in split_items(cell, true) {
        let first = piece.split_whitespace().next().unwrap_or("").to_lowercase();
        match out.last_mut() {
            Some(last) if LEGAL_FORMS.contains(&first.as_str()) => {
                last.push_str(", ");
                last.push_str(&piece);
            }
            _ => out.push(piece),
        }
    }
    out
}

/// What a note beside a party or in a transfer cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Controller (`true`) or processor.
    Role(bool),
    /// A country code (or a group the language knows).
    Country(String),
    /// A transfer mechanism.
    Mechanism(String),
}

/// A party as a cell names it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyText {
    /// The name without its notes.
    pub name: String,
    /// What the notes say, in order.
    pub notes: Vec<Note>,
    /// Notes that were not understood.
    pub unread: Vec<String>,
}

/// The parts of a note: split at commas, `;`, ` and `/` och ` and dashes.
fn note_parts(text: &str) -> Vec<String> {
    let mut parts = vec![text.to_string()];
    for sep in [",", ";", " och ", " and ", " & ", " – ", " — ", " - "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

impl Words<'_> {
    /// What one part of a note is.
    pub fn note(&self, part: &str) -> Option<Note> {
        if let Some(r) = role_word(part) {
            return Some(Note::Role(r));
        }
        if let Some(c) = self.country(part) {
            return Some(Note::Country(c));
        }
        self.mechanism(part).map(Note::Mechanism)
    }

    /// The notes of a text in which every part is a note (`USA –
    /// standardavtalsklausuler`, `USA (SCC)`, `SE, FI`); `None` when some
    /// part is not.
    pub fn all_notes(&self, text: &str) -> Option<Vec<Note>> {
        let flat: String = text
            .chars()
            .map(|c| if matches!(c, '(' | ')') { ',' } else { c })
            .collect();
        let parts = note_parts(&flat);
        if parts.is_empty() {
            return None;
        }
        parts.iter().map(|p| self.note(p)).collect()
    }

    /// Reads a party: notes in its last brackets (`Mailchimp (USA)`, the
    /// report's `Telia (processor, SE, FI)`) and a note after a dash
    /// (`Mailchimp – USA`). Brackets in which nothing is understood stay in
    /// the name (`Acme (Nordic)`), and so do brackets before the last (a
    /// name may hold a role: `Facebook (personuppgiftsbiträde) (processor,
    /// US)`); brackets in which some is understood are notes, the rest
    /// unread.
    pub fn party_text(&self, item: &str) -> PartyText {
        let mut out = PartyText::default();
        let mut name = item.trim().to_string();
        let t = name.trim_end().to_string();
        if let Some(open) = t.ends_with(')').then(|| matching_open(&t)).flatten() {
            let parts = note_parts(&t[open + 1..t.len() - 1]);
            let read: Vec<Option<Note>> = parts.iter().map(|p| self.note(p)).collect();
            if read.iter().any(Option::is_some) {
                for (p, n) in parts.iter().zip(read) {
                    match n {
                        Some(n) => out.notes.push(n),
                        None => out.unread.push(p.clone()),
                    }
                }
                name = t[..open].trim_end().to_string();
            }
        }
        for sep in [" – ", " — ", " - "] {
            if let Some((head, tail)) = name.rsplit_once(sep) {
                if let Some(mut notes) = self.all_notes(tail) {
                    notes.append(&mut out.notes);
                    out.notes = notes;
                    name = head.trim_end().to_string();
                    break;
                }
            }
        }
        out.name = if name.trim().is_empty() {
            item.trim().to_string()
        } else {
            name.trim().to_string()
        };
        out
    }
}

/// The byte index of the `(` that the final `)` of `text` closes.
fn matching_open(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits a legal-basis cell that may name several bases: at `;`, line
/// breaks, commas, `/`, `+`, ` och `, ` and `.
pub fn basis_parts(cell: &str) -> Vec<String> {
    let mut parts: Vec<String> = split_items(cell, true);
    for sep in ["/", "+", " och ", " and ", " samt ", " & "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{synonyms, Words};
    use super::*;
    use crate::data::RuleData;

    #[test]
    fn yes_and_no() {
        assert_eq!(flag("Nej"), Some((Flag::No, None)));
        assert_eq!(flag("N/A"), Some((Flag::No, None)));
        assert_eq!(flag("No"), Some((Flag::No, None)));
        assert_eq!(flag("Pågår"), Some((Flag::Pending, None)));
        assert_eq!(flag("Completed"), Some((Flag::Yes, None)));
        assert_eq!(
            flag("Completed (DPIA-12)"),
            Some((Flag::Yes, Some("DPIA-12".into())))
        );
        assert_eq!(
            flag("Ja, se Konsekvensbedömning 2024-03"),
            Some((Flag::Yes, Some("Konsekvensbedömning 2024-03".into())))
        );
        assert_eq!(flag("Nordea"), None);
        assert_eq!(flag("DPIA-12"), None);
    }

    #[test]
    fn parties_in_a_cell() {
        assert_eq!(
            party_items("HubSpot Inc. (USA), Fortnox AB (Sverige)"),
            ["HubSpot Inc. (USA)", "Fortnox AB (Sverige)"]
        );
        assert_eq!(party_items("Acme, Inc. (USA)"), ["Acme, Inc. (USA)"]);
        assert_eq!(
            party_items("Name, with commas (processor, SE)"),
            ["Name, with commas (processor, SE)"]
        );
        assert_eq!(party_items("Telia, Mailchimp"), ["Telia", "Mailchimp"]);
    }

    #[test]
    fn countries_and_safeguards_beside_a_party() {
        let w = Words::new(synonyms().unwrap(), RuleData::builtin().unwrap());
        let p = w.party_text("Mailchimp (USA)");
        assert_eq!(p.name, "Mailchimp");
        assert_eq!(p.notes, [Note::Country("US".into())]);
        let p = w.party_text("Teamtailor AB (Sverige)");
        assert_eq!(p.name, "Teamtailor AB");
        assert_eq!(p.notes, [Note::Country("SE".into())]);
        let p = w.party_text("Telia (processor, SE, FI)");
        assert_eq!(p.name, "Telia");
        assert_eq!(
            p.notes,
            [
                Note::Role(false),
                Note::Country("SE".into()),
                Note::Country("FI".into())
            ]
        );
        let p = w.party_text("Zendesk – USA");
        assert_eq!((p.name.as_str(), p.notes.len()), ("Zendesk", 1));
        let p = w.party_text("Acme (Nordic)");
        assert_eq!((p.name.as_str(), p.notes.len()), ("Acme (Nordic)", 0));
        let p = w.party_text("Mailchimp (USA, Atlanta)");
        assert_eq!(p.unread, ["Atlanta"]);
        assert_eq!(
            w.all_notes("USA – standardavtalsklausuler"),
            Some(vec![
                Note::Country("US".into()),
                Note::Mechanism("scc".into())
            ])
        );
        assert_eq!(
            basis_parts("Avtal och rättslig förpliktelse"),
            ["Avtal", "rättslig förpliktelse"]
        );
    }
}
