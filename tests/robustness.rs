//! Property tests: arbitrary bytes and hostile structured text, fed as
//! briefs, `dossier.yaml` and `content/sources.yaml` through the whole
//! library pipeline (`check`, then `render_site` twice). Whatever the
//! input, the pipeline must return (a site, content errors or a fatal
//! error), never panic or hang; a site it renders must stay inside its
//! output folder and be the same bytes every time.
//!
//! The case count is small by default so `cargo test` stays fast; set
//! `PROPTEST_CASES` for a long run, in release mode:
//!
//! ```sh
//! PROPTEST_CASES=200000 cargo test --release --test robustness -- --nocapture
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Component, Path};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use dossier::diagnostic::{render_human, render_json};
use dossier::{BuildOptions, Failure};
use proptest::prelude::*;
use proptest::test_runner::Config;

/// Cases per property unless `PROPTEST_CASES` says otherwise: enough to
/// catch a regression, few enough for a debug `cargo test` in seconds
/// (a structured case may load the syntax set three times).
const BYTES_CASES: u32 = 8;
const STRUCTURED_CASES: u32 = 3;

/// How long one case may run before it counts as a hang. Generous, since
/// debug builds load the syntax set for every case with a code block.
const HANG: Duration = Duration::from_secs(60);

fn config(default_cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default_cases);
    Config {
        cases,
        // Found inputs become regression tests in tests/safety.rs instead.
        failure_persistence: None,
        ..Config::default()
    }
}

/// A dossier as (path relative to the root, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Cases run so far by all properties, for progress on long runs.
static RUN: AtomicUsize = AtomicUsize::new(0);

/// Writes `files` into a fresh folder and runs the pipeline on it in a
/// thread, failing the case if it panics or outlives `HANG`.
fn pipeline(files: Files) {
    let run = RUN.fetch_add(1, Ordering::Relaxed) + 1;
    if run.is_multiple_of(1000) {
        eprintln!("robustness: {run} cases run");
    }
    let (done, finished) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (rel, bytes) in &files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
            std::fs::write(&path, bytes).expect("write a dossier file");
        }
        run_all(dir.path());
        let _ = done.send(());
    });
    match finished.recv_timeout(HANG) {
        Ok(()) => {
            worker.join().expect("the worker finished");
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The worker panicked: rethrow its panic so proptest shrinks.
            if let Err(panic) = worker.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the pipeline ran longer than {HANG:?}"),
    }
}

/// `check`, then `render_site` twice, with the checks every result gets.
fn run_all(root: &Path) {
    let mut options = BuildOptions::new(root);
    // Pagefind would make every case many times slower; the search index
    // is built from the same pages by tests/reader.rs and the shipped
    // dossier's tests.
    options.search = false;
    match dossier::check(&options) {
        Ok(diagnostics) => print_all(&diagnostics),
        Err(fatal) => drop(fatal.to_string()),
    }
    let first = dossier::render_site(&options);
    let second = dossier::render_site(&options);
    match (first, second) {
        (Ok(first), Ok(second)) => {
            print_all(&first.diagnostics);
            for file in first.files.iter() {
                assert!(inside(&file.path), "output path escapes: {:?}", file.path);
            }
            let listing = |files: &[dossier::output::OutputFile]| {
                files.iter().map(|f| f.path.clone()).collect::<Vec<_>>()
            };
            assert_eq!(
                listing(&first.files),
                listing(&second.files),
                "two renders made different files"
            );
            for (a, b) in first.files.iter().zip(second.files.iter()) {
                assert!(a.bytes == b.bytes, "two renders of {} differ", a.path);
            }
            assert_eq!(
                render_json(&first.diagnostics),
                render_json(&second.diagnostics)
            );
        }
        (Err(Failure::Content(first)), Err(Failure::Content(second))) => {
            print_all(&first);
            assert_eq!(render_json(&first), render_json(&second));
        }
        (Err(Failure::Fatal(first)), Err(Failure::Fatal(second))) => {
            assert_eq!(first.to_string(), second.to_string());
        }
        (first, second) => panic!(
            "two renders disagree: {} then {}",
            outcome(&first),
            outcome(&second)
        ),
    }
}

