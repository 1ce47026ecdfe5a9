//! Regional editions layered on a national catalogue: overrides, hiding,
//! an added language, template overrides, drift detection, merge rules and
//! the errors of a broken chain. Each test writes its own small sites.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn academie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_academie"))
        .args(args)
        .output()
        .expect("run academie")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

const TAXONOMIES: &str = r#"
audiences:
  dirigeants: { fr: "Dirigeants", en: "Owners" }
company_sizes:
  pme: { fr: "PME", en: "SME" }
levels:
  decouverte: { fr: "Découverte", en: "Beginner" }
formats:
  en-ligne: { fr: "En ligne", en: "Online" }
sectors:
  industrie: { fr: "Industrie", en: "Manufacturing" }
regions:
  national: { fr: "National", en: "Nationwide" }
  "53": { fr: "Bretagne", en: "Brittany" }
  "76": { fr: "Occitanie", en: "Occitanie" }
ai_techniques:
  vision: { fr: "Vision", en: "Vision" }
ambassador_kinds:
  regional: { fr: "Régional", en: "Regional" }
funding:
  region: { fr: "Aide régionale", en: "Regional grant" }
"#;

fn module(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: Un résumé.\naudiences: [dirigeants]\nlevel: decouverte\nduration_minutes: 30\nformat: en-ligne\nobjectives: [Comprendre]\nupdated: 2025-09-01\n{extra}---\nCorps du module.\n"
    )
}

fn use_case(title: &str, region: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: Un cas.\nsector: industrie\ncompany_size: pme\nregion: \"{region}\"\norganisation: Une PME\nai_techniques: [vision]\nupdated: 2025-10-01\n{extra}---\nCorps du cas.\n"
    )
}

/// A national site with two modules and two use cases, in fr and en.
fn national(dir: &Path) {
    write(dir, "academie.yaml", "title: { fr: \"Académie\", en: \"Academy\" }\nbase_url: \"https://example.org\"\ndefault_language: fr\nlanguages: [fr, en]\ntheme: academie\n");
    write(dir, "data/taxonomies.yaml", TAXONOMIES);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &dir.join("themes"),
    );
    write(
        dir,
        "content/modules/prompt.md",
        &module("Écrire un prompt", ""),
    );
    write(
        dir,
        "content/modules/prompt.en.md",
        &module("Writing a prompt", "slug: writing-a-prompt\n"),
    );
    write(dir, "content/modules/rgpd.md", &module("IA et RGPD", ""));
    write(
        dir,
        "content/use-cases/fuites.md",
        &use_case(
            "Fuites d'eau à Toulouse",
            "76",
            "related_modules: [modules/prompt]\n",
        ),
    );
    write(
        dir,
        "content/use-cases/fuites.en.md",
        &use_case("Water leaks in Toulouse", "76", ""),
    );
    write(
        dir,
        "content/use-cases/atelier.md",
        &use_case("Atelier national", "national", ""),
    );
}

fn regional(dir: &Path, extends: &str, extra_config: &str) {
    write(
        dir,
        "academie.yaml",
        &format!("title: {{ fr: \"Académie — Bretagne\", en: \"Academy — Brittany\", br: \"Akademiezh\" }}\nbase_url: \"https://example.org/bzh\"\ndefault_language: fr\nlanguages: [fr, en, br]\ntheme: academie\nextends: \"{extends}\"\nedition:\n  name: {{ fr: \"Édition Bretagne\", en: \"Brittany edition\", br: \"Embannadur Breizh\" }}\n  region: \"53\"\n{extra_config}"),
    );
    // Breton UI strings: the French ones with a few changes.
    let fr = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/academie/i18n/fr.yaml"),
    )
    .unwrap();
    let br = fr
        .replace("language_name: Français", "language_name: Brezhoneg")
        .replace(
            "language_name: \"Français\"",
            "language_name: \"Brezhoneg\"",
        )
        .replace(
            "not_found_title: \"Page introuvable\"",
            "not_found_title: \"N'eo ket bet kavet ar bajenn\"",
        );
    write(dir, "i18n/br.yaml", &br);
    write(dir, "data/taxonomies.yaml", "regions:\n  \"53\": { br: \"Breizh\" }\nsectors:\n  peche: { fr: \"Pêche\", en: \"Fishing\", br: \"Pesketa\" }\n");
}

struct Sites {
    _tmp: tempfile::TempDir,
    national: PathBuf,
    region: PathBuf,
}

fn sites(extra_config: &str) -> Sites {
    let tmp = tempfile::tempdir().unwrap();
    let national_dir = tmp.path().join("national");
    let region_dir = tmp.path().join("bretagne");
    national(&national_dir);
    regional(&region_dir, "../national", extra_config);
    Sites {
        national: national_dir,
        region: region_dir,
        _tmp: tmp,
    }
}

