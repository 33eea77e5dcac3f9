//! The rule catalog: one function per rule, one file per function.
//!
//! Each rule file's `//!` comment is its documentation (`ropa explain`);
//! `build.rs` collects it. [`ALL`] is the one table mapping codes to rules.

pub mod accountability;
pub mod grounds;
pub mod input;
pub mod lawfulness;
pub mod parties;
pub mod references;
pub mod retention;
pub mod special;
pub mod suppressions;
pub mod transfers;

use crate::data::RuleData;
use crate::finding::{Finding, Lang, Rule, Text};
use crate::graph::Graph;
use crate::model::{Model, Problem};

include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

pub use crate::finding::DOCS_URL;

/// What a rule looks at: the resolved model.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    /// The resolved model.
    pub model: &'a Model,
    /// The rule data.
    pub data: &'a RuleData,
    /// The language findings are written in.
    pub lang: Lang,
    /// Whether findings carry their help ([`crate::finding::Writing`]).
    pub helps: bool,
}

impl Context<'_> {
    /// A help that a rule composes for each finding: made by `make` only
    /// when the output shows helps, empty otherwise.
    pub fn help(&self, make: impl FnOnce() -> String) -> Text {
        if self.helps {
            Text::Owned(make())
        } else {
            Text::Borrowed("")
        }
    }
}

/// What a rule that follows data through the flow graph looks at: the
/// model, and the graph built from it. It reads as a [`Context`] too, so
/// the helpers written for model rules serve graph rules as they are.
///
/// The two are apart so that `ropa check` can run the model rules while
/// the graph is still being built ([`run`]); a rule that needs the graph
/// says so in its type, and cannot be started early by mistake.
#[derive(Clone, Copy)]
pub struct GraphContext<'a> {
    /// The model, the rule data and the language.
    pub cx: Context<'a>,
    /// The data-flow graph.
    pub graph: &'a Graph,
}

impl<'a> GraphContext<'a> {
    /// The context of a model and its graph.
    pub fn new(model: &'a Model, data: &'a RuleData, graph: &'a Graph, lang: Lang) -> Self {
        GraphContext {
            cx: Context {
                model,
                data,
                lang,
                helps: true,
            },
            graph,
        }
    }
}

impl<'a> std::ops::Deref for GraphContext<'a> {
    type Target = Context<'a>;

    fn deref(&self) -> &Context<'a> {
        &self.cx
    }
}

/// A rule's check: over the model alone, or over the model and its graph.
#[derive(Clone, Copy)]
pub enum Check {
    /// Reads only the model.
    Model(fn(&Context) -> Vec<Finding>),
    /// Reads the data-flow graph as well.
    Graph(fn(&GraphContext) -> Vec<Finding>),
}

impl Check {
    /// The rule's findings on a model and its graph.
    pub fn run(self, cx: &GraphContext) -> Vec<Finding> {
        match self {
            Check::Model(check) => check(cx),
            Check::Graph(check) => check(cx),
        }
    }
}

/// Every rule, in catalog order.
pub static ALL: &[&Rule] = &[
    &input::e001_syntax_error::RULE,
    &input::e002_unreadable_file::RULE,
    &input::e003_duplicate_attribute::RULE,
    &input::e004_unknown_value::RULE,
    &references::f001_undefined_reference::RULE,
    &references::f002_duplicate_definition::RULE,
    &references::f003_incompatible_purpose_flow::RULE,
    &references::f004_unused_party::RULE,
    &lawfulness::l001_missing_legal_basis::RULE,
    &lawfulness::l002_basis_without_law::RULE,
    &lawfulness::l003_authority_legitimate_interest::RULE,
    &lawfulness::l004_legitimate_interest_without_assessment::RULE,
    &lawfulness::l005_consent_not_withdrawable::RULE,
    &lawfulness::l006_invalid_consent::RULE,
    &lawfulness::l007_email_marketing_without_consent::RULE,
    &lawfulness::l008_cookies_without_consent::RULE,
    &special::s001_special_category_without_condition::RULE,
    &special::s002_undeclared_sensitive_field::RULE,
    &special::s003_criminal_data_without_authority::RULE,
    &special::s004_national_id_not_justified::RULE,
    &special::s005_sensitive_data_published::RULE,
    &transfers::t001_transfer_without_safeguard::RULE,
    &transfers::t002_invalid_safeguard::RULE,
    &transfers::t003_onward_transfer_without_safeguard::RULE,
    &transfers::t004_derogation_for_systematic_transfer::RULE,
    &parties::p001_processor_without_dpa::RULE,
    &parties::p002_joint_controllers_without_arrangement::RULE,
    &parties::p003_missing_representative::RULE,
    &parties::p004_authority_without_dpo::RULE,
    &parties::p005_processor_acting_as_controller::RULE,
    &parties::p006_embedded_third_party_controller::RULE,
    &retention::r001_missing_retention::RULE,
    &retention::r002_indefinite_retention::RULE,
    &retention::r003_copy_outlives_source::RULE,
    &retention::r004_retention_over_limit::RULE,
    &accountability::a001_dataset_without_purpose::RULE,
    &accountability::a002_dataset_without_controller::RULE,
    &accountability::a003_dpia_required::RULE,
    &accountability::a004_missing_subjects_or_fields::RULE,
    &accountability::a005_special_data_without_measures::RULE,
    &accountability::a006_party_without_country::RULE,
    &accountability::a007_anonymous_dataset_with_personal_data::RULE,
    &accountability::a008_research_without_safeguards::RULE,
    &accountability::a010_personal_data_without_measures::RULE,
    &suppressions::x001_suppression_without_reason::RULE,
    &suppressions::x002_unused_suppression::RULE,
];

