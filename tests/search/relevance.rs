//! Search as a learner meets it, on whole builds: the bundled catalogue
//! answers the questions of issue 14 through `academie search` (the engine
//! the browser runs), two builds of the same content are byte-identical
//! (index files included), and `search: false` keeps a page out.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

fn catalogue() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| build_catalogue("search_relevance-a"))
}

/// Every file under `root`: relative path → bytes.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Two builds of unchanged content: the same file names, the same bytes,
/// the search index files included (their names are content hashes, so
/// a deploy of unchanged content invalidates no cache).
#[test]
fn two_builds_of_the_same_content_are_byte_identical() {
    let a = files(catalogue());
    let b = files(&build_catalogue("search_relevance-b"));
    let index_files = a
        .keys()
        .filter(|p| p.starts_with("search") && p.extension().is_some_and(|x| x == "bin"))
        .count();
    assert!(index_files >= 6, "{index_files} index files");
    let names_a: Vec<_> = a.keys().collect();
    let names_b: Vec<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "the same file names");
    for (path, bytes) in &a {
        assert!(
            b[path] == *bytes,
            "{} differs between builds",
            path.display()
        );
    }
}

/// The ids `academie search --json` returns, best first.
fn ids(site: &Path, lang: &str, query: &str) -> Vec<String> {
    let r = run(&[
        "search",
        query,
        "--json",
        "--lang",
        lang,
        "--site",
        &site.display().to_string(),
    ]);
    r.assert_ok();
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn top3(site: &Path, lang: &str, query: &str, id: &str) {
    let got = ids(site, lang, query);
    assert!(
        got.iter().take(3).any(|g| g == id),
        "{lang} {query:?}: {id} not in the top 3 of {got:?}"
    );
}

/// The questions of issue 14 that answered nothing, or the wrong page.
#[test]
fn natural_questions_answer_on_the_catalogue() {
    let site = catalogue();
    for q in [
        "aides financières pour l'IA",
        "IA dans le bâtiment",
        "prévoir les pannes des machines",
        "répondre aux clients d'un hôtel",
        "contrôle qualité par caméra",
    ] {
        assert!(!ids(site, "fr", q).is_empty(), "{q:?} answers nothing");
    }
    for q in ["comment écrire un prompt", "promtp", "prompt"] {
        assert_eq!(
            ids(site, "fr", q).first().map(String::as_str),
            Some("modules/ecrire-un-prompt"),
            "{q:?}"
        );
    }
    top3(
        site,
        "fr",
        "aides financières pour l'IA",
        "modules/financer-son-projet-ia",
    );
    top3(
        site,
        "fr",
        "prévoir les pannes des machines",
        "use-cases/pme-metallurgie-maintenance-predictive",
    );
    top3(
        site,
        "fr",
        "répondre aux clients d'un hôtel",
        "use-cases/hotel-independant-reponses-clients",
    );
    top3(
        site,
        "en",
        "how to write a prompt",
        "modules/ecrire-un-prompt",
    );
}

/// Vocabulary labels are searchable: the ambassador of region 53
/// (Bretagne) for "bretagne", BTP-sector pages for "bâtiment".
#[test]
fn vocabulary_labels_are_searchable_on_the_catalogue() {
    let site = catalogue();
    let breton: Vec<String> = std::fs::read_dir(repo_root().join("content/ambassadors"))
        .unwrap()
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().contains(".en."))
        .filter(|e| {
            let text = std::fs::read_to_string(e.path()).unwrap();
            text.lines().any(|l| {
                l.trim() == "region: \"53\""
                    || l.trim() == "region: '53'"
                    || l.trim() == "region: 53"
            })
        })
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            format!("ambassadors/{}", name.trim_end_matches(".md"))
        })
        .collect();
    assert!(
        !breton.is_empty(),
        "the catalogue has an ambassador in region 53"
    );
    for q in ["bretagne", "ambassadeur bretagne"] {
        let got = ids(site, "fr", q);
        assert!(
            breton.contains(&got[0]),
            "{q:?}: {got:?}, expected one of {breton:?}"
        );
    }
    let btp: Vec<String> = ["modules", "use-cases", "ambassadors"]
        .iter()
        .flat_map(|c| {
            std::fs::read_dir(repo_root().join("content").join(c))
                .unwrap()
                .flatten()
                .filter(|e| !e.file_name().to_string_lossy().contains(".en."))
                .filter(|e| {
                    let t = std::fs::read_to_string(e.path()).unwrap();
                    t.lines()
                        .any(|l| l.starts_with("sector") && l.contains("btp"))
                })
                .map(move |e| {
                    format!(
                        "{c}/{}",
                        e.file_name().to_string_lossy().trim_end_matches(".md")
                    )
                })
        })
        .collect();
    assert!(!btp.is_empty(), "the catalogue has BTP pages");
    let got = ids(site, "fr", "bâtiment");
    assert!(
        btp.contains(&got[0]),
        "bâtiment: {got:?}, BTP pages {btp:?}"
    );
}

/// `search: false` in the front matter keeps a page out of the index; the
/// page is still published.
#[test]
fn search_false_keeps_a_page_out_of_the_index() {
    let site = Site::fixture("site");
    let query = "accessibilite";
    site.build(&[]).assert_ok();
    let before = ids(&site.out(), "fr", query);
    assert!(
        before.contains(&"pages/accessibilite".to_string()),
        "{before:?}"
    );
    let page = site.path("content/pages/accessibilite.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text.replacen("---\n", "---\nsearch: false\n", 1);
    site.write("content/pages/accessibilite.md", text);
    let r = site.build(&[]);
    r.assert_ok();
    assert!(r.diagnostic_lines("warning").is_empty(), "{}", r.all());
    let after = ids(&site.out(), "fr", query);
    assert!(
        !after.contains(&"pages/accessibilite".to_string()),
        "{after:?}"
    );
    assert!(
        site.out().join("fr").exists(),
        "the site is still built with the page"
    );
}

/// When nothing matches, `academie search` says so and offers the index's
/// closest words.
#[test]
fn no_result_offers_the_closest_words() {
    let site = catalogue();
    let r = run(&[
        "search",
        "stok",
        "--site",
        &site.display().to_string(),
        "--lang",
        "fr",
    ]);
    r.assert_ok();
    assert!(r.stdout.starts_with("0 result(s)"), "{}", r.stdout);
    assert!(r.stdout.contains("Did you mean:"), "{}", r.stdout);
}
