//! The preview's HTTP/1.1 server: static files from the output folder, the
//! live-reload script and the event stream.
//!
//! Promises, so the site behaves as it will on a real host:
//! - only files inside the output folder are served: `..` (plain or
//!   percent-encoded), backslashes, NUL bytes and symlinks leading out are
//!   refused with 403; hidden files (`.name`) are not served;
//! - `index.html` for folders (`/fr` is redirected to `/fr/`), the site's
//!   `404.html` with status 404;
//! - correct `Content-Type`s (`application/wasm` included), `ETag` and
//!   `Last-Modified` with 304 answers, `Range` requests with 206 (several
//!   ranges in one `multipart/byteranges` body, as nginx answers them: the
//!   search engine asks for every range of a query step at once);
//! - `Cache-Control: no-cache` everywhere: the browser revalidates each
//!   time, so a rebuild is never hidden by its cache.
//!
//! One thread per connection, keep-alive, heads parsed by `httparse`: a
//! preview for one person needs nothing more, and no async runtime.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::events::Hub;

mod conditional;
mod resolve;

pub use conditional::parse_range;
use conditional::{etag_matches, http_date, multipart, parse_http_date, unix_secs};
pub use resolve::{content_type, resolve, Resolved};

/// Where the live-reload client is served; never part of a built site.
pub const CLIENT_PATH: &str = "/__academie/livereload.js";
/// The Server-Sent Events stream.
pub const EVENTS_PATH: &str = "/__academie/events";
/// The live-reload client (an external file: the theme's CSP forbids inline scripts).
pub const CLIENT_JS: &str = include_str!("livereload.js");

const MAX_HEAD: usize = 16 * 1024;
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);
const KEEPALIVE_EVERY: Duration = Duration::from_secs(15);

/// What every connection needs.
pub struct Context {
    /// The output folder (swapped in by each successful build).
    pub output: PathBuf,
    /// `/` or the base path of `base_url` (`/academie/`): the site is served there.
    pub mount: String,
    pub hub: Arc<Hub>,
    pub stop: Arc<AtomicBool>,
}

/// A parsed request head.
#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    http10: bool,
    headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            conn.contains("keep-alive")
        } else {
            !conn.contains("close")
        }
    }
}

enum Body {
    Empty,
    Bytes(Vec<u8>),
    File { file: File, start: u64, len: u64 },
}

struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Body,
}

impl Response {
    fn new(status: u16) -> Response {
        Response {
            status,
            headers: vec![("Cache-Control", "no-cache".into())],
            body: Body::Empty,
        }
    }

    fn text(status: u16, text: &str) -> Response {
        let mut r = Response::new(status);
        r.headers
            .push(("Content-Type", "text/plain; charset=utf-8".into()));
        r.body = Body::Bytes(text.as_bytes().to_vec());
        r
    }

    fn redirect(location: String) -> Response {
        let mut r = Response::text(301, &format!("Moved to {location}\n"));
        r.headers.push(("Location", location));
        r
    }

