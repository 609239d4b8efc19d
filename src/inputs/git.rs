//! A git repository of `<Service>/<Document>.md` files (an Open Terms
//! Archive versions repository, or any repository laid out the same way)
//! read as a history of dated versions, with `gix`.
//!
//! Every commit that changed a selected document's file makes a version of
//! that document dated by the commit's committer day (UTC); of several
//! commits on one day, the latest wins. A version is identified by the id
//! of its blob, so an index can tell new versions from known ones without
//! reading them.
//!
//! Invariants: a commit or tree that cannot be read ends or skips part of
//! the walk with a [`HistoryNote`], never the whole history; nothing here
//! panics on a broken repository.

use super::utc_day;
use gix::ObjectId;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The document read when no other is asked for.
pub const PRIVACY_POLICY: &str = "Privacy Policy";

/// Which documents of each service are read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Documents {
    /// `Privacy Policy.md` only.
    #[default]
    PrivacyPolicy,
    /// Every `<Document>.md`.
    All,
    /// The named documents (without `.md`).
    Named(Vec<String>),
}

impl Documents {
    /// Parses `all` or a comma-separated list of document names.
    pub fn parse(text: &str) -> Documents {
        if text.trim().eq_ignore_ascii_case("all") {
            return Documents::All;
        }
        let names: Vec<String> = text
            .split(',')
            .map(|n| n.trim().trim_end_matches(".md").to_string())
            .filter(|n| !n.is_empty())
            .collect();
        match names.as_slice() {
            [only] if only == PRIVACY_POLICY => Documents::PrivacyPolicy,
            _ => Documents::Named(names),
        }
    }

    /// True when `document` (a file name without `.md`) is selected.
    pub fn selects(&self, document: &str) -> bool {
        match self {
            Documents::PrivacyPolicy => document == PRIVACY_POLICY,
            Documents::All => true,
            Documents::Named(names) => names.iter().any(|n| n == document),
        }
    }

    /// A short key for this selection (for index and session keys).
    pub fn key(&self) -> String {
        match self {
            Documents::PrivacyPolicy => PRIVACY_POLICY.to_string(),
            Documents::All => "all".to_string(),
            Documents::Named(names) => names.join(","),
        }
    }
}

/// The company name of a service's document: the service for its privacy
/// policy, `Service (Document)` for any other.
pub fn company_name(service: &str, document: &str) -> String {
    if document == PRIVACY_POLICY {
        service.to_string()
    } else {
        format!("{service} ({document})")
    }
}

/// What went wrong with a repository as a whole.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    /// The path is not a repository gix can open.
    #[error("cannot open git repository {path}: {message}")]
    Open {
        /// The repository's path.
        path: String,
        /// gix's reason.
        message: String,
    },
    /// HEAD points to no commit (an empty repository).
    #[error("git repository {path} has no commits")]
    NoCommits {
        /// The repository's work tree (or git directory when bare).
        path: String,
    },
    /// No commit changed a selected `<Service>/<Document>.md` file.
    #[error("{}", no_documents_text(.path, .found))]
    NoDocuments {
        /// The repository's work tree (or git directory when bare).
        path: String,
        /// Documents present at the newest commit, with how many services have each.
        found: BTreeMap<String, usize>,
    },
    /// An object needed to start the walk or read a version is missing
    /// or corrupt.
    #[error("cannot read git object {id} in {path}: {message}")]
    Object {
        /// The repository's work tree (or git directory when bare).
        path: String,
        /// The object's id in hex.
        id: String,
        /// gix's reason.
        message: String,
    },
}

fn no_documents_text(path: &str, found: &BTreeMap<String, usize>) -> String {
    if found.is_empty() {
        return format!(
            "git repository {path} has no <Service>/<Document>.md files (expected a layout like Open Terms Archive's versions repositories)"
        );
    }
    let list: Vec<String> = found.iter().map(|(d, n)| format!("'{d}' ({n})")).collect();
    format!(
        "git repository {path} has none of the selected documents; it has {}: choose with --documents (a list, or all)",
        list.join(", ")
    )
}

