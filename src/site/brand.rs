//! The brand checks of a loaded site (the `brand:` of academie.yaml is
//! read with the configuration, in src/brand.rs; what it refers to can
//! only be checked once the site's static folders are known).

use std::path::PathBuf;

use super::Site;
use crate::brand;
use crate::diagnostics::Diagnostic;

/// The brand checks of a loaded site: the logo exists, the colours pass
/// AA against the theme's own (as its stylesheet sets them).
pub fn check(site: &Site) -> Vec<Diagnostic> {
    let config = &site.config.brand;
    if config.is_empty() {
        return Vec::new();
    }
    let file = PathBuf::from(crate::config::CONFIG_FILE);
    let static_files = crate::theme::static_files(&site.static_dirs);
    let mut diags = Vec::new();
    if let Err(d) = brand::check_logo(config, &static_files, &file) {
        diags.push(d);
    }
    let css = static_files
        .get("style.css")
        .and_then(|p| crate::theme::read_to_string(p).ok())
        .unwrap_or_default();
    let light = brand::ThemeColors::from_css(&css, brand::Scheme::Light);
    let dark = brand::ThemeColors::from_css(&css, brand::Scheme::Dark);
    diags.extend(brand::check_contrast(config, &light, &dark, &file));
    diags
}
