//! `ropa report`: HTML, Markdown, CSV and JSON reports, tested as a person
//! would see them (the seeds' HTML rendered by headless Chromium), as a
//! spreadsheet would read them, and against hostile declaration text.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;

fn ropa() -> Command {
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// Writes the report of `paths` to `dir/name` and returns its text.
/// `ropa report` with a fixed date and no revision, so that its bytes are
/// the same on every day and in every checkout.
fn report(dir: &Path, name: &str, args: &[&str]) -> String {
    let out = dir.join(name);
    ropa()
        .arg("report")
        .args(["--date", "2026-01-01", "--no-revision"])
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    std::fs::read_to_string(&out).unwrap()
}

fn seeds(format_file: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec!["fixtures/seeds"];
    args.extend_from_slice(extra);
    report(dir.path(), format_file, &args)
}

/// Declarations with script and markup payloads in every string a report shows.
const HOSTILE: &str = r#"
controller acme "<script>alert('c')</script> & Co" {
  country SE
  contact "<img src=x onerror=alert(1)>"
  dpo "\"><svg onload=alert(2)>"
  representative "<b>rep</b>"
}
processor cloud "<img src=x onerror=alert(1)> Cloud" {
  country US
  dpa "<script>alert('dpa')</script>"
  transfer scc "<script>alert('ref')</script>"
}
dataset visitors "<script>alert('ds')</script>, \"x\"" {
  subjects website_visitor
  source "<img src=x onerror=alert(1)>"
  fields {
    ip: online.ip_address "<img src=x onerror=alert(1)>"
    health_note: special.health "<script>alert('field')</script>"
  }
  purpose analytics "<script>alert('p')</script>" {
    basis legitimate_interest "-2+3"
    special_basis explicit_consent "<img src=x onerror=alert(1)>"
  }
  purpose promo "=HYPERLINK(\"http://x\",\"y\")" {
    kind marketing
    basis consent "<script>alert('basis')</script>"
    consent { withdraw "<img src=x onerror=alert(1)>" }
  }
  retention by_law "<script>alert('law')</script>"
  recipients cloud
  cookies "<script>alert('cookie')</script>"
  measures encryption
  dpia "@SUM(1+1)"
}
dataset copy "<img src=x onerror=alert(1)>" {
  subjects website_visitor
  fields { ip2: online.ip_address }
  purpose statistics { basis legitimate_interest "LIA" }
  retention 1 year
}
flow visitors -> copy { when "<script>alert('when')</script>" }
"#;

fn hostile(name: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ropa");
    std::fs::write(&model, HOSTILE).unwrap();
    let text = report(dir.path(), name, &[model.to_str().unwrap()]);
    (dir, text)
}

fn assert_no_markup(text: &str) {
    let lower = text.to_lowercase();
    for bad in ["<script", "<img", "<svg onload", "<b>"] {
        assert!(!lower.contains(bad), "`{bad}` survived unescaped");
    }
}

#[test]
fn html_has_the_four_sections_in_order() {
    let html = seeds("r.html", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("no `{needle}` in the report"))
    };
    assert!(at("id=\"summary\"") < at("id=\"record\""));
    assert!(at("id=\"record\"") < at("id=\"findings\""));
    assert!(at("id=\"findings\"") < at("id=\"graph\""));
    // Summary: organisations, datasets, findings by severity, transfers.
    let summary = &html[at("id=\"summary\"")..at("id=\"record\"")];
    assert!(summary.contains("Arbetsförmedlingen"), "{summary}");
    assert!(summary.contains("<div class=\"big\">31</div>"), "{summary}");
    assert!(summary.contains("64 Errors") && summary.contains("53 Warnings"));
    assert!(summary.contains("Google (Google Analytics)"));
    assert!(summary.contains("<span class=\"tag err\">no valid safeguard recorded</span>"));
    assert!(summary.contains("Standard contractual clauses (Art. 46(2)(c))"));
    // The record: one section per controller, the Art. 30 items per dataset.
    let record = &html[at("id=\"record\"")..at("id=\"findings\"")];
    for c in ["af", "jobbjet", "wwu_ncom"] {
        assert!(
            record.contains(&format!("id=\"c-{c}\"")),
            "no section for {c}"
        );
    }
    for label in [
        "Categories of data subjects",
        "Categories of personal data",
        "Recipients",
        "Transfers to third countries",
        "Retention period",
        "Security measures",
        "Data protection impact assessment",
        "Legal basis",
    ] {
        assert!(record.contains(label), "no `{label}`");
    }
    assert!(record.contains("6 § förvaltningslagen (2017:900)"));
    assert!(record.contains("15 months"));
    // Special and criminal data are marked.
    assert!(record.contains("<span class=\"tag sp\">special category (Art. 9)</span>"));
    assert!(record.contains("<span class=\"tag cr\">criminal-offence data (Art. 10)</span>"));
    // Findings in each organisation's record, by severity then rule, with
    // the article, the places and what to do.
    let findings = &html[at("id=\"findings\"")..at("id=\"graph\"")];
    let jobbjet = findings.find("id=\"f-jobbjet\"").unwrap();
    assert!(findings.find("id=\"f-af\"").unwrap() < jobbjet);
    let jobbjet = &findings[jobbjet..findings.find("id=\"f-wwu_ncom\"").unwrap()];
    assert!(jobbjet.find("Error").unwrap() < jobbjet.find("Warning").unwrap());
    assert!(jobbjet.contains("<code>L002</code> basis-without-law"));
    assert!(jobbjet.contains("fixtures/seeds/jobbjet/jobbjet.ropa:291"));
    assert!(jobbjet.contains("<strong>What to do:</strong>"));
    // The graph: inline SVG, parties outside the EEA highlighted.
    let graph = &html[at("id=\"graph\"")..];
    assert!(graph.contains("<svg class=\"flow\""));
    assert!(graph
        .contains("<g class=\"pt out\"><title>Google (Google Analytics) (jtd_google_analytics)"));
    assert!(graph.contains("outside the EEA"));
}

