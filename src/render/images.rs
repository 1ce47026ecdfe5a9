//! Images of page bodies, as a public site needs them: dimensions read from
//! the file (no layout shift), smaller variants of large images with a
//! `srcset` (phones do not download a 2000-pixel photo), a WebP copy where
//! it saves bytes, and a size budget.
//!
//! Each image is read once per build, whatever the number of pages that
//! show it, and only when a page shows it. Its variants are named after a
//! hash of the source file's bytes, so two builds write the same files and
//! the variants of the previous output can be reused as they are (the
//! cache costs nothing to keep: it is the output itself).
//!
//! Bad input never panics: a missing, truncated or corrupt file, or a
//! format the build cannot read, comes back as an [`ImageError`] that the
//! Markdown renderer reports at the page's line.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::escape;

/// Widths of the smaller variants of a large image, in pixels.
pub const VARIANT_WIDTHS: [u32; 3] = [480, 800, 1200];
/// Images wider than this get smaller variants.
pub const LARGE_WIDTH: u32 = 800;
/// Size budget of one image when `academie.yaml` does not set one.
pub const DEFAULT_MAX_KB: u64 = crate::config::DEFAULT_IMAGE_MAX_KB;
/// How wide a body image shows: the prose column is at most 48rem.
const SIZES: &str = "(min-width: 48rem) 48rem, 100vw";
/// Changes when the way variants are made changes, so that the variants
/// of an older build are not reused.
const RECIPE: &[u8] = b"academie-images-2";
/// JPEG quality of the variants of a JPEG photo.
const JPEG_QUALITY: u8 = 82;
/// Alt texts (or titles) that mark an image as decorative, compared
/// without case: `![](/images/frise.png "décorative")`.
pub const DECORATIVE_MARKERS: [&str; 4] = ["decorative", "décorative", "décoratif", "decoratif"];

/// How the build treats images.
#[derive(Debug, Clone)]
pub struct ImageOptions {
    /// Make the variants (a build); a check only reads the files.
    pub encode: bool,
    /// The previous output folder, whose variants are reused when the
    /// source has not changed.
    pub cache: Option<PathBuf>,
    /// The size budget of one image, in kilobytes.
    pub max_kb: u64,
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions {
            encode: true,
            cache: None,
            max_kb: DEFAULT_MAX_KB,
        }
    }
}

/// Why an image cannot be published: what happened and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageError {
    pub message: String,
    pub help: String,
}

/// One candidate of a `srcset`: URL and width in pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: String,
    pub width: u32,
}

/// A published image, as pages show it.
#[derive(Debug)]
pub struct Picture {
    /// The source file, relative to the site root, for messages.
    pub file: String,
    /// URL of the original file.
    pub src: String,
    /// Width and height as displayed (EXIF orientation applied); `None`
    /// for an SVG without a readable size.
    pub size: Option<(u32, u32)>,
    /// Size of the source file, in bytes.
    pub bytes: u64,
    /// Candidates in the source's format, smallest first, the original
    /// last; empty when the image has no smaller variant.
    pub fallback: Vec<Candidate>,
    /// WebP candidates, smallest first; empty when WebP saves nothing.
    pub webp: Vec<Candidate>,
    /// Files to write: path under the output folder and bytes.
    files: Vec<(String, Arc<Vec<u8>>)>,
}

/// How one use of an image in a page is written.
#[derive(Debug, Clone, Copy)]
pub struct Use<'a> {
    /// Alternative text; empty for a decorative image.
    pub alt: &'a str,
    pub title: Option<&'a str>,
    /// Below the page's first image: loaded when scrolled to.
    pub lazy: bool,
}

impl Picture {
    /// The HTML of this image: an `<img>` with its size, `srcset` and
    /// loading hints, in a `<picture>` with a WebP `<source>` when there
    /// is one.
    pub fn html(&self, u: Use) -> String {
        let mut img = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape::html(&self.src),
            escape::html(u.alt)
        );
        if let Some(t) = u.title {
            img.push_str(&format!(" title=\"{}\"", escape::html(t)));
        }
        if self.fallback.len() > 1 {
            img.push_str(&format!(
                " srcset=\"{}\" sizes=\"{SIZES}\"",
                srcset(&self.fallback)
            ));
        }
        if let Some((w, h)) = self.size {
            img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
        }
        if u.lazy {
            img.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        img.push('>');
        if self.webp.is_empty() {
            img
        } else {
            let sizes = if self.webp.len() > 1 {
                format!(" sizes=\"{SIZES}\"")
            } else {
                String::new()
            };
            format!(
                "<picture><source type=\"image/webp\" srcset=\"{}\"{sizes}>{img}</picture>",
                srcset(&self.webp)
            )
        }
    }

