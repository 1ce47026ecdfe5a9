//! The test helpers are code too: the link crawler, the CSV reader and the
//! XML checker must catch what they are meant to catch, or a green crawl of
//! the catalogue would prove nothing.

use crate::common;

use common::*;

fn fake_output() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let w = |rel: &str, s: &str| {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, s).unwrap();
    };
    w(
        "fr/index.html",
        r##"<!DOCTYPE html><html lang="fr"><body>
        <h2 id="ici">Ici</h2>
        <a href="#ici">ok</a>
        <a href="/base/fr/page/#titre">ok</a>
        <a href="https://site.example/base/fr/page/">ok absolute</a>
        <a href="https://ailleurs.example/x/">external</a>
        <a href="/base/fr/manque/">missing</a>
        <a href="/base/fr/page/#nulle-part">missing anchor</a>
        <a href="#absent">missing local anchor</a>
        <a href="/fr/page/">no base path</a>
        <img src="/base/img/nope.png" alt="">
        </body></html>"##,
    );
    w(
        "fr/page/index.html",
        r#"<!DOCTYPE html><html lang="fr"><body><h1 id="titre">T</h1></body></html>"#,
    );
    dir
}

#[test]
fn the_crawler_finds_every_kind_of_broken_link() {
    let dir = fake_output();
    let problems = broken_links(dir.path(), "/base/", "https://site.example/base");
    let joined = problems.join("\n");
    for expected in [
        "/base/fr/manque/",
        "#nulle-part",
        "#absent",
        "\"/fr/page/\" does not start with the base path",
        "/base/img/nope.png",
    ] {
        assert!(
            joined.contains(expected),
            "crawler reports {expected}:\n{joined}"
        );
    }
    assert_eq!(problems.len(), 5, "and nothing else:\n{joined}");
}

#[test]
fn the_csv_reader_follows_rfc_4180() {
    let rows = parse_csv("a,b,c\r\n1,\"x, \"\"y\"\"\",\"multi\nline\"\n,,\n").unwrap();
    assert_eq!(
        rows,
        vec![
            vec!["a", "b", "c"],
            vec!["1", "x, \"y\"", "multi\nline"],
            vec!["", "", ""],
        ]
    );
    assert!(parse_csv("a,\"b\n").is_err(), "unterminated quote");
    assert!(parse_csv("a,b\"c\n").is_err(), "bare quote");
}

#[test]
fn the_xml_checker_refuses_malformed_documents() {
    assert!(xml_well_formed(
        "<?xml version=\"1.0\"?>\n<feed a=\"1\"><entry><t>x &amp; y</t></entry><e/></feed>\n"
    )
    .is_ok());
    for bad in [
        "<feed><entry></feed>",
        "<feed></feed><feed></feed>",
        "<feed>a & b</feed>",
        "<feed a=1></feed>",
        "<feed>&nbsp;</feed>",
        "<feed><a></b></feed>",
        "text<feed/>",
    ] {
        assert!(xml_well_formed(bad).is_err(), "refused: {bad}");
    }
}
