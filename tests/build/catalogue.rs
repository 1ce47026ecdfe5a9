//! The bundled national catalogue (the repository root is a site root):
//! `check` is clean, the build is complete, and every internal link and
//! anchor of the published HTML resolves, at the root of a domain and under
//! a sub-path base URL.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// Builds the repository's catalogue into Cargo's temp folder, once per
/// `(key, extra args)`.
fn build_into(key: &str, extra: &[&str]) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(key);
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    let mut args = vec![
        "build".to_string(),
        "--root".into(),
        repo_root().display().to_string(),
        "--output".into(),
        out.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = run(&args);
    run.assert_ok();
    assert!(
        run.diagnostic_lines("warning").is_empty() && run.diagnostic_lines("error").is_empty(),
        "the bundled catalogue builds without warnings:\n{}",
        run.all()
    );
    out
}

fn out_root() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build_into("build_catalogue-root", &[]))
}

fn out_sub_path() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        build_into(
            "build_catalogue-subpath",
            &["--base-url", "https://example.org/academie/"],
        )
    })
}

#[test]
fn check_of_the_bundled_catalogue_is_clean() {
    let run = run(&["check", "--root", &repo_root().display().to_string()]);
    run.assert_ok();
    assert!(run.diagnostic_lines("error").is_empty(), "{}", run.all());
    assert!(run.diagnostic_lines("warning").is_empty(), "{}", run.all());
    run.assert_contains("0 warnings");
}

#[test]
fn the_bundled_catalogue_builds_completely() {
    let out = out_root();
    let modules = std::fs::read_dir(repo_root().join("content/modules"))
        .unwrap()
        .count();
    assert!(modules >= 24, "at least 12 modules in two languages");
    for p in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "fr/atom.xml",
        "en/atom.xml",
        "data/catalogue.json",
    ] {
        assert!(out.join(p).is_file(), "{p}");
    }
    for url in [
        "/fr/",
        "/en/",
        "/fr/formations/",
        "/en/modules/",
        "/fr/cas-usage/",
        "/en/use-cases/",
        "/fr/ambassadeurs/",
        "/en/ambassadors/",
        "/fr/formations/ecrire-un-prompt/",
        "/en/modules/writing-a-prompt/",
        "/fr/a-propos/",
        "/fr/accessibilite/",
        "/fr/mentions-legales/",
    ] {
        assert!(url_to_file(out, url).is_file(), "{url}");
    }
    // One page per translation: every published content file is in
    // catalogue.json and its page exists at the URL given there.
    let cat: serde_json::Value = serde_json::from_str(&read(out, "data/catalogue.json")).unwrap();
    let mut translations = 0;
    for item in cat["items"].as_array().unwrap() {
        for (lang, t) in item["translations"].as_object().unwrap() {
            translations += 1;
            let url = t["url"]
                .as_str()
                .unwrap_or_else(|| panic!("{} {lang} has a url", item["id"]));
            assert!(
                url_to_file(out, url).is_file(),
                "{} {lang}: {url} exists",
                item["id"]
            );
        }
    }
    let published = ["modules", "use-cases", "ambassadors", "pages"]
        .iter()
        .flat_map(|c| std::fs::read_dir(repo_root().join("content").join(c)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .filter(|p| {
            !std::fs::read_to_string(p)
                .unwrap()
                .contains("\ndraft: true")
        })
        .count();
    assert_eq!(
        translations, published,
        "every published content file is in catalogue.json"
    );
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let out = out_root();
    let pages = html_files(out).len();
    assert!(pages > 200, "{pages} HTML files");
    let broken = broken_links(out, "/", "https://academie-ia.example.fr");
    assert!(
        broken.is_empty(),
        "{} broken internal links: {broken:#?}",
        broken.len()
    );
}

#[test]
fn under_a_sub_path_every_internal_link_starts_with_it_and_resolves() {
    let out = out_sub_path();
    let broken = broken_links(out, "/academie/", "https://example.org/academie");
    assert!(
        broken.is_empty(),
        "{} broken internal links: {broken:#?}",
        broken.len()
    );
    // Absolute URLs use the new base URL.
    let sitemap = read(out, "sitemap.xml");
    let locs = xml_texts(&sitemap, "loc");
    assert!(!locs.is_empty());
    for l in &locs {
        assert!(
            l.starts_with("https://example.org/academie/"),
            "sitemap <loc> {l}"
        );
    }
    assert!(read(out, "robots.txt").contains("Sitemap: https://example.org/academie/sitemap.xml"));
    let feed = read(out, "fr/atom.xml");
    assert!(
        !feed.contains("academie-ia.example.fr"),
        "the feed uses the --base-url"
    );
    let doc = page(out, "/fr/formations/ecrire-un-prompt/");
    let canon = attrs(&doc, r#"link[rel="canonical"]"#, "href");
    assert_eq!(
        canon,
        vec!["https://example.org/academie/fr/formations/ecrire-un-prompt/".to_string()]
    );
    // The root redirect and the 404 page go to the sub-path too.
    let root = read(out, "index.html").replace("&#x2F;", "/");
    assert!(root.contains("/academie/fr/"), "{root}");
    assert!(hrefs(&page(out, "/404.html"))
        .iter()
        .all(|h| !h.starts_with('/') || h.starts_with("/academie/")));
}

#[test]
fn bundled_catalogue_has_no_inline_style_or_script_and_valid_feeds() {
    let out = out_root();
    let mut bad = Vec::new();
    for f in html_files(out) {
        let doc = scraper::Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        if doc.select(&sel("[style], style")).next().is_some() {
            bad.push(format!("{}: inline style", f.display()));
        }
        for s in doc.select(&sel("script")) {
            if s.value().attr("src").is_none()
                && s.value().attr("type") != Some("application/ld+json")
            {
                bad.push(format!("{}: inline script", f.display()));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    for f in ["sitemap.xml", "fr/atom.xml", "en/atom.xml"] {
        xml_well_formed(&read(out, f)).unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    for lang in ["fr", "en"] {
        for coll in ["modules", "use-cases", "ambassadors"] {
            let rel = format!("data/{lang}/{coll}.csv");
            let rows = parse_csv(&read(out, &rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let n = rows[0].len();
            assert!(
                rows.iter().all(|r| r.len() == n),
                "{rel}: every row has {n} fields"
            );
        }
    }
}
