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

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::directory::FileSlice;
use tantivy::query::{AllQuery, Query as TQuery};
use tantivy::{Directory, HasLen};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentOrdinal,
    SegmentReader, Term,
};

use crate::analysis::{self, Pipeline};
use crate::bundle::BundleDirectory;
use crate::docs::{self, DocOffsets, Inflate, StoredDoc};
use crate::facets::FacetTable;
use crate::query::{coverage, Alternative, Covering, Entry, Slot};
use crate::schema::Fields;
use crate::snippet::{Highlight, Matcher};
use crate::{FacetLabels, Hit, Query, Results};

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
    pub facets: Vec<(String, String)>,
    pub labels: FacetLabels,
    pub synonyms: Vec<Vec<String>>,
    /// Documents (ascending) of free pages, ranked below catalogue pages.
    pub demoted: Vec<u32>,
    /// Whether the term dictionaries are in memory (preloaded): a query
    /// then needs no dictionary warm-up round.
    pub dictionaries_cached: bool,
}

/// facet → key → count.
type FacetCounts = BTreeMap<String, BTreeMap<String, u64>>;

/// An analysed synonym group member: stemmed terms with their positions.
type Member = Vec<(usize, String)>;

/// An opened index, ready to answer queries.
pub struct Engine {
    reader: IndexReader,
    fields: Fields,
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

struct Lev(DFA);

impl tantivy_fst::Automaton for Lev {
    type State = u32;
    fn start(&self) -> u32 {
        self.0.initial_state()
    }
    fn is_match(&self, s: &u32) -> bool {
        matches!(self.0.distance(*s), Distance::Exact(_))
    }
    fn can_match(&self, s: &u32) -> bool {
        *s != SINK_STATE
    }
    fn accept(&self, s: &u32, b: u8) -> u32 {
        self.0.transition(*s, b)
    }
}

fn lev_builder(d: u8) -> &'static LevenshteinAutomatonBuilder {
    static B1: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static B2: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if d == 1 { &B1 } else { &B2 };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(d, true))
}

