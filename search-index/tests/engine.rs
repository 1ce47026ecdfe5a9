//! Queries against fixture indexes written to a temporary directory, read
//! back through the bundle directory (the same path the browser takes).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::Ordering;

use search_index::writer::{
    open_dir, open_dir_without_facets, read_facets, write_index_with, BundleOptions,
};
use search_index::{write_index, Engine, FacetLabels, Query, Results, SearchDocument};

mod common;
use common::{doc, ids, q, range_read_corpus, tmp};

fn fr_docs() -> Vec<SearchDocument> {
    vec![
        doc(
            "modules/ecrire-un-prompt",
            "Écrire un prompt efficace",
            "Les bases pour dialoguer avec un grand modèle de langage.",
            "Un grand modèle de langage répond mieux à une consigne précise. \
             L'IA générative ne remplace pas l'expertise métier.",
            &[("sector", "services"), ("level", "decouverte"), ("audience", "salaries")],
        ),
        doc(
            "use-cases/maintenance-predictive",
            "Maintenance prédictive dans une usine de Lorraine",
            "Des capteurs et un modèle d'apprentissage anticipent les pannes.",
            "La maintenance des machines est planifiée grâce aux données. \
             La sécurité des opérateurs s'améliore.",
            &[("sector", "industrie"), ("region", "44"), ("company_size", "pme")],
        ),
        doc(
            "use-cases/gaspillage-restaurant",
            "Réduire le gaspillage alimentaire en restauration",
            "Prévoir la fréquentation pour cuisiner juste.",
            "Le restaurant prévoit les repas et limite le gaspillage. <script>alert(1)</script> \
             Une démarche d'intelligence artificielle simple.",
            &[("sector", "tourisme"), ("region", "76"), ("company_size", "tpe")],
        ),
        doc(
            "use-cases/tri-courrier",
            "Tri automatique du courrier",
            "Classer les courriers entrants d'une mairie.",
            "Les agents gagnent du temps. La maintenance du logiciel est assurée par le prestataire.",
            &[("sector", "collectivites"), ("region", "44"), ("company_size", "collectivite")],
        ),
        doc(
            "ambassadors/jeanne-martin",
            "Jeanne Martin",
            "Ambassadrice de l'IA dans l'industrie.",
            "Ingénieure, elle accompagne les PME industrielles sur la sécurité des données.",
            &[("sector", "industrie"), ("region", "44"), ("ambassador_kind", "sectoriel")],
        ),
        doc(
            "pages/a-propos",
            "À propos",
            "",
            "L'Académie de l'IA forme les entreprises et les collectivités.",
            &[],
        ),
    ]
}

fn synonyms_fr() -> Vec<Vec<String>> {
    vec![
        vec!["ia".into(), "intelligence artificielle".into()],
        vec!["llm".into(), "grand modèle de langage".into()],
    ]
}

fn labels() -> FacetLabels {
    let mut l = FacetLabels::new();
    l.entry("type".into())
        .or_default()
        .insert("modules".into(), "Modules".into());
    l
}

fn engine(lang: &str, docs: Vec<SearchDocument>, syn: Vec<Vec<String>>) -> Engine {
    let dir = tmp(lang);
    let stats = write_index(&dir, lang, docs, &syn, &labels()).unwrap();
    assert_eq!(stats.files.len(), 4);
    let engine = open_dir(&dir).unwrap().0;
    // The engine keeps the index file open: the directory can go.
    let _ = std::fs::remove_dir_all(&dir);
    engine
}

fn fr() -> Engine {
    engine("fr", fr_docs(), synonyms_fr())
}

fn finds(e: &Engine, text: &str, id: &str) -> bool {
    ids(&q(e, text)).contains(&id)
}

#[test]
fn accent_folding() {
    let e = fr();
    assert!(finds(&e, "modele ", "modules/ecrire-un-prompt"));
    assert!(finds(&e, "securite ", "use-cases/maintenance-predictive"));
    assert!(finds(&e, "SÉCURITÉ ", "ambassadors/jeanne-martin"));
    assert!(finds(&e, "ecrire ", "modules/ecrire-un-prompt"));
}

#[test]
fn elision() {
    let e = fr();
    assert!(finds(&e, "l'IA ", "modules/ecrire-un-prompt"));
    assert!(finds(&e, "l’expertise ", "modules/ecrire-un-prompt"));
    assert!(finds(&e, "expertise ", "modules/ecrire-un-prompt"));
}

