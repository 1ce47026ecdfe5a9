//! Issue 15 on the fixture site (`tests/fixtures/site`), built with the real
//! binary: invented people and cases (`fictional: true`) marked wherever
//! they appear and in the open data; the ```` ```quiz ```` component and its
//! errors; French typography done by the build; learning paths on the
//! audience pages of modules; the "En bref" box without empty vocabularies.
//!
//! The fixture gets, on top of its own files: the ambassador `lea-petit`
//! (region 11) and the use case `mairie` (en `town-hall`, naming
//! lea-petit) marked `fictional: true` in both languages, a module
//! `premier-pas` for employees with a quiz, and an advanced module `expert`
//! for employees.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use scraper::Html;

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// Inserts `line` right after the opening `---` of a content file.
fn with_field(site: &Site, rel: &str, line: &str) {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    let rest = text.strip_prefix("---\n").expect("front matter");
    site.write(rel, format!("---\n{line}\n{rest}"));
}

const QUIZ_MODULE: &str = "---
title: \"Premiers pas : l'IA au travail ?\"
summary: \"Un module court ; avec un quiz !\"
audiences: [salaries]
level: decouverte
duration_minutes: 20
format: en-ligne
objectives: [\"Répondre à un quiz\"]
updated: 2026-06-01
weight: -5
---

## Testez-vous

Le plan « Osez l'IA » : une question ? Voir `a ? b : c` et <https://www.cnil.fr/fr?x=1>.

```quiz
? Quelle est la *première* étape ?
- [ ] Acheter un outil
  > Non : l'outil se choisit après le besoin.
- [x] Définir le besoin
  > Oui : le besoin guide tout.

? Deuxième question
- [x] Vrai
  > Bien vu.
- [ ] Faux
  > Relisez la partie sur [les bases](@/modules/bases-de-l-ia).
```
";

const QUIZ_MODULE_EN: &str = "---
title: \"First steps: AI at work?\"
summary: \"A short module; with a quiz!\"
audiences: [salaries]
level: decouverte
duration_minutes: 20
format: en-ligne
objectives: [\"Answer a quiz\"]
updated: 2026-06-01
weight: -5
---

Really ? Yes : no.

```quiz
? Which comes first?
- [ ] Buying a tool
  > No: the tool comes after the need.
- [x] Defining the need
  > Yes.
```
";

/// An advanced module for employees, with no prerequisite and the smallest
/// weight: its level still puts it after the beginners' modules of a path.
fn expert_module(title: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nsummary: \"Avancé.\"\naudiences: [salaries]\nlevel: avance\n\
         duration_minutes: 10\nformat: en-ligne\nobjectives: [\"Aller loin\"]\nupdated: 2026-06-01\n\
         weight: -10\n---\n\nTexte.\n"
    )
}

/// The fixture with the additions above, built once.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let site = Site::fixture_at("site", "catalogue_fiction_quiz");
        for rel in [
            "content/ambassadors/lea-petit.md",
            "content/ambassadors/lea-petit.en.md",
            "content/use-cases/mairie.md",
            "content/use-cases/mairie.en.md",
        ] {
            with_field(&site, rel, "fictional: true");
        }
        // A body link to an invented person, in a free page.
        let about = std::fs::read_to_string(site.path("content/pages/a-propos.md")).unwrap();
        site.write(
            "content/pages/a-propos.md",
            format!("{about}\nPar exemple [Léa Petit](@/ambassadors/lea-petit).\n"),
        );
        site.write("content/modules/premier-pas.md", QUIZ_MODULE);
        site.write("content/modules/premier-pas.en.md", QUIZ_MODULE_EN);
        for (rel, title) in [
            ("content/modules/expert.md", "Pour experts"),
            ("content/modules/expert.en.md", "For experts"),
        ] {
            site.write(rel, expert_module(title));
        }
        let run = site.build(&[]);
        run.assert_ok();
        assert!(
            run.diagnostic_lines("warning").is_empty(),
            "no warning: {}",
            run.all()
        );
        site.out()
    })
}

