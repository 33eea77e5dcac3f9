//! The incremental workspace gives the same findings as a fresh check:
//! after a file changes, after a file is added, after a file is removed.

use std::path::PathBuf;

use ropa::check::{check_inputs, Run};
use ropa::data::RuleData;
use ropa::workspace::{Input, Workspace};

fn seed_inputs() -> Vec<Input> {
    let dir = PathBuf::from("fixtures/seeds/arbetsformedlingen");
    let mut files = ropa::check::discover(&[dir]).unwrap();
    files.extend(ropa::check::discover(&[PathBuf::from("fixtures/seeds/jobbjet")]).unwrap());
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|e| e.to_string());
            (p, bytes)
        })
        .collect()
}

/// Each finding as path, code, span and message.
fn summary(run: &Run) -> Vec<String> {
    run.findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {}..{} {}",
                run.model.sources.path(f.primary.span.file).display(),
                f.rule.code,
                f.primary.span.start,
                f.primary.span.end,
                f.message(&crate::common::W)
            )
        })
        .collect()
}

fn fresh(inputs: &[Input], data: &RuleData) -> Vec<String> {
    summary(&check_inputs(inputs.to_vec(), data))
}

#[test]
fn a_change_in_one_file_gives_the_findings_of_a_fresh_check() {
    let data = RuleData::builtin().unwrap();
    let mut inputs = seed_inputs();
    let mut ws = Workspace::new(inputs.clone());
    assert_eq!(summary(&ws.check(&data, &|_| true)), fresh(&inputs, &data));

    // A typo in a category: E004 appears in that file only.
    let k = inputs
        .iter()
        .position(|(_, b)| {
            b.as_ref()
                .is_ok_and(|b| String::from_utf8_lossy(b).contains("identity.name"))
        })
        .expect("a seed file names the category `identity.name`");
    let (path, bytes) = inputs[k].clone();
    let text = String::from_utf8(bytes.unwrap()).unwrap();
    let broken = text.replacen("identity.name", "identity.nam", 1);
    inputs[k] = (path.clone(), Ok(broken.clone().into_bytes()));
    let id = ws.set(path.clone(), Ok(broken.into_bytes()));
    assert_eq!(id.0 as usize, k, "a changed file keeps its ID");
    let after = summary(&ws.check(&data, &|_| true));
    assert!(after.iter().any(|f| f.contains("E004")), "{after:#?}");
    assert_eq!(after, fresh(&inputs, &data));

    // A syntax error, then the fix.
    let half = text.replacen('}', "", 1);
    ws.set(path.clone(), Ok(half.into_bytes()));
    let after = summary(&ws.check(&data, &|_| true));
    assert!(after.iter().any(|f| f.contains("E001")), "{after:#?}");
    ws.set(path.clone(), Ok(text.clone().into_bytes()));
    inputs[k] = (path, Ok(text.into_bytes()));
    assert_eq!(summary(&ws.check(&data, &|_| true)), fresh(&inputs, &data));
}

#[test]
fn adding_and_removing_files_gives_the_findings_of_a_fresh_check() {
    let data = RuleData::builtin().unwrap();
    let mut inputs = seed_inputs();
    let mut ws = Workspace::new(inputs.clone());

    let extra = "processor lonely { country SE dpa \"DPA-1\" }\n";
    let path = PathBuf::from("fixtures/seeds/zz-extra.ropa");
    ws.set(path.clone(), Ok(extra.as_bytes().to_vec()));
    inputs.push((path, Ok(extra.as_bytes().to_vec())));
    let after = summary(&ws.check(&data, &|_| true));
    assert!(after.iter().any(|f| f.contains("F004")), "{after:#?}");
    assert_eq!(after, fresh(&inputs, &data));

    // Removing the first file renumbers the others; spans stay right.
    let (first, _) = inputs.remove(0);
    assert!(ws.remove(&first));
    assert!(!ws.remove(&first));
    assert_eq!(ws.len(), inputs.len());
    assert_eq!(summary(&ws.check(&data, &|_| true)), fresh(&inputs, &data));
}

#[test]
fn an_unreadable_file_is_e002_and_stays_so_after_renumbering() {
    let data = RuleData::builtin().unwrap();
    let mut inputs = seed_inputs();
    inputs.push((PathBuf::from("zz-bad.ropa"), Ok(vec![b'a', 0xff, b'b'])));
    let mut ws = Workspace::new(inputs.clone());
    let (first, _) = inputs.remove(0);
    ws.remove(&first);
    let after = summary(&ws.into_run(&data, &|_| true));
    assert!(after.iter().any(|f| f.contains("E002")), "{after:#?}");
    assert_eq!(after, fresh(&inputs, &data));
}

/// Every input under `fixtures/` (the seeds and every rule's fixtures).
fn fixture_inputs() -> Vec<Input> {
    ropa::check::discover(&[PathBuf::from("fixtures")])
        .unwrap()
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).map_err(|e| e.to_string());
            (p, bytes)
        })
        .collect()
}

/// A check without helps (`--format short`) gives the same findings, at
/// the same places, with the same messages and labels; only the helps
/// that the rules compose are left out, and the fixed ones stay.
#[test]
fn a_check_without_helps_differs_only_in_the_composed_helps() {
    use ropa::finding::{Lang, Writing};
    use ropa::policy::Policies;
    let data = RuleData::builtin().unwrap();
    let check = |helps| {
        Workspace::new(fixture_inputs())
            .into_run_in(
                &data,
                &Policies::default(),
                &|_| true,
                Writing {
                    lang: Lang::En,
                    helps,
                },
            )
            .0
    };
    let (with, without) = (check(true), check(false));
    assert_eq!(summary(&with), summary(&without));
    let mut dropped = std::collections::BTreeSet::new();
    for (a, b) in with.findings.iter().zip(&without.findings) {
        assert_eq!(a.primary, b.primary);
        assert_eq!(a.related, b.related);
        assert!(
            !a.help_text(&crate::common::W).is_empty(),
            "{} has no help",
            a.rule.code
        );
        if b.help_text(&crate::common::W).is_empty() {
            dropped.insert(a.rule.code);
        } else {
            assert_eq!(
                a.help_text(&crate::common::W),
                b.help_text(&crate::common::W)
            );
        }
    }
    // Every rule's help is made where it is shown: none is composed.
    let composed: [&str; 0] = [];
    assert_eq!(dropped.into_iter().collect::<Vec<_>>(), composed);
}
