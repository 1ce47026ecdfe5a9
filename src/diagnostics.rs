//! Errors and warnings about the user's files, collected across a whole build.
//!
//! A build never stops at the first mistake: every stage pushes
//! [`Diagnostic`]s into a [`Diagnostics`] list and carries on where it can,
//! so an editor sees all the problems of a site at once. Each diagnostic
//! points at a file, line and column, and is printed as
//! `path:line:column: message` followed by the offending source line.

use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::WriteColor};

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: usize, column: usize) -> Self {
        Position {
            line: line.max(1),
            column: column.max(1),
        }
    }
}

/// What kind of problem a diagnostic reports, for the few that a later
/// stage acts on (most are only shown, and have none): behaviour is keyed
/// on this, never on the wording of the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A content file's name has a language suffix that is not one of the
    /// site's languages (a base edition may publish more languages than
    /// the edition built on it: there it is no problem).
    UnknownLanguage,
    /// A template failed to render a page (the diagnostic's file is the
    /// template): the same failure repeats on every page the template
    /// renders, and is reported once.
    TemplateFailed,
}

/// One problem found in the user's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the site root where possible).
    pub file: PathBuf,
    /// Where in the file; `None` for problems about a whole file or none.
    pub position: Option<Position>,
    /// Length of the offending text in characters, for the underline.
    pub span_len: usize,
    pub message: String,
    /// What to do about it: allowed values, a suggestion.
    pub help: Option<String>,
    /// The kind of problem, when a later stage acts on it.
    pub code: Option<Code>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            position: None,
            span_len: 0,
            message: message.into(),
            help: None,
            code: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    pub fn span(mut self, len: usize) -> Self {
        self.span_len = len;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Whether `other` reports the same problem in the same file: the same
    /// template failing (on another page), or the same message.
    pub fn same_problem(&self, other: &Diagnostic) -> bool {
        self.file == other.file
            && match (self.code, other.code) {
                (Some(Code::TemplateFailed), Some(Code::TemplateFailed)) => true,
                _ => self.message == other.message,
            }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column` (or just `path` when there is no position).
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.column),
            None => self.file.display().to_string(),
        }
    }

    /// Prints the diagnostic: a `path:line:column: severity: message` line
    /// (the shape editors and grep understand), then the source line with
    /// the offending text underlined and the help, drawn by codespan.
    pub fn emit(&self, source: Option<&str>, out: &mut dyn WriteColor) -> std::io::Result<()> {
        let header = format!(
            "{}: {}",
            self.location(),
            shorten(&self.message, MAX_MESSAGE)
        );
        let mut cs = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(header);
        let file_name = self.file.display().to_string();
        let mut text = source.unwrap_or("").to_owned();
        if let (Some(pos), Some(src)) = (self.position, source) {
            if let Some(range) = byte_range(src, pos, self.span_len) {
                let (excerpt, range) = excerpt(src, pos.line, range);
                text = excerpt;
                cs = cs.with_labels(vec![Label::primary((), range)]);
            }
        }
        if let Some(help) = &self.help {
            cs = cs.with_notes(vec![help.clone()]);
        }
        let file = SimpleFile::new(file_name, text.as_str());
        let config = term::Config::default();
        term::emit_to_write_style(out, &config, &file, &cs).map_err(std::io::Error::other)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

/// Longest message printed whole; longer ones (a pasted document quoted in
/// an error) are cut in the middle.
const MAX_MESSAGE: usize = 400;

/// Characters of a source line shown around the problem.
const LINE_WINDOW: (usize, usize) = (60, 100);

fn shorten(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= max {
        return s.into();
    }
    let head: String = s.chars().take(max / 2).collect();
    let tail: String = {
        let mut t: Vec<char> = s.chars().rev().take(max / 2).collect();
        t.reverse();
        t.into_iter().collect()
    };
    format!("{head} … {tail}").into()
}

/// The source to show for a problem at `range` (bytes) on `line`: only
/// that line, preceded by empty lines so that its number stays right, and
/// cut to a window around the problem when it is long (a 5 MB line is not
/// printed). Returns the text and the range in it.
fn excerpt(
    src: &str,
    line: usize,
    range: std::ops::Range<usize>,
) -> (String, std::ops::Range<usize>) {
    let line_start = src[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = src[range.start..]
        .find('\n')
        .map_or(src.len(), |i| range.start + i);
    let content = &src[line_start..line_end];
    let (start, end) = (
        range.start - line_start,
        range.end.min(line_end) - line_start,
    );
    // A very long underline is cut too.
    let end = content[start..end]
        .char_indices()
        .nth(LINE_WINDOW.1)
        .map_or(end, |(i, _)| start + i);
    let (before, after) = LINE_WINDOW;
    let from = content[..start]
        .char_indices()
        .rev()
        .nth(before.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let to = content[end..]
        .char_indices()
        .nth(after)
        .map_or(content.len(), |(i, _)| end + i);
    let mut shown = String::new();
    shown.push_str(&"\n".repeat(line.saturating_sub(1)));
    let lead = if from > 0 { "…" } else { "" };
    shown.push_str(lead);
    let offset = shown.len();
    shown.push_str(&content[from..to]);
    if to < content.len() {
        shown.push('…');
    }
    shown.push('\n');
    let range = offset + start - from..offset + end - from;
    (shown, range)
}

/// Byte range of `len` characters at a 1-based line/column, clamped to the line.
fn byte_range(text: &str, pos: Position, len: usize) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i + 1 == pos.line {
            let content = line.trim_end_matches(['\n', '\r']);
            let start = content
                .char_indices()
                .nth(pos.column - 1)
                .map(|(b, _)| b)
                .unwrap_or(content.len());
            let end = content[start..]
                .char_indices()
                .nth(len.max(1))
                .map(|(b, _)| start + b)
                .unwrap_or(content.len());
            return Some(offset + start..offset + end.max(start));
        }
        offset += line.len();
    }
    None
}

/// All the diagnostics of one build, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, then position, so output is stable across runs
    /// whatever order the parallel stages found them in.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message))
        });
        self.items.dedup();
        self
    }

    /// Prints every diagnostic to stderr, in colour on a terminal (what the
    /// commands and the preview server show).
    pub fn print(&self, root: &Path) {
        use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
        use std::io::IsTerminal;
        let choice = if std::io::stderr().is_terminal() {
            ColorChoice::Auto
        } else {
            ColorChoice::Never
        };
        let _ = self.emit(root, &mut StandardStream::stderr(choice));
    }

    /// Prints every diagnostic with its source snippet. `root` is where the
    /// relative paths of the diagnostics are read from.
    pub fn emit(&self, root: &Path, out: &mut dyn WriteColor) -> std::io::Result<()> {
        for d in &self.items {
            // A built-in theme file is named by its virtual path.
            let path = if crate::theme::is_builtin(&d.file) {
                d.file.clone()
            } else {
                root.join(&d.file)
            };
            let source = crate::theme::read(&path)
                .ok()
                .map(|b| String::from_utf8_lossy(&b).replace("\r\n", "\n"));
            let source = source.map(|s| s.trim_start_matches('\u{feff}').to_owned());
            d.emit(source.as_deref(), out)?;
        }
        Ok(())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a
/// likely typo: used for "did you mean" suggestions everywhere.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| {
            *d <= (c.chars().count().max(word.chars().count()) / 3).max(1)
                || c.to_lowercase().starts_with(&word_l) && !word_l.is_empty()
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["tpe", "pme", "eti"];
        assert_eq!(did_you_mean("pmee", keys), Some("pme"));
        assert_eq!(did_you_mean("PME", keys), Some("pme"));
        assert_eq!(did_you_mean("artisan", keys), None);
    }

    fn emitted(d: &Diagnostic, source: &str) -> String {
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        d.emit(Some(source), &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn a_huge_line_is_shown_around_the_problem_only() {
        let value = "x".repeat(5_000_000);
        let source = format!("---\ntitle: \"{value}\"\nlevel: expert\n---\n");
        let d = Diagnostic::error("m.md", format!("`title`: `{value}` is too long"))
            .at(Position::new(2, 8))
            .span(value.len());
        let shown = emitted(&d, &source);
        assert!(shown.len() < 2_000, "{} bytes printed", shown.len());
        assert!(shown.contains("m.md:2:8"), "{shown}");
        assert!(shown.contains("2 │ title: \"xxx"), "{shown}");

        // A short line is shown whole, at its own line number.
        let d = Diagnostic::error("m.md", "`level`: `expert` is not a key")
            .at(Position::new(3, 8))
            .span(6);
        let shown = emitted(&d, &source);
        assert!(shown.contains("3 │ level: expert"), "{shown}");
        assert!(shown.contains("^^^^^^"), "{shown}");
    }

    #[test]
    fn underlines_within_line() {
        let text = "a: 1\nlevel: expert\n";
        let r = byte_range(text, Position::new(2, 8), 6).unwrap();
        assert_eq!(&text[r], "expert");
    }
}
