//! The site model: every published page translation, resolved.
//!
//! Built once from the parsed documents of every edition layer; immutable
//! afterwards. It owns the answers later stages ask for: which
//! translations a page has, where each one lives, what refers to what
//! (both ways), which pages carry which vocabulary term.

mod brand;
pub mod drift;
pub mod edition;
pub mod routes;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Collection, Document, Fields, PageId, ReferenceKind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Strings;
use crate::taxonomy::Taxonomies;
pub use edition::{shown_path, Layer};
pub use routes::Routes;

/// What a build asks of the loader.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
    /// Replaces `base_url` of academie.yaml (e.g. for a preview host).
    pub base_url: Option<String>,
}

/// One published page translation.
#[derive(Debug, Clone)]
pub struct Page {
    /// Shared, so that a rebuild after an edit copies the model cheaply.
    pub doc: Arc<Document>,
    /// Site-absolute URL (base path included).
    pub url: String,
    /// Position in `Site::pages`, so per-page caches can be plain vectors.
    pub index: usize,
}

/// Search synonyms per language.
pub type Synonyms = BTreeMap<String, Vec<Vec<String>>>;

/// Ids hidden by `hide:`, with where each was hidden.
type Hidden = BTreeMap<String, (PathBuf, crate::diagnostics::Position)>;

/// The resolved site. Cloning is cheap: documents are shared.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub layers: Vec<Layer>,
    /// The most specific theme folder (the built-in theme's
    /// [`crate::theme::BUILTIN_ROOT`] when the site has none).
    pub theme_dir: PathBuf,
    pub taxonomies: Taxonomies,
    pub strings: Strings,
    pub synonyms: Synonyms,
    pub routes: Routes,
    /// Published translations, sorted by id then language order.
    pub pages: Vec<Page>,
    /// id → language → index in `pages`.
    translations: BTreeMap<PageId, BTreeMap<String, usize>>,
    /// Reverse references: id → ids of pages of the given field that refer to it.
    reverse: HashMap<(PageId, ReferenceKind), Vec<PageId>>,
    /// Folders whose files are copied to the output root, least specific first.
    pub static_dirs: Vec<PathBuf>,
    /// Collection and language → indexes of the pages listed, in order.
    listed: HashMap<(Collection, String), Vec<usize>>,
    /// Ids of pages whose files have errors (not in `pages`).
    pub broken: BTreeSet<PageId>,
    /// Template folders, least specific first (theme, base editions, site).
    pub template_dirs: Vec<(PathBuf, PathBuf)>,
    hidden: Hidden,
}

impl Site {
    /// Loads and resolves the site at `root`. Errors of every stage are
    /// collected. `Err` means nothing could be loaded (no configuration, no
    /// theme); otherwise the model holds every valid page, and the
    /// diagnostics may still hold errors (check `has_errors`): later stages
    /// run anyway so that one build reports every mistake.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<(Site, Diagnostics), Diagnostics> {
        let mut diags = Diagnostics::new();
        let (layers, warnings) = edition::resolve(root).map_err(|d| {
            let mut all = Diagnostics::new();
            all.extend(d);
            all
        })?;
        diags.extend(warnings);
        let mut config = layers[0].config.clone();
        if let Some(url) = &options.base_url {
            config.base_url = url.trim_end_matches('/').to_owned();
        }
        let languages = config.languages.clone();
        let default_language = config.default_language.clone();
        let shown = |p: &Path| shown_path(root, p);

