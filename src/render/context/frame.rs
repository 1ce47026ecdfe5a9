//! The variables every template receives: those of its language
//! ([`Common`], built once per language) and those of the page being
//! rendered ([`Frame`]).

use std::collections::BTreeMap;

use super::vars;

vars! {
    /// What every template of one language receives, whatever the page.
    pub struct Common<'a> {
        /// language code of the page (`fr`, `en`, `br`…)
        pub lang: &'a str,
        /// UI strings of `lang`: `{{ t.skip_link }}`; a key missing from the
        /// language's i18n file is a build error naming the key and the language
        pub t: &'a BTreeMap<String, String>,
        /// the site (see below)
        pub site: SiteVars<'a>,
        /// URLs of the theme's assets (see below)
        pub assets: &'a Assets,
        /// what the search templates need (see `partials/search-form.html`)
        pub search: &'a serde_json::Value,
        /// the pages a French public site must link from every page:
        /// accessibility statement, legal notice, personal data, site map,
        /// plus about and contributing when they exist
        pub footer_links: Vec<FooterLink>,
        /// Atom feed of the language
        pub feed_url: String,
    }
}

vars! {
    /// The site, in the page's language.
    pub struct SiteVars<'a> {
        /// site title in `lang`
        pub title: String,
        /// absolute base URL without trailing slash, e.g. `https://academie-ia.example.fr`
        pub base_url: &'a str,
        /// path prefix with slashes on both sides, `/` or `/academie/`
        pub base_path: &'a str,
        /// the site's default language (that of `/404.html`)
        pub default_language: &'a str,
        /// every language of the site, in switcher order; `name` is the
        /// language's own name (`t.language_name` of that language), `url`
        /// its home page
        pub languages: Vec<LanguageVars>,
        /// set for a regional edition
        pub edition: Option<EditionVars>,
        /// year of the build (for the footer)
        pub year: i32,
        /// URL of the logo set by `brand.logo` in academie.yaml
        pub brand_logo: Option<String>,
    }
}

vars! {
    /// URLs of the theme's fingerprinted assets.
    #[derive(Default)]
    pub struct Assets {
        /// URL of the theme stylesheet (content-hashed)
        pub style: String,
        /// URL of the code-highlighting stylesheet (light and dark)
        pub highlight: String,
        /// URL of the small site script (language redirect, search loader),
        /// loaded with `defer`; the site works without it
        pub script: String,
        /// URL of the stylesheet made from `brand:` colours in academie.yaml
        /// (linked after `assets.style`)
        pub brand: Option<String>,
    }
}

vars! {
    /// One language of the site.
    pub struct LanguageVars {
        /// its code
        pub code: String,
        /// its own name
        pub name: String,
        /// its home page
        pub url: String,
    }
}

vars! {
    /// A regional edition.
    pub struct EditionVars {
        /// the edition's name in `lang`
        pub name: String,
        /// the key of its region
        pub region: String,
        /// the label of its region in `lang`
        pub region_label: String,
    }
}

vars! {
    /// A link of the footer.
    pub struct FooterLink {
        /// its text
        pub label: String,
        /// its URL
        pub url: String,
    }
}

vars! {
    /// What every template receives about the page it renders.
    pub struct Frame {
        /// URL of this page
        pub current_url: String,
        /// absolute URL of this page
        pub permalink: String,
        /// the text for `<title>` (page title, then site title)
        pub page_title: String,
        /// meta description / Open Graph description
        pub description: String,
        /// `website`, `article` or `profile`
        pub og_type: &'static str,
        /// every language version of this page, itself included (for `hreflang`)
        pub alternates: Vec<Alternate>,
        /// language switcher; where the page has no translation in that
        /// language, `url` is that language's collection page and
        /// `translated` is false
        pub switcher: Vec<SwitcherItem>,
        /// main navigation
        pub nav: Vec<NavItem>,
        /// schema.org JSON-LD, already serialised and safe to print with
        /// `| safe` inside `<script type="application/ld+json">`
        pub jsonld: Option<String>,
    }
}

vars! {
    /// A language version of the page.
    pub struct Alternate {
        /// its language
        pub lang: String,
        /// its URL
        pub url: String,
        /// its absolute URL
        pub permalink: String,
    }
}

vars! {
    /// An entry of the language switcher.
    pub struct SwitcherItem {
        /// the language's code
        pub lang: String,
        /// the language's own name
        pub name: String,
        /// where it leads
        pub url: String,
        /// whether it is the page's language
        pub current: bool,
        /// whether the page exists in that language
        pub translated: bool,
    }
}

vars! {
    /// An entry of the main navigation.
    pub struct NavItem {
        /// its text
        pub label: String,
        /// its URL
        pub url: String,
        /// whether the page is in that section
        pub current: bool,
    }
}

vars! {
    /// The 404 page speaks every language of the site, each in its own words.
    pub struct NotFoundVars<'a> {
        /// the UI strings of every language, by language code
        pub all_t: BTreeMap<String, &'a BTreeMap<String, String>>,
    }
}
