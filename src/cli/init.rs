//! `academie init`: scaffold a regional edition.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of the new edition (its name also guesses the region, e.g. `bretagne`).
    pub dir: PathBuf,
    /// The base edition to layer on (e.g. a git submodule of the national catalogue).
    #[arg(long)]
    pub extends: PathBuf,
    /// Region key (INSEE code of `regions`, e.g. 53); guessed from the folder name when omitted.
    #[arg(long)]
    pub region: Option<String>,
}

pub fn run(args: Args) -> ExitCode {
    match crate::regional::init(&args.dir, &args.extends, args.region.as_deref()) {
        Ok(region) => {
            println!(
                "created the regional edition {} (region {region}), layered on {}",
                args.dir.display(),
                args.extends.display()
            );
            println!("next: academie serve --root {}   (add pages under content/, override national ones with `academie override <id>`)", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_CONTENT_ERROR)
        }
    }
}
