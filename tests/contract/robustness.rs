//! No input makes `academie` panic, hang or lose output (issue 7): each
//! hostile input below gets a clear error naming the file (or builds), in
//! bounded time, without a panic or a crash by signal.

use crate::common;

use common::*;

const LIMIT: u64 = 120;

fn check(site: &Site) -> Run {
    let root = site.root().display().to_string();
    let run = run_with_timeout(LIMIT, &["check", "--root", &root])
        .unwrap_or_else(|| panic!("`academie check` did not finish within {LIMIT} s"));
    assert!(
        run.status.is_some(),
        "killed by a signal (crash):\n{}",
        run.all()
    );
    assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
    run
}

fn module(extra: &str) -> String {
    format!(
        "---\ntitle: \"Module\"\nsummary: \"Résumé.\"\naudiences: [salaries]\nlevel: decouverte\n\
         duration_minutes: 30\nformat: atelier\nobjectives: [\"Comprendre\"]\nupdated: 2026-01-01\n{extra}---\n"
    )
}

fn has_error_on(run: &Run, path: &str, line: u32) -> bool {
    run.diagnostic_blocks("error")
        .iter()
        .any(|(head, _)| head.starts_with(&format!("{path}:{line}:")))
}

#[test]
fn symlink_loop_in_content_neither_hangs_nor_crashes() {
    let s = Site::fixture("site");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", s.path("content/modules/boucle")).unwrap();
    let run = check(&s);
    // Either refused with an error naming the link, or skipped: never a hang.
    if run.status != Some(0) {
        run.assert_exit(1);
        run.assert_contains("boucle");
    }
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    let s = Site::fixture("site");
    let deep = format!(
        "---\ntitle: \"Profond\"\nsummary: \"x\"\ntags: {}{}\n---\n",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    s.write("content/pages/profond.md", deep);
    let run = check(&s);
    run.assert_exit(1);
    assert!(
        has_error_on(&run, "content/pages/profond.md", 4),
        "{}",
        run.all()
    );
}

#[test]
fn numbers_out_of_range_are_errors() {
    let s = Site::fixture("site");
    let text = module("").replace(
        "duration_minutes: 30",
        "duration_minutes: 99999999999999999999999999",
    );
    s.write("content/modules/enorme.md", text);
    s.write("content/modules/poids.md", module("weight: 1e400\n"));
    let run = check(&s);
    run.assert_exit(1);
    assert!(
        has_error_on(&run, "content/modules/enorme.md", 6),
        "{}",
        run.all()
    );
    assert!(
        has_error_on(&run, "content/modules/poids.md", 10),
        "{}",
        run.all()
    );
}

#[test]
fn optional_fields_of_the_wrong_type_are_errors() {
    let s = Site::fixture("site");
    s.write("content/modules/a.md", module("draft: \"oui\"\n"));
    s.write("content/modules/b.md", module("weight: \"lourd\"\n"));
    s.write("content/modules/c.md", module("slug: [a, b]\n"));
    let run = check(&s);
    run.assert_exit(1);
    for f in ["a", "b", "c"] {
        let path = format!("content/modules/{f}.md");
        assert!(has_error_on(&run, &path, 10), "{path}:10\n{}", run.all());
    }
}

#[test]
fn a_huge_body_builds_in_bounded_time() {
    let s = Site::fixture("site");
    let para = "Un paragraphe assez long pour peser. ".repeat(50) + "\n\n";
    s.write(
        "content/pages/long.md",
        format!("---\ntitle: \"Long\"\n---\n\n{}", para.repeat(500)),
    );
    let root = s.root().display().to_string();
    let out = s.out().display().to_string();
    let run = run_with_timeout(LIMIT, &["build", "--root", &root, "--output", &out])
        .expect("build finished");
    run.assert_ok();
    assert!(s.out().join("fr/long/index.html").is_file());
}

#[test]
fn front_matter_that_is_not_a_mapping_is_an_error() {
    let s = Site::fixture("site");
    s.write("content/pages/liste.md", "---\n- a\n- b\n---\n");
    s.write("content/pages/scalaire.md", "---\njuste du texte\n---\n");
    s.write("content/pages/vide.md", "---\n---\n");
    let run = check(&s);
    run.assert_exit(1);
    for f in ["liste", "scalaire", "vide"] {
        let path = format!("content/pages/{f}.md");
        assert!(
            run.diagnostic_blocks("error")
                .iter()
                .any(|(h, _)| h.starts_with(&format!("{path}:"))),
            "an error on {path}:\n{}",
            run.all()
        );
    }
}
