//! What several rules ask of a purpose: whether it has a ground of its own
//! (consent, or a law), and which national law a message may name.
//!
//! Art. 6(4) exempts processing based on consent or on Union or Member
//! State law from the compatibility test, and the same ground justifies a
//! copy kept longer than its source (F003, R003). A law reference is the
//! purpose's own string, or a `law` of the dataset's controller (Recital
//! 45, L002).

use crate::model::{Dataset, DatasetId};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// Whether the purpose's basis is `consent` given validly: a consent block
/// declared `bundled` or `implied` records a consent that is not one
/// (Art. 4(11), 7(4)), so it grounds nothing.
pub fn rests_on_consent(purpose: &Purpose) -> bool {
    let consent_basis = purpose
        .basis
        .as_ref()
        .is_some_and(|b| b.value.value.name == "consent");
    consent_basis && consent_block_valid(purpose)
}

/// Whether the purpose has a consent block that is not declared `bundled`
/// or `implied`.
pub fn has_valid_consent_block(purpose: &Purpose) -> bool {
    purpose.consent.is_some() && consent_block_valid(purpose)
}

/// No consent block, or one that is neither `bundled` nor `implied`.
fn consent_block_valid(purpose: &Purpose) -> bool {
    purpose
        .consent
        .as_ref()
        .is_none_or(|c| c.value.bundled.is_none() && c.value.implied.is_none())
}

/// Whether the purpose's basis is one that Art. 6(3) grounds in law.
pub fn basis_needs_law(purpose: &Purpose) -> bool {
    purpose.basis.as_ref().is_some_and(|b| {
        matches!(
            b.value.value.name.as_str(),
            "legal_obligation" | "public_task"
        )
    })
}

/// Whether a `legal_obligation`/`public_task` purpose names its law: its
/// own string, or a `law` of a controller of the dataset.
pub fn has_law_reference(cx: &Context, dataset: &Dataset, purpose: &Purpose) -> bool {
    cx.model.law_reference(dataset, purpose).is_some()
}

/// Whether the purpose rests on `legal_obligation` or `public_task` with a
/// law reference.
pub fn rests_on_law(cx: &Context, dataset: &Dataset, purpose: &Purpose) -> bool {
    basis_needs_law(purpose) && has_law_reference(cx, dataset, purpose)
}

/// Whether the purpose has a ground of its own for re-using data: valid
/// consent, or a law (Art. 6(4), first words).
pub fn has_own_ground(cx: &Context, dataset: &Dataset, purpose: &Purpose) -> bool {
    rests_on_consent(purpose) || rests_on_law(cx, dataset, purpose)
}

/// Whether a controller of the dataset processes in the country `code`.
pub fn controller_in(cx: &Context, dataset: &Dataset, code: &str) -> bool {
    dataset
        .controllers
        .iter()
        .any(|&c| cx.model.parties[c].countries().any(|k| k.name == code))
}

/// ", in Sweden LAW" when a controller of the dataset is in Sweden, else
/// "": a help names a country's law only for a controller in that country.
pub fn in_sweden(cx: &Context, dataset: &Dataset, law: &str) -> String {
    if controller_in(cx, dataset, "SE") {
        cx.lang.say(
            || format!("; in Sweden {law}"),
            || format!("; i Sverige {law}"),
        )
    } else {
        String::new()
    }
}

/// Whether a dataset is anonymous (declared or implied, and not reported
/// by A007): rules about personal data skip it.
pub fn anonymous(cx: &Context, dataset: DatasetId) -> bool {
    cx.model.datasets[dataset].is_anonymous()
}
