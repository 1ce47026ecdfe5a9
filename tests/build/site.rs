//! Builds the bilingual fixture site `tests/fixtures/site` with the real
//! binary and checks what a visitor (or a crawler, or an open-data portal)
//! gets: pages at their URLs, languages and alternates, the language
//! switcher, references in both directions, facets, pagination, drafts,
//! feeds, sitemap, exports, JSON-LD, and the safety properties of the HTML.
//!
//! The fixture: modules `bases-de-l-ia` (en slug `ai-basics`),
//! `prompts-avances` (en `advanced-prompts`, prerequisite: bases-de-l-ia),
//! `module-francais` (French only) and the draft `brouillon`; use cases
//! `boulangerie` (en `bakery`, region 53) and `mairie` (en `town-hall`,
//! region 11); ambassadors jeanne-martin and paul-durand (region 53) and
//! lea-petit (region 11); pages `a-propos` (en `about`) and `accessibilite`
//! (en `accessibility`).

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use scraper::Html;

const BASE: &str = "https://essai.example.org";

/// The fixture built once (without drafts) for all the read-only tests.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let site = Site::fixture_at("site", "build_site-fixture");
        site.build(&[]).assert_ok();
        site.out()
    })
}

/// Distinct item links of a listing: hrefs in `<main>` of the form
/// `<collection_url><slug>/` (one segment, not a facet or a page number).
fn items(doc: &Html, collection_url: &str) -> BTreeSet<String> {
    attrs(doc, "main a[href]", "href")
        .into_iter()
        .filter(|h| {
            h.strip_prefix(collection_url).is_some_and(|rest| {
                let seg = rest.trim_end_matches('/');
                rest.ends_with('/') && !seg.is_empty() && !seg.contains('/')
            })
        })
        .collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn main_hrefs(doc: &Html) -> Vec<String> {
    attrs(doc, "main a[href]", "href")
}

fn assert_links_to(doc: &Html, url: &str, what: &str) {
    let hrefs = main_hrefs(doc);
    assert!(
        hrefs.iter().any(|h| h == url),
        "{what}: expected a link to {url} in <main>, found {hrefs:#?}"
    );
}

fn assert_no_link_to(doc: &Html, url: &str, what: &str) {
    let hrefs = main_hrefs(doc);
    assert!(
        !hrefs.iter().any(|h| h == url),
        "{what}: expected NO link to {url} in <main>, found {hrefs:#?}"
    );
}

const PAGES: &[&str] = &[
    "/fr/",
    "/en/",
    "/fr/formations/",
    "/en/modules/",
    "/fr/cas-usage/",
    "/en/use-cases/",
    "/fr/ambassadeurs/",
    "/en/ambassadors/",
    "/fr/formations/bases-de-l-ia/",
    "/en/modules/ai-basics/",
    "/fr/formations/prompts-avances/",
    "/en/modules/advanced-prompts/",
    "/fr/formations/module-francais/",
    "/fr/cas-usage/boulangerie/",
    "/en/use-cases/bakery/",
    "/fr/cas-usage/mairie/",
    "/en/use-cases/town-hall/",
    "/fr/ambassadeurs/jeanne-martin/",
    "/en/ambassadors/jeanne-martin/",
    "/fr/ambassadeurs/paul-durand/",
    "/fr/ambassadeurs/lea-petit/",
    "/en/ambassadors/lea-petit/",
    "/fr/a-propos/",
    "/en/about/",
    "/fr/accessibilite/",
    "/en/accessibility/",
    "/fr/formations/niveau/decouverte/",
    "/en/modules/level/decouverte/",
    "/fr/cas-usage/region/53/",
    "/fr/ambassadeurs/region/53/",
    "/fr/plan-du-site/",
    "/en/sitemap/",
];

#[test]
fn every_page_exists_at_its_url() {
    let out = out();
    let missing: Vec<&str> = PAGES
        .iter()
        .copied()
        .filter(|u| !url_to_file(out, u).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "pages missing from the output: {missing:#?}"
    );
    for f in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "fr/atom.xml",
        "en/atom.xml",
        "data/catalogue.json",
        "data/datapackage.json",
        "data/fr/modules.csv",
        "data/fr/modules.schema.json",
        "data/en/use-cases.csv",
        "data/en/ambassadors.schema.json",
    ] {
        assert!(out.join(f).is_file(), "/{f} should exist");
    }
    // The untranslated module has no English page under any slug.
    assert!(!out.join("en/modules/module-francais").exists());
}

#[test]
fn html_lang_is_the_language_of_the_page() {
    let out = out();
    for rel in html_files(out) {
        let first = rel.iter().next().unwrap().to_string_lossy().to_string();
        let expected = match first.as_str() {
            "fr" => "fr",
            "en" => "en",
            _ => continue,
        };
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&rel)).unwrap());
        let lang = attrs(&doc, "html", "lang");
        assert_eq!(
            lang,
            vec![expected.to_string()],
            "<html lang> of {}",
            rel.display()
        );
    }
}

