//! One test per rule of the content contract (`../shared/content-model.md`):
//! a valid fixture site (`tests/fixtures/site`) gets one broken file written
//! by the test, right next to the line and column the editor must be sent
//! to. Each test asserts the exit status (1 for content errors), the
//! location (`path:line:column:`, or `path:line` / `path` where no column or
//! line makes sense) and the words that tell the editor what to do.
//!
//! The rules that share that shape are one table (`contract_cases!`, run by
//! `Case::assert`); the tests below it need more than one run or a check
//! of another shape.

use crate::common;

use common::*;

/// Where a diagnostic must point.
#[derive(Clone, Copy, Debug)]
enum Loc {
    /// `path:line:column:`
    At(u32, u32),
    /// `path:line:` or `path:line:column:` with any column
    Line(u32),
    /// `path:<some line>[:<some column>]:`
    AnyLine,
}

/// Parses the `line[:column]` after `path:` in a diagnostic header.
fn position(rest: &str) -> (Option<u32>, Option<u32>) {
    let mut parts = rest.splitn(3, ':');
    let line = parts.next().and_then(|l| l.parse().ok());
    let col = line.and_then(|_| parts.next().and_then(|c| c.parse().ok()));
    (line, col)
}

fn has_diag(run: &Run, severity: &str, path: &str, loc: Loc, texts: &[&str]) -> bool {
    run.diagnostic_blocks(severity).iter().any(|(head, block)| {
        let Some(rest) = head.strip_prefix(path).and_then(|r| r.strip_prefix(':')) else {
            return false;
        };
        let (line, col) = position(rest);
        let at = match loc {
            Loc::At(l, c) => line == Some(l) && col == Some(c),
            Loc::Line(l) => line == Some(l),
            Loc::AnyLine => line.is_some(),
        };
        at && texts.iter().all(|t| block.contains(t))
    })
}

/// Asserts that `run` has a `severity` diagnostic on `path` at `loc` whose
/// text (header and notes) contains every one of `texts`.
fn assert_diag(run: &Run, severity: &str, path: &str, loc: Loc, texts: &[&str]) {
    let ok = has_diag(run, severity, path, loc, texts);
    assert!(
        ok,
        "expected `{severity}: {path}` at {loc:?} containing {texts:?}\n--- output of `academie {}` (exit {:?})\n{}",
        run.args.join(" "),
        run.status,
        run.all()
    );
}

fn error_at(run: &Run, path: &str, loc: Loc, texts: &[&str]) {
    run.assert_exit(1);
    assert_diag(run, "error", path, loc, texts);
}

/// A valid module front matter (9 lines after `---`), to be completed by
/// extra lines; the closing `---` is line 10 + extra lines.
fn module(extra: &str) -> String {
    format!(
        "---\n\
         title: \"Module d'essai\"\n\
         summary: \"Un module pour les tests.\"\n\
         audiences: [salaries]\n\
         level: decouverte\n\
         duration_minutes: 30\n\
         format: atelier\n\
         objectives: [\"Comprendre\"]\n\
         updated: 2026-01-01\n\
         {extra}---\n"
    )
}

