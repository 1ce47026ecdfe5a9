//! `listing` (list.html), `home` (index.html) and `sitemap` (sitemap.html).

use super::{vars, CardRef};

vars! {
    /// A collection listing or a facet page, one page of it.
    pub struct ListingVars<'a> {
        /// collection: `modules`, `use-cases`, `ambassadors`
        pub kind: &'static str,
        /// heading: the collection name, or "collection — facet: value" on a facet page
        pub title: String,
        /// URL of the unfiltered listing
        pub collection_url: String,
        /// set on a facet page
        pub active: Option<ActiveFacet>,
        /// this page of the listing
        pub items: Vec<CardRef<'a>>,
        /// number of items over all pages
        pub total: usize,
        /// the pages of the listing
        pub paginator: Paginator,
        /// every facet of the collection with every value in use and its
        /// count (each value links to its static facet page)
        pub facets: Vec<FacetVars>,
        /// only for ambassadors: for `partials/france-map.html`
        pub map: Option<MapVars>,
        /// on page 1 of an audience's page of modules
        /// (`/fr/formations/public/<audience>/`), else null: the learning path
        pub path: Option<PathVars>,
        /// how many items of this listing (all its pages) are invented (`fictional: true`)
        pub fictional: usize,
        /// Atom feed
        pub feed_url: String,
    }
}

vars! {
    /// The facet value a facet page lists.
    pub struct ActiveFacet {
        /// the facet's name (`sector`)
        pub facet: String,
        /// the facet's name in `lang`
        pub facet_label: String,
        /// the value's key
        pub key: String,
        /// the value's label in `lang`
        pub label: String,
    }
}

vars! {
    /// The pages of a listing.
    pub struct Paginator {
        /// this page's number, from 1
        pub current: usize,
        /// how many pages
        pub total_pages: usize,
        /// URL of the previous page
        pub prev: Option<String>,
        /// URL of the next page
        pub next: Option<String>,
        /// every page
        pub pages: Vec<PageNumber>,
    }
}

vars! {
    /// One page of a listing, in the paginator.
    pub struct PageNumber {
        /// its number
        pub number: usize,
        /// its URL
        pub url: String,
        /// whether it is this page
        pub current: bool,
    }
}

vars! {
    /// A facet of a collection, with its values.
    pub struct FacetVars {
        /// its name (`sector`)
        pub name: &'static str,
        /// its name in `lang`
        pub label: String,
        /// its values in use
        pub values: Vec<FacetValue>,
    }
}

vars! {
    /// A value of a facet.
    pub struct FacetValue {
        /// its key
        pub key: String,
        /// its label in `lang`
        pub label: String,
        /// its facet page
        pub url: String,
        /// how many pages have it
        pub count: usize,
        /// whether this facet page lists it
        pub current: bool,
    }
}

vars! {
    /// The map of the directory of ambassadors.
    pub struct MapVars {
        /// every region
        pub regions: Vec<MapRegion>,
        /// how many profiles are invented, in all
        pub fictional: usize,
        /// how many profiles, in all
        pub total: usize,
    }
}

vars! {
    /// A region of the map.
    pub struct MapRegion {
        /// its key
        pub key: String,
        /// its label in `lang`
        pub label: String,
        /// how many ambassadors
        pub count: usize,
        /// how many of them are invented
        pub fictional: usize,
        /// its page of the directory
        pub url: String,
        /// whether this page is about it (or, on a regional edition's
        /// directory, it is the edition's region)
        pub current: bool,
    }
}

vars! {
    /// A learning path: the audience's modules and, before them, the
    /// modules they require, in prerequisite order, ties by level (in the
    /// order of the `levels` vocabulary), then weight, then title.
    pub struct PathVars {
        /// the audience's label
        pub audience: String,
        /// the modules in order
        pub steps: Vec<PathStep>,
        /// the total duration
        pub total_minutes: u32,
        /// the same, in words
        pub total_human: String,
    }
}

vars! {
    /// One module of a learning path.
    pub struct PathStep {
        /// its id
        pub id: String,
        /// its title
        pub title: String,
        /// its URL
        pub url: String,
        /// its language
        pub lang: String,
        /// false when shown in another language
        pub translated: bool,
        /// its duration
        pub duration_minutes: u32,
        /// the same, in words
        pub duration_human: String,
        /// its level's label
        pub level: String,
        /// false for a module meant for other audiences (required by one that is not)
        pub for_audience: bool,
    }
}

vars! {
    /// The home page of a language.
    pub struct HomeVars<'a> {
        /// entry points per audience: modules for that audience
        pub audiences: Vec<AudienceEntry>,
        /// the latest modules
        pub latest_modules: Vec<CardRef<'a>>,
        /// the latest use cases
        pub latest_use_cases: Vec<CardRef<'a>>,
        /// the default theme describes the use cases and the directory by
        /// these: real sheets, invented examples, or both
        pub counts: HomeCounts,
        /// the collections
        pub collections: Vec<CollectionEntry>,
        /// null on the national edition; on a regional edition, its region,
        /// so the home page puts the region first
        pub region: Option<HomeRegion<'a>>,
    }
}

vars! {
    /// An audience, on the home page.
    pub struct AudienceEntry {
        /// its key
        pub key: String,
        /// its label in `lang`
        pub label: String,
        /// its page of modules
        pub url: String,
        /// how many modules
        pub count: usize,
    }
}

vars! {
    /// How many pages of each kind a language lists.
    pub struct HomeCounts {
        /// modules
        pub modules: usize,
        /// use cases
        pub use_cases: usize,
        /// ambassadors
        pub ambassadors: usize,
        /// invented use cases
        pub fictional_use_cases: usize,
        /// invented ambassadors
        pub fictional_ambassadors: usize,
    }
}

vars! {
    /// A collection, on the home page.
    pub struct CollectionEntry {
        /// `modules`, `use-cases` or `ambassadors`
        pub kind: &'static str,
        /// its name in `lang`
        pub label: String,
        /// its listing
        pub url: String,
        /// how many pages
        pub count: usize,
    }
}

vars! {
    /// The region of a regional edition, on its home page.
    pub struct HomeRegion<'a> {
        /// its key
        pub key: String,
        /// its label in `lang`
        pub label: String,
        /// its ambassadors
        pub ambassadors: Vec<CardRef<'a>>,
        /// its use cases
        pub use_cases: Vec<CardRef<'a>>,
        /// its page of the directory
        pub ambassadors_url: String,
        /// its page of use cases
        pub use_cases_url: String,
        /// the search page, narrowed to it
        pub search_url: String,
    }
}

vars! {
    /// The HTML site map of a language.
    pub struct SitemapVars {
        /// one section per collection and one for free pages
        pub sections: Vec<SitemapSection>,
    }
}

vars! {
    /// A section of the site map.
    pub struct SitemapSection {
        /// its heading
        pub title: String,
        /// its listing
        pub url: String,
        /// its pages
        pub items: Vec<SitemapItem>,
    }
}

vars! {
    /// A page in the site map.
    pub struct SitemapItem {
        /// its title
        pub title: String,
        /// its URL
        pub url: String,
        /// as for cards
        pub fictional: bool,
        /// as for cards
        pub fictional_label: Option<String>,
    }
}
