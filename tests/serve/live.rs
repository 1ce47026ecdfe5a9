//! `academie serve` as an editor lives it: pages served, then edited,
//! added, renamed, deleted, restyled, broken and fixed, with every open tab
//! told through the event stream.

use crate::support;

use support::{changed, get, EventStream, TestSite};

const PAGE: &str = "content/pages/a-propos.md";

#[test]
fn an_editing_session() {
    let site = TestSite::create();
    let server = site.start();
    assert!(server.first_build_ok());
    let addr = server.addr();

    // The page is served, with the live-reload client added.
    let page = get(addr, "/fr/a-propos/", &[]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Première version"));
    assert!(page
        .text()
        .contains("<script src=\"/__academie/livereload.js?"));
    let client = get(addr, "/__academie/livereload.js", &[]);
    assert_eq!(client.status, 200);
    assert!(client
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(client.text().contains("EventSource"));

    // A tab opens: it hears that the site is fine.
    let mut tab = EventStream::connect(addr);
    let hello = tab.next_event();
    assert_eq!(hello.name, "hello");
    assert_eq!(hello.data["ok"], true);
    support::wait_for("the tab to be registered", || {
        (server.tabs() == 1).then_some(())
    });

    // Edit (saved by rename, as editors do): one reload naming the file.
    let text = site
        .read(PAGE)
        .replace("Première version", "Deuxième version");
    site.save(PAGE, &text);
    let ev = tab.next_build();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert_eq!(changed(&ev), ["changed content/pages/a-propos.md"]);
    assert!(get(addr, "/fr/a-propos/", &[])
        .text()
        .contains("Deuxième version"));
    // The search index follows once the editor pauses.
    support::wait_for("the search index to find the edit", || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_academie"))
            .args(["search", "deuxième", "--lang", "fr", "--json", "--site"])
            .arg(server.output_dir())
            .output()
            .ok()?;
        String::from_utf8_lossy(&out.stdout)
            .contains("pages/a-propos")
            .then_some(())
    });

    // Add a page.
    site.save(
        "content/pages/contact.md",
        "---\ntitle: \"Contact\"\nsummary: \"Nous écrire.\"\n---\n\nÉcrivez-nous.\n",
    );
    let ev = tab.next_build();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert_eq!(changed(&ev), ["added content/pages/contact.md"]);
    let contact = get(addr, "/fr/contact/", &[]);
    assert_eq!(contact.status, 200);
    assert!(contact.text().contains("Écrivez-nous."));

    // Rename it: the old address is gone, the new one is served.
    std::fs::rename(
        site.path("content/pages/contact.md"),
        site.path("content/pages/nous-ecrire.md"),
    )
    .unwrap();
    let ev = tab.next_build();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert_eq!(
        changed(&ev),
        ["renamed content/pages/contact.md → content/pages/nous-ecrire.md"]
    );
    assert_eq!(get(addr, "/fr/nous-ecrire/", &[]).status, 200);
    let gone = get(addr, "/fr/contact/", &[]);
    assert_eq!(gone.status, 404);
    assert!(gone
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));

    // Delete it.
    std::fs::remove_file(site.path("content/pages/nous-ecrire.md")).unwrap();
    let ev = tab.next_build();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert_eq!(changed(&ev), ["deleted content/pages/nous-ecrire.md"]);
    assert_eq!(get(addr, "/fr/nous-ecrire/", &[]).status, 404);

    // A watched folder that did not exist: created, then watched too.
    site.save("static/notice.txt", "première\n");
    let ev = tab.next_build();
    assert_eq!(ev.name, "reload", "{ev:?}");
    assert_eq!(changed(&ev), ["added static"]);
    assert_eq!(get(addr, "/notice.txt", &[]).text(), "première\n");
    site.save("static/notice.txt", "seconde\n");
    let ev = tab.next_build();
    assert_eq!(changed(&ev), ["changed static/notice.txt"]);
    assert_eq!(get(addr, "/notice.txt", &[]).text(), "seconde\n");

    // A stylesheet change: tabs swap stylesheets, no reload.
    let css = "themes/academie/static/style.css";
    let styled = format!("{}\n.serve-test {{ color: red; }}\n", site.read(css));
    site.save(css, &styled);
    let ev = tab.next_build();
    assert_eq!(ev.name, "css", "{ev:?}");
    assert_eq!(changed(&ev), [format!("changed {css}")]);

    // A mistake: the error reaches the tab with file, line, message and
    // source line; the last good page stays served.
    let broken = site.read(PAGE).replace("weight: 10", "weight: beaucoup");
    site.save(PAGE, &broken);
    let ev = tab.next_build();
    assert_eq!(ev.name, "build-error", "{ev:?}");
    let err = &ev.data["errors"][0];
    assert_eq!(err["severity"], "error");
    assert_eq!(err["file"], PAGE);
    assert_eq!(err["line"], 5);
    assert_eq!(err["column"], 9);
    assert!(err["message"].as_str().unwrap().contains("weight"), "{err}");
    assert_eq!(err["source"], "weight: beaucoup");
    let still = get(addr, "/fr/a-propos/", &[]);
    assert_eq!(still.status, 200);
    assert!(still.text().contains("Deuxième version"));

    // A tab opened meanwhile hears the error at once.
    let mut late = EventStream::connect(addr);
    let hello = late.next_event();
    assert_eq!(
        (hello.name.as_str(), &hello.data["ok"]),
        ("hello", &false.into())
    );
    assert_eq!(late.next_event().name, "build-error");

    // Fixed: every tab reloads (which clears the overlay).
    site.save(PAGE, &text.replace("Deuxième version", "Troisième version"));
    for t in [&mut tab, &mut late] {
        let ev = t.next_build();
        assert_eq!(ev.name, "reload", "{ev:?}");
    }
    assert!(get(addr, "/fr/a-propos/", &[])
        .text()
        .contains("Troisième version"));

    // Shutting down ends the event streams and removes the private output.
    let output = server.output_dir().to_path_buf();
    server.shutdown();
    assert!(!output.exists());
}

