//! The search glue the site build calls: assets with hashed names, one
//! bundle per language, and `academie search` reading them back.

use crate::search;

use std::collections::BTreeMap;

use search::{write_assets, write_index, FacetLabels, SearchDocument};

fn docs() -> Vec<SearchDocument> {
    let d = |id: &str, title: &str, body: &str, facets: &[(&str, &str)]| SearchDocument {
        id: id.into(),
        kind: id.split('/').next().unwrap().into(),
        title: title.into(),
        summary: String::new(),
        body: body.into(),
        url: format!("/academie/fr/{id}/"),
        facets: facets
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
        tags: Vec::new(),
        fictional: false,
    };
    vec![
        d(
            "modules/prompt",
            "Écrire un prompt",
            "Un grand modèle de langage.",
            &[("level", "decouverte")],
        ),
        d(
            "use-cases/usine",
            "Maintenance d'une usine",
            "Les pannes.",
            &[("sector", "industrie")],
        ),
    ]
}

#[test]
fn assets_are_hashed_and_worker_points_at_them() {
    let out = tempfile::tempdir().unwrap();
    let a = write_assets(out.path(), "/academie/").unwrap();
    assert!(a.script_url.starts_with("/academie/search/search-ui."));
    assert_eq!(a.index_base, "/academie/search/");
    let worker_file = a.worker_url.trim_start_matches("/academie/");
    let worker = std::fs::read_to_string(out.path().join(worker_file)).unwrap();
    let wasm = a.wasm_url.rsplit('/').next().unwrap();
    assert!(worker.contains(wasm), "worker must load the hashed wasm");
    assert!(!worker.contains("__GLUE__") && !worker.contains("__WASM"));
    // The module's gzipped copy, for hosts without brotli: the worker
    // names it, it inflates to the module, and it is smaller than the
    // module at zlib's best level (what a gzip host could do at most).
    let packed = worker
        .split('"')
        .find(|s| s.starts_with("./academie_search_bg.") && s.ends_with(".bin"))
        .expect("the worker names the module's gzipped copy");
    let packed = std::fs::read(out.path().join("search").join(&packed[2..])).unwrap();
    let module = std::fs::read(out.path().join("search").join(wasm)).unwrap();
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&packed[..]),
        &mut inflated,
    )
    .unwrap();
    assert!(inflated == module, "the copy inflates to another module");
    let best = search_index::writer::gzip(&module).unwrap();
    assert!(
        packed.len() < best.len(),
        "copy {} bytes, gzip -9 {} bytes",
        packed.len(),
        best.len()
    );
    for url in [&a.script_url, &a.worker_url, &a.css_url, &a.wasm_url] {
        assert!(
            out.path()
                .join(url.trim_start_matches("/academie/"))
                .is_file(),
            "{url}"
        );
    }
    // Same bytes, same names: browsers may cache them for ever.
    let b = write_assets(out.path(), "/academie").unwrap();
    assert_eq!(a.worker_url, b.worker_url);
    let json = serde_json::to_value(&a).unwrap();
    assert!(json.get("script_url").is_some());
}

