//! The front matter of each collection, described once as data.
//!
//! `academie schema` turns it into a JSON Schema per collection (so that
//! an editor completes and flags fields while one types), and `academie
//! new` into a page skeleton with every required field and the allowed
//! values in comments. The build itself validates with
//! `src/content/contract.rs`; the tests check that both agree (pages made
//! by `new` pass `check`, the schema accepts every page of the catalogue
//! and refuses a wrong value).

use serde_json::{json, Map, Value};

use crate::content::{Collection, SUMMARY_MAX};
use crate::taxonomy::{Taxonomies, Vocabulary};

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Text,
    /// Text of at most [`SUMMARY_MAX`] characters.
    Summary,
    /// A whole number in a range.
    Integer(i64, i64),
    Bool,
    /// `YYYY-MM-DD`.
    Date,
    /// One key of a vocabulary.
    Key(Vocabulary),
    /// A list of keys of a vocabulary.
    Keys(Vocabulary),
    /// A list of page ids of a collection.
    Ids(Collection),
    /// A list of texts.
    Texts,
    /// `{ name, vendor, origin }`.
    Solution,
    /// A list of `{ metric, value }`.
    Results,
    /// An `https://` URL or a `mailto:` address.
    ContactUrl,
    /// A path under `static/`.
    StaticPath,
    /// A URL slug.
    Slug,
}

/// One field of a collection's front matter.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What the field is for, shown on hover.
    pub about: &'static str,
    /// The same in French, for the sites whose editors write French.
    pub about_fr: Option<&'static str>,
}

const fn f(
    name: &'static str,
    kind: Kind,
    required: bool,
    about: &'static str,
    about_fr: Option<&'static str>,
) -> Field {
    Field {
        name,
        kind,
        required,
        about,
        about_fr,
    }
}

/// Fields that several collections share, word for word.
const UPDATED: Field = f(
    "updated",
    Kind::Date,
    true,
    "Date of the last review, `YYYY-MM-DD`.",
    Some("Date de la dernière relecture, `AAAA-MM-JJ`."),
);

const TAGS: Field = f(
    "tags",
    Kind::Texts,
    false,
    "Free words for search.",
    Some("Mots libres pour la recherche."),
);

const REGION: Field = f(
    "region",
    Kind::Key(Vocabulary::Regions),
    true,
    "Region: a key of `regions` (INSEE code in quotes, or `national`).",
    Some("Région : une clé de `regions` (code INSEE entre guillemets, ou `national`)."),
);

/// The fields every collection accepts.
const COMMON: &[Field] = &[
    f("slug", Kind::Slug, false, "URL slug of this translation (default: the file name). Lowercase ASCII letters, digits and `-`.", Some("Slug de l'adresse de cette traduction (par défaut : le nom du fichier). Minuscules sans accent, chiffres et `-`.")),
    f("draft", Kind::Bool, false, "`true`: not published (unless the build is asked for drafts).", Some("`true` : brouillon, non publié (sauf `academie serve --drafts`).")),
    f("weight", Kind::Integer(-1_000_000, 1_000_000), false, "Order in listings: lower first.", Some("Ordre dans les listes : le plus petit d'abord.")),
    f("search", Kind::Bool, false, "`false`: the page is left out of the search index.", Some("`false` : la page n'apparaît pas dans la recherche.")),
];

