//! Finding content files and reading them as text.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{is_valid_slug, Collection};
use crate::diagnostics::{Code, Diagnostic, Position};

/// A content file found on disk, identified by its name.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub abs: PathBuf,
    /// Path shown to users.
    pub path: PathBuf,
    pub collection: Collection,
    pub slug: String,
    pub lang: String,
    /// Edition layer (0 = the site being built, 1 = its base…).
    pub layer: usize,
}

/// Lists the content files of one edition layer: `<root>/content/<collection>/<slug>[.<lang>].md`.
/// `shown` turns an absolute path into the path shown to users.
pub fn discover(
    root: &Path,
    layer: usize,
    languages: &[String],
    default_language: &str,
    shown: &dyn Fn(&Path) -> PathBuf,
    diags: &mut Vec<Diagnostic>,
) -> Vec<SourceFile> {
    let content = root.join("content");
    let mut out = Vec::new();
    if !content.is_dir() {
        return out;
    }
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .max_depth(8);
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(shown).unwrap_or_else(|| shown(&content));
                let what = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this link points to one of its own parent folders"
                        .to_owned()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                diags.push(
                    Diagnostic::error(path, what)
                        .with_help("remove or fix the link, or make the file readable"),
                );
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let abs = entry.path().to_path_buf();
        let rel = abs.strip_prefix(&content).unwrap_or(&abs);
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if name.starts_with('.') || name.ends_with('~') {
            continue; // editor swap and backup files
        }
        let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
        if !name.ends_with(".md") {
            diags.push(
                Diagnostic::warning(shown(&abs), "not a Markdown file: ignored").with_help(
                    "content files end in `.md`; put images and documents under static/",
                ),
            );
            continue;
        }
        let collection = match parts.as_slice() {
            [dir, _file] => match Collection::from_dir(dir) {
                Some(c) => c,
                None => {
                    let known: Vec<&str> = Collection::ALL.iter().map(|c| c.dir()).collect();
                    let help = match crate::diagnostics::did_you_mean(dir, known.iter().copied()) {
                        Some(s) => format!(
                            "did you mean `content/{s}/`? Collections: {}",
                            known.join(", ")
                        ),
                        None => format!("collections: {}", known.join(", ")),
                    };
                    diags.push(
                        Diagnostic::error(
                            shown(&abs),
                            format!("`content/{dir}/` is not a collection"),
                        )
                        .at(Position::START)
                        .with_help(help),
                    );
                    continue;
                }
            },
            _ => {
                diags.push(
                    Diagnostic::error(shown(&abs), "content files must be directly inside a collection folder")
                        .at(Position::START)
                        .with_help("move it to content/modules/, content/use-cases/, content/ambassadors/ or content/pages/"),
                );
                continue;
            }
        };
        let stem = &name[..name.len() - 3];
        let (slug, lang) = match stem.rsplit_once('.') {
            Some((slug, lang)) => (slug, lang),
            None => (stem, default_language),
        };
        if !is_valid_slug(slug) {
            diags.push(
                Diagnostic::error(shown(&abs), format!("`{slug}` is not a valid slug"))
                    .at(Position::START)
                    .with_help(format!(
                        "file names are `<slug>.md` or `<slug>.<lang>.md`, the slug in lowercase ASCII letters, digits and `-` (e.g. `{}`)",
                        suggest_slug(slug)
                    )),
            );
            continue;
        }
        if !languages.iter().any(|l| l == lang) {
            diags.push(
                Diagnostic::error(
                    shown(&abs),
                    format!("`{lang}` is not a language of this site"),
                )
                .with_code(Code::UnknownLanguage)
                .at(Position::START)
                .with_help(format!(
                    "the site's languages (academie.yaml `languages`) are: {}",
                    languages.join(", ")
                )),
            );
            continue;
        }
        let path = shown(&abs);
        out.push(SourceFile {
            path,
            abs: abs.clone(),
            collection,
            slug: slug.to_owned(),
            lang: lang.to_owned(),
            layer,
        });
    }
    out
}

/// A slug close to `s` that follows the rules, for suggestions
/// (`mon-module` when `s` has nothing to make one of).
pub fn suggest_slug(s: &str) -> String {
    slug_of(s).unwrap_or_else(|| "mon-module".into())
}

/// `s` as a slug: lowercase ASCII, accents folded, `-` between words;
/// `None` when `s` has no letter or digit to make one of.
pub fn slug_of(s: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in s.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '_' || c == '-' || c == '.' || c == '\'')
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    (!out.is_empty()).then(|| out.to_owned())
}

/// Reads a file as UTF-8 text, without BOM, with LF line endings.
pub fn read_text(abs: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(shown, format!("cannot read the file: {e}"))
            .with_help("check that the file exists and is readable")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column =
            String::from_utf8_lossy(valid.rsplit(|&b| b == b'\n').next().unwrap_or_default())
                .chars()
                .count()
                + 1;
        Diagnostic::error(shown, "the file is not valid UTF-8")
            .at(Position::new(line, column))
            .with_help("save the file as UTF-8 (it may be in Latin-1 or Windows-1252)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_valid_slugs() {
        assert_eq!(suggest_slug("Écrire un Prompt"), "ecrire-un-prompt");
        assert_eq!(suggest_slug("l'IA_2"), "l-ia-2");
    }
}