/// A run of query words: one word, or a synonym group member
/// (`len` words from `start`).
enum Span {
    Word(usize),
    Synonym {
        group: usize,
        start: usize,
        len: usize,
    },
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

/// The first letter's range of a dictionary: `[first, first + 0xff)`.
fn first_letter_range(word: &str) -> (Vec<u8>, Vec<u8>) {
    let first = word.chars().next().map(String::from).unwrap_or_default();
    let mut hi = first.as_bytes().to_vec();
    hi.push(0xff);
    (first.into_bytes(), hi)
}

/// Edit distance allowed for a typo in a word of `n` letters.
fn typo_distance(n: usize) -> u8 {
    match n {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
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
        let heads = match dir.exists(Path::new(docs::HEADS)).map_err(internal)? {
            true => Some(dir.atomic_read(Path::new(docs::HEADS)).map_err(internal)?),
            false => None,
        };
        let index = Index::open(dir)?;
        analysis::register(&index, &meta.lang, &meta.synonyms);
        let fields = Fields::from_schema(&index.schema())?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // The facet table and the stored documents number documents like
        // the index's one segment.
        let segments = reader.searcher().segment_readers().len();
        if segments > 1 {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "a search bundle has one segment, this index has {segments}"
            )));
        }
        let num_docs = reader.searcher().num_docs() as usize;
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
            reader,
            fields,
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

    /// A searcher over the index (build-time recording of the preload).
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The stemmed fields, with their tier and BM25 boost.
    fn stemmed_fields(&self) -> [(tantivy::schema::Field, Score, Score, bool); 4] {
        let f = self.fields;
        [
            (f.title, TIER_TITLE, BOOST_TITLE, true),
            (f.labels, TIER_LABELS, BOOST_LABELS, false),
            (f.summary, TIER_SUMMARY, BOOST_SUMMARY, false),
            (f.body, TIER_BODY, 1.0, false),
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

    /// What [`Engine::expand`] scans in the raw field's dictionary for a
    /// word: the prefix range (the word being typed), and the edit
    /// distance with the range of terms sharing the word's first letter
    /// (typos, from 5 letters).
    #[allow(clippy::type_complexity)]
    fn expansion_ranges(
        &self,
        w: &QWord,
    ) -> (Option<(Vec<u8>, Vec<u8>)>, Option<(u8, Vec<u8>, Vec<u8>)>) {
        if w.weak {
            return (None, None);
        }
        let dist = typo_distance(w.raw.chars().count());
        let prefix = w.prefix.then(|| {
            let mut hi = w.raw.as_bytes().to_vec();
            hi.push(0xff);
            (w.raw.as_bytes().to_vec(), hi)
        });
        let typo = (dist > 0).then(|| {
            let (lo, hi) = first_letter_range(&w.raw);
            (dist, lo, hi)
        });
        (prefix, typo)
    }

    /// Whether a word is in the index as typed: its unstemmed form in
    /// the raw field, or its stem in a stemmed field.
    fn in_index(&self, searcher: &Searcher, w: &QWord) -> tantivy::Result<bool> {
        if searcher.doc_freq(&Term::from_field_text(self.fields.raw, &w.raw))? > 0 {
            return Ok(true);
        }
        for (field, ..) in self.stemmed_fields() {
            if searcher.doc_freq(&Term::from_field_text(field, &w.stem))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Raw-field terms a word reaches by typo (only when the word is not
    /// in the index as typed) or prefix, most frequent first.
    fn expand(&self, searcher: &Searcher, w: &QWord) -> tantivy::Result<Vec<String>> {
        let (prefix, mut typo) = self.expansion_ranges(w);
        if typo.is_some() && self.in_index(searcher, w)? {
            typo = None;
        }
        let mut found: HashMap<String, u32> = HashMap::new();
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(self.fields.raw)?;
            let dict = inv.terms();
            if let Some((lo, hi)) = &prefix {
                let mut s = dict.range().ge(lo).lt(hi).into_stream()?;
                while s.advance() {
                    if let Ok(k) = std::str::from_utf8(s.key()) {
                        *found.entry(k.to_string()).or_default() += s.value().doc_freq;
                    }
                }
            }
            if let Some((dist, lo, hi)) = &typo {
                let dfa = lev_builder(*dist).build_dfa(&w.raw);
                let mut s = dict.search(Lev(dfa)).ge(lo).lt(hi).into_stream()?;
                while s.advance() {
                    if let Ok(k) = std::str::from_utf8(s.key()) {
                        *found.entry(k.to_string()).or_default() += s.value().doc_freq;
                    }
                }
            }
        }
        found.remove(&w.raw);
        let mut v: Vec<(String, u32)> = found.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(MAX_EXPANSIONS);
        Ok(v.into_iter().map(|x| x.0).collect())
    }

    /// The stems the expansions of a word stand for (its own stem left
    /// out), with the raw terms to highlight.
    fn expansion_stems(
        &self,
        searcher: &Searcher,
        w: &QWord,
    ) -> tantivy::Result<(Vec<String>, Vec<String>)> {
        let raw = self.expand(searcher, w)?;
        let mut stems: Vec<String> = raw
            .iter()
            .filter_map(|t| self.stem.continue_from(&self.raw, t.clone()))
            .filter(|s| *s != w.stem)
            .collect();
        stems.sort();
        stems.dedup();
        Ok((stems, raw))
    }

    /// Entries of a term (a stem, or a phrase term) in every stemmed
    /// field, at `share` of the tiers and boosts.
    fn entries(&self, text: &str, share: Score, out: &mut Vec<Entry>) {
        for (field, tier, boost, title) in self.stemmed_fields() {
            out.push(Entry {
                term: Term::from_field_text(field, text),
                boost: boost * share,
                tier: tier * share,
                title,
            });
        }
    }

    /// The alternative of one query word: exact stem, and the stems its
    /// typo or prefix expansions stand for.
    fn word_alternative(
        &self,
        searcher: &Searcher,
        w: &QWord,
        hl: &mut Highlight,
    ) -> tantivy::Result<Alternative> {
        let mut entries = Vec::new();
        if w.weak {
            self.entries(&w.stem, WEAK, &mut entries);
            return Ok(Alternative {
                entries,
                cover: 0,
                weight: 1.0,
            });
        }
        let weight = self.rarity(searcher, std::slice::from_ref(&w.stem))?;
        self.entries(&w.stem, 1.0, &mut entries);
        hl.stemmed.insert(w.stem.clone());
        hl.typed.insert(w.stem.clone());
        let (stems, raw) = self.expansion_stems(searcher, w)?;
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
    fn rarity(&self, searcher: &Searcher, terms: &[String]) -> tantivy::Result<Score> {
        let mut df = 0;
        for t in terms {
            for (field, ..) in self.stemmed_fields() {
                df = df.max(searcher.doc_freq(&Term::from_field_text(field, t))?);
            }
        }
        let n = self.num_docs as Score;
        if df == 0 || n < 2.0 {
            return Ok(1.0);
        }
        let idf = (1.0 + n / df as Score).ln() / (1.0 + n).ln();
        Ok(0.3 + 0.7 * idf)
    }

    /// The index term of a synonym member.
    fn member_term(member: &Member) -> String {
        if member.len() == 1 {
            member[0].1.clone()
        } else {
            analysis::phrase_term(member)
        }
    }

    /// Cuts the words of a query into spans: a word alone, or the longest
    /// member of a synonym group starting at that word.
    fn spans(&self, words: &[QWord]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // Longest synonym member starting at word i.
            let mut best: Option<(usize, usize)> = None; // (group, len)
            if !words[i].weak {
                for (g, group) in self.synonyms.iter().enumerate() {
                    for m in group {
                        let len = m.len();
                        if i + len <= words.len()
                            && m.iter().zip(&words[i..i + len]).all(|(t, w)| t.1 == w.stem)
                            && best.is_none_or(|b| len > b.1)
                        {
                            best = Some((g, len));
                        }
                    }
                }
            }
            match best {
                Some((group, len)) => {
                    out.push(Span::Synonym {
                        group,
                        start: i,
                        len,
                    });
                    i += len;
                }
                None => {
                    out.push(Span::Word(i));
                    i += 1;
                }
            }
        }
        out
    }

    /// The groups a one-word span belongs to (a word may be in several).
    fn groups_of(&self, stem: &str) -> Vec<usize> {
        self.synonyms
            .iter()
            .enumerate()
            .filter(|(_, g)| g.iter().any(|m| m.len() == 1 && m[0].1 == stem))
            .map(|(i, _)| i)
            .collect()
    }

    /// Every index term the synonyms of a span stand for (the typed
    /// member included).
    fn span_terms(&self, group: usize, typed: &[QWord]) -> Vec<String> {
        let groups = if typed.len() == 1 {
            self.groups_of(&typed[0].stem)
        } else {
            vec![group]
        };
        let mut terms: Vec<String> = groups
            .into_iter()
            .flat_map(|g| self.synonyms[g].iter().map(Self::member_term))
            .collect();
        terms.sort();
        terms.dedup();
        terms
    }

    /// Builds the query of a text and the terms to highlight. `None` for
    /// a text without words (every document, in index order).
    fn build(
        &self,
        searcher: &Searcher,
        text: &str,
    ) -> tantivy::Result<(Option<Covering>, Highlight)> {
        let words = self.words(text);
        let mut hl = Highlight::default();
        if words.is_empty() {
            return Ok((None, hl));
        }
        let mut slots = Vec::new();
        for span in self.spans(&words) {
            match span {
                Span::Word(i) => {
                    let alt = self.word_alternative(searcher, &words[i], &mut hl)?;
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
                        weight: self.rarity(searcher, &terms)?,
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
                        let one = self.word_alternative(searcher, &typed[0], &mut hl)?;
                        whole.entries.extend(one.entries);
                        choices.push(vec![whole]);
                    } else {
                        // The words one by one, where the phrase is not.
                        let mut each = Vec::new();
                        for w in typed {
                            each.push(self.word_alternative(searcher, w, &mut hl)?);
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

    fn span_groups(&self, group: usize, typed: &[QWord]) -> Vec<usize> {
        if typed.len() == 1 {
            self.groups_of(&typed[0].stem)
        } else {
            vec![group]
        }
    }

    /// Warm-up round 1: the term-dictionary blocks `build` will read — the
    /// exact terms of every word and synonym, the words as typed, and the
    /// blocks a typo or prefix expansion scans — all requested at once.
    async fn warm_dictionary(&self, searcher: &Searcher, words: &[QWord]) -> tantivy::Result<()> {
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
        let raw_words: Vec<String> = words.iter().map(|w| w.raw.clone()).collect();
        let mut ranges: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        for w in words {
            let (prefix, typo) = self.expansion_ranges(w);
            ranges.extend(prefix);
            ranges.extend(typo.map(|(_, lo, hi)| (lo, hi)));
        }
        self.warm_terms(searcher, exact, raw_words, ranges).await
    }

    /// Requests at once the dictionary blocks of `stems` in every stemmed
    /// field, of `raw` in the raw field, and the raw field's `ranges`.
    async fn warm_terms(
        &self,
        searcher: &Searcher,
        mut stems: Vec<String>,
        raw: Vec<String>,
        ranges: Vec<(Vec<u8>, Vec<u8>)>,
    ) -> tantivy::Result<()> {
        stems.sort();
        stems.dedup();
        for seg in searcher.segment_readers() {
            let mut stemmed = Vec::new();
            for (field, ..) in self.stemmed_fields() {
                stemmed.push(seg.inverted_index(field)?);
            }
            let raw_inv = seg.inverted_index(self.fields.raw)?;
            let mut lookups = Vec::new();
            for inv in &stemmed {
                for t in &stems {
                    lookups.push(inv.terms().get_async(t.as_bytes()));
                }
            }
            for t in &raw {
                lookups.push(raw_inv.terms().get_async(t.as_bytes()));
            }
            // The term ranges the prefix and typo expansions scan. For a
            // typo, the blocks of every term sharing the word's first
            // letter, read as one range: the automaton would skip a few,
            // but it reads its blocks five at a time, in as many round trips.
            let scans = ranges.iter().map(|(lo, hi)| {
                let dict = raw_inv.terms();
                async move {
                    dict.range()
                        .ge(lo)
                        .lt(hi)
                        .into_stream_async()
                        .await
                        .map(drop)
                }
            });
            futures_util::future::try_join(
                futures_util::future::try_join_all(lookups),
                futures_util::future::try_join_all(scans),
            )
            .await?;
        }
        Ok(())
    }

    /// Warm-up round 1b (dictionaries not preloaded, a word expanded by a
    /// typo or prefix): the stems the expansions stand for, in the
    /// stemmed fields' dictionaries.
    async fn warm_expansions(&self, searcher: &Searcher, words: &[QWord]) -> tantivy::Result<()> {
        let mut stems = Vec::new();
        for w in words {
            let (p, t) = self.expansion_ranges(w);
            if p.is_some() || t.is_some() {
                stems.extend(self.expansion_stems(searcher, w)?.0);
            }
        }
        if stems.is_empty() {
            return Ok(());
        }
        self.warm_terms(searcher, stems, Vec::new(), Vec::new())
            .await
    }

    /// Warm-up round 2: the postings of every term of the built query, all
    /// requested at once.
    async fn warm_postings(&self, searcher: &Searcher, query: &dyn TQuery) -> tantivy::Result<()> {
        let mut terms: Vec<(Term, bool)> = Vec::new();
        query.query_terms(&mut |t, positions| terms.push((t.clone(), positions)));
        terms.sort();
        terms.dedup();
        for seg in searcher.segment_readers() {
            let mut readers = Vec::with_capacity(terms.len());
            for (t, _) in &terms {
                readers.push(seg.inverted_index(t.field())?);
            }
            let warm = terms
                .iter()
                .zip(&readers)
                .map(|((t, positions), inv)| inv.warm_postings(t, *positions));
            futures_util::future::try_join_all(warm).await?;
        }
        Ok(())
    }

    /// The words a query's meaningful words may have been meant as: the
    /// index's closest words (edit distance 1 for 3 letters, 2 beyond,
    /// first letter kept), the nearest and most frequent first.
    fn suggest(&self, searcher: &Searcher, words: &[QWord]) -> tantivy::Result<Vec<String>> {
        let mut found: Vec<(u8, std::cmp::Reverse<u32>, String)> = Vec::new();
        for w in words.iter().filter(|w| !w.weak) {
            let Some(dist) = suggestion_distance(&w.raw) else {
                continue;
            };
            let (lo, hi) = first_letter_range(&w.raw);
            let dfa = lev_builder(dist).build_dfa(&w.raw);
            for seg in searcher.segment_readers() {
                let inv = seg.inverted_index(self.fields.raw)?;
                let dict = inv.terms();
                let mut s = dict
                    .search(Lev(lev_builder(dist).build_dfa(&w.raw)))
                    .ge(&lo)
                    .lt(&hi)
                    .into_stream()?;
                while s.advance() {
                    let Ok(k) = std::str::from_utf8(s.key()) else {
                        continue;
                    };
                    if let Distance::Exact(d) = dfa.eval(k) {
                        if k != w.raw {
                            found.push((d, std::cmp::Reverse(s.value().doc_freq), k.to_string()));
                        }
                    }
                }
            }
        }
        found.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, t) in found {
            if !out.contains(&t) {
                out.push(t);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        Ok(out)
    }

    /// Runs a query. Unknown facets or keys simply match nothing. Every
    /// byte is read when tantivy asks for it (the CLI, over a local file).
    pub fn search(&self, q: &Query) -> tantivy::Result<Results> {
        let searcher = self.reader.searcher();
        let (query, hl) = self.build(&searcher, &q.text)?;
        let (fruit, facet_counts) = self.collect(&searcher, query.as_ref(), q)?;
        let mut docs = Vec::with_capacity(fruit.top.len());
        for (_, addr) in &fruit.top {
            // Ready at once when the index file is local and the inflater
            // native (the CLI); not in the browser, which uses
            // `search_async`.
            let doc = futures_util::FutureExt::now_or_never(self.doc_async(addr.doc_id))
                .ok_or_else(|| internal("stored documents need search_async here"))??;
            docs.push(doc);
        }
        let suggestions = if fruit.total == 0 && query.is_some() {
            self.suggest(&searcher, &self.words(&q.text))?
        } else {
            Vec::new()
        };
        Ok(self.results(fruit, facet_counts, docs, &hl, suggestions))
    }

    /// The same query and results as [`Engine::search`], for an index read
    /// over a network: before each step that reads the index, the bytes it
    /// will read are requested all at once (asynchronously), so the query
    /// costs three rounds of parallel requests — term dictionary blocks,
    /// postings, stored hits — instead of one blocking round trip per read
    /// (a fourth when a typo or prefix needs more dictionary blocks, and
    /// one more when nothing matches, for the suggestions).
    /// The steps themselves then run on cached bytes.
    pub async fn search_async(&self, q: &Query) -> tantivy::Result<Results> {
        let searcher = self.reader.searcher();
        let words = self.words(&q.text);
        if !self.meta.dictionaries_cached {
            self.warm_dictionary(&searcher, &words).await?;
            self.warm_expansions(&searcher, &words).await?;
        }
        let (query, hl) = self.build(&searcher, &q.text)?;
        if let Some(query) = &query {
            self.warm_postings(&searcher, query).await?;
        }
        let (fruit, facet_counts) = self.collect(&searcher, query.as_ref(), q)?;
        // Without snippets, the heads answer at once (no read at all).
        let partial = !q.snippets && self.heads.is_some();
        let docs = match &self.heads {
            Some(heads) if partial => fruit
                .top
                .iter()
                .map(|(_, addr)| heads[addr.doc_id as usize].clone())
                .collect(),
            _ => {
                futures_util::future::try_join_all(
                    fruit
                        .top
                        .iter()
                        .map(|(_, addr)| self.doc_async(addr.doc_id)),
                )
                .await?
            }
        };
        let suggestions = if fruit.total == 0 && query.is_some() {
            if !self.meta.dictionaries_cached {
                let ranges = words
                    .iter()
                    .filter(|w| !w.weak && suggestion_distance(&w.raw).is_some())
                    .map(|w| first_letter_range(&w.raw))
                    .collect();
                self.warm_terms(&searcher, Vec::new(), Vec::new(), ranges)
                    .await?;
            }
            self.suggest(&searcher, &words)?
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
        searcher: &Searcher,
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
        let all = AllQuery;
        let tq: &dyn TQuery = match query {
            Some(c) => c,
            None => &all,
        };
        let fruit = searcher.search(tq, &collector)?;
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

/// Edit distance of "did you mean" for a word (none under 3 letters).
fn suggestion_distance(raw: &str) -> Option<u8> {
    match raw.chars().count() {
        0..=2 => None,
        3 => Some(1),
        _ => Some(2),
    }
}

/// Collects, in one pass: the documents passing every facet group, their
/// number and disjunctive facet counts, by coverage (number of query words
/// matched); the harvest keeps the documents covering enough words.
struct FacetedTop {
    /// None: no facet filter and no counts asked for.
    table: Option<Arc<FacetTable>>,
    groups: Vec<HashSet<u64>>,
    group_of: Vec<usize>,
    num_ords: usize,
    limit: usize,
    /// Coverage levels: 0 to the query's number of words.
    levels: usize,
    /// The coverage that is "most of the words": documents covering
    /// fewer are left out when some document covers at least this many.
    most: u32,
}

struct FacetedTopFruit {
    total: u64,
    top: Vec<(Score, DocAddress)>,
    counts: Vec<u64>,
}

/// What a segment collected, by coverage level.
struct LevelFruit {
    totals: Vec<u64>,
    top: Vec<(Score, DocAddress)>,
    /// `counts[level * num_ords + ord]`.
    counts: Vec<u64>,
}

struct FacetedTopSegment {
    table: Option<Arc<FacetTable>>,
    segment: SegmentOrdinal,
    groups: Vec<HashSet<u64>>,
    group_of: Vec<usize>,
    num_ords: usize,
    levels: usize,
    fruit: LevelFruit,
    ords: Vec<u64>,
    failed: Vec<bool>,
}

impl Collector for FacetedTop {
    type Fruit = FacetedTopFruit;
    type Child = FacetedTopSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<FacetedTopSegment> {
        let counts = if self.table.is_some() {
            vec![0; self.num_ords * self.levels]
        } else {
            Vec::new()
        };
        Ok(FacetedTopSegment {
            table: self.table.clone(),
            segment,
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
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<LevelFruit>) -> tantivy::Result<FacetedTopFruit> {
        let mut totals = vec![0u64; self.levels];
        let mut counts = vec![0u64; self.num_ords * self.levels];
        let mut top = Vec::new();
        for f in fruits {
            for (a, b) in totals.iter_mut().zip(&f.totals) {
                *a += b;
            }
            for (a, b) in counts.iter_mut().zip(&f.counts) {
                *a += b;
            }
            top.extend(f.top);
        }
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
        for level in threshold..self.levels {
            let row = &counts[level * self.num_ords..(level + 1) * self.num_ords];
            for (a, b) in out.counts.iter_mut().zip(row) {
                *a += b;
            }
        }
        out.top.retain(|(s, _)| coverage(*s) as usize >= threshold);
        // Every matching document was collected (the facet counts need
        // them all); only the best `limit` are sorted.
        let order = |a: &(Score, DocAddress), b: &(Score, DocAddress)| {
            b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1))
        };
        if out.top.len() > self.limit {
            out.top.select_nth_unstable_by(self.limit, order);
            out.top.truncate(self.limit);
        }
        out.top.sort_by(order);
        Ok(out)
    }
}

impl SegmentCollector for FacetedTopSegment {
    type Fruit = LevelFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let level = (coverage(score) as usize).min(self.levels - 1);
        let Some(table) = &self.table else {
            self.fruit.totals[level] += 1;
            self.fruit
                .top
                .push((score, DocAddress::new(self.segment, doc)));
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
                self.fruit
                    .top
                    .push((score, DocAddress::new(self.segment, doc)));
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

    fn harvest(self) -> LevelFruit {
        self.fruit
    }
}
