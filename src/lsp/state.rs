//! What the server knows: the configuration, the workspace of every
//! `.ropa` file (open buffers override the disk), and the last analysis.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, Position, Range, Url};

use crate::check;
use crate::config::Config;
use crate::data::RuleData;
use crate::finding::Finding;
use crate::policy::Policies;
use crate::source::{FileId, SourceFile, Span};
use crate::workspace::{Run, Workspace};

use super::diagnostics;
use super::index::Index;
use super::position::{self, Encoding};

/// The result of one check, with what the features need to answer fast.
pub struct Analysis {
    /// The model, graph and findings (before the configuration).
    pub run: Run,
    /// The findings as `ropa check` reports them: severities and switched
    /// off rules of `ropa.yaml` applied.
    pub findings: Vec<Finding>,
    /// Why a policy could not run (a Rego evaluation error), if one could not.
    pub policy_error: Option<String>,
    /// Every declaration and reference of an ID, made on first use: typing
    /// needs only the diagnostics.
    index: OnceCell<Index>,
}

/// The server's state.
pub struct State {
    /// How positions count characters.
    pub enc: Encoding,
    /// The workspace folder.
    pub root: PathBuf,
    /// `ropa.yaml`, or the defaults.
    pub config: Config,
    /// The rule data with the configured packs.
    pub data: RuleData,
    /// The organisation's policies named by `ropa.yaml`.
    pub policies: Policies,
    /// Every file's text and tree.
    pub ws: Workspace,
    /// The documents open in the editor: their URI and text.
    pub docs: HashMap<PathBuf, (Url, String)>,
    /// The last analysis; `None` until the first, or after a change.
    analysis: Option<Analysis>,
    /// What was last published, per file.
    published: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Whether the workspace changed since the last publication.
    unpublished: bool,
    /// A problem with `ropa.yaml` to show the user, once.
    pub config_error: Option<String>,
}

impl State {
    /// Loads the workspace under `root`: its configuration and its files.
    /// Fails only when the built-in rule data is broken.
    pub fn new(root: PathBuf, enc: Encoding) -> Result<State, String> {
        let data = RuleData::builtin().map_err(|e| e.to_string())?;
        let mut state = State {
            enc,
            root,
            config: Config::default(),
            data,
            policies: Policies::default(),
            ws: Workspace::default(),
            docs: HashMap::new(),
            analysis: None,
            published: HashMap::new(),
            unpublished: true,
            config_error: None,
        };
        state.reload();
        Ok(state)
    }

    /// Reads `ropa.yaml` and every `.ropa` file of the workspace again
    /// (open documents keep their editor text).
    pub fn reload(&mut self) {
        self.config_error = None;
        let found = self
            .root
            .ancestors()
            .map(|d| d.join(crate::config::FILE_NAME))
            .find(|p| p.is_file());
        self.config = match found.map(|p| Config::load(&p)).transpose() {
            Ok(c) => c.unwrap_or_default(),
            Err(e) => {
                self.config_error = Some(e.to_string());
                Config::default()
            }
        };
        // A broken pack leaves the data as it was (at first, the built-in).
        match self.config.rule_data() {
            Ok(d) => self.data = d,
            Err(e) => self.config_error = Some(e.to_string()),
        }
        // Policies are checked against the vocabulary, packs included; a
        // broken policy file leaves the server running without policies.
        self.policies = match Policies::load(&self.config.policies, &self.data) {
            Ok(p) => p,
            Err(e) => {
                self.config_error = Some(e.to_string());
                Policies::default()
            }
        };
        let policies = &self.policies;
        if let Err(e) = self.config.bind_policies(|key| policies.find(key)) {
            self.config_error = Some(e.to_string());
        }
        let files = check::discover(std::slice::from_ref(&self.root)).unwrap_or_default();
        let inputs = files
            .into_iter()
            .filter(|f| !self.config.excludes(f))
            .map(|p| {
                let bytes = match self.docs.get(&p) {
                    Some((_, text)) => Ok(text.clone().into_bytes()),
                    None => std::fs::read(&p).map_err(|e| e.to_string()),
                };
                (p, bytes)
            })
            .collect();
        self.ws = Workspace::new(inputs);
        for (path, (_, text)) in &self.docs {
            if self.ws.file_id(path).is_none() && !self.config.excludes(path) {
                self.ws.set(path.clone(), Ok(text.clone().into_bytes()));
            }
        }
        self.invalidate();
    }

    /// A document was opened or changed in the editor.
    pub fn set_document(&mut self, uri: Url, path: PathBuf, text: String) {
        // A client may open other files with the server (`ropa.yaml`): only
        // `.ropa` files, and documents with no file name yet, are models.
        let model = path.extension().is_none_or(|e| e == "ropa");
        if model && !self.config.excludes(&path) {
            self.ws.set(path.clone(), Ok(text.clone().into_bytes()));
        }
        self.docs.insert(path, (uri, text));
        self.invalidate();
    }

