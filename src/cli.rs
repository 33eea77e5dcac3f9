//! The command line: `ropa check`, `ropa rules`, `ropa explain`, `ropa export`, ...

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand, ValueEnum};

use crate::baseline::Baseline;
use crate::check::{self, Run};
use crate::config::{Config, FailOn as ConfigFailOn};
use crate::data::RuleData;
use crate::finding::{Finding, Severity, Words};
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
    /// What a change does to the record: the model at a git revision
    /// (default `HEAD`; `A..B`, `A...B`) against the working tree.
    Diff {
        /// A revision or range first, when it resolves as one; then paths.
        args: Vec<String>,
        /// Paths, after `--`.
        #[arg(last = true)]
        paths: Vec<PathBuf>,
        /// Compare the staged model (the index) instead of the working tree.
        #[arg(long)]
        staged: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: DiffFormatArg,
        /// Exit 1 when the change introduces a finding at or above this.
        #[arg(long, value_enum, default_value = "never")]
        fail_on: FailOn,
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
    /// Print the vocabulary: every value of a closed list, with its name,
    /// article and meaning (the tables of docs/language.md).
    Vocabulary {
        /// One vocabulary, named as its attribute (`basis`, `special_basis`,
        /// `kind`, `category`, `subjects`, `transfer`, `measures`, ...);
        /// all when absent.
        kind: Option<String>,
        /// The language of the names.
        #[arg(long, value_enum, default_value = "en")]
        lang: crate::finding::Lang,
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
        /// Write one organisation's record alone (its ID), with its findings.
        #[arg(long, value_name = "ID")]
        controller: Option<String>,
        /// The date the record states it was made (YYYY-MM-DD; default:
        /// `SOURCE_DATE_EPOCH`, else today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Leave out the model's git revision.
        #[arg(long)]
        no_revision: bool,
        /// Add a section with what changed since this git revision (what
        /// `ropa diff REV` shows), in the report's language.
        #[arg(long, value_name = "REV")]
        changes_since: Option<String>,
        /// The CSV report's separator, one character (`,`, `;`, `tab`;
        /// default: `;` with `--lang sv`, for Swedish Excel, else `,`).
        #[arg(long, value_name = "CHAR", value_parser = csv_delimiter)]
        csv_delimiter: Option<char>,
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

/// `--csv-delimiter CHAR`: one character that cannot be part of a cell's
/// quoting or of a line end; `tab` (or `\t`) for a tab.
fn csv_delimiter(s: &str) -> Result<char, String> {
    let c = match s {
        "tab" | "\\t" | "\t" => '\t',
        _ => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => {
                    return Err(format!(
                        "`{s}` is not one character (write `,`, `;` or `tab`)"
                    ))
                }
            }
        }
    };
    if c == '"' || c == '\n' || c == '\r' || c.is_alphanumeric() {
        return Err(format!("`{s}` cannot separate CSV cells"));
    }
    Ok(c)
}

/// Output formats of `diff`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormatArg {
    /// For the terminal.
    Human,
    /// A pull-request comment, details folded.
    Markdown,
    /// The documented, versioned JSON (docs/diff.md).
    Json,
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
    /// Report only the findings the model at this git revision does not
    /// have (matched by fingerprint, over the whole model).
    #[arg(long, value_name = "REV")]
    pub new_since: Option<String>,
    /// Check the staged model (the index) instead of the working tree
    /// (with `--new-since HEAD`: what the commit being made introduces).
    #[arg(long)]
    pub staged: bool,
    /// Record the current findings in this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
}

