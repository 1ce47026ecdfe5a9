//! The ranking rules of issue 14 on small fixture corpora: coverage of the
//! query's meaningful words first, then where they matched (title >
//! vocabulary labels > summary > body); labels searchable; free pages
//! below catalogue pages unless named; no typo on short words or on words
//! in the index; question and stop words decide nothing; no empty answer
//! when a page matches a meaningful word, and "did you mean" otherwise;
//! the same input gives the same bytes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use search_index::writer::open_dir;
use search_index::{write_index, Engine, FacetLabels, SearchDocument};

mod common;
use common::{doc, ids, q, tmp};

fn labels_fr() -> FacetLabels {
    let mut l = FacetLabels::new();
    let mut put = |f: &str, k: &str, v: &str| {
        l.entry(f.to_string())
            .or_default()
            .insert(k.to_string(), v.to_string());
    };
    put("region", "53", "Bretagne");
    put("region", "76", "Occitanie");
    put("sector", "btp", "Bâtiment et travaux publics");
    put("sector", "industrie", "Industrie");
    put("type", "ambassadors", "Ambassadeurs");
    put("type", "modules", "Formations");
    put("type", "use-cases", "Cas d'usage");
    put("type", "pages", "Pages du site");
    l
}

fn engine_with(lang: &str, docs: Vec<SearchDocument>, syn: Vec<Vec<String>>) -> Engine {
    let dir = tmp(lang);
    write_index(&dir, lang, docs, &syn, &labels_fr()).unwrap();
    let e = open_dir(&dir).unwrap().0;
    let _ = std::fs::remove_dir_all(&dir);
    e
}

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

/// Pages matching every meaningful word come first, then pages matching
/// most of them; when some page matches more than half the words, pages
/// matching fewer are left out; when none does, the best partial matches
/// answer rather than nothing.
#[test]
fn coverage_of_the_meaningful_words_ranks_first() {
    let docs = vec![
        // One word, in the title (the best field).
        doc("modules/pannes", "Les pannes", "", "Texte.", &[]),
        // Both words, in the body only.
        doc(
            "use-cases/atelier",
            "Un atelier",
            "",
            "Anticiper les pannes des machines.",
            &[],
        ),
        // Three words of three.
        doc(
            "use-cases/usine",
            "Usine",
            "",
            "Prévoir les pannes des machines de l'usine.",
            &[],
        ),
        doc("modules/autre", "Autre", "", "Rien à voir.", &[]),
    ];
    let e = engine_with("fr", docs, vec![]);
    // Both words: the pages with both, in that order; the page with only
    // "pannes" (in its title) is left out.
    let r = q(&e, "pannes machines");
    assert_eq!(ids(&r), ["use-cases/atelier", "use-cases/usine"], "{r:?}");
    assert_eq!(r.total, 2);
    // Three words: all three first, then two of three (most of them).
    let r = q(&e, "prévoir pannes machines");
    assert_eq!(ids(&r), ["use-cases/usine", "use-cases/atelier"]);
    // A word no page has does not empty the answer.
    let r = q(&e, "pannes xylophone zanzibar");
    assert_eq!(r.hits[0].id, "modules/pannes");
    assert_eq!(r.total, 3);
    assert!(r.suggestions.is_empty());
}

/// Where a word matched: title, then vocabulary labels, then summary, then
/// body.
#[test]
fn title_then_labels_then_summary_then_body() {
    let docs = vec![
        doc("use-cases/body", "A", "", "La logistique du port.", &[]),
        doc(
            "use-cases/summary",
            "B",
            "La logistique du port.",
            "Texte.",
            &[],
        ),
        doc("use-cases/title", "La logistique", "", "Texte.", &[]),
        doc("use-cases/none", "C", "", "Texte.", &[]),
    ];
    let mut labels = labels_fr();
    labels
        .entry("sector".into())
        .or_default()
        .insert("transport".into(), "Transport et logistique".into());
    let mut docs = docs;
    docs.push(doc(
        "use-cases/labels",
        "D",
        "",
        "Texte.",
        &[("sector", "transport")],
    ));
    let dir = tmp("tiers");
    write_index(&dir, "fr", docs, &[], &labels).unwrap();
    let e = open_dir(&dir).unwrap().0;
    let r = q(&e, "logistique");
    assert_eq!(
        ids(&r),
        [
            "use-cases/title",
            "use-cases/labels",
            "use-cases/summary",
            "use-cases/body"
        ]
    );
}