/// hreflang of `<link rel=alternate>` (x-default excluded) → href.
fn alternates(doc: &Html) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = doc
        .select(&sel(r#"head link[rel="alternate"][hreflang]"#))
        .filter_map(|e| {
            let l = e.value().attr("hreflang")?;
            let href = e.value().attr("href")?;
            (l != "x-default").then(|| (l.to_string(), href.to_string()))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn hreflang_alternates_list_exactly_the_existing_translations() {
    let out = out();
    let both = vec![
        ("en".to_string(), format!("{BASE}/en/modules/ai-basics/")),
        (
            "fr".to_string(),
            format!("{BASE}/fr/formations/bases-de-l-ia/"),
        ),
    ];
    assert_eq!(
        alternates(&page(out, "/fr/formations/bases-de-l-ia/")),
        both
    );
    assert_eq!(alternates(&page(out, "/en/modules/ai-basics/")), both);

    assert_eq!(
        alternates(&page(out, "/fr/formations/module-francais/")),
        vec![(
            "fr".to_string(),
            format!("{BASE}/fr/formations/module-francais/")
        )],
        "a page without English translation has no English alternate"
    );
    assert_eq!(
        alternates(&page(out, "/en/use-cases/town-hall/")),
        vec![
            ("en".to_string(), format!("{BASE}/en/use-cases/town-hall/")),
            ("fr".to_string(), format!("{BASE}/fr/cas-usage/mairie/")),
        ]
    );
    assert_eq!(
        alternates(&page(out, "/fr/a-propos/")),
        vec![
            ("en".to_string(), format!("{BASE}/en/about/")),
            ("fr".to_string(), format!("{BASE}/fr/a-propos/")),
        ]
    );
    // x-default, when given, points to the default language.
    for url in ["/en/modules/ai-basics/", "/fr/formations/module-francais/"] {
        for h in attrs(&page(out, url), r#"link[hreflang="x-default"]"#, "href") {
            assert!(
                h.starts_with(&format!("{BASE}/fr/")),
                "x-default of {url}: {h}"
            );
        }
    }
}

/// The language switcher's links: hreflang → (href, text).
fn switcher(doc: &Html) -> Vec<(String, String, String)> {
    doc.select(&sel("nav a[hreflang]"))
        .map(|a| {
            (
                a.value().attr("hreflang").unwrap().to_string(),
                a.value().attr("href").unwrap_or("").to_string(),
                collapse(&a.text().collect::<String>()),
            )
        })
        .collect()
}

#[test]
fn language_switcher_goes_to_the_translation() {
    let out = out();
    let fr = switcher(&page(out, "/fr/formations/bases-de-l-ia/"));
    assert!(
        fr.iter()
            .any(|(l, h, _)| l == "en" && h == "/en/modules/ai-basics/"),
        "French page → English translation (its own slug): {fr:?}"
    );
    let en = switcher(&page(out, "/en/modules/ai-basics/"));
    assert!(
        en.iter()
            .any(|(l, h, _)| l == "fr" && h == "/fr/formations/bases-de-l-ia/"),
        "English page → French page: {en:?}"
    );
    let uc = switcher(&page(out, "/fr/cas-usage/mairie/"));
    assert!(
        uc.iter()
            .any(|(l, h, _)| l == "en" && h == "/en/use-cases/town-hall/"),
        "{uc:?}"
    );
    let home = switcher(&page(out, "/fr/"));
    assert!(
        home.iter().any(|(l, h, _)| l == "en" && h == "/en/"),
        "{home:?}"
    );
}

#[test]
fn language_switcher_on_an_untranslated_page_goes_to_the_collection_and_says_so() {
    let out = out();
    let doc = page(out, "/fr/formations/module-francais/");
    let sw = switcher(&doc);
    let en: Vec<_> = sw.iter().filter(|(l, _, _)| l == "en").collect();
    assert_eq!(en.len(), 1, "one English entry in the switcher: {sw:?}");
    let (_, href, label) = en[0];
    assert_eq!(href, "/en/modules/", "goes to the English modules listing");
    assert!(
        label.contains("non traduite") || label.contains("not translated"),
        "the switcher says the page is not translated: {label:?}"
    );
}

#[test]
fn taxonomy_labels_are_in_the_language_of_the_page() {
    let out = out();
    let fr = text(&page(out, "/fr/formations/bases-de-l-ia/"), "main").unwrap();
    for l in [
        "Découverte",
        "En ligne, à son rythme",
        "Dirigeants de TPE et PME",
        "Salariés",
        "TPE (moins de 10 salariés)",
        "Commerce et distribution",
    ] {
        assert!(fr.contains(l), "French module page shows {l:?}");
    }
    let en = text(&page(out, "/en/modules/ai-basics/"), "main").unwrap();
    for l in [
        "Beginner",
        "Online, self-paced",
        "Small-business owners",
        "Employees",
        "Micro-business (under 10 staff)",
        "Retail and distribution",
    ] {
        assert!(en.contains(l), "English module page shows {l:?}");
    }
    for l in ["Découverte", "Salariés", "Commerce et distribution"] {
        assert!(
            !en.contains(l),
            "English module page must not show the French label {l:?}"
        );
    }
    let uc_fr = text(&page(out, "/fr/cas-usage/boulangerie/"), "main").unwrap();
    for l in [
        "Bretagne",
        "IA générative",
        "TPE (moins de 10 salariés)",
        "Solution française",
    ] {
        assert!(uc_fr.contains(l), "French use case shows {l:?}");
    }
    let uc_en = text(&page(out, "/en/use-cases/bakery/"), "main").unwrap();
    for l in [
        "Brittany",
        "Generative AI",
        "Micro-business (under 10 staff)",
        "French solution",
        "Retail and distribution",
    ] {
        assert!(uc_en.contains(l), "English use case shows {l:?}");
    }
    let amb_en = text(&page(out, "/en/ambassadors/jeanne-martin/"), "main").unwrap();
    assert!(
        amb_en.contains("Brittany") && amb_en.contains("Regional"),
        "{amb_en}"
    );
}

#[test]
fn module_page_links_prerequisites_and_reverse_links() {
    let out = out();
    let p = page(out, "/fr/formations/prompts-avances/");
    assert_links_to(&p, "/fr/formations/bases-de-l-ia/", "prerequisite, fr");
    let p = page(out, "/en/modules/advanced-prompts/");
    assert_links_to(
        &p,
        "/en/modules/ai-basics/",
        "prerequisite, en (translated slug)",
    );

    // Reverse links on the prerequisite: the module that requires it and
    // the use case that uses it.
    let b = page(out, "/fr/formations/bases-de-l-ia/");
    assert_links_to(&b, "/fr/formations/prompts-avances/", "required by");
    assert_links_to(
        &b,
        "/fr/cas-usage/boulangerie/",
        "use cases that use this module",
    );
    assert_no_link_to(
        &b,
        "/fr/cas-usage/mairie/",
        "mairie does not use bases-de-l-ia",
    );
    let b = page(out, "/en/modules/ai-basics/");
    assert_links_to(
        &b,
        "/en/use-cases/bakery/",
        "use cases that use this module, en",
    );
}

#[test]
fn use_case_page_links_modules_and_ambassadors() {
    let out = out();
    let p = page(out, "/fr/cas-usage/boulangerie/");
    assert_links_to(&p, "/fr/formations/bases-de-l-ia/", "related module");
    assert_links_to(&p, "/fr/formations/prompts-avances/", "related module");
    assert_links_to(&p, "/fr/ambassadeurs/jeanne-martin/", "ambassador");
    let p = page(out, "/en/use-cases/bakery/");
    assert_links_to(&p, "/en/modules/ai-basics/", "related module, en");
    assert_links_to(&p, "/en/ambassadors/jeanne-martin/", "ambassador, en");
    // A related module without English translation is linked in French.
    let p = page(out, "/en/use-cases/town-hall/");
    assert_links_to(
        &p,
        "/fr/formations/module-francais/",
        "untranslated related module",
    );
    assert_links_to(&p, "/en/ambassadors/lea-petit/", "ambassador, en");
}

#[test]
fn ambassador_page_links_use_cases_and_region() {
    let out = out();
    let p = page(out, "/fr/ambassadeurs/jeanne-martin/");
    assert_links_to(
        &p,
        "/fr/cas-usage/boulangerie/",
        "use case naming the ambassador",
    );
    assert_links_to(
        &p,
        "/fr/ambassadeurs/paul-durand/",
        "other ambassador of region 53",
    );
    assert_no_link_to(
        &p,
        "/fr/ambassadeurs/lea-petit/",
        "lea-petit is in region 11",
    );
    assert_links_to(&p, "/fr/ambassadeurs/region/53/", "directory of the region");
    let p = page(out, "/en/ambassadors/paul-durand/");
    assert_links_to(
        &p,
        "/en/ambassadors/jeanne-martin/",
        "other ambassador of region 53, en",
    );
    assert_links_to(
        &p,
        "/en/ambassadors/region/53/",
        "directory of the region, en",
    );
}

#[test]
fn id_links_resolve_per_language_with_their_anchor() {
    let out = out();
    let fr = page(out, "/fr/formations/bases-de-l-ia/");
    assert_links_to(
        &fr,
        "/fr/formations/prompts-avances/#exemples",
        "@/ link with #anchor, fr",
    );
    assert!(ids(&page(out, "/fr/formations/prompts-avances/")).contains("exemples"));
    let en = page(out, "/en/modules/ai-basics/");
    assert_links_to(
        &en,
        "/en/modules/advanced-prompts/#examples",
        "@/ link with #anchor, en",
    );
    assert!(ids(&page(out, "/en/modules/advanced-prompts/")).contains("examples"));
    assert_links_to(
        &page(out, "/fr/cas-usage/boulangerie/"),
        "/fr/formations/bases-de-l-ia/",
        "@/ link",
    );
    assert_links_to(
        &page(out, "/en/about/"),
        "/en/use-cases/town-hall/",
        "@/ link from a free page",
    );
    assert_links_to(
        &page(out, "/fr/a-propos/"),
        "/fr/cas-usage/mairie/",
        "@/ link from a free page",
    );
    for f in html_files(out) {
        let t = std::fs::read_to_string(out.join(&f)).unwrap();
        assert!(
            !t.contains("href=\"@/"),
            "{} keeps an unresolved @/ link",
            f.display()
        );
    }
}

#[test]
fn markdown_extensions_are_rendered() {
    let out = out();
    let doc = page(out, "/fr/formations/bases-de-l-ia/");
    assert!(
        doc.select(&sel("main table th")).count() >= 2,
        "table with a header row"
    );
    assert_eq!(
        texts(&doc, "main del"),
        vec!["barré".to_string()],
        "strikethrough"
    );
    let boxes: Vec<_> = doc.select(&sel(r#"main input[type="checkbox"]"#)).collect();
    assert_eq!(boxes.len(), 2, "task list");
    assert!(
        boxes.iter().all(|b| b.value().attr("disabled").is_some()),
        "task boxes are disabled"
    );
    assert_eq!(
        boxes
            .iter()
            .filter(|b| b.value().attr("checked").is_some())
            .count(),
        1
    );
    assert!(
        ids(&doc).contains("premiers-pas"),
        "heading id from the heading text"
    );
    // Footnote: the reference links to the definition, which contains the text.
    let page_ids = ids(&doc);
    let refs: Vec<String> = attrs(&doc, "main sup a[href^='#']", "href");
    assert!(!refs.is_empty(), "a footnote reference");
    for r in &refs {
        assert!(
            page_ids.contains(&r[1..]),
            "footnote reference {r} has a target"
        );
    }
    assert!(text(&doc, "main").unwrap().contains("Le texte de la note."));
}

#[test]
fn code_is_highlighted_with_classes_and_no_inline_style_anywhere() {
    let out = out();
    let doc = page(out, "/fr/formations/bases-de-l-ia/");
    let spans = doc.select(&sel("main pre code span[class]")).count();
    assert!(
        spans > 3,
        "the Python block is highlighted with class-based spans ({spans} spans)"
    );
    let mut with_style = Vec::new();
    for f in html_files(out) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        if doc.select(&sel("[style]")).next().is_some()
            || doc.select(&sel("style")).next().is_some()
        {
            with_style.push(f.display().to_string());
        }
    }
    assert!(
        with_style.is_empty(),
        "inline style= or <style> in: {with_style:#?}"
    );
    // The stylesheet of the highlighting is linked and exists.
    let css: Vec<String> = attrs(&doc, r#"link[rel="stylesheet"]"#, "href");
    assert!(css.len() >= 2, "theme and highlight stylesheets: {css:?}");
    for c in css {
        assert!(url_to_file(out, &c).is_file(), "stylesheet {c} exists");
    }
}

#[test]
fn no_inline_script_except_json_ld() {
    let out = out();
    let mut bad = Vec::new();
    for f in html_files(out) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        for s in doc.select(&sel("script")) {
            let v = s.value();
            if v.attr("src").is_none() && v.attr("type") != Some("application/ld+json") {
                bad.push(f.display().to_string());
            }
        }
    }
    assert!(bad.is_empty(), "inline <script> in: {bad:#?}");
}

#[test]
fn external_links_have_rel_noopener() {
    let out = out();
    let mut bad = Vec::new();
    for f in html_files(out) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        for a in doc.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            let external = (href.starts_with("http://") || href.starts_with("https://"))
                && !href.starts_with(BASE);
            if external {
                let rel = a.value().attr("rel").unwrap_or("");
                if !rel.split_whitespace().any(|r| r == "noopener") {
                    bad.push(format!(
                        "{}: <a href=\"{href}\" rel=\"{rel}\">",
                        f.display()
                    ));
                }
            }
        }
    }
    // The Markdown link of the fixture is checked in any case…
    let doc = page(out, "/fr/formations/bases-de-l-ia/");
    let md = doc
        .select(&sel(r#"main a[href="https://www.example.com/ressource"]"#))
        .next()
        .expect("the external Markdown link");
    assert!(md.value().attr("rel").unwrap_or("").contains("noopener"));
    // …and so is every other external link (contact links of ambassadors).
    assert!(
        bad.is_empty(),
        "external links without rel=noopener: {bad:#?}"
    );
}

#[test]
fn facet_pages_list_the_right_items() {
    let out = out();
    let m = "/fr/formations/";
    assert_eq!(
        items(&page(out, "/fr/formations/niveau/decouverte/"), m),
        set(&["/fr/formations/bases-de-l-ia/"])
    );
    assert_eq!(
        items(&page(out, "/fr/formations/public/salaries/"), m),
        set(&[
            "/fr/formations/bases-de-l-ia/",
            "/fr/formations/prompts-avances/"
        ])
    );
    assert_eq!(
        items(&page(out, "/fr/formations/"), m),
        set(&[
            "/fr/formations/bases-de-l-ia/",
            "/fr/formations/prompts-avances/",
            "/fr/formations/module-francais/",
        ]),
        "the unfiltered listing (draft excluded)"
    );
    assert_eq!(
        items(
            &page(out, "/en/modules/level/intermediaire/"),
            "/en/modules/"
        ),
        set(&["/en/modules/advanced-prompts/"])
    );
    let u = "/fr/cas-usage/";
    assert_eq!(
        items(&page(out, "/fr/cas-usage/region/53/"), u),
        set(&["/fr/cas-usage/boulangerie/"])
    );
    assert_eq!(
        items(&page(out, "/fr/cas-usage/secteur/collectivites/"), u),
        set(&["/fr/cas-usage/mairie/"])
    );
    assert_eq!(
        items(&page(out, "/fr/cas-usage/technique-ia/ia-generative/"), u),
        set(&["/fr/cas-usage/boulangerie/", "/fr/cas-usage/mairie/"])
    );
    assert_eq!(
        items(&page(out, "/fr/cas-usage/technique-ia/vision/"), u),
        set(&["/fr/cas-usage/mairie/"])
    );
    assert_eq!(
        items(&page(out, "/fr/cas-usage/taille-entreprise/tpe/"), u),
        set(&["/fr/cas-usage/boulangerie/"])
    );
    assert_eq!(
        items(&page(out, "/en/use-cases/region/11/"), "/en/use-cases/"),
        set(&["/en/use-cases/town-hall/"])
    );
    let a = "/fr/ambassadeurs/";
    assert_eq!(
        items(&page(out, "/fr/ambassadeurs/region/53/"), a),
        set(&[
            "/fr/ambassadeurs/jeanne-martin/",
            "/fr/ambassadeurs/paul-durand/"
        ])
    );
    assert_eq!(
        items(&page(out, "/fr/ambassadeurs/secteur/industrie/"), a),
        set(&["/fr/ambassadeurs/paul-durand/"])
    );
    assert_eq!(
        items(
            &page(out, "/fr/ambassadeurs/type-ambassadeur/grand-public/"),
            a
        ),
        set(&["/fr/ambassadeurs/lea-petit/"])
    );
}

/// The text of the link to `url` inside the facet navigation of a listing.
fn facet_link_text(doc: &Html, url: &str) -> String {
    doc.select(&sel("main nav a[href]"))
        .find(|a| a.value().attr("href") == Some(url))
        .map(|a| collapse(&a.text().collect::<String>()))
        .unwrap_or_else(|| panic!("no facet link to {url}"))
}

#[test]
fn facet_navigation_shows_every_facet_with_counts() {
    let out = out();
    let doc = page(out, "/fr/formations/");
    let t = facet_link_text(&doc, "/fr/formations/public/salaries/");
    assert!(
        t.contains("Salariés") && t.contains('2'),
        "salariés (2): {t:?}"
    );
    let t = facet_link_text(&doc, "/fr/formations/public/dirigeants/");
    assert!(
        t.contains('1') && !t.contains('2'),
        "dirigeants (1), the draft is not counted: {t:?}"
    );
    let t = facet_link_text(&doc, "/fr/formations/niveau/avance/");
    assert!(t.contains("Avancé") && t.contains('1'), "{t:?}");
    for url in [
        "/fr/formations/format/atelier/",
        "/fr/formations/taille-entreprise/tpe/",
        "/fr/formations/secteur/commerce/",
    ] {
        facet_link_text(&doc, url);
    }
    let doc = page(out, "/fr/cas-usage/");
    let t = facet_link_text(&doc, "/fr/cas-usage/technique-ia/ia-generative/");
    assert!(t.contains('2'), "{t:?}");
    for url in [
        "/fr/cas-usage/region/53/",
        "/fr/cas-usage/secteur/commerce/",
        "/fr/cas-usage/taille-entreprise/collectivite/",
    ] {
        facet_link_text(&doc, url);
    }
    let doc = page(out, "/fr/ambassadeurs/");
    let t = facet_link_text(&doc, "/fr/ambassadeurs/region/53/");
    assert!(t.contains('2'), "{t:?}");
    facet_link_text(&doc, "/fr/ambassadeurs/type-ambassadeur/sectoriel/");
    facet_link_text(&doc, "/fr/ambassadeurs/secteur/industrie/");
}

#[test]
fn pagination_splits_long_listings_by_24() {
    let site = Site::fixture("site");
    for i in 1..=30 {
        site.write(
            &format!("content/modules/genere-{i:02}.md"),
            format!(
                "---\ntitle: \"Module généré {i}\"\nsummary: \"Résumé {i}.\"\naudiences: [salaries]\n\
                 level: avance\nduration_minutes: {i}\nformat: atelier\nobjectives: [\"Objectif\"]\n\
                 updated: 2026-01-{:02}\n---\n\nCorps {i}.\n",
                (i % 28) + 1
            ),
        );
    }
    site.build(&[]).assert_ok();
    let out = site.out();
    let m = "/fr/formations/";
    let p1 = items(&page(&out, "/fr/formations/"), m);
    let p2 = items(&page(&out, "/fr/formations/page/2/"), m);
    assert_eq!(p1.len(), 24, "24 items on page 1");
    assert_eq!(p2.len(), 33 - 24, "the rest on page 2");
    assert!(p1.is_disjoint(&p2), "no item on two pages");
    assert!(
        !url_to_file(&out, "/fr/formations/page/3/").exists(),
        "no empty page 3"
    );
    assert!(hrefs(&page(&out, "/fr/formations/"))
        .iter()
        .any(|h| h == "/fr/formations/page/2/"));
    assert!(hrefs(&page(&out, "/fr/formations/page/2/"))
        .iter()
        .any(|h| h == "/fr/formations/"));
    // Facet pages paginate too: 30 generated + module-francais are `avance`.
    let f1 = items(&page(&out, "/fr/formations/niveau/avance/"), m);
    let f2 = items(&page(&out, "/fr/formations/niveau/avance/page/2/"), m);
    assert_eq!((f1.len(), f2.len()), (24, 7));
    assert!(hrefs(&page(&out, "/fr/formations/niveau/avance/"))
        .iter()
        .any(|h| h == "/fr/formations/niveau/avance/page/2/"));
    // …and every pagination link resolves (the whole crawl is another test).
    let broken: Vec<String> = broken_links(&out, "/", BASE)
        .into_iter()
        .filter(|b| b.contains("/page/"))
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn drafts_are_published_only_with_the_flag() {
    let out = out();
    assert!(
        !url_to_file(out, "/fr/formations/brouillon/").exists(),
        "no draft page"
    );
    let mut leaks = Vec::new();
    for f in files_under(out) {
        let t = std::fs::read(out.join(&f)).unwrap();
        if String::from_utf8_lossy(&t).contains("brouillon") {
            leaks.push(f.display().to_string());
        }
    }
    assert!(leaks.is_empty(), "the draft leaks into: {leaks:#?}");

    let site = Site::fixture("site");
    site.build(&["--drafts"]).assert_ok();
    let out = site.out();
    let doc = page(&out, "/fr/formations/brouillon/");
    assert_eq!(text(&doc, "h1").as_deref(), Some("Module en préparation"));
    assert!(items(&page(&out, "/fr/formations/"), "/fr/formations/")
        .contains("/fr/formations/brouillon/"));
}

#[test]
fn atom_feeds_are_well_formed_and_list_modules_and_use_cases() {
    let out = out();
    for (lang, wanted) in [
        (
            "fr",
            [
                "/fr/formations/bases-de-l-ia/",
                "/fr/formations/module-francais/",
                "/fr/cas-usage/boulangerie/",
                "/fr/cas-usage/mairie/",
            ],
        ),
        (
            "en",
            [
                "/en/modules/ai-basics/",
                "/en/modules/advanced-prompts/",
                "/en/use-cases/bakery/",
                "/en/use-cases/town-hall/",
            ],
        ),
    ] {
        let xml = read(out, &format!("{lang}/atom.xml"));
        let names = xml_well_formed(&xml)
            .unwrap_or_else(|e| panic!("{lang}/atom.xml is not well-formed: {e}"));
        assert_eq!(
            names.first().map(String::as_str),
            Some("feed"),
            "root element"
        );
        assert!(xml.contains("xmlns=\"http://www.w3.org/2005/Atom\""));
        let ids: Vec<String> = xml_texts(&xml, "id")
            .iter()
            .map(|s| xml_unescape(s))
            .collect();
        for w in wanted {
            let url = format!("{BASE}{w}");
            assert!(xml.contains(&url), "{lang}/atom.xml lists {url}");
        }
        assert!(!xml.contains("brouillon"), "no draft in the feed");
        assert!(
            !xml.contains("/a-propos/") && !xml.contains("/about/"),
            "no free page in the feed"
        );
        let entries = xml_texts(&xml, "entry").len();
        assert!(entries >= 4, "{lang}: {entries} entries");
        for u in xml_texts(&xml, "updated") {
            assert!(
                u.len() >= 20 && u.as_bytes()[4] == b'-' && u.contains('T'),
                "RFC 3339 date: {u}"
            );
        }
        assert!(
            ids.len() == entries + 1,
            "one <id> per entry plus the feed's"
        );
        // Every HTML page of the language advertises its feed.
        let home = page(out, &format!("/{lang}/"));
        let feeds = attrs(&home, r#"link[type="application/atom+xml"]"#, "href");
        assert_eq!(feeds, vec![format!("/{lang}/atom.xml")]);
    }
}

#[test]
fn sitemap_xml_lists_pages_with_their_alternates() {
    let out = out();
    let xml = read(out, "sitemap.xml");
    xml_well_formed(&xml).unwrap_or_else(|e| panic!("sitemap.xml is not well-formed: {e}"));
    let locs: Vec<String> = xml_texts(&xml, "loc")
        .iter()
        .map(|s| xml_unescape(s))
        .collect();
    for p in PAGES
        .iter()
        .filter(|p| !p.contains("/niveau/") && !p.contains("/level/") && !p.contains("/region/"))
    {
        assert!(
            locs.contains(&format!("{BASE}{p}")),
            "sitemap.xml lists {p}"
        );
    }
    for l in &locs {
        let path = l
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("absolute URL on the site: {l}"));
        assert!(url_to_file(out, path).is_file(), "sitemap URL {l} exists");
    }
    assert!(!xml.contains("brouillon"));
    // The <url> of the French module carries both alternates.
    let url = xml_texts(&xml, "url")
        .into_iter()
        .find(|u| u.contains(&format!("<loc>{BASE}/fr/formations/bases-de-l-ia/</loc>")))
        .expect("<url> of bases-de-l-ia");
    assert!(
        url.contains(&format!(
            r#"hreflang="en" href="{BASE}/en/modules/ai-basics/""#
        )),
        "{url}"
    );
    assert!(
        url.contains(&format!(
            r#"hreflang="fr" href="{BASE}/fr/formations/bases-de-l-ia/""#
        )),
        "{url}"
    );
    let url = xml_texts(&xml, "url")
        .into_iter()
        .find(|u| u.contains(&format!("<loc>{BASE}/fr/formations/module-francais/</loc>")))
        .expect("<url> of module-francais");
    assert!(
        !url.contains("hreflang=\"en\""),
        "no English alternate for an untranslated page: {url}"
    );
}

#[test]
fn robots_txt_points_to_the_sitemap() {
    let robots = read(out(), "robots.txt");
    assert!(
        robots.lines().any(|l| l.trim() == "User-agent: *"),
        "{robots}"
    );
    assert!(
        robots
            .lines()
            .any(|l| l.trim() == format!("Sitemap: {BASE}/sitemap.xml")),
        "{robots}"
    );
    assert!(
        !robots.lines().any(|l| l.trim() == "Disallow: /"),
        "the site is not hidden: {robots}"
    );
}

#[test]
fn not_found_page_links_every_language() {
    let out = out();
    let doc = page(out, "/404.html");
    assert!(
        !attrs(&doc, "html", "lang").is_empty(),
        "<html lang> on 404.html"
    );
    let h = hrefs(&doc);
    assert!(
        h.iter().any(|x| x == "/fr/") && h.iter().any(|x| x == "/en/"),
        "{h:?}"
    );
    assert!(doc.select(&sel("h1")).count() == 1);
    // Each other language says it in its own words, marked with its `lang`.
    assert_eq!(
        text(&doc, "li[lang=en] strong").as_deref(),
        Some("Page not found.")
    );
}

#[test]
fn root_index_sends_visitors_to_the_default_language() {
    let out = out();
    let raw = read(out, "index.html")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/");
    let doc = Html::parse_document(&raw);
    let h = hrefs(&doc);
    assert!(
        h.iter().any(|x| x == "/fr/") && h.iter().any(|x| x == "/en/"),
        "links to both homes: {h:?}"
    );
    // Without a server and without JavaScript: a meta refresh to /fr/.
    let lower = raw.to_lowercase();
    assert!(
        lower.contains("http-equiv=\"refresh\"") && lower.contains("url=/fr/"),
        "a meta refresh to the default language: {raw}"
    );
}

fn catalogue() -> serde_json::Value {
    serde_json::from_str(&read(out(), "data/catalogue.json")).expect("catalogue.json is JSON")
}

#[test]
fn catalogue_json_lists_published_pages_and_their_translations() {
    let cat = catalogue();
    let text = cat.to_string();
    assert!(!text.contains("brouillon"), "no draft in catalogue.json");
    let items = cat["items"].as_array().expect("items: [...]");
    let find = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("catalogue.json has {id}"))
    };
    let m = find("modules/bases-de-l-ia");
    assert_eq!(
        m["translations"]["fr"]["url"],
        "/fr/formations/bases-de-l-ia/"
    );
    assert_eq!(m["translations"]["en"]["url"], "/en/modules/ai-basics/");
    assert_eq!(m["translations"]["fr"]["duration_minutes"], 90);
    assert_eq!(m["translations"]["fr"]["updated"], "2026-03-01");
    assert_eq!(m["translations"]["en"]["title"], "AI basics");
    let only_fr = find("modules/module-francais");
    assert!(
        only_fr["translations"]["en"].is_null(),
        "no English translation: {only_fr}"
    );
    for id in [
        "use-cases/boulangerie",
        "use-cases/mairie",
        "ambassadors/jeanne-martin",
        "ambassadors/paul-durand",
        "ambassadors/lea-petit",
        "modules/prompts-avances",
    ] {
        find(id);
    }
    let uc = find("use-cases/boulangerie");
    assert_eq!(
        uc["translations"]["fr"]["related_modules"][0],
        "modules/bases-de-l-ia"
    );
    assert_eq!(uc["translations"]["fr"]["region"], "53");
}

fn schema_fields(out: &Path, rel: &str) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel} is JSON: {e}"));
    v["fields"]
        .as_array()
        .unwrap_or_else(|| panic!("{rel} has fields"))
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["type"].as_str().unwrap_or("string").to_string(),
            )
        })
        .collect()
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s[..4].parse::<u32>().is_ok()
        && s[5..7].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && s[8..10].parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
}

