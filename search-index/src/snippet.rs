//! Snippets: the passage of a text with the most matched words, HTML-escaped,
//! matched words wrapped in `<mark>`. A word is highlighted when its stemmed
//! form is a matched exact or synonym term, or its unstemmed form a term a
//! typo or prefix expanded to — so highlighting follows what actually
//! matched, not only what was typed.

use std::collections::{HashMap, HashSet};

use crate::analysis::{split_words, Pipeline};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Terms to highlight.
#[derive(Debug, Default, Clone)]
pub struct Highlight {
    pub stemmed: HashSet<String>,
    pub raw: HashSet<String>,
    /// The terms of the words typed (not of their synonyms): a snippet
    /// prefers the passage that shows them.
    pub typed: HashSet<String>,
}

impl Highlight {
    pub fn is_empty(&self) -> bool {
        self.stemmed.is_empty() && self.raw.is_empty()
    }
}

/// Decides which words of texts to highlight for one query. It remembers
/// the verdict on every distinct word it meets: the hits of a query share
/// most of their vocabulary, and analysing (stemming) each word of every
/// hit's text was most of the time a query took.
pub struct Matcher<'a> {
    stem: &'a Pipeline,
    raw: &'a Pipeline,
    h: &'a Highlight,
    /// word as written → the term it matched (stemmed or raw), if any.
    seen: HashMap<String, Option<String>>,
    /// First characters of the stemmed terms: a stemmer keeps a word's
    /// first character (it rewrites endings), so a word starting with
    /// another one need not be stemmed.
    firsts: HashSet<char>,
}

