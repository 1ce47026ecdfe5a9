//! From a request target to a file of the output folder: percent-decoding,
//! refusing every way out of the folder (`..`, backslashes, NUL bytes,
//! symlinks), hidden files, folder redirects and `index.html`; and the
//! `Content-Type` of a file.

use std::path::{Path, PathBuf};

/// The outcome of mapping a request target to the output folder.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
    Forbidden,
    BadRequest,
}

/// Maps a request target to a file of `output`, or says why not.
pub fn resolve(output: &Path, mount: &str, target: &str) -> Resolved {
    let (raw_path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    let raw_path = raw_path.split('#').next().unwrap_or("");
    if !raw_path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(decoded) = percent_decode(raw_path) else {
        return Resolved::BadRequest;
    };
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Resolved::BadRequest;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::Forbidden;
    }
    let mut segments: Vec<&str> = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Resolved::Forbidden,
            s if s.starts_with('.') => return Resolved::NotFound,
            s if s.contains(':') && cfg!(windows) => return Resolved::Forbidden,
            s => segments.push(s),
        }
    }
    let mount_segs: Vec<&str> = mount.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = decoded.ends_with('/');
    if segments.len() < mount_segs.len() || segments[..mount_segs.len()] != mount_segs[..] {
        return if segments.is_empty() {
            Resolved::Redirect(mount.to_owned())
        } else {
            Resolved::NotFound
        };
    }
    // Files are written relative to the base path.
    let mut path = output.to_path_buf();
    for s in &segments[mount_segs.len()..] {
        path.push(s);
    }
    // Symlinks may point anywhere: the real path must stay inside.
    let (Ok(real), Ok(real_root)) = (path.canonicalize(), output.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&real_root) {
        return Resolved::Forbidden;
    }
    if real.is_dir() {
        if !trailing {
            let mut location = String::from("/");
            for s in &segments {
                location.push_str(&percent_encode(s));
                location.push('/');
            }
            if let Some(q) = query {
                location.push('?');
                location.push_str(q);
            }
            return Resolved::Redirect(location);
        }
        let index = real.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "geojson" => "application/geo+json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "xml" | "xsl" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "yaml" | "yml" => "application/yaml",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "gz" => "application/gzip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_out_of_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        std::fs::create_dir_all(out.join("fr")).unwrap();
        std::fs::write(out.join("fr/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        for bad in [
            "/../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/..%2fsecret",
            "/fr/..%5c..%5csecret",
            "/fr\\..\\..\\secret",
        ] {
            assert_eq!(resolve(&out, "/", bad), Resolved::Forbidden, "{bad}");
        }
        assert_eq!(resolve(&out, "/", "/fr"), Resolved::Redirect("/fr/".into()));
        assert_eq!(
            resolve(&out, "/", "/fr/?q=1"),
            Resolved::File(out.canonicalize().unwrap().join("fr/index.html"))
        );
        assert_eq!(
            resolve(&out, "/sub/", "/"),
            Resolved::Redirect("/sub/".into())
        );
        assert_eq!(resolve(&out, "/sub/", "/fr/"), Resolved::NotFound);
        assert_eq!(
            resolve(&out, "/sub/", "/sub/fr"),
            Resolved::Redirect("/sub/fr/".into())
        );
        assert_eq!(resolve(&out, "/", "/%zz"), Resolved::BadRequest);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret"), out.join("link")).unwrap();
            assert_eq!(resolve(&out, "/", "/link"), Resolved::Forbidden);
        }
    }
}
