//! French typography, applied by the build so editors type ordinary spaces.
//!
//! French sets a space before the high punctuation marks and inside
//! guillemets: a narrow no-break space (U+202F) before `;`, `!`, `?`, after
//! `«` and before `»`, and a no-break space (U+00A0) before `:`, so that
//! the mark never starts a line. Only a space the editor typed is changed
//! before `; ! ? :` (so `http://`, `10:30` or `a?b` stay as they are);
//! guillemets get their space even when it was left out.
//!
//! The Markdown renderer applies this to text events only: code spans, code
//! blocks, URLs and HTML attributes are never touched.

use std::borrow::Cow;

/// Narrow no-break space.
pub const NNBSP: char = '\u{202F}';
/// No-break space.
pub const NBSP: char = '\u{00A0}';

/// Whether pages in `lang` follow French typography (`fr`, `fr-CA`…).
pub fn is_french(lang: &str) -> bool {
    let l = lang.to_ascii_lowercase();
    l == "fr" || l.starts_with("fr-") || l.starts_with("fr_")
}

fn is_space(c: char) -> bool {
    c == ' ' || c == NBSP || c == NNBSP || c == '\t'
}

/// Replaces the spaces at the end of `out` (if any) by `space`; returns
/// whether there were some.
fn replace_trailing_spaces(out: &mut String, space: char) -> bool {
    let kept = out.trim_end_matches(is_space).len();
    if kept == out.len() {
        return false;
    }
    out.truncate(kept);
    out.push(space);
    true
}

/// The text with French spacing around punctuation (see the module doc).
pub fn french(text: &str) -> Cow<'_, str> {
    if !text.contains([';', '!', '?', ':', '«', '»']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ';' | '!' | '?' => {
                replace_trailing_spaces(&mut out, NNBSP);
                out.push(c);
            }
            ':' => {
                replace_trailing_spaces(&mut out, NBSP);
                out.push(c);
            }
            '«' => {
                out.push(c);
                let mut spaced = false;
                while chars.peek().is_some_and(|&n| is_space(n)) {
                    chars.next();
                    spaced = true;
                }
                // Before a line break the space is left out.
                if spaced || chars.peek().is_none_or(|n| !n.is_whitespace()) {
                    out.push(NNBSP);
                }
            }
            '»' => {
                if !replace_trailing_spaces(&mut out, NNBSP)
                    && !out.ends_with(|p: char| p.is_whitespace())
                {
                    out.push(NNBSP);
                }
                out.push(c);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The `typography` filter of templates: `{{ page.title | typography(lang=page.lang) }}`
/// spaces the punctuation of a text in a French page, and leaves any other
/// value or language as it is.
pub fn tera_filter(
    value: &tera::Value,
    args: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let french_page = args
        .get("lang")
        .and_then(tera::Value::as_str)
        .is_some_and(is_french);
    match value {
        tera::Value::String(s) if french_page => Ok(tera::Value::String(french(s).into_owned())),
        v => Ok(v.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_before_high_punctuation_become_no_break() {
        assert_eq!(
            french("Vraiment ? Oui ! Bien ; voici : la suite"),
            "Vraiment\u{202F}? Oui\u{202F}! Bien\u{202F}; voici\u{A0}: la suite"
        );
    }

    #[test]
    fn existing_no_break_spaces_are_normalised() {
        assert_eq!(french("Quoi\u{A0}?"), "Quoi\u{202F}?");
        assert_eq!(french("Note\u{202F}:"), "Note\u{A0}:");
        assert_eq!(french("deux espaces  ?"), "deux espaces\u{202F}?");
    }

    #[test]
    fn guillemets_get_narrow_spaces_inside_even_when_missing() {
        assert_eq!(
            french("le plan « Osez l'IA » et «IA»"),
            "le plan «\u{202F}Osez l'IA\u{202F}» et «\u{202F}IA\u{202F}»"
        );
        assert_eq!(french("«\u{A0}déjà\u{A0}»"), "«\u{202F}déjà\u{202F}»");
        // Split by inline markup: each text event ends or starts with one.
        assert_eq!(french("« "), "«\u{202F}");
        assert_eq!(french("»"), "\u{202F}»");
    }

    #[test]
    fn urls_times_and_unspaced_marks_are_left_alone() {
        for s in [
            "https://www.cnil.fr/fr?q=ia",
            "http://example.org",
            "à 10:30",
            "mailto:a@b.fr",
            "a;b",
            "Wow!",
        ] {
            assert_eq!(french(s), s);
        }
    }

    #[test]
    fn text_without_punctuation_is_borrowed() {
        assert!(matches!(french("rien à faire"), Cow::Borrowed(_)));
    }

    #[test]
    fn languages() {
        assert!(is_french("fr"));
        assert!(is_french("fr-CA"));
        assert!(!is_french("en"));
        assert!(!is_french("fur"));
    }
}
