//! Incremental rebuilds (`academie serve`'s session) must give the same
//! output as a full build. Each step edits the site, rebuilds the session,
//! builds the same sources from scratch into another folder and compares
//! every file, byte for byte. It also checks that an edit re-renders only
//! a few pages, and that the search index follows the edit.

use crate::common;

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
        "{step}: files differ from a full build: {differ:?}; the first: {}",
        differ
            .first()
            .map_or(String::new(), |f| first_difference(&a[*f], &b[*f]))
    );
}

/// Where two versions of a file part: a few characters of each from there.
fn first_difference(session: &[u8], full: &[u8]) -> String {
    let at = session
        .iter()
        .zip(full)
        .position(|(x, y)| x != y)
        .unwrap_or(session.len().min(full.len()));
    let show = |b: &[u8]| {
        String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 120).min(b.len())]).into_owned()
    };
    format!("session: …{}… full build: …{}…", show(session), show(full))
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

/// An edit of the table: what it changes, as the watcher reports it.
type Edit = fn(&Site) -> Vec<SourceChange>;

/// What a rebuild after an edit must do.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Only the pages showing the edited documents, at most this many.
    Pages(usize),
    /// Only the pages showing the edited documents, at most half the site.
    PagesHalf,
    /// Only the pages whose template uses the saved template.
    Templates,
    /// The whole site loaded and rendered again.
    Full,
    /// An error naming these texts; the output left as it was.
    Fails(&'static [&'static str]),
}

/// Replaces `from` by `to` in a file of the site and reports the save.
fn saved(site: &Site, rel: &str, from: &str, to: &str) -> Vec<SourceChange> {
    vec![edit(site, rel, from, to)]
}

/// Any change the watcher cannot describe as one saved file.
fn other() -> Vec<SourceChange> {
    vec![SourceChange::Other]
}

const NEW_MODULE: &str = "---\ntitle: \"Un module nouveau\"\nsummary: \"Nouveau.\"\n\
    audiences: [dirigeants]\nlevel: decouverte\nduration_minutes: 30\nformat: en-ligne\n\
    objectives: [\"Apprendre\"]\nupdated: 2026-10-01\n---\n\nContenu nouveau.\n";

