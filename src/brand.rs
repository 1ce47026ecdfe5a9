//! `brand:` in academie.yaml: an edition's logo and colours, without
//! copying a template or the stylesheet.
//!
//! ```yaml
//! brand:
//!   logo: images/logo-bretagne.svg        # under static/
//!   colors: { accent: "#6a1b4d", on_accent: "#ffffff", link: "#6a1b4d" }
//!   dark_colors: { accent: "#f0a8d0", on_accent: "#161616", link: "#f5bfdc" }
//! ```
//!
//! The colours replace the theme's CSS custom properties (`--accent`,
//! `--on-accent`, `--link`) in a small generated stylesheet, linked after
//! the theme's (no inline style: the pages' Content-Security-Policy
//! forbids it). Every pair a reader sees is checked for WCAG 2.1 AA
//! contrast at build: text 4.5:1, borders and other components 3:1; an
//! error names the pair, both colours, the ratio and the line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Position};
use crate::yaml::Value;

/// A colour a brand may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Bands, borders, buttons, the current page: `--accent`.
    Accent,
    /// Text on the accent colour: `--on-accent`.
    OnAccent,
    /// Links and small headings: `--link`.
    Link,
}

impl Role {
    const ALL: [Role; 3] = [Role::Accent, Role::OnAccent, Role::Link];

    fn key(self) -> &'static str {
        match self {
            Role::Accent => "accent",
            Role::OnAccent => "on_accent",
            Role::Link => "link",
        }
    }

    fn css(self) -> &'static str {
        match self {
            Role::Accent => "--accent",
            Role::OnAccent => "--on-accent",
            Role::Link => "--link",
        }
    }
}

/// Light or dark colour scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    fn key(self) -> &'static str {
        match self {
            Scheme::Light => "colors",
            Scheme::Dark => "dark_colors",
        }
    }
}

pub use crate::color::Rgb;

/// One colour set in academie.yaml, with where.
#[derive(Debug, Clone)]
pub struct Setting {
    pub color: Rgb,
    pub position: Position,
}

/// The validated `brand:` of one edition.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// Path of the logo under static/, with where it was written.
    pub logo: Option<(String, Position)>,
    pub light: BTreeMap<Role, Setting>,
    pub dark: BTreeMap<Role, Setting>,
}

impl Brand {
    pub fn is_empty(&self) -> bool {
        self.logo.is_none() && self.light.is_empty() && self.dark.is_empty()
    }

    /// Reads `brand:` (`value`) of the configuration `text`; problems go to
    /// `diags` as errors at their line.
    pub fn read(value: &Value, text: &str, file: &Path, diags: &mut Vec<Diagnostic>) -> Brand {
        let mut brand = Brand::default();
        let example = "brand: { logo: images/logo.svg, colors: { accent: \"#000091\", on_accent: \"#ffffff\", link: \"#000091\" } }";
        let Value::Mapping(m) = value else {
            diags.push(
                Diagnostic::error(file, "`brand` must be a mapping")
                    .at(locate(text, None, None).unwrap_or(Position::START))
                    .with_help(format!("write it as `{example}`")),
            );
            return brand;
        };
        for (k, v) in m {
            let key = k.as_str().unwrap_or("");
            match key {
                "logo" => {
                    let at = locate(text, Some("logo"), None).unwrap_or(Position::START);
                    match v.as_str().map(str::trim) {
                        Some(p) if !p.is_empty() && !p.contains("..") && !p.contains("://") => {
                            brand.logo = Some((p.trim_start_matches('/').to_owned(), at));
                        }
                        _ => diags.push(
                            Diagnostic::error(file, "`brand.logo` must be the path of an image under static/")
                                .at(at)
                                .with_help("write it as `logo: images/logo.svg` (the file static/images/logo.svg)"),
                        ),
                    }
                }
                "colors" | "dark_colors" => {
                    let scheme = if key == "colors" {
                        Scheme::Light
                    } else {
                        Scheme::Dark
                    };
                    let set = read_colors(v, scheme, text, file, diags);
                    match scheme {
                        Scheme::Light => brand.light = set,
                        Scheme::Dark => brand.dark = set,
                    }
                }
                other => diags.push(
                    Diagnostic::error(file, format!("unknown field `brand.{other}`"))
                        .at(locate(text, Some(other), None).unwrap_or(Position::START))
                        .with_help("`brand` has `logo`, `colors` and `dark_colors`"),
                ),
            }
        }
        brand
    }
}

