//! Watching the site's sources: which files changed since the last build,
//! named as the editor knows them (added, changed, deleted, renamed).
//!
//! Watched, in the site and in each base edition it `extends`: `content/`,
//! `data/`, `templates/`, `i18n/`, `static/`, `themes/` (recursively) and
//! `academie.yaml`. The root folders themselves are watched without
//! recursion, so a configuration saved by rename, or a watched folder
//! created later, is still seen. Hidden files, editor temporary and backup
//! files, and the output folder are ignored.
//!
//! Editors write in several steps (truncate then write, write a temporary
//! file then rename it over the original, write twice): the server waits
//! for a short quiet period, then compares the paths touched with what
//! existed before, so a save by rename is reported as one change.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::event::{EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;

/// Folders of a site root whose changes trigger a rebuild.
pub const WATCHED_DIRS: [&str; 6] = ["content", "data", "templates", "i18n", "static", "themes"];

/// What the watcher thread receives.
pub enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// How a path changed over one debounce window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Changed,
    Deleted,
    Renamed { from: PathBuf },
}

/// One change, with the path as shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub path: PathBuf,
    pub kind: ChangeKind,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            ChangeKind::Added => write!(f, "added {}", self.path.display()),
            ChangeKind::Changed => write!(f, "changed {}", self.path.display()),
            ChangeKind::Deleted => write!(f, "deleted {}", self.path.display()),
            ChangeKind::Renamed { from } => {
                write!(f, "renamed {} → {}", from.display(), self.path.display())
            }
        }
    }
}

impl Change {
    /// Is this a stylesheet (so tabs may swap stylesheets instead of reloading)?
    pub fn is_css(&self) -> bool {
        let css = |p: &Path| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"));
        css(&self.path)
            && match &self.kind {
                ChangeKind::Renamed { from } => css(from),
                _ => true,
            }
    }
}

/// Is `name` an editor's temporary, swap or backup file?
pub fn is_temporary(name: &str) -> bool {
    name.starts_with('.')            // .x.swp (vim), .#x (emacs lock), .goutputstream-* (gedit)
        || name.ends_with('~')       // x~ (emacs, vim backups, kate)
        || (name.starts_with('#') && name.ends_with('#')) // #x# (emacs autosave)
        || name == "4913"            // vim's probe file
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".crswap") // Chromium File System Access saves
        || name.contains("___jb_") // JetBrains safe write
        || name.ends_with(".kate-swp")
        || name.starts_with("sed") && name.len() == 9 && !name.contains('.') // sed -i
}

/// The filesystem watcher of a site and its base editions.
pub struct Watch {
    watcher: RecommendedWatcher,
    site_root: PathBuf,
    /// Canonical edition roots, the site first.
    roots: Vec<PathBuf>,
    watched: HashSet<PathBuf>,
    /// Paths never reported: the output folder…
    ignored: Vec<PathBuf>,
    /// …and its staging siblings, named by prefix.
    ignored_prefixes: Vec<String>,
    /// Files and folders that existed at the last build.
    known: HashSet<PathBuf>,
    /// Paths touched since the last [`Watch::take_changes`].
    touched: BTreeSet<PathBuf>,
    renames: Vec<(PathBuf, PathBuf)>,
    rescan: bool,
}

impl Watch {
    /// Starts watching `site_root` (and its base editions); events go to `tx`.
    /// Nothing under `output` or beside it with its staging names is reported.
    pub fn new(site_root: &Path, output: &Path, tx: Sender<Msg>) -> notify::Result<Watch> {
        let watcher = notify::recommended_watcher(move |res| {
            let _ = tx.send(Msg::Fs(res));
        })?;
        let site_root = site_root
            .canonicalize()
            .unwrap_or_else(|_| site_root.to_path_buf());
        let mut ignored = vec![output.to_path_buf()];
        let mut ignored_prefixes = Vec::new();
        if let (Some(parent), Some(name)) = (output.parent(), output.file_name()) {
            let parent = parent
                .canonicalize()
                .unwrap_or_else(|_| parent.to_path_buf());
            ignored.push(parent.join(name));
            let name = name.to_string_lossy();
            for stage in ["building", "previous"] {
                let p = parent.join(format!(".{name}.{stage}-"));
                ignored_prefixes.push(p.to_string_lossy().into_owned());
            }
        }
        let mut w = Watch {
            watcher,
            site_root,
            roots: Vec::new(),
            watched: HashSet::new(),
            ignored,
            ignored_prefixes,
            known: HashSet::new(),
            touched: BTreeSet::new(),
            renames: Vec::new(),
            rescan: false,
        };
        w.refresh();
        Ok(w)
    }

