//! The content contract (`../shared/content-model.md`): the error for each
//! broken rule (`errors`) and hostile input that must not crash
//! (`robustness`). Run one module with `cargo test --test contract errors::`.

#[path = "../common/mod.rs"]
mod common;

mod errors;
mod robustness;
