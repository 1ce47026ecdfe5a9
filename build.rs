//! Compiles the browser side of the search from source: the `search-index`
//! crate to `wasm32-unknown-unknown`, its wasm-bindgen glue, then
//! `wasm-opt -Oz`. The results land in `OUT_DIR`, where `src/search/mod.rs`
//! embeds them, so the `academie` binary carries the engine it writes into
//! every site and no binary is committed.
//!
//! The wasm build runs in its own target folder (`<target>/wasm-engine`),
//! so it never waits on the lock of the build that runs this script, and
//! cargo keeps it incremental there. The optimised module is cached by the
//! hash of the unoptimised one: debug, release and clippy builds share it.
//!
//! Needs the `wasm32-unknown-unknown` target, `wasm-bindgen` (the CLI, at
//! the version of the `wasm-bindgen` crate in Cargo.lock) and binaryen's
//! `wasm-opt`: `scripts/install-build-deps` installs all three.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    for watched in [
        "search-index/src",
        "search-index/Cargo.toml",
        ".cargo/config.toml",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    // src/theme.rs embeds this folder: rerun so that an added file is seen.
    println!("cargo:rerun-if-changed=themes/academie");
    // src/cli/init.rs embeds the starter catalogue, likewise.
    println!("cargo:rerun-if-changed=src/cli/starter");
    println!("cargo:rerun-if-env-changed=ACADEMIE_WASM_OPT");

    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { manifest.join(d) })
        .unwrap_or_else(|| manifest.join("target"))
        .join("wasm-engine");

    // 1. The crate, as a cdylib for the browser. bitpacking is built with
    // debug assertions for the module only: that selects its compact
    // implementation (one loop for every bit width, the variant every debug
    // build uses, the same format) instead of one unrolled function per bit
    // width: about 300 KB less wasm.
    //
    // The standard library is rebuilt for the module with the
    // `immediate-abort` panic strategy (`-Z build-std`, unstable, hence
    // RUSTC_BOOTSTRAP for this nested build only): no panic message
    // formatting or unwinding machinery is linked. A panic in the browser
    // is a trap either way, which the worker reports as "search
    // unavailable". Measured on the engine of 2026-12-03: 220 -> 198 KB
    // brotli, 271 -> 241 KB gzip (docs/benchmark.md). `{:?}` formatting
    // and panic locations are left out too (nothing in the engine keys on
    // a Debug string; a trap has no message to print): 191.7 -> 183.9 KB
    // brotli, 229 -> 221 KB gzip, measured 2026-12-03. The standard library
    // is built with its `optimize_for_size` feature (smaller sorts and
    // formatting): 183.8 -> 175.4 KB brotli, 221 -> 209 KB gzip, 532 ->
    // 496 KB raw, measured the same day. Needs the toolchain's
    // `rust-src` component (scripts/install-build-deps adds it).
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build
        .current_dir(&manifest)
        .args(["rustc", "--locked", "-p", "search-index", "--lib"])
        .args(["--target", "wasm32-unknown-unknown", "--profile", "wasm"])
        .args(["--crate-type", "cdylib"])
        .args([
            "--config",
            "profile.wasm.package.bitpacking.debug-assertions=true",
        ])
        .args(["-Z", "build-std=std,panic_abort"])
        .args(["-Z", "build-std-features=optimize_for_size"])
        .args([
            "--config",
            "target.wasm32-unknown-unknown.rustflags=[\"-Zunstable-options\", \"-Cpanic=immediate-abort\", \"-Zfmt-debug=none\", \"-Zlocation-detail=none\"]",
        ])
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", &target_dir);
    // What the outer build sets for itself must not leak into this one
    // (the flags would replace .cargo/config.toml's wasm flags; clippy's
    // wrapper would lint instead of build).
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_BUILD_TARGET",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        build.env_remove(var);
    }
    if !run(&mut build) {
        fail(
            "compiling search-index to wasm32-unknown-unknown failed (see above)",
            "install the target and the standard library's source: `rustup target add wasm32-unknown-unknown && rustup component add rust-src` (or run scripts/install-build-deps)",
        );
    }
    let raw = target_dir.join("wasm32-unknown-unknown/wasm/search_index.wasm");
    let bytes = std::fs::read(&raw).unwrap_or_else(|e| {
        fail(
            &format!("cannot read {}: {e}", raw.display()),
            "run the build again",
        )
    });

    // 2 and 3, cached by the module's hash.
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    std::env::var("ACADEMIE_WASM_OPT").ok().hash(&mut h);
    let cache = target_dir.join(format!("dist-{:016x}", h.finish()));
    // The module, its glue, and the module gzipped as small as the format
    // allows (zopfli), for hosts that would send it uncompressed or only
    // gzipped (see src/search/mod.rs).
    let files = [
        "academie_search_bg.wasm",
        "academie_search.js",
        "academie_search_bg.wasm.gz",
    ];
    if !files.iter().all(|f| cache.join(f).is_file()) {
        // One scratch folder per build script run: two builds (debug and
        // release, or two worktrees sharing a target) may run at once.
        let tmp = target_dir.join(format!("dist-tmp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let mut bindgen = Command::new(tool("wasm-bindgen", &manifest));
        bindgen
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "academie_search",
            ])
            .arg("--out-dir")
            .arg(&tmp)
            .arg(&raw);
        if !run(&mut bindgen) {
            fail(
                "wasm-bindgen failed (see above)",
                "install wasm-bindgen-cli at the version of the wasm-bindgen crate in Cargo.lock: scripts/install-build-deps",
            );
        }
        let mut opt = Command::new(wasm_opt(&manifest));
        opt.args(["-Oz", "--strip-debug", "--strip-producers"])
            .arg(tmp.join("academie_search_bg.wasm"))
            .arg("-o")
            .arg(tmp.join("opt.wasm"));
        if !run(&mut opt) {
            fail(
                "wasm-opt failed (see above)",
                "install binaryen's wasm-opt from npm (scripts/install-build-deps), or name one with ACADEMIE_WASM_OPT",
            );
        }
        let done = (|| -> std::io::Result<()> {
            std::fs::rename(tmp.join("opt.wasm"), tmp.join("academie_search_bg.wasm"))?;
            let module = std::fs::read(tmp.join("academie_search_bg.wasm"))?;
            let mut packed = Vec::new();
            zopfli::compress(
                zopfli::Options::default(),
                zopfli::Format::Gzip,
                &module[..],
                &mut packed,
            )?;
            std::fs::write(tmp.join("academie_search_bg.wasm.gz"), packed)?;
            let _ = std::fs::remove_dir_all(&cache);
            std::fs::rename(&tmp, &cache)
        })();
        // A build beside this one may have put the same module there first.
        let done = done.or_else(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            if files.iter().all(|f| cache.join(f).is_file()) {
                Ok(())
            } else {
                Err(e)
            }
        });
        if let Err(e) = done {
            fail(
                &format!("cannot write {}: {e}", cache.display()),
                "run the build again",
            );
        }
    }
    for f in files {
        if let Err(e) = std::fs::copy(cache.join(f), out.join(f)) {
            fail(
                &format!("cannot copy {f} to {}: {e}", out.display()),
                "run the build again",
            );
        }
    }
    // Engines of other revisions stay cached (switching branches does not
    // rebuild them), the few most recently used only.
    let _ = std::fs::write(cache.join("used"), "");
    prune_engines(&target_dir, 4);
    // A stable place for size reports (scripts/build-wasm).
    let latest = target_dir.join("dist");
    let _ = std::fs::create_dir_all(&latest);
    for f in files {
        let _ = std::fs::copy(cache.join(f), latest.join(f));
    }
}

