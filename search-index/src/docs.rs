//! The stored text of the documents (id, type, title, summary, URL, body),
//! kept beside the tantivy files rather than in tantivy's doc store.
//!
//! Why: a result list shows a handful of documents, and in the browser each
//! of them is a byte range of the index file, sent as is (hosts do not
//! compress `206 Partial Content` answers). tantivy's store compresses
//! blocks of several documents with lz4, so a hit costs its neighbours too,
//! at about 80 % of their size. Here each document is its own gzip member
//! (about half its size), which the browser inflates natively
//! (`DecompressionStream`), so the engine carries no inflate code.
//!
//! Two files in a bundle: [`BLOBS`], the members one after the other, and
//! [`LENGTHS`], the member lengths in [`UNIT`]s as LEB128 varints in index
//! order (read when the index is opened, so it goes into the preload).
//!
//! Each member is padded to a whole number of units inside its own gzip
//! header (an `FEXTRA` subfield, which every inflater skips): lengths in
//! units of 16 bytes take about 6 bits a document in the gzipped preload
//! instead of 12 (5,000 documents: 4.2 KB instead of 7.8), for 13 bytes of
//! padding on average in each hit a query reads.

use std::future::Future;
use std::io;
use std::ops::Range;
use std::pin::Pin;

use crate::varint;

/// File name of the compressed documents inside a bundle.
pub const BLOBS: &str = "docs.bin";
/// File name of their lengths.
pub const LENGTHS: &str = "docs.len";
/// Every member's length is a multiple of this many bytes.
pub const UNIT: u64 = 16;
/// File name of the documents' heads (everything but the body), in a small
/// index only: preloaded, so that a query shows its hits (titles, links,
/// highlighted summaries) before their stored text comes (see
/// `Query::snippets`).
pub const HEADS: &str = "docs.head";

/// A document's stored text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredDoc {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub url: String,
    pub body: String,
    /// See `SearchDocument::fictional`.
    pub fictional: bool,
}

/// A future inflating one gzip member.
pub type InflateFuture = Pin<Box<dyn Future<Output = io::Result<Vec<u8>>> + Send>>;

/// Inflates gzip members: natively with flate2, in the browser with the
/// worker's `DecompressionStream` (see `wasm.rs`).
pub trait Inflate: Send + Sync {
    fn inflate(&self, member: Vec<u8>) -> InflateFuture;
}

/// flate2, on the calling thread (the returned future is ready).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeInflate;

#[cfg(not(target_arch = "wasm32"))]
impl Inflate for NativeInflate {
    fn inflate(&self, member: Vec<u8>) -> InflateFuture {
        Box::pin(std::future::ready(gunzip(&member)))
    }
}

/// Inflates gzipped bytes (a member here, the preload or the facet table
/// in `writer`).
#[cfg(not(target_arch = "wasm32"))]
pub fn gunzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("stored documents: {what}"),
    )
}

impl StoredDoc {
    fn fields(&self) -> [&str; 6] {
        [
            &self.id,
            &self.kind,
            &self.title,
            &self.summary,
            &self.url,
            &self.body,
        ]
    }

    /// The uncompressed record: each text field as a length and its UTF-8
    /// bytes, then a flags byte (bit 0: fictional).
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for f in self.fields() {
            varint::push(&mut out, f.len() as u64);
            out.extend_from_slice(f.as_bytes());
        }
        out.push(u8::from(self.fictional));
        out
    }

    /// Reads a record written by [`StoredDoc::encode`].
    pub fn decode(record: &[u8]) -> io::Result<StoredDoc> {
        let mut at = 0;
        let mut next = || -> io::Result<String> {
            let len = usize::try_from(varint::read(record, &mut at).map_err(bad)?)
                .map_err(|_| bad("length"))?;
            let end = at.checked_add(len).filter(|&e| e <= record.len());
            let bytes = &record[at..end.ok_or_else(|| bad("truncated text"))?];
            at += len;
            String::from_utf8(bytes.to_vec()).map_err(|_| bad("text is not UTF-8"))
        };
        let mut doc = StoredDoc {
            id: next()?,
            kind: next()?,
            title: next()?,
            summary: next()?,
            url: next()?,
            body: next()?,
            fictional: false,
        };
        let flags = *record.get(at).ok_or_else(|| bad("truncated flags"))?;
        if at + 1 != record.len() {
            return Err(bad("trailing bytes"));
        }
        doc.fictional = flags & 1 == 1;
        Ok(doc)
    }
}

/// Compresses documents (in index order): returns the [`LENGTHS`] and
/// [`BLOBS`] files.
#[cfg(not(target_arch = "wasm32"))]
pub fn encode(docs: &[StoredDoc]) -> io::Result<(Vec<u8>, Vec<u8>)> {
    use std::io::Write;
    // No file name or time in the header: the same input gives the same
    // bytes (content-hashed file names stay stable). The default level: on
    // documents of a few kilobytes the best one saves nothing measurable
    // and costs more time.
    let mut lengths = Vec::new();
    let mut blobs = Vec::new();
    for d in docs {
        // An empty padding subfield ("AP", length 0) in the header...
        let mut gz = flate2::GzBuilder::new()
            .extra(vec![b'A', b'P', 0, 0])
            .write(Vec::new(), flate2::Compression::default());
        gz.write_all(&d.encode())?;
        let mut member = gz.finish()?;
        // ...then grown to round the member up, without deflating again:
        // no header checksum is written, and the trailer's covers the
        // record only. Header: 10 bytes, the field's length (2), the
        // subfield's id (2) and length (2), then its data.
        let pad = ((UNIT - member.len() as u64 % UNIT) % UNIT) as u16;
        member.splice(16..16, std::iter::repeat_n(0, usize::from(pad)));
        member[10..12].copy_from_slice(&(4 + pad).to_le_bytes());
        member[14..16].copy_from_slice(&pad.to_le_bytes());
        debug_assert_eq!(member.len() as u64 % UNIT, 0);
        varint::push(&mut lengths, member.len() as u64 / UNIT);
        blobs.extend_from_slice(&member);
    }
    Ok((lengths, blobs))
}