fn outcome<T>(result: &Result<T, Failure>) -> &'static str {
    match result {
        Ok(_) => "a site",
        Err(Failure::Content(_)) => "content errors",
        Err(Failure::Fatal(_)) => "a fatal error",
    }
}

/// Renders diagnostics as the CLI does, so a panic there shows too.
fn print_all(diagnostics: &[dossier::Diagnostic]) {
    for diagnostic in diagnostics {
        drop(render_human(diagnostic));
    }
    drop(render_json(diagnostics));
}

/// True for a plain relative path that cannot climb out of its folder.
fn inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// A valid brief that links to the hostile one, so links resolve both ways.
const NEIGHBOUR: &str = "---\ntitle: Neighbour\ndate: 2024-01-02\ntopics: [Gas]\nactors: [Putin]\nsources:\n  - id: x\n    title: X\n---\n\nSee [[a]] and [[Gas#history]] [@x].\n";

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2048),
        any::<String>().prop_map(String::into_bytes),
        soup().prop_map(String::into_bytes),
    ]
}

/// Pieces of front matter, Markdown, links, citations and hostile text.
const FRAGMENTS: &[&str] = &[
    "---\n",
    "...\n",
    "title: ",
    "date: ",
    "updated: ",
    "summary: ",
    "draft: true\n",
    "2024",
    "2024-02-30",
    "2024-02-29",
    "2024-13",
    "0000",
    "-1",
    "99999999999999999999",
    "[[",
    "]]",
    "|",
    "#",
    "[@",
    "]",
    "[",
    ";",
    "@",
    ":",
    "topics: [",
    "actors: [",
    "aliases:",
    "aliases: [",
    "\n  - ",
    "sources:\n  - id: x\n    reliability: Z\n",
    "sources: [x, y]\n",
    "events:\n  - date: 2024\n    title: e\n",
    "events:\n  - date: 2024-02\n    title: e\n    actors: [Putin]\n    sources: [x]\n",
    "`",
    "```",
    "```rust\n",
    "```python\n",
    "```unknown\n",
    "~~~\n",
    "fn main() { let s = \"\\\"\"; }\n",
    "def f(x):\n    return x\n",
    "\0",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\u{feff}",
    " ",
    "\t",
    ". ",
    "! ",
    "Gas",
    "gas",
    "GAS",
    "Gas!",
    "Putin",
    "putin",
    "Путин",
    "Владимир Путин",
    "مسعود پزشکیان",
    "e\u{301}\u{301}\u{301}",
    "🇮🇷👩\u{200d}👩\u{200d}👧",
    "\u{200f}",
    "\u{202e}",
    "\u{fffd}",
    "a",
    "history",
    "../",
    "..",
    "/etc/passwd",
    "%2e%2e",
    "%2F",
    "%",
    "[x](",
    "a.md",
    "../briefs/a.md",
    "#history",
    ")",
    "](",
    "![",
    "<a href=\"x\">",
    "<script>",
    "&amp;",
    "{#id}",
    "{{ page }}",
    "{% if %}",
    "## ",
    "# ",
    "> ",
    "- ",
    "1. ",
    "* ",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "[^1]: note\n",
    "~~",
    "*",
    "_",
    "\\",
    "\"",
    "'",
    "&",
    "{",
    "}",
    "*anchor",
    "&anchor ",
    "!!binary ",
    "? ",
    "![a [[Gas]] b](x.png)",
    "[a [[Gas]] b](a.md)",
    "[[Gas]](a.md)",
    "[^1]: see [[Gas]] [@x]\n",
    "| [[Gas\\|g]] | [@x] |\n",
    "# [[Gas]] [@x] {#h}\n",
    "<!-- [[Gas]] -->",
    "`[[Gas]]`",
    "[[#]]",
    "[[|]]",
    "[[ ]]",
    "[[#history#x]]",
    "[[Gas#]]",
    "[[a.md]]",
    "[@]",
    "[@ ; @]",
    "[@x;@y]",
    "[@x][@y]",
    "[x]: a.md\n",
    "[x][x]",
    "<https://x.org>",
    "- [ ] task\n",
    "    indented code\n",
    "\n***\n",
    "{.class #id key=val}",
    "\u{0}0\u{0}",
    "\u{0}0~\u{0}",
];

