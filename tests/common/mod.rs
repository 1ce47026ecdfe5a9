//! Helpers shared by the integration tests: a throw-away site folder made
//! from a fixture, the real `academie` binary run on it, and small readers
//! for what the build writes (HTML through `scraper`, CSV and XML by hand so
//! the tests do not trust the code they test).
//!
//! In the spirit of ripgrep's `Dir`/`TestCommand`: every test gets its own
//! temporary directory, so tests run in parallel and leave nothing behind.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

/// The repository root (the bundled national catalogue lives there).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the repository's bundled catalogue into Cargo's temporary folder
/// for integration tests (`<target>/tmp/<key>`, emptied first) and returns
/// the output folder; the build must succeed.
pub fn build_catalogue(key: &str) -> PathBuf {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(key);
    if out.exists() {
        fs::remove_dir_all(&out).unwrap();
    }
    run(&[
        "build",
        "--root",
        &repo_root().display().to_string(),
        "--output",
        &out.display().to_string(),
    ])
    .assert_ok();
    out
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    repo_root().join("tests").join("fixtures").join(name)
}

/// Copies a directory tree (files and folders; symlinks are followed).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            fs::copy(&src, &dst)
                .unwrap_or_else(|e| panic!("copy {} -> {}: {e}", src.display(), dst.display()));
        }
    }
}

/// A site root in a temporary directory, with the repository's `themes/`
/// copied in so `theme: academie` resolves.
pub struct Site {
    root: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Site {
    /// A copy of `tests/fixtures/<name>` plus the theme.
    pub fn fixture(name: &str) -> Site {
        let site = Site::empty();
        copy_dir(&fixture_path(name), site.root());
        site
    }

    /// An empty temporary site root with the theme only.
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("academie-test-")
            .tempdir()
            .expect("temp dir");
        let site = Site {
            root: tmp.path().to_path_buf(),
            _tmp: Some(tmp),
        };
        copy_dir(&repo_root().join("themes"), &site.root().join("themes"));
        site
    }

    /// A copy of a fixture at a fixed place under Cargo's per-target temp
    /// folder (wiped first): for a site built once and shared by the tests
    /// of one file through a `OnceLock`, which never runs destructors.
    pub fn fixture_at(name: &str, key: &str) -> Site {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(key);
        if root.exists() {
            fs::remove_dir_all(&root).unwrap();
        }
        copy_dir(&fixture_path(name), &root);
        copy_dir(&repo_root().join("themes"), &root.join("themes"));
        Site { root, _tmp: None }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes (or replaces) a file of the site, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Site {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, contents).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
        self
    }

    pub fn remove(&self, rel: &str) -> &Site {
        fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    /// Default output folder of the tests (inside the temp dir, outside the
    /// site's content).
    pub fn out(&self) -> PathBuf {
        self.root().join("_out")
    }

    /// `academie build --root <site> --output <site>/_out <extra…>`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let out = self.out();
        let mut args: Vec<String> = vec![
            "build".into(),
            "--root".into(),
            self.root().display().to_string(),
            "--output".into(),
            out.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        run(&args)
    }

    /// `academie check --root <site> <extra…>`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args: Vec<String> = vec![
            "check".into(),
            "--root".into(),
            self.root().display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        run(&args)
    }
}

