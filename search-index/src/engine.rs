//! The query engine, shared by the CLI (native) and the browser (wasm).
//!
//! How a text becomes a query (and why a result ranks where it does):
//! - The text is cut into words and analysed with the language pipelines;
//!   punctuation and operators (`"`, `:`, `(`, `-`, `*`) are ignored, so no
//!   input can fail to parse. Stop words are dropped; question words
//!   ("comment", "pourquoi", "how", "my"…, `analysis::is_weak`) count only
//!   in a query made of nothing else, and then only a little: they never
//!   decide whether a page is a result.
//! - A page is a result when it matches at least one meaningful word, and
//!   ranks by **coverage**: pages matching every meaningful word first,
//!   then pages matching most of them. When some page matches more than
//!   half the words, pages matching fewer are left out (a two-word query
//!   then keeps the pages with both words); otherwise the best coverage
//!   found is kept, so a query that some page answers in part never comes
//!   back empty.
//! - A word matches exactly (its stem in `title`, `labels`, `summary` or
//!   `body`), through a synonym group of `data/synonyms.yaml` (a multi-word
//!   member matches where its words follow each other: it is indexed as
//!   one term, `analysis::phrase_term`), with a typo (edit distance 1 from
//!   5 letters, 2 from 9 letters, first letter kept; only for a word that
//!   is not in the index at all) or, for the last word while it is being
//!   typed, as a prefix (from 3 letters, or 2 for a one-word query).
//! - Within a coverage, pages rank by where each word matched best:
//!   title, then vocabulary labels, then summary, then body (a typo or
//!   prefix match counts half), then BM25. Free pages (collection
//!   `pages`) keep a tenth of that: they come after catalogue pages that
//!   cover as many words, unless their title has every word.
//!   See `crate::query` for the score.
//! - When nothing matches, [`Results::suggestions`] lists the index's
//!   closest words ("did you mean").
//! - Facets (read from the bundle's facet table, `crate::facets`) filter
//!   inside the collector: AND across facets, OR within one; the counts of
//!   a facet are those of the query with every *other* facet applied. The
//!   table is loaded apart from the index ([`Engine::load_facets`]): a
//!   query without facets that asks for no counts (the header's drop-down
//!   list) runs without it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use tantivy::directory::FileSlice;
use tantivy::{Directory, HasLen};
use tantivy::{DocId, Score, Term, TERMINATED};

use crate::analysis::{self, Pipeline};
use crate::bundle::BundleDirectory;
use crate::docs::{self, DocOffsets, Inflate, StoredDoc};
use crate::facets::FacetTable;
use crate::query::{Alternative, Covering, Entry, Names, Slot};
use crate::schema::Fields;
use crate::snippet::{Highlight, Matcher};
use crate::words::{self, Words};
use crate::{Hit, Query, Results};
use collector::{FacetedTop, FacetedTopFruit};
pub use postings::PostingList;
pub use segment::Segment;
use synonyms::Span;

mod collector;
mod expand;
mod postings;
mod segment;
mod synonyms;

/// Tier of a word matched exactly in a title (see `crate::query`).
pub const TIER_TITLE: Score = 4000.0;
/// … in the vocabulary labels.
pub const TIER_LABELS: Score = 3000.0;
/// … in the summary.
pub const TIER_SUMMARY: Score = 2000.0;
/// … in the body.
pub const TIER_BODY: Score = 1000.0;
/// Share of the tier and BM25 a typo or prefix match gets.
const EXPANDED: Score = 0.5;
/// Share of the tier and BM25 a synonym of the typed word gets.
const SYNONYM: Score = 0.8;
/// Share a question word gets (in a query made only of question words).
const WEAK: Score = 0.05;
const BOOST_TITLE: Score = 3.0;
const BOOST_LABELS: Score = 2.0;
const BOOST_SUMMARY: Score = 1.5;
const MAX_EXPANSIONS: usize = 24;
const MAX_SUGGESTIONS: usize = 5;
const SNIPPET_CHARS: usize = 180;

