//! Images in page bodies, as an editor and a reader meet them: alternative
//! text required (decorative images say so), dimensions read from the
//! file, smaller variants of large images that exist in the output, lazy
//! loading below the first image, a size budget, and bad image files
//! reported with the page's line while the previous output stays.
//!
//! The images are made here with the `image` crate, so the fixture holds
//! no binary file.

use crate::common;

use std::io::Cursor;

use common::{attrs, page, snapshot, url_to_file, Site};
use image::{ImageFormat, Rgb, RgbImage};

/// The page the tests put images in, and its URL.
const PAGE: &str = "content/pages/a-propos.md";
const URL: &str = "/fr/a-propos/";

/// `body` after a front matter of four lines: the body's first line is
/// line 6 of the file.
fn about(site: &Site, body: &str) {
    site.write(
        PAGE,
        format!("---\ntitle: \"À propos\"\nsummary: \"Ce site sert aux tests.\"\n---\n\n{body}"),
    );
}

/// A `w`×`h` picture with soft gradients and a little texture, like a
/// screenshot or a diagram, encoded as `format`.
fn picture(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            if (x / 40 + y / 40) % 2 == 0 { 200 } else { 60 },
        ])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).expect("encode test image");
    out.into_inner()
}

fn fixture_with(image: &[u8], body: &str) -> Site {
    let site = Site::fixture("site");
    site.write("static/images/photo.png", image);
    about(&site, body);
    site
}

#[test]
fn an_image_without_alt_text_is_an_error_with_file_and_line() {
    let site = fixture_with(
        &picture(40, 30, ImageFormat::Png),
        "## Qui sommes-nous\n\nUn site d'essai.\n\n![](/images/photo.png)\n",
    );
    let run = site.build(&[]);
    run.assert_exit(1).assert_diagnostic(
        "error",
        "content/pages/a-propos.md:10:",
        &["/images/photo.png", "no alternative text", "décorative"],
    );
    assert!(!site.out().exists(), "a failed first build writes nothing");
    // Alt text of spaces is no alt text; `academie check` says the same.
    about(&site, "Texte.\n\n![  ](/images/photo.png)\n");
    site.check(&[]).assert_exit(1).assert_diagnostic(
        "error",
        "content/pages/a-propos.md:8:",
        &["no alternative text"],
    );
}

#[test]
fn a_decorative_image_says_so_and_gets_an_empty_alt() {
    let site = fixture_with(
        &picture(40, 30, ImageFormat::Png),
        "Texte.\n\n![](/images/photo.png \"décorative\")\n\n![Carte des régions](/images/photo.png \"Carte\")\n",
    );
    site.build(&[]).assert_ok();
    let doc = page(&site.out(), URL);
    let alts = attrs(&doc, ".prose img", "alt");
    assert_eq!(alts, vec!["", "Carte des régions"], "alt texts in order");
    // The marker is not shown as a tooltip; a real title is.
    assert_eq!(attrs(&doc, ".prose img", "title"), vec!["Carte"]);
    // Marked decorative but with alt text: the editor must choose.
    about(&site, "![Une carte](/images/photo.png \"decorative\")\n");
    site.build(&[]).assert_exit(1).assert_diagnostic(
        "error",
        "content/pages/a-propos.md:6:",
        &["marked decorative but has alternative text"],
    );
}

