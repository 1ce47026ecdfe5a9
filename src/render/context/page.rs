//! `page` (module.html, use-case.html, ambassador.html, page.html) and the
//! shapes pages and listings share: term, link, card.

use std::borrow::Cow;

use super::vars;
use crate::content::ResultLine;
use crate::render::markdown::TocEntry;

vars! {
    /// A vocabulary value.
    pub struct Term as "term" {
        /// its key
        pub key: String,
        /// its label in `lang`
        pub label: String,
        /// the URL of its facet page (the listing of that value)
        pub url: String,
    }
}

vars! {
    /// A referenced page.
    pub struct Link as "link" {
        /// its id
        pub id: String,
        /// its title
        pub title: String,
        /// its URL
        pub url: String,
        /// false when it is shown in another language because `lang` has no translation
        pub translated: bool,
        /// its language
        pub lang: String,
        /// true for an invented person or case (`fictional: true`)
        pub fictional: bool,
        /// then the label to show (« Profil fictif », « Cas fictif »…, in
        /// the language of the linked page), null otherwise
        pub fictional_label: Option<String>,
    }
}

vars! {
    /// A page shown in a list.
    pub struct Card as "card" {
        /// its id
        pub id: String,
        /// `modules`, `use-cases`, `ambassadors` or `pages`
        pub kind: &'static str,
        /// its URL
        pub url: String,
        /// its title
        pub title: String,
        /// its summary (empty when it has none)
        pub summary: String,
        /// `YYYY-MM-DD`, null for free pages
        pub updated: Option<String>,
        /// the same, localized
        pub updated_human: Option<String>,
        /// its language: differs from the page's `lang` when shown
        /// untranslated (mark it with `lang=` on the element)
        pub lang: String,
        /// level, format, sector, region, kind… whichever the collection has
        pub terms: Vec<Term>,
        /// a short line: duration for modules, organisation for use cases,
        /// role and organisation for ambassadors
        pub extra: String,
        /// as for links
        pub fictional: bool,
        /// as for links
        pub fictional_label: Option<String>,
    }
}

/// A card, borrowed from those built once per build, or made for the occasion.
pub type CardRef<'a> = Cow<'a, Card>;

vars! {
    /// The page a page template renders. A module, a use case or an
    /// ambassador has the fields of its collection as well (below); a free
    /// page has only these.
    pub struct PageVars<'a> {
        /// its id (`modules/prompt`)
        pub id: String,
        /// its collection: `modules`, `use-cases`, `ambassadors` or `pages`
        pub kind: &'static str,
        /// the last part of its URL: its `slug:` field, else its file's name
        pub slug: &'a str,
        /// its URL
        pub url: &'a str,
        /// its absolute URL
        pub permalink: String,
        /// its language
        pub lang: &'a str,
        /// its title
        pub title: &'a str,
        /// its summary
        pub summary: Option<&'a str>,
        /// the body, rendered to HTML: print with `| safe`
        pub content: &'a str,
        /// the `##` and `###` headings
        pub toc: &'a [TocEntry],
        /// `YYYY-MM-DD`, null for free pages
        pub updated: Option<String>,
        /// the same, localized
        pub updated_human: Option<String>,
        /// its tags
        pub tags: &'a [String],
        /// as for cards: an invented ambassador or use case must show its
        /// label; the default theme also prints
        /// `t.fictional_ambassador_note` / `t.fictional_use_case_note` and
        /// hides an invented ambassador's contact link
        pub fictional: bool,
        /// as for cards
        pub fictional_label: Option<String>,
        /// the fields of its collection (below)
        #[serde(flatten)]
        pub fields: KindVars<'a>,
    }
}

/// The fields of a page that depend on its collection.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(untagged)]
pub enum KindVars<'a> {
    Module(ModuleVars<'a>),
    UseCase(UseCaseVars<'a>),
    Ambassador(AmbassadorVars<'a>),
    /// A free page has no other field.
    Page {},
}

impl super::Shape for KindVars<'_> {
    fn shape() -> String {
        "the fields of its collection".into()
    }
}

vars! {
    /// The fields of a module (module.html).
    pub struct ModuleVars<'a> {
        /// who it is for
        pub audiences: Vec<Term>,
        /// its level
        pub level: Term,
        /// its duration
        pub duration_minutes: u32,
        /// its duration, in words
        pub duration_human: String,
        /// its format
        pub format: Term,
        /// what a learner will be able to do
        pub objectives: &'a [String],
        /// the sizes of company it suits
        pub company_sizes: Vec<Term>,
        /// the sectors it suits
        pub sectors: Vec<Term>,
        /// the modules to follow first
        pub prerequisites: Vec<Link>,
        /// who gives it
        pub provider: Option<&'a str>,
        /// the modules that list it as a prerequisite
        pub required_by: Vec<CardRef<'a>>,
        /// the use cases that use this module
        pub use_cases: Vec<CardRef<'a>>,
    }
}

vars! {
    /// The fields of a use case (use-case.html).
    pub struct UseCaseVars<'a> {
        /// its sector
        pub sector: Term,
        /// the size of the company
        pub company_size: Term,
        /// its region
        pub region: Term,
        /// the organisation
        pub organisation: &'a str,
        /// the techniques used
        pub ai_techniques: Vec<Term>,
        /// the solution used
        pub solution: Option<SolutionVars<'a>>,
        /// what it achieved
        pub results: &'a [ResultLine],
        /// how it was funded
        pub funding: Vec<Term>,
        /// the modules it draws on
        pub related_modules: Vec<Link>,
        /// the ambassadors it names
        pub ambassadors: Vec<Link>,
        /// true when every ambassador it names is invented: the default
        /// theme then titles the section « Exemples de profils
        /// d’ambassadeurs » rather than « Ambassadeurs à contacter »
        pub ambassadors_fictional: bool,
    }
}

vars! {
    /// The solution a use case uses.
    pub struct SolutionVars<'a> {
        /// its name
        pub name: &'a str,
        /// who makes it
        pub vendor: Option<&'a str>,
        /// `fr`, `eu` or `other`
        pub origin: &'static str,
        /// the origin in words (`t.origin_<origin>`)
        pub origin_label: String,
    }
}

vars! {
    /// The fields of an ambassador (ambassador.html).
    pub struct AmbassadorVars<'a> {
        /// their name
        pub name: &'a str,
        /// their role
        pub role: &'a str,
        /// the kind of ambassador
        pub ambassador_kind: Term,
        /// their region
        pub region: Term,
        /// their organisation
        pub organisation: &'a str,
        /// the sectors they know
        pub sectors: Vec<Term>,
        /// URL of their photo
        pub photo: Option<String>,
        /// how to contact them
        pub contact_url: Option<&'a str>,
        /// the use cases naming them
        pub use_cases: Vec<CardRef<'a>>,
        /// the other ambassadors of their region
        pub region_ambassadors: Vec<CardRef<'a>>,
        /// the directory of their region
        pub region_url: String,
    }
}
