//! `academie.yaml`: the site configuration.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Position};
use crate::fields::{FieldReader, Located};
use crate::yaml::{self, Locator};

/// The name of the configuration file at the root of a site.
pub const CONFIG_FILE: &str = "academie.yaml";

/// A text in each language of the site.
pub type LangMap = BTreeMap<String, String>;

/// The validated configuration of one edition (one site root).
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute path of the site root.
    pub root: PathBuf,
    pub title: LangMap,
    pub description: LangMap,
    /// Absolute base URL, without trailing slash.
    pub base_url: String,
    pub default_language: String,
    /// Site languages, default first is not required: this is the switcher order.
    pub languages: Vec<String>,
    pub theme: String,
    /// Base edition this one is layered on, resolved against `root`.
    pub extends: Option<PathBuf>,
    pub edition: Option<Edition>,
    /// Ids of base-edition pages not to publish, with where they were written.
    pub hide: Vec<Located<String>>,
    pub markdown: MarkdownConfig,
    /// `brand:`: logo and colours (empty when absent).
    pub brand: crate::brand::Brand,
    pub images: ImagesConfig,
}

/// Size budget of one image by default, in kilobytes (`images.max_kb`).
pub const DEFAULT_IMAGE_MAX_KB: u64 = 500;

/// `images:` options.
#[derive(Debug, Clone)]
pub struct ImagesConfig {
    /// Size budget of one image, in kilobytes: a heavier one is a warning.
    pub max_kb: u64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            max_kb: DEFAULT_IMAGE_MAX_KB,
        }
    }
}

/// `edition:` of a regional site.
#[derive(Debug, Clone)]
pub struct Edition {
    pub name: LangMap,
    pub region: String,
}

/// `markdown:` options.
#[derive(Debug, Clone, Default)]
pub struct MarkdownConfig {
    /// Keep raw HTML written in Markdown (sanitised). Off by default: an
    /// edition that accepts outside contributions must not publish their HTML.
    pub raw_html: bool,
}

impl Config {
    /// The path prefix of every URL: `/` or `/sub/path/`.
    pub fn base_path(&self) -> String {
        base_path_of(&self.base_url)
    }

    /// Title in `lang`, falling back to the default language.
    pub fn title_in(&self, lang: &str) -> String {
        self.title
            .get(lang)
            .or_else(|| self.title.get(&self.default_language))
            .cloned()
            .unwrap_or_default()
    }