#[test]
fn csv_exports_match_their_table_schema() {
    let out = out();
    for lang in ["fr", "en"] {
        for coll in ["modules", "use-cases", "ambassadors"] {
            let csv_rel = format!("data/{lang}/{coll}.csv");
            let bytes = std::fs::read(out.join(&csv_rel)).unwrap();
            let text = String::from_utf8(bytes).unwrap_or_else(|_| panic!("{csv_rel} is UTF-8"));
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let rows = parse_csv(text).unwrap_or_else(|e| panic!("{csv_rel} is valid CSV: {e}"));
            let header = &rows[0];
            assert!(
                header.len() > 3,
                "{csv_rel}: comma-separated header: {header:?}"
            );
            assert_eq!(header[0], "id", "{csv_rel}: first column is the id");
            let fields = schema_fields(out, &format!("data/{lang}/{coll}.schema.json"));
            let names: Vec<&str> = fields.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(
                header.iter().map(String::as_str).collect::<Vec<_>>(),
                names,
                "{csv_rel}: header = schema fields"
            );
            assert!(rows.len() > 1, "{csv_rel} has rows");
            for (n, row) in rows.iter().enumerate().skip(1) {
                assert_eq!(row.len(), header.len(), "{csv_rel} row {n}: {row:?}");
                for ((name, ty), value) in fields.iter().zip(row) {
                    match ty.as_str() {
                        "date" => assert!(
                            value.is_empty() || is_iso_date(value),
                            "{csv_rel} {name}: {value:?}"
                        ),
                        "integer" => assert!(
                            value.is_empty() || value.parse::<i64>().is_ok(),
                            "{csv_rel} {name}: {value:?}"
                        ),
                        _ => {}
                    }
                }
                let upd = header
                    .iter()
                    .position(|h| h == "updated")
                    .expect("an updated column");
                assert!(is_iso_date(&row[upd]), "{csv_rel}: updated {:?}", row[upd]);
            }
            assert!(
                fields.iter().any(|(n, t)| n == "updated" && t == "date"),
                "{coll}: updated typed as date"
            );
        }
    }
    // Quoting: a summary with commas and double quotes survives the trip.
    let text = read(out, "data/fr/use-cases.csv");
    let rows = parse_csv(&text).unwrap();
    let si = rows[0].iter().position(|h| h == "summary").unwrap();
    let row = rows
        .iter()
        .find(|r| r[0] == "use-cases/boulangerie")
        .expect("boulangerie row");
    assert_eq!(
        row[si],
        "Une boulangerie bretonne, \"artisanale\", prévoit ses ventes, et gagne du temps."
    );
    assert!(
        text.contains("\"Une boulangerie bretonne, \"\"artisanale\"\", prévoit"),
        "RFC 4180 quoting"
    );
    // Rows are per language; drafts are not exported.
    let fr_ids: BTreeSet<String> = parse_csv(&read(out, "data/fr/modules.csv"))
        .unwrap()
        .into_iter()
        .skip(1)
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        fr_ids,
        set(&[
            "modules/bases-de-l-ia",
            "modules/prompts-avances",
            "modules/module-francais"
        ])
    );
    let en = parse_csv(&read(out, "data/en/modules.csv")).unwrap();
    let ti = en[0].iter().position(|h| h == "title").unwrap();
    let ai = en
        .iter()
        .find(|r| r[0] == "modules/bases-de-l-ia")
        .expect("English row");
    assert_eq!(ai[ti], "AI basics");
    assert!(!read(out, "data/fr/modules.csv").contains("brouillon"));
}

