//! Robustness: the real binary on broken sites (`broken_sites`), the fuzz
//! corpora replayed (`fuzz_replay`) and the HTML validity of the whole
//! catalogue (`html_validity`; `VNU_JAR=… cargo test --test robustness
//! html_validity::` adds the W3C Nu validator).

#[path = "../../fuzz/harness.rs"]
mod harness;

mod broken_sites;
mod fuzz_replay;
mod html_validity;
