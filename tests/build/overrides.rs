//! A site overrides the theme: a template by the same path under
//! `templates/`, a UI string in its own `i18n/<lang>.yaml` (only the keys it
//! changes), and `static/` files are copied as they are.

use crate::common;

use common::*;

#[test]
fn site_templates_i18n_and_static_files_override_the_theme() {
    let s = Site::fixture("site");
    s.write(
        "i18n/fr.yaml",
        "skip_link: \"Aller directement au contenu\"\n",
    );
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<article class=\"surcharge\"><h1>{{ page.title }}</h1>\n{{ page.content | safe }}</article>\n{% endblock content %}\n",
    );
    s.write("static/docs/guide.pdf", b"%PDF-1.4 fixture".as_slice());
    s.write(
        "static/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    s.build(&[]).assert_ok();
    let out = s.out();

    let doc = page(&out, "/fr/a-propos/");
    assert!(
        doc.select(&sel("article.surcharge h1")).next().is_some(),
        "the site's page.html is used"
    );
    assert_eq!(text(&doc, "h1").as_deref(), Some("À propos"));
    let home = read(&out, "fr/index.html");
    assert!(
        home.contains("Aller directement au contenu"),
        "the site's UI string is used"
    );
    // Other strings still come from the theme, and English is untouched.
    assert!(read(&out, "en/index.html").contains("Skip to content"));
    // Module pages keep the theme's template.
    assert!(page(&out, "/fr/formations/bases-de-l-ia/")
        .select(&sel("article.surcharge"))
        .next()
        .is_none());
    assert_eq!(
        std::fs::read(out.join("docs/guide.pdf")).unwrap(),
        b"%PDF-1.4 fixture"
    );
    assert!(out.join("img/logo.svg").is_file());
}

#[test]
fn a_static_file_can_be_linked_from_markdown() {
    let s = Site::fixture("site");
    s.write("static/docs/guide.pdf", b"%PDF-1.4 fixture".as_slice());
    s.write(
        "content/pages/guide.md",
        "---\ntitle: \"Guide\"\n---\n\nTélécharger [le guide](/docs/guide.pdf).\n",
    );
    s.build(&[]).assert_ok();
    let out = s.out();
    let doc = page(&out, "/fr/guide/");
    assert!(hrefs(&doc).iter().any(|h| h == "/docs/guide.pdf"));
    // With a sub-path base URL, the link follows it.
    let s2 = Site::fixture("site");
    s2.write("static/docs/guide.pdf", b"%PDF-1.4 fixture".as_slice());
    s2.write(
        "content/pages/guide.md",
        "---\ntitle: \"Guide\"\n---\n\nTélécharger [le guide](/docs/guide.pdf).\n",
    );
    s2.build(&["--base-url", "https://example.org/academie/"])
        .assert_ok();
    let out2 = s2.out();
    let doc = page(&out2, "/fr/guide/");
    assert!(
        hrefs(&doc).iter().any(|h| h == "/academie/docs/guide.pdf"),
        "{:?}",
        hrefs(&doc)
    );
    let broken = broken_links(&out2, "/academie/", "https://example.org/academie");
    let broken: Vec<_> = broken.into_iter().filter(|b| b.contains("guide")).collect();
    assert!(broken.is_empty(), "{broken:#?}");
}
