//! Search schema and text analysis of the Académie catalogue.
//!
//! This crate is compiled twice: natively, where the site build writes one
//! index per language, and to `wasm32-unknown-unknown`, where the browser
//! queries that index. Both sides use the analyzers defined here, so a word
//! is tokenized the same way when it is indexed and when it is searched.

use serde::{Deserialize, Serialize};

/// One page as the search engine sees it: what the site build hands over for
/// each published page translation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// The page id, `<collection>/<slug>` (e.g. `use-cases/fuites-eau-toulouse`).
    pub id: String,
    /// The collection: `modules`, `use-cases`, `ambassadors` or `pages`.
    pub kind: String,
    /// Title of this translation.
    pub title: String,
    /// Summary (may be empty for free pages).
    pub summary: String,
    /// The body as plain text (Markdown already stripped).
    pub body: String,
    /// Site-absolute URL of the page, base path included (e.g. `/fr/cas-usage/fuites-eau-toulouse/`).
    pub url: String,
    /// Facet values: `(facet, key)` pairs, e.g. `("sector", "industrie")`.
    /// Facet names: audience, company_size, level, format, sector, region,
    /// ai_technique, ambassador_kind, funding. The page type is `kind`.
    pub facets: Vec<(String, String)>,
}
