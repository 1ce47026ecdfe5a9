//! Tera templates: the theme's, overridden by each edition's `templates/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;

/// Every template of `dirs` by name (least specific first, so a site
/// template replaces the theme's template of the same path): name →
/// (absolute path, path shown to users).
fn files(dirs: &[(PathBuf, PathBuf)]) -> BTreeMap<String, (PathBuf, PathBuf)> {
    let mut files = BTreeMap::new();
    for (abs, shown) in dirs {
        for path in crate::theme::files(abs) {
            let rel = path.strip_prefix(abs).unwrap_or(&path);
            let name = rel.to_string_lossy().replace('\\', "/");
            if name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt") {
                let shown = shown.join(rel);
                files.insert(name, (path, shown));
            }
        }
    }
    files
}

/// The template names a template's source uses (`extends`, `include`,
/// `import`), read from its tags.
pub fn references(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("{%") {
        rest = &rest[i + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            // Every quoted string of the tag (`include ["a", "b"]` too),
            // but not the `as name` of an import.
            let mut t = &tag[keyword.len()..];
            while let Some(q) = t.find(['"', '\'']) {
                let quote = t[q..].chars().next().unwrap_or('"');
                let after = &t[q + 1..];
                let Some(close) = after.find(quote) else {
                    break;
                };
                out.push(after[..close].to_owned());
                t = &after[close + 1..];
            }
        }
        rest = &rest[end..];
    }
    out
}

/// Names of the templates that use one of `changed`, directly or through
/// others (`changed` included).
pub fn dependents(dirs: &[(PathBuf, PathBuf)], changed: &[String]) -> BTreeSet<String> {
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, (abs, _)) in files(dirs) {
        let text = crate::theme::read_to_string(&abs).unwrap_or_default();
        for used in references(&text) {
            users.entry(used).or_default().push(name.clone());
        }
    }
    let mut out: BTreeSet<String> = changed.iter().cloned().collect();
    let mut todo: Vec<String> = changed.to_vec();
    while let Some(t) = todo.pop() {
        for u in users.get(&t).into_iter().flatten() {
            if out.insert(u.clone()) {
                todo.push(u.clone());
            }
        }
    }
    out
}

/// Loads every `.html`/`.xml` template of `dirs` (least specific first, so
/// a site template replaces the theme's template of the same path).
pub fn load(dirs: &[(PathBuf, PathBuf)]) -> Result<tera::Tera, Vec<Diagnostic>> {
    let files = files(dirs);
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's default also escapes `/`, which is safe but makes every URL
    // unreadable in the HTML; these five characters are what matters.
    tera.set_escape_fn(super::escape::html);
    tera.register_filter("typography", super::typography::tera_filter);
    let mut diags = Vec::new();
    let mut sources = Vec::new();
    for (name, (abs, shown)) in &files {
        match crate::theme::read_to_string(abs) {
            Ok(text) => sources.push((name.clone(), text, shown.clone())),
            Err(e) => diags.push(Diagnostic::error(
                shown,
                format!("cannot read template: {e}"),
            )),
        }
    }
    let all: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, t, _)| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        // Find which file: parse each alone (inheritance errors aside, as
        // a lone template cannot see its parent).
        for (name, text, shown) in &sources {
            let mut probe = tera::Tera::default();
            if let Err(e) = probe.add_raw_template(name, text) {
                if !error_chain(&e).contains("is inheriting from") {
                    diags.push(template_error(shown, &e));
                }
            }
        }
        if diags.is_empty() {
            diags.push(template_error(&PathBuf::from("templates"), &e));
        }
        return Err(diags);
    }
    Ok(tera)
}

/// A template error with its whole cause chain (Tera puts the line there).
pub fn template_error(file: &std::path::Path, e: &tera::Error) -> Diagnostic {
    let chain = error_chain(e);
    let position = parse_position(&chain);
    let mut d = Diagnostic::error(
        file,
        format!("template error: {}", chain.replace('\n', " ")),
    );
    if let Some((line, col)) = position {
        d = d.at(crate::diagnostics::Position::new(line, col));
    }
    d
}

/// Tera's message and its causes, one per line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let msg = c.to_string();
        if !s.contains(&msg) {
            s.push_str(": ");
            s.push_str(&msg);
        }
        cur = c.source();
    }
    s
}

/// Tera parse errors carry ` --> line:col`.
fn parse_position(msg: &str) -> Option<(usize, usize)> {
    let i = msg.find("--> ")?;
    let rest = &msg[i + 4..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// The ids written literally in templates (`id="contenu"`), which ids of
/// body headings must not repeat.
pub fn literal_ids(dirs: &[(PathBuf, PathBuf)]) -> Vec<String> {
    let mut ids = std::collections::BTreeSet::new();
    for (abs, _) in dirs {
        for path in crate::theme::files(abs) {
            let Ok(text) = crate::theme::read_to_string(&path) else {
                continue;
            };
            for part in text.split("id=\"").skip(1) {
                let id = part.split('"').next().unwrap_or("");
                if !id.is_empty()
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    ids.insert(id.to_owned());
                }
            }
        }
    }
    ids.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::references;

    #[test]
    fn finds_the_templates_a_template_uses() {
        let src = r#"{% extends "base.html" %}
{%- import 'macros.html' as m -%}
{% block content %}{% include "partials/card.html" %}
{% include ["partials/a.html", "partials/b.html"] ignore missing %}
{{ "include \"not-a-tag.html\"" }}{% if x %}{% endif %}{% endblock content %}"#;
        assert_eq!(
            references(src),
            [
                "base.html",
                "macros.html",
                "partials/card.html",
                "partials/a.html",
                "partials/b.html"
            ]
        );
    }
}
