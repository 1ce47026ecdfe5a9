//! academie: builds the catalogue of the Académie de l'IA as a static,
//! multilingual site with an in-browser search.
//!
//! Data flows one way, one module per step; a module uses only the
//! modules of the steps before it:
//!
//! 1. files: [`config`], [`content`], [`taxonomy`], [`i18n`], [`theme`]
//!    (with the helpers [`yaml`], [`fields`], [`diagnostics`], [`brand`]);
//! 2. the resolved [`site`] model;
//! 3. [`render`]ed pages (HTML strings; it writes nothing);
//! 4. [`search`] documents and indexes, from the site and rendered bodies;
//! 5. [`output`]: the writers (a staging folder swapped in, or in place)
//!    and the files made from the whole site (sitemap, feeds, exports);
//! 6. the [`pipeline`], which runs those stages in order, once, for
//!    [`build`] (everything, into a staging folder) and the preview's
//!    [`session`] (the jobs an edit affects, in place);
//! 7. the commands: [`cli`] and the preview server [`serve`].

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
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod session;
pub mod site;
pub mod taxonomy;
pub mod theme;
pub mod yaml;
