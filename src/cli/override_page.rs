//! `academie override`: copy a base-edition page into this edition.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Page id, e.g. modules/ecrire-un-prompt.
    pub id: String,
    /// Site root of the regional edition.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Do not copy: record the base edition's current version as reviewed.
    #[arg(long)]
    pub record: bool,
}

pub fn run(args: Args) -> ExitCode {
    match crate::regional::override_page(&args.root, &args.id, args.record) {
        Ok(files) => {
            let verb = if args.record {
                "recorded the base version of"
            } else {
                "copied"
            };
            for f in files {
                println!("{verb} {f}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_CONTENT_ERROR)
        }
    }
}
