//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough,
//! task lists and heading anchors; code highlighted with CSS classes;
//! links to page ids and site paths resolved and checked; ```` ```quiz ````
//! blocks made into quizzes ([`super::quiz`]); French spacing around
//! punctuation in French pages ([`super::typography`]).

use std::cell::RefCell;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use super::escape;
use super::highlight::Highlighter;
use super::images::{self, ImageError, Picture};
use super::quiz::{self, QuizLabels};
use super::typography;

/// What a link in a body points to, once resolved.
pub trait LinkResolver {
    /// Resolves `@/<id>` (without `#anchor`) to a URL in the page's language.
    fn page_url(&self, id: &str) -> Result<String, String>;
    /// Checks a site path (`/fr/formations/x/`, `/images/a.png`) and returns
    /// it with the base path.
    fn site_path(&self, path: &str) -> Result<String, String>;
    /// The label that marks the page `id` as invented (`fictional: true`),
    /// in the language of the page that links; `None` for a real page. A
    /// link to it is followed by the label, as everywhere else on the site.
    fn fictional_label(&self, _id: &str) -> Option<String> {
        None
    }
    /// The image at a site path (`/images/a.png`), read for its size and
    /// variants; `None` when it is not a static file of the site or the
    /// resolver does not read images.
    fn image(&self, _path: &str) -> Option<Result<std::sync::Arc<Picture>, ImageError>> {
        None
    }
    /// Size budget of one image, in kilobytes.
    fn image_budget_kb(&self) -> u64 {
        images::DEFAULT_MAX_KB
    }
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
    /// Warnings (an image over the size budget…), as `errors`.
    pub warnings: Vec<(usize, String, String)>,
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
    /// Words of the quiz component, in the page's language.
    pub quiz_labels: QuizLabels<'a>,
    /// French typography: no-break spaces before `: ; ! ?` and inside « ».
    pub french: bool,
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
    // Code block being collected: language, text, line of its fence.
    let mut code: Option<(String, String, usize)> = None;
    // Open links: the label to print after each (a link to an invented page).
    let mut link_stack: Vec<Option<String>> = Vec::new();
    // Inside an autolink (`<https://…>`), whose text is a URL: no typography.
    let mut in_autolink = false;
    // `<span lang="…">` elements open in the current block (see `lang_span`).
    let mut open_spans = 0usize;
    // Image being collected (its alt text), and how many came before it.
    let mut image: Option<PendingImage> = None;
    let mut images_seen = 0usize;