        // The theme, least specific first: the built-in one (for the
        // default theme), then the theme folder of each edition that has
        // one, base editions first; each replaces the files it has.
        let mut theme_dirs: Vec<PathBuf> = Vec::new();
        if config.theme == crate::theme::DEFAULT_THEME {
            theme_dirs.push(crate::theme::builtin_root());
        }
        theme_dirs.extend(
            layers
                .iter()
                .rev()
                .map(|l| l.root.join("themes").join(&config.theme))
                .filter(|d| d.is_dir()),
        );
        let Some(theme_dir) = theme_dirs.last().cloned() else {
            let mut d = Diagnostic::error(
                crate::config::CONFIG_FILE,
                format!("theme `{}` not found", config.theme),
            )
            .with_help(format!(
                "expected a folder themes/{}/ in this site or its base edition; remove the `theme:` line to use the built-in theme `{}`",
                config.theme,
                crate::theme::DEFAULT_THEME
            ));
            if let Ok(text) =
                std::fs::read_to_string(layers[0].root.join(crate::config::CONFIG_FILE))
            {
                if let Some(p) = crate::yaml::Locator::new(&text, 1).value("theme") {
                    d = d.at(p).span(config.theme.chars().count());
                }
            }
            diags.push(d);
            return Err(diags);
        };

        let tax_files: Vec<(PathBuf, PathBuf)> = layers
            .iter()
            .map(|l| l.root.join(crate::taxonomy::TAXONOMIES_FILE))
            .filter(|p| p.is_file())
            .map(|p| (p.clone(), shown(&p)))
            .collect();
        let (taxonomies, d) = Taxonomies::load(&tax_files, &languages, &default_language);
        diags.extend(d);

        let mut i18n_dirs: Vec<(PathBuf, PathBuf)> = theme_dirs
            .iter()
            .map(|t| t.join("i18n"))
            .filter(|d| crate::theme::is_dir(d))
            .map(|d| (d.clone(), shown(&d)))
            .collect();
        for l in layers.iter().rev() {
            let d = l.root.join("i18n");
            if d.is_dir() {
                i18n_dirs.push((d.clone(), shown(&d)));
            }
        }
        let (strings, d) = Strings::load(&i18n_dirs, &languages, &default_language);
        diags.extend(d);

        let synonyms = load_synonyms(&layers, &languages, root, &mut diags);

        // Discover and parse every content file of every layer.
        let mut files = Vec::new();
        for (i, layer) in layers.iter().enumerate() {
            let mut d = Vec::new();
            let found = content::discover(
                &layer.root,
                i,
                &languages,
                &default_language,
                &shown,
                &mut d,
            );
            if i > 0 {
                // A base edition may have languages this edition does not publish.
                d.retain(|x| x.code != Some(crate::diagnostics::Code::UnknownLanguage));
            }
            diags.extend(d);
            files.extend(found);
        }
        let parsed: Vec<(Option<Document>, Vec<Diagnostic>)> = files
            .par_iter()
            .map(|f| {
                let mut d = Vec::new();
                let doc = match content::read_text(&f.abs, &f.path) {
                    Ok(text) => content::parse_document(f, &text, &taxonomies, &mut d),
                    Err(e) => {
                        d.push(e);
                        None
                    }
                };
                (doc, d)
            })
            .collect();
        let mut docs = Vec::new();
        // Ids whose file has errors: references to them are not reported
        // again as "does not exist".
        let mut broken = BTreeSet::new();
        for ((doc, d), file) in parsed.into_iter().zip(&files) {
            diags.extend(d);
            match doc {
                Some(doc) => docs.push(doc),
                None => {
                    broken.insert(PageId {
                        collection: file.collection,
                        slug: file.slug.clone(),
                    });
                }
            }
        }

