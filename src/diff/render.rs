//! `ropa diff`'s formats: `human` for the terminal, `markdown` for a
//! pull-request comment (details folded), `json` (docs/diff.md).

use std::fmt::Write as _;

use super::{
    CategoryView, ControllerChanges, DatasetChange, Destination, Diff, FindingView, PartyChange,
    Status, ValueChange,
};

/// The JSON document.
pub fn json(diff: &Diff) -> String {
    let mut out = serde_json::to_string_pretty(diff).unwrap_or_default();
    out.push('\n');
    out
}

fn side(s: &super::SideName) -> String {
    let mut out = s.revision.clone();
    match (&s.commit, &s.date) {
        (Some(c), Some(d)) => {
            let _ = write!(out, " ({c}, {d})");
        }
        (Some(c), None) => {
            let _ = write!(out, " ({c})");
        }
        _ => {}
    }
    if s.incomplete {
        out.push_str(" [incomplete: a file or item does not parse]");
    }
    out
}

fn sign(s: Status) -> &'static str {
    match s {
        Status::Added => "+",
        Status::Removed => "-",
        Status::Changed => "~",
    }
}

fn group_title(g: &ControllerChanges) -> String {
    if g.controllers.is_empty() {
        "datasets with no controller".to_string()
    } else {
        format!("controller {}", g.controllers.join(" + "))
    }
}

fn value(v: &Option<super::Value>) -> String {
    v.as_ref()
        .map_or_else(|| "(none)".to_string(), ToString::to_string)
}

fn value_change(c: &ValueChange) -> String {
    let mut out = match (&c.from, &c.to) {
        (None, Some(to)) => format!("{} {to}", c.what),
        (Some(from), None) => format!("{} {from} removed", c.what),
        _ => format!("{} {} → {}", c.what, value(&c.from), value(&c.to)),
    };
    if c.longer {
        out.push_str(" (longer)");
    }
    out
}

fn category(c: &CategoryView) -> String {
    let mut out = format!("{} (field {})", c.category, c.fields.join(", "));
    match c.mark {
        Some("special") => out.push_str(" [special category, Art. 9]"),
        Some("criminal") => out.push_str(" [criminal-offence data, Art. 10]"),
        Some("national_id") => out.push_str(" [national identification number, Art. 87]"),
        _ => {}
    }
    out
}

fn destination(d: &Destination) -> String {
    let mut out = format!("{} ({})", d.party, d.countries.join(", "));
    if !d.via.is_empty() {
        let _ = write!(out, " via {}", d.via.join(" → "));
    }
    match d.mechanism.as_deref() {
        Some("adequacy") => out.push_str(": adequacy decision (Art. 45)"),
        Some(m) => {
            let _ = write!(out, ": {m}");
        }
        None => out.push_str(": no transfer mechanism recorded"),
    }
    out
}

/// The lines of one dataset's change, each with its status.
fn dataset_lines(d: &DatasetChange) -> Vec<(Status, String)> {
    let mut out = Vec::new();
    for p in &d.purposes {
        let what: Vec<String> = p.changes.iter().map(value_change).collect();
        let tail = if what.is_empty() {
            String::new()
        } else {
            format!(": {}", what.join("; "))
        };
        out.push((p.status, format!("purpose {}{tail}", p.id)));
    }
    if let Some(r) = &d.retention {
        out.push((Status::Changed, value_change(r)));
    }
    for c in &d.categories_added {
        out.push((Status::Added, format!("category {}", category(c))));
    }
    for c in &d.categories_removed {
        out.push((Status::Removed, format!("category {}", category(c))));
    }
    for r in &d.recipients_added {
        out.push((Status::Added, format!("recipient {r}")));
    }
    for r in &d.recipients_removed {
        out.push((Status::Removed, format!("recipient {r}")));
    }
    for t in &d.new_destinations {
        out.push((Status::Added, format!("transfer to {}", destination(t))));
    }
    out
}

/// The status as a word (a `+` or `-` would start a Markdown list).
fn word(s: Status) -> &'static str {
    match s {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}

fn party_line(p: &PartyChange) -> String {
    let what: Vec<String> = p.changes.iter().map(value_change).collect();
    let tail = if what.is_empty() {
        String::new()
    } else {
        format!(": {}", what.join("; "))
    };
    format!("{} {} {}{tail}", sign(p.status), p.kind, p.id)
}

