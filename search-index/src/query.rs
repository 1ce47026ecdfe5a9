//! The query of a text ([`Covering`]): pages are ranked first by how many of
//! the query's meaningful words they cover, then by where those words
//! matched (title, vocabulary labels, summary, body), then by BM25.
//!
//! Why a query of its own rather than tantivy's boolean queries: the rank
//! needs, for each document, the number of words matched *by any means*
//! (exact stem, synonym, typo, prefix) and the best field each matched in,
//! which a sum of boolean clauses cannot tell apart; and the debugging
//! text tantivy attaches to its query types (`Debug` of a `Term`,
//! `Weight::explain`) reaches the `regex` crate and its Unicode tables,
//! about 70 KB of brotli in the browser module, although nothing ever
//! prints a query.
//!
//! The score packs the rank into one number:
//! `coverage × COVER + min(placement, COVER − 1)`, where `coverage` is the
//! number of query words matched and `placement` the sum, over matched
//! words, of the best field tier they matched in plus their BM25 (capped).
//! The collector reads the coverage back (`score / COVER`).

use std::fmt;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::{DocId, Score, Term, TERMINATED};

use crate::engine::{PostingList, Segment};

/// The weight of one covered query word in a score.
pub const COVER: Score = 100_000.0;
/// BM25 of a word counts up to this (it orders documents within a tier).
const BM25_CAP: Score = 99.0;
/// A free page the query does not name keeps this share of its placement:
/// it ranks below catalogue pages covering as many words. A query names a
/// free page when its title holds every query word, or when a word typed
/// is one of the page's labels (for the bundled theme's free pages, their
/// type: "Pages du site", "Site pages"), so that a question about the site
/// itself ("ce site est-il officiel") finds the pages about the site.
const DEMOTED: Score = 0.1;

/// What a match of an entry says of a free page (see [`DEMOTED`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Names {
    /// A title word: every query word in the title names the page.
    Title,
    /// A label typed as it is (not a typo, prefix or synonym of one):
    /// names the page.
    Label,
    /// Names nothing.
    Nothing,
}

/// One term in one field, and what a match of it is worth.
#[derive(Clone)]
pub struct Entry {
    pub term: Term,
    /// BM25 boost.
    pub boost: Score,
    /// Constant added once for the word when this is its best match.
    pub tier: Score,
    /// Whether a match names a free page.
    pub names: Names,
}

/// A query word (or the words of a synonym phrase): covered when any of
/// its entries matches.
#[derive(Clone)]
pub struct Alternative {
    pub entries: Vec<Entry>,
    /// Number of query words it stands for.
    pub cover: u32,
    /// Multiplies the tiers of its entries: a rare word placed in a title
    /// says more than a word every page has (see `Engine::rarity`).
    pub weight: Score,
}

/// A run of query words, with ways of matching it: the best choice counts
/// (a synonym phrase as a whole, or its words one by one). A choice
/// covers the sum of its alternatives.
#[derive(Clone, Default)]
pub struct Slot {
    pub choices: Vec<Vec<Alternative>>,
}

impl Slot {
    /// The most words the slot can cover.
    pub fn max_cover(&self) -> u32 {
        self.choices
            .iter()
            .map(|c| c.iter().map(|a| a.cover).sum())
            .max()
            .unwrap_or(0)
    }
}

/// The query of a text's meaningful words. `demoted`: documents (sorted
/// ids) of free pages.
#[derive(Clone)]
pub struct Covering {
    slots: Vec<Slot>,
    demoted: Arc<Vec<DocId>>,
}

impl Covering {
    pub fn new(slots: Vec<Slot>, demoted: Arc<Vec<DocId>>) -> Covering {
        Covering { slots, demoted }
    }

    /// The most words a document can cover.
    pub fn max_cover(&self) -> u32 {
        self.slots.iter().map(Slot::max_cover).sum()
    }
}

impl fmt::Debug for Covering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Covering")
    }
}

struct Layout {
    /// Per slot, per choice: index of its first alternative in the flat
    /// list, and number of alternatives.
    choices: Vec<Vec<(usize, usize)>>,
    /// Per flat alternative: its cover and weight.
    covers: Vec<u32>,
    weights: Vec<Score>,
}

impl Layout {
    fn of(slots: &[Slot]) -> (Layout, Vec<(Entry, usize)>) {
        let mut choices = Vec::new();
        let mut covers = Vec::new();
        let mut weights = Vec::new();
        let mut entries = Vec::new();
        for slot in slots {
            let mut cs = Vec::new();
            for choice in &slot.choices {
                cs.push((covers.len(), choice.len()));
                for alt in choice {
                    let flat = covers.len();
                    covers.push(alt.cover);
                    weights.push(alt.weight);
                    for e in &alt.entries {
                        entries.push((e.clone(), flat));
                    }
                }
            }
            choices.push(cs);
        }
        (
            Layout {
                choices,
                covers,
                weights,
            },
            entries,
        )
    }
}

impl Covering {
    /// The weight of the query, with BM25 statistics from `stats`.
    pub fn weight(&self, stats: &dyn Bm25StatisticsProvider) -> tantivy::Result<CoveringWeight> {
        let (layout, entries) = Layout::of(&self.slots);
        let docs = stats.total_num_docs()?;
        let mut terms = Vec::with_capacity(entries.len());
        for (e, alt) in entries {
            let average_norm = stats.total_num_tokens(e.term.field())? as Score / docs as Score;
            let bm25 = Bm25Weight::for_one_term_without_explain(
                stats.doc_freq(&e.term)?,
                docs,
                average_norm,
            );
            terms.push((bm25, e, alt));
        }
        Ok(CoveringWeight {
            layout: Arc::new(layout),
            terms,
            demoted: self.demoted.clone(),
        })
    }

