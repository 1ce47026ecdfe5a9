//! Where every page of the site lives: URLs readable in each language.

use std::collections::BTreeMap;

use crate::content::Collection;
use crate::i18n::Strings;

/// URL segments of one language, from its UI strings.
#[derive(Debug, Clone)]
struct Segments {
    collections: BTreeMap<Collection, String>,
    search: String,
    sitemap: String,
    page: String,
    facets: BTreeMap<String, String>,
}

/// Computes the URL of every kind of page. URLs are site-absolute and
/// include the base path; they end with `/` for pages written as `index.html`.
#[derive(Debug, Clone)]
pub struct Routes {
    base_path: String,
    segments: BTreeMap<String, Segments>,
}

/// UI strings are text; URL segments must be slugs.
fn segment(s: &str) -> String {
    crate::content::source_suggest_slug(s)
}

impl Routes {
    pub fn new(base_path: &str, languages: &[String], strings: &Strings) -> Routes {
        let mut segments = BTreeMap::new();
        for lang in languages {
            let g = |k: &str| segment(strings.get(lang, k));
            let collections = [
                (Collection::Modules, g("path_modules")),
                (Collection::UseCases, g("path_use_cases")),
                (Collection::Ambassadors, g("path_ambassadors")),
            ]
            .into();
            let facets = crate::taxonomy::Vocabulary::ALL
                .iter()
                .map(|v| {
                    (
                        v.facet().to_owned(),
                        g(&format!("path_facet_{}", v.facet())),
                    )
                })
                .collect();
            segments.insert(
                lang.clone(),
                Segments {
                    collections,
                    search: g("path_search"),
                    sitemap: g("path_sitemap"),
                    page: g("path_page"),
                    facets,
                },
            );
        }
        Routes {
            base_path: base_path.to_owned(),
            segments,
        }
    }

    fn seg(&self, lang: &str) -> Option<&Segments> {
        self.segments.get(lang)
    }

    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    pub fn home(&self, lang: &str) -> String {
        format!("{}{lang}/", self.base_path)
    }

    /// Listing of a collection (free pages have none: their home is the language home).
    pub fn collection(&self, c: Collection, lang: &str) -> String {
        match self.seg(lang).and_then(|s| s.collections.get(&c)) {
            Some(s) => format!("{}{s}/", self.home(lang)),
            None => self.home(lang),
        }
    }

    fn paged(&self, first: String, lang: &str, n: usize) -> String {
        if n <= 1 {
            first
        } else {
            let p = self.seg(lang).map_or("page", |s| s.page.as_str());
            format!("{first}{p}/{n}/")
        }
    }

    pub fn listing_page(&self, c: Collection, lang: &str, n: usize) -> String {
        self.paged(self.collection(c, lang), lang, n)
    }

    pub fn facet(&self, c: Collection, facet: &str, key: &str, lang: &str, n: usize) -> String {
        let f = self
            .seg(lang)
            .and_then(|s| s.facets.get(facet))
            .map_or(facet, String::as_str);
        self.paged(format!("{}{f}/{key}/", self.collection(c, lang)), lang, n)
    }

    /// URL of a page translation with URL slug `slug`.
    pub fn page(&self, c: Collection, slug: &str, lang: &str) -> String {
        match c {
            Collection::Pages => format!("{}{slug}/", self.home(lang)),
            _ => format!("{}{slug}/", self.collection(c, lang)),
        }
    }

    pub fn search(&self, lang: &str) -> String {
        format!(
            "{}{}/",
            self.home(lang),
            self.seg(lang).map_or("search", |s| s.search.as_str())
        )
    }

    pub fn sitemap(&self, lang: &str) -> String {
        format!(
            "{}{}/",
            self.home(lang),
            self.seg(lang).map_or("sitemap", |s| s.sitemap.as_str())
        )
    }

    pub fn feed(&self, lang: &str) -> String {
        format!("{}atom.xml", self.home(lang))
    }

    /// The collection segments of `lang`, which free pages may not take.
    pub fn reserved(&self, lang: &str) -> Vec<&str> {
        self.seg(lang)
            .map(|s| {
                let mut v: Vec<&str> = s.collections.values().map(String::as_str).collect();
                v.extend([s.search.as_str(), s.sitemap.as_str()]);
                v
            })
            .unwrap_or_default()
    }

    /// Output file (relative to the output folder) of a URL.
    pub fn file_of(&self, url: &str) -> String {
        let rel = url
            .strip_prefix(&self.base_path)
            .unwrap_or(url.trim_start_matches('/'));
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_owned()
        }
    }
}
