//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough,
//! task lists and heading anchors; code highlighted with CSS classes;
//! links to page ids and site paths resolved and checked.

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::highlight::Highlighter;

/// What a link in a body points to, once resolved.
pub trait LinkResolver {
    /// Resolves `@/<id>` (without `#anchor`) to a URL in the page's language.
    fn page_url(&self, id: &str) -> Result<String, String>;
    /// Checks a site path (`/fr/formations/x/`, `/images/a.png`) and returns
    /// it with the base path.
    fn site_path(&self, path: &str) -> Result<String, String>;
}

/// One entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A body rendered to HTML, with what other stages need from it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Plain text, for the search index and descriptions.
    pub text: String,
    /// Problems, with the line (relative to the body's first line, from 0).
    pub errors: Vec<(usize, String, String)>,
    /// Ids of the body's headings and footnotes, which links may target.
    pub ids: Vec<String>,
    /// Links with an anchor, to check once every body is rendered: line,
    /// target page id (`None`: this page) and anchor.
    pub anchor_links: Vec<(usize, Option<String>, String)>,
}

/// Options of the Markdown renderer.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions<'a> {
    /// Keep raw HTML (sanitised); otherwise it is shown as text.
    pub raw_html: bool,
    /// Accessible names of task-list boxes, in the page's language: done, to do.
    pub task_labels: (&'a str, &'a str),
    /// Ids the page template already uses (`contenu`…): headings avoid them.
    pub reserved_ids: &'a [String],
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// URL schemes that run code or embed content: refused in links.
fn is_dangerous(url: &str) -> bool {
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

/// A heading id from its text: lowercase ASCII, accents folded, `-` between words.
pub fn slugify(text: &str) -> String {
    let s = crate::content::source_suggest_slug(text);
    if s.is_empty() || s == "mon-module" && !text.to_lowercase().contains("mon") {
        "section".into()
    } else {
        s
    }
}

/// Renders `source` to HTML.
pub fn render(
    source: &str,
    resolver: &dyn LinkResolver,
    highlighter: &Highlighter,
    opts: MarkdownOptions,
) -> Rendered {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| {
        line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    };

    let mut out = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    // Ids given so far; footnote labels first, as the HTML writer uses
    // them as ids as they are.
    let mut used_ids: Vec<String> = Parser::new_ext(source, options())
        .filter_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(label)) => Some(label.to_string()),
            _ => None,
        })
        .collect();
    let mut used_set: std::collections::HashSet<String> =
        used_ids.iter().chain(opts.reserved_ids).cloned().collect();
    let mut next_suffix: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();

    // Heading being collected: level, explicit id, classes, events, text.
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>, String)> = None;
    // Code block being collected: language, text.
    let mut code: Option<(String, String)> = None;
    let mut link_stack: Vec<bool> = Vec::new();

    let parser = Parser::new_ext(source, options()).into_offset_iter();
    for (event, range) in parser {
        let line = line_of(range.start);
        // Code blocks: collect, then highlight.
        if let Some((lang, text)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    // Code stays out of the plain text: search snippets
                    // and descriptions show prose, never code or YAML.
                    let html = highlighter.block(text, lang);
                    events.push(Event::Html(CowStr::from(html)));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([' ', ',', '{']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
                continue;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, inner, text)) = heading.take() {
                    // An explicit id is kept only if it is a safe token.
                    let base = id
                        .filter(|i| {
                            !i.is_empty()
                                && i.chars().all(|c| {
                                    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
                                })
                        })
                        .unwrap_or_else(|| slugify(&text));
                    let mut id = base.clone();
                    while used_set.contains(&id) {
                        let n = next_suffix.entry(base.clone()).or_insert(1);
                        id = format!("{base}-{n}");
                        *n += 1;
                    }
                    used_set.insert(id.clone());
                    used_ids.push(id.clone());
                    let lvl = level as u8;
                    if (2..=3).contains(&lvl) {
                        out.toc.push(TocEntry {
                            level: lvl,
                            id: id.clone(),
                            title: text.trim().to_owned(),
                        });
                    }
                    out.text.push_str(&text);
                    out.text.push('\n');
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(&mut inner_html, inner.into_iter());
                    events.push(Event::Html(CowStr::from(format!(
                        "<h{lvl} id=\"{id}\">{inner_html} <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{lvl}>\n"
                    ))));
                }
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(anchor) = dest_url.strip_prefix('#') {
                    out.anchor_links.push((line, None, anchor.to_owned()));
                } else if let Some((target, anchor)) =
                    dest_url.strip_prefix("@/").and_then(|r| r.split_once('#'))
                {
                    out.anchor_links.push((
                        line,
                        Some(target.trim_end_matches('/').to_owned()),
                        anchor.to_owned(),
                    ));
                }
                let (href, external) = match resolve_link(&dest_url, resolver) {
                    Ok(r) => r,
                    Err((msg, help)) => {
                        out.errors.push((line, msg, help));
                        ("#".to_owned(), false)
                    }
                };
                link_stack.push(true);
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape_attr(&title))
                };
                let rel = if external { " rel=\"noopener\"" } else { "" };
                let _ = (link_type == LinkType::Email, id);
                Event::Html(CowStr::from(format!(
                    "<a href=\"{}\"{title_attr}{rel}>",
                    escape_attr(&href)
                )))
            }
            Event::End(TagEnd::Link) => {
                link_stack.pop();
                Event::Html(CowStr::from("</a>"))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest = if dest_url.starts_with('/') {
                    match resolver.site_path(&dest_url) {
                        Ok(u) => CowStr::from(u),
                        Err(msg) => {
                            out.errors.push((
                                line,
                                msg,
                                "images go under static/; link them as `/images/name.png`".into(),
                            ));
                            dest_url
                        }
                    }
                } else if is_dangerous(&dest_url) {
                    out.errors.push((
                        line,
                        format!("image URL `{}` is refused", truncate(&dest_url)),
                        "use an image under static/ or an https:// URL".into(),
                    ));
                    CowStr::from("#")
                } else {
                    dest_url
                };
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                })
            }
            Event::TaskListMarker(done) => {
                let (label, checked) = if done {
                    (opts.task_labels.0, " checked=\"\"")
                } else {
                    (opts.task_labels.1, "")
                };
                let label = if label.is_empty() {
                    if done {
                        "✓"
                    } else {
                        "☐"
                    }
                } else {
                    label
                };
                Event::Html(CowStr::from(format!(
                    "<input type=\"checkbox\" disabled=\"\"{checked} aria-label=\"{}\"> ",
                    escape_attr(label)
                )))
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                if opts.raw_html {
                    Event::Html(CowStr::from(ammonia::clean(&h)))
                } else {
                    Event::Text(h)
                }
            }
            other => other,
        };
        match &event {
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, _, text)) = heading.as_mut() {
                    text.push_str(t);
                } else {
                    out.text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, _, _, text)) = heading.as_mut() {
                    text.push(' ');
                } else {
                    out.text.push('\n');
                }
            }
            // Block ends separate words in the plain text (search, descriptions).
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListDefinition,
            ) if heading.is_none() => {
                out.text.push('\n');
            }
            _ => {}
        }
        match heading.as_mut() {
            Some((_, _, inner, _)) => inner.push(event),
            None => events.push(event),
        }
    }
    out.ids = used_ids;
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out.html = out
        .html
        .replace(
            "<table>",
            "<div class=\"table-wrap\" tabindex=\"0\"><table>",
        )
        .replace("</table>", "</table></div>");
    // Column alignment as classes: pages forbid inline styles (CSP).
    if out.html.contains(" style=\"text-align: ") {
        for a in ["left", "center", "right"] {
            out.html = out.html.replace(
                &format!(" style=\"text-align: {a}\""),
                &format!(" class=\"align-{a}\""),
            );
        }
    }
    out
}

