//! The default theme `academie`, carried inside the binary (as mdBook
//! carries its own), and reading of the theme, template, i18n and static
//! folders whether they are on disk or built in.
//!
//! A site needs no `themes/` folder: with `theme: academie` (the default)
//! the built-in theme is the least specific layer, and a site's own
//! `themes/academie/`, `templates/`, `i18n/` and `static/` (or a base
//! edition's) replace its files one by one. The built-in files are named
//! by paths under [`BUILTIN_ROOT`], a relative path no canonical site
//! folder can have, so the loaders keep their `(path, shown path)` lists
//! and messages name a built-in file plainly: `(built-in theme academie)/
//! templates/base.html:12:3`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir, DirEntry};

/// The theme used when `academie.yaml` names none, and the one built in.
pub const DEFAULT_THEME: &str = "academie";

/// Where the built-in theme's files appear to be, in lists and messages.
pub const BUILTIN_ROOT: &str = "(built-in theme academie)";

/// The files of `themes/academie/` at compile time (build.rs reruns on
/// any change there, so an added template is embedded too).
static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/academie");

/// The built-in theme's root, as the loaders see it.
pub fn builtin_root() -> PathBuf {
    PathBuf::from(BUILTIN_ROOT)
}

/// The path of `path` inside the built-in theme, if it names one.
fn builtin_rel(path: &Path) -> Option<&Path> {
    path.strip_prefix(BUILTIN_ROOT).ok()
}

/// Is `path` inside the built-in theme (rather than on disk)?
pub fn is_builtin(path: &Path) -> bool {
    builtin_rel(path).is_some()
}

/// The bytes of a file on disk or of the built-in theme.
pub fn read(path: &Path) -> std::io::Result<Cow<'static, [u8]>> {
    match builtin_rel(path) {
        Some(rel) => EMBEDDED
            .get_file(rel)
            .map(|f| Cow::Borrowed(f.contents()))
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound)),
        None => std::fs::read(path).map(Cow::Owned),
    }
}

/// The text of a file on disk or of the built-in theme.
pub fn read_to_string(path: &Path) -> std::io::Result<String> {
    let bytes = read(path)?;
    String::from_utf8(bytes.into_owned())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// Is there a file at `path` (on disk or built in)?
pub fn is_file(path: &Path) -> bool {
    match builtin_rel(path) {
        Some(rel) => EMBEDDED.get_file(rel).is_some(),
        None => path.is_file(),
    }
}

/// Is there a folder at `path` (on disk or built in)?
pub fn is_dir(path: &Path) -> bool {
    match builtin_rel(path) {
        Some(rel) if rel.as_os_str().is_empty() => true,
        Some(rel) => EMBEDDED.get_dir(rel).is_some(),
        None => path.is_dir(),
    }
}

/// Every file under `dir`, recursively (symbolic links followed on disk),
/// in a stable order.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let Some(rel) = builtin_rel(dir) else {
        return walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
    };
    let start = if rel.as_os_str().is_empty() {
        Some(&EMBEDDED)
    } else {
        EMBEDDED.get_dir(rel)
    };
    let mut out = Vec::new();
    if let Some(d) = start {
        collect(d, &mut out);
    }
    out.sort();
    out
}

fn collect(dir: &Dir<'static>, out: &mut Vec<PathBuf>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect(d, out),
            DirEntry::File(f) => out.push(builtin_root().join(f.path())),
        }
    }
}

/// Writes the built-in theme into `dest` (created; must not hold files),
/// returning the files written.
pub fn export(dest: &Path) -> Result<Vec<PathBuf>, String> {
    if let Ok(mut entries) = std::fs::read_dir(dest) {
        if entries.next().is_some() {
            return Err(format!(
                "{} already exists and is not empty: nothing was written\n  help: choose another folder (`academie theme export DIR`), or move that one away first",
                dest.display()
            ));
        }
    } else if dest.exists() {
        return Err(format!("{} exists and is not a folder", dest.display()));
    }
    let mut written = Vec::new();
    for file in files(&builtin_root()) {
        let rel = builtin_rel(&file).unwrap_or(&file).to_path_buf();
        let target = dest.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        let bytes = read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        std::fs::write(&target, &bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// Every file of the static folders (least specific first; a later folder's
/// file replaces an earlier one's), as `relative path → absolute path`.
pub fn static_files(dirs: &[PathBuf]) -> std::collections::BTreeMap<String, PathBuf> {
    let mut out = std::collections::BTreeMap::new();
    for dir in dirs {
        for path in files(dir) {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if rel.split('/').any(|p| p.starts_with('.')) {
                continue;
            }
            out.insert(rel, path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_has_its_templates_strings_and_styles() {
        let root = builtin_root();
        let names: Vec<PathBuf> = files(&root.join("templates"));
        assert!(
            names.contains(&root.join("templates/base.html")),
            "{names:?}"
        );
        assert!(names.contains(&root.join("templates/partials/card.html")));
        assert!(is_file(&root.join("i18n/fr.yaml")));
        assert!(is_dir(&root.join("static")));
        assert!(!is_dir(&root.join("nothing")));
        let css = read_to_string(&root.join("static/style.css")).unwrap();
        assert!(!css.is_empty());
        assert!(read(&root.join("static/none.css")).is_err());
    }
}
