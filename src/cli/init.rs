//! `academie init DIR`: starts a catalogue that builds and serves at once
//! (configuration, the national vocabularies, example pages, the mandatory
//! pages); with `--extends`, a regional edition layered on a base edition.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use include_dir::{include_dir, Dir, DirEntry};

/// The starter catalogue: src/cli/starter/ (build.rs reruns on any change
/// there, so an added file is embedded too).
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/src/cli/starter");

/// The national vocabularies and search synonyms, as the bundled
/// catalogue has them.
const TAXONOMIES: &str = include_str!("../../data/taxonomies.yaml");
const SYNONYMS: &str = include_str!("../../data/synonyms.yaml");

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of the new catalogue (created; must be empty or absent).
    pub dir: PathBuf,
    /// Make a regional edition layered on this base edition (e.g. a git
    /// submodule of the national catalogue) instead of a standalone catalogue.
    #[arg(long)]
    pub extends: Option<PathBuf>,
    /// Region key (INSEE code of `regions`, e.g. 53), with --extends;
    /// guessed from the folder name when omitted.
    #[arg(long, requires = "extends")]
    pub region: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    if let Some(entry) = first_entry(&args.dir) {
        eprintln!(
            "error: {} is not empty (it holds {}): nothing was written\n  help: choose a new folder name, e.g. `academie init mon-catalogue`, or empty that folder first",
            args.dir.display(),
            entry
        );
        return ExitCode::from(super::EXIT_CONTENT_ERROR);
    }
    let Some(base) = &args.extends else {
        return match standalone(&args.dir) {
            Ok(n) => {
                println!(
                    "created the catalogue {} ({n} files: academie.yaml, data/, example pages, mandatory pages)",
                    args.dir.display()
                );
                println!("next: academie serve --root {}   then edit academie.yaml and the pages under content/ (`academie new module <slug>` starts one)", args.dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(super::EXIT_CONTENT_ERROR)
            }
        };
    };
    match crate::regional::init(&args.dir, base, args.region.as_deref()) {
        Ok(region) => {
            println!(
                "created the regional edition {} (region {region}), layered on {}",
                args.dir.display(),
                base.display()
            );
            println!("next: academie serve --root {}   (add pages under content/, override national ones with `academie override <id>`)", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_CONTENT_ERROR)
        }
    }
}

/// The name of one entry of `dir`, if it is a folder with something in it
/// (or not a folder at all).
fn first_entry(dir: &Path) -> Option<String> {
    if !dir.exists() {
        return None;
    }
    match std::fs::read_dir(dir) {
        Ok(mut entries) => entries.next().map(|e| {
            e.map_or_else(
                |_| "unreadable entries".into(),
                |e| e.file_name().to_string_lossy().into_owned(),
            )
        }),
        Err(_) => Some("a file, not a folder".into()),
    }
}

/// Writes the starter catalogue into `dir`; the number of files written.
fn standalone(dir: &Path) -> Result<usize, String> {
    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    collect(&STARTER, &mut files);
    files.push((PathBuf::from("data/taxonomies.yaml"), TAXONOMIES.as_bytes()));
    files.push((PathBuf::from("data/synonyms.yaml"), SYNONYMS.as_bytes()));
    for (rel, bytes) in &files {
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    for empty in ["static", "templates", "i18n"] {
        let d = dir.join(empty);
        std::fs::create_dir_all(&d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    Ok(files.len())
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => out.push((f.path().to_path_buf(), f.contents())),
        }
    }
}
