//! Writing the site: into a staging folder beside the output, swapped in
//! only when everything succeeded, so a failed build leaves the previous
//! output exactly as it was ([`Staging`]), or in place writing only the
//! files whose bytes changed ([`writer`]); and the files made from the
//! whole site ([`generated`]: sitemap, feeds, exports); compressed copies
//! for hosts that serve them ([`precompress`]).

pub mod export;
pub mod feeds;
pub mod generated;
mod leftovers;
pub mod precompress;
pub mod sitemap;
pub mod writer;

pub use writer::{Finished, Hashes, OutputWriter};

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// A staging folder that becomes the output folder on [`Staging::commit`]
/// and disappears if dropped before.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Held until the staging folder is committed or removed, so a build
    /// running beside this one never takes it for a dead build's leftover.
    _lock: leftovers::BuildLock,
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    let help = match e.kind() {
        std::io::ErrorKind::PermissionDenied => {
            "check the permissions of the output folder, or choose another with --output".to_owned()
        }
        _ if e.raw_os_error() == Some(28) => "the disk is full: free some space".to_owned(),
        _ => "check the output folder, or choose another with --output".to_owned(),
    };
    Diagnostic::error(path, format!("{what}: {e}")).with_help(help)
}

/// Removes what killed builds of `target` left beside it, first putting
/// back a previous output that a killed build had moved aside (see
/// [`leftovers`]). Done before anything else, so even a build that then
/// fails on its content leaves the output folder as the last good build
/// made it.
pub fn remove_leftovers(target: &Path) {
    if let Some(parent) = target.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        leftovers::sweep(parent, target);
    }
}

impl Staging {
    /// Creates an empty staging folder beside `target`, after removing
    /// what killed builds of the same output left there.
    pub fn new(target: &Path) -> Result<Staging, Diagnostic> {
        let target = if target.is_absolute() {
            target.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| io_error(target, "cannot resolve the output folder", e))?
                .join(target)
        };
        let parent = target
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)
            .map_err(|e| io_error(&parent, "cannot create the output's parent folder", e))?;
        leftovers::sweep(&parent, &target);
        let name = leftovers::output_name(&target);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                io_error(
                    &parent,
                    "cannot create a staging folder beside the output",
                    e,
                )
            })?
            .keep();
        let lock = leftovers::BuildLock::acquire(&dir).map_err(|e| {
            let _ = std::fs::remove_dir_all(&dir);
            io_error(
                &parent,
                "cannot create the build's lock file beside the output",
                e,
            )
        })?;
        Ok(Staging {
            dir,
            target,
            committed: false,
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` (creating folders).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        write_file(&self.dir, rel, bytes)
    }

    /// Replaces the output folder by the staging folder.
    pub fn commit(mut self) -> Result<PathBuf, Diagnostic> {
        let old = leftovers::previous_path(&self.target, &self.dir);
        let had_previous = self.target.exists();
        if had_previous {
            if !self.target.is_dir() {
                return Err(Diagnostic::error(
                    &self.target,
                    "the output path exists and is not a folder",
                )
                .with_help("choose another --output"));
            }
            std::fs::rename(&self.target, &old)
                .map_err(|e| io_error(&self.target, "cannot move the previous output aside", e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(io_error(
                &self.target,
                "cannot put the new output in place",
                e,
            ));
        }
        self.committed = true;
        if had_previous {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(self.target.clone())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes a file under `root`, creating its folders.
pub fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create folder", e))?;
    }
    std::fs::write(&path, bytes).map_err(|e| io_error(&path, "cannot write", e))
}

/// A short content hash for cache-busting file names.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    format!("{:016x}", h.finish())[..10].to_owned()
}

/// `style.css` + hash → `style.0123456789.css`.
pub fn fingerprinted(name: &str, bytes: &[u8]) -> String {
    let hash = content_hash(bytes);
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
        None => format!("{name}.{hash}"),
    }
}

/// Escapes text for XML.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}
