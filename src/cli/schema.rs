//! `academie schema`: writes a JSON Schema of each collection's front
//! matter, for editors that complete and check fields while one types.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::content::Collection;
use crate::site::{LoadOptions, Site};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Site root (the folder with academie.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Folder to write the schemas to (default: schemas/ in the site root).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let opts = LoadOptions {
        drafts: true,
        base_url: None,
    };
    // Pages with errors do not matter here: the vocabularies and the ids
    // of the other pages are what the schema needs.
    let site = match Site::load(&args.root, &opts) {
        Ok((site, _)) => site,
        Err(diags) => {
            diags.sorted().print(&args.root);
            eprintln!("error: cannot read the site's configuration: no schema written");
            return ExitCode::from(super::EXIT_CONTENT_ERROR);
        }
    };
    let out = args.output.unwrap_or_else(|| args.root.join("schemas"));
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create {}: {e}", out.display());
        return ExitCode::from(super::EXIT_CONTENT_ERROR);
    }
    let ids = |c: Collection| -> Vec<String> { site.ids(c).map(ToString::to_string).collect() };
    for c in Collection::ALL {
        let schema = crate::schema::json_schema(
            c,
            &site.taxonomies,
            site.languages(),
            site.default_language(),
            &ids,
        );
        let path = out.join(format!("{}.schema.json", c.dir()));
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::from(super::EXIT_CONTENT_ERROR);
        }
        println!(
            "wrote {} (front matter of content/{}/*.md)",
            path.display(),
            c.dir()
        );
    }
    println!("see docs/editors.md, \"Help while typing\", to use them in your editor; run `academie schema` again after changing data/taxonomies.yaml");
    ExitCode::SUCCESS
}
