//! Content files: discovered, decoded, split and validated against the
//! content contract (`docs/content.md`), one file at a time.
//!
//! This stage knows nothing of other files: whether a referenced id exists
//! is the site model's business. Its output is a list of [`Document`]s, each
//! holding everything it needs to be reported on (path and line numbers).

mod contract;
mod frontmatter;
mod source;

pub use contract::{parse_document, SUMMARY_MAX};
pub use frontmatter::{split, Split};
pub use source::{discover, read_text, slug_of, suggest_slug as source_suggest_slug, SourceFile};

use std::fmt;
use std::path::PathBuf;

use crate::fields::{Date, Located};
use crate::taxonomy::Vocabulary;

/// The four collections of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Collection {
    #[serde(rename = "modules")]
    Modules,
    #[serde(rename = "use-cases")]
    UseCases,
    #[serde(rename = "ambassadors")]
    Ambassadors,
    #[serde(rename = "pages")]
    Pages,
}

impl Collection {
    pub const ALL: [Collection; 4] = [
        Collection::Modules,
        Collection::UseCases,
        Collection::Ambassadors,
        Collection::Pages,
    ];

    /// Folder name under `content/`, and first part of ids.
    pub fn dir(self) -> &'static str {
        match self {
            Collection::Modules => "modules",
            Collection::UseCases => "use-cases",
            Collection::Ambassadors => "ambassadors",
            Collection::Pages => "pages",
        }
    }

    pub fn from_dir(s: &str) -> Option<Collection> {
        Collection::ALL.into_iter().find(|c| c.dir() == s)
    }

    /// Suffix of the UI strings naming this collection (`collection_use_cases`…).
    pub fn key(self) -> &'static str {
        match self {
            Collection::Modules => "modules",
            Collection::UseCases => "use_cases",
            Collection::Ambassadors => "ambassadors",
            Collection::Pages => "pages",
        }
    }
}

impl fmt::Display for Collection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.dir())
    }
}

/// A page id, `<collection>/<slug>`: the same for all translations of a page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId {
    pub collection: Collection,
    pub slug: String,
}

impl PageId {
    /// Parses `modules/ecrire-un-prompt`.
    pub fn parse(s: &str) -> Option<PageId> {
        let (c, slug) = s
            .trim()
            .trim_start_matches("@/")
            .trim_matches('/')
            .split_once('/')?;
        let collection = Collection::from_dir(c)?;
        is_valid_slug(slug).then(|| PageId {
            collection,
            slug: slug.to_owned(),
        })
    }
}

impl fmt::Display for PageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.collection.dir(), self.slug)
    }
}

/// Slugs follow the rules of vocabulary keys: lowercase ASCII letters,
/// digits and `-`, not starting or ending with `-`.
pub fn is_valid_slug(s: &str) -> bool {
    crate::taxonomy::is_valid_key(s)
}

/// A reference to another page, as written, with its position.
pub type Reference = Located<String>;

/// The fields by which a page refers to other pages: what
/// the site model's `referrers` answers for, the other way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferenceKind {
    /// A module's `prerequisites`: modules.
    Prerequisites,
    /// A use case's `related_modules`: modules.
    RelatedModules,
    /// A use case's `ambassadors`: ambassadors.
    Ambassadors,
}

impl ReferenceKind {
    pub const ALL: [ReferenceKind; 3] = [
        ReferenceKind::Prerequisites,
        ReferenceKind::RelatedModules,
        ReferenceKind::Ambassadors,
    ];

    /// The front-matter field that holds these references.
    pub fn field(self) -> &'static str {
        match self {
            ReferenceKind::Prerequisites => "prerequisites",
            ReferenceKind::RelatedModules => "related_modules",
            ReferenceKind::Ambassadors => "ambassadors",
        }
    }

    /// The collection the referred pages belong to.
    pub fn target(self) -> Collection {
        match self {
            ReferenceKind::Prerequisites | ReferenceKind::RelatedModules => Collection::Modules,
            ReferenceKind::Ambassadors => Collection::Ambassadors,
        }
    }
}

impl fmt::Display for ReferenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.field())
    }
}

/// One validated content file: one page in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub id: PageId,
    pub lang: String,
    /// URL slug of this translation (`slug:` field, else the file's slug).
    pub slug: String,
    pub draft: bool,
    /// `search: false` keeps the page out of the search index.
    pub search: bool,
    pub weight: Option<i64>,
    pub title: String,
    pub summary: Option<String>,
    pub fields: Fields,
    /// Markdown body.
    pub body: String,
    /// Line of the file where the body starts.
    pub body_line: usize,
    /// Path shown to users (relative to the site root being built).
    pub path: PathBuf,
    /// Which layer of the edition chain the file comes from (0 = this site).
    pub layer: usize,
}

/// Collection-specific fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Fields {
    Module(Module),
    UseCase(UseCase),
    Ambassador(Ambassador),
    Page,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub audiences: Vec<String>,
    pub level: String,
    pub duration_minutes: u32,
    pub format: String,
    pub objectives: Vec<String>,
    pub updated: Date,
    pub company_sizes: Vec<String>,
    pub sectors: Vec<String>,
    pub prerequisites: Vec<Reference>,
    pub provider: Option<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UseCase {
    pub sector: String,
    pub company_size: String,
    pub region: String,
    pub organisation: String,
    pub ai_techniques: Vec<String>,
    pub updated: Date,
    pub solution: Option<Solution>,
    pub results: Vec<ResultLine>,
    pub funding: Vec<String>,
    pub related_modules: Vec<Reference>,
    pub ambassadors: Vec<Reference>,
    pub tags: Vec<String>,
    /// An invented case, for illustration (`fictional: true`): every page
    /// and export that shows it says so.
    pub fictional: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Solution {
    pub name: String,
    pub vendor: Option<String>,
    pub origin: Origin,
}

/// Where a solution comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Fr,
    Eu,
    Other,
}