#[test]
fn datapackage_describes_every_csv() {
    let out = out();
    let v: serde_json::Value = serde_json::from_str(&read(out, "data/datapackage.json")).unwrap();
    let res = v["resources"].as_array().expect("resources");
    for lang in ["fr", "en"] {
        for coll in ["modules", "use-cases", "ambassadors"] {
            let path = format!("{lang}/{coll}.csv");
            let r = res
                .iter()
                .find(|r| r["path"] == path.as_str())
                .unwrap_or_else(|| panic!("resource {path}"));
            let schema = r["schema"].as_str().expect("schema path");
            assert!(out.join("data").join(schema).is_file(), "{schema} exists");
            assert_eq!(
                r["encoding"].as_str().map(str::to_lowercase).as_deref(),
                Some("utf-8")
            );
        }
    }
}

fn json_ld(doc: &Html) -> serde_json::Value {
    let raw = doc
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .next()
        .expect("a JSON-LD script")
        .text()
        .collect::<String>();
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("JSON-LD is JSON: {e}\n{raw}"))
}

fn has_type(v: &serde_json::Value, t: &str) -> bool {
    match &v["@type"] {
        serde_json::Value::String(s) => s == t,
        serde_json::Value::Array(a) => a.iter().any(|x| x == t),
        _ => false,
    }
}

