//! `ropa lsp` end to end: the built binary is spawned and spoken to in
//! Content-Length framed JSON-RPC over its stdin and stdout, as an editor
//! would.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(30);

pub(crate) struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for something else.
    queue: Vec<Value>,
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts `ropa lsp` in `root` and initializes it.
    pub(crate) fn start(root: &Path) -> Client {
        Client::start_with(root, json!({}))
    }

    fn start_with(root: &Path, capabilities: Value) -> Client {
        let mut client = Client::spawn(root);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "capabilities": capabilities,
            }),
        );
        assert!(result["result"]["capabilities"].is_object(), "{result}");
        client.notify("initialized", json!({}));
        client
    }

    fn spawn(root: &Path) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("ropa"))
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ropa lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut out) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            queue: Vec::new(),
        }
    }

    fn send_raw(&mut self, body: &[u8]) {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        self.stdin.write_all(header.as_bytes()).unwrap();
        self.stdin.write_all(body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: Value) {
        self.send_raw(msg.to_string().as_bytes());
    }

    pub(crate) fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; returns the whole response (`result` or `error`).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// The result of a request (panics on an error response).
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        let response = self.request(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.queue.iter().position(&wanted) {
            return self.queue.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no such message in time; got {:#?}", self.queue));
            if wanted(&msg) {
                return msg;
            }
            self.queue.push(msg);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits for a publication for `uri` whose codes satisfy `wanted`.
    fn diagnostics_until(&mut self, uri: &str, wanted: impl Fn(&[String]) -> bool) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && wanted(&codes(
                    m["params"]["diagnostics"].as_array().unwrap_or(&Vec::new()),
                ))
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "ropa", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        let mut params = json!({"textDocument": {"uri": uri},
                                "position": {"line": line, "character": character}});
        if method == "textDocument/references" {
            params["context"] = json!({"includeDeclaration": true});
        }
        self.call(method, params)
    }

    /// Ends the session cleanly; returns the exit code.
    fn stop(mut self) -> Option<i32> {
        self.call("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    format!("file://{}", path.display())
}

/// A workspace folder with these files.
fn workspace(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    for (name, text) in files {
        std::fs::write(root.join(name), text).unwrap();
    }
    (dir, root)
}

/// (line, UTF-16 column) of the first `needle` in `text`.
fn utf16_pos(text: &str, needle: &str) -> (u32, u32) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u32;
    (line, text[line_start..at].encode_utf16().count() as u32)
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

const PARTIES: &str = r#"controller acme "Acme AB" {
  country SE
  contact "Box 1, Stockholm"
}

processor mailer "Mailer Inc." {
  country US
  transfer scc "SCC 2021 module 2"
  dpa "DPA-7"
}
"#;

const DATA: &str = r#"dataset customers "Kunder" {
  controller acme
  subjects customer
  fields {
    name: identity.name
    email: contact.email
    hälsa: special.health "hälsouppgift"
  }
  purpose service { basis contract }
  purpose care {
    basis legal_obligation "Patientdatalagen (2008:355)"
    special_basis health_care "Patientdatalagen"
  }
  retention 2 years
  recipients mailer
  measures encryption
}

dataset newsletter {
  controller acme
  subjects subscriber
  purpose marketing { basis consent consent { withdraw "link" record "log" } }
  retention until consent_withdrawn
}

flow customers -> newsletter {
  fields email
  purpose marketing
}
"#;

#[test]
fn diagnostics_appear_then_clear_and_carry_rule_links() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let data_uri = uri(&root.join("data.ropa"));
    client.open(&data_uri, DATA);
    // Whatever the seed-like model gives, the typo below must add an E004.
    let baseline = client.diagnostics(&data_uri);
    assert!(
        !codes(&baseline).contains(&"E004".to_string()),
        "{baseline:#?}"
    );

    let broken = DATA.replace("contact.email", "contact.emial");
    client.change(&data_uri, 2, &broken);
    let diagnostics = client.diagnostics(&data_uri);
    let e004 = diagnostics
        .iter()
        .find(|d| d["code"] == "E004")
        .unwrap_or_else(|| panic!("E004 in {diagnostics:#?}"));
    assert_eq!(e004["source"], "ropa");
    assert_eq!(e004["severity"], 1);
    let href = e004["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("rules.md#e004"), "{href}");
    let (line, col) = utf16_pos(&broken, "contact.emial");
    assert_eq!(
        e004["range"]["start"],
        json!({"line": line, "character": col})
    );
    assert_eq!(
        e004["range"]["end"],
        json!({"line": line, "character": col + "contact.emial".len() as u32})
    );
    assert!(e004["message"].as_str().unwrap().contains("contact.email"));

    // Fixed: the E004 is gone.
    client.change(&data_uri, 3, DATA);
    let diagnostics = client.diagnostics(&data_uri);
    assert_eq!(codes(&diagnostics), codes(&baseline));
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn related_information_points_into_the_other_file() {
    // `acme` declared twice, in two files: F002 with the first declaration.
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let data_uri = uri(&root.join("data.ropa"));
    let parties_uri = uri(&root.join("parties.ropa"));
    let twice = format!("{DATA}\ncontroller acme {{ country SE }}\n");
    client.open(&data_uri, &twice);
    // data.ropa comes first (by path): the duplicate is the one in parties.ropa.
    let diagnostics = client.diagnostics_until(&parties_uri, |c| c.iter().any(|c| c == "F002"));
    let f002 = diagnostics
        .iter()
        .find(|d| d["code"] == "F002")
        .unwrap_or_else(|| panic!("F002 in {diagnostics:#?}"));
    let related = f002["relatedInformation"]
        .as_array()
        .expect("related information");
    assert_eq!(related[0]["location"]["uri"], data_uri, "{related:#?}");
    let (line, col) = utf16_pos(&twice, "acme { country");
    assert_eq!(
        related[0]["location"]["range"]["start"],
        json!({"line": line, "character": col})
    );
}

#[test]
fn positions_are_exact_in_utf16_and_in_utf8_on_swedish_text_with_an_emoji() {
    let text = "dataset d { controller acme subjects customer fields { förnamn: identity.name \"åäö 🙂 namn\" e: contact.emial }\n  purpose service { basis contract } retention 1 year }\n";
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("d.ropa", text)]);
    let target = text.find("contact.emial").unwrap();
    let prefix = &text[..target];
    let utf16 = prefix.encode_utf16().count() as u32;
    let utf8 = prefix.len() as u32;
    assert_ne!(utf16, utf8);
    assert_ne!(
        utf16,
        prefix.chars().count() as u32,
        "the emoji is two UTF-16 units"
    );

    for (capabilities, encoding, column) in [
        (json!({}), "utf-16", utf16),
        (
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
            "utf-8",
            utf8,
        ),
    ] {
        let mut client = Client::spawn(&root);
        let init = client.call(
            "initialize",
            json!({"processId": null, "rootUri": uri(&root), "capabilities": capabilities}),
        );
        assert_eq!(init["capabilities"]["positionEncoding"], encoding);
        client.notify("initialized", json!({}));
        let d_uri = uri(&root.join("d.ropa"));
        client.open(&d_uri, text);
        let diagnostics = client.diagnostics(&d_uri);
        let e004 = diagnostics
            .iter()
            .find(|d| d["code"] == "E004")
            .expect("E004");
        assert_eq!(
            e004["range"]["start"],
            json!({"line": 0, "character": column})
        );
        let end = column + "contact.emial".len() as u32;
        assert_eq!(e004["range"]["end"], json!({"line": 0, "character": end}));

        // An incremental edit in the same encoding fixes it.
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": d_uri, "version": 2},
                   "contentChanges": [{"range": {"start": {"line": 0, "character": end - 3},
                                                 "end": {"line": 0, "character": end}},
                                       "text": "ail"}]}),
        );
        let diagnostics = client.diagnostics(&d_uri);
        assert!(
            !codes(&diagnostics).contains(&"E004".to_string()),
            "{diagnostics:#?}"
        );
        // Hover on a word after the emoji lands on it.
        let basis_line = 1;
        let hover = client.at("textDocument/hover", &d_uri, basis_line, 28);
        assert!(
            hover["contents"]["value"]
                .as_str()
                .unwrap_or("")
                .contains("Art. 6(1)(b)"),
            "{hover}"
        );
        assert_eq!(client.stop(), Some(0));
    }
}

