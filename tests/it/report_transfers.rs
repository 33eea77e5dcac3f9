//! Every transfer to a third country is in the record (Art. 30(1)(e)),
//! whatever its safeguard: adequacy (GB, CH), a DPF-certified US party and
//! a sub-processor chain ending in the US included. Only the transfer that
//! a finding says has no valid safeguard is marked so.

use assert_cmd::Command;
use serde_json::Value;

const MODEL: &str = r#"
controller org "Org AB" { country SE  dpo "dpo@org.se" }
processor gb_host "GB Host Ltd" { country GB  dpa "DPA-GB" }
processor us_dpf "US DPF Inc" { country US  dpa "DPA-US"  transfer dpf }
controller ch_bank "CH Bank AG" { country CH }
processor eu_crm "EU CRM AB" { country SE  dpa "DPA-CRM"  subprocessors us_cloud }
processor us_cloud "US Cloud Corp" { country US  dpa "DPA-CL"  transfer scc "SCC 2021/914" }
processor us_bare "US Bare Inc" { country US  dpa "DPA-B" }
dataset members "Members" {
  subjects customer
  fields { email: contact.email }
  purpose service { basis contract }
  retention 1 year
  measures encryption
  recipients gb_host, us_dpf, ch_bank, eu_crm, us_bare
}
"#;

fn report(file: &str, lang: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.ropa"), MODEL).unwrap();
    let out = Command::cargo_bin("ropa")
        .unwrap()
        .current_dir(dir.path())
        .args(["report", ".", "-o", file, "--lang", lang])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(dir.path().join(file)).unwrap()
}

#[test]
fn the_json_record_lists_every_third_country_transfer() {
    let json: Value = serde_json::from_str(&report("r.json", "en")).unwrap();
    let transfers = json["summary"]["transfers_to_third_countries"]
        .as_array()
        .unwrap();
    let of = |id: &str| {
        transfers
            .iter()
            .find(|t| t["party"]["id"] == id)
            .unwrap_or_else(|| panic!("no transfer to {id}: {transfers:#?}"))
    };
    assert_eq!(of("gb_host")["adequate"], true);
    assert_eq!(of("ch_bank")["adequate"], true);
    assert_eq!(of("us_dpf")["adequate"], true);
    assert_eq!(of("us_dpf")["safeguard"]["value"], "dpf");
    let chain = of("us_cloud");
    assert_eq!(chain["via"][0]["id"], "eu_crm");
    assert_eq!(chain["safeguard"]["value"], "scc");
    assert_eq!(chain["adequate"], false);
    for id in ["gb_host", "ch_bank", "us_dpf", "us_cloud"] {
        assert_eq!(of(id)["unsafeguarded"], false, "{id}");
    }
    assert_eq!(of("us_bare")["unsafeguarded"], true);
    assert_eq!(transfers.len(), 5);
    // A recipient inside the EEA is not a transfer.
    assert!(transfers.iter().all(|t| t["party"]["id"] != "eu_crm"));
}

#[test]
fn the_markdown_record_words_each_transfer_and_marks_only_the_unsafe_one() {
    let md = report("r.md", "en");
    assert!(!md.contains("No personal data is transferred outside the EEA"));
    assert!(md.contains("### Transfers to third countries"));
    let row = |party: &str| {
        md.lines()
            .find(|l| l.starts_with("| Members") && l.contains(party))
            .unwrap_or_else(|| panic!("no transfer row for {party}:\n{md}"))
            .to_string()
    };
    assert!(row("GB Host").contains("adequacy decision (Art. 45)"));
    assert!(row("CH Bank").contains("adequacy decision (Art. 45)"));
    assert!(
        row("US DPF").contains("Data Privacy Framework"),
        "{}",
        row("US DPF")
    );
    let chain = row("US Cloud");
    assert!(
        chain.contains("EU CRM AB") && chain.contains("SCC"),
        "{chain}"
    );
    assert!(row("US Bare").contains("**no valid safeguard recorded**"));
    let marked = md.matches("no valid safeguard recorded").count();
    // The summary's row and the dataset's own line in the record.
    assert!(marked >= 1);
    for party in ["GB Host", "CH Bank", "US DPF", "US Cloud"] {
        assert!(!row(party).contains("no valid safeguard"), "{party}");
    }
    // The summary counts transfers, and apart those without a safeguard.
    assert!(md.contains("| 5 (1 without a valid safeguard) |"), "{md}");
}

#[test]
fn the_swedish_record_names_transfers_in_swedish() {
    let md = report("r.md", "sv");
    assert!(md.contains("### Överföringar till tredjeland"));
    assert!(md.contains("beslut om adekvat skyddsnivå (artikel 45)"));
    assert!(md.contains("ingen giltig skyddsåtgärd registrerad"));
    assert!(!md.contains("adequacy decision"));
}