/// Minutes of an ISO 8601 duration like `PT1H30M` or `PT90M`.
fn iso_minutes(d: &str) -> Option<u64> {
    let rest = d.strip_prefix("PT")?;
    let (mut total, mut num) = (0u64, String::new());
    for c in rest.chars() {
        match c {
            '0'..='9' => num.push(c),
            'H' => total += std::mem::take(&mut num).parse::<u64>().ok()? * 60,
            'M' => total += std::mem::take(&mut num).parse::<u64>().ok()?,
            _ => return None,
        }
    }
    num.is_empty().then_some(total)
}

#[test]
fn json_ld_describes_modules_use_cases_and_ambassadors() {
    let out = out();
    let fr = json_ld(&page(out, "/fr/formations/bases-de-l-ia/"));
    assert!(has_type(&fr, "Course"), "{fr}");
    assert_eq!(
        fr["timeRequired"].as_str().and_then(iso_minutes),
        Some(90),
        "{fr}"
    );
    assert_eq!(
        fr["educationalLevel"], "Découverte",
        "level label in French"
    );
    assert_eq!(fr["inLanguage"], "fr");
    assert_eq!(fr["name"], "Les bases de l'IA");
    let en = json_ld(&page(out, "/en/modules/ai-basics/"));
    assert!(has_type(&en, "Course"));
    assert_eq!(en["inLanguage"], "en");
    assert_eq!(en["educationalLevel"], "Beginner");
    assert_eq!(en["timeRequired"].as_str().and_then(iso_minutes), Some(90));
    let uc = json_ld(&page(out, "/fr/cas-usage/boulangerie/"));
    assert!(has_type(&uc, "Article"), "{uc}");
    let p = json_ld(&page(out, "/fr/ambassadeurs/jeanne-martin/"));
    assert!(has_type(&p, "Person"), "{p}");
    assert_eq!(p["name"], "Jeanne Martin");
}

