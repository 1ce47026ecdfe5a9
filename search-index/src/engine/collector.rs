//! The collector of a query: documents passing the facet filters, their
//! number and the disjunctive facet counts, by coverage, in one pass.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::{DocId, Score};

use crate::facets::FacetTable;
use crate::query::coverage;

/// Collects, in one pass: the documents passing every facet group, their
/// number and disjunctive facet counts, by coverage (number of query words
/// matched); the harvest keeps the documents covering enough words.
pub(super) struct FacetedTop {
    /// None: no facet filter and no counts asked for.
    pub(super) table: Option<Arc<FacetTable>>,
    pub(super) groups: Vec<HashSet<u64>>,
    pub(super) group_of: Vec<usize>,
    pub(super) num_ords: usize,
    pub(super) limit: usize,
    /// Coverage levels: 0 to the query's number of words.
    pub(super) levels: usize,
    /// The coverage that is "most of the words": documents covering
    /// fewer are left out when some document covers at least this many.
    pub(super) most: u32,
}

pub(super) struct FacetedTopFruit {
    pub(super) total: u64,
    pub(super) top: Vec<(Score, DocId)>,
    pub(super) counts: Vec<u64>,
}

/// What a segment collected, by coverage level.
pub(super) struct LevelFruit {
    totals: Vec<u64>,
    top: Vec<(Score, DocId)>,
    /// `counts[level * num_ords + ord]`.
    counts: Vec<u64>,
}

/// The collection in progress (the segment's, tantivy would say).
pub(super) struct FacetedTopSegment {
    table: Option<Arc<FacetTable>>,
    groups: Vec<HashSet<u64>>,
    group_of: Vec<usize>,
    num_ords: usize,
    levels: usize,
    fruit: LevelFruit,
    ords: Vec<u64>,
    failed: Vec<bool>,
}

impl FacetedTop {
    /// Starts collecting.
    pub(super) fn start(&self) -> FacetedTopSegment {
        let counts = if self.table.is_some() {
            vec![0; self.num_ords * self.levels]
        } else {
            Vec::new()
        };
        FacetedTopSegment {
            table: self.table.clone(),
            groups: self.groups.clone(),
            group_of: self.group_of.clone(),
            num_ords: self.num_ords,
            levels: self.levels,
            fruit: LevelFruit {
                totals: vec![0; self.levels],
                top: Vec::new(),
                counts,
            },
            ords: Vec::new(),
            failed: vec![false; self.groups.len()],
        }
    }

    /// What was collected, thresholded, counted and sorted.
    pub(super) fn finish(&self, fruit: LevelFruit) -> FacetedTopFruit {
        let LevelFruit {
            totals,
            top,
            counts,
        } = fruit;
        // The threshold: "most of the words" if some document reaches it,
        // else the best coverage found.
        let best = totals.iter().rposition(|&t| t > 0).unwrap_or(0) as u32;
        let threshold = if self.most == 0 {
            0
        } else {
            // A document matching question words only is no result.
            self.most.min(best).max(1) as usize
        };
        let total = totals[threshold..].iter().sum();
        let mut out = FacetedTopFruit {
            total,
            top,
            counts: vec![0; self.num_ords],
        };
        // No counts when no facet table was asked for.
        for level in (threshold..self.levels).filter(|_| !counts.is_empty()) {
            let row = &counts[level * self.num_ords..(level + 1) * self.num_ords];
            for (a, b) in out.counts.iter_mut().zip(row) {
                *a += b;
            }
        }
        out.top.retain(|(s, _)| coverage(*s) as usize >= threshold);
        // Every matching document was collected (the facet counts need
        // them all); only the best `limit` are sorted.
        let order = |a: &(Score, DocId), b: &(Score, DocId)| {
            b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
        };
        if out.top.len() > self.limit {
            out.top.select_nth_unstable_by(self.limit, order);
            out.top.truncate(self.limit);
        }
        out.top.sort_by(order);
        out
    }
}

impl FacetedTopSegment {
    /// Takes a matching document.
    pub(super) fn collect(&mut self, doc: DocId, score: Score) {
        let level = (coverage(score) as usize).min(self.levels - 1);
        let Some(table) = &self.table else {
            self.fruit.totals[level] += 1;
            self.fruit.top.push((score, doc));
            return;
        };
        table.ords(doc, &mut self.ords);
        let mut failing = 0;
        let mut failed_group = usize::MAX;
        for (g, set) in self.groups.iter().enumerate() {
            let ok = self.ords.iter().any(|o| set.contains(o));
            self.failed[g] = !ok;
            if !ok {
                failing += 1;
                failed_group = g;
            }
        }
        let counts = &mut self.fruit.counts[level * self.num_ords..(level + 1) * self.num_ords];
        match failing {
            0 => {
                self.fruit.totals[level] += 1;
                self.fruit.top.push((score, doc));
                for &o in &self.ords {
                    if let Some(c) = counts.get_mut(o as usize) {
                        *c += 1;
                    }
                }
            }
            1 => {
                for &o in &self.ords {
                    if self.group_of.get(o as usize) == Some(&failed_group) {
                        counts[o as usize] += 1;
                    }
                }
            }
            _ => {}
        }
    }

    /// What was collected.
    pub(super) fn harvest(self) -> LevelFruit {
        self.fruit
    }
}
