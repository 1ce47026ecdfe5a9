//! Atom feeds: one per language, of new and updated modules and use cases.

use crate::content::Collection;
use crate::fields::iso_date;
use crate::site::Site;

use super::xml_escape;

/// How many entries a feed keeps.
pub const FEED_SIZE: usize = 50;

/// The Atom feed of `lang`.
pub fn atom(site: &Site, lang: &str, permalink: &dyn Fn(&str) -> String) -> String {
    let mut entries: Vec<_> = [Collection::Modules, Collection::UseCases]
        .into_iter()
        .flat_map(|c| site.listed(c, lang))
        .collect();
    entries.sort_by(|a, b| {
        b.doc
            .updated()
            .cmp(&a.doc.updated())
            .then_with(|| a.doc.id.cmp(&b.doc.id))
    });
    entries.truncate(FEED_SIZE);
    let updated = entries
        .first()
        .and_then(|p| p.doc.updated())
        .map(iso_date)
        .unwrap_or_else(|| "2025-07-01".into());
    let title = site.config.title_in(lang);
    let feed_url = permalink(&site.routes.feed(lang));
    let home = permalink(&site.routes.home(lang));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <updated>{updated}T00:00:00Z</updated>\n  <author><name>{}</name></author>\n",
        xml_escape(&title),
        xml_escape(&feed_url),
        xml_escape(&feed_url),
        xml_escape(&home),
        xml_escape(&title),
    );
    for p in entries {
        let url = permalink(&p.url);
        let date = p.doc.updated().map(iso_date).unwrap_or_default();
        let kind_key = format!("collection_{}", p.doc.id.collection.key());
        let kind = site.strings.get(lang, &kind_key);
        // An invented case says so in its title, as it does on the site.
        let title = if p.doc.fictional() {
            let label = site.strings.get(&p.doc.lang, "fictional_use_case");
            format!("{} ({label})", p.doc.title)
        } else {
            p.doc.title.clone()
        };
        out.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <updated>{date}T00:00:00Z</updated>\n    <category term=\"{}\" label=\"{}\"/>\n    <summary>{}</summary>\n  </entry>\n",
            xml_escape(&title),
            xml_escape(&url),
            xml_escape(&url),
            p.doc.id.collection.dir(),
            xml_escape(kind),
            xml_escape(p.doc.summary.as_deref().unwrap_or("")),
        ));
    }
    out.push_str("</feed>\n");
    out
}
