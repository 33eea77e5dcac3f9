//! What each suppression comment covers, recorded while the file is parsed.
//!
//! A `// ropa: allow` comment covers the outermost node of the syntax tree
//! that starts at the first code after it: an item, an attribute, a field,
//! a purpose, or one value of a list. Both readers give the nodes (pest its
//! pairs, the fast reader its layout), so the suppressions are resolved
//! from the one parse every file gets.

use std::collections::HashMap;
use std::ops::Range;

use super::direct::Layout;
use super::lexical::{is_suppression, Comment};
use super::Rule;

/// For every byte where a node starts, where the outermost such node ends.
#[derive(Debug, Default)]
pub(super) struct NodeEnds(HashMap<u32, u32>);

impl NodeEnds {
    /// Adds the nodes of one pest parse of the text from `base` on.
    pub(super) fn add_pairs(&mut self, pairs: pest::iterators::Pairs<Rule>, base: usize) {
        // Pre-order: an outer node is met before the nodes inside it.
        let mut stack: Vec<pest::iterators::Pair<Rule>> = pairs.collect();
        stack.reverse();
        while let Some(pair) = stack.pop() {
            let span = pair.as_span();
            if !matches!(pair.as_rule(), Rule::file | Rule::EOI) {
                self.0
                    .entry((base + span.start()) as u32)
                    .or_insert((base + span.end()) as u32);
            }
            let mut children: Vec<_> = pair.into_inner().collect();
            children.reverse();
            stack.extend(children);
        }
    }

    /// The nodes of the fast reader's layout: each construct (item,
    /// attribute, field, purpose) and each token in it.
    pub(super) fn from_layout(layout: &[Layout]) -> NodeEnds {
        let mut ends = HashMap::new();
        // The start of each open construct, and the end of the last token.
        let mut open: Vec<usize> = Vec::new();
        let mut last = 0usize;
        for event in layout {
            match *event {
                Layout::Begin(_, start) => open.push(start),
                Layout::Token(_, start, end) => {
                    ends.entry(start as u32).or_insert(end as u32);
                    last = end;
                }
                Layout::Open(end) => {
                    ends.entry(end.saturating_sub(1) as u32)
                        .or_insert(end as u32);
                    last = end;
                }
                Layout::Close(start, end) => {
                    ends.entry(start as u32).or_insert(end as u32);
                    last = end;
                }
                Layout::End => {
                    if let Some(start) = open.pop() {
                        // Constructs end after what they hold, so the
                        // outermost one starting here is the last to end.
                        ends.insert(start as u32, last as u32);
                    }
                }
            }
        }
        NodeEnds(ends)
    }
}

/// Whether any comment of `text` is a suppression.
pub(super) fn wanted(text: &str, comments: &[Comment]) -> bool {
    comments
        .iter()
        .any(|c| c.line && text.get(c.span.range()).is_some_and(is_suppression))
}

/// Records, on every suppression comment, the node it covers.
pub(super) fn record(text: &str, comments: &mut [Comment], ends: &NodeEnds) {
    let covers: Vec<Option<Range<u32>>> = comments
        .iter()
        .map(|c| {
            if !c.line || !text.get(c.span.range()).is_some_and(is_suppression) {
                return None;
            }
            let start = next_code(text, c.span.end as usize, comments) as u32;
            let end = ends.0.get(&start).copied().unwrap_or(start);
            Some(start..trimmed_end(text, start, end, comments))
        })
        .collect();
    for (c, covers) in comments.iter_mut().zip(covers) {
        c.covers = covers;
    }
}

/// `end` moved back over the blanks and comments before it: pest's pairs
/// end after those that follow a node's last token, the layout's at that
/// token, and both readers must record the same coverage.
fn trimmed_end(text: &str, start: u32, mut end: u32, comments: &[Comment]) -> u32 {
    let bytes = text.as_bytes();
    while end > start {
        if bytes
            .get(end as usize - 1)
            .is_some_and(u8::is_ascii_whitespace)
        {
            end -= 1;
            continue;
        }
        match comments.binary_search_by_key(&end, |c| c.span.end) {
            Ok(k) if comments[k].span.start >= start => end = comments[k].span.start,
            _ => break,
        }
    }
    end
}

/// The first byte of code after `from`, skipping white space and comments
/// (`comments` are in order).
fn next_code(text: &str, from: usize, comments: &[Comment]) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        match comments.binary_search_by_key(&(i as u32), |c| c.span.start) {
            Ok(k) => i = comments[k].span.end as usize,
            Err(_) => break,
        }
    }
    i
}
