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
use std::time::{Duration, Instant};

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
    let few = |names: Vec<&String>| -> Vec<String> {
        let shown = names.iter().take(8).map(|n| n.to_string());
        shown
            .chain((names.len() > 8).then(|| format!("and {} more", names.len() - 8)))
            .collect()
    };
    assert!(
        extra.is_empty() && missing.is_empty() && differ.is_empty(),
        "{what}: extra files {:?}, missing files {:?}, different files {:?}",
        few(extra),
        few(missing),
        few(differ)
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

/// `dossier build -r ROOT -o OUT --no-git ARGS`, started and not waited
/// for.
fn spawn_build(root: &Path, out: &Path, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--no-git", "-r"])
        .arg(root)
        .arg("-o")
        .arg(out)
        .args(args)
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
    let a = dossier(0..100, "Brief #");
    let b = dossier(30..130, "Brief # (revised)");
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
        let one = spawn_build(first.path(), &out, &[]);
        let two = spawn_build(second.path(), &out, &[]);
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
    let mut child = spawn_build(d.path(), &d.path().join("public"), &[]);
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

/// Sends `signal` (such as "INT") to a running child.
#[cfg(unix)]
fn signal(child: &Child, signal: &str) {
    let sent = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .expect("run kill");
    assert!(sent.success(), "kill -{signal} failed");
}

/// Waits until `path` exists, or panics if `child` ends first.
fn wait_for(path: &Path, child: &mut Child) {
    while !path.exists() {
        if let Some(status) = child.try_wait().expect("look at the build") {
            panic!(
                "the build ended ({status}) before {} appeared",
                path.display()
            );
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_build_and_leaves_the_output_as_it_was() {
    for name in ["INT", "TERM"] {
        let d = dossier(0..30, "Brief #");
        d.build(&["--no-git"]).success();
        let public = d.path().join("public");
        let before = tree(&public);
        // Many new briefs, so the build is still rendering when stopped.
        briefs(&d, 0..200, "Brief # (new)");
        let mut child = spawn_build(d.path(), &public, &[]);
        // The journal appears once the build is about to write.
        wait_for(&public.join(".dossier-journal"), &mut child);
        signal(&child, name);
        let (code, stderr) = finish(child);
        assert_eq!(code, Some(2), "SIG{name}: {stderr}");
        assert_has(
            &stderr,
            &format!("interrupted: {} left as it was", public.display()),
        );
        assert_same(&tree(&public), &before, &format!("after SIG{name}"));
        let manifest = fs::read(public.join(".dossier-manifest")).expect("the manifest");
        d.build(&["--no-git"]).success();
        assert!(fs::read(public.join(".dossier-manifest")).expect("manifest") != manifest);
    }
}

/// A clean build of `d` into a fresh folder without the search index, as
/// a tree.
fn clean_build_without_search(d: &Dossier) -> BTreeMap<String, Vec<u8>> {
    d.build(&["--no-git", "--no-search", "-o", "clean"])
        .success();
    tree(&d.path().join("clean"))
}

#[test]
fn a_build_killed_at_any_moment_leaves_nothing_behind_for_the_next_one() {
    // Without the search index, which is not what this is about, the
    // 25 rounds take a few seconds.
    let a = dossier(0..12, "Brief #");
    // New briefs, removed briefs and new titles: every kind of change.
    let killed = dossier(8..38, "Brief # (killed)");
    let c = dossier(5..17, "Brief # (third)");
    let (site_a, site_c) = (
        clean_build_without_search(&a),
        clean_build_without_search(&c),
    );
    let out = a.path().join("out");
    let out_arg = out.to_str().expect("a UTF-8 path");
    // One build's length, to spread the kills over it (no timing is asserted).
    let started = Instant::now();
    finish(spawn_build(
        killed.path(),
        &killed.path().join("timed"),
        &["--no-search"],
    ));
    let length = started.elapsed();
    a.build(&["--no-git", "--no-search", "-o", "out"]).success();
    const ROUNDS: u32 = 25;
    for round in 0..ROUNDS {
        let mut child = spawn_build(killed.path(), &out, &["--no-search"]);
        std::thread::sleep(length * round / (ROUNDS - 1));
        let _ = child.kill();
        let _ = child.wait();
        // The next build, of content other than the one killed and the
        // one in the folder: by turns C and A.
        let (next, wanted) = if round.is_multiple_of(2) {
            (&c, &site_c)
        } else {
            (&a, &site_a)
        };
        next.build(&["--no-git", "--no-search", "-o", out_arg])
            .success();
        let at = format!("killed after {round}/{} of a build", ROUNDS - 1);
        assert_same(&tree(&out), wanted, &at);
    }
}

#[test]
fn a_build_that_cannot_remove_a_stale_file_changes_nothing() {
    let d = dossier(0..5, "Brief #");
    d.build(&["--no-git"]).success();
    // Where the page of brief 4 was, a folder with someone's file in it.
    let page = d.path().join("public/briefs/b4/index.html");
    fs::remove_file(&page).expect("remove a page");
    d.file("public/briefs/b4/index.html/mine.txt", "mine\n");
    let before = tree(&d.path().join("public"));
    // Brief 4 goes, so its page is stale; every other page changes.
    briefs(&d, 0..4, "Brief # (retitled)");
    d.build(&["--no-git"])
        .code(2)
        .stderr_has("is a folder where the last build wrote a file the site no longer has");
    assert_same(
        &tree(&d.path().join("public")),
        &before,
        "after the failed build",
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_in_the_output_folder_is_never_written_through() {
    let d = dossier(0..3, "Brief #");
    d.build(&["--no-git"]).success();
    let elsewhere = Dossier::new();
    elsewhere
        .file("keep.txt", "kept\n")
        .file("page.html", "a page\n");
    let public = d.path().join("public");
    fs::remove_dir_all(public.join("static")).expect("remove static/");
    std::os::unix::fs::symlink(elsewhere.path(), public.join("static")).expect("link static/");
    let page = public.join("briefs/b0/index.html");
    fs::remove_file(&page).expect("remove a page");
    std::os::unix::fs::symlink(elsewhere.path().join("page.html"), &page).expect("link a page");
    let before = tree(elsewhere.path());
    briefs(&d, 0..3, "Brief # (retitled)");
    let out = d.build(&["--no-git"]).code(2);
    out.stderr_has("is a symbolic link; dossier never writes through a link in the output folder");
    assert_same(&tree(elsewhere.path()), &before, "the links' target");
    assert!(fs::symlink_metadata(public.join("static")).is_ok_and(|m| m.is_symlink()));
}