fn read_colors(
    v: &Value,
    scheme: Scheme,
    text: &str,
    file: &Path,
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<Role, Setting> {
    let mut out = BTreeMap::new();
    let sub = scheme.key();
    let Value::Mapping(m) = v else {
        diags.push(
            Diagnostic::error(file, format!("`brand.{sub}` must map colour names to colours"))
                .at(locate(text, Some(sub), None).unwrap_or(Position::START))
                .with_help(format!("write it as `{sub}: {{ accent: \"#000091\", on_accent: \"#ffffff\", link: \"#000091\" }}`")),
        );
        return out;
    };
    for (k, v) in m {
        let name = k.as_str().unwrap_or("");
        let at = locate(text, Some(sub), Some(name)).unwrap_or(Position::START);
        let Some(role) = Role::ALL.into_iter().find(|r| r.key() == name) else {
            diags.push(
                Diagnostic::error(file, format!("unknown colour `brand.{sub}.{name}`"))
                    .at(at)
                    .with_help("the colours are `accent` (bands, buttons, borders), `on_accent` (text on the accent colour) and `link` (links)"),
            );
            continue;
        };
        let raw = match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => format!("{other:?}"),
        };
        match Rgb::parse(&raw) {
            Some(color) => {
                out.insert(
                    role,
                    Setting {
                        color,
                        position: at,
                    },
                );
            }
            None => {
                let help = if raw.is_empty() {
                    format!("quote the colour: `{name}: \"#1d4e89\"` (without quotes, YAML reads `#` as the start of a comment)")
                } else {
                    format!(
                        "write it as `{name}: \"#1d4e89\"`: `#` and 6 (or 3) hexadecimal digits"
                    )
                };
                let message = if raw.is_empty() {
                    format!("`brand.{sub}.{name}` is empty, which is not a colour")
                } else {
                    format!("`brand.{sub}.{name}`: `{raw}` is not a colour")
                };
                diags.push(
                    Diagnostic::error(file, message)
                        .at(at)
                        .span(raw.chars().count().max(1))
                        .with_help(help),
                );
            }
        }
    }
    out
}

/// Where, in academie.yaml's `brand:` block, the value of `sub` (or of
/// `sub.name`) starts; the `brand` key itself without `sub`.
fn locate(text: &str, sub: Option<&str>, name: Option<&str>) -> Option<Position> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| key_at(l, "brand").is_some())?;
    let Some(sub) = sub else {
        return Some(Position::new(start + 1, 1));
    };
    let block = lines
        .iter()
        .enumerate()
        .skip(start)
        .take_while(|(i, l)| *i == start || l.is_empty() || l.starts_with([' ', '\t', '#']));
    let mut in_sub = false;
    for (i, line) in block {
        let mut from = 0;
        if !in_sub {
            let Some(end) = key_at(line, sub) else {
                continue;
            };
            in_sub = true;
            if name.is_none() {
                return Some(value_position(line, end, i));
            }
            from = end;
        }
        if let Some(name) = name {
            if let Some(end) = key_at(&line[from..], name) {
                return Some(value_position(line, from + end, i));
            }
        }
    }
    None
}

/// The byte after `key:` in `line` when `key` is a whole key there.
fn key_at(line: &str, key: &str) -> Option<usize> {
    let needle = format!("{key}:");
    let mut from = 0;
    while let Some(i) = line[from..].find(&needle) {
        let s = from + i;
        let before = line[..s].chars().next_back();
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            return Some(s + needle.len());
        }
        from = s + needle.len();
    }
    None
}

fn value_position(line: &str, after_colon: usize, index: usize) -> Position {
    let rest = &line[after_colon..];
    let skip = rest.len() - rest.trim_start().len();
    Position::new(index + 1, line[..after_colon + skip].chars().count() + 1)
}

/// The theme's colours of one scheme, read from its stylesheet's custom
/// properties (`:root{--bg:#fff;…}` and its dark-mode block).
#[derive(Debug, Clone)]
pub struct ThemeColors {
    vars: BTreeMap<String, Rgb>,
}