#[test]
fn hover_explains_findings_parties_datasets_and_values() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let data_uri = uri(&root.join("data.ropa"));
    client.open(&data_uri, DATA);
    client.diagnostics(&data_uri);

    let hover = |client: &mut Client, needle: &str, offset: u32| {
        let (line, col) = utf16_pos(DATA, needle);
        let h = client.at("textDocument/hover", &data_uri, line, col + offset);
        h["contents"]["value"].as_str().unwrap_or("").to_string()
    };
    // A party reference: country, mechanism, what it receives.
    let text = hover(&mut client, "recipients mailer", 12);
    assert!(text.contains("processor `mailer`"), "{text}");
    assert!(text.contains("US") && text.contains("scc"), "{text}");
    assert!(text.contains("`customers`"), "{text}");
    // A dataset: inherited categories with the flow path.
    let text = hover(&mut client, "-> newsletter", 4);
    assert!(text.contains("`contact.email`"), "{text}");
    assert!(text.contains("via `customers` → `newsletter`"), "{text}");
    // Vocabulary values.
    let text = hover(&mut client, "legal_obligation", 1);
    assert!(text.contains("Art. 6(1)(c)"), "{text}");
    let text = hover(&mut client, "health_care", 1);
    assert!(text.contains("Art. 9(2)(h)"), "{text}");
    let text = hover(&mut client, "special.health", 1);
    assert!(text.contains("Art. 9(1)"), "{text}");

    // A finding: the rule's documentation.
    let broken = DATA.replace("contact.email", "contact.emial");
    client.change(&data_uri, 2, &broken);
    client.diagnostics(&data_uri);
    let (line, col) = utf16_pos(&broken, "contact.emial");
    let h = client.at("textDocument/hover", &data_uri, line, col + 2);
    let text = h["contents"]["value"].as_str().unwrap_or("");
    assert!(text.contains("E004"), "{text}");
    assert!(
        text.contains("did you mean") || text.contains("vocabulary"),
        "{text}"
    );
}