    fn body_len(&self) -> Option<u64> {
        match &self.body {
            Body::Empty => (self.status != 304).then_some(0),
            Body::Bytes(b) => Some(b.len() as u64),
            Body::File { len, .. } => Some(*len),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// Serves one connection until it closes, times out or the server stops.
pub fn handle_connection(mut stream: TcpStream, ctx: &Context) {
    let _ = stream.set_read_timeout(Some(IDLE_TIMEOUT));
    // A tab that stops reading must not hold a thread for ever.
    let _ = stream.set_write_timeout(Some(IDLE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let mut buf: Vec<u8> = Vec::with_capacity(2048);
    loop {
        let req = match read_head(&mut stream, &mut buf) {
            Ok(Some(r)) => r,
            Ok(None) => return,
            Err(status) => {
                let _ = write_response(
                    &mut stream,
                    Response::text(status, reason(status)),
                    false,
                    false,
                );
                return;
            }
        };
        if ctx.stop.load(Ordering::Relaxed) {
            return;
        }
        let head_only = req.method == "HEAD";
        let path_only = req.target.split(['?', '#']).next().unwrap_or("");
        if path_only == EVENTS_PATH && req.method == "GET" {
            event_stream(stream, ctx);
            return;
        }
        let keep = req.keep_alive();
        let response = respond(&req, ctx);
        if write_response(&mut stream, response, head_only, keep).is_err() || !keep {
            return;
        }
    }
}

/// Reads one request head (and skips a small body). `Ok(None)`: the
/// connection ended cleanly; `Err(status)`: answer with that error and close.
fn read_head(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Option<Request>, u16> {
    let mut chunk = [0u8; 4096];
    loop {
        if !buf.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; 64];
            let mut parsed = httparse::Request::new(&mut headers);
            match parsed.parse(buf) {
                Ok(httparse::Status::Complete(n)) => {
                    let req = Request {
                        method: parsed.method.unwrap_or("").to_owned(),
                        target: parsed.path.unwrap_or("").to_owned(),
                        http10: parsed.version == Some(0),
                        headers: parsed
                            .headers
                            .iter()
                            .map(|h| {
                                (
                                    h.name.to_owned(),
                                    String::from_utf8_lossy(h.value).trim().to_owned(),
                                )
                            })
                            .collect(),
                    };
                    buf.drain(..n);
                    if req.header("transfer-encoding").is_some() {
                        return Err(400);
                    }
                    let body: usize = match req.header("content-length").map(str::parse) {
                        None => 0,
                        Some(Ok(n)) if n <= 1 << 20 => n,
                        Some(_) => return Err(400),
                    };
                    while buf.len() < body {
                        match stream.read(&mut chunk) {
                            Ok(0) | Err(_) => return Ok(None),
                            Ok(k) => buf.extend_from_slice(&chunk[..k]),
                        }
                    }
                    buf.drain(..body);
                    return Ok(Some(req));
                }
                Ok(httparse::Status::Partial) => {
                    if buf.len() > MAX_HEAD {
                        return Err(431);
                    }
                }
                Err(httparse::Error::TooManyHeaders) => return Err(431),
                Err(_) => return Err(400),
            }
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(k) => buf.extend_from_slice(&chunk[..k]),
        }
    }
}

fn write_response(
    stream: &mut TcpStream,
    mut response: Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    if let Some(len) = response.body_len() {
        head.push_str(&format!("Content-Length: {len}\r\n"));
    }
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("X-Content-Type-Options: nosniff\r\n");
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    stream.write_all(head.as_bytes())?;
    if !head_only {
        match &mut response.body {
            Body::Empty => {}
            Body::Bytes(b) => stream.write_all(b)?,
            Body::File { file, start, len } => {
                file.seek(SeekFrom::Start(*start))?;
                let copied = io::copy(&mut file.take(*len), stream)?;
                if copied != *len {
                    // The file shrank under us (a rebuild): the length we
                    // announced is wrong, so the connection cannot go on.
                    return Err(io::Error::other("file changed while sent"));
                }
            }
        }
    }
    stream.flush()
}

/// `/__academie/events`: holds the connection open and writes each frame.
fn event_stream(mut stream: TcpStream, ctx: &Context) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: close\r\n\r\n\
                retry: 500\n\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let rx = ctx.hub.subscribe();
    loop {
        let bytes = match rx.recv_timeout(KEEPALIVE_EVERY) {
            Ok(frame) => frame.as_bytes().to_vec(),
            // A comment line keeps proxies and the browser from timing out,
            // and notices tabs that went away.
            Err(RecvTimeoutError::Timeout) => b": keep-alive\n\n".to_vec(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if stream
            .write_all(&bytes)
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

/// The answer to a request other than the event stream.
fn respond(req: &Request, ctx: &Context) -> Response {
    if req.method != "GET" && req.method != "HEAD" {
        let mut r = Response::text(405, "Only GET and HEAD are served\n");
        r.headers.push(("Allow", "GET, HEAD".into()));
        return r;
    }
    let path_only = req.target.split(['?', '#']).next().unwrap_or("");
    if path_only == CLIENT_PATH {
        let mut r = Response::new(200);
        r.headers
            .push(("Content-Type", "text/javascript; charset=utf-8".into()));
        r.body = Body::Bytes(CLIENT_JS.as_bytes().to_vec());
        return r;
    }
    // The output folder disappears for an instant while a build swaps it in
    // (there is none at all if no build has succeeded yet).
    let mut waited = Duration::ZERO;
    while ctx.hub.good_build() > 0 && !ctx.output.is_dir() && waited < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(10));
        waited += Duration::from_millis(10);
    }
    match resolve(&ctx.output, &ctx.mount, &req.target) {
        Resolved::File(path) => {
            serve_file(req, ctx, &path, 200).unwrap_or_else(|_| not_found(req, ctx))
        }
        Resolved::Redirect(location) => Response::redirect(location),
        Resolved::NotFound => not_found(req, ctx),
        Resolved::Forbidden => Response::text(403, "Forbidden: outside the site\n"),
        Resolved::BadRequest => Response::text(400, "Bad request\n"),
    }
}

fn not_found(req: &Request, ctx: &Context) -> Response {
    let page = ctx.output.join("404.html");
    if let Ok(r) = serve_file(req, ctx, &page, 404) {
        return r;
    }
    // No 404 page (the first build failed, or the theme has none): a
    // minimal one that still carries the live-reload client.
    let html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
                <title>Not found</title></head><body><h1>Not found</h1>\
                <p>Nothing here (yet). The page reloads when the site is rebuilt.</p>\
                </body></html>";
    let mut r = Response::new(404);
    r.headers
        .push(("Content-Type", "text/html; charset=utf-8".into()));
    r.body = Body::Bytes(inject(html.as_bytes(), &client_tag(ctx)));
    r
}

/// The script tag added to served HTML (a query carries the page's build
/// number, so a tab that missed a rebuild reloads on connect).
fn client_tag(ctx: &Context) -> String {
    format!(
        "<script src=\"{CLIENT_PATH}?instance={}&amp;build={}\" defer></script>",
        ctx.hub.instance(),
        ctx.hub.good_build()
    )
}

/// Inserts `tag` before `</head>` (or `</body>`, or at the end).
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let lower: Vec<u8> = html.iter().map(u8::to_ascii_lowercase).collect();
    let find = |needle: &[u8]| lower.windows(needle.len()).position(|w| w == needle);
    let at = find(b"</head>")
        .or_else(|| find(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn serve_file(req: &Request, ctx: &Context, path: &Path, status: u16) -> io::Result<Response> {
    let file = File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a file"));
    }
    let ctype = content_type(path);
    let html = ctype.starts_with("text/html");
    let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
    let nanos = modified
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut etag = format!("{:x}-{:x}", meta.len(), nanos);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        etag = format!("{:x}-{etag}", meta.ino());
    }
    // HTML carries the build number in its script tag: part of its identity.
    let (body, len) = if html {
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        (&file).read_to_end(&mut bytes)?;
        etag = format!("{etag}-b{}", ctx.hub.good_build());
        let bytes = inject(&bytes, &client_tag(ctx));
        let len = bytes.len() as u64;
        (Some(bytes), len)
    } else {
        (None, meta.len())
    };
    let etag = format!("\"{etag}\"");
    let last_modified = http_date(modified);

    let mut r = Response::new(status);
    r.headers.push(("Content-Type", ctype.into()));
    r.headers.push(("ETag", etag.clone()));
    r.headers.push(("Last-Modified", last_modified.clone()));
    if status != 200 {
        r.body = match body {
            Some(b) => Body::Bytes(b),
            None => Body::File {
                file,
                start: 0,
                len,
            },
        };
        return Ok(r);
    }
    r.headers.push(("Accept-Ranges", "bytes".into()));

    let not_modified = match req.header("if-none-match") {
        Some(list) => etag_matches(list, &etag),
        None => req
            .header("if-modified-since")
            .and_then(parse_http_date)
            .is_some_and(|since| unix_secs(modified) <= since),
    };
    if not_modified {
        r.status = 304;
        r.headers.retain(|(n, _)| *n != "Content-Type");
        return Ok(r);
    }

    let mut range = None;
    if let Some(h) = req.header("range") {
        let fresh = match req.header("if-range") {
            None => true,
            Some(v) if v.trim_start().starts_with('"') => v.trim() == etag,
            Some(v) => v.trim() == last_modified,
        };
        if fresh {
            match parse_range(h, len) {
                Ok(found) => range = found,
                Err(()) => {
                    let mut r = Response::text(416, "Range not satisfiable\n");
                    r.headers.push(("Content-Range", format!("bytes */{len}")));
                    r.headers.push(("Accept-Ranges", "bytes".into()));
                    return Ok(r);
                }
            }
        }
    }
    let (start, count) = match range.as_deref() {
        Some(&[(a, b)]) => {
            r.status = 206;
            r.headers
                .push(("Content-Range", format!("bytes {a}-{b}/{len}")));
            (a, b - a + 1)
        }
        Some(several) if several.len() > 1 => {
            r.status = 206;
            // Parts are delimited by their lengths too; the clock makes the
            // boundary unlikely to occur in them, as RFC 2046 asks.
            let nanos = SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            let boundary = format!("academie-{nanos:x}");
            let parts = multipart(&file, body.as_deref(), several, ctype, len, &boundary)?;
            r.headers.retain(|(n, _)| *n != "Content-Type");
            r.headers.push((
                "Content-Type",
                format!("multipart/byteranges; boundary={boundary}"),
            ));
            r.body = Body::Bytes(parts);
            return Ok(r);
        }
        _ => (0, len),
    };
    r.body = match body {
        Some(b) => Body::Bytes(b[start as usize..(start + count) as usize].to_vec()),
        None => Body::File {
            file,
            start,
            len: count,
        },
    };
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_head_end() {
        let out = inject(
            b"<html><HEAD><title>x</title></HEAD><body></body></html>",
            "<s>",
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><HEAD><title>x</title><s></HEAD><body></body></html>"
        );
    }
}
