//! Splitting a content file into its YAML front matter and Markdown body.

/// The two parts of a content file, with the line numbers that let
/// diagnostics point into the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// YAML text between the `---` lines.
    pub front_matter: &'a str,
    /// Line of the file where the front matter text starts (2).
    pub front_matter_line: usize,
    pub body: &'a str,
    /// Line of the file where the body starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The first line is not `---`.
    NoOpening,
    /// No closing `---` line after the opening one.
    NoClosing,
}

/// Splits normalised text (LF line endings, no BOM). The front matter is
/// between a first line `---` and the next line that is `---` (trailing
/// spaces allowed).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().ok_or(SplitError::NoOpening)?;
    if first.trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let start = first.len();
    let mut offset = start;
    for (i, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            let end = offset + line.len();
            return Ok(Split {
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[end..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("---\ntitle: a\n---\n# Body\n").unwrap();
        assert_eq!(s.front_matter, "title: a\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn reports_missing_delimiters() {
        assert_eq!(split("title: a\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NoClosing));
        assert_eq!(split(""), Err(SplitError::NoOpening));
        assert!(split("---\n---\n").is_ok());
        assert!(split("---\ntitle: a\n---").is_ok());
    }
}