/// Removes the cached engines (`dist-<hash>`) but the `keep` most
/// recently used. Best effort: a failure only leaves a folder behind.
fn prune_engines(target_dir: &Path, keep: usize) {
    let Ok(entries) = std::fs::read_dir(target_dir) else {
        return;
    };
    let mut cached: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix("dist-"))
                .is_some_and(|h| h.len() == 16 && h.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .map(|p| {
            let used = std::fs::metadata(p.join("used"))
                .or_else(|_| std::fs::metadata(&p))
                .and_then(|m| m.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (used, p)
        })
        .collect();
    cached.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (_, p) in cached.into_iter().skip(keep) {
        let _ = std::fs::remove_dir_all(p);
    }
}

fn run(cmd: &mut Command) -> bool {
    match cmd.status() {
        Ok(s) => s.success(),
        Err(e) => {
            eprintln!("cannot run {:?}: {e}", cmd.get_program());
            false
        }
    }
}

/// A tool from PATH, else from cargo's bin folder.
fn tool(name: &str, _manifest: &Path) -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false);
    if on_path {
        return PathBuf::from(name);
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    home.map(|h| h.join("bin").join(name))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| PathBuf::from(name))
}

/// binaryen's wasm-opt: ACADEMIE_WASM_OPT, else the npm one the install
/// script puts in tests/browser (Debian's binaryen 108 corrupts the
/// reference-types table wasm-bindgen emits), else PATH.
fn wasm_opt(manifest: &Path) -> PathBuf {
    if let Some(p) = std::env::var_os("ACADEMIE_WASM_OPT") {
        return PathBuf::from(p);
    }
    let npm = manifest.join("tests/browser/node_modules/.bin/wasm-opt");
    if npm.is_file() {
        return npm;
    }
    PathBuf::from("wasm-opt")
}

fn fail(what: &str, help: &str) -> ! {
    eprintln!("error: academie's search engine could not be built: {what}\nhelp: {help}");
    exit(1)
}
