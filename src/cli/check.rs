//! `academie check`

use std::process::ExitCode;

use super::{run_build, SiteArgs};
use crate::build::BuildOptions;

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
        precompress: false,
    };
    run_build(&opts, "checked", "check failed", "")
}
