//! Links in a body: which URLs are refused, how page ids and site paths
//! resolve, and the `<span lang="…">` tag bodies may always contain.

use super::LinkResolver;

/// URL schemes that run code or embed content: refused in links.
pub(super) fn is_dangerous(url: &str) -> bool {
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:", "file:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Returns the href and whether the link leaves the site.
pub(super) fn resolve_link(
    dest: &str,
    resolver: &dyn LinkResolver,
) -> Result<(String, bool), (String, String)> {
    if is_dangerous(dest) {
        return Err((
            format!(
                "link `{}` is refused: this kind of URL can run code",
                truncate(dest)
            ),
            "link to a page id (`@/modules/…`), a site path or an https:// address".into(),
        ));
    }
    if let Some(rest) = dest.strip_prefix("@/") {
        let (id, anchor) = rest
            .split_once('#')
            .map_or((rest, None), |(a, b)| (a, Some(b)));
        let url = resolver.page_url(id.trim_end_matches('/')).map_err(|m| {
            (
                m,
                "ids are `<collection>/<slug>`, e.g. `@/modules/ecrire-un-prompt`".to_owned(),
            )
        })?;
        return Ok((anchor.map_or(url.clone(), |a| format!("{url}#{a}")), false));
    }
    if dest.starts_with('/') && !dest.starts_with("//") {
        let (path, anchor) = dest
            .split_once('#')
            .map_or((dest, None), |(a, b)| (a, Some(b)));
        let url = resolver.site_path(path).map_err(|m| {
            (
                m,
                "check the path, or link the page by its id: `@/modules/…`".to_owned(),
            )
        })?;
        return Ok((anchor.map_or(url.clone(), |a| format!("{url}#{a}")), false));
    }
    let external =
        dest.starts_with("http://") || dest.starts_with("https://") || dest.starts_with("//");
    Ok((dest.to_owned(), external))
}

pub(super) fn truncate(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// The language of an inline `<span lang="…">` tag, the one piece of HTML a
/// body may always contain, whatever `raw_html` says: foreign words in a page
/// must carry their language for screen readers (WCAG 3.1.2), and editors
/// write them as `<span lang="fr">Osez l'IA</span>`. Only a well-formed
/// language tag passes (letters, digits and `-`), so nothing else of the
/// tag reaches the page.
pub(super) fn lang_span(tag: &str) -> Option<&str> {
    let inner = tag.trim().strip_prefix("<span")?.strip_suffix('>')?.trim();
    let value = inner.strip_prefix("lang=")?;
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
    let valid = (2..=35).contains(&value.len())
        && value.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
    valid.then_some(value)
}
