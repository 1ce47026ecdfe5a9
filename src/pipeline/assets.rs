//! The files a site gets besides its pages: the theme's fingerprinted
//! stylesheets and script, and the static folders' other files.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::render::{self, Assets};
use crate::site::Site;

/// The theme's stylesheet and script and the highlighting stylesheet,
/// fingerprinted: their URLs for the templates and their files.
pub(crate) fn theme_assets(
    site: &Site,
    static_files: &BTreeMap<String, PathBuf>,
) -> (Assets, Vec<(String, Vec<u8>)>) {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut asset = |name: &str, bytes: Vec<u8>| -> String {
        let file = crate::output::fingerprinted(name, &bytes);
        files.push((file.clone(), bytes));
        format!("{}{file}", site.routes.base_path())
    };
    let read = |name: &str| {
        static_files
            .get(name)
            .and_then(|p| crate::theme::read(p).ok())
            .map(std::borrow::Cow::into_owned)
            .unwrap_or_default()
    };
    let assets = Assets {
        style: asset("style.css", read("style.css")),
        highlight: asset(
            "highlight.css",
            render::highlight::stylesheet().into_bytes(),
        ),
        script: asset("site.js", read("site.js")),
        brand: (!site.config.brand.is_empty()).then(|| {
            asset(
                "brand.css",
                crate::brand::stylesheet(&site.config.brand).into_bytes(),
            )
        }),
    };
    (assets, files)
}

/// The files a body may link to besides pages: the static files and the
/// theme's fingerprinted assets.
pub(crate) fn known_files(
    static_files: &BTreeMap<String, PathBuf>,
    assets: &[(String, Vec<u8>)],
) -> HashSet<String> {
    static_files
        .keys()
        .cloned()
        .chain(assets.iter().map(|(f, _)| f.clone()))
        .collect()
}

/// The other files of the static folders, copied as they are.
pub(crate) fn static_copies(
    static_files: &BTreeMap<String, PathBuf>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let mut out = Vec::new();
    for (rel, abs) in static_files {
        if rel == "style.css" || rel == "site.js" {
            continue;
        }
        let bytes = crate::theme::read(abs)
            .map_err(|e| Diagnostic::error(abs, format!("cannot read: {e}")))?;
        out.push((rel.clone(), bytes.into_owned()));
    }
    Ok(out)
}
