//! The command line: one file per verb, each a thin layer over the library.

mod build;
mod check;
mod init;
mod new;
mod override_page;
mod schema;
mod search;
mod serve;
mod status;
mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status for content errors (usage errors exit with 2, as clap does).
pub const EXIT_CONTENT_ERROR: u8 = 1;

/// academie: builds the catalogue of the Académie de l'IA as a static site.
#[derive(Parser, Debug)]
#[command(name = "academie", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder.
    Build(build::Args),
    /// Check every page and template without writing anything.
    Check(check::Args),
    /// Build, serve on 127.0.0.1 and rebuild on every change.
    Serve(serve::Args),
    /// Query a built site's search index from the terminal.
    Search(search::Args),
    /// Start a catalogue that builds at once (or, with --extends, a regional edition).
    Init(init::Args),
    /// Start a page (module, use case, ambassador, free page) as a draft.
    New(new::Args),
    /// Write a JSON Schema of each collection's front matter, for editors.
    Schema(schema::Args),
    /// Copy a base-edition page into this edition, recording its version.
    Override(override_page::Args),
    /// List the edition's inherited, overridden, hidden and regional pages.
    Status(status::Args),
    /// The built-in theme: `academie theme export [DIR]` writes it out.
    Theme(theme::Args),
}

/// Options shared by the verbs that read a site.
#[derive(clap::Args, Debug, Clone)]
pub struct SiteArgs {
    /// Site root (the folder with academie.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Publish pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Replace academie.yaml's base_url (e.g. https://example.org/academie/).
    #[arg(long)]
    pub base_url: Option<String>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Search(args) => search::run(args),
        Command::Init(args) => init::run(args),
        Command::New(args) => new::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Override(args) => override_page::run(args),
        Command::Status(args) => status::run(args),
        Command::Theme(args) => theme::run(args),
    }
}

/// Prints the summary of a build.
/// Runs a build or a check and reports it the one way both commands do:
/// warnings and a summary on success; every diagnostic, sorted, then one
/// line with the counts on failure (`check` and `build` differ only in
/// their words).
pub fn run_build(
    opts: &crate::build::BuildOptions,
    done: &str,
    failed: &str,
    aftermath: &str,
) -> ExitCode {
    match crate::build::build(opts) {
        Ok(report) => {
            report.warnings.print(&opts.root);
            print_summary(&report, done);
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let diags = diags.sorted();
            diags.print(&opts.root);
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            eprintln!(
                "{failed}: {}, {}{aftermath}",
                plural(diags.error_count(), "error"),
                plural(diags.warning_count(), "warning"),
            );
            ExitCode::from(EXIT_CONTENT_ERROR)
        }
    }
}

pub fn print_summary(report: &crate::build::BuildReport, verb: &str) {
    use crate::content::Collection;
    let mut lines = Vec::new();
    for lang in &report.languages {
        let counts: Vec<String> = Collection::ALL
            .iter()
            .map(|c| {
                format!(
                    "{} {}",
                    report.pages.get(&(lang.clone(), *c)).copied().unwrap_or(0),
                    c.dir()
                )
            })
            .collect();
        lines.push(format!("  {lang}: {}", counts.join(", ")));
    }
    eprintln!(
        "{verb} in {:.2} s: {} HTML pages rendered",
        report.elapsed.as_secs_f64(),
        report.rendered
    );
    for l in lines {
        eprintln!("{l}");
    }
    eprintln!(
        "  {} warning{}{}",
        report.warnings.warning_count(),
        if report.warnings.warning_count() == 1 {
            ""
        } else {
            "s"
        },
        report
            .output
            .as_ref()
            .map(|o| format!(", written to {}", o.display()))
            .unwrap_or_default()
    );
}
