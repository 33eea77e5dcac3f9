//! The command line: `ropa check`, `ropa rules`, `ropa explain`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::check::{self, Run};
use crate::config::{Config, FailOn as ConfigFailOn};
use crate::data::RuleData;
use crate::finding::{Finding, Severity};
use crate::output;
use crate::rules;

use crate::exit::{FINDINGS as EXIT_FINDINGS, OK as EXIT_OK, TROUBLE as EXIT_TROUBLE};

/// Policy-as-code linter for the GDPR record of processing activities.
#[derive(Parser, Debug)]
#[command(name = "ropa", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint every `.ropa` file under the paths as one model.
    Check(CheckArgs),
    /// Print the data-flow graph: datasets, parties and flows.
    Graph {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "dot")]
        format: GraphFormat,
        /// The configuration file (default: `ropa.yaml` here or in a parent).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Write a commented starter ropa.yaml and an example .ropa file here.
    Init,
    /// List every rule: code, name, default severity, article.
    Rules,
    /// Print the full documentation of one rule (code or name).
    Explain {
        /// A code (`L001`) or name (`missing-legal-basis`).
        rule: String,
    },
    /// Rewrite files in the canonical layout (--check: only report)
    Fmt {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Write nothing; list the files that would change and exit 1 if any.
        #[arg(long)]
        check: bool,
    },
    /// Print the model as data: `json` (what Rego policies read) or `fides`.
    Export {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The configuration file (default: `ropa.yaml` here or in a parent).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Turn Fides manifests or an Art. 30 spreadsheet into `.ropa` files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// A Language Server Protocol server on stdin/stdout, for editors.
    Lsp,
    /// Write the record of processing activities (Art. 30) for legal review.
    Report {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Output format (default: from FILE's extension).
        #[arg(long, value_enum)]
        format: Option<crate::report::ReportFormat>,
        /// The language of the report's own labels.
        #[arg(long, value_enum, default_value = "en")]
        lang: crate::report::Lang,
        /// The configuration file (default: `ropa.yaml` here or in a parent).
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

/// Output formats of `check`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical report (default on a terminal).
    Human,
    /// `path:line:col: CODE [severity] message` (default otherwise).
    Short,
    /// The documented JSON schema.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// JUnit XML, one test suite per file.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// reviewdog's Diagnostic format (rdjson).
    Rdjson,
}

/// Output formats of `export`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// The documented, versioned model (docs/export.md).
    Json,
    /// fideslang YAML: systems, privacy declarations, datasets.
    Fides,
}

/// What `ropa import` reads.
#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Fides manifests (systems, datasets, organisations, policies).
    Fides {
        /// Manifest files, or directories of `.yml`/`.yaml` files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The directory to write the `.ropa` files (and `ropa.yaml`) into.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
    /// An Art. 30 spreadsheet (.xlsx, .ods, .csv), one row per activity.
    Sheet {
        /// The spreadsheet.
        file: PathBuf,
        /// The directory to write the `.ropa` file into.
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// A YAML file naming the columns of another layout.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// Replace files that already exist.
        #[arg(long)]
        force: bool,
    },
}

/// Output formats of `graph`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// Nodes and edges as JSON.
    Json,
}

/// The lowest severity that fails the run.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Errors only (default).
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

