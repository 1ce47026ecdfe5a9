//! Prints the hash of the sources `dist/` is built from (used by
//! `scripts/build-wasm`).
fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    println!(
        "{}",
        search_index::source_hash(dir).expect("read search-index sources")
    );
}