        // Layering: the most specific layer wins per id and language; hidden
        // ids of base editions are dropped.
        let hidden: Hidden = layers
            .iter()
            .flat_map(|l| {
                l.config.hide.iter().map(move |h| {
                    (
                        h.value.clone(),
                        (shown(&l.root.join(crate::config::CONFIG_FILE)), h.position),
                    )
                })
            })
            .collect();
        let mut chosen: BTreeMap<(PageId, String), Document> = BTreeMap::new();
        for doc in docs {
            if doc.layer > 0 && hidden.contains_key(&doc.id.to_string()) {
                continue;
            }
            if doc.draft && !options.drafts {
                continue;
            }
            let key = (doc.id.clone(), doc.lang.clone());
            match chosen.get(&key) {
                Some(existing) if existing.layer == doc.layer => {
                    diags.push(
                        Diagnostic::error(&doc.path, format!("`{}` in `{}` is also defined by {}", doc.id, doc.lang, existing.path.display()))
                            .at(crate::diagnostics::Position::START)
                            .with_help(format!("a file without a language suffix is in the default language ({default_language}); keep only one of the two files")),
                    );
                }
                Some(existing) if existing.layer < doc.layer => {}
                _ => {
                    chosen.insert(key, doc);
                }
            }
        }
        for (id, (file, pos)) in &hidden {
            let exists_in_base = files
                .iter()
                .any(|f| f.layer > 0 && format!("{}/{}", f.collection.dir(), f.slug) == *id);
            if !exists_in_base {
                diags.push(
                    Diagnostic::warning(
                        file,
                        format!("`hide` names `{id}`, which no base edition has"),
                    )
                    .at(*pos)
                    .with_help("check the id: `<collection>/<slug>`"),
                );
            }
        }

        let routes = Routes::new(&config.base_path(), &languages, &strings);
        let lang_rank = |l: &str| languages.iter().position(|x| x == l).unwrap_or(usize::MAX);
        let mut pages: Vec<Page> = chosen
            .into_values()
            .map(|doc| Page {
                url: routes.page(doc.id.collection, &doc.slug, &doc.lang),
                doc: Arc::new(doc),
                index: 0,
            })
            .collect();
        pages.sort_by(|a, b| {
            (&a.doc.id, lang_rank(&a.doc.lang)).cmp(&(&b.doc.id, lang_rank(&b.doc.lang)))
        });

