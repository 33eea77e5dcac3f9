//! The JSON format (schema in `docs/json-output.md`).

use serde::Serialize;

use super::array::Object;
use super::locate;
use crate::finding::{Finding, Severity, Words};
use crate::source::{Sources, Span};

/// The version of the JSON schema; bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// The document around the findings, which are printed one at a time
/// into the place of `findings` (`super::array`), so that no second copy
/// of 400 000 findings is held in memory.
#[derive(Serialize)]
struct Document {
    version: u32,
    tool: Tool,
    summary: Summary,
    findings: &'static str,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// Prints one finding into `text`, `margin` spaces in, field by field as
/// [`JsonFinding`] declares them (a test holds the two to the same bytes).
fn print(
    text: &mut Vec<u8>,
    margin: usize,
    sources: &Sources,
    paths: &[String],
    f: &Finding,
    w: &Words,
) {
    let mut o = Object::open(text, margin);
    o.str("code", f.rule.code);
    o.str("name", f.rule.name);
    o.str("severity", f.severity.as_str());
    o.str("message", &f.message(w));
    o.str("help", &f.help_text(w));
    o.str("article", f.rule.article);
    o.with("url", |t| {
        std::io::Write::write_fmt(t, format_args!("\"{}\"", f.rule.url_display())).is_ok()
    });
    place(&mut o, sources, paths, f.primary.span);
    o.opt_str("dataset", f.dataset.as_deref());
    o.opt_str("party", f.party.as_deref());
    o.objects("related", &f.related, |r, o| {
        o.str("message", r.said.get(w.lang));
        place(o, sources, paths, r.span);
    });
    o.with("facts", |t| f.write_facts(t));
    o.close();
}

/// A span's file, lines and columns, as members of `o`.
fn place(o: &mut Object, sources: &Sources, paths: &[String], span: Span) {
    let l = locate(sources, span);
    o.str(
        "file",
        paths.get(span.file.0 as usize).map_or("", String::as_str),
    );
    o.num("line", l.start.line);
    o.num("column", l.start.column);
    o.num("end_line", l.end.line);
    o.num("end_column", l.end.column);
}

/// Renders the findings as one JSON document.
pub fn render(sources: &Sources, findings: &[Finding], w: &Words) -> String {
    let mut out = Vec::new();
    let _ = write(&mut out, sources, findings, w);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the findings as one JSON document to `out`, a batch of findings
/// at a time.
pub fn write(
    out: &mut dyn std::io::Write,
    sources: &Sources,
    findings: &[Finding],
    w: &Words,
) -> std::io::Result<()> {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "ropa",
            version: env!("CARGO_PKG_VERSION"),
        },
        summary: Summary {
            files: sources.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        },
        findings: super::array::MARKER,
    };
    let paths = super::paths(sources);
    super::array::write(out, &doc, findings, |f, text, margin| {
        print(text, margin, sources, &paths, f, w);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    // The schema as serde would print it: the hand-written printer must
    // give the same bytes.

    /// One finding as JSON.
    fn json_finding<'a>(
        sources: &'a Sources,
        paths: &'a [String],
        f: &'a Finding,
        w: &Words,
    ) -> JsonFinding<'a> {
        JsonFinding {
            code: f.rule.code,
            name: f.rule.name,
            severity: f.severity,
            message: f.message(w),
            help: f.help_text(w),
            article: f.rule.article,
            url: Url(f.rule),
            location: location(sources, paths, f.primary.span),
            dataset: f.dataset.as_deref(),
            party: f.party.as_deref(),
            related: Related {
                sources,
                paths,
                labels: &f.related,
                lang: w.lang,
            },
            facts: serde_json::value::RawValue::from_string(f.facts()).unwrap_or_default(),
        }
    }

    /// A finding's related labels, written lazily like the findings.
    struct Related<'a> {
        sources: &'a Sources,
        paths: &'a [String],
        labels: &'a [crate::finding::Label],
        lang: crate::finding::Lang,
    }

    impl Serialize for Related<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.labels.iter().map(|r| JsonRelated {
                message: r.said.get(self.lang),
                location: location(self.sources, self.paths, r.span),
            }))
        }
    }

    #[derive(Serialize)]
    struct JsonFinding<'a> {
        code: &'static str,
        name: &'static str,
        severity: Severity,
        message: Cow<'a, str>,
        help: Cow<'a, str>,
        article: &'static str,
        url: Url,
        #[serde(flatten)]
        location: JsonLocation<'a>,
        dataset: Option<&'a str>,
        party: Option<&'a str>,
        related: Related<'a>,
        /// The finding's facts (IDs, values, countries), as data.
        facts: Box<serde_json::value::RawValue>,
    }

    /// A rule's documentation address, printed without being made first.
    struct Url(&'static crate::finding::Rule);

    impl Serialize for Url {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_str(&self.0.url_display())
        }
    }

    #[derive(Serialize)]
    struct JsonLocation<'a> {
        file: &'a str,
        line: u32,
        column: u32,
        end_line: u32,
        end_column: u32,
    }

    #[derive(Serialize)]
    struct JsonRelated<'a> {
        message: &'a str,
        #[serde(flatten)]
        location: JsonLocation<'a>,
    }

    fn location<'a>(sources: &Sources, paths: &'a [String], span: Span) -> JsonLocation<'a> {
        let l = locate(sources, span);
        JsonLocation {
            file: paths.get(span.file.0 as usize).map_or("", String::as_str),
            line: l.start.line,
            column: l.start.column,
            end_line: l.end.line,
            end_column: l.end.column,
        }
    }

    /// Every finding of the seeds and of every rule's failing fixtures,
    /// printed by hand and by serde, in both languages.
    #[test]
    fn the_printer_writes_what_serde_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let data = crate::data::RuleData::builtin().expect("the built-in rule data");
        let mut inputs = Vec::new();
        for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "ropa")
                && (path.starts_with(root.join("seeds")) || path.to_string_lossy().contains("fail"))
            {
                inputs.push((
                    path.to_path_buf(),
                    std::fs::read(path).map_err(|e| e.to_string()),
                ));
            }
        }
        let run = crate::check::check_inputs(inputs, &data);
        assert!(run.findings.len() > 300, "{} findings", run.findings.len());
        let sources = &run.model.sources;
        let paths = crate::output::paths(sources);
        for w in [
            Words::developer(crate::finding::Lang::En),
            Words::developer(crate::finding::Lang::Sv),
        ] {
            for f in &run.findings {
                let mut by_hand = Vec::new();
                print(&mut by_hand, 4, sources, &paths, f, &w);
                let mut by_serde = Vec::new();
                let _ = crate::output::array::serialize(
                    &mut by_serde,
                    4,
                    &json_finding(sources, &paths, f, &w),
                );
                assert_eq!(
                    String::from_utf8_lossy(&by_hand),
                    String::from_utf8_lossy(&by_serde)
                );
            }
        }
    }
}