    let parser = Parser::new_ext(source, options()).into_offset_iter();
    for (event, range) in parser {
        let line = line_of(range.start);
        // Code blocks: collect, then highlight.
        if let Some((lang, text, fence)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) if lang == "quiz" => {
                    let html = render_quiz(
                        text,
                        *fence,
                        resolver,
                        highlighter,
                        opts,
                        &mut used_set,
                        &mut used_ids,
                        &mut out,
                    );
                    events.push(Event::Html(CowStr::from(html)));
                    code = None;
                }
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
        // Images: collect the alt text, then write the whole element.
        if let Some(img) = image.as_mut() {
            match event {
                Event::Text(t) | Event::Code(t) => img.alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => img.alt.push(' '),
                Event::End(TagEnd::Image) => {
                    let img = image.take().unwrap_or_default();
                    let html = image_html(&img, images_seen, resolver, &mut out);
                    images_seen += 1;
                    let alt = img.alt.trim();
                    let event = Event::Html(CowStr::from(html));
                    match heading.as_mut() {
                        Some((_, _, inner, text)) => {
                            text.push_str(alt);
                            inner.push(event);
                        }
                        None => {
                            out.text.push_str(alt);
                            events.push(event);
                        }
                    }
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
                code = Some((lang, String::new(), line));
                continue;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id, mut inner, text)) = heading.take() {
                    for _ in 0..std::mem::take(&mut open_spans) {
                        inner.push(Event::Html(CowStr::from("</span>")));
                    }
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
                        let title = text.trim();
                        out.toc.push(TocEntry {
                            level: lvl,
                            id: id.clone(),
                            title: if opts.french {
                                typography::french(title).into_owned()
                            } else {
                                title.to_owned()
                            },
                        });
                    }
                    out.text.push_str(&text);
                    out.text.push('\n');
                    let mut inner_html = String::new();
                    pulldown_cmark::html::push_html(
                        &mut inner_html,
                        typeset(inner, opts.french).into_iter(),
                    );
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
                let label = dest_url.strip_prefix("@/").and_then(|rest| {
                    let id = rest.split('#').next().unwrap_or(rest);
                    resolver.fictional_label(id.trim_end_matches('/'))
                });
                link_stack.push(label);
                in_autolink = matches!(link_type, LinkType::Autolink | LinkType::Email);
                let title_attr = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape::html(&title))
                };
                let rel = if external { " rel=\"noopener\"" } else { "" };
                let _ = (link_type == LinkType::Email, id);
                Event::Html(CowStr::from(format!(
                    "<a href=\"{}\"{title_attr}{rel}>",
                    escape::html(&href)
                )))
            }
            Event::End(TagEnd::Link) => {
                in_autolink = false;
                match link_stack.pop().flatten() {
                    Some(label) => Event::Html(CowStr::from(format!(
                        "</a> <span class=\"label-fictional\">{}</span>",
                        escape::html(&label)
                    ))),
                    None => Event::Html(CowStr::from("</a>")),
                }
            }
            // An address shown as it is: kept out of typography.
            Event::Text(t) if in_autolink => {
                if let Some((_, _, _, text)) = heading.as_mut() {
                    text.push_str(&t);
                } else {
                    out.text.push_str(&t);
                }
                let html = escape::html(&t);
                match heading.as_mut() {
                    Some((_, _, inner, _)) => inner.push(Event::Html(CowStr::from(html))),
                    None => events.push(Event::Html(CowStr::from(html))),
                }
                continue;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                image = Some(PendingImage {
                    url: dest_url.to_string(),
                    title: title.to_string(),
                    line,
                    alt: String::new(),
                });
                continue;
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
                    escape::html(label)
                )))
            }
            Event::InlineHtml(h) if lang_span(&h).is_some() => {
                open_spans += 1;
                let lang = lang_span(&h).unwrap_or_default();
                Event::Html(CowStr::from(format!("<span lang=\"{lang}\">")))
            }
            Event::InlineHtml(h) if open_spans > 0 && h.trim() == "</span>" => {
                open_spans -= 1;
                Event::Html(CowStr::from("</span>"))
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
        let closes_block = matches!(
            event,
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::TableHead)
        );
        let sink = match heading.as_mut() {
            Some((_, _, inner, _)) => inner,
            None => &mut events,
        };
        if closes_block {
            for _ in 0..std::mem::take(&mut open_spans) {
                sink.push(Event::Html(CowStr::from("</span>")));
            }
        }
        sink.push(event);
    }
    out.ids = used_ids;
    pulldown_cmark::html::push_html(&mut out.html, typeset(events, opts.french).into_iter());
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

/// Joins adjacent text events (the parser splits text at some marks, such
/// as `!`) and, in French, spaces punctuation in them. Code spans, code
/// blocks and HTML are other events, so they are never changed.
fn typeset(events: Vec<Event<'_>>, french: bool) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for e in events {
        match (out.last_mut(), e) {
            (Some(Event::Text(prev)), Event::Text(t)) => {
                let joined = format!("{prev}{t}");
                *prev = CowStr::from(joined);
            }
            (_, e) => out.push(e),
        }
    }
    if french {
        for e in &mut out {
            if let Event::Text(t) = e {
                if let std::borrow::Cow::Owned(s) = typography::french(t) {
                    *t = CowStr::from(s);
                }
            }
        }
    }
    out
}

/// Renders a ```` ```quiz ```` block whose fence is at `fence` (its text
/// starts on the next line): the quiz, or nothing and its errors.
#[allow(clippy::too_many_arguments)]
fn render_quiz(
    text: &str,
    fence: usize,
    resolver: &dyn LinkResolver,
    highlighter: &Highlighter,
    opts: MarkdownOptions,
    used_set: &mut std::collections::HashSet<String>,
    used_ids: &mut Vec<String>,
    out: &mut Rendered,
) -> String {
    let quiz = match quiz::parse(text) {
        Ok(q) => q,
        Err(errors) => {
            for e in errors {
                let line = e.line.map_or(fence, |l| fence + 1 + l);
                out.errors.push((line, e.message, e.help));
            }
            return String::new();
        }
    };
    // An id prefix no heading uses; the quiz's ids are reserved for it.
    let mut n = 1;
    let id = loop {
        let id = format!("quiz-{n}");
        let taken = used_set
            .iter()
            .any(|u| u == &id || u.starts_with(&format!("{id}-")));
        if !taken {
            break id;
        }
        n += 1;
    };
    let mut mine = vec![id.clone(), format!("{id}-title")];
    mine.extend((1..=quiz.questions.len()).map(|i| format!("{id}-q{i}")));
    for m in mine {
        used_set.insert(m.clone());
        used_ids.push(m);
    }
    // Each fragment is rendered as a body of its own, at its line.
    let parts: RefCell<Vec<(usize, Rendered)>> = RefCell::new(Vec::new());
    let sub = |source: &str, line: usize| {
        let r = render(source, resolver, highlighter, opts);
        let html = r.html.clone();
        parts.borrow_mut().push((fence + 1 + line, r));
        html
    };
    let mut inline = |s: &str, line: usize| {
        let html = sub(&quiz::as_inline(s), line);
        let t = html.trim_end();
        match t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
            Some(inner) if !inner.contains("<p>") => inner.to_owned(),
            _ => html,
        }
    };
    let mut block = |s: &str, line: usize| sub(s, line);
    let html = quiz::to_html(&quiz, opts.quiz_labels, &id, &mut inline, &mut block);
    for (line, r) in parts.into_inner() {
        out.text.push_str(&r.text);
        out.text.push('\n');
        out.errors
            .extend(r.errors.into_iter().map(|(l, m, h)| (line + l, m, h)));
        out.anchor_links
            .extend(r.anchor_links.into_iter().map(|(l, t, a)| (line + l, t, a)));
    }
    html
}