/// Text assembled from the fragments above and a few long runs.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        12 => proptest::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => (1usize..3000).prop_map(|n| "a".repeat(n)),
        1 => (1usize..60).prop_map(|n| "[[Gas]] ".repeat(n)),
        1 => "[^\\[\\]\n]{0,20}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

/// A name that collides with others once case-folded, slugified or
/// transliterated, or that tries to climb out of a folder.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "Gas",
                "gas",
                "GAS",
                "Gas!",
                "gas ",
                "Putin",
                "Путин",
                "Владимир Путин",
                "Vladimir Putin",
                "مسعود پزشکیان",
                "a",
                "A",
                "Neighbour",
                "neighbour",
                "x",
                "../../etc/passwd",
                "/abs/path",
                "%2e%2e",
                "..",
                ".",
                "!!!",
                "???",
                "briefs/a",
                "topics/gas",
                "actors/putin",
                "Gas#history",
                "a|b",
                "[[a]]",
                "e\u{301}",
                "🇮🇷",
                "\u{200f}",
                "",
            ][..]
        )
        .prop_map(str::to_owned),
        (1usize..400).prop_map(|n| "n".repeat(n)),
        "[a-zA-Z0-9 ./%#|\\-]{0,30}",
    ]
}

/// A YAML scalar holding `name`: plain, double-quoted with escapes (so NUL
/// and other controls reach the engine) or single-quoted.
fn yaml_scalar(name: String) -> impl Strategy<Value = String> {
    let quoted = format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""));
    prop_oneof![
        Just(name.clone()),
        Just(quoted),
        Just(format!("'{}'", name.replace('\'', "''"))),
        Just(format!("\"{name}\\0\\t\\u202e\"")),
    ]
}

fn scalar() -> impl Strategy<Value = String> {
    name().prop_flat_map(yaml_scalar)
}

fn date() -> impl Strategy<Value = String> {
    proptest::sample::select(
        &[
            "2024",
            "2024-02",
            "2024-02-29",
            "2023-02-29",
            "2024-02-30",
            "2024-00",
            "2024-13-01",
            "0000",
            "9999-12-31",
            "12345",
            "2024-1-1",
            "2024-01-01-01",
            "\"2024\"",
            "2024-01-01T10:00:00Z",
            "[2024]",
            "",
            "-",
            "yesterday",
        ][..],
    )
    .prop_map(str::to_owned)
}

fn list<S: Strategy<Value = String>>(item: fn() -> S) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(item(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        proptest::collection::vec(item(), 0..4)
            .prop_map(|v| { v.iter().map(|i| format!("\n  - {i}")).collect::<String>() }),
    ]
}

/// Front matter with the engine's keys, each present or not.
fn front_matter() -> impl Strategy<Value = String> {
    let source = (scalar(), date(), "[A-Z]?", scalar()).prop_map(|(id, date, grade, title)| {
        format!("\n  - id: {id}\n    title: {title}\n    date: {date}\n    reliability: {grade}")
    });
    let event = (date(), scalar(), list(scalar), list(scalar)).prop_map(
        |(date, title, actors, sources)| {
            format!(
                "\n  - date: {date}\n    title: {title}\n    actors: {actors}\n    sources: {sources}"
            )
        },
    );
    (
        proptest::option::of(scalar()),
        proptest::option::of(date()),
        proptest::option::of(list(scalar)),
        proptest::option::of(list(scalar)),
        proptest::option::of(list(scalar)),
        proptest::option::of(prop_oneof![
            proptest::collection::vec(source, 0..3).prop_map(|v| v.concat()),
            list(scalar),
        ]),
        proptest::option::of(proptest::collection::vec(event, 0..3).prop_map(|v| v.concat())),
        proptest::option::of(prop_oneof![Just("true"), Just("false"), Just("maybe")]),
        proptest::option::of(scalar()),
        proptest::option::of(soup()),
    )
        .prop_map(
            |(title, date, topics, actors, aliases, sources, events, draft, summary, extra)| {
                let mut yaml = String::from("---\n");
                let mut key = |k: &str, v: Option<String>| {
                    if let Some(v) = v {
                        yaml.push_str(&format!("{k}: {v}\n"));
                    }
                };
                key("title", title);
                key("date", date);
                key("topics", topics);
                key("actors", actors);
                key("aliases", aliases);
                key("sources", sources);
                key("events", events);
                key("draft", draft.map(str::to_owned));
                key("summary", summary);
                if let Some(extra) = extra {
                    yaml.push_str(&extra);
                    yaml.push('\n');
                }
                yaml.push_str("---\n");
                yaml
            },
        )
}