/// A page's tags (its own keywords) count as its labels do: above a page
/// that has the word in its body only.
#[test]
fn tags_are_searchable_as_labels() {
    let mut tagged = doc(
        "modules/emploi",
        "Rechercher un emploi",
        "Préparer sa candidature.",
        "Adapter son curriculum à chaque offre.",
        &[],
    );
    tagged.tags = vec!["cv".into(), "lettre de motivation".into()];
    let docs = vec![
        doc(
            "modules/rgpd",
            "Protéger les données",
            "",
            "Un CV contient des données personnelles ; un autre CV aussi.",
            &[],
        ),
        tagged,
    ];
    let e = engine_with("fr", docs, vec![]);
    let r = q(&e, "cv ");
    assert_eq!(ids(&r), ["modules/emploi", "modules/rgpd"], "{r:?}");
    let r = q(&e, "lettre de motivation");
    assert_eq!(ids(&r), ["modules/emploi"], "{r:?}");
}

/// Vocabulary labels (region, sector, type…) are searchable, with the
/// synonyms of their words: "bretagne" finds the page of region 53,
/// "ambassadeur bretagne" its ambassador, "btp" and "bâtiment" the pages
/// of the BTP sector.
#[test]
fn vocabulary_labels_are_searchable() {
    let docs = vec![
        doc(
            "ambassadors/anne",
            "Anne Le Bihan",
            "",
            "Conseillère numérique.",
            &[("region", "53")],
        ),
        doc(
            "use-cases/rennes",
            "Un cas",
            "",
            "Une entreprise.",
            &[("region", "53"), ("sector", "industrie")],
        ),
        doc(
            "use-cases/chantier",
            "Suivi de chantier",
            "",
            "Des photos.",
            &[("sector", "btp")],
        ),
        doc(
            "pages/contribuer",
            "Contribuer",
            "",
            "Écrire depuis la Bretagne.",
            &[],
        ),
    ];
    let syn = vec![s(&["bâtiment", "btp", "construction"])];
    let e = engine_with("fr", docs, syn);
    let r = q(&e, "bretagne");
    assert_eq!(ids(&r)[..2].len(), 2);
    assert!(ids(&r)[..2].contains(&"ambassadors/anne"), "{r:?}");
    assert_eq!(ids(&r)[2], "pages/contribuer", "free page last");
    assert_eq!(ids(&q(&e, "ambassadeur bretagne"))[0], "ambassadors/anne");
    assert_eq!(ids(&q(&e, "bâtiment")), ["use-cases/chantier"]);
    assert_eq!(ids(&q(&e, "construction")), ["use-cases/chantier"]);
    assert_eq!(ids(&q(&e, "btp")), ["use-cases/chantier"]);
}

