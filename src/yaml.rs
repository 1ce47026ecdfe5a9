//! The one place that knows how YAML is parsed.
//!
//! The design named `serde_yaml`, which is archived upstream; this module
//! uses its maintained, API-compatible fork `serde_yaml_ng`, which reports
//! syntax errors with a line and column. Keeping YAML behind these few
//! functions means a later change of parser touches one file.
//!
//! A parsed YAML value carries no positions, so [`Locator`] finds, in the
//! source text, the line of a top-level key and of a value inside it: good
//! enough to point an editor at the right line of a front matter block.

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Position};
use std::path::Path;

pub use serde_yaml_ng::{Mapping, Value};

/// Parses `text` (which starts at line `first_line` of `file`) as YAML.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml_ng::from_str(text).map_err(|e| yaml_error(e, file, first_line))
}

/// Parses a YAML mapping (an empty document is an empty mapping).
pub fn parse_mapping(text: &str, file: &Path, first_line: usize) -> Result<Mapping, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match parse::<Value>(text, file, first_line)? {
        Value::Mapping(m) => Ok(m),
        Value::Null => Ok(Mapping::new()),
        other => Err(Diagnostic::error(file, format!("expected `key: value` lines, found {}", describe(&other)))
            .at(Position::new(first_line, 1))
            .with_help("each line of this block is a field name, a colon and its value, e.g. `title: Écrire un prompt`")),
    }
}

fn yaml_error(e: serde_yaml_ng::Error, file: &Path, first_line: usize) -> Diagnostic {
    let mut message = e.to_string();
    // The library appends " at line L column C"; the position is shown apart.
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    let d = Diagnostic::error(file, format!("invalid YAML: {message}"))
        .with_help("check indentation, quotes and colons; a value containing `: ` or starting with `@`, `*`, `&`, `[` or `{` must be quoted");
    match e.location() {
        Some(loc) => d.at(Position::new(first_line + loc.line() - 1, loc.column())),
        None => d.at(Position::new(first_line, 1)),
    }
}

/// A scalar as the text an editor typed: vocabulary keys such as `53` or
/// UI strings such as `true` are written unquoted and still mean text.
/// `None` for lists, mappings and nothing.
pub fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A short, human name for the kind of a YAML value, for error messages.
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Finds positions of keys and values in a YAML block's source text.
#[derive(Debug, Clone, Copy)]
pub struct Locator<'a> {
    text: &'a str,
    first_line: usize,
}

impl<'a> Locator<'a> {
    /// `text` is the YAML block; its first line is line `first_line` of the file.
    pub fn new(text: &'a str, first_line: usize) -> Self {
        Locator { text, first_line }
    }

    /// The line that opens the block (the `---` of a front matter), where
    /// a missing field is reported.
    pub fn block_start(&self) -> Position {
        Position::new(self.first_line.saturating_sub(1), 1)
    }

    /// Position of a top-level `key:`.
    pub fn key(&self, key: &str) -> Option<Position> {
        self.key_line(key)
            .map(|(i, _)| Position::new(self.first_line + i, 1))
    }

    fn key_line(&self, key: &str) -> Option<(usize, &'a str)> {
        self.text.lines().enumerate().find(|(_, l)| {
            let l2 = l
                .strip_prefix('"')
                .or_else(|| l.strip_prefix('\''))
                .unwrap_or(l);
            l2.starts_with(key) && {
                let rest = l2[key.len()..].trim_start_matches(['"', '\'']);
                rest.trim_start().starts_with(':')
            }
        })
    }

    /// Position of the value of a top-level key (just after `key:`, or the
    /// next line when the value is a block).
    pub fn value(&self, key: &str) -> Option<Position> {
        let (i, line) = self.key_line(key)?;
        let colon = line.find(':')?;
        let after = &line[colon + 1..];
        let trimmed = after.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Some(Position::new(self.first_line + i + 1, 1));
        }
        let col = line[..colon + 1].chars().count()
            + (after.chars().count() - trimmed.chars().count())
            + 1;
        Some(Position::new(self.first_line + i, col))
    }

    /// Position of the text `needle` inside the block of a top-level key
    /// (its line and the indented lines after it): used to point at one
    /// element of a list.
    pub fn within(&self, key: &str, needle: &str) -> Option<Position> {
        let (start, _) = self.key_line(key)?;
        for (i, line) in self.text.lines().enumerate().skip(start) {
            if i > start && !line.is_empty() && !line.starts_with([' ', '\t', '-']) {
                break;
            }
            let search_from = if i == start {
                line.find(':').map_or(0, |c| c + 1)
            } else {
                0
            };
            if let Some(b) = find_word(&line[search_from..], needle) {
                let col = line[..search_from + b].chars().count() + 1;
                return Some(Position::new(self.first_line + i, col));
            }
        }
        None
    }

    /// The position of `needle` in the key's block, else of the value, else of the key.
    pub fn best(&self, key: &str, needle: Option<&str>) -> Position {
        needle
            .and_then(|n| self.within(key, n))
            .or_else(|| self.value(key))
            .or_else(|| self.key(key))
            .unwrap_or(Position::new(self.first_line, 1))
    }
}

/// Finds `needle` in `hay` where it is not part of a longer word.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_' || c == '/';
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before = hay[..s].chars().next_back();
        let after = hay[e..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(s);
        }
        from = e;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_keys_values_and_list_items() {
        let text = "title: Bonjour\naudiences:\n  - dirigeants\n  - salaries\nlevel: expert\n";
        let l = Locator::new(text, 2);
        assert_eq!(l.key("level"), Some(Position::new(6, 1)));
        assert_eq!(l.value("level"), Some(Position::new(6, 8)));
        assert_eq!(l.within("audiences", "salaries"), Some(Position::new(5, 5)));
        assert_eq!(l.within("audiences", "sala"), None);
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse_mapping("title: a\n  bad: [\n", Path::new("x.md"), 2).unwrap_err();
        assert!(e.position.unwrap().line >= 2, "{e}");
    }
}
