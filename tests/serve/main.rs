//! The preview: `academie serve` over HTTP (`http`), live reload (`live`),
//! the incremental session against full builds (`session`) and the
//! release-mode latency measurement (`bench`, ignored by default:
//! `cargo test --release --test serve bench:: -- --ignored --nocapture`).

#[path = "../common/mod.rs"]
mod common;
#[path = "../serve_support/mod.rs"]
mod support;

mod bench;
mod http;
mod live;
mod session;