#[test]
fn definition_references_and_rename_work_across_files() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let data_uri = uri(&root.join("data.ropa"));
    let parties_uri = uri(&root.join("parties.ropa"));
    client.open(&data_uri, DATA);
    client.diagnostics(&data_uri);

    // Party: from the reference in data.ropa to parties.ropa.
    let (line, col) = utf16_pos(DATA, "mailer");
    let def = client.at("textDocument/definition", &data_uri, line, col + 1);
    assert_eq!(def[0]["uri"], parties_uri);
    let (pl, pc) = utf16_pos(PARTIES, "mailer");
    assert_eq!(
        def[0]["range"]["start"],
        json!({"line": pl, "character": pc})
    );

    // Dataset, purpose and field references in the flow.
    let (line, col) = utf16_pos(DATA, "-> newsletter");
    let def = client.at("textDocument/definition", &data_uri, line, col + 4);
    assert_eq!(
        def[0]["range"]["start"],
        json!({"line": utf16_pos(DATA, "dataset newsletter").0, "character": 8})
    );
    let (line, col) = utf16_pos(DATA, "fields email");
    let def = client.at("textDocument/definition", &data_uri, line, col + 8);
    let (fl, fc) = utf16_pos(DATA, "email: contact");
    assert_eq!(
        def[0]["range"]["start"],
        json!({"line": fl, "character": fc})
    );
    let (line, col) = utf16_pos(DATA, "purpose marketing\n");
    let def = client.at("textDocument/definition", &data_uri, line, col + 9);
    let (ml, mc) = utf16_pos(DATA, "marketing { basis");
    assert_eq!(
        def[0]["range"]["start"],
        json!({"line": ml, "character": mc})
    );

    // References to `acme`: the declaration and two controllers.
    let (line, col) = utf16_pos(PARTIES, "acme");
    let refs = client.at("textDocument/references", &parties_uri, line, col);
    assert_eq!(refs.as_array().map(Vec::len), Some(3), "{refs:#}");

    // Rename `customers` everywhere (declaration and the flow).
    let (line, col) = utf16_pos(DATA, "customers \"Kunder\"");
    let prepared = client.at("textDocument/prepareRename", &data_uri, line, col);
    assert_eq!(prepared["placeholder"], "customers");
    let edit = client.call(
        "textDocument/rename",
        json!({"textDocument": {"uri": data_uri}, "position": {"line": line, "character": col},
               "newName": "kunder"}),
    );
    let edits = edit["changes"][&data_uri].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{edit:#}");
    assert!(edits.iter().all(|e| e["newText"] == "kunder"));

    // Rename a party: edits in both files.
    let (line, col) = utf16_pos(PARTIES, "acme");
    let edit = client.call(
        "textDocument/rename",
        json!({"textDocument": {"uri": parties_uri}, "position": {"line": line, "character": col},
               "newName": "acme_ab"}),
    );
    assert_eq!(
        edit["changes"][&parties_uri].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(edit["changes"][&data_uri].as_array().map(Vec::len), Some(2));
    // Not an identifier: an error, not a crash.
    let bad = client.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": parties_uri}, "position": {"line": line, "character": col},
               "newName": "two words"}),
    );
    assert_eq!(bad["error"]["code"], -32602);
}

