//! The home page, the HTML site map and the search page of a language.

use super::context::{
    AudienceEntry, CardRef, CollectionEntry, HomeCounts, HomeRegion, HomeVars, JobVars,
    SitemapItem, SitemapSection, SitemapVars,
};
use super::{Prepared, Renderer};
use crate::content::{Collection, Fields};
use crate::site::Page;
use crate::taxonomy::Vocabulary;

impl Renderer<'_> {
    pub(super) fn home<'r>(&'r self, lang: &'r str) -> Prepared<'r> {
        let site = self.site;
        let modules = site.listed(Collection::Modules, lang);
        let use_cases = site.listed(Collection::UseCases, lang);
        let ambassadors = site.listed(Collection::Ambassadors, lang);
        let audiences: Vec<AudienceEntry> = site
            .taxonomies
            .get(Vocabulary::Audiences)
            .map(|v| {
                v.keys()
                    .map(|k| AudienceEntry {
                        key: k.to_owned(),
                        label: site.taxonomies.label(Vocabulary::Audiences, k, lang),
                        url: site.routes.facet(Collection::Modules, "audience", k, lang, 1),
                        count: modules.iter().filter(|p| matches!(&p.doc.fields, Fields::Module(m) if m.audiences.iter().any(|a| a == k))).count(),
                    })
                    .filter(|a| a.count > 0)
                    .collect()
            })
            .unwrap_or_default();
        let latest = |pages: &[&Page]| -> Vec<CardRef<'r>> {
            let mut v: Vec<&&Page> = pages.iter().collect();
            v.sort_by(|a, b| {
                b.doc
                    .updated()
                    .cmp(&a.doc.updated())
                    .then_with(|| a.doc.title.cmp(&b.doc.title))
            });
            v.into_iter().take(6).map(|p| self.card(p)).collect()
        };
        let collections = [
            (Collection::Modules, modules.len()),
            (Collection::UseCases, use_cases.len()),
            (Collection::Ambassadors, ambassadors.len()),
        ]
        .into_iter()
        .map(|(c, n)| CollectionEntry {
            kind: c.dir(),
            label: self.t(lang, &format!("collection_{}", c.key())),
            url: site.routes.collection(c, lang),
            count: n,
        })
        .collect();
        // A regional edition puts its region first: its ambassadors and use
        // cases, its directory and a search narrowed to it.
        let region = site.config.edition.as_ref().map(|e| {
            let in_region = |p: &&&Page| match &p.doc.fields {
                Fields::UseCase(u) => u.region == e.region,
                Fields::Ambassador(a) => a.region == e.region,
                _ => false,
            };
            HomeRegion {
                key: e.region.clone(),
                label: site.taxonomies.label(Vocabulary::Regions, &e.region, lang),
                ambassadors: ambassadors
                    .iter()
                    .filter(in_region)
                    .map(|p| self.card(p))
                    .collect(),
                use_cases: use_cases
                    .iter()
                    .filter(in_region)
                    .map(|p| self.card(p))
                    .collect(),
                ambassadors_url: site.routes.facet(
                    Collection::Ambassadors,
                    "region",
                    &e.region,
                    lang,
                    1,
                ),
                use_cases_url: site.routes.facet(
                    Collection::UseCases,
                    "region",
                    &e.region,
                    lang,
                    1,
                ),
                search_url: format!("{}?region={}", site.routes.search(lang), e.region),
            }
        });
        let home = HomeVars {
            region,
            audiences,
            latest_modules: latest(&modules),
            latest_use_cases: latest(&use_cases),
            counts: HomeCounts {
                modules: modules.len(),
                use_cases: use_cases.len(),
                ambassadors: ambassadors.len(),
                fictional_use_cases: use_cases.iter().filter(|p| p.doc.fictional()).count(),
                fictional_ambassadors: ambassadors.iter().filter(|p| p.doc.fictional()).count(),
            },
            collections,
        };
        Prepared {
            description: Some(
                site.config
                    .description
                    .get(lang)
                    .cloned()
                    .unwrap_or_else(|| self.t(lang, "home_intro")),
            ),
            ..Prepared::new("index.html", lang, JobVars::Home { home })
        }
    }

    pub(super) fn sitemap<'r>(&'r self, lang: &'r str) -> Prepared<'r> {
        let site = self.site;
        let mut sections = Vec::new();
        for c in Collection::ALL {
            let items = site
                .listed(c, lang)
                .iter()
                .map(|p| SitemapItem {
                    title: p.doc.title.clone(),
                    url: p.url.clone(),
                    fictional: p.doc.fictional(),
                    fictional_label: self.fictional_label(&p.doc),
                })
                .collect();
            let url = match c {
                Collection::Pages => site.routes.home(lang),
                _ => site.routes.collection(c, lang),
            };
            sections.push(SitemapSection {
                title: self.t(lang, &format!("collection_{}", c.key())),
                url,
                items,
            });
        }
        Prepared {
            page_title: Some(self.t(lang, "sitemap_title")),
            ..Prepared::new(
                "sitemap.html",
                lang,
                JobVars::Sitemap {
                    sitemap: SitemapVars { sections },
                },
            )
        }
    }

    pub(super) fn search_page<'r>(&'r self, lang: &'r str) -> Prepared<'r> {
        Prepared {
            page_title: Some(self.t(lang, "nav_search")),
            ..Prepared::new("search.html", lang, JobVars::Nothing {})
        }
    }
}
