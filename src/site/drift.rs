//! Regional editions' overrides: the ledger (`overrides.yaml`) that records
//! which version of a base edition's page each override was copied from,
//! and the drift check that warns, on every build of the edition, when
//! that base page has changed since. `academie override` (src/cli/)
//! writes the ledger; the site model reads it.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::diagnostics::{Diagnostic, Position};

/// The ledger of overrides, at the root of a regional edition.
pub const LEDGER_FILE: &str = "overrides.yaml";

/// One overridden file: where it came from and the hash of the base file
/// when it was copied or last reviewed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LedgerEntry {
    /// The base file, relative to the edition root.
    pub base: String,
    pub sha256: String,
    /// Date of the copy or the last review (`YYYY-MM-DD`).
    pub recorded: String,
}

/// Edition file (relative to the edition root) → its ledger entry.
pub type Ledger = BTreeMap<String, LedgerEntry>;

/// SHA-256 of a file's text with line endings normalised, so a checkout
/// with CRLF does not look like a change.
pub fn file_hash(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
    let digest = Sha256::digest(text.as_bytes());
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

pub fn read_ledger(root: &Path) -> Result<Ledger, Diagnostic> {
    let path = root.join(LEDGER_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => crate::yaml::parse(&text, Path::new(LEDGER_FILE), 1),
        Err(_) => Ok(Ledger::new()),
    }
}

pub(crate) fn write_ledger(root: &Path, ledger: &Ledger) -> Result<(), String> {
    let body = serde_yaml_ng::to_string(ledger).map_err(|e| e.to_string())?;
    let text = format!("# Written by `academie override`: the version of the base edition's file\n# each override was copied from (or last reviewed against).\n{body}");
    std::fs::write(root.join(LEDGER_FILE), text)
        .map_err(|e| format!("cannot write {LEDGER_FILE}: {e}"))
}

/// Warnings for overrides whose base file changed since it was recorded.
pub fn drift(root: &Path) -> Vec<Diagnostic> {
    let ledger = match read_ledger(root) {
        Ok(l) => l,
        Err(d) => return vec![d],
    };
    let mut out = Vec::new();
    for (file, entry) in ledger {
        let base = root.join(&entry.base);
        match file_hash(&base) {
            Ok(h) if h == entry.sha256 => {}
            Ok(_) => out.push(
                Diagnostic::warning(&file, format!("the base edition's version of this page ({}) has changed since it was recorded on {}", entry.base, entry.recorded))
                    .at(Position::START)
                    .with_help(format!("review the changes (e.g. `git diff` in the base edition, or `diff {} {file}`), update this file, then run `academie override --record {}`", entry.base, id_of_file(&file).unwrap_or_default())),
            ),
            Err(_) => out.push(
                Diagnostic::warning(&file, format!("the base edition no longer has {}, which this page overrides", entry.base))
                    .with_help("the page is now regional-only; remove its line from overrides.yaml once reviewed"),
            ),
        }
    }
    out
}

/// `content/modules/x.en.md` → `modules/x`.
fn id_of_file(file: &str) -> Option<String> {
    let rest = file.strip_prefix("content/")?;
    let (c, name) = rest.split_once('/')?;
    let slug = name.trim_end_matches(".md").split('.').next()?;
    Some(format!("{c}/{slug}"))
}
