//! Diagnostic, not a check: which tantivy files (and how many chunks
//! of each) a query reads through the bundle directory, and the bytes it
//! fetches. Run with
//! `cargo test -p search-index --test read_profile -- --ignored --nocapture`.

use search_index::writer::open_dir;
use search_index::{write_index, FacetLabels, Query};

mod common;
use common::range_read_corpus;

use std::collections::BTreeSet;

#[test]
#[ignore]
fn read_profile() {
    let docs = range_read_corpus();
    let dir = std::env::temp_dir().join("search-index-read-profile");
    let _ = std::fs::remove_dir_all(&dir);
    write_index(&dir, "fr", docs, &[], &FacetLabels::new()).unwrap();
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let (e, cache) = open_dir(&dir).unwrap();
    for text in ["maintenance17 capteur", "maintenance17 capteur ", "usine"] {
        *cache.touched.lock().unwrap() = Some(BTreeSet::new());
        let before = cache
            .fetched_bytes
            .load(std::sync::atomic::Ordering::Relaxed);
        e.search(&Query {
            text: text.into(),
            limit: 10,
            ..Query::default()
        })
        .unwrap();
        let t = cache.touched.lock().unwrap().take().unwrap();
        let after = cache
            .fetched_bytes
            .load(std::sync::atomic::Ordering::Relaxed);
        eprintln!("{text:?}: fetched {}", after - before);
        for (name, v) in m["files"].as_object().unwrap() {
            let (o, l) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
            let n = t
                .iter()
                .filter(|c| {
                    let cs = m["chunk_size"].as_u64().unwrap();
                    **c * cs + cs > o && **c * cs < o + l
                })
                .count();
            if n > 0 {
                eprintln!("  {name} ({l} B): {n} chunks");
            }
        }
    }
}

/// Same profile on a built site's index:
/// `SEARCH_DIR=public/search/fr QUERIES="gaspillage alimentaire|maintenance" cargo test -p search-index --test read_profile -- --ignored --nocapture built_index`
#[test]
#[ignore]
fn built_index() {
    let Some(dir) = std::env::var_os("SEARCH_DIR") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let queries = std::env::var("QUERIES").unwrap_or_else(|_| "gaspillage alimentaire".into());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let chunk = m["chunk_size"].as_u64().unwrap();
    let (e, cache) = open_dir(&dir).unwrap();
    for text in queries.split('|') {
        *cache.touched.lock().unwrap() = Some(BTreeSet::new());
        let before = cache
            .fetched_bytes
            .load(std::sync::atomic::Ordering::Relaxed);
        let reqs = cache.requests.load(std::sync::atomic::Ordering::Relaxed);
        let t0 = std::time::Instant::now();
        let r = e
            .search(&Query {
                text: text.into(),
                limit: 6,
                ..Query::default()
            })
            .unwrap();
        let t = cache.touched.lock().unwrap().take().unwrap();
        eprintln!(
            "{text:?}: {} hits, fetched {} B in {} requests, {:?}",
            r.total,
            cache
                .fetched_bytes
                .load(std::sync::atomic::Ordering::Relaxed)
                - before,
            cache.requests.load(std::sync::atomic::Ordering::Relaxed) - reqs,
            t0.elapsed()
        );
        for (name, v) in m["files"].as_object().unwrap() {
            let (o, l) = (v[0].as_u64().unwrap(), v[1].as_u64().unwrap());
            let n = t
                .iter()
                .filter(|c| **c * chunk + chunk > o && **c * chunk < o + l)
                .count();
            if n > 0 {
                eprintln!("  {name} ({l} B): {n} chunks touched");
            }
        }
    }
}
