//! `academie init DIR`: starts a catalogue that builds and serves at once
//! (configuration, the national vocabularies, example pages, the mandatory
//! pages); with `--extends`, a regional edition layered on a base edition.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use include_dir::{include_dir, Dir, DirEntry};

use crate::config::CONFIG_FILE;
use crate::site::edition::relative_path;
use crate::taxonomy::Vocabulary;

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
    match regional(&args.dir, base, args.region.as_deref()) {
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

/// `academie init --extends`: scaffolds a regional edition in `dir` extending `base`.
fn regional(dir: &Path, base: &Path, region: Option<&str>) -> Result<String, String> {
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!("{} already exists and is not empty", dir.display()));
    }
    let base_abs = base
        .canonicalize()
        .map_err(|_| format!("the base edition {} does not exist", base.display()))?;
    let (base_config, _) = crate::config::Config::load(&base_abs).map_err(|d| {
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let (tax, _) = crate::taxonomy::Taxonomies::load(
        &[(
            base_abs.join(crate::taxonomy::TAXONOMIES_FILE),
            PathBuf::from(crate::taxonomy::TAXONOMIES_FILE),
        )],
        &base_config.languages,
        &base_config.default_language,
    );
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("region")
        .to_owned();
    let region_key = match region {
        Some(r) => {
            tax.check(Vocabulary::Regions, r)
                .map_err(|e| e.to_string())?;
            r.to_owned()
        }
        None => {
            let wanted = crate::site::collate(&name.replace('-', " "));
            tax.get(Vocabulary::Regions)
                .and_then(|v| v.terms.iter().find(|(_, labels)| labels.values().any(|l| crate::site::collate(&l.replace('-', " ")) == wanted)))
                .map(|(k, _)| k.clone())
                .ok_or_else(|| format!("cannot tell which region `{name}` is: pass --region with a key of `regions` (e.g. --region 53)"))?
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let dir_abs = dir.canonicalize().map_err(|e| e.to_string())?;
    let extends = relative_path(&dir_abs, &base_abs);
    let label = |lang: &str| tax.label(Vocabulary::Regions, &region_key, lang);
    let mut title = String::new();
    let mut edition_name = String::new();
    for lang in &base_config.languages {
        let base_title = base_config.title_in(lang);
        let ed = if lang == "fr" {
            format!("Édition {}", label(lang))
        } else {
            format!("{} edition", label(lang))
        };
        title.push_str(&format!(
            "  {lang}: \"{} — {}\"\n",
            base_title.replace('"', "\\\""),
            label(lang).replace('"', "\\\"")
        ));
        edition_name.push_str(&format!("    {lang}: \"{}\"\n", ed.replace('"', "\\\"")));
    }
    let config = format!(
        "# Regional edition of the catalogue, layered on the national one.\n# Pages here replace national pages with the same id; `hide` removes national pages.\ntitle:\n{title}base_url: \"{}/{name}\"\ndefault_language: {}\nlanguages: [{}]\ntheme: {}\nextends: \"{}\"\nedition:\n  name:\n{edition_name}  region: \"{region_key}\"\nhide: []\n",
        base_config.base_url,
        base_config.default_language,
        base_config.languages.join(", "),
        base_config.theme,
        extends.display(),
    );
    std::fs::write(dir.join(CONFIG_FILE), config).map_err(|e| e.to_string())?;
    for sub in [
        "content/modules",
        "content/use-cases",
        "content/ambassadors",
        "content/pages",
        "data",
        "i18n",
        "static",
        "templates",
    ] {
        std::fs::create_dir_all(dir.join(sub)).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(sub).join(".gitkeep"), "").map_err(|e| e.to_string())?;
    }
    Ok(region_key)
}