fn labels(completion: &Value) -> Vec<String> {
    let items = completion
        .as_array()
        .or_else(|| completion["items"].as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|i| i["label"].as_str().unwrap_or("").to_string())
        .collect()
}

/// In each block, the keywords completion offers are the grammar's for that
/// block (a processor's leave out `market`), read from grammar/ropa.pest.
#[test]
fn completion_offers_the_grammars_keywords() {
    use crate::common::{grammar_all_keywords, grammar_keywords};
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let scratch_uri = uri(&root.join("scratch.ropa"));
    let every = grammar_all_keywords();
    let cases = [
        ("", "item", None),
        ("controller c { ", "party_attr", None),
        ("processor p { ", "party_attr", Some("market")),
        ("dataset d { ", "dataset_attr", None),
        ("dataset d { purpose p { ", "purpose_attr", None),
        ("dataset d { purpose p { consent { ", "consent_attr", None),
        (
            "dataset a {}\ndataset b {}\nflow a -> b { ",
            "flow_attr",
            None,
        ),
    ];
    for (text, choice, without) in cases {
        client.open(&scratch_uri, text);
        let line = text.matches('\n').count() as u32;
        let col = text
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .encode_utf16()
            .count() as u32;
        let offered: BTreeSet<String> =
            labels(&client.at("textDocument/completion", &scratch_uri, line, col))
                .into_iter()
                .filter(|l| every.contains(l))
                .collect();
        let mut wanted = grammar_keywords(choice);
        if let Some(w) = without {
            wanted.remove(w);
        }
        assert_eq!(offered, wanted, "completion in `{text}`");
    }
}