/// When to colour human output.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `ropa check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The lowest severity that makes the exit code 1 (default: the
    /// configuration's `fail_on`, else `error`).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// The configuration file (default: `ropa.yaml` here or in a parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Load the whole model from DIR, and report only findings in the
    /// PATHS given (for pre-commit, which passes the staged files).
    #[arg(long, value_name = "DIR")]
    pub model_root: Option<PathBuf>,
    /// Only these rules (codes, names or prefixes such as `T`), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Not these rules (codes, names or prefixes), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Print nothing when there are no findings.
    #[arg(long, short)]
    pub quiet: bool,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: Color,
    /// Do not report findings recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_OK
                }
                _ => EXIT_TROUBLE,
            };
        }
    };
    match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Graph {
            paths,
            format,
            config,
        } => run_graph(&paths, format, config.as_deref()),
        Command::Init => crate::init::run(Path::new(".")),
        Command::Rules => {
            print(&rules_table());
            EXIT_OK
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                print(&explain(r));
                EXIT_OK
            }
            None => {
                eprintln!("error: no rule `{rule}`; `ropa rules` lists them");
                EXIT_TROUBLE
            }
        },
        Command::Lsp => crate::lsp::run(),
        Command::Fmt { paths, check } => crate::fmt::run(&paths, check),
        Command::Export {
            paths,
            format,
            output,
            config,
        } => match format {
            ExportFormat::Fides => {
                crate::interop::export_fides::run(&paths, output.as_deref(), config.as_deref())
            }
            ExportFormat::Json => {
                eprintln!("error: `ropa export --format json` is not available yet");
                EXIT_TROUBLE
            }
        },
        Command::Import(ImportCommand::Fides {
            paths,
            output,
            force,
        }) => crate::interop::fides::run(&paths, &output, force),
        Command::Import(ImportCommand::Sheet {
            file,
            output,
            map,
            force,
        }) => crate::interop::sheet::run(&file, &output, map.as_deref(), force),
        Command::Report {
            paths,
            output,
            format,
            lang,
            config,
        } => crate::report::run(&paths, &output, format, lang, config.as_deref()),
    }
}

fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// The `ropa rules` table.
pub fn rules_table() -> String {
    let mut out = format!(
        "{:<6} {:<42} {:<8} {}\n",
        "code", "name", "severity", "article"
    );
    for r in rules::ALL {
        out.push_str(&format!(
            "{:<6} {:<42} {:<8} {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.article
        ));
    }
    out
}

/// The `ropa explain` text.
pub fn explain(r: &crate::finding::Rule) -> String {
    format!(
        "{} {} ({}, {})\n\n{}\n",
        r.code,
        r.name,
        r.severity.as_str(),
        r.article,
        r.doc()
    )
}

/// Whether a rule is named by a selector (code, name or code prefix).
pub fn selects(selector: &str, rule: &crate::finding::Rule) -> bool {
    let s = selector.trim();
    !s.is_empty()
        && (rule.name == s
            || rule
                .code
                .to_ascii_uppercase()
                .starts_with(&s.to_ascii_uppercase()))
}

fn check_selectors(selectors: &[String]) -> Result<(), String> {
    for s in selectors.iter().filter(|s| !s.trim().is_empty()) {
        if !rules::ALL.iter().any(|r| selects(s, r)) {
            return Err(format!("`{s}` names no rule; `ropa rules` lists them"));
        }
    }
    Ok(())
}

/// Loads and checks the model as [`check::load`] does, printing why it
/// cannot; `Err` carries the exit code.
fn load_and_check(
    paths: &[PathBuf],
    config: Option<&Path>,
) -> Result<(Config, RuleData, Run), i32> {
    match check::load(paths, config) {
        Ok(l) => Ok((l.config, l.data, l.run)),
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_TROUBLE)
        }
    }
}

fn run_graph(paths: &[PathBuf], format: GraphFormat, config: Option<&Path>) -> i32 {
    let (_, data, run) = match load_and_check(paths, config) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let text = match format {
        GraphFormat::Dot => output::flowgraph::dot(&run.model, &run.graph, &data),
        GraphFormat::Mermaid => output::flowgraph::mermaid(&run.model, &run.graph, &data),
        GraphFormat::Json => output::flowgraph::json(&run.model, &run.graph, &data),
    };
    print(&text);
    EXIT_OK
}

