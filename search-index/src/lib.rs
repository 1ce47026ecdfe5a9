//! Search schema and text analysis of the Académie catalogue.
//!
//! This crate is compiled twice: natively, where the site build writes one
//! index per language, and to `wasm32-unknown-unknown`, where the browser
//! queries that index. Both sides use the analyzers defined here, so a word
//! is tokenized the same way when it is indexed and when it is searched.
//!
//! Data flow: [`SearchDocument`]s → `write_index` (native) → a *bundle*
//! (one `index.<hash>.bin` holding every tantivy file and the stored
//! documents, a `manifest.json`, a `preload.<hash>.bin` with the bytes
//! read to open the index, and a `facets.<hash>.bin` facet table) →
//! [`Engine`] over a [`bundle::BundleDirectory`] that reads byte ranges
//! (from disk natively, with HTTP `Range` requests in the browser) →
//! [`Results`] for a [`Query`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub mod analysis;
pub mod bundle;
pub mod docs;
pub mod engine;
pub mod facets;
pub mod query;
pub mod schema;
pub mod snippet;
mod varint;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
pub mod words;
#[cfg(not(target_arch = "wasm32"))]
pub mod writer;

pub use engine::Engine;
#[cfg(not(target_arch = "wasm32"))]
pub use writer::{write_index, IndexStats};

/// One page as the search engine sees it: what the site build hands over for
/// each published page translation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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
    /// Their labels (from the [`FacetLabels`] given to the writer) are
    /// searchable: "bretagne" finds the pages of region 53.
    pub facets: Vec<(String, String)>,
    /// The page's own keywords (its front matter's `tags`: "cv",
    /// "bpifrance"…): searchable with its labels, the words an editor
    /// chose to say what the page is about.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Whether the page presents fictional people or cases: stored and
    /// returned in [`Hit::fictional`] so the result list can say so. The
    /// site build sets it from the page's front matter (`false` until the
    /// content model has such a field).
    #[serde(default)]
    pub fictional: bool,
}

/// Facet labels in the index's language: facet → key → label. Includes the
/// facet `type` (collection names).
pub type FacetLabels = BTreeMap<String, BTreeMap<String, String>>;

/// The facet under which a page's `kind` is counted and filtered.
pub const TYPE_FACET: &str = "type";

/// A search request. Never fails on user input: any text is accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Query {
    /// What the user typed. Punctuation and operators are ignored; the last
    /// word is matched as a prefix unless the text ends with a space.
    pub text: String,
    /// Selected facet keys: AND across facets, OR within one.
    pub facets: BTreeMap<String, BTreeSet<String>>,
    /// Maximum number of hits returned (0 means 10).
    pub limit: usize,
    /// Whether to count the matches by facet key ([`Results::facet_counts`];
    /// default true). A list that shows no counts sets it to false: the
    /// query then needs no facet table unless it filters by facet.
    pub counts: bool,
    /// Whether hits need snippets from their stored text (default true).
    /// A list that shows its hits at once sets it to false, then asks
    /// again with true: on an index that ships its documents' heads
    /// ([`docs::HEADS`]) the first answer reads nothing from the network
    /// ([`Results::partial`]; snippets from the summaries).
    pub snippets: bool,
}

impl Default for Query {
    fn default() -> Query {
        Query {
            text: String::new(),
            facets: BTreeMap::new(),
            limit: 0,
            counts: true,
            snippets: true,
        }
    }
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub url: String,
    pub summary: String,
    /// HTML-escaped excerpt; the only markup is `<mark>…</mark>` around
    /// matched words. Empty when the query has no words.
    pub snippet_html: String,
    pub score: f32,
    /// See [`SearchDocument::fictional`].
    #[serde(default)]
    pub fictional: bool,
}

/// Results of a [`Query`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Number of documents matching the text and every facet.
    pub total: u64,
    pub hits: Vec<Hit>,
    /// facet → key → number of matching documents if that key were
    /// (additionally, within its facet) selected: counts of a facet ignore
    /// the selection in that same facet, so OR within a facet stays visible.
    pub facet_counts: BTreeMap<String, BTreeMap<String, u64>>,
    /// When nothing matches a query with words: the index's words closest
    /// to them ("did you mean"), the likeliest first; empty otherwise.
    /// They are analysed forms (lowercase, accents folded), each a query
    /// of its own.
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// Whether the hits came from the documents' heads, without their
    /// stored text: snippets are from the summaries; ask again with
    /// `Query::snippets` for the full ones.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// Small, stable, dependency-free content hash (FNV-1a, 64 bits) used for
/// cache-busting file names.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}
