//! `dist/` holds the browser artifacts (wasm, JS) built by
//! `scripts/build-wasm` and embedded by `academie`. This test fails when a
//! source they are built from changed without rebuilding them.

#[test]
fn dist_matches_sources() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let want = search_index::source_hash(dir).unwrap();
    let have = std::fs::read_to_string(dir.join("dist/SOURCE_HASH")).unwrap_or_default();
    assert_eq!(
        have.trim(),
        want,
        "search-index/dist is stale: run scripts/build-wasm (needs the wasm32 target, \
         wasm-bindgen-cli and binaryen; scripts/install-test-deps installs them)"
    );
    for f in [
        "academie_search_bg.wasm",
        "academie_search.js",
        "worker.js",
        "search-ui.js",
        "search.css",
    ] {
        assert!(dir.join("dist").join(f).is_file(), "missing dist/{f}");
    }
}