#[test]
fn temporary_files_and_double_writes_are_folded() {
    let site = TestSite::create();
    let server = site.start();
    let mut tab = EventStream::connect(server.addr());
    assert_eq!(tab.next_event().name, "hello");

    // Editor droppings alone never trigger a build…
    std::fs::write(site.path("content/pages/.a-propos.md.swp"), "x").unwrap();
    std::fs::write(site.path("content/pages/a-propos.md~"), "x").unwrap();
    std::fs::write(site.path("content/pages/4913"), "").unwrap();
    std::fs::remove_file(site.path("content/pages/4913")).unwrap();
    // …and a file written twice in a row (truncate, then write) gives one
    // build, named once, with the final text.
    let text = site
        .read(PAGE)
        .replace("Première version", "Écrite deux fois");
    std::fs::write(site.path(PAGE), "").unwrap();
    std::fs::write(site.path(PAGE), &text).unwrap();
    let ev = tab.next_build();
    // On a very loaded machine the empty file may be built on its own
    // first; what matters is that the final state is served.
    if ev.name != "reload" {
        assert_eq!(ev.name, "build-error");
        assert_eq!(tab.next_build().name, "reload");
    } else {
        assert_eq!(changed(&ev), ["changed content/pages/a-propos.md"]);
    }
    assert!(get(server.addr(), "/fr/a-propos/", &[])
        .text()
        .contains("Écrite deux fois"));
}

#[test]
fn a_site_broken_from_the_start_appears_once_fixed() {
    let site = TestSite::create();
    let good = site.read(PAGE);
    site.save(PAGE, &good.replace("weight: 10", "weight: beaucoup"));
    let server = site.start();
    assert!(!server.first_build_ok());
    let addr = server.addr();

    // Nothing to show yet, at once: a 404 page that still listens.
    let start = std::time::Instant::now();
    let r = get(addr, "/fr/a-propos/", &[]);
    assert_eq!(r.status, 404);
    assert!(r.text().contains("/__academie/livereload.js"));
    assert!(start.elapsed() < std::time::Duration::from_secs(2));
    let mut tab = EventStream::connect(addr);
    let hello = tab.next_event();
    assert_eq!(
        (hello.name.as_str(), &hello.data["build"]),
        ("hello", &0.into())
    );
    let err = tab.next_event();
    assert_eq!(err.name, "build-error");
    assert_eq!(err.data["errors"][0]["file"], PAGE);

    site.save(PAGE, &good);
    assert_eq!(tab.next_build().name, "reload");
    let r = get(addr, "/fr/a-propos/", &[]);
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Première version"));
}
