//! Unit tests of the Markdown renderer.

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
    assert_eq!(r.errors[0].line, 2);
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
    let r =
        md("The <span lang=\"fr\">Osez l'IA</span> plan.\n\n## A <span lang='fr'>titre</span>\n");
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
    let r =
        md("<span lang=\"fr\" onclick=\"x()\">a</span> <span lang=\"f\\\"r\">b</span> c</span>\n");
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
    let r = md(
        "## Titre\n\nUn paragraphe.\n\n| a | b |\n|---|---|\n| cellule | autre |\n\n- un\n- deux\n",
    );
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
        r.html
            .contains("<p>Non\u{A0}: voir <a href=\"/fr/formations/a/#etapes\">le module</a>.</p>"),
        "{}",
        r.html
    );
    // The link's anchor is checked like any other, at the feedback's line.
    assert_eq!(
        r.anchor_links,
        [AnchorLink {
            line: 5,
            target: Some("modules/a".into()),
            anchor: "etapes".into()
        }]
    );
    assert!(r.ids.contains(&"quiz-1-title".to_owned()));
    assert!(r.text.contains("Acheter un outil"), "{:?}", r.text);
}

#[test]
fn quiz_errors_are_at_their_line_of_the_body() {
    // Line 0: heading; the fence is line 2; the question line 3.
    let r =
        fr("## Q\n\n```quiz\n? Sans bonne réponse\n- [ ] a\n  > f\n- [ ] b\n  > g\nperdu\n```\n");
    let lines: Vec<usize> = r.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 8], "{:?}", r.errors);
    assert!(r.errors[0].message.contains("no right answer"));
    assert!(r.errors[1].help.contains("`? …`"));
    // A broken link in a feedback is reported at the feedback's line.
    let r = fr("```quiz\n? Q\n- [x] a\n  > ok\n- [ ] b\n  > voir [x](@/modules/nope)\n```\n");
    assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
    assert_eq!(r.errors[0].line, 5);
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
    let lines: Vec<usize> = r.errors.iter().map(|e| e.line).collect();
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
    assert_eq!(r.errors[1].line, 4);
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert_eq!(r.warnings[0].line, 2);
}

#[test]
fn external_links_get_noopener() {
    let r = md("[x](https://example.org)");
    assert!(r.html.contains("rel=\"noopener\""));
}
