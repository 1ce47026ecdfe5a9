//! The content contract, field by field, for each collection.

use super::frontmatter::{split, SplitError};
use super::{
    is_valid_slug, Ambassador, Collection, Document, Fields, Module, Origin, ReferenceKind,
    ResultLine, Solution, SourceFile, UseCase,
};
use crate::diagnostics::{Diagnostic, Position};
use crate::fields::{FieldReader, Located};
use crate::taxonomy::{Taxonomies, Vocabulary};
use crate::yaml::{self, describe, Locator, Value};

/// The most a summary may hold, in characters.
pub const SUMMARY_MAX: usize = 300;

/// Parses and validates one content file. Returns `None` when it has
/// errors (pushed to `diags`); warnings are pushed either way.
pub fn parse_document(
    file: &SourceFile,
    text: &str,
    tax: &Taxonomies,
    diags: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let parts = match split(text) {
        Ok(p) => p,
        Err(SplitError::NoOpening) => {
            diags.push(
                Diagnostic::error(&file.path, "missing front matter: the first line must be `---`")
                    .at(Position::START)
                    .with_help("start the file with a line `---`, the fields (`title: …`), then a closing line `---`"),
            );
            return None;
        }
        Err(SplitError::NoClosing) => {
            diags.push(
                Diagnostic::error(&file.path, "the front matter is not closed")
                    .at(Position::START)
                    .span(3)
                    .with_help("add a line `---` after the last field, before the body"),
            );
            return None;
        }
    };
    let map = match yaml::parse_mapping(parts.front_matter, &file.path, parts.front_matter_line) {
        Ok(m) => m,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let loc = Locator::new(parts.front_matter, parts.front_matter_line);
    let mut r = FieldReader::new(&map, loc, &file.path, diags);

    let slug = match r.string("slug", false, &file.slug) {
        Some(s) if !is_valid_slug(&s) => {
            let help = format!(
                "use lowercase ASCII letters, digits and `-`, e.g. `slug: {}`",
                super::source::suggest_slug(&s)
            );
            r.error(
                "slug",
                None,
                format!("`{s}` is not a valid slug"),
                Some(help),
            );
            file.slug.clone()
        }
        Some(s) => s,
        None => file.slug.clone(),
    };
    let draft = r.boolean("draft").unwrap_or(false);
    let search = r.boolean("search").unwrap_or(true);
    let weight = r.integer("weight", false, -1_000_000..=1_000_000, "10");

    let (title, summary, fields) = match file.collection {
        Collection::Modules => {
            let title = r.string("title", true, "Écrire un prompt");
            let summary = summary(&mut r, true);
            let m = module(&mut r, tax);
            (title, summary, m.map(Fields::Module))
        }
        Collection::UseCases => {
            let title = r.string("title", true, "Détecter les fuites d'eau");
            let summary = summary(&mut r, true);
            let u = use_case(&mut r, tax);
            (title, summary, u.map(Fields::UseCase))
        }
        Collection::Ambassadors => {
            let a = ambassador(&mut r, tax);
            let summary = summary(&mut r, false);
            let title = a.as_ref().map(|a| a.name.clone());
            (title, summary, a.map(Fields::Ambassador))
        }
        Collection::Pages => {
            let title = r.string("title", true, "Mentions légales");
            let summary = summary(&mut r, false);
            (title, summary, Some(Fields::Page))
        }
    };
    r.finish();

    let errors_after = diags.iter().filter(|d| d.is_error()).count();
    if errors_after > errors_before {
        return None;
    }
    Some(Document {
        id: super::PageId {
            collection: file.collection,
            slug: file.slug.clone(),
        },
        lang: file.lang.clone(),
        slug,
        draft,
        search,
        weight,
        title: title?,
        summary,
        fields: fields?,
        body: parts.body.to_owned(),
        body_line: parts.body_line,
        path: file.path.clone(),
        layer: file.layer,
    })
}

fn summary(r: &mut FieldReader, required: bool) -> Option<String> {
    let s = r.string(
        "summary",
        required,
        "Ce que le module apporte, en une ou deux phrases.",
    )?;
    let n = s.chars().count();
    if n > SUMMARY_MAX {
        r.error(
            "summary",
            None,
            format!("`summary` has {n} characters, at most {SUMMARY_MAX} are allowed"),
            Some("shorten it; the full text belongs in the body".into()),
        );
    }
    Some(s)
}

/// One vocabulary key.
fn key(
    r: &mut FieldReader,
    tax: &Taxonomies,
    field: &'static str,
    vocabulary: Vocabulary,
    required: bool,
    example: &str,
) -> Option<String> {
    let raw = match r.get(field) {
        None if required => {
            r.string(field, true, example);
            return None;
        }
        None => return None,
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => normalise_numeric_key(tax, vocabulary, &n.to_string()),
        Some(v) => {
            let d = describe(v);
            r.shape_error(
                field,
                None,
                format!("`{field}` must be one key of `{vocabulary}`, found {d}"),
                example,
            );
            return None;
        }
    };
    check_key(r, tax, field, vocabulary, &raw).then_some(raw)
}

/// YAML reads `01` as the number 1: give region codes back their zero.
fn normalise_numeric_key(tax: &Taxonomies, vocabulary: Vocabulary, n: &str) -> String {
    let padded = format!("{n:0>2}");
    match tax.get(vocabulary) {
        Some(v) if !v.contains(n) && v.contains(&padded) => padded,
        _ => n.to_owned(),
    }
}

fn check_key(
    r: &mut FieldReader,
    tax: &Taxonomies,
    field: &str,
    vocabulary: Vocabulary,
    k: &str,
) -> bool {
    match tax.check(vocabulary, k) {
        Ok(()) => true,
        Err(e) => {
            r.error(
                field,
                Some(k),
                format!("`{field}`: {}", e.message),
                Some(e.help),
            );
            false
        }
    }
}

/// A list of vocabulary keys.
fn keys(
    r: &mut FieldReader,
    tax: &Taxonomies,
    field: &'static str,
    vocabulary: Vocabulary,
    required: bool,
    example: &str,
) -> Vec<String> {
    let items = r.string_list(field, required, example);
    let mut out = Vec::new();
    for item in items {
        let k = if item.value.bytes().all(|b| b.is_ascii_digit()) {
            normalise_numeric_key(tax, vocabulary, &item.value)
        } else {
            item.value
        };
        if check_key(r, tax, field, vocabulary, &k) && !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// A list of page ids of one collection (checked for existence later).
fn references(r: &mut FieldReader, kind: ReferenceKind, example: &str) -> Vec<Located<String>> {
    let (field, collection) = (kind.field(), kind.target());
    let items = r.string_list(field, false, example);
    let mut out = Vec::new();
    for item in items {
        match super::PageId::parse(&item.value) {
            Some(id) if id.collection == collection => out.push(Located {
                value: id.to_string(),
                position: item.position,
            }),
            _ => {
                let guess = if is_valid_slug(&item.value) {
                    format!("did you mean `{}/{}`? ", collection.dir(), item.value)
                } else {
                    String::new()
                };
                r.error(
                    field,
                    Some(&item.value),
                    format!("`{}` is not a {} id", item.value, collection.dir()),
                    Some(format!(
                        "{guess}ids are `{}/<slug>`, e.g. `{example}`",
                        collection.dir()
                    )),
                );
            }
        }
    }
    out
}

fn texts(r: &mut FieldReader, field: &'static str, required: bool, example: &str) -> Vec<String> {
    r.string_list(field, required, example)
        .into_iter()
        .map(|l| l.value)
        .filter(|s| !s.is_empty())
        .collect()
}

fn module(r: &mut FieldReader, tax: &Taxonomies) -> Option<Module> {
    let audiences = keys(
        r,
        tax,
        "audiences",
        Vocabulary::Audiences,
        true,
        "[dirigeants]",
    );
    let level = key(r, tax, "level", Vocabulary::Levels, true, "decouverte");
    let duration = r.integer("duration_minutes", true, 1..=100_000, "45");
    let format = key(r, tax, "format", Vocabulary::Formats, true, "en-ligne");
    let objectives = texts(r, "objectives", true, "[\"Rédiger une consigne claire\"]");
    let updated = r.date("updated", true);
    let company_sizes = keys(
        r,
        tax,
        "company_sizes",
        Vocabulary::CompanySizes,
        false,
        "[tpe, pme]",
    );
    let sectors = keys(r, tax, "sectors", Vocabulary::Sectors, false, "[commerce]");
    let prerequisites = references(
        r,
        ReferenceKind::Prerequisites,
        "modules/decouvrir-l-ia-dirigeant",
    );
    let provider = r.string("provider", false, "Académie de l'IA");
    let tags = texts(r, "tags", false, "[prompt, rédaction]");
    Some(Module {
        audiences,
        level: level?,
        duration_minutes: u32::try_from(duration?).ok()?,
        format: format?,
        objectives,
        updated: updated?,
        company_sizes,
        sectors,
        prerequisites,
        provider,
        tags,
    })
}

fn use_case(r: &mut FieldReader, tax: &Taxonomies) -> Option<UseCase> {
    let sector = key(r, tax, "sector", Vocabulary::Sectors, true, "industrie");
    let company_size = key(
        r,
        tax,
        "company_size",
        Vocabulary::CompanySizes,
        true,
        "pme",
    );
    let region = key(r, tax, "region", Vocabulary::Regions, true, "\"76\"");
    let organisation = r.string("organisation", true, "Métropole de Toulouse");
    let ai_techniques = keys(
        r,
        tax,
        "ai_techniques",
        Vocabulary::AiTechniques,
        true,
        "[prevision]",
    );
    let updated = r.date("updated", true);
    let solution = solution(r);
    let results = results(r);
    let funding = keys(
        r,
        tax,
        "funding",
        Vocabulary::Funding,
        false,
        "[diag-data-ia]",
    );
    let related_modules = references(r, ReferenceKind::RelatedModules, "modules/ecrire-un-prompt");
    let ambassadors = references(r, ReferenceKind::Ambassadors, "ambassadors/jeanne-martin");
    let tags = texts(r, "tags", false, "[eau, réseau]");
    let fictional = r.boolean("fictional").unwrap_or(false);
    Some(UseCase {
        sector: sector?,
        company_size: company_size?,
        region: region?,
        organisation: organisation?,
        ai_techniques,
        updated: updated?,
        solution: solution.ok()?,
        results,
        funding,
        related_modules,
        ambassadors,
        tags,
        fictional,
    })
}

fn solution(r: &mut FieldReader) -> Result<Option<Solution>, ()> {
    let example = "{ name: \"…\", vendor: \"…\", origin: fr }";
    let Some(v) = r.get("solution") else {
        return Ok(None);
    };
    let Value::Mapping(m) = v else {
        let d = describe(v);
        r.shape_error(
            "solution",
            None,
            format!("`solution` must be a mapping, found {d}"),
            example,
        );
        return Err(());
    };
    let text = |k: &str| {
        m.get(k)
            .and_then(|v| v.as_str())
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let Some(name) = text("name") else {
        r.shape_error("solution", None, "`solution` needs a `name`", example);
        return Err(());
    };
    let Some(written) = text("origin") else {
        r.shape_error(
            "solution",
            None,
            "`solution` needs an `origin`: `fr`, `eu` or `other`",
            example,
        );
        return Err(());
    };
    let Some(origin) = Origin::from_key(&written) else {
        r.error(
            "solution",
            Some(&written),
            format!("`solution.origin` must be `fr`, `eu` or `other`, found `{written}`"),
            None,
        );
        return Err(());
    };
    for k in m.keys().filter_map(|k| k.as_str()) {
        if !["name", "vendor", "origin"].contains(&k) {
            r.warning(
                "solution",
                format!("unknown field `solution.{k}` is ignored"),
                Some("known fields: name, vendor, origin".into()),
            );
        }
    }
    Ok(Some(Solution {
        name,
        vendor: text("vendor"),
        origin,
    }))
}

fn results(r: &mut FieldReader) -> Vec<ResultLine> {
    let Some(v) = r.get("results") else {
        return Vec::new();
    };
    let example = "[{ metric: \"Temps de saisie des commandes\", value: \"-2 h par jour\" }]";
    let Value::Sequence(items) = v else {
        let d = describe(v);
        r.shape_error(
            "results",
            None,
            format!("`results` must be a list, found {d}"),
            example,
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let scalar = |v: Option<&Value>| match v {
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        match item {
            Value::Mapping(m) => match (scalar(m.get("metric")), scalar(m.get("value"))) {
                (Some(metric), Some(value)) => out.push(ResultLine { metric, value }),
                _ => r.shape_error(
                    "results",
                    None,
                    "each result needs a `metric` and a `value`",
                    example,
                ),
            },
            _ => r.shape_error(
                "results",
                None,
                "each result must be `{ metric, value }`",
                example,
            ),
        }
    }
    out
}

fn ambassador(r: &mut FieldReader, tax: &Taxonomies) -> Option<Ambassador> {
    let name = r.string("name", true, "Jeanne Martin");
    let role = r.string("role", true, "Conseillère numérique");
    let kind = key(
        r,
        tax,
        "kind",
        Vocabulary::AmbassadorKinds,
        true,
        "regional",
    );
    let region = key(r, tax, "region", Vocabulary::Regions, true, "\"53\"");
    let organisation = r.string("organisation", true, "CCI de région");
    let updated = r.date("updated", true);
    let sectors = keys(r, tax, "sectors", Vocabulary::Sectors, false, "[commerce]");
    let photo = r.string("photo", false, "images/jeanne-martin.jpg");
    if let Some(p) = &photo {
        if p.contains("..") || p.starts_with('/') && p.contains("://") || p.contains("://") {
            r.error(
                "photo",
                None,
                format!("`photo` must be a path under static/, found `{p}`"),
                Some("write it as `photo: images/jeanne-martin.jpg`".into()),
            );
        }
    }
    let contact_url = r.string("contact_url", false, "https://example.org/contact");
    if let Some(u) = &contact_url {
        let ok = (u.starts_with("https://")
            && u.len() > "https://".len()
            && !u.contains(char::is_whitespace))
            || (u.starts_with("mailto:") && u.contains('@') && !u.contains(char::is_whitespace));
        if !ok {
            r.error(
                "contact_url",
                None,
                format!(
                    "`contact_url` must be an `https://` URL or a `mailto:` address, found `{u}`"
                ),
                Some("write it as `contact_url: https://example.org/contact`".into()),
            );
        }
    }
    let fictional = r.boolean("fictional").unwrap_or(false);
    Some(Ambassador {
        name: name?,
        role: role?,
        kind: kind?,
        region: region?,
        organisation: organisation?,
        updated: updated?,
        sectors,
        photo,
        contact_url,
        fictional,
    })
}