/// Free pages rank below catalogue pages covering as many words, unless
/// the query names them: their title has every word, or a word typed as
/// it is is one of their labels (their type, "Pages du site": a question
/// about the site).
#[test]
fn free_pages_rank_below_catalogue_pages_unless_named() {
    let docs = vec![
        doc(
            "pages/donnees-personnelles",
            "Données personnelles",
            "Comment ce site traite vos données.",
            "Ce site ne dépose aucun cookie. Protéger vos données personnelles.",
            &[],
        ),
        doc(
            "modules/rgpd",
            "IA et RGPD",
            "",
            "Protéger les données personnelles des clients.",
            &[],
        ),
        doc(
            "pages/mentions-legales",
            "Mentions légales",
            "",
            "Éditeur.",
            &[],
        ),
    ];
    let e = engine_with("fr", docs, vec![]);
    // The free page has the words in its title *and* body; the module in
    // its body only: the module first anyway...
    assert_eq!(
        ids(&q(&e, "protéger données")),
        ["modules/rgpd", "pages/donnees-personnelles"]
    );
    // ...but a query naming the free page finds it first.
    assert_eq!(
        ids(&q(&e, "données personnelles"))[0],
        "pages/donnees-personnelles"
    );
    assert_eq!(ids(&q(&e, "mentions légales")), ["pages/mentions-legales"]);

    let docs = vec![
        doc(
            "modules/vente",
            "Vendre en ligne",
            "",
            "Les cookies d'un site de vente en ligne.",
            &[],
        ),
        doc(
            "pages/donnees-personnelles",
            "Données personnelles",
            "",
            "Aucun cookie n'est déposé.",
            &[],
        ),
    ];
    let e = engine_with("fr", docs, vec![]);
    // "site" is the free page's label: a question about the site.
    assert_eq!(
        ids(&q(&e, "ce site a-t-il des cookies")),
        ["pages/donnees-personnelles", "modules/vente"]
    );
    // Only as typed: a typo of it names nothing.
    let r = q(&e, "cookies sitte");
    assert_eq!(
        ids(&r),
        ["modules/vente", "pages/donnees-personnelles"],
        "{r:?}"
    );
}

/// Typo tolerance only where it helps: none under 5 letters, none for a
/// word that is in the index as typed ("protection" does not reach
/// "production"), distance 1 up to 8 letters, 2 beyond.
#[test]
fn typos_only_on_long_words_missing_from_the_index() {
    let docs = vec![
        doc(
            "use-cases/prod",
            "Production",
            "",
            "La production de l'usine.",
            &[],
        ),
        doc(
            "use-cases/dates",
            "Dates",
            "",
            "Les dates des livraisons.",
            &[],
        ),
        doc(
            "modules/rgpd",
            "Protection des données",
            "",
            "La protection des données personnelles.",
            &[],
        ),
        doc("use-cases/stock", "Stock", "", "Un stock de pièces.", &[]),
        doc(
            "modules/prompt",
            "Écrire un prompt",
            "",
            "Un bon prompt.",
            &[],
        ),
    ];
    let syn = vec![s(&["rgpd", "protection des données", "data protection"])];
    let e = engine_with("fr", docs, syn);
    let r = q(&e, "data protection");
    assert_eq!(ids(&r), ["modules/rgpd"], "{r:?}");
    // "protection" is in the index: no typo neighbour.
    let r = q(&e, "protection ");
    assert_eq!(ids(&r), ["modules/rgpd"]);
    // A short word gets no typo ("stok", 4 letters)...
    assert_eq!(q(&e, "stok ").total, 0);
    // ...a longer one does, once (transposition counts as one edit).
    assert_eq!(ids(&q(&e, "promtp ")), ["modules/prompt"]);
    assert_eq!(ids(&q(&e, "prodution ")), ["use-cases/prod"]);
    // Two edits only from 9 letters.
    assert_eq!(q(&e, "prdutoin ").total, 0);
    assert_eq!(ids(&q(&e, "productoin ")), ["use-cases/prod"]);
}

