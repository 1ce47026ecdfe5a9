//! `academie check`

use std::process::ExitCode;

use super::{print_summary, SiteArgs, EXIT_CONTENT_ERROR};
use crate::build::{build, BuildOptions};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
}

pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        root: args.site.root.clone(),
        output: None,
        drafts: args.site.drafts,
        base_url: args.site.base_url,
        check_only: true,
        progress: true,
    };
    match build(&opts) {
        Ok(report) => {
            report.warnings.print(&opts.root);
            print_summary(&report, "checked");
            ExitCode::SUCCESS
        }
        Err(diags) => {
            let diags = diags.sorted();
            diags.print(&opts.root);
            eprintln!(
                "check failed: {} error(s), {} warning(s)",
                diags.error_count(),
                diags.warning_count()
            );
            ExitCode::from(EXIT_CONTENT_ERROR)
        }
    }
}
