//! The two ways a build puts its files in the output folder.
//!
//! - [`OutputWriter::staging`]: a fresh folder beside the output, written
//!   as the pages come, swapped in by [`OutputWriter::finish`] only when
//!   everything succeeded (`academie build`, the preview's first build).
//! - [`OutputWriter::in_place`]: the output folder itself, for the
//!   preview's rebuilds. Files are held until [`OutputWriter::finish`], so a
//!   failed rebuild writes nothing; then only the files whose bytes changed
//!   are written, each atomically, and the files the site no longer makes
//!   are removed.
//!
//! A third, [`OutputWriter::discard`], writes nothing (`academie check`).

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use super::{io_error, Staging};
use crate::diagnostics::Diagnostic;

/// Output file (relative path) → hash of the bytes written there: what
/// the output folder holds, as far as the writer knows.
pub type Hashes = HashMap<String, u64>;

/// Where a build's files go; see the [module](self) documentation.
pub struct OutputWriter {
    mode: Mode,
    /// The hash of every file written, kept only when asked for (the
    /// preview compares the next build's files with them).
    hashes: Option<Mutex<Hashes>>,
    /// Files this build produced, written or already up to date (when
    /// hashes are kept).
    produced: Mutex<HashSet<String>>,
    written: AtomicUsize,
}

enum Mode {
    Staging(Staging),
    InPlace {
        dir: PathBuf,
        /// Files held until [`OutputWriter::finish`].
        held: Mutex<Vec<(String, Vec<u8>)>>,
        /// Files to remove at [`OutputWriter::finish`].
        stale: Mutex<HashSet<String>>,
    },
    /// Nothing is written; the folder only holds what a check needs on
    /// disk (the search engine's files, whose URLs templates show).
    Discard(tempfile::TempDir),
}

/// What a finished writer did.
#[derive(Debug, Default)]
pub struct Finished {
    /// The output folder, when files were written to it.
    pub output: Option<PathBuf>,
    /// Files written (the others were already up to date).
    pub written: usize,
    /// What the output folder now holds, when hashes were kept.
    pub hashes: Hashes,
}

impl OutputWriter {
    /// A staging folder beside `target`, swapped in at the end. `track`
    /// keeps the hash of every file written, for in-place writes later.
    pub fn staging(target: &Path, track: bool) -> Result<OutputWriter, Diagnostic> {
        Ok(Self::with(Mode::Staging(Staging::new(target)?), track))
    }

    /// The output folder `dir`, which holds the files `hashes` describes.
    pub fn in_place(dir: &Path, hashes: Hashes) -> OutputWriter {
        let mut w = Self::with(
            Mode::InPlace {
                dir: dir.to_path_buf(),
                held: Mutex::new(Vec::new()),
                stale: Mutex::new(HashSet::new()),
            },
            true,
        );
        w.hashes = Some(Mutex::new(hashes));
        w
    }

    /// Writes nothing.
    pub fn discard() -> Result<OutputWriter, Diagnostic> {
        let scratch = tempfile::tempdir()
            .map_err(|e| io_error(&std::env::temp_dir(), "cannot create a scratch folder", e))?;
        Ok(Self::with(Mode::Discard(scratch), false))
    }

    fn with(mode: Mode, track: bool) -> OutputWriter {
        OutputWriter {
            mode,
            hashes: track.then(|| Mutex::new(Hashes::new())),
            produced: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
        }
    }

    /// The folder files go into, for what is written there directly (the
    /// search engine's files).
    pub fn dir(&self) -> &Path {
        match &self.mode {
            Mode::Staging(s) => s.dir(),
            Mode::InPlace { dir, .. } => dir,
            Mode::Discard(t) => t.path(),
        }
    }

    /// Whether files are written at all.
    pub fn writes(&self) -> bool {
        !matches!(self.mode, Mode::Discard(_))
    }

