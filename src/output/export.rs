//! The open-data export of the catalogue: `catalogue.json`, and one CSV per
//! collection and language, each described by a Table Schema
//! (frictionless data), so the catalogue can be republished on an open-data
//! portal as it is.

use serde_json::{json, Value};

use crate::content::{Collection, Fields};
use crate::fields::iso_date;
use crate::site::{Page, Site};

/// Folder of the export in the output.
pub const EXPORT_DIR: &str = "data";

type Getter = fn(&Page) -> String;

/// What a column holds: its Table Schema type, and its value in
/// `catalogue.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnKind {
    Text,
    /// Values joined by [`LIST_SEP`] in the CSV, an array in the JSON.
    List,
    Integer,
    /// `true` or `false`.
    Boolean,
    /// `YYYY-MM-DD`.
    Date,
}

impl ColumnKind {
    /// The Table Schema field type (a list is a string of the CSV).
    fn table_type(self) -> &'static str {
        match self {
            ColumnKind::Text | ColumnKind::List => "string",
            ColumnKind::Integer => "integer",
            ColumnKind::Boolean => "boolean",
            ColumnKind::Date => "date",
        }
    }

    /// The value of a cell in `catalogue.json`.
    fn json(self, cell: String) -> Value {
        match self {
            ColumnKind::Integer => cell.parse::<i64>().map(Value::from).unwrap_or(Value::Null),
            ColumnKind::Boolean => Value::Bool(cell == "true"),
            ColumnKind::List => Value::Array(
                cell.split(LIST_SEP)
                    .filter(|s| !s.is_empty())
                    .map(|s| Value::from(s.trim()))
                    .collect(),
            ),
            ColumnKind::Text | ColumnKind::Date => Value::from(cell),
        }
    }
}

/// A CSV column: name, kind, description, value.
struct Column {
    name: &'static str,
    kind: ColumnKind,
    description: &'static str,
    get: Getter,
}

const LIST_SEP: &str = ";";

fn join(v: &[String]) -> String {
    v.join(LIST_SEP)
}

