//! The fuzz targets' promises, held in the normal test suite (issue 7).
//!
//! - Every file of the committed corpora (`fuzz/corpus/<target>/`) goes
//!   through the very checks the fuzz target runs (`fuzz/harness.rs`), so a
//!   regression on an input the fuzzer once found interesting fails here,
//!   without libFuzzer or a nightly feature.
//! - Seeded generators (property tests without a dependency: the same seed
//!   gives the same inputs, and a failure prints the input) assemble
//!   Markdown and front matter from hostile pieces.
//! - Reproducers of the bugs fuzzing found are plain tests at the end.

use crate::harness;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use academie::content::Collection;
use academie::render::markdown::{render, MarkdownOptions};

/// Runs `check` on each file of `fuzz/corpus/<target>` and reports every
/// failure (file and panic message), not only the first.
fn replay(target: &str, check: fn(&[u8])) {
    let dir = harness::repo_root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "empty corpus {}", dir.display());
    assert!(
        files.len() <= 100,
        "{} holds {} files: minimise it (docs/robustness.md)",
        dir.display(),
        files.len()
    );
    let failures = failures(&files, check);
    assert!(
        failures.is_empty(),
        "{} of {} corpus files fail:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

fn failures(files: &[PathBuf], check: fn(&[u8])) -> Vec<String> {
    let mut out = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).unwrap();
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| check(&bytes))) {
            out.push(format!("  {}: {}", f.display(), panic_message(&e)));
        }
    }
    out
}

fn panic_message(e: &Box<dyn std::any::Any + Send>) -> String {
    let s = e
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into());
    s.chars().take(600).collect()
}

#[test]
fn front_matter_corpus_replays() {
    replay("front_matter", |b| {
        harness::front_matter(b);
    });
}

#[test]
fn markdown_corpus_replays() {
    replay("markdown", harness::markdown);
}

#[test]
fn search_query_corpus_replays() {
    replay("search_query", harness::search_query);
}

// ---------------------------------------------------------------------------
// Seeded generators

/// xorshift64*: small, deterministic, good enough to pick pieces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
}

const MD_PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "{#",
    "}",
    " {.c}",
    "\n",
    "\n\n",
    "texte ",
    "Étape 1",
    "*",
    "**",
    "_",
    "~~",
    "`",
    "```",
    "```python\n",
    "```html\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "|",
    "|:--|--:|\n",
    "[",
    "](",
    ")",
    "![",
    "[^1]",
    "[^1]: ",
    "<",
    ">",
    "</",
    "script",
    "div",
    "a",
    "img",
    " src=",
    " href=",
    " onerror=",
    " onclick=",
    "\"",
    "'",
    "javascript:",
    "JaVaScRiPt:",
    "data:text/html,",
    "&#106;",
    "&colon;",
    "&lt;",
    "@/modules/ecrire-un-prompt",
    "@/",
    "/fr/",
    "https://example.org/",
    "#",
    "\t",
    "\\",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "\u{0}",
    "é",
    "’",
    "alert(1)",
    "=",
    " ",
    "<style>",
    "<iframe",
    "<svg onload=x>",
    "<math>",
    "<textarea>",
    "<noscript>",
    "<template>",
    "<object data=x>",
    "\"onmouseover=alert(1)",
];

#[test]
fn generated_markdown_keeps_its_promises() {
    let mut rng = Rng(0x0ac4_de11_e000_0001);
    for case in 0..3000 {
        let n = 1 + rng.below(40);
        let src: String = (0..n).map(|_| rng.pick(MD_PIECES)).collect();
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| harness::markdown(src.as_bytes()))) {
            panic!("case {case}: {}\ninput: {src:?}", panic_message(&e));
        }
    }
}

const YAML_KEYS: &[&str] = &[
    "title",
    "summary",
    "audiences",
    "level",
    "duration_minutes",
    "format",
    "objectives",
    "updated",
    "slug",
    "draft",
    "weight",
    "sector",
    "company_size",
    "region",
    "organisation",
    "ai_techniques",
    "solution",
    "results",
    "name",
    "role",
    "kind",
    "contact_url",
    "tags",
    "prerequisites",
    "related_modules",
    "ambassadors",
    "sumary",
    "titre",
    "<<",
    "? ",
];
const YAML_VALUES: &[&str] = &[
    "a",
    "\"\"",
    "''",
    "[]",
    "{}",
    "~",
    "null",
    "true",
    "yes",
    "0",
    "-1",
    "1e400",
    ".nan",
    "99999999999999999999",
    "-9223372036854775809",
    "2026-03-12",
    "2026-02-30",
    "0001-01-01",
    "[dirigeants]",
    "[nope]",
    "decouverte",
    "industrie",
    "\"44\"",
    "44",
    "01",
    "national",
    "&a x",
    "*a",
    "*b",
    "!!binary aGk=",
    "!tag x",
    "|\n  bloc",
    ">\n  plie",
    "[a, [b, [c]]]",
    "{name: n, origin: eu}",
    "{origin: mars}",
    "- x",
    "javascript:alert(1)",
    "https://e.org",
    "mailto:a@b.c",
    "\"\\u0000\"",
    "\"\\uD800\"",
    "\t",
    ": :",
    "@x",
    "`x`",
    "%",
    "é",
    "[modules/ecrire-un-prompt]",
    "[{metric: m, value: v}]",
];