#[test]
fn stemming_and_stop_words() {
    let e = fr();
    assert!(finds(
        &e,
        "maintenances ",
        "use-cases/maintenance-predictive"
    ));
    assert!(finds(
        &e,
        "les pannes de la machine ",
        "use-cases/maintenance-predictive"
    ));
    // stop words alone: an empty query (lists everything)
    assert_eq!(q(&e, "les de la").total, 6);
}

#[test]
fn typo_tolerance() {
    let e = fr();
    let r = q(&e, "maintenace ");
    assert!(ids(&r).contains(&"use-cases/maintenance-predictive"));
    assert!(r.hits[0].snippet_html.contains("<mark>"), "{:?}", r.hits[0]);
    // short words get no typo tolerance
    assert_eq!(q(&e, "tro ").total, 0);
}

#[test]
fn a_common_word_gets_no_typo_neighbours() {
    // "formation" is in 10 documents: "formaton" (one letter away) is not
    // matched through a typo; a rarer word still is.
    let mut docs: Vec<_> = (0..10)
        .map(|i| {
            doc(
                &format!("pages/f{i}"),
                "Formation",
                "",
                "Une formation.",
                &[],
            )
        })
        .collect();
    docs.push(doc("pages/x", "Autre", "", "Une formaton.", &[]));
    docs.push(doc("pages/y", "Autre", "", "Une plantation.", &[]));
    let e = engine("fr", docs, vec![]);
    assert_eq!(q(&e, "formation ").total, 10);
    assert_eq!(ids(&q(&e, "plantaion ")), ["pages/y"]);
}

#[test]
fn prefix_of_the_word_being_typed() {
    let e = fr();
    let r = q(&e, "gaspill");
    assert_eq!(ids(&r), ["use-cases/gaspillage-restaurant"]);
    assert!(r.hits[0].snippet_html.contains("<mark>gaspillage</mark>"));
    // a finished word (followed by a space) is not a prefix
    assert_eq!(q(&e, "gaspill ").total, 0);
    // only the last word is a prefix: "gaspill" matches nothing, the page
    // is found by "restaurant" alone (coverage 1 of 2), "gaspillage" not
    // highlighted
    let r = q(&e, "gaspill restaurant");
    assert_eq!(ids(&r), ["use-cases/gaspillage-restaurant"]);
    assert!(!r.hits[0].snippet_html.contains("<mark>gaspillage</mark>"));
    assert!(r.hits[0].snippet_html.contains("<mark>restaurant</mark>"));
}

#[test]
fn synonyms_multi_word() {
    let e = fr();
    let r = q(&e, "LLM ");
    assert_eq!(ids(&r), ["modules/ecrire-un-prompt"]);
    assert!(
        r.hits[0].snippet_html.contains("<mark>modèle</mark>"),
        "{}",
        r.hits[0].snippet_html
    );
    // the other way round, and single-word groups
    assert!(finds(
        &e,
        "intelligence artificielle ",
        "modules/ecrire-un-prompt"
    ));
    assert!(finds(&e, "IA ", "use-cases/gaspillage-restaurant"));
    // phrase: the words must be in order
    assert!(!finds(&e, "LLM ", "use-cases/maintenance-predictive"));
}

#[test]
fn ranking_title_and_exact_first() {
    let e = fr();
    let r = q(&e, "maintenance ");
    assert_eq!(
        r.hits[0].id, "use-cases/maintenance-predictive",
        "title match first"
    );
    assert_eq!(r.hits[1].id, "use-cases/tri-courrier");
    assert!(r.hits[0].score > r.hits[1].score);
    // exact above typo: "courrier" exact vs nothing else; "securite" exact ranks above
    let r = q(&e, "industrie ");
    assert!(!r.hits.is_empty());
    let r = q(&e, "donnees ");
    assert_eq!(r.total, 2);
}

#[test]
fn exact_above_typo_and_prefix() {
    let docs = vec![
        doc(
            "pages/a",
            "Planification",
            "",
            "Une planification des tournées.",
            &[],
        ),
        doc("pages/b", "Plantation", "", "Une plantation.", &[]),
        doc("pages/c", "Autre", "", "La planification.", &[]),
    ];
    let e = engine("fr", docs, vec![]);
    let r = q(&e, "plantation");
    assert_eq!(r.hits[0].id, "pages/b");
    let r = q(&e, "planification ");
    assert_eq!(ids(&r)[..2], ["pages/a", "pages/c"]);
}

