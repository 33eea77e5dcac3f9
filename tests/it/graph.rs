//! `ropa graph`: DOT that Graphviz renders, Mermaid, JSON; deterministic.

use std::io::Write;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

fn graph(format: &str, path: &str) -> String {
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["graph", "--format", format, path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dot_marks_parties_outside_the_eea_and_labels_fields() {
    let dot = graph("dot", "fixtures/seeds/arbetsformedlingen");
    assert!(dot.starts_with("digraph ropa {"));
    let ga = dot
        .lines()
        .find(|l| l.trim_start().starts_with("\"jtd_google_analytics\" ["))
        .unwrap();
    assert!(
        ga.contains("outside the EEA") && ga.contains("#fde0dc"),
        "{ga}"
    );
    assert!(dot.contains("\"jtd_google_analytics_data\" -> \"jtd_google_analytics\" [label=\"client_id, other_ids, campaign_info, ip_address, usage\"]"), "{dot}");
}

#[test]
fn anonymised_flows_and_restricted_fields_are_labelled() {
    let dot = graph("dot", "fixtures/rules/R003/pass.ropa");
    assert!(dot.contains("label=\"anonymised\", style=dotted") || !dot.contains("anonymised"));
    let dot = graph("dot", "fixtures/rules/S001/fail.ropa");
    assert!(
        dot.contains("\"eye_exams\" -> \"lens_orders\" [label=\"name, prescription\"]"),
        "{dot}"
    );
}

#[test]
fn output_is_deterministic() {
    for format in ["dot", "mermaid", "json"] {
        assert_eq!(
            graph(format, "fixtures/seeds"),
            graph(format, "fixtures/seeds")
        );
    }
}

/// `dot` rendered to SVG by Graphviz; `None` where Graphviz is missing
/// outside CI (.ci/run installs it, so in CI a missing `dot` fails).
fn render_with_graphviz(dot: &str) -> Option<String> {
    let child = Process::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("Graphviz `dot` is missing in CI: {e}")
        }
        Err(e) => {
            eprintln!("note: Graphviz `dot` is not installed ({e}); apt-get install graphviz to run this test");
            return None;
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).unwrap())
}

#[test]
fn graphviz_renders_the_seed_graph() {
    let dot = graph("dot", "fixtures/seeds");
    if let Some(svg) = render_with_graphviz(&dot) {
        assert!(svg.contains("<svg") && svg.contains("af_case_file"));
    }
}

/// Found by fuzzing: Graphviz refuses a quoted string longer than 16 384
/// bytes, so an identifier of 17 000 characters once made DOT that `dot`
/// could not read. Its node gets a short name and a cut label; two such
/// nodes stay apart.
#[test]
fn graphviz_reads_the_graph_of_very_long_identifiers() {
    let dir = tempfile::tempdir().unwrap();
    let long_a = format!("a{}", "x".repeat(17_000));
    let long_b = format!("b{}", "x".repeat(17_000));
    let model = format!(
        "controller org {{ country SE }}\n\
         processor {long_b} {{ country SE dpa \"D\" }}\n\
         dataset {long_a} {{ fields {{ e: contact.email }} purpose service {{ basis contract }} retention 1 year recipients {long_b} }}\n\
         dataset copy {{ purpose service {{ basis contract }} retention 1 year }}\n\
         flow {long_a} -> copy\n"
    );
    std::fs::write(dir.path().join("long.ropa"), model).unwrap();
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .args(["graph", "--format", "dot"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let dot = String::from_utf8(out.stdout).unwrap();
    assert!(
        dot.lines().all(|l| l.len() < 16_384),
        "a DOT line is too long"
    );
    assert!(dot.contains("\"long-id-"), "{dot}");
    assert!(dot.contains("-> \"copy\""), "{dot}");
    let names: Vec<&str> = dot
        .lines()
        .filter(|l| l.contains("[label=") && !l.contains("->"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let distinct: std::collections::BTreeSet<&&str> = names.iter().collect();
    assert!(
        names.len() >= 3 && distinct.len() == names.len(),
        "{names:?}"
    );
    if let Some(svg) = render_with_graphviz(&dot) {
        assert!(svg.contains("<svg"));
    }
}

#[test]
fn mermaid_and_json_describe_the_same_graph() {
    let mermaid = graph("mermaid", "fixtures/seeds/workwithus");
    assert!(mermaid.starts_with("flowchart LR\n"));
    assert!(mermaid.contains("class ") && mermaid.contains(" outside\n"));
    let json: serde_json::Value =
        serde_json::from_str(&graph("json", "fixtures/seeds/workwithus")).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    let edges = json["edges"].as_array().unwrap();
    let mermaid_nodes = mermaid
        .lines()
        .filter(|l| l.trim_start().starts_with('n') && !l.contains("-->") && !l.contains("-.->"))
        .count();
    assert_eq!(nodes.len(), mermaid_nodes);
    let mermaid_edges = mermaid
        .lines()
        .filter(|l| l.contains("-->") || l.contains("-.->"))
        .count();
    assert_eq!(edges.len(), mermaid_edges);
    let facebook = nodes
        .iter()
        .find(|n| n["id"] == "wwu_facebook_processor")
        .unwrap();
    assert_eq!(facebook["outside_eea"], true);
}
