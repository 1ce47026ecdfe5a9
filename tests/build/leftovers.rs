//! A build killed mid-way (kill -9) leaves the previous output untouched,
//! and the next build removes what the killed one left beside the output;
//! a build running beside it keeps its own staging folder.

use crate::common;

use std::fs::{self, File};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

/// The names beside the output that a build writes for itself.
fn leftovers(site: &Site) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("._out."))
        .collect();
    names.sort();
    names
}

/// Every file under `dir` with a hash of its bytes (a failure prints
/// names, not megabytes).
fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    use std::hash::{Hash, Hasher};
    let mut files: Vec<(String, u64)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().display().to_string(), {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                fs::read(e.path()).unwrap().hash(&mut h);
                h.finish()
            })
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_killed_build_leaves_the_output_and_the_next_build_removes_its_leftovers() {
    let site = Site::fixture("site");
    site.build(&[]).assert_ok();
    let before = snapshot(&site.out());

    // Kill builds at growing delays until one dies while its staging folder
    // exists (the fixture builds in well under a second).
    let mut killed_mid_way = false;
    for delay_ms in (5..400).step_by(15) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_academie"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(site.out())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no destructor runs.
        let _ = child.wait();
        if leftovers(&site).iter().any(|n| n.contains(".building-")) {
            killed_mid_way = true;
            break;
        }
    }
    assert!(killed_mid_way, "no build was killed while it was building");
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the previous output is untouched"
    );

    site.build(&[]).assert_ok();
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert_eq!(
        snapshot(&site.out()),
        before,
        "the same input gives the same bytes"
    );
}

#[test]
fn a_previous_output_moved_aside_by_a_killed_swap_is_restored() {
    let site = Site::fixture("site");
    site.build(&[]).assert_ok();
    let before = snapshot(&site.out());
    // What a build killed between its two renames leaves: the output moved
    // aside, its staging folder, no output.
    fs::rename(site.out(), site.root().join("._out.previous-dead1")).unwrap();
    fs::create_dir(site.root().join("._out.building-dead1")).unwrap();
    fs::write(site.root().join("._out.building-dead1/half.html"), "half").unwrap();

    // A build that fails still restores the output before it fails.
    site.write("content/modules/broken.md", "---\ntitle: [\n---\n");
    site.build(&[]).assert_exit(1);
    assert_eq!(snapshot(&site.out()), before, "the previous output is back");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn a_running_build_keeps_its_staging_folder() {
    let site = Site::fixture("site");
    site.build(&[]).assert_ok();
    // A staging folder whose build still runs: its lock is held (here by
    // this test process).
    let live = site.root().join("._out.building-live1");
    fs::create_dir(&live).unwrap();
    let lock = File::create(site.root().join("._out.building-live1.lock")).unwrap();
    lock.lock().unwrap();
    // And a dead one, from a build of an earlier version (no lock file).
    fs::create_dir(site.root().join("._out.building-dead2")).unwrap();

    site.build(&[]).assert_ok();
    assert_eq!(
        leftovers(&site),
        vec![
            "._out.building-live1".to_owned(),
            "._out.building-live1.lock".to_owned()
        ]
    );
    drop(lock);
    site.build(&[]).assert_ok();
    assert_eq!(leftovers(&site), Vec::<String>::new());
}
