//! `academie serve`: the editor's preview. Builds the site into a private
//! folder, serves it over HTTP, rebuilds on every change to its sources and
//! tells every open tab to reload (or only to swap its stylesheets).
//!
//! What it promises:
//! - a failed build never stops the server: the last good site stays
//!   served, the errors go to the terminal and, as an overlay, to every tab;
//!   the overlay goes away by itself when a build succeeds again;
//! - only files of the output folder are served (see [`http`]);
//! - the live-reload script is added to HTML *responses*, never written to
//!   the output folder: `academie build` output stays untouched;
//! - the output folder is private (a temporary folder unless given), so a
//!   preview never overwrites a deployable `public/`.
//!
//! Threads: one accepts connections (one thread each), one watches and
//! builds, one build at a time; events arriving during a build are folded
//! into the next one.

pub mod events;
pub mod http;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::build::BuildOptions;
use crate::diagnostics::Diagnostics;
use crate::session::{Deferred, Scope, Session, SourceChange};
use events::{ErrorInfo, Event, Hub};
use watch::{Change, ChangeKind, Msg, Watch};

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// Replaces `base_url`; by default the server's own address. Its path
    /// (e.g. `/academie/`) is where the site is served.
    pub base_url: Option<String>,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Where to build; a private temporary folder when unset.
    pub output: Option<PathBuf>,
    /// Quiet period after the last change before rebuilding.
    pub debounce: Duration,
    /// Print nothing (tests).
    pub quiet: bool,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            root: root.into(),
            drafts: false,
            base_url: None,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            output: None,
            debounce: Duration::from_millis(50),
            quiet: false,
        }
    }
}

/// How long the editor must pause before the search index, feeds and
/// exports are brought up to date after a rebuild.
const FINISH_AFTER: Duration = Duration::from_millis(200);

/// Never wait longer than this for changes to settle (an editor saving
/// many files, a `git checkout`): build what is there.
const MAX_SETTLE: Duration = Duration::from_millis(1000);

/// A running preview server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    url: String,
    output: PathBuf,
    hub: Arc<Hub>,
    stop: Arc<AtomicBool>,
    tx: Sender<Msg>,
    threads: Vec<JoinHandle<()>>,
    first_build_ok: bool,
    _temp: Option<tempfile::TempDir>,
}

impl Server {
    /// Binds, builds once, then serves and watches in the background.
    /// Fails only if the address cannot be bound or the sources cannot be
    /// watched; a failed first build is reported like any other.
    pub fn start(opts: ServeOptions) -> std::io::Result<Server> {
        let log = Log::new(opts.quiet);
        let listener = TcpListener::bind((opts.bind, opts.port))?;
        let addr = listener.local_addr()?;
        let host = match addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let origin = format!("http://{}", SocketAddr::new(host, addr.port()));
        let base_url = opts.base_url.clone().unwrap_or_else(|| origin.clone());
        let mount = crate::config::base_path_of(&base_url);
        let url = format!("{origin}{mount}");

        let (temp, output) = match &opts.output {
            Some(o) => (None, o.clone()),
            None => {
                let t = private_dir()?;
                let o = t.path().join("site");
                (Some(t), o)
            }
        };
        let build_opts = BuildOptions {
            root: opts.root.clone(),
            output: Some(output.clone()),
            drafts: opts.drafts,
            base_url: Some(base_url),
            check_only: false,
            progress: false,
            precompress: false,
        };

        // Watch before the first build, so nothing saved meanwhile is missed.
        let (tx, rx) = mpsc::channel();
        let watch = Watch::new(&opts.root, &output, tx.clone()).map_err(std::io::Error::other)?;

        let hub = Arc::new(Hub::new());
        let mut session = Session::new(build_opts.clone());
        let first = session.rebuild(&[]);
        let first_build_ok = first.is_ok();
        match first {
            Ok(report) => {
                log.warnings(&opts.root, &report.warnings, &mut Vec::new());
                log.line(&format!(
                    "built {} pages in {} ms",
                    report.rendered,
                    report.elapsed.as_millis()
                ));
                hub.set_initial(1, None);
            }
            Err(diags) => {
                let diags = diags.sorted();
                log.diagnostics(&opts.root, &diags);
                log.line(&format!(
                    "the first build failed ({}): fix the files and the site appears",
                    count(diags.error_count(), "error")
                ));
                hub.set_initial(1, Some(ErrorInfo::from_diagnostics(&opts.root, &diags)));
            }
        }
        log.line(&format!("watching {}", watch.describe()));
        if !opts.quiet {
            eprintln!(
                "serving {url} (Ctrl-C to stop; built into {})",
                output.display()
            );
        }

        let stop = Arc::new(AtomicBool::new(false));
        let ctx = Arc::new(http::Context {
            output: output.clone(),
            mount,
            hub: hub.clone(),
            stop: stop.clone(),
        });
        let accept = {
            let stop = stop.clone();
            std::thread::Builder::new()
                .name("academie-accept".into())
                .spawn(move || accept_loop(listener, ctx, stop))?
        };
        // The search index and feeds are written on their own thread, in
        // order, so that the next edit never waits for them.
        let (finish_tx, finish_rx) = mpsc::channel::<Deferred>();
        let opts_root = opts.root.clone();
        let finisher = std::thread::Builder::new()
            .name("academie-finish".into())
            .spawn(move || {
                for work in finish_rx {
                    let start = Instant::now();
                    match work.run() {
                        Ok(n) => log.line(&format!(
                            "    search index, feeds and exports: {} updated in {} ms",
                            count(n, "file"),
                            start.elapsed().as_millis()
                        )),
                        Err(diags) => {
                            log.line("    could not update the search index:");
                            log.diagnostics(&opts_root, &diags);
                        }
                    }
                }
            })?;
        let builder = {
            let worker = Builder {
                finish: finish_tx,
                rx,
                watch,
                opts: build_opts,
                session,
                hub: hub.clone(),
                log,
                debounce: opts.debounce,
                build_no: 1,
                last_ok: first_build_ok,
                warnings_shown: Vec::new(),
            };
            std::thread::Builder::new()
                .name("academie-watch".into())
                .spawn(move || worker.run())?
        };
        Ok(Server {
            addr,
            url,
            output,
            hub,
            stop,
            tx,
            threads: vec![accept, builder, finisher],
            first_build_ok,
            _temp: temp,
        })
    }

