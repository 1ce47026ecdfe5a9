//! A thin wrapper over tantivy's term query, and the query of one word's
//! exact match across fields ([`Tiered`]).
//!
//! They score and match exactly like tantivy's own types (every call is
//! delegated); what they leave out is the debugging text tantivy attaches
//! to them. `Debug` of a tantivy `Term` and `Weight::explain` of a term
//! weight print the term through code that reaches the `regex` crate and
//! its Unicode tables (facet escaping): a query object is used behind
//! `dyn Query`/`dyn Weight`, so that code would be linked into the browser
//! module (about 70 KB of brotli) although nothing ever prints a query.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// tantivy's [`TermQuery`], without its `Debug` and `explain` text.
#[derive(Clone)]
pub struct TermMatch(TermQuery);

impl TermMatch {
    pub fn new(term: Term, option: IndexRecordOption) -> TermMatch {
        TermMatch(TermQuery::new(term, option))
    }
}

impl fmt::Debug for TermMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TermMatch")
    }
}

impl Query for TermMatch {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(Quiet(self.0.specialized_weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

/// The exact match of one word (or synonym phrase) in several fields,
/// scored in one pass: the sum of the boosted scores of the fields it is
/// in, plus `exact` once if it is in any, plus `title` if it is in a title
/// field. The same score as a boolean query of those clauses (a boosted
/// clause per field, a constant over the union, a constant over the
/// title), with one union of the fields' postings instead of seven
/// scorers and twice as many term lookups.
pub struct Tiered {
    /// Per field: its query, its boost, whether it is a title.
    fields: Vec<(Box<dyn Query>, Score, bool)>,
    exact: Score,
    title: Score,
}

impl Tiered {
    pub fn new(fields: Vec<(Box<dyn Query>, Score, bool)>, exact: Score, title: Score) -> Tiered {
        Tiered {
            fields,
            exact,
            title,
        }
    }
}

impl Clone for Tiered {
    fn clone(&self) -> Tiered {
        Tiered {
            fields: self
                .fields
                .iter()
                .map(|(q, boost, title)| (q.box_clone(), *boost, *title))
                .collect(),
            exact: self.exact,
            title: self.title,
        }
    }
}

impl fmt::Debug for Tiered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Tiered")
    }
}

impl Query for Tiered {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let fields = self
            .fields
            .iter()
            .map(|(q, boost, title)| Ok((q.weight(enable_scoring)?, *boost, *title)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(TieredWeight {
            fields,
            exact: self.exact,
            title: self.title,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (q, _, _) in &self.fields {
            q.query_terms(visitor);
        }
    }
}

struct TieredWeight {
    fields: Vec<(Box<dyn Weight>, Score, bool)>,
    exact: Score,
    title: Score,
}

impl Weight for TieredWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut fields = Vec::with_capacity(self.fields.len());
        for (w, field_boost, title) in &self.fields {
            fields.push((w.scorer(reader, boost * field_boost)?, *title));
        }
        let mut s = TieredScorer {
            fields,
            doc: TERMINATED,
            exact: self.exact * boost,
            title: self.title * boost,
        };
        s.doc = s.first();
        Ok(Box::new(s))
    }

    fn explain(&self, _reader: &SegmentReader, _doc: DocId) -> tantivy::Result<Explanation> {
        Err(tantivy::TantivyError::InvalidArgument(
            "explanations are not kept in the search engine".into(),
        ))
    }
}

/// The union of the fields' scorers (a handful: a plain scan beats a heap).
struct TieredScorer {
    fields: Vec<(Box<dyn Scorer>, bool)>,
    doc: DocId,
    exact: Score,
    title: Score,
}

impl TieredScorer {
    fn first(&self) -> DocId {
        self.fields
            .iter()
            .map(|(s, _)| s.doc())
            .min()
            .unwrap_or(TERMINATED)
    }
}

impl DocSet for TieredScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        for (s, _) in &mut self.fields {
            if s.doc() == doc {
                s.advance();
            }
        }
        self.doc = self.first();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for (s, _) in &mut self.fields {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.doc = self.first();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.fields
            .iter()
            .map(|(s, _)| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    fn cost(&self) -> u64 {
        self.fields.iter().map(|(s, _)| s.cost()).sum()
    }
}

impl Scorer for TieredScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score = self.exact;
        for (s, title) in &mut self.fields {
            if s.doc() == doc {
                score += s.score();
                if *title {
                    score += self.title;
                }
            }
        }
        score
    }
}

/// A weight that delegates everything but `explain`.
struct Quiet<W>(W);

impl<W: Weight> Weight for Quiet<W> {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, _reader: &SegmentReader, _doc: DocId) -> tantivy::Result<Explanation> {
        Err(tantivy::TantivyError::InvalidArgument(
            "explanations are not kept in the search engine".into(),
        ))
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.0.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.0.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.0.for_each_pruning(threshold, reader, callback)
    }
}