/// Runs the command line and returns the exit code.
pub fn main() -> i32 {
    exit_2_when_stderr_fails();
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
        Command::Diff {
            args,
            paths,
            staged,
            format,
            fail_on,
            config,
        } => {
            use crate::diff::command::{DiffFormat, Request};
            crate::diff::command::run(&Request {
                args,
                paths,
                staged,
                format: match format {
                    DiffFormatArg::Human => DiffFormat::Human,
                    DiffFormatArg::Markdown => DiffFormat::Markdown,
                    DiffFormatArg::Json => DiffFormat::Json,
                },
                fail_on: threshold(fail_on),
                config,
            })
        }
        Command::Init => crate::init::run(Path::new(".")),
        Command::Rules => match policy_rules() {
            Ok(policies) => {
                print(&rules_table_with(&policies)).map_or_else(|code| code, |()| EXIT_OK)
            }
            Err(code) => code,
        },
        Command::Explain { rule } => {
            let policies = match policy_rules() {
                Ok(p) => p,
                Err(code) => return code,
            };
            let found = rules::find(&rule).or_else(|| {
                policies
                    .iter()
                    .copied()
                    .find(|r| r.code.eq_ignore_ascii_case(&rule) || r.name == rule)
            });
            match found {
                Some(r) => print(&explain(r)).map_or_else(|code| code, |()| EXIT_OK),
                None => {
                    eprintln!("error: no rule `{rule}`; `ropa rules` lists them");
                    EXIT_TROUBLE
                }
            }
        }
        Command::Vocabulary { kind, lang } => vocabulary_command(kind.as_deref(), lang),
        Command::Lsp => crate::lsp::run(),
        Command::Export {
            paths,
            format,
            output,
            config,
        } => match format {
            ExportFormat::Fides => {
                crate::interop::export_fides::run(&paths, output.as_deref(), config.as_deref())
            }
            ExportFormat::Json => run_export(&paths, output.as_deref(), config.as_deref()),
        },
        Command::Fmt { paths, check } => crate::fmt::run(&paths, check),
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
            controller,
            date,
            no_revision,
            csv_delimiter,
            changes_since,
        } => crate::report::run(
            &paths,
            &output,
            format,
            lang,
            config.as_deref(),
            controller.as_deref(),
            &crate::report::Options {
                date,
                revision: !no_revision,
                csv_delimiter,
                changes_since,
            },
        ),
    }
}

/// `eprintln!` panics when standard error cannot be written (`2>/dev/full`):
/// that is a write error like any other, so exit 2 instead of the panic's
/// 101. Any other panic keeps the default report.
fn exit_2_when_stderr_fails() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.starts_with("failed printing to std") {
            std::process::exit(EXIT_TROUBLE);
        }
        default(info);
    }));
}

/// Writes to standard output; a write error (a full disk, a closed pipe)
/// is reported and is exit 2.
fn print(text: &str) -> Result<(), i32> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| {
            eprintln!("error: cannot write to standard output: {e}");
            EXIT_TROUBLE
        })
}

/// Writes to standard output through one buffer, as `write` produces the
/// text: a big output is never held whole in memory. A write error is
/// reported and is exit 2, as in [`print`].
fn stream(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), i32> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    write(&mut out).and_then(|()| out.flush()).map_err(|e| {
        eprintln!("error: cannot write to standard output: {e}");
        EXIT_TROUBLE
    })
}

/// The policies of the configuration found from the current directory
/// (none without one); `Err` is the exit code after printing why.
fn policy_rules() -> Result<Vec<&'static crate::finding::Rule>, i32> {
    match check::load_config(None) {
        Ok((_, _, policies)) => Ok(policies.rules().collect()),
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_TROUBLE)
        }
    }
}

