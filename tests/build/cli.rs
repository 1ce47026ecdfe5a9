//! The `build` and `check` verbs as a user types them: defaults (site root
//! = current directory, output `public/`), the summary they print, and exit
//! statuses.

use crate::common;

use common::*;

#[test]
fn build_defaults_to_the_current_directory_and_public() {
    let s = Site::fixture("site");
    let run = run_in(Some(s.root()), &["build"]);
    run.assert_ok();
    assert!(s
        .path("public/fr/formations/bases-de-l-ia/index.html")
        .is_file());
    assert!(s.path("public/en/modules/ai-basics/index.html").is_file());
}

#[test]
fn build_and_check_print_a_summary_per_language_and_collection() {
    let s = Site::fixture("site");
    for run in [s.build(&[]), s.check(&[])] {
        run.assert_ok();
        let all = run.all();
        let fr = all
            .lines()
            .find(|l| l.trim_start().starts_with("fr:"))
            .unwrap_or_else(|| panic!("a line for fr:\n{all}"));
        for n in ["3 modules", "2 use-cases", "3 ambassadors", "2 pages"] {
            assert!(fr.contains(n), "fr summary has {n}: {fr}");
        }
        let en = all
            .lines()
            .find(|l| l.trim_start().starts_with("en:"))
            .unwrap_or_else(|| panic!("a line for en:\n{all}"));
        for n in ["2 modules", "2 use-cases", "3 ambassadors", "2 pages"] {
            assert!(en.contains(n), "en summary has {n}: {en}");
        }
        run.assert_contains("0 warnings");
    }
    // --drafts counts the draft.
    let run = s.check(&["--drafts"]);
    run.assert_ok();
    let all = run.all();
    let fr = all
        .lines()
        .find(|l| l.trim_start().starts_with("fr:"))
        .unwrap();
    assert!(fr.contains("4 modules"), "{fr}");
}

#[test]
fn a_root_without_academie_yaml_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(&["check", "--root", &dir.path().display().to_string()]);
    assert_ne!(run.status, Some(0), "{}", run.all());
    run.assert_contains("academie.yaml");
}

#[test]
fn output_is_replaced_not_merged() {
    // A page removed from the content disappears from the next build.
    let s = Site::fixture("site");
    s.build(&[]).assert_ok();
    assert!(s
        .out()
        .join("fr/ambassadeurs/paul-durand/index.html")
        .is_file());
    // Nothing references paul-durand: removing him is a valid change.
    s.remove("content/ambassadors/paul-durand.md");
    s.remove("content/ambassadors/paul-durand.en.md");
    s.build(&[]).assert_ok();
    assert!(
        !s.out().join("fr/ambassadeurs/paul-durand").exists(),
        "stale page left behind"
    );
    assert!(
        !s.out().join("en/ambassadors/paul-durand").exists(),
        "stale page left behind"
    );
}

/// `--precompress` writes a gzip and a brotli copy beside every text file
/// and the search module, each inflating to the file's bytes, the same
/// bytes on every build; binary files (images, the search index read by
/// ranges) get none, and a build without the flag writes none.
#[test]
fn precompress_writes_gzip_and_brotli_copies_of_text_files() {
    use std::io::Read;
    let s = Site::fixture("site");
    s.build(&[]).assert_ok();
    let out = s.out();
    // Every copy in the output, with its bytes.
    let copies = |dir: &std::path::Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.extension().is_some_and(|e| e == "gz" || e == "br"))
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect()
    };
    assert!(copies(&out).is_empty(), "no copies without --precompress");

    s.build(&["--precompress"]).assert_ok();
    let first = copies(&out);
    let home = out.join("fr/index.html");
    let module = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "wasm"))
        .expect("the search module");
    for file in [&home, &module] {
        let original = std::fs::read(file).unwrap();
        let gz = std::fs::read(format!("{}.gz", file.display())).unwrap();
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, original, "{}.gz", file.display());
        let br = std::fs::read(format!("{}.br", file.display())).unwrap();
        let mut decoded = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, original, "{}.br", file.display());
        assert!(br.len() < gz.len() && gz.len() < original.len());
    }
    for p in &first {
        let name = p.0.to_string_lossy();
        assert!(
            !name.contains("/search/fr/index.")
                && !name.ends_with(".png.gz")
                && !name.ends_with(".jpg.gz"),
            "no copy of a binary file: {name}"
        );
    }
    assert!(first.len() > 20, "{} copies", first.len());

    s.build(&["--precompress"]).assert_ok();
    let second = copies(&out);
    assert!(first == second, "two builds give the same copies");
}