/// Every kind of edit an author makes, in an order where each starts from
/// the site the previous ones left.
const EDITS: &[(&str, Edit, Expect)] = &[
    (
        "body edit",
        |s| {
            saved(
                s,
                "content/modules/bases-de-l-ia.md",
                "## Premiers pas",
                "## Premiers pas\n\nUn paragraphe ajouté : ornithorynque.",
            )
        },
        Expect::Pages(1),
    ),
    (
        "title edit",
        |s| {
            saved(
                s,
                "content/use-cases/cas-10.md",
                "Cas numéro 10",
                "Cas renommé 10",
            )
        },
        Expect::Pages(30),
    ),
    (
        "date edit that reorders the listing",
        |s| saved(s, "content/use-cases/cas-05.md", "2026-05-06", "2026-09-30"),
        Expect::Pages(40),
    ),
    (
        "vocabulary key edit (a facet)",
        |s| {
            saved(
                s,
                "content/use-cases/cas-07.md",
                "sector: industrie",
                "sector: commerce",
            )
        },
        Expect::PagesHalf,
    ),
    (
        "ambassador moves region",
        |s| {
            saved(
                s,
                "content/ambassadors/jeanne-martin.md",
                "region: \"53\"",
                "region: \"11\"",
            )
        },
        Expect::PagesHalf,
    ),
    (
        "a reference added",
        |s| {
            saved(
                s,
                "content/use-cases/cas-03.md",
                "related_modules: [modules/bases-de-l-ia]",
                "related_modules: [modules/bases-de-l-ia, modules/prompts-avances]",
            )
        },
        Expect::Pages(40),
    ),
    (
        "a reference removed",
        |s| {
            saved(
                s,
                "content/use-cases/mairie.md",
                "ambassadors: [ambassadors/lea-petit]\n",
                "",
            )
        },
        Expect::Pages(40),
    ),
    (
        "English translation edit",
        |s| {
            saved(
                s,
                "content/use-cases/mairie.en.md",
                "title: \"",
                "title: \"Renamed: ",
            )
        },
        Expect::Pages(30),
    ),
    (
        "a facet value used by no page any more",
        |s| {
            saved(
                s,
                "content/use-cases/mairie.md",
                "sector: collectivites",
                "sector: commerce",
            )
        },
        Expect::PagesHalf,
    ),
    (
        "new page",
        |s| {
            s.write("content/modules/nouveau.md", NEW_MODULE);
            other()
        },
        Expect::Full,
    ),
    (
        "deleted page",
        |s| {
            s.remove("content/use-cases/cas-39.md");
            other()
        },
        Expect::Full,
    ),
    (
        "renamed page",
        |s| {
            let text = fs::read_to_string(s.path("content/use-cases/cas-38.md")).unwrap();
            s.remove("content/use-cases/cas-38.md");
            s.write("content/use-cases/cas-trente-huit.md", text);
            other()
        },
        Expect::Full,
    ),
    (
        "translation added",
        |s| {
            s.write(
                "content/modules/nouveau.en.md",
                NEW_MODULE.replace("Un module nouveau", "A new module"),
            );
            other()
        },
        Expect::Full,
    ),
    (
        "translation removed",
        |s| {
            s.remove("content/use-cases/mairie.en.md");
            other()
        },
        Expect::Full,
    ),
    (
        "template saved",
        |s| {
            saved(
                s,
                "themes/academie/templates/module.html",
                "{% endblock content %}",
                "<p>Modèle modifié</p>{% endblock content %}",
            )
        },
        Expect::Templates,
    ),
    (
        "template changed with other files",
        |s| {
            let mut changes = saved(
                s,
                "themes/academie/templates/list.html",
                "{% endblock content %}",
                "<!-- liste -->{% endblock content %}",
            );
            changes.extend(saved(
                s,
                "content/modules/nouveau.md",
                "Contenu nouveau.",
                "Contenu revu.",
            ));
            changes
        },
        Expect::Full,
    ),
    (
        "stylesheet edit (a fingerprinted asset)",
        |s| {
            saved(
                s,
                "themes/academie/static/style.css",
                ":root{",
                ":root{--essai:1;",
            )
        },
        Expect::Full,
    ),
    (
        "static file added",
        |s| {
            s.write("static/docs/guide.txt", "Un guide.\n");
            other()
        },
        Expect::Full,
    ),
    (
        "static file edited",
        |s| saved(s, "static/docs/guide.txt", "Un guide.", "Un guide revu."),
        Expect::Full,
    ),
    (
        "static file removed",
        |s| {
            s.remove("static/docs/guide.txt");
            other()
        },
        Expect::Full,
    ),
    (
        "configuration edit",
        |s| {
            saved(
                s,
                "academie.yaml",
                "\"Site d'essai\"",
                "\"Site d'essai revu\"",
            )
        },
        Expect::Full,
    ),
    (
        "taxonomy label edit",
        |s| {
            saved(
                s,
                "data/taxonomies.yaml",
                "\"Industrie\"",
                "\"Industrie manufacturière\"",
            )
        },
        Expect::Full,
    ),
    (
        "UI strings of the site added",
        |s| {
            s.write("i18n/fr.yaml", "footer_about: \"Qui sommes-nous\"\n");
            other()
        },
        Expect::Full,
    ),
    (
        "UI strings of the site edited",
        |s| saved(s, "i18n/fr.yaml", "Qui sommes-nous", "Qui sommes-nous ?"),
        Expect::Full,
    ),
    (
        "broken body edit",
        |s| {
            saved(
                s,
                "content/use-cases/cas-02.md",
                "Texte du cas 2.",
                "Voir [ceci](@/modules/nexiste-pas).",
            )
        },
        Expect::Fails(&["cas-02.md", "nexiste-pas"]),
    ),
    (
        "its fix",
        |s| {
            saved(
                s,
                "content/use-cases/cas-02.md",
                "Voir [ceci](@/modules/nexiste-pas).",
                "Texte du cas 2, corrigé.",
            )
        },
        Expect::Pages(1),
    ),
    (
        "broken front matter (unknown vocabulary key)",
        |s| {
            saved(
                s,
                "content/use-cases/cas-04.md",
                "company_size: tpe",
                "company_size: geante",
            )
        },
        Expect::Fails(&["cas-04.md", "geante"]),
    ),
    (
        "its fix",
        |s| {
            saved(
                s,
                "content/use-cases/cas-04.md",
                "company_size: geante",
                "company_size: pme",
            )
        },
        // A facet value no use case had: new listing pages, every job.
        Expect::Pages(usize::MAX),
    ),
    (
        "broken template",
        |s| {
            saved(
                s,
                "themes/academie/templates/base.html",
                "</body>",
                "{% if %}</body>",
            )
        },
        Expect::Fails(&["base.html"]),
    ),
    (
        "its fix",
        |s| {
            saved(
                s,
                "themes/academie/templates/base.html",
                "{% if %}</body>",
                "<!-- base --></body>",
            )
        },
        Expect::Templates,
    ),
    (
        "broken configuration",
        |s| {
            saved(
                s,
                "academie.yaml",
                "default_language: fr",
                "default_language: [fr",
            )
        },
        Expect::Fails(&["academie.yaml"]),
    ),
    (
        "its fix",
        |s| {
            saved(
                s,
                "academie.yaml",
                "default_language: [fr",
                "default_language: fr",
            )
        },
        Expect::Full,
    ),
];

