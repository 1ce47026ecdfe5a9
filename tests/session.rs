//! Incremental rebuilds (`academie serve`'s session) must give the same
//! output as a full build. Each step edits the site, rebuilds the session,
//! builds the same sources from scratch into another folder and compares
//! every file, byte for byte. It also checks that an edit re-renders only
//! a few pages, and that the search index follows the edit.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use academie::build::{build, BuildOptions};
use academie::session::{Scope, Session, SourceChange};
use common::Site;

const BASE: &str = "https://essai.example.org";

/// The fixture site with 40 more use cases, so listings have two pages.
fn site() -> Site {
    let site = Site::fixture("site");
    let sectors = ["commerce", "industrie", "collectivites"];
    for n in 0..40 {
        let sector = sectors[n % sectors.len()];
        site.write(
            &format!("content/use-cases/cas-{n:02}.md"),
            format!(
                "---\ntitle: \"Cas numéro {n:02}\"\nsummary: \"Un cas d'essai.\"\nsector: {sector}\n\
                 company_size: tpe\nregion: \"53\"\norganisation: \"Entreprise {n}\"\n\
                 ai_techniques: [ia-generative]\nupdated: 2026-05-{day:02}\n\
                 related_modules: [modules/bases-de-l-ia]\n---\n\nTexte du cas {n}.\n",
                day = 1 + n % 28
            ),
        );
    }
    site
}

fn options(site: &Site, out: &Path) -> BuildOptions {
    BuildOptions {
        output: Some(out.to_path_buf()),
        base_url: Some(BASE.into()),
        ..BuildOptions::new(site.root())
    }
}

/// Every file of a built site except the search index (its tantivy files
/// carry random segment ids), relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir) {
        let e = e.unwrap();
        if !e.file_type().is_file() {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let in_index = rel.starts_with("search/") && rel.matches('/').count() == 2;
        if !in_index {
            out.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    out
}

fn assert_same_as_full_build(site: &Site, session_out: &Path, step: &str) {
    let full = site.root().join("_full");
    build(&options(site, &full)).unwrap_or_else(|d| panic!("{step}: full build failed: {d:?}"));
    let (a, b) = (tree(session_out), tree(&full));
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{step}: files only in the session's output: {only_a:?}; only in a full build: {only_b:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differ.is_empty(),
        "{step}: files differ from a full build: {differ:?}"
    );
}

/// Replaces `from` by `to` in a file of the site (once, must be present).
fn edit(site: &Site, rel: &str, from: &str, to: &str) -> SourceChange {
    let text = fs::read_to_string(site.path(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    site.write(rel, text.replacen(from, to, 1));
    SourceChange::Edited(PathBuf::from(rel))
}

fn search(out: &Path, query: &str) -> String {
    let out = out.display().to_string();
    let run = common::run(&["search", query, "--lang", "fr", "--site", &out, "--json"]);
    run.assert_ok();
    run.stdout.clone()
}

#[test]
fn incremental_rebuilds_match_a_full_build() {
    let site = site();
    let out = site.root().join("_session");
    let mut session = Session::new(options(&site, &out));
    let first = session.rebuild(&[]).expect("first build");
    assert_eq!(first.scope, Scope::Full);
    let total = first.rendered;
    assert!(
        !session.has_pending(),
        "the first build includes the search index"
    );
    assert_same_as_full_build(&site, &out, "first build");

    // Each edit: (what, change, most pages it may render).
    type Step<'a> = (&'a str, Box<dyn Fn(&Site) -> SourceChange>, usize);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Box::new(|s| {
                edit(
                    s,
                    "content/modules/bases-de-l-ia.md",
                    "## Premiers pas",
                    "## Premiers pas\n\nUn paragraphe ajouté : ornithorynque.",
                )
            }),
            1,
        ),
        (
            "title edit",
            Box::new(|s| {
                edit(
                    s,
                    "content/use-cases/cas-10.md",
                    "Cas numéro 10",
                    "Cas renommé 10",
                )
            }),
            30,
        ),
        (
            "date edit that reorders the listing",
            Box::new(|s| edit(s, "content/use-cases/cas-05.md", "2026-05-06", "2026-09-30")),
            40,
        ),
        (
            "facet edit",
            Box::new(|s| {
                edit(
                    s,
                    "content/use-cases/cas-07.md",
                    "sector: industrie",
                    "sector: commerce",
                )
            }),
            total / 2,
        ),
        (
            "ambassador moves region",
            Box::new(|s| {
                edit(
                    s,
                    "content/ambassadors/jeanne-martin.md",
                    "region: \"53\"",
                    "region: \"11\"",
                )
            }),
            total / 2,
        ),
        (
            "a reference added",
            Box::new(|s| {
                edit(
                    s,
                    "content/use-cases/cas-03.md",
                    "related_modules: [modules/bases-de-l-ia]",
                    "related_modules: [modules/bases-de-l-ia, modules/prompts-avances]",
                )
            }),
            40,
        ),
        (
            "English translation edit",
            Box::new(|s| {
                edit(
                    s,
                    "content/use-cases/mairie.en.md",
                    "title: \"",
                    "title: \"Renamed: ",
                )
            }),
            30,
        ),
    ];
    for (what, change, most) in &steps {
        let change = change(&site);
        let r = session
            .rebuild(&[change])
            .unwrap_or_else(|d| panic!("{what}: {d:?}"));
        assert_eq!(
            r.scope,
            Scope::Pages,
            "{what}: should not rebuild everything"
        );
        assert!(
            r.rendered >= 1 && r.rendered <= *most,
            "{what}: rendered {} of {total} pages, expected at most {most}",
            r.rendered
        );
        session.finish().unwrap_or_else(|d| panic!("{what}: {d:?}"));
        assert!(!session.has_pending());
        assert_same_as_full_build(&site, &out, what);
    }
    // The search index followed the body edit.
    assert!(
        search(&out, "ornithorynque").contains("modules/bases-de-l-ia"),
        "the edited body is searchable"
    );
}

