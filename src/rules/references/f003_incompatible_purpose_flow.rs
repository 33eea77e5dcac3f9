//! ## What it does
//! Reports a flow of personal data (not `anonymised`) from dataset A into
//! dataset B where a purpose of B (the flow's `purpose`, or else every
//! purpose of B) has a kind that is compatible with **none** of A's
//! purpose kinds, has no `compatibility` reference, and has no ground of
//! its own: its basis is neither `consent` nor `legal_obligation` /
//! `public_task` with a law reference (the purpose's own string or a `law`
//! of B's controller). Consent declared `bundled` or `implied` is no
//! consent, so it is no ground either.
//!
//! Compatible: the same kind; any kind into `statistics`, `archiving`,
//! `research` (Art. 89), `security`, `legal_compliance`, `legal_claims`,
//! `accounting`, `fraud_prevention`; and the pairs of the rule data (by
//! default `service` ↔ `customer_service`, `customer_service` →
//! `case_handling`, `recruitment` → `case_handling`). A source's data may
//! have been collected for any of its purposes, so one compatible purpose
//! of A is enough. One finding per flow, naming A's purposes as they are.
//! Flows into or out of an anonymous dataset carry no personal data.
//!
//! ## Why is this bad?
//! Data collected for one purpose may not be further processed in a way
//! incompatible with it (purpose limitation, Art. 5(1)(b)). Re-use for a new
//! purpose needs consent, a Union or Member State law, or a documented
//! compatibility assessment (Art. 6(4)): the link between the purposes, the
//! context, the nature of the data, the consequences and the safeguards.
//! Consent and law are their own grounds, so Art. 6(4) does not apply to
//! them: a talent pool whose candidates consented may be filled from
//! applications.
//!
//! ## Example
//! ```ropa
//! dataset applicants { purpose recruitment { basis contract } }
//! dataset campaigns  { purpose marketing { basis legitimate_interest "LIA-4" } }
//! flow applicants -> campaigns
//! ```
//!
//! Use instead (or stop the flow):
//! ```ropa
//! dataset applicants { purpose recruitment { basis contract } }
//! flow applicants -> campaigns
//! dataset campaigns {
//!   purpose marketing {
//!     basis legitimate_interest "LIA-4"
//!     compatibility "Förenlighetsbedömning 2025-06, art. 6.4"
//!   }
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 5(1)(b), 6(4), Recital 50; rule data `rules/compatibility.yaml`

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::purpose_kind;
use crate::rules::grounds::{anonymous, has_own_ground};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "F003",
    name: "incompatible-purpose-flow",
    severity: Severity::Warning,
    article: "Art. 5(1)(b), 6(4)",
    summary: "a flow into a purpose compatible with none of the source's",
    heading: (
        "data passed on for a purpose compatible with none of the purposes it was collected for",
        "uppgifter som lämnas vidare för ett ändamål som inte är förenligt med något av de ändamål de samlades in för",
    ),
    doc: crate::rules::docs::F003,
    origin: Origin::Builtin,
};

/// Whether data collected for `from` may serve `to`.
pub fn compatible(cx: &Context, from: &str, to: &str) -> bool {
    from == to
        || cx.data.always_compatible.contains(to)
        // A handful of pairs: a scan beats hashing two fresh Strings.
        || cx
            .data
            .compatible_pairs
            .iter()
            .any(|(a, b)| a == from && b == to)
}

/// Data re-used for a purpose compatible with none it was collected for.
#[derive(Debug, Serialize)]
struct Incompatible {
    source: CompactString,
    target: CompactString,
    /// The source's purposes: (ID, kind).
    collected_for: Vec<(CompactString, CompactString)>,
    purpose: CompactString,
    kind: CompactString,
}

