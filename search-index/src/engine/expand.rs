//! Words the index reaches from a query word that is not in it as typed:
//! typos (a Levenshtein automaton run over the index's words, first letter
//! kept), the prefix of the word being typed, and the "did you mean"
//! suggestions when nothing matches. All of them scan the section of the
//! index's words (`crate::words`) that shares the word's first character.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};
use tantivy::Term;

use super::{internal, Engine, QWord, MAX_EXPANSIONS, MAX_SUGGESTIONS};

fn lev_builder(d: u8) -> &'static LevenshteinAutomatonBuilder {
    static B1: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static B2: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if d == 1 { &B1 } else { &B2 };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(d, true))
}

/// Edit distance allowed for a typo in a word of `n` letters.
fn typo_distance(n: usize) -> u8 {
    match n {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Edit distance of "did you mean" for a word (none under 3 letters).
fn suggestion_distance(raw: &str) -> Option<u8> {
    match raw.chars().count() {
        0..=2 => None,
        3 => Some(1),
        _ => Some(2),
    }
}

impl Engine {
    /// Whether [`Engine::expand`] looks for a word's prefixes (the word
    /// being typed), and the edit distance of its typos (from 5 letters).
    pub(super) fn expansions(&self, w: &QWord) -> (bool, Option<u8>) {
        if w.weak {
            return (false, None);
        }
        let dist = typo_distance(w.raw.chars().count());
        (w.prefix, (dist > 0).then_some(dist))
    }

    /// Whether a word is in the index as typed: among the index's words,
    /// or its stem in a stemmed field.
    fn in_index(&self, w: &QWord) -> tantivy::Result<bool> {
        if self.words.contains(&w.raw)? {
            return Ok(true);
        }
        for (field, ..) in self.stemmed_fields() {
            if self
                .segment
                .doc_freq(&Term::from_field_text(field, &w.stem))?
                > 0
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The index's words a word reaches by typo (only when the word is
    /// not in the index as typed) or prefix, most frequent first.
    pub(super) fn expand(&self, w: &QWord) -> tantivy::Result<Vec<String>> {
        let (prefix, mut typo) = self.expansions(w);
        if typo.is_some() && self.in_index(w)? {
            typo = None;
        }
        if !prefix && typo.is_none() {
            return Ok(Vec::new());
        }
        let dfa = typo.map(|d| lev_builder(d).build_dfa(&w.raw));
        let mut v: Vec<(String, u8)> = Vec::new();
        for (word, class) in self.words.section_of(&w.raw).map_err(internal)? {
            let reached = (prefix && word.starts_with(&w.raw))
                || dfa
                    .as_ref()
                    .is_some_and(|d| matches!(d.eval(&word), Distance::Exact(_)));
            if reached && word != w.raw {
                v.push((word, class));
            }
        }
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v.truncate(MAX_EXPANSIONS);
        Ok(v.into_iter().map(|x| x.0).collect())
    }

    /// The stems the expansions of a word stand for (its own stem left
    /// out), with the raw terms to highlight.
    pub(super) fn expansion_stems(&self, w: &QWord) -> tantivy::Result<(Vec<String>, Vec<String>)> {
        let raw = self.expand(w)?;
        let mut stems: Vec<String> = raw
            .iter()
            .filter_map(|t| self.stem.continue_from(&self.raw, t.clone()))
            .filter(|s| *s != w.stem)
            .collect();
        stems.sort();
        stems.dedup();
        Ok((stems, raw))
    }

    /// The words a query's meaningful words may have been meant as: the
    /// index's closest words (edit distance 1 for 3 letters, 2 beyond,
    /// first letter kept), the nearest and most frequent first.
    pub(super) fn suggest(&self, words: &[QWord]) -> tantivy::Result<Vec<String>> {
        let mut found: Vec<(u8, std::cmp::Reverse<u8>, String)> = Vec::new();
        for w in words.iter().filter(|w| !w.weak) {
            let Some(dist) = suggestion_distance(&w.raw) else {
                continue;
            };
            let dfa = lev_builder(dist).build_dfa(&w.raw);
            for (word, class) in self.words.section_of(&w.raw).map_err(internal)? {
                if let Distance::Exact(d) = dfa.eval(&word) {
                    if word != w.raw {
                        found.push((d, std::cmp::Reverse(class), word));
                    }
                }
            }
        }
        found.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, t) in found {
            if !out.contains(&t) {
                out.push(t);
            }
            if out.len() == MAX_SUGGESTIONS {
                break;
            }
        }
        Ok(out)
    }
}