/// Returns the href and whether the link leaves the site.
fn resolve_link(
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

fn truncate(s: &str) -> String {
    let t: String = s.chars().take(60).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

/// Escapes text for an HTML attribute value.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl LinkResolver for Fake {
        fn page_url(&self, id: &str) -> Result<String, String> {
            if id == "modules/a" {
                Ok("/fr/formations/a/".into())
            } else {
                Err(format!("no page `{id}`"))
            }
        }
        fn site_path(&self, path: &str) -> Result<String, String> {
            Ok(path.into())
        }
    }

    fn md(s: &str) -> Rendered {
        render(s, &Fake, &Highlighter::new(), MarkdownOptions::default())
    }

    #[test]
    fn resolves_ids_and_reports_broken_ones_with_line() {
        let r = md("intro\n\n[a](@/modules/a#x) and [b](@/modules/b)\n");
        assert!(
            r.html.contains("href=\"/fr/formations/a/#x\""),
            "{}",
            r.html
        );
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].0, 2);
    }

    #[test]
    fn refuses_javascript_urls_and_escapes_raw_html() {
        let r = md("[x](javascript:alert(1)) <script>alert(1)</script>\n");
        assert!(!r.html.contains("javascript:"));
        assert!(!r.html.contains("<script>"));
        assert_eq!(r.errors.len(), 1);
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = md("## Étape un\n\n## Étape un\n\n### Détail\n");
        assert!(r.html.contains("id=\"etape-un\""));
        assert!(r.html.contains("id=\"etape-un-1\""));
        assert_eq!(r.toc.len(), 3);
    }

    #[test]
    fn plain_text_separates_blocks() {
        let r = md("## Titre\n\nUn paragraphe.\n\n| a | b |\n|---|---|\n| cellule | autre |\n\n- un\n- deux\n");
        for w in ["Titre\n", "paragraphe.\n", "cellule\n", "un\n"] {
            assert!(r.text.contains(w), "{w:?} in {:?}", r.text);
        }
    }

    #[test]
    fn external_links_get_noopener() {
        let r = md("[x](https://example.org)");
        assert!(r.html.contains("rel=\"noopener\""));
    }
}
