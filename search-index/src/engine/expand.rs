//! Words the index reaches from a query word that is not in it as typed:
//! typos (a Levenshtein automaton over the term dictionary, first letter
//! kept), the prefix of the word being typed, and the "did you mean"
//! suggestions when nothing matches.

use std::collections::HashMap;
use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};
use tantivy::Term;

use super::{Engine, QWord, MAX_EXPANSIONS, MAX_SUGGESTIONS};

struct Lev(DFA);

impl tantivy_fst::Automaton for Lev {
    type State = u32;
    fn start(&self) -> u32 {
        self.0.initial_state()
    }
    fn is_match(&self, s: &u32) -> bool {
        matches!(self.0.distance(*s), Distance::Exact(_))
    }
    fn can_match(&self, s: &u32) -> bool {
        *s != SINK_STATE
    }
    fn accept(&self, s: &u32, b: u8) -> u32 {
        self.0.transition(*s, b)
    }
}

fn lev_builder(d: u8) -> &'static LevenshteinAutomatonBuilder {
    static B1: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static B2: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if d == 1 { &B1 } else { &B2 };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(d, true))
}

/// The first letter's range of a dictionary: `[first, first + 0xff)`.
pub(super) fn first_letter_range(word: &str) -> (Vec<u8>, Vec<u8>) {
    let first = word.chars().next().map(String::from).unwrap_or_default();
    let mut hi = first.as_bytes().to_vec();
    hi.push(0xff);
    (first.into_bytes(), hi)
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
pub(super) fn suggestion_distance(raw: &str) -> Option<u8> {
    match raw.chars().count() {
        0..=2 => None,
        3 => Some(1),
        _ => Some(2),
    }
}

impl Engine {
    /// What [`Engine::expand`] scans in the raw field's dictionary for a
    /// word: the prefix range (the word being typed), and the edit
    /// distance with the range of terms sharing the word's first letter
    /// (typos, from 5 letters).
    #[allow(clippy::type_complexity)]
    pub(super) fn expansion_ranges(
        &self,
        w: &QWord,
    ) -> (Option<(Vec<u8>, Vec<u8>)>, Option<(u8, Vec<u8>, Vec<u8>)>) {
        if w.weak {
            return (None, None);
        }
        let dist = typo_distance(w.raw.chars().count());
        let prefix = w.prefix.then(|| {
            let mut hi = w.raw.as_bytes().to_vec();
            hi.push(0xff);
            (w.raw.as_bytes().to_vec(), hi)
        });
        let typo = (dist > 0).then(|| {
            let (lo, hi) = first_letter_range(&w.raw);
            (dist, lo, hi)
        });
        (prefix, typo)
    }

    /// Whether a word is in the index as typed: its unstemmed form in
    /// the raw field, or its stem in a stemmed field.
    fn in_index(&self, w: &QWord) -> tantivy::Result<bool> {
        if self
            .segment
            .doc_freq(&Term::from_field_text(self.fields.raw, &w.raw))?
            > 0
        {
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

    /// Raw-field terms a word reaches by typo (only when the word is not
    /// in the index as typed) or prefix, most frequent first.
    pub(super) fn expand(&self, w: &QWord) -> tantivy::Result<Vec<String>> {
        let (prefix, mut typo) = self.expansion_ranges(w);
        if typo.is_some() && self.in_index(w)? {
            typo = None;
        }
        let mut found: HashMap<String, u32> = HashMap::new();
        let Some(dict) = self.segment.terms(self.fields.raw) else {
            return Ok(Vec::new());
        };
        if let Some((lo, hi)) = &prefix {
            let mut s = dict.range().ge(lo).lt(hi).into_stream()?;
            while s.advance() {
                if let Ok(k) = std::str::from_utf8(s.key()) {
                    *found.entry(k.to_string()).or_default() += s.value().doc_freq;
                }
            }
        }
        if let Some((dist, lo, hi)) = &typo {
            let dfa = lev_builder(*dist).build_dfa(&w.raw);
            let mut s = dict.search(Lev(dfa)).ge(lo).lt(hi).into_stream()?;
            while s.advance() {
                if let Ok(k) = std::str::from_utf8(s.key()) {
                    *found.entry(k.to_string()).or_default() += s.value().doc_freq;
                }
            }
        }
        found.remove(&w.raw);
        let mut v: Vec<(String, u32)> = found.into_iter().collect();
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
        let mut found: Vec<(u8, std::cmp::Reverse<u32>, String)> = Vec::new();
        for w in words.iter().filter(|w| !w.weak) {
            let Some(dist) = suggestion_distance(&w.raw) else {
                continue;
            };
            let (lo, hi) = first_letter_range(&w.raw);
            let dfa = lev_builder(dist).build_dfa(&w.raw);
            let Some(dict) = self.segment.terms(self.fields.raw) else {
                continue;
            };
            let mut s = dict
                .search(Lev(lev_builder(dist).build_dfa(&w.raw)))
                .ge(&lo)
                .lt(&hi)
                .into_stream()?;
            while s.advance() {
                let Ok(k) = std::str::from_utf8(s.key()) else {
                    continue;
                };
                if let Distance::Exact(d) = dfa.eval(k) {
                    if k != w.raw {
                        found.push((d, std::cmp::Reverse(s.value().doc_freq), k.to_string()));
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
