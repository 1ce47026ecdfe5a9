//! The query engine, shared by the CLI (native) and the browser (wasm).
//!
//! How a text becomes a query (and why a result ranks where it does):
//! - The text is cut into words and analysed with the language pipelines;
//!   punctuation and operators (`"`, `:`, `(`, `-`, `*`) are ignored, so no
//!   input can fail to parse.
//! - Every word must match (AND). A word matches exactly (its stem in
//!   `title`, `summary` or `body`), through a synonym group of
//!   `data/synonyms.yaml` (a multi-word member matches where its words
//!   follow each other: it is indexed as one term,
//!   `analysis::phrase_term`), with a typo (edit distance 1 from 5
//!   letters, 2 from 9 letters, first letter kept; only for a word that
//!   matches fewer than 10 documents as typed) or, for
//!   the last word while it is being typed, as a prefix.
//! - Score = Σ over words of `EXACT` if matched exactly or by synonym,
//!   `+ TITLE` if in the title, plus BM25 (title ×3, summary ×1.5, body ×1;
//!   typo/prefix terms ×0.3). The constant tiers make "exact above typo or
//!   prefix" and "title above body" hold whatever BM25 says; BM25 orders
//!   documents within a tier.
//! - Facets (read from the bundle's facet table, `crate::facets`) filter
//!   inside the collector: AND across facets, OR within one;
//!   the counts of a facet are those of the query with every *other* facet
//!   applied. The table is loaded apart from the index
//!   ([`Engine::load_facets`]): a query without facets that asks for no counts (the header's
//!   drop-down list) runs without it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::directory::FileSlice;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, Query as TQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Directory, HasLen};
use tantivy::{
    DocAddress, DocId, Index, IndexReader, ReloadPolicy, Score, Searcher, SegmentOrdinal,
    SegmentReader, Term,
};

use crate::analysis::{self, Pipeline};
use crate::bundle::BundleDirectory;
use crate::docs::{self, DocOffsets, Inflate, StoredDoc};
use crate::facets::FacetTable;
use crate::query::{TermMatch, Tiered};
use crate::schema::Fields;
use crate::snippet::{Highlight, Matcher};
use crate::{FacetLabels, Hit, Query, Results};

/// Score tier of a word matched exactly (or by synonym).
pub const EXACT: Score = 1000.0;
/// Extra tier of a word matched exactly in the title.
pub const TITLE: Score = 400.0;
const BOOST_TITLE: Score = 3.0;
const BOOST_SUMMARY: Score = 1.5;
const BOOST_EXPANDED: Score = 0.3;
const MAX_EXPANSIONS: usize = 24;
/// A word gets typo matches only when it matches fewer documents than this
/// as typed: a common word is not drowned by its neighbours one letter
/// away (and its query stays fast).
const TYPOS_BELOW: u64 = 10;
const SNIPPET_CHARS: usize = 180;

