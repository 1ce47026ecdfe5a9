//! `academie build`

use std::path::PathBuf;
use std::process::ExitCode;

use super::{print_summary, SiteArgs, EXIT_CONTENT_ERROR};
use crate::build::{build, BuildOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: public/ in the site root).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        root: args.site.root.clone(),
        output: args.output,
        drafts: args.site.drafts,
        base_url: args.site.base_url,
        check_only: false,
        progress: true,
    };
    match build(&opts) {
        Ok(report) => {
            report.warnings.print(&opts.root);
            print_summary(&report, "built");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let diags = diags.sorted();
            diags.print(&opts.root);
            eprintln!(
                "build failed: {} error{}, {} warning{}; the previous output was left as it was",
                diags.error_count(),
                if diags.error_count() == 1 { "" } else { "s" },
                diags.warning_count(),
                if diags.warning_count() == 1 { "" } else { "s" },
            );
            ExitCode::from(EXIT_CONTENT_ERROR)
        }
    }
}