    /// Whether the source file is over `max_kb` kilobytes.
    pub fn over_budget(&self, max_kb: u64) -> bool {
        self.bytes > max_kb.saturating_mul(1024)
    }
}

fn srcset(c: &[Candidate]) -> String {
    if c.len() == 1 {
        return escape::html(&c[0].url);
    }
    c.iter()
        .map(|c| format!("{} {}w", escape::html(&c.url), c.width))
        .collect::<Vec<_>>()
        .join(", ")
}

type Entry = Arc<Result<Arc<Picture>, ImageError>>;

/// One width of an image: the width, its file in the source's format
/// (`None` for the original), its WebP file (`None` if not made).
type Encoded = (u32, Option<Vec<u8>>, Option<Vec<u8>>);

/// The images of one site: the static files, read on first use.
pub struct Images {
    /// Static files: path under the static folders → absolute path.
    files: BTreeMap<String, PathBuf>,
    /// The site root, to name files in messages.
    root: PathBuf,
    base_path: String,
    opts: ImageOptions,
    done: Mutex<HashMap<String, Entry>>,
}

impl Images {
    pub fn new(
        files: BTreeMap<String, PathBuf>,
        root: &Path,
        base_path: &str,
        opts: ImageOptions,
    ) -> Images {
        Images {
            files,
            root: root.to_path_buf(),
            base_path: base_path.to_owned(),
            opts,
            done: Mutex::new(HashMap::new()),
        }
    }

    pub fn max_kb(&self) -> u64 {
        self.opts.max_kb
    }