#[test]
fn a_broken_edit_writes_nothing_and_its_fix_catches_up() {
    let site = site();
    let out = site.root().join("_session");
    let mut session = Session::new(options(&site, &out));
    session.rebuild(&[]).expect("first build");
    let before = tree(&out);

    // Two edits, the second broken: the build fails and writes nothing.
    let good = edit(
        &site,
        "content/use-cases/cas-01.md",
        "Texte du cas 1.",
        "Texte du cas 1, revu.",
    );
    let bad = edit(
        &site,
        "content/use-cases/cas-02.md",
        "Texte du cas 2.",
        "Voir [ceci](@/modules/nexiste-pas).",
    );
    let err = session.rebuild(&[good, bad]).expect_err("a broken link");
    let shown = format!("{err:?}");
    assert!(
        shown.contains("cas-02.md") && shown.contains("nexiste-pas"),
        "{shown}"
    );
    assert_eq!(
        tree(&out),
        before,
        "a failed rebuild leaves the output as it was"
    );

    // The fix alone is saved: both edits reach the output.
    let fix = edit(
        &site,
        "content/use-cases/cas-02.md",
        "Voir [ceci](@/modules/nexiste-pas).",
        "Texte du cas 2, corrigé.",
    );
    let r = session.rebuild(&[fix]).expect("fixed");
    assert_eq!(r.scope, Scope::Pages);
    session.finish().unwrap();
    assert_same_as_full_build(&site, &out, "after the fix");
    let page = fs::read_to_string(out.join("fr/cas-usage/cas-01/index.html"))
        .or_else(|_| {
            // Whatever the URL scheme, the page of cas-01 shows the edit.
            let hit = walkdir::WalkDir::new(&out)
                .into_iter()
                .filter_map(Result::ok)
                .find(|e| e.path().to_string_lossy().contains("cas-01/index.html"))
                .expect("cas-01 page");
            fs::read_to_string(hit.path())
        })
        .unwrap();
    assert!(page.contains("Texte du cas 1, revu."));

    // A body edit that removes a heading another page links to: the
    // error names the page with the link.
    let gone = edit(
        &site,
        "content/modules/prompts-avances.md",
        "## Exemples",
        "## Cas pratiques",
    );
    let err = format!(
        "{:?}",
        session.rebuild(&[gone]).expect_err("a broken anchor")
    );
    assert!(
        err.contains("bases-de-l-ia.md") && err.contains("exemples"),
        "{err}"
    );
}

