//! Synonym groups in a query: the words of a query cut into spans (a word
//! alone, or the longest member of a `data/synonyms.yaml` group starting
//! there), and the index terms a span stands for.

use crate::analysis;

use super::{Engine, Member, QWord};

/// A run of query words: one word, or a synonym group member
/// (`len` words from `start`).
pub(super) enum Span {
    Word(usize),
    Synonym {
        group: usize,
        start: usize,
        len: usize,
    },
}

impl Engine {
    /// The index term of a synonym member.
    pub(super) fn member_term(member: &Member) -> String {
        if member.len() == 1 {
            member[0].1.clone()
        } else {
            analysis::phrase_term(member)
        }
    }

    /// Cuts the words of a query into spans: a word alone, or the longest
    /// member of a synonym group starting at that word.
    pub(super) fn spans(&self, words: &[QWord]) -> Vec<Span> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            // Longest synonym member starting at word i.
            let mut best: Option<(usize, usize)> = None; // (group, len)
            if !words[i].weak {
                for (g, group) in self.synonyms.iter().enumerate() {
                    for m in group {
                        let len = m.len();
                        if i + len <= words.len()
                            && m.iter().zip(&words[i..i + len]).all(|(t, w)| t.1 == w.stem)
                            && best.is_none_or(|b| len > b.1)
                        {
                            best = Some((g, len));
                        }
                    }
                }
            }
            match best {
                Some((group, len)) => {
                    out.push(Span::Synonym {
                        group,
                        start: i,
                        len,
                    });
                    i += len;
                }
                None => {
                    out.push(Span::Word(i));
                    i += 1;
                }
            }
        }
        out
    }

    /// The groups a one-word span belongs to (a word may be in several).
    fn groups_of(&self, stem: &str) -> Vec<usize> {
        self.synonyms
            .iter()
            .enumerate()
            .filter(|(_, g)| g.iter().any(|m| m.len() == 1 && m[0].1 == stem))
            .map(|(i, _)| i)
            .collect()
    }

    /// Every index term the synonyms of a span stand for (the typed
    /// member included).
    pub(super) fn span_terms(&self, group: usize, typed: &[QWord]) -> Vec<String> {
        let mut terms: Vec<String> = self
            .span_groups(group, typed)
            .into_iter()
            .flat_map(|g| self.synonyms[g].iter().map(Self::member_term))
            .collect();
        terms.sort();
        terms.dedup();
        terms
    }

    /// The synonym groups of a span: those of its word for a one-word
    /// span (a word may be in several), else the group it was cut for.
    pub(super) fn span_groups(&self, group: usize, typed: &[QWord]) -> Vec<usize> {
        if typed.len() == 1 {
            self.groups_of(&typed[0].stem)
        } else {
            vec![group]
        }
    }
}
