//! `academie build`

use std::path::PathBuf;
use std::process::ExitCode;

use super::{run_build, SiteArgs};
use crate::build::BuildOptions;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: public/ in the site root).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Also write a gzip and a brotli copy beside each text file and the
    /// search module (page.html.gz, page.html.br), for hosts that serve
    /// them but compress nothing themselves (GitLab Pages; nginx with
    /// gzip_static and brotli_static; Caddy with precompressed).
    #[arg(long)]
    pub precompress: bool,
}

pub fn run(args: Args) -> ExitCode {
    let opts = BuildOptions {
        root: args.site.root.clone(),
        output: args.output,
        drafts: args.site.drafts,
        base_url: args.site.base_url,
        check_only: false,
        progress: true,
        precompress: args.precompress,
    };
    run_build(
        &opts,
        "built",
        "build failed",
        "; the previous output was left as it was",
    )
}