/// Collapses ASCII whitespace only: the no-break spaces of French
/// typography are what some tests look for.
fn squash(s: &str) -> String {
    s.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the first element matching `css`.
fn txt(doc: &Html, css: &str) -> Option<String> {
    doc.select(&sel(css))
        .next()
        .map(|e| squash(&e.text().collect::<String>()))
}

/// The text of every element matching `css`.
fn all_text(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| squash(&e.text().collect::<String>()))
        .collect()
}

/// The card (`article.card`) whose title links to `url`, as text.
fn card_text(doc: &Html, url: &str) -> Option<String> {
    doc.select(&sel("article.card")).find_map(|card| {
        let links: Vec<&str> = card
            .select(&sel(".card-title a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        links
            .contains(&url)
            .then(|| squash(&card.text().collect::<String>()))
    })
}

fn json_ld(doc: &Html) -> serde_json::Value {
    let raw = doc
        .select(&sel(r#"script[type="application/ld+json"]"#))
        .next()
        .expect("a JSON-LD script")
        .text()
        .collect::<String>();
    serde_json::from_str(&raw).unwrap()
}

// --- fiction -----------------------------------------------------------------

#[test]
fn a_fictional_ambassador_page_says_so_and_offers_no_contact() {
    let out = out();
    let doc = page(out, "/fr/ambassadeurs/lea-petit/");
    let h1 = txt(&doc, "h1").unwrap();
    assert!(
        h1.contains("Léa Petit") && h1.contains("Profil fictif"),
        "{h1}"
    );
    let note = txt(&doc, ".fictional-note").expect("a note under the name");
    assert!(note.contains("n’existe pas"), "{note}");
    assert!(
        attrs(&doc, "main a[href]", "href")
            .iter()
            .all(|h| !h.contains("contact.example.org")),
        "no contact link to an invented person"
    );
    let en = page(out, "/en/ambassadors/lea-petit/");
    assert!(txt(&en, "h1").unwrap().contains("Fictional profile"));
    // A real one keeps its contact link and has no label.
    let real = page(out, "/fr/ambassadeurs/paul-durand/");
    assert!(!txt(&real, "h1").unwrap().contains("fictif"));
    assert!(attrs(&real, "main a[href]", "href")
        .iter()
        .any(|h| h.contains("contact.example.org/paul-durand")));
}

#[test]
fn no_schema_org_person_for_an_invented_person() {
    let out = out();
    let ld = json_ld(&page(out, "/fr/ambassadeurs/lea-petit/"));
    let text = ld.to_string();
    assert!(!text.contains("\"Person\""), "{ld}");
    assert_eq!(ld["@type"], "CreativeWork", "{ld}");
    assert_eq!(ld["genre"], "Profil fictif");
    assert!(ld.get("jobTitle").is_none() && ld.get("worksFor").is_none());
    assert!(ld["description"].as_str().unwrap().contains("inventé"));
    // The real ambassador is still a Person.
    let real = json_ld(&page(out, "/fr/ambassadeurs/paul-durand/"));
    assert_eq!(real["@type"], "Person");
    // An invented case names no organisation as its subject.
    let case = json_ld(&page(out, "/en/use-cases/town-hall/"));
    assert_eq!(case["@type"], "CreativeWork", "{case}");
    assert!(case.get("about").is_none(), "{case}");
    assert_eq!(case["genre"], "Fictional example");
}

#[test]
fn directory_cards_facet_pages_and_map_mark_fictional_profiles() {
    let out = out();
    for (url, lea, paul) in [
        (
            "/fr/ambassadeurs/",
            "/fr/ambassadeurs/lea-petit/",
            "/fr/ambassadeurs/paul-durand/",
        ),
        (
            "/en/ambassadors/",
            "/en/ambassadors/lea-petit/",
            "/en/ambassadors/paul-durand/",
        ),
    ] {
        let doc = page(out, url);
        let label = if url.starts_with("/fr") {
            "Profil fictif"
        } else {
            "Fictional profile"
        };
        let card = card_text(&doc, lea).unwrap_or_else(|| panic!("{url}: card of {lea}"));
        assert!(card.contains(label), "{url}: {card}");
        let card = card_text(&doc, paul).unwrap();
        assert!(!card.contains(label), "{url}: {card}");
        // The directory says what the labelled profiles are.
        let note = txt(&doc, ".listing-header .fictional-note").expect("a note");
        assert!(note.contains(label), "{note}");
    }
    let facet = page(out, "/fr/ambassadeurs/region/11/");
    assert!(card_text(&facet, "/fr/ambassadeurs/lea-petit/")
        .unwrap()
        .contains("Profil fictif"));
    // The map says, region by region, how many profiles are invented.
    let doc = page(out, "/fr/ambassadeurs/");
    let labels = attrs(&doc, ".france-map a.region", "aria-label");
    let idf = labels
        .iter()
        .find(|l| l.starts_with("Île-de-France"))
        .expect("Île-de-France on the map");
    assert!(idf.ends_with("dont 1 profil fictif"), "{idf}");
    let bzh = labels.iter().find(|l| l.starts_with("Bretagne")).unwrap();
    assert!(!bzh.contains("fictif"), "{bzh}");
    let en = page(out, "/en/ambassadors/");
    assert!(attrs(&en, ".france-map a.region", "aria-label")
        .iter()
        .any(|l| l.ends_with("including 1 fictional profile")));
}

#[test]
fn related_sections_home_and_site_map_mark_fiction() {
    let out = out();
    // « Ambassadeurs à contacter » of a use case.
    let case = page(out, "/fr/cas-usage/mairie/");
    let section = case
        .select(&sel("section[aria-labelledby=ambassadors-title]"))
        .next()
        .expect("ambassadors section");
    let t = squash(&section.text().collect::<String>());
    assert!(t.contains("Léa Petit Profil fictif"), "{t}");
    // Only invented people there: the heading does not say "to contact".
    assert!(t.starts_with("Exemples de profils d’ambassadeurs"), "{t}");
    let real = page(out, "/fr/cas-usage/boulangerie/");
    assert_eq!(
        txt(&real, "#ambassadors-title").as_deref(),
        Some("Ambassadeurs à contacter")
    );
    assert!(txt(&case, "h1").unwrap().contains("Cas fictif"));
    assert!(txt(&case, ".fictional-note").unwrap().contains("inventé"));
    // Use cases related to an ambassador are cards with their label.
    let lea = page(out, "/fr/ambassadeurs/lea-petit/");
    assert!(card_text(&lea, "/fr/cas-usage/mairie/")
        .expect("the use case naming her")
        .contains("Cas fictif"));
    // Home: the latest use cases, and copy that says what the catalogue is.
    let home = page(out, "/fr/");
    assert!(card_text(&home, "/fr/cas-usage/mairie/")
        .unwrap()
        .contains("Cas fictif"));
    assert!(!card_text(&home, "/fr/cas-usage/boulangerie/")
        .unwrap()
        .contains("fictif"));
    let body = squash(&home.root_element().text().collect::<String>());
    assert!(
        !body.contains("prêts à partager"),
        "no promise of real people"
    );
    assert!(!body.contains("exemples réels"), "{body}");
    assert!(body.contains("exemples fictifs, signalés comme tels"));
    // The HTML site map.
    for (url, item, label) in [
        (
            "/fr/plan-du-site/",
            "/fr/ambassadeurs/lea-petit/",
            "Profil fictif",
        ),
        (
            "/en/sitemap/",
            "/en/use-cases/town-hall/",
            "Fictional example",
        ),
    ] {
        let doc = page(out, url);
        let li = doc
            .select(&sel(".sitemap-list li"))
            .find(|li| {
                li.select(&sel("a"))
                    .any(|a| a.value().attr("href") == Some(item))
            })
            .unwrap_or_else(|| panic!("{url} lists {item}"));
        assert!(li.text().collect::<String>().contains(label), "{url}");
    }
}

#[test]
fn open_data_flags_fictional_rows() {
    let out = out();
    for lang in ["fr", "en"] {
        for (coll, fictional_id) in [
            ("ambassadors", "ambassadors/lea-petit"),
            ("use-cases", "use-cases/mairie"),
        ] {
            let rel = format!("data/{lang}/{coll}.csv");
            let rows = parse_csv(&read(out, &rel)).unwrap();
            let col = rows[0]
                .iter()
                .position(|h| h == "fictional")
                .unwrap_or_else(|| panic!("{rel}: a fictional column"));
            for row in &rows[1..] {
                let expected = if row[0] == fictional_id {
                    "true"
                } else {
                    "false"
                };
                assert_eq!(row[col], expected, "{rel} {}", row[0]);
            }
            let schema: serde_json::Value =
                serde_json::from_str(&read(out, &format!("data/{lang}/{coll}.schema.json")))
                    .unwrap();
            let field = schema["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == "fictional")
                .expect("fictional in the Table Schema");
            assert_eq!(field["type"], "boolean");
            assert_eq!(field["trueValues"], serde_json::json!(["true"]));
        }
    }
    // An invented person's contact address is not exported as a contact.
    let rows = parse_csv(&read(out, "data/fr/ambassadors.csv")).unwrap();
    let c = rows[0].iter().position(|h| h == "contact_url").unwrap();
    let lea = rows
        .iter()
        .find(|r| r[0] == "ambassadors/lea-petit")
        .unwrap();
    assert_eq!(lea[c], "");
    // catalogue.json: a JSON boolean per item and per translation.
    let cat: serde_json::Value = serde_json::from_str(&read(out, "data/catalogue.json")).unwrap();
    let items = cat["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(item("ambassadors/lea-petit")["fictional"], true);
    assert_eq!(
        item("ambassadors/lea-petit")["translations"]["en"]["fictional"],
        true
    );
    assert_eq!(item("use-cases/boulangerie")["fictional"], false);
    assert_eq!(
        item("use-cases/boulangerie")["translations"]["fr"]["fictional"],
        false
    );
    assert!(item("modules/bases-de-l-ia").get("fictional").is_none());
    // The Atom feed names an invented case for what it is.
    let feed = read(out, "fr/atom.xml");
    assert!(
        feed.contains("<title>Une mairie francilienne répond aux habitants (Cas fictif)</title>"),
        "{feed}"
    );
    assert!(
        feed.contains("<title>Une boulangerie, ses commandes et l&apos;IA</title>"),
        "a real case has no label: {feed}"
    );
    // datapackage.json says what the column means.
    let dp = read(out, "data/datapackage.json");
    assert!(dp.contains("`fictional` column"), "{dp}");
}

#[test]
fn fictional_must_be_true_or_false_and_only_on_people_and_cases() {
    let site = Site::fixture("site");
    with_field(
        &site,
        "content/ambassadors/lea-petit.md",
        "fictional: \"oui\"",
    );
    with_field(
        &site,
        "content/modules/module-francais.md",
        "fictional: true",
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_diagnostic(
        "error",
        "content/ambassadors/lea-petit.md:2:",
        &["`fictional` must be `true` or `false`", "fictional: true"],
    );
    run.assert_diagnostic(
        "warning",
        "content/modules/module-francais.md:2:",
        &["unknown field `fictional`"],
    );
}

/// The labels of invented pages, in every language of the sites tested.
const LABELS: [&str; 4] = [
    "Profil fictif",
    "Cas fictif",
    "Fictional profile",
    "Fictional example",
];

/// Every link in `<main>` of every page of `out` to an invented page (URLs
/// read from `catalogue.json`) whose block (list item, card, paragraph,
/// heading, cell) does not show a label; and every invented page whose
/// heading has none. Returns the problems and how many links were checked.
fn unlabelled(out: &Path) -> (Vec<String>, usize, usize) {
    let cat: serde_json::Value = serde_json::from_str(&read(out, "data/catalogue.json")).unwrap();
    let mut urls = std::collections::BTreeSet::new();
    for item in cat["items"].as_array().unwrap() {
        if item["fictional"] == true {
            for t in item["translations"].as_object().unwrap().values() {
                urls.insert(t["url"].as_str().unwrap().to_owned());
            }
        }
    }
    let blocks = [
        "li",
        "p",
        "article",
        "h1",
        "h2",
        "h3",
        "h4",
        "td",
        "dd",
        "figcaption",
    ];
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in html_files(out) {
        let html = std::fs::read_to_string(out.join(&file)).unwrap();
        let doc = Html::parse_document(&html);
        let shown = file.display().to_string();
        let own = format!("/{}", shown.trim_end_matches("index.html"));
        if urls.contains(&own) {
            let h1 = txt(&doc, "main h1").unwrap_or_default();
            if !LABELS.iter().any(|l| h1.contains(l)) {
                problems.push(format!("{shown}: heading `{h1}` has no label"));
            }
        }
        for a in doc.select(&sel("main a[href]")) {
            let href = a.value().attr("href").unwrap_or("");
            let target = href.split('#').next().unwrap_or("");
            if !urls.contains(target) {
                continue;
            }
            checked += 1;
            let block = a
                .ancestors()
                .filter_map(scraper::ElementRef::wrap)
                .find(|e| blocks.contains(&e.value().name()));
            let text = block
                .map(|b| b.text().collect::<String>())
                .unwrap_or_default();
            if !LABELS.iter().any(|l| text.contains(l)) {
                problems.push(format!("{shown}: link to {href} in `{}`", squash(&text)));
            }
        }
    }
    (problems, urls.len(), checked)
}

#[test]
fn every_link_to_an_invented_page_shows_its_label() {
    let (problems, pages, links) = unlabelled(out());
    assert_eq!(pages, 4, "lea-petit and mairie, in two languages");
    assert!(links > 20, "{links} links checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The free page's body link to lea-petit is labelled too.
    let about = page(out(), "/fr/a-propos/");
    let p = about
        .select(&sel("main p"))
        .find(|p| p.text().collect::<String>().contains("Par exemple"))
        .expect("the paragraph");
    assert!(squash(&p.text().collect::<String>()).contains("Léa Petit Profil fictif"));
}

/// The bundled catalogue: once issue 15's content marks its invented
/// people and cases, every page that shows one labels it.
#[test]
fn the_bundled_catalogue_labels_every_link_to_an_invented_page() {
    let out = build_catalogue("catalogue_fiction_bundled");
    // As many invented pages in the export as files say `fictional: true`.
    let marked = files_under(&repo_root().join("content"))
        .into_iter()
        .filter(|f| {
            std::fs::read_to_string(repo_root().join("content").join(f)).is_ok_and(|t| {
                // In the front matter only: a page may show the field
                // in an example (the contributors' guide does).
                t.lines()
                    .skip(1)
                    .take_while(|l| l.trim() != "---")
                    .any(|l| l.trim() == "fictional: true")
            })
        })
        .count();
    let (problems, pages, links) = unlabelled(&out);
    assert_eq!(
        pages, marked,
        "invented page translations in catalogue.json"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!("bundled catalogue: {pages} invented page translations, {links} links to them, all labelled");
}

// --- quiz ---------------------------------------------------------------------

#[test]
fn a_quiz_block_is_rendered_as_details_that_need_no_script() {
    let out = out();
    let doc = page(out, "/fr/formations/premier-pas/");
    let quiz = doc.select(&sel("section.quiz")).next().expect("a quiz");
    let title_id = quiz.value().attr("aria-labelledby").unwrap();
    assert_eq!(
        txt(&doc, &format!("#{title_id}")).as_deref(),
        Some("Quiz"),
        "a titled section"
    );
    assert_eq!(all_text(&doc, ".quiz-question").len(), 2);
    let prompts = all_text(&doc, ".quiz-prompt");
    assert_eq!(prompts[0], format!("Quelle est la première étape{NNBSP}?"));
    assert_eq!(
        all_text(&doc, "details.quiz-option > summary"),
        ["Acheter un outil", "Définir le besoin", "Vrai", "Faux"]
    );
    let feedback = all_text(&doc, "details.quiz-option .quiz-feedback");
    assert_eq!(
        feedback[0],
        format!("✗ Mauvaise réponse Non{NBSP}: l’outil se choisit après le besoin.")
    );
    assert!(feedback[1].starts_with("✓ Bonne réponse"), "{feedback:?}");
    // Links in feedback resolve like any other.
    assert!(attrs(&doc, ".quiz-feedback a", "href")
        .contains(&"/fr/formations/bases-de-l-ia/".to_owned()));
    // No code block left, no script needed: the page has no inline script.
    assert!(doc.select(&sel("pre code.language-quiz")).next().is_none());
    let en = page(out, "/en/modules/premier-pas/");
    assert!(all_text(&en, ".quiz-feedback")[1].starts_with("✓ Right answer"));
    assert!(all_text(&en, ".quiz-feedback")[0].starts_with("✗ Wrong answer"));
}

#[test]
fn a_malformed_quiz_is_an_error_at_its_line_saying_what_to_write() {
    let site = Site::fixture("site");
    // Front matter: lines 1-11; body from line 12.
    let module = "---
title: \"Quiz cassé\"
summary: \"Un module pour les tests.\"
audiences: [salaries]
level: decouverte
duration_minutes: 30
format: atelier
objectives: [\"Comprendre\"]
updated: 2026-01-01
---

```quiz
? Sans bonne réponse
- [ ] a
  > f
- [ ] b
  > g

? Sans retour
- [x] a
- [ ] b
  > g
une ligne perdue
```
";
    site.write("content/modules/quiz-casse.md", module);
    let run = site.build(&[]);
    run.assert_exit(1);
    run.assert_diagnostic(
        "error",
        "content/modules/quiz-casse.md:13:",
        &["no right answer", "- [x]"],
    );
    run.assert_diagnostic(
        "error",
        "content/modules/quiz-casse.md:20:",
        &["option `a` has no feedback", "  > …"],
    );
    run.assert_diagnostic(
        "error",
        "content/modules/quiz-casse.md:23:",
        &["une ligne perdue", "`? …`"],
    );
}

// --- typography ---------------------------------------------------------------

#[test]
fn french_pages_get_no_break_spaces_and_english_pages_do_not() {
    let out = out();
    let fr = read(out, "fr/formations/premier-pas/index.html");
    assert!(
        fr.contains(&format!(
            "Le plan «{NNBSP}Osez l’IA{NNBSP}»{NBSP}: une question{NNBSP}?"
        )),
        "body text"
    );
    assert!(fr.contains("<code>a ? b : c</code>"), "code untouched");
    assert!(
        fr.contains(">https://www.cnil.fr/fr?x=1</a>"),
        "URL untouched"
    );
    let doc = Html::parse_document(&fr);
    assert!(
        txt(&doc, "title")
            .unwrap()
            .starts_with(&format!("Premiers pas{NBSP}: l'IA au travail{NNBSP}? — ")),
        "<title> too"
    );
    assert_eq!(
        txt(&doc, "h1").unwrap(),
        format!("Premiers pas{NBSP}: l'IA au travail{NNBSP}?")
    );
    assert_eq!(
        txt(&doc, ".lead").unwrap(),
        format!("Un module court{NNBSP}; avec un quiz{NNBSP}!")
    );
    // Cards of listings too.
    let list = page(out, "/fr/formations/");
    assert!(card_text(&list, "/fr/formations/premier-pas/")
        .unwrap()
        .contains(&format!("travail{NNBSP}?")));
    let en = read(out, "en/modules/premier-pas/index.html");
    assert!(en.contains("Really ? Yes : no."), "English untouched");
    assert!(!en.contains(NNBSP));
}

// --- learning paths -------------------------------------------------------------

/// (title, duration, meta) of each step of the learning path of a page.
fn path_steps(doc: &Html) -> Vec<String> {
    all_text(doc, ".learning-path-steps li")
}

#[test]
fn audience_pages_show_the_learning_path_in_prerequisite_order() {
    let out = out();
    // Employees: premier-pas (beginner, weight -5) and bases-de-l-ia
    // (beginner, weight 1) have no prerequisite; prompts-avances
    // (intermediate) needs bases-de-l-ia; expert (advanced, weight -10)
    // needs nothing but comes after the easier levels.
    let doc = page(out, "/fr/formations/public/salaries/");
    assert_eq!(
        txt(&doc, "#learning-path-title").as_deref(),
        Some(format!("Parcours{NBSP}: Salariés").as_str())
    );
    assert_eq!(
        path_steps(&doc),
        [
            format!("Premiers pas{NBSP}: l'IA au travail{NNBSP}? – 20 min, Découverte"),
            "Les bases de l'IA – 1 h 30 min, Découverte".to_owned(),
            "Prompts avancés – 45 min, Intermédiaire".to_owned(),
            "Pour experts – 10 min, Avancé".to_owned(),
        ]
    );
    assert_eq!(
        txt(&doc, ".learning-path-total").as_deref(),
        Some(format!("Durée totale{NBSP}: 2 h 45 min").as_str())
    );
    // Public servants: module-francais needs prompts-avances, which needs
    // bases-de-l-ia; both come first, marked as meant for others.
    let doc = page(out, "/fr/formations/public/agents-publics/");
    let steps = path_steps(&doc);
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(steps[0].starts_with("Les bases de l'IA") && steps[0].contains("autre public"));
    assert!(steps[1].starts_with("Prompts avancés") && steps[1].contains("autre public"));
    assert!(steps[2].starts_with("Un module seulement en français"));
    assert!(!steps[2].contains("autre public"));
    assert_eq!(
        txt(&doc, ".learning-path-total").as_deref(),
        Some(format!("Durée totale{NBSP}: 2 h 45 min").as_str())
    );
    // Every step links to its module.
    let hrefs = attrs(&doc, ".learning-path-steps a", "href");
    assert_eq!(
        hrefs,
        [
            "/fr/formations/bases-de-l-ia/",
            "/fr/formations/prompts-avances/",
            "/fr/formations/module-francais/"
        ]
    );
    // Only audience pages have a path.
    let other = page(out, "/fr/formations/niveau/decouverte/");
    assert!(other.select(&sel(".learning-path")).next().is_none());
    let en = page(out, "/en/modules/audience/salaries/");
    assert!(txt(&en, ".learning-path-total")
        .unwrap()
        .starts_with("Total time: 2 h 45"));
}

// --- En bref --------------------------------------------------------------------

/// The "En bref" box as (term, value) pairs.
fn facts(doc: &Html) -> Vec<(String, String)> {
    doc.select(&sel(".facts dl > div"))
        .map(|d| {
            let dt = d
                .select(&sel("dt"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            let dd = d
                .select(&sel("dd"))
                .next()
                .unwrap()
                .text()
                .collect::<String>();
            (squash(&dt), squash(&dd))
        })
        .collect()
}

#[test]
fn en_bref_says_all_sectors_instead_of_none() {
    let out = out();
    // prompts-avances names no sector and no company size.
    let f = facts(&page(out, "/fr/formations/prompts-avances/"));
    let get = |k: &str| f.iter().find(|(t, _)| t == k).map(|(_, v)| v.clone());
    assert_eq!(get("Secteurs").as_deref(), Some("Tous secteurs"), "{f:?}");
    assert_eq!(
        get("Tailles d’entreprise").as_deref(),
        Some("Toutes tailles")
    );
    assert!(f.iter().all(|(_, v)| v != "Aucun"), "{f:?}");
    let en = facts(&page(out, "/en/modules/advanced-prompts/"));
    assert!(en.iter().any(|(_, v)| v == "All sectors"), "{en:?}");
    // A module that names sectors lists them.
    let f = facts(&page(out, "/fr/formations/bases-de-l-ia/"));
    assert!(
        f.iter()
            .any(|(t, v)| t == "Secteurs" && v.contains("Commerce")),
        "{f:?}"
    );
}