fn finding_line(f: &FindingView) -> String {
    format!(
        "{}:{}: {} [{}] {}",
        f.file,
        f.line,
        f.code,
        f.severity.as_str(),
        f.message
    )
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The terminal format.
pub fn human(diff: &Diff) -> String {
    let mut out = format!("ropa diff: {} → {}\n", side(&diff.from), side(&diff.to));
    if diff.is_empty() {
        out.push_str("\nno change to the record and no finding introduced or resolved\n");
        return out;
    }
    for g in &diff.controllers {
        let _ = writeln!(out, "\n{}", group_title(g));
        for d in &g.datasets {
            let _ = writeln!(out, "  {} dataset {}", sign(d.status), d.id);
            for (status, line) in dataset_lines(d) {
                let _ = writeln!(out, "      {} {line}", sign(status));
            }
        }
    }
    if !diff.parties.is_empty() {
        out.push_str("\nparties\n");
        for p in &diff.parties {
            let _ = writeln!(out, "  {}", party_line(p));
        }
    }
    let _ = writeln!(
        out,
        "\nfindings: {} introduced, {} resolved",
        diff.introduced.len(),
        diff.resolved.len()
    );
    for f in &diff.introduced {
        let _ = writeln!(out, "  + {}", finding_line(f));
    }
    for f in &diff.resolved {
        let _ = writeln!(out, "  - {}", finding_line(f));
    }
    out
}

/// Markdown text with the characters that GitHub and GitLab would read as
/// markup escaped; a name set off in backticks stays a code span.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "`{part}`");
            continue;
        }
        for c in part.chars() {
            if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The pull-request comment: a summary that reads at a glance, the
/// details folded.
pub fn markdown(diff: &Diff) -> String {
    let mut out = String::from("### ropa: changes to the record of processing\n\n");
    let _ = writeln!(
        out,
        "Comparing {} with {}.\n",
        md(&side(&diff.from)),
        md(&side(&diff.to))
    );
    if diff.is_empty() {
        out.push_str("No change to the record, and no finding introduced or resolved.\n");
        return out;
    }
    let datasets: usize = diff.controllers.iter().map(|g| g.datasets.len()).sum();
    let destinations: usize = diff
        .controllers
        .iter()
        .flat_map(|g| &g.datasets)
        .map(|d| d.new_destinations.len())
        .sum();
    let weighty = diff
        .controllers
        .iter()
        .flat_map(|g| &g.datasets)
        .flat_map(|d| &d.categories_added)
        .filter(|c| c.mark.is_some())
        .count();
    let _ = writeln!(
        out,
        "| | |\n|---|---|\n| Datasets changed | {datasets} |\n| Parties changed | {} |\n\
         | New third-country destinations | {destinations} |\n\
         | Special, criminal or ID-number categories added | {weighty} |\n\
         | Findings introduced | {} |\n| Findings resolved | {} |\n",
        diff.parties.len(),
        diff.introduced.len(),
        diff.resolved.len()
    );
    if !diff.introduced.is_empty() {
        out.push_str("**Findings introduced**\n\n");
        for f in &diff.introduced {
            let _ = writeln!(out, "- {}", md(&finding_line(f)));
        }
        out.push('\n');
    }
    for g in &diff.controllers {
        let _ = writeln!(
            out,
            "<details><summary>{} — {}</summary>\n",
            md(&group_title(g)),
            counted(g.datasets.len(), "dataset", "datasets")
        );
        for d in &g.datasets {
            let _ = writeln!(out, "- dataset **{}** {}", md(&d.id), word(d.status));
            for (status, line) in dataset_lines(d) {
                let _ = writeln!(out, "  - {}: {}", word(status), md(&line));
            }
        }
        out.push_str("\n</details>\n\n");
    }
    if !diff.parties.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Parties — {}</summary>\n",
            diff.parties.len()
        );
        for p in &diff.parties {
            let _ = writeln!(
                out,
                "- {}: {}",
                word(p.status),
                md(party_line(p).get(2..).unwrap_or(""))
            );
        }
        out.push_str("\n</details>\n\n");
    }
    if !diff.resolved.is_empty() {
        let _ = writeln!(
            out,
            "<details><summary>Findings resolved — {}</summary>\n",
            diff.resolved.len()
        );
        for f in &diff.resolved {
            let _ = writeln!(out, "- {}", md(&finding_line(f)));
        }
        out.push_str("\n</details>\n");
    }
    out
}