        for (i, p) in pages.iter_mut().enumerate() {
            p.index = i;
        }
        let mut translations: BTreeMap<PageId, BTreeMap<String, usize>> = BTreeMap::new();
        let mut by_url: HashMap<&str, &Document> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            translations
                .entry(p.doc.id.clone())
                .or_default()
                .insert(p.doc.lang.clone(), i);
            if let Some(other) = by_url.insert(p.url.as_str(), &p.doc) {
                diags.push(same_url(root, &p.url, &p.doc, other));
            }
            if p.doc.id.collection == Collection::Pages
                && routes.reserved(&p.doc.lang).contains(&p.doc.slug.as_str())
            {
                diags.push(
                    Diagnostic::error(
                        &p.doc.path,
                        format!(
                            "the slug `{}` is taken by a section of the site in `{}`",
                            p.doc.slug, p.doc.lang
                        ),
                    )
                    .with_help("give this page another `slug:`"),
                );
            }
        }

        let mut site = Site {
            static_dirs: theme_dirs
                .iter()
                .map(|t| t.join("static"))
                .chain(layers.iter().rev().map(|l| l.root.join("static")))
                .filter(|d| crate::theme::is_dir(d))
                .collect(),
            template_dirs: theme_dirs
                .iter()
                .map(|t| t.join("templates"))
                .chain(layers.iter().rev().map(|l| l.root.join("templates")))
                .filter(|d| crate::theme::is_dir(d))
                .map(|d| (d.clone(), shown(&d)))
                .collect(),
            config,
            layers,
            theme_dir,
            taxonomies,
            strings,
            synonyms,
            routes,
            pages,
            translations,
            reverse: HashMap::new(),
            broken,
            listed: HashMap::new(),
            hidden,
        };
        diags.extend(brand::check(&site));
        site.sort_listings();
        let d = site.resolve_references();
        diags.extend(d);
        if site.layers.len() > 1 {
            diags.extend(drift::drift(&site.layers[0].root));
        }
        Ok((site, diags))
    }

    /// Checks every reference and records the reverse links.
    fn resolve_references(&mut self) -> Vec<Diagnostic> {
        let hidden = std::mem::take(&mut self.hidden);
        let mut diags = Vec::new();
        let mut reverse: HashMap<(PageId, ReferenceKind), Vec<PageId>> = HashMap::new();
        let mut prereq_graph: BTreeMap<PageId, Vec<PageId>> = BTreeMap::new();
        for page in &self.pages {
            let doc = &page.doc;
            for (field, r) in doc.references() {
                let Some(id) = PageId::parse(&r.value) else {
                    continue;
                };
                if self.broken.contains(&id) {
                    continue;
                }
                if self.translations.contains_key(&id) {
                    let list = reverse.entry((id.clone(), field)).or_default();
                    if !list.contains(&doc.id) {
                        list.push(doc.id.clone());
                    }
                    if field == ReferenceKind::Prerequisites {
                        prereq_graph
                            .entry(doc.id.clone())
                            .or_default()
                            .push(id.clone());
                    }
                    if id == doc.id {
                        diags.push(
                            Diagnostic::error(
                                &doc.path,
                                format!("`{field}` refers to the page itself"),
                            )
                            .at(r.position),
                        );
                    }
                    continue;
                }
                let mut d = match hidden.get(&r.value) {
                    Some((file, _)) => Diagnostic::error(
                        &doc.path,
                        format!(
                            "`{field}` refers to `{}`, which is hidden by {}",
                            r.value,
                            file.display()
                        ),
                    )
                    .with_help("remove the reference, or remove the id from `hide`"),
                    None => {
                        let candidates: Vec<String> = self
                            .translations
                            .keys()
                            .filter(|k| k.collection == id.collection)
                            .map(|k| k.to_string())
                            .collect();
                        let help = match crate::diagnostics::did_you_mean(&r.value, candidates.iter().map(String::as_str)) {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("no published page has this id; ids are file names without the language: content/{}/<slug>.md", id.collection.dir()),
                        };
                        Diagnostic::error(
                            &doc.path,
                            format!("`{field}` refers to `{}`, which does not exist", r.value),
                        )
                        .with_help(help)
                    }
                };
                d = d.at(r.position).span(r.value.chars().count());
                diags.push(d);
            }
        }
        // Prerequisites must not loop.
        if let Some(cycle) = find_cycle(&prereq_graph) {
            let first = &cycle[0];
            if let Some(p) = self
                .translations
                .get(first)
                .and_then(|t| t.values().next())
                .map(|&i| &self.pages[i])
            {
                let names: Vec<String> = cycle.iter().map(ToString::to_string).collect();
                diags.push(
                    Diagnostic::error(
                        &p.doc.path,
                        format!(
                            "prerequisites form a cycle: {} → {}",
                            names.join(" → "),
                            first
                        ),
                    )
                    .with_help("a module cannot be, even indirectly, its own prerequisite")
                    .at(cycle_position(p, cycle.get(1).unwrap_or(first))),
                );
            }
        }
        // Stable order: by id.
        for v in reverse.values_mut() {
            v.sort();
        }
        self.reverse = reverse;
        self.hidden = hidden;
        diags
    }

    /// This site with some page translations replaced by new versions of
    /// their files (an editor's save), listings and references resolved
    /// again. `None` when a document is not one of this site's pages or
    /// would move (another URL, now a draft): the caller loads the site
    /// anew. The diagnostics are those of the references.
    pub fn with_documents(&self, docs: Vec<Document>) -> Option<(Site, Vec<Diagnostic>)> {
        let mut site = self.clone();
        let mut front_matter = false;
        for doc in docs {
            let i = *self.translations.get(&doc.id)?.get(&doc.lang)?;
            let old = &self.pages[i];
            if old.doc.path != doc.path
                || old.doc.slug != doc.slug
                || old.doc.draft != doc.draft
                || old.doc.layer != doc.layer
            {
                return None;
            }
            let bodies_only = old.doc.same_front_matter(&doc);
            site.pages[i].doc = Arc::new(doc);
            front_matter |= !bodies_only;
        }
        // Listing order and references come from front matter only.
        if !front_matter {
            return Some((site, Vec::new()));
        }
        site.sort_listings();
        let diags = site.resolve_references();
        Some((site, diags))
    }

    /// The pages whose fields refer to `id`, whatever the field.
    pub fn all_referrers<'s>(&'s self, id: &'s PageId) -> impl Iterator<Item = &'s PageId> {
        ReferenceKind::ALL
            .into_iter()
            .flat_map(move |f| self.referrers(id, f))
    }

    /// The listing order of a collection in a language, as page indexes.
    pub fn listed_indexes(&self, c: Collection, lang: &str) -> &[usize] {
        self.listed
            .get(&(c, lang.to_owned()))
            .map_or(&[], Vec::as_slice)
    }

    /// The translations of `id`: language → page.
    pub fn translations(&self, id: &PageId) -> impl Iterator<Item = (&str, &Page)> {
        self.translations
            .get(id)
            .into_iter()
            .flat_map(|m| m.iter().map(|(l, &i)| (l.as_str(), &self.pages[i])))
    }

    /// The page `id` in `lang`, else in the default language, else in any.
    pub fn page_in(&self, id: &PageId, lang: &str) -> Option<&Page> {
        let t = self.translations.get(id)?;
        t.get(lang)
            .or_else(|| t.get(&self.config.default_language))
            .or_else(|| self.config.languages.iter().find_map(|l| t.get(l)))
            .or_else(|| t.values().next())
            .map(|&i| &self.pages[i])
    }

    pub fn exists(&self, id: &PageId) -> bool {
        self.translations.contains_key(id)
    }

    /// Ids of pages whose references of `kind` name `id`.
    pub fn referrers(&self, id: &PageId, kind: ReferenceKind) -> &[PageId] {
        self.reverse
            .get(&(id.clone(), kind))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every id of a collection.
    pub fn ids(&self, c: Collection) -> impl Iterator<Item = &PageId> {
        self.translations
            .keys()
            .filter(move |id| id.collection == c)
    }

    /// Every id, in order.
    pub fn all_ids(&self) -> impl Iterator<Item = &PageId> {
        self.translations.keys()
    }

    /// The pages to list in `lang` for a collection: the translation in
    /// `lang` of each id that has one. A page without a translation in a
    /// language is not listed in it.
    pub fn listed(&self, c: Collection, lang: &str) -> Vec<&Page> {
        self.listed
            .get(&(c, lang.to_owned()))
            .map(|v| v.iter().map(|&i| &self.pages[i]).collect())
            .unwrap_or_default()
    }

    /// Computes the listing order of every collection in every language
    /// once (weight, then newest first, then title).
    fn sort_listings(&mut self) {
        let mut listed: HashMap<(Collection, String), Vec<usize>> = HashMap::new();
        for t in self.translations.values() {
            for (lang, &i) in t {
                listed
                    .entry((self.pages[i].doc.id.collection, lang.clone()))
                    .or_default()
                    .push(i);
            }
        }
        let keys: Vec<String> = self.pages.iter().map(|p| collate(&p.doc.title)).collect();
        for v in listed.values_mut() {
            v.sort_by(|&a, &b| {
                let (pa, pb) = (&self.pages[a].doc, &self.pages[b].doc);
                pa.weight
                    .unwrap_or(0)
                    .cmp(&pb.weight.unwrap_or(0))
                    .then_with(|| pb.updated().cmp(&pa.updated()))
                    .then_with(|| keys[a].cmp(&keys[b]))
                    .then_with(|| pa.id.cmp(&pb.id))
            });
        }
        self.listed = listed;
    }

    /// The language of the site that `lang` pages fall back to.
    pub fn default_language(&self) -> &str {
        &self.config.default_language
    }

    pub fn languages(&self) -> &[String] {
        &self.config.languages
    }
}

