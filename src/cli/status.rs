//! `academie status`: what the edition inherits, overrides, hides and adds.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Site root.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(args: Args) -> ExitCode {
    let lines = match crate::regional::status(&args.root) {
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
    for d in crate::regional::drift(&args.root) {
        println!("{d}");
    }
    ExitCode::SUCCESS
}