    /// The address actually bound (the port is known even when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The home page of the served site.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Where the site is built.
    pub fn output_dir(&self) -> &Path {
        &self.output
    }

    pub fn first_build_ok(&self) -> bool {
        self.first_build_ok
    }

    /// Open event streams, i.e. tabs listening.
    pub fn tabs(&self) -> usize {
        self.hub.subscriber_count()
    }

    /// Stops serving and watching; waits for a build in progress to end,
    /// then removes the private output folder.
    pub fn shutdown(self) {
        drop(self);
    }

    fn stop_threads(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        let _ = self.tx.send(Msg::Stop);
        self.hub.close();
        // Wake the accept loop with a connection of our own.
        let wake = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => {
                SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), self.addr.port())
            }
            IpAddr::V6(ip) if ip.is_unspecified() => {
                SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), self.addr.port())
            }
            _ => self.addr,
        };
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_threads();
    }
}

/// A private folder for the output: in memory where the system offers one
/// (Linux's `/dev/shm`), as `zola serve` renders in memory: writing every
/// page to a disk that other programs keep busy can cost several times the
/// build itself. Elsewhere, the temporary folder.
fn private_dir() -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("academie-serve-");
    #[cfg(target_os = "linux")]
    {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            if let Ok(t) = builder.tempdir_in(shm) {
                return Ok(t);
            }
        }
    }
    builder.tempdir()
}

