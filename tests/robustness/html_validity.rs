//! Every HTML file of a build of the bundled catalogue is valid HTML as an
//! HTML5 parser reads it (issue 7): no parse error from html5ever (the
//! parser of Servo, which follows the WHATWG tokenizer and tree builder),
//! unique ids, every id reference (`aria-labelledby`, `aria-describedby`,
//! `aria-controls`, `for`, `list`, `headers`, `#fragment` links) pointing to
//! an element of the page, well-formed `lang` values, one `<h1>` and one
//! `<main>` per page.
//!
//! The W3C Nu validator runs too when it is available: set `VNU_JAR` to its
//! jar (the `vnu-jar` npm package ships it; it needs Java). Without it the
//! test prints why it was not run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use scraper::{Html, Selector};

fn site() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("html_validity");
        if out.exists() {
            std::fs::remove_dir_all(&out).unwrap();
        }
        let st = Command::new(env!("CARGO_BIN_EXE_academie"))
            .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "the bundled catalogue does not build:\n{}",
            String::from_utf8_lossy(&st.stderr)
        );
        out
    })
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    v.sort();
    v
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// A BCP 47 tag as the catalogue writes them: `fr`, `en`, `fr-FR`, `br`…
fn valid_lang(l: &str) -> bool {
    let mut parts = l.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn problems_of(rel: &str, raw: &str) -> Vec<String> {
    let doc = Html::parse_document(raw);
    let mut out: Vec<String> = Vec::new();
    let mut p = |m: String| out.push(format!("{rel}: {m}"));

    for e in &doc.errors {
        p(format!("HTML parse error: {e}"));
    }
    if !raw.starts_with("<!DOCTYPE html>") && !raw.starts_with("<!doctype html>") {
        p("does not start with <!DOCTYPE html>".into());
    }
    match doc
        .select(&sel("html"))
        .next()
        .and_then(|h| h.value().attr("lang"))
    {
        Some(l) if valid_lang(l) => {}
        other => p(format!("<html lang> is {other:?}")),
    }
    for e in doc.select(&sel("[lang]")) {
        let l = e.value().attr("lang").unwrap();
        if !valid_lang(l) {
            p(format!(
                "<{} lang=\"{l}\">: not a language tag",
                e.value().name()
            ));
        }
    }
    for (what, n) in [
        ("<h1>", doc.select(&sel("h1")).count()),
        ("<main>", doc.select(&sel("main")).count()),
        ("<title>", doc.select(&sel("head > title")).count()),
    ] {
        if n != 1 {
            p(format!("{n} {what} elements"));
        }
    }

    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for e in doc.select(&sel("[id]")) {
        let id = e.value().attr("id").unwrap();
        if id.is_empty() || id.contains(char::is_whitespace) {
            p(format!("invalid id {id:?}"));
        }
        *ids.entry(id).or_default() += 1;
    }
    for (id, n) in &ids {
        if *n > 1 {
            p(format!("id \"{id}\" used {n} times"));
        }
    }

    for attr in [
        "aria-labelledby",
        "aria-describedby",
        "aria-controls",
        "aria-owns",
        "headers",
    ] {
        for e in doc.select(&sel(&format!("[{attr}]"))) {
            for id in e.value().attr(attr).unwrap().split_whitespace() {
                if !ids.contains_key(id) {
                    p(format!(
                        "{attr}=\"{id}\" on <{}>: no such id",
                        e.value().name()
                    ));
                }
            }
        }
    }
    for (css, attr) in [("label[for]", "for"), ("input[list]", "list")] {
        for e in doc.select(&sel(css)) {
            let id = e.value().attr(attr).unwrap();
            if !ids.contains_key(id) {
                p(format!(
                    "<{} {attr}=\"{id}\">: no such id",
                    e.value().name()
                ));
            }
        }
    }
    let anchors: BTreeSet<&str> = doc
        .select(&sel("a[name]"))
        .filter_map(|e| e.value().attr("name"))
        .collect();
    for e in doc.select(&sel("a[href^='#']")) {
        let frag = &e.value().attr("href").unwrap()[1..];
        let frag = percent_decode(frag);
        if !frag.is_empty()
            && frag != "top"
            && !ids.contains_key(frag.as_str())
            && !anchors.contains(frag.as_str())
        {
            p(format!("link to #{frag}: no such id on the page"));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or(""), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn every_page_of_the_bundled_catalogue_parses_without_error() {
    let out = site();
    let files = html_files(out);
    assert!(files.len() > 100, "only {} HTML files", files.len());
    let mut problems = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(out).unwrap().display().to_string();
        let raw = std::fs::read_to_string(f).unwrap();
        problems.extend(problems_of(&rel, &raw));
    }
    let total = problems.len();
    problems.truncate(80);
    assert!(
        problems.is_empty(),
        "{total} problems in {} files (first 80):\n{}",
        files.len(),
        problems.join("\n")
    );
}

/// The checker itself: each rule fires on a page that breaks it.
#[test]
fn the_checks_catch_what_they_claim_to() {
    let bad = "<!DOCTYPE html><html lang=\"fr_FR\"><head><title>t</title></head><body>\
        <main><h1 id=a>x</h1><h1 id=a>y</h1><label for=nope>l</label>\
        <div aria-labelledby=\"a ghost\"></div><a href=\"#ailleurs\">z</a><p><div></p></main></body></html>";
    let p = problems_of("bad.html", bad).join("\n");
    for needle in [
        "<html lang> is Some(\"fr_FR\")",
        "2 <h1> elements",
        "id \"a\" used 2 times",
        "for=\"nope\"",
        "aria-labelledby=\"ghost\"",
        "#ailleurs",
        "HTML parse error",
    ] {
        assert!(p.contains(needle), "missed {needle}:\n{p}");
    }
    let good = "<!DOCTYPE html><html lang=\"fr\"><head><title>t</title></head><body>\
        <main id=m><h1 id=a>x</h1><a href=\"#m\">z</a><span lang=\"en-GB\">y</span></main></body></html>";
    assert_eq!(problems_of("good.html", good), Vec::<String>::new());
}

/// The W3C Nu HTML checker over the whole build, when `VNU_JAR` is set.
#[test]
fn the_nu_validator_finds_no_error_when_available() {
    let Some(jar) = std::env::var_os("VNU_JAR").map(PathBuf::from) else {
        skipped(
            "SKIPPED Nu validator: VNU_JAR is not set (npm install vnu-jar; \
             VNU_JAR=node_modules/vnu-jar/build/dist/vnu.jar; needs Java)",
        );
        return;
    };
    assert!(jar.is_file(), "VNU_JAR={} is not a file", jar.display());
    let out = site();
    let run = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(out)
        .output()
        .expect("java runs");
    let text =
        String::from_utf8_lossy(&run.stderr).into_owned() + &String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the Nu validator reports errors:\n{}",
        text.lines().take(80).collect::<Vec<_>>().join("\n")
    );
}

/// A page whose Markdown uses every feature, with headings named like the
/// ids the theme gives its own landmarks (`contenu`, `toc-title`…), footnotes,
/// aligned tables and a quiz: the built page must still be valid.
#[test]
fn a_page_using_every_markdown_feature_builds_valid_html() {
    let tmp = tempfile::Builder::new()
        .prefix("academie-valid-")
        .tempdir()
        .unwrap();
    let root = tmp.path().join("site");
    for e in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes")) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        if e.file_type().is_dir() {
            std::fs::create_dir_all(root.join(rel)).unwrap();
        } else {
            std::fs::copy(e.path(), root.join(rel)).unwrap();
        }
    }
    std::fs::write(
        root.join("academie.yaml"),
        "title: { fr: \"Essai\", en: \"Test\" }\nbase_url: \"https://essai.example.org\"\n\
         default_language: fr\nlanguages: [fr, en]\ntheme: academie\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    std::fs::write(
        root.join("content/pages/tout.md"),
        "---\ntitle: \"Tout\"\nsummary: \"Chaque élément de Markdown.\"\n---\n\
         ## Contenu\n\nUn texte[^1] avec une note.\n\n\
         ## Sommaire {#toc-title}\n\n\
         | Gauche | Droite |\n|:--|--:|\n| 1 | 2 |\n\n\
         - [ ] à faire\n- [x] fait\n\n\
         ```python\nprint(\"<b>\")\n```\n\n\
         ## 1\n\n## Note\n\n## Note\n\n\
         ## Quiz 1\n\n```quiz\n? Une *question* « citée » ?\n- [ ] Non\n  > Parce que.\n\
         - [x] Oui, `code`\n  > Voir [la note](#note).\n  >\n  > Deuxième paragraphe.\n```\n\n\
         [^1]: La note.\n",
    )
    .unwrap();
    let out = tmp.path().join("out");
    let st = Command::new(env!("CARGO_BIN_EXE_academie"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let raw = std::fs::read_to_string(out.join("fr/tout/index.html")).unwrap();
    let problems = problems_of("fr/tout/index.html", &raw);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        raw.contains("<details class=\"quiz-option\">"),
        "the quiz is in the page"
    );
}

/// Says why a case did not run, on the real stderr (not captured by the
/// test harness), so a skip is never silent.
fn skipped(why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{why}");
}
