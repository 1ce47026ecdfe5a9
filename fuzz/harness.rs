//! What each fuzz target checks, shared by the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`) and the corpus replay of the normal test suite
//! (`tests/robustness/fuzz_replay.rs`), so both hold an input to the same promises:
//!
//! - no input panics;
//! - a content file either parses or yields at least one located error
//!   naming it, never both;
//! - Markdown never carries a script, an event handler or a `javascript:` /
//!   `data:` URL into the page, and without `raw_html` no tag of the input
//!   survives as a tag;
//! - any search text gives results (never an error), whose snippets are
//!   escaped text with `<mark>` as their only markup.
//!
//! A failed promise panics with what was broken: libFuzzer records the input
//! as a crash, the replay test fails naming the corpus file.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use academie::content::{parse_document, split, Collection, SourceFile};
use academie::diagnostics::Diagnostic;
use academie::render::highlight::Highlighter;
use academie::render::markdown::{render, LinkResolver, MarkdownOptions};
use academie::taxonomy::Taxonomies;

/// The repository root: the package being compiled is either the root
/// (`cargo test`) or `fuzz/` (`cargo fuzz`).
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if here.join("data/taxonomies.yaml").is_file() {
        here
    } else {
        here.parent().expect("fuzz/ has a parent").to_path_buf()
    }
}

/// The bundled catalogue's vocabularies, loaded once.
pub fn taxonomies() -> &'static Taxonomies {
    static TAX: OnceLock<Taxonomies> = OnceLock::new();
    TAX.get_or_init(|| {
        let abs = repo_root().join("data/taxonomies.yaml");
        let (tax, diags) = Taxonomies::load(
            &[(abs, PathBuf::from("data/taxonomies.yaml"))],
            &["fr".to_string(), "en".to_string()],
            "fr",
        );
        assert!(
            !diags.iter().any(Diagnostic::is_error),
            "bundled taxonomies do not load: {diags:?}"
        );
        tax
    })
}

pub fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

/// The text the build hands to the parser: UTF-8, no BOM, LF line endings
/// (what `academie::content::read_text` does after reading the file).
pub fn normalise(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Some(text.replace("\r\n", "\n").replace('\r', "\n"))
}

// ---------------------------------------------------------------------------
// Front matter

/// Splits and validates `bytes` as a content file of a collection chosen by
/// the first byte. Returns whether it parsed.
pub fn front_matter(bytes: &[u8]) -> bool {
    let (collection, rest) = match bytes.split_first() {
        Some((b, rest)) => (Collection::ALL[usize::from(*b) % 4], rest),
        None => (Collection::Pages, bytes),
    };
    let Some(text) = normalise(rest) else {
        return false;
    };
    front_matter_text(collection, &text)
}

pub fn front_matter_text(collection: Collection, text: &str) -> bool {
    // split: both parts are slices of the text, in order, lines counted right.
    if let Ok(s) = split(text) {
        let fm = s.front_matter.as_ptr() as usize - text.as_ptr() as usize;
        let body = s.body.as_ptr() as usize - text.as_ptr() as usize;
        assert!(fm + s.front_matter.len() <= body && body + s.body.len() == text.len());
        assert_eq!(s.front_matter_line, 2);
        assert_eq!(
            s.body_line,
            text[..body].matches('\n').count() + 1 + usize::from(!text[..body].ends_with('\n')),
            "body_line of {text:?}"
        );
    }

    let path = PathBuf::from(format!("content/{}/fuzz.md", collection.dir()));
    let file = SourceFile {
        abs: repo_root().join(&path),
        path: path.clone(),
        collection,
        slug: "fuzz".into(),
        lang: "fr".into(),
        layer: 0,
    };
    let mut diags = Vec::new();
    let doc = parse_document(&file, text, taxonomies(), &mut diags);
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    match &doc {
        Some(_) => assert!(errors.is_empty(), "parsed, yet errors: {errors:?}"),
        None => assert!(!errors.is_empty(), "refused without an error"),
    }
    let lines = text.split('\n').count();
    for d in &diags {
        assert_eq!(d.file, path, "diagnostic names another file: {d:?}");
        assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        if let Some(p) = d.position {
            assert!(
                p.line >= 1 && p.line <= lines + 1,
                "line {} outside a {lines}-line file: {d:?}",
                p.line
            );
        }
    }
    doc.is_some()
}

// ---------------------------------------------------------------------------
// Markdown

/// A resolver that accepts `@/<collection>/<slug>` ids and site paths made
/// of safe characters, and refuses the rest (as the site's does).
pub struct FuzzResolver;

