//! Listings: a collection or a facet value, one page of 24 cards at a
//! time, with the facets, the directory map and the learning path of an
//! audience.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

use super::context::{
    ActiveFacet, CardRef, FacetValue, FacetVars, JobVars, ListingVars, MapRegion, MapVars,
    PageNumber, Paginator, PathStep, PathVars,
};
use super::{pages_for, Prepared, Renderer, PAGE_SIZE};
use crate::content::{vocabularies_of, Collection, Fields, PageId};
use crate::site::{Page, Site};
use crate::taxonomy::Vocabulary;

impl<'a> Renderer<'a> {
    pub(super) fn filtered(
        &self,
        c: Collection,
        lang: &str,
        facet: &str,
        key: &str,
    ) -> Vec<&'a Page> {
        let site: &'a Site = self.site;
        let facet = Vocabulary::from_facet(facet).map_or("", Vocabulary::facet);
        self.kept
            .by_facet
            .get(&(c, lang.to_owned(), facet, key.to_owned()))
            .map(|v| v.iter().map(|&i| &site.pages[i]).collect())
            .unwrap_or_default()
    }

    pub(super) fn listing<'r>(
        &'r self,
        c: Collection,
        lang: &'r str,
        active: Option<&(String, String)>,
        page_no: usize,
    ) -> Prepared<'r> {
        let site = self.site;
        let all = site.listed(c, lang);
        let items: Vec<&Page> = match active {
            Some((f, k)) => self.filtered(c, lang, f, k),
            None => all.clone(),
        };
        let total = items.len();
        let total_pages = pages_for(total);
        let page_url = |n: usize| match active {
            Some((f, k)) => site.routes.facet(c, f, k, lang, n),
            None => site.routes.listing_page(c, lang, n),
        };
        let cards: Vec<CardRef> = items
            .iter()
            .skip((page_no - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|p| self.card(p))
            .collect();
        let mut facets = Vec::new();
        for vocabulary in vocabularies_of(c) {
            let facet = vocabulary.facet();
            let keys = self
                .kept
                .facet_values
                .get(&c)
                .and_then(|m| m.get(facet))
                .cloned()
                .unwrap_or_default();
            let values: Vec<FacetValue> = keys
                .iter()
                .map(|k| FacetValue {
                    key: k.clone(),
                    label: site.taxonomies.label(*vocabulary, k, lang),
                    url: site.routes.facet(c, facet, k, lang, 1),
                    count: self.filtered(c, lang, facet, k).len(),
                    current: active.is_some_and(|(f, kk)| f == facet && kk == k),
                })
                .collect();
            if !values.is_empty() {
                facets.push(FacetVars {
                    name: facet,
                    label: self.t(lang, &format!("facet_{facet}")),
                    values,
                });
            }
        }
        let collection_label = self.t(lang, &format!("collection_{}", c.key()));
        let (title, active_v) = match active {
            Some((f, k)) => {
                let label = Vocabulary::from_facet(f)
                    .map_or_else(|| k.clone(), |v| site.taxonomies.label(v, k, lang));
                let facet_label = self.t(lang, &format!("facet_{f}"));
                (
                    self.t(lang, "listing_facet_title")
                        .replace("{collection}", &collection_label)
                        .replace("{facet}", &facet_label)
                        .replace("{value}", &label),
                    Some(ActiveFacet {
                        facet: f.clone(),
                        facet_label,
                        key: k.clone(),
                        label,
                    }),
                )
            }
            None => (collection_label.clone(), None),
        };
        let pages: Vec<PageNumber> = (1..=total_pages)
            .map(|n| PageNumber {
                number: n,
                url: page_url(n),
                current: n == page_no,
            })
            .collect();
        let map = (c == Collection::Ambassadors).then(|| {
            let keys: Vec<String> = site
                .taxonomies
                .get(Vocabulary::Regions)
                .map(|v| v.keys().map(str::to_owned).collect())
                .unwrap_or_default();
            let regions: Vec<MapRegion> = keys
                .iter()
                .map(|k| {
                    let listed = self.filtered(c, lang, "region", k);
                    MapRegion {
                        key: k.clone(),
                        label: site.taxonomies.label(Vocabulary::Regions, k, lang),
                        count: listed.len(),
                        fictional: listed.iter().filter(|p| p.doc.fictional()).count(),
                        url: site.routes.facet(c, "region", k, lang, 1),
                        current: active.is_some_and(|(f, kk)| f == "region" && kk == k)
                            || (active.is_none()
                                && site.config.edition.as_ref().is_some_and(|e| e.region == *k)),
                    }
                })
                .collect();
            MapVars {
                regions,
                fictional: all.iter().filter(|p| p.doc.fictional()).count(),
                total: all.len(),
            }
        });
        let path = match active {
            Some((f, k)) if c == Collection::Modules && f == "audience" && page_no == 1 => {
                self.learning_path(lang, k)
            }
            _ => None,
        };
        let page_title = if page_no > 1 {
            format!(
                "{title} — {}",
                self.t(lang, "pagination_page")
                    .replace("{n}", &page_no.to_string())
            )
        } else {
            title.clone()
        };
        let listing = ListingVars {
            kind: c.dir(),
            title,
            collection_url: site.routes.collection(c, lang),
            active: active_v,
            items: cards,
            total,
            paginator: Paginator {
                current: page_no,
                total_pages,
                prev: (page_no > 1).then(|| page_url(page_no - 1)),
                next: (page_no < total_pages).then(|| page_url(page_no + 1)),
                pages,
            },
            facets,
            map,
            path,
            fictional: items.iter().filter(|p| p.doc.fictional()).count(),
            feed_url: site.routes.feed(lang),
        };
        Prepared {
            page_title: Some(page_title),
            ..Prepared::new("list.html", lang, JobVars::Listing { listing })
        }
    }

    /// The learning path of an audience: its modules, with the modules
    /// they need first (even when meant for another audience), in
    /// prerequisite order, ties broken by level (vocabulary order), weight,
    /// then title; with each duration and the total.
    fn learning_path(&self, lang: &str, audience: &str) -> Option<PathVars> {
        let site = self.site;
        let members = self.filtered(Collection::Modules, lang, "audience", audience);
        if members.is_empty() {
            return None;
        }
        let prerequisites = |p: &Page| -> Vec<PageId> {
            match &p.doc.fields {
                Fields::Module(m) => m
                    .prerequisites
                    .iter()
                    .filter_map(|r| PageId::parse(&r.value))
                    .collect(),
                _ => Vec::new(),
            }
        };
        // The audience's modules and, transitively, what they require.
        let mut nodes: BTreeMap<PageId, (&Page, bool)> = members
            .iter()
            .map(|p| (p.doc.id.clone(), (*p, true)))
            .collect();
        let mut todo: Vec<&Page> = members.clone();
        while let Some(p) = todo.pop() {
            for id in prerequisites(p) {
                if nodes.contains_key(&id) {
                    continue;
                }
                if let Some(q) = site.page_in(&id, lang) {
                    nodes.insert(id, (q, false));
                    todo.push(q);
                }
            }
        }
        // Kahn's algorithm; of the modules whose prerequisites are done, the
        // easiest level goes next, then the smallest weight, then the title.
        // Each module's key and edges are computed once, and the ready
        // modules wait in a heap: an audience of the 50,000-page corpus has
        // thousands of modules (recomputing them at every step took most of
        // that build).
        let levels = site.taxonomies.get(Vocabulary::Levels);
        let ids: Vec<&PageId> = nodes.keys().collect();
        let index: BTreeMap<&PageId, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let keys: Vec<_> = ids
            .iter()
            .map(|id| {
                let p = nodes[*id].0;
                let level = match &p.doc.fields {
                    Fields::Module(m) => levels.map_or(0, |v| v.rank(&m.level)),
                    _ => 0,
                };
                (
                    level,
                    p.doc.weight.unwrap_or(0),
                    crate::site::collate(&p.doc.title),
                    (*id).clone(),
                )
            })
            .collect();
        // waiting[i]: prerequisites of i not yet placed; dependents[j]: the
        // modules that need j.
        let mut waiting = vec![0usize; ids.len()];
        let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        for (i, id) in ids.iter().enumerate() {
            let needs: BTreeSet<usize> = prerequisites(nodes[*id].0)
                .iter()
                .filter_map(|r| index.get(r).copied())
                .collect();
            waiting[i] = needs.len();
            for j in needs {
                dependents[j].push(i);
            }
        }
        let mut ready: BinaryHeap<Reverse<(&_, usize)>> = (0..ids.len())
            .filter(|&i| waiting[i] == 0)
            .map(|i| Reverse((&keys[i], i)))
            .collect();
        let mut placed = vec![false; ids.len()];
        let mut order: Vec<PageId> = Vec::with_capacity(ids.len());
        while order.len() < ids.len() {
            let next = match ready.pop() {
                Some(Reverse((_, i))) => i,
                // A loop is reported as an error elsewhere; never hang on
                // one: the first of what is left goes next.
                None => (0..ids.len())
                    .filter(|&i| !placed[i])
                    .min_by_key(|&i| &keys[i])?,
            };
            placed[next] = true;
            for &d in &dependents[next] {
                waiting[d] = waiting[d].saturating_sub(1);
                if waiting[d] == 0 && !placed[d] {
                    ready.push(Reverse((&keys[d], d)));
                }
            }
            order.push(ids[next].clone());
        }
        let mut total = 0u32;
        let steps: Vec<PathStep> = order
            .iter()
            .map(|id| {
                let (p, own) = nodes[id];
                let minutes = match &p.doc.fields {
                    Fields::Module(m) => m.duration_minutes,
                    _ => 0,
                };
                total += minutes;
                let level = match &p.doc.fields {
                    Fields::Module(m) => site.taxonomies.label(Vocabulary::Levels, &m.level, lang),
                    _ => String::new(),
                };
                PathStep {
                    id: id.to_string(),
                    title: p.doc.title.clone(),
                    url: p.url.clone(),
                    lang: p.doc.lang.clone(),
                    translated: p.doc.lang == lang,
                    duration_minutes: minutes,
                    duration_human: self.duration_human(minutes, lang),
                    level,
                    for_audience: own,
                }
            })
            .collect();
        Some(PathVars {
            audience: site.taxonomies.label(Vocabulary::Audiences, audience, lang),
            steps,
            total_minutes: total,
            total_human: self.duration_human(total, lang),
        })
    }
}
/// Facet values in use for each collection, in vocabulary order.
pub(super) fn facet_values(
    site: &Site,
) -> BTreeMap<Collection, BTreeMap<&'static str, Vec<String>>> {
    let mut out: BTreeMap<Collection, BTreeMap<&'static str, BTreeSet<String>>> = BTreeMap::new();
    for p in &site.pages {
        let c = p.doc.id.collection;
        for (v, k) in p.doc.terms() {
            if vocabularies_of(c).contains(&v) {
                out.entry(c)
                    .or_default()
                    .entry(v.facet())
                    .or_default()
                    .insert(k.to_owned());
            }
        }
    }
    // The directory map links every region, so every region has its page.
    if let Some(regions) = site.taxonomies.get(Vocabulary::Regions) {
        out.entry(Collection::Ambassadors)
            .or_default()
            .entry("region")
            .or_default()
            .extend(regions.keys().map(str::to_owned));
    }
    out.into_iter()
        .map(|(c, m)| {
            let m = m
                .into_iter()
                .map(|(f, keys)| {
                    let vocab = Vocabulary::from_facet(f).and_then(|v| site.taxonomies.get(v));
                    let mut keys: Vec<String> = keys.into_iter().collect();
                    keys.sort_by_key(|k| vocab.map_or(usize::MAX, |v| v.rank(k)));
                    (f, keys)
                })
                .collect();
            (c, m)
        })
        .collect()
}