fn run_check(args: &CheckArgs) -> i32 {
    if let Err(e) = check_selectors(&args.select).and(check_selectors(&args.ignore)) {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    let model_paths = match &args.model_root {
        Some(root) => vec![root.clone()],
        None => args.paths.clone(),
    };
    let (config, _, mut run) = match load_and_check(&model_paths, args.config.as_deref()) {
        Ok(x) => x,
        Err(code) => return code,
    };
    if args.model_root.is_some() {
        only_in(&mut run, &args.paths);
    }
    let fail_on = match (args.fail_on, config.fail_on) {
        (Some(f), _) => f,
        (None, Some(ConfigFailOn::Never)) => FailOn::Never,
        (None, Some(ConfigFailOn::At(Severity::Warning))) => FailOn::Warning,
        (None, Some(ConfigFailOn::At(Severity::Info))) => FailOn::Info,
        _ => FailOn::Error,
    };
    let findings = config.apply(std::mem::take(&mut run.findings));
    let mut findings = filter(findings, args);
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::from_findings(&run.model.sources, &findings);
        return match baseline.write(path) {
            Ok(()) => {
                eprintln!(
                    "ropa: recorded {} findings in {}",
                    baseline.findings.len(),
                    path.display()
                );
                std::mem::forget(run);
                EXIT_OK
            }
            Err(e) => {
                eprintln!("error: {e}");
                EXIT_TROUBLE
            }
        };
    }
    if let Some(path) = &args.baseline {
        let baseline = match Baseline::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_TROUBLE;
            }
        };
        let (kept, stale) = baseline.filter(&run.model.sources, findings);
        findings = kept;
        if !stale.is_empty() {
            eprintln!(
                "ropa: {} baseline entr{} no longer match a finding; refresh the baseline with --write-baseline {}",
                stale.len(),
                if stale.len() == 1 { "y" } else { "ies" },
                path.display()
            );
            for e in &stale {
                eprintln!("  stale: {} {}", e.code, e.message);
            }
        }
    }
    emit(&run, &findings, args, fail_on);
    let code = exit_code(&findings, fail_on);
    // The process ends next: freeing a large model piece by piece only costs time.
    std::mem::forget(run);
    code
}

/// Keeps the findings located in `paths` (files, or files under directories).
fn only_in(run: &mut Run, paths: &[PathBuf]) {
    let wanted: Vec<PathBuf> = paths
        .iter()
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
        .collect();
    let sources = &run.model.sources;
    let keep: Vec<bool> = sources
        .iter()
        .map(|(_, f)| {
            let path = std::fs::canonicalize(&f.path).unwrap_or_else(|_| f.path.clone());
            wanted.iter().any(|w| path.starts_with(w))
        })
        .collect();
    run.findings.retain(|f| {
        keep.get(f.primary.span.file.0 as usize)
            .copied()
            .unwrap_or(false)
    });
}

fn filter(findings: Vec<Finding>, args: &CheckArgs) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| args.select.is_empty() || args.select.iter().any(|s| selects(s, f.rule)))
        .filter(|f| !args.ignore.iter().any(|s| selects(s, f.rule)))
        .collect()
}

fn emit(run: &Run, findings: &[Finding], args: &CheckArgs, fail_on: FailOn) {
    let stdout_tty = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty {
        Format::Human
    } else {
        Format::Short
    });
    let sources = &run.model.sources;
    // Machine formats are always complete documents, even when empty.
    let document = matches!(
        format,
        Format::Json | Format::Sarif | Format::Junit | Format::Gitlab | Format::Rdjson
    );
    if args.quiet && findings.is_empty() && !document {
        return;
    }
    let text = match format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    stdout_tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            output::human::render(sources, findings, color)
        }
        Format::Short => output::short::render(sources, findings),
        Format::Json => output::json::render(sources, findings),
        Format::Sarif => output::sarif::render(sources, findings),
        Format::Junit => output::junit::render(sources, findings, threshold(fail_on)),
        Format::Github => output::github::render(sources, findings),
        Format::Gitlab => output::gitlab::render(sources, findings),
        Format::Rdjson => output::rdjson::render(sources, findings),
    };
    print(&text);
    if format == Format::Human {
        eprintln!("{}", output::summary(findings, sources.len()));
    }
}

/// The lowest severity that fails the run; `None` for `never`.
pub fn threshold(fail_on: FailOn) -> Option<Severity> {
    match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    }
}

/// 1 when a finding is at or above `fail_on`, else 0.
pub fn exit_code(findings: &[Finding], fail_on: FailOn) -> i32 {
    let Some(threshold) = threshold(fail_on) else {
        return EXIT_OK;
    };
    if findings.iter().any(|f| f.severity >= threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
