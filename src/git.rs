//! The model at a git revision, or as staged, read from the repository
//! itself (gitoxide): `ropa diff`, `ropa check --new-since` and the
//! pre-commit hook compare it with the working tree.
//!
//! A side's files are the `.ropa` files under the given paths, named as
//! the working tree's walk names them (relative to the current directory),
//! so that a finding's place reads the same on both sides. Directories
//! that the walk skips (hidden ones, `target`) are skipped here too.

use std::path::{Component, Path, PathBuf};

use crate::workspace::Input;

/// Why a revision could not be read.
#[derive(Debug)]
pub enum GitError {
    /// The path is not inside a git work tree.
    NotARepository(PathBuf),
    /// The revision does not name a commit.
    BadRevision(String, String),
    /// The repository could not be read.
    Read(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::NotARepository(p) => write!(
                f,
                "{} is not inside a git work tree: there is no earlier model to compare with",
                p.display()
            ),
            GitError::BadRevision(rev, why) => {
                write!(f, "`{rev}` does not name a commit here: {why}")
            }
            GitError::Read(why) => write!(f, "the repository could not be read: {why}"),
        }
    }
}

impl std::error::Error for GitError {}

fn read_error(e: impl std::fmt::Display) -> GitError {
    GitError::Read(e.to_string())
}

/// A repository, and where the current directory stands in it.
pub struct Repo {
    repo: gix::Repository,
    /// The current directory, relative to the work tree's root.
    here: PathBuf,
}

/// One side of a comparison: its files and what names it.
#[derive(Debug)]
pub struct Side {
    /// The `.ropa` files, named as the working tree's walk names them.
    pub inputs: Vec<Input>,
    /// The revision as given (`HEAD`, `main`), or `index` for the staged model.
    pub name: String,
    /// The commit's short ID, when it is a commit.
    pub commit: Option<String>,
    /// The commit's date (`YYYY-MM-DD`, committer time, UTC).
    pub date: Option<String>,
}

impl Repo {
    /// The repository holding the current directory.
    pub fn here() -> Result<Repo, GitError> {
        let cwd = std::env::current_dir().map_err(read_error)?;
        Repo::at(&cwd)
    }

    /// The repository holding `dir`, with `dir` as the current directory.
    pub fn at(dir: &Path) -> Result<Repo, GitError> {
        let repo = gix::discover(dir).map_err(|_| GitError::NotARepository(dir.to_path_buf()))?;
        let Some(root) = repo.workdir() else {
            return Err(GitError::NotARepository(dir.to_path_buf()));
        };
        let root = root.canonicalize().map_err(read_error)?;
        let dir = dir.canonicalize().map_err(read_error)?;
        let here = dir
            .strip_prefix(&root)
            .map(Path::to_path_buf)
            .map_err(|_| GitError::NotARepository(dir.clone()))?;
        Ok(Repo { repo, here })
    }

    /// Whether `spec` names a commit (a lone argument of `ropa diff` is a
    /// revision when it does, else a path).
    pub fn is_revision(&self, spec: &str) -> bool {
        self.commit(spec).is_ok()
    }

