//! UI strings: the theme's `i18n/<lang>.yaml`, overridden by each edition's.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::yaml;

/// Keys the build itself needs in every language (URL segments, names of
/// collections and facets, dates); templates need more.
pub const REQUIRED_KEYS: &[&str] = &[
    "language_name",
    "path_modules",
    "path_use_cases",
    "path_ambassadors",
    "path_search",
    "path_sitemap",
    "path_page",
    "collection_modules",
    "collection_use_cases",
    "collection_ambassadors",
    "collection_pages",
    "facet_audience",
    "facet_company_size",
    "facet_level",
    "facet_format",
    "facet_sector",
    "facet_region",
    "facet_ai_technique",
    "facet_ambassador_kind",
    "facet_funding",
    "path_facet_audience",
    "path_facet_company_size",
    "path_facet_level",
    "path_facet_format",
    "path_facet_sector",
    "path_facet_region",
    "path_facet_ai_technique",
    "path_facet_ambassador_kind",
    "path_facet_funding",
    "origin_fr",
    "origin_eu",
    "origin_other",
    "nav_home",
    "nav_search",
    "sitemap_title",
    "footer_accessibility",
    "footer_legal",
    "footer_personal_data",
    "footer_sitemap",
    "footer_about",
    "footer_contributing",
    "months",
    "duration_hours_minutes",
    "duration_minutes",
    "page_not_translated",
    "pagination_page",
    "listing_facet_title",
    "task_done",
    "task_todo",
];

/// The UI strings of every language of the site.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
}

impl Strings {
    /// All strings of `lang` (empty if the language has none).
    pub fn of(&self, lang: &str) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.by_lang.get(lang).unwrap_or(&EMPTY)
    }

    /// One string; the key itself when missing (missing keys are reported
    /// as errors when the strings are loaded, so this never shows).
    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.of(lang).get(key).map(String::as_str).unwrap_or(key)
    }

    /// Reads `dirs` (the `i18n/` folders, least specific first: theme, base
    /// editions, this site) for each language and checks that every
    /// language has every required key and every key the default language has.
    pub fn load(
        dirs: &[(PathBuf, PathBuf)],
        languages: &[String],
        default_language: &str,
    ) -> (Strings, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut strings = Strings::default();
        let mut origin: BTreeMap<String, PathBuf> = BTreeMap::new();
        for lang in languages {
            let merged = strings.by_lang.entry(lang.clone()).or_default();
            for (abs, shown) in dirs {
                let file = abs.join(format!("{lang}.yaml"));
                let shown_file = shown.join(format!("{lang}.yaml"));
                let Ok(bytes) = crate::theme::read(&file).map(std::borrow::Cow::into_owned) else {
                    continue;
                };
                origin.insert(lang.clone(), shown_file.clone());
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
                    Err(_) => {
                        diags.push(Diagnostic::error(
                            &shown_file,
                            "the file is not valid UTF-8",
                        ));
                        continue;
                    }
                };
                let map = match yaml::parse_mapping(&text, &shown_file, 1) {
                    Ok(m) => m,
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                for (k, v) in map {
                    let (Some(k), Some(v)) = (k.as_str().map(str::to_owned), yaml::scalar_text(&v))
                    else {
                        diags.push(
                            Diagnostic::error(&shown_file, "UI strings are `key: text` lines")
                                .with_help("nested values are not supported"),
                        );
                        continue;
                    };
                    merged.insert(k, v);
                }
            }
        }
        let default_keys: Vec<String> = strings.of(default_language).keys().cloned().collect();
        for lang in languages {
            let have = strings.of(lang);
            let file = origin
                .get(lang)
                .cloned()
                .unwrap_or_else(|| PathBuf::from(format!("i18n/{lang}.yaml")));
            let mut missing: Vec<&str> = REQUIRED_KEYS
                .iter()
                .copied()
                .filter(|k| !have.contains_key(*k))
                .collect();
            for k in &default_keys {
                if !have.contains_key(k) && !missing.contains(&k.as_str()) {
                    missing.push(k);
                }
            }
            for key in missing {
                diags.push(
                    Diagnostic::error(&file, format!("missing UI string `{key}` for language `{lang}`"))
                        .with_help(format!("add `{key}: \"…\"` to i18n/{lang}.yaml (the site's i18n/ folder overrides the theme's)")),
                );
            }
        }
        (strings, diags)
    }
}