#[test]
fn html_is_self_contained() {
    let html = seeds("r.html", &[]);
    assert!(html.contains("<style>") && html.contains("@media print"));
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    assert_eq!(fetches(&html), Vec::<String>::new());
}

/// Everything in the HTML that would make a browser fetch or run
/// something. In tags (escaped text holds no `<`): a `src`, `srcset` or
/// `xlink:href`, an `href` that is not a fragment, `url(`, and script,
/// link, frame, object, embed or base elements; in style sheets: `url(`
/// and `@import`.
fn fetches(html: &str) -> Vec<String> {
    let lower = html.to_lowercase();
    let mut found = Vec::new();
    for tag in lower.split('<').skip(1).filter_map(|t| t.split('>').next()) {
        let name = tag.split([' ', '\n', '\t', '/']).next().unwrap_or("");
        let bad_element = [
            "script", "link", "iframe", "object", "embed", "base", "frame",
        ]
        .contains(&name);
        let bad_attribute = [" src=", "srcset=", "xlink:href", "url("]
            .iter()
            .any(|a| tag.contains(a));
        let bad_href = tag.match_indices("href=").any(|(i, _)| {
            !tag[i + 5..]
                .trim_start_matches(['"', '\''])
                .starts_with('#')
        });
        if bad_element || bad_attribute || bad_href {
            found.push(format!("<{tag}>"));
        }
    }
    for sheet in lower.split("<style").skip(1) {
        let css = sheet.split("</style>").next().unwrap_or("");
        for needle in ["url(", "@import"] {
            if css.contains(needle) {
                found.push(format!("{needle} in a style sheet"));
            }
        }
    }
    found
}

#[test]
fn the_fetch_check_catches_fetches() {
    for page in [
        "<img src=\"https://example.org/a.png\">",
        "<link rel=stylesheet href=\"http://example.org/a.css\">",
        "<style>body{background:url(//example.org/a.png)}</style>",
        "<style>@import 'x.css';</style>",
        "<a href=\"https://example.org\">x</a>",
        "<script>x()</script>",
        "<svg><image xlink:href=\"http://example.org/a.png\"/></svg>",
        "<div style=\"background:url(http://example.org/a.png)\"></div>",
    ] {
        assert!(!fetches(page).is_empty(), "{page}");
    }
    assert!(fetches("<a href=\"#summary\">x</a>").is_empty());
    assert!(fetches("<p>&lt;img src=x&gt; url(x) @import</p>").is_empty());
}

#[test]
fn swedish_labels() {
    let html = seeds("r.html", &["--lang", "sv"]);
    assert!(html.contains("<html lang=\"sv\">"));
    for label in [
        "Registerförteckning",
        "Personuppgiftsansvarig",
        "Ändamål",
        "Rättslig grund",
        "Kategorier av registrerade",
        "Kategorier av personuppgifter",
        "Mottagare",
        "Överföring till tredjeland",
        "Lagringstid",
        "Säkerhetsåtgärder",
        "Konsekvensbedömning",
        "Iakttagelser",
        "Dataskyddsombud",
        "Uppgift av allmänt intresse eller myndighetsutövning (artikel 6.1 e)",
        "15 månader",
        "Iakttagelser i registerförteckningen för",
        "Åtgärd:",
    ] {
        assert!(html.contains(label), "no `{label}`");
    }
    // Declaration text is shown as written.
    assert!(html.contains("Kunna se i efterhand vem som har ringt"));
    let md = seeds("r.md", &["--lang", "sv"]);
    assert!(md.starts_with("# Registerförteckning"));
    // What Swedish Excel opens directly: UTF-8 with a byte-order mark, `;`.
    let csv = seeds("r.csv", &["--lang", "sv"]);
    assert!(csv.starts_with("\u{feff}Personuppgiftsansvarig;Datamängd;"));
    let english = seeds("r.csv", &[]);
    assert!(!english.starts_with('\u{feff}') && english.contains(','));
}

