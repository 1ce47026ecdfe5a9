//! The one HTML escaper of the pages: text in element content and in
//! quoted attribute values (`&`, `<`, `>`, `"`, `'`). Tera's autoescape,
//! the Markdown renderer, quizzes, images and highlighted code all use it,
//! so untrusted text is escaped the same way wherever it lands, search
//! results included. (XML
//! output has its own, `output::xml_escape`, which also drops the control
//! characters XML forbids.)

/// Escapes `s` for HTML content or a quoted attribute value: the search
/// engine's escaper (`search_index::snippet::escape_html`, which escapes
/// the snippets in the browser), so pages and results escape alike.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    search_index::snippet::escape_html(s, &mut out);
    out
}
