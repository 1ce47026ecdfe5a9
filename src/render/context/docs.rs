//! The variable tables of `docs/templates.md`, generated from the structs.
//!
//! The part of `docs/templates.md` between the [`BEGIN`] and [`END`]
//! markers is [`generate`]'s output; a test fails when the two differ.
//! To change what the documentation says about a variable, change the doc
//! comment of its field in `src/render/context/`, then run
//!
//! ```text
//! ACADEMIE_UPDATE_DOCS=1 cargo test --lib render::context::docs
//! ```
//!
//! which rewrites that part of the file (commit both).

use super::*;

/// The line that opens the generated part of `docs/templates.md`.
pub const BEGIN: &str = "<!-- BEGIN variables: generated from the doc comments of src/render/context/ (see its docs.rs); edit them there, not here -->";
/// The line that closes it.
pub const END: &str = "<!-- END variables -->";

/// One table of the documentation: a heading, an introduction, the rows.
struct Table {
    /// Heading level (2: `##`, 3: `###`).
    level: usize,
    heading: &'static str,
    /// Introduction (the struct's doc comment, or a line written here).
    intro: String,
    fields: Vec<Field>,
}

fn table<T: Vars>(level: usize, heading: &'static str) -> Table {
    Table {
        level,
        heading,
        intro: T::doc().into(),
        fields: T::fields(),
    }
}

/// Every table, in the order of the documentation.
fn tables() -> Vec<Table> {
    let mut every = Common::fields();
    every.extend(Frame::fields());
    vec![
        Table {
            level: 2,
            heading: "Variables every template receives",
            intro: "The first seven are the same for every page of a language \
                    (`Common`), the others describe the page being rendered (`Frame`)."
                .into(),
            fields: every,
        },
        table::<SiteVars>(3, "`site`"),
        table::<LanguageVars>(3, "`site.languages`: each"),
        table::<EditionVars>(3, "`site.edition`"),
        table::<Assets>(3, "`assets`"),
        table::<FooterLink>(3, "`footer_links`: each"),
        table::<Alternate>(3, "`alternates`: each"),
        table::<SwitcherItem>(3, "`switcher`: each"),
        table::<NavItem>(3, "`nav`: each"),
        Table {
            level: 2,
            heading: "Shared shapes",
            intro: "Shapes several templates receive, named once.".into(),
            fields: Vec::new(),
        },
        table::<Term>(3, "term"),
        table::<Link>(3, "link"),
        table::<Card>(3, "card"),
        table::<PageVars>(
            2,
            "`page` (module.html, use-case.html, ambassador.html, page.html)",
        ),
        table::<ModuleVars>(3, "`page` of a module"),
        table::<UseCaseVars>(3, "`page` of a use case"),
        table::<SolutionVars>(3, "`page.solution`"),
        table::<AmbassadorVars>(3, "`page` of an ambassador"),
        table::<ListingVars>(2, "`listing` (list.html)"),
        table::<ActiveFacet>(3, "`listing.active`"),
        table::<Paginator>(3, "`listing.paginator`"),
        table::<PageNumber>(3, "`listing.paginator.pages`: each"),
        table::<FacetVars>(3, "`listing.facets`: each"),
        table::<FacetValue>(3, "`listing.facets[].values`: each"),
        table::<MapVars>(3, "`listing.map`"),
        table::<MapRegion>(3, "`listing.map.regions`: each"),
        table::<PathVars>(3, "`listing.path`"),
        table::<PathStep>(3, "`listing.path.steps`: each"),
        table::<HomeVars>(2, "`home` (index.html)"),
        table::<AudienceEntry>(3, "`home.audiences`: each"),
        table::<HomeCounts>(3, "`home.counts`"),
        table::<CollectionEntry>(3, "`home.collections`: each"),
        table::<HomeRegion>(3, "`home.region`"),
        table::<SitemapVars>(2, "`sitemap` (sitemap.html)"),
        table::<SitemapSection>(3, "`sitemap.sections`: each"),
        table::<SitemapItem>(3, "`sitemap.sections[].items`: each"),
        table::<NotFoundVars>(2, "`all_t` (404.html)"),
    ]
}

/// Doc-comment lines as one paragraph.
fn paragraph(doc: &str) -> String {
    doc.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A table cell: `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The generated part of `docs/templates.md`, markers included.
pub fn generate() -> String {
    let mut out = format!("{BEGIN}\n");
    for t in tables() {
        out.push_str(&format!("\n{} {}\n\n", "#".repeat(t.level), t.heading));
        for line in t.intro.lines().map(paragraph).filter(|l| !l.is_empty()) {
            out.push_str(&format!("{line}\n"));
        }
        let rows: Vec<&Field> = t.fields.iter().filter(|f| !f.flatten).collect();
        if rows.is_empty() {
            continue;
        }
        let column = if t.level == 2 { "variable" } else { "field" };
        out.push_str(&format!("\n| {column} | type | meaning |\n|---|---|---|\n"));
        for f in rows {
            out.push_str(&format!(
                "| `{}` | {} | {} |\n",
                f.name,
                cell(&f.shape),
                cell(&paragraph(f.doc))
            ));
        }
    }
    out.push_str(&format!("\n{END}\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs_path() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md")
    }

    /// docs/templates.md says what the structs hold: regenerate it with
    /// `ACADEMIE_UPDATE_DOCS=1 cargo test --lib render::context::docs`.
    #[test]
    fn templates_md_lists_the_variables_of_the_structs() {
        let path = docs_path();
        let text = std::fs::read_to_string(&path).expect("docs/templates.md");
        let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
            panic!("docs/templates.md has lost its markers:\n{BEGIN}\n{END}");
        };
        let current = &text[start..end + END.len() + 1];
        let generated = generate();
        if current != generated {
            if std::env::var_os("ACADEMIE_UPDATE_DOCS").is_some() {
                let updated = format!(
                    "{}{generated}{}",
                    &text[..start],
                    &text[end + END.len() + 1..]
                );
                std::fs::write(&path, updated).expect("write docs/templates.md");
                return;
            }
            let first = current
                .lines()
                .zip(generated.lines())
                .find(|(a, b)| a != b)
                .map_or_else(String::new, |(a, b)| format!("\n  docs: {a}\n  code: {b}"));
            panic!(
                "docs/templates.md differs from the template variables in src/render/context/{first}\n\
                 run `ACADEMIE_UPDATE_DOCS=1 cargo test --lib render::context::docs` and commit the file"
            );
        }
    }

    /// Every field is documented, and the only serde attribute is `flatten`
    /// (a rename would make the documented name wrong).
    #[test]
    fn every_variable_has_a_meaning() {
        for t in tables() {
            for f in &t.fields {
                assert!(
                    f.flatten || !paragraph(f.doc).is_empty(),
                    "`{}` of {} has no doc comment",
                    f.name,
                    t.heading
                );
                assert!(
                    f.serde.is_empty() || f.serde == "flatten",
                    "`{}` of {}: #[serde({})] would change its name in templates",
                    f.name,
                    t.heading,
                    f.serde
                );
            }
        }
    }
}