/// What the engine needs besides the tantivy files (from the manifest).
#[derive(Debug, Clone, Default)]
pub struct EngineMeta {
    pub lang: String,
    /// The number of documents in the index.
    pub num_docs: u64,
    pub facets: Vec<(String, String)>,
    pub synonyms: Vec<Vec<String>>,
    /// Documents (ascending) of free pages, ranked below catalogue pages.
    pub demoted: Vec<u32>,
    /// Whether the term dictionaries and the index's words are in memory
    /// (preloaded): a query then needs no dictionary warm-up round.
    pub dictionaries_cached: bool,
}

/// facet → key → count.
type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// An analysed synonym group member: stemmed terms with their positions.
type Member = Vec<(usize, String)>;

/// An opened index, ready to answer queries.
pub struct Engine {
    segment: Segment,
    fields: Fields,
    /// The index's words as written (typos, prefixes, suggestions).
    words: Words,
    stem: Pipeline,
    raw: Pipeline,
    meta: EngineMeta,
    synonyms: Vec<Vec<Member>>,
    demoted: Arc<Vec<DocId>>,
    facet_ord: HashMap<(String, String), u64>,
    /// Set once by [`Engine::load_facets`].
    facet_table: OnceLock<Arc<FacetTable>>,
    num_docs: usize,
    doc_offsets: DocOffsets,
    doc_blobs: FileSlice,
    /// The documents' heads, when the bundle has them (see [`docs::HEADS`]).
    heads: Option<Vec<StoredDoc>>,
    inflate: Arc<dyn Inflate>,
}

fn internal(e: impl std::fmt::Display) -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError(e.to_string())
}

/// A word of the query.
#[derive(Debug, Clone)]
struct QWord {
    stem: String,
    raw: String,
    prefix: bool,
    /// A question word in a query with other words: counted for nothing.
    weak: bool,
}

impl Engine {
    /// Opens the index of a bundle; `inflate` inflates its stored
    /// documents (see [`crate::docs`]).
    pub fn open(
        dir: BundleDirectory,
        meta: EngineMeta,
        inflate: Arc<dyn Inflate>,
    ) -> tantivy::Result<Engine> {
        // Read from the bundle itself: tantivy's own view of a directory
        // expects a tantivy footer at the end of every file.
        let lengths = dir
            .atomic_read(Path::new(docs::LENGTHS))
            .map_err(internal)?;
        let doc_blobs = dir.open_read(Path::new(docs::BLOBS)).map_err(internal)?;
        let words = Words::open(dir.open_read(Path::new(words::FILE)).map_err(internal)?)
            .map_err(internal)?;
        let heads = match dir.exists(Path::new(docs::HEADS)).map_err(internal)? {
            true => Some(dir.atomic_read(Path::new(docs::HEADS)).map_err(internal)?),
            false => None,
        };
        // The facet table and the stored documents number documents like
        // the index's one segment.
        let segment = Segment::open(&dir, meta.num_docs)?;
        let fields = Fields::new();
        let num_docs = segment.num_docs() as usize;
        let doc_offsets = DocOffsets::decode(&lengths, num_docs).map_err(internal)?;
        let heads = heads
            .map(|h| docs::decode_heads(&h, num_docs))
            .transpose()
            .map_err(internal)?;
        if doc_offsets.end() != doc_blobs.len() as u64 {
            return Err(internal(format!(
                "stored documents: {} bytes listed, {} in {}: rebuild the site",
                doc_offsets.end(),
                doc_blobs.len(),
                docs::BLOBS
            )));
        }
        let stem = Pipeline::for_language(&meta.lang, true);
        let raw = Pipeline::for_language(&meta.lang, false);
        let synonyms = meta
            .synonyms
            .iter()
            .map(|g| {
                g.iter()
                    .map(|m| {
                        stem.tokens(m)
                            .into_iter()
                            .map(|t| (t.position, t.text))
                            .collect::<Member>()
                    })
                    .filter(|m| !m.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect();
        let facet_ord = meta
            .facets
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), i as u64))
            .collect();
        let mut demoted = meta.demoted.clone();
        demoted.sort_unstable();
        Ok(Engine {
            segment,
            fields,
            words,
            stem,
            raw,
            meta,
            synonyms,
            demoted: Arc::new(demoted),
            facet_ord,
            facet_table: OnceLock::new(),
            num_docs,
            doc_offsets,
            doc_blobs,
            heads,
            inflate,
        })
    }

    pub fn meta(&self) -> &EngineMeta {
        &self.meta
    }

