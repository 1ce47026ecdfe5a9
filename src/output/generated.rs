//! Files made from the whole site rather than one page: sitemap.xml,
//! robots.txt, the Atom feeds and the open-data exports.

use crate::content::Collection;
use crate::site::Site;

/// Every generated file: path under the output folder and bytes.
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let permalink = |url: &str| {
        format!(
            "{}/{}",
            site.config.base_url,
            url.strip_prefix(site.routes.base_path())
                .unwrap_or(url.trim_start_matches('/'))
        )
    };
    let mut out = Vec::new();
    let extra: Vec<String> = site
        .languages()
        .iter()
        .flat_map(|l| {
            [
                Collection::Modules,
                Collection::UseCases,
                Collection::Ambassadors,
            ]
            .map(|c| site.routes.collection(c, l))
            .into_iter()
            .chain([site.routes.home(l), site.routes.sitemap(l)])
        })
        .collect();
    out.push((
        "sitemap.xml".into(),
        super::sitemap::sitemap_xml(site, &permalink, &extra).into_bytes(),
    ));
    out.push((
        "robots.txt".into(),
        super::sitemap::robots_txt(&permalink(&format!(
            "{}sitemap.xml",
            site.routes.base_path()
        )))
        .into_bytes(),
    ));
    for lang in site.languages() {
        let feed = site.routes.feed(lang);
        out.push((
            site.routes.file_of(&feed),
            super::feeds::atom(site, lang, &permalink).into_bytes(),
        ));
    }
    out.extend(super::export::files(site));
    out
}

/// Is `rel` one of the files [`files`] makes?
pub fn is_generated(site: &Site, rel: &str) -> bool {
    rel == "sitemap.xml"
        || rel == "robots.txt"
        || site
            .languages()
            .iter()
            .any(|l| site.routes.file_of(&site.routes.feed(l)) == rel)
        || super::export::is_export(rel)
}
