//! `ropa lsp`: a Language Server Protocol server on stdin and stdout.
//!
//! One thread reads and frames messages (`transport`); the main thread
//! handles them in order. Changes only mark the analysis stale: once no
//! message is waiting, or when a request needs it, the workspace is checked
//! again (re-parsing only the changed files) and the diagnostics that
//! changed are published. So a burst of keystrokes costs one check.
//!
//! Nothing a client sends can stop the server: malformed messages get an
//! error response, unknown requests `MethodNotFound`, requests about files
//! the server does not know an empty answer, and every handler works on
//! half-typed files.

mod actions;
mod completion;
mod context;
mod diagnostics;
mod hover;
mod index;
mod navigate;
mod position;
mod state;
mod transport;
mod vocab;

use std::io::{self, BufReader, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    notification::Notification as _, InitializeParams, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, Url,
};
use serde_json::Value;

use self::position::Encoding;
use self::state::State;
use self::transport::Incoming;

/// The result of a request handler: a JSON result or an error response.
type Answer = Result<Value, (ErrorCode, String)>;

/// Runs the server until `exit` or the end of the input; returns the exit code.
pub fn run() -> i32 {
    let (tx, rx) = mpsc::channel::<Incoming>();
    std::thread::spawn(move || {
        let mut input = BufReader::new(io::stdin().lock());
        // Errors reading stdin (it closed) end the thread and so the loop.
        while let Ok(Some(msg)) = transport::read(&mut input) {
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        state: None,
        shutdown: false,
        out: io::stdout(),
    };
    loop {
        let Ok(first) = rx.recv() else {
            // stdin closed without `exit`.
            return 1;
        };
        if let Some(code) = server.handle(first) {
            return code;
        }
        // Handle what is already waiting before checking again.
        while let Ok(next) = rx.try_recv() {
            if let Some(code) = server.handle(next) {
                return code;
            }
        }
        server.publish();
    }
}

struct Server {
    /// `None` until `initialize`.
    state: Option<State>,
    /// Whether `shutdown` was received.
    shutdown: bool,
    out: io::Stdout,
}

impl Server {
    /// Handles one message; `Some(code)` ends the server.
    fn handle(&mut self, incoming: Incoming) -> Option<i32> {
        match incoming {
            Incoming::Invalid { id, code, message } => {
                let mut out = self.out.lock();
                let _ = transport::write_error(&mut out, id, code, &message);
                None
            }
            Incoming::Message(Message::Request(req)) => {
                self.request(req);
                None
            }
            Incoming::Message(Message::Notification(n)) => self.notification(n),
            // Answers to requests the server never sends.
            Incoming::Message(Message::Response(_)) => None,
        }
    }

    fn send(&self, msg: Message) {
        let mut out = self.out.lock();
        let _ = transport::write(&mut out, &msg);
        let _ = out.flush();
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let answer = match req.method.as_str() {
            "initialize" => self.initialize(req.params),
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            method => match self.state.as_mut() {
                None => Err((
                    ErrorCode::ServerNotInitialized,
                    "the server is not initialized".to_string(),
                )),
                Some(state) => dispatch(state, method, req.params),
            },
        };
        self.respond(id, answer);
    }

    fn respond(&self, id: RequestId, answer: Answer) {
        let response = match answer {
            Ok(result) => Response::new_ok(id, result),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    fn initialize(&mut self, params: Value) -> Answer {
        if self.state.is_some() {
            return Err((
                ErrorCode::InvalidRequest,
                "the server is already initialized".to_string(),
            ));
        }
        let params: InitializeParams = serde_json::from_value(params).map_err(invalid_params)?;
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        let enc = if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let state = State::new(root(&params), enc).map_err(|e| (ErrorCode::InternalError, e))?;
        let encoding = match enc {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        };
        let capabilities = capabilities(encoding);
        let config_error = state.config_error.clone();
        self.state = Some(state);
        if let Some(e) = config_error {
            self.show_error(&e);
        }
        Ok(serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "ropa", "version": env!("CARGO_PKG_VERSION") },
        }))
    }

    fn show_error(&self, message: &str) {
        let params = lsp_types::ShowMessageParams {
            typ: lsp_types::MessageType::ERROR,
            message: format!("ropa: {message}"),
        };
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::ShowMessage::METHOD.to_string(),
            params,
        )));
    }

    fn notification(&mut self, n: Notification) -> Option<i32> {
        if n.method == "exit" {
            return Some(if self.shutdown { 0 } else { 1 });
        }
        let state = self.state.as_mut()?;
        let reloaded = match notify(state, &n.method, n.params) {
            Ok(reloaded) => reloaded,
            Err(message) => {
                // A notification has no answer; say it in the log.
                let params = lsp_types::LogMessageParams {
                    typ: lsp_types::MessageType::WARNING,
                    message: format!("ropa: {}: {message}", n.method),
                };
                self.send(Message::Notification(Notification::new(
                    lsp_types::notification::LogMessage::METHOD.to_string(),
                    params,
                )));
                false
            }
        };
        if reloaded {
            if let Some(e) = self.state.as_ref().and_then(|s| s.config_error.clone()) {
                self.show_error(&e);
            }
        }
        None
    }

    /// Publishes the diagnostics that changed since the last publication.
    fn publish(&mut self) {
        let Some(state) = self.state.as_mut() else {
            return;
        };
        let published = state.diagnostics_to_publish();
        // A policy that could not run is said once per new analysis: its
        // findings are missing from what is published.
        let policy_error = if published.is_empty() {
            None
        } else {
            state.analysis_ref().and_then(|a| a.policy_error.clone())
        };
        if let Some(e) = policy_error {
            self.show_error(&e);
        }
        for (uri, diagnostics) in published {
            let version = None;
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics,
                version,
            };
            self.send(Message::Notification(Notification::new(
                lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
                params,
            )));
        }
    }
}

