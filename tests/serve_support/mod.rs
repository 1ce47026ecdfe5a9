//! Helpers for the `academie serve` tests: a temporary copy of the fixture
//! site, a raw HTTP/1.1 client (no normalisation of the path, so traversal
//! attempts reach the server as written) and an event-stream reader.
//!
//! Declared with `#[path]` by the `serve` and `catalogue` test binaries
//! (`tests/serve/main.rs`, `tests/catalogue/main.rs`); a folder without
//! `main.rs`, so Cargo does not build it as a test binary of its own.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use academie::serve::{ServeOptions, Server};

/// Generous: the tests must hold on a loaded two-core machine.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// A temporary site: the fixture plus the repository's theme and data.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn create() -> TestSite {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::Builder::new()
            .prefix("academie-serve-test-")
            .tempdir()
            .unwrap();
        copy_dir(&repo.join("tests/fixtures/serve-site"), dir.path());
        copy_dir(
            &repo.join("themes/academie"),
            &dir.path().join("themes/academie"),
        );
        copy_dir(&repo.join("data"), &dir.path().join("data"));
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Saves like most editors do: a temporary file renamed over the target.
    pub fn save(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn start(&self) -> Server {
        let mut opts = ServeOptions::new(self.root());
        opts.port = 0;
        opts.quiet = true;
        Server::start(opts).expect("the server starts")
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A response, as received.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends `GET target` exactly as written, with extra headers.
pub fn get(addr: SocketAddr, target: &str, headers: &[(&str, &str)]) -> Resp {
    request(addr, "GET", target, headers)
}

pub fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Resp {
    let mut s = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    s.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    if method != "HEAD" && status != 304 {
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map(|(_, v)| v.parse().unwrap())
            .expect("a Content-Length");
        assert_eq!(body.len(), len, "body length matches Content-Length");
    }
    Resp {
        status,
        headers,
        body,
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct Sse {
    pub name: String,
    pub data: serde_json::Value,
}

/// A tab listening to `/__academie/events`.
pub struct EventStream {
    rx: Receiver<Sse>,
    pub seen: Vec<Sse>,
    /// How long to wait for an event ([`TIMEOUT`] unless changed).
    pub timeout: Duration,
}

impl EventStream {
    pub fn connect(addr: SocketAddr) -> EventStream {
        let mut s = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
        write!(
            s,
            "GET /__academie/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(s);
            let mut line = String::new();
            // The response head.
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" {
                    break;
                }
            }
            let (mut name, mut data) = (String::new(), String::new());
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let l = line.trim_end_matches('\n');
                if l.is_empty() {
                    if !data.is_empty() {
                        let ev = Sse {
                            name: std::mem::take(&mut name),
                            data: serde_json::from_str(&data).unwrap(),
                        };
                        if tx.send(ev).is_err() {
                            return;
                        }
                    }
                    name.clear();
                    data.clear();
                } else if let Some(n) = l.strip_prefix("event: ") {
                    name = n.to_owned();
                } else if let Some(d) = l.strip_prefix("data: ") {
                    data.push_str(d);
                }
            }
        });
        EventStream {
            rx,
            seen: Vec::new(),
            timeout: TIMEOUT,
        }
    }

    /// The next event, waiting at most `self.timeout`.
    pub fn next_event(&mut self) -> Sse {
        let timeout = self.timeout;
        let ev = self
            .rx
            .recv_timeout(timeout)
            .unwrap_or_else(|_| panic!("no event within {timeout:?}; seen: {:#?}", self.seen));
        self.seen.push(ev.clone());
        ev
    }

    /// The next event other than `hello`.
    pub fn next_build(&mut self) -> Sse {
        loop {
            let ev = self.next_event();
            if ev.name != "hello" {
                return ev;
            }
        }
    }
}

/// Polls `f` until it returns `Some`, for at most [`TIMEOUT`].
pub fn wait_for<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < TIMEOUT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The `changed` list of a build event, as strings.
pub fn changed(ev: &Sse) -> Vec<String> {
    ev.data["changed"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}