/// A Markdown file: structured front matter or none, then a soup body.
fn page() -> impl Strategy<Value = String> {
    (proptest::option::of(front_matter()), soup())
        .prop_map(|(front, body)| front.unwrap_or_default() + &body)
}

/// A file name under a content folder, maybe nested, maybe hostile.
fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            &[
                "a",
                "A",
                "gas",
                "Gas",
                "putin",
                "Путин",
                "..md",
                "...",
                "%2e%2e",
                "a b",
                " ",
                "-",
                "_index",
                "index",
                "topics",
                "deep/er/still",
                "x/a",
                "\u{200f}",
                "e\u{301}",
            ][..]
        )
        .prop_map(str::to_owned),
        (1usize..240).prop_map(|n| "f".repeat(n)),
    ]
}

/// A whole small dossier: 1–4 briefs, topics, actors, other pages, a
/// source registry and a config, all from the structured generators.
fn dossier() -> impl Strategy<Value = Files> {
    let folder = proptest::sample::select(&["briefs", "topics", "actors", "", "pages"][..]);
    let content = (folder, file_name(), page()).prop_map(|(folder, name, text)| {
        let path = if folder.is_empty() {
            format!("content/{name}.md")
        } else {
            format!("content/{folder}/{name}.md")
        };
        (path, text.into_bytes())
    });
    let briefs = proptest::collection::vec((file_name(), page()), 1..5).prop_map(|briefs| {
        briefs
            .into_iter()
            .map(|(name, text)| (format!("content/briefs/{name}.md"), text.into_bytes()))
            .collect::<Files>()
    });
    let registry = proptest::collection::vec((scalar(), scalar(), date(), "[A-Za-z]?"), 0..4)
        .prop_map(|sources| {
            sources
                .into_iter()
                .map(|(id, title, date, grade)| {
                    format!(
                        "- id: {id}\n  title: {title}\n  date: {date}\n  reliability: {grade}\n"
                    )
                })
                .collect::<String>()
        });
    let config = (scalar(), scalar(), scalar()).prop_map(|(title, base, author)| {
        format!("title: {title}\nbase_url: {base}\nauthor: {author}\n")
    });
    (
        briefs,
        proptest::collection::vec(content, 0..4),
        proptest::option::of(registry),
        proptest::option::of(config),
        proptest::option::of(page()),
    )
        .prop_map(|(mut files, others, registry, config, home)| {
            files.extend(others);
            if let Some(registry) = registry {
                files.push(("content/sources.yaml".into(), registry.into_bytes()));
            }
            if let Some(config) = config {
                files.push(("dossier.yaml".into(), config.into_bytes()));
            }
            if let Some(home) = home {
                files.push(("content/_index.md".into(), home.into_bytes()));
            }
            // Two generated files may share a path; the last one wins.
            let mut seen = std::collections::BTreeMap::new();
            for (path, bytes) in files {
                seen.insert(path, bytes);
            }
            seen.into_iter().collect()
        })
}

proptest! {
    #![proptest_config(config(BYTES_CASES))]

    #[test]
    fn any_bytes_as_a_brief(brief in bytes()) {
        pipeline(vec![
            ("content/briefs/a.md".into(), brief),
            ("content/briefs/neighbour.md".into(), NEIGHBOUR.into()),
        ]);
    }

    #[test]
    fn any_bytes_as_dossier_yaml(config in bytes()) {
        pipeline(vec![
            ("dossier.yaml".into(), config),
            ("content/briefs/neighbour.md".into(), NEIGHBOUR.into()),
        ]);
    }

    #[test]
    fn any_bytes_as_sources_yaml(registry in bytes()) {
        pipeline(vec![
            ("content/sources.yaml".into(), registry),
            ("content/briefs/neighbour.md".into(), NEIGHBOUR.into()),
        ]);
    }
}

proptest! {
    #![proptest_config(config(STRUCTURED_CASES))]

    #[test]
    fn structured_dossiers(files in dossier()) {
        pipeline(files);
    }
}
