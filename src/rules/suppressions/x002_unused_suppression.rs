//! ## What it does
//! Reports a `// ropa: allow CODE "reason"` comment that matched no finding:
//! nothing with that code starts in the item, attribute or field below it.
//!
//! ## Why is this bad?
//! Suppressions outlive the problems they were written for. A stale one
//! hides the next real finding of that code in the same place, and tells a
//! reader of the record something that is no longer true.
//!
//! ## Example
//! ```ropa
//! // ropa: allow R002 "kept for ever by board decision"
//! dataset members { retention 2 years }
//! ```
//!
//! Use instead: delete the comment.
//! ```ropa
//! dataset members { retention 2 years }
//! ```
//!
//! ## References
//! - `docs/suppressions.md`

use serde::Serialize;

use crate::finding::{said, Finding, Origin, Rule, Severity, Text, Violation, Words};
use crate::source::Span;

/// The rule.
pub static RULE: Rule = Rule {
    code: "X002",
    name: "unused-suppression",
    severity: Severity::Warning,
    article: "-",
    summary: "a suppression that matched no finding",
    heading: (
        "a suppression that matched no finding",
        "en undertryckning som inte träffade någon iakttagelse",
    ),
    doc: crate::rules::docs::X002,
    origin: Origin::Builtin,
};

/// A suppression of a code that matched no finding.
#[derive(Debug, Serialize)]
struct Unused {
    code: String,
}

impl Violation for Unused {
    fn message(&self, w: &Words) -> String {
        let code = &self.code;
        w.say(
            || format!("this suppression of {code} matches no finding"),
            || format!("undertryckningen av {code} träffar ingen iakttagelse"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let code = &self.code;
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("remove {code} from the suppression, or the whole suppression: one that no longer applies would hide the next real finding of that rule here"),
                || format!("ta bort {code} ur undertryckningen, eller hela undertryckningen: en undertryckning som inte längre gäller skulle dölja nästa verkliga iakttagelse av den regeln här"),
            )
        } else {
            w.say(
                || format!("delete `{code}` from the comment, or the whole comment"),
                || format!("ta bort `{code}` ur kommentaren, eller hela kommentaren"),
            )
        })
    }
}

/// A suppression of E001 or E002, which cannot be suppressed.
#[derive(Debug, Serialize)]
struct Unsuppressible {
    code: String,
}

impl Violation for Unsuppressible {
    fn message(&self, w: &Words) -> String {
        let code = &self.code;
        w.say(
            || format!("{code} cannot be suppressed: a file that does not read or parse leaves the record incomplete"),
            || format!("{code} kan inte undertryckas: en fil som inte kan läsas eller tolkas gör registerförteckningen ofullständig"),
        )
    }

    fn help(&self, w: &Words) -> Text {
        let code = &self.code;
        Text::Owned(if w.is_legal() {
            w.say(
                || format!("correct the file so that it can be read, and remove {code} from the suppression"),
                || format!("rätta filen så att den kan läsas, och ta bort {code} ur undertryckningen"),
            )
        } else {
            w.say(
                || format!("fix the file, and delete `{code}` from the comment"),
                || format!("rätta filen och ta bort `{code}` ur kommentaren"),
            )
        })
    }
}

/// A suppression at `span` of `code` that matched nothing.
pub fn finding(span: Span, code: &str) -> Finding {
    Finding::of(
        &RULE,
        span,
        Unused {
            code: code.to_string(),
        },
    )
    .label(said("nothing to suppress", "inget att undertrycka"))
}

/// A suppression at `span` of E001 or E002, which cannot be suppressed.
pub fn cannot_suppress(span: Span, code: &str) -> Finding {
    Finding::of(
        &RULE,
        span,
        Unsuppressible {
            code: code.to_string(),
        },
    )
    .label(said("suppresses nothing", "undertrycker ingenting"))
}
