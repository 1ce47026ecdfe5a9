//! The publishing templates in `publish/` (GitLab CI Pages, GitHub Actions
//! Pages) run the commands this test runs: it reads each template, takes
//! its build commands exactly as written, and runs them with `sh` in a
//! regional edition whose national catalogue is a git repository, as a CI
//! job would after installing the binary. A template whose commands stop
//! working fails here.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, repo_root};
use serde_yaml_ng::Value;

/// The commands of the GitLab job `pages`, its `script:` list.
fn gitlab_commands() -> Vec<String> {
    let text = fs::read_to_string(repo_root().join("publish/gitlab-pages.yml")).unwrap();
    let doc: Value = serde_yaml_ng::from_str(&text).unwrap();
    let script = doc["pages"]["script"]
        .as_sequence()
        .expect("the `pages` job has a script list");
    assert_eq!(
        doc["pages"]["artifacts"]["paths"][0].as_str(),
        Some("public"),
        "GitLab Pages publishes the folder `public`"
    );
    script
        .iter()
        .map(|c| c.as_str().expect("a command is a string").to_owned())
        .collect()
}

/// The `run:` block of the GitHub step "Build the site", one command a line.
fn github_commands() -> Vec<String> {
    let text = fs::read_to_string(repo_root().join("publish/github-pages.yml")).unwrap();
    let doc: Value = serde_yaml_ng::from_str(&text).unwrap();
    let steps = doc["jobs"]["build"]["steps"].as_sequence().unwrap();
    let build = steps
        .iter()
        .find(|s| s["name"].as_str() == Some("Build the site"))
        .expect("a step named \"Build the site\"");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact"))
        })
        .expect("the site is uploaded as a Pages artifact");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    build["run"]
        .as_str()
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// A git repository holding the national catalogue as it is committed:
/// this repository's configuration, content, data and theme.
fn national_repository(at: &Path) -> PathBuf {
    let repo = at.join("national-src");
    for part in ["content", "data", "themes", "static"] {
        let from = repo_root().join(part);
        if from.exists() {
            copy_dir(&from, &repo.join(part));
        }
    }
    fs::copy(
        repo_root().join("academie.yaml"),
        repo.join("academie.yaml"),
    )
    .unwrap();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.org",
            "commit",
            "-qm",
            "national catalogue",
        ],
    ] {
        let ok = Command::new("git")
            .args(args)
            .current_dir(&repo)
            .status()
            .expect("git runs")
            .success();
        assert!(ok, "git {args:?}");
    }
    repo
}

/// A regional edition as an editor commits it: `extends: ../national`, one
/// page of its own. Its national catalogue is not there until CI fetches it.
fn regional_edition(at: &Path) -> PathBuf {
    let region = at.join("ci").join("bretagne");
    fs::create_dir_all(region.join("content/use-cases")).unwrap();
    fs::write(
        region.join("academie.yaml"),
        "title: { fr: \"Académie de l'IA — Bretagne\", en: \"AI Academy — Brittany\" }\n\
         base_url: \"https://example.org\"\n\
         default_language: fr\n\
         languages: [fr, en]\n\
         theme: academie\n\
         extends: ../national\n\
         edition:\n  name: { fr: \"Édition Bretagne\", en: \"Brittany edition\" }\n  region: \"53\"\n",
    )
    .unwrap();
    fs::write(
        region.join("content/use-cases/exemple-breton.md"),
        "---\ntitle: Un exemple breton\nsummary: Un cas d'usage propre à l'édition régionale.\n\
         sector: industrie\ncompany_size: pme\nregion: \"53\"\norganisation: Exemple\n\
         ai_techniques: [vision]\nupdated: 2026-12-01\n---\nTexte.\n",
    )
    .unwrap();
    region
}

/// Runs `commands` one by one with `sh -e` in the edition, with the
/// `academie` under test first on the PATH, as the template's install step
/// leaves it.
fn run_ci(commands: &[String], region: &Path, national: &Path, base_url_var: &str) {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_academie")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in commands {
        let out = Command::new("sh")
            .args(["-ec", command])
            .current_dir(region)
            .env("PATH", &path)
            .env("NATIONAL_REPO", format!("file://{}", national.display()))
            .env(base_url_var, "https://editions.example.org/bretagne/")
            .output()
            .expect("sh runs");
        assert!(
            out.status.success(),
            "`{command}` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn assert_published(region: &Path) {
    let public = region.join("public");
    let own = fs::read_to_string(public.join("fr/cas-usage/exemple-breton/index.html"))
        .expect("the edition's own page is published");
    assert!(own.contains("Un exemple breton"));
    assert!(
        own.contains("href=\"/bretagne/"),
        "links carry the Pages base path"
    );
    assert!(
        public
            .join("fr/formations/ecrire-un-prompt/index.html")
            .exists(),
        "the national catalogue's pages are published in the edition"
    );
    assert!(
        public.join("search/fr/manifest.json").exists(),
        "the search index is built"
    );
}

#[test]
fn gitlab_pages_template_builds_a_regional_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let national = national_repository(tmp.path());
    let region = regional_edition(tmp.path());
    run_ci(&gitlab_commands(), &region, &national, "CI_PAGES_URL");
    assert_published(&region);
    // GitLab Pages compresses nothing: the copies it serves are there.
    let page = region.join("public/fr/cas-usage/exemple-breton/index.html");
    for ext in ["br", "gz"] {
        assert!(
            page.with_extension(format!("html.{ext}")).is_file(),
            "the GitLab template writes .{ext} copies (--precompress)"
        );
    }
}

#[test]
fn github_pages_template_builds_a_regional_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let national = national_repository(tmp.path());
    let region = regional_edition(tmp.path());
    run_ci(&github_commands(), &region, &national, "BASE_URL");
    assert_published(&region);
}