/// Each edit of [`EDITS`], rebuilt by one session: the output equals a
/// fresh full build's, byte for byte, and the rebuild did only the work
/// the edit needs.
#[test]
fn every_kind_of_edit_matches_a_full_build() {
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

    for (what, change, expect) in EDITS {
        let before = tree(&out);
        let result = session.rebuild(&change(&site));
        if let Expect::Fails(texts) = expect {
            let err = format!("{:?}", result.expect_err(what));
            for t in *texts {
                assert!(err.contains(t), "{what}: the error names {t:?}: {err}");
            }
            assert!(
                tree(&out) == before,
                "{what}: a failed rebuild leaves the output as it was"
            );
            continue;
        }
        let r = result.unwrap_or_else(|d| panic!("{what}: {d:?}"));
        let (scope, most) = match expect {
            Expect::Pages(n) => (Scope::Pages, *n),
            Expect::PagesHalf => (Scope::Pages, total / 2),
            Expect::Templates => (Scope::Templates, usize::MAX),
            Expect::Full => (Scope::Full, usize::MAX),
            Expect::Fails(_) => unreachable!(),
        };
        assert_eq!(r.scope, scope, "{what}: scope of the rebuild");
        assert!(
            r.rendered >= 1 && r.rendered <= most,
            "{what}: rendered {} of {total} pages, expected at most {most}",
            r.rendered
        );
        session.finish().unwrap_or_else(|d| panic!("{what}: {d:?}"));
        assert!(!session.has_pending(), "{what}: finish did everything");
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

/// A template changed among other files rebuilds everything, yet writes
/// only the files whose bytes changed.
#[test]
fn a_full_rebuild_writes_only_what_changed() {
    let site = site();
    let out = site.root().join("_session");
    let mut session = Session::new(options(&site, &out));
    session.rebuild(&[]).expect("first build");
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
        "only the module pages changed: {} written of {}",
        r.written,
        r.rendered
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
