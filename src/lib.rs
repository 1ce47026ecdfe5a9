//! academie: builds the catalogue of the Académie de l'IA as a static,
//! multilingual site with an in-browser search.
//!
//! Data flows one way, one module per step:
//! files ([`content`], [`config`], [`taxonomy`], [`i18n`]) → the resolved
//! [`site`] model → [`render`]ed pages → [`output`] written atomically.

pub mod brand;
pub mod build;
pub mod cli;
pub mod color;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fields;
pub mod i18n;
pub mod output;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod taxonomy;
pub mod theme;
pub mod yaml;