    /// Reads and validates `root/academie.yaml`.
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let file = PathBuf::from(CONFIG_FILE);
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
                Err(_) => {
                    return Err(vec![Diagnostic::error(
                        &file,
                        "the file is not valid UTF-8",
                    )
                    .with_help("save it as UTF-8")])
                }
            },
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    &file,
                    format!("cannot read the site configuration: {e}"),
                )
                .with_help(format!(
                    "run academie in a site root (a folder with {CONFIG_FILE}), or pass --root DIR"
                ))])
            }
        };
        let map = yaml::parse_mapping(&text, &file, 1).map_err(|d| vec![d])?;
        let mut diags = Vec::new();
        let mut r = FieldReader::new(&map, Locator::new(&text, 1), &file, &mut diags);

        let languages: Vec<String> = r
            .string_list("languages", true, "[fr, en]")
            .into_iter()
            .map(|l| l.value)
            .collect();
        let default_language = r
            .string("default_language", true, "fr")
            .unwrap_or_else(|| "fr".into());
        let title = r.lang_map("title", true, &languages).unwrap_or_default();
        let description = r
            .lang_map("description", false, &languages)
            .unwrap_or_default();
        let base_url = r
            .string("base_url", true, "https://academie-ia.example.fr")
            .unwrap_or_default();
        let theme = r
            .string("theme", false, "academie")
            .unwrap_or_else(|| "academie".into());
        let extends = r
            .string("extends", false, "../national")
            .map(|p| root.join(p));
        let hide = r.string_list("hide", false, "[use-cases/some-id]");
        let edition = match r.get("edition") {
            None => None,
            Some(yaml::Value::Mapping(m)) => {
                let m = m.clone();
                let name = m.get("name").and_then(|v| match v {
                    yaml::Value::String(s) => {
                        Some(languages.iter().map(|l| (l.clone(), s.clone())).collect())
                    }
                    yaml::Value::Mapping(mm) => Some(
                        mm.iter()
                            .filter_map(|(k, v)| {
                                Some((k.as_str()?.to_owned(), v.as_str()?.to_owned()))
                            })
                            .collect::<LangMap>(),
                    ),
                    _ => None,
                });
                let region = m.get("region").and_then(|v| match v {
                    yaml::Value::String(s) => Some(s.clone()),
                    yaml::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
                match (name, region) {
                    (Some(name), Some(region)) => Some(Edition { name, region }),
                    _ => {
                        r.error("edition", None, "`edition` needs a `name` and a `region`", Some("write it as `edition: { name: { fr: \"Édition Bretagne\" }, region: \"53\" }`".into()));
                        None
                    }
                }
            }
            Some(_) => {
                r.error(
                    "edition",
                    None,
                    "`edition` must be a mapping with `name` and `region`",
                    None,
                );
                None
            }
        };
        let markdown = match r.get("markdown") {
            None => MarkdownConfig::default(),
            Some(yaml::Value::Mapping(m)) => MarkdownConfig {
                raw_html: m.get("raw_html").and_then(|v| v.as_bool()).unwrap_or(false),
            },
            Some(_) => {
                r.error(
                    "markdown",
                    None,
                    "`markdown` must be a mapping, e.g. `markdown: { raw_html: false }`",
                    None,
                );
                MarkdownConfig::default()
            }
        };
        let mut brand_diags = Vec::new();
        let brand = match r.get("brand") {
            None => crate::brand::Brand::default(),
            Some(v) => {
                let v = v.clone();
                crate::brand::Brand::read(&v, &text, &file, &mut brand_diags)
            }
        };
        let images = match r.get("images") {
            None => ImagesConfig::default(),
            Some(yaml::Value::Mapping(m)) => match m.get("max_kb") {
                None => ImagesConfig::default(),
                Some(v) => match v.as_u64().filter(|&n| n > 0) {
                    Some(max_kb) => ImagesConfig { max_kb },
                    None => {
                        r.error(
                            "images",
                            None,
                            format!(
                                "`images: max_kb` must be a whole number of kilobytes, found {}",
                                yaml::describe(v)
                            ),
                            Some("write it as `images: { max_kb: 500 }`".into()),
                        );
                        ImagesConfig::default()
                    }
                },
            },
            Some(_) => {
                r.error(
                    "images",
                    None,
                    "`images` must be a mapping, e.g. `images: { max_kb: 500 }`",
                    None,
                );
                ImagesConfig::default()
            }
        };
        r.finish();
        diags.extend(brand_diags);

        let loc = Locator::new(&text, 1);
        for l in &languages {
            if !is_language_code(l) {
                diags.push(
                    Diagnostic::error(&file, format!("`{l}` is not a language code"))
                        .at(loc.best("languages", Some(l)))
                        .with_help("use lowercase ISO 639 codes such as fr, en, br, oc"),
                );
            }
        }
        if !languages.is_empty() && !languages.contains(&default_language) {
            diags.push(
                Diagnostic::error(
                    &file,
                    format!("the default language `{default_language}` is not in `languages`"),
                )
                .at(loc.value("default_language").unwrap_or(Position::START))
                .with_help(format!(
                    "add it to `languages` or choose one of: {}",
                    languages.join(", ")
                )),
            );
        }
        for l in &languages {
            if !title.contains_key(l) && !title.is_empty() {
                diags.push(
                    Diagnostic::error(&file, format!("`title` has no text for language `{l}`"))
                        .at(loc.value("title").unwrap_or(Position::START)),
                );
            }
        }
        if !(base_url.is_empty()
            || base_url.starts_with("https://")
            || base_url.starts_with("http://"))
        {
            diags.push(
                Diagnostic::error(
                    &file,
                    format!("`base_url` must be an absolute http(s) URL, found `{base_url}`"),
                )
                .at(loc.value("base_url").unwrap_or(Position::START)),
            );
        }
        if diags.iter().any(Diagnostic::is_error) {
            return Err(diags);
        }
        let config = Config {
            root: root.to_path_buf(),
            title,
            description,
            base_url: base_url.trim_end_matches('/').to_owned(),
            default_language,
            languages,
            theme,
            extends,
            edition,
            hide,
            markdown,
            brand,
            images,
        };
        Ok((config, diags))
    }
}

/// `https://x.org/a/b/` → `/a/b/`; `https://x.org` → `/`.
pub fn base_path_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

/// Lowercase ASCII letters, 2 or 3 of them, optionally followed by `-` and a region.
pub fn is_language_code(s: &str) -> bool {
    let (lang, region) = s.split_once('-').unwrap_or((s, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && region.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path_of("https://example.org"), "/");
        assert_eq!(base_path_of("https://example.org/"), "/");
        assert_eq!(base_path_of("https://example.org/academie/"), "/academie/");
        assert_eq!(base_path_of("https://example.org/a/b"), "/a/b/");
    }
}
