//! A Markdown body through the renderer, with and without raw HTML.
//! The checks are in `fuzz/harness.rs`, shared with `tests/fuzz_replay.rs`.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::markdown(data);
});