#[test]
fn completion_follows_the_context() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let scratch = root.join("scratch.ropa");
    let scratch_uri = uri(&scratch);
    let complete = |client: &mut Client, text: &str| {
        let cursor = text.find('|').unwrap();
        let text = text.replacen('|', "", 1);
        client.open(&scratch_uri, &text);
        let (line, col) = {
            let prefix = &text[..cursor];
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            (
                prefix.matches('\n').count() as u32,
                prefix[line_start..].encode_utf16().count() as u32,
            )
        };
        labels(&client.at("textDocument/completion", &scratch_uri, line, col))
    };
    let has = |labels: &[String], wanted: &[&str]| {
        for w in wanted {
            assert!(labels.iter().any(|l| l == w), "`{w}` in {labels:?}");
        }
    };
    let lacks = |labels: &[String], unwanted: &[&str]| {
        for w in unwanted {
            assert!(!labels.iter().any(|l| l == w), "`{w}` not in {labels:?}");
        }
    };
    let top = complete(&mut client, "|");
    has(&top, &["controller", "processor", "dataset", "flow"]);
    lacks(&top, &["basis"]);

    let party = complete(&mut client, "processor p { country SE |");
    has(&party, &["transfer", "dpa", "law", "subprocessors"]);
    lacks(&party, &["basis", "fields"]);

    let countries = complete(&mut client, "processor p { country |");
    has(&countries, &["SE", "US", "eea", "third", "world"]);

    let purpose = complete(&mut client, "dataset x { purpose p { |");
    has(
        &purpose,
        &[
            "kind",
            "basis",
            "special_basis",
            "retention",
            "soft_opt_in",
            "consent",
        ],
    );
    let bases = complete(&mut client, "dataset x { purpose p { basis |");
    has(
        &bases,
        &["consent", "contract", "legal_obligation", "public_task"],
    );
    lacks(&bases, &["kind"]);
    let kinds = complete(&mut client, "dataset x { purpose p { kind mark|");
    has(
        &kinds,
        &[
            "marketing",
            "marketing.email",
            "legal_claims",
            "product_development",
        ],
    );
    let art9 = complete(&mut client, "dataset x { purpose p { special_basis |");
    has(&art9, &["explicit_consent", "health_care"]);
    let mechanisms = complete(&mut client, "processor p { transfer |");
    has(&mechanisms, &["scc", "dpf", "bcr", "adequacy"]);

    let dataset = complete(&mut client, "dataset x {\n  |");
    has(
        &dataset,
        &["fields", "purpose", "retention", "recipients", "anonymous"],
    );
    let recipients = complete(&mut client, "dataset x { recipients |");
    has(&recipients, &["mailer", "acme"]);
    lacks(&recipients, &["customers"]);
    let controllers = complete(&mut client, "dataset x { controller |");
    has(&controllers, &["acme"]);
    lacks(&controllers, &["mailer"]);
    let categories = complete(&mut client, "dataset x { fields { a: spe|");
    has(&categories, &["special.health", "contact.email"]);

    let sources = complete(&mut client, "flow |");
    has(&sources, &["customers", "newsletter"]);
    lacks(&sources, &["acme"]);
    let targets = complete(&mut client, "flow customers -> |");
    has(&targets, &["newsletter", "mailer"]);
    let fields = complete(&mut client, "flow customers -> newsletter { fields name, |");
    has(&fields, &["name", "email", "hälsa"]);
    let purposes = complete(&mut client, "flow customers -> newsletter { purpose |");
    has(&purposes, &["marketing"]);
    lacks(&purposes, &["care"]);
    let units = complete(&mut client, "dataset x { retention 3 |");
    has(&units, &["days", "months", "years"]);

    // The item is read by the language's own reader: names in Swedish,
    // and a misspelt line above the cursor costs only that line.
    let swedish = complete(
        &mut client,
        "dataset kundärenden {\n  purpose ärende { basis |",
    );
    has(&swedish, &["consent", "contract"]);
    let typo = complete(
        &mut client,
        "dataset x {\n  retention 3 yeras\n  purpose p {\n    kind |",
    );
    has(&typo, &["marketing", "legal_claims"]);
    lacks(&typo, &["consent", "basis"]);
    let in_string = complete(&mut client, "dataset x { purpose p \"basis |");
    assert!(in_string.is_empty(), "{in_string:?}");
}