#[test]
fn every_internal_link_and_anchor_of_the_fixture_resolves() {
    let broken = broken_links(out(), "/", BASE);
    assert!(broken.is_empty(), "broken internal links: {broken:#?}");
}

#[test]
fn home_page_has_entry_points_per_audience_and_latest_items() {
    let out = out();
    let home = page(out, "/fr/");
    for url in [
        "/fr/formations/public/dirigeants/",
        "/fr/formations/public/salaries/",
        "/fr/formations/bases-de-l-ia/",
        "/fr/cas-usage/mairie/",
        "/fr/formations/",
        "/fr/cas-usage/",
        "/fr/ambassadeurs/",
    ] {
        assert_links_to(&home, url, "French home page");
    }
    let home = page(out, "/en/");
    for url in [
        "/en/modules/audience/salaries/",
        "/en/modules/ai-basics/",
        "/en/use-cases/bakery/",
    ] {
        assert_links_to(&home, url, "English home page");
    }
    assert!(!main_hrefs(&home).iter().any(|h| h.contains("brouillon")));
}

#[test]
fn html_site_map_lists_every_page_of_the_language() {
    let out = out();
    let doc = page(out, "/fr/plan-du-site/");
    for url in [
        "/fr/formations/bases-de-l-ia/",
        "/fr/formations/prompts-avances/",
        "/fr/formations/module-francais/",
        "/fr/cas-usage/boulangerie/",
        "/fr/cas-usage/mairie/",
        "/fr/ambassadeurs/jeanne-martin/",
        "/fr/ambassadeurs/paul-durand/",
        "/fr/ambassadeurs/lea-petit/",
        "/fr/a-propos/",
        "/fr/accessibilite/",
    ] {
        assert_links_to(&doc, url, "HTML site map");
    }
    let doc = page(out, "/en/sitemap/");
    for url in [
        "/en/modules/ai-basics/",
        "/en/use-cases/town-hall/",
        "/en/about/",
        "/en/accessibility/",
    ] {
        assert_links_to(&doc, url, "English HTML site map");
    }
}

