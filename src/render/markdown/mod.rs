//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough,
//! task lists and heading anchors; code highlighted with CSS classes;
//! links to page ids and site paths resolved and checked; ```` ```quiz ````
//! blocks made into quizzes ([`super::quiz`]); French spacing around
//! punctuation in French pages ([`super::typography`]).

use std::cell::RefCell;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

mod figure;
mod links;

use super::escape;
use super::highlight::Highlighter;
use super::images::{self, ImageError, Picture};
use super::quiz::{self, QuizLabels};
use super::typography;
use figure::{image_html, PendingImage};
use links::{lang_span, resolve_link};

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
    /// Problems that stop the build (a broken link, an image without
    /// alternative text…).
    pub errors: Vec<Problem>,
    /// Warnings (an image over the size budget…).
    pub warnings: Vec<Problem>,
    /// Ids of the body's headings and footnotes, which links may target.
    pub ids: Vec<String>,
    /// Links with an anchor, to check once every body is rendered.
    pub anchor_links: Vec<AnchorLink>,
}

/// A problem found in a body, at its line: what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line, relative to the body's first line, from 0.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Problem {
    pub fn new(line: usize, message: String, help: String) -> Self {
        Problem {
            line,
            message,
            help,
        }
    }

    /// The same problem, `lines` further down (a quiz's fragment is
    /// rendered as a body of its own).
    fn shifted(self, lines: usize) -> Self {
        Problem {
            line: self.line + lines,
            ..self
        }
    }
}

/// A link with an anchor (`#x`, `@/id#x`), checked once every body is
/// rendered, since the target's headings must be known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorLink {
    /// Line, relative to the body's first line, from 0.
    pub line: usize,
    /// The page id it targets; `None`: this page.
    pub target: Option<String>,
    /// The anchor, without `#`.
    pub anchor: String,
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

/// A heading id from its text: lowercase ASCII, accents folded, `-`
/// between words; `section` when the text has nothing to make one of.
pub fn slugify(text: &str) -> String {
    crate::content::slug_of(text).unwrap_or_else(|| "section".into())
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
                    out.anchor_links.push(AnchorLink {
                        line,
                        target: None,
                        anchor: anchor.to_owned(),
                    });
                } else if let Some((target, anchor)) =
                    dest_url.strip_prefix("@/").and_then(|r| r.split_once('#'))
                {
                    out.anchor_links.push(AnchorLink {
                        line,
                        target: Some(target.trim_end_matches('/').to_owned()),
                        anchor: anchor.to_owned(),
                    });
                }
                let (href, external) = match resolve_link(&dest_url, resolver) {
                    Ok(r) => r,
                    Err((msg, help)) => {
                        out.errors.push(Problem::new(line, msg, help));
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
                out.errors.push(Problem::new(line, e.message, e.help));
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
            .extend(r.errors.into_iter().map(|e| e.shifted(line)));
        out.anchor_links
            .extend(r.anchor_links.into_iter().map(|a| AnchorLink {
                line: line + a.line,
                ..a
            }));
    }
    html
}

#[cfg(test)]
mod tests;
