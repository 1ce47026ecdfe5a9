//! The live-reload channel: every open tab subscribes to
//! `/__academie/events` (Server-Sent Events) and hears about each build.
//!
//! Events, each with a JSON `data:` line:
//! - `hello` on connect: `{instance, build, ok}`; a tab whose page came from
//!   another build (or another server run) reloads itself.
//! - `reload` after a successful build: `{instance, build, changed, elapsed_ms}`.
//! - `css` after a successful build where only stylesheets changed: same
//!   fields; tabs swap their stylesheets without reloading.
//! - `build-error` after a failed build (and on connect while the last build
//!   failed): `{instance, build, errors: [{severity, file, line, column,
//!   message, help, source}]}`; tabs show it in an overlay.
//!
//! (`error` is avoided as a name: it is the EventSource's own connection
//! error event.)

use std::path::Path;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::diagnostics::Diagnostics;

/// One diagnostic as sent to the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorInfo {
    pub severity: &'static str,
    /// As shown in the terminal: relative to the site root where possible.
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The offending source line, when the file and line are known.
    pub source: Option<String>,
}

impl ErrorInfo {
    /// The errors of a failed build (then its warnings), each with its
    /// source line read from `root`.
    pub fn from_diagnostics(root: &Path, diags: &Diagnostics) -> Vec<ErrorInfo> {
        let mut out: Vec<ErrorInfo> = Vec::new();
        let errors = diags.iter().filter(|d| d.is_error());
        let warnings = diags.iter().filter(|d| !d.is_error());
        for d in errors.chain(warnings) {
            let source = d.position.and_then(|p| {
                let bytes = std::fs::read(root.join(&d.file)).ok()?;
                let text = String::from_utf8_lossy(&bytes);
                let text = text.trim_start_matches('\u{feff}');
                text.lines()
                    .nth(p.line - 1)
                    .map(|l| l.trim_end_matches('\r').to_owned())
            });
            out.push(ErrorInfo {
                severity: if d.is_error() { "error" } else { "warning" },
                file: d.file.display().to_string(),
                line: d.position.map(|p| p.line),
                column: d.position.map(|p| p.column),
                message: d.message.clone(),
                help: d.help.clone(),
                source,
            });
        }
        out
    }
}

/// What a build tells the tabs.
#[derive(Debug, Clone)]
pub enum Event {
    Reload {
        build: u64,
        changed: Vec<String>,
        elapsed_ms: u128,
    },
    Css {
        build: u64,
        changed: Vec<String>,
        elapsed_ms: u128,
    },
    BuildError {
        build: u64,
        errors: Vec<ErrorInfo>,
    },
}

/// A Server-Sent Events frame, ready to write.
pub type Frame = Arc<str>;

fn frame(name: &str, data: &serde_json::Value) -> Frame {
    // serde_json never writes a raw newline: one `data:` line is enough.
    Arc::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// Fans build events out to every subscribed tab and remembers the state a
/// newly opened tab must know (last good build, current errors).
pub struct Hub {
    /// Distinguishes two runs of the server (a tab reloads on reconnect).
    instance: String,
    inner: Mutex<Inner>,
}

struct Inner {
    subscribers: Vec<Sender<Frame>>,
    /// Number of the last successful build (0: none yet).
    good_build: u64,
    /// The `build-error` frame while the last build failed.
    error: Option<Frame>,
    closed: bool,
}

impl Hub {
    pub fn new() -> Hub {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        Hub {
            instance: format!("{:x}-{:x}", std::process::id(), nanos & 0xffff_ffff),
            inner: Mutex::new(Inner {
                subscribers: Vec::new(),
                good_build: 0,
                error: None,
                closed: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Number of the last successful build, 0 before the first one.
    pub fn good_build(&self) -> u64 {
        self.lock().good_build
    }

    /// Open event streams (tabs).
    pub fn subscriber_count(&self) -> usize {
        self.lock().subscribers.len()
    }

    /// A new tab: its receiver starts with `hello` (and the current errors).
    /// Disconnected at once if the hub is closed.
    pub fn subscribe(&self) -> Receiver<Frame> {
        let (tx, rx) = mpsc::channel();
        let mut inner = self.lock();
        if inner.closed {
            return rx;
        }
        let hello = json!({
            "instance": self.instance,
            "build": inner.good_build,
            "ok": inner.error.is_none(),
        });
        let _ = tx.send(frame("hello", &hello));
        if let Some(err) = &inner.error {
            let _ = tx.send(err.clone());
        }
        inner.subscribers.push(tx);
        rx
    }

    /// Records a build's outcome and tells every tab; returns how many
    /// tabs were told.
    pub fn publish(&self, event: Event) -> usize {
        let mut inner = self.lock();
        let f = match &event {
            Event::Reload {
                build,
                changed,
                elapsed_ms,
            }
            | Event::Css {
                build,
                changed,
                elapsed_ms,
            } => {
                inner.good_build = *build;
                inner.error = None;
                let name = if matches!(event, Event::Css { .. }) {
                    "css"
                } else {
                    "reload"
                };
                frame(
                    name,
                    &json!({
                        "instance": self.instance,
                        "build": build,
                        "changed": changed,
                        "elapsed_ms": elapsed_ms,
                    }),
                )
            }
            Event::BuildError { build, errors } => {
                let f = frame(
                    "build-error",
                    &json!({
                        "instance": self.instance,
                        "build": build,
                        "errors": errors,
                    }),
                );
                inner.error = Some(f.clone());
                f
            }
        };
        inner.subscribers.retain(|s| s.send(f.clone()).is_ok());
        inner.subscribers.len()
    }

    /// Marks the first build as good without telling anyone (nobody listens yet).
    pub fn set_initial(&self, build: u64, errors: Option<Vec<ErrorInfo>>) {
        match errors {
            None => {
                let mut inner = self.lock();
                inner.good_build = build;
                inner.error = None;
            }
            Some(errors) => {
                self.publish(Event::BuildError { build, errors });
            }
        }
    }

    /// Ends every event stream (on shutdown).
    pub fn close(&self) {
        let mut inner = self.lock();
        inner.closed = true;
        inner.subscribers.clear();
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_tabs_hear_hello_then_the_current_error() {
        let hub = Hub::new();
        hub.set_initial(1, None);
        let early = hub.subscribe();
        assert!(early.recv().unwrap().starts_with("event: hello\n"));
        hub.publish(Event::BuildError {
            build: 2,
            errors: vec![],
        });
        assert!(early.recv().unwrap().starts_with("event: build-error\n"));
        let late = hub.subscribe();
        let hello = late.recv().unwrap();
        assert!(hello.contains("\"build\":1") && hello.contains("\"ok\":false"));
        assert!(late.recv().unwrap().starts_with("event: build-error\n"));
        hub.publish(Event::Reload {
            build: 3,
            changed: vec!["content/a.md".into()],
            elapsed_ms: 5,
        });
        assert!(late.recv().unwrap().starts_with("event: reload\n"));
        hub.close();
        assert!(late.recv().is_err());
    }
}