impl ThemeColors {
    /// Colours of `scheme` in `css`; the theme's defaults where absent.
    pub fn from_css(css: &str, scheme: Scheme) -> ThemeColors {
        let block = match scheme {
            Scheme::Light => css.find(":root{").map(|i| &css[i..]),
            Scheme::Dark => css
                .find("prefers-color-scheme:dark")
                .or_else(|| css.find("prefers-color-scheme: dark"))
                .and_then(|i| css[i..].find(":root").map(|j| &css[i + j..])),
        };
        let mut vars = BTreeMap::new();
        let defaults: &[(&str, &str)] = match scheme {
            Scheme::Light => &[
                ("--bg", "#fff"),
                ("--alt", "#f5f5fe"),
                ("--accent", "#000091"),
                ("--on-accent", "#fff"),
                ("--link", "#000091"),
            ],
            Scheme::Dark => &[
                ("--bg", "#161616"),
                ("--alt", "#1e1e33"),
                ("--accent", "#9a9aff"),
                ("--on-accent", "#161616"),
                ("--link", "#a9a9ff"),
            ],
        };
        for (k, v) in defaults {
            if let Some(c) = Rgb::parse(v) {
                vars.insert((*k).to_owned(), c);
            }
        }
        if let Some(block) = block {
            let body = block.split('}').next().unwrap_or("");
            for decl in body
                .trim_start_matches(":root")
                .trim_start_matches('{')
                .split(';')
            {
                if let Some((k, v)) = decl.split_once(':') {
                    if let Some(c) = Rgb::parse(v) {
                        vars.insert(k.trim().to_owned(), c);
                    }
                }
            }
        }
        ThemeColors { vars }
    }

    fn get(&self, var: &str) -> Rgb {
        self.vars.get(var).copied().unwrap_or(Rgb(0, 0, 0))
    }
}

/// The contrast pairs of one scheme: (foreground role or theme variable,
/// background, minimum ratio, what a reader sees there).
const PAIRS: &[(&str, &str, f64, &str)] = &[
    (
        "on_accent",
        "accent",
        4.5,
        "text of buttons and of the current page on the accent colour",
    ),
    ("link", "bg", 4.5, "links on the page background"),
    (
        "link",
        "alt",
        4.5,
        "links on the tinted background of tiles and boxes",
    ),
    (
        "accent",
        "bg",
        3.0,
        "borders, bands and map badges on the page background",
    ),
];

/// Checks every pair a brand changes against AA; one error per failing
/// pair, at the line of the brand colour that the pair uses.
pub fn check_contrast(
    brand: &Brand,
    light: &ThemeColors,
    dark: &ThemeColors,
    file: &Path,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (scheme, set, theme) in [
        (Scheme::Light, &brand.light, light),
        (Scheme::Dark, &brand.dark, dark),
    ] {
        if set.is_empty() {
            continue;
        }
        let value = |name: &str| -> (Rgb, Option<&Setting>) {
            match Role::ALL.into_iter().find(|r| r.key() == name) {
                Some(role) => match set.get(&role) {
                    Some(s) => (s.color, Some(s)),
                    None => (theme.get(role.css()), None),
                },
                None => (theme.get(&format!("--{name}")), None),
            }
        };
        for (fg, bg, min, what) in PAIRS {
            let (fc, fs) = value(fg);
            let (bc, bs) = value(bg);
            // Only the pairs this brand changes.
            let Some(at) = fs.or(bs) else { continue };
            let ratio = fc.contrast(bc);
            if ratio + 1e-9 < *min {
                let describe = |n: &str, c: Rgb, set: Option<&Setting>| match set {
                    Some(_) => format!("`{}.{n}` {}", scheme.key(), c.hex()),
                    None => format!("the theme's `{n}` {}", c.hex()),
                };
                diags.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "brand colours {} on {}: contrast {:.2}:1, WCAG AA needs {min}:1 ({what})",
                            describe(fg, fc, fs),
                            describe(bg, bc, bs),
                            ratio
                        ),
                    )
                    .at(at.position)
                    .span(9)
                    .with_help(if fs.is_some() {
                        format!("choose a {} `{fg}` colour, or set both colours of the pair", if bc.luminance() > 0.18 { "darker" } else { "lighter" })
                    } else {
                        format!("choose a {} `{bg}` colour, or set `{fg}` too", if fc.luminance() > 0.18 { "darker" } else { "lighter" })
                    }),
                );
            }
        }
    }
    diags
}

