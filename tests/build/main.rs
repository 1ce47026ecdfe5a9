//! Integration tests of `academie build`: one test binary (each links the
//! whole crate, so fewer binaries build faster), one module per concern.
//! Run one module with `cargo test --test build site::`.

#[path = "../common/mod.rs"]
mod common;

mod catalogue;
mod cli;
mod helpers_selftest;
mod html_checks;
mod leftovers;
mod overrides;
mod safety;
mod site;