/// The Swedish CSV as Excel reads it: Python's `csv` module in the Excel
/// dialect with `;` (`utf-8-sig` takes the byte-order mark) finds the
/// header and rows of equal width, with multi-line cells kept whole.
#[test]
fn the_swedish_csv_reads_in_the_excel_dialect() {
    let python = Process::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        assert!(std::env::var_os("CI").is_none(), "python3 is needed in CI");
        eprintln!("note: python3 not found; skipping the CSV dialect check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    ropa()
        .args(["report", "fixtures/seeds", "--lang", "sv", "-o"])
        .arg(&csv)
        .assert()
        .code(0);
    let script = "import csv, sys\n\
        rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), \
        dialect='excel', delimiter=';'))\n\
        widths = {len(r) for r in rows}\n\
        print(len(rows), len(widths), rows[0][0], rows[0][1], rows[1][0])\n";
    let out = Process::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = String::from_utf8(out.stdout).unwrap();
    let parts: Vec<&str> = line.split_whitespace().collect();
    let rows: usize = parts[0].parse().unwrap();
    assert!(rows > 30, "{line}");
    assert_eq!(parts[1], "1", "rows of different widths: {line}");
    assert_eq!(
        &parts[2..4],
        ["Personuppgiftsansvarig", "Datamängd"],
        "{line}"
    );
    assert_eq!(parts[4], "Arbetsförmedlingen", "{line}");
}

#[test]
fn declaration_text_is_escaped_in_html_and_svg() {
    let (_dir, html) = hostile("r.html");
    assert_no_markup(&html);
    assert!(html.contains("&lt;script&gt;alert(&#39;ds&#39;)&lt;/script&gt;, &quot;x&quot;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;c&#39;)&lt;/script&gt; &amp; Co"));
    assert!(html.contains("&quot;&gt;&lt;svg onload=alert(2)&gt;"));
    assert!(html.contains("&lt;b&gt;rep&lt;/b&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;ref&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;field&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;law&#39;)&lt;/script&gt;"));
    let start = html.find("<svg class=\"flow\"").unwrap();
    let svg = &html[start..html[start..].find("</svg>").unwrap() + start];
    assert!(svg.contains("&lt;script&gt;alert(&#39;ds&#39;)&lt;/script&gt;, &quot;x&quot;"));
    assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt; Cloud"));
    assert_eq!(html.matches("<svg").count(), 1);
    assert_eq!(fetches(&html), Vec::<String>::new());
}

#[test]
fn declaration_text_is_escaped_in_markdown_and_mermaid() {
    let (_dir, md) = hostile("r.md");
    assert_no_markup(&md);
    assert!(md.contains("&lt;script&gt;alert('ds')&lt;/script&gt;"));
    let mermaid = &md[md.find("```mermaid").unwrap()..];
    assert!(mermaid.contains("#lt;img src=x onerror=alert(1)#gt; Cloud"));
    assert_eq!(md.matches("```").count(), 2, "the fence must not be broken");
}

/// Parses RFC 4180 text; panics on a line end that is not CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("bare LF line end"),
            (false, c) => cell.push(c),
        }
    }
    assert!(
        !quoted && cell.is_empty() && row.is_empty(),
        "no final CRLF"
    );
    rows
}

#[test]
fn csv_is_rfc4180_one_row_per_dataset_and_purpose() {
    let csv = seeds("r.csv", &[]);
    let rows = parse_csv(&csv);
    let width = rows[0].len();
    assert!(rows.iter().all(|r| r.len() == width));
    assert_eq!(rows[0][0], "Controller");
    let json: serde_json::Value = serde_json::from_str(&seeds("r.json", &[])).unwrap();
    let expected: usize = json["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["purposes"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(rows.len() - 1, expected);
    let row = rows.iter().find(|r| r[3] == "af_phone_followup").unwrap();
    assert_eq!(row[1], "af_phone_log");
    assert_eq!(row[6], "Public task (Art. 6(1)(e))");
    assert_eq!(row[7], "6 § förvaltningslagen (2017:900)");
}

#[test]
fn csv_quotes_and_neutralises_formulas() {
    let (_dir, csv) = hostile("r.csv");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        "{csv}"
    );
    let rows = parse_csv(&csv);
    let promo = rows.iter().find(|r| r[3] == "promo").unwrap();
    assert_eq!(promo[4], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(promo[2], "<script>alert('ds')</script>, \"x\"");
    assert_eq!(promo[16], "'@SUM(1+1)");
    let analytics = rows.iter().find(|r| r[3] == "analytics").unwrap();
    assert_eq!(analytics[7], "'-2+3");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
        }
    }
}

#[test]
fn json_is_the_whole_model_with_findings() {
    let json: serde_json::Value = serde_json::from_str(&seeds("r.json", &[])).unwrap();
    assert_eq!(json["version"], 2);
    assert_eq!(json["files"].as_array().unwrap().len(), 6);
    assert_eq!(json["summary"]["datasets"], 31);
    assert_eq!(json["summary"]["errors"], 64);
    assert_eq!(json["datasets"].as_array().unwrap().len(), 31);
    let parties = json["parties"].as_array().unwrap();
    let ga = parties
        .iter()
        .find(|p| p["id"] == "jtd_google_analytics")
        .unwrap();
    assert_eq!(ga["outside_eea"], true);
    assert_eq!(ga["kind"], "processor");
    assert!(json["flows"].as_array().unwrap().len() >= 4);
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 145);
    assert!(findings
        .iter()
        .all(|f| f["file"].is_string() && f["line"].is_u64()));
    let transfers = json["summary"]["transfers_to_third_countries"]
        .as_array()
        .unwrap();
    assert!(transfers
        .iter()
        .any(|t| t["party"]["id"] == "wwu_facebook_processor" && t["safeguard"]["value"] == "scc"));
}