    /// Every term of the query (a term may come more than once).
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.slots
            .iter()
            .flat_map(|s| &s.choices)
            .flatten()
            .flat_map(|a| &a.entries)
            .map(|e| &e.term)
    }
}

/// A [`Covering`] with its BM25 statistics: makes its scorer.
pub struct CoveringWeight {
    layout: Arc<Layout>,
    /// Per entry: its BM25 weight, the entry, its flat alternative.
    terms: Vec<(Bm25Weight, Entry, usize)>,
    demoted: Arc<Vec<DocId>>,
}

impl CoveringWeight {
    /// The scorer of the query over `segment`, on its first document.
    pub fn scorer(&self, segment: &Segment) -> std::io::Result<CoveringScorer> {
        let mut scorers = Vec::new();
        for (bm25, e, alt) in &self.terms {
            let Some(postings) = segment.postings(&e.term)? else {
                continue;
            };
            let s = TermScorer {
                postings,
                norms: segment.norms(e.term.field()).clone(),
                bm25: bm25.boost_by(e.boost),
            };
            if s.doc() != TERMINATED {
                scorers.push(Sub {
                    scorer: s,
                    alt: *alt,
                    tier: e.tier,
                    names: e.names,
                });
            }
        }
        let n = self.layout.covers.len();
        let mut s = CoveringScorer {
            subs: scorers,
            layout: self.layout.clone(),
            demoted: self.demoted.clone(),
            doc: TERMINATED,
            matched: vec![false; n],
            tier: vec![0.0; n],
            bm25: vec![0.0; n],
            title: vec![false; n],
        };
        s.doc = s.first();
        Ok(s)
    }
}

/// One term's postings in a segment, scored by BM25 as tantivy's own term
/// scorer does (tantivy's is only reachable through a `SegmentReader`,
/// see `engine::segment`).
struct TermScorer {
    postings: PostingList,
    norms: FieldNormReader,
    bm25: Bm25Weight,
}

impl TermScorer {
    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn score(&self) -> Score {
        let norm = self.norms.fieldnorm_id(self.doc());
        self.bm25.score(norm, self.postings.term_freq())
    }
}

struct Sub {
    scorer: TermScorer,
    alt: usize,
    tier: Score,
    names: Names,
}

/// The union of every entry's postings (a plain scan: a few dozen
/// scorers), scored as the module documentation says.
pub struct CoveringScorer {
    subs: Vec<Sub>,
    layout: Arc<Layout>,
    demoted: Arc<Vec<DocId>>,
    doc: DocId,
    // Per flat alternative, for the current document.
    matched: Vec<bool>,
    tier: Vec<Score>,
    bm25: Vec<Score>,
    title: Vec<bool>,
}

impl CoveringScorer {
    fn first(&self) -> DocId {
        self.subs
            .iter()
            .map(|s| s.scorer.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl CoveringScorer {
    /// Moves to the next document and returns it ([`TERMINATED`] after
    /// the last).
    pub fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for s in &mut self.subs {
            if s.scorer.doc() == doc {
                s.scorer.advance();
            }
        }
        self.doc = self.first();
        self.doc
    }

    /// The current document.
    pub fn doc(&self) -> DocId {
        self.doc
    }

    /// The current document's score.
    pub fn score(&mut self) -> Score {
        let doc = self.doc;
        self.matched.fill(false);
        self.tier.fill(0.0);
        self.bm25.fill(0.0);
        self.title.fill(false);
        // The document matched a label that names it.
        let mut label_named = false;
        for s in &mut self.subs {
            if s.scorer.doc() == doc {
                let a = s.alt;
                self.matched[a] = true;
                self.tier[a] = self.tier[a].max(s.tier);
                self.bm25[a] += s.scorer.score();
                self.title[a] |= s.names == Names::Title;
                label_named |= s.names == Names::Label;
            }
        }
        let mut cover = 0u32;
        let mut placement: Score = 0.0;
        let mut named = true;
        for slot in &self.layout.choices {
            // The best choice: most words, then best placement.
            let mut best = (0u32, 0.0 as Score, false);
            for &(first, len) in slot {
                let mut c = 0;
                let mut p = 0.0;
                let mut in_title = true;
                for a in first..first + len {
                    if self.matched[a] {
                        c += self.layout.covers[a];
                        p += self.tier[a] * self.layout.weights[a] + self.bm25[a].min(BM25_CAP);
                        in_title &= self.title[a];
                    } else {
                        in_title = false;
                    }
                }
                if (c, p) > (best.0, best.1) {
                    best = (c, p, in_title);
                }
            }
            cover += best.0;
            placement += best.1;
            named &= best.2;
        }
        if !named && !label_named && self.demoted.binary_search(&doc).is_ok() {
            placement *= DEMOTED;
        }
        cover as Score * COVER + placement.min(COVER - 1.0)
    }
}

/// The number of query words a score says the document covers.
pub fn coverage(score: Score) -> u32 {
    (score / COVER).floor().max(0.0) as u32
}