/// The rules that look at the model, with their checks, in catalog order.
/// Input errors (E), unresolved references (F001, F002) and suppressions
/// (X) are found by the stages that see them.
pub static CHECKS: &[(&Rule, Check)] = &[
    (
        &references::f003_incompatible_purpose_flow::RULE,
        Check::Model(references::f003_incompatible_purpose_flow::check),
    ),
    (
        &references::f004_unused_party::RULE,
        Check::Model(references::f004_unused_party::check),
    ),
    (
        &lawfulness::l001_missing_legal_basis::RULE,
        Check::Model(lawfulness::l001_missing_legal_basis::check),
    ),
    (
        &lawfulness::l002_basis_without_law::RULE,
        Check::Model(lawfulness::l002_basis_without_law::check),
    ),
    (
        &lawfulness::l003_authority_legitimate_interest::RULE,
        Check::Model(lawfulness::l003_authority_legitimate_interest::check),
    ),
    (
        &lawfulness::l004_legitimate_interest_without_assessment::RULE,
        Check::Model(lawfulness::l004_legitimate_interest_without_assessment::check),
    ),
    (
        &lawfulness::l005_consent_not_withdrawable::RULE,
        Check::Model(lawfulness::l005_consent_not_withdrawable::check),
    ),
    (
        &lawfulness::l006_invalid_consent::RULE,
        Check::Model(lawfulness::l006_invalid_consent::check),
    ),
    (
        &lawfulness::l007_email_marketing_without_consent::RULE,
        Check::Model(lawfulness::l007_email_marketing_without_consent::check),
    ),
    (
        &lawfulness::l008_cookies_without_consent::RULE,
        Check::Model(lawfulness::l008_cookies_without_consent::check),
    ),
    (
        &special::s001_special_category_without_condition::RULE,
        Check::Graph(special::s001_special_category_without_condition::check),
    ),
    (
        &special::s002_undeclared_sensitive_field::RULE,
        Check::Model(special::s002_undeclared_sensitive_field::check),
    ),
    (
        &special::s003_criminal_data_without_authority::RULE,
        Check::Graph(special::s003_criminal_data_without_authority::check),
    ),
    (
        &special::s004_national_id_not_justified::RULE,
        Check::Graph(special::s004_national_id_not_justified::check),
    ),
    (
        &special::s005_sensitive_data_published::RULE,
        Check::Graph(special::s005_sensitive_data_published::check),
    ),
    (
        &transfers::t001_transfer_without_safeguard::RULE,
        Check::Model(transfers::t001_transfer_without_safeguard::check),
    ),
    (
        &transfers::t002_invalid_safeguard::RULE,
        Check::Model(transfers::t002_invalid_safeguard::check),
    ),
    (
        &transfers::t003_onward_transfer_without_safeguard::RULE,
        Check::Graph(transfers::t003_onward_transfer_without_safeguard::check),
    ),
    (
        &transfers::t004_derogation_for_systematic_transfer::RULE,
        Check::Model(transfers::t004_derogation_for_systematic_transfer::check),
    ),
    (
        &parties::p001_processor_without_dpa::RULE,
        Check::Model(parties::p001_processor_without_dpa::check),
    ),
    (
        &parties::p002_joint_controllers_without_arrangement::RULE,
        Check::Model(parties::p002_joint_controllers_without_arrangement::check),
    ),
    (
        &parties::p003_missing_representative::RULE,
        Check::Model(parties::p003_missing_representative::check),
    ),
    (
        &parties::p004_authority_without_dpo::RULE,
        Check::Model(parties::p004_authority_without_dpo::check),
    ),
    (
        &parties::p005_processor_acting_as_controller::RULE,
        Check::Model(parties::p005_processor_acting_as_controller::check),
    ),
    (
        &parties::p006_embedded_third_party_controller::RULE,
        Check::Graph(parties::p006_embedded_third_party_controller::check),
    ),
    (
        &retention::r001_missing_retention::RULE,
        Check::Model(retention::r001_missing_retention::check),
    ),
    (
        &retention::r002_indefinite_retention::RULE,
        Check::Model(retention::r002_indefinite_retention::check),
    ),
    (
        &retention::r003_copy_outlives_source::RULE,
        Check::Model(retention::r003_copy_outlives_source::check),
    ),
    (
        &retention::r004_retention_over_limit::RULE,
        Check::Model(retention::r004_retention_over_limit::check),
    ),
    (
        &accountability::a001_dataset_without_purpose::RULE,
        Check::Model(accountability::a001_dataset_without_purpose::check),
    ),
    (
        &accountability::a002_dataset_without_controller::RULE,
        Check::Model(accountability::a002_dataset_without_controller::check),
    ),
    (
        &accountability::a003_dpia_required::RULE,
        Check::Graph(accountability::a003_dpia_required::check),
    ),
    (
        &accountability::a004_missing_subjects_or_fields::RULE,
        Check::Graph(accountability::a004_missing_subjects_or_fields::check),
    ),
    (
        &accountability::a005_special_data_without_measures::RULE,
        Check::Graph(accountability::a005_special_data_without_measures::check),
    ),
    (
        &accountability::a006_party_without_country::RULE,
        Check::Model(accountability::a006_party_without_country::check),
    ),
    (
        &accountability::a007_anonymous_dataset_with_personal_data::RULE,
        Check::Model(accountability::a007_anonymous_dataset_with_personal_data::check),
    ),
    (
        &accountability::a008_research_without_safeguards::RULE,
        Check::Model(accountability::a008_research_without_safeguards::check),
    ),
    (
        &accountability::a010_personal_data_without_measures::RULE,
        Check::Graph(accountability::a010_personal_data_without_measures::check),
    ),
];