impl Violation for Incompatible {
    fn message(&self, w: &Words) -> String {
        let (src, tgt, name) = (w.id(&self.source), w.id(&self.target), w.id(&self.purpose));
        let kind = w.value(Vocab::Kind, &self.kind);
        let named: Vec<String> = self
            .collected_for
            .iter()
            .map(|(id, kind)| {
                if id == kind {
                    w.value(Vocab::Kind, kind).to_string()
                } else {
                    format!("{} ({})", w.id(id), w.value(Vocab::Kind, kind))
                }
            })
            .collect();
        let from = w.list(&named, str::to_string);
        let (one, many) = w.say(|| ("purpose", "purposes"), || ("ändamålet", "ändamålen"));
        let from = format!("{} {from}", if named.len() > 1 { many } else { one });
        w.say(
            || format!("the record states that {src} collects the data for {from} and that {tgt} uses it for {kind} (purpose {name}), which is compatible with none of them; it states no compatibility assessment, consent or law for that use"),
            || format!("registerförteckningen anger att {src} samlar in uppgifterna för {from} och att {tgt} använder dem för {kind} (ändamålet {name}), som inte är förenligt med något av dem; det anger ingen förenlighetsbedömning, inget samtycke och ingen lag för den användningen"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let name = w.id(&self.purpose);
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("assess whether the new purpose {name} is compatible with the original ones (Art. 6(4)) and record the assessment, or base it on consent or on the law that requires it; otherwise the data may not be used for it"),
                || format!("bedöm om det nya ändamålet {name} är förenligt med de ursprungliga (artikel 6.4) och dokumentera bedömningen, eller grunda det på samtycke eller på den lag som kräver det; annars får uppgifterna inte användas för det"),
            )
        } else {
            w.say(
                || format!("reference an Art. 6(4) assessment in purpose {name} (`compatibility \"<assessment>\"`), base it on consent or on the law that requires it, mark the flow `anonymised`, or drop it"),
                || format!("hänvisa till en förenlighetsbedömning enligt artikel 6.4 i ändamålet {name} (`compatibility \"<bedömning>\"`), grunda det på samtycke eller på den lag som kräver det, märk flödet `anonymised`, eller ta bort det"),
            )
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        let kind = w.value(Vocab::Kind, &self.kind);
        Some(w.say(
            || format!("re-used for {kind}"),
            || format!("vidareanvänds för {kind}"),
        ))
    }
}

/// Every flow into an incompatible purpose that has no ground of its own
/// and no assessment.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (_, flow, s, t) in cx.model.carrying_flows() {
        if anonymous(cx, s) || anonymous(cx, t) {
            continue;
        }
        let source = &cx.model.datasets[s];
        let target = &cx.model.datasets[t];
        if source.ast.purposes.is_empty() {
            continue;
        }
        let purposes = target.ast.purposes.iter().enumerate();
        let served = purposes.filter(|(i, _)| flow.purpose.is_none_or(|p| p == *i));
        let clash = served.map(|(_, p)| p).find(|to| {
            to.compatibility.is_none()
                && !has_own_ground(cx, target, to)
                && !source.ast.purposes.iter().any(|from| {
                    compatible(cx, purpose_kind(from, cx.data), purpose_kind(to, cx.data))
                })
        });
        let Some(to) = clash else { continue };
        let what = Incompatible {
            source: source.id().to_compact_string(),
            target: target.id().to_compact_string(),
            collected_for: source_purposes(cx, &source.ast.purposes),
            purpose: to.id.name.to_compact_string(),
            kind: purpose_kind(to, cx.data).to_compact_string(),
        };
        out.push(
            Finding::of(&RULE, flow.ast.target.span, what)
                .related(to.id.span, said(
                    "no `compatibility` assessment, consent or law in this purpose",
                    "ingen förenlighetsbedömning (`compatibility`), inget samtycke och ingen lag i detta ändamål",
                ))
                .dataset(target.id()),
        );
    }
    out
}

/// The source's purposes: (ID, kind).
fn source_purposes(cx: &Context, purposes: &[Purpose]) -> Vec<(CompactString, CompactString)> {
    purposes
        .iter()
        .map(|p| (p.id.name.clone(), purpose_kind(p, cx.data).into()))
        .collect()
}
