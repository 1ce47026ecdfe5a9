//! Tools for regional editions: scaffolding one (`init`), copying a base
//! page into it while recording which version was copied (`override`),
//! warning when that base page changes later (drift), and the edition's
//! `status`.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::CONFIG_FILE;
use crate::content::{self, PageId};
use crate::diagnostics::{Diagnostic, Position};
use crate::site::edition::{self, Layer};

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

fn write_ledger(root: &Path, ledger: &Ledger) -> Result<(), String> {
    let body = serde_yaml_ng::to_string(ledger).map_err(|e| e.to_string())?;
    let text = format!("# Written by `academie override`: the version of the base edition's file\n# each override was copied from (or last reviewed against).\n{body}");
    std::fs::write(root.join(LEDGER_FILE), text)
        .map_err(|e| format!("cannot write {LEDGER_FILE}: {e}"))
}

fn today() -> String {
    crate::fields::iso_date(time::OffsetDateTime::now_utc().date())
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

/// `to` relative to the folder `from` (both absolute).
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to_c: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to_c[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// How a page of the edition relates to its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    Inherited,
    Overridden,
    Hidden,
    RegionalOnly,
}

impl Provenance {
    pub fn label(self) -> &'static str {
        match self {
            Provenance::Inherited => "inherited",
            Provenance::Overridden => "overridden",
            Provenance::Hidden => "hidden",
            Provenance::RegionalOnly => "regional-only",
        }
    }
}

/// One line of `academie status`.
#[derive(Debug, Clone)]
pub struct StatusLine {
    pub id: String,
    pub provenance: Provenance,
    pub languages: Vec<String>,
    pub missing: Vec<String>,
    /// Translations whose `updated` is older than the default language's.
    pub outdated: Vec<String>,
}

/// The edition's pages and their provenance.
pub fn status(root: &Path) -> Result<Vec<StatusLine>, Vec<Diagnostic>> {
    let (layers, _) = edition::resolve(root)?;
    let config = &layers[0].config;
    let languages = &config.languages;
    let hidden: Vec<String> = layers
        .iter()
        .flat_map(|l| l.config.hide.iter().map(|h| h.value.clone()))
        .collect();
    // id → layer indexes that have it; id → lang → updated
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut dates: BTreeMap<String, BTreeMap<String, Option<crate::fields::Date>>> =
        BTreeMap::new();
    let mut diags = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let files = content::discover(
            &layer.root,
            i,
            languages,
            &config.default_language,
            &|p| p.to_path_buf(),
            &mut diags,
        );
        for f in files {
            let id = format!("{}/{}", f.collection.dir(), f.slug);
            let v = seen.entry(id.clone()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
            let entry = dates.entry(id).or_default();
            if entry.contains_key(&f.lang) {
                continue; // a more specific layer already gave this translation
            }
            let updated = content::read_text(&f.abs, &f.path).ok().and_then(|t| {
                let split = content::split(&t).ok()?;
                let map = crate::yaml::parse_mapping(split.front_matter, &f.path, 2).ok()?;
                let mut d = Vec::new();
                let mut r = crate::fields::FieldReader::new(
                    &map,
                    crate::yaml::Locator::new(split.front_matter, 2),
                    &f.path,
                    &mut d,
                );
                r.date("updated", false)
            });
            entry.insert(f.lang.clone(), updated);
        }
    }
    let mut out = Vec::new();
    for (id, in_layers) in seen {
        let provenance = if in_layers == [0] {
            Provenance::RegionalOnly
        } else if in_layers.contains(&0) {
            Provenance::Overridden
        } else if hidden.contains(&id) {
            Provenance::Hidden
        } else {
            Provenance::Inherited
        };
        let d = dates.remove(&id).unwrap_or_default();
        let have: Vec<String> = languages
            .iter()
            .filter(|l| d.contains_key(*l))
            .cloned()
            .collect();
        let missing: Vec<String> = languages
            .iter()
            .filter(|l| !d.contains_key(*l))
            .cloned()
            .collect();
        let source = d.get(&config.default_language).copied().flatten();
        let outdated = d
            .iter()
            .filter(|(l, u)| {
                **l != config.default_language
                    && matches!((u, source), (Some(u), Some(s)) if *u < s)
            })
            .map(|(l, _)| l.clone())
            .collect();
        out.push(StatusLine {
            id,
            provenance,
            languages: have,
            missing,
            outdated,
        });
    }
    Ok(out)
}

/// `academie init`: scaffolds a regional edition in `dir` extending `base`.
pub fn init(dir: &Path, base: &Path, region: Option<&str>) -> Result<String, String> {
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
            tax.check("regions", r)
                .map_err(|(m, h)| format!("{m} ({h})"))?;
            r.to_owned()
        }
        None => {
            let wanted = crate::site::collate(&name.replace('-', " "));
            tax.get("regions")
                .and_then(|v| v.terms.iter().find(|(_, labels)| labels.values().any(|l| crate::site::collate(&l.replace('-', " ")) == wanted)))
                .map(|(k, _)| k.clone())
                .ok_or_else(|| format!("cannot tell which region `{name}` is: pass --region with a key of `regions` (e.g. --region 53)"))?
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let dir_abs = dir.canonicalize().map_err(|e| e.to_string())?;
    let extends = relative_path(&dir_abs, &base_abs);
    let label = |lang: &str| tax.label("regions", &region_key, lang);
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