#[test]
fn a_large_png_gets_its_size_variants_and_lazy_loading() {
    let png = picture(2000, 1200, ImageFormat::Png);
    let site = fixture_with(
        &png,
        "Texte.\n\n![Premier schéma](/images/photo.png)\n\nSuite.\n\n![Second schéma](/images/photo.png)\n",
    );
    let run = site.build(&[]);
    run.assert_ok();
    let out = site.out();
    let doc = page(&out, URL);
    assert_eq!(attrs(&doc, ".prose img", "width"), vec!["2000", "2000"]);
    assert_eq!(attrs(&doc, ".prose img", "height"), vec!["1200", "1200"]);
    // The first image loads at once, the ones below it when scrolled to.
    assert_eq!(attrs(&doc, ".prose img", "loading"), vec!["lazy"]);
    assert_eq!(
        attrs(&doc, ".prose img[loading]", "decoding"),
        vec!["async"]
    );

    let srcset = &attrs(&doc, ".prose img", "srcset")[0];
    let candidates: Vec<(String, u32)> = srcset
        .split(", ")
        .map(|c| {
            let (url, w) = c.rsplit_once(' ').expect("url and width");
            (
                url.to_owned(),
                w.trim_end_matches('w').parse().expect("width"),
            )
        })
        .collect();
    let widths: Vec<u32> = candidates.iter().map(|c| c.1).collect();
    assert_eq!(widths, vec![480, 800, 1200, 2000], "{srcset}");
    assert!(!attrs(&doc, ".prose img", "sizes")[0].is_empty());
    for (url, w) in &candidates {
        let file = url_to_file(&out, url);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        let img = image::load_from_memory(&bytes).expect("variant decodes");
        assert_eq!(img.width(), *w, "{url}");
        assert_eq!(img.height(), w * 1200 / 2000, "{url}");
    }

    // A diagram-like PNG gets a WebP source (lossless WebP is lighter for
    // such images), listing files that exist and weigh less than the PNG
    // ones together.
    let webp = attrs(&doc, ".prose picture source[type=\"image/webp\"]", "srcset");
    assert_eq!(webp.len(), 2, "one WebP source per image");
    let size = |set: &str| -> u64 {
        set.split(", ")
            .map(|c| c.rsplit_once(' ').map_or(c, |x| x.0))
            .map(|u| std::fs::metadata(url_to_file(&out, u)).expect(u).len())
            .sum()
    };
    assert!(size(&webp[0]) < size(srcset), "WebP kept although heavier");
    assert_eq!(webp[0].matches(".webp ").count(), 4, "{}", webp[0]);

    // Deterministic: a build into a fresh folder (no previous output to
    // reuse) writes the same variant files, byte for byte.
    let other = site.root().join("_out2");
    common::run(&[
        "build",
        "--root",
        &site.root().display().to_string(),
        "--output",
        &other.display().to_string(),
    ])
    .assert_ok();
    let images = |dir: &std::path::Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        snapshot(&dir.join("images")).into_iter().collect()
    };
    assert_eq!(images(&out), images(&other));
    assert!(images(&out).len() > 3, "variants written");
    // A rebuild over the previous output (variants reused) is identical.
    site.build(&[]).assert_ok();
    assert_eq!(images(&site.out()), images(&other));
}

#[test]
fn a_small_jpeg_keeps_one_file_with_its_size() {
    let site = Site::fixture("site");
    site.write(
        "static/images/petit.jpg",
        picture(300, 200, ImageFormat::Jpeg),
    );
    about(&site, "![Petit](/images/petit.jpg)\n");
    site.build(&[]).assert_ok();
    let doc = page(&site.out(), URL);
    assert_eq!(attrs(&doc, ".prose img", "width"), vec!["300"]);
    assert_eq!(attrs(&doc, ".prose img", "height"), vec!["200"]);
    assert!(attrs(&doc, ".prose img", "srcset").is_empty());
    assert!(attrs(&doc, ".prose img", "loading").is_empty());
    // A JPEG photo stays JPEG: lossless WebP would be heavier.
    assert!(attrs(&doc, ".prose picture source", "srcset").is_empty());
}

#[test]
fn a_corrupt_image_is_an_error_naming_it_and_the_previous_output_stays() {
    let png = picture(1000, 600, ImageFormat::Png);
    let site = fixture_with(&png, "Texte.\n\n![Un schéma](/images/photo.png)\n");
    site.build(&[]).assert_ok();
    let before = snapshot(&site.out());

    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            png[..png.len() / 2].to_vec(),
            "corrupt or truncated",
        ),
        (
            "not an image",
            b"hello, world".to_vec(),
            "not in an image format",
        ),
        (
            "a GIF",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "GIF image",
        ),
        ("empty", Vec::new(), "not in an image format"),
    ];
    for (what, bytes, text) in bad {
        site.write("static/images/photo.png", &bytes);
        let run = site.build(&[]);
        run.assert_exit(1).assert_diagnostic(
            "error",
            "content/pages/a-propos.md:8:",
            &["static/images/photo.png", text],
        );
        run.assert_not_contains("panicked");
        assert!(
            snapshot(&site.out()) == before,
            "{what}: the previous output changed"
        );
        site.check(&[])
            .assert_exit(1)
            .assert_contains("static/images/photo.png");
    }
}