    /// The image at `url` (a site path, with or without the base path):
    /// `None` when it is not a static file of this site.
    pub fn get(&self, url: &str) -> Option<Result<Arc<Picture>, ImageError>> {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let rel = path
            .strip_prefix(self.base_path.as_str())
            .unwrap_or(path)
            .trim_start_matches('/');
        let abs = self.files.get(rel)?;
        if let Some(e) = self.lock().get(rel) {
            return Some((**e).clone());
        }
        // Not under the lock: images of other pages are read meanwhile. Two
        // pages racing for one image read it twice, to the same result.
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.process(rel, abs)))
                .unwrap_or_else(|_| {
                    Err(ImageError {
                        message: format!("image `{}` could not be decoded", self.shown(abs)),
                        help: "open it in an image editor and save it again as PNG or JPEG".into(),
                    })
                })
                .map(Arc::new);
        let entry = self
            .lock()
            .entry(rel.to_owned())
            .or_insert_with(|| Arc::new(result))
            .clone();
        Some((*entry).clone())
    }

    /// Every variant to write, by path under the output folder, sorted.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut out: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for e in self.lock().values() {
            if let Ok(p) = &**e {
                for (rel, bytes) in &p.files {
                    out.entry(rel.clone())
                        .or_insert_with(|| bytes.as_ref().clone());
                }
            }
        }
        out.into_iter().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The file as the editor knows it: relative to the site root.
    fn shown(&self, abs: &Path) -> String {
        abs.strip_prefix(&self.root)
            .unwrap_or(abs)
            .display()
            .to_string()
    }

    fn process(&self, rel: &str, abs: &Path) -> Result<Picture, ImageError> {
        let shown = self.shown(abs);
        let src = format!("{}{rel}", self.base_path);
        let bytes = std::fs::read(abs).map_err(|e| ImageError {
            message: format!("image `{shown}` cannot be read: {e}"),
            help: "check that the file exists and can be read".into(),
        })?;
        let len = bytes.len() as u64;
        if is_svg(rel, &bytes) {
            return Ok(Picture {
                file: shown,
                src,
                size: svg_size(&bytes),
                bytes: len,
                fallback: Vec::new(),
                webp: Vec::new(),
                files: Vec::new(),
            });
        }
        let unreadable = |what: String| {
            ImageError {
            message: format!("image `{shown}` {what}"),
            help: "publish images as PNG, JPEG, WebP or SVG: open it in an image editor and export it again".into(),
        }
        };
        let format = image::guess_format(&bytes)
            .map_err(|_| unreadable("is not in an image format the build can read".into()))?;
        if !matches!(
            format,
            ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
        ) {
            return Err(unreadable(format!(
                "is a {} image, which the build cannot read",
                format
                    .extensions_str()
                    .first()
                    .unwrap_or(&"?")
                    .to_uppercase()
            )));
        }
        let corrupt = |e: image::ImageError| unreadable(format!("is corrupt or truncated ({e})"));
        let mut decoder = ImageReader::with_format(Cursor::new(&bytes[..]), format)
            .into_decoder()
            .map_err(corrupt)?;
        let orientation = decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms);
        let (w, h) = decoder.dimensions();
        let (width, height) = if rotates(orientation) { (h, w) } else { (w, h) };
        if width == 0 || height == 0 {
            return Err(unreadable("has no pixels".into()));
        }

        let hash = source_hash(&bytes);
        let widths: Vec<u32> = if width > LARGE_WIDTH {
            VARIANT_WIDTHS.into_iter().filter(|&v| v < width).collect()
        } else {
            Vec::new()
        };
        let ext = match format {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::WebP => "webp",
            _ => "png",
        };
        let name = |w: u32, ext: &str| variant_name(rel, &hash, w, ext);
        let url = |rel: &str| format!("{}{rel}", self.base_path);
        let original = Candidate {
            url: src.clone(),
            width,
        };

        // The previous output's variants, when it has them all.
        if self.opts.encode {
            if let Some(mut p) = self.cached(&widths, width, &name, ext, &src, (width, height), len)
            {
                p.file = shown;
                return Ok(p);
            }
        }
        // Decoded in full even for a check: a truncated file fails here.
        let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
        img.apply_orientation(orientation);
        if !self.opts.encode {
            return Ok(Picture {
                file: shown,
                src,
                size: Some((width, height)),
                bytes: len,
                fallback: Vec::new(),
                webp: Vec::new(),
                files: Vec::new(),
            });
        }

        // Each width in the source's format (JPEG stays JPEG, PNG stays
        // PNG), and for a PNG in lossless WebP too: the `image` crate writes
        // lossless WebP only, lighter than PNG for screenshots and diagrams
        // but always heavier than a JPEG photo, so not tried for JPEG.
        let make_webp = format == ImageFormat::Png;
        let sized: Vec<Encoded> = widths
            .iter()
            .copied()
            .chain([width])
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|w| {
                let resized = if w == width {
                    None
                } else {
                    let h = ((height as u64 * w as u64 + width as u64 / 2) / width as u64).max(1);
                    // Triangle (bilinear over the whole footprint): sharp
                    // enough when shrinking, half the time of Catmull-Rom.
                    Some(img.resize_exact(w, h as u32, image::imageops::FilterType::Triangle))
                };
                let pic = resized.as_ref().unwrap_or(&img);
                let fallback = resized.as_ref().and_then(|r| encode(r, format));
                let webp = if make_webp {
                    encode(pic, ImageFormat::WebP)
                } else {
                    None
                };
                (w, fallback, webp)
            })
            .collect();
        let mut fallback = Vec::new();
        let mut webp = Vec::new();
        let mut files = Vec::new();
        let (mut fallback_bytes, mut webp_bytes) = (0usize, 0usize);
        let mut webp_files = Vec::new();
        for (w, fb, wp) in sized {
            if w == width {
                fallback_bytes += bytes.len();
                fallback.push(original.clone());
            } else if let Some(b) = fb {
                let rel = name(w, ext);
                fallback_bytes += b.len();
                fallback.push(Candidate {
                    url: url(&rel),
                    width: w,
                });
                files.push((rel, Arc::new(b)));
            }
            match wp {
                Some(b) if make_webp => {
                    let rel = name(w, "webp");
                    webp_bytes = webp_bytes.saturating_add(b.len());
                    webp.push(Candidate {
                        url: url(&rel),
                        width: w,
                    });
                    webp_files.push((rel, Arc::new(b)));
                }
                _ => webp_bytes = usize::MAX,
            }
        }
        if webp.is_empty() || webp_bytes >= fallback_bytes {
            webp.clear();
        } else {
            files.extend(webp_files);
        }
        if fallback.len() == 1 {
            fallback.clear();
        }
        Ok(Picture {
            file: shown,
            src,
            size: Some((width, height)),
            bytes: len,
            fallback,
            webp,
            files,
        })
    }

    /// The variants of a previous build of the same source, if the
    /// previous output has every one of them (WebP ones: all or none, as
    /// they are written only when they save bytes).
    #[allow(clippy::too_many_arguments)]
    fn cached(
        &self,
        widths: &[u32],
        width: u32,
        name: &dyn Fn(u32, &str) -> String,
        ext: &str,
        src: &str,
        size: (u32, u32),
        len: u64,
    ) -> Option<Picture> {
        let dir = self.opts.cache.as_ref()?;
        let url = |rel: &str| format!("{}{rel}", self.base_path);
        let mut files = Vec::new();
        let mut fallback = Vec::new();
        for &w in widths {
            let rel = name(w, ext);
            let b = std::fs::read(dir.join(&rel)).ok()?;
            fallback.push(Candidate {
                url: url(&rel),
                width: w,
            });
            files.push((rel, Arc::new(b)));
        }
        // Without any variant, the one WebP file tells whether it saved bytes:
        // there is no marker of "it did not"; encode again then (small image).
        let mut webp = Vec::new();
        for &w in widths.iter().chain([&width]) {
            let rel = name(w, "webp");
            match std::fs::read(dir.join(&rel)) {
                Ok(b) => {
                    webp.push(Candidate {
                        url: url(&rel),
                        width: w,
                    });
                    files.push((rel, Arc::new(b)));
                }
                Err(_) => break,
            }
        }
        let complete_webp = webp.len() == widths.len() + 1;
        if !complete_webp {
            if widths.is_empty() {
                return None;
            }
            webp.clear();
            files.truncate(widths.len());
        }
        if !widths.is_empty() {
            fallback.push(Candidate {
                url: src.to_owned(),
                width,
            });
        }
        Some(Picture {
            file: String::new(),
            src: src.to_owned(),
            size: Some(size),
            bytes: len,
            fallback,
            webp,
            files,
        })
    }
}