/// Something to tell about a history that was still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryNote {
    /// The clone is shallow: older versions are not in it.
    Shallow,
    /// The walk stopped at an unreadable commit: older versions are missing.
    Truncated {
        /// The unreadable commit's short id (`?` when unknown).
        commit: String,
        /// gix's reason.
        message: String,
    },
    /// One commit's tree could not be read: its changes are missing.
    SkippedCommit {
        /// The commit's short id.
        commit: String,
        /// gix's reason.
        message: String,
    },
}

impl std::fmt::Display for HistoryNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HistoryNote::Shallow => write!(
                f,
                "shallow clone: versions older than its oldest commit are missing (git fetch --unshallow reads them)"
            ),
            HistoryNote::Truncated { commit, message } => write!(
                f,
                "history read only down to commit {commit}, which cannot be read ({message}); older versions are missing"
            ),
            HistoryNote::SkippedCommit { commit, message } => {
                write!(f, "changes of commit {commit} skipped: {message}")
            }
        }
    }
}

/// One dated version of one service's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The service: the top-level directory the file is in.
    pub service: String,
    /// The document: the file's name without `.md`.
    pub document: String,
    /// The committer day, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The blob holding the text.
    pub blob: ObjectId,
}

impl Version {
    /// `Service/Document.md@date`: the version's path in the repository and its day.
    pub fn key(&self) -> String {
        format!("{}/{}.md@{}", self.service, self.document, self.date)
    }
}

/// The versions found in a repository's history.
#[derive(Debug, Default)]
pub struct History {
    /// Oldest day first within each document.
    pub versions: Vec<Version>,
    /// The commit the walk started from.
    pub head: String,
    /// What the walk could not read (empty for a whole, deep history).
    pub notes: Vec<HistoryNote>,
}

/// True when `path` is the top of a git repository: a work tree with a
/// `.git` entry, or a bare repository.
pub fn is_repository(path: &Path) -> bool {
    path.join(".git").exists()
        || (path.join("HEAD").is_file()
            && path.join("objects").is_dir()
            && path.join("refs").is_dir())
}

