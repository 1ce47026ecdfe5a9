//! What a content editor does first, run on the real binary in temporary
//! folders: a site without a theme folder builds with the built-in theme
//! (and a site's own files still replace its files); `init` makes a
//! catalogue that builds; `new` makes drafts that pass `check`; both refuse
//! to overwrite; `schema` writes JSON Schemas that accept every page of the
//! bundled catalogue and refuse wrong values; two pages with one URL are
//! reported with both `slug:` lines.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

/// A temporary folder; nothing copied in (no theme).
fn tmp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("academie-editors-")
        .tempdir()
        .expect("temp dir")
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The fixture site, without the `themes/` folder the other tests copy in.
fn theme_less_fixture(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    copy_dir(&fixture_path("site"), &root);
    assert!(!root.join("themes").exists());
    root
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The stylesheet a built page links to, read from the output.
fn stylesheet_of(out: &Path, page: &str) -> String {
    let html = fs::read_to_string(out.join(page)).unwrap();
    let href = html
        .split("rel=\"stylesheet\" href=\"")
        .nth(1)
        .or_else(|| {
            html.split("href=\"")
                .find(|h| h.split('"').next().unwrap_or("").contains("style."))
        })
        .and_then(|h| h.split('"').next())
        .unwrap_or_else(|| panic!("a stylesheet link in {page}"));
    let file = href.rsplit('/').next().unwrap();
    fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn a_site_without_a_theme_folder_builds_with_the_built_in_theme() {
    let dir = tmp();
    let root = theme_less_fixture(dir.path());
    let out = dir.path().join("out");
    let run = run(&["build", "--root", &s(&root), "--output", &s(&out)]);
    run.assert_ok();
    let page = read(&out, "fr/formations/bases-de-l-ia/index.html");
    assert!(
        page.contains("<footer"),
        "the theme's base template rendered"
    );
    let css = stylesheet_of(&out, "fr/formations/bases-de-l-ia/index.html");
    let theme_css =
        fs::read_to_string(repo_root().join("themes/academie/static/style.css")).unwrap();
    assert_eq!(css, theme_css, "the built-in stylesheet is published");
}

#[test]
fn a_sites_theme_folder_and_templates_replace_built_in_files_one_by_one() {
    let dir = tmp();
    let root = theme_less_fixture(dir.path());
    // Only the stylesheet in the site's theme folder, only the 404 page in
    // its templates: everything else comes from the built-in theme.
    fs::create_dir_all(root.join("themes/academie/static")).unwrap();
    fs::write(
        root.join("themes/academie/static/style.css"),
        "body { color: #123456 }\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("templates")).unwrap();
    fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<p>Perdu, page d'essai.</p>{% endblock content %}",
    )
    .unwrap();
    let out = dir.path().join("out");
    run(&["build", "--root", &s(&root), "--output", &s(&out)]).assert_ok();
    let css = stylesheet_of(&out, "fr/formations/bases-de-l-ia/index.html");
    assert_eq!(css, "body { color: #123456 }\n");
    let not_found = read(&out, "404.html");
    assert!(not_found.contains("Perdu, page d'essai."), "{not_found}");
    assert!(
        not_found.contains("<footer"),
        "base.html still comes from the built-in theme"
    );
}

#[test]
fn an_unknown_theme_is_an_error_at_the_theme_line() {
    let dir = tmp();
    let root = theme_less_fixture(dir.path());
    let config = fs::read_to_string(root.join("academie.yaml")).unwrap();
    fs::write(
        root.join("academie.yaml"),
        config.replace("theme: academie", "theme: maison"),
    )
    .unwrap();
    let run = run(&["check", "--root", &s(&root)]);
    run.assert_exit(1);
    let line = config
        .lines()
        .position(|l| l.starts_with("theme:"))
        .unwrap()
        + 1;
    run.assert_diagnostic(
        "error",
        &format!("academie.yaml:{line}:8"),
        &["theme `maison` not found", "themes/maison/"],
    );
}

#[test]
fn theme_export_writes_the_built_in_theme_and_refuses_to_overwrite() {
    let dir = tmp();
    let root = theme_less_fixture(dir.path());
    let run1 = run_in(Some(&root), &["theme", "export"]);
    run1.assert_ok();
    // Every file of the theme's sources, byte for byte, and nothing else:
    // the binary carries the theme as it is in the repository (an added
    // or changed file is embedded again at the next build).
    let files = |d: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut v: Vec<(PathBuf, Vec<u8>)> = walk(d)
            .into_iter()
            .map(|p| {
                (
                    p.strip_prefix(d).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let written = files(&root.join("themes/academie"));
    let source = files(&repo_root().join("themes/academie"));
    assert_eq!(
        written.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        source.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(
        written == source,
        "the exported theme differs from themes/academie/"
    );
    assert!(written
        .iter()
        .any(|(p, _)| p.ends_with("templates/base.html")));
    // The exported theme is used as the site's own.
    fs::write(
        root.join("themes/academie/static/style.css"),
        "/* exported, edited */\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    run(&["build", "--root", &s(&root), "--output", &s(&out)]).assert_ok();
    assert_eq!(
        stylesheet_of(&out, "fr/index.html"),
        "/* exported, edited */\n"
    );
    // A second export would overwrite the edit: refused.
    let run2 = run_in(Some(&root), &["theme", "export"]);
    run2.assert_exit(1)
        .assert_contains("themes/academie already exists and is not empty");
    assert_eq!(
        fs::read_to_string(root.join("themes/academie/static/style.css")).unwrap(),
        "/* exported, edited */\n"
    );
}

#[test]
fn init_makes_a_catalogue_that_builds_with_examples_and_mandatory_pages() {
    let dir = tmp();
    let site = dir.path().join("mon-catalogue");
    run(&["init", &s(&site)]).assert_ok();
    assert!(!site.join("themes").exists(), "no theme copied");
    for f in [
        "academie.yaml",
        "data/taxonomies.yaml",
        "data/synonyms.yaml",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    let out = dir.path().join("out");
    let built = run(&["build", "--root", &s(&site), "--output", &s(&out)]);
    built.assert_ok().assert_contains("0 warnings");
    // The mandatory pages are in the footer of every page, in both languages.
    let home = read(&out, "fr/index.html");
    for text in ["Mentions légales", "Accessibilité", "Données personnelles"] {
        assert!(home.contains(text), "fr footer has {text}");
    }
    let legal = read(&out, "fr/mentions-legales/index.html");
    assert!(
        legal.contains("à compléter"),
        "the legal notice says what to fill in"
    );
    // The examples are marked as such where a reader sees them.
    let ambassador =
        fs::read_to_string(site.join("content/ambassadors/exemple-ambassadeur.md")).unwrap();
    assert!(ambassador.contains("Profil fictif"));
    let case = fs::read_to_string(site.join("content/use-cases/exemple-cas-d-usage.md")).unwrap();
    assert!(case.contains("Cas fictif") && case.contains("(fictif)"));
    // The vocabularies are the national ones.
    assert_eq!(
        fs::read_to_string(site.join("data/taxonomies.yaml")).unwrap(),
        fs::read_to_string(repo_root().join("data/taxonomies.yaml")).unwrap()
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tmp();
    let site = dir.path().join("occupied");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("notes.txt"), "mes notes").unwrap();
    let run = run(&["init", &s(&site)]);
    run.assert_exit(1)
        .assert_contains("is not empty (it holds notes.txt)")
        .assert_contains("nothing was written")
        .assert_contains("help:");
    assert_eq!(fs::read_dir(&site).unwrap().count(), 1);
    assert_eq!(
        fs::read_to_string(site.join("notes.txt")).unwrap(),
        "mes notes"
    );
}

#[test]
fn init_extends_still_makes_a_regional_edition() {
    let dir = tmp();
    let national = dir.path().join("national");
    run(&["init", &s(&national)]).assert_ok();
    let region = dir.path().join("bretagne");
    run(&["init", &s(&region), "--extends", &s(&national)])
        .assert_ok()
        .assert_contains("region 53");
    // A page started in the edition is about its region.
    run(&["new", "use-case", "cas-breton", "--root", &s(&region)]).assert_ok();
    let case = fs::read_to_string(region.join("content/use-cases/cas-breton.md")).unwrap();
    assert!(case.contains("\nregion: \"53\"\n"), "{case}");
    let out = dir.path().join("out");
    run(&[
        "build",
        "--root",
        &s(&region),
        "--output",
        &s(&out),
        "--drafts",
    ])
    .assert_ok()
    .assert_contains("0 warnings");
    assert!(read(&out, "fr/index.html").contains("Bretagne"));
}

#[test]
fn new_pages_are_drafts_that_pass_check_and_publish_with_drafts() {
    let dir = tmp();
    let site = dir.path().join("cat");
    run(&["init", &s(&site)]).assert_ok();
    let made = [
        (
            "module",
            "ecrire-un-prompt",
            None,
            "content/modules/ecrire-un-prompt.md",
        ),
        (
            "use-case",
            "atelier-de-test",
            None,
            "content/use-cases/atelier-de-test.md",
        ),
        (
            "ambassador",
            "jeanne-exemple",
            None,
            "content/ambassadors/jeanne-exemple.md",
        ),
        ("page", "contact", None, "content/pages/contact.md"),
        (
            "module",
            "ecrire-un-prompt",
            Some("en"),
            "content/modules/ecrire-un-prompt.en.md",
        ),
    ];
    for (kind, slug, lang, file) in made {
        let mut args = vec!["new", kind, slug, "--root"];
        let root = s(&site);
        args.push(&root);
        if let Some(l) = lang {
            args.extend(["--lang", l]);
        }
        run(&args).assert_ok().assert_contains(file);
        let text = fs::read_to_string(site.join(file)).unwrap();
        assert!(
            text.contains("\ndraft: true\n"),
            "{file} is a draft:\n{text}"
        );
    }
    let module = fs::read_to_string(site.join("content/modules/ecrire-un-prompt.md")).unwrap();
    // Every required field of the contract, the allowed values in comments.
    for field in [
        "title:",
        "summary:",
        "audiences:",
        "level:",
        "duration_minutes:",
        "format:",
        "objectives:",
        "updated:",
    ] {
        assert!(
            module.lines().any(|l| l.starts_with(field)),
            "{field} in\n{module}"
        );
    }
    assert!(
        module.contains("# ") && module.contains("intermediaire (Intermédiaire"),
        "{module}"
    );
    let ambassador =
        fs::read_to_string(site.join("content/ambassadors/jeanne-exemple.md")).unwrap();
    assert!(
        ambassador.contains("\"53\" (Bretagne"),
        "regions listed, quoted:\n{ambassador}"
    );

    // Drafts: the site checks without them, and with them.
    run(&["check", "--root", &s(&site)])
        .assert_ok()
        .assert_contains("0 warnings");
    let out = dir.path().join("out");
    run(&[
        "build",
        "--root",
        &s(&site),
        "--output",
        &s(&out),
        "--drafts",
    ])
    .assert_ok()
    .assert_contains("0 warnings");
    assert!(read(&out, "fr/formations/ecrire-un-prompt/index.html").contains("Ecrire un prompt"));
    let out2 = dir.path().join("out2");
    run(&["build", "--root", &s(&site), "--output", &s(&out2)]).assert_ok();
    assert!(
        !out2.join("fr/formations/ecrire-un-prompt").exists(),
        "a draft is not published"
    );
}

#[test]
fn new_refuses_to_overwrite_and_refuses_a_bad_slug() {
    let dir = tmp();
    let site = dir.path().join("cat");
    run(&["init", &s(&site)]).assert_ok();
    let file = site.join("content/modules/exemple-premier-module.md");
    let before = fs::read_to_string(&file).unwrap();
    run(&[
        "new",
        "module",
        "exemple-premier-module",
        "--root",
        &s(&site),
    ])
    .assert_exit(1)
    .assert_contains("content/modules/exemple-premier-module.md already exists")
    .assert_contains("nothing was written")
    .assert_contains("choose another slug");
    assert_eq!(fs::read_to_string(&file).unwrap(), before);
    // `x.fr.md` is the same page as `x.md` in the default language.
    run(&[
        "new",
        "module",
        "exemple-premier-module",
        "--lang",
        "fr",
        "--root",
        &s(&site),
    ])
    .assert_exit(1);
    assert!(!site
        .join("content/modules/exemple-premier-module.fr.md")
        .exists());

    run(&["new", "module", "Écrire Un Prompt", "--root", &s(&site)])
        .assert_exit(1)
        .assert_contains("is not a valid slug")
        .assert_contains("academie new module ecrire-un-prompt");
    run(&["new", "page", "../evasion", "--root", &s(&site)]).assert_exit(1);
    assert!(!dir.path().join("evasion.md").exists());
    run(&["new", "page", "ok", "--lang", "de", "--root", &s(&site)])
        .assert_exit(1)
        .assert_contains("`de` is not a language of this site");
    run(&[
        "new",
        "page",
        "ok",
        "--root",
        &s(&dir.path().join("nowhere")),
    ])
    .assert_exit(1)
    .assert_contains("academie.yaml does not exist");
}

/// The front matter of a content file as JSON, as an editor's YAML
/// support reads it.
fn front_matter(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text
        .strip_prefix("---\n")
        .unwrap_or_else(|| panic!("{}", path.display()));
    let end = rest
        .find("\n---")
        .unwrap_or_else(|| panic!("{}", path.display()));
    serde_yaml_ng::from_str(&rest[..end + 1]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validator(dir: &Path, collection: &str) -> jsonschema::Validator {
    let text = fs::read_to_string(dir.join(format!("{collection}.schema.json"))).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::meta::validate(&schema)
        .unwrap_or_else(|e| panic!("{collection}: not a valid JSON Schema: {e}"));
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| e.to_string()).collect()
}

#[test]
fn the_schema_accepts_every_page_of_the_catalogue_and_refuses_wrong_values() {
    let dir = tmp();
    let schemas = dir.path().join("schemas");
    run(&[
        "schema",
        "--root",
        &s(&repo_root()),
        "--output",
        &s(&schemas),
    ])
    .assert_ok()
    .assert_contains("modules.schema.json");
    let mut checked = 0;
    for collection in ["modules", "use-cases", "ambassadors", "pages"] {
        let v = validator(&schemas, collection);
        for entry in fs::read_dir(repo_root().join("content").join(collection)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let fm = front_matter(&path);
                let e = errors(&v, &fm);
                assert!(e.is_empty(), "{}: {e:?}", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "{checked} pages checked");

    let modules = validator(&schemas, "modules");
    let good = front_matter(&repo_root().join("content/modules/ecrire-un-prompt.md"));
    let wrong = |field: &str, value: Value| {
        let mut v = good.clone();
        v[field] = value;
        v
    };
    // A value outside the vocabulary, a bad date, a summary too long, an
    // unknown field, a missing required field, a reference to another
    // collection: each refused.
    let level = errors(&modules, &wrong("level", "expert".into()));
    assert!(level.iter().any(|e| e.contains("expert")), "{level:?}");
    assert!(!modules.is_valid(&wrong("updated", "2025-13-45".into())));
    assert!(!modules.is_valid(&wrong("updated", "1er juillet".into())));
    assert!(!modules.is_valid(&wrong("summary", "x".repeat(301).into())));
    assert!(!modules.is_valid(&wrong("sumary", "typo".into())));
    assert!(!modules.is_valid(&wrong("prerequisites", serde_json::json!(["use-cases/x"]))));
    assert!(!modules.is_valid(&wrong("duration_minutes", 0.into())));
    let mut missing = good.clone();
    missing.as_object_mut().unwrap().remove("level");
    assert!(!modules.is_valid(&missing));

    let ambassadors = validator(&schemas, "ambassadors");
    let good = front_matter(&repo_root().join("content/ambassadors/camille-rouviere.md"));
    for (field, value) in [
        ("region", Value::from("99")),
        ("kind", Value::from("star")),
        ("contact_url", Value::from("http://example.org")),
    ] {
        let mut v = good.clone();
        v[field] = value;
        assert!(!ambassadors.is_valid(&v), "{field} refused");
    }
    // YAML reads `region: 53` as a number, which the build accepts.
    let mut v = good.clone();
    v["region"] = 53.into();
    assert!(ambassadors.is_valid(&v));

    // Labels are there to be shown while typing.
    let text = fs::read_to_string(schemas.join("use-cases.schema.json")).unwrap();
    assert!(text.contains("Occitanie") && text.contains("\"format\": \"date\""));
}

#[test]
fn two_pages_with_one_url_name_both_slug_lines() {
    let site = Site::fixture("site");
    site.write(
        "content/modules/premier.md",
        "---\ntitle: \"Premier\"\nsummary: \"Un.\"\nslug: commun\naudiences: [dirigeants]\nlevel: decouverte\nduration_minutes: 10\nformat: atelier\nobjectives: [\"Un\"]\nupdated: 2025-07-01\n---\nTexte.\n",
    );
    site.write(
        "content/modules/second.md",
        "---\ntitle: \"Second\"\nsummary: \"Deux.\"\naudiences: [dirigeants]\nlevel: decouverte\nslug: commun\nduration_minutes: 10\nformat: atelier\nobjectives: [\"Deux\"]\nupdated: 2025-07-01\n---\nTexte.\n",
    );
    let run = site.check(&[]);
    run.assert_exit(1);
    run.assert_diagnostic(
        "error",
        "content/modules/second.md:6:7",
        &[
            "same URL",
            "content/modules/premier.md:4:7 (`slug: commun`)",
        ],
    );
}

/// A national catalogue (from `init`) and a Breton edition on it, in `dir`.
fn breton_edition(dir: &Path) -> PathBuf {
    let national = dir.join("national");
    run(&["init", &s(&national)]).assert_ok();
    let region = dir.join("bretagne");
    run(&["init", &s(&region), "--extends", &s(&national)]).assert_ok();
    region
}

fn append(path: &Path, text: &str) {
    let mut t = fs::read_to_string(path).unwrap();
    t.push_str(text);
    fs::write(path, t).unwrap();
}

/// The 1-based line of `needle` in a file.
fn line_of(path: &Path, needle: &str) -> usize {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} in {}", path.display()))
        + 1
}

#[test]
fn the_breton_edition_changes_its_footer_colours_and_logo_without_copying_base_html() {
    let dir = tmp();
    let region = breton_edition(dir.path());
    fs::create_dir_all(region.join("static/images")).unwrap();
    fs::write(
        region.join("static/images/logo-bzh.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" height=\"10\"/></svg>\n",
    )
    .unwrap();
    append(
        &region.join("academie.yaml"),
        "brand:\n  logo: images/logo-bzh.svg\n  colors:\n    accent: \"#1a1a1a\"\n    on_accent: \"#ffffff\"\n    link: \"#005a8c\"\n  dark_colors: { accent: \"#9ad0ff\", on_accent: \"#161616\", link: \"#b5dcff\" }\n",
    );
    fs::create_dir_all(region.join("templates/partials")).unwrap();
    fs::write(
        region.join("templates/partials/footer.html"),
        "<div class=\"wrap footer-inner\"><p id=\"pied-breton\">Édition Bretagne — partenaires régionaux</p>\n<ul>{% for link in footer_links %}<li><a href=\"{{ link.url }}\">{{ link.label }}</a></li>{% endfor %}</ul></div>\n",
    )
    .unwrap();
    assert!(!region.join("templates/base.html").exists());
    let out = dir.path().join("out");
    run(&["build", "--root", &s(&region), "--output", &s(&out)])
        .assert_ok()
        .assert_contains("0 warnings");
    let home = read(&out, "fr/index.html");
    assert!(home.contains("id=\"pied-breton\""), "the region's footer");
    assert!(
        home.contains("Mentions légales"),
        "the footer links still come from the national pages"
    );
    assert!(
        home.contains("<img class=\"brand-logo\" src=\"/bretagne/images/logo-bzh.svg\" alt=\"\">"),
        "the logo in the header"
    );
    assert!(out.join("images/logo-bzh.svg").is_file());
    let href = home
        .split("<link rel=\"stylesheet\" href=\"")
        .filter_map(|h| h.split('"').next())
        .find(|h| h.contains("brand."))
        .unwrap_or_else(|| panic!("a brand stylesheet link"));
    let css = fs::read_to_string(out.join(href.trim_start_matches("/bretagne/"))).unwrap();
    assert!(
        css.contains("--accent:#1a1a1a;") && css.contains("--link:#005a8c;"),
        "{css}"
    );
    assert!(
        css.contains("prefers-color-scheme:dark") && css.contains("--accent:#9ad0ff;"),
        "{css}"
    );
    // The national catalogue (no brand) has no brand stylesheet.
    let out2 = dir.path().join("out2");
    run(&[
        "build",
        "--root",
        &s(&dir.path().join("national")),
        "--output",
        &s(&out2),
    ])
    .assert_ok();
    let national = read(&out2, "fr/index.html");
    assert!(!national.contains("brand.") && !national.contains("brand-logo"));
    assert!(
        national.contains("class=\"footer-status\""),
        "the built-in footer"
    );
}

#[test]
fn a_brand_colour_with_poor_contrast_is_an_error_naming_the_pair_and_line() {
    let dir = tmp();
    let region = breton_edition(dir.path());
    let out = dir.path().join("out");
    run(&["build", "--root", &s(&region), "--output", &s(&out)]).assert_ok();
    let before = read(&out, "fr/index.html");
    let config = region.join("academie.yaml");
    append(&config, "brand:\n  colors:\n    accent: \"#777777\"\n    on_accent: \"#ffffff\"\n    link: \"#999999\"\n");
    let run = run(&["build", "--root", &s(&region), "--output", &s(&out)]);
    run.assert_exit(1);
    let on_accent = line_of(&config, "on_accent:");
    run.assert_diagnostic(
        "error",
        &format!("academie.yaml:{on_accent}:16"),
        &[
            "`colors.on_accent` #ffffff on `colors.accent` #777777",
            "4.48:1",
            "AA needs 4.5:1",
        ],
    );
    let link = line_of(&config, "link:");
    run.assert_diagnostic(
        "error",
        &format!("academie.yaml:{link}:11"),
        &["`colors.link` #999999 on the theme's `bg` #ffffff"],
    );
    run.assert_contains("the previous output was left as it was");
    assert_eq!(read(&out, "fr/index.html"), before);
}

#[test]
fn a_colour_that_is_not_a_colour_and_a_missing_logo_are_errors_at_their_lines() {
    let dir = tmp();
    let region = breton_edition(dir.path());
    let config = region.join("academie.yaml");
    let original = fs::read_to_string(&config).unwrap();
    append(
        &config,
        "brand:\n  logo: images/absent.svg\n  colors:\n    accent: rouge\n    link: #005a8c\n",
    );
    let run = run(&["check", "--root", &s(&region)]);
    run.assert_exit(1);
    let accent = line_of(&config, "accent: rouge");
    run.assert_diagnostic(
        "error",
        &format!("academie.yaml:{accent}:13"),
        &["`rouge` is not a colour", "hexadecimal"],
    );
    // Unquoted, `#005a8c` is a YAML comment: the value is empty.
    let link = line_of(&config, "link: #");
    run.assert_diagnostic(
        "error",
        &format!("academie.yaml:{link}:11"),
        &["is empty, which is not a colour", "quote the colour"],
    );

    // Colours right, the logo file missing.
    fs::write(
        &config,
        original + "brand:\n  logo: images/absent.svg\n  colors: { link: \"#005a8c\" }\n",
    )
    .unwrap();
    let run = common::run(&["check", "--root", &s(&region)]);
    run.assert_exit(1);
    let logo = line_of(&config, "logo:");
    run.assert_diagnostic(
        "error",
        &format!("academie.yaml:{logo}:9"),
        &["there is no file static/images/absent.svg", "static/"],
    );
}

use crate::support;

#[test]
fn init_then_serve_previews_with_the_built_in_theme_and_rebuilds_on_save() {
    let dir = tmp();
    let site = dir.path().join("cat");
    run(&["init", &s(&site)]).assert_ok();
    let mut opts = academie::serve::ServeOptions::new(&site);
    opts.port = 0;
    opts.quiet = true;
    let server = academie::serve::Server::start(opts).expect("the server starts");
    let addr = server.addr();
    let home = support::get(addr, "/fr/", &[]);
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(html.contains("Catalogue IA"), "{html}");
    let css = html
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|h| h.split('"').next())
        .unwrap()
        .to_owned();
    let style = support::get(addr, &css, &[]);
    assert_eq!(style.status, 200);
    assert!(!style.body.is_empty());

    let page = site.join("content/pages/mentions-legales.md");
    let text = fs::read_to_string(&page).unwrap();
    let edited = text.replace(
        "title: \"Mentions légales\"",
        "title: \"Mentions légales du catalogue\"",
    );
    assert_ne!(edited, text);
    fs::write(&page, edited).unwrap();
    support::wait_for("the edit to be served", || {
        let r = support::get(addr, "/fr/mentions-legales/", &[]);
        r.text()
            .contains("<h1>Mentions légales du catalogue</h1>")
            .then_some(())
    });
}
