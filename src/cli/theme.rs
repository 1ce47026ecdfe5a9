//! `academie theme export [DIR]`: writes the built-in theme out, for those
//! who want to start a theme of their own from it.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Write the built-in theme `academie` into DIR (default: themes/academie).
    ///
    /// A site's themes/academie/ replaces the built-in files one by one:
    /// keep only the files you change.
    Export {
        /// Folder to write (created; must be empty or absent).
        #[arg(default_value = "themes/academie")]
        dir: PathBuf,
    },
}

pub fn run(args: Args) -> ExitCode {
    match args.command {
        Command::Export { dir } => match crate::theme::export(&dir) {
            Ok(files) => {
                println!(
                    "wrote the built-in theme `{}` to {} ({} files)",
                    crate::theme::DEFAULT_THEME,
                    dir.display(),
                    files.len()
                );
                println!("a site's themes/{}/ (or templates/, i18n/, static/) replaces the built-in files one by one: delete the files you do not change", crate::theme::DEFAULT_THEME);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(super::EXIT_CONTENT_ERROR)
            }
        },
    }
}