fn columns(c: Collection) -> Vec<Column> {
    let mut cols = vec![
        Column {
            name: "id",
            kind: ColumnKind::Text,
            description: "Page id, the same in every language",
            get: |p| p.doc.id.to_string(),
        },
        Column {
            name: "lang",
            kind: ColumnKind::Text,
            description: "Language of this row (ISO 639-1)",
            get: |p| p.doc.lang.clone(),
        },
        Column {
            name: "title",
            kind: ColumnKind::Text,
            description: "Title",
            get: |p| p.doc.title.clone(),
        },
        Column {
            name: "summary",
            kind: ColumnKind::Text,
            description: "Summary",
            get: |p| p.doc.summary.clone().unwrap_or_default(),
        },
        Column {
            name: "url",
            kind: ColumnKind::Text,
            description: "Path of the page on the site",
            get: |p| p.url.clone(),
        },
    ];
    macro_rules! col {
        ($name:expr, $kind:expr, $desc:expr, $variant:ident, |$x:ident| $body:expr) => {
            cols.push(Column {
                name: $name,
                kind: $kind,
                description: $desc,
                get: |p| match &p.doc.fields {
                    Fields::$variant($x) => $body,
                    _ => String::new(),
                },
            })
        };
    }
    match c {
        Collection::Modules => {
            col!(
                "audiences",
                ColumnKind::List,
                "Audience keys, separated by `;`",
                Module,
                |m| join(&m.audiences)
            );
            col!("level", ColumnKind::Text, "Level key", Module, |m| m
                .level
                .clone());
            col!(
                "duration_minutes",
                ColumnKind::Integer,
                "Duration in minutes",
                Module,
                |m| m.duration_minutes.to_string()
            );
            col!("format", ColumnKind::Text, "Format key", Module, |m| m
                .format
                .clone());
            col!(
                "objectives",
                ColumnKind::List,
                "Learning objectives, separated by `;`",
                Module,
                |m| join(&m.objectives)
            );
            col!(
                "company_sizes",
                ColumnKind::List,
                "Company size keys, separated by `;`",
                Module,
                |m| join(&m.company_sizes)
            );
            col!(
                "sectors",
                ColumnKind::List,
                "Sector keys, separated by `;`",
                Module,
                |m| join(&m.sectors)
            );
            col!(
                "prerequisites",
                ColumnKind::List,
                "Ids of prerequisite modules, separated by `;`",
                Module,
                |m| m
                    .prerequisites
                    .iter()
                    .map(|r| r.value.clone())
                    .collect::<Vec<_>>()
                    .join(LIST_SEP)
            );
            col!(
                "provider",
                ColumnKind::Text,
                "Training provider",
                Module,
                |m| m.provider.clone().unwrap_or_default()
            );
            col!(
                "tags",
                ColumnKind::List,
                "Free tags, separated by `;`",
                Module,
                |m| join(&m.tags)
            );
            col!(
                "updated",
                ColumnKind::Date,
                "Date of last update (ISO 8601)",
                Module,
                |m| iso_date(m.updated)
            );
        }
        Collection::UseCases => {
            col!("sector", ColumnKind::Text, "Sector key", UseCase, |u| u
                .sector
                .clone());
            col!(
                "company_size",
                ColumnKind::Text,
                "Company size key",
                UseCase,
                |u| u.company_size.clone()
            );
            col!(
                "region",
                ColumnKind::Text,
                "Region key (INSEE code, or `national`)",
                UseCase,
                |u| u.region.clone()
            );
            col!(
                "organisation",
                ColumnKind::Text,
                "Organisation that uses the AI",
                UseCase,
                |u| u.organisation.clone()
            );
            col!(
                "ai_techniques",
                ColumnKind::List,
                "AI technique keys, separated by `;`",
                UseCase,
                |u| join(&u.ai_techniques)
            );
            col!(
                "solution_name",
                ColumnKind::Text,
                "Name of the solution used",
                UseCase,
                |u| u
                    .solution
                    .as_ref()
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            );
            col!(
                "solution_vendor",
                ColumnKind::Text,
                "Vendor of the solution",
                UseCase,
                |u| u
                    .solution
                    .as_ref()
                    .and_then(|s| s.vendor.clone())
                    .unwrap_or_default()
            );
            col!(
                "solution_origin",
                ColumnKind::Text,
                "Origin of the solution: fr, eu or other",
                UseCase,
                |u| u
                    .solution
                    .as_ref()
                    .map(|s| s.origin.key().to_owned())
                    .unwrap_or_default()
            );
            col!(
                "results",
                ColumnKind::List,
                "Results as `metric: value`, separated by `;`",
                UseCase,
                |u| u
                    .results
                    .iter()
                    .map(|r| format!("{}: {}", r.metric, r.value))
                    .collect::<Vec<_>>()
                    .join(LIST_SEP)
            );
            col!(
                "funding",
                ColumnKind::List,
                "Funding keys, separated by `;`",
                UseCase,
                |u| join(&u.funding)
            );
            col!(
                "related_modules",
                ColumnKind::List,
                "Ids of related modules, separated by `;`",
                UseCase,
                |u| u
                    .related_modules
                    .iter()
                    .map(|r| r.value.clone())
                    .collect::<Vec<_>>()
                    .join(LIST_SEP)
            );
            col!(
                "ambassadors",
                ColumnKind::List,
                "Ids of ambassadors, separated by `;`",
                UseCase,
                |u| u
                    .ambassadors
                    .iter()
                    .map(|r| r.value.clone())
                    .collect::<Vec<_>>()
                    .join(LIST_SEP)
            );
            col!(
                "tags",
                ColumnKind::List,
                "Free tags, separated by `;`",
                UseCase,
                |u| join(&u.tags)
            );
            col!(
                "fictional",
                ColumnKind::Boolean,
                "true when the case is invented for illustration (not a real organisation's)",
                UseCase,
                |u| u.fictional.to_string()
            );
            col!(
                "updated",
                ColumnKind::Date,
                "Date of last update (ISO 8601)",
                UseCase,
                |u| iso_date(u.updated)
            );
        }
        Collection::Ambassadors => {
            col!("name", ColumnKind::Text, "Name", Ambassador, |a| a
                .name
                .clone());
            col!("role", ColumnKind::Text, "Role", Ambassador, |a| a
                .role
                .clone());
            col!(
                "kind",
                ColumnKind::Text,
                "Ambassador kind key",
                Ambassador,
                |a| a.kind.clone()
            );
            col!(
                "region",
                ColumnKind::Text,
                "Region key (INSEE code, or `national`)",
                Ambassador,
                |a| a.region.clone()
            );
            col!(
                "organisation",
                ColumnKind::Text,
                "Organisation",
                Ambassador,
                |a| a.organisation.clone()
            );
            col!(
                "sectors",
                ColumnKind::List,
                "Sector keys, separated by `;`",
                Ambassador,
                |a| join(&a.sectors)
            );
            col!(
                "fictional",
                ColumnKind::Boolean,
                "true when the profile is invented for illustration (not a real person)",
                Ambassador,
                |a| a.fictional.to_string()
            );
            col!(
                "contact_url",
                ColumnKind::Text,
                "Professional contact address (empty for a fictional profile: it is no contact)",
                Ambassador,
                |a| if a.fictional {
                    String::new()
                } else {
                    a.contact_url.clone().unwrap_or_default()
                }
            );
            col!(
                "updated",
                ColumnKind::Date,
                "Date of last update (ISO 8601)",
                Ambassador,
                |a| iso_date(a.updated)
            );
        }
        Collection::Pages => {}
    }
    cols
}