const MODULE: &[Field] = &[
    f(
        "title",
        Kind::Text,
        true,
        "Title of the module.",
        Some("Titre du module."),
    ),
    f(
        "summary",
        Kind::Summary,
        true,
        "What the module brings, in one or two sentences (at most 300 characters).",
        Some("La page en une ou deux phrases (300 caractères au plus)."),
    ),
    f(
        "audiences",
        Kind::Keys(Vocabulary::Audiences),
        true,
        "Who the module is for: at least one key of `audiences`.",
        Some("Publics visés : au moins une clé de `audiences`."),
    ),
    f(
        "level",
        Kind::Key(Vocabulary::Levels),
        true,
        "Level: a key of `levels`.",
        Some("Niveau : une clé de `levels`."),
    ),
    f(
        "duration_minutes",
        Kind::Integer(1, 100_000),
        true,
        "Honest duration of the module, in minutes.",
        Some("Durée honnête du module, en minutes."),
    ),
    f(
        "format",
        Kind::Key(Vocabulary::Formats),
        true,
        "Format: a key of `formats`.",
        Some("Format : une clé de `formats`."),
    ),
    f(
        "objectives",
        Kind::Texts,
        true,
        "What the learner will be able to do: at least one.",
        Some("Ce que l'apprenant saura faire : au moins un objectif."),
    ),
    UPDATED,
    f(
        "company_sizes",
        Kind::Keys(Vocabulary::CompanySizes),
        false,
        "Company sizes concerned: keys of `company_sizes`.",
        Some("Tailles d'entreprise concernées : clés de `company_sizes`."),
    ),
    f(
        "sectors",
        Kind::Keys(Vocabulary::Sectors),
        false,
        "Sectors concerned: keys of `sectors`.",
        Some("Secteurs concernés : clés de `sectors`."),
    ),
    f(
        "prerequisites",
        Kind::Ids(Collection::Modules),
        false,
        "Modules to follow first: ids `modules/<slug>`.",
        Some("Modules à suivre avant : identifiants `modules/<slug>`."),
    ),
    f(
        "provider",
        Kind::Text,
        false,
        "Who provides the module.",
        Some("Qui propose le module."),
    ),
    TAGS,
];

const USE_CASE: &[Field] = &[
    f(
        "title",
        Kind::Text,
        true,
        "Title of the use-case sheet.",
        Some("Titre de la fiche cas d'usage."),
    ),
    f(
        "summary",
        Kind::Summary,
        true,
        "The case in one or two sentences (at most 300 characters).",
        Some("La page en une ou deux phrases (300 caractères au plus)."),
    ),
    f(
        "sector",
        Kind::Key(Vocabulary::Sectors),
        true,
        "Sector: a key of `sectors`.",
        Some("Secteur : une clé de `sectors`."),
    ),
    f(
        "company_size",
        Kind::Key(Vocabulary::CompanySizes),
        true,
        "Size of the organisation: a key of `company_sizes`.",
        Some("Taille de l'organisation : une clé de `company_sizes`."),
    ),
    REGION,
    f(
        "organisation",
        Kind::Text,
        true,
        "Who uses the AI.",
        Some("Qui utilise l'IA."),
    ),
    f(
        "ai_techniques",
        Kind::Keys(Vocabulary::AiTechniques),
        true,
        "AI techniques used: at least one key of `ai_techniques`.",
        Some("Techniques d'IA utilisées : au moins une clé de `ai_techniques`."),
    ),
    UPDATED,
    f(
        "solution",
        Kind::Solution,
        false,
        "The solution used: `{ name, vendor, origin }`, origin `fr`, `eu` or `other`.",
        Some("La solution utilisée : `{ name, vendor, origin }`, origine `fr`, `eu` ou `other`."),
    ),
    f(
        "results",
        Kind::Results,
        false,
        "Measured results: a list of `{ metric, value }`.",
        Some("Résultats mesurés : une liste de `{ metric, value }`."),
    ),
    f(
        "funding",
        Kind::Keys(Vocabulary::Funding),
        false,
        "Funding schemes used: keys of `funding`.",
        Some("Financements utilisés : clés de `funding`."),
    ),
    f(
        "related_modules",
        Kind::Ids(Collection::Modules),
        false,
        "Related modules: ids `modules/<slug>`.",
        Some("Modules liés : identifiants `modules/<slug>`."),
    ),
    f(
        "ambassadors",
        Kind::Ids(Collection::Ambassadors),
        false,
        "Ambassadors who present the case: ids `ambassadors/<slug>`.",
        Some("Ambassadeurs qui présentent le cas : identifiants `ambassadors/<slug>`."),
    ),
    TAGS,
    f(
        "fictional",
        Kind::Bool,
        false,
        "`true`: an invented example case, labelled as such wherever it appears.",
        Some("`true` : exemple inventé, signalé comme fictif partout où il apparaît."),
    ),
];

