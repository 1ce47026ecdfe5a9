//! Structural checks of every page of the bundled catalogue that an HTML5
//! parser can make without a validator service: what screen-reader users
//! and validators trip over first (issue 7: valid HTML, RGAA basics).

use crate::common;

use std::collections::BTreeMap;

use common::*;
use scraper::Html;

#[test]
fn every_page_of_the_bundled_catalogue_is_structurally_sound() {
    let out = build_catalogue("build_html_checks");
    assert!(html_files(&out).len() > 200);
    let problems = structural_problems(&out);
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_page_of_the_fixture_is_structurally_sound() {
    // The fixture has footnotes, task lists, tables, code and untranslated
    // pages, which the catalogue may not have.
    let site = Site::fixture("site");
    site.build(&[]).assert_ok();
    let problems = structural_problems(&site.out());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

fn structural_problems(out: &std::path::Path) -> Vec<String> {
    let mut problems: Vec<String> = Vec::new();
    for rel in html_files(out) {
        let raw = std::fs::read_to_string(out.join(&rel)).unwrap();
        let doc = Html::parse_document(&raw);
        let f = rel.display().to_string();
        let mut p = |m: String| problems.push(format!("{f}: {m}"));

        if !raw
            .trim_start()
            .to_lowercase()
            .starts_with("<!doctype html>")
        {
            p("no <!DOCTYPE html>".into());
        }
        if attrs(&doc, "html", "lang").iter().all(|l| l.is_empty()) {
            p("no <html lang>".into());
        }
        let titles = texts(&doc, "head title");
        if titles.len() != 1 || titles[0].is_empty() {
            p(format!("{} <title>", titles.len()));
        }
        if doc.select(&sel("meta[charset]")).count() != 1 {
            p("no single <meta charset>".into());
        }
        let mains = doc.select(&sel("main")).count();
        if mains != 1 {
            p(format!("{mains} <main> elements"));
        }
        let h1 = doc.select(&sel("h1")).count();
        if h1 != 1 {
            p(format!("{h1} <h1> elements"));
        }
        // Unique ids.
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for id in attrs(&doc, "[id]", "id") {
            *seen.entry(id).or_default() += 1;
        }
        for (id, n) in seen.iter().filter(|(_, n)| **n > 1) {
            p(format!("id=\"{id}\" used {n} times"));
        }
        // Images have a text alternative (empty for decoration).
        for img in doc.select(&sel("img")) {
            if img.value().attr("alt").is_none() {
                p(format!(
                    "<img src={:?}> without alt",
                    img.value().attr("src")
                ));
            }
        }
        // Form fields are labelled.
        for input in doc.select(&sel("input, select, textarea")) {
            let v = input.value();
            if matches!(
                v.attr("type"),
                Some("hidden" | "submit" | "button" | "checkbox" | "reset")
            ) {
                continue;
            }
            let labelled = v.attr("aria-label").is_some()
                || v.attr("aria-labelledby").is_some()
                || v.attr("id").is_some_and(|id| {
                    doc.select(&sel("label[for]"))
                        .any(|l| l.value().attr("for") == Some(id))
                });
            if !labelled {
                p(format!("unlabelled <{}>", v.name()));
            }
        }
        // Headings never skip a level going down (h2 → h4).
        let mut last = 0u8;
        for h in doc.select(&sel("h1, h2, h3, h4, h5, h6")) {
            let level = h.value().name()[1..].parse::<u8>().unwrap();
            if last > 0 && level > last + 1 {
                p(format!(
                    "heading h{level} \"{}\" after h{last}",
                    collapse(&h.text().collect::<String>())
                ));
            }
            last = level;
        }
        // Links have an accessible name.
        for a in doc.select(&sel("a[href]")) {
            let name = collapse(&a.text().collect::<String>());
            let aria = a.value().attr("aria-label").unwrap_or("");
            let img_alt = a
                .select(&sel("img[alt]"))
                .any(|i| !i.value().attr("alt").unwrap_or("").is_empty());
            let svg_title = a.select(&sel("title")).next().is_some();
            if name.is_empty() && aria.is_empty() && !img_alt && !svg_title {
                p(format!(
                    "link to {:?} without a name",
                    a.value().attr("href")
                ));
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}
