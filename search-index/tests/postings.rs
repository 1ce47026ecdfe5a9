//! The engine decodes postings itself (`engine::postings`): every posting
//! list of a written bundle, read by the engine, must be what tantivy
//! itself reads from the same files.

use std::collections::BTreeMap;
use std::sync::Arc;

use search_index::bundle::{BundleDirectory, ChunkCache, FileSource, Manifest};
use search_index::schema::Fields;
use search_index::writer::open_dir;
use search_index::{write_index, FacetLabels, SearchDocument};
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, Term, TERMINATED};

mod common;
use common::{doc, tmp};

/// 700 documents whose words appear in all, most, some or one of them,
/// with frequencies from 1 to 300: full blocks of 128 documents with
/// every bit width up to 9, and the VInt tail of each list.
fn corpus() -> Vec<SearchDocument> {
    (0..700)
        .map(|i| {
            let mut body = String::new();
            for _ in 0..(i % 7 + 1) {
                body.push_str("commun ");
            }
            if i % 2 == 0 {
                body.push_str("pair ");
            }
            if i % 129 == 0 {
                body.push_str(&"rafale ".repeat(300));
            }
            body.push_str(&format!("unique{i} groupe{} ", i / 100));
            doc(
                &format!("use-cases/cas-{i}"),
                &format!("Cas {i} titre{}", i % 3),
                if i % 5 == 0 { "résumé présent" } else { "" },
                &body,
                &[("sector", if i % 3 == 0 { "industrie" } else { "commerce" })],
            )
        })
        .collect()
}

#[test]
fn the_engines_postings_are_tantivys() {
    let dir = tmp("postings");
    write_index(&dir, "fr", corpus(), &[], &FacetLabels::new()).unwrap();
    let engine = open_dir(&dir).unwrap().0;
    let segment = engine.segment();

    // tantivy's own reader over the same bundle.
    let m: Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let file = std::fs::File::open(dir.join(&m.index_file)).unwrap();
    let cache = Arc::new(ChunkCache::new(
        Box::new(FileSource(file)),
        m.index_len,
        m.chunk_size,
    ));
    let bundle = BundleDirectory::new(m.files.clone(), cache);
    let index = Index::open(bundle).unwrap();
    let searcher = index.reader().unwrap().searcher();
    let reader = searcher.segment_reader(0);

    let f = Fields::new();
    let mut lists = 0;
    let mut long = 0;
    let mut checked: BTreeMap<u32, usize> = BTreeMap::new();
    for field in [f.title, f.labels, f.summary, f.body] {
        let inverted = reader.inverted_index(field).unwrap();
        let mut terms = inverted.terms().stream().unwrap();
        while terms.advance() {
            let term = Term::from_field_bytes(field, terms.key());
            let mut theirs = inverted
                .read_postings(&term, IndexRecordOption::WithFreqs)
                .unwrap()
                .unwrap();
            let mut ours = segment.postings(&term).unwrap().unwrap();
            let mut n = 0;
            loop {
                assert_eq!(ours.doc(), theirs.doc(), "{term:?}, posting {n}");
                if theirs.doc() == TERMINATED {
                    break;
                }
                assert_eq!(
                    ours.term_freq(),
                    theirs.term_freq(),
                    "{term:?}, posting {n}"
                );
                ours.advance();
                theirs.advance();
                n += 1;
            }
            assert_eq!(n, ours.len());
            lists += 1;
            if n >= 128 {
                long += 1;
            }
            *checked.entry(field.field_id()).or_default() += 1;
        }
        assert_eq!(
            segment
                .doc_freq(&Term::from_field_text(field, "absent"))
                .unwrap(),
            0
        );
    }
    // The corpus exercised what it is for: many lists, several spanning
    // full blocks, every stemmed field.
    assert!(lists > 1000, "{lists} posting lists");
    assert!(long >= 4, "{long} lists of 128 documents or more");
    assert_eq!(checked.len(), 4, "{checked:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
