//! ## What it does
//! Reports a purpose of a declared kind `service`, `security`,
//! `legal_compliance`, `accounting`, `employment` or `payroll` (by `kind`,
//! or by an ID that names the kind) whose `basis` is `consent`. The help
//! names the basis that fits the kind: `service` → `contract` (or
//! `public_task` for a `public_authority`); `security` →
//! `legitimate_interest` (Recital 49) or `legal_obligation` (Art. 32);
//! `legal_compliance`, `accounting`, `payroll` → `legal_obligation`;
//! `employment` → `contract` or `legal_obligation`. In a dataset with
//! `cookies` it adds that device access strictly necessary for a service
//! the user asked for needs no ePrivacy consent.
//!
//! A `consent { }` block beside another basis (the ePrivacy consent) is not
//! reported, and neither is a purpose whose kind is not declared: a
//! purpose without `kind` reads as `service`, but an imported register's
//! untyped newsletter on consent is not necessary processing. A dataset
//! that is anonymous is skipped.
//!
//! ## Why is this bad?
//! Processing that is necessary for the service the person asked for, or
//! required by law, does not depend on their choice: it goes on if they
//! refuse or withdraw. Presenting it as consent misleads them about that
//! choice, and a withdrawal the controller cannot honour makes the consent
//! invalid (EDPB Guidelines 05/2020 on consent, sections 3.1.2 and 6).
//!
//! ## Example
//! ```ropa
//! purpose login { kind service  basis consent  consent { withdraw "Kontoinställningar" } }
//! ```
//!
//! Use instead:
//! ```ropa
//! purpose login { kind service  basis contract }
//! ```
//!
//! ## References
//! - GDPR Art. 6(1), Art. 7(3), Recitals 43, 49
//! - EDPB Guidelines 05/2020 on consent, sections 3.1.2 and 6
//! - ePrivacy Directive Art. 5(3), second sentence; LEK (2022:482) 9 kap.
//!   28 § andra stycket

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::model::{Dataset, DatasetId};
use crate::rules::grounds::{anonymous, authority, basis_is, declared_kind, eprivacy_countries};
use crate::rules::Context;
use crate::syntax::ast::Purpose;

/// The rule.
pub static RULE: Rule = Rule {
    code: "L009",
    name: "consent-for-necessary-processing",
    severity: Severity::Warning,
    article: "Art. 6(1), 7(3)",
    summary: "`basis consent` for processing that is necessary or required by law",
    heading: (
        "consent stated for processing that is necessary or required by law",
        "samtycke som anges för behandling som är nödvändig eller krävs enligt lag",
    ),
    doc: crate::rules::docs::L009,
    origin: Origin::Builtin,
};

/// The declared kinds whose processing does not rest on consent.
const NECESSARY: &[&str] = &[
    "service",
    "security",
    "legal_compliance",
    "accounting",
    "employment",
    "payroll",
];

/// The Swedish exemption for strictly necessary device access, as the
/// developer outputs cite it and as the record does.
const EXEMPTION_SE: (&str, &str) = (
    "LEK (2022:482) 9 kap. 28 § andra stycket",
    "lagen (2022:482) om elektronisk kommunikation, 9 kap. 28 § andra stycket",
);

/// The declared kind for which L009 reports the purpose, if it does: a
/// necessary kind with `basis consent` (L010 yields to it).
pub fn reported_kind<'a>(cx: &Context, p: &'a Purpose) -> Option<&'a str> {
    let kind = declared_kind(p, cx.data)?;
    (NECESSARY.contains(&kind) && basis_is(p, "consent")).then_some(kind)
}

/// Consent as the basis of processing that is necessary or required by
/// law.
#[derive(Debug, Serialize)]
struct ConsentForNecessary {
    dataset: CompactString,
    purpose: CompactString,
    /// The purpose's declared kind.
    kind: CompactString,
    /// Whether a controller of the dataset is a public authority.
    authority: bool,
    /// Whether the dataset reads the device (`cookies`).
    cookies: bool,
    /// Whether Sweden is one of the dataset's countries for ePrivacy (the
    /// help then names the Swedish exemption).
    in_sweden: bool,
}

impl Violation for ConsentForNecessary {
    fn message(&self, w: &Words) -> String {
        let (p, d) = (w.id(&self.purpose), w.id(&self.dataset));
        // The kind, where the ID does not already say it to a developer.
        let k = if self.kind == self.purpose && !w.is_legal() {
            String::new()
        } else {
            format!(" ({})", w.value(Vocab::Kind, &self.kind))
        };
        w.say(
            || format!("the record states consent as the basis of purpose {p}{k} of {d}, processing that does not depend on the person's choice"),
            || format!("registerförteckningen anger samtycke som rättslig grund för ändamålet {p}{k} i {d}, en behandling som inte är beroende av den enskildes val"),
        )
    }

    /// The basis that fits the kind, and, with cookies, the ePrivacy
    /// exemption for strictly necessary device access.
    fn help(&self, w: &Words) -> Text {
        let mut text = if w.is_legal() {
            self.legal_basis(w).to_string()
        } else {
            let basis = self.developer_basis(w);
            w.say(
                || format!("rest the purpose on the basis that fits it, {basis}; keep `consent {{ }}` only for a consent another law requires"),
                || format!("grunda ändamålet på den rättsliga grund som passar, {basis}; behåll `consent {{ }}` bara för ett samtycke som annan lag kräver"),
            )
        };
        if self.cookies {
            let sweden = if !self.in_sweden {
                String::new()
            } else {
                let law = if w.is_legal() {
                    EXEMPTION_SE.1
                } else {
                    EXEMPTION_SE.0
                };
                w.say(
                    || format!("; in Sweden {law}"),
                    || format!("; i Sverige {law}"),
                )
            };
            text.push_str(&w.say(
                || format!(". Storing or reading information on the device that is strictly necessary for a service the user asked for needs no consent (ePrivacy Art. 5(3), second sentence{sweden})"),
                || format!(". Lagring av eller åtkomst till information i terminalutrustningen som är strikt nödvändig för en tjänst som användaren har begärt kräver inget samtycke (artikel 5.3 andra meningen i direktiv 2002/58/EG{sweden})"),
            ));
        }
        Text::Owned(text)
    }
}