#[test]
fn formatting_gives_ropa_fmt_output() {
    let messy = "controller   acme {country SE\n     contact \"x\"}\n";
    let (_dir, root) = workspace(&[("a.ropa", messy)]);
    let mut client = Client::start(&root);
    let a_uri = uri(&root.join("a.ropa"));
    client.open(&a_uri, messy);
    let edits = client.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": a_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let expected = ropa::fmt::format_source(messy).unwrap();
    assert_eq!(edits[0]["newText"], expected);
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    assert_eq!(edits[0]["range"]["end"], json!({"line": 2, "character": 0}));
    // A file that does not parse is left alone.
    client.change(&a_uri, 2, "controller acme {");
    let edits = client.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": a_uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert!(edits.is_null(), "{edits}");
}

fn actions_at(client: &mut Client, uri: &str, text: &str, needle: &str) -> Vec<Value> {
    let (line, col) = utf16_pos(text, needle);
    let result = client.call(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": line, "character": col},
                         "end": {"line": line, "character": col}},
               "context": {"diagnostics": []}}),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn action_titled<'a>(actions: &'a [Value], title: &str) -> &'a Value {
    actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.contains(title)))
        .unwrap_or_else(|| panic!("`{title}` in {actions:#?}"))
}

#[test]
fn code_actions_fix_typos_suppress_and_add_missing_attributes() {
    let text = r#"controller acme { country SE }
processor mailr { country SE }
processor nowhere { dpa "DPA-1" }
dataset d {
  controller acme
  subjects customer
  fields { e: contact.emial }
  purpose service { basis contract }
  recipients mailer, mailr, nowhere
}
"#;
    let (_dir, root) = workspace(&[("a.ropa", text)]);
    let mut client = Client::start(&root);
    let a_uri = uri(&root.join("a.ropa"));
    client.open(&a_uri, text);
    let diagnostics = client.diagnostics(&a_uri);
    let found = codes(&diagnostics);
    for code in ["E004", "F001", "P001", "A006", "R001"] {
        assert!(found.contains(&code.to_string()), "{code} in {found:?}");
    }

    let actions = actions_at(&mut client, &a_uri, text, "contact.emial");
    let fix = action_titled(&actions, "with `contact.email`");
    let edit = &fix["edit"]["changes"][&a_uri][0];
    assert_eq!(edit["newText"], "contact.email");
    assert_eq!(fix["kind"], "quickfix");
    let suppress = action_titled(&actions, "Suppress E004");
    let edit = &suppress["edit"]["changes"][&a_uri][0];
    let (line, _) = utf16_pos(text, "fields { e");
    assert_eq!(
        edit["range"]["start"],
        json!({"line": line, "character": 0})
    );
    assert!(
        edit["newText"]
            .as_str()
            .unwrap()
            .starts_with("  // ropa: allow E004 \"reason"),
        "{edit}"
    );

    let actions = actions_at(&mut client, &a_uri, text, "mailer,");
    let fix = action_titled(&actions, "with `mailr`");
    assert_eq!(fix["edit"]["changes"][&a_uri][0]["newText"], "mailr");

    let actions = actions_at(&mut client, &a_uri, text, "mailr {");
    let add = action_titled(&actions, "Add `dpa`");
    assert!(add["edit"]["changes"][&a_uri][0]["newText"]
        .as_str()
        .unwrap()
        .starts_with("dpa \""));

    let actions = actions_at(&mut client, &a_uri, text, "nowhere {");
    let add = action_titled(&actions, "Add `country`");
    assert!(add["edit"]["changes"][&a_uri][0]["newText"]
        .as_str()
        .unwrap()
        .starts_with("country "));

    let actions = actions_at(&mut client, &a_uri, text, "d {");
    let add = action_titled(&actions, "Add `retention`");
    let edit = &add["edit"]["changes"][&a_uri][0];
    assert_eq!(edit["newText"], "  retention 12 months\n");
    assert_eq!(edit["range"]["start"], json!({"line": 9, "character": 0}));
}

#[test]
fn document_and_workspace_symbols() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::start(&root);
    let data_uri = uri(&root.join("data.ropa"));
    let symbols = client.call(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": data_uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["customers", "newsletter", "customers -> newsletter"]
    );
    let children: Vec<&str> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(children, ["name", "email", "hälsa", "service", "care"]);

    let found = client.call("workspace/symbol", json!({"query": "MAIL"}));
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["name"], "mailer");
    assert_eq!(found[0]["location"]["uri"], uri(&root.join("parties.ropa")));
}

