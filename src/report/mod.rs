//! `ropa report`: the record of processing activities (GDPR Art. 30) for
//! legal review, as one self-contained HTML file, Markdown, CSV (the
//! Art. 30 table alone) or JSON (the whole model with findings).
//!
//! The model is read once into a [`record::Record`] (and the graph into a
//! [`diagram::Diagram`]); each format renders those. Output depends only on
//! the input: no timestamps, no hash-map order.

pub mod changes;
pub mod csv;
pub mod diagram;
pub mod escape;
pub mod html;
pub mod json;
pub mod labels;
pub mod layout;
pub mod markdown;
pub mod record;
pub mod rows;
pub mod svg;
pub mod words;
pub mod xlsx;

use std::path::{Path, PathBuf};

use crate::check::Run;
use crate::data::RuleData;
use crate::exit::{FINDINGS as EXIT_FINDINGS, OK as EXIT_OK, TROUBLE as EXIT_TROUBLE};
pub use record::{Made, Scope};

/// The format of a report.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    /// One self-contained HTML file (prints to PDF).
    Html,
    /// Markdown, the graph as a Mermaid block.
    #[value(alias = "md")]
    Markdown,
    /// The Art. 30 table alone, one row per dataset and purpose.
    Csv,
    /// The whole model with findings.
    Json,
    /// An Excel workbook: the Art. 30 table (ICO template order), a sheet
    /// per controller, transfers outside the EEA, findings.
    Xlsx,
}

/// The language of the report: its labels and its findings.
pub use crate::finding::Lang;

/// The format: `explicit` when given, else from the file's extension.
pub fn format_for(output: &Path, explicit: Option<ReportFormat>) -> Result<ReportFormat, String> {
    if let Some(f) = explicit {
        return Ok(f);
    }
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => Ok(ReportFormat::Html),
        Some("md" | "markdown") => Ok(ReportFormat::Markdown),
        Some("csv") => Ok(ReportFormat::Csv),
        Some("json") => Ok(ReportFormat::Json),
        Some("xlsx") => Ok(ReportFormat::Xlsx),
        _ => Err(format!(
            "cannot tell the report format from `{}`; name a .html, .md, .csv, .json or .xlsx file, or pass --format html|markdown|csv|json|xlsx",
            output.display()
        )),
    }
}

/// How the report words findings: for legal readers, in `lang`, with the
/// report's names of values.
pub fn legal_words(lang: Lang) -> crate::finding::Words<'static> {
    crate::finding::Words::legal(lang, &words::ReportGlossary)
}

/// The report of a checked model, in `format` and `lang`, as bytes.
pub fn render_bytes(
    run: &Run,
    data: &RuleData,
    format: ReportFormat,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    render_bytes_with(run, data, format, lang, &Scope::default())
}

/// As [`render_bytes`], holding the records `scope` names.
pub fn render_bytes_with(
    run: &Run,
    data: &RuleData,
    format: ReportFormat,
    lang: Lang,
    scope: &Scope,
) -> Result<Vec<u8>, String> {
    let scope = &Scope {
        lang: findings_lang(format, lang),
        ..scope.clone()
    };
    if format == ReportFormat::Xlsx {
        return xlsx::render(&record::Record::build_with(run, data, scope), lang);
    }
    Ok(render_with(run, data, format, lang, scope).into_bytes())
}

/// The report of a checked model, in `format` and `lang` (a text format;
/// `xlsx` is binary and gives an empty string here: see [`render_bytes`]).
pub fn render(run: &Run, data: &RuleData, format: ReportFormat, lang: Lang) -> String {
    render_with(run, data, format, lang, &Scope::default())
}