#[test]
fn markdown_has_the_sections_and_a_mermaid_block() {
    let md = seeds("r.md", &[]);
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("no `{s}`"));
    assert!(at("## 1. Summary") < at("## 2. Record"));
    assert!(at("## 2. Record") < at("## 3. Findings"));
    assert!(at("## 3. Findings") < at("## 4. Data-flow graph"));
    assert!(at("## 4. Data-flow graph") < at("```mermaid\nflowchart LR\n"));
    assert!(md.contains("class ") && md.contains(" outside\n"));
    assert!(md.contains("**⚠ special category (Art. 9)**"));
}

#[test]
fn every_format_is_deterministic() {
    for file in ["r.html", "r.md", "r.csv", "r.json"] {
        for lang in ["en", "sv"] {
            assert_eq!(
                seeds(file, &["--lang", lang]),
                seeds(file, &["--lang", lang]),
                "{file} {lang}"
            );
        }
    }
}

#[test]
fn format_comes_from_the_flag_or_the_extension() {
    assert!(seeds("r.HTM", &[]).starts_with("<!DOCTYPE html>"));
    assert!(seeds("r.markdown", &[]).starts_with("# Record"));
    assert!(seeds("r.txt", &["--format", "json"]).starts_with('{'));
    assert!(seeds("r.html", &["--format", "csv"]).starts_with("Controller,"));
    assert!(seeds("r", &["--format", "md"]).starts_with("# Record"));
    let dir = tempfile::tempdir().unwrap();
    ropa()
        .args(["report", "fixtures/seeds", "-o"])
        .arg(dir.path().join("r.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("r.txt").and(predicate::str::contains("--format")));
    assert!(!dir.path().join("r.txt").exists());
}

#[test]
fn an_output_that_cannot_be_written_exits_2_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("r.html");
    ropa()
        .args(["report", "fixtures/seeds", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(out.to_str().unwrap()));
}

#[test]
fn no_ropa_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(dir.path())
        .args(["report", "-o", "r.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `.ropa` file"));
    assert!(!dir.path().join("r.html").exists());
}

#[test]
fn paths_default_to_the_current_directory_and_findings_do_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.ropa"), HOSTILE).unwrap();
    let mut cmd = Command::cargo_bin("ropa").unwrap();
    cmd.current_dir(dir.path())
        .args(["report", "-o", "r.html"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("3 errors"));
    assert!(dir.path().join("r.html").exists());
}

// ---------------------------------------------------------------- Chromium

/// Whether `chromium` can run; outside CI a missing browser is a note,
/// in CI (which installs it, see .ci/run) it is a failure.
fn chromium_available() -> bool {
    let ok = Process::new("chromium")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is needed in CI (.ci/run installs it: apt-get install chromium)"
        );
        eprintln!(
            "note: chromium not found; skipping the headless rendering (apt-get install chromium)"
        );
    }
    ok
}

/// A screenshot of `html` and Chromium's network log of the visit.
struct Rendered {
    png: PathBuf,
    netlog: String,
}

/// Renders `html` headless, with every host name unresolvable.
fn render(html: &Path, dir: &Path) -> Rendered {
    let png = dir.join("shot.png");
    let netlog = dir.join("netlog.json");
    let mut child = Process::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--hide-scrollbars",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in 120 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Rendered {
        png,
        netlog: std::fs::read_to_string(&netlog).unwrap(),
    }
}

/// The URLs the page itself asked for (Chromium's own background requests,
/// which have no page as their network isolation key, are not counted).
fn page_requests(netlog: &str) -> Vec<String> {
    let log: serde_json::Value = serde_json::from_str(netlog)
        .or_else(|_| {
            let cut = netlog.trim_end().trim_end_matches(',');
            serde_json::from_str(&format!("{cut}]}}"))
        })
        .expect("the network log is JSON");
    let start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_u64()
        .expect("URL_REQUEST_START_JOB is a known event type");
    let events = log["events"].as_array().expect("events");
    events
        .iter()
        .filter(|e| e["type"].as_u64() == Some(start_job))
        .filter_map(|e| {
            let p = &e["params"];
            let url = p["url"].as_str()?;
            let key = p["network_isolation_key"].as_str().unwrap_or("");
            let from_page = key.contains("file:") || p["initiator"].as_str() == Some("null");
            let local = ["file:", "data:", "about:", "chrome:"]
                .iter()
                .any(|s| url.starts_with(s));
            (from_page && !local).then(|| url.to_string())
        })
        .collect()
}

/// (distinct colours, share of dark pixels) of a PNG.
fn colours(png: &Path) -> (usize, f64) {
    let file = std::io::BufReader::new(std::fs::File::open(png).unwrap());
    let mut decoder = png::Decoder::new(file);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = match info.color_type {
        png::ColorType::Rgba => 4,
        png::ColorType::Rgb => 3,
        other => panic!("unexpected colour type {other:?}"),
    };
    assert!(info.width >= 1000 && info.height >= 1000, "{info:?}");
    let pixels = &buf[..info.buffer_size()];
    let mut distinct = HashSet::new();
    let mut dark = 0usize;
    let count = pixels.len() / channels;
    for px in pixels.chunks_exact(channels) {
        distinct.insert((px[0], px[1], px[2]));
        let luma =
            (u32::from(px[0]) * 299 + u32::from(px[1]) * 587 + u32::from(px[2]) * 114) / 1000;
        if luma < 110 {
            dark += 1;
        }
    }
    (distinct.len(), dark as f64 / count as f64)
}

