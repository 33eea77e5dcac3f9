//! What a suppression covers is recorded by the parse (both readers give
//! the nodes): the fast reader's layout and pest's pairs must agree on it
//! for every suppression, wherever it is written.

use ropa::source::FileId;
use ropa::syntax::lexical::Comment;

/// Each suppression's coverage, its end moved back over white space and
/// comments: pest's pairs end after the blanks and comments that follow a
/// node's last token, the layout's at that token, and no finding starts
/// in between.
fn covers(text: &str, comments: &[Comment]) -> Vec<(u32, std::ops::Range<u32>)> {
    let trim = |r: std::ops::Range<u32>| {
        let mut end = r.end;
        while end > r.start {
            if let Some(c) = comments
                .iter()
                .find(|c| c.span.start < end && end <= c.span.end)
            {
                end = c.span.start;
            } else if text.as_bytes()[end as usize - 1].is_ascii_whitespace() {
                end -= 1;
            } else {
                break;
            }
        }
        r.start..end
    };
    comments
        .iter()
        .filter_map(|c| Some((c.span.start, trim(c.covers.clone()?))))
        .collect()
}

/// Every fixture file, with a suppression before each of its lines.
#[test]
fn both_readers_record_the_same_coverage_for_every_suppression() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "ropa") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let mut with = String::new();
        for line in text.lines() {
            let indent = &line[..line.len() - line.trim_start().len()];
            with.push_str(&format!("{indent}// ropa: allow A001 \"r\"\n{line}\n"));
        }
        let fast = ropa::syntax::parse(FileId(0), &with);
        let pest = ropa::syntax::parse_with_pest(FileId(0), &with);
        assert_eq!(fast.file, pest.file, "{}", entry.path().display());
        if fast.file.is_none() {
            continue;
        }
        assert_eq!(
            covers(&with, &fast.comments),
            covers(&with, &pest.comments),
            "{}",
            entry.path().display()
        );
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files");
}

#[test]
fn a_suppression_covers_the_node_after_it() {
    let text = "dataset d {\n  // ropa: allow A010 \"r\"\n  recipients a,\n    // ropa: allow T001 \"r\"\n    b\n}\n";
    for parsed in [
        ropa::syntax::parse(FileId(0), text),
        ropa::syntax::parse_with_pest(FileId(0), text),
    ] {
        let got: Vec<&str> = covers(text, &parsed.comments)
            .into_iter()
            .map(|(_, r)| &text[r.start as usize..r.end as usize])
            .collect();
        assert_eq!(
            got,
            ["recipients a,\n    // ropa: allow T001 \"r\"\n    b", "b"]
        );
    }
}