#[test]
fn new_deleted_and_template_changes_rebuild_everything() {
    let site = site();
    let out = site.root().join("_session");
    let mut session = Session::new(options(&site, &out));
    session.rebuild(&[]).expect("first build");

    site.write(
        "content/modules/nouveau.md",
        "---\ntitle: \"Un module nouveau\"\nsummary: \"Nouveau.\"\naudiences: [dirigeants]\n\
         level: decouverte\nduration_minutes: 30\nformat: en-ligne\nobjectives: [\"Apprendre\"]\n\
         updated: 2026-10-01\n---\n\nContenu nouveau.\n",
    );
    let r = session.rebuild(&[SourceChange::Other]).expect("added");
    assert_eq!(r.scope, Scope::Full);
    session.finish().unwrap();
    assert_same_as_full_build(&site, &out, "page added");

    site.remove("content/use-cases/cas-39.md");
    session.rebuild(&[SourceChange::Other]).expect("deleted");
    session.finish().unwrap();
    assert_same_as_full_build(&site, &out, "page deleted");

    let template = site.path("themes/academie/templates/module.html");
    let text = fs::read_to_string(&template).unwrap();
    fs::write(
        &template,
        text.replacen(
            "{% endblock content %}",
            "<p>Pied modifié</p>{% endblock content %}",
            1,
        ),
    )
    .unwrap();
    let r = session.rebuild(&[SourceChange::Other]).expect("template");
    assert_eq!(r.scope, Scope::Full);
    assert!(
        r.written > 0 && r.written < r.rendered,
        "only the module pages changed"
    );
    session.finish().unwrap();
    assert_same_as_full_build(&site, &out, "template edited");
}

#[test]
fn a_saved_template_renders_the_pages_that_use_it() {
    let site = site();
    let out = site.root().join("_session");
    let mut session = Session::new(options(&site, &out));
    let total = session.rebuild(&[]).expect("first build").rendered;
    let count = |dir: &str| {
        walkdir::WalkDir::new(out.join(dir))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html")
            .count()
    };

    // The module template: the module pages only (the fixture's modules,
    // in both languages).
    let modules = count("fr/formations") + count("en/modules")
        - count("fr/formations/niveau")
        - count("en/modules/level")
        - count("fr/formations/public")
        - count("en/modules/audience")
        - count("fr/formations/format")
        - count("en/modules/format")
        - count("fr/formations/taille-entreprise")
        - count("en/modules/company-size")
        - count("fr/formations/secteur")
        - count("en/modules/sector")
        - 2;
    let r = session
        .rebuild(&[edit(
            &site,
            "themes/academie/templates/module.html",
            "{% endblock content %}",
            "<p>Modèle modifié</p>{% endblock content %}",
        )])
        .expect("module template");
    assert_eq!(r.scope, Scope::Templates);
    assert_eq!(r.rendered, modules, "the module pages, and only them");
    session.finish().unwrap();
    assert_same_as_full_build(&site, &out, "module template edited");

    // A partial used by the listing template only.
    let r = session
        .rebuild(&[edit(
            &site,
            "themes/academie/templates/partials/pagination.html",
            "<nav",
            "<!-- pagination --><nav",
        )])
        .expect("partial");
    assert_eq!(r.scope, Scope::Templates);
    assert!(
        r.rendered > 0 && r.rendered < total,
        "{} of {total}",
        r.rendered
    );
    assert_same_as_full_build(&site, &out, "partial edited");

    // A broken template: nothing is written; fixed, it catches up.
    let before = tree(&out);
    let broken = edit(
        &site,
        "themes/academie/templates/base.html",
        "</body>",
        "{% if %}</body>",
    );
    let err = format!("{:?}", session.rebuild(&[broken]).expect_err("syntax"));
    assert!(err.contains("base.html"), "{err}");
    assert_eq!(tree(&out), before);
    let fixed = edit(
        &site,
        "themes/academie/templates/base.html",
        "{% if %}</body>",
        "<!-- base --></body>",
    );
    let r = session.rebuild(&[fixed]).expect("fixed");
    assert_eq!(r.scope, Scope::Templates);
    // Every page but the root redirect (root.html stands alone).
    assert_eq!(r.rendered, total - 1, "the pages extending base.html");
    assert_same_as_full_build(&site, &out, "base template edited");
}