#[test]
fn index_per_language_and_errors_name_the_path() {
    let out = tempfile::tempdir().unwrap();
    let mut labels = FacetLabels::new();
    labels.insert(
        "type".into(),
        BTreeMap::from([("modules".to_string(), "Formations".to_string())]),
    );
    let syn = vec![vec![
        "llm".to_string(),
        "grand modèle de langage".to_string(),
    ]];
    let stats = write_index(out.path(), "fr", docs(), &syn, &labels).unwrap();
    assert_eq!(stats.documents, 2);
    let files: Vec<_> = std::fs::read_dir(out.path().join("search/fr"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 4, "manifest, index, preload, facet table");

    let (engine, _) = search_index::writer::open_dir(&out.path().join("search/fr")).unwrap();
    let r = engine
        .search(&search_index::Query {
            text: "llm".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.hits[0].id, "modules/prompt");

    // An output path that is a file: a clear error naming it.
    let blocked = out.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let e = write_index(&blocked, "fr", docs(), &[], &labels).unwrap_err();
    assert!(e.to_string().contains("blocked"), "{e}");
    let e = write_assets(&blocked, "/").unwrap_err();
    assert!(e.to_string().contains("blocked"), "{e}");
}

/// Writes a minimal page harness (assets, a French index, two pages with
/// the same markup as the theme's partials) into `$ACADEMIE_SEARCH_HARNESS`,
/// for working on the browser side before a full site build is at hand.
#[test]
fn page_harness() {
    let Some(dir) = std::env::var_os("ACADEMIE_SEARCH_HARNESS") else {
        return;
    };
    let out = std::path::PathBuf::from(dir);
    let a = write_assets(&out, "/").unwrap();
    let mut labels = FacetLabels::new();
    labels.insert(
        "type".into(),
        BTreeMap::from([
            ("modules".to_string(), "Formations".to_string()),
            ("use-cases".to_string(), "Cas d'usage".to_string()),
        ]),
    );
    let syn = vec![vec![
        "llm".to_string(),
        "grand modèle de langage".to_string(),
    ]];
    write_index(&out, "fr", docs(), &syn, &labels).unwrap();
    let data = format!(
        r#"data-search data-search-worker="{}" data-search-index="{}fr/manifest.json" data-search-css="{}" data-i18n-none="Aucun résultat" data-i18n-one="1 résultat" data-i18n-many="{{n}} résultats" data-i18n-all="Voir les {{n}} résultats""#,
        a.worker_url, a.index_base, a.css_url
    );
    let header = format!(
        r#"<form role="search" aria-label="Rechercher" action="/fr/recherche/" method="get" {data}><label for="site-search-q">Rechercher</label><input id="site-search-q" type="search" name="q" data-search-input><button>OK</button><p role="status" data-search-status></p><ol data-search-results hidden></ol></form><script type="module" src="{}"></script>"#,
        a.script_url
    );
    std::fs::create_dir_all(out.join("fr/recherche")).unwrap();
    std::fs::write(
        out.join("fr/index.html"),
        format!("<!doctype html><html lang=fr><title>h</title><body>{header}</body></html>"),
    )
    .unwrap();
    std::fs::write(
        out.join("fr/recherche/index.html"),
        format!(
            r#"<!doctype html><html lang=fr><title>s</title><body>{header}<h1 id=t>Rechercher</h1><form role="search" aria-labelledby="t" action="/fr/recherche/" {data} data-search-page data-facet-type="Type" data-facet-sector="Secteur"><input id="search-page-q" type="search" name="q" data-search-input><div data-search-facets></div></form><p role="status" data-search-page-status></p><ol data-search-page-results></ol></body></html>"#
        ),
    )
    .unwrap();
}

use crate::cli_search;

#[test]
fn cli_prints_json_results() {
    let out = tempfile::tempdir().unwrap();
    let labels = FacetLabels::new();
    write_index(out.path(), "fr", docs(), &[], &labels).unwrap();
    let args = |q: &str, facets: Vec<String>, json: bool| cli_search::Args {
        query: q.into(),
        lang: None,
        site: out.path().to_path_buf(),
        facets,
        json,
        limit: 10,
    };
    let text = cli_search::output(&args("pannes", vec![], true)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v[0]["id"], "use-cases/usine");
    assert_eq!(v[0]["type"], "use-cases");
    assert!(v[0]["url"].is_string() && v[0]["title"].is_string() && v[0]["score"].is_number());
    let text = cli_search::output(&args("", vec!["level=decouverte".into()], true)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    let text = cli_search::output(&args("pannes", vec![], false)).unwrap();
    assert!(text.starts_with("1 result(s)"), "{text}");
    let e = cli_search::output(&args("x", vec!["nope".into()], false)).unwrap_err();
    assert!(e.contains("FACET=KEY"), "{e}");
    let mut missing = args("x", vec![], false);
    missing.site = out.path().join("nowhere");
    let e = cli_search::output(&missing).unwrap_err();
    assert!(e.contains("nowhere"), "{e}");
}