/// RFC 4180 field: quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Is `rel` (a path under the output) in the export's folder?
pub fn is_export(rel: &str) -> bool {
    rel.strip_prefix(EXPORT_DIR)
        .is_some_and(|r| r.starts_with('/'))
}

/// Every file of the export: `(path under the output, bytes)`.
pub fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut resources = Vec::new();
    for lang in site.languages() {
        for c in Collection::ALL {
            let cols = columns(c);
            let pages = site.listed(c, lang);
            let mut csv = cols.iter().map(|c| c.name).collect::<Vec<_>>().join(",");
            csv.push_str("\r\n");
            for p in &pages {
                let row: Vec<String> = cols.iter().map(|col| csv_field(&(col.get)(p))).collect();
                csv.push_str(&row.join(","));
                csv.push_str("\r\n");
            }
            let name = format!("{}-{lang}", c.dir());
            let csv_path = format!("{EXPORT_DIR}/{lang}/{}.csv", c.dir());
            let schema_path = format!("{EXPORT_DIR}/{lang}/{}.schema.json", c.dir());
            let schema = json!({
                "fields": cols.iter().map(|c| {
                    let mut f = json!({"name": c.name, "type": c.kind.table_type(), "description": c.description});
                    if c.kind == ColumnKind::Date { f["format"] = json!("%Y-%m-%d"); }
                    if c.kind == ColumnKind::Boolean {
                        f["trueValues"] = json!(["true"]);
                        f["falseValues"] = json!(["false"]);
                        f["constraints"] = json!({"required": true});
                    }
                    f
                }).collect::<Vec<_>>(),
                "primaryKey": ["id", "lang"],
                "missingValues": [""],
            });
            let description = match c {
                Collection::UseCases => "Use cases: real cases from public sources and invented examples, told apart by the `fictional` column",
                Collection::Ambassadors => "Ambassadors: invented example profiles are flagged by the `fictional` column",
                Collection::Modules => "Training modules",
                Collection::Pages => "Free pages",
            };
            resources.push(json!({
                "name": name,
                "description": description,
                "path": format!("{lang}/{}.csv", c.dir()),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": true, "header": true},
                "schema": format!("{lang}/{}.schema.json", c.dir()),
            }));
            out.push((csv_path, csv.into_bytes()));
            out.push((
                schema_path,
                serde_json::to_vec_pretty(&schema).unwrap_or_default(),
            ));
        }
    }
    let package = json!({
        "name": "academie-catalogue",
        "title": site.config.title_in(site.default_language()),
        "homepage": site.config.base_url,
        "resources": resources,
    });
    out.push((
        format!("{EXPORT_DIR}/datapackage.json"),
        serde_json::to_vec_pretty(&package).unwrap_or_default(),
    ));
    out.push((
        format!("{EXPORT_DIR}/catalogue.json"),
        serde_json::to_vec_pretty(&catalogue(site)).unwrap_or_default(),
    ));
    out
}

/// The whole catalogue as JSON: one object per page id with its translations.
pub fn catalogue(site: &Site) -> Value {
    let mut items = Vec::new();
    for id in site.all_ids() {
        let mut translations = serde_json::Map::new();
        let mut fictional = false;
        for (lang, p) in site.translations(id) {
            fictional |= p.doc.fictional();
            let cols = columns(id.collection);
            let mut obj = serde_json::Map::new();
            for c in cols.iter().filter(|c| c.name != "id" && c.name != "lang") {
                let value = c.kind.json((c.get)(p));
                obj.insert(c.name.to_owned(), value);
            }
            translations.insert(lang.to_owned(), Value::Object(obj));
        }
        let mut item = json!({"id": id.to_string(), "type": id.collection.dir(), "translations": translations});
        if matches!(
            id.collection,
            Collection::UseCases | Collection::Ambassadors
        ) {
            item["fictional"] = json!(fictional);
        }
        items.push(item);
    }
    json!({
        "title": site.config.title,
        "base_url": site.config.base_url,
        "languages": site.languages(),
        "items": items,
    })
}
