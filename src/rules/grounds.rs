//! What several rules ask of a purpose: whether it has a ground of its own
//! (consent, or a law), which kind it declares, and which national law a
//! message may name.
//!
//! Art. 6(4) exempts processing based on consent or on Union or Member
//! State law from the compatibility test, and the same ground justifies a
//! copy kept longer than its source (F003, R003). A law reference is the
//! purpose's own string, or a `law` of the dataset's controller (Recital
//! 45, L002).

use crate::data::RuleData;
use crate::model::{Dataset, DatasetId, Party, PartyId};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The kind a purpose declares (rules.md, *A declared kind*): defined
/// once, in the model. An undeclared kind still reads as `service`
/// ([`crate::model::purpose_kind`]), but no v3 exemption or finding rests
/// on that default: an imported register's untyped newsletter on consent
/// is not "necessary processing" (L006's exemption, L009's triggers,
/// R004's cookie benchmark).
pub use crate::model::declared_kind;

/// Whether the purpose declares a strictly necessary kind (`service`,
/// `security` in the rule data).
pub fn declared_strictly_necessary(purpose: &Purpose, data: &RuleData) -> bool {
    declared_kind(purpose, data).is_some_and(|k| data.strictly_necessary.contains(k))
}

/// Whether the purpose's `basis` is `basis` (`consent`, `public_task`, ...).
pub fn basis_is(purpose: &Purpose, basis: &str) -> bool {
    purpose
        .basis
        .as_ref()
        .is_some_and(|b| b.value.value.name == basis)
}

/// The dataset's first controller that is a `public_authority`, if any.
pub fn authority<'a>(cx: &Context<'a>, dataset: &Dataset) -> Option<&'a Party> {
    dataset
        .controllers
        .iter()
        .map(|&c| &cx.model.parties[c])
        .find(|p| p.ast.public_authority.is_some())
}

/// A controller's countries for ePrivacy (rules.md, *National law*): the
/// countries whose national ePrivacy and marketing law L007 and L008 name
/// for the dataset, market countries first, then seat countries, for
/// every controller of the dataset, each once.
///
/// Only EEA member states count: `eea` names no country, and a country
/// outside the EEA has no national ePrivacy law the rules know.
pub fn eprivacy_countries<'a>(cx: &Context<'a>, dataset: &Dataset) -> Vec<&'a str> {
    let controllers = || dataset.controllers.iter().map(|&c| &cx.model.parties[c]);
    let mut out: Vec<&'a str> = Vec::new();
    let mut add = |code: &'a str| {
        if cx.data.eea.contains(code) && !out.contains(&code) {
            out.push(code);
        }
    };
    // The market's law comes first: a Danish company's Swedish site is
    // told the Swedish law before the Danish one.
    for code in controllers().flat_map(|p| p.markets(cx.data)) {
        add(code.name.as_str());
    }
    for code in controllers().flat_map(|p| p.countries()) {
        add(code.name.as_str());
    }
    out
}

/// Which of a country's laws a message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum EprivacyLaw {
    /// Storing or reading information on the device (ePrivacy Art. 5(3)).
    DeviceAccess,
    /// Unsolicited marketing e-mail (ePrivacy Art. 13).
    MarketingEmail,
}

/// The laws a finding names for a dataset, as facts: the law of each of
/// its controllers' countries for ePrivacy that the rule data knows, in
/// that country's own words (market first), and whether the Directive's
/// article is named too (for the countries it does not know, or when there
/// are none).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Laws {
    /// Which provision.
    pub which: EprivacyLaw,
    /// The national laws, as the rule data cites them.
    pub national: Vec<String>,
    /// Whether the Directive's article is named after them.
    pub directive: bool,
}

impl Laws {
    /// The laws, joined by "; ", which reads in both languages.
    pub fn words(&self, w: &crate::finding::Words) -> String {
        let mut out: Vec<&str> = self.national.iter().map(String::as_str).collect();
        if self.directive {
            out.push(match self.which {
                EprivacyLaw::DeviceAccess => {
                    w.of("ePrivacy Art. 5(3)", "artikel 5.3 i direktiv 2002/58/EG")
                }
                EprivacyLaw::MarketingEmail => {
                    w.of("ePrivacy Art. 13", "artikel 13 i direktiv 2002/58/EG")
                }
            });
        }
        out.join("; ")
    }
}

/// The laws a finding names for `dataset` ([`Laws`]).
pub fn eprivacy_law_facts(cx: &Context, dataset: &Dataset, which: EprivacyLaw) -> Laws {
    let mut national: Vec<String> = Vec::new();
    let mut unknown = false;
    for code in eprivacy_countries(cx, dataset) {
        let law = cx.data.national_law(code).and_then(|l| match which {
            EprivacyLaw::DeviceAccess => l.device_access.as_deref(),
            EprivacyLaw::MarketingEmail => l.marketing_email.as_deref(),
        });
        match law {
            Some(law) if !national.iter().any(|n| n == law) => national.push(law.to_string()),
            Some(_) => {}
            None => unknown = true,
        }
    }
    Laws {
        which,
        directive: unknown || national.is_empty(),
        national,
    }
}

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

/// Whether a dataset is anonymous (declared or implied, and not reported
/// by A007): rules about personal data skip it.
pub fn anonymous(cx: &Context, dataset: DatasetId) -> bool {
    cx.model.datasets[dataset].is_anonymous()
}

/// How a party receives personal data.
#[derive(Clone, Copy, Default)]
pub struct Receives {
    /// From a dataset directly (a recipient, or a flow's target).
    pub direct: bool,
    /// Through `subprocessors`: the processor that engaged it first.
    pub via: Option<PartyId>,
    /// Some of it is read from the device (a dataset with `cookies`).
    pub device: bool,
}

/// Which parties receive personal data in the model, and how: as a
/// dataset's recipient or a flow's target (not through anonymised flows),
/// or through `subprocessors` (P001, T005). Anonymous datasets send none.
pub fn receivers(cx: &Context) -> Vec<Receives> {
    let model = cx.model;
    let mut out = vec![Receives::default(); model.parties.len()];
    let mut stack: Vec<PartyId> = Vec::new();
    for d in model.datasets.iter().filter(|d| !d.is_anonymous()) {
        let device = d.ast.cookies.is_some();
        for r in &d.recipients {
            if r.flow.is_some_and(|f| !model.flows[f].carries) {
                continue;
            }
            let slot = &mut out[r.party];
            if !slot.direct {
                stack.push(r.party);
            }
            slot.direct = true;
            slot.device |= device;
        }
    }
    // Along `subprocessors`, from every party that receives.
    let mut seen: Vec<bool> = out.iter().map(|r| r.direct).collect();
    while let Some(p) = stack.pop() {
        let device = out[p].device;
        for &(s, _) in &model.parties[p].subprocessors {
            let slot = &mut out[s];
            if !slot.direct && slot.via.is_none() {
                slot.via = Some(p);
            }
            slot.device |= device;
            if !seen[s] {
                seen[s] = true;
                stack.push(s);
            }
        }
    }
    out
}

impl Receives {
    /// Whether the party receives personal data at all.
    pub fn any(&self) -> bool {
        self.direct || self.via.is_some()
    }
}
