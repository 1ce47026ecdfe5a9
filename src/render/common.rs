//! What every page shows around its content: the variables of its
//! language ([`Common`]), navigation, language versions; and the small
//! shapes pages and listings share (terms, links, dates, durations).

use super::context::{
    Alternate, Common, EditionVars, FooterLink, LanguageVars, Link, NavItem, SiteVars,
    SwitcherItem, Term,
};
use super::{Assets, Job, Renderer, FOOTER_PAGES};
use crate::content::{Collection, Document, Fields, PageId};
use crate::fields::Date;
use crate::taxonomy::Vocabulary;

impl Renderer<'_> {
    pub(super) fn permalink(&self, url: &str) -> String {
        let base = &self.site.config.base_url;
        let bp = self.site.routes.base_path();
        format!(
            "{base}/{}",
            url.strip_prefix(bp).unwrap_or(url.trim_start_matches('/'))
        )
    }

    pub(super) fn t(&self, lang: &str, key: &str) -> String {
        self.site.strings.get(lang, key).to_owned()
    }

    /// The variables every template of `lang` receives.
    pub(super) fn common<'c>(
        &'c self,
        lang: &'c str,
        assets: &'c Assets,
        search: &'c serde_json::Value,
    ) -> Common<'c> {
        let site = self.site;
        let languages = site
            .languages()
            .iter()
            .map(|l| LanguageVars {
                code: l.clone(),
                name: self.t(l, "language_name"),
                url: site.routes.home(l),
            })
            .collect();
        let edition = site.config.edition.as_ref().map(|e| EditionVars {
            name: e
                .name
                .get(lang)
                .or_else(|| e.name.get(site.default_language()))
                .cloned()
                .unwrap_or_default(),
            region: e.region.clone(),
            region_label: site.taxonomies.label(Vocabulary::Regions, &e.region, lang),
        });
        let mut footer_links = Vec::new();
        for (id, key) in FOOTER_PAGES {
            if let Some(p) = PageId::parse(id).and_then(|id| site.page_in(&id, lang)) {
                footer_links.push(FooterLink {
                    label: self.t(lang, key),
                    url: p.url.clone(),
                });
            }
            if *key == "footer_personal_data" {
                footer_links.push(FooterLink {
                    label: self.t(lang, "footer_sitemap"),
                    url: site.routes.sitemap(lang),
                });
            }
        }
        Common {
            lang,
            t: site.strings.of(lang),
            site: SiteVars {
                title: site.config.title_in(lang),
                base_url: &site.config.base_url,
                base_path: site.routes.base_path(),
                default_language: site.default_language(),
                languages,
                edition,
                year: time::OffsetDateTime::now_utc().year(),
                brand_logo: site
                    .config
                    .brand
                    .logo
                    .as_ref()
                    .map(|(p, _)| format!("{}{p}", site.routes.base_path())),
            },
            assets,
            search,
            footer_links,
            feed_url: site.routes.feed(lang),
        }
    }

    pub(super) fn nav(&self, lang: &str, job: &Job) -> Vec<NavItem> {
        let r = &self.site.routes;
        let current = match job {
            Job::Home { .. } => 0,
            Job::Listing { collection, .. } => match collection {
                Collection::Modules => 1,
                Collection::UseCases => 2,
                _ => 3,
            },
            Job::Page(i) => match self.site.pages[*i].doc.id.collection {
                Collection::Modules => 1,
                Collection::UseCases => 2,
                Collection::Ambassadors => 3,
                Collection::Pages => 9,
            },
            Job::Search { .. } => 4,
            _ => 9,
        };
        let items = [
            (self.t(lang, "nav_home"), r.home(lang)),
            (
                self.t(lang, "collection_modules"),
                r.collection(Collection::Modules, lang),
            ),
            (
                self.t(lang, "collection_use_cases"),
                r.collection(Collection::UseCases, lang),
            ),
            (
                self.t(lang, "collection_ambassadors"),
                r.collection(Collection::Ambassadors, lang),
            ),
            (self.t(lang, "nav_search"), r.search(lang)),
        ];
        items
            .into_iter()
            .enumerate()
            .map(|(i, (label, url))| NavItem {
                label,
                url,
                current: i == current,
            })
            .collect()
    }

    /// The same job in another language (listings, home, search exist in all).
    fn job_in(&self, job: &Job, lang: &str) -> Job {
        let lang = lang.to_owned();
        match job {
            Job::Home { .. } => Job::Home { lang },
            Job::Sitemap { .. } => Job::Sitemap { lang },
            Job::Search { .. } => Job::Search { lang },
            Job::Listing {
                collection, facet, ..
            } => Job::Listing {
                collection: *collection,
                lang,
                facet: facet.clone(),
                page: 1,
            },
            other => other.clone(),
        }
    }

    /// Language versions of a job that exists in every language.
    pub(super) fn all_languages_alternates(&self, job: &Job) -> Vec<Alternate> {
        if matches!(job, Job::Root | Job::NotFound) {
            return Vec::new();
        }
        self.site
            .languages()
            .iter()
            .map(|l| {
                let url = self.url_of(&self.job_in(job, l));
                Alternate {
                    lang: l.clone(),
                    permalink: self.permalink(&url),
                    url,
                }
            })
            .collect()
    }

    /// The language switcher of a job that exists in every language.
    pub(super) fn switcher_same(&self, job: &Job, current: &str) -> Vec<SwitcherItem> {
        self.site
            .languages()
            .iter()
            .map(|l| SwitcherItem {
                lang: l.clone(),
                name: self.t(l, "language_name"),
                url: self.url_of(&self.job_in(job, l)),
                current: l == current,
                translated: true,
            })
            .collect()
    }

    pub(super) fn date_human(&self, d: Date, lang: &str) -> String {
        let months = self.t(lang, "months");
        let names: Vec<&str> = months.split(',').map(str::trim).collect();
        let m = names
            .get(usize::from(u8::from(d.month())) - 1)
            .copied()
            .unwrap_or("");
        format!("{} {m} {}", d.day(), d.year())
    }

    pub(super) fn duration_human(&self, minutes: u32, lang: &str) -> String {
        let (h, m) = (minutes / 60, minutes % 60);
        if h == 0 {
            return self
                .t(lang, "duration_minutes")
                .replace("{m}", &m.to_string());
        }
        let pattern = self.t(lang, "duration_hours_minutes");
        if m == 0 {
            let cut = pattern
                .find("{m}")
                .map_or(pattern.as_str(), |i| &pattern[..i]);
            return cut.trim_end().replace("{h}", &h.to_string());
        }
        pattern
            .replace("{h}", &h.to_string())
            .replace("{m}", &format!("{m:02}"))
    }

    pub(super) fn term(&self, c: Collection, v: Vocabulary, key: &str, lang: &str) -> Term {
        Term {
            key: key.to_owned(),
            label: self.site.taxonomies.label(v, key, lang),
            url: self.site.routes.facet(c, v.facet(), key, lang, 1),
        }
    }

    pub(super) fn terms(
        &self,
        c: Collection,
        v: Vocabulary,
        keys: &[String],
        lang: &str,
    ) -> Vec<Term> {
        keys.iter().map(|k| self.term(c, v, k, lang)).collect()
    }

    /// The label that marks an invented person or case, in the document's
    /// language (`None` for a real one).
    pub(super) fn fictional_label(&self, doc: &Document) -> Option<String> {
        let key = match &doc.fields {
            Fields::Ambassador(a) if a.fictional => "fictional_ambassador",
            Fields::UseCase(u) if u.fictional => "fictional_use_case",
            _ => return None,
        };
        Some(self.t(&doc.lang, key))
    }

    /// A link to the page `id_text`, shown on a page in `lang`.
    pub(super) fn link(&self, id_text: &str, lang: &str) -> Option<Link> {
        let id = PageId::parse(id_text)?;
        let p = self.site.page_in(&id, lang)?;
        Some(Link {
            id: id_text.to_owned(),
            title: p.doc.title.clone(),
            url: p.url.clone(),
            translated: p.doc.lang == lang,
            lang: p.doc.lang.clone(),
            fictional: p.doc.fictional(),
            fictional_label: self.fictional_label(&p.doc),
        })
    }
}
