//! The site's search: the glue the build calls and `academie search`
//! (`glue`), and the ranking on the bundled catalogue (`relevance`).

#[path = "../common/mod.rs"]
mod common;

/// `src/cli/search.rs` (compiled below, its module is private) refers to
/// `crate::search`: give it the library's.
mod search {
    pub use academie::search::*;
}

#[allow(dead_code)]
#[path = "../../src/cli/search.rs"]
mod cli_search;

mod glue;
mod relevance;