/// Two pages with one URL: the error points at the `slug:` line of
/// `doc` and names the `slug:` line of `other` (or says that a file name
/// gives the slug), so that the editor sees both causes at once.
fn same_url(root: &Path, url: &str, doc: &Document, other: &Document) -> Diagnostic {
    let (here, _) = slug_origin(root, doc);
    let (_, there_said) = slug_origin(root, other);
    let help = match here {
        Some(_) => "give one of the two pages another `slug:`".to_owned(),
        None => format!(
            "give one of the two pages another `slug:` (this file has no `slug:` line: its name gives the slug `{}`)",
            doc.slug
        ),
    };
    let mut d = Diagnostic::error(
        &doc.path,
        format!("this page has the same URL ({url}) as {there_said}"),
    )
    .with_help(help);
    if let Some(p) = here {
        d = d.at(p).span(doc.slug.chars().count());
    }
    d
}

/// Where a page's URL slug is written: the position of the value of its
/// `slug:` line, and how to name it (`file:line:column (slug: x)`, or the
/// file name when there is no `slug:` line).
fn slug_origin(root: &Path, doc: &Document) -> (Option<crate::diagnostics::Position>, String) {
    let position = std::fs::read_to_string(root.join(&doc.path))
        .ok()
        .and_then(|text| {
            let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
            let parts = content::split(&text).ok()?;
            crate::yaml::Locator::new(parts.front_matter, parts.front_matter_line).value("slug")
        });
    let said = match position {
        Some(p) => format!(
            "{}:{}:{} (`slug: {}`)",
            doc.path.display(),
            p.line,
            p.column,
            doc.slug
        ),
        None => format!(
            "{} (no `slug:` line: the file name gives the slug `{}`)",
            doc.path.display(),
            doc.slug
        ),
    };
    (position, said)
}

