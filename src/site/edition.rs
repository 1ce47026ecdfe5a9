//! The chain of editions a site is built from: the site itself, then the
//! edition it `extends`, then that one's base, and so on.

use std::path::{Component, Path, PathBuf};

use crate::config::{Config, CONFIG_FILE};
use crate::diagnostics::{Diagnostic, Position};
use crate::yaml::Locator;

/// One edition of the chain.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Canonical absolute root.
    pub root: PathBuf,
    pub config: Config,
}

/// Resolves the chain starting at `root` (most specific first).
pub fn resolve(root: &Path) -> Result<(Vec<Layer>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut warnings = Vec::new();
    let mut next = Some(root.to_path_buf());
    let mut from: Option<PathBuf> = None;
    while let Some(dir) = next.take() {
        let canonical = match dir.canonicalize() {
            Ok(c) => c,
            Err(_) => {
                let shown = from.clone().unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
                let mut d = Diagnostic::error(&shown, format!("the base edition `{}` does not exist", dir.display()))
                    .with_help("`extends` is a path to the national catalogue (relative to this site's root), e.g. a git submodule: `git submodule add <url> national`");
                if let Some(layer) = layers.last() {
                    d = d.at(extends_position(&layer.root));
                }
                return Err(vec![d]);
            }
        };
        if let Some(pos) = layers.iter().position(|l| l.root == canonical) {
            let cycle: Vec<String> = layers[pos..]
                .iter()
                .map(|l| l.root.display().to_string())
                .chain([canonical.display().to_string()])
                .collect();
            let shown = from.clone().unwrap_or_else(|| PathBuf::from(CONFIG_FILE));
            let d = Diagnostic::error(
                &shown,
                format!("`extends` makes a cycle: {}", cycle.join(" → ")),
            )
            .at(extends_position(
                &layers.last().map(|l| l.root.clone()).unwrap_or_default(),
            ))
            .with_help("an edition cannot extend itself, directly or through its base");
            return Err(vec![d]);
        }
        let (config, mut diags) = Config::load(&canonical).map_err(|ds| {
            ds.into_iter()
                .map(|mut d| {
                    if !layers.is_empty() {
                        d.file = shown_path(root, &canonical.join(&d.file));
                    }
                    d
                })
                .collect::<Vec<_>>()
        })?;
        if !layers.is_empty() {
            for d in &mut diags {
                d.file = shown_path(root, &canonical.join(&d.file));
            }
        }
        warnings.extend(diags);
        from = Some(shown_path(root, &canonical.join(CONFIG_FILE)));
        next = config.extends.clone();
        layers.push(Layer {
            root: canonical,
            config,
        });
    }
    Ok((layers, warnings))
}

fn extends_position(root: &Path) -> Position {
    std::fs::read_to_string(root.join(CONFIG_FILE))
        .ok()
        .and_then(|t| Locator::new(&t, 1).value("extends"))
        .unwrap_or(Position::START)
}

/// The path shown to users for `abs`: relative to the site root when inside
/// it, relative with `..` when beside it, absolute otherwise.
pub fn shown_path(root: &Path, abs: &Path) -> PathBuf {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if let Ok(rel) = abs.strip_prefix(&root) {
        return rel.to_path_buf();
    }
    if let Some(parent) = root.parent() {
        if let Ok(rel) = abs.strip_prefix(parent) {
            return Path::new("..").join(rel);
        }
    }
    abs.to_path_buf()
}

/// `to` relative to the folder `from` (both absolute).
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to_c: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to_c).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for c in &to_c[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}