impl Origin {
    pub const ALL: [Origin; 3] = [Origin::Fr, Origin::Eu, Origin::Other];

    /// The origin written `key` in the front matter.
    pub fn from_key(key: &str) -> Option<Origin> {
        Origin::ALL.into_iter().find(|o| o.key() == key)
    }

    pub fn key(self) -> &'static str {
        match self {
            Origin::Fr => "fr",
            Origin::Eu => "eu",
            Origin::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ResultLine {
    pub metric: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ambassador {
    pub name: String,
    pub role: String,
    pub kind: String,
    pub region: String,
    pub organisation: String,
    pub updated: Date,
    pub sectors: Vec<String>,
    pub photo: Option<String>,
    pub contact_url: Option<String>,
    /// An invented person, for illustration (`fictional: true`): never
    /// presented as real (label on every page that shows them, no
    /// schema.org `Person`, a flag in the exports).
    pub fictional: bool,
}

impl Document {
    /// Whether `other` differs from this document only in its body: what
    /// other pages show of a page (its card, its title in links, its
    /// facets and references) comes from the front matter alone.
    pub fn same_front_matter(&self, other: &Document) -> bool {
        self.id == other.id
            && self.lang == other.lang
            && self.slug == other.slug
            && self.draft == other.draft
            && self.search == other.search
            && self.weight == other.weight
            && self.title == other.title
            && self.summary == other.summary
            && self.fields == other.fields
            && self.path == other.path
            && self.layer == other.layer
    }

    /// Whether the page presents an invented person or case (`fictional: true`).
    pub fn fictional(&self) -> bool {
        match &self.fields {
            Fields::UseCase(u) => u.fictional,
            Fields::Ambassador(a) => a.fictional,
            Fields::Module(_) | Fields::Page => false,
        }
    }

    /// Every reference of the page's front matter, with its field.
    pub fn references(&self) -> Vec<(ReferenceKind, &Reference)> {
        match &self.fields {
            Fields::Module(m) => m
                .prerequisites
                .iter()
                .map(|r| (ReferenceKind::Prerequisites, r))
                .collect(),
            Fields::UseCase(u) => u
                .related_modules
                .iter()
                .map(|r| (ReferenceKind::RelatedModules, r))
                .chain(
                    u.ambassadors
                        .iter()
                        .map(|r| (ReferenceKind::Ambassadors, r)),
                )
                .collect(),
            Fields::Ambassador(_) | Fields::Page => Vec::new(),
        }
    }

    /// Date of last update, for feeds and sitemaps (free pages have none).
    pub fn updated(&self) -> Option<Date> {
        match &self.fields {
            Fields::Module(m) => Some(m.updated),
            Fields::UseCase(u) => Some(u.updated),
            Fields::Ambassador(a) => Some(a.updated),
            Fields::Page => None,
        }
    }

    /// Every `(vocabulary, key)` this page is filed under, in the order of
    /// its fields.
    pub fn terms(&self) -> Vec<(Vocabulary, &str)> {
        use std::slice::from_ref as one;
        use Vocabulary::*;
        let fields: Vec<(Vocabulary, &[String])> = match &self.fields {
            Fields::Module(m) => vec![
                (Audiences, &m.audiences),
                (Levels, one(&m.level)),
                (Formats, one(&m.format)),
                (CompanySizes, &m.company_sizes),
                (Sectors, &m.sectors),
            ],
            Fields::UseCase(u) => vec![
                (Sectors, one(&u.sector)),
                (CompanySizes, one(&u.company_size)),
                (Regions, one(&u.region)),
                (AiTechniques, &u.ai_techniques),
                (Funding, &u.funding),
            ],
            Fields::Ambassador(a) => vec![
                (AmbassadorKinds, one(&a.kind)),
                (Regions, one(&a.region)),
                (Sectors, &a.sectors),
            ],
            Fields::Page => Vec::new(),
        };
        fields
            .into_iter()
            .flat_map(|(v, keys)| keys.iter().map(move |k| (v, k.as_str())))
            .collect()
    }

    /// Every `(facet, key)` this page is filed under: [`Document::terms`]
    /// by facet name, as listing jobs and search documents carry them.
    pub fn facets(&self) -> Vec<(&'static str, &str)> {
        self.terms()
            .into_iter()
            .map(|(v, k)| (v.facet(), k))
            .collect()
    }
}

/// The vocabularies offered as facets of each collection's listings, in
/// display order.
pub fn vocabularies_of(c: Collection) -> &'static [Vocabulary] {
    use Vocabulary::*;
    match c {
        Collection::Modules => &[Audiences, Levels, Formats, CompanySizes, Sectors],
        Collection::UseCases => &[Sectors, Regions, CompanySizes, AiTechniques, Funding],
        Collection::Ambassadors => &[Regions, Sectors, AmbassadorKinds],
        Collection::Pages => &[],
    }
}
