//! `academie serve` (a plain static server until watch mode lands).

use std::process::ExitCode;

use super::SiteArgs;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
}

pub fn run(_args: Args) -> ExitCode {
    eprintln!("serve: not yet implemented");
    ExitCode::from(2)
}