#[test]
fn bad_input_never_stops_the_server() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES), ("data.ropa", DATA)]);
    let mut client = Client::spawn(&root);
    // Before initialize: the proper error.
    let early = client.request("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002);
    client.call(
        "initialize",
        json!({"processId": null, "rootUri": uri(&root), "capabilities": {}}),
    );
    client.notify("initialized", json!({}));

    // Not JSON: a parse error with a null ID.
    client.send_raw(b"{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let error = client.wait_for(|m| m["error"]["code"] == -32700);
    assert!(error["id"].is_null());
    // JSON but not a message: an invalid request.
    client.send_raw(b"[1, 2, 3]");
    client.wait_for(|m| m["error"]["code"] == -32600);
    // An unknown method: MethodNotFound with the request's ID.
    let unknown = client.request("textDocument/unheardOf", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    // Parameters of the wrong shape: InvalidParams.
    let wrong = client.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(wrong["error"]["code"], -32602);
    // A file that is not a model, opened anyway: not checked.
    let yaml_uri = uri(&root.join("ropa.yaml"));
    client.open(&yaml_uri, "rules:\n  P001: off\n");
    // An unknown notification is ignored.
    client.notify("$/somethingNew", json!({"x": 1}));

    // A file never opened and not in the workspace: empty answers.
    let nowhere = uri(&root.join("nowhere.ropa"));
    assert!(client.at("textDocument/hover", &nowhere, 0, 0).is_null());
    assert!(client
        .at("textDocument/definition", &nowhere, 0, 0)
        .is_null());
    // A file of the workspace that was never opened: answered from disk.
    let parties_uri = uri(&root.join("parties.ropa"));
    let hover = client.at("textDocument/hover", &parties_uri, 5, 11);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("mailer"),
        "{hover}"
    );
    // Positions far outside the text.
    client.at("textDocument/hover", &parties_uri, 999, 999);
    client.at("textDocument/completion", &parties_uri, 999, 999);

    // Half-typed text: every feature answers.
    let data_uri = uri(&root.join("data.ropa"));
    client.open(&data_uri, DATA);
    for (i, cut) in [7, 40, 120, 300, DATA.len() - 3].into_iter().enumerate() {
        let mut cut = cut.min(DATA.len());
        while !DATA.is_char_boundary(cut) {
            cut -= 1;
        }
        let half = &DATA[..cut];
        client.change(&data_uri, 2 + i as i64, half);
        let line = half.matches('\n').count() as u32;
        for method in [
            "textDocument/hover",
            "textDocument/completion",
            "textDocument/definition",
            "textDocument/references",
        ] {
            client.at(method, &data_uri, line, 2);
        }
        client.call(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": data_uri}}),
        );
        client.diagnostics_until(&data_uri, |c| c.iter().any(|c| c == "E001"));
    }

    // The file is deleted on disk while open: the buffer still counts.
    std::fs::remove_file(root.join("data.ropa")).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": data_uri, "type": 3}]}),
    );
    client.change(&data_uri, 20, DATA);
    client.diagnostics_until(&data_uri, |c| !c.iter().any(|c| c == "E001"));
    let (line, col) = utf16_pos(DATA, "mailer");
    let def = client.at("textDocument/definition", &data_uri, line, col);
    assert_eq!(def[0]["uri"], parties_uri);
    assert!(
        !client.queue.iter().any(|m| m["params"]["uri"] == yaml_uri),
        "no diagnostics for ropa.yaml"
    );
    // Closed: it is gone from the workspace, and its diagnostics are cleared.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": data_uri}}),
    );
    client.diagnostics_until(&data_uri, |c| c.is_empty());
    assert_eq!(client.stop(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let (_dir, root) = workspace(&[("parties.ropa", PARTIES)]);
    let mut client = Client::start(&root);
    client.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    loop {
        if let Ok(Some(status)) = client.child.try_wait() {
            assert_eq!(status.code(), Some(1));
            break;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn policy_findings_are_diagnostics_too() {
    let config = "policies: [\"policies.yaml\"]\n";
    let policy = r#"policies:
  - code: ACME001
    name: no-health-data-in-marketing-datasets
    severity: warning
    description: Health data never reaches a marketing purpose.
    on: dataset
    when:
      categories: { any: [special.health] }
    message: "{dataset} holds {categories}"
"#;
    let (_dir, root) = workspace(&[
        ("ropa.yaml", config),
        ("policies.yaml", policy),
        ("parties.ropa", PARTIES),
        ("data.ropa", DATA),
    ]);
    let mut client = Client::start(&root);
    let data_uri = uri(&root.join("data.ropa"));
    client.open(&data_uri, DATA);
    let diagnostics = client.diagnostics(&data_uri);
    let acme = diagnostics
        .iter()
        .find(|d| d["code"] == "ACME001")
        .unwrap_or_else(|| panic!("ACME001 in {diagnostics:#?}"));
    assert_eq!(acme["severity"], 2);
    assert_eq!(acme["message"], "customers holds special.health");
    // A policy has no online documentation: no link rather than an empty one.
    assert!(acme.get("codeDescription").is_none(), "{acme:#?}");
    let (line, col) = utf16_pos(DATA, "customers");
    assert_eq!(
        acme["range"]["start"],
        json!({"line": line, "character": col})
    );
    assert_eq!(client.stop(), Some(0));
}

/// An item that does not parse costs itself only: the file's other items
/// keep their diagnostics, and so do the other files.
#[test]
fn a_broken_item_keeps_the_other_diagnostics() {
    const OTHER: &str = "dataset other_set {\n  controller acme\n  subjects customer\n  \
                         fields { e: contact.email }\n  purpose p { }\n  retention 1 year\n}\n";
    let (_dir, root) = workspace(&[
        ("parties.ropa", PARTIES),
        ("data.ropa", DATA),
        ("other.ropa", OTHER),
    ]);
    let mut client = Client::start(&root);
    let (data_uri, other_uri) = (uri(&root.join("data.ropa")), uri(&root.join("other.ropa")));
    client.open(&data_uri, DATA);
    let other = client.diagnostics_until(&other_uri, |c| c.iter().any(|c| c == "L001"));
    let baseline = client.diagnostics(&data_uri);
    assert!(!codes(&baseline).contains(&"E001".to_string()));

    // `newsletter` gets a syntax error.
    let broken = DATA.replace("retention until consent_withdrawn", "retention until");
    client.change(&data_uri, 2, &broken);
    let diagnostics = client.diagnostics_until(&data_uri, |c| c.iter().any(|c| c == "E001"));
    assert_eq!(
        codes(&diagnostics).iter().filter(|c| *c == "E001").count(),
        1,
        "{diagnostics:#?}"
    );
    // The findings on `customers` stay.
    let (customers_line, _) = utf16_pos(&broken, "dataset customers");
    let (newsletter_line, _) = utf16_pos(&broken, "dataset newsletter");
    let on_customers = |ds: &[Value]| {
        ds.iter()
            .filter(|d| {
                let line = d["range"]["start"]["line"].as_u64().unwrap_or(0) as u32;
                d["code"] != "E001" && (customers_line..newsletter_line).contains(&line)
            })
            .count()
    };
    assert!(on_customers(&baseline) > 0, "{baseline:#?}");
    assert_eq!(
        on_customers(&diagnostics),
        on_customers(&baseline),
        "{diagnostics:#?}"
    );
    // A round trip: every publication the change caused has arrived.
    client.at("textDocument/hover", &data_uri, 0, 0);
    let republished: Vec<&Value> = client
        .queue
        .iter()
        .filter(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == other_uri
        })
        .collect();
    for m in republished {
        let now = m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            codes(&now),
            codes(&other),
            "other.ropa lost its diagnostics"
        );
    }
    assert_eq!(client.stop(), Some(0));
}
