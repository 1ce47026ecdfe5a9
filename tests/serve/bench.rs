//! How long a one-page edit takes to reach the browser under
//! `academie serve`: from the file saved to the `reload` event received by
//! a tab, and to the edited page served. A benchmark, not a timed test:
//! ignored unless asked for.
//!
//! ```text
//! # the bundled catalogue (copied into a temporary folder first)
//! cargo test --release --test serve bench:: -- --ignored --nocapture
//! # any site, e.g. a generated corpus (also copied first)
//! ACADEMIE_BENCH_SITE=/tmp/corpus-10k ACADEMIE_BENCH_RUNS=7 \
//!   cargo test --release --test serve bench:: -- --ignored --nocapture
//! ```

use crate::support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use academie::serve::{ServeOptions, Server};
use support::{copy_dir, get, EventStream};

#[test]
#[ignore = "benchmark: run with --ignored --nocapture, in release mode"]
fn one_page_edit_latency() {
    let source = std::env::var_os("ACADEMIE_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let runs: usize = std::env::var("ACADEMIE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let dir = tempfile::Builder::new()
        .prefix("academie-serve-bench-")
        .tempdir()
        .unwrap();
    for part in ["content", "data", "templates", "i18n", "static", "themes"] {
        if source.join(part).is_dir() {
            copy_dir(&source.join(part), &dir.path().join(part));
        }
    }
    std::fs::copy(
        source.join("academie.yaml"),
        dir.path().join("academie.yaml"),
    )
    .unwrap();
    let page = first_markdown(&dir.path().join("content/modules"));

    // How much of a build is loading (reading and resolving every page)?
    let t = Instant::now();
    let loaded = academie::site::Site::load(dir.path(), &Default::default()).map(|_| ());
    let load_time = t.elapsed();
    assert!(loaded.is_ok());

    let mut opts = ServeOptions::new(dir.path());
    opts.port = 0;
    opts.quiet = true;
    let started = Instant::now();
    let server = Server::start(opts).unwrap();
    let startup = started.elapsed();
    assert!(server.first_build_ok());
    let pages = walkdir::WalkDir::new(server.output_dir())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .count();
    let mut tab = EventStream::connect(server.addr());
    // Full rebuilds of a large site take long on a busy machine.
    tab.timeout = Duration::from_secs(900);
    assert_eq!(tab.next_event().name, "hello");

    let original = std::fs::read_to_string(&page).unwrap();
    let (mut to_event, mut build, mut cpu) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        std::thread::sleep(Duration::from_millis(300));
        let marker = format!("bench-edit-{run}");
        let edited = format!("{}\n\nParagraphe modifié {marker}.\n", original.trim_end());
        let c = cpu_time();
        let t = Instant::now();
        std::fs::write(&page, edited).unwrap();
        let ev = tab.next_build();
        to_event.push(t.elapsed());
        cpu.push(cpu_time().saturating_sub(c));
        assert_eq!(ev.name, "reload", "{ev:?}");
        build.push(Duration::from_millis(
            ev.data["elapsed_ms"].as_u64().unwrap_or(0),
        ));
    }
    // The last edit is what the page shows.
    let rel = page.strip_prefix(dir.path()).unwrap().display().to_string();
    let hit = walkdir::WalkDir::new(server.output_dir())
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.path().extension().is_some_and(|x| x == "html")
                && std::fs::read_to_string(e.path())
                    .is_ok_and(|t| t.contains(&format!("bench-edit-{}", runs - 1)))
        })
        .expect("the edit is in the output");
    let url = format!(
        "/{}",
        hit.path()
            .strip_prefix(server.output_dir())
            .unwrap()
            .display()
    );
    assert!(get(server.addr(), &url, &[])
        .text()
        .contains(&format!("bench-edit-{}", runs - 1)));

    // Template edits: the module template renders the module pages;
    // base.html, which every page extends, renders them all (writing only
    // those whose bytes changed): no slower than the first build.
    let mut template_edit = |rel: &str, from: &str, to: &str| {
        let template = dir.path().join(rel);
        let text = std::fs::read_to_string(&template).unwrap();
        let t = Instant::now();
        std::fs::write(&template, text.replacen(from, to, 1)).unwrap();
        let ev = tab.next_build();
        assert_eq!(ev.name, "reload", "{ev:?}");
        t.elapsed()
    };
    let module_template = template_edit(
        "themes/academie/templates/module.html",
        "{% endblock content %}",
        "<p>bench-template</p>{% endblock content %}",
    );
    let base_template = template_edit(
        "themes/academie/templates/base.html",
        "</body>",
        "<!-- bench-template --></body>",
    );

    println!(
        "site: {} ({pages} HTML files); first build served after {} ms",
        source.display(),
        startup.as_millis()
    );
    println!(
        "CPU time of the whole process per edit (unlike wall time, independent of the machine's load): median {} ms; load average: {}",
        median(&cpu).as_millis(),
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().trim()
    );
    println!(
        "loading the site alone (Site::load): {} ms",
        load_time.as_millis()
    );
    println!(
        "one-page edit of {rel}, {runs} runs: saved → reload event median {} ms (min {}, max {}); build alone median {} ms",
        median(&to_event).as_millis(),
        to_event.iter().min().unwrap().as_millis(),
        to_event.iter().max().unwrap().as_millis(),
        median(&build).as_millis(),
    );
    println!(
        "template edits: module.html (the module pages) {} ms, base.html (every page) {} ms, saved → reload event (first build {} ms)",
        module_template.as_millis(),
        base_template.as_millis(),
        startup.as_millis()
    );
}

/// User + system CPU time of this process so far (Linux; zero elsewhere).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may contain spaces).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks
    // (100 per second on Linux).
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn median(xs: &[Duration]) -> Duration {
    let mut s = xs.to_vec();
    s.sort();
    s[s.len() / 2]
}

fn first_markdown(dir: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md") && !p.to_string_lossy().ends_with(".en.md")
        })
        .collect();
    files.sort();
    files.into_iter().next().expect("a page in content/modules")
}
