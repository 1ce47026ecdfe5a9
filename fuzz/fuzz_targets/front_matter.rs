//! A content file (first byte: the collection) through split and parse_document.
//! The checks are in `fuzz/harness.rs`, shared with `tests/fuzz_replay.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::front_matter(data);
});