const AMBASSADOR: &[Field] = &[
    f(
        "name",
        Kind::Text,
        true,
        "Name of the ambassador (the same in every language).",
        Some("Nom (le même dans toutes les langues)."),
    ),
    f(
        "role",
        Kind::Text,
        true,
        "Role or function.",
        Some("Rôle ou fonction."),
    ),
    f(
        "kind",
        Kind::Key(Vocabulary::AmbassadorKinds),
        true,
        "Kind of ambassador: a key of `ambassador_kinds`.",
        Some("Type d'ambassadeur : une clé de `ambassador_kinds`."),
    ),
    REGION,
    f(
        "organisation",
        Kind::Text,
        true,
        "Organisation of the ambassador.",
        Some("Organisation de l'ambassadeur ou de l'ambassadrice."),
    ),
    UPDATED,
    f(
        "summary",
        Kind::Summary,
        false,
        "The ambassador in one or two sentences (at most 300 characters).",
        Some("La page en une ou deux phrases (300 caractères au plus)."),
    ),
    f(
        "sectors",
        Kind::Keys(Vocabulary::Sectors),
        false,
        "Sectors: keys of `sectors`.",
        Some("Secteurs concernés : clés de `sectors`."),
    ),
    f(
        "photo",
        Kind::StaticPath,
        false,
        "Path of an image under static/, e.g. `images/jeanne-martin.jpg`.",
        Some("Chemin d'une image sous static/, par exemple `images/jeanne-martin.jpg`."),
    ),
    f(
        "contact_url",
        Kind::ContactUrl,
        false,
        "An `https://` URL or a `mailto:` address.",
        Some("Une adresse `https://` ou `mailto:`."),
    ),
    f(
        "fictional",
        Kind::Bool,
        false,
        "`true`: an invented profile, labelled as such wherever it appears.",
        Some("`true` : exemple inventé, signalé comme fictif partout où il apparaît."),
    ),
];

const PAGE: &[Field] = &[
    f(
        "title",
        Kind::Text,
        true,
        "Title of the page.",
        Some("Titre de la page."),
    ),
    f(
        "summary",
        Kind::Summary,
        false,
        "The page in one or two sentences (at most 300 characters).",
        Some("La page en une ou deux phrases (300 caractères au plus)."),
    ),
];

impl Field {
    /// What the field is for, in French where the site's editors write
    /// French (`lang` = `fr`), else in English.
    pub fn about_in(&self, lang: &str) -> &'static str {
        match (lang, self.about_fr) {
            ("fr", Some(fr)) => fr,
            _ => self.about,
        }
    }
}

/// The fields of `c`'s front matter: its own, then the common ones.
pub fn fields(c: Collection) -> impl Iterator<Item = &'static Field> {
    let own = match c {
        Collection::Modules => MODULE,
        Collection::UseCases => USE_CASE,
        Collection::Ambassadors => AMBASSADOR,
        Collection::Pages => PAGE,
    };
    own.iter().chain(COMMON)
}

