//! An order-2 word chain learnt from the catalogue's own prose, so generated
//! paragraphs have the vocabulary, sentence lengths and word frequencies of
//! real pages (what search indexes and Markdown renderers are sensitive to).

use std::collections::HashMap;
use std::path::Path;

use crate::Rng;

pub struct Chain {
    words: Vec<String>,
    starts: Vec<(u32, u32)>,
    next: HashMap<(u32, u32), Vec<u32>>,
}

/// Characters that would make a sentence Markdown or template syntax.
const UNSAFE: &[char] = &[
    '[', ']', '*', '`', '_', '<', '>', '|', '@', '{', '}', '\\', '#', '«', '»', '"', '(', ')', '&',
];

fn ends_sentence(w: &str) -> bool {
    w.ends_with('.') || w.ends_with('!') || w.ends_with('?')
}

impl Chain {
    /// Learns from the prose lines of `content/**/*.md` files of one language
    /// (`.en.md` for `en`, files without a language suffix for `fr`), read in
    /// sorted order so the chain, and thus the corpus, is deterministic.
    pub fn learn(content: &Path, lang: &str) -> Chain {
        let mut files = Vec::new();
        if let Ok(dirs) = std::fs::read_dir(content) {
            for d in dirs.flatten() {
                if let Ok(entries) = std::fs::read_dir(d.path()) {
                    for e in entries.flatten() {
                        let name = e.file_name().to_string_lossy().into_owned();
                        let is_lang = if lang == "fr" {
                            name.ends_with(".md") && name.matches('.').count() == 1
                                || name.ends_with(".fr.md")
                        } else {
                            name.ends_with(&format!(".{lang}.md"))
                        };
                        if is_lang {
                            files.push(e.path());
                        }
                    }
                }
            }
        }
        files.sort();
        let mut chain = Chain {
            words: Vec::new(),
            starts: Vec::new(),
            next: HashMap::new(),
        };
        let mut ids: HashMap<String, u32> = HashMap::new();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let mut fences = 0;
            let mut front = 0;
            for line in text.lines() {
                if front < 2 {
                    if line.trim() == "---" {
                        front += 1;
                    }
                    continue;
                }
                if line.trim_start().starts_with("```") {
                    fences += 1;
                    continue;
                }
                if fences % 2 == 1 || line.contains(UNSAFE) {
                    continue;
                }
                let line = line
                    .trim_start_matches(|c: char| c == '-' || c == ' ' || c.is_ascii_digit())
                    .trim_start_matches(". ");
                let toks: Vec<u32> = line
                    .split_whitespace()
                    .map(|w| {
                        let n = ids.len() as u32;
                        *ids.entry(w.to_owned()).or_insert_with(|| {
                            chain.words.push(w.to_owned());
                            n
                        })
                    })
                    .collect();
                let mut sentence_start = 0;
                for i in 0..toks.len() {
                    if i == sentence_start && i + 1 < toks.len() {
                        let first = &chain.words[toks[i] as usize];
                        if first.chars().next().is_some_and(char::is_uppercase) {
                            chain.starts.push((toks[i], toks[i + 1]));
                        }
                    }
                    if i + 2 < toks.len() && !ends_sentence(&chain.words[toks[i + 1] as usize]) {
                        chain
                            .next
                            .entry((toks[i], toks[i + 1]))
                            .or_default()
                            .push(toks[i + 2]);
                    }
                    if ends_sentence(&chain.words[toks[i] as usize]) {
                        sentence_start = i + 1;
                    }
                }
            }
        }
        chain
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// One sentence, ending with `.`, `!` or `?`.
    pub fn sentence(&self, rng: &mut Rng) -> String {
        let (mut a, mut b) = self.starts[rng.below(self.starts.len())];
        let mut out = vec![a, b];
        while out.len() < 45 && !ends_sentence(&self.words[b as usize]) {
            let Some(next) = self.next.get(&(a, b)) else {
                break;
            };
            let c = next[rng.below(next.len())];
            out.push(c);
            a = b;
            b = c;
        }
        let mut s = out
            .iter()
            .map(|&w| self.words[w as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if !ends_sentence(&s) {
            s = s.trim_end_matches([',', ';', ':']).to_owned();
            s.push('.');
        }
        s
    }
}
