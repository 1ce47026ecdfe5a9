//! The one HTML escaper of the pages: text in element content and in
//! quoted attribute values (`&`, `<`, `>`, `"`, `'`). Tera's autoescape,
//! the Markdown renderer, quizzes, images and highlighted code all use it,
//! so untrusted text is escaped the same way wherever it lands. (XML
//! output has its own, `output::xml_escape`, which also drops the control
//! characters XML forbids.)

/// Escapes `s` for HTML content or a quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