/// As [`render`], holding the records `scope` names.
pub fn render_with(
    run: &Run,
    data: &RuleData,
    format: ReportFormat,
    lang: Lang,
    scope: &Scope,
) -> String {
    let scope = &Scope {
        lang: findings_lang(format, lang),
        ..scope.clone()
    };
    let mut record = record::Record::build_with(run, data, scope);
    record.changes = changes_section(run, data, scope);
    match format {
        ReportFormat::Html => {
            let d = diagram::Diagram::build_for_svg(&run.model, &run.graph, data);
            html::render(&record, &d, lang)
        }
        ReportFormat::Markdown => {
            let d = diagram::Diagram::build(&run.model, &run.graph, data);
            markdown::render(&record, &d, lang)
        }
        ReportFormat::Csv => csv::render(&record, lang, scope.csv_delimiter),
        ReportFormat::Json => json::render(&record),
        // A workbook is not text; `render_bytes` writes it.
        ReportFormat::Xlsx => String::new(),
    }
}

/// The section "Changes since REV" when the scope has a diff, worded in
/// the scope's language for legal readers.
fn changes_section(run: &Run, data: &RuleData, scope: &Scope) -> Option<record::Changes> {
    let diff = scope.changes.as_ref()?;
    Some(changes::word(
        diff.clone(),
        data,
        &run.model,
        scope.lang,
        &legal_words(scope.lang),
    ))
}

/// The language of the findings: the report's, except in JSON, which is
/// for tools and never translated (docs/report.md).
fn findings_lang(format: ReportFormat, lang: Lang) -> Lang {
    match format {
        ReportFormat::Json => Lang::En,
        _ => lang,
    }
}

/// The organisations whose records a report of `model` holds: those that
/// `organisations` names, else every controller of a dataset.
fn organisation_ids<'m>(model: &'m crate::model::Model, scope: &'m Scope) -> Vec<&'m str> {
    match &scope.organisations {
        Some(ids) => ids.iter().map(String::as_str).collect(),
        None => {
            let controlling = model.controlling_parties();
            model
                .parties
                .iter()
                .enumerate()
                .filter(|(i, _)| controlling.get(*i).copied().unwrap_or(false))
                .map(|(_, p)| p.id())
                .collect()
        }
    }
}

/// What `ropa report` adds to a record besides the model.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--date YYYY-MM-DD` (else `SOURCE_DATE_EPOCH`, else today).
    pub date: Option<String>,
    /// Whether to name the model's git revision (`--no-revision`: not).
    pub revision: bool,
    /// `--csv-delimiter`.
    pub csv_delimiter: Option<char>,
    /// `--changes-since REV`: the revision whose model the section
    /// "Changes since" compares the reported one with.
    pub changes_since: Option<String>,
}

