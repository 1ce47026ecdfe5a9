//! `academie new <module|use-case|ambassador|page> <slug>`: starts a page
//! with every required field of the contract, the allowed values in
//! comments and `draft: true`, so that the site still builds while the
//! page is being written.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::content::{is_valid_slug, source_suggest_slug, Collection};
use crate::schema::{fields, labels_of, Kind};
use crate::taxonomy::{Taxonomies, Vocabulary};

/// The kind of page to start.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum PageKind {
    /// A training module (content/modules/).
    Module,
    /// A use-case sheet (content/use-cases/).
    UseCase,
    /// An ambassador of the directory (content/ambassadors/).
    Ambassador,
    /// A free page (content/pages/).
    Page,
}

impl PageKind {
    fn collection(self) -> Collection {
        match self {
            PageKind::Module => Collection::Modules,
            PageKind::UseCase => Collection::UseCases,
            PageKind::Ambassador => Collection::Ambassadors,
            PageKind::Page => Collection::Pages,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to start.
    #[arg(value_enum)]
    pub kind: PageKind,
    /// The page's slug: its file name and id (lowercase ASCII letters, digits and `-`).
    pub slug: String,
    /// Language of the page (default: the site's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Site root (the folder with academie.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    match create(&args) {
        Ok((path, id)) => {
            println!("created {} (draft)", path.display());
            println!("next: fill in the fields, remove `draft: true` to publish; preview with `academie serve --drafts --root {}`; the page's id is `{id}`", args.root.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(super::EXIT_CONTENT_ERROR)
        }
    }
}

fn create(args: &Args) -> Result<(PathBuf, String), String> {
    let c = args.kind.collection();
    if !is_valid_slug(&args.slug) {
        return Err(format!(
            "`{}` is not a valid slug: use lowercase ASCII letters, digits and `-` (no spaces, accents or `/`)\n  help: for example `academie new {} {}`",
            args.slug,
            kind_name(args.kind),
            source_suggest_slug(&args.slug)
        ));
    }
    let config_file = args.root.join(crate::config::CONFIG_FILE);
    if !config_file.is_file() {
        return Err(format!(
            "{} does not exist: nothing was written\n  help: run this in the site's folder or pass it as --root; `academie init DIR` starts a site",
            config_file.display()
        ));
    }
    let (layers, _) = crate::site::edition::resolve(&args.root).map_err(|ds| {
        let mut msg = format!("cannot read the site at {}:", args.root.display());
        for d in ds {
            msg.push_str(&format!("\n  {d}"));
        }
        msg.push_str("\n  help: pass the folder with academie.yaml as --root, or start a site with `academie init DIR`");
        msg
    })?;
    let config = &layers[0].config;
    let lang = args
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    if !config.languages.contains(&lang) {
        return Err(format!(
            "`{lang}` is not a language of this site (academie.yaml: languages: [{}])",
            config.languages.join(", ")
        ));
    }
    let dir = args.root.join("content").join(c.dir());
    let suffixed = dir.join(format!("{}.{lang}.md", args.slug));
    let plain = dir.join(format!("{}.md", args.slug));
    let default = lang == config.default_language;
    // Both names hold the page in the default language.
    let taken: Vec<&PathBuf> = if default {
        vec![&plain, &suffixed]
    } else {
        vec![&suffixed]
    };
    if let Some(existing) = taken.into_iter().find(|p| p.exists()) {
        return Err(format!(
            "{} already exists: nothing was written\n  help: edit that file, or choose another slug",
            existing.display()
        ));
    }
    let target = if default { plain } else { suffixed };
    let tax_files: Vec<(PathBuf, PathBuf)> = layers
        .iter()
        .map(|l| l.root.join(crate::taxonomy::TAXONOMIES_FILE))
        .filter(|p| p.is_file())
        .map(|p| {
            let shown = crate::site::shown_path(&args.root, &p);
            (p, shown)
        })
        .collect();
    let (tax, _) = Taxonomies::load(&tax_files, &config.languages, &config.default_language);
    let region = config.edition.as_ref().map(|e| e.region.as_str());
    let text = skeleton(c, &args.slug, &lang, &tax, &config.languages, region);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // `create_new`: never replace a file that appeared meanwhile.
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    Ok((target, format!("{}/{}", c.dir(), args.slug)))
}

fn kind_name(k: PageKind) -> &'static str {
    match k {
        PageKind::Module => "module",
        PageKind::UseCase => "use-case",
        PageKind::Ambassador => "ambassador",
        PageKind::Page => "page",
    }
}

/// The text of a new page: front matter with every field of the contract
/// (required ones filled with valid placeholders, the edition's region for
/// `region` in a regional edition, optional ones commented out),
/// `draft: true`, and a body to replace.
pub fn skeleton(
    c: Collection,
    slug: &str,
    lang: &str,
    tax: &Taxonomies,
    languages: &[String],
    edition_region: Option<&str>,
) -> String {
    let fr = lang == "fr";
    let todo = if fr { "À compléter" } else { "To be written" };
    let mut out = String::from("---\n");
    out.push_str(if fr {
        "# Nouvelle page : remplissez les champs, puis supprimez `draft: true` pour la publier.\n# Champs obligatoires d'abord ; les champs facultatifs sont en commentaire (retirez le `# `).\n"
    } else {
        "# New page: fill in the fields, then remove `draft: true` to publish it.\n# Required fields first; optional fields are commented out (remove the `# `).\n"
    });
    let title = humanise(slug);
    let today = crate::fields::iso_date(time::OffsetDateTime::now_utc().date());
    for field in fields(c).filter(|f| f.required) {
        let required = if fr { "obligatoire" } else { "required" };
        out.push_str(&format!(
            "# {} ({required}) {}\n",
            field.name,
            field.about_in(lang)
        ));
        allowed(&mut out, field.kind, tax, languages, fr);
        let value = match (field.name, field.kind) {
            ("title", _) => quoted(&title),
            ("name", _) => quoted(if fr { "Prénom Nom" } else { "First Last" }),
            (_, Kind::Text) | (_, Kind::Summary) => quoted(todo),
            (_, Kind::Integer(min, max)) => (30.clamp(min, max)).to_string(),
            (_, Kind::Date) => today.clone(),
            // A regional edition's pages are mostly about its region.
            (_, Kind::Key(Vocabulary::Regions)) if edition_region.is_some() => {
                yaml_key(edition_region.unwrap_or_default())
            }
            (_, Kind::Key(v)) => yaml_key(&first_key(tax, v)),
            (_, Kind::Keys(v)) => format!("[{}]", yaml_key(&first_key(tax, v))),
            (_, Kind::Texts) => format!("[{}]", quoted(todo)),
            _ => String::new(),
        };
        out.push_str(&format!("{}: {value}\n", field.name));
    }
    out.push_str(if fr {
        "# Brouillon : la page n'est pas publiée (sauf `academie serve --drafts`).\n"
    } else {
        "# Draft: the page is not published (except with `academie serve --drafts`).\n"
    });
    out.push_str("draft: true\n");
    let optional: Vec<_> = fields(c)
        .filter(|f| !f.required && f.name != "draft")
        .collect();
    if !optional.is_empty() {
        out.push_str(if fr {
            "# --- champs facultatifs ---\n"
        } else {
            "# --- optional fields ---\n"
        });
    }
    for field in optional {
        out.push_str(&format!(
            "# {}: {}   # {}\n",
            field.name,
            example(field.kind, tax),
            field.about_in(lang)
        ));
        if matches!(field.kind, Kind::Key(_) | Kind::Keys(_)) {
            allowed(&mut out, field.kind, tax, languages, fr);
        }
    }
    out.push_str("---\n\n");
    out.push_str(match (c, fr) {
        (Collection::Modules, true) => "Présentez le module, puis son contenu : sections `##`, exemples, exercice.\n",
        (Collection::Modules, false) => "Introduce the module, then its content: `##` sections, examples, an exercise.\n",
        (Collection::UseCases, true) => "## Le besoin\n\nÀ compléter.\n\n## La solution\n\nÀ compléter.\n\n## Les résultats\n\nÀ compléter.\n",
        (Collection::UseCases, false) => "## The need\n\nTo be written.\n\n## The solution\n\nTo be written.\n\n## The results\n\nTo be written.\n",
        (Collection::Ambassadors, true) => "Présentation de l'ambassadeur ou de l'ambassadrice, à compléter.\n",
        (Collection::Ambassadors, false) => "Presentation of the ambassador, to be written.\n",
        (Collection::Pages, true) => "Texte de la page, à compléter.\n",
        (Collection::Pages, false) => "Text of the page, to be written.\n",
    });
    out
}

/// `# allowed: a (Label), b (Label)…` comment lines for a vocabulary field.
fn allowed(out: &mut String, kind: Kind, tax: &Taxonomies, languages: &[String], fr: bool) {
    let v = match kind {
        Kind::Key(v) | Kind::Keys(v) => v,
        Kind::Solution => {
            out.push_str("#   origin: fr (France), eu (European Union), other\n");
            return;
        }
        _ => return,
    };
    let items: Vec<String> = tax
        .get(v)
        .map(|voc| {
            voc.keys()
                .map(|k| format!("{} ({})", yaml_key(k), labels_of(tax, v, k, languages)))
                .collect()
        })
        .unwrap_or_default();
    let mut line = if fr {
        format!("#   valeurs permises ({v}) :")
    } else {
        format!("#   allowed ({v}):")
    };
    for item in items {
        if line.len() + item.len() > 100 {
            out.push_str(&line);
            out.push('\n');
            line = "#    ".to_owned();
        }
        line.push(' ');
        line.push_str(&item);
        line.push(',');
    }
    out.push_str(line.trim_end_matches(','));
    out.push('\n');
}

fn example(kind: Kind, tax: &Taxonomies) -> String {
    match kind {
        Kind::Text => "\"…\"".into(),
        Kind::Summary => "\"…\"".into(),
        Kind::Integer(..) => "10".into(),
        Kind::Bool => "true".into(),
        Kind::Date => "2025-07-01".into(),
        Kind::Key(v) => yaml_key(&first_key(tax, v)),
        Kind::Keys(v) => format!("[{}]", yaml_key(&first_key(tax, v))),
        Kind::Ids(c) => format!("[{}/autre-page]", c.dir()),
        Kind::Texts => "[mot, autre mot]".into(),
        Kind::Solution => "{ name: \"…\", vendor: \"…\", origin: fr }".into(),
        Kind::Results => "[{ metric: \"…\", value: \"…\" }]".into(),
        Kind::ContactUrl => "https://example.org/contact".into(),
        Kind::StaticPath => "images/photo.jpg".into(),
        Kind::Slug => "autre-slug".into(),
    }
}

fn first_key(tax: &Taxonomies, v: Vocabulary) -> String {
    let voc = tax.get(v);
    // `national` rather than the first region: true of most new pages.
    if v == Vocabulary::Regions && voc.is_some_and(|x| x.contains("national")) {
        return "national".into();
    }
    voc.and_then(|x| x.keys().next())
        .unwrap_or("a-completer")
        .to_owned()
}

/// A key as YAML: quoted when YAML would read it as a number.
fn yaml_key(k: &str) -> String {
    if k.bytes().all(|b| b.is_ascii_digit()) {
        format!("\"{k}\"")
    } else {
        k.to_owned()
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `ecrire-un-prompt` → `Ecrire un prompt`.
fn humanise(slug: &str) -> String {
    let s = slug.replace('-', " ");
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}