#[test]
fn chromium_renders_the_seeds_report_offline() {
    if !chromium_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    ropa()
        .args(["report", "fixtures/seeds", "-o"])
        .arg(&html)
        .assert()
        .code(0);
    let shot = render(&html, dir.path());
    assert_eq!(page_requests(&shot.netlog), Vec::<String>::new());
    let (distinct, dark) = colours(&shot.png);
    assert!(distinct > 200, "only {distinct} colours: a blank page?");
    assert!(
        dark > 0.01,
        "only {:.2}% dark pixels: no text?",
        dark * 100.0
    );
    if std::env::var_os("ROPA_UPDATE_SCREENSHOT").is_some() {
        update_screenshots(dir.path());
    }
}

/// Writes the screenshots in `docs/`: the seeds' report in English and in
/// Swedish, its first page and its findings (the page shown with the other
/// parts hidden: a headless screenshot does not scroll to an anchor).
fn update_screenshots(dir: &Path) {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for (lang, stem) in [("en", "report-screenshot"), ("sv", "report-screenshot-sv")] {
        let html = dir.join(format!("seeds-{lang}.html"));
        ropa()
            .args(["report", "fixtures/seeds", "--lang", lang])
            .args(["--date", "2026-12-07", "--no-revision", "-o"])
            .arg(&html)
            .assert()
            .code(0);
        let first = dir.join(format!("first-{lang}"));
        std::fs::create_dir_all(&first).unwrap();
        std::fs::copy(render(&html, &first).png, docs.join(format!("{stem}.png"))).unwrap();
        let findings = dir.join(format!("findings-{lang}.html"));
        let page = std::fs::read_to_string(&html).unwrap().replacen(
            "</head>",
            "<style>main > header, main > nav, main > section.part:not(#findings), \
             .incomplete { display: none !important }</style></head>",
            1,
        );
        std::fs::write(&findings, page).unwrap();
        let shots = dir.join(format!("shots-{lang}"));
        std::fs::create_dir_all(&shots).unwrap();
        std::fs::copy(
            render(&findings, &shots).png,
            docs.join(format!("{stem}-findings.png")),
        )
        .unwrap();
    }
}

#[test]
fn the_network_check_sees_a_page_that_fetches() {
    if !chromium_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("fetching.html");
    std::fs::write(
        &html,
        "<!DOCTYPE html><html><body><h1>Fetching</h1><img src=\"http://report-test.invalid/x.png\"></body></html>",
    )
    .unwrap();
    let shot = render(&html, dir.path());
    assert_eq!(
        page_requests(&shot.netlog),
        vec!["http://report-test.invalid/x.png".to_string()]
    );
}

/// The Markdown report of the seeds, whole: a change in what the record
/// shows, or in what order, has to be accepted on purpose (`cargo insta
/// review`). HTML writes the same rows (`src/report/rows.rs`).
#[test]
fn the_seeds_report_is_as_reviewed() {
    insta::assert_snapshot!("seeds_report_en", seeds("r.md", &[]));
    insta::assert_snapshot!("seeds_report_sv", seeds("r.md", &["--lang", "sv"]));
}

/// Language version 2 in the record: a party's laws, a purpose's own
/// retention beside the dataset's, an anonymous dataset.
const V2: &str = r#"
controller af "Arbetsförmedlingen" {
  country SE
  public_authority
  dpo "dso@af.se"
  law "Förordning (2022:811)", "Lag (2002:546)"
}
dataset applications "Ansökningar" {
  subjects applicant
  fields { name: identity.name }
  purpose recruitment { basis public_task }
  purpose talent_pool { kind recruitment  basis consent  consent { withdraw "e-post" }  retention 24 months }
  retention 6 months
}
dataset stats "Statistik" {
  purpose statistics { basis public_task }
  retention 5 years
}
flow applications -> stats { anonymised }
"#;

#[test]
fn the_record_shows_laws_purpose_retention_and_anonymity() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.ropa");
    std::fs::write(&model, V2).unwrap();
    let m = model.to_str().unwrap();
    let md = report(dir.path(), "r.md", &[m]);
    assert!(
        md.contains("Laws that mandate the processing:** Förordning (2022:811); Lag (2002:546)"),
        "{md}"
    );
    assert!(
        md.contains("talent\\_pool: 24 months; other purposes: 6 months"),
        "{md}"
    );
    assert!(
        md.contains("Anonymous data:** holds no personal data"),
        "{md}"
    );
    let sv = report(dir.path(), "r.sv.md", &[m, "--lang", "sv"]);
    assert!(sv.contains("övriga ändamål: 6 månader"), "{sv}");
    let json: serde_json::Value =
        serde_json::from_str(&report(dir.path(), "r.json", &[m])).unwrap();
    let datasets = json["datasets"].as_array().unwrap();
    let apps = datasets.iter().find(|d| d["id"] == "applications").unwrap();
    assert_eq!(apps["anonymous"], false);
    assert_eq!(apps["purposes"][1]["retention"]["amount"], 24);
    assert!(apps["purposes"][0]["retention"].is_null());
    let stats = datasets.iter().find(|d| d["id"] == "stats").unwrap();
    assert_eq!(stats["anonymous"], true);
    let af = json["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "af")
        .unwrap();
    assert_eq!(af["laws"][1], "Lag (2002:546)");
}