/// An image whose alt text is being collected.
#[derive(Debug, Default)]
struct PendingImage {
    url: String,
    title: String,
    line: usize,
    alt: String,
}

/// The HTML of one image of a body, its problems pushed to `out`. Local
/// images get their size, variants and budget check from the resolver;
/// every image needs alternative text or to be marked decorative. `seen`
/// images came before it in the page: all but the first load lazily.
fn image_html(
    img: &PendingImage,
    seen: usize,
    resolver: &dyn LinkResolver,
    out: &mut Rendered,
) -> String {
    let line = img.line;
    let url = img.url.trim();
    let alt = img.alt.trim();
    let title = img.title.trim();
    let decorative = images::is_decorative_marker(title)
        || (!alt.is_empty() && images::is_decorative_marker(alt));
    let shown = truncate(url);
    if decorative && !alt.is_empty() && !images::is_decorative_marker(alt) {
        out.errors.push((
            line,
            format!("image `{shown}` is marked decorative but has alternative text"),
            format!("keep one: `![{alt}]({url})` if it tells something, `![]({url} \"décorative\")` if not"),
        ));
    } else if !decorative && alt.is_empty() {
        out.errors.push((
            line,
            format!("image `{shown}` has no alternative text"),
            format!(
                "describe what it shows between the brackets: `![Carte des régions]({url})`; \
                 if it is only decoration, say so: `![]({url} \"décorative\")`"
            ),
        ));
    }
    let use_ = images::Use {
        alt: if decorative { "" } else { alt },
        title: (!title.is_empty() && !images::is_decorative_marker(title)).then_some(title),
        lazy: seen > 0,
    };
    let mut src = url.to_owned();
    if url.starts_with('/') && !url.starts_with("//") {
        match resolver.site_path(url) {
            Ok(u) => src = u,
            Err(msg) => {
                out.errors.push((
                    line,
                    msg,
                    "images go under static/; link them as `/images/name.png`".into(),
                ));
                src = "#".into();
            }
        }
        if src != "#" {
            match resolver.image(url) {
                Some(Ok(picture)) => {
                    let max_kb = resolver.image_budget_kb();
                    if picture.over_budget(max_kb) {
                        out.warnings.push((
                            line,
                            format!(
                                "image `{}` weighs {} KB, over the {max_kb} KB budget",
                                picture.file,
                                picture.bytes.div_ceil(1024)
                            ),
                            "make it lighter (at most 2400 px wide; JPEG quality 80 for photos), \
                             or raise `images: { max_kb: … }` in academie.yaml"
                                .into(),
                        ));
                    }
                    return picture.html(use_);
                }
                Some(Err(e)) => out.errors.push((line, e.message, e.help)),
                None => {}
            }
        }
    } else if is_dangerous(url) {
        out.errors.push((
            line,
            format!("image URL `{shown}` is refused"),
            "put the image under static/ and link it as `/images/name.png`".into(),
        ));
        src = "#".into();
    } else if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("//") {
        out.warnings.push((
            line,
            format!("image `{shown}` is on another site: the pages will not show it"),
            "the site makes no request to other sites (its Content-Security-Policy only \
             allows its own images): copy the image under static/images/ and link it as \
             `/images/name.png`"
                .into(),
        ));
    } else if !url.contains(':') {
        out.errors.push((
            line,
            format!("image `{shown}` is a relative path, which would change with the page's URL"),
            format!(
                "write its path from static/: `/{}`",
                url.trim_start_matches("./")
            ),
        ));
        src = "#".into();
    }
    let mut html = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape::html(&src),
        escape::html(use_.alt)
    );
    if let Some(t) = use_.title {
        html.push_str(&format!(" title=\"{}\"", escape::html(t)));
    }
    if use_.lazy {
        html.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    html.push('>');
    html
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

/// The language of an inline `<span lang="…">` tag, the one piece of HTML a
/// body may always contain, whatever `raw_html` says: foreign words in a page
/// must carry their language for screen readers (WCAG 3.1.2), and editors
/// write them as `<span lang="fr">Osez l'IA</span>`. Only a well-formed
/// language tag passes (letters, digits and `-`), so nothing else of the
/// tag reaches the page.
fn lang_span(tag: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake;
    impl LinkResolver for Fake {
        fn page_url(&self, id: &str) -> Result<String, String> {
            if id == "modules/a" {
                Ok("/fr/formations/a/".into())
            } else if id == "use-cases/inv" {
                Ok("/fr/cas-usage/inv/".into())
            } else {
                Err(format!("no page `{id}`"))
            }
        }
        fn site_path(&self, path: &str) -> Result<String, String> {
            Ok(path.into())
        }
        fn fictional_label(&self, id: &str) -> Option<String> {
            (id == "use-cases/inv").then(|| "Cas fictif".to_owned())
        }
    }

    #[test]
    fn links_to_invented_pages_are_followed_by_their_label() {
        let r = md("Voir [ce cas](@/use-cases/inv#x) et [celui-ci](@/modules/a).\n");
        assert!(
            r.html.contains("<a href=\"/fr/cas-usage/inv/#x\">ce cas</a> <span class=\"label-fictional\">Cas fictif</span> et"),
            "{}",
            r.html
        );
        assert!(r.html.contains("celui-ci</a>."), "{}", r.html);
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
    fn keeps_language_spans_and_nothing_else_of_the_tag() {
        let r = md(
            "The <span lang=\"fr\">Osez l'IA</span> plan.\n\n## A <span lang='fr'>titre</span>\n",
        );
        assert!(
            r.html
                .contains("The <span lang=\"fr\">Osez l’IA</span> plan."),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("A <span lang=\"fr\">titre</span>"),
            "{}",
            r.html
        );
        // Any other attribute, a bad tag or a stray closing tag stays text.
        let r = md(
            "<span lang=\"fr\" onclick=\"x()\">a</span> <span lang=\"f\\\"r\">b</span> c</span>\n",
        );
        assert!(!r.html.contains("<span"), "{}", r.html);
        // A span left open is closed with its paragraph.
        let r = md("<span lang=\"en\">open\n\nnext\n");
        assert!(
            r.html.contains("<span lang=\"en\">open</span></p>"),
            "{}",
            r.html
        );
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

    fn labels() -> QuizLabels<'static> {
        QuizLabels {
            title: "Quiz",
            hint: "Ouvrez une réponse.",
            right: "Bonne réponse",
            wrong: "Mauvaise réponse",
        }
    }

    fn fr(s: &str) -> Rendered {
        let opts = MarkdownOptions {
            french: true,
            quiz_labels: labels(),
            ..MarkdownOptions::default()
        };
        render(s, &Fake, &Highlighter::new(), opts)
    }

    const QUIZ: &str = "## Testez-vous\n\n```quiz\n? Quelle est *la* première étape ?\n- [ ] Acheter un outil\n  > Non : voir [le module](@/modules/a#etapes).\n- [x] Définir le besoin\n  > Oui.\n```\n\nAprès.\n";

    #[test]
    fn a_quiz_block_becomes_details_with_inline_markdown_and_resolved_links() {
        let r = fr(QUIZ);
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(!r.html.contains("language-quiz"), "{}", r.html);
        assert!(
            r.html.contains("<p class=\"quiz-prompt\" id=\"quiz-1-q1\">Quelle est <em>la</em> première étape\u{202F}?</p>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<summary>Acheter un outil</summary>"));
        assert!(r.html.contains("<strong>Mauvaise réponse</strong>"));
        assert!(
            r.html.contains(
                "<p>Non\u{A0}: voir <a href=\"/fr/formations/a/#etapes\">le module</a>.</p>"
            ),
            "{}",
            r.html
        );
        // The link's anchor is checked like any other, at the feedback's line.
        assert_eq!(
            r.anchor_links,
            [(5, Some("modules/a".into()), "etapes".into())]
        );
        assert!(r.ids.contains(&"quiz-1-title".to_owned()));
        assert!(r.text.contains("Acheter un outil"), "{:?}", r.text);
    }

    #[test]
    fn quiz_errors_are_at_their_line_of_the_body() {
        // Line 0: heading; the fence is line 2; the question line 3.
        let r = fr(
            "## Q\n\n```quiz\n? Sans bonne réponse\n- [ ] a\n  > f\n- [ ] b\n  > g\nperdu\n```\n",
        );
        let lines: Vec<usize> = r.errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, [3, 8], "{:?}", r.errors);
        assert!(r.errors[0].1.contains("no right answer"));
        assert!(r.errors[1].2.contains("`? …`"));
        // A broken link in a feedback is reported at the feedback's line.
        let r = fr("```quiz\n? Q\n- [x] a\n  > ok\n- [ ] b\n  > voir [x](@/modules/nope)\n```\n");
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert_eq!(r.errors[0].0, 5);
    }

    #[test]
    fn two_quizzes_get_their_own_ids() {
        let one = "```quiz\n? Q\n- [x] a\n  > f\n- [ ] b\n  > g\n```\n";
        let r = fr(&format!("## Quiz 1\n\n{one}\n{one}"));
        assert!(
            r.html.contains("id=\"quiz-1\""),
            "heading keeps its id: {}",
            r.html
        );
        assert!(r.html.contains("id=\"quiz-2-title\""));
        assert!(r.html.contains("id=\"quiz-3-title\""));
    }

    #[test]
    fn french_typography_spares_code_urls_and_attributes() {
        let src = "Vraiment ? Le plan « Osez l'IA » : voir <https://www.cnil.fr/?a=b> à 10:30 ; `a ? b : c` !\n\n```python\nx = a ? b : c\n```\n\n[lien ?](https://x.fr/?q \"titre ?\")\n";
        let r = fr(src);
        assert!(
            r.html
                .contains("Vraiment\u{202F}? Le plan «\u{202F}Osez l’IA\u{202F}»\u{A0}: voir"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(">https://www.cnil.fr/?a=b</a>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("à 10:30\u{202F};"), "{}", r.html);
        assert!(
            r.html.contains("<code>a ? b : c</code>\u{202F}!"),
            "{}",
            r.html
        );
        assert!(
            !r.html.contains("b\u{A0}: c"),
            "code block untouched: {}",
            r.html
        );
        assert!(r.html.contains("title=\"titre ?\""), "{}", r.html);
        assert!(r.html.contains(">lien\u{202F}?</a>"), "{}", r.html);
    }

    #[test]
    fn headings_and_their_toc_entries_get_french_spacing() {
        let r = fr("## Pourquoi ?\n");
        assert!(r.html.contains("Pourquoi\u{202F}?"), "{}", r.html);
        assert_eq!(r.toc[0].title, "Pourquoi\u{202F}?");
        assert!(r.html.contains("id=\"pourquoi\""));
    }

    #[test]
    fn english_pages_keep_their_spaces() {
        let r = md("Really ? Yes : « this » ; no !\n");
        assert!(
            r.html.contains("Really ? Yes : « this » ; no !"),
            "{}",
            r.html
        );
    }

    #[test]
    fn images_need_alt_text_or_a_decorative_marker() {
        let r = md("![](/a.png)\n\n![ ](/b.png)\n");
        let lines: Vec<usize> = r.errors.iter().map(|e| e.0).collect();
        assert_eq!(lines, vec![0, 2], "{:?}", r.errors);
        let r = md("![](/a.png \"Décorative\") ![Carte des régions](/b.png)\n");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(
            r.html.contains("<img src=\"/a.png\" alt=\"\">"),
            "{}",
            r.html
        );
        // Below the first image: lazy; the marker is no tooltip.
        assert!(
            r.html
                .contains("alt=\"Carte des régions\" loading=\"lazy\" decoding=\"async\">"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("title="), "{}", r.html);
        assert!(r.text.contains("Carte des régions"));
    }

    #[test]
    fn image_urls_are_checked() {
        let r = md("![a](javascript:alert(1))\n\n![b](https://x.org/b.png)\n\n![c](c.png)\n");
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert_eq!(r.errors.len(), 2, "{:?}", r.errors);
        assert_eq!(r.errors[1].0, 4);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert_eq!(r.warnings[0].0, 2);
    }

    #[test]
    fn external_links_get_noopener() {
        let r = md("[x](https://example.org)");
        assert!(r.html.contains("rel=\"noopener\""));
    }
}
