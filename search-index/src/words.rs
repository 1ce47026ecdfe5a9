//! The index's words as written (lowercased and folded, not stemmed), each
//! with a rough count of the documents that have it: what typo and prefix
//! matching and the "did you mean" suggestions scan (`engine::expand`).
//!
//! Why a file of its own rather than a tantivy field: those scans read
//! words and frequencies only, while a tantivy field also keeps postings
//! and, in its term dictionary, where each word's postings lie. At 5,000
//! documents the words of a language took 13.7 KB of the gzipped preload
//! as a tantivy dictionary; front-coded here, 7 KB.
//!
//! Layout: a table, then sections. Every scan stays within the words that
//! share the first character of the word typed (a typo keeps the first
//! letter, a prefix has it), so the words are cut into sections by first
//! character, in byte order, and a query reads only the sections of its
//! words' first characters: all of them preloaded for an index of ordinary
//! size, fetched by range for a larger one (`writer`).
//! - The table: its byte length (`u32`, little-endian), then for each
//!   section its first character (a varint length and UTF-8 bytes) and its
//!   byte length (varint).
//! - A section: for each word, ascending, the number of bytes it shares
//!   with the word before it in the section (varint), the length of the
//!   rest (varint), the rest, and its frequency class (one byte).

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;

use tantivy::directory::FileSlice;
use tantivy::HasLen;

use crate::varint;

/// File name of the words inside a bundle.
pub const FILE: &str = "words.bin";

/// Whether a bundle file is one every query looks its words up in first:
/// a tantivy term dictionary or the index's words. The writer preloads
/// them all or none, and the browser's engine tells from the preload
/// whether a query needs a dictionary round.
pub fn is_dictionary(name: &str) -> bool {
    name.ends_with(".term") || name == FILE
}

/// How common a word is: `⌊2·log2(documents)⌋` (two classes an octave),
/// enough to put the common word first among a typo's candidates, in a
/// byte where the exact count would take two and compress worse.
pub type Class = u8;

/// The class of a word found in `docs` documents.
pub fn class(docs: u32) -> Class {
    if docs <= 1 {
        return 0;
    }
    // 2·log2(n) = log2(n²); n² fits a u64.
    let sq = u64::from(docs) * u64::from(docs);
    (63 - sq.leading_zeros()) as Class
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("words: {what}"))
}

fn read_len(bytes: &[u8], at: &mut usize) -> io::Result<usize> {
    usize::try_from(varint::read(bytes, at).map_err(bad)?).map_err(|_| bad("length"))
}

/// The first character of a word, as a string (the section it is in).
pub fn first_char(word: &str) -> &str {
    word.char_indices()
        .nth(1)
        .map_or(word, |(end, _)| &word[..end])
}