/// What one run of the binary did.
pub struct Run {
    pub args: Vec<String>,
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// stdout and stderr together (the tool prints diagnostics on stderr).
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.status,
            Some(0),
            "expected success of `academie {}`\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_exit(&self, code: i32) -> &Run {
        assert_eq!(
            self.status,
            Some(code),
            "expected exit status {code} of `academie {}`\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts that the output contains `needle`.
    pub fn assert_contains(&self, needle: &str) -> &Run {
        assert!(
            self.all().contains(needle),
            "expected the output of `academie {}` to contain\n    {needle}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn assert_not_contains(&self, needle: &str) -> &Run {
        assert!(
            !self.all().contains(needle),
            "expected the output of `academie {}` NOT to contain\n    {needle}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    /// The header lines of the diagnostics: `error: …` / `warning: …`.
    pub fn diagnostic_lines(&self, severity: &str) -> Vec<String> {
        let prefix = format!("{severity}: ");
        self.all()
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .map(|l| l.to_string())
            .collect()
    }

    /// Asserts that one diagnostic header line starts (after `error: `) with
    /// `location` (e.g. `content/modules/x.md:4:13:`) and contains every one
    /// of `texts`; the help notes below it may hold some of them, so the
    /// whole block of that diagnostic (up to the next header) is searched.
    pub fn assert_diagnostic(&self, severity: &str, location: &str, texts: &[&str]) -> &Run {
        let blocks = self.diagnostic_blocks(severity);
        let found = blocks.iter().any(|(head, block)| {
            head.starts_with(location) && texts.iter().all(|t| block.contains(t))
        });
        assert!(
            found,
            "expected a diagnostic `{severity}: {location}` containing {texts:?} from `academie {}`\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout,
            self.stderr
        );
        self
    }

    /// Each diagnostic as (header after `severity: `, whole text block).
    pub fn diagnostic_blocks(&self, severity: &str) -> Vec<(String, String)> {
        let all = self.all();
        let mut blocks = Vec::new();
        let mut current: Option<(String, String)> = None;
        let prefix = format!("{severity}: ");
        for line in all.lines() {
            let is_head = line.starts_with("error: ") || line.starts_with("warning: ");
            if is_head {
                if let Some(b) = current.take() {
                    blocks.push(b);
                }
                if let Some(rest) = line.strip_prefix(&prefix) {
                    current = Some((rest.to_string(), format!("{line}\n")));
                }
            } else if let Some((_, block)) = current.as_mut() {
                block.push_str(line);
                block.push('\n');
            }
        }
        if let Some(b) = current.take() {
            blocks.push(b);
        }
        blocks
    }
}

/// Runs the real binary with `args`, without a terminal (no colour).
pub fn run<S: AsRef<str>>(args: &[S]) -> Run {
    run_in(None, args)
}

/// Runs the real binary with `args` in the working directory `cwd`.
pub fn run_in<S: AsRef<str>>(cwd: Option<&Path>, args: &[S]) -> Run {
    let args: Vec<String> = args.iter().map(|s| s.as_ref().to_string()).collect();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_academie"));
    cmd.args(&args)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    let output: Output = cmd.output().expect("run academie");
    Run {
        args,
        status: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the real binary, killing it after `secs` seconds: `None` if it had
/// to be killed (a hang), else what it did.
pub fn run_with_timeout<S: AsRef<str>>(secs: u64, args: &[S]) -> Option<Run> {
    use std::io::Read;
    use std::process::Stdio;
    let args: Vec<String> = args.iter().map(|s| s.as_ref().to_string()).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_academie"))
        .args(&args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run academie");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if start.elapsed().as_secs() >= secs {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let stdout = t_out.join().unwrap();
    let stderr = t_err.join().unwrap();
    status.map(|st| Run {
        args,
        status: st.code(),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    })
}

// ---------------------------------------------------------------------------
// Reading the output
// ---------------------------------------------------------------------------

/// Reads a file of an output folder as text, with a clear panic if missing.
pub fn read(out: &Path, rel: &str) -> String {
    let p = out.join(rel.trim_start_matches('/'));
    fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

/// The file a site URL path points to (`/fr/x/` → `fr/x/index.html`).
pub fn url_to_file(out: &Path, url_path: &str) -> PathBuf {
    let rel = url_path.trim_start_matches('/');
    let mut p = out.join(rel);
    if rel.is_empty() || rel.ends_with('/') || p.is_dir() {
        p = p.join("index.html");
    }
    p
}

/// Parses the page at a site URL path (`/fr/formations/x/`).
pub fn page(out: &Path, url_path: &str) -> Html {
    let p = url_to_file(out, url_path);
    let text = fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("page {url_path} ({}) should exist: {e}", p.display()));
    Html::parse_document(&text)
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// The `attr` of every element matching `css`.
pub fn attrs(doc: &Html, css: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(css))
        .filter_map(|e| e.value().attr(attr).map(|s| s.to_string()))
        .collect()
}

/// The text of the first element matching `css`, whitespace-collapsed.
pub fn text(doc: &Html, css: &str) -> Option<String> {
    doc.select(&sel(css))
        .next()
        .map(|e| collapse(&e.text().collect::<String>()))
}

/// The texts of every element matching `css`, whitespace-collapsed.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect()
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `href` on the page (any element).
pub fn hrefs(doc: &Html) -> Vec<String> {
    attrs(doc, "[href]", "href")
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            v.push(e.path().strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    v
}

/// Every HTML file of an output folder, relative paths.
pub fn html_files(out: &Path) -> Vec<PathBuf> {
    files_under(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Every file of a folder with its bytes (to compare an output before/after).
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            let bytes = fs::read(dir.join(&p)).unwrap();
            (p, bytes)
        })
        .collect()
}

/// The ids (and `<a name>`) defined in a document.
pub fn ids(doc: &Html) -> BTreeSet<String> {
    let mut s: BTreeSet<String> = attrs(doc, "[id]", "id").into_iter().collect();
    s.extend(attrs(doc, "a[name]", "name"));
    s
}

// ---------------------------------------------------------------------------
// Link crawler
// ---------------------------------------------------------------------------

/// Crawls every HTML file of `out` and returns a description of every
/// internal link or anchor that does not resolve. `base_path` is the path
/// prefix of the site (`/` or `/academie/`); every site-absolute link must
/// start with it. `base_url` (absolute, no trailing slash) is used to check
/// absolute links to the site itself as well.
pub fn broken_links(out: &Path, base_path: &str, base_url: &str) -> Vec<String> {
    let files = html_files(out);
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |file: &Path| -> Option<BTreeSet<String>> {
        if let Some(s) = id_cache.get(file) {
            return Some(s.clone());
        }
        let text = fs::read_to_string(file).ok()?;
        let s = ids(&Html::parse_document(&text));
        id_cache.insert(file.to_path_buf(), s.clone());
        Some(s)
    };
    let mut problems = Vec::new();
    let link_sel = sel("[href], [src], form[action]");
    for rel in &files {
        let abs = out.join(rel);
        let text = fs::read_to_string(&abs).unwrap();
        let doc = Html::parse_document(&text);
        for el in doc.select(&link_sel) {
            for attr in ["href", "src", "action"] {
                let Some(raw) = el.value().attr(attr) else {
                    continue;
                };
                let mut target = raw.to_string();
                if let Some(rest) = target.strip_prefix(base_url) {
                    if rest.is_empty() || rest.starts_with('/') {
                        // `base_url` already holds the base path: map it back.
                        target = format!("{base_path}{}", rest.trim_start_matches('/'));
                    }
                }
                let (path_part, fragment) = match target.split_once('#') {
                    Some((p, f)) => (p.to_string(), Some(f.to_string())),
                    None => (target.clone(), None),
                };
                let path_part = path_part.split('?').next().unwrap_or("").to_string();
                let file = if path_part.is_empty() {
                    // `#anchor` on the same page
                    if fragment.is_none() {
                        continue;
                    }
                    abs.clone()
                } else if path_part.starts_with('/') && !path_part.starts_with("//") {
                    let Some(inside) = path_part.strip_prefix(base_path) else {
                        problems.push(format!(
                            "{}: {attr}=\"{raw}\" does not start with the base path {base_path}",
                            rel.display()
                        ));
                        continue;
                    };
                    let f = url_to_file(out, &format!("/{inside}"));
                    let decoded = percent_decode(&f.display().to_string());
                    PathBuf::from(decoded)
                } else {
                    continue; // external, mailto:, relative (none expected)
                };
                if !file.is_file() {
                    problems.push(format!(
                        "{}: {attr}=\"{raw}\" points to a missing file {}",
                        rel.display(),
                        file.strip_prefix(out).unwrap_or(&file).display()
                    ));
                    continue;
                }
                if let Some(frag) = fragment {
                    if frag.is_empty() {
                        continue;
                    }
                    let frag = percent_decode(&frag);
                    if file.extension().is_some_and(|e| e == "html") {
                        let ids = ids_of(&file).unwrap_or_default();
                        if !ids.contains(&frag) {
                            problems.push(format!(
                                "{}: {attr}=\"{raw}\": no id=\"{frag}\" in {}",
                                rel.display(),
                                file.strip_prefix(out).unwrap_or(&file).display()
                            ));
                        }
                    }
                }
            }
        }
    }
    problems
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() && s.is_char_boundary(i + 3) {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180) and XML well-formedness, written independently of src/
// ---------------------------------------------------------------------------

/// Parses RFC 4180 CSV (comma, `"` quoting with `""` escapes, CRLF or LF).
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut in_quotes = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                    match chars.peek() {
                        None | Some(',') | Some('\n') | Some('\r') => {}
                        Some(other) => {
                            return Err(format!("character {other:?} after a closing quote"))
                        }
                    }
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            '"' => {
                return Err(format!(
                    "bare quote inside an unquoted field after {field:?}"
                ))
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                at_field_start = true;
            }
            c => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if in_quotes {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Checks that `text` is well-formed XML (balanced, properly nested
/// elements, one root, quoted attributes, valid entity references) and
/// returns the names of the elements in document order.
pub fn xml_well_formed(text: &str) -> Result<Vec<String>, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut roots = 0;
    let mut rest = text.trim_start_matches('\u{feff}');
    let check_entities = |s: &str| -> Result<(), String> {
        let mut r = s;
        while let Some(i) = r.find('&') {
            let after = &r[i + 1..];
            let end = after
                .find(';')
                .ok_or_else(|| format!("unterminated entity in {s:?}"))?;
            let ent = &after[..end];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || (ent.starts_with("#x") && u32::from_str_radix(&ent[2..], 16).is_ok())
                || (ent.starts_with('#') && ent[1..].parse::<u32>().is_ok());
            if !ok {
                return Err(format!("unknown entity &{ent}; in {s:?}"));
            }
            r = &after[end + 1..];
        }
        Ok(())
    };
    while !rest.is_empty() {
        match rest.find('<') {
            None => {
                if !rest.trim().is_empty() {
                    return Err(format!(
                        "text after the root element: {:?}",
                        &rest[..rest.len().min(40)]
                    ));
                }
                break;
            }
            Some(i) => {
                let txt = &rest[..i];
                if stack.is_empty() && !txt.trim().is_empty() {
                    return Err(format!("text outside the root element: {txt:?}"));
                }
                check_entities(txt)?;
                rest = &rest[i..];
            }
        }
        if rest.starts_with("<?") {
            let end = rest
                .find("?>")
                .ok_or("unterminated processing instruction")?;
            rest = &rest[end + 2..];
        } else if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unterminated comment")?;
            rest = &rest[end + 3..];
        } else if rest.starts_with("<![CDATA[") {
            let end = rest.find("]]>").ok_or("unterminated CDATA")?;
            rest = &rest[end + 3..];
        } else if rest.starts_with("<!") {
            let end = rest.find('>').ok_or("unterminated declaration")?;
            rest = &rest[end + 1..];
        } else if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unterminated end tag")?;
            let name = r[..end].trim();
            match stack.pop() {
                Some(open) if open == name => {}
                Some(open) => return Err(format!("</{name}> closes <{open}>")),
                None => return Err(format!("</{name}> without an open element")),
            }
            rest = &r[end + 1..];
        } else {
            // start tag: find the closing '>' outside quoted attribute values
            let bytes = rest.as_bytes();
            let mut j = 1;
            let mut quote: Option<u8> = None;
            while j < bytes.len() {
                let b = bytes[j];
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) if b == b'<' => {
                        return Err("`<` inside an attribute value".into());
                    }
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => break,
                    None => {}
                }
                j += 1;
            }
            if j >= bytes.len() {
                return Err("unterminated start tag".into());
            }
            let inner = &rest[1..j];
            let self_closing = inner.ends_with('/');
            let inner = inner.trim_end_matches('/');
            let name_end = inner
                .find(|c: char| c.is_whitespace())
                .unwrap_or(inner.len());
            let name = &inner[..name_end];
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
            {
                return Err(format!("bad element name {name:?}"));
            }
            // attributes: name="value" pairs
            let mut attrs = inner[name_end..].trim();
            while !attrs.is_empty() {
                let eq = attrs
                    .find('=')
                    .ok_or_else(|| format!("attribute without value in <{name}>"))?;
                let aname = attrs[..eq].trim();
                if aname.is_empty() || aname.contains(char::is_whitespace) {
                    return Err(format!("bad attribute name {aname:?} in <{name}>"));
                }
                let after = attrs[eq + 1..].trim_start();
                let q = after.chars().next().ok_or("missing attribute value")?;
                if q != '"' && q != '\'' {
                    return Err(format!("unquoted attribute {aname} in <{name}>"));
                }
                let close = after[1..].find(q).ok_or("unterminated attribute value")?;
                check_entities(&after[1..1 + close])?;
                attrs = after[close + 2..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err(format!("second root element <{name}>"));
                }
            }
            names.push(name.to_string());
            if !self_closing {
                stack.push(name.to_string());
            }
            rest = &rest[j + 1..];
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> is never closed"));
    }
    if roots == 0 {
        return Err("no root element".into());
    }
    Ok(names)
}

/// Text contents of every `<tag>…</tag>` (no nesting of the same tag).
pub fn xml_texts(text: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        // make sure it is this tag and not a longer name
        if !after.starts_with('>') && !after.starts_with(' ') {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let body = &after[gt + 1..];
        let Some(end) = body.find(&close) else { break };
        out.push(body[..end].to_string());
        rest = &body[end + close.len()..];
    }
    out
}

/// Unescapes the five XML entities (enough for the values we compare).
pub fn xml_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