/// A sort key that orders accented letters with their base letter.
pub fn collate(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where `page` names `next` among its prerequisites.
fn cycle_position(page: &Page, next: &PageId) -> crate::diagnostics::Position {
    match &page.doc.fields {
        Fields::Module(m) => m
            .prerequisites
            .iter()
            .find(|r| r.value == next.to_string())
            .map_or(crate::diagnostics::Position::START, |r| r.position),
        _ => crate::diagnostics::Position::START,
    }
}

fn find_cycle(graph: &BTreeMap<PageId, Vec<PageId>>) -> Option<Vec<PageId>> {
    fn visit(
        n: &PageId,
        g: &BTreeMap<PageId, Vec<PageId>>,
        stack: &mut Vec<PageId>,
        done: &mut BTreeSet<PageId>,
    ) -> Option<Vec<PageId>> {
        if let Some(pos) = stack.iter().position(|x| x == n) {
            return Some(stack[pos..].to_vec());
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.clone());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.clone());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, graph, &mut Vec::new(), &mut done) {
            return Some(c);
        }
    }
    None
}

fn load_synonyms(
    layers: &[Layer],
    languages: &[String],
    root: &Path,
    diags: &mut Diagnostics,
) -> Synonyms {
    let mut out: Synonyms = BTreeMap::new();
    for l in layers.iter().rev() {
        let path = l.root.join("data/synonyms.yaml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let shown = shown_path(root, &path);
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        match crate::yaml::parse::<BTreeMap<String, Vec<Vec<String>>>>(&text, &shown, 1) {
            Ok(map) => {
                for (lang, groups) in map {
                    if !languages.contains(&lang) {
                        continue;
                    }
                    let entry = out.entry(lang).or_default();
                    for g in groups {
                        let g: Vec<String> = g
                            .into_iter()
                            .map(|w| w.trim().to_lowercase())
                            .filter(|w| !w.is_empty())
                            .collect();
                        if g.len() >= 2 && !entry.contains(&g) {
                            entry.push(g);
                        }
                    }
                }
            }
            Err(mut d) => {
                d.help = Some("synonyms are lists of words per language: `fr:` then `  - [ia, intelligence artificielle]`".into());
                diags.push(d);
            }
        }
    }
    out
}
