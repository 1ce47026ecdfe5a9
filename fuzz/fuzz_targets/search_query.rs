//! A search text (first byte: limit and facets) through the analysis and the engine.
//! The checks are in `fuzz/harness.rs`, shared with `tests/fuzz_replay.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::search_query(data);
});