    fn commit(&self, spec: &str) -> Result<gix::Commit<'_>, GitError> {
        let bad =
            |e: &dyn std::fmt::Display| GitError::BadRevision(spec.to_string(), e.to_string());
        let id = self.repo.rev_parse_single(spec).map_err(|e| bad(&e))?;
        let object = id.object().map_err(|e| bad(&e))?;
        object.peel_to_commit().map_err(|e| bad(&e))
    }

    /// Whether `HEAD` has no commit yet (the first commit is being made).
    pub fn unborn(&self) -> bool {
        self.repo.head().is_ok_and(|h| h.is_unborn())
    }

    /// The model at revision `spec`, under `paths` (relative to the
    /// current directory; empty: the current directory). An unborn `HEAD`
    /// is an empty model.
    pub fn read(&self, spec: &str, paths: &[PathBuf]) -> Result<Side, GitError> {
        if spec == "HEAD" && self.unborn() {
            return Ok(Side {
                inputs: Vec::new(),
                name: spec.to_string(),
                commit: None,
                date: None,
            });
        }
        let commit = self.commit(spec)?;
        let tree = commit.tree().map_err(read_error)?;
        let mut recorder = gix::traverse::tree::Recorder::default();
        tree.traverse()
            .breadthfirst(&mut recorder)
            .map_err(read_error)?;
        let wanted = self.wanted(paths);
        let mut inputs = Vec::new();
        for entry in recorder.records.iter().filter(|e| e.mode.is_blob()) {
            let path = entry.filepath.to_string();
            if let Some(named) = self.select(&path, &wanted) {
                inputs.push((named, self.blob(entry.oid)));
            }
        }
        inputs.sort_by(|a, b| a.0.cmp(&b.0));
        let date = commit.time().ok().map(|t| date(t.seconds));
        Ok(Side {
            inputs,
            name: spec.to_string(),
            commit: Some(commit.id().shorten_or_id().to_string()),
            date,
        })
    }

    /// The model as staged (the index), under `paths`.
    pub fn staged(&self, paths: &[PathBuf]) -> Result<Side, GitError> {
        let index = self.repo.index_or_empty().map_err(read_error)?;
        let wanted = self.wanted(paths);
        let mut inputs = Vec::new();
        for entry in index.entries() {
            let path = entry.path(&index).to_string();
            if let Some(named) = self.select(&path, &wanted) {
                inputs.push((named, self.blob(entry.id)));
            }
        }
        inputs.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Side {
            inputs,
            name: "index".to_string(),
            commit: None,
            date: None,
        })
    }

    /// The commit both `a` and `b` descend from (`A...B`).
    pub fn merge_base(&self, a: &str, b: &str) -> Result<String, GitError> {
        let (x, y) = (self.commit(a)?.id, self.commit(b)?.id);
        let base = self
            .repo
            .merge_base(x, y)
            .map_err(|e| GitError::BadRevision(format!("{a}...{b}"), e.to_string()))?;
        base.map(|id| id.to_string()).ok_or_else(|| {
            GitError::BadRevision(format!("{a}...{b}"), "they have no common ancestor".into())
        })
    }

    fn blob(&self, id: impl Into<gix::ObjectId>) -> Result<Vec<u8>, String> {
        self.repo
            .find_object(id.into())
            .map(|o| o.data.clone())
            .map_err(|e| e.to_string())
    }

    /// The repository paths the arguments select, as (prefix, whole file).
    fn wanted(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        if paths.is_empty() {
            return vec![normal(&self.here)];
        }
        paths.iter().map(|p| normal(&self.here.join(p))).collect()
    }

    /// `path` (from the repository's root) named as the working tree's
    /// walk names it, when it is a `.ropa` file under one of `wanted`
    /// outside a skipped directory.
    fn select(&self, path: &str, wanted: &[PathBuf]) -> Option<PathBuf> {
        let path = Path::new(path);
        if path.extension().is_none_or(|e| e != "ropa") {
            return None;
        }
        let under = wanted.iter().find(|w| path.starts_with(w))?;
        // The walk skips hidden directories and `target` below the paths
        // it is given, not in them.
        let inner = path.strip_prefix(under).ok()?;
        let mut dirs = inner.components().collect::<Vec<_>>();
        dirs.pop();
        if dirs.iter().any(|c| {
            c.as_os_str()
                .to_str()
                .is_some_and(|n| n.starts_with('.') || n == "target")
        }) {
            return None;
        }
        Some(relative_to(path, &self.here))
    }
}

/// A path with `.` and `..` resolved lexically.
fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` (from the root) as seen from `here` (from the root).
fn relative_to(path: &Path, here: &Path) -> PathBuf {
    if let Ok(inside) = path.strip_prefix(here) {
        return inside.to_path_buf();
    }
    let mut up = PathBuf::new();
    let mut base = here.to_path_buf();
    loop {
        up.push("..");
        if !base.pop() {
            return up.join(path);
        }
        if let Ok(rest) = path.strip_prefix(&base) {
            return up.join(rest);
        }
    }
}

/// A time in seconds since 1970 as `YYYY-MM-DD` (UTC).
pub fn date(seconds: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(951_782_400), "2000-02-29");
        assert_eq!(date(1_796_647_914), "2026-12-07");
    }

    #[test]
    fn paths_are_named_from_here() {
        assert_eq!(
            relative_to(Path::new("a/b/c.ropa"), Path::new("a")),
            PathBuf::from("b/c.ropa")
        );
        assert_eq!(
            relative_to(Path::new("x/c.ropa"), Path::new("a/b")),
            PathBuf::from("../../x/c.ropa")
        );
        assert_eq!(normal(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }
}
