//! The index's one segment, opened without tantivy's `Index::open`,
//! `IndexReader` and `Searcher`.
//!
//! Why: those read the index through `meta.json`, which tantivy parses
//! with serde_json into its whole `IndexMeta` (every field type and option
//! of its schema language), and search through an executor that links
//! rayon. In the browser module that was about a fifth of the code
//! (docs/benchmark.md, "The search engine in the browser"), for an index
//! whose schema the engine already knows ([`crate::schema::build_schema`],
//! the function the writer used) and which always has exactly one segment,
//! never deleted from. So the engine builds the schema itself, names the
//! segment from the bundle's file list, and scores it directly: BM25
//! statistics from the segment ([`Segment`] is the statistics provider),
//! the collector run on the segment as tantivy's own searcher would.

use tantivy::collector::Collector;
use tantivy::index::SegmentId;
use tantivy::query::{Bm25StatisticsProvider, Weight};
use tantivy::schema::{Field, Schema};
use tantivy::{Index, IndexSettings, SegmentReader, Term};

use crate::bundle::BundleDirectory;
use crate::schema::{build_schema, Fields};

/// The extension of the one file every segment has (its postings).
const POSTINGS: &str = ".idx";

/// The opened segment of a bundle.
pub struct Segment {
    reader: SegmentReader,
    schema: Schema,
    fields: Fields,
}

impl Segment {
    /// Opens the segment of a bundle written for `lang` holding `num_docs`
    /// documents.
    pub fn open(dir: BundleDirectory, lang: &str, num_docs: u64) -> tantivy::Result<Segment> {
        let id = Self::segment_id(&dir)?;
        let num_docs = u32::try_from(num_docs).map_err(|_| {
            tantivy::TantivyError::InvalidArgument(format!(
                "search bundle: {num_docs} documents, more than an index holds"
            ))
        })?;
        let schema = build_schema(lang);
        // `Index::create` only writes a fresh `meta.json`, which the bundle
        // directory drops (see its `atomic_write`); nothing parses one.
        let index = Index::create(dir, schema.clone(), IndexSettings::default())?;
        let meta = index.new_segment_meta(id, num_docs);
        let reader = SegmentReader::open(&index.segment(meta))?;
        // The manifest's count must be the segment's (one field norm per
        // document): a wrong one would send reads past the segment's data.
        let fields = Fields::from_schema(&schema)?;
        let stored = reader.get_fieldnorms_reader(fields.title)?.num_docs();
        if stored != num_docs {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "search bundle: the manifest says {num_docs} documents, the index holds {stored}: rebuild the site"
            )));
        }
        Ok(Segment {
            reader,
            schema,
            fields,
        })
    }

    /// The id of the bundle's one segment, from its file names
    /// (`<segment id>.<component>`).
    fn segment_id(dir: &BundleDirectory) -> tantivy::Result<SegmentId> {
        let mut ids = dir.file_names().filter_map(|f| f.strip_suffix(POSTINGS));
        let (Some(id), None) = (ids.next(), ids.next()) else {
            return Err(tantivy::TantivyError::InvalidArgument(
                "a search bundle has exactly one segment: rebuild the site".into(),
            ));
        };
        SegmentId::from_uuid_string(id).map_err(|_| {
            tantivy::TantivyError::InvalidArgument(format!(
                "search bundle: {id}{POSTINGS} is not named by a segment id: rebuild the site"
            ))
        })
    }

    pub fn reader(&self) -> &SegmentReader {
        &self.reader
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The handles of the schema's fields.
    pub fn fields(&self) -> Fields {
        self.fields
    }

    pub fn num_docs(&self) -> u32 {
        self.reader.num_docs()
    }

    /// The number of documents having `term`.
    pub fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(self.reader.inverted_index(term.field())?.doc_freq(term)? as u64)
    }

    /// Runs `weight` over the segment into `collector`.
    pub fn search<C: Collector>(
        &self,
        weight: &dyn Weight,
        collector: &C,
    ) -> tantivy::Result<C::Fruit> {
        let fruit = collector.collect_segment(weight, 0, &self.reader)?;
        collector.merge_fruits(vec![fruit])
    }
}

impl Bm25StatisticsProvider for Segment {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.reader.inverted_index(field)?.total_num_tokens())
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.num_docs() as u64)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Segment::doc_freq(self, term)
    }
}