    /// Whether this writer makes a whole new output folder (rather than
    /// updating one in place).
    pub fn is_fresh(&self) -> bool {
        matches!(self.mode, Mode::Staging(_))
    }

    /// Writes `bytes` at `rel` (a staging folder), or holds them until
    /// [`OutputWriter::finish`] (in place). Callable from many threads.
    pub fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic> {
        if self.hashes.is_some() {
            // Only a writer that knows what the folder holds removes stale files.
            lock(&self.produced).insert(rel.to_owned());
        }
        match &self.mode {
            Mode::Staging(s) => {
                s.write(rel, &bytes)?;
                self.written.fetch_add(1, Ordering::Relaxed);
                if let Some(h) = &self.hashes {
                    lock(h).insert(rel.to_owned(), hash(&bytes));
                }
                Ok(())
            }
            Mode::InPlace { held, .. } => {
                lock(held).push((rel.to_owned(), bytes));
                Ok(())
            }
            Mode::Discard(_) => Ok(()),
        }
    }

    /// [`OutputWriter::write`] for many files, in parallel.
    pub fn write_all(&self, files: Vec<(String, Vec<u8>)>) -> Result<(), Vec<Diagnostic>> {
        let errors: Vec<Diagnostic> = files
            .into_par_iter()
            .filter_map(|(rel, bytes)| self.write(&rel, bytes).err())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Marks for removal at [`OutputWriter::finish`] every file written by
    /// an earlier build that `keep` rejects (in place; a staging folder
    /// holds only this build's files).
    pub fn remove_stale(&self, keep: impl Fn(&str) -> bool) {
        if let (Mode::InPlace { stale, .. }, Some(hashes)) = (&self.mode, &self.hashes) {
            let mut stale = lock(stale);
            stale.extend(lock(hashes).keys().filter(|f| !keep(f)).cloned());
        }
    }

    /// Forgets the hashes of the files `other` says are written by someone
    /// else from now on, so no later build trusts them.
    pub fn forget(&self, other: impl Fn(&str) -> bool) {
        if let Some(h) = &self.hashes {
            lock(h).retain(|f, _| !other(f));
        }
    }

    /// The files this build produced (known when hashes are kept).
    pub fn produced(&self) -> HashSet<String> {
        lock(&self.produced).clone()
    }

    /// Gives up: a staging folder is removed, held files are dropped.
    /// Returns what the output folder holds (in place), unchanged.
    pub fn abandon(self) -> Option<Hashes> {
        match self.mode {
            Mode::InPlace { .. } => self.hashes.map(into_inner),
            _ => None,
        }
    }

    /// Ends the build: swaps the staging folder in, or writes the held
    /// files whose bytes changed and removes the stale ones.
    pub fn finish(self) -> Result<Finished, Diagnostic> {
        let hashes = self.hashes.map(into_inner).unwrap_or_default();
        let mut written = self.written.into_inner();
        let output = match self.mode {
            Mode::Staging(s) => Some(s.commit()?),
            Mode::Discard(_) => None,
            Mode::InPlace { dir, held, stale } => {
                let mut hashes = hashes;
                written += write_changed(&dir, &mut hashes, into_inner(held))?;
                for rel in into_inner(stale) {
                    hashes.remove(&rel);
                    let _ = std::fs::remove_file(dir.join(&rel));
                }
                return Ok(Finished {
                    output: Some(dir),
                    written,
                    hashes,
                });
            }
        };
        Ok(Finished {
            output,
            written,
            hashes,
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn into_inner<T>(m: Mutex<T>) -> T {
    m.into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Writes the files whose bytes differ from what `hashes` records, each
/// atomically, so the server never sends half a page. Returns how many
/// were written.
pub fn write_changed(
    dir: &Path,
    hashes: &mut Hashes,
    files: Vec<(String, Vec<u8>)>,
) -> Result<usize, Diagnostic> {
    let todo: Vec<(String, Vec<u8>, u64)> = files
        .into_iter()
        .filter_map(|(rel, bytes)| {
            let h = hash(&bytes);
            (hashes.get(&rel) != Some(&h)).then_some((rel, bytes, h))
        })
        .collect();
    todo.par_iter()
        .map(|(rel, bytes, _)| write_atomic(dir, rel, bytes))
        .collect::<Result<(), Diagnostic>>()?;
    let n = todo.len();
    for (rel, _, h) in todo {
        hashes.insert(rel, h);
    }
    Ok(n)
}

/// Writes `bytes` at `rel` under `dir` through a temporary file renamed
/// into place: a reader sees the old file or the new one, never half.
pub fn write_atomic(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    use std::io::Write;
    let path = dir.join(rel);
    let folder = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(folder).map_err(|e| io_error(folder, "cannot create folder", e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".academie-tmp-");
    // As `std::fs::write` would create it: readable by the web server.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(folder)
        .map_err(|e| io_error(folder, "cannot write", e))?;
    tmp.write_all(bytes)
        .map_err(|e| io_error(tmp.path(), "cannot write", e))?;
    tmp.persist(&path)
        .map_err(|e| io_error(&path, "cannot write", e.error))?;
    Ok(())
}

/// Writes `bytes` at `rel` under `dir` unless the file already holds them.
/// Returns whether it wrote.
pub fn write_if_changed(dir: &Path, rel: &str, bytes: &[u8]) -> Result<bool, Diagnostic> {
    if std::fs::read(dir.join(rel)).is_ok_and(|b| b == bytes) {
        return Ok(false);
    }
    write_atomic(dir, rel, bytes).map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
        list.iter()
            .map(|(f, b)| ((*f).to_owned(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn in_place_writes_changed_files_only_and_removes_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        let first = OutputWriter::in_place(out, Hashes::new());
        first
            .write_all(files(&[
                ("a.html", "A"),
                ("b/c.html", "C"),
                ("old.html", "O"),
            ]))
            .unwrap();
        let done = first.finish().unwrap();
        assert_eq!(done.written, 3);

        // Same bytes for a, new ones for c; old.html is no longer made.
        let second = OutputWriter::in_place(out, done.hashes);
        second
            .write_all(files(&[("a.html", "A"), ("b/c.html", "C2")]))
            .unwrap();
        let produced = second.produced();
        second.remove_stale(|f| produced.contains(f));
        let done = second.finish().unwrap();
        assert_eq!(done.written, 1, "only the changed file is written");
        assert_eq!(std::fs::read_to_string(out.join("b/c.html")).unwrap(), "C2");
        assert!(!out.join("old.html").exists(), "the stale file is removed");
        assert!(!done.hashes.contains_key("old.html"));

        // A run given up writes nothing and keeps what the folder holds.
        let third = OutputWriter::in_place(out, done.hashes);
        third.write("a.html", b"A3".to_vec()).unwrap();
        let kept = third.abandon().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "A");
        assert_eq!(kept.len(), 2);
        let names: Vec<String> = std::fs::read_dir(out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(".academie-tmp")),
            "no temporary file left: {names:?}"
        );
    }

    #[test]
    fn a_staging_folder_becomes_the_output_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("previous.html"), "P").unwrap();
        let dropped = OutputWriter::staging(&target, false).unwrap();
        dropped.write("new.html", b"N".to_vec()).unwrap();
        drop(dropped.abandon());
        assert!(target.join("previous.html").exists());
        assert!(!target.join("new.html").exists());

        let staging = OutputWriter::staging(&target, true).unwrap();
        staging.write("new.html", b"N".to_vec()).unwrap();
        let done = staging.finish().unwrap();
        assert_eq!(done.output.as_deref(), Some(target.as_path()));
        assert!(target.join("new.html").exists());
        assert!(!target.join("previous.html").exists());
        assert!(done.hashes.contains_key("new.html"));
    }
}
