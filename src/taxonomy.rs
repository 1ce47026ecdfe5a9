//! `data/taxonomies.yaml`: the controlled vocabularies and their labels.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::LangMap;
use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::yaml::{self, Locator, Value};

/// Where the vocabularies live in a site root.
pub const TAXONOMIES_FILE: &str = "data/taxonomies.yaml";

/// The vocabularies of the contract. Each has a name (its mapping in
/// `data/taxonomies.yaml`) and feeds one facet of the listings and the
/// search (the singular: `sectors` → `sector`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Vocabulary {
    Audiences,
    CompanySizes,
    Levels,
    Formats,
    Sectors,
    Regions,
    AiTechniques,
    AmbassadorKinds,
    Funding,
}

impl Vocabulary {
    /// Every vocabulary, in the order of `docs/content.md`.
    pub const ALL: [Vocabulary; 9] = [
        Vocabulary::Audiences,
        Vocabulary::CompanySizes,
        Vocabulary::Levels,
        Vocabulary::Formats,
        Vocabulary::Sectors,
        Vocabulary::Regions,
        Vocabulary::AiTechniques,
        Vocabulary::AmbassadorKinds,
        Vocabulary::Funding,
    ];

    /// The vocabulary's mapping in `data/taxonomies.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            Vocabulary::Audiences => "audiences",
            Vocabulary::CompanySizes => "company_sizes",
            Vocabulary::Levels => "levels",
            Vocabulary::Formats => "formats",
            Vocabulary::Sectors => "sectors",
            Vocabulary::Regions => "regions",
            Vocabulary::AiTechniques => "ai_techniques",
            Vocabulary::AmbassadorKinds => "ambassador_kinds",
            Vocabulary::Funding => "funding",
        }
    }

    /// The facet it feeds: the name in listing URLs' UI strings
    /// (`path_facet_sector`, `facet_sector`) and in the search index.
    pub fn facet(self) -> &'static str {
        match self {
            Vocabulary::Audiences => "audience",
            Vocabulary::CompanySizes => "company_size",
            Vocabulary::Levels => "level",
            Vocabulary::Formats => "format",
            Vocabulary::Sectors => "sector",
            Vocabulary::Regions => "region",
            Vocabulary::AiTechniques => "ai_technique",
            Vocabulary::AmbassadorKinds => "ambassador_kind",
            Vocabulary::Funding => "funding",
        }
    }

    /// The vocabulary feeding the facet named `facet`.
    pub fn from_facet(facet: &str) -> Option<Vocabulary> {
        Vocabulary::ALL.into_iter().find(|v| v.facet() == facet)
    }
}

impl std::fmt::Display for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Vocabulary keys follow the slug rules (region codes such as `01` included):
/// lowercase ASCII letters, digits and `-`, not starting or ending with `-`.
pub fn is_valid_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The terms of one vocabulary: key → label per language, in file order.
#[derive(Debug, Clone, Default)]
pub struct Terms {
    pub terms: Vec<(String, LangMap)>,
}

impl Terms {
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

/// A key that is not in its vocabulary: what is wrong, and what to do
/// (the allowed values, the closest one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError {
    pub message: String,
    pub help: String,
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.help)
    }
}

/// All vocabularies of an edition.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    /// Every vocabulary of the files, by name: those of [`Vocabulary`],
    /// and any other an edition adds (read, checked, not used).
    pub vocabularies: BTreeMap<String, Terms>,
    default_language: String,
}

impl Taxonomies {
    pub fn get(&self, vocabulary: Vocabulary) -> Option<&Terms> {
        self.vocabularies.get(vocabulary.name())
    }

    /// Label of `key` in `lang` (default language, then the key itself, as fallbacks).
    pub fn label(&self, vocabulary: Vocabulary, key: &str, lang: &str) -> String {
        self.get(vocabulary)
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
    pub fn check(&self, vocabulary: Vocabulary, key: &str) -> Result<(), KeyError> {
        let Some(v) = self.get(vocabulary) else {
            return Err(KeyError {
                message: format!("the vocabulary `{vocabulary}` is not defined"),
                help: format!("add `{vocabulary}:` to {TAXONOMIES_FILE}"),
            });
        };
        if v.contains(key) {
            return Ok(());
        }
        let allowed: Vec<&str> = v.keys().collect();
        let help = match did_you_mean(key, allowed.iter().copied()) {
            Some(s) => format!("did you mean `{s}`? Allowed values: {}", allowed.join(", ")),
            None => format!("allowed values: {}", allowed.join(", ")),
        };
        Err(KeyError {
            message: format!("`{key}` is not a key of `{vocabulary}`"),
            help,
        })
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
            if !is_valid_key(&key) {
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