fn invalid_params(e: serde_json::Error) -> (ErrorCode, String) {
    (ErrorCode::InvalidParams, format!("invalid parameters: {e}"))
}

/// The workspace folder: the first folder, else the root URI or path,
/// else the current directory.
fn root(params: &InitializeParams) -> PathBuf {
    let from_folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| f.uri.to_file_path().ok());
    #[allow(deprecated)]
    let from_uri = params.root_uri.as_ref().and_then(|u| u.to_file_path().ok());
    #[allow(deprecated)]
    let from_path = params.root_path.as_ref().map(PathBuf::from);
    from_folder
        .or(from_uri)
        .or(from_path)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."))
}

fn capabilities(encoding: PositionEncodingKind) -> ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        position_encoding: Some(encoding),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(true),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: WorkDoneProgressOptions::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), ",".into(), " ".into(), ".".into()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The path of a document URI: its file path, or the URI itself for
/// documents that are not files (`untitled:`).
pub(crate) fn path_of(uri: &Url) -> PathBuf {
    uri.to_file_path()
        .unwrap_or_else(|_| PathBuf::from(uri.as_str()))
}

/// Answers a request.
fn dispatch(state: &mut State, method: &str, params: Value) -> Answer {
    use lsp_types::request::*;
    fn p<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, (ErrorCode, String)> {
        serde_json::from_value(params).map_err(invalid_params)
    }
    fn json<T: serde::Serialize>(v: T) -> Answer {
        serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }
    match method {
        HoverRequest::METHOD => json(hover::hover(state, p(params)?)),
        GotoDefinition::METHOD => json(navigate::definition(state, p(params)?)),
        References::METHOD => json(navigate::references(state, p(params)?)),
        PrepareRenameRequest::METHOD => json(navigate::prepare_rename(state, p(params)?)),
        Rename::METHOD => navigate::rename(state, p(params)?).and_then(json),
        Completion::METHOD => json(completion::completion(state, p(params)?)),
        Formatting::METHOD => json(actions::formatting(state, p(params)?)),
        CodeActionRequest::METHOD => json(actions::code_actions(state, p(params)?)),
        DocumentSymbolRequest::METHOD => json(navigate::document_symbols(state, p(params)?)),
        WorkspaceSymbolRequest::METHOD => json(navigate::workspace_symbols(state, p(params)?)),
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("ropa lsp does not handle `{method}`"),
        )),
    }
}

/// Applies a notification; `Ok(true)` when the configuration was re-read.
fn notify(state: &mut State, method: &str, params: Value) -> Result<bool, String> {
    use lsp_types::notification::*;
    use lsp_types::*;
    fn p<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
        serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))
    }
    match method {
        DidOpenTextDocument::METHOD => {
            let params: DidOpenTextDocumentParams = p(params)?;
            let doc = params.text_document;
            let path = path_of(&doc.uri);
            state.set_document(doc.uri, path, doc.text);
        }
        DidChangeTextDocument::METHOD => {
            let params: DidChangeTextDocumentParams = p(params)?;
            let uri = params.text_document.uri;
            let path = path_of(&uri);
            let mut text = match state.docs.get(&path) {
                Some((_, text)) => text.clone(),
                // A change to a document never opened: start from the disk.
                None => std::fs::read_to_string(&path).unwrap_or_default(),
            };
            for change in params.content_changes {
                match change.range {
                    Some(range) => {
                        let lines = position::LineIndex::new(&text);
                        let start = lines.offset(&text, range.start, state.enc);
                        let end = lines.offset(&text, range.end, state.enc).max(start);
                        text.replace_range(start..end, &change.text);
                    }
                    None => text = change.text,
                }
            }
            state.set_document(uri, path, text);
        }
        DidSaveTextDocument::METHOD => {
            let params: DidSaveTextDocumentParams = p(params)?;
            let uri = params.text_document.uri;
            let path = path_of(&uri);
            match params.text {
                Some(text) => state.set_document(uri, path.clone(), text),
                None => state.refresh_from_disk(&path),
            }
            if path
                .file_name()
                .is_some_and(|n| n == crate::config::FILE_NAME)
            {
                state.reload();
                return Ok(true);
            }
        }
        DidCloseTextDocument::METHOD => {
            let params: DidCloseTextDocumentParams = p(params)?;
            state.close_document(&path_of(&params.text_document.uri));
        }
        DidChangeWatchedFiles::METHOD => {
            let params: DidChangeWatchedFilesParams = p(params)?;
            let mut reload = false;
            for change in params.changes {
                let path = path_of(&change.uri);
                if path
                    .file_name()
                    .is_some_and(|n| n == crate::config::FILE_NAME)
                {
                    reload = true;
                } else {
                    state.refresh_from_disk(&path);
                }
            }
            if reload {
                state.reload();
                return Ok(true);
            }
        }
        _ => {}
    }
    Ok(false)
}
