//! The preview's HTTP behaviour: what a real host would do (types, index
//! pages, 404, ranges, conditional requests) and what no host may do
//! (serve files from outside the site).

use crate::support;

use support::{get, request, TestSite};

#[test]
fn http_like_a_real_host() {
    let site = TestSite::create();
    let secret = site.path("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    std::fs::write(
        site.path("themes/academie/static/module.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    let server = site.start();
    let addr = server.addr();
    // A symlink in the output folder pointing out of it.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, server.output_dir().join("leak.txt")).unwrap();

    // Folders: redirect to the slash form, then index.html.
    let r = get(addr, "/fr", &[]);
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/fr/"));
    let r = get(addr, "/fr/?utm=x", &[]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));

    // Content types.
    for (path, ctype) in [
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/fr/atom.xml", "application/xml"),
        ("/data/fr/pages.csv", "text/csv; charset=utf-8"),
        ("/data/fr/pages.schema.json", "application/json"),
        ("/module.wasm", "application/wasm"),
    ] {
        let r = get(addr, path, &[]);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
    }

    // The site's 404 page, with status 404, live reload included.
    let r = get(addr, "/fr/nulle-part/", &[]);
    assert_eq!(r.status, 404);
    let not_found = std::fs::read_to_string(server.output_dir().join("404.html")).unwrap();
    let title = not_found
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(r.text().contains(title));
    assert!(r.text().contains("/__academie/livereload.js"));

    // Nothing outside the output folder, however the path is written.
    for target in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%2f",
        "/..%2fsecret.txt",
        "/fr/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/fr/%00",
        "/.%2e/secret.txt",
        "/leak.txt",
    ] {
        let r = get(addr, target, &[]);
        assert!(
            r.status == 403 || r.status == 404 || r.status == 400,
            "{target}: {}",
            r.status
        );
        assert!(!r.text().contains("SECRET"), "{target}");
        assert!(!r.text().contains("[workspace]"), "{target}");
    }

    // Ranges.
    let robots = get(addr, "/robots.txt", &[]);
    let full = robots.body.clone();
    assert_eq!(robots.header("accept-ranges"), Some("bytes"));
    let r = get(addr, "/robots.txt", &[("Range", "bytes=2-9")]);
    assert_eq!(r.status, 206);
    assert_eq!(r.body, full[2..10]);
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes 2-9/{}", full.len()).as_str())
    );
    let r = get(addr, "/robots.txt", &[("Range", "bytes=-5")]);
    assert_eq!((r.status, &r.body[..]), (206, &full[full.len() - 5..]));
    let r = get(addr, "/robots.txt", &[("Range", "bytes=9999-")]);
    assert_eq!(r.status, 416);
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes */{}", full.len()).as_str())
    );
    // Several ranges: one multipart/byteranges body, a part per range.
    let r = get(addr, "/robots.txt", &[("Range", "bytes=0-3,10-12")]);
    assert_eq!(r.status, 206);
    let ctype = r.header("content-type").unwrap().to_owned();
    let boundary = ctype
        .strip_prefix("multipart/byteranges; boundary=")
        .unwrap_or_else(|| panic!("{ctype}"));
    let body = r.text();
    let parts: Vec<&str> = body.split(&format!("--{boundary}")).collect();
    // Before the first delimiter, two parts, and the closing "--".
    assert_eq!(parts.len(), 4, "{body}");
    let text = String::from_utf8_lossy(&full).into_owned();
    for (part, (a, b)) in parts[1..3].iter().zip([(0, 3), (10, 12)]) {
        let (head, data) = part.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("Content-Range: bytes {a}-{b}/{}", full.len())),
            "{head}"
        );
        assert_eq!(data.trim_end_matches("\r\n"), &text[a..=b]);
    }
    assert!(parts[3].starts_with("--"));
    // A page too.
    let page = get(addr, "/fr/", &[]).body;
    let r = get(addr, "/fr/", &[("Range", "bytes=0-4,6-8")]);
    assert!(r.text().contains(&*String::from_utf8_lossy(&page[6..9])));
    assert_eq!(r.status, 206);

    // A range on a page applies to the page as served.
    let r = get(addr, "/fr/", &[("Range", "bytes=0-14")]);
    assert_eq!((r.status, &r.body[..]), (206, &page[..15]));

    // Conditional requests.
    let etag = robots.header("etag").unwrap().to_owned();
    let modified = robots.header("last-modified").unwrap().to_owned();
    let r = get(addr, "/robots.txt", &[("If-None-Match", &etag)]);
    assert_eq!(r.status, 304);
    assert!(r.body.is_empty());
    let r = get(addr, "/robots.txt", &[("If-None-Match", "\"other\"")]);
    assert_eq!(r.status, 200);
    let r = get(addr, "/robots.txt", &[("If-Modified-Since", &modified)]);
    assert_eq!(r.status, 304);
    let page_etag = get(addr, "/fr/", &[]).header("etag").unwrap().to_owned();
    assert_eq!(
        get(addr, "/fr/", &[("If-None-Match", &page_etag)]).status,
        304
    );
    // If-Range with a stale validator: the whole file.
    let r = get(
        addr,
        "/robots.txt",
        &[("Range", "bytes=0-1"), ("If-Range", "\"stale\"")],
    );
    assert_eq!((r.status, r.body.len()), (200, full.len()));

    // HEAD: headers only; other methods refused.
    let r = request(addr, "HEAD", "/robots.txt", &[]);
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert_eq!(
        r.header("content-length"),
        Some(full.len().to_string().as_str())
    );
    assert_eq!(request(addr, "POST", "/robots.txt", &[]).status, 405);
}

#[test]
fn served_under_the_base_path_of_base_url() {
    let site = TestSite::create();
    let mut opts = academie::serve::ServeOptions::new(site.root());
    opts.port = 0;
    opts.quiet = true;
    opts.base_url = Some("https://example.org/academie/".into());
    let server = academie::serve::Server::start(opts).unwrap();
    assert!(server.url().ends_with("/academie/"));
    let addr = server.addr();
    let r = get(addr, "/", &[]);
    assert_eq!((r.status, r.header("location")), (301, Some("/academie/")));
    let r = get(addr, "/academie/fr/", &[]);
    assert_eq!(r.status, 200);
    // Links carry the base path, and what they point at is served.
    let html = r.text().replace("&#x2F;", "/");
    let css = html
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a stylesheet link");
    assert!(css.starts_with("/academie/"), "{css}");
    assert_eq!(get(addr, css, &[]).status, 200);
    assert_eq!(
        get(addr, "/academie/fr", &[]).header("location"),
        Some("/academie/fr/")
    );
    assert_eq!(get(addr, "/fr/", &[]).status, 404);
}

#[test]
fn the_built_site_never_carries_the_live_reload_client() {
    let site = TestSite::create();
    let out = site.path("public");
    let mut opts = academie::build::BuildOptions::new(site.root());
    opts.output = Some(out.clone());
    academie::build::build(&opts).expect("the fixture builds");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__academie"),
                "{}",
                entry.path().display()
            );
        }
    }
}