    /// Loads the facet table (the bundle's facets file, inflated): needed
    /// by queries that filter by facet or ask for counts. A second call
    /// changes nothing.
    pub fn load_facets(&self, table: Vec<u8>) -> io::Result<()> {
        if self.facet_table.get().is_none() {
            let t = FacetTable::decode(&self.meta.facets, self.num_docs, table)?;
            let _ = self.facet_table.set(Arc::new(t));
        }
        Ok(())
    }

    /// Whether [`Engine::load_facets`] has been called.
    pub fn has_facets(&self) -> bool {
        self.facet_table.get().is_some()
    }

    /// The stored text of a document, read and inflated when needed.
    async fn doc_async(&self, doc: DocId) -> tantivy::Result<StoredDoc> {
        let range = self.doc_offsets.range(doc).map_err(internal)?;
        let member = self
            .doc_blobs
            .slice(range.start as usize..range.end as usize)
            .read_bytes_async()
            .await?;
        let record = self.inflate.inflate(member.as_slice().to_vec()).await?;
        Ok(StoredDoc::decode(&record)?)
    }

    /// The index's segment (build-time recording of the preload).
    pub fn segment(&self) -> &Segment {
        &self.segment
    }

    pub fn num_docs(&self) -> u64 {
        self.segment.num_docs() as u64
    }

    /// The stemmed fields, with their tier and BM25 boost.
    fn stemmed_fields(&self) -> [(tantivy::schema::Field, Score, Score, Names); 4] {
        let f = self.fields;
        [
            (f.title, TIER_TITLE, BOOST_TITLE, Names::Title),
            (f.labels, TIER_LABELS, BOOST_LABELS, Names::Label),
            (f.summary, TIER_SUMMARY, BOOST_SUMMARY, Names::Nothing),
            (f.body, TIER_BODY, 1.0, Names::Nothing),
        ]
    }

    /// The words of a query text. Question words are marked weak when
    /// the text has other words.
    fn words(&self, text: &str) -> Vec<QWord> {
        let typing = text.chars().last().is_some_and(char::is_alphanumeric);
        let spans = analysis::split_words(text);
        let n = spans.len();
        let mut words: Vec<QWord> = spans
            .into_iter()
            .enumerate()
            .filter_map(|(i, (a, b))| {
                let w = &text[a..b];
                let raw = self.raw.word(w)?;
                let stem = self.stem.continue_from(&self.raw, raw.clone())?;
                let weak = analysis::is_weak(&self.meta.lang, &raw);
                Some(QWord {
                    stem,
                    raw,
                    prefix: typing && i + 1 == n,
                    weak,
                })
            })
            .collect();
        if words.iter().all(|w| w.weak) {
            for w in &mut words {
                w.weak = false;
            }
        }
        // A prefix from 3 letters (2 when it is the only word).
        let strong = words.iter().filter(|w| !w.weak).count();
        for w in &mut words {
            let n = w.raw.chars().count();
            w.prefix &= !w.weak && (n >= 3 || (n == 2 && strong == 1));
        }
        words
    }

    /// Entries of a term (a stem, or a phrase term) in every stemmed
    /// field, at `share` of the tiers and boosts.
    fn entries(&self, text: &str, share: Score, out: &mut Vec<Entry>) {
        for (field, tier, boost, names) in self.stemmed_fields() {
            // Only a label typed as it is names a free page.
            let names = match names {
                Names::Label if share < 1.0 => Names::Nothing,
                n => n,
            };
            out.push(Entry {
                term: Term::from_field_text(field, text),
                boost: boost * share,
                tier: tier * share,
                names,
            });
        }
    }

    /// The alternative of one query word: exact stem, and the stems its
    /// typo or prefix expansions stand for.
    fn word_alternative(&self, w: &QWord, hl: &mut Highlight) -> tantivy::Result<Alternative> {
        let mut entries = Vec::new();
        if w.weak {
            self.entries(&w.stem, WEAK, &mut entries);
            return Ok(Alternative {
                entries,
                cover: 0,
                weight: 1.0,
            });
        }
        let weight = self.rarity(std::slice::from_ref(&w.stem))?;
        self.entries(&w.stem, 1.0, &mut entries);
        hl.stemmed.insert(w.stem.clone());
        hl.typed.insert(w.stem.clone());
        let (stems, raw) = self.expansion_stems(w)?;
        for s in &stems {
            self.entries(s, EXPANDED, &mut entries);
        }
        hl.typed.extend(raw.iter().cloned());
        hl.raw.extend(raw);
        Ok(Alternative {
            entries,
            cover: 1,
            weight,
        })
    }