/// Opens the repository at `path` (no discovery upwards).
pub fn open(path: &Path) -> Result<gix::Repository, GitError> {
    let mut repo = gix::open(path).map_err(|e| GitError::Open {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    repo.object_cache_size_if_unset(32 * 1024 * 1024);
    Ok(repo)
}

/// The id of the commit HEAD points to.
pub fn head(repo: &gix::Repository) -> Result<ObjectId, GitError> {
    repo.head_id()
        .map(|id| id.detach())
        .map_err(|_| GitError::NoCommits {
            path: repo_path(repo),
        })
}

fn repo_path(repo: &gix::Repository) -> String {
    repo.workdir()
        .unwrap_or_else(|| repo.git_dir())
        .display()
        .to_string()
}

/// True when HEAD's tree holds at least one `<dir>/<name>.md` file.
pub fn has_documents(repo: &gix::Repository) -> bool {
    document_counts(repo).is_ok_and(|found| !found.is_empty())
}

/// The documents at HEAD with the number of services holding each.
fn document_counts(repo: &gix::Repository) -> Result<BTreeMap<String, usize>, GitError> {
    let head = head(repo)?;
    let mut found = BTreeMap::new();
    let mut walker = Walker::new(repo);
    let tree = walker.commit_tree(head)?;
    for (_, files) in walker.services(tree)? {
        for (document, _) in files {
            *found.entry(document).or_insert(0) += 1;
        }
    }
    Ok(found)
}

/// Reads the dated versions of the selected documents from HEAD's history.
pub fn history(repo: &gix::Repository, documents: &Documents) -> Result<History, GitError> {
    let head = head(repo)?;
    let mut out = History {
        head: head.to_string(),
        ..Default::default()
    };
    if repo.is_shallow().unwrap_or(false) {
        out.notes.push(HistoryNote::Shallow);
    }
    let walk = repo.rev_walk([head]).all().map_err(|e| GitError::Object {
        path: repo_path(repo),
        id: head.to_string(),
        message: e.to_string(),
    })?;
    // (service, document, day) → (commit time, blob)
    let mut latest: HashMap<(String, String, String), (i64, ObjectId)> = HashMap::new();
    let mut walker = Walker::new(repo);
    for info in walk {
        let info = match info {
            Ok(info) => info,
            Err(e) => {
                out.notes.push(HistoryNote::Truncated {
                    commit: short(&e.to_string()),
                    message: e.to_string(),
                });
                break;
            }
        };
        let parent = info.parent_ids.first().copied();
        match walker.commit_changes(info.id, parent, documents) {
            Ok((seconds, changes)) => {
                let day = utc_day(seconds);
                for (service, document, blob) in changes {
                    let key = (service, document, day.clone());
                    match latest.get(&key) {
                        Some((t, _)) if *t > seconds => {}
                        _ => {
                            latest.insert(key, (seconds, blob));
                        }
                    }
                }
            }
            Err(e) => out.notes.push(HistoryNote::SkippedCommit {
                commit: info.id.to_hex_with_len(10).to_string(),
                message: e.to_string(),
            }),
        }
    }
    if latest.is_empty() {
        return Err(GitError::NoDocuments {
            path: repo_path(repo),
            found: document_counts(repo).unwrap_or_default(),
        });
    }
    out.versions = latest
        .into_iter()
        .map(|((service, document, date), (_, blob))| Version {
            service,
            document,
            date,
            blob,
        })
        .collect();
    out.versions.sort_by(|a, b| {
        (&a.service, &a.document, &a.date).cmp(&(&b.service, &b.document, &b.date))
    });
    Ok(out)
}

fn short(text: &str) -> String {
    text.split_whitespace()
        .find(|w| w.len() >= 40 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .map_or_else(|| "?".to_string(), |w| w[..10].to_string())
}

/// Reads the bytes of a blob.
pub fn read_blob(repo: &gix::Repository, id: ObjectId) -> Result<Vec<u8>, GitError> {
    repo.find_object(id)
        .map(|mut o| std::mem::take(&mut o.data))
        .map_err(|e| GitError::Object {
            path: repo_path(repo),
            id: id.to_string(),
            message: e.to_string(),
        })
}

/// A document changed by a commit: service, document, new blob.
type Change = (String, String, ObjectId);

/// A service's documents: file name without `.md` → blob.
type Files = Vec<(String, ObjectId)>;

/// Reads commits and trees, remembering the last trees it decoded.
struct Walker<'r> {
    repo: &'r gix::Repository,
    /// Top-level entries of recently read root trees.
    roots: HashMap<ObjectId, Vec<(String, ObjectId)>>,
}

impl<'r> Walker<'r> {
    fn new(repo: &'r gix::Repository) -> Walker<'r> {
        Walker {
            repo,
            roots: HashMap::new(),
        }
    }

    fn error(&self, id: ObjectId, e: impl std::fmt::Display) -> GitError {
        GitError::Object {
            path: repo_path(self.repo),
            id: id.to_string(),
            message: e.to_string(),
        }
    }

    fn commit_tree(&self, commit: ObjectId) -> Result<ObjectId, GitError> {
        let object = self
            .repo
            .find_commit(commit)
            .map_err(|e| self.error(commit, e))?;
        object
            .tree_id()
            .map(|id| id.detach())
            .map_err(|e| self.error(commit, e))
    }

    /// The commit's time and the selected documents it changed against
    /// `parent` (all of them for a root commit).
    fn commit_changes(
        &mut self,
        commit: ObjectId,
        parent: Option<ObjectId>,
        documents: &Documents,
    ) -> Result<(i64, Vec<Change>), GitError> {
        let object = self
            .repo
            .find_commit(commit)
            .map_err(|e| self.error(commit, e))?;
        let seconds = object
            .committer()
            .map_err(|e| self.error(commit, e))?
            .time()
            .map_err(|e| self.error(commit, e))?
            .seconds;
        let tree = self.commit_tree(commit)?;
        let parent_tree = match parent {
            Some(p) => Some(self.commit_tree(p)?),
            None => None,
        };
        let ours = self.root(tree)?;
        let theirs = match parent_tree {
            Some(t) => self.root(t)?,
            None => Vec::new(),
        };
        let before: HashMap<&str, ObjectId> =
            theirs.iter().map(|(n, id)| (n.as_str(), *id)).collect();
        let mut changes = Vec::new();
        for (service, id) in &ours {
            let old = before.get(service.as_str()).copied();
            if old == Some(*id) {
                continue;
            }
            let old_files = match old {
                Some(old) => self.files(old)?,
                None => Vec::new(),
            };
            for (document, blob) in self.files(*id)? {
                let unchanged = old_files.iter().any(|(d, b)| *d == document && *b == blob);
                if !unchanged && documents.selects(&document) {
                    changes.push((service.clone(), document, blob));
                }
            }
        }
        self.forget_except(&[tree, parent_tree.unwrap_or(tree)]);
        Ok((seconds, changes))
    }

    /// The sub-trees (services) of a root tree, cached.
    fn root(&mut self, tree: ObjectId) -> Result<Vec<(String, ObjectId)>, GitError> {
        if let Some(entries) = self.roots.get(&tree) {
            return Ok(entries.clone());
        }
        let entries = self.entries(tree, true)?;
        self.roots.insert(tree, entries.clone());
        Ok(entries)
    }

    fn forget_except(&mut self, keep: &[ObjectId]) {
        if self.roots.len() > 4 {
            self.roots.retain(|id, _| keep.contains(id));
        }
    }

    /// The `.md` files of a service tree, without the extension.
    fn files(&self, tree: ObjectId) -> Result<Files, GitError> {
        Ok(self
            .entries(tree, false)?
            .into_iter()
            .filter_map(|(name, id)| Some((name.strip_suffix(".md")?.to_string(), id)))
            .filter(|(name, _)| !name.is_empty())
            .collect())
    }

    /// Entries of a tree that are trees (`trees`) or blobs (otherwise).
    fn entries(&self, tree: ObjectId, trees: bool) -> Result<Vec<(String, ObjectId)>, GitError> {
        let object = self.repo.find_tree(tree).map_err(|e| self.error(tree, e))?;
        let decoded = object.decode().map_err(|e| self.error(tree, e))?;
        Ok(decoded
            .entries
            .iter()
            .filter(|e| {
                if trees {
                    e.mode.is_tree()
                } else {
                    e.mode.is_blob()
                }
            })
            .map(|e| (e.filename.to_string(), e.oid.to_owned()))
            .collect())
    }

    /// Every service with its documents.
    fn services(&mut self, tree: ObjectId) -> Result<Vec<(String, Files)>, GitError> {
        let mut out = Vec::new();
        for (service, id) in self.root(tree)? {
            let files = self.files(id)?;
            if !files.is_empty() {
                out.push((service, files));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_selection() {
        assert_eq!(Documents::parse("all"), Documents::All);
        assert_eq!(Documents::parse("Privacy Policy"), Documents::PrivacyPolicy);
        let named = Documents::parse("Terms of Service.md, Privacy Policy");
        assert!(named.selects("Terms of Service") && named.selects("Privacy Policy"));
        assert!(!Documents::PrivacyPolicy.selects("Terms of Service"));
        assert_eq!(
            company_name("GitHub", "Terms of Service"),
            "GitHub (Terms of Service)"
        );
    }
}
