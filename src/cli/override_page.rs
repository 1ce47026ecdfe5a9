//! `academie override`: copy a base-edition page into this edition.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::CONFIG_FILE;
use crate::content::PageId;
use crate::site::drift::{file_hash, read_ledger, write_ledger, LedgerEntry};
use crate::site::edition::{self, relative_path, Layer};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Page id, e.g. modules/ecrire-un-prompt.
    pub id: String,
    /// Site root of the regional edition.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Do not copy: record the base edition's current version as reviewed.
    #[arg(long)]
    pub record: bool,
}

pub fn run(args: Args) -> ExitCode {
    match override_page(&args.root, &args.id, args.record) {
        Ok(files) => {
            let verb = if args.record {
                "recorded the base version of"
            } else {
                "copied"
            };
            for f in files {
                println!("{verb} {f}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_CONTENT_ERROR)
        }
    }
}

fn today() -> String {
    crate::fields::iso_date(time::OffsetDateTime::now_utc().date())
}

/// The base-edition files of `id`, from the nearest base layer that has it.
fn base_files(layers: &[Layer], id: &PageId) -> Option<Vec<PathBuf>> {
    for layer in layers.iter().skip(1) {
        let dir = layer.root.join("content").join(id.collection.dir());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                name.ends_with(".md")
                    && name.trim_end_matches(".md").split('.').next() == Some(id.slug.as_str())
            })
            .collect();
        files.sort();
        if !files.is_empty() {
            return Some(files);
        }
    }
    None
}

/// `academie override <id>`: copies the base page's files into the edition
/// and records their hashes. With `record_only`, re-records the hashes of an
/// existing override after review. Returns the files written or recorded.
pub fn override_page(root: &Path, id: &str, record_only: bool) -> Result<Vec<String>, String> {
    let page_id = PageId::parse(id).ok_or_else(|| {
        format!(
            "`{id}` is not a page id; ids are `<collection>/<slug>`, e.g. modules/ecrire-un-prompt"
        )
    })?;
    let (layers, _) = edition::resolve(root).map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    if layers.len() < 2 {
        return Err(format!(
            "this site has no base edition: add `extends: <path>` to {CONFIG_FILE} first"
        ));
    }
    let root = &layers[0].root;
    let files =
        base_files(&layers, &page_id).ok_or_else(|| format!("no base edition has `{id}`"))?;
    let mut ledger = read_ledger(root).map_err(|d| d.to_string())?;
    let mut done = Vec::new();
    for base in files {
        let name = base
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let rel = format!("content/{}/{name}", page_id.collection.dir());
        let target = root.join(&rel);
        if !record_only {
            if target.exists() {
                return Err(format!("{rel} already exists: to re-record the base version after review, run `academie override --record {id}`"));
            }
            std::fs::create_dir_all(target.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
            std::fs::copy(&base, &target)
                .map_err(|e| format!("cannot copy {}: {e}", base.display()))?;
        } else if !target.exists() {
            continue;
        }
        let hash = file_hash(&base).map_err(|e| e.to_string())?;
        ledger.insert(
            rel.clone(),
            LedgerEntry {
                base: relative_path(root, &base).display().to_string(),
                sha256: hash,
                recorded: today(),
            },
        );
        done.push(rel);
    }
    if done.is_empty() {
        return Err(format!(
            "`{id}` is not overridden in this edition: run `academie override {id}` to copy it"
        ));
    }
    write_ledger(root, &ledger)?;
    Ok(done)
}
