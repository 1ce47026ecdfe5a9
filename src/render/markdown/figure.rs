//! Images in a body: the `<img>` (or `<picture>`) element, with the
//! checks every image goes through (alternative text, where it lives, its
//! weight).

use super::links::{is_dangerous, truncate};
use super::{LinkResolver, Problem, Rendered};
use crate::render::escape;
use crate::render::images;

/// An image whose alt text is being collected.
#[derive(Debug, Default)]
pub(super) struct PendingImage {
    pub(super) url: String,
    pub(super) title: String,
    pub(super) line: usize,
    pub(super) alt: String,
}

/// The HTML of one image of a body, its problems pushed to `out`. Local
/// images get their size, variants and budget check from the resolver;
/// every image needs alternative text or to be marked decorative. `seen`
/// images came before it in the page: all but the first load lazily.
pub(super) fn image_html(
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
        out.errors.push(Problem::new(
            line,
            format!("image `{shown}` is marked decorative but has alternative text"),
            format!("keep one: `![{alt}]({url})` if it tells something, `![]({url} \"décorative\")` if not"),
        ));
    } else if !decorative && alt.is_empty() {
        out.errors.push(Problem::new(
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
                out.errors.push(Problem::new(
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
                        out.warnings.push(Problem::new(
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
                Some(Err(e)) => out.errors.push(Problem::new(line, e.message, e.help)),
                None => {}
            }
        }
    } else if is_dangerous(url) {
        out.errors.push(Problem::new(
            line,
            format!("image URL `{shown}` is refused"),
            "put the image under static/ and link it as `/images/name.png`".into(),
        ));
        src = "#".into();
    } else if url.starts_with("https://") || url.starts_with("http://") || url.starts_with("//") {
        out.warnings.push(Problem::new(
            line,
            format!("image `{shown}` is on another site: the pages will not show it"),
            "the site makes no request to other sites (its Content-Security-Policy only \
             allows its own images): copy the image under static/images/ and link it as \
             `/images/name.png`"
                .into(),
        ));
    } else if !url.contains(':') {
        out.errors.push(Problem::new(
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
