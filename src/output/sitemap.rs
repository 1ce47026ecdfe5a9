//! `sitemap.xml` with language alternates, and `robots.txt`.

use crate::fields::iso_date;
use crate::site::Site;

use super::xml_escape;

/// The XML site map: every page translation, with `xhtml:link` alternates.
pub fn sitemap_xml(
    site: &Site,
    permalink: &dyn Fn(&str) -> String,
    extra_urls: &[String],
) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for url in extra_urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&permalink(url))
        ));
    }
    for page in &site.pages {
        out.push_str(&format!(
            "  <url>\n    <loc>{}</loc>\n",
            xml_escape(&permalink(&page.url))
        ));
        if let Some(d) = page.doc.updated() {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", iso_date(d)));
        }
        let translations: Vec<_> = site.translations(&page.doc.id).collect();
        if translations.len() > 1 {
            for (lang, t) in &translations {
                out.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>\n",
                    xml_escape(&permalink(&t.url))
                ));
            }
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; the site map is announced.
pub fn robots_txt(sitemap_permalink: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_permalink}\n")
}