/// Stop words and question words never decide a result nor empty it.
#[test]
fn question_and_stop_words_decide_nothing() {
    let docs = vec![
        doc(
            "pages/faq",
            "Comment ça marche",
            "",
            "Comment faire pour tout.",
            &[],
        ),
        doc(
            "modules/prompt",
            "Écrire un prompt",
            "",
            "Un bon prompt.",
            &[],
        ),
        doc("modules/autre", "Autre chose", "", "Rien.", &[]),
    ];
    let e = engine_with("fr", docs.clone(), vec![]);
    let r = q(&e, "comment écrire un prompt");
    assert_eq!(ids(&r), ["modules/prompt"], "{r:?}");
    let r = q(&e, "pourquoi mon prompt");
    assert_eq!(ids(&r), ["modules/prompt"]);
    // Stop words only: no words at all, every page listed.
    assert_eq!(q(&e, "les de la pour").total, 3);
    // Question words only: they are what is asked.
    assert_eq!(ids(&q(&e, "comment "))[0], "pages/faq");
    // A meaningful word no page has, with question words: no result, not
    // the pages with "comment".
    let r = q(&e, "comment zyxwv ");
    assert_eq!(r.total, 0, "{r:?}");
    let en = engine_with(
        "en",
        vec![
            doc(
                "modules/prompt",
                "Writing a good prompt",
                "",
                "A prompt.",
                &[],
            ),
            doc(
                "pages/how",
                "How this site works",
                "",
                "What we do and why.",
                &[],
            ),
        ],
        vec![],
    );
    assert_eq!(ids(&q(&en, "how do I write my prompt")), ["modules/prompt"]);
    // "how much", like "combien": a page saying "much" covers nothing more.
    let en = engine_with(
        "en",
        vec![
            doc(
                "modules/funding",
                "Funding",
                "",
                "How much money a project needs, whatever its cost.",
                &[],
            ),
            doc(
                "modules/budget",
                "Project cost",
                "",
                "The cost of a project.",
                &[],
            ),
        ],
        vec![],
    );
    let r = q(&en, "how much does a project cost");
    assert_eq!(ids(&r), ["modules/budget", "modules/funding"], "{r:?}");
}

/// When no page matches any meaningful word, the answer says so (no hit)
/// and offers the index's closest words.
#[test]
fn nothing_matches_offers_the_closest_words() {
    let docs = vec![
        doc(
            "use-cases/stock",
            "Gestion du stock",
            "",
            "Un stock de pièces.",
            &[],
        ),
        doc("use-cases/maint", "Maintenance", "", "La maintenance.", &[]),
    ];
    let e = engine_with("fr", docs, vec![]);
    let r = q(&e, "stok ");
    assert_eq!(r.total, 0);
    assert!(r.hits.is_empty());
    assert_eq!(
        r.suggestions.first().map(String::as_str),
        Some("stock"),
        "{r:?}"
    );
    let r = q(&e, "zzzzzz qqqqqq");
    assert_eq!((r.total, r.suggestions.len()), (0, 0));
    // A query with results has no suggestions.
    assert!(q(&e, "stock").suggestions.is_empty());
}

/// The `fictional` flag of a document comes back with its hit.
#[test]
fn fictional_is_returned_with_the_hit() {
    let mut a = doc(
        "use-cases/a",
        "Cas type d'un atelier",
        "",
        "Un atelier.",
        &[],
    );
    a.fictional = true;
    let b = doc("use-cases/b", "Un vrai atelier", "", "Un atelier.", &[]);
    let e = engine_with("fr", vec![a, b], vec![]);
    let r = q(&e, "atelier");
    let flags: BTreeMap<&str, bool> = r
        .hits
        .iter()
        .map(|h| (h.id.as_str(), h.fictional))
        .collect();
    assert!(flags["use-cases/a"]);
    assert!(!flags["use-cases/b"]);
}

/// The same documents give the same bundle, byte for byte, file names
/// included: tantivy's random segment ids do not leak into the output.
#[test]
fn the_same_documents_give_the_same_bytes() {
    let docs = || {
        (0..200)
            .map(|i| {
                doc(
                    &format!("use-cases/cas-{i}"),
                    &format!("Cas {i}"),
                    "Un résumé.",
                    &format!("Maintenance {i} et données {}", i * 7),
                    &[("region", if i % 2 == 0 { "53" } else { "76" })],
                )
            })
            .collect::<Vec<_>>()
    };
    let read = |dir: &PathBuf| {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            files.insert(
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
        files
    };
    let (a, b) = (tmp("same-a"), tmp("same-b"));
    write_index(&a, "fr", docs(), &[], &labels_fr()).unwrap();
    write_index(&b, "fr", docs(), &[], &labels_fr()).unwrap();
    let (fa, fb) = (read(&a), read(&b));
    assert_eq!(fa.len(), 4);
    assert_eq!(fa, fb);
    // And the bundle opens and answers.
    let e = open_dir(&a).unwrap().0;
    assert_eq!(q(&e, "maintenance").total, 200);
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}
