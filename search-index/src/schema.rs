//! The index schema. The stemmed fields (`title`, `labels`, `summary`,
//! `body`) answer every match: exact words, synonym phrases, and the words
//! a typo or prefix stands for. `labels` holds the labels of the page's
//! vocabulary values (region, sector, audience… in the index's language)
//! and of its type. The words as written, which typos and prefixes are
//! looked up among, are in a file of the bundle's own (`crate::words`);
//! so are the facets (`crate::facets`) and the stored text
//! (`crate::docs`).

use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};

use crate::analysis::stem_analyzer_name;

/// Handles of the schema's fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fields {
    pub title: Field,
    pub labels: Field,
    pub summary: Field,
    pub body: Field,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields::new()
    }
}

/// Builds the schema of a language's index.
pub fn build_schema(lang: &str) -> Schema {
    let mut b = Schema::builder();
    let stem = TextFieldIndexing::default()
        .set_tokenizer(&stem_analyzer_name(lang))
        // No positions: phrases (multi-word synonyms) are indexed as
        // single terms (`analysis::phrase_term`).
        .set_index_option(IndexRecordOption::WithFreqs);
    let stemmed = TextOptions::default().set_indexing_options(stem);
    b.add_text_field("title", stemmed.clone());
    b.add_text_field("labels", stemmed.clone());
    b.add_text_field("summary", stemmed.clone());
    b.add_text_field("body", stemmed);
    b.build()
}

impl Fields {
    /// The fields' handles, in the order [`build_schema`] adds them (a
    /// test checks it): the engine reads an index without building its
    /// schema.
    pub fn new() -> Fields {
        let f = Field::from_field_id;
        Fields {
            title: f(0),
            labels: f(1),
            summary: f(2),
            body: f(3),
        }
    }

    /// Every field, in field id order (the schema's).
    pub fn all(&self) -> [Field; 4] {
        [self.title, self.labels, self.summary, self.body]
    }

    /// Looks the fields up in a schema built by [`build_schema`].
    pub fn from_schema(s: &Schema) -> tantivy::Result<Fields> {
        let f = |n: &str| s.get_field(n);
        Ok(Fields {
            title: f("title")?,
            labels: f("labels")?,
            summary: f("summary")?,
            body: f("body")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engines_field_handles_are_the_schemas() {
        for lang in ["fr", "en", "de"] {
            let s = build_schema(lang);
            assert_eq!(Fields::from_schema(&s).unwrap(), Fields::new());
            assert_eq!(s.fields().count(), Fields::new().all().len());
        }
    }
}