#[test]
fn generated_front_matter_keeps_its_promises() {
    let mut rng = Rng(0x0ac4_de11_e000_0002);
    for case in 0..3000 {
        let collection = Collection::ALL[rng.below(4)];
        let mut text = String::from(if rng.below(20) == 0 {
            "--- \n"
        } else {
            "---\n"
        });
        for _ in 0..rng.below(12) {
            let indent = if rng.below(6) == 0 { "  " } else { "" };
            let key = rng.pick(YAML_KEYS);
            let value = rng.pick(YAML_VALUES);
            text.push_str(&format!("{indent}{key}: {value}\n"));
        }
        if rng.below(10) != 0 {
            text.push_str("---\n");
        }
        text.push_str("Corps.\n");
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| {
            harness::front_matter_text(collection, &text)
        })) {
            panic!(
                "case {case} ({collection}): {}\ninput:\n{text}",
                panic_message(&e)
            );
        }
    }
}

#[test]
fn generated_search_text_keeps_its_promises() {
    let pieces = [
        "maintenance",
        "mainte",
        "prédictive",
        "IA",
        "ia",
        "intelligence",
        "artificielle",
        "l'",
        "’",
        " ",
        "  ",
        "\"",
        "-",
        "*",
        ":",
        "~",
        "^",
        "(",
        ")",
        "<script>",
        "&",
        "é",
        "Œ",
        "ß",
        "İ",
        "ﬁ",
        "\u{301}",
        "0",
        "44",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "\u{0}",
        "\n",
    ];
    let mut rng = Rng(0x0ac4_de11_e000_0003);
    for case in 0..400 {
        let n = rng.below(10);
        let mut bytes = vec![rng.next() as u8];
        for _ in 0..n {
            bytes.extend_from_slice(rng.pick(&pieces).as_bytes());
        }
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| harness::search_query(&bytes))) {
            panic!(
                "case {case}: {}\ninput: {:?}",
                panic_message(&e),
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Plain cases the promises cover

fn md(source: &str, raw_html: bool) -> String {
    render(
        source,
        &harness::FuzzResolver,
        harness::highlighter(),
        MarkdownOptions {
            raw_html,
            task_labels: ("fait", "à faire"),
            ..Default::default()
        },
    )
    .html
}

#[test]
fn raw_html_is_text_unless_allowed_and_sanitised_when_allowed() {
    let src = "<script>alert(1)</script>\n\n<p onclick=\"x()\">a <b>b</b></p>\n";
    let off = md(src, false);
    assert!(!off.contains("<script") && !off.contains("<b>"), "{off}");
    assert!(off.contains("&lt;script&gt;"), "{off}");
    let on = md(src, true);
    assert!(
        !on.to_lowercase().contains("<script") && !on.contains("onclick"),
        "{on}"
    );
    assert!(on.contains("<b>b</b>"), "{on}");
}

#[test]
fn dangerous_link_schemes_are_refused_with_an_error() {
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
    ] {
        let src = format!("[x]({url})\n\n<{url}>\n");
        let r = render(
            &src,
            &harness::FuzzResolver,
            harness::highlighter(),
            MarkdownOptions::default(),
        );
        harness::check_html(&r.html, false);
        assert!(!r.errors.is_empty(), "{url} accepted silently: {}", r.html);
    }
}

// ---------------------------------------------------------------------------
// Reproducers of what fuzzing found (see docs/robustness.md). Each fails
// until the bug is fixed in src/; the lead decides when.

#[test]
fn an_explicit_heading_id_cannot_break_out_of_its_attribute() {
    for src in [
        "## Titre {#x\"onmouseover=alert(1)}\n",
        "## Titre {#x'><script>alert(1)</script>}\n",
        "## Titre {#a&b}\n",
    ] {
        for raw_html in [false, true] {
            let html = md(src, raw_html);
            harness::check_html(&html, raw_html);
            assert!(!html.contains("<script"), "{src:?} gave {html}");
        }
    }
}

#[test]
fn ids_in_a_rendered_body_are_unique() {
    let src = "## Note\n\n## Note\n\n## Note-1\n\nTexte[^note].\n\n[^note]: La note.\n\n## fn-note {#note}\n";
    let html = md(src, false);
    let doc = scraper::Html::parse_fragment(&html);
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for e in doc.select(&scraper::Selector::parse("[id]").unwrap()) {
        *seen
            .entry(e.value().attr("id").unwrap().to_string())
            .or_default() += 1;
    }
    let dups: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "duplicate ids {dups:?} in\n{html}");
}

#[test]
fn many_headings_with_the_same_text_render_in_bounded_time() {
    // Each repeated heading scans every id given so far, once per suffix
    // tried: cubic. 1,000 take seconds; 3,000 took 232 s (debug build).
    let src = "## Étape\n\n".repeat(1000);
    let t = std::time::Instant::now();
    let r = render(
        &src,
        &harness::FuzzResolver,
        harness::highlighter(),
        MarkdownOptions::default(),
    );
    assert_eq!(r.toc.len(), 1000);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(2),
        "1000 headings took {:?}",
        t.elapsed()
    );
}

#[test]
fn aligned_table_cells_carry_no_inline_style() {
    // Pages forbid inline styles (Content-Security-Policy without
    // 'unsafe-inline' for styles): a style attribute is dropped by the
    // browser, with a console error.
    let html = md("| a | b |\n|:--|--:|\n| 1 | 2 |\n", false);
    assert!(!html.contains("style="), "{html}");
}