/// What the engine needs besides the tantivy files (from the manifest).
#[derive(Debug, Clone, Default)]
pub struct EngineMeta {
    pub lang: String,
    pub facets: Vec<(String, String)>,
    pub labels: FacetLabels,
    pub synonyms: Vec<Vec<String>>,
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
    facet_ord: HashMap<(String, String), u64>,
    /// Set once by [`Engine::load_facets`].
    facet_table: OnceLock<Arc<FacetTable>>,
    num_docs: usize,
    doc_offsets: DocOffsets,
    doc_blobs: FileSlice,
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
        Ok(Engine {
            reader,
            fields,
            stem,
            raw,
            meta,
            synonyms,
            facet_ord,
            facet_table: OnceLock::new(),
            num_docs,
            doc_offsets,
            doc_blobs,
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

    fn words(&self, text: &str) -> Vec<QWord> {
        let typing = text.chars().last().is_some_and(char::is_alphanumeric);
        let spans = analysis::split_words(text);
        let n = spans.len();
        spans
            .into_iter()
            .enumerate()
            .filter_map(|(i, (a, b))| {
                let w = &text[a..b];
                let raw = self.raw.word(w)?;
                let stem = self.stem.word(w)?;
                Some(QWord {
                    stem,
                    raw,
                    prefix: typing && i + 1 == n,
                })
            })
            .collect()
    }

    /// What [`Engine::expand`] scans in the raw field's dictionary for a
    /// word: the prefix range (the word being typed, 2 letters or more),
    /// and the edit distance with the range of terms sharing the word's
    /// first letter (typos, from 5 letters).
    #[allow(clippy::type_complexity)]
    fn expansion_ranges(
        &self,
        w: &QWord,
    ) -> (Option<(Vec<u8>, Vec<u8>)>, Option<(u8, Vec<u8>, Vec<u8>)>) {
        let n = w.raw.chars().count();
        let dist = match n {
            0..=4 => 0,
            5..=8 => 1,
            _ => 2,
        };
        let prefix = (w.prefix && n >= 2).then(|| {
            let mut hi = w.raw.as_bytes().to_vec();
            hi.push(0xff);
            (w.raw.as_bytes().to_vec(), hi)
        });
        let typo = (dist > 0).then(|| {
            let first = w.raw.chars().next().map(String::from).unwrap_or_default();
            let mut hi = first.as_bytes().to_vec();
            hi.push(0xff);
            (dist, first.into_bytes(), hi)
        });
        (prefix, typo)
    }

    /// Number of documents whose stemmed fields have `stem` (at most; the
    /// largest of the three fields' counts).
    fn exact_doc_freq(&self, searcher: &Searcher, stem: &str) -> tantivy::Result<u64> {
        let f = self.fields;
        let mut most = 0;
        for field in [f.title, f.summary, f.body] {
            most = most.max(searcher.doc_freq(&Term::from_field_text(field, stem))?);
        }
        Ok(most)
    }

    /// Raw-field terms a word reaches by typo or prefix, most frequent first.
    fn expand(&self, searcher: &Searcher, w: &QWord) -> tantivy::Result<Vec<String>> {
        let (prefix, mut typo) = self.expansion_ranges(w);
        if typo.is_some() && self.exact_doc_freq(searcher, &w.stem)? >= TYPOS_BELOW {
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
        let mut v: Vec<(String, u32)> = found.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(MAX_EXPANSIONS);
        Ok(v.into_iter().map(|x| x.0).collect())
    }

    fn term_q(&self, field: tantivy::schema::Field, text: &str) -> Box<dyn TQuery> {
        Box::new(TermMatch::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// The exact clause of a stemmed term (or phrase) over the stemmed
    /// fields: BM25 with field boosts, plus the constant tiers.
    fn exact_clauses(&self, member: &Member, weight: Score) -> Vec<(Occur, Box<dyn TQuery>)> {
        let f = self.fields;
        // A multi-word member was indexed as one term where it occurs.
        let text = if member.len() == 1 {
            member[0].1.clone()
        } else {
            analysis::phrase_term(member)
        };
        let q = |field| -> Box<dyn TQuery> { self.term_q(field, &text) };
        let tiered = Tiered::new(
            vec![
                (q(f.title), BOOST_TITLE, true),
                (q(f.summary), BOOST_SUMMARY, false),
                (q(f.body), 1.0, false),
            ],
            EXACT * weight,
            TITLE * weight,
        );
        vec![(Occur::Should, Box::new(tiered))]
    }

    /// The clause of one query word: exact, typo and prefix alternatives.
    fn word_clause(
        &self,
        searcher: &Searcher,
        w: &QWord,
        hl: &mut Highlight,
    ) -> tantivy::Result<Box<dyn TQuery>> {
        let mut clauses = self.exact_clauses(&vec![(0, w.stem.clone())], 1.0);
        hl.stemmed.insert(w.stem.clone());
        for t in self.expand(searcher, w)? {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    self.term_q(self.fields.raw, &t),
                    BOOST_EXPANDED,
                )),
            ));
            hl.raw.insert(t);
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Cuts the words of a query into spans: a word alone, or the longest
    /// member of a synonym group starting at that word.
    fn spans(&self, words: &[QWord]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // Longest synonym member starting at word i.
            let mut best: Option<(usize, usize)> = None; // (group, len)
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

    /// The members of synonym group `g` other than the one typed
    /// (`words`), each with the weight of its span.
    fn other_members<'a>(
        &'a self,
        g: usize,
        words: &'a [QWord],
    ) -> impl Iterator<Item = &'a Member> {
        let len = words.len();
        self.synonyms[g]
            .iter()
            .filter(move |m| !(m.len() == len && m.iter().zip(words).all(|(t, w)| t.1 == w.stem)))
    }

    /// Builds the tantivy query of a text and the terms to highlight.
    fn build(
        &self,
        searcher: &Searcher,
        text: &str,
    ) -> tantivy::Result<(Box<dyn TQuery>, Highlight)> {
        let words = self.words(text);
        let mut hl = Highlight::default();
        if words.is_empty() {
            return Ok((Box::new(AllQuery), hl));
        }
        let mut musts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        for span in self.spans(&words) {
            match span {
                Span::Synonym { group, start, len } => {
                    let typed = &words[start..start + len];
                    let mut span_words: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
                    for w in typed {
                        span_words.push((Occur::Must, self.word_clause(searcher, w, &mut hl)?));
                    }
                    let mut alts: Vec<(Occur, Box<dyn TQuery>)> =
                        vec![(Occur::Should, Box::new(BooleanQuery::new(span_words)))];
                    for m in self.other_members(group, typed) {
                        for (_, t) in m {
                            hl.stemmed.insert(t.clone());
                        }
                        alts.push((
                            Occur::Should,
                            Box::new(BooleanQuery::new(self.exact_clauses(m, len as Score))),
                        ));
                    }
                    musts.push((Occur::Must, Box::new(BooleanQuery::new(alts))));
                }
                Span::Word(i) => {
                    musts.push((Occur::Must, self.word_clause(searcher, &words[i], &mut hl)?));
                }
            }
        }
        Ok((Box::new(BooleanQuery::new(musts)), hl))
    }

    /// Warm-up round 1: the term-dictionary blocks `build` will read — the
    /// exact terms of every word and synonym, and the blocks a typo or
    /// prefix expansion scans — all requested at once.
    async fn warm_dictionary(&self, searcher: &Searcher, words: &[QWord]) -> tantivy::Result<()> {
        let f = self.fields;
        let mut exact: Vec<String> = Vec::new();
        for span in self.spans(words) {
            match span {
                Span::Word(i) => exact.push(words[i].stem.clone()),
                Span::Synonym { group, start, len } => {
                    let typed = &words[start..start + len];
                    exact.extend(typed.iter().map(|w| w.stem.clone()));
                    for m in self.other_members(group, typed) {
                        exact.extend(m.iter().map(|(_, t)| t.clone()));
                    }
                }
            }
        }
        exact.sort();
        exact.dedup();
        for seg in searcher.segment_readers() {
            let stemmed = [
                seg.inverted_index(f.title)?,
                seg.inverted_index(f.summary)?,
                seg.inverted_index(f.body)?,
            ];
            let raw = seg.inverted_index(f.raw)?;
            let mut lookups = Vec::new();
            for inv in &stemmed {
                for t in &exact {
                    lookups.push(inv.terms().get_async(t.as_bytes()));
                }
            }
            // The term ranges the prefix and typo expansions scan. For a
            // typo, the blocks of every term sharing the word's first
            // letter, read as one range: the automaton would skip a few,
            // but it reads its blocks five at a time, in as many round trips.
            let mut ranges: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
            for w in words {
                let (prefix, typo) = self.expansion_ranges(w);
                ranges.extend(prefix);
                ranges.extend(typo.map(|(_, lo, hi)| (lo, hi)));
            }
            let scans = ranges.into_iter().map(|(lo, hi)| {
                let dict = raw.terms();
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

    /// Warm-up round 2: the postings (and positions, for phrases) of every
    /// term of the built query, all requested at once.
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

    /// Runs a query. Unknown facets or keys simply match nothing. Every
    /// byte is read when tantivy asks for it (the CLI, over a local file).
    pub fn search(&self, q: &Query) -> tantivy::Result<Results> {
        let searcher = self.reader.searcher();
        let (query, hl) = self.build(&searcher, &q.text)?;
        let (fruit, facet_counts) = self.collect(&searcher, &*query, q)?;
        let mut docs = Vec::with_capacity(fruit.top.len());
        for (_, addr) in &fruit.top {
            // Ready at once when the index file is local and the inflater
            // native (the CLI); not in the browser, which uses
            // `search_async`.
            let doc = futures_util::FutureExt::now_or_never(self.doc_async(addr.doc_id))
                .ok_or_else(|| internal("stored documents need search_async here"))??;
            docs.push(doc);
        }
        Ok(self.results(fruit, facet_counts, docs, &hl))
    }

    /// The same query and results as [`Engine::search`], for an index read
    /// over a network: before each step that reads the index, the bytes it
    /// will read are requested all at once (asynchronously), so the query
    /// costs three rounds of parallel requests — term dictionary blocks,
    /// postings, stored hits — instead of one blocking round trip per read.
    /// The steps themselves then run on cached bytes.
    pub async fn search_async(&self, q: &Query) -> tantivy::Result<Results> {
        let searcher = self.reader.searcher();
        let words = self.words(&q.text);
        if !self.meta.dictionaries_cached {
            self.warm_dictionary(&searcher, &words).await?;
        }
        let (query, hl) = self.build(&searcher, &q.text)?;
        self.warm_postings(&searcher, &*query).await?;
        let (fruit, facet_counts) = self.collect(&searcher, &*query, q)?;
        let docs = futures_util::future::try_join_all(
            fruit
                .top
                .iter()
                .map(|(_, addr)| self.doc_async(addr.doc_id)),
        )
        .await?;
        Ok(self.results(fruit, facet_counts, docs, &hl))
    }

    /// Runs the built query: top documents, total and facet counts.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn TQuery,
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
        let collector = FacetedTop {
            table,
            groups: groups.iter().map(|g| g.1.clone()).collect(),
            group_of,
            num_ords: self.meta.facets.len(),
            limit,
        };
        let fruit = searcher.search(query, &collector)?;
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
            });
        }
        Results {
            total: fruit.total,
            hits,
            facet_counts,
        }
    }
}

/// Collects, in one pass: the top documents passing every facet group, their
/// number, and disjunctive facet counts.
struct FacetedTop {
    /// None: no facet filter and no counts asked for.
    table: Option<Arc<FacetTable>>,
    groups: Vec<HashSet<u64>>,
    group_of: Vec<usize>,
    num_ords: usize,
    limit: usize,
}

struct FacetedTopFruit {
    total: u64,
    top: Vec<(Score, DocAddress)>,
    counts: Vec<u64>,
}

struct FacetedTopSegment {
    table: Option<Arc<FacetTable>>,
    segment: SegmentOrdinal,
    groups: Vec<HashSet<u64>>,
    group_of: Vec<usize>,
    fruit: FacetedTopFruit,
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
        Ok(FacetedTopSegment {
            table: self.table.clone(),
            segment,
            groups: self.groups.clone(),
            group_of: self.group_of.clone(),
            fruit: FacetedTopFruit {
                total: 0,
                top: Vec::new(),
                counts: vec![0; self.num_ords],
            },
            ords: Vec::new(),
            failed: vec![false; self.groups.len()],
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<FacetedTopFruit>) -> tantivy::Result<FacetedTopFruit> {
        let mut out = FacetedTopFruit {
            total: 0,
            top: Vec::new(),
            counts: vec![0; self.num_ords],
        };
        for f in fruits {
            out.total += f.total;
            out.top.extend(f.top);
            for (a, b) in out.counts.iter_mut().zip(f.counts) {
                *a += b;
            }
        }
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
    type Fruit = FacetedTopFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(table) = &self.table else {
            self.fruit.total += 1;
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
        match failing {
            0 => {
                self.fruit.total += 1;
                self.fruit
                    .top
                    .push((score, DocAddress::new(self.segment, doc)));
                for &o in &self.ords {
                    if let Some(c) = self.fruit.counts.get_mut(o as usize) {
                        *c += 1;
                    }
                }
            }
            1 => {
                for &o in &self.ords {
                    if self.group_of.get(o as usize) == Some(&failed_group) {
                        self.fruit.counts[o as usize] += 1;
                    }
                }
            }
            _ => {}
        }
    }

    fn harvest(self) -> FacetedTopFruit {
        self.fruit
    }
}