/// The JSON Schema (draft-07: what yaml-language-server and ajv-based
/// linters read without options; standard keywords only, as strict
/// validators refuse others) of `c`'s front matter for a site with
/// these vocabularies, languages and page ids; descriptions in `lang`
/// (the site's default language) where they exist in it.
pub fn json_schema(
    c: Collection,
    tax: &Taxonomies,
    languages: &[String],
    lang: &str,
    ids: &dyn Fn(Collection) -> Vec<String>,
) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields(c) {
        let mut p = property(field.kind, tax, languages, ids);
        if let Value::Object(o) = &mut p {
            let about = match o.remove("description") {
                Some(Value::String(extra)) => format!("{}\n\n{extra}", field.about_in(lang)),
                _ => field.about_in(lang).to_owned(),
            };
            o.insert("description".into(), Value::String(about));
        }
        properties.insert(field.name.to_owned(), p);
        if field.required {
            required.push(field.name);
        }
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": format!("Front matter of content/{}/*.md", c.dir()),
        "description": "Written by `academie schema` from this site's data/taxonomies.yaml; run it again after changing the vocabularies. Unknown fields are flagged as the build warns about them.",
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    })
}

fn property(
    kind: Kind,
    tax: &Taxonomies,
    languages: &[String],
    ids: &dyn Fn(Collection) -> Vec<String>,
) -> Value {
    match kind {
        Kind::Text => json!({"type": "string", "minLength": 1}),
        Kind::Summary => json!({"type": "string", "minLength": 1, "maxLength": SUMMARY_MAX}),
        Kind::Integer(min, max) => json!({"type": "integer", "minimum": min, "maximum": max}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Date => json!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        }),
        Kind::Key(v) => key_schema(v, tax, languages),
        Kind::Keys(v) => json!({
            "type": "array",
            "items": key_schema(v, tax, languages),
            "uniqueItems": true,
        }),
        Kind::Ids(c) => {
            let known = ids(c);
            let mut s = json!({
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": format!("^{}/[a-z0-9]+(-[a-z0-9]+)*$", c.dir()),
                    "examples": known,
                },
            });
            if !known.is_empty() {
                s["description"] =
                    Value::String(format!("Pages of this site: {}", known.join(", ")));
            }
            s
        }
        Kind::Texts => json!({"type": "array", "items": {"type": ["string", "number"]}}),
        Kind::Solution => json!({
            "type": "object",
            "required": ["name", "origin"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "description": "Name of the product or service."},
                "vendor": {"type": "string", "description": "Who makes it."},
                "origin": {
                    "enum": ["fr", "eu", "other"],
                    "description": "Where the vendor comes from: `fr` (France), `eu` (European Union), `other`.",
                },
            },
            "additionalProperties": false,
        }),
        Kind::Results => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["metric", "value"],
                "properties": {
                    "metric": {"type": ["string", "number"], "description": "What was measured, e.g. \"Temps de saisie des commandes\"."},
                    "value": {"type": ["string", "number"], "description": "The result, e.g. \"-2 h par jour\"."},
                },
            },
        }),
        Kind::ContactUrl => json!({
            "type": "string",
            "format": "uri",
            "pattern": "^(https://[^\\s]+|mailto:[^\\s]+@[^\\s]+)$",
        }),
        Kind::StaticPath => json!({
            "type": "string",
            "minLength": 1,
            "not": {"pattern": "(\\.\\.|://)"},
        }),
        Kind::Slug => {
            json!({"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 200})
        }
    }
}

/// One key of vocabulary `v`: the keys as an enum, their labels as
/// descriptions (YAML reads an unquoted `53` as a number, which the build
/// accepts: so does the schema).
fn key_schema(v: Vocabulary, tax: &Taxonomies, languages: &[String]) -> Value {
    let mut keys: Vec<Value> = Vec::new();
    let mut lines = Vec::new();
    for (key, _) in tax.get(v).map(|v| v.terms.as_slice()).unwrap_or_default() {
        let label = labels_of(tax, v, key, languages);
        lines.push(format!("- `{key}`: {label}"));
        keys.push(Value::String(key.clone()));
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = key.parse::<u64>() {
                keys.push(json!(n));
            }
        }
    }
    json!({
        "enum": keys,
        "description": format!("Allowed values (`{v}` in data/taxonomies.yaml):\n{}", lines.join("\n")),
    })
}

/// `Label fr / Label en` of a key.
pub fn labels_of(tax: &Taxonomies, v: Vocabulary, key: &str, languages: &[String]) -> String {
    let mut seen: Vec<String> = Vec::new();
    for l in languages {
        let label = tax.label(v, key, l);
        if !seen.contains(&label) {
            seen.push(label);
        }
    }
    seen.join(" / ")
}