    /// A document was closed: the file on disk counts again, if there is one.
    pub fn close_document(&mut self, path: &Path) {
        self.docs.remove(path);
        self.refresh_from_disk(path);
    }

    /// A file changed, appeared or disappeared on disk. An open document
    /// keeps its editor text: that is what the user sees.
    pub fn refresh_from_disk(&mut self, path: &Path) {
        if self.docs.contains_key(path) {
            return;
        }
        let is_ropa = path.extension().is_some_and(|e| e == "ropa");
        let inside = path.starts_with(&self.root);
        if is_ropa && inside && path.is_file() && !self.config.excludes(path) {
            let bytes = std::fs::read(path).map_err(|e| e.to_string());
            self.ws.set(path.to_path_buf(), bytes);
        } else {
            self.ws.remove(path);
        }
        self.invalidate();
    }

    /// Marks the analysis stale and the diagnostics unpublished.
    fn invalidate(&mut self) {
        self.analysis = None;
        self.unpublished = true;
    }

    /// The current analysis, made now when the workspace changed since.
    pub fn analysis(&mut self) -> &Analysis {
        let analysis = match self.analysis.take() {
            Some(a) => a,
            None => self.analyse(),
        };
        self.analysis.insert(analysis)
    }

    /// The last analysis, if it is current.
    pub fn analysis_ref(&self) -> Option<&Analysis> {
        self.analysis.as_ref()
    }

    fn analyse(&self) -> Analysis {
        let config = &self.config;
        let enabled = |r: &crate::finding::Rule| config.severities.get(r.code) != Some(&None);
        let (mut run, policy_error) = self.ws.check_with(&self.data, &self.policies, &enabled);
        let findings = config.apply(std::mem::take(&mut run.findings));
        Analysis {
            run,
            findings,
            policy_error: policy_error.map(|e| e.to_string()),
            index: OnceCell::new(),
        }
    }

    /// The diagnostics of every file whose diagnostics changed since the
    /// last call (files that lost theirs get an empty list).
    pub fn diagnostics_to_publish(&mut self) -> Vec<(Url, Vec<Diagnostic>)> {
        if !std::mem::take(&mut self.unpublished) {
            return Vec::new();
        }
        let enc = self.enc;
        self.analysis();
        let Some(analysis) = self.analysis.as_ref() else {
            return Vec::new();
        };
        let mut now: HashMap<PathBuf, Vec<Diagnostic>> = HashMap::new();
        for (_, path) in self.ws.paths() {
            now.insert(path.to_path_buf(), Vec::new());
        }
        for f in &analysis.findings {
            let path = analysis.run.model.sources.path(f.primary.span.file);
            let d = diagnostics::diagnostic(
                f,
                &analysis.run.model.sources,
                &|span| analysis.range(span, enc),
                &|p| self.uri(p),
            );
            now.entry(path.to_path_buf()).or_default().push(d);
        }
        let mut out = Vec::new();
        for (path, list) in &now {
            if self.published.get(path) != Some(list) {
                if let Some(uri) = self.uri(path) {
                    out.push((uri, list.clone()));
                }
            }
        }
        for path in self.published.keys() {
            if !now.contains_key(path) {
                if let Some(uri) = self.uri(path) {
                    out.push((uri, Vec::new()));
                }
            }
        }
        out.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        self.published = now;
        out
    }

    /// The URI of a path: the one the editor used, else a `file:` URI.
    pub fn uri(&self, path: &Path) -> Option<Url> {
        if let Some((uri, _)) = self.docs.get(path) {
            return Some(uri.clone());
        }
        Url::from_file_path(path).ok()
    }

    /// The text of a document: the editor's, else the workspace's.
    pub fn text(&self, path: &Path) -> Option<&str> {
        if let Some((_, text)) = self.docs.get(path) {
            return Some(text);
        }
        let id = self.ws.file_id(path)?;
        self.ws.source(id).map(|s| s.text.as_str())
    }
}

impl Analysis {
    /// The index of IDs of `ws`, the workspace this analysis was made of.
    pub fn index(&self, ws: &Workspace) -> &Index {
        self.index.get_or_init(|| Index::build(ws))
    }

    /// The source file with this ID.
    pub fn source(&self, id: FileId) -> Option<&SourceFile> {
        ((id.0 as usize) < self.run.model.sources.len()).then(|| self.run.model.sources.get(id))
    }

    /// The ID of the file at `path`.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.run
            .model
            .sources
            .iter()
            .find(|(_, f)| f.path == path)
            .map(|(id, _)| id)
    }

    /// The LSP range of a span.
    pub fn range(&self, span: Span, enc: Encoding) -> Range {
        match self.source(span.file) {
            Some(file) => position::range(
                file.line_starts(),
                &file.text,
                span.start as usize,
                span.end as usize,
                enc,
            ),
            None => Range::default(),
        }
    }

    /// The byte offset of a position in a file.
    pub fn offset(&self, id: FileId, pos: Position, enc: Encoding) -> Option<usize> {
        let file = self.source(id)?;
        Some(position::offset(file.line_starts(), &file.text, pos, enc))
    }
}