/// The HTML `ropa report` streams to a file (dataset views made as they
/// are written, the graph measured before it is drawn) is the HTML the
/// library renders in memory from a record made all at once.
#[test]
fn streamed_html_is_the_html_rendered_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let streamed = report(dir.path(), "record.html", &["fixtures/seeds"]);
    let data = ropa::data::RuleData::builtin().unwrap();
    let files = ropa::check::discover(&[PathBuf::from("fixtures/seeds")]).unwrap();
    let run = ropa::check::check_files(files, &data);
    let scope = ropa::report::Scope {
        made: Some(ropa::report::Made {
            date: "2026-01-01".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let rendered = ropa::report::render_with(
        &run,
        &data,
        ropa::report::ReportFormat::Html,
        ropa::finding::Lang::En,
        &scope,
    );
    assert!(streamed.contains("<svg"), "the seeds' graph is drawn");
    assert_eq!(streamed, rendered);
}

/// A graph too large to draw legibly is named by its number of nodes, and
/// one just small enough is drawn.
#[test]
fn a_graph_over_400_nodes_is_counted_not_drawn() {
    let model = |n: usize| -> String {
        (0..n)
            .map(|i| format!("dataset d{i} {{ fields {{ email: contact.email }} }}\n"))
            .collect()
    };
    for (n, drawn) in [(400, true), (401, false)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("m.ropa"), model(n)).unwrap();
        let out = dir.path().join("r.html");
        ropa()
            .arg("report")
            .arg(dir.path().join("m.ropa"))
            .arg("-o")
            .arg(&out)
            .assert()
            .code(0);
        let html = std::fs::read_to_string(&out).unwrap();
        let counted = format!("<p>{n} nodes: too many to draw legibly here");
        assert_eq!(html.contains("<svg"), drawn, "{n} datasets");
        assert_eq!(html.contains(&counted), !drawn, "{n} datasets");
    }
}

/// A report made again over an older, longer file (or through a symbolic
/// link to one) is exactly the new report: the file is written in place and
/// cut to its length (`files::Output`), not truncated first.
#[test]
fn a_report_written_over_an_older_file_is_the_new_report_alone() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["r.html", "r.md", "r.csv", "r.json"] {
        let fresh = report(dir.path(), &format!("fresh-{name}"), &["fixtures/seeds"]);
        let old = dir.path().join(name);
        std::fs::write(&old, "x".repeat(fresh.len() * 3)).unwrap();
        assert_eq!(
            report(dir.path(), name, &["fixtures/seeds"]),
            fresh,
            "{name}"
        );
        #[cfg(unix)]
        {
            let target = dir.path().join(format!("target-{name}"));
            std::fs::write(&target, "y".repeat(fresh.len() + 7)).unwrap();
            let link = dir.path().join(format!("link-{name}"));
            std::os::unix::fs::symlink(&target, &link).unwrap();
            report(dir.path(), &format!("link-{name}"), &["fixtures/seeds"]);
            assert!(std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink());
            assert_eq!(std::fs::read_to_string(&target).unwrap(), fresh, "{name}");
        }
    }
}

/// Two controllers, a dataset of each and one they control jointly, a
/// processor both use, and a processor without a country (A006, P001)
/// that only the joint dataset reaches.
const TWO_CONTROLLERS: &str = r#"
controller acme "Acme AB" { country SE  contact "acme@example.se" }
controller beta "Beta Oy" { country FI  contact "beta@example.fi" }
controller gamma "Gamma Ltd" { country IE }
processor cloud "Cloud Host" { country SE  dpa "DPA-1" }
processor tagger "Tag Manager" { }
dataset acme_customers "Acme's customers" {
  controller acme
  subjects customer
  fields { email: contact.email }
  purpose sales { kind service basis contract }
  retention 2 years
  recipients cloud, gamma
  measures encryption
}
dataset beta_staff "Beta's staff" {
  controller beta
  subjects employee
  fields { name: identity.name }
  purpose payroll { kind payroll basis legal_obligation "Lag 1" }
  retention 7 years
  recipients cloud
  measures access_control
}
dataset shared_events "Shared events" {
  controller acme, beta
  arrangement "Joint agreement 2025"
  subjects customer
  fields { email: contact.email }
  purpose events { kind service basis contract }
  retention 1 year
  recipients tagger
  measures encryption
}
"#;