/// The finding of the input rule that reports a problem the parser found.
pub fn syntax_problem(p: &crate::syntax::Problem, lang: Lang) -> Finding {
    use crate::syntax::Problem as P;
    match p {
        P::Syntax {
            span,
            message,
            help,
        } => input::e001_syntax_error::finding(*span, message, help, lang),
        P::DuplicateAttribute {
            first,
            second,
            keyword,
        } => input::e003_duplicate_attribute::finding(*first, *second, keyword, lang),
    }
}

/// The finding of the input rule that reports a problem the model found.
pub fn problem(p: &Problem, lang: Lang) -> Finding {
    use input::e004_unknown_value as e004;
    use references::{f001_undefined_reference as f001, f002_duplicate_definition as f002};
    match p {
        Problem::UnknownValue {
            value,
            what,
            suggestion,
            examples,
        } => e004::finding(value, what, suggestion.as_deref(), examples, lang),
        Problem::Undefined {
            id,
            what,
            suggestion,
        } => f001::finding(id, what, suggestion.as_deref(), lang),
        Problem::WrongKind { id, role, expected } => f001::wrong_kind(id, role, expected, lang),
        Problem::Duplicate { id, first } => f002::finding(id, *first, lang),
    }
}

/// `docs/rules.md`: the catalog table and every rule's documentation,
/// generated from the same doc comments `ropa explain` prints.
pub fn markdown_catalog() -> String {
    let mut out = String::from(
        "# Rules\n\n<!-- Generated from the rule files' doc comments by \
         `ROPA_UPDATE_DOCS=1 cargo test --test docs`; do not edit by hand. -->\n\n\
         | code | name | severity | article | when |\n|---|---|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{}` | {} | {} | {} |\n",
            r.name,
            r.severity.as_str(),
            r.article,
            r.summary.replace('|', "\\|"),
            code = r.code,
            anchor = r.code.to_lowercase()
        ));
    }
    for r in ALL {
        out.push_str(&format!(
            "\n<a id=\"{}\"></a>\n\n## {} {}\n\nSeverity: {}. Article: {}.\n\n",
            r.code.to_lowercase(),
            r.code,
            r.name,
            r.severity.as_str(),
            r.article
        ));
        // The doc's own headings become one level deeper.
        for line in r.doc().lines() {
            if line.starts_with("## ") {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The rule with this code or name (case-insensitive for codes).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Builds the model's data-flow graph and runs the rules that `enabled`
/// keeps, appending their findings to `out`; returns the graph, and how
/// long it took to build.
///
/// Rules only read the model, so they run in parallel, a task each; a
/// rule that is switched off costs nothing. The rules that do not need the
/// graph start at once, beside the graph's building, so the graph costs no
/// wall time of its own while the model rules keep the other core busy;
/// each graph rule starts as soon as the graph is built.
pub fn run(
    cx: &Context,
    enabled: &(dyn Fn(&Rule) -> bool + Sync),
    out: &mut Vec<Finding>,
) -> (Graph, std::time::Duration) {
    let timed_build = || {
        let start = std::time::Instant::now();
        let graph = Graph::build(cx.model, cx.data);
        (graph, start.elapsed())
    };
    if std::env::var_os("ROPA_TIMINGS").is_some_and(|v| v == "rules") {
        let (graph, took) = timed_build();
        run_timed(
            &GraphContext {
                cx: *cx,
                graph: &graph,
            },
            enabled,
            out,
        );
        return (graph, took);
    }
    // Each rule's findings are appended to `out` as soon as the rule
    // finishes, and its own vector is freed at once: collecting every
    // rule's vector first and then joining them held each finding twice (on
    // a dense model, 70 MB of fresh pages per copy). `out` is reserved for
    // a typical count up front; what a rule leaves unused is address space,
    // not memory, since pages are only mapped when written (and where the
    // system refuses the address space, the vector simply grows as needed).
    //
    // The rules finish in any order, and that order does not show:
    // `workspace::sort` orders by position, rule code and message, so
    // findings of two rules never tie, and one rule's findings stay
    // together in the order the rule made them.
    let _ = out.try_reserve(expected_findings(cx.model));
    let sink = std::sync::Mutex::new(out);
    let keep = |found: Vec<Finding>| {
        sink.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(found);
    };
    // One task per rule, and one that builds the graph and then starts a
    // task per graph rule: the two cores share all of it, so that the
    // graph rules do not wait for the slowest model rule, nor the model
    // rules' core for the graph (about 0.1 s on a dense model, against
    // building the graph beside the model rules and then running the
    // graph rules).
    let built: std::sync::OnceLock<(Graph, std::time::Duration)> = std::sync::OnceLock::new();
    rayon::scope(|s| {
        let (built, keep) = (&built, &keep);
        s.spawn(move |s| {
            let (graph, _) = built.get_or_init(timed_build);
            for (rule, check) in CHECKS {
                if let Check::Graph(check) = check {
                    if enabled(rule) {
                        s.spawn(move |_| keep(check(&GraphContext { cx: *cx, graph })));
                    }
                }
            }
        });
        for (rule, check) in CHECKS {
            if let Check::Model(check) = check {
                if enabled(rule) {
                    s.spawn(move |_| keep(check(cx)));
                }
            }
        }
    });
    match built.into_inner() {
        Some(built) => built,
        None => timed_build(),
    }
}

/// How many findings to reserve room for: a few per dataset and flow,
/// about what a dense model gives.
fn expected_findings(model: &Model) -> usize {
    model
        .datasets
        .len()
        .saturating_mul(4)
        .saturating_add(model.flows.len().saturating_mul(2))
}

/// [`run`] one rule after the other, printing each rule's time and count
/// (`ROPA_TIMINGS=rules`).
fn run_timed(cx: &GraphContext, enabled: &(dyn Fn(&Rule) -> bool + Sync), all: &mut Vec<Finding>) {
    for (rule, check) in CHECKS.iter().filter(|(rule, _)| enabled(rule)) {
        let start = std::time::Instant::now();
        let found = check.run(cx);
        eprintln!(
            "ropa:   {} {:>8.1} ms {:>8} findings",
            rule.code,
            start.elapsed().as_secs_f64() * 1000.0,
            found.len()
        );
        all.extend(found);
    }
}