/// The generated stylesheet: the brand's custom properties per scheme,
/// and the logo's size.
pub fn stylesheet(brand: &Brand) -> String {
    let vars = |set: &BTreeMap<Role, Setting>| -> String {
        let mut s = String::new();
        for (role, setting) in set {
            s.push_str(&format!("{}:{};", role.css(), setting.color.hex()));
            if *role == Role::Accent {
                s.push_str(&format!("--map-hover:{};", setting.color.hex()));
            }
        }
        s
    };
    let mut css = String::from("/* Generated from `brand:` in academie.yaml. */\n");
    if !brand.light.is_empty() {
        css.push_str(&format!(
            "@media screen and (prefers-color-scheme:light),screen and (prefers-color-scheme:no-preference){{:root{{{}}}}}\n",
            vars(&brand.light)
        ));
    }
    if !brand.dark.is_empty() {
        css.push_str(&format!(
            "@media screen and (prefers-color-scheme:dark){{:root{{{}}}}}\n",
            vars(&brand.dark)
        ));
    }
    if brand.logo.is_some() {
        css.push_str(".brand-logo{display:inline-block;height:2.5rem;width:auto;max-width:10rem;margin-right:.75rem;vertical-align:middle}\n");
    }
    css
}

/// The brand checks of a loaded site: the logo exists, the colours pass
/// AA against the theme's own (as its stylesheet sets them).
pub fn check_site(site: &crate::site::Site) -> Vec<Diagnostic> {
    let brand = &site.config.brand;
    if brand.is_empty() {
        return Vec::new();
    }
    let file = PathBuf::from(crate::config::CONFIG_FILE);
    let static_files = crate::theme::static_files(&site.static_dirs);
    let mut diags = Vec::new();
    if let Err(d) = check_logo(brand, &static_files, &file) {
        diags.push(d);
    }
    let css = static_files
        .get("style.css")
        .and_then(|p| crate::theme::read_to_string(p).ok())
        .unwrap_or_default();
    let light = ThemeColors::from_css(&css, Scheme::Light);
    let dark = ThemeColors::from_css(&css, Scheme::Dark);
    diags.extend(check_contrast(brand, &light, &dark, &file));
    diags
}

/// Checks that the logo is one of the static files; its URL path (under
/// the base path) when it is.
pub fn check_logo(
    brand: &Brand,
    static_files: &BTreeMap<String, PathBuf>,
    file: &Path,
) -> Result<Option<String>, Diagnostic> {
    let Some((logo, at)) = &brand.logo else {
        return Ok(None);
    };
    if static_files.contains_key(logo) {
        return Ok(Some(logo.clone()));
    }
    Err(Diagnostic::error(file, format!("`brand.logo`: there is no file static/{logo}"))
        .at(*at)
        .span(logo.chars().count())
        .with_help("put the image in the static/ folder of this site (or of its base edition), and give its path under static/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_ratios_follow_wcag() {
        let white = Rgb::parse("#fff").unwrap();
        let black = Rgb::parse("#000000").unwrap();
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        // The theme's own pair (#000091 on white) passes AA.
        assert!(Rgb::parse("#000091").unwrap().contrast(white) > 4.5);
        // #777 on white: 4.48, just under AA.
        let grey = Rgb::parse("#777777").unwrap();
        assert!((grey.contrast(white) - 4.48).abs() < 0.01);
        assert!(Rgb::parse("rouge").is_none());
        assert!(Rgb::parse("#12345").is_none());
        assert!(Rgb::parse("#ggg").is_none());
    }

    #[test]
    fn locates_brand_values() {
        let text = "title: x\nbrand:\n  logo: images/l.svg\n  colors:\n    accent: \"#000\"\n    on_accent: \"#fff\"\n  dark_colors: { accent: \"#eee\", on_accent: \"#111\" }\nhide: []\n";
        assert_eq!(locate(text, Some("logo"), None), Some(Position::new(3, 9)));
        assert_eq!(
            locate(text, Some("colors"), Some("accent")),
            Some(Position::new(5, 13))
        );
        assert_eq!(
            locate(text, Some("colors"), Some("on_accent")),
            Some(Position::new(6, 16))
        );
        assert_eq!(
            locate(text, Some("dark_colors"), Some("on_accent")),
            Some(Position::new(7, 45))
        );
    }
}