/// The `ropa rules` table: the built-in rules, then the organisation's
/// policies with the file that defines each.
pub fn rules_table_with(policies: &[&'static crate::finding::Rule]) -> String {
    let mut out = rules_table();
    if policies.is_empty() {
        return out;
    }
    out.push_str("\norganisation policies\n");
    for r in policies {
        let file = match r.origin {
            crate::finding::Origin::Policy { file } => file,
            crate::finding::Origin::Builtin => "",
        };
        out.push_str(&format!(
            "{:<8} {:<40} {:<8} {}\n",
            r.code,
            r.name,
            r.severity.as_str(),
            file
        ));
    }
    out
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

/// `ropa vocabulary [KIND]`: the reference's tables on standard output.
fn vocabulary_command(kind: Option<&str>, lang: crate::finding::Lang) -> i32 {
    use crate::vocabulary::{builtin, Vocab};
    let only = match kind {
        None => None,
        Some(name) => match Vocab::named(name) {
            Some(v) => Some(v),
            None => {
                let names: Vec<&str> = Vocab::ALL.iter().map(|v| v.attribute()).collect();
                eprintln!(
                    "error: no vocabulary `{name}`; one of: {}",
                    names.join(", ")
                );
                return EXIT_TROUBLE;
            }
        },
    };
    match builtin() {
        Ok(table) => print(&table.markdown(only, lang)).map_or_else(|code| code, |()| EXIT_OK),
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_TROUBLE
        }
    }
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

fn check_selectors(
    selectors: &[String],
    policies: &[&'static crate::finding::Rule],
) -> Result<(), String> {
    for s in selectors.iter().filter(|s| !s.trim().is_empty()) {
        if !rules::ALL.iter().chain(policies).any(|r| selects(s, r)) {
            return Err(format!("`{s}` names no rule; `ropa rules` lists them"));
        }
    }
    Ok(())
}

/// `--ignore` may not name E001 or E002 itself (a prefix such as `E`
/// leaves them in: they are always reported).
fn check_ignored(selectors: &[String]) -> Result<(), String> {
    for s in selectors {
        if let Some(r) = rules::find(s.trim()).filter(|r| r.is_input_failure()) {
            return Err(format!(
                "`--ignore {s}`: {} reports a file ropa cannot read or parse, and cannot be ignored",
                r.code
            ));
        }
    }
    Ok(())
}

/// Whether `--select` and `--ignore` keep a rule. E001 and E002 are always kept.
fn kept(rule: &crate::finding::Rule, select: &[String], ignore: &[String]) -> bool {
    rule.is_input_failure()
        || ((select.is_empty() || select.iter().any(|s| selects(s, rule)))
            && !ignore.iter().any(|s| selects(s, rule)))
}

/// Loads and checks the model as [`check::load`] does, printing why it
/// cannot; `Err` carries the exit code.
fn load_and_check(
    paths: &[PathBuf],
    config: Option<&Path>,
    enabled: &(dyn Fn(&crate::finding::Rule) -> bool + Sync),
) -> Result<(Config, RuleData, Run), i32> {
    match check::load_with(paths, config, enabled) {
        Ok(l) => Ok((l.config, l.data, l.run)),
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_TROUBLE)
        }
    }
}

fn run_graph(paths: &[PathBuf], format: GraphFormat, config: Option<&Path>) -> i32 {
    let (_, data, run) = match load_and_check(paths, config, &|_| true) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let text = match format {
        GraphFormat::Dot => output::flowgraph::dot(&run.model, &run.graph, &data),
        GraphFormat::Mermaid => output::flowgraph::mermaid(&run.model, &run.graph, &data),
        GraphFormat::Json => output::flowgraph::json(&run.model, &run.graph, &data),
    };
    let mut code = print(&text).map_or_else(|code| code, |()| EXIT_OK);
    if check::warn_incomplete(&run, "graph") && code == EXIT_OK {
        code = EXIT_FINDINGS;
    }
    // As for `check`: the process ends next, and takes the memory back at once.
    std::mem::forget(run);
    code
}

/// `ropa export --format json`.
fn run_export(paths: &[PathBuf], output: Option<&Path>, config: Option<&Path>) -> i32 {
    let (config, data, run) = match load_and_check(paths, config, &|_| true) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let text = crate::export::to_string(&run.model, &run.graph, &data);
    // Exit 1 when files were left out, once the export is written.
    let done = |run: &Run| {
        if check::warn_incomplete(run, "export") {
            EXIT_FINDINGS
        } else {
            EXIT_OK
        }
    };
    let Some(path) = output else {
        return print(&text).map_or_else(|code| code, |()| done(&run));
    };
    if let Err(e) = check::refuse_input(path, &run, &config, "ropa export") {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    if let Err(e) = std::fs::write(path, text) {
        eprintln!("error: cannot write `{}`: {e}", path.display());
        return EXIT_TROUBLE;
    }
    done(&run)
}

fn run_check(args: &CheckArgs) -> i32 {
    if let Err(e) = check_ignored(&args.ignore) {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    let model_paths = match &args.model_root {
        Some(root) => vec![root.clone()],
        None => args.paths.clone(),
    };
    let enabled = |r: &crate::finding::Rule| kept(r, &args.select, &args.ignore);
    let format = chosen_format(args);
    let loaded = if args.staged {
        let staged = match crate::git::Repo::here().and_then(|r| r.staged(&model_paths)) {
            Ok(side) => side.inputs,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_TROUBLE;
            }
        };
        check::load_inputs(staged, args.config.as_deref(), &enabled)
    } else {
        check::load_with(&model_paths, args.config.as_deref(), &enabled)
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
    };
    let policies: Vec<&'static crate::finding::Rule> = loaded.policies.rules().collect();
    if let Err(e) =
        check_selectors(&args.select, &policies).and(check_selectors(&args.ignore, &policies))
    {
        eprintln!("error: {e}");
        return EXIT_TROUBLE;
    }
    let (config, mut run) = (loaded.config, loaded.run);
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
    let findings = match &args.new_since {
        Some(rev) => match crate::diff::command::new_since(
            rev,
            &model_paths,
            args.config.as_deref(),
            findings,
        ) {
            Ok(found) => found,
            Err(e) => {
                eprintln!("error: {e}");
                return EXIT_TROUBLE;
            }
        },
        None => findings,
    };
    let mut findings = filter(findings, args);
    if let Some(path) = &args.write_baseline {
        if let Err(e) = check::refuse_input(path, &run, &config, "--write-baseline") {
            eprintln!("error: {e}");
            return EXIT_TROUBLE;
        }
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
    let mut timings = crate::workspace::Timings::new();
    if let Err(code) = emit(&run, &findings, args, format, fail_on) {
        return code;
    }
    timings.phase("output");
    if !run.model.complete {
        let broken = findings
            .iter()
            .filter(|f| f.rule.is_input_failure())
            .map(|f| f.primary.span.file)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let (s, they) = if broken == 1 {
            ("", "it is")
        } else {
            ("s", "they are")
        };
        if run.model.names_complete {
            let items = run.model.broken.len();
            eprintln!(
                "ropa: the model is incomplete: {items} item{} in {broken} file{s} do{} not parse; \
                 {} left out, with every finding that depends on what {} would state, until fixed",
                if items == 1 { "" } else { "s" },
                if items == 1 { "es" } else { "" },
                if items == 1 { "it is" } else { "they are" },
                if items == 1 { "it" } else { "they" },
            );
        } else {
            eprintln!(
                "ropa: the model is incomplete: {broken} file{s} could not be read or parsed; \
                 F001, F004 and A002 are not reported until {they} fixed",
            );
        }
    }
    let code = exit_code(&findings, fail_on);
    // The process ends next: freeing a large model, or 400 000 findings
    // with their strings, piece by piece only costs time.
    std::mem::forget(run);
    std::mem::forget(findings);
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
    // A broken file anywhere leaves the whole model incomplete: its E001
    // or E002 is reported whatever the paths.
    run.findings.retain(|f| {
        f.rule.is_input_failure()
            || keep
                .get(f.primary.span.file.0 as usize)
                .copied()
                .unwrap_or(false)
    });
}

fn filter(findings: Vec<Finding>, args: &CheckArgs) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| kept(f.rule, &args.select, &args.ignore))
        .collect()
}

/// The output format: `--format`, else `human` on a terminal and `short`
/// elsewhere.
fn chosen_format(args: &CheckArgs) -> Format {
    args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Human
    } else {
        Format::Short
    })
}