fn two_controllers(name: &str, config: Option<&str>, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ropa");
    std::fs::write(&model, TWO_CONTROLLERS).unwrap();
    let mut all: Vec<String> = vec![model.to_str().unwrap().to_string()];
    if let Some(config) = config {
        let path = dir.path().join("ropa.yaml");
        std::fs::write(&path, config).unwrap();
        all.extend(["--config".to_string(), path.to_str().unwrap().to_string()]);
    }
    all.extend(args.iter().map(|a| a.to_string()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    report(dir.path(), name, &all)
}

/// The text of a Markdown report between two headings that start with
/// `from` and `to` (to the end when `to` is not found).
fn between<'t>(text: &'t str, from: &str, to: &str) -> &'t str {
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("no `{from}` in\n{text}"));
    let rest = &text[start..];
    let end = rest[from.len()..]
        .find(to)
        .map_or(rest.len(), |e| e + from.len());
    &rest[..end]
}

#[test]
fn each_controller_has_its_record_with_the_joint_dataset_marked() {
    let md = two_controllers("r.md", None, &[]);
    let acme = between(&md, "### Controller: Acme AB", "### Controller:");
    let beta = between(&md, "### Controller: Beta Oy", "## 3.");
    assert!(acme.contains("(`acme_customers`)") && !acme.contains("(`beta_staff`)"));
    assert!(beta.contains("(`beta_staff`)") && !beta.contains("(`acme_customers`)"));
    for (record, other) in [(acme, "Beta Oy"), (beta, "Acme AB")] {
        let joint = between(record, "#### Dataset: Shared events", "#### Dataset:");
        assert!(
            joint.contains(&format!("**Joint controllers (Art. 26), with** {other}")),
            "{joint}"
        );
    }
    // A recipient that controls no dataset keeps no record.
    assert!(!md.contains("### Controller: Gamma Ltd"));
    assert!(!md.contains("Processor (Art. 30(2))"));
    // The findings on the processor only the joint dataset reaches (P001,
    // A006) are in both controllers' records; none in the others' group.
    let acme_f = between(&md, "### Findings in the record of Acme AB", "### Findings");
    let beta_f = between(&md, "### Findings in the record of Beta Oy", "## 4.");
    for findings in [acme_f, beta_f] {
        assert!(
            findings.contains("`tagger`: no Art. 28(3) contract"),
            "{findings}"
        );
        assert!(findings.contains("A006"), "{findings}");
    }
    assert!(!md.contains("Findings outside the organisations' records"));

    let html = two_controllers("r.html", None, &[]);
    assert_eq!(html.matches("id=\"d-shared_events\"").count(), 1);
    assert!(html.contains("id=\"c-beta-d-shared_events\""));
    assert!(html.contains("<p class=\"joint\">"));
}

#[test]
fn a_processor_named_in_organisations_has_an_art_30_2_record() {
    let config = "organisations:\n  - acme\n  - cloud\n";
    for (name, heading) in [
        ("r.md", "### Processor (Art. 30(2)): Cloud Host"),
        ("r.html", "Processor (Art. 30(2))"),
    ] {
        let text = two_controllers(name, Some(config), &[]);
        assert!(text.contains(heading), "{name}: {heading}");
    }
    let md = two_controllers("r.md", Some(config), &[]);
    let cloud = between(&md, "### Processor (Art. 30(2)): Cloud Host", "## 3.");
    // The controllers it acts for, each with what is processed for it.
    let acme = between(cloud, "##### Acme AB", "##### ");
    assert!(acme.contains("acme@example.se"));
    assert!(acme.contains("Acme's customers (`acme_customers`)"));
    assert!(acme.contains("Encryption"), "{acme}");
    let beta = between(cloud, "##### Beta Oy", "## 3.");
    assert!(beta.contains("Beta's staff (`beta_staff`)"));
    assert!(!beta.contains("shared_events"));
    // Beta is no organisation of this report: no record of its own.
    assert!(!md.contains("### Controller: Beta Oy"));
    assert!(md.contains("### Controller: Acme AB"));
}

#[test]
fn organisations_naming_no_party_exit_2_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ropa");
    std::fs::write(&model, TWO_CONTROLLERS).unwrap();
    let config = dir.path().join("ropa.yaml");
    std::fs::write(
        &config,
        "fail_on: error\norganisations:\n  - acme\n  - acmee\n",
    )
    .unwrap();
    ropa()
        .arg("report")
        .arg(&model)
        .arg("--config")
        .arg(&config)
        .arg("-o")
        .arg(dir.path().join("r.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ropa.yaml:4: `organisations: acmee`",
        ));
}

#[test]
fn controller_writes_one_record_and_an_unknown_one_exits_2() {
    let md = two_controllers("r.md", None, &["--controller", "beta"]);
    assert!(md.starts_with("# Record of processing activities\n"));
    assert!(
        md.contains("**Beta Oy**"),
        "the title names whose record it is"
    );
    assert!(md.contains("### Controller: Beta Oy"));
    assert!(!md.contains("### Controller: Acme AB"));
    assert!(!md.contains("(`acme_customers`)"));
    assert!(md.contains("### Findings in the record of Beta Oy"));
    assert!(!md.contains("Findings in the record of Acme AB"));
    let html = two_controllers("r.html", None, &["--controller", "beta"]);
    assert!(html.contains("<title>Record of processing activities – Beta Oy</title>"));

    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ropa");
    std::fs::write(&model, TWO_CONTROLLERS).unwrap();
    for id in ["nobody", "gamma", "cloud"] {
        ropa()
            .arg("report")
            .arg(&model)
            .args(["--controller", id, "-o"])
            .arg(dir.path().join("r.md"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!("`--controller {id}`")));
    }
}