impl ConsentForNecessary {
    /// The basis that fits the kind, in the model's terms.
    fn developer_basis(&self, w: &Words) -> &'static str {
        match self.kind.as_str() {
            "service" if self.authority => w.of(
                "`basis public_task \"<law>\"`: the processing is necessary for the authority's task",
                "`basis public_task \"<lag>\"`: behandlingen är nödvändig för myndighetens uppgift",
            ),
            "service" => w.of(
                "`basis contract`: the processing is necessary for the service the person asked for",
                "`basis contract`: behandlingen är nödvändig för den tjänst den enskilde har begärt",
            ),
            "security" => w.of(
                "`basis legitimate_interest \"<assessment>\"` (Recital 49) or `basis legal_obligation \"<law>\"` (Art. 32)",
                "`basis legitimate_interest \"<intresseavvägning>\"` (skäl 49) eller `basis legal_obligation \"<lag>\"` (artikel 32)",
            ),
            "employment" => w.of(
                "`basis contract` (the employment contract) or `basis legal_obligation \"<law>\"`",
                "`basis contract` (anställningsavtalet) eller `basis legal_obligation \"<lag>\"`",
            ),
            _ => w.of(
                "`basis legal_obligation \"<law>\"`: the processing is required by law",
                "`basis legal_obligation \"<lag>\"`: behandlingen krävs enligt lag",
            ),
        }
    }

    /// The basis that fits the kind, as the record's readers act on it.
    fn legal_basis(&self, w: &Words) -> &'static str {
        match self.kind.as_str() {
            "service" if self.authority => w.of(
                "rest the purpose on the authority's public task and record the Union or Member State law that lays it down (Art. 6(1)(e), 6(3)); a consent that another law requires may still be recorded beside it",
                "grunda ändamålet på myndighetens uppgift av allmänt intresse eller myndighetsutövning (artikel 6.1 e) och ange dess rättsliga grund i unionsrätten eller i nationell rätt (lag, förordning eller annan författning) enligt artikel 6.3; ett samtycke som annan lag kräver kan fortfarande anges vid sidan av den",
            ),
            "service" => w.of(
                "rest the purpose on the contract with the person (Art. 6(1)(b)): the processing is necessary for the service they asked for; a consent that another law requires may still be recorded beside it",
                "grunda ändamålet på avtalet med den enskilde (artikel 6.1 b): behandlingen är nödvändig för den tjänst den enskilde har begärt; ett samtycke som annan lag kräver kan fortfarande anges vid sidan av den",
            ),
            "security" => w.of(
                "rest the purpose on legitimate interests with a documented assessment (Art. 6(1)(f), Recital 49) or on the legal obligation to secure the processing (Art. 6(1)(c), 32); a consent that another law requires may still be recorded beside it",
                "grunda ändamålet på berättigat intresse med en dokumenterad intresseavvägning (artikel 6.1 f, skäl 49) eller på den rättsliga förpliktelsen att skydda behandlingen (artiklarna 6.1 c och 32); ett samtycke som annan lag kräver kan fortfarande anges vid sidan av den",
            ),
            "employment" => w.of(
                "rest the purpose on the employment contract (Art. 6(1)(b)) or on a legal obligation, with the law named (Art. 6(1)(c), 6(3)); a consent that another law requires may still be recorded beside it",
                "grunda ändamålet på anställningsavtalet (artikel 6.1 b) eller på en rättslig förpliktelse, med lagen angiven (artiklarna 6.1 c och 6.3); ett samtycke som annan lag kräver kan fortfarande anges vid sidan av den",
            ),
            _ => w.of(
                "rest the purpose on the legal obligation that requires the processing, with the law named (Art. 6(1)(c), 6(3)); a consent that another law requires may still be recorded beside it",
                "grunda ändamålet på den rättsliga förpliktelse som kräver behandlingen, med lagen angiven (artiklarna 6.1 c och 6.3); ett samtycke som annan lag kräver kan fortfarande anges vid sidan av den",
            ),
        }
    }
}

/// Every purpose of a necessary kind that rests on consent.
pub fn check(cx: &Context, i: DatasetId, d: &Dataset, out: &mut Vec<Finding>) {
    if anonymous(cx, i) {
        return;
    }
    for p in &d.ast.purposes {
        let Some(kind) = reported_kind(cx, p) else {
            continue;
        };
        let Some(basis) = &p.basis else { continue };
        let cookies = d.ast.cookies.is_some();
        let what = ConsentForNecessary {
            dataset: d.id().to_compact_string(),
            purpose: p.id.name.to_compact_string(),
            kind: kind.to_compact_string(),
            authority: authority(cx, d).is_some(),
            cookies,
            in_sweden: cookies && eprivacy_countries(cx, d).contains(&"SE"),
        };
        out.push(
            Finding::of(&RULE, basis.value.value.span, what)
                .label(said(
                    "consent for necessary processing",
                    "samtycke till nödvändig behandling",
                ))
                .dataset(d.id()),
        );
    }
}
