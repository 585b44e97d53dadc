//! Builds that do not run to the end, or not alone: a build interrupted by
//! a signal or killed at any moment, two builds into one folder, a build
//! whose commit fails. None may leave a mixed site or stray files behind.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{Dossier, assert_has, files};

/// Every file under `dir` with its bytes, except the manifest (which
/// records when each file was written).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
        .into_iter()
        .filter(|(name, _)| name != ".dossier-manifest")
        .map(|(name, path)| (name, fs::read(path).expect("read an output file")))
        .collect()
}

/// Asserts that two trees hold the same files with the same bytes, naming
/// the first difference.
#[track_caller]
fn assert_same(found: &BTreeMap<String, Vec<u8>>, wanted: &BTreeMap<String, Vec<u8>>, what: &str) {
    let extra: Vec<&String> = found.keys().filter(|k| !wanted.contains_key(*k)).collect();
    let missing: Vec<&String> = wanted.keys().filter(|k| !found.contains_key(*k)).collect();
    let differ: Vec<&String> = wanted
        .keys()
        .filter(|k| found.get(*k).is_some_and(|b| b != &wanted[*k]))
        .collect();
    assert!(
        extra.is_empty() && missing.is_empty() && differ.is_empty(),
        "{what}: extra files {extra:?}, missing files {missing:?}, different files {differ:?}"
    );
}

/// Writes a dossier's briefs into `d`, replacing any it had: briefs
/// `range`, each in a topic, titled with `title` (which gets the number).
fn briefs(d: &Dossier, range: std::ops::Range<usize>, title: &str) {
    let _ = fs::remove_dir_all(d.path().join("content"));
    d.file(
        "content/_index.md",
        "---\ntitle: Home\n---\n\nStart here.\n",
    );
    for i in range {
        d.brief(
            &format!("b{i}"),
            &title.replace('#', &i.to_string()),
            &format!("date: 2024-01-{:02}\ntopics: [t{}]\n", i % 28 + 1, i % 4),
            &format!("Text of brief {i}, in topic t{}.\n", i % 4),
        );
    }
}

/// A dossier with briefs `range` titled `title`.
fn dossier(range: std::ops::Range<usize>, title: &str) -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Interrupted\n");
    briefs(&d, range, title);
    d
}

/// `dossier build -r ROOT -o OUT --no-git`, started and not waited for.
fn spawn_build(root: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--no-git", "-r"])
        .arg(root)
        .arg("-o")
        .arg(out)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the dossier binary")
}

/// The exit code and stderr of a finished child.
fn finish(mut child: Child) -> (Option<i32>, String) {
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        pipe.read_to_string(&mut stderr).expect("read stderr");
    }
    let status = child.wait().expect("wait for the dossier binary");
    (status.code(), stderr)
}

/// A clean build of `d` into a fresh folder, as a tree.
fn clean_build(d: &Dossier, name: &str) -> BTreeMap<String, Vec<u8>> {
    d.build(&["--no-git", "-o", name]).success();
    tree(&d.path().join(name))
}

#[test]
fn two_builds_into_one_folder_at_once_leave_one_whole_site() {
    // Large enough that the two builds overlap, so without a lock each
    // writes into the other's site.
    let a = dossier(0..150, "Brief #");
    let b = dossier(50..200, "Brief # (revised)");
    let (site_a, site_b) = (clean_build(&a, "clean"), clean_build(&b, "clean"));
    let out = a.path().join("shared");
    for round in 0..4_u32 {
        // Into an empty folder and into the other's site, by turns.
        if round.is_multiple_of(2) {
            let _ = fs::remove_dir_all(&out);
        }
        // Either may start first; both must end, and one must win whole.
        let (first, second) = if round.is_multiple_of(2) {
            (&a, &b)
        } else {
            (&b, &a)
        };
        let one = spawn_build(first.path(), &out);
        let two = spawn_build(second.path(), &out);
        let (code_one, err_one) = finish(one);
        let (code_two, err_two) = finish(two);
        assert_eq!(code_one, Some(0), "round {round}: {err_one}");
        assert_eq!(code_two, Some(0), "round {round}: {err_two}");
        let found = tree(&out);
        let wanted = if found == site_a { &site_a } else { &site_b };
        assert_same(&found, wanted, &format!("round {round}"));
    }
}

#[test]
fn a_build_waits_while_another_process_holds_the_output_lock() {
    let d = dossier(0..10, "Brief #");
    d.build(&["--no-git"]).success();
    let before = tree(&d.path().join("public"));
    // This test plays the other process: it holds the lock, as documented.
    let lock_path = d.path().join("public/.dossier-lock");
    let held = fs::File::create(&lock_path).expect("create the lock file");
    held.lock().expect("take the lock");
    fs::write(&lock_path, "4242").expect("write a process id");
    briefs(&d, 0..12, "Brief # (new)");
    let mut child = spawn_build(d.path(), &d.path().join("public"));
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut said = String::new();
    // Read until the build says it waits (or ends without saying so).
    while !said.contains("waiting for process 4242") {
        if stderr.read_line(&mut said).expect("read stderr") == 0 {
            break;
        }
    }
    assert_has(&said, "waiting for process 4242 to finish writing ");
    let mut waiting = tree(&d.path().join("public"));
    waiting.remove(".dossier-lock");
    assert_same(&waiting, &before, "while waiting");
    drop(held);
    let status = child.wait().expect("wait for the build");
    assert_eq!(status.code(), Some(0));
    assert_has(&d.read("public/briefs/b11/index.html"), "Brief 11 (new)");
    assert!(
        !lock_path.exists(),
        "the lock file is removed after the build"
    );
}