    /// The folders and files watched, for the terminal.
    pub fn describe(&self) -> String {
        let shown: Vec<String> = self
            .roots
            .iter()
            .map(|r| {
                crate::site::shown_path(&self.site_root, r)
                    .display()
                    .to_string()
            })
            .map(|r| if r.is_empty() { ".".into() } else { r })
            .collect();
        // Only the folders there are (a site may have no themes/: the
        // theme is built in); one created later is watched from then on.
        let present: Vec<String> = WATCHED_DIRS
            .iter()
            .filter(|d| self.roots.iter().any(|r| r.join(d).is_dir()))
            .map(|d| format!("{d}/, "))
            .collect();
        format!("{}{CONFIG_FILE} in {}", present.concat(), shown.join(", "))
    }

    /// Re-reads the chain of editions (`extends` may have changed) and
    /// watches what is new: new roots, folders created since.
    pub fn refresh(&mut self) {
        let mut roots = vec![self.site_root.clone()];
        if let Ok((layers, _)) = crate::site::edition::resolve(&self.site_root) {
            for l in layers {
                if !roots.contains(&l.root) {
                    roots.push(l.root);
                }
            }
        }
        for root in &roots {
            self.watch(root, RecursiveMode::NonRecursive);
            let config = root.join(CONFIG_FILE);
            if config.exists() {
                self.known.insert(config);
            }
            for d in WATCHED_DIRS {
                let dir = root.join(d);
                if dir.is_dir() && self.watch(&dir, RecursiveMode::Recursive) {
                    self.learn(&dir);
                }
            }
        }
        self.roots = roots;
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> bool {
        if self.watched.contains(path) {
            return false;
        }
        if self.watcher.watch(path, mode).is_ok() {
            self.watched.insert(path.to_path_buf());
            true
        } else {
            false
        }
    }

    /// Records every file and folder under `dir` as existing.
    fn learn(&mut self, dir: &Path) {
        for e in walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
        {
            self.known.insert(e.path().to_path_buf());
        }
    }

    /// Is `path` a source of the site (not ignored)?
    fn relevant(&self, path: &Path) -> bool {
        let text = path.to_string_lossy();
        if self.ignored.iter().any(|i| path.starts_with(i))
            || self
                .ignored_prefixes
                .iter()
                .any(|p| text.starts_with(p.as_str()))
        {
            return false;
        }
        self.roots.iter().any(|root| {
            let Ok(rel) = path.strip_prefix(root) else {
                return false;
            };
            let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
            let Some(first) = parts.next() else {
                return false;
            };
            let tail_ok = rel
                .components()
                .skip(1)
                .all(|c| !is_temporary(&c.as_os_str().to_string_lossy()));
            if first == CONFIG_FILE {
                return parts.next().is_none();
            }
            WATCHED_DIRS.contains(&first.as_ref()) && tail_ok
        })
    }

    /// Takes in one filesystem event; returns whether it concerns the site.
    pub fn record(&mut self, event: notify::Result<notify::Event>) -> bool {
        let event = match event {
            Ok(e) => e,
            Err(_) => {
                self.rescan = true;
                return true;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
            return true;
        }
        if matches!(event.kind, EventKind::Access(_) | EventKind::Other) {
            return false;
        }
        if let EventKind::Modify(ModifyKind::Name(RenameMode::Both)) = event.kind {
            if let [from, to] = &event.paths[..] {
                if self.relevant(from) && self.relevant(to) {
                    self.renames.push((from.clone(), to.clone()));
                }
            }
        }
        let mut any = false;
        for p in &event.paths {
            if self.relevant(p) {
                self.touched.insert(p.clone());
                any = true;
            }
        }
        any
    }

    /// Were there relevant events since the last [`Watch::take_changes`]?
    pub fn has_pending(&self) -> bool {
        self.rescan || !self.touched.is_empty()
    }

    /// What changed since the last call, compared with what existed then.
    /// Empty when nothing real changed (a temporary file came and went).
    pub fn take_changes(&mut self) -> Vec<Change> {
        let touched = std::mem::take(&mut self.touched);
        let renames = std::mem::take(&mut self.renames);
        if std::mem::take(&mut self.rescan) {
            self.known.clear();
            self.watched.clear();
            self.refresh();
            for root in self.roots.clone() {
                for d in WATCHED_DIRS {
                    let dir = root.join(d);
                    if dir.is_dir() {
                        self.learn(&dir);
                    }
                }
            }
            return vec![Change {
                path: PathBuf::from("(many files: the watcher asked for a rescan)"),
                kind: ChangeKind::Changed,
            }];
        }
        let mut added: BTreeSet<PathBuf> = BTreeSet::new();
        let mut deleted: BTreeSet<PathBuf> = BTreeSet::new();
        let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
        for path in &touched {
            let was = self.known.contains(path);
            let meta = std::fs::symlink_metadata(path).ok();
            match (was, meta) {
                (true, Some(m)) => {
                    if !m.is_dir() {
                        changed.insert(path.clone());
                    }
                }
                (false, Some(m)) => {
                    added.insert(path.clone());
                    self.known.insert(path.clone());
                    if m.is_dir() {
                        // A folder moved in: its files are new too.
                        self.learn(path);
                    }
                }
                (true, None) => {
                    deleted.insert(path.clone());
                    self.known.retain(|k| !k.starts_with(path));
                    // A watched folder removed (e.g. by a `git checkout`):
                    // watch it again if it comes back.
                    for w in self.watched.clone() {
                        if w.starts_with(path) {
                            let _ = self.watcher.unwatch(&w);
                            self.watched.remove(&w);
                        }
                    }
                }
                (false, None) => {}
            }
        }
        // A new watched folder (e.g. `static/` created): watch it.
        if added
            .iter()
            .any(|p| self.roots.iter().any(|r| p.parent() == Some(r.as_path())))
            || touched
                .iter()
                .any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE))
        {
            self.refresh();
        }
        let mut out = Vec::new();
        for (from, to) in renames {
            if deleted.contains(&from) && added.contains(&to) {
                deleted.remove(&from);
                added.remove(&to);
                out.push(Change {
                    path: self.shown(&to),
                    kind: ChangeKind::Renamed {
                        from: self.shown(&from),
                    },
                });
            }
        }
        // Files inside a folder added or deleted at once are not listed twice.
        let inside =
            |set: &BTreeSet<PathBuf>, p: &Path| set.iter().any(|d| p != d && p.starts_with(d));
        for p in &added {
            if !inside(&added, p) {
                out.push(Change {
                    path: self.shown(p),
                    kind: ChangeKind::Added,
                });
            }
        }
        for p in &changed {
            out.push(Change {
                path: self.shown(p),
                kind: ChangeKind::Changed,
            });
        }
        for p in &deleted {
            if !inside(&deleted, p) {
                out.push(Change {
                    path: self.shown(p),
                    kind: ChangeKind::Deleted,
                });
            }
        }
        out
    }

    fn shown(&self, p: &Path) -> PathBuf {
        crate::site::shown_path(&self.site_root, p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporary_files() {
        for t in [
            ".page.md.swp",
            "page.md~",
            "#page.md#",
            ".#page.md",
            "4913",
            "page.md.tmp",
            "page.md___jb_tmp___",
            "sedAb12Cd",
        ] {
            assert!(is_temporary(t), "{t}");
        }
        for f in [
            "page.md",
            "page.en.md",
            "style.css",
            "sedentary.md",
            "fr.yaml",
        ] {
            assert!(!is_temporary(f), "{f}");
        }
    }

    #[test]
    fn css_changes() {
        let c = |p: &str| Change {
            path: p.into(),
            kind: ChangeKind::Changed,
        };
        assert!(c("themes/academie/static/style.css").is_css());
        assert!(!c("content/pages/about.md").is_css());
    }
}