#[test]
fn facets_and_counts() {
    let e = fr();
    let mut facets = BTreeMap::new();
    facets.insert("region".to_string(), BTreeSet::from(["44".to_string()]));
    let r = e
        .search(&Query {
            text: String::new(),
            facets: facets.clone(),
            limit: 10,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(r.total, 3);
    assert_eq!(r.facet_counts["type"]["use-cases"], 2);
    assert_eq!(r.facet_counts["type"]["ambassadors"], 1);
    // counts of the selected facet ignore its own selection
    assert_eq!(r.facet_counts["region"]["44"], 3);
    assert_eq!(r.facet_counts["region"]["76"], 1);
    // OR within a facet
    facets.insert(
        "sector".to_string(),
        BTreeSet::from(["industrie".to_string(), "collectivites".to_string()]),
    );
    let r = e
        .search(&Query {
            text: String::new(),
            facets: facets.clone(),
            limit: 10,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(r.total, 3);
    // AND across facets with text
    facets.insert(
        "type".to_string(),
        BTreeSet::from(["use-cases".to_string()]),
    );
    let r = e
        .search(&Query {
            text: "maintenance ".into(),
            facets,
            limit: 10,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(
        ids(&r),
        ["use-cases/maintenance-predictive", "use-cases/tri-courrier"]
    );
    assert_eq!(r.facet_counts["type"]["use-cases"], 2);
    // unknown facet values match nothing and do not fail
    let mut f = BTreeMap::new();
    f.insert("nope".to_string(), BTreeSet::from(["x".to_string()]));
    let r = e
        .search(&Query {
            text: "ia".into(),
            facets: f,
            limit: 5,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(r.total, 0);
}

#[test]
fn snippets_are_escaped() {
    let e = fr();
    let r = q(&e, "restaurant alert ");
    let s = &r.hits[0].snippet_html;
    assert!(s.contains("&lt;script&gt;"), "{s}");
    let without_marks = s.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !without_marks.contains('<') && !without_marks.contains('>'),
        "{s}"
    );
}

#[test]
fn special_characters_never_fail() {
    let e = fr();
    for text in [
        "\"",
        ":",
        "(",
        "-",
        "*",
        "\"maintenance",
        "title:maintenance",
        "(ia OR",
        "-ia",
        "ia*",
        "*ia",
        "\\",
        "[]{}^~",
        "AND",
        "a:b:c",
        "''",
        "’",
        "l'",
        "🙂",
        "\u{0}",
        "ia -",
        "+-*/",
    ] {
        let r = e.search(&Query {
            text: text.into(),
            limit: 5,
            ..Query::default()
        });
        assert!(r.is_ok(), "{text:?}");
    }
    assert!(finds(
        &e,
        "\"maintenance\"",
        "use-cases/maintenance-predictive"
    ));
    assert!(finds(
        &e,
        "(maintenance)",
        "use-cases/maintenance-predictive"
    ));
}

#[test]
fn english_analysis() {
    let docs = vec![
        doc(
            "modules/a",
            "Running a small business with AI",
            "",
            "The company's accountants use artificial intelligence.",
            &[],
        ),
        doc("modules/b", "Other", "", "Nothing relevant here.", &[]),
    ];
    let e = engine(
        "en",
        docs,
        vec![vec!["ai".into(), "artificial intelligence".into()]],
    );
    assert!(finds(&e, "runs ", "modules/a"));
    assert!(finds(&e, "company ", "modules/a"));
    assert!(finds(&e, "accountant ", "modules/a"));
    assert!(finds(&e, "acountants ", "modules/a"));
    assert!(finds(&e, "busi", "modules/a"));
}

#[test]
fn language_without_stemmer_folds_and_prefixes() {
    let docs = vec![doc(
        "pages/a",
        "Deskiñ ar yezh",
        "",
        "Skoazell evit an embregerezhioù.",
        &[],
    )];
    let e = engine("br", docs, vec![]);
    assert!(finds(&e, "deskin ", "pages/a"));
    assert!(finds(&e, "embreger", "pages/a"));
    assert!(!finds(&e, "embreger ", "pages/a"));
}

/// A corpus large enough that range reads matter: a query must not read the
/// whole index.
#[test]
fn range_reads_touch_a_fraction_of_the_index() {
    let docs = range_read_corpus();
    let dir = tmp("big");
    let stats = write_index(&dir, "fr", docs, &[], &labels()).unwrap();
    let (e, cache) = open_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let r = q(&e, "maintenance17 capteur");
    assert!(r.total > 0);
    let fetched = cache.fetched_bytes.load(Ordering::Relaxed);
    eprintln!(
        "index {} B, preload {} B, first query fetched {} B in {} requests",
        stats.index_bytes,
        stats.preload_bytes,
        fetched,
        cache.requests.load(Ordering::Relaxed)
    );
    assert!(stats.preload_bytes + fetched < stats.index_bytes / 3);
}

/// Runs a future whose reads all complete at once (native sources are
/// synchronous underneath), without an async runtime.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("a native read left the future pending"),
    }
}

/// A corpus big enough not to be preloaded whole, with the fixture pages,
/// synonyms and facets.
fn big_corpus() -> Vec<SearchDocument> {
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
        "intelligence",
        "artificielle",
        "agent",
        "capteur",
    ];
    let mut docs = fr_docs();
    for i in 0..1500u32 {
        let body: Vec<String> = (0..80)
            .map(|j| {
                let k = (i.wrapping_mul(7919) ^ (j * 104_729)) as usize;
                if k.is_multiple_of(5) {
                    words[k % words.len()].to_string()
                } else {
                    format!("{}{}", words[k % words.len()], k % 97)
                }
            })
            .collect();
        docs.push(doc(
            &format!("use-cases/cas-{i}"),
            &format!("Cas {i} {}", words[i as usize % words.len()]),
            "Résumé du cas",
            &body.join(" "),
            &[
                ("sector", if i % 2 == 0 { "industrie" } else { "sante" }),
                ("region", if i % 3 == 0 { "44" } else { "76" }),
            ],
        ));
    }
    docs
}

/// The browser's path: `search_async` reads ahead, in a few rounds of
/// parallel requests, every byte the query needs, then runs the query on
/// cached bytes. Its results are those of `search`, and it never falls back
/// to a blocking read.
#[test]
fn search_async_reads_ahead_everything_the_query_needs() {
    // The term dictionary shipped with the preload (the default for an
    // index of this size), and fetched block by block.
    search_async_reads_ahead(BundleOptions::default());
    search_async_reads_ahead(BundleOptions {
        preload_dictionary_below: 0,
    });
}

fn search_async_reads_ahead(options: BundleOptions) {
    let dir = tmp("async");
    let stats = write_index_with(
        &dir,
        "fr",
        big_corpus(),
        &synonyms_fr(),
        &labels(),
        &options,
    )
    .unwrap();
    assert!(stats.preload_bytes < stats.index_bytes / 4, "{stats:?}");
    let (sync_engine, _) = open_dir(&dir).unwrap();
    let (async_engine, cache) = open_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let facets = |pairs: &[(&str, &str)]| {
        let mut m: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (f, k) in pairs {
            m.entry(f.to_string()).or_default().insert(k.to_string());
        }
        m
    };
    let queries = [
        ("maintenance", facets(&[])),
        ("maintenance capteur17 ", facets(&[])),
        ("securite donnees", facets(&[("sector", "industrie")])),
        ("maint", facets(&[])),
        ("maintenace", facets(&[])),
        ("factrue42 ", facets(&[])),
        ("intelligence artificielle", facets(&[])),
        ("IA", facets(&[("region", "44"), ("sector", "sante")])),
        ("grand modèle de langage", facets(&[])),
        ("l'usine \"stock\" (mairie* -client)", facets(&[])),
        ("", facets(&[("sector", "industrie"), ("region", "44")])),
        ("", facets(&[])),
        ("zzzz introuvable", facets(&[])),
    ];
    let mut fetched_any = false;
    for (text, f) in queries {
        let query = Query {
            text: text.into(),
            facets: f,
            limit: 8,
            ..Query::default()
        };
        let expected = sync_engine.search(&query).unwrap();
        let before = cache.requests.load(Ordering::Relaxed);
        let sync_before = cache.sync_requests.load(Ordering::Relaxed);
        let got = block_on(async_engine.search_async(&query)).unwrap();
        assert_eq!(got, expected, "{text:?}");
        assert_eq!(
            cache.sync_requests.load(Ordering::Relaxed),
            sync_before,
            "{text:?}: a read was not foreseen by the warm-up"
        );
        fetched_any |= cache.requests.load(Ordering::Relaxed) > before;
    }
    assert!(fetched_any, "the corpus must not be preloaded whole");
}

/// The header's drop-down list asks for no facet counts: the browser then
/// never downloads the facet table. Such a query needs no table and gives
/// the same hits; a query that filters or counts by facet without the table
/// is an error, not a silent wrong answer.
#[test]
fn the_facet_table_is_needed_only_for_facet_filters_and_counts() {
    let dir = tmp("facets-lazy");
    write_index(&dir, "fr", fr_docs(), &synonyms_fr(), &labels()).unwrap();
    let (engine, cache) = open_dir_without_facets(&dir).unwrap();
    let table = read_facets(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let q = |text: &str, counts: bool, facet: Option<(&str, &str)>| Query {
        text: text.into(),
        counts,
        facets: facet
            .map(|(f, k)| BTreeMap::from([(f.to_string(), BTreeSet::from([k.to_string()]))]))
            .unwrap_or_default(),
        ..Query::default()
    };
    let list = engine.search(&q("maintenance", false, None)).unwrap();
    assert!(list.total > 0 && !list.hits.is_empty());
    assert!(list.facet_counts.is_empty(), "{:?}", list.facet_counts);
    let async_list = block_on(engine.search_async(&q("maintenance", false, None))).unwrap();
    assert_eq!(async_list, list);
    assert_eq!(cache.sync_requests.load(Ordering::Relaxed), 0);
    for needs in [
        q("maintenance", true, None),
        q("maintenance", false, Some(("sector", "industrie"))),
    ] {
        let e = engine.search(&needs).unwrap_err().to_string();
        assert!(e.contains("facet table"), "{e}");
    }
    assert!(!engine.has_facets());
    engine.load_facets(table).unwrap();
    let counted = engine.search(&q("maintenance", true, None)).unwrap();
    assert_eq!((counted.total, &counted.hits), (list.total, &list.hits));
    assert!(!counted.facet_counts.is_empty());
    assert_eq!(
        counted.facet_counts["type"].values().sum::<u64>(),
        counted.total,
        "each document has one type"
    );
}

/// A bundle whose stored-document table disagrees with its documents (a
/// damaged or hand-edited manifest) is refused when opened, with a message
/// saying what to do; no query can then read past the file.
#[test]
fn a_damaged_document_table_is_an_error_when_opening() {
    let dir = tmp("damaged");
    write_index(&dir, "fr", fr_docs(), &synonyms_fr(), &labels()).unwrap();
    let path = dir.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let len = m["files"]["docs.bin"][1].as_u64().unwrap();
    m["files"]["docs.bin"][1] = (len - 1).into();
    std::fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
    let e = open_dir(&dir)
        .err()
        .expect("a damaged bundle must not open");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(e.to_string().contains("rebuild the site"), "{e}");
}

/// A manifest whose document count disagrees with the index (damaged or
/// hand-edited) is refused when opened, not read past.
#[test]
fn a_wrong_document_count_is_an_error_when_opening() {
    for delta in [-1i64, 1, 1000] {
        let dir = tmp(&format!("count{delta}"));
        write_index(&dir, "fr", fr_docs(), &synonyms_fr(), &labels()).unwrap();
        let path = dir.join("manifest.json");
        let mut m: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let n = m["num_docs"].as_i64().unwrap();
        m["num_docs"] = (n + delta).into();
        std::fs::write(&path, serde_json::to_vec(&m).unwrap()).unwrap();
        let e = open_dir(&dir).err().expect("a wrong count must not open");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(e.to_string().contains("rebuild the site"), "{e}");
    }
}

/// The engine opens its segment without tantivy's `meta.json` (its parser
/// stays out of the browser module): a bundle whose `meta.json` is
/// garbage answers as before, and a small index's preload leaves it out.
#[test]
fn the_engine_never_reads_tantivy_meta_json() {
    let dir = tmp("no-meta");
    write_index(&dir, "fr", fr_docs(), &synonyms_fr(), &labels()).unwrap();
    let before = {
        let (engine, _) = open_dir(&dir).unwrap();
        q(&engine, "maintenance machines")
    };
    assert!(!before.hits.is_empty());
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let (offset, len) = (
        m["files"]["meta.json"][0].as_u64().unwrap(),
        m["files"]["meta.json"][1].as_u64().unwrap(),
    );
    let chunk = m["chunk_size"].as_u64().unwrap();
    assert!(len >= chunk, "meta.json spans at least a whole chunk");
    let preloaded = |c: u64| {
        m["preload_chunks"].as_array().unwrap().iter().any(|run| {
            let (first, n) = (run[0].as_u64().unwrap(), run[1].as_u64().unwrap());
            (first..first + n).contains(&c)
        })
    };
    let whole = offset.div_ceil(chunk)..(offset + len) / chunk;
    assert!(!whole.is_empty());
    for c in whole {
        assert!(
            !preloaded(c),
            "chunk {c} holds only meta.json: not preloaded"
        );
    }
    let index = dir.join(m["index_file"].as_str().unwrap());
    let mut bytes = std::fs::read(&index).unwrap();
    bytes[offset as usize..(offset + len) as usize].fill(b'#');
    std::fs::write(&index, bytes).unwrap();
    let (engine, _) = open_dir(&dir).unwrap();
    let after = q(&engine, "maintenance machines");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ids(&after), ids(&before));
    assert_eq!(after.hits, before.hits);
}

/// A language with nothing to index yet (a regional edition adding its
/// language page by page) still gets a bundle that opens and answers.
#[test]
fn an_empty_language_answers_with_no_results() {
    let dir = tmp("empty");
    let stats = write_index(&dir, "br", Vec::new(), &[], &labels()).unwrap();
    assert_eq!(stats.documents, 0);
    let (engine, _) = open_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    for text in ["", "brezhoneg", "a"] {
        let r = engine
            .search(&Query {
                text: text.into(),
                ..Query::default()
            })
            .unwrap();
        assert_eq!((r.total, r.hits.len()), (0, 0), "{text:?}");
        let r = block_on(engine.search_async(&Query {
            text: text.into(),
            counts: false,
            ..Query::default()
        }))
        .unwrap();
        assert_eq!(r.total, 0);
    }
}

/// A small index ships everything but its stored text in the preload, with
/// the documents' heads: a query without snippets reads nothing at all and
/// shows the hits (titles, links, summary snippets); the same query with
/// snippets then reads the hits' stored text by range, and the manifest
/// names that text as the range to fetch in the background.
#[test]
fn a_small_index_answers_from_its_heads_then_reads_snippets() {
    let dir = tmp("heads");
    let stats = write_index(&dir, "fr", fr_docs(), &synonyms_fr(), &labels()).unwrap();
    let manifest: search_index::bundle::Manifest =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let (offset, len) = manifest.files["docs.bin"];
    let (start, prefetch_len) = manifest.prefetch.expect("a small index names its prefetch");
    assert!(
        start <= offset && offset + len <= start + prefetch_len,
        "{manifest:?}"
    );
    assert!(manifest.files.contains_key("docs.head"));
    let (engine, cache) = open_dir(&dir).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let query = Query {
        text: "maintenance".into(),
        limit: 5,
        ..Query::default()
    };
    let before = cache.requests.load(Ordering::Relaxed);
    let quick = block_on(engine.search_async(&Query {
        snippets: false,
        ..query.clone()
    }))
    .unwrap();
    assert_eq!(cache.requests.load(Ordering::Relaxed), before, "{stats:?}");
    assert!(quick.partial);
    let full = block_on(engine.search_async(&query)).unwrap();
    assert!(!full.partial);
    assert!(
        cache.requests.load(Ordering::Relaxed) > before,
        "the stored text is read by range"
    );
    assert!(!full.hits.is_empty());
    let strip = |r: &Results| -> Vec<(String, String, String)> {
        r.hits
            .iter()
            .map(|h| (h.id.clone(), h.title.clone(), h.url.clone()))
            .collect()
    };
    assert_eq!(strip(&quick), strip(&full), "same hits, same order");
    assert!(full.hits.iter().any(|h| h.snippet_html.contains("<mark>")));
    assert_eq!(full, engine.search(&query).unwrap(), "the CLI's answer");
}
