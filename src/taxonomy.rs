//! `data/taxonomies.yaml`: the controlled vocabularies and their labels.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::LangMap;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::yaml::{self, Locator, Value};

/// Where the vocabularies live in a site root.
pub const TAXONOMIES_FILE: &str = "data/taxonomies.yaml";

/// The vocabularies of the contract, with the facet name each one feeds.
pub const VOCABULARIES: &[(&str, &str)] = &[
    ("audiences", "audience"),
    ("company_sizes", "company_size"),
    ("levels", "level"),
    ("formats", "format"),
    ("sectors", "sector"),
    ("regions", "region"),
    ("ai_techniques", "ai_technique"),
    ("ambassador_kinds", "ambassador_kind"),
    ("funding", "funding"),
];

/// One vocabulary: key → label per language, in file order.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub terms: Vec<(String, LangMap)>,
}

impl Vocabulary {
    pub fn contains(&self, key: &str) -> bool {
        self.terms.iter().any(|(k, _)| k == key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.terms.iter().map(|(k, _)| k.as_str())
    }

    /// Position of `key` in the file, for stable, editor-chosen ordering.
    pub fn rank(&self, key: &str) -> usize {
        self.terms
            .iter()
            .position(|(k, _)| k == key)
            .unwrap_or(usize::MAX)
    }
}

/// All vocabularies of an edition.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub vocabularies: BTreeMap<String, Vocabulary>,
    default_language: String,
}

impl Taxonomies {
    pub fn get(&self, vocabulary: &str) -> Option<&Vocabulary> {
        self.vocabularies.get(vocabulary)
    }

    /// Label of `key` in `lang` (default language, then the key itself, as fallbacks).
    pub fn label(&self, vocabulary: &str, key: &str, lang: &str) -> String {
        self.vocabularies
            .get(vocabulary)
            .and_then(|v| v.terms.iter().find(|(k, _)| k == key))
            .and_then(|(_, labels)| {
                labels
                    .get(lang)
                    .or_else(|| labels.get(&self.default_language))
            })
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    }

    /// Checks that `key` is in `vocabulary`; the error names the allowed
    /// values and the closest one.
    pub fn check(&self, vocabulary: &str, key: &str) -> Result<(), (String, String)> {
        let Some(v) = self.vocabularies.get(vocabulary) else {
            return Err((
                format!("the vocabulary `{vocabulary}` is not defined"),
                format!("add `{vocabulary}:` to {TAXONOMIES_FILE}"),
            ));
        };
        if v.contains(key) {
            return Ok(());
        }
        let allowed: Vec<&str> = v.keys().collect();
        let help = match did_you_mean(key, allowed.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Allowed values: {}", allowed.join(", ")),
            None => format!("allowed values: {}", allowed.join(", ")),
        };
        Err((format!("`{key}` is not a key of `{vocabulary}`"), help))
    }

    /// Reads the vocabularies of `files` (most specific edition first): a
    /// more specific edition may add vocabularies and keys, and labels in new
    /// languages, but not change a label its base defines.
    pub fn load(
        files: &[(std::path::PathBuf, std::path::PathBuf)],
        languages: &[String],
        default_language: &str,
    ) -> (Taxonomies, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut tax = Taxonomies {
            default_language: default_language.to_owned(),
            ..Default::default()
        };
        // Base first, so the layers above it add to it.
        for (abs, shown) in files.iter().rev() {
            let Ok(bytes) = std::fs::read(abs) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                diags.push(Diagnostic::error(shown, "the file is not valid UTF-8"));
                continue;
            };
            let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
            let value: Value = match yaml::parse(&text, shown, 1) {
                Ok(v) => v,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let loc = Locator::new(&text, 1);
            merge_file(&mut tax, &value, shown, &loc, &mut diags);
        }
        // Every term needs a label in every language.
        for (name, vocab) in &tax.vocabularies {
            for (key, labels) in &vocab.terms {
                for lang in languages {
                    if !labels.contains_key(lang) {
                        let shown = files
                            .first()
                            .map(|f| f.1.clone())
                            .unwrap_or_else(|| TAXONOMIES_FILE.into());
                        diags.push(
                            Diagnostic::warning(&shown, format!("`{name}.{key}` has no label in `{lang}`; the `{default_language}` label is used"))
                                .with_help(format!("add `{lang}: \"…\"` to its labels")),
                        );
                    }
                }
            }
        }
        (tax, diags)
    }
}

fn merge_file(
    tax: &mut Taxonomies,
    value: &Value,
    file: &Path,
    loc: &Locator,
    diags: &mut Vec<Diagnostic>,
) {
    let Value::Mapping(vocabs) = value else {
        diags.push(Diagnostic::error(file, "expected one mapping per vocabulary, e.g. `sectors:` then `  industrie: { fr: \"Industrie\", en: \"Manufacturing\" }`").at(Position::START));
        return;
    };
    for (name, terms) in vocabs {
        let Some(name) = yaml::scalar_text(name) else {
            continue;
        };
        let pos = loc.key(&name).unwrap_or(Position::START);
        let Value::Mapping(terms) = terms else {
            diags.push(
                Diagnostic::error(file, format!("vocabulary `{name}` must map keys to labels"))
                    .at(pos),
            );
            continue;
        };
        let vocab = tax.vocabularies.entry(name.clone()).or_default();
        for (key, labels) in terms {
            let Some(key) = yaml::scalar_text(key) else {
                continue;
            };
            let key_pos = loc.within(&name, &key).unwrap_or(pos);
            if !crate::content::is_valid_key(&key) {
                diags.push(
                    Diagnostic::error(file, format!("`{key}` is not a valid key in `{name}`"))
                        .at(key_pos)
                        .with_help("keys are lowercase ASCII letters, digits and `-`"),
                );
                continue;
            }
            let labels: LangMap = match labels {
                Value::Mapping(m) => m
                    .iter()
                    .filter_map(|(k, v)| Some((yaml::scalar_text(k)?, v.as_str()?.to_owned())))
                    .collect(),
                Value::String(s) => [(tax.default_language.clone(), s.clone())].into(),
                _ => {
                    diags.push(Diagnostic::error(file, format!("`{name}.{key}` must give a label per language, e.g. `{{ fr: \"…\", en: \"…\" }}`")).at(key_pos));
                    continue;
                }
            };
            match vocab.terms.iter_mut().find(|(k, _)| *k == key) {
                None => vocab.terms.push((key, labels)),
                Some((_, existing)) => {
                    for (lang, label) in labels {
                        match existing.get(&lang) {
                            Some(old) if *old != label => diags.push(
                                Diagnostic::error(file, format!("`{name}.{key}` redefines the `{lang}` label of its base edition (`{old}` → `{label}`)"))
                                    .at(key_pos)
                                    .with_help("a regional edition may add keys and languages, not change national labels; remove this label or pick a new key"),
                            ),
                            Some(_) => {}
                            None => {
                                existing.insert(lang, label);
                            }
                        }
                    }
                }
            }
        }
    }
}
