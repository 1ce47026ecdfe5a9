//! A term's postings, decoded from tantivy's format by the engine itself.
//!
//! Why not tantivy's `SegmentPostings`: it is only built by tantivy's
//! `SegmentReader`, which needs an `Index`, whose directory parses every
//! file's footer with serde_json and whose creation serialises a
//! `meta.json`; in the browser module that was serde_json, tantivy's index
//! and schema types and its fast-field reader, read for nothing (see
//! `engine::segment`). The engine reads postings of fields indexed with
//! frequencies and without positions only (`crate::schema`), written by
//! the tantivy of this build (`Cargo.lock`); the native tests decode every
//! posting list of their indexes with this code, the CLI and the browser
//! too.
//!
//! The layout of a term's postings (tantivy's `PostingsSerializer`), for
//! `n` documents: when `n >= 128`, a VInt length and the skip data (per
//! full block of 128: last document `u32` LE, document bit width with the
//! strictly-sorted flag `0x40`, frequency bit width, two block-max bytes);
//! then each full block: document ids bit-packed (`BitPacker4x`, strictly
//! sorted deltas from the previous block's last id, none before the first
//! block or after a block ending on 0), frequencies minus one bit-packed;
//! then the last `n % 128` documents as VInt deltas, then their
//! frequencies as VInts.

use std::io;

use bitpacking::{BitPacker, BitPacker4x};
use tantivy::{DocId, TERMINATED};

/// Documents per bit-packed block.
const BLOCK: usize = BitPacker4x::BLOCK_LEN;
/// Bytes of skip data per block (fields with frequencies, no positions).
const SKIP_ENTRY: usize = 8;
/// The flag of a strictly-sorted block in the skip data's bit width.
const STRICT: u8 = 0x40;

fn corrupt(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("search index: {what}: rebuild the site"),
    )
}

/// Reads a VInt (7 bits a byte, the last byte flagged with 0x80), as
/// tantivy writes them in postings.
fn vint(data: &[u8], at: &mut usize) -> io::Result<u32> {
    let mut value = 0u32;
    let mut shift = 0;
    loop {
        let b = *data.get(*at).ok_or_else(|| corrupt("postings cut short"))?;
        *at += 1;
        value |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
        if b & 0x80 != 0 {
            return Ok(value);
        }
        shift += 7;
        if shift > 28 {
            return Err(corrupt("postings: number too long"));
        }
    }
}

/// A term's documents and frequencies, with a cursor.
#[derive(Debug, Clone, Default)]
pub struct PostingList {
    docs: Vec<DocId>,
    freqs: Vec<u32>,
    at: usize,
}

impl PostingList {
    /// Decodes `n` postings from `data` (the term's byte range).
    pub fn decode(data: &[u8], n: u32) -> io::Result<PostingList> {
        let n = n as usize;
        let mut docs = Vec::with_capacity(n);
        let mut freqs = Vec::with_capacity(n);
        let mut at = 0;
        let full = n / BLOCK;
        let skip = if full > 0 {
            let len = vint(data, &mut at)? as usize;
            let skip = data
                .get(at..at + len)
                .ok_or_else(|| corrupt("postings: skip data cut short"))?;
            at += len;
            if skip.len() < full * SKIP_ENTRY {
                return Err(corrupt("postings: skip data too short"));
            }
            skip
        } else {
            &[]
        };
        let packer = BitPacker4x::new();
        let mut block = [0u32; BLOCK];
        let mut last: DocId = 0;
        for entry in skip.chunks_exact(SKIP_ENTRY).take(full) {
            let (doc_bits, tf_bits) = (entry[4], entry[5]);
            if doc_bits & STRICT == 0 || tf_bits > 32 {
                return Err(corrupt("postings of an older format"));
            }
            let doc_bits = doc_bits & 0x1f;
            let need = (doc_bits as usize + tf_bits as usize) * BLOCK / 8;
            let bytes = data
                .get(at..at + need)
                .ok_or_else(|| corrupt("postings cut short"))?;
            let initial = (last != 0).then_some(last);
            let used = packer.decompress_strictly_sorted(initial, bytes, &mut block, doc_bits);
            docs.extend_from_slice(&block);
            packer.decompress(&bytes[used..], &mut block, tf_bits);
            freqs.extend(block.iter().map(|f| f + 1));
            at += need;
            last = *docs.last().unwrap_or(&0);
        }
        let rest = n - full * BLOCK;
        let mut doc = last;
        for _ in 0..rest {
            doc = doc
                .checked_add(vint(data, &mut at)?)
                .ok_or_else(|| corrupt("postings: document id out of range"))?;
            docs.push(doc);
        }
        for _ in 0..rest {
            freqs.push(vint(data, &mut at)?);
        }
        Ok(PostingList { docs, freqs, at: 0 })
    }

    /// The current document, [`TERMINATED`] past the last.
    pub fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    /// The current document's term frequency.
    pub fn term_freq(&self) -> u32 {
        self.freqs.get(self.at).copied().unwrap_or(0)
    }

    /// Moves to the next document and returns it.
    pub fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
