//! Typed reading of YAML mappings with located, collected errors.
//!
//! Front matter and configuration files are read field by field rather
//! than deserialized in one go, so that one wrong field does not hide the
//! others: every problem becomes a [`Diagnostic`] at the field's line, and
//! unknown fields become warnings with the closest known name.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{did_you_mean, Diagnostic, Position};
use crate::yaml::{describe, Locator, Mapping, Value};

/// A value with the position it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub position: Position,
}

/// A calendar date (`YYYY-MM-DD`).
pub type Date = time::Date;

const DATE_FORMAT: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]");

/// Formats a date as ISO 8601 `YYYY-MM-DD`.
pub fn iso_date(d: Date) -> String {
    d.format(DATE_FORMAT).unwrap_or_default()
}

/// Reads the fields of one mapping; collects diagnostics into `diags`.
pub struct FieldReader<'a> {
    map: &'a Mapping,
    loc: Locator<'a>,
    file: &'a Path,
    diags: &'a mut Vec<Diagnostic>,
    known: Vec<&'static str>,
}

impl<'a> FieldReader<'a> {
    pub fn new(
        map: &'a Mapping,
        loc: Locator<'a>,
        file: &'a Path,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Self {
        FieldReader {
            map,
            loc,
            file,
            diags,
            known: Vec::new(),
        }
    }

