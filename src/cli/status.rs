//! `academie status`: what the edition inherits, overrides, hides and adds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::content;
use crate::diagnostics::Diagnostic;
use crate::site::edition;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let lines = match status(&args.root) {
        Ok(l) => l,
        Err(d) => {
            for x in d {
                eprintln!("{x}");
            }
            return ExitCode::from(super::EXIT_CONTENT_ERROR);
        }
    };
    let mut counts = std::collections::BTreeMap::new();
    for l in &lines {
        *counts.entry(l.provenance).or_insert(0) += 1;
        let mut notes = Vec::new();
        if !l.missing.is_empty() {
            notes.push(format!("missing: {}", l.missing.join(", ")));
        }
        if !l.outdated.is_empty() {
            notes.push(format!(
                "older than the source language: {}",
                l.outdated.join(", ")
            ));
        }
        println!(
            "{:<14} {:<55} {:<8} {}",
            l.provenance.label(),
            l.id,
            l.languages.join(","),
            notes.join("; ")
        );
    }
    let summary: Vec<String> = counts
        .iter()
        .map(|(p, n)| format!("{n} {}", p.label()))
        .collect();
    println!("\n{}", summary.join(", "));
    for d in crate::site::drift::drift(&args.root) {
        println!("{d}");
    }
    ExitCode::SUCCESS
}

/// How a page of the edition relates to its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Provenance {
    Inherited,
    Overridden,
    Hidden,
    RegionalOnly,
}

impl Provenance {
    pub fn label(self) -> &'static str {
        match self {
            Provenance::Inherited => "inherited",
            Provenance::Overridden => "overridden",
            Provenance::Hidden => "hidden",
            Provenance::RegionalOnly => "regional-only",
        }
    }
}

/// One line of `academie status`.
#[derive(Debug, Clone)]
pub struct StatusLine {
    pub id: String,
    pub provenance: Provenance,
    pub languages: Vec<String>,
    pub missing: Vec<String>,
    /// Translations whose `updated` is older than the default language's.
    pub outdated: Vec<String>,
}

/// The edition's pages and their provenance.
pub fn status(root: &Path) -> Result<Vec<StatusLine>, Vec<Diagnostic>> {
    let (layers, _) = edition::resolve(root)?;
    let config = &layers[0].config;
    let languages = &config.languages;
    let hidden: Vec<String> = layers
        .iter()
        .flat_map(|l| l.config.hide.iter().map(|h| h.value.clone()))
        .collect();
    // id → layer indexes that have it; id → lang → updated
    let mut seen: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut dates: BTreeMap<String, BTreeMap<String, Option<crate::fields::Date>>> =
        BTreeMap::new();
    let mut diags = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        let files = content::discover(
            &layer.root,
            i,
            languages,
            &config.default_language,
            &|p| p.to_path_buf(),
            &mut diags,
        );
        for f in files {
            let id = format!("{}/{}", f.collection.dir(), f.slug);
            let v = seen.entry(id.clone()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
            let entry = dates.entry(id).or_default();
            if entry.contains_key(&f.lang) {
                continue; // a more specific layer already gave this translation
            }
            let updated = content::read_text(&f.abs, &f.path).ok().and_then(|t| {
                let split = content::split(&t).ok()?;
                let map = crate::yaml::parse_mapping(split.front_matter, &f.path, 2).ok()?;
                let mut d = Vec::new();
                let mut r = crate::fields::FieldReader::new(
                    &map,
                    crate::yaml::Locator::new(split.front_matter, 2),
                    &f.path,
                    &mut d,
                );
                r.date("updated", false)
            });
            entry.insert(f.lang.clone(), updated);
        }
    }
    let mut out = Vec::new();
    for (id, in_layers) in seen {
        let provenance = if in_layers == [0] {
            Provenance::RegionalOnly
        } else if in_layers.contains(&0) {
            Provenance::Overridden
        } else if hidden.contains(&id) {
            Provenance::Hidden
        } else {
            Provenance::Inherited
        };
        let d = dates.remove(&id).unwrap_or_default();
        let have: Vec<String> = languages
            .iter()
            .filter(|l| d.contains_key(*l))
            .cloned()
            .collect();
        let missing: Vec<String> = languages
            .iter()
            .filter(|l| !d.contains_key(*l))
            .cloned()
            .collect();
        let source = d.get(&config.default_language).copied().flatten();
        let outdated = d
            .iter()
            .filter(|(l, u)| {
                **l != config.default_language
                    && matches!((u, source), (Some(u), Some(s)) if *u < s)
            })
            .map(|(l, _)| l.clone())
            .collect();
        out.push(StatusLine {
            id,
            provenance,
            languages: have,
            missing,
            outdated,
        });
    }
    Ok(out)
}