impl LinkResolver for FuzzResolver {
    fn page_url(&self, id: &str) -> Result<String, String> {
        match id.split_once('/') {
            Some((c, slug))
                if Collection::from_dir(c).is_some() && academie::content::is_valid_slug(slug) =>
            {
                Ok(format!("/base/fr/{c}/{slug}/"))
            }
            _ => Err(format!("no page has the id `{id}`")),
        }
    }

    fn site_path(&self, path: &str) -> Result<String, String> {
        if path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_.".contains(c))
        {
            Ok(format!("/base{path}"))
        } else {
            Err(format!("`{path}` is not a page or a file of the site"))
        }
    }
}

/// Elements the Markdown renderer itself writes. With `raw_html: false`
/// nothing else may appear.
const MARKDOWN_ELEMENTS: &[&str] = &[
    "html",
    "head",
    "body",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "img",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "span",
    "ul",
    "ol",
    "li",
    "blockquote",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
    "input",
    "sup",
    "div",
];

/// Elements that run or embed code: never in a rendered body.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "object", "embed", "frame", "frameset", "style", "link", "meta", "base",
    "form", "svg", "math", "template", "noscript", "applet",
];

/// Renders `bytes` as Markdown with and without raw HTML, and checks the
/// promises on both outputs.
pub fn markdown(bytes: &[u8]) {
    let source = String::from_utf8_lossy(bytes);
    for raw_html in [false, true] {
        let r = render(
            &source,
            &FuzzResolver,
            highlighter(),
            MarkdownOptions {
                raw_html,
                task_labels: ("fait", "à faire"),
                ..Default::default()
            },
        );
        check_html(&r.html, raw_html);
        let body_lines = source.split('\n').count();
        for e in &r.errors {
            assert!(
                e.line < body_lines,
                "error line {} past the body: {}",
                e.line,
                e.message
            );
        }
        for t in &r.toc {
            assert!((2..=3).contains(&t.level));
            assert!(
                r.html.contains(&format!(" id=\"{}\"", t.id)),
                "toc entry {:?} has no target",
                t.id
            );
        }
    }
}

/// `true` when a URL would run code or embed arbitrary content.
pub fn is_dangerous_url(url: &str) -> bool {
    let u: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "file:"]
        .iter()
        .any(|s| u.starts_with(s))
}

/// Checks rendered HTML as a browser would read it (html5ever).
pub fn check_html(html: &str, raw_html: bool) {
    let doc = scraper::Html::parse_fragment(html);
    for node in doc.tree.nodes() {
        let scraper::Node::Element(e) = node.value() else {
            continue;
        };
        let name = e.name();
        assert!(
            !FORBIDDEN_ELEMENTS.contains(&name),
            "<{name}> in the output:\n{html}"
        );
        if !raw_html {
            assert!(
                MARKDOWN_ELEMENTS.contains(&name),
                "<{name}> survived with raw_html: false:\n{html}"
            );
        }
        for (attr, value) in e.attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "event handler {attr}={value:?} in the output:\n{html}"
            );
            if matches!(
                attr,
                "href" | "src" | "action" | "formaction" | "xlink:href" | "srcset" | "poster"
            ) {
                assert!(
                    !is_dangerous_url(value),
                    "{attr}={value:?} in the output:\n{html}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Search

/// A small French index over a temporary directory, opened once.
pub fn engine() -> &'static search_index::Engine {
    static ENGINE: OnceLock<search_index::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        use search_index::SearchDocument;
        let doc = |id: &str, title: &str, summary: &str, body: &str, facets: &[(&str, &str)]| {
            SearchDocument {
                id: id.into(),
                kind: id.split('/').next().unwrap().into(),
                title: title.into(),
                summary: summary.into(),
                body: body.into(),
                url: format!("/fr/{id}/"),
                facets: facets
                    .iter()
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .collect(),
                tags: Vec::new(),
                fictional: false,
            }
        };
        let docs =
            vec![
            doc(
                "modules/ecrire-un-prompt",
                "Écrire un prompt efficace",
                "Les bases pour dialoguer avec un grand modèle de langage.",
                "Un grand modèle de langage répond mieux à une consigne précise. \
                 L'IA générative ne remplace pas l'expertise métier. <b>gras</b> & \"guillemets\"",
                &[("sector", "services"), ("level", "decouverte")],
            ),
            doc(
                "use-cases/maintenance-predictive",
                "Maintenance prédictive <script>alert(1)</script>",
                "Des capteurs et un modèle d'apprentissage anticipent les pannes.",
                "La maintenance des machines est planifiée grâce aux données. \
                 <img src=x onerror=alert(1)> La sécurité des opérateurs s'améliore.",
                &[("sector", "industrie"), ("region", "44")],
            ),
            doc(
                "ambassadors/jeanne-martin",
                "Jeanne Martin",
                "Ambassadrice de l'IA dans l'industrie.",
                "Ingénieure, elle accompagne les PME industrielles sur la sécurité des données.",
                &[("sector", "industrie"), ("region", "44")],
            ),
            doc("pages/a-propos", "À propos", "", "L'Académie de l'IA forme les entreprises.", &[]),
        ];
        let synonyms = vec![
            vec!["ia".to_string(), "intelligence artificielle".to_string()],
            vec!["llm".to_string(), "grand modèle de langage".to_string()],
        ];
        let dir = std::env::temp_dir().join(format!("academie-fuzz-index-{}", std::process::id()));
        search_index::write_index(&dir, "fr", docs, &synonyms, &BTreeMap::new())
            .expect("fixture index written");
        let (engine, _cache) = search_index::writer::open_dir(&dir).expect("fixture index opens");
        // The engine keeps its index file open, so the folder can go now:
        // every fuzz process would otherwise leave one behind in /tmp.
        let _ = std::fs::remove_dir_all(&dir);
        engine
    })
}