#[test]
fn every_page_footer_links_the_accessibility_statement_and_site_map() {
    let out = out();
    let mut missing = Vec::new();
    for f in html_files(out) {
        let lang = f.iter().next().unwrap().to_string_lossy().to_string();
        let (a11y, map) = match lang.as_str() {
            "fr" => ("/fr/accessibilite/", "/fr/plan-du-site/"),
            "en" => ("/en/accessibility/", "/en/sitemap/"),
            _ => continue,
        };
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        let footer = attrs(&doc, "footer a[href]", "href");
        for want in [a11y, map] {
            if !footer.iter().any(|h| h == want) {
                missing.push(format!("{}: no footer link to {want}", f.display()));
            }
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn language_switcher_on_listings_and_facet_pages() {
    let out = out();
    for (from, lang, to) in [
        ("/fr/formations/", "en", "/en/modules/"),
        ("/en/use-cases/", "fr", "/fr/cas-usage/"),
        (
            "/fr/formations/niveau/avance/",
            "en",
            "/en/modules/level/avance/",
        ),
        (
            "/en/ambassadors/region/53/",
            "fr",
            "/fr/ambassadeurs/region/53/",
        ),
        ("/fr/plan-du-site/", "en", "/en/sitemap/"),
        ("/fr/a-propos/", "en", "/en/about/"),
    ] {
        let sw = switcher(&page(out, from));
        assert!(
            sw.iter().any(|(l, h, _)| l == lang && h == to),
            "switcher of {from} → {to}: {sw:?}"
        );
    }
}

#[test]
fn ambassador_directory_has_a_map_linking_regions_with_counts() {
    let out = out();
    let doc = page(out, "/fr/ambassadeurs/");
    let svg_links: Vec<(String, String)> = doc
        .select(&sel("svg a[href]"))
        .map(|a| {
            (
                a.value().attr("href").unwrap().to_string(),
                a.value().attr("aria-label").unwrap_or("").to_string()
                    + &collapse(&a.text().collect::<String>()),
            )
        })
        .collect();
    let bzh = svg_links
        .iter()
        .find(|(h, _)| h == "/fr/ambassadeurs/region/53/")
        .unwrap_or_else(|| panic!("the map links Bretagne: {svg_links:?}"));
    assert!(
        bzh.1.contains("Bretagne") && bzh.1.contains('2'),
        "label with the count: {bzh:?}"
    );
    assert!(svg_links
        .iter()
        .any(|(h, _)| h == "/fr/ambassadeurs/region/11/"));
    for (h, _) in &svg_links {
        assert!(
            url_to_file(out, h).is_file(),
            "map link {h} leads to an existing page"
        );
    }
}