/// Twelve purposes on legitimate interest with no assessment (L004), the
/// same help each; and processors without a `dpa`, one a subprocessor
/// (P001, whose help differs for it).
const MANY_FINDINGS: &str = r#"
controller acme "Acme AB" { country SE }
processor host "Host" { country SE  subprocessors backup }
processor backup "Backup" { country SE }
dataset crm "CRM" {
  subjects customer
  fields { email: contact.email }
  purpose p01 { kind service basis legitimate_interest }
  purpose p02 { kind service basis legitimate_interest }
  purpose p03 { kind service basis legitimate_interest }
  purpose p04 { kind service basis legitimate_interest }
  purpose p05 { kind service basis legitimate_interest }
  purpose p06 { kind service basis legitimate_interest }
  purpose p07 { kind service basis legitimate_interest }
  purpose p08 { kind service basis legitimate_interest }
  purpose p09 { kind service basis legitimate_interest }
  purpose p10 { kind service basis legitimate_interest }
  purpose p11 { kind service basis legitimate_interest }
  purpose p12 { kind service basis legitimate_interest }
  retention 1 year
  recipients host
  measures encryption
}
"#;

#[test]
fn findings_are_grouped_with_their_remedy_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.ropa");
    std::fs::write(&model, MANY_FINDINGS).unwrap();
    let model = model.to_str().unwrap();
    let md = report(dir.path(), "en.md", &[model]);
    let l004 = between(
        &md,
        "#### Warning: 12 findings: legitimate interests with no documented balancing test",
        "####",
    );
    assert!(l004.contains("`L004` legitimate-interest-without-assessment — Art. 6(1)(f)"));
    assert_eq!(l004.matches("\n- `crm`: ").count(), 10, "{l004}");
    assert!(l004.contains("\n- and 2 more\n"), "{l004}");
    assert_eq!(
        l004.matches("**What to do:**").count(),
        1,
        "one remedy: {l004}"
    );
    assert!(l004.contains("**What to do:** record a reference to the documented assessment"));
    // Helps that differ each follow their own places, once.
    let p001 = between(&md, "#### Error: 2 findings: a processor", "####");
    assert_eq!(p001.matches("**What to do:** ").count(), 2, "{p001}");
    let host = p001.find("- `host`:").unwrap();
    let first = p001
        .find("**What to do:** record the contract or other legal act that binds")
        .unwrap();
    let backup = p001.find("- `backup`:").unwrap();
    let second = p001
        .find("Art. 28(4)), and the controller's prior authorisation")
        .unwrap();
    assert!(host < first && first < backup && backup < second, "{p001}");

    let sv = report(dir.path(), "sv.md", &[model, "--lang", "sv"]);
    let l004 = between(&sv, "#### Varning: 12 iakttagelser:", "####");
    assert!(l004.contains("— artikel 6.1 f"), "{l004}");
    assert!(l004.contains("\n- och 2 till\n"), "{l004}");
    assert_eq!(l004.matches("**Åtgärd:**").count(), 1, "{l004}");
    assert!(!l004.contains("What to do"));

    for (lang, remedy, more) in [
        ("en", "What to do", "and 2 more"),
        ("sv", "Åtgärd", "och 2 till"),
    ] {
        let html = report(dir.path(), "r.html", &[model, "--lang", lang]);
        let findings =
            &html[html.find("id=\"findings\"").unwrap()..html.find("id=\"graph\"").unwrap()];
        assert!(findings.contains("id=\"f-acme\""), "{lang}");
        assert!(
            findings.contains(&format!("<li class=\"more\">{more}</li>")),
            "{lang}"
        );
        assert!(
            findings.contains(&format!("<p class=\"remedy\"><strong>{remedy}:</strong>")),
            "{lang}"
        );
        // Two remedies for P001, each once after its places.
        assert_eq!(
            findings
                .matches(&format!("<p class=\"remedy\"><strong>{remedy}:</strong>"))
                .count(),
            3,
            "{lang}"
        );
    }
}

#[test]
fn the_seeds_have_a_record_per_controller_and_no_processor_record() {
    let md = seeds("r.md", &[]);
    let headings: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("### Controller: ") || l.starts_with("### Processor"))
        .collect();
    assert_eq!(
        headings,
        [
            "### Controller: Arbetsförmedlingen (`af`)",
            "### Controller: Jobbjet (`jobbjet`)",
            "### Controller: Ncom (WorkWithUs.se) (`wwu_ncom`)",
            "### Controller: Facebook Ireland (gemensamt personuppgiftsansvarig) (`wwu_facebook`)",
        ]
    );
    let facebook = between(&md, "### Controller: Facebook Ireland", "## 3.");
    let datasets: Vec<&str> = facebook
        .lines()
        .filter(|l| l.starts_with("#### Dataset: "))
        .collect();
    assert_eq!(datasets.len(), 2, "{datasets:?}");
    assert_eq!(
        facebook
            .matches("**Joint controllers (Art. 26), with** Ncom (WorkWithUs.se)")
            .count(),
        2
    );
}