impl<'a> Matcher<'a> {
    pub fn new(stem: &'a Pipeline, raw: &'a Pipeline, h: &'a Highlight) -> Matcher<'a> {
        Matcher {
            stem,
            raw,
            h,
            seen: HashMap::new(),
            firsts: h.stemmed.iter().filter_map(|t| t.chars().next()).collect(),
        }
    }

    /// The term `word` matches: its stemmed form if that is highlighted,
    /// else its unstemmed form if that is (the smaller of the two when
    /// both are).
    fn verdict(&self, word: &str) -> Option<String> {
        let unstemmed = self.raw.word(word)?;
        let stemmed = unstemmed
            .chars()
            .next()
            .filter(|c| self.firsts.contains(c))
            .and_then(|_| self.stem.continue_from(self.raw, unstemmed.clone()))
            .filter(|t| self.h.stemmed.contains(t));
        let raw = Some(unstemmed).filter(|t| self.h.raw.contains(t));
        match (stemmed, raw) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Byte spans of `text` to highlight, in order, with the matched term.
    pub fn matches(&mut self, text: &str) -> Vec<(usize, usize, String)> {
        let mut spans = Vec::new();
        if self.h.is_empty() {
            return spans;
        }
        for (from, to) in split_words(text) {
            let word = &text[from..to];
            let term = match self.seen.get(word) {
                Some(t) => t.clone(),
                None => {
                    let t = self.verdict(word);
                    self.seen.insert(word.to_string(), t.clone());
                    t
                }
            };
            if let Some(t) = term {
                spans.push((from, to, t));
            }
        }
        spans
    }

    /// See [`snippet`].
    pub fn snippet(&mut self, text: &str, max_chars: usize) -> Option<String> {
        let spans = self.matches(text);
        window(text, &spans, &self.h.typed, max_chars)
    }
}

/// Byte spans of `text` to highlight, sorted, with the matched term.
pub fn matches(
    text: &str,
    stem: &Pipeline,
    raw: &Pipeline,
    h: &Highlight,
) -> Vec<(usize, usize, String)> {
    Matcher::new(stem, raw, h).matches(text)
}

/// Builds a snippet of at most about `max_chars` characters around the best
/// cluster of matches. Returns `None` when nothing in `text` matches.
pub fn snippet(
    text: &str,
    stem: &Pipeline,
    raw: &Pipeline,
    h: &Highlight,
    max_chars: usize,
) -> Option<String> {
    Matcher::new(stem, raw, h).snippet(text, max_chars)
}

/// The passage of at most `max_chars` of `text` with the most distinct
/// matched terms (a term of a word typed counts twice), escaped, with the
/// `spans` inside it marked.
fn window(
    text: &str,
    spans: &[(usize, usize, String)],
    typed: &HashSet<String>,
    max_chars: usize,
) -> Option<String> {
    if spans.is_empty() {
        return None;
    }
    // Pick the window start (a match start, backed up a little) covering
    // the most distinct matched terms.
    let char_len = |a: usize, b: usize| text[a..b].chars().count();
    let mut best = (0usize, 0usize);
    for (i, s) in spans.iter().enumerate() {
        let mut seen = HashSet::new();
        for t in &spans[i..] {
            if char_len(s.0, t.1) > max_chars {
                break;
            }
            seen.insert(&t.2);
        }
        let worth = seen
            .iter()
            .map(|t| if typed.contains(*t) { 2 } else { 1 })
            .sum::<usize>();
        if worth > best.1 {
            best = (i, worth);
        }
    }
    let anchor = spans[best.0].0;
    // Back up ~ a fifth of the window, to a word boundary.
    let start = text[..anchor]
        .char_indices()
        .rev()
        .take(max_chars / 5)
        .last()
        .map_or(anchor, |(i, _)| i);
    let mut start = start;
    if start > 0 {
        // After the first whitespace (which may be wider than a byte, e.g.
        // a no-break space).
        let ws = text[start..anchor]
            .char_indices()
            .find(|(_, c)| c.is_whitespace());
        start = ws.map_or(anchor, |(w, c)| start + w + c.len_utf8());
    }
    let mut end = text.len();
    if char_len(start, text.len()) > max_chars {
        let e = text[start..]
            .char_indices()
            .nth(max_chars)
            .map(|(i, _)| start + i)
            .unwrap_or(text.len());
        end = text[start..e]
            .rfind(char::is_whitespace)
            .map(|w| start + w)
            .filter(|&w| w > anchor)
            .unwrap_or(e);
    }
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for (a, b, _) in spans.iter().filter(|s| s.0 >= start && s.1 <= end) {
        if *a < at {
            continue;
        }
        escape_html(&text[at..*a], &mut out);
        out.push_str("<mark>");
        escape_html(&text[*a..*b], &mut out);
        out.push_str("</mark>");
        at = *b;
    }
    escape_html(&text[at..end], &mut out);
    if end < text.len() {
        out.push('…');
    }
    Some(out.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_marks() {
        let stem = Pipeline::for_language("fr", true);
        let raw = Pipeline::for_language("fr", false);
        let mut h = Highlight::default();
        h.stemmed.insert(stem.word("modèles").unwrap());
        let s = snippet("<b>Les modèles</b> & \"vous\"", &stem, &raw, &h, 100).unwrap();
        assert_eq!(
            s,
            "&lt;b&gt;Les <mark>modèles</mark>&lt;/b&gt; &amp; &quot;vous&quot;"
        );
    }

    #[test]
    fn windows_long_text() {
        let stem = Pipeline::for_language("en", true);
        let raw = Pipeline::for_language("en", false);
        let mut h = Highlight::default();
        h.raw.insert("target".into());
        let text = format!(
            "{} the target word {}",
            "lorem ".repeat(100),
            "ipsum ".repeat(100)
        );
        let s = snippet(&text, &stem, &raw, &h, 80).unwrap();
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>target</mark>"));
        assert!(s.chars().count() < 100);
    }

    #[test]
    fn window_starts_after_a_multibyte_space() {
        let stem = Pipeline::for_language("fr", true);
        let raw = Pipeline::for_language("fr", false);
        let mut h = Highlight::default();
        h.raw.insert("cible".into());
        // The window backs up to a no-break space (2 bytes in UTF-8) and
        // must start after it, on a character boundary.
        for pad in 0..40 {
            let text = format!(
                "{}\u{a0}: le mot cible est ici {}",
                "é".repeat(pad + 20),
                "suite ".repeat(40)
            );
            let s = snippet(&text, &stem, &raw, &h, 80).unwrap();
            assert!(s.contains("<mark>cible</mark>"), "{s}");
        }
    }
}
