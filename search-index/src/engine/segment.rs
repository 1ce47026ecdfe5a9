//! The index's one segment, opened by the engine from the bundle's files:
//! term dictionaries, postings and field norms, nothing else.
//!
//! Why not tantivy's `Index`, `SegmentReader` and `Searcher`: an `Index`
//! wraps its directory in one that parses each file's footer with
//! serde_json, creating one serialises a `meta.json`, and a segment reader
//! opens the fast fields, the document store and every component whether
//! a query reads it or not. In the browser module that was serde_json,
//! tantivy's index, schema and error types, and the searcher's executor
//! (docs/benchmark.md, "The module without tantivy's meta.json" and "The
//! engine's own segment reader"). The index always has exactly one
//! segment, never deleted from, and its schema is the engine's own
//! ([`crate::schema`]): so the engine opens the three components it reads
//! with tantivy's public readers for them (`CompositeFile`, the sstable
//! `TermDictionary`, `FieldNormReader`) and decodes postings itself
//! ([`super::postings`]). BM25 statistics come from the segment
//! ([`Segment`] is the statistics provider).

use std::io;
use std::path::Path;

use tantivy::directory::{CompositeFile, FileSlice};
use tantivy::fieldnorm::{FieldNormReader, FieldNormReaders};
use tantivy::postings::TermInfo;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::termdict::TermDictionary;
use tantivy::{Directory, HasLen, Term};

use super::postings::PostingList;
use crate::bundle::BundleDirectory;
use crate::schema::Fields;

/// The extension of the one file every segment has (its postings).
const POSTINGS: &str = ".idx";
/// tantivy's footer: `[body][footer JSON][u32 length][u32 magic]`, in every
/// file it writes through its directory.
const FOOTER_MAGIC: u32 = 1337;

fn corrupt(what: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("search bundle: {what}: rebuild the site"),
    )
}

/// The body of a file tantivy wrote, without its footer (whose JSON, a
/// version and a checksum, the engine does not read: the bundle's format
/// number says which build wrote it).
fn body(dir: &BundleDirectory, name: &str) -> io::Result<FileSlice> {
    let file = dir
        .open_read(Path::new(name))
        .map_err(|e| corrupt(format!("{name}: {e}")))?;
    let len = file.len();
    let tail = if len >= 8 {
        file.slice_from(len - 8).read_bytes()?
    } else {
        return Err(corrupt(format!("{name} has no footer")));
    };
    let tail = tail.as_slice();
    let footer = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]) as usize;
    let magic = u32::from_le_bytes([tail[4], tail[5], tail[6], tail[7]]);
    if magic != FOOTER_MAGIC || footer + 8 > len {
        return Err(corrupt(format!("{name} has no tantivy footer")));
    }
    Ok(file.slice_to(len - 8 - footer))
}

/// What the engine reads of one field.
struct FieldIndex {
    /// `None` for a field no document has text in. (Not tantivy's empty
    /// dictionary: that one is written when asked for, which would link
    /// the dictionary and fst writers into the browser module.)
    terms: Option<TermDictionary>,
    /// The field's postings, after its token count.
    postings: FileSlice,
    total_num_tokens: u64,
    norms: FieldNormReader,
}

/// The opened segment of a bundle.
pub struct Segment {
    /// Indexed by field id.
    fields: Vec<FieldIndex>,
    num_docs: u32,
}

