//! `academie search`: queries a built site's index from the terminal, with
//! the same engine the browser runs.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use search_index::writer::open_dir;
use search_index::Query;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to search for (an empty string lists everything).
    pub query: String,
    /// Language of the index (default: `fr` if the site has it, else the first).
    #[arg(long)]
    pub lang: Option<String>,
    /// The built site (output folder).
    #[arg(long, default_value = "public")]
    pub site: PathBuf,
    /// Facet filter `facet=key` (repeatable; OR within a facet, AND across).
    #[arg(long = "facet", value_name = "FACET=KEY")]
    pub facets: Vec<String>,
    /// Print one JSON array of results.
    #[arg(long)]
    pub json: bool,
    /// Maximum number of results.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

pub fn run(args: Args) -> ExitCode {
    match output(&args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What `academie search` prints (an error message names the index path).
pub fn output(args: &Args) -> Result<String, String> {
    use std::fmt::Write;
    let mut out = String::new();
    let root = args.site.join(crate::search::DIR);
    let lang = match &args.lang {
        Some(l) => l.clone(),
        None => {
            let mut langs: Vec<String> = std::fs::read_dir(&root)
                .map_err(|e| format!("{}: {e} (build the site first)", root.display()))?
                .filter_map(|e| e.ok())
                .filter(|e| e.path().join("manifest.json").is_file())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect();
            langs.sort();
            if langs.iter().any(|l| l == "fr") {
                "fr".to_string()
            } else {
                langs
                    .into_iter()
                    .next()
                    .ok_or_else(|| format!("{}: no search index", root.display()))?
            }
        }
    };
    let dir = root.join(&lang);
    let mut facets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &args.facets {
        let (k, v) = f
            .split_once('=')
            .ok_or_else(|| format!("--facet {f:?}: expected FACET=KEY"))?;
        facets
            .entry(k.to_string())
            .or_default()
            .insert(v.to_string());
    }
    let (engine, _) = open_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let r = engine
        .search(&Query {
            text: args.query.clone(),
            facets,
            limit: args.limit.max(1),
            ..Query::default()
        })
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    if args.json {
        let hits: Vec<serde_json::Value> = r
            .hits
            .iter()
            .map(|h| {
                serde_json::json!({
                    "id": h.id, "type": h.kind, "title": h.title, "url": h.url,
                    "score": h.score, "summary": h.summary, "snippet_html": h.snippet_html,
                    "fictional": h.fictional,
                })
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::Value::Array(hits));
        // The JSON stays an array of hits; the suggestions go to stderr.
        if let Some(line) = did_you_mean(&r.suggestions) {
            eprintln!("{line}");
        }
    } else {
        let _ = writeln!(out, "{} result(s)", r.total);
        if let Some(line) = did_you_mean(&r.suggestions) {
            let _ = writeln!(out, "{line}");
        }
        for (i, h) in r.hits.iter().enumerate() {
            let _ = writeln!(
                out,
                "{:>3}. [{}] {}  {}  (score {:.2})",
                i + 1,
                h.kind,
                h.title,
                h.url,
                h.score
            );
            let text = if h.snippet_html.is_empty() {
                h.summary.clone()
            } else {
                unescape(
                    &h.snippet_html
                        .replace("<mark>", "[")
                        .replace("</mark>", "]"),
                )
            };
            if !text.is_empty() {
                let _ = writeln!(out, "     {text}");
            }
        }
    }
    Ok(out)
}

/// "No result. Did you mean: …?" when the engine has suggestions.
fn did_you_mean(suggestions: &[String]) -> Option<String> {
    (!suggestions.is_empty())
        .then(|| format!("No result. Did you mean: {}?", suggestions.join(", ")))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
