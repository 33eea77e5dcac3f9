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