fn accept_loop(listener: TcpListener, ctx: Arc<http::Context>, stop: Arc<AtomicBool>) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        match conn {
            Ok(stream) => {
                let ctx = ctx.clone();
                let spawned = std::thread::Builder::new()
                    .name("academie-http".into())
                    .spawn(move || http::handle_connection(stream, &ctx));
                if spawned.is_err() {
                    std::thread::sleep(Duration::from_millis(10));
                }
            }
            // Out of file descriptors and the like: do not spin.
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// The watching and building thread.
struct Builder {
    rx: Receiver<Msg>,
    watch: Watch,
    opts: BuildOptions,
    session: Session,
    finish: Sender<Deferred>,
    hub: Arc<Hub>,
    log: Log,
    debounce: Duration,
    build_no: u64,
    last_ok: bool,
    warnings_shown: Vec<String>,
}

impl Builder {
    fn run(mut self) {
        loop {
            // Work left by the last rebuild (search index, feeds) waits
            // until the editor pauses.
            let next = if self.session.has_pending() {
                match self.rx.recv_timeout(FINISH_AFTER) {
                    Err(RecvTimeoutError::Timeout) => {
                        self.finish();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                    Ok(m) => m,
                }
            } else {
                match self.rx.recv() {
                    Ok(m) => m,
                    Err(_) => return,
                }
            };
            match next {
                Msg::Fs(ev) => {
                    self.watch.record(ev);
                }
                Msg::Stop => return,
            }
            if !self.watch.has_pending() {
                continue;
            }
            // Wait until the editor is done: `debounce` without a relevant event.
            let first = Instant::now();
            let mut last = first;
            loop {
                let quiet_end = last + self.debounce;
                let cap = first + MAX_SETTLE;
                let now = Instant::now();
                let until = quiet_end.min(cap);
                if now >= until {
                    break;
                }
                match self.rx.recv_timeout(until - now) {
                    Ok(Msg::Fs(ev)) => {
                        if self.watch.record(ev) {
                            last = Instant::now();
                        }
                    }
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            let changes = self.watch.take_changes();
            if changes.is_empty() {
                continue;
            }
            self.rebuild(&changes, first);
        }
    }

    /// Hands the search index and feeds of the last build to their thread.
    fn finish(&mut self) {
        if let Some(work) = self.session.take_pending() {
            let _ = self.finish.send(work);
        }
    }

    fn rebuild(&mut self, changes: &[Change], first_change: Instant) {
        self.build_no += 1;
        let what = format!("[{}] {}", self.build_no, describe(changes));
        let sources: Vec<SourceChange> = changes
            .iter()
            .map(|c| match c.kind {
                ChangeKind::Changed => SourceChange::Edited(c.path.clone()),
                _ => SourceChange::Other,
            })
            .collect();
        let result = self.session.rebuild(&sources);
        let since_change = first_change.elapsed().as_millis();
        match result {
            Ok(report) => {
                let css_only = self.last_ok && changes.iter().all(Change::is_css);
                let changed: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
                let elapsed_ms = report.elapsed.as_millis();
                let event = if css_only {
                    Event::Css {
                        build: self.build_no,
                        changed,
                        elapsed_ms,
                    }
                } else {
                    Event::Reload {
                        build: self.build_no,
                        changed,
                        elapsed_ms,
                    }
                };
                let tabs = self.hub.publish(event);
                self.log
                    .warnings(&self.opts.root, &report.warnings, &mut self.warnings_shown);
                let scope = match report.scope {
                    Scope::Full => "whole site",
                    Scope::Pages => "edited pages",
                    Scope::Templates => "pages using the template",
                };
                self.log.line(&format!(
                    "{what} → {scope}: rendered {}, wrote {} in {elapsed_ms} ms ({since_change} ms after the change); {} {}",
                    count(report.rendered, "page"),
                    count(report.written, "file"),
                    if css_only { "restyled" } else { "reloaded" },
                    count(tabs, "tab"),
                ));
                self.last_ok = true;
            }
            Err(diags) => {
                let diags = diags.sorted();
                let errors = ErrorInfo::from_diagnostics(&self.opts.root, &diags);
                let tabs = self.hub.publish(Event::BuildError {
                    build: self.build_no,
                    errors,
                });
                self.log.line(&format!(
                    "{what} → build failed ({}, {} ms); still serving the last good build; told {}",
                    count(diags.error_count(), "error"),
                    since_change,
                    count(tabs, "tab"),
                ));
                self.log.diagnostics(&self.opts.root, &diags);
                self.warnings_shown.clear();
                self.last_ok = false;
            }
        }
    }
}

fn describe(changes: &[Change]) -> String {
    const SHOWN: usize = 3;
    let mut parts: Vec<String> = changes.iter().take(SHOWN).map(|c| c.to_string()).collect();
    if changes.len() > SHOWN {
        parts.push(format!("{} more", changes.len() - SHOWN));
    }
    parts.join(", ")
}

fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// The terminal side: one line per rebuild, diagnostics with their source.
#[derive(Clone, Copy)]
struct Log {
    quiet: bool,
}

impl Log {
    fn new(quiet: bool) -> Log {
        Log { quiet }
    }

    fn line(&self, text: &str) {
        if !self.quiet {
            eprintln!("{text}");
        }
    }

    fn diagnostics(&self, root: &Path, diags: &Diagnostics) {
        if !self.quiet {
            diags.print(root);
        }
    }

    /// Prints warnings when they differ from the ones shown last.
    fn warnings(&self, root: &Path, warnings: &Diagnostics, shown: &mut Vec<String>) {
        let now: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
        if now != *shown {
            self.diagnostics(root, warnings);
            *shown = now;
        }
    }
}
