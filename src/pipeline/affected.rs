//! The plan of an edit: which jobs show the pages an editor changed.
//!
//! A body edit shows on the page itself. A front-matter edit (title,
//! summary, facets, references…) also shows on its translations, the pages
//! it refers to and that refer to it, the ambassadors of its region, the
//! listing and facet pages it appears on (from the first page whose order
//! changed), the home pages and the HTML sitemaps.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::content::{self, Document, Fields, PageId};
use crate::render::{Job, PAGE_SIZE};
use crate::site::Site;

/// The jobs whose output may show the pages at `changed` (indexes valid in
/// both `old` and `new`, which have the same pages and jobs).
pub(crate) fn affected(old: &Site, new: &Site, changed: &[usize], jobs: &[Job]) -> Vec<Job> {
    let mut out: Vec<Job> = Vec::new();
    let mut seen: HashSet<Job> = HashSet::new();
    let mut add = |job: Job, out: &mut Vec<Job>| {
        if seen.insert(job.clone()) {
            out.push(job);
        }
    };
    for &i in changed {
        add(Job::Page(i), &mut out);
        let (o, n) = (&old.pages[i].doc, &new.pages[i].doc);
        if o.same_front_matter(n) {
            continue;
        }
        // What other pages show of it: its card, its title in links.
        let mut ids: BTreeSet<PageId> = BTreeSet::new();
        ids.insert(n.id.clone());
        for d in [o, n] {
            ids.extend(references(d));
        }
        // A page shows the pages referring to it in any language (a
        // translation's references count for the page): the pages the
        // other translations refer to show this one's card too.
        for (_, p) in new.translations(&n.id) {
            ids.extend(references(&p.doc));
        }
        ids.extend(new.all_referrers(&n.id).cloned());
        let regions: Vec<&str> = [o, n]
            .iter()
            .filter_map(|d| match &d.fields {
                Fields::Ambassador(a) => Some(a.region.as_str()),
                _ => None,
            })
            .collect();
        if !regions.is_empty() {
            for p in &new.pages {
                if matches!(&p.doc.fields, Fields::Ambassador(a) if regions.contains(&a.region.as_str()))
                {
                    ids.insert(p.doc.id.clone());
                }
            }
        }
        for id in &ids {
            for (_, p) in new.translations(id) {
                add(Job::Page(p.index), &mut out);
            }
        }
        for lang in new.languages() {
            add(Job::Home { lang: lang.clone() }, &mut out);
            add(Job::Sitemap { lang: lang.clone() }, &mut out);
        }
        // Listing pages of its collection in its language.
        let c = n.id.collection;
        let lang = &n.lang;
        let facets = n.facets();
        let facets_changed = o.facets() != facets;
        // A facet listing's old and new order, computed once for all its pages.
        let mut facet_lists: HashMap<(&str, &str), OldAndNew> = HashMap::new();
        for job in jobs {
            let Job::Listing {
                collection,
                lang: l,
                facet,
                page,
            } = job
            else {
                continue;
            };
            if *collection != c || l != lang {
                continue;
            }
            let show = facets_changed
                || match facet {
                    None => listing_page_shows(
                        old.listed_indexes(c, lang),
                        new.listed_indexes(c, lang),
                        i,
                        *page,
                    ),
                    // With the same facets, the page is on no other facet
                    // listing, and the order of the others is unchanged.
                    Some((f, k)) => match facets.iter().find(|(ff, kk)| ff == f && kk == k) {
                        None => false,
                        Some(&key) => {
                            let (ol, nl) = facet_lists.entry(key).or_insert_with(|| {
                                let filter = |s: &Site| -> Vec<usize> {
                                    s.listed_indexes(c, lang)
                                        .iter()
                                        .copied()
                                        .filter(|&j| s.pages[j].doc.facets().contains(&key))
                                        .collect()
                                };
                                (filter(old), filter(new))
                            });
                            listing_page_shows(ol, nl, i, *page)
                        }
                    },
                };
            if show {
                add(job.clone(), &mut out);
            }
        }
    }
    out
}

/// A listing's order (page indexes) before and after an edit.
type OldAndNew = (Vec<usize>, Vec<usize>);

/// Must page `page` (from 1) of a listing be rendered again, when it was
/// `old` and is now `new`, after page `i` changed?
fn listing_page_shows(old: &[usize], new: &[usize], i: usize, page: usize) -> bool {
    let range = (page - 1) * PAGE_SIZE..page * PAGE_SIZE;
    if old == new {
        return new
            .iter()
            .position(|&j| j == i)
            .is_some_and(|p| range.contains(&p));
    }
    // The order changed: every page from the first difference on.
    let first = old
        .iter()
        .zip(new)
        .position(|(a, b)| a != b)
        .unwrap_or(old.len().min(new.len()));
    range.end > first
}

/// The ids a document's fields refer to.
fn references(d: &Document) -> Vec<PageId> {
    let refs: Vec<&content::Reference> = match &d.fields {
        Fields::Module(m) => m.prerequisites.iter().collect(),
        Fields::UseCase(u) => u.related_modules.iter().chain(&u.ambassadors).collect(),
        _ => Vec::new(),
    };
    refs.iter()
        .filter_map(|r| PageId::parse(&r.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::listing_page_shows;
    use crate::render::PAGE_SIZE;

    #[test]
    fn same_order_renders_only_the_page_showing_the_edit() {
        let list: Vec<usize> = (0..60).collect();
        let i = PAGE_SIZE + 3; // on page 2
        assert!(!listing_page_shows(&list, &list, i, 1));
        assert!(listing_page_shows(&list, &list, i, 2));
        assert!(!listing_page_shows(&list, &list, i, 3));
    }

    #[test]
    fn new_order_renders_from_the_first_difference() {
        let old: Vec<usize> = (0..60).collect();
        let mut new = old.clone();
        new.swap(30, 50);
        assert!(!listing_page_shows(&old, &new, 30, 1));
        assert!(listing_page_shows(&old, &new, 30, 2));
        assert!(listing_page_shows(&old, &new, 30, 3));
    }
}