fn build(root: &Path, out: &Path) -> Output {
    academie(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

fn read(p: impl AsRef<Path>) -> String {
    fs::read_to_string(p.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", p.as_ref().display()))
}

#[test]
fn region_overrides_hides_adds_language_and_template() {
    let s = sites("hide: [use-cases/atelier]\n");
    // Override a national module, add a regional use case in French and Breton.
    write(
        &s.region,
        "content/modules/prompt.md",
        &module("Écrire un prompt en Bretagne", ""),
    );
    write(
        &s.region,
        "content/use-cases/peche.md",
        &use_case("Pêche à Lorient", "53", "related_modules: [modules/rgpd]\n"),
    );
    write(
        &s.region,
        "content/use-cases/peche.br.md",
        &use_case("Pesketa e An Oriant", "53", ""),
    );
    write(&s.region, "content/ambassadors/anna.md", "---\nname: Anna Le Goff\nrole: Conseillère\nkind: regional\nregion: \"53\"\norganisation: CCI\nupdated: 2025-10-01\nsectors: [peche]\n---\nProfil fictif.\n");
    // A template override.
    let page =
        read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/academie/templates/page.html"));
    write(
        &s.region,
        "templates/page.html",
        &page.replacen(
            "{% block content %}",
            "{% block content %}<p id=\"regional-template\">Bretagne</p>",
            1,
        ),
    );
    write(
        &s.region,
        "content/pages/bienvenue.md",
        "---\ntitle: Bienvenue\n---\nTexte.\n",
    );

    let out = s.region.join("public");
    let o = build(&s.region, &out);
    assert!(o.status.success(), "{}", stderr(&o));

    // Overridden module: regional title; inherited English translation kept.
    assert!(
        read(out.join("fr/formations/prompt/index.html")).contains("Écrire un prompt en Bretagne")
    );
    assert!(read(out.join("en/modules/writing-a-prompt/index.html")).contains("Writing a prompt"));
    // Hidden national page: gone in every language.
    assert!(!out.join("fr/cas-usage/atelier/index.html").exists());
    // Regional page referring to a national module.
    let peche = read(out.join("fr/cas-usage/peche/index.html"));
    assert!(
        peche.contains("/bzh/fr/formations/rgpd/"),
        "link to the national module"
    );
    // Breton: only pages with a Breton translation are listed in Breton.
    let br_list = read(out.join("br/cas-usage/index.html"));
    assert!(br_list.contains("Pesketa e An Oriant"));
    assert!(!br_list.contains("Water leaks"));
    assert!(read(out.join("br/cas-usage/peche/index.html")).contains("lang=\"br\""));
    // The switcher offers Breton on a French page.
    assert!(peche.contains("hreflang=\"br\""));
    // Regional vocabulary key and Breton label.
    assert!(out
        .join("fr/ambassadeurs/secteur/peche/index.html")
        .exists());
    // Template override used for free pages.
    assert!(read(out.join("fr/bienvenue/index.html")).contains("id=\"regional-template\""));
    // The regional home puts the region first.
    let home = read(out.join("fr/index.html"));
    assert!(
        home.contains("Anna Le Goff"),
        "regional ambassadors on the home page"
    );

    // The 404 page speaks Breton too, in Breton's own words.
    let not_found = scraper::Html::parse_document(&read(out.join("404.html")));
    let br_item = not_found
        .select(&scraper::Selector::parse("li[lang=br]").unwrap())
        .next()
        .map(|e| e.text().collect::<String>())
        .unwrap_or_default();
    assert!(
        br_item.contains("N'eo ket bet kavet ar bajenn"),
        "{br_item}"
    );

    // The national site is unchanged by all this.
    let nat_out = s.national.join("public");
    let o = build(&s.national, &nat_out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(nat_out.join("fr/formations/prompt/index.html")).contains("Écrire un prompt"));
    assert!(nat_out.join("fr/cas-usage/atelier/index.html").exists());
    assert!(!nat_out.join("br").exists());
}

#[test]
fn hidden_page_still_referenced_names_both_files() {
    let s = sites("hide: [modules/prompt]\n");
    let o = build(&s.region, &s.region.join("public"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("fuites.md"), "{err}");
    assert!(
        err.contains("modules/prompt")
            && err.contains("hidden by")
            && err.contains("academie.yaml"),
        "{err}"
    );
}

#[test]
fn redefining_a_national_label_is_an_error_adding_is_not() {
    let s = sites("");
    write(
        &s.region,
        "data/taxonomies.yaml",
        "regions:\n  \"53\": { fr: \"Breizh\", br: \"Breizh\" }\n",
    );
    let o = build(&s.region, &s.region.join("public"));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("regions.53") && err.contains("redefines"),
        "{err}"
    );
}

#[test]
fn override_records_the_base_version_and_check_warns_on_drift() {
    let s = sites("");
    let root = s.region.to_str().unwrap();
    let o = academie(&["override", "--root", root, "modules/prompt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(s.region.join("content/modules/prompt.md").exists());
    assert!(s.region.join("content/modules/prompt.en.md").exists());
    let ledger = read(s.region.join("overrides.yaml"));
    assert!(ledger.contains("content/modules/prompt.md") && ledger.contains("sha256"));

    let o = academie(&["check", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("has changed since"), "no drift yet");

    // The national file changes: check warns, naming the file.
    let nat = s.national.join("content/modules/prompt.md");
    fs::write(&nat, read(&nat) + "\nNouveau paragraphe national.\n").unwrap();
    let o = academie(&["check", "--root", root]);
    assert!(o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("content/modules/prompt.md") && err.contains("has changed since"),
        "{err}"
    );
    assert!(
        !err.contains("prompt.en.md:1:1"),
        "the English file did not change: {err}"
    );

    // After review, recording clears the warning.
    let o = academie(&["override", "--root", root, "--record", "modules/prompt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&academie(&["check", "--root", root])).contains("has changed since"));

    // Overriding twice is refused with a hint.
    let o = academie(&["override", "--root", root, "modules/prompt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--record"));
}

#[test]
fn status_lists_provenance_and_translations() {
    let s = sites("hide: [use-cases/atelier]\n");
    write(
        &s.region,
        "content/modules/prompt.md",
        &module("Prompt breton", ""),
    );
    write(
        &s.region,
        "content/use-cases/peche.md",
        &use_case("Pêche", "53", ""),
    );
    // An English translation older than its French source.
    write(
        &s.region,
        "content/use-cases/peche.en.md",
        &use_case("Fishing", "53", "").replace("2025-10-01", "2025-01-01"),
    );
    let o = academie(&["status", "--root", s.region.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let line = |id: &str| {
        out.lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{id} in {out}"))
            .to_owned()
    };
    assert!(line("modules/prompt").starts_with("overridden"));
    assert!(line("modules/rgpd").starts_with("inherited"));
    assert!(line("modules/rgpd").contains("missing: en, br"));
    assert!(line("use-cases/atelier").starts_with("hidden"));
    assert!(line("use-cases/peche").starts_with("regional-only"));
    assert!(line("use-cases/peche").contains("older than the source language: en"));
}

#[test]
fn chains_cycles_and_missing_bases() {
    // A department edition on the regional one.
    let s = sites("");
    let dept = s.region.parent().unwrap().join("finistere");
    write(&dept, "academie.yaml", "title: { fr: \"Finistère\", en: \"Finistère\", br: \"Penn-ar-Bed\" }\nbase_url: \"https://example.org/29\"\ndefault_language: fr\nlanguages: [fr, en, br]\ntheme: academie\nextends: ../bretagne\n");
    write(
        &dept,
        "content/use-cases/port.md",
        &use_case("Port de Brest", "53", ""),
    );
    let out = dept.join("public");
    let o = build(&dept, &out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("fr/cas-usage/port/index.html").exists());
    assert!(
        out.join("fr/cas-usage/fuites/index.html").exists(),
        "national pages reach the department"
    );
    assert!(
        out.join("br/index.html").exists(),
        "Breton UI strings come from the regional edition"
    );

    // A cycle.
    let nat_config = s.national.join("academie.yaml");
    fs::write(&nat_config, read(&nat_config) + "extends: ../finistere\n").unwrap();
    let o = build(&dept, &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cycle"), "{}", stderr(&o));

    // A missing base.
    let o = academie(&["check", "--root", s.region.to_str().unwrap()]);
    let _ = o;
    fs::write(
        &nat_config,
        read(&nat_config).replace("extends: ../finistere\n", ""),
    )
    .unwrap();
    let region_config = s.region.join("academie.yaml");
    fs::write(
        &region_config,
        read(&region_config).replace("extends: \"../national\"", "extends: \"../nowhere\""),
    )
    .unwrap();
    let o = academie(&["check", "--root", s.region.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("academie.yaml")
            && err.contains("../nowhere")
            && err.contains("does not exist"),
        "{err}"
    );
}

#[test]
fn init_scaffolds_an_edition_that_builds() {
    let s = sites("");
    let dir = s.national.parent().unwrap().join("occitanie");
    let o = academie(&[
        "init",
        "--extends",
        s.national.to_str().unwrap(),
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let config = read(dir.join("academie.yaml"));
    assert!(
        config.contains("region: \"76\""),
        "region guessed from the folder name: {config}"
    );
    assert!(config.contains("extends: \"../national\""), "{config}");
    let o = build(&dir, &dir.join("public"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("public/fr/formations/prompt/index.html").exists());

    // An unknown region name is refused with the way out.
    let o = academie(&[
        "init",
        "--extends",
        s.national.to_str().unwrap(),
        s.national
            .parent()
            .unwrap()
            .join("atlantide")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--region"));
}
