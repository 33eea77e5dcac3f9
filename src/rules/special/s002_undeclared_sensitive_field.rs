//! ## What it does
//! Reports a field whose name says it is sensitive (`religion`,
//! `hälsotillstånd`, `tradeUnionMember`, `personnummer`, ...) but whose
//! declared category is not the matching one (a missing category counts as
//! not matching). This is the "sensitive field in a CV" check: free-form CV
//! and profile data often holds health, union or religious details.
//!
//! Names are split into words at `_`, `-`, `.`, digits and lower-to-upper
//! case changes, and the patterns of the rule data must match at the start
//! of a word: `reunion_date` and `introduction` do not match. The patterns
//! cover English, Swedish, Norwegian, Danish, German, Finnish, Dutch and
//! French (`fødselsnummer`, `cpr`, `henkilötunnus`, `helse`, `Gesundheit`,
//! `Behinderung`, `schwanger`, `Gewerkschaft`, `fagforening`, `bsn`,
//! `burgerservicenummer`, `rijksregisternummer`, `verzuim`, `vakbond`,
//! `strafblad`, `santé`, `maladie`, `syndicat`, `casier_judiciaire`,
//! `sécurité_sociale`, ...), in their own spelling and in ASCII (`sante`,
//! `securite_sociale`). The rule data also lists exclusions,
//! names that match a pattern but are not that data: `browser_fingerprint`
//! and `device_fingerprint` identify a device, not a body, and are not
//! biometric. A rule pack can add patterns and exclusions. Anonymous
//! datasets are skipped.
//!
//! ## Why is this bad?
//! Every special-category rule (Art. 9, 10, 87) keys on the declared
//! category. A health field declared as plain text escapes all of them.
//!
//! ## Example
//! ```ropa
//! fields { sjukfrånvaro "dagar per år" }
//! ```
//!
//! Use instead:
//! ```ropa
//! fields { sjukfrånvaro: special.health "dagar per år" }
//! ```
//!
//! ## References
//! - GDPR Art. 9(1), Art. 10, Art. 87; rule data `rules/sensitive-names.yaml`

use compact_str::{CompactString, ToCompactString};
use serde::Serialize;

use crate::data::{category_covers, SensitivePattern};
use crate::finding::{Finding, Origin, Rule, Severity, Text, Violation, Vocab, Words};
use crate::rules::Context;

/// The rule.
pub static RULE: Rule = Rule {
    code: "S002",
    name: "undeclared-sensitive-field",
    severity: Severity::Error,
    article: "Art. 9, 10, 87",
    summary: "a field named like sensitive data without the matching category",
    heading: (
        "a field whose name suggests sensitive data the record does not categorise as such",
        "ett fält vars namn tyder på känsliga uppgifter som registerförteckningen inte anger som sådana",
    ),
    doc: crate::rules::docs::S002,
    origin: Origin::Builtin,
};

/// A field named like sensitive data whose recorded category is not.
#[derive(Debug, Serialize)]
struct LooksSensitive {
    dataset: CompactString,
    field: CompactString,
    /// The category its name suggests.
    category: CompactString,
    /// The category recorded for it, if any.
    declared: Option<CompactString>,
    /// The pattern its name matches.
    pattern: CompactString,
}

impl Violation for LooksSensitive {
    fn message(&self, w: &Words) -> String {
        let (name, category) = (w.id(&self.field), w.value(Vocab::Category, &self.category));
        match &self.declared {
            Some(c) => {
                let c = w.value(Vocab::Category, c);
                w.say(
                    || format!("the record gives field {name} the category {c}, though its name suggests {category}"),
                    || format!("registerförteckningen anger kategorin {c} för fältet {name}, fast namnet tyder på {category}"),
                )
            }
            None => w.say(
                || format!("the record gives field {name} no category, though its name suggests {category}"),
                || format!("registerförteckningen anger ingen kategori för fältet {name}, vars namn tyder på {category}"),
            ),
        }
    }

    fn help(&self, w: &Words) -> Text {
        let (name, category) = (&self.field, &self.category);
        Text::Owned(if w.is_legal() {
            let (id, category) = (w.id(name), w.value(Vocab::Category, category));
            w.say(
                || format!("establish whether {id} holds {category}; if it does, record it as such, with its exception or authority (Art. 9, 10), or rename the field"),
                || format!("utred om {id} innehåller {category}; gör det det, ange det så, med undantaget eller stödet (artikel 9, 10), annars byt namn på fältet"),
            )
        } else {
            w.say(
                || format!("declare it as `{name}: {category}`, or rename the field if it holds no such data"),
                || format!("deklarera det som `{name}: {category}`, eller byt namn på fältet om det inte innehåller sådana uppgifter"),
            )
        })
    }

    fn label(&self, w: &Words) -> Option<String> {
        let source = &self.pattern;
        Some(w.say(
            || format!("name matches `{source}`"),
            || format!("namnet matchar `{source}`"),
        ))
    }
}

/// Every field whose name matches a sensitive pattern its category does not.
pub fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    // Models repeat the same field names across datasets: match each once.
    let mut seen: foldhash::HashMap<&str, Vec<&SensitivePattern>> = Default::default();
    for d in cx.model.datasets.iter().filter(|d| !d.is_anonymous()) {
        for field in &d.ast.fields {
            let matches = seen
                .entry(field.name.name.as_str())
                .or_insert_with(|| cx.data.sensitive_match(&field.name.name));
            let Some(first) = matches.first() else {
                continue;
            };
            let declared = field.category.as_ref().map(|c| c.name.as_str());
            let covered = declared
                .is_some_and(|decl| matches.iter().any(|m| category_covers(decl, &m.category)));
            if covered {
                continue;
            }
            let what = LooksSensitive {
                dataset: d.id().to_compact_string(),
                field: field.name.name.to_compact_string(),
                category: first.category.to_compact_string(),
                declared: declared.map(CompactString::from),
                pattern: first.source.to_compact_string(),
            };
            out.push(Finding::of(&RULE, field.name.span, what).dataset(d.id()));
        }
    }
    out
}
