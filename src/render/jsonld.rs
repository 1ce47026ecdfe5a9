//! schema.org JSON-LD of a page, as typed structs.
//!
//! Serialised through [`serde_json::Value`], whose objects keep their keys
//! sorted: the published bytes do not depend on the order of the fields.

use serde::Serialize;

use crate::content::{Document, Fields};
use crate::fields::iso_date;
use crate::site::Page;
use crate::taxonomy::Vocabulary;

use super::Renderer;

/// The JSON-LD of one page.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum JsonLd {
    Course(Course),
    Article(Article),
    Person(Person),
    /// An invented person or case: a work of illustration.
    CreativeWork(CreativeWork),
}

/// `@context` of every document.
const SCHEMA_ORG: &str = "https://schema.org";

#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
}

impl Organization {
    fn named(name: String) -> Self {
        Organization {
            kind: "Organization",
            name,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Audience {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "audienceType")]
    pub audience_type: String,
}

/// A module.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Course {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: [&'static str; 2],
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub in_language: String,
    pub time_required: String,
    pub educational_level: String,
    pub learning_resource_type: String,
    pub audience: Vec<Audience>,
    pub teaches: Vec<String>,
    pub date_modified: String,
    pub is_accessible_for_free: bool,
    pub provider: Organization,
}

/// A real use case.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Article {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub headline: String,
    pub description: Option<String>,
    pub url: String,
    pub in_language: String,
    pub date_modified: String,
    pub about: Organization,
    pub publisher: Organization,
}

/// A real ambassador.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub job_title: String,
    pub url: String,
    pub works_for: Organization,
    pub area_served: String,
}

/// An invented person or case.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreativeWork {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub genre: Option<String>,
    pub description: String,
    pub url: String,
    pub in_language: String,
    pub date_modified: Option<String>,
    pub publisher: Organization,
}

impl JsonLd {
    /// The text to print inside `<script type="application/ld+json">`.
    pub fn to_script(&self) -> String {
        safe_json(&serde_json::to_value(self).unwrap_or_default())
    }
}

/// JSON that is safe inside a `<script>` element.
pub fn safe_json(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace("</", "<\\/")
        .replace("<!--", "<\\!--")
}

impl Renderer<'_> {
    /// The JSON-LD of `p` (`None` for a free page). An invented case or
    /// person is never presented as a real organisation or `Person`.
    pub(super) fn jsonld(&self, p: &Page) -> Option<JsonLd> {
        let site = self.site;
        let doc = &p.doc;
        let lang = doc.lang.as_str();
        let url = self.permalink(&p.url);
        Some(match &doc.fields {
            Fields::Module(m) => {
                let (h, mi) = (m.duration_minutes / 60, m.duration_minutes % 60);
                JsonLd::Course(Course {
                    context: SCHEMA_ORG,
                    kind: ["Course", "LearningResource"],
                    name: doc.title.clone(),
                    description: doc.summary.clone(),
                    url,
                    in_language: lang.to_owned(),
                    time_required: format!("PT{h}H{mi}M"),
                    educational_level: site.taxonomies.label(Vocabulary::Levels, &m.level, lang),
                    learning_resource_type: site.taxonomies.label(
                        Vocabulary::Formats,
                        &m.format,
                        lang,
                    ),
                    audience: m
                        .audiences
                        .iter()
                        .map(|a| Audience {
                            kind: "Audience",
                            audience_type: site.taxonomies.label(Vocabulary::Audiences, a, lang),
                        })
                        .collect(),
                    teaches: m.objectives.clone(),
                    date_modified: iso_date(m.updated),
                    is_accessible_for_free: true,
                    provider: Organization::named(
                        m.provider
                            .clone()
                            .unwrap_or_else(|| site.config.title_in(lang)),
                    ),
                })
            }
            Fields::UseCase(u) if u.fictional => {
                self.fictional_jsonld(doc, url, "fictional_use_case_note")
            }
            Fields::UseCase(u) => JsonLd::Article(Article {
                context: SCHEMA_ORG,
                kind: "Article",
                headline: doc.title.clone(),
                description: doc.summary.clone(),
                url,
                in_language: lang.to_owned(),
                date_modified: iso_date(u.updated),
                about: Organization::named(u.organisation.clone()),
                publisher: Organization::named(site.config.title_in(lang)),
            }),
            Fields::Ambassador(a) if a.fictional => {
                self.fictional_jsonld(doc, url, "fictional_ambassador_note")
            }
            Fields::Ambassador(a) => JsonLd::Person(Person {
                context: SCHEMA_ORG,
                kind: "Person",
                name: a.name.clone(),
                job_title: a.role.clone(),
                url,
                works_for: Organization::named(a.organisation.clone()),
                area_served: site.taxonomies.label(Vocabulary::Regions, &a.region, lang),
            }),
            Fields::Page => return None,
        })
    }

    /// JSON-LD for an invented person or case: a `CreativeWork` that says
    /// it is an illustration, naming no real person or organisation.
    fn fictional_jsonld(&self, doc: &Document, url: String, note: &str) -> JsonLd {
        let lang = doc.lang.as_str();
        JsonLd::CreativeWork(CreativeWork {
            context: SCHEMA_ORG,
            kind: "CreativeWork",
            name: doc.title.clone(),
            genre: self.fictional_label(doc),
            description: self.t(lang, note),
            url,
            in_language: lang.to_owned(),
            date_modified: doc.updated().map(iso_date),
            publisher: Organization::named(self.site.config.title_in(lang)),
        })
    }
}
