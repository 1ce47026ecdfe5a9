//! Documents shared by the integration tests of the search engine.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use search_index::{Engine, Query, Results, SearchDocument};

/// A fresh directory per call: tests run in parallel.
pub fn tmp(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let d = std::env::temp_dir().join(format!(
        "search-index-test-{}-{name}-{n}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// The first 20 results of `text`.
pub fn q(e: &Engine, text: &str) -> Results {
    e.search(&Query {
        text: text.into(),
        limit: 20,
        ..Query::default()
    })
    .unwrap()
}

/// The ids of the hits, in order.
pub fn ids(r: &Results) -> Vec<&str> {
    r.hits.iter().map(|h| h.id.as_str()).collect()
}

/// A search document; its type is the collection of its id.
pub fn doc(
    id: &str,
    title: &str,
    summary: &str,
    body: &str,
    facets: &[(&str, &str)],
) -> SearchDocument {
    let kind = id.split('/').next().unwrap().to_string();
    SearchDocument {
        id: id.into(),
        kind,
        title: title.into(),
        summary: summary.into(),
        body: body.into(),
        url: format!("/fr/{id}/"),
        facets: facets
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        tags: Vec::new(),
        fictional: false,
    }
}

/// 3,000 use cases of 120 words drawn from 16 stems with numeric
/// suffixes: an index large enough that a query must read only part of it.
pub fn range_read_corpus() -> Vec<SearchDocument> {
    let words = [
        "maintenance",
        "données",
        "sécurité",
        "usine",
        "restaurant",
        "mairie",
        "logistique",
        "prévision",
        "client",
        "facture",
        "stock",
        "énergie",
        "eau",
        "santé",
        "agent",
        "capteur",
    ];
    let mut docs = Vec::new();
    for i in 0..3000u32 {
        let body: Vec<String> = (0..120)
            .map(|j| {
                let k = (i.wrapping_mul(7919) ^ (j * 104_729)) as usize;
                format!("{}{}", words[k % words.len()], k % 211)
            })
            .collect();
        docs.push(doc(
            &format!("use-cases/cas-{i}"),
            &format!("Cas {i} {}", words[i as usize % words.len()]),
            "Résumé",
            &body.join(" "),
            &[("sector", if i % 2 == 0 { "industrie" } else { "sante" })],
        ));
    }
    docs
}