/// Runs `bytes` as a search: the first byte picks a limit and facets, the
/// rest is the typed text. Also runs it as the JSON the browser sends, when
/// it is one.
pub fn search_query(bytes: &[u8]) {
    let (ctl, rest) = bytes.split_first().map_or((0u8, bytes), |(c, r)| (*c, r));
    let text = String::from_utf8_lossy(rest).into_owned();

    // The analysis on its own: spans in bounds, on char boundaries, ordered.
    let mut last = 0;
    for (a, b) in search_index::analysis::split_words(&text) {
        assert!(last <= a && a < b && b <= text.len());
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        last = b;
    }
    for lang in ["fr", "en", "br"] {
        for stemmed in [false, true] {
            let _ = search_index::analysis::Pipeline::for_language(lang, stemmed).terms(&text);
        }
    }

    let mut facets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    if ctl & 0x40 != 0 {
        facets
            .entry("sector".into())
            .or_default()
            .insert("industrie".into());
    }
    if ctl & 0x80 != 0 {
        facets
            .entry("region".into())
            .or_default()
            .insert("44".into());
        facets
            .entry("type".into())
            .or_default()
            .insert("nope".into());
    }
    let q = search_index::Query {
        text,
        facets,
        limit: usize::from(ctl & 0x3f),
        counts: ctl & 0x20 == 0,
        snippets: true,
    };
    check_search(&q);

    if let Ok(q) = serde_json::from_slice::<search_index::Query>(bytes) {
        if q.limit <= 1000 {
            check_search(&q);
        }
    }
}

pub fn check_search(q: &search_index::Query) {
    let r = engine()
        .search(q)
        .unwrap_or_else(|e| panic!("search of {q:?} failed: {e}"));
    if !q.counts && q.facets.values().all(|keys| keys.is_empty()) {
        assert!(r.facet_counts.is_empty(), "counts not asked for: {q:?}");
    }
    // Counting by facet changes nothing of the hits.
    let other = search_index::Query {
        counts: !q.counts,
        ..q.clone()
    };
    let r2 = engine()
        .search(&other)
        .expect("the same query with(out) counts");
    assert_eq!((r.total, &r.hits), (r2.total, &r2.hits), "{q:?}");
    let limit = if q.limit == 0 { 10 } else { q.limit };
    assert!(
        r.hits.len() <= limit,
        "{} hits over a limit of {limit}",
        r.hits.len()
    );
    assert!(
        r.total >= r.hits.len() as u64,
        "total {} < hits {}",
        r.total,
        r.hits.len()
    );
    for h in &r.hits {
        assert!(h.score.is_finite(), "score {} for {q:?}", h.score);
        let bare = h.snippet_html.replace("<mark>", "").replace("</mark>", "");
        assert!(
            !bare.contains('<') && !bare.contains('>'),
            "unescaped markup in a snippet for {q:?}: {}",
            h.snippet_html
        );
        assert_eq!(
            h.snippet_html.matches("<mark>").count(),
            h.snippet_html.matches("</mark>").count(),
            "unbalanced <mark> in {}",
            h.snippet_html
        );
    }
}
