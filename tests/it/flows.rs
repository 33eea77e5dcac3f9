//! Flow semantics: effective fields through cycles, anonymised cuts,
//! `fields` restrictions, flows across files, and onward transfers through
//! a chain of subprocessors.

use std::path::PathBuf;

use ropa::check::{check_paths, Run};

use crate::common;
use ropa::data::RuleData;

fn run_path(path: &str) -> Run {
    let data = RuleData::builtin().unwrap();
    check_paths(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)],
        &data,
    )
    .unwrap()
}

use common::{check_texts as run_files, codes};

/// The names of a dataset's effective fields.
fn effective(run: &Run, dataset: &str) -> Vec<String> {
    let d = run.model.dataset_index[dataset];
    let mut names: Vec<String> = run
        .graph
        .effective_fields(&run.model, d)
        .iter()
        .map(|c| {
            run.model.datasets[c.origin].ast.fields[c.field]
                .name
                .name
                .to_string()
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn anonymised_flows_cut_and_field_lists_restrict() {
    let run = run_path("fixtures/graph/flows.ropa");
    // applicants -> stats is anonymised: nothing arrives.
    assert_eq!(effective(&run, "stats"), Vec::<String>::new());
    // applicants -> pool carries only name and email, not health.
    assert_eq!(effective(&run, "pool"), vec!["email", "name"]);
    // pool <-> shortlist is a cycle; both end with the same fields.
    assert_eq!(effective(&run, "shortlist"), vec!["email", "name"]);
    // So no S001 anywhere but where health is declared (and covered there).
    assert!(!codes(&run).iter().any(|(c, _)| c == "S001"));
}

#[test]
fn a_chain_of_three_subprocessors_is_one_onward_transfer() {
    let run = run_path("fixtures/graph/flows.ropa");
    // A003: `applicant` is a vulnerable subject (v2); `applicants` holds
    // health data and `pool` combines two sources. `stats` has no fields
    // and only an anonymised flow in: it is anonymous, so no A004.
    assert_eq!(
        codes(&run),
        vec![
            ("A003".to_string(), 9),
            ("T003".to_string(), 15),
            ("A003".to_string(), 22),
            // v3: `pool` and `shortlist` record no measures.
            ("A010".to_string(), 22),
            ("A010".to_string(), 27)
        ]
    );
    let t003 = &run.findings[1];
    assert!(
        t003.message(&crate::common::W)
            .ends_with("applicants → p1 → p2 → p3 (US)"),
        "{}",
        t003.message(&crate::common::W)
    );
}

#[test]
fn a_field_flowing_across_files_is_reported_where_it_arrives_with_its_origin() {
    let a = "controller c { country SE }\n\
             dataset health_declarations {\n  subjects employee\n  fields { health: special.health }\n  purpose staffing { basis contract  special_basis employment_law \"LAS\" }\n  measures encryption\n  retention 1 year\n  dpia \"D-1\"\n}\n";
    let b = "dataset staffing_pool {\n  subjects employee\n  purpose staffing { basis contract }\n  measures encryption\n  retention 1 year\n  dpia \"D-2\"\n}\n\
             flow health_declarations -> staffing_pool\n";
    let run = run_files(&[("a.ropa", a), ("b.ropa", b)]);
    let s001: Vec<_> = run
        .findings
        .iter()
        .filter(|f| f.rule.code == "S001")
        .collect();
    assert_eq!(s001.len(), 1);
    let f = s001[0];
    assert_eq!(
        run.model.sources.path(f.primary.span.file),
        std::path::Path::new("b.ropa")
    );
    assert!(f.message(&crate::common::W).contains("`health` (`special.health`) (declared in `health_declarations`) reaches `staffing_pool` via health_declarations → staffing_pool"), "{}", f.message(&crate::common::W));
    // The related label is on the declaration, in the other file.
    assert_eq!(
        run.model.sources.path(f.related[0].span.file),
        std::path::Path::new("a.ropa")
    );
    assert_eq!(common::line(&run, f.related[0].span), 4);
}

#[test]
fn long_cycles_terminate_and_carry_everything_around() {
    let mut text = String::from("controller c { country SE }\n");
    let n = 200;
    for i in 0..n {
        let category = if i == 0 {
            "contact.email"
        } else {
            "contact.phone"
        };
        text.push_str(&format!(
            "dataset d{i} {{ subjects customer  fields {{ f{i}: {category} }}  purpose service {{ basis contract }}  measures encryption  retention 1 year }}\nflow d{i} -> d{} \n",
            (i + 1) % n
        ));
    }
    let run = run_files(&[("ring.ropa", &text)]);
    assert!(run.findings.is_empty(), "{:?}", codes(&run));
    // d0's e-mail travels the whole ring; the phone category comes back to d0.
    for (d, want) in [
        ("d0", vec!["f0", "f199"]),
        ("d1", vec!["f0", "f1"]),
        ("d199", vec!["f0", "f199"]),
    ] {
        assert_eq!(effective(&run, d), want, "{d}");
    }
    let d199 = run.model.dataset_index["d199"];
    let email = run
        .graph
        .effective_fields(&run.model, d199)
        .into_iter()
        .find(|c| c.origin == 0)
        .unwrap();
    assert_eq!(email.hops, 199);
    // The path is shown shortened: first and last three steps.
    let path = run.graph.path(&run.model, d199, &email);
    assert_eq!(path.len(), 7);
    assert_eq!(path[3], None);
}

#[test]
fn a_chain_of_a_hundred_thousand_flows_does_not_exhaust_the_stack() {
    // The strongly connected components were found by petgraph's
    // tarjan_scc, which recurses once per dataset on the path: this chain
    // overflowed the stack. Test threads have 2 MiB of stack, less than
    // the binary's main thread.
    const N: usize = 100_000;
    let mut text = String::from("dataset d0 { fields { email: contact.email } }\n");
    for i in 1..N {
        text.push_str(&format!("dataset d{i} {{}}\nflow d{} -> d{i}\n", i - 1));
    }
    let run = run_files(&[("chain.ropa", &text)]);
    assert_eq!(effective(&run, &format!("d{}", N - 1)), ["email"]);
    let last = run.model.dataset_index[format!("d{}", N - 1).as_str()];
    let carried = &run.graph.effective_fields(&run.model, last)[0];
    assert_eq!(carried.hops as usize, N - 1);
}

#[test]
fn a_long_onward_chain_is_elided_before_the_party_it_ends_at() {
    // d0 -> d1 -> ... -> d14, and d14 discloses to a US processor: the
    // message names the first eleven nodes, then the party, so that the
    // country in brackets follows the party and not a dataset.
    let mut text = String::from("controller c { country SE }\nprocessor far { country US }\n");
    for i in 0..15 {
        let recipients = if i == 14 { "  recipients far\n" } else { "" };
        text.push_str(&format!(
            "dataset d{i} {{\n  controller c\n  fields {{ email: contact.email }}\n{recipients}}}\n"
        ));
        if i > 0 {
            text.push_str(&format!("flow d{} -> d{i}\n", i - 1));
        }
    }
    let run = run_files(&[("chain.ropa", &text)]);
    let message = |dataset: &str| {
        run.findings
            .iter()
            .find(|f| f.rule.code == "T003" && f.dataset.as_deref() == Some(dataset))
            .map(|f| f.message(&crate::common::W).into_owned())
            .unwrap_or_default()
    };
    assert!(
        message("d0")
            .ends_with(": d0 → d1 → d2 → d3 → d4 → d5 → d6 → d7 → d8 → d9 → d10 → … → far (US)"),
        "{}",
        message("d0")
    );
    // A chain that fits is written whole.
    assert!(
        message("d4")
            .ends_with(": d4 → d5 → d6 → d7 → d8 → d9 → d10 → d11 → d12 → d13 → d14 → far (US)"),
        "{}",
        message("d4")
    );
    assert!(
        message("d3")
            .ends_with(": d3 → d4 → d5 → d6 → d7 → d8 → d9 → d10 → d11 → d12 → d13 → … → far (US)"),
        "{}",
        message("d3")
    );
}
