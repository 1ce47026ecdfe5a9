//! What a killed build leaves beside the output, and its removal.
//!
//! A build writes into `.<name>.building-<id>/` beside the output and, at
//! the swap, moves the previous output to `.<name>.previous-<id>/` for an
//! instant. A build killed (kill -9, power loss) before it cleans up leaves
//! those folders behind: up to the size of a whole site each. Every build
//! holds an exclusive lock on `.<name>.building-<id>.lock` while it runs, so
//! the next build can tell a dead build's folders (lock free) from those of
//! a build still running beside it (lock held), and removes only the former.
//! A previous output moved aside by a build killed in the middle of its swap
//! is put back first when the output itself is missing: nothing is lost.

use std::fs::File;
use std::path::{Path, PathBuf};

/// The lock a running build holds on its staging folder's lock file.
pub(super) struct BuildLock {
    file: Option<File>,
    path: PathBuf,
}

impl BuildLock {
    /// Creates and locks `<staging>.lock`. A file system without locks
    /// gives an unlocked lock file: the build still works, and a later
    /// build may then take its folders for a dead build's only while this
    /// one runs beside it, which the lock exists to avoid where it can.
    pub(super) fn acquire(staging: &Path) -> std::io::Result<BuildLock> {
        let path = lock_path(staging);
        let file = File::create(&path)?;
        let _ = file.try_lock();
        Ok(BuildLock {
            file: Some(file),
            path,
        })
    }
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        drop(self.file.take());
        let _ = std::fs::remove_file(&self.path);
    }
}

fn lock_path(staging: &Path) -> PathBuf {
    let mut name = staging.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// The staging folder's unique part: `.public.building-Ab12` → `Ab12`.
pub(super) fn previous_path(target: &Path, staging: &Path) -> PathBuf {
    let name = output_name(target);
    let id = staging
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(&format!(".{name}.building-")))
        .unwrap_or("0");
    target.with_file_name(format!(".{name}.previous-{id}"))
}

pub(super) fn output_name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into())
}

/// Removes what dead builds of `target` left in `parent`, restoring a
/// previous output a build was killed in the middle of swapping. Returns
/// how many leftovers were removed. Errors are ignored: a leftover that
/// cannot be removed now will be tried again by the next build.
pub(super) fn sweep(parent: &Path, target: &Path) -> usize {
    let name = output_name(target);
    let building = format!(".{name}.building-");
    let previous = format!(".{name}.previous-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return 0;
    };
    let mut removed = 0;
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for file in &names {
        let Some(id) = file.strip_prefix(&building) else {
            continue;
        };
        if id.ends_with(".lock") {
            continue;
        }
        let staging = parent.join(file);
        if is_alive(&staging) {
            continue;
        }
        let moved_aside = parent.join(format!("{previous}{id}"));
        if moved_aside.is_dir() {
            if !target.exists() {
                let _ = std::fs::rename(&moved_aside, target);
            } else if std::fs::remove_dir_all(&moved_aside).is_ok() {
                removed += 1;
            }
        }
        if std::fs::remove_dir_all(&staging).is_ok() {
            removed += 1;
        }
        let _ = std::fs::remove_file(lock_path(&staging));
    }
    // Lock files whose folder is gone, and folders moved aside by a build
    // whose staging folder was already removed.
    for file in &names {
        let path = parent.join(file);
        if let Some(stem) = file
            .strip_prefix(&building)
            .and_then(|f| f.strip_suffix(".lock"))
        {
            if !parent.join(format!("{building}{stem}")).exists() && !is_locked(&path) {
                let _ = std::fs::remove_file(&path);
            }
        } else if let Some(id) = file.strip_prefix(&previous) {
            let staging = parent.join(format!("{building}{id}"));
            if path.is_dir() && !staging.exists() && !is_locked(&lock_path(&staging)) {
                if !target.exists() {
                    let _ = std::fs::rename(&path, target);
                } else if std::fs::remove_dir_all(&path).is_ok() {
                    removed += 1;
                }
            }
        }
    }
    removed
}

/// Whether the build that owns `staging` still runs: its lock is held.
fn is_alive(staging: &Path) -> bool {
    is_locked(&lock_path(staging))
}

fn is_locked(lock: &Path) -> bool {
    match File::open(lock) {
        Ok(file) => file.try_lock().is_err(),
        // No lock file: a build of an earlier version, or one killed before
        // it created its lock; either way nobody will finish that folder.
        Err(_) => false,
    }
}
