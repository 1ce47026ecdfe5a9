//! `academie serve`: build, serve, watch, rebuild, reload the browser.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use super::SiteArgs;
use crate::serve::{ServeOptions, Server};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Only this computer can see the preview unless
    /// you choose another one (e.g. 0.0.0.0 for every network).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser once built.
    #[arg(long)]
    pub open: bool,
    /// Build into this folder instead of a private temporary one (it is
    /// replaced at each build; do not point it at your sources).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let mut opts = ServeOptions::new(args.site.root.clone());
    opts.drafts = args.site.drafts;
    opts.base_url = args.site.base_url;
    opts.bind = args.bind;
    opts.port = args.port;
    opts.output = args.output;

    let server = match Server::start(opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot serve on {}:{}: {e}", args.bind, args.port);
            if e.kind() == std::io::ErrorKind::AddrInUse {
                eprintln!(
                    "help: another program uses this port; try --port {}",
                    args.port.wrapping_add(1)
                );
            }
            return ExitCode::from(2);
        }
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other computers on the network can see this preview",
            args.bind
        );
    }
    if args.open {
        open_browser(server.url());
    }

    // First Ctrl-C: stop cleanly (wait for a build in progress, remove the
    // private output). A second one: stop at once.
    let (tx, rx) = mpsc::channel();
    let mut presses = 0;
    let handler = ctrlc::set_handler(move || {
        presses += 1;
        if presses > 1 {
            std::process::exit(130);
        }
        let _ = tx.send(());
    });
    if let Err(e) = handler {
        eprintln!("warning: cannot catch Ctrl-C ({e}); the preview stops without cleaning up");
    }
    let _ = rx.recv();
    eprintln!("stopping…");
    server.shutdown();
    ExitCode::SUCCESS
}

/// Asks the desktop to open `url` (best effort: the URL is printed anyway).
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = cmd
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("could not open a browser: open {url} yourself");
    }
}