#[test]
fn an_image_over_the_budget_is_a_warning_with_its_line() {
    let site = fixture_with(
        &picture(600, 400, ImageFormat::Png),
        "Texte.\n\n![Un schéma](/images/photo.png)\n",
    );
    let yaml = std::fs::read_to_string(site.path("academie.yaml")).unwrap();
    site.write("academie.yaml", format!("{yaml}images: {{ max_kb: 1 }}\n"));
    let run = site.build(&[]);
    run.assert_ok().assert_diagnostic(
        "warning",
        "content/pages/a-propos.md:8:",
        &["static/images/photo.png", "over the 1 KB budget"],
    );
    // Under the default budget (500 KB), no warning.
    site.write("academie.yaml", yaml);
    site.build(&[]).assert_ok().assert_not_contains("budget");
    // A budget that is not a number is an error in academie.yaml.
    let yaml = std::fs::read_to_string(site.path("academie.yaml")).unwrap();
    site.write(
        "academie.yaml",
        format!("{yaml}images: {{ max_kb: beaucoup }}\n"),
    );
    site.build(&[])
        .assert_exit(1)
        .assert_diagnostic("error", "academie.yaml:", &["max_kb"]);
}

#[test]
fn remote_and_relative_images_are_reported() {
    let site = Site::fixture("site");
    about(
        &site,
        "![Logo](https://example.org/logo.png)\n\n![Photo](images/photo.png)\n",
    );
    let run = site.build(&[]);
    run.assert_exit(1)
        .assert_diagnostic(
            "warning",
            "content/pages/a-propos.md:6:",
            &["another site", "static/images/"],
        )
        .assert_diagnostic(
            "error",
            "content/pages/a-propos.md:8:",
            &["relative path", "/images/photo.png"],
        );
}

#[test]
fn an_ambassador_photo_must_be_a_readable_static_file() {
    let site = Site::fixture("site");
    let file = "content/ambassadors/lea-petit.md";
    let text = std::fs::read_to_string(site.path(file)).unwrap();
    // `photo:` on line 10, after `contact_url:`.
    let with_photo = text.replacen(
        "contact_url: \"https://contact.example.org/lea-petit\"\n",
        "contact_url: \"https://contact.example.org/lea-petit\"\nphoto: images/lea-petit.jpg\n",
        1,
    );
    site.write(file, with_photo);
    site.build(&[]).assert_exit(1).assert_diagnostic(
        "error",
        "content/ambassadors/lea-petit.md:10:",
        &["images/lea-petit.jpg", "not a file under static/"],
    );
    site.write("static/images/lea-petit.jpg", b"\xff\xd8\xff\xe0 truncated");
    site.build(&[]).assert_exit(1).assert_diagnostic(
        "error",
        "content/ambassadors/lea-petit.md:10:",
        &["static/images/lea-petit.jpg"],
    );
    site.write(
        "static/images/lea-petit.jpg",
        picture(320, 320, ImageFormat::Jpeg),
    );
    site.build(&[]).assert_ok();
    let doc = page(&site.out(), "/fr/ambassadeurs/lea-petit/");
    let src = attrs(&doc, "img.ambassador-photo", "src");
    assert_eq!(src, vec!["/images/lea-petit.jpg"]);
    assert!(url_to_file(&site.out(), &src[0]).is_file());
}

#[test]
fn the_preview_writes_the_variants_of_an_image_added_by_an_edit() {
    use academie::build::BuildOptions;
    use academie::session::{Session, SourceChange};

    let site = fixture_with(&picture(1600, 900, ImageFormat::Png), "Texte.\n");
    let out = site.root().join("_session");
    let mut session = Session::new(BuildOptions {
        output: Some(out.clone()),
        ..BuildOptions::new(site.root())
    });
    session.rebuild(&[]).expect("first build");
    assert!(!out.join("images").read_dir().unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("w.")));

    // A body edit adds the image: the page shows it, its variants exist.
    about(&site, "Texte.\n\n![Un schéma](/images/photo.png)\n");
    let rebuilt = session
        .rebuild(&[SourceChange::Edited(PAGE.into())])
        .expect("rebuild");
    let doc = page(&out, URL);
    let srcset = attrs(&doc, ".prose img", "srcset");
    assert_eq!(srcset.len(), 1, "the image is on the page");
    for c in srcset[0].split(", ") {
        let url = c.rsplit_once(' ').unwrap().0;
        assert!(url_to_file(&out, url).is_file(), "{url} written");
    }
    assert_eq!(attrs(&doc, ".prose img", "width"), vec!["1600"]);
    assert!(rebuilt.warnings.is_empty(), "{:?}", rebuilt.warnings);
}
