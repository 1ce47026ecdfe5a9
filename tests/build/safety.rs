//! Untrusted text cannot inject into pages (issue 7): front matter values
//! are escaped, raw HTML in Markdown does not carry scripts or event
//! handlers into the page, and the theme works under a strict CSP.

use crate::common;

use common::*;
use scraper::Html;

fn hostile_site() -> Site {
    let s = Site::fixture("site");
    s.write(
        "content/modules/hostile.md",
        "---\n\
         title: \"<script>alert('titre')</script> & Cie\"\n\
         summary: \"<img src=x onerror=alert(1)> résumé\"\n\
         audiences: [salaries]\n\
         level: decouverte\n\
         duration_minutes: 10\n\
         format: atelier\n\
         objectives: [\"<b>objectif</b>\"]\n\
         updated: 2026-01-01\n\
         tags: [\"\\\"><script>alert(2)</script>\"]\n\
         ---\n\
         \n\
         Texte <script>alert(3)</script> et <img src=\"x\" onerror=\"alert(4)\">.\n\
         \n\
         <div onclick=\"alert(5)\">clic</div>\n\
         \n\
         <iframe src=\"https://evil.example/\"></iframe>\n",
    );
    s
}

#[test]
fn hostile_text_is_escaped_and_raw_html_is_neutralised() {
    let s = hostile_site();
    s.build(&[]).assert_ok();
    let out = s.out();
    let raw = read(&out, "fr/formations/hostile/index.html");
    let doc = Html::parse_document(&raw);
    // The title is shown as text, literally.
    assert_eq!(
        text(&doc, "h1").as_deref(),
        Some("<script>alert('titre')</script> & Cie")
    );
    // No script runs: only external scripts and JSON-LD.
    for sc in doc.select(&sel("script")) {
        let v = sc.value();
        assert!(
            v.attr("src").is_some() || v.attr("type") == Some("application/ld+json"),
            "inline script: {}",
            sc.html()
        );
        if v.attr("type") == Some("application/ld+json") {
            let body = sc.text().collect::<String>();
            assert!(
                !body.to_lowercase().contains("</script"),
                "JSON-LD escapes </script>: {body}"
            );
            serde_json::from_str::<serde_json::Value>(&body).expect("JSON-LD stays valid JSON");
        }
    }
    // No event handler attribute, no iframe anywhere.
    for el in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, _) in el.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "event handler {name} on <{}>",
                el.value().name()
            );
        }
    }
    assert!(doc.select(&sel("iframe")).next().is_none(), "iframe kept");
    // Listings, feeds, exports carry the title escaped as well.
    let listing = read(&out, "fr/formations/index.html");
    assert!(
        !listing.contains("<script>alert('titre')"),
        "listing escapes the title"
    );
    let feed = read(&out, "fr/atom.xml");
    assert!(!feed.contains("<script>"), "the feed escapes the title");
    xml_well_formed(&feed).unwrap();
    xml_well_formed(&read(&out, "sitemap.xml")).unwrap();
}

#[test]
fn pages_declare_a_strict_content_security_policy() {
    let s = Site::fixture("site");
    s.build(&[]).assert_ok();
    let out = s.out();
    for f in html_files(&out) {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&f)).unwrap());
        let csp = attrs(
            &doc,
            r#"meta[http-equiv="Content-Security-Policy"]"#,
            "content",
        );
        assert_eq!(csp.len(), 1, "{}: one CSP meta tag", f.display());
        let csp = &csp[0];
        assert!(!csp.contains("'unsafe-inline'"), "{}: {csp}", f.display());
        assert!(
            csp.contains("script-src") || csp.contains("default-src 'self'"),
            "{csp}"
        );
    }
}