    pub fn locator(&self) -> Locator<'a> {
        self.loc
    }

    pub fn file(&self) -> &'a Path {
        self.file
    }

    /// Raw access, marking the key as known.
    pub fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Records an error at the value of `key` (or at `needle` inside it).
    pub fn error(
        &mut self,
        key: &str,
        needle: Option<&str>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = Diagnostic::error(self.file, message)
            .at(self.loc.best(key, needle))
            .span(needle.map_or(key.chars().count(), |n| n.chars().count()));
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// An error whose help shows the expected shape of the value:
    /// ``write it as `key: example` ``.
    pub fn shape_error(
        &mut self,
        key: &str,
        needle: Option<&str>,
        message: impl Into<String>,
        example: &str,
    ) {
        let help = format!("write it as `{key}: {example}`");
        self.error(key, needle, message, Some(help));
    }

    pub fn warning(&mut self, key: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::warning(self.file, message)
            .at(self.loc.key(key).unwrap_or(Position::START))
            .span(key.chars().count());
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    fn missing(&mut self, key: &str, example: &str) {
        self.diags.push(
            Diagnostic::error(self.file, format!("missing required field `{key}`"))
                .at(self.loc.block_start())
                .with_help(format!("add a line `{key}: {example}` to the front matter")),
        );
    }

    fn type_error(&mut self, key: &str, expected: &str, found: &Value, example: &str) {
        self.shape_error(
            key,
            None,
            format!("`{key}` must be {expected}, found {}", describe(found)),
            example,
        );
    }

    /// A text value (numbers and booleans are refused: quote them).
    pub fn string(&mut self, key: &'static str, required: bool, example: &str) -> Option<String> {
        match self.get(key) {
            None if required => {
                self.missing(key, example);
                None
            }
            None => None,
            Some(Value::String(s)) if s.trim().is_empty() && required => {
                self.shape_error(key, None, format!("`{key}` is empty"), example);
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => {
                // A bare number or `yes` is almost certainly meant as text.
                let text = match v {
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => unreachable!(),
                };
                Some(text)
            }
            Some(v) => {
                let v = v.clone();
                self.type_error(key, "text", &v, example);
                None
            }
        }
    }

    /// An integer within `range`.
    pub fn integer(
        &mut self,
        key: &'static str,
        required: bool,
        range: std::ops::RangeInclusive<i64>,
        example: &str,
    ) -> Option<i64> {
        match self.get(key) {
            None if required => {
                self.missing(key, example);
                None
            }
            None => None,
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) if range.contains(&i) => Some(i),
                _ => {
                    self.error(
                        key,
                        None,
                        format!(
                            "`{key}` must be a whole number from {} to {}, found {n}",
                            range.start(),
                            range.end()
                        ),
                        None,
                    );
                    None
                }
            },
            Some(v) => {
                let v = v.clone();
                self.type_error(key, "a whole number", &v, example);
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &'static str) -> Option<bool> {
        match self.get(key) {
            None => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(v) => {
                let v = v.clone();
                self.type_error(key, "`true` or `false`", &v, "true");
                None
            }
        }
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, key: &'static str, required: bool) -> Option<Date> {
        let example = "2025-07-01";
        let text = match self.get(key) {
            None if required => {
                self.missing(key, example);
                return None;
            }
            None => return None,
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(v) => {
                let v = v.clone();
                self.type_error(key, "a date `YYYY-MM-DD`", &v, example);
                return None;
            }
        };
        match Date::parse(&text, DATE_FORMAT) {
            Ok(d) => Some(d),
            Err(_) => {
                self.shape_error(
                    key,
                    Some(&text),
                    format!("`{key}` must be a date `YYYY-MM-DD`, found `{text}`"),
                    example,
                );
                None
            }
        }
    }

    /// A list of texts. A missing list is empty; `required` asks for at least one.
    pub fn string_list(
        &mut self,
        key: &'static str,
        required: bool,
        example: &str,
    ) -> Vec<Located<String>> {
        let loc = self.loc;
        match self.get(key) {
            None if required => {
                self.missing(key, example);
                Vec::new()
            }
            None => Vec::new(),
            Some(Value::Sequence(items)) => {
                if items.is_empty() && required {
                    self.shape_error(
                        key,
                        None,
                        format!("`{key}` needs at least one value"),
                        example,
                    );
                }
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(Located {
                            value: s.trim().to_owned(),
                            position: loc.best(key, Some(s.trim())),
                        }),
                        Value::Number(n) => out.push(Located {
                            value: n.to_string(),
                            position: loc.best(key, Some(&n.to_string())),
                        }),
                        other => {
                            let other = other.clone();
                            self.type_error(key, "a list of texts", &other, example);
                        }
                    }
                }
                out
            }
            Some(v) => {
                let v = v.clone();
                self.type_error(key, "a list", &v, example);
                Vec::new()
            }
        }
    }

    /// A text per language: `{ fr: "…", en: "…" }`, or one text for all.
    pub fn lang_map(
        &mut self,
        key: &'static str,
        required: bool,
        languages: &[String],
    ) -> Option<BTreeMap<String, String>> {
        let example = "{ fr: \"…\", en: \"…\" }";
        match self.get(key) {
            None if required => {
                self.missing(key, example);
                None
            }
            None => None,
            Some(Value::String(s)) => {
                Some(languages.iter().map(|l| (l.clone(), s.clone())).collect())
            }
            Some(Value::Mapping(m)) => {
                let mut out = BTreeMap::new();
                for (k, v) in m {
                    match (k.as_str(), v.as_str()) {
                        (Some(k), Some(v)) => {
                            out.insert(k.to_owned(), v.to_owned());
                        }
                        _ => self.shape_error(
                            key,
                            None,
                            format!("`{key}` must map language codes to texts"),
                            example,
                        ),
                    }
                }
                Some(out)
            }
            Some(v) => {
                let v = v.clone();
                self.type_error(key, "a text per language", &v, example);
                None
            }
        }
    }

    /// Warns about every field that was not read, suggesting the closest known one.
    pub fn finish(self) {
        let known = self.known;
        for key in self.map.keys() {
            let Some(name) = key.as_str() else {
                let d = Diagnostic::error(
                    self.file,
                    format!("field names must be text, found {}", describe(key)),
                )
                .at(Position::START);
                self.diags.push(d);
                continue;
            };
            if known.contains(&name) {
                continue;
            }
            let help = match did_you_mean(name, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Known fields: {}", known.join(", ")),
                None => format!("known fields: {}", known.join(", ")),
            };
            let d = Diagnostic::warning(self.file, format!("unknown field `{name}` is ignored"))
                .at(self.loc.key(name).unwrap_or(Position::START))
                .span(name.chars().count())
                .with_help(help);
            self.diags.push(d);
        }
    }
}