    /// How much a word's placement counts, from how many documents have
    /// it (the most of `terms` in any stemmed field): 1 for a word of one
    /// page, about 0.4 for a word of every page; 1 for a word no page has
    /// as typed (found by typo or prefix).
    fn rarity(&self, terms: &[String]) -> tantivy::Result<Score> {
        let mut df = 0;
        for t in terms {
            for (field, ..) in self.stemmed_fields() {
                df = df.max(self.segment.doc_freq(&Term::from_field_text(field, t))?);
            }
        }
        let n = self.num_docs as Score;
        if df == 0 || n < 2.0 {
            return Ok(1.0);
        }
        let idf = (1.0 + n / df as Score).ln() / (1.0 + n).ln();
        Ok(0.3 + 0.7 * idf)
    }

    /// Builds the query of a text and the terms to highlight. `None` for
    /// a text without words (every document, in index order).
    fn build(&self, text: &str) -> tantivy::Result<(Option<Covering>, Highlight)> {
        let words = self.words(text);
        let mut hl = Highlight::default();
        if words.is_empty() {
            return Ok((None, hl));
        }
        let mut slots = Vec::new();
        for span in self.spans(&words) {
            match span {
                Span::Word(i) => {
                    let alt = self.word_alternative(&words[i], &mut hl)?;
                    slots.push(Slot {
                        choices: vec![vec![alt]],
                    });
                }
                Span::Synonym { group, start, len } => {
                    let typed = &words[start..start + len];
                    let terms = self.span_terms(group, typed);
                    // The member typed, as indexed (a phrase keeps its gaps).
                    let typed_term = self.synonyms[group]
                        .iter()
                        .find(|m| m.len() == len && m.iter().zip(typed).all(|(t, w)| t.1 == w.stem))
                        .map_or_else(|| typed[0].stem.clone(), Self::member_term);
                    let mut whole = Alternative {
                        entries: Vec::new(),
                        cover: len as u32,
                        weight: self.rarity(&terms)?,
                    };
                    for t in &terms {
                        // A synonym counts a little less than the word typed.
                        let share = if *t == typed_term { 1.0 } else { SYNONYM };
                        if len > 1 || *t != typed_term {
                            self.entries(t, share, &mut whole.entries);
                        }
                    }
                    for g in self.span_groups(group, typed) {
                        for m in &self.synonyms[g] {
                            hl.stemmed.extend(m.iter().map(|(_, t)| t.clone()));
                        }
                    }
                    let mut choices = Vec::new();
                    if len == 1 {
                        // One word: its typos and prefixes too, in the
                        // same alternative.
                        let one = self.word_alternative(&typed[0], &mut hl)?;
                        whole.entries.extend(one.entries);
                        choices.push(vec![whole]);
                    } else {
                        // The words one by one, where the phrase is not.
                        let mut each = Vec::new();
                        for w in typed {
                            each.push(self.word_alternative(w, &mut hl)?);
                        }
                        choices.push(vec![whole]);
                        choices.push(each);
                    }
                    slots.push(Slot { choices });
                }
            }
        }
        Ok((Some(Covering::new(slots, self.demoted.clone())), hl))
    }

    /// Warm-up round 1: the term-dictionary blocks `build` will read — the
    /// exact terms of every word and synonym — and the sections of the
    /// index's words that typo and prefix expansions scan, all requested
    /// at once.
    async fn warm_dictionary(&self, words: &[QWord]) -> tantivy::Result<()> {
        let mut exact: Vec<String> = Vec::new();
        for span in self.spans(words) {
            match span {
                Span::Word(i) => exact.push(words[i].stem.clone()),
                Span::Synonym { group, start, len } => {
                    let typed = &words[start..start + len];
                    exact.extend(typed.iter().map(|w| w.stem.clone()));
                    exact.extend(self.span_terms(group, typed));
                }
            }
        }
        // Only a meaningful word is expanded or suggested for.
        let scanned: Vec<&str> = words
            .iter()
            .filter(|w| !w.weak)
            .map(|w| w.raw.as_str())
            .collect();
        self.warm_terms(exact, &scanned).await
    }