/// `images/photo.png` → `images/photo.<hash>.480w.png`.
fn variant_name(rel: &str, hash: &str, width: u32, ext: &str) -> String {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    format!("{prefix}{stem}.{hash}.{width}w.{ext}")
}

fn source_hash(bytes: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(RECIPE);
    h.update(bytes);
    h.finalize()
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn rotates(o: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(o, Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH)
}

/// Encodes `img` as `format`; `None` if the encoder refuses it.
fn encode(img: &DynamicImage, format: ImageFormat) -> Option<Vec<u8>> {
    use image::codecs::{jpeg::JpegEncoder, png, webp::WebPEncoder};
    let mut out = Vec::new();
    let ok = match format {
        ImageFormat::Jpeg => img
            .to_rgb8()
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
            .is_ok(),
        ImageFormat::WebP => {
            let enc = WebPEncoder::new_lossless(&mut out);
            if img.color().has_alpha() {
                img.to_rgba8().write_with_encoder(enc).is_ok()
            } else {
                img.to_rgb8().write_with_encoder(enc).is_ok()
            }
        }
        _ => {
            let enc = png::PngEncoder::new_with_quality(
                &mut out,
                png::CompressionType::Default,
                png::FilterType::Adaptive,
            );
            img.write_with_encoder(enc).is_ok()
        }
    };
    ok.then_some(out)
}

fn is_svg(rel: &str, bytes: &[u8]) -> bool {
    rel.to_ascii_lowercase().ends_with(".svg") || {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]);
        head.trim_start().starts_with("<svg")
    }
}

/// The size of an SVG from its root element's `width` and `height` (in
/// pixels or unitless) or else its `viewBox`.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let i = tag.find(&format!(" {name}="))? + name.len() + 2;
        let q = tag[i..].chars().next()?;
        let rest = &tag[i + 1..];
        Some(&rest[..rest.find(q)?])
    };
    let px = |v: &str| -> Option<u32> {
        let n: f64 = v.trim().trim_end_matches("px").parse().ok()?;
        (1.0..100_000.0).contains(&n).then_some(n.round() as u32)
    };
    if let (Some(w), Some(h)) = (attr("width").and_then(px), attr("height").and_then(px)) {
        return Some((w, h));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match vb[..] {
        [_, _, w, h] if w >= 1.0 && h >= 1.0 && w < 100_000.0 && h < 100_000.0 => {
            Some((w.round() as u32, h.round() as u32))
        }
        _ => None,
    }
}

/// Whether an image's alt text or title marks it as decorative.
pub fn is_decorative_marker(s: &str) -> bool {
    let s = s.trim().to_lowercase();
    DECORATIVE_MARKERS.contains(&s.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_keep_folder_and_stem() {
        assert_eq!(
            variant_name("images/a.b.png", "0123456789", 480, "webp"),
            "images/a.b.0123456789.480w.webp"
        );
        assert_eq!(variant_name("x", "h", 800, "png"), "x.h.800w.png");
    }

    #[test]
    fn svg_sizes() {
        assert_eq!(
            svg_size(br#"<svg xmlns="x" width="120" height="40px">"#),
            Some((120, 40))
        );
        assert_eq!(
            svg_size(br#"<?xml?><svg viewBox="0 0 300 150" width="100%">"#),
            Some((300, 150))
        );
        assert_eq!(svg_size(b"<svg>"), None);
    }

    #[test]
    fn decorative_markers() {
        assert!(is_decorative_marker(" Décorative "));
        assert!(!is_decorative_marker("Une frise décorative"));
    }
}