fn emit(
    run: &Run,
    findings: &[Finding],
    args: &CheckArgs,
    format: Format,
    fail_on: FailOn,
) -> Result<(), i32> {
    let sources = &run.model.sources;
    // Machine formats are always complete documents, even when empty.
    let document = matches!(
        format,
        Format::Json | Format::Sarif | Format::Junit | Format::Gitlab | Format::Rdjson
    );
    if args.quiet && findings.is_empty() && !document {
        return Ok(());
    }
    // `check` speaks the developer register, in English.
    let w = &Words::developer(crate::finding::Lang::En);
    let text = match format {
        Format::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                }
            };
            stream(|out| output::human::write(out, sources, findings, color, w))?;
            eprintln!("{}", output::summary(findings, sources.len()));
            return Ok(());
        }
        Format::Short | Format::Json | Format::Sarif => {
            return stream(|out| match format {
                Format::Json => output::json::write(out, sources, findings, w),
                Format::Sarif => output::sarif::write(out, sources, findings, w),
                _ => output::short::write(out, sources, findings, w),
            });
        }
        Format::Junit => output::junit::render(sources, findings, threshold(fail_on), w),
        Format::Github => output::github::render(sources, findings, w),
        Format::Gitlab => output::gitlab::render(sources, findings, w),
        Format::Rdjson => output::rdjson::render(sources, findings, w),
    };
    print(&text)
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

/// 1 when a finding is at or above `fail_on`, or a file cannot be read or
/// parsed (whatever `fail_on`, unless `never`), else 0.
pub fn exit_code(findings: &[Finding], fail_on: FailOn) -> i32 {
    let Some(threshold) = threshold(fail_on) else {
        return EXIT_OK;
    };
    if findings
        .iter()
        .any(|f| f.severity >= threshold || f.rule.is_input_failure())
    {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