    /// Requests at once the dictionary blocks of `stems` in every stemmed
    /// field and the sections of the index's words that `scanned` words
    /// begin like (see `crate::words`).
    async fn warm_terms(&self, mut stems: Vec<String>, scanned: &[&str]) -> tantivy::Result<()> {
        stems.sort();
        stems.dedup();
        let mut lookups = Vec::new();
        for (field, ..) in self.stemmed_fields() {
            let Some(terms) = self.segment.terms(field) else {
                continue;
            };
            for t in &stems {
                lookups.push(terms.get_async(t.as_bytes()));
            }
        }
        let sections = self
            .words
            .warm(scanned.iter().map(|w| words::first_char(w)));
        futures_util::future::try_join(futures_util::future::try_join_all(lookups), sections)
            .await?;
        Ok(())
    }

    /// Warm-up round 1b (dictionaries not preloaded, a word expanded by a
    /// typo or prefix): the stems the expansions stand for, in the
    /// stemmed fields' dictionaries.
    async fn warm_expansions(&self, words: &[QWord]) -> tantivy::Result<()> {
        let mut stems = Vec::new();
        for w in words {
            let (prefix, typo) = self.expansions(w);
            if prefix || typo.is_some() {
                stems.extend(self.expansion_stems(w)?.0);
            }
        }
        if stems.is_empty() {
            return Ok(());
        }
        self.warm_terms(stems, &[]).await
    }

    /// Warm-up round 2: the postings of every term of the built query, all
    /// requested at once.
    async fn warm_postings(&self, query: &Covering) -> tantivy::Result<()> {
        let mut terms: Vec<&Term> = query.terms().collect();
        terms.sort();
        terms.dedup();
        let warm = terms.into_iter().map(|t| self.segment.warm_postings(t));
        futures_util::future::try_join_all(warm).await?;
        Ok(())
    }

    /// Runs a query. Unknown facets or keys simply match nothing. Every
    /// byte is read when the engine asks for it (the CLI, over a local file).
    pub fn search(&self, q: &Query) -> tantivy::Result<Results> {
        let (query, hl) = self.build(&q.text)?;
        let (fruit, facet_counts) = self.collect(query.as_ref(), q)?;
        let mut docs = Vec::with_capacity(fruit.top.len());
        for &(_, doc) in &fruit.top {
            // Ready at once when the index file is local and the inflater
            // native (the CLI); not in the browser, which uses
            // `search_async`.
            let doc = futures_util::FutureExt::now_or_never(self.doc_async(doc))
                .ok_or_else(|| internal("stored documents need search_async here"))??;
            docs.push(doc);
        }
        let suggestions = if fruit.total == 0 && query.is_some() {
            self.suggest(&self.words(&q.text))?
        } else {
            Vec::new()
        };
        Ok(self.results(fruit, facet_counts, docs, &hl, suggestions))
    }

    /// The same query and results as [`Engine::search`], for an index read
    /// over a network: before each step that reads the index, the bytes it
    /// will read are requested all at once (asynchronously), so the query
    /// costs three rounds of parallel requests — term dictionary blocks
    /// and sections of the index's words, postings, stored hits — instead
    /// of one blocking round trip per read (a fourth when a typo or prefix
    /// needs more dictionary blocks).
    /// The steps themselves then run on cached bytes.
    pub async fn search_async(&self, q: &Query) -> tantivy::Result<Results> {
        let words = self.words(&q.text);
        if !self.meta.dictionaries_cached {
            self.warm_dictionary(&words).await?;
            self.warm_expansions(&words).await?;
        }
        let (query, hl) = self.build(&q.text)?;
        if let Some(query) = &query {
            self.warm_postings(query).await?;
        }
        let (fruit, facet_counts) = self.collect(query.as_ref(), q)?;
        // Without snippets, the heads answer at once (no read at all).
        let partial = !q.snippets && self.heads.is_some();
        let docs = match &self.heads {
            Some(heads) if partial => fruit
                .top
                .iter()
                .map(|&(_, doc)| heads[doc as usize].clone())
                .collect(),
            _ => {
                futures_util::future::try_join_all(
                    fruit.top.iter().map(|&(_, doc)| self.doc_async(doc)),
                )
                .await?
            }
        };
        let suggestions = if fruit.total == 0 && query.is_some() {
            // The sections it scans came with the first round.
            self.suggest(&words)?
        } else {
            Vec::new()
        };
        let mut results = self.results(fruit, facet_counts, docs, &hl, suggestions);
        results.partial = partial;
        Ok(results)
    }