/// The record's date: `--date` as given (checked), else the time in
/// `SOURCE_DATE_EPOCH` (reproducible builds' convention), else today (UTC).
fn stamp_date(given: Option<&str>) -> Result<String, String> {
    if let Some(d) = given {
        let ok = d.len() == 10
            && d.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            })
            && matches!(d[5..7].parse::<u8>(), Ok(1..=12))
            && matches!(d[8..10].parse::<u8>(), Ok(1..=31));
        return if ok {
            Ok(d.to_string())
        } else {
            Err(format!("`--date {d}`: write the date as YYYY-MM-DD"))
        };
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(s) => s
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{s}` is not a number of seconds"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    Ok(crate::git::date(seconds))
}

/// The model's revision, when the paths are in a git work tree: `HEAD`'s
/// commit, and whether a model file differs from it (added, removed or
/// changed). Nothing when `wanted` is false or there is no commit.
fn revision(paths: &[PathBuf], config: &crate::config::Config, wanted: bool) -> record::Made {
    let none = record::Made::default();
    if !wanted {
        return none;
    }
    let Ok(repo) = crate::git::Repo::here() else {
        return none;
    };
    let Ok(head) = repo.read("HEAD", paths) else {
        return none;
    };
    let Some(commit) = head.commit else {
        return none;
    };
    let committed: Vec<_> = head
        .inputs
        .into_iter()
        .filter(|(p, _)| !config.excludes(p))
        .map(|(p, b)| (p, b.ok()))
        .collect();
    let working: Vec<_> = crate::check::working_inputs(paths, config)
        .unwrap_or_default()
        .into_iter()
        .map(|(p, b)| (p, b.ok()))
        .collect();
    record::Made {
        revision: Some(commit),
        uncommitted: committed != working,
        ..none
    }
}

/// Runs `ropa report`: checks the paths (default `.`) with the
/// configuration (`config`, else `ropa.yaml` here or in a parent) and writes
/// the report to `output`: the records of the organisations the
/// configuration names (or of every controller), or of `controller` alone.
/// Returns 0 when written, whatever the findings; 2 when the format is
/// unknown, the configuration is invalid (an `organisations` ID that names
/// no party included), `controller` names no organisation, no `.ropa` file
/// is found or the file cannot be written.
pub fn run(
    paths: &[PathBuf],
    output: &Path,
    format: Option<ReportFormat>,
    lang: Lang,
    config_path: Option<&Path>,
    controller: Option<&str>,
    options: &Options,
) -> i32 {
    let format = match format_for(output, format) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    };
    let crate::check::Loaded {
        config,
        data,
        mut run,
        ..
    } = match crate::check::load(paths, config_path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    };
    if let Err(e) = crate::check::refuse_input(output, &run, &config, "ropa report") {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    if let Err(e) = config.check_organisations(&run.model) {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    let mut scope = Scope {
        organisations: config
            .organisations
            .as_ref()
            .map(|ids| ids.iter().map(|(id, _)| id.clone()).collect()),
        controller: controller.map(str::to_string),
        lang,
        made: Some(record::Made {
            date: match stamp_date(options.date.as_deref()) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    return EXIT_TROUBLE;
                }
            },
            ..revision(paths, &config, options.revision)
        }),
        csv_delimiter: options.csv_delimiter,
        changes: None,
    };
    if let Some(id) = controller {
        let known = organisation_ids(&run.model, &scope);
        if !known.contains(&id) {
            eprintln!(
                "error: `--controller {id}`: no organisation of this report has this ID; the organisations are: {}",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            );
            return EXIT_TROUBLE;
        }
    }
    run.findings = config.apply(std::mem::take(&mut run.findings));
    if let Some(rev) = &options.changes_since {
        if rev.contains("..") {
            eprintln!(
                "error: `--changes-since {rev}`: give one revision; the section compares it with the model this report is made of, the working tree's"
            );
            return EXIT_TROUBLE;
        }
        match crate::diff::command::since(rev, paths, config_path, &run, controller) {
            Ok(mut diff) => {
                if !options.revision {
                    diff.from.commit = None;
                }
                scope.changes = Some(std::sync::Arc::new(diff));
            }
            Err(e) => {
                eprintln!("error: `--changes-since {rev}`: {e}");
                return EXIT_TROUBLE;
            }
        }
    }
    let written = if format == ReportFormat::Html {
        // HTML, the report of record, is written as it is made: on a large
        // model it runs to hundreds of megabytes.
        crate::files::Output::create(output)
            .and_then(|file| {
                let mut timings = crate::workspace::Timings::new();
                let mut out = std::io::BufWriter::new(file);
                let mut record = record::Record::build_streaming(&run, &data, &scope);
                record.changes = changes_section(&run, &data, &scope);
                timings.phase("record");
                let d = diagram::Diagram::build_for_svg(&run.model, &run.graph, &data);
                timings.phase("diagram");
                html::write(&mut out, &record, &d, lang)?;
                out.into_inner().map_err(|e| e.into_error())?.finish()?;
                timings.phase("html");
                std::mem::forget(record);
                Ok(())
            })
            .map_err(|e| format!("cannot write `{}`: {e}", output.display()))
    } else {
        render_bytes_with(&run, &data, format, lang, &scope).and_then(|bytes| {
            crate::files::Output::write_whole(output, &bytes)
                .map_err(|e| format!("cannot write `{}`: {e}", output.display()))
        })
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    eprintln!(
        "ropa: wrote {}: {} datasets; {}",
        output.display(),
        run.model.datasets.len(),
        crate::output::summary(&run.findings, run.model.sources.len())
    );
    let code = if crate::check::warn_incomplete(&run, "report") {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    // The process ends next: freeing a large model piece by piece only costs time.
    std::mem::forget(run);
    code
}