/// The same with one field line replaced (`field` is the line's prefix).
fn module_with(field: &str, line: &str) -> String {
    module("")
        .lines()
        .map(|l| if l.starts_with(field) { line } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn site() -> Site {
    Site::fixture("site")
}

// --- the fixture itself -----------------------------------------------------

#[test]
fn the_valid_fixture_checks_clean() {
    let run = site().check(&[]);
    run.assert_ok();
    assert!(
        run.diagnostic_lines("error").is_empty() && run.diagnostic_lines("warning").is_empty(),
        "{}",
        run.all()
    );
}

#[test]
fn a_usage_error_exits_with_2() {
    run(&["build", "--no-such-option"]).assert_exit(2);
    run(&["no-such-verb"]).assert_exit(2);
}

// --- the table ------------------------------------------------------------------

/// One diagnostic a case must produce: `error` on `path` at `at`, whose text
/// (the message, its labels and its help) contains every one of `texts`.
struct Expect {
    path: String,
    at: Loc,
    texts: Vec<String>,
}

/// One broken (or, with no `errors`, valid) version of the fixture: the
/// files written over it, and what `academie check` must say.
struct Case {
    files: Vec<(String, Vec<u8>)>,
    /// Empty: the check must pass. Otherwise it must exit with 1 and
    /// report every one of these.
    errors: Vec<Expect>,
}

impl Case {
    /// Writes (or overwrites) one more file.
    fn write(mut self, path: &str, contents: impl AsRef<[u8]>) -> Case {
        self.files
            .push((path.to_string(), contents.as_ref().to_vec()));
        self
    }

    /// One more error the check must report.
    fn error(mut self, path: &str, at: Loc, texts: &[&str]) -> Case {
        self.errors.push(Expect {
            path: path.to_string(),
            at,
            texts: texts.iter().map(|t| t.to_string()).collect(),
        });
        self
    }

    /// Builds the fixture with the case's files, runs `academie check` and
    /// asserts the exit status and every expected error.
    fn assert(&self) {
        let s = site();
        for (path, contents) in &self.files {
            s.write(path, contents);
        }
        let run = s.check(&[]);
        if self.errors.is_empty() {
            run.assert_ok();
        }
        for e in &self.errors {
            let texts: Vec<&str> = e.texts.iter().map(String::as_str).collect();
            error_at(&run, &e.path, e.at, &texts);
        }
    }
}

/// The fixture with `path` written as `contents`.
fn with(path: &str, contents: impl AsRef<[u8]>) -> Case {
    Case {
        files: Vec::new(),
        errors: Vec::new(),
    }
    .write(path, contents)
}

/// The fixture with one broken file, and the error it must cause in it.
fn broken(path: &str, contents: impl AsRef<[u8]>, at: Loc, texts: &[&str]) -> Case {
    with(path, contents).error(path, at, texts)
}

/// A diagnostic about a file as a whole (its name, its place, its
/// language): no column makes sense, but the contract still wants
/// `path:line` — the first line, where an editor opening the file lands.
fn broken_file(path: &str, contents: impl AsRef<[u8]>, texts: &[&str]) -> Case {
    broken(path, contents, Loc::Line(1), texts)
}

/// The table: one `#[test]` per row, each running its cases (most rows
/// have one; a row with variants lists them all, and a row may add valid
/// neighbours that must check clean).
macro_rules! contract_cases {
    ($($(#[doc = $doc:literal])* $name:ident: $cases:expr;)*) => {
        $(
            $(#[doc = $doc])*
            #[test]
            fn $name() {
                for case in $cases {
                    case.assert();
                }
            }
        )*
    };
}

const USE_CASE_HEAD: &str = "---\ntitle: \"Cas\"\nsummary: \"Résumé.\"\nsector: commerce\ncompany_size: tpe\nregion: \"53\"\n";

fn ambassador_with_contact(url: &str) -> String {
    format!(
        "---\nname: \"Contact\"\nrole: \"Rôle\"\nkind: regional\nregion: \"53\"\norganisation: \"Org\"\n\
         updated: 2026-01-01\ncontact_url: \"{url}\"\n---\n"
    )
}

contract_cases! {
    // --- front matter ---

    missing_front_matter: [broken(
        "content/modules/sans-entete.md",
        "title: \"Sans en-tête\"\n\nCorps.\n",
        Loc::At(1, 1),
        &["front matter", "---"],
    )];

    unclosed_front_matter: [broken(
        "content/modules/ouvert.md",
        "---\ntitle: \"Ouvert\"\nsummary: \"x\"\n\nCorps sans fin d'en-tête.\n",
        Loc::Line(1),
        &["not closed", "---"],
    )];

    /// `summary: x: y` — a second `: ` in a plain value (line 3, column 11).
    invalid_yaml: [broken(
        "content/modules/yaml.md",
        "---\ntitle: \"ok\"\nsummary: x: y\n---\nCorps.\n",
        Loc::At(3, 11),
        &["YAML"],
    )];

    empty_file: [broken("content/pages/vide.md", "", Loc::Line(1), &["front matter"])];

    /// "Café" in Latin-1 on line 2.
    invalid_utf8: [broken(
        "content/pages/latin1.md",
        b"---\ntitle: \"Caf\xe9\"\n---\n\nCorps.\n",
        Loc::Line(2),
        &["UTF-8"],
    )];

    // --- required fields, per collection ---

    missing_required_field_in_a_module: [broken(
        "content/modules/sans-objectifs.md",
        module("")
            .lines()
            .filter(|l| !l.starts_with("objectives"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n",
        Loc::AnyLine,
        &["missing required field", "`objectives`"],
    )];

    missing_required_field_in_a_use_case: [broken(
        "content/use-cases/sans-organisation.md",
        format!("{USE_CASE_HEAD}ai_techniques: [vision]\nupdated: 2026-01-01\n---\n"),
        Loc::AnyLine,
        &["missing required field", "`organisation`"],
    )];

    missing_required_field_in_an_ambassador: [broken(
        "content/ambassadors/sans-type.md",
        "---\nname: \"Sans Type\"\nrole: \"Rôle\"\nregion: \"53\"\norganisation: \"Org\"\nupdated: 2026-01-01\n---\n",
        Loc::AnyLine,
        &["missing required field", "`kind`"],
    )];

    missing_required_field_in_a_page: [broken(
        "content/pages/sans-titre.md",
        "---\nsummary: \"Pas de titre.\"\n---\n\nCorps.\n",
        Loc::AnyLine,
        &["missing required field", "`title`"],
    )];

    // --- values ---

    wrong_type_text_for_a_number: [broken(
        "content/modules/type.md",
        module_with("duration_minutes", "duration_minutes: \"deux heures\""),
        Loc::At(6, 19),
        &["duration_minutes", "whole number"],
    )];

    wrong_type_text_for_a_list: [broken(
        "content/modules/type.md",
        module("tags: \"pas une liste\"\n"),
        Loc::At(10, 7),
        &["tags", "list"],
    )];

    /// 301 characters, accented ones counting for one; exactly 300 are fine.
    summary_longer_than_300_characters: [
        broken(
            "content/modules/long.md",
            module_with("summary", &format!("summary: \"{}\"", "é".repeat(301))),
            Loc::Line(3),
            &["summary", "300"],
        ),
        with(
            "content/modules/long.md",
            module_with("summary", &format!("summary: \"{}\"", "é".repeat(300))),
        ),
    ];

    duration_out_of_range: ["0", "100001", "-5"]
        .map(|bad| broken(
            "content/modules/duree.md",
            module_with("duration_minutes", &format!("duration_minutes: {bad}")),
            Loc::At(6, 19),
            &["duration_minutes", "100000"],
        ))
        .into_iter()
        .chain([with(
            "content/modules/duree.md",
            module_with("duration_minutes", "duration_minutes: 100000"),
        )]);

    bad_date: ["2026-02-30", "2026-13-01", "01/03/2026"].map(|bad| broken(
        "content/modules/date.md",
        module_with("updated", &format!("updated: {bad}")),
        Loc::At(9, 10),
        &["updated", "YYYY-MM-DD"],
    ));

    unknown_taxonomy_key_suggests_the_closest: [broken(
        "content/modules/tax.md",
        module_with("audiences", "audiences: [salaries, salarie]"),
        Loc::At(4, 23),
        &[
            "`salarie`",
            "audiences",
            "did you mean `salaries`",
            "dirigeants",
            "agents-publics",
        ],
    )];

    unknown_taxonomy_key_lists_the_allowed_values: [
        broken(
            "content/modules/tax.md",
            module_with("level", "level: expert"),
            Loc::At(5, 8),
            &["`expert`", "decouverte", "intermediaire", "avance"],
        ),
        broken(
            "content/use-cases/region.md",
            "---\ntitle: \"Cas\"\nsummary: \"Résumé.\"\nsector: commerce\ncompany_size: tpe\nregion: \"35\"\n\
             organisation: \"Org\"\nai_techniques: [vision]\nupdated: 2026-01-01\n---\n",
            Loc::Line(6),
            &["`35`", "regions", "53"],
        ),
    ];

    invalid_slug_in_the_file_name: ["Mauvais Nom", "élan", "Majuscule"].map(|name| broken_file(
        &format!("content/modules/{name}.md"),
        module(""),
        &[&format!("`{name}`"), "slug"],
    ));

    invalid_slug_in_the_slug_field: [
        "\"../evasion\"",
        "Majuscules",
        "\"avec espace\"",
        "\"a/b\"",
        "\"café\"",
    ]
    .map(|value| broken(
        "content/modules/slug.md",
        module(&format!("slug: {value}\n")),
        Loc::Line(10),
        &["slug", value.trim_matches('"')],
    ));

    contact_url_must_be_https_or_mailto: [
        "http://exemple.fr/contact",
        "javascript:alert(1)",
        "www.exemple.fr",
    ]
    .map(|bad| broken(
        "content/ambassadors/contact.md",
        ambassador_with_contact(bad),
        Loc::Line(8),
        &["contact_url", "https://", "mailto:"],
    ))
    .into_iter()
    .chain([with(
        "content/ambassadors/contact.md",
        ambassador_with_contact("mailto:contact@example.org"),
    )]);

    // --- files and identity ---

    unknown_language_suffix: [broken_file(
        "content/modules/bases-de-l-ia.de.md",
        module(""),
        &["`de`", "fr, en"],
    )];

    unknown_collection_folder: [broken_file(
        "content/articles/un-article.md",
        "---\ntitle: \"Article\"\n---\n",
        &["articles", "modules", "use-cases", "ambassadors", "pages"],
    )];

    // --- references ---

    reference_to_a_missing_module_suggests_the_closest_id: [broken(
        "content/modules/ref.md",
        module("prerequisites: [modules/bases-de-lia]\n"),
        Loc::At(10, 17),
        &[
            "`modules/bases-de-lia`",
            "did you mean `modules/bases-de-l-ia`",
        ],
    )];

    reference_to_a_missing_ambassador_in_a_use_case: [broken(
        "content/use-cases/ref.md",
        format!(
            "{USE_CASE_HEAD}organisation: \"Org\"\nai_techniques: [vision]\nupdated: 2026-01-01\n\
             related_modules: [modules/prompts-avances]\nambassadors: [ambassadors/jeanne-martn]\n---\n"
        ),
        Loc::Line(11),
        &[
            "`ambassadors/jeanne-martn`",
            "did you mean `ambassadors/jeanne-martin`",
        ],
    )];

    /// Located on the reference itself (`[modules/soi]`, line 10, column 17).
    self_prerequisite_is_a_cycle: [broken(
        "content/modules/soi.md",
        module("prerequisites: [modules/soi]\n"),
        Loc::At(10, 17),
        &["prerequisites", "modules/soi"],
    )];

    // --- links in bodies ---

    /// Front matter: lines 1-10; blank 11; "Intro." 12; blank 13; link line 14.
    broken_id_link_is_reported_at_its_line: [broken(
        "content/modules/lien.md",
        module("")
            + "\nIntro.\n\nVoir [ici](@/modules/inexistant#x) et [là](@/modules/bases-de-l-ia).\n",
        Loc::Line(14),
        &["@/modules/inexistant"],
    )];

    broken_id_link_suggests_the_closest_id: [broken(
        "content/pages/lien.md",
        "---\ntitle: \"Lien\"\n---\n\nLire [le module](@/modules/prompts-avance).\n",
        Loc::Line(5),
        &["@/modules/prompts-avance", "modules/prompts-avances"],
    )];

    broken_site_path_link_is_reported: [broken(
        "content/pages/chemin.md",
        "---\ntitle: \"Chemin\"\n---\n\nVoir [ici](/fr/formations/nexiste-pas/).\n",
        Loc::Line(5),
        &["/fr/formations/nexiste-pas/"],
    )];

    javascript_and_data_links_are_refused: [with(
        "content/pages/js.md",
        "---\ntitle: \"JS\"\n---\n\nVoir\n[ceci](javascript:alert(1)).\n\nEt [cela](data:text/html;base64,PHNjcmlwdD4=).\n",
    )
    .error("content/pages/js.md", Loc::Line(6), &["javascript:"])
    .error("content/pages/js.md", Loc::Line(8), &["data:"])];

    // --- theme overrides ---

    template_syntax_error_names_the_template_and_line: [with(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.title }</p>\n{% endblock content %}\n",
    )
    .error("templates/page.html", Loc::Line(3), &["page.html"])];

    // --- collected errors ---

    /// A field error, a missing reference and a broken body link, each in
    /// its own file: an editor must see the three at once.
    errors_of_different_kinds_in_different_files_are_all_reported_in_one_run: [
        with("content/modules/a.md", module_with("level", "level: expert"))
            .write("content/modules/b.md", module("prerequisites: [modules/nexiste-pas]\n"))
            .write(
                "content/pages/c.md",
                "---\ntitle: \"C\"\n---\n\nLire [ceci](@/modules/inexistant).\n",
            )
            .error("content/modules/a.md", Loc::At(5, 8), &["expert"])
            .error("content/modules/b.md", Loc::At(10, 17), &["modules/nexiste-pas"])
            .error("content/pages/c.md", Loc::Line(5), &["@/modules/inexistant"]),
    ];
}

// --- cases that need more than one check run -------------------------------------

#[test]
fn bom_and_crlf_build_fine() {
    let s = site();
    let text = "\u{feff}---\r\ntitle: \"Page CRLF\"\r\nsummary: \"Écrite sous Windows.\"\r\n---\r\n\r\n## Une section\r\n\r\nUn paragraphe\r\nsur deux lignes.\r\n";
    s.write("content/pages/windows.md", text);
    let run = s.build(&[]);
    run.assert_ok();
    assert!(run.diagnostic_lines("warning").is_empty(), "{}", run.all());
    let out = s.out();
    let doc = page(&out, "/fr/windows/");
    assert_eq!(text_of(&doc, "h1"), "Page CRLF");
    assert!(
        ids(&doc).contains("une-section"),
        "heading id without a trailing \\r"
    );
    let raw = read(&out, "fr/windows/index.html");
    assert!(
        !raw.contains('\r') && !raw.contains('\u{feff}'),
        "no CR or BOM in the page"
    );
    assert!(raw.contains("Écrite sous Windows."));
}

fn text_of(doc: &scraper::Html, css: &str) -> String {
    text(doc, css).unwrap_or_default()
}

#[test]
fn duplicate_id_and_language() {
    let s = site();
    // bases-de-l-ia.md is already the French version.
    s.write("content/modules/bases-de-l-ia.fr.md", module(""));
    let run = s.check(&[]);
    run.assert_exit(1);
    let blocks = run.diagnostic_blocks("error");
    let ok = blocks.iter().any(|(head, block)| {
        (head.starts_with("content/modules/bases-de-l-ia.md:1:")
            || head.starts_with("content/modules/bases-de-l-ia.fr.md:1:"))
            && block.contains("content/modules/bases-de-l-ia.md")
            && block.contains("bases-de-l-ia.fr.md")
            && block.contains("modules/bases-de-l-ia")
    });
    assert!(
        ok,
        "one error at `path:1:` naming both files and the id:\n{}",
        run.all()
    );
}

#[test]
fn two_translations_with_the_same_url_slug() {
    // Two English files claiming the URL /en/modules/ai-basics/.
    let s = site();
    s.write(
        "content/modules/prompts-avances.en.md",
        module("slug: ai-basics\n"),
    );
    let run = s.check(&[]);
    run.assert_exit(1);
    run.assert_contains("ai-basics");
}

#[test]
fn prerequisite_cycle_is_located_on_a_prerequisites_line() {
    let s = site();
    s.write(
        "content/modules/cycle-a.md",
        module("prerequisites: [modules/cycle-b]\n"),
    );
    s.write(
        "content/modules/cycle-b.md",
        module("prerequisites: [modules/cycle-a]\n"),
    );
    let run = s.check(&[]);
    run.assert_exit(1);
    run.assert_contains("modules/cycle-a");
    run.assert_contains("modules/cycle-b");
    let located = has_diag(
        &run,
        "error",
        "content/modules/cycle-a.md",
        Loc::Line(10),
        &["cycle"],
    ) || has_diag(
        &run,
        "error",
        "content/modules/cycle-b.md",
        Loc::Line(10),
        &["cycle"],
    );
    assert!(located, "the cycle error points to a `prerequisites` line (line 10) of cycle-a.md or cycle-b.md:\n{}", run.all());
}

#[test]
fn unknown_field_is_a_warning_with_did_you_mean() {
    let s = site();
    s.write(
        "content/modules/inconnu.md",
        module("sumary: \"faute de frappe\"\n"),
    );
    let run = s.check(&[]);
    run.assert_ok();
    assert_diag(
        &run,
        "warning",
        "content/modules/inconnu.md",
        Loc::At(10, 1),
        &["`sumary`", "did you mean `summary`"],
    );
    // The build goes through and says it had a warning.
    let run = s.build(&[]);
    run.assert_ok();
    assert_diag(
        &run,
        "warning",
        "content/modules/inconnu.md",
        Loc::At(10, 1),
        &["`sumary`"],
    );
}

#[test]
fn missing_ui_string_in_an_i18n_override_names_key_and_language() {
    let s = site();
    // The site's template uses a new UI string defined for French only.
    s.write("i18n/fr.yaml", "bandeau_essai: \"Site en test\"\n");
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ t.bandeau_essai }}</p>\n{{ page.content | safe }}\n{% endblock content %}\n",
    );
    let run = s.check(&[]);
    run.assert_exit(1);
    let ok = run
        .diagnostic_blocks("error")
        .iter()
        .any(|(_, b)| b.contains("bandeau_essai") && (b.contains("`en`") || b.contains("en.yaml")));
    assert!(
        ok,
        "an error naming `bandeau_essai` and `en`:\n{}",
        run.all()
    );
}

#[test]
fn missing_build_string_in_a_site_language_names_key_and_language() {
    // The site's English file drops a key the build needs; the theme still
    // has it, so the override merges: no error. A key missing everywhere
    // (a new language with an incomplete file) is an error.
    let s = site();
    let theme_en =
        std::fs::read_to_string(repo_root().join("themes/academie/i18n/en.yaml")).unwrap();
    s.write("i18n/en.yaml", "nav_home: \"Start\"\n");
    s.check(&[]).assert_ok();
    let s = site();
    s.write("academie.yaml", "title: { fr: \"Site d'essai\", en: \"Test site\", de: \"Testseite\" }\nbase_url: \"https://essai.example.org\"\ndefault_language: fr\nlanguages: [fr, en, de]\ntheme: academie\n");
    let tax = std::fs::read_to_string(s.path("data/taxonomies.yaml")).unwrap();
    // German labels: reuse the English ones.
    let tax: String = tax
        .lines()
        .map(|l| match l.find(", en: \"") {
            Some(i) => {
                let en_part = &l[i + 2..l.len() - 2];
                format!("{}, de{} }}", &l[..l.len() - 2], &en_part[2..])
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    s.write("data/taxonomies.yaml", tax + "\n");
    let de: String = theme_en
        .lines()
        .filter(|l| !l.starts_with("path_modules:"))
        .collect::<Vec<_>>()
        .join("\n");
    s.write("i18n/de.yaml", de + "\n");
    let run = s.check(&[]);
    run.assert_exit(1);
    let ok = run
        .diagnostic_blocks("error")
        .iter()
        .any(|(_, b)| b.contains("path_modules") && (b.contains("`de`") || b.contains("de.yaml")));
    assert!(
        ok,
        "an error naming `path_modules` and `de`:\n{}",
        run.all()
    );
}

#[test]
fn a_template_failing_on_every_page_is_reported_once() {
    let s = site();
    // An undefined variable: the template fails on every free page, in
    // every language; the build reports it once (diagnostics::Code).
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.no_such_field }}</p>\n{% endblock content %}\n",
    );
    let run = s.check(&[]);
    run.assert_exit(1);
    let failures: Vec<String> = run
        .diagnostic_lines("error")
        .into_iter()
        .filter(|l| l.contains("template `page.html` failed to render"))
        .collect();
    assert_eq!(failures.len(), 1, "one report:\n{}", run.all());
}

#[test]
fn several_broken_files_are_all_reported_in_one_run() {
    let s = site();
    s.write(
        "content/modules/a.md",
        module_with("level", "level: expert"),
    );
    s.write(
        "content/modules/b.md",
        module_with("updated", "updated: 2026-02-30"),
    );
    s.write("content/ambassadors/c.md", "---\nname: \"C\"\nrole: \"R\"\nkind: regional\nregion: \"53\"\norganisation: \"O\"\nupdated: 2026-01-01\ncontact_url: \"http://c.example\"\n---\n");
    s.write("content/pages/d.md", "pas de front matter\n");
    s.write("content/use-cases/e.md", "---\ntitle: \"E\"\n---\n");
    for run in [s.check(&[]), s.build(&[])] {
        run.assert_exit(1);
        assert_diag(
            &run,
            "error",
            "content/modules/a.md",
            Loc::At(5, 8),
            &["expert"],
        );
        assert_diag(
            &run,
            "error",
            "content/modules/b.md",
            Loc::At(9, 10),
            &["updated"],
        );
        assert_diag(
            &run,
            "error",
            "content/ambassadors/c.md",
            Loc::Line(8),
            &["contact_url"],
        );
        assert_diag(
            &run,
            "error",
            "content/pages/d.md",
            Loc::Line(1),
            &["front matter"],
        );
        assert_diag(
            &run,
            "error",
            "content/use-cases/e.md",
            Loc::AnyLine,
            &["missing required field"],
        );
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_unchanged() {
    let s = site();
    s.build(&[]).assert_ok();
    let out = s.out();
    let before = snapshot(&out);
    assert!(before.len() > 50, "the first build wrote the site");

    // A contract error…
    s.write(
        "content/modules/bases-de-l-ia.md",
        module_with("level", "level: expert"),
    );
    s.build(&[]).assert_exit(1);
    assert!(
        snapshot(&out) == before,
        "output changed after a failed build (contract error)"
    );

    // …a broken link in a body (found while rendering)…
    s.write(
        "content/modules/bases-de-l-ia.md",
        module("") + "\n[x](@/modules/inexistant)\n",
    );
    s.build(&[]).assert_exit(1);
    assert!(
        snapshot(&out) == before,
        "output changed after a failed build (broken link)"
    );

    // …and a template error.
    s.write(
        "content/modules/bases-de-l-ia.md",
        std::fs::read(fixture_path("site/content/modules/bases-de-l-ia.md")).unwrap(),
    );
    s.write(
        "templates/module.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ oops( }}{% endblock content %}\n",
    );
    s.build(&[]).assert_exit(1);
    assert!(
        snapshot(&out) == before,
        "output changed after a failed build (template error)"
    );

    // Fixed: the build goes through again.
    s.remove("templates/module.html");
    s.build(&[]).assert_ok();
}

#[test]
fn check_writes_nothing() {
    let s = site();
    s.check(&[]).assert_ok();
    assert!(!s.out().exists());
    assert!(
        !s.path("public").exists(),
        "check must not write the default output folder"
    );
}

#[test]
fn broken_anchor_in_a_link_is_reported_at_its_line() {
    // The page exists but has no heading `nulle-part`; the same page has no
    // `absente`. The published link would land nowhere: an editor must be
    // told (error or warning), at the link's line.
    let s = site();
    s.write(
        "content/pages/ancre.md",
        "---\ntitle: \"Ancre\"\n---\n\nVoir [ici](@/modules/prompts-avances#nulle-part).\n\nEt [là](#absente).\n",
    );
    let run = s.check(&[]);
    let found = |line: u32, text: &str| {
        ["error", "warning"].iter().any(|sev| {
            has_diag(
                &run,
                sev,
                "content/pages/ancre.md",
                Loc::Line(line),
                &[text],
            )
        })
    };
    assert!(
        found(5, "nulle-part"),
        "a diagnostic at content/pages/ancre.md:5 naming `nulle-part`:\n{}",
        run.all()
    );
    assert!(
        found(7, "absente"),
        "a diagnostic at content/pages/ancre.md:7 naming `absente`:\n{}",
        run.all()
    );
}