    /// Runs the built query (`None`: every document): top documents,
    /// total and facet counts, over the documents covering enough words.
    fn collect(
        &self,
        query: Option<&Covering>,
        q: &Query,
    ) -> tantivy::Result<(FacetedTopFruit, FacetCounts)> {
        // Facet filter groups: for each selected facet, the accepted ords.
        let groups: Vec<(String, HashSet<u64>)> = q
            .facets
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(f, keys)| {
                let ords = keys
                    .iter()
                    .filter_map(|k| self.facet_ord.get(&(f.clone(), k.clone())).copied())
                    .collect();
                (f.clone(), ords)
            })
            .collect();
        let mut group_of = vec![usize::MAX; self.meta.facets.len()];
        for (gi, (f, _)) in groups.iter().enumerate() {
            for (o, (name, _)) in self.meta.facets.iter().enumerate() {
                if name == f {
                    group_of[o] = gi;
                }
            }
        }
        let limit = if q.limit == 0 { 10 } else { q.limit };
        let table = if q.counts || !groups.is_empty() {
            Some(self.facet_table.get().cloned().ok_or_else(|| {
                tantivy::TantivyError::InvalidArgument(
                    "facet table not loaded (Engine::load_facets)".into(),
                )
            })?)
        } else {
            None
        };
        let words = query.map_or(0, Covering::max_cover);
        let collector = FacetedTop {
            table,
            groups: groups.iter().map(|g| g.1.clone()).collect(),
            group_of,
            num_ords: self.meta.facets.len(),
            limit,
            levels: words as usize + 1,
            most: if words <= 1 { words } else { words / 2 + 1 },
        };
        let mut collecting = collector.start();
        match query {
            Some(c) => {
                let mut scorer = c.weight(&self.segment)?.scorer(&self.segment)?;
                while scorer.doc() != TERMINATED {
                    let score = scorer.score();
                    collecting.collect(scorer.doc(), score);
                    scorer.advance();
                }
            }
            // Every document, in order (no words to rank by).
            None => (0..self.segment.num_docs()).for_each(|d| collecting.collect(d, 1.0)),
        }
        let fruit = collector.finish(collecting.harvest());
        let mut facet_counts = FacetCounts::new();
        for (o, c) in fruit.counts.iter().enumerate() {
            let (f, k) = &self.meta.facets[o];
            let selected = q.facets.get(f).is_some_and(|s| s.contains(k));
            if *c > 0 || selected {
                facet_counts
                    .entry(f.clone())
                    .or_default()
                    .insert(k.clone(), *c);
            }
        }
        Ok((fruit, facet_counts))
    }

    /// Turns the collected documents (stored fields of the top hits, in
    /// order) into results with snippets.
    fn results(
        &self,
        fruit: FacetedTopFruit,
        facet_counts: FacetCounts,
        docs: Vec<StoredDoc>,
        hl: &Highlight,
        suggestions: Vec<String>,
    ) -> Results {
        let mut hits = Vec::with_capacity(fruit.top.len());
        let mut matcher = Matcher::new(&self.stem, &self.raw, hl);
        for ((score, _), doc) in fruit.top.iter().zip(docs) {
            let snippet_html = matcher
                .snippet(&doc.body, SNIPPET_CHARS)
                .or_else(|| matcher.snippet(&doc.summary, SNIPPET_CHARS))
                .unwrap_or_default();
            hits.push(Hit {
                id: doc.id,
                kind: doc.kind,
                title: doc.title,
                url: doc.url,
                summary: doc.summary,
                snippet_html,
                score: *score,
                fictional: doc.fictional,
            });
        }
        Results {
            total: fruit.total,
            hits,
            facet_counts,
            suggestions,
            partial: false,
        }
    }
}