/// The [`HEADS`] file: each document without its body, uncompressed (the
/// preload that carries it is gzipped whole), as a length and a record.
pub fn encode_heads(docs: &[StoredDoc]) -> Vec<u8> {
    let mut out = Vec::new();
    for d in docs {
        let head = StoredDoc {
            id: d.id.clone(),
            kind: d.kind.clone(),
            title: d.title.clone(),
            summary: d.summary.clone(),
            url: d.url.clone(),
            body: String::new(),
            fictional: d.fictional,
        };
        let record = head.encode();
        varint::push(&mut out, record.len() as u64);
        out.extend_from_slice(&record);
    }
    out
}

/// Decodes the [`HEADS`] file of `num_docs` documents.
pub fn decode_heads(bytes: &[u8], num_docs: usize) -> io::Result<Vec<StoredDoc>> {
    let mut at = 0;
    let mut heads = Vec::with_capacity(num_docs);
    for _ in 0..num_docs {
        let len = usize::try_from(varint::read(bytes, &mut at).map_err(bad)?)
            .map_err(|_| bad("length"))?;
        let end = at
            .checked_add(len)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| bad("truncated head"))?;
        heads.push(StoredDoc::decode(&bytes[at..end])?);
        at = end;
    }
    if at != bytes.len() {
        return Err(bad("more heads than documents"));
    }
    Ok(heads)
}

/// Where each document's member lies in [`BLOBS`].
#[derive(Debug, Clone, Default)]
pub struct DocOffsets(Vec<u64>);

impl DocOffsets {
    /// Decodes the [`LENGTHS`] file of `num_docs` documents.
    pub fn decode(lengths: &[u8], num_docs: usize) -> io::Result<DocOffsets> {
        let mut offsets = Vec::with_capacity(num_docs + 1);
        let mut at = 0;
        let mut end = 0u64;
        offsets.push(0);
        for _ in 0..num_docs {
            end = varint::read(lengths, &mut at)
                .map_err(bad)?
                .checked_mul(UNIT)
                .and_then(|len| end.checked_add(len))
                .ok_or_else(|| bad("length overflow"))?;
            offsets.push(end);
        }
        if at != lengths.len() {
            return Err(bad("more lengths than documents"));
        }
        Ok(DocOffsets(offsets))
    }

    /// The end of the last document: the size [`BLOBS`] must have.
    pub fn end(&self) -> u64 {
        self.0.last().copied().unwrap_or(0)
    }

    /// The byte range of document `doc` in [`BLOBS`].
    pub fn range(&self, doc: u32) -> io::Result<Range<u64>> {
        let d = doc as usize;
        match (self.0.get(d), self.0.get(d + 1)) {
            (Some(&a), Some(&b)) => Ok(a..b),
            _ => Err(bad("no such document")),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn doc(i: usize) -> StoredDoc {
        StoredDoc {
            id: format!("use-cases/cas-{i}"),
            kind: "use-cases".into(),
            title: format!("Cas n°{i} : l'IA à l'atelier"),
            summary: String::new(),
            url: format!("/fr/cas-usage/cas-{i}/"),
            body: "Des capteurs anticipent les pannes. ".repeat(i * 7),
            fictional: i % 2 == 1,
        }
    }

    #[test]
    fn documents_round_trip_one_by_one() {
        let docs: Vec<StoredDoc> = (0..50).map(doc).collect();
        let (lengths, blobs) = encode(&docs).unwrap();
        let offsets = DocOffsets::decode(&lengths, docs.len()).unwrap();
        for (i, d) in docs.iter().enumerate() {
            let r = offsets.range(i as u32).unwrap();
            let member = blobs[r.start as usize..r.end as usize].to_vec();
            let bytes = futures_util::FutureExt::now_or_never(NativeInflate.inflate(member))
                .unwrap()
                .unwrap();
            assert_eq!(&StoredDoc::decode(&bytes).unwrap(), d);
        }
        assert!(offsets.range(50).is_err());
        assert_eq!(offsets.end(), blobs.len() as u64);
        // The padding is inside each member's header, where every
        // inflater (the browser's too) skips it.
        for i in 0..docs.len() {
            assert_eq!(offsets.range(i as u32).unwrap().start % UNIT, 0);
        }
    }

    #[test]
    fn a_damaged_record_is_an_error_not_a_panic() {
        let rec = doc(3).encode();
        for cut in 0..rec.len() {
            assert!(StoredDoc::decode(&rec[..cut]).is_err());
        }
        assert!(DocOffsets::decode(&[0x80, 0x80], 1).is_err());
        assert!(DocOffsets::decode(&[1, 2, 3], 2).is_err());
    }
}
