//! The reader in a real browser. `tests/browser/reload.mjs` drives
//! Debian's Chromium (through the npm package playwright-core) against
//! `dossier serve` on a small dossier made here, edits a brief on disk and
//! waits for the open page to reload itself, show the error overlay after a
//! broken edit and drop it after the fix. `tests/browser/reader.mjs`
//! serves the built shipped dossier from a plain static file server and
//! searches it, filters, follows graph nodes, opens link previews by mouse
//! and keyboard and checks the briefing pack holds every brief.
//! `tests/browser/shards.mjs` searches a dossier large enough for its index
//! to be split into shards, as one. `tests/browser/names.mjs` types names
//! into the search box and checks which page comes first: aliases in
//! Cyrillic, an event title, a source title, and Persian and Russian
//! briefs found from the English search page.
//! `tests/browser/design.mjs` checks the layout budgets on every kind of
//! page of the shipped dossier at phone to wide widths: no sideways scroll,
//! no layout shift, the right rail beside the text or folded, the header on
//! one line, the current nav link marked and a brief's own bytes.
//! `tests/browser/timeline.mjs` renders
//! the shipped dossier's `exports/timeline.json` with TimelineJS itself
//! (the npm package `@knight-lab/timelinejs`) and finds every headline.
//!
//! It needs node, `npm ci --prefix tests/browser` and `/usr/bin/chromium`
//! (`apt-get install chromium`), so every test here is `#[ignore]`d:
//! `cargo test` says "ignored" for them on a fresh machine instead of
//! claiming a pass. Run them with `cargo test --test browser -- --ignored`
//! (as `.ci/run` does); a missing piece then fails the test, naming it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Dossier;

/// The script's own waits are bounded; this bounds a hung browser.
const LIMIT: Duration = Duration::from_secs(180);

/// What the browser test needs and this machine lacks.
fn missing(browser_dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|s| s.success()) {
        missing.push("node (install Node.js)".to_string());
    }
    let playwright = browser_dir.join("node_modules/playwright-core");
    if !playwright.is_dir() {
        missing.push(format!(
            "{} (run `npm ci --prefix tests/browser`)",
            playwright.display()
        ));
    }
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("/usr/bin/chromium (run `apt-get install -y chromium`)".to_string());
    }
    missing
}

/// The browser tests' folder; fails the test, naming what is missing,
/// when this machine cannot run it.
fn browser_dir() -> std::path::PathBuf {
    let browser_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing = missing(&browser_dir);
    assert!(
        missing.is_empty(),
        "the browser test cannot run; missing: {}",
        missing.join(", ")
    );
    browser_dir
}

#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn an_open_page_reloads_itself_after_an_edit_and_shows_build_errors() {
    let browser_dir = browser_dir();

    let d = Dossier::new();
    d.file("dossier.yaml", "title: Browser fixture\n");
    d.brief("a", "Alpha", "", "Alpha first text.\n");
    d.brief("b", "Beta", "", "Beta links to [[Alpha]].\n");

    run_script(
        &browser_dir,
        "reload.mjs",
        &[env!("CARGO_BIN_EXE_dossier").as_ref(), d.path().as_os_str()],
    );
}

/// Runs `node tests/browser/SCRIPT ARGS...`, printing its output on
/// success and failing the test with it otherwise.
fn run_script(browser_dir: &Path, script: &str, args: &[&std::ffi::OsStr]) {
    let mut command = Command::new("node");
    command
        .arg(browser_dir.join(script))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // A group of its own, so a hung run is ended with its server and browser.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command.spawn().expect("run node");
    let read = |mut stream: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stream.read_to_string(&mut text);
            text
        })
    };
    let stdout = read(Box::new(child.stdout.take().unwrap()));
    let stderr = read(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if Instant::now() > deadline {
            #[cfg(unix)]
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    match status {
        Some(status) if status.success() => println!("{stdout}"),
        Some(status) => {
            panic!("{script} exited with {status}\n--- stdout\n{stdout}--- stderr\n{stderr}")
        }
        None => panic!(
            "{script} still running after {LIMIT:?}\n--- stdout\n{stdout}--- stderr\n{stderr}"
        ),
    }
}

/// The shipped dossier, built into a temporary folder: what a reader gets.
fn shipped_site() -> Dossier {
    let d = Dossier::new();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, path) in common::files(&repo.join("content")) {
        d.file(
            &format!("content/{name}"),
            &std::fs::read_to_string(path).unwrap(),
        );
    }
    d.file(
        "dossier.yaml",
        &std::fs::read_to_string(repo.join("dossier.yaml")).unwrap(),
    );
    d.build(&[]).success();
    d
}