impl Segment {
    /// Opens the segment of a bundle holding `num_docs` documents: reads
    /// its term dictionaries' indexes, its token counts and its field
    /// norms (all in the preload, see `crate::writer`).
    pub fn open(dir: &BundleDirectory, num_docs: u64) -> io::Result<Segment> {
        let id = Self::segment_id(dir)?;
        let num_docs = u32::try_from(num_docs)
            .map_err(|_| corrupt(format!("{num_docs} documents, more than an index holds")))?;
        let terms = CompositeFile::open(&body(dir, &format!("{id}.term"))?)?;
        let postings = CompositeFile::open(&body(dir, &format!("{id}{POSTINGS}"))?)?;
        let norms = FieldNormReaders::open(body(dir, &format!("{id}.fieldnorm"))?)
            .map_err(|e| corrupt(format!("field norms: {e}")))?;
        let mut fields = Vec::new();
        for field in Fields::new().all() {
            let name = field.field_id();
            // A field no document has text in has no postings (tantivy
            // reads it as empty too).
            let (terms, postings, total_num_tokens) = match postings.open_read(field) {
                None => (None, FileSlice::empty(), 0),
                Some(p) => {
                    let t = terms
                        .open_read(field)
                        .ok_or_else(|| corrupt(format!("field {name} has no dictionary")))?;
                    let (count, postings) = p.split(8);
                    let count = count.read_bytes()?;
                    let count = u64::from_le_bytes(
                        count
                            .as_slice()
                            .try_into()
                            .map_err(|_| corrupt(format!("field {name}: no token count")))?,
                    );
                    (Some(TermDictionary::open(t)?), postings, count)
                }
            };
            let norms = match norms
                .get_field(field)
                .map_err(|e| corrupt(format!("field norms: {e}")))?
            {
                Some(n) => n,
                // A field without norms (`raw`): every document counts as
                // one token long (its postings are never scored anyway).
                None => FieldNormReader::constant(num_docs, 1),
            };
            // The manifest's count must be the segment's: a wrong one
            // would send reads past the segment's data.
            if norms.num_docs() != num_docs {
                return Err(corrupt(format!(
                    "the manifest says {num_docs} documents, the index holds {}",
                    norms.num_docs()
                )));
            }
            fields.push(FieldIndex {
                terms,
                postings,
                total_num_tokens,
                norms,
            });
        }
        Ok(Segment { fields, num_docs })
    }

    /// The id of the bundle's one segment (its files are named
    /// `<segment id>.<component>`).
    fn segment_id(dir: &BundleDirectory) -> io::Result<String> {
        let mut ids = dir.file_names().filter_map(|f| f.strip_suffix(POSTINGS));
        let (Some(id), None) = (ids.next(), ids.next()) else {
            return Err(corrupt("not exactly one segment".into()));
        };
        Ok(id.to_string())
    }

    fn field(&self, field: Field) -> &FieldIndex {
        &self.fields[field.field_id() as usize]
    }

    pub fn num_docs(&self) -> u32 {
        self.num_docs
    }

    /// A field's term dictionary (`None`: the field has no terms).
    pub fn terms(&self, field: Field) -> Option<&TermDictionary> {
        self.field(field).terms.as_ref()
    }

    /// A field's norms.
    pub fn norms(&self, field: Field) -> &FieldNormReader {
        &self.field(field).norms
    }

    /// What the dictionary says of `term`.
    pub fn term_info(&self, term: &Term) -> io::Result<Option<TermInfo>> {
        match self.terms(term.field()) {
            Some(terms) => terms.get(term.serialized_value_bytes()),
            None => Ok(None),
        }
    }

    /// The number of documents having `term`.
    pub fn doc_freq(&self, term: &Term) -> io::Result<u64> {
        Ok(self.term_info(term)?.map_or(0, |i| i.doc_freq as u64))
    }

    /// The bytes of a term's postings in its field.
    fn postings_slice(&self, term: &Term, info: &TermInfo) -> FileSlice {
        self.field(term.field())
            .postings
            .slice(info.postings_range.clone())
    }

    /// The postings of `term`, `None` when no document has it.
    pub fn postings(&self, term: &Term) -> io::Result<Option<PostingList>> {
        let Some(info) = self.term_info(term)? else {
            return Ok(None);
        };
        let bytes = self.postings_slice(term, &info).read_bytes()?;
        PostingList::decode(bytes.as_slice(), info.doc_freq).map(Some)
    }

    /// Reads the postings of `term` (dictionary already read), so that
    /// [`Segment::postings`] finds them in memory.
    pub async fn warm_postings(&self, term: &Term) -> io::Result<()> {
        if let Some(info) = self.term_info(term)? {
            self.postings_slice(term, &info).read_bytes_async().await?;
        }
        Ok(())
    }

    /// Reads every posting of `field` (build-time recording of a small
    /// index's preload, from memory).
    pub fn read_all_postings(&self, field: Field) -> io::Result<()> {
        self.field(field).postings.read_bytes().map(drop)
    }
}

impl Bm25StatisticsProvider for Segment {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        Ok(self.field(field).total_num_tokens)
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.num_docs as u64)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        Ok(Segment::doc_freq(self, term)?)
    }
}
