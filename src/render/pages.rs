//! The variables of a page template (`page`), and the cards that show a
//! page in lists.

use std::borrow::Cow;

use super::context::{
    Alternate, AmbassadorVars, Card, CardRef, JobVars, KindVars, ModuleVars, PageVars,
    SolutionVars, SwitcherItem, UseCaseVars,
};
use super::{Prepared, Renderer};
use crate::content::{Collection, Fields, PageId};
use crate::fields::iso_date;
use crate::site::Page;
use crate::taxonomy::Vocabulary;

impl<'a> Renderer<'a> {
    /// The card of `page`: the one built once per build, when there is one.
    pub fn card(&self, page: &Page) -> CardRef<'_> {
        match self.kept.cards.get(page.index) {
            Some(c) => Cow::Borrowed(c),
            None => Cow::Owned(self.make_card(page)),
        }
    }

    pub(super) fn make_card(&self, page: &Page) -> Card {
        let doc = &page.doc;
        let c = doc.id.collection;
        let l = &doc.lang;
        let (terms, extra) = match &doc.fields {
            Fields::Module(m) => (
                vec![
                    self.term(c, Vocabulary::Levels, &m.level, l),
                    self.term(c, Vocabulary::Formats, &m.format, l),
                ],
                self.duration_human(m.duration_minutes, l),
            ),
            Fields::UseCase(u) => (
                vec![
                    self.term(c, Vocabulary::Sectors, &u.sector, l),
                    self.term(c, Vocabulary::Regions, &u.region, l),
                ],
                u.organisation.clone(),
            ),
            Fields::Ambassador(a) => (
                vec![
                    self.term(c, Vocabulary::Regions, &a.region, l),
                    self.term(c, Vocabulary::AmbassadorKinds, &a.kind, l),
                ],
                format!("{}, {}", a.role, a.organisation),
            ),
            Fields::Page => (Vec::new(), String::new()),
        };
        let updated = doc.updated();
        Card {
            id: doc.id.to_string(),
            kind: c.dir(),
            url: page.url.clone(),
            title: doc.title.clone(),
            summary: doc.summary.clone().unwrap_or_default(),
            updated: updated.map(iso_date),
            updated_human: updated.map(|d| self.date_human(d, l)),
            lang: l.clone(),
            terms,
            extra,
            fictional: doc.fictional(),
            fictional_label: self.fictional_label(doc),
        }
    }

    /// The cards of the pages `ids`, shown on a page in `lang`.
    pub(super) fn cards_of(&self, ids: &[PageId], lang: &str) -> Vec<CardRef<'_>> {
        ids.iter()
            .filter_map(|id| self.site.page_in(id, lang))
            .map(|p| self.card(p))
            .collect()
    }

    /// What a page template receives about `p`.
    pub(super) fn page<'r>(&'r self, p: &'r Page) -> Prepared<'r> {
        let site = self.site;
        let doc = &p.doc;
        let lang = doc.lang.as_str();
        let c = doc.id.collection;
        let body = self.kept.bodies.get(p.index);
        let updated = doc.updated();
        let no_tags: &[String] = &[];
        let links = |refs: &[crate::content::Reference]| {
            refs.iter()
                .filter_map(|r| self.link(&r.value, lang))
                .collect::<Vec<_>>()
        };
        let (fields, tags, og_type) = match &doc.fields {
            Fields::Module(m) => {
                let uses: Vec<PageId> = site
                    .referrers(&doc.id, crate::content::ReferenceKind::RelatedModules)
                    .to_vec();
                let required_by: Vec<PageId> = site
                    .referrers(&doc.id, crate::content::ReferenceKind::Prerequisites)
                    .to_vec();
                let vars = ModuleVars {
                    audiences: self.terms(c, Vocabulary::Audiences, &m.audiences, lang),
                    level: self.term(c, Vocabulary::Levels, &m.level, lang),
                    duration_minutes: m.duration_minutes,
                    duration_human: self.duration_human(m.duration_minutes, lang),
                    format: self.term(c, Vocabulary::Formats, &m.format, lang),
                    objectives: &m.objectives,
                    company_sizes: self.terms(c, Vocabulary::CompanySizes, &m.company_sizes, lang),
                    sectors: self.terms(c, Vocabulary::Sectors, &m.sectors, lang),
                    prerequisites: links(&m.prerequisites),
                    provider: m.provider.as_deref(),
                    required_by: self.cards_of(&required_by, lang),
                    use_cases: self.cards_of(&uses, lang),
                };
                (KindVars::Module(vars), m.tags.as_slice(), "article")
            }
            Fields::UseCase(u) => {
                let vars = UseCaseVars {
                    sector: self.term(c, Vocabulary::Sectors, &u.sector, lang),
                    company_size: self.term(c, Vocabulary::CompanySizes, &u.company_size, lang),
                    region: self.term(c, Vocabulary::Regions, &u.region, lang),
                    organisation: &u.organisation,
                    ai_techniques: self.terms(c, Vocabulary::AiTechniques, &u.ai_techniques, lang),
                    solution: u.solution.as_ref().map(|s| SolutionVars {
                        name: &s.name,
                        vendor: s.vendor.as_deref(),
                        origin: s.origin.key(),
                        origin_label: self.t(lang, &format!("origin_{}", s.origin.key())),
                    }),
                    results: &u.results,
                    funding: self.terms(c, Vocabulary::Funding, &u.funding, lang),
                    related_modules: links(&u.related_modules),
                    ambassadors: links(&u.ambassadors),
                    // Only invented people: not "to contact".
                    ambassadors_fictional: !u.ambassadors.is_empty()
                        && u.ambassadors.iter().all(|r| {
                            PageId::parse(&r.value)
                                .and_then(|id| site.page_in(&id, lang))
                                .is_some_and(|p| p.doc.fictional())
                        }),
                };
                (KindVars::UseCase(vars), u.tags.as_slice(), "article")
            }
            Fields::Ambassador(a) => {
                let citing: Vec<PageId> = site
                    .referrers(&doc.id, crate::content::ReferenceKind::Ambassadors)
                    .to_vec();
                let same_region: Vec<PageId> = site
                    .ids(Collection::Ambassadors)
                    .filter(|id| **id != doc.id)
                    .filter(|id| site.page_in(id, lang).is_some_and(|p| matches!(&p.doc.fields, Fields::Ambassador(b) if b.region == a.region)))
                    .cloned()
                    .collect();
                let vars = AmbassadorVars {
                    name: &a.name,
                    role: &a.role,
                    ambassador_kind: self.term(c, Vocabulary::AmbassadorKinds, &a.kind, lang),
                    region: self.term(c, Vocabulary::Regions, &a.region, lang),
                    organisation: &a.organisation,
                    sectors: self.terms(c, Vocabulary::Sectors, &a.sectors, lang),
                    photo: a.photo.as_ref().map(|ph| {
                        format!("{}{}", site.routes.base_path(), ph.trim_start_matches('/'))
                    }),
                    contact_url: a.contact_url.as_deref(),
                    use_cases: self.cards_of(&citing, lang),
                    region_ambassadors: self.cards_of(&same_region, lang),
                    region_url: site.routes.facet(c, "region", &a.region, lang, 1),
                };
                (KindVars::Ambassador(vars), no_tags, "profile")
            }
            Fields::Page => (KindVars::Page {}, no_tags, "website"),
        };
        let page = PageVars {
            id: doc.id.to_string(),
            kind: c.dir(),
            slug: &doc.slug,
            url: &p.url,
            permalink: self.permalink(&p.url),
            lang,
            title: &doc.title,
            summary: doc.summary.as_deref(),
            content: body.map_or("", |b| b.html.as_str()),
            toc: body.map_or(&[], |b| b.toc.as_slice()),
            updated: updated.map(iso_date),
            updated_human: updated.map(|d| self.date_human(d, lang)),
            tags,
            fictional: doc.fictional(),
            fictional_label: self.fictional_label(doc),
            fields,
        };
        // Alternates and switcher: the translations of this page.
        let mut alternates = Vec::new();
        let mut switcher = Vec::new();
        for l in site.languages() {
            let tr = site
                .translations(&doc.id)
                .find(|(tl, _)| tl == l)
                .map(|(_, p)| p);
            match tr {
                Some(t) => {
                    alternates.push(Alternate {
                        lang: l.clone(),
                        url: t.url.clone(),
                        permalink: self.permalink(&t.url),
                    });
                    switcher.push(SwitcherItem {
                        lang: l.clone(),
                        name: self.t(l, "language_name"),
                        url: t.url.clone(),
                        current: l == lang,
                        translated: true,
                    });
                }
                None => {
                    let url = match c {
                        Collection::Pages => site.routes.home(l),
                        _ => site.routes.collection(c, l),
                    };
                    switcher.push(SwitcherItem {
                        lang: l.clone(),
                        name: self.t(l, "language_name"),
                        url,
                        current: false,
                        translated: false,
                    });
                }
            }
        }
        let description = doc.summary.clone().unwrap_or_else(|| {
            let text = body.map_or("", |b| b.text.as_str());
            let mut d: String = text
                .split_whitespace()
                .take(40)
                .collect::<Vec<_>>()
                .join(" ");
            if d.chars().count() > 200 {
                d = d.chars().take(200).collect::<String>() + "…";
            }
            d
        });
        Prepared {
            page_title: Some(doc.title.clone()),
            description: Some(description),
            og_type,
            languages: Some((alternates, switcher)),
            jsonld: self.jsonld(p).map(|j| j.to_script()),
            ..Prepared::new(
                super::template_of(site, &super::Job::Page(p.index)),
                lang,
                JobVars::Page {
                    page: Box::new(page),
                },
            )
        }
    }
}
