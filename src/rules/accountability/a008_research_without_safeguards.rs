//! ## What it does
//! Reports a dataset kept for Art. 89 purposes only (every purpose of
//! kind `statistics`, `research` or `archiving`, at least one) whose
//! `measures` record neither `pseudonymisation` nor `anonymisation`. For a
//! dataset whose purposes are all `archiving`, `access_control` counts as
//! well: pseudonymising the public record would defeat the archive, and
//! restricting who may consult it is the safeguard. Anonymous datasets are
//! skipped (anonymous statistics need no safeguard of this kind). One
//! finding per dataset.
//!
//! ## Why is this bad?
//! Processing for archiving in the public interest, scientific or
//! historical research or statistics enjoys exceptions (Art. 5(1)(b) and
//! (e), 9(2)(j), 17(3)(d), 89(2)–(3)), but only subject to appropriate
//! safeguards that ensure data minimisation, in particular
//! pseudonymisation where the purpose can still be met that way, and
//! processing that no longer identifies the people where that suffices
//! (Art. 89(1)).
//!
//! ## Example
//! ```ropa
//! dataset labour_market_study {
//!   fields { pnr: identity.national_id  benefits: financial.benefits }
//!   purpose research { basis public_task "Förordning (2007:1030)" }
//!   measures access_control
//! }
//! ```
//!
//! Use instead:
//! ```ropa
//! dataset labour_market_study {
//!   fields { pnr: identity.national_id  benefits: financial.benefits }
//!   purpose research { basis public_task "Förordning (2007:1030)" }
//!   measures pseudonymisation, access_control
//! }
//! ```
//!
//! ## References
//! - GDPR Art. 89(1), Recital 156

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::model::{declared_kind, Dataset, DatasetId};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "A008",
    name: "research-without-safeguards",
    severity: Severity::Warning,
    article: "Art. 89(1)",
    summary:
        "data kept for research, statistics or archiving with no pseudonymisation or anonymisation",
    heading: (
        "archiving, research or statistics with no pseudonymisation or anonymisation recorded",
        "arkivering, forskning eller statistik utan angiven pseudonymisering eller anonymisering",
    ),
    doc: crate::rules::docs::A008,
    origin: Origin::Builtin,
};

/// The Art. 89 purpose kinds.
const ART89: &[&str] = &["statistics", "research", "archiving"];

/// A dataset kept for Art. 89 purposes whose record states none of the
/// safeguards of Art. 89(1).
#[derive(Debug, Serialize)]
struct NoSafeguards {
    dataset: CompactString,
    /// Whether every purpose is archiving (access control then counts).
    archive: bool,
}

impl Violation for NoSafeguards {
    fn message(&self, w: &Words) -> String {
        let id = w.id(&self.dataset);
        w.say(
            || format!("no pseudonymisation or anonymisation is recorded for {id}, which is kept for archiving, research or statistics (Art. 89(1))"),
            || format!("registerförteckningen anger ingen pseudonymisering eller anonymisering för {id}, som behandlas för arkivändamål av allmänt intresse, forskning eller statistik (artikel 89.1)"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        if w.is_legal() {
            return Text::Borrowed(if self.archive {
                w.of(
                    "record the safeguards of Art. 89(1) that ensure data minimisation: pseudonymisation or anonymisation where the purpose can still be met, or, for a public archive that must keep the names, how access to the data is restricted",
                    "ange de skyddsåtgärder för arkivändamål av allmänt intresse, forskning och statistik som säkerställer uppgiftsminimering (artikel 89.1): pseudonymisering eller anonymisering där ändamålet ändå kan uppnås, eller, för ett allmänt arkiv som måste bevara namnen, hur åtkomsten till uppgifterna begränsas",
                )
            } else {
                w.of(
                    "record the safeguards of Art. 89(1) that ensure data minimisation: pseudonymisation, or anonymisation where the purpose can be met without identifying anyone",
                    "ange de skyddsåtgärder för arkivändamål av allmänt intresse, forskning och statistik som säkerställer uppgiftsminimering (artikel 89.1): pseudonymisering, eller anonymisering där ändamålet kan uppnås utan att någon kan identifieras",
                )
            });
        }
        let id = w.id(&self.dataset);
        Text::Owned(if self.archive {
            w.say(
                || format!("add `measures pseudonymisation` or `anonymisation` to {id}, or, for a public archive that must keep names, `access_control`: the safeguards of Art. 89(1)"),
                || format!("lägg till `measures pseudonymisation` eller `anonymisation` i {id}, eller, för ett allmänt arkiv som måste bevara namnen, `access_control`: skyddsåtgärder för arkivändamål av allmänt intresse, forskning och statistik (artikel 89.1)"),
            )
        } else {
            w.say(
                || format!("add `measures pseudonymisation` to {id} (or `anonymisation` where the purpose can be met without identifying anyone): the safeguards of Art. 89(1)"),
                || format!("lägg till `measures pseudonymisation` i {id} (eller `anonymisation` där ändamålet kan uppnås utan att någon kan identifieras): skyddsåtgärder för arkivändamål av allmänt intresse, forskning och statistik (artikel 89.1)"),
            )
        })
    }
}

/// Every personal dataset kept for Art. 89 purposes only, without the
/// safeguards of Art. 89(1).
pub fn check(cx: &Context, _i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if d.is_anonymous() {
        return;
    }
    let purposes = &d.ast.purposes;
    let kinds = || purposes.iter().map(|p| declared_kind(p, cx.data));
    let art89 = !purposes.is_empty() && kinds().all(|k| k.is_some_and(|k| ART89.contains(&k)));
    if !art89 {
        return;
    }
    let archive = kinds().all(|k| k == Some("archiving"));
    let safeguarded = d
        .ast
        .measures
        .iter()
        .flat_map(|m| m.value.iter())
        .map(|m| m.name.as_str())
        .any(|m| {
            m == "pseudonymisation" || m == "anonymisation" || (archive && m == "access_control")
        });
    if safeguarded {
        return;
    }
    let what = NoSafeguards {
        dataset: d.id().to_compact_string(),
        archive,
    };
    out.push(
        Finding::of(&RULE, d.ast.id.span, what)
            .label(said(
                "no Art. 89(1) safeguard recorded",
                "ingen skyddsåtgärd enligt artikel 89.1 anges",
            ))
            .dataset(d.id()),
    );
}