/// Writes the words file: `words` maps each word to the number of
/// documents that have it (ascending by construction).
pub fn encode(words: &BTreeMap<String, u32>) -> Vec<u8> {
    let mut sections: Vec<(&str, Vec<u8>)> = Vec::new();
    let mut prev: &str = "";
    for (w, &docs) in words {
        if w.is_empty() {
            continue;
        }
        let first = first_char(w);
        if sections.last().is_none_or(|(f, _)| *f != first) {
            sections.push((first, Vec::new()));
            prev = "";
        }
        let out = &mut sections.last_mut().expect("pushed above").1;
        let shared = w
            .bytes()
            .zip(prev.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        varint::push(out, shared as u64);
        varint::push(out, (w.len() - shared) as u64);
        out.extend_from_slice(&w.as_bytes()[shared..]);
        out.push(class(docs));
        prev = w;
    }
    let mut table = Vec::new();
    for (first, bytes) in &sections {
        varint::push(&mut table, first.len() as u64);
        table.extend_from_slice(first.as_bytes());
        varint::push(&mut table, bytes.len() as u64);
    }
    let mut out = Vec::with_capacity(4 + table.len());
    out.extend_from_slice(&(table.len() as u32).to_le_bytes());
    out.extend_from_slice(&table);
    for (_, bytes) in sections {
        out.extend_from_slice(&bytes);
    }
    out
}

/// Decodes one section into its words and classes.
fn decode_section(bytes: &[u8]) -> io::Result<Vec<(String, Class)>> {
    let mut out: Vec<(String, Class)> = Vec::new();
    let mut at = 0;
    let mut prev: Vec<u8> = Vec::new();
    while at < bytes.len() {
        let shared = read_len(bytes, &mut at)?;
        let rest = read_len(bytes, &mut at)?;
        let end = at
            .checked_add(rest)
            .filter(|&e| e < bytes.len())
            .ok_or_else(|| bad("truncated word"))?;
        if shared > prev.len() {
            return Err(bad("shares more than the word before has"));
        }
        prev.truncate(shared);
        prev.extend_from_slice(&bytes[at..end]);
        let word = String::from_utf8(prev.clone()).map_err(|_| bad("a word is not UTF-8"))?;
        out.push((word, bytes[end]));
        at = end + 1;
    }
    Ok(out)
}

/// An index's words, opened: the table is read, sections are read when a
/// scan needs them (from the preload, or by range after
/// [`Words::warm`]).
pub struct Words {
    file: FileSlice,
    /// First character → byte range of its section in `file`, ascending.
    sections: Vec<(String, Range<usize>)>,
}

impl Words {
    /// Reads the table (a bundle without the file has no words).
    pub fn open(file: FileSlice) -> io::Result<Words> {
        if file.is_empty() {
            return Ok(Words {
                file,
                sections: Vec::new(),
            });
        }
        if file.len() < 4 {
            return Err(bad("no table"));
        }
        let len = file.read_bytes_slice(0..4)?;
        let len = u32::from_le_bytes(len.as_slice().try_into().map_err(|_| bad("no table"))?);
        let len = len as usize;
        if 4 + len > file.len() {
            return Err(bad("truncated table"));
        }
        let table = file.read_bytes_slice(4..4 + len)?;
        let table = table.as_slice();
        let mut sections = Vec::new();
        let (mut at, mut start) = (0, 4 + len);
        while at < table.len() {
            let n = read_len(table, &mut at)?;
            let first = table
                .get(at..at + n)
                .ok_or_else(|| bad("truncated table"))?;
            let first = String::from_utf8(first.to_vec()).map_err(|_| bad("table is not UTF-8"))?;
            at += n;
            let size = read_len(table, &mut at)?;
            let end = start
                .checked_add(size)
                .filter(|&e| e <= file.len())
                .ok_or_else(|| bad("a section ends past the file"))?;
            sections.push((first, start..end));
            start = end;
        }
        Ok(Words { file, sections })
    }

    fn range_of(&self, first: &str) -> Option<Range<usize>> {
        self.sections
            .binary_search_by(|(f, _)| f.as_str().cmp(first))
            .ok()
            .map(|i| self.sections[i].1.clone())
    }

    /// Fetches the sections of these first characters all at once (the
    /// browser's range reads), so that the scans after it read from memory.
    pub async fn warm<'a>(&self, firsts: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        let mut ranges: Vec<Range<usize>> = firsts
            .into_iter()
            .filter_map(|f| self.range_of(f))
            .collect();
        ranges.sort_by_key(|r| r.start);
        ranges.dedup();
        let reads = ranges
            .into_iter()
            .map(|r| async move { self.file.slice(r).read_bytes_async().await.map(drop) });
        futures_util::future::try_join_all(reads).await?;
        Ok(())
    }

    /// The words sharing the first character of `word`, ascending, with
    /// their classes.
    pub fn section_of(&self, word: &str) -> io::Result<Vec<(String, Class)>> {
        match self.range_of(first_char(word)) {
            Some(r) => decode_section(self.file.read_bytes_slice(r)?.as_slice()),
            None => Ok(Vec::new()),
        }
    }

    /// Whether some document has `word`.
    pub fn contains(&self, word: &str) -> io::Result<bool> {
        let section = self.section_of(word)?;
        Ok(section
            .binary_search_by(|(w, _)| w.as_str().cmp(word))
            .is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> BTreeMap<String, u32> {
        [
            ("données", 40),
            ("donner", 3),
            ("don", 1),
            ("ia", 300),
            ("industrie", 12),
            ("éthique", 5),
            ("étiquette", 2),
            ("2025", 7),
        ]
        .into_iter()
        .map(|(w, n)| (w.to_string(), n))
        .collect()
    }

    #[test]
    fn sections_hold_every_word_in_order() {
        let words = Words::open(FileSlice::from(encode(&sample()))).unwrap();
        let firsts: Vec<&str> = words.sections.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(firsts, ["2", "d", "i", "é"]);
        let d = words.section_of("dxx").unwrap();
        assert_eq!(
            d,
            [
                ("don".to_string(), class(1)),
                ("donner".to_string(), class(3)),
                ("données".to_string(), class(40))
            ]
        );
        assert_eq!(words.section_of("éco").unwrap().len(), 2);
        assert!(words.section_of("zèbre").unwrap().is_empty());
        for w in sample().keys() {
            assert!(words.contains(w).unwrap(), "{w}");
        }
        assert!(!words.contains("donne").unwrap());
        assert!(!words.contains("").unwrap());
    }

    #[test]
    fn classes_follow_the_counts() {
        assert_eq!(class(0), 0);
        assert_eq!(class(1), 0);
        assert_eq!(class(2), 2);
        assert_eq!(class(3), 3);
        assert_eq!(class(4), 4);
        assert!(class(300) > class(40));
        assert_eq!(class(u32::MAX), 63);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = encode(&sample());
        for cut in 0..bytes.len() {
            let Ok(words) = Words::open(FileSlice::from(bytes[..cut].to_vec())) else {
                continue;
            };
            for w in ["don", "ia", "éthique", "2025"] {
                let _ = words.section_of(w);
            }
        }
        let empty = Words::open(FileSlice::empty()).unwrap();
        assert!(!empty.contains("ia").unwrap());
    }
}