#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn a_reader_searches_filters_follows_the_graph_sees_previews_and_prints() {
    let browser_dir = browser_dir();
    let d = shipped_site();
    let site = d.path().join("public");
    run_script(&browser_dir, "reader.mjs", &[site.as_os_str()]);
}

#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn every_page_kind_keeps_the_layout_budgets_at_every_width() {
    let browser_dir = browser_dir();
    let d = shipped_site();
    let site = d.path().join("public");
    run_script(&browser_dir, "design.mjs", &[site.as_os_str()]);
}

#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn timelinejs_shows_every_event_of_the_exported_timeline() {
    let browser_dir = browser_dir();
    let d = shipped_site();
    let site = d.path().join("public");
    run_script(&browser_dir, "timeline.mjs", &[site.as_os_str()]);
}

#[cfg(feature = "search")]
#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn a_reader_searches_a_sharded_index_as_one() {
    let browser_dir = browser_dir();
    const BRIEFS: usize = 2600;
    let d = Dossier::new();
    for i in 0..BRIEFS {
        d.brief(
            &format!("b{i:04}"),
            &format!("Brief {i}"),
            "",
            &format!(
                "Body {i} about convoys, with marker{i:04}x. Then [[Brief {}]].\n",
                (i + 1) % BRIEFS
            ),
        );
    }
    d.build(&[]).success();
    let site = d.path().join("public");
    let count = BRIEFS.to_string();
    run_script(
        &browser_dir,
        "shards.mjs",
        &[site.as_os_str(), count.as_ref()],
    );
}

#[cfg(feature = "search")]
#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn a_reader_finds_a_page_by_its_alias_event_title_or_source_title() {
    let browser_dir = browser_dir();
    let d = common::names_sample();
    d.build(&[]).success();
    let site = d.path().join("public");
    let pairs = [
        // Also in the text of the brief "Convoys": an alias weighs more.
        "Севморпуть",
        "Northern Sea Route",
        "Росатом",
        "State nuclear corporation",
        "Quasarwind",
        "Icebreakers",
        "Zephyrine tonnage",
        "Cargo",
    ];
    let mut args = vec![site.as_os_str()];
    args.extend(pairs.iter().map(std::ffi::OsStr::new));
    run_script(&browser_dir, "names.mjs", &args);
}

#[cfg(feature = "search")]
#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn a_reader_finds_persian_and_russian_briefs_from_the_english_search_page() {
    let browser_dir = browser_dir();
    let d = common::languages_sample();
    d.brief(
        "arctic",
        "Арктика",
        "date: 2025-03-01\nlanguage: ru\n",
        "Севморпуть открыт для судов круглый год.\n",
    );
    d.build(&[]).success();
    let site = d.path().join("public");
    // Each brief is in an index of its own, merged by the page.
    let list = d.read("public/pagefind/shards.json");
    common::assert_has(&list, "\"language\":\"fa\"");
    common::assert_has(&list, "\"language\":\"ru\"");
    let pairs = [
        "ایران",
        "روابط ایران و روسیه",
        "Ankara",
        "Turkish straits",
        // Another inflection than the text's: Russian stemming.
        "Севморпути",
        "Арктика",
    ];
    let mut args = vec![site.as_os_str()];
    args.extend(pairs.iter().map(std::ffi::OsStr::new));
    run_script(&browser_dir, "names.mjs", &args);
}

/// `tests/browser/graph.mjs`: at 360 and 1280 px every graph label in view
/// (the global graph, a topic's and an actor's local graph) is at least
/// 12 px on screen and none overlaps another; on a phone the global graph
/// is a list; a local graph with one neighbour is at most 160 px tall.
#[test]
#[ignore = "needs Chromium: see tests/browser.rs"]
fn graph_labels_are_readable_and_apart_at_phone_and_desktop_widths() {
    let browser_dir = browser_dir();
    let shipped = shipped_site();
    // An actor named by one brief: its local graph has one neighbour.
    let sparse = Dossier::new();
    sparse.file("dossier.yaml", "title: Sparse\n");
    sparse.file(
        "content/actors/lone.md",
        "---\ntitle: Lone actor\nkind: person\n---\n\nAlone.\n",
    );
    sparse.brief(
        "one",
        "The one brief about the lone actor and its port",
        "date: 2024\nactors: [Lone actor]\n",
        "Body.\n",
    );
    sparse.build(&[]).success();
    run_script(
        &browser_dir,
        "graph.mjs",
        &[
            shipped.path().join("public").as_os_str(),
            sparse.path().join("public").as_os_str(),
        ],
    );
}
