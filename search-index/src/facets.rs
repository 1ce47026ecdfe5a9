//! The facet table: which facet keys each document has, in a gzipped file
//! of the bundle (`facets.<hash>.bin`) that the browser fetches only for
//! queries that filter or count by facet (the search page), not for the
//! header's drop-down list.
//!
//! Why not a tantivy fast field: a multi-valued u64 column is bitpacked and
//! indexed per document, so it does not compress (42 KB of incompressible
//! preload for 5,000 documents). This table is byte-aligned and
//! column-major: for each facet (in the manifest's facet order, where one
//! facet's keys are contiguous), one bitmask of its keys per document,
//! `ceil(keys / 8)` bytes wide, documents in index order. A facet column is
//! mostly a few repeated bytes, which gzip shrinks several times over.

use std::io;

/// One facet's column.
#[derive(Debug, Clone, Copy)]
struct Column {
    /// Global ordinal (index into the manifest's facet table) of its first key.
    base: u64,
    /// Bytes per document.
    width: usize,
    /// Offset of the column in the table.
    offset: usize,
}

/// A decoded table: the facet ordinals of any document, without copying.
#[derive(Debug, Clone, Default)]
pub struct FacetTable {
    columns: Vec<Column>,
    bytes: Vec<u8>,
    num_docs: usize,
}

/// The columns of a facet table, from the manifest's facet table
/// (`(facet, key)` pairs, one facet's keys contiguous).
fn layout(facets: &[(String, String)], num_docs: usize) -> (Vec<Column>, usize) {
    let mut columns = Vec::new();
    let mut offset = 0;
    let mut i = 0;
    while i < facets.len() {
        let name = &facets[i].0;
        let keys = facets[i..].iter().take_while(|f| &f.0 == name).count();
        let width = keys.div_ceil(8);
        columns.push(Column {
            base: i as u64,
            width,
            offset,
        });
        offset += width * num_docs;
        i += keys;
    }
    (columns, offset)
}

/// Encodes the facet ordinals of each document (`docs[d]`, in index order).
pub fn encode(facets: &[(String, String)], docs: &[Vec<u64>]) -> Vec<u8> {
    let (columns, len) = layout(facets, docs.len());
    let mut bytes = vec![0u8; len];
    for (d, ords) in docs.iter().enumerate() {
        for &o in ords {
            // The column whose keys include `o`: the last one starting at or before it.
            let c = columns.partition_point(|c| c.base <= o) - 1;
            let col = columns[c];
            let bit = (o - col.base) as usize;
            bytes[col.offset + d * col.width + bit / 8] |= 1 << (bit % 8);
        }
    }
    bytes
}

impl FacetTable {
    /// Reads a table written by [`encode`] for `num_docs` documents.
    pub fn decode(
        facets: &[(String, String)],
        num_docs: usize,
        bytes: Vec<u8>,
    ) -> io::Result<FacetTable> {
        let (columns, len) = layout(facets, num_docs);
        if bytes.len() != len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "facet table of {} bytes, {len} expected: rebuild the site",
                    bytes.len()
                ),
            ));
        }
        Ok(FacetTable {
            columns,
            bytes,
            num_docs,
        })
    }

    /// Replaces `out` with the facet ordinals of document `doc`, ascending.
    pub fn ords(&self, doc: u32, out: &mut Vec<u64>) {
        out.clear();
        let d = doc as usize;
        if d >= self.num_docs {
            return;
        }
        for col in &self.columns {
            let at = col.offset + d * col.width;
            for (i, &byte) in self.bytes[at..at + col.width].iter().enumerate() {
                let mut b = byte;
                while b != 0 {
                    let bit = b.trailing_zeros() as u64;
                    out.push(col.base + i as u64 * 8 + bit);
                    b &= b - 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        // 3 keys of "a", 10 of "b" (two bytes wide), 1 of "c".
        let mut facets = Vec::new();
        for k in 0..3 {
            facets.push(("a".to_string(), format!("{k}")));
        }
        for k in 0..10 {
            facets.push(("b".to_string(), format!("{k:02}")));
        }
        facets.push(("c".to_string(), "x".to_string()));
        let docs = vec![vec![0, 2, 3, 12, 13], vec![], vec![1, 11], vec![13]];
        let bytes = encode(&facets, &docs);
        assert_eq!(bytes.len(), 4 * (1 + 2 + 1));
        let t = FacetTable::decode(&facets, docs.len(), bytes.clone()).unwrap();
        let mut out = Vec::new();
        for (d, want) in docs.iter().enumerate() {
            t.ords(d as u32, &mut out);
            assert_eq!(&out, want, "doc {d}");
        }
        t.ords(99, &mut out);
        assert!(out.is_empty());
        assert!(FacetTable::decode(&facets, 5, bytes).is_err());
    }
}
