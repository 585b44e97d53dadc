//! Hostile and extreme dossiers through the real binary: huge briefs, deep
//! folders, symbolic-link loops, names that try to climb out of the output
//! folder, and every input the property tests in `robustness.rs` found.
//! Whatever the dossier, `dossier` answers with 0, 1 or 2, never with a
//! panic, and writes nothing outside its output folder.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{Dossier, Output, assert_has};

/// Asserts that a run ended the way a user expects of any input: exit 0,
/// 1 (content errors) or 2 (usage or I/O), and no internal error.
#[track_caller]
fn no_crash(output: &Output) {
    assert!(
        matches!(output.code, 0..=2) && !output.stderr.contains("internal error"),
        "dossier {:?} crashed with {}\n--- stdout\n{}--- stderr\n{}",
        output.args,
        output.code,
        output.stdout,
        output.stderr
    );
}

/// Every file and symbolic link under `dir` except those in `dir/public`,
/// with its bytes (a link's target), not following links.
fn outside_public(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read a folder") {
            let path = entry.expect("a folder entry").path();
            let rel = path
                .strip_prefix(dir)
                .expect("inside the root")
                .to_string_lossy()
                .into_owned();
            if rel == "public" {
                continue;
            }
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                stack.push(path);
            } else if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).expect("a link target");
                found.insert(rel, target.to_string_lossy().into_owned().into_bytes());
            } else {
                found.insert(rel, fs::read(&path).expect("read a file"));
            }
        }
    }
    found
}

/// Every path under `public/` is a plain file name path: nothing climbs.
fn assert_output_is_tidy(d: &Dossier) {
    for name in common::files(&d.path().join("public")).into_keys() {
        assert!(
            !name.split('/').any(|part| part == ".." || part.is_empty()),
            "odd output path {name:?}"
        );
    }
}

#[test]
fn a_ten_megabyte_brief_builds() {
    let d = Dossier::new();
    let prose = "Gas flows through the pipeline under the Caspian, and the ministry tracks the volumes. Prices rose again.\n\n";
    let linked = "Gas flows through the pipeline under the Caspian, and [[Beta]] tracks the volumes. Prices rose again [@x].\n\n";
    let chapter = prose.repeat(20) + linked;
    let body = chapter.repeat(10 * 1024 * 1024 / chapter.len() + 1);
    d.file("content/sources.yaml", "- id: x\n  title: X\n");
    d.brief("a", "Alpha", "date: 2024\ntopics: [Gas]\n", &body);
    d.brief("b", "Beta", "", "B.\n");
    // Without the search index: this is about dossier's own passes, and
    // Pagefind is slow on 10 MB in a debug build.
    d.build(&["--no-search"]).success();
    assert_has(&d.read("public/briefs/b/index.html"), "tracks the volumes.");
}

#[test]
fn a_ten_megabyte_paragraph_full_of_links_builds() {
    // One paragraph, one line: every link's context and every link's
    // location must be found near the link, or this takes hours.
    let d = Dossier::new();
    let words = "and the treaty covered gas, pipelines, sanctions, drones and more ".repeat(8);
    let chunk = format!("[[Beta]] {words}; [[b|the beta brief]] [@x] again {words}");
    let body = chunk.repeat(10 * 1024 * 1024 / chunk.len() + 1);
    d.file("content/sources.yaml", "- id: x\n  title: X\n");
    d.brief("a", "Alpha", "date: 2024\n", &format!("{body}\n"));
    d.brief("b", "Beta", "", "B.\n");
    d.build(&["--no-search"]).success();
    assert_has(
        &d.read("public/briefs/b/index.html"),
        "the treaty covered gas",
    );
}

#[test]
fn a_megabyte_line_of_broken_links_is_reported() {
    // Each error shows its part of the line, found without scanning the
    // line from its start, and cut short.
    let d = Dossier::new();
    let chunk = format!("[[nowhere]] and [[elsewhere]] {}", "words ".repeat(30));
    let body = chunk.repeat(5_000);
    d.brief("a", "Alpha", "", &format!("{body}\n"));
    let output = d.build(&[]).code(1);
    output.stderr_has("unknown link target 'nowhere'");
    assert!(
        output.stderr.len() < 10_000 * 1_000,
        "{} bytes of errors",
        output.stderr.len()
    );
}

#[test]
fn many_broken_links_to_long_names_are_reported_quickly() {
    // Each broken link looks for a likely typo among the pages' names; for
    // long names that search once took minutes.
    let d = Dossier::new();
    let name = |n: usize| format!("{n} {}", "a long name of a brief ".repeat(90));
    for n in 0..50 {
        d.brief(&format!("b{n}"), &name(n), "", "Text.\n");
    }
    let links: String = (50..150).map(|n| format!("[[{}]] ", name(n))).collect();
    d.brief("links", "Links", "", &format!("{links}\n"));
    d.run(&["check"]).code(1).stderr_has("found 100 errors");
}

#[test]
fn deeply_nested_yaml_is_reported_quickly() {
    // The YAML scanner's work grows with the square of the nesting depth:
    // 100 000 brackets took 20 seconds per file before being refused.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let d = Dossier::new();
    d.brief("a", &deep, "", "Text.\n");
    d.file("dossier.yaml", &format!("extra: {deep}\n"));
    d.file("content/sources.yaml", &format!("- id: {deep}\n"));
    let output = d.run(&["check"]).code(1);
    output.stderr_has("nested more than");
    output.stderr_has("found 3 errors");
}

#[test]
fn deeply_nested_markdown_builds() {
    let d = Dossier::new();
    d.file("content/sources.yaml", "- id: x\n");
    let cases = [
        ">".repeat(50_000) + " [[B]]\n",
        "- ".repeat(20_000) + "[[B]]\n",
        (0..2_000)
            .map(|i| format!("{}- [[B]]\n", "  ".repeat(i)))
            .collect(),
        "[".repeat(50_000) + &"]".repeat(50_000) + "\n",
        "[[".repeat(20_000) + &"]]".repeat(20_000) + "\n",
        "*".repeat(50_000) + "x" + &"*".repeat(50_000) + "\n",
        "[a](".repeat(20_000) + &")".repeat(20_000) + "\n",
        "<div>".repeat(50_000) + "\n",
        (0..5_000)
            .map(|i| format!("[^{i}]: [^{}] [@x]\n", i + 1))
            .collect::<String>()
            + "x[^0]\n",
        "[@x]".repeat(50_000) + "\n",
        "|".to_string() + &"[[B]]|".repeat(5_000) + "\n|" + &"-|".repeat(5_000) + "\n",
    ];
    for (n, body) in cases.iter().enumerate() {
        d.brief(&format!("a{n}"), &format!("A{n}"), "", body);
    }
    d.brief("b", "B", "", "B.\n");
    no_crash(&d.build(&[]));
}

#[test]
fn deep_folders_build() {
    let d = Dossier::new();
    let deep: String = (0..60).map(|n| format!("level-{n}/")).collect();
    d.brief(&format!("{deep}deepest"), "Deepest", "", "See [[Top]].\n");
    d.brief("top", "Top", "", "See [[Deepest]].\n");
    d.file(
        &format!("content/{deep}page.md"),
        "---\ntitle: Deep page\n---\n\nSee [[Deepest]].\n",
    );
    d.build(&[]).success();
    assert!(d.exists("public/briefs/deepest/index.html"));
    assert!(d.exists(&format!("public/{deep}page/index.html")));
    assert!(common::broken_links(&d.path().join("public")).is_empty());
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_under_content_is_reported() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "", "Text.\n");
    std::os::unix::fs::symlink("..", d.path().join("content/briefs/loop")).unwrap();
    let output = d.build(&[]);
    output.code(1).stderr_has("loop");
    let output = d.run(&["check"]);
    output.code(1).stderr_has("loop");
    assert!(!d.exists("public"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_deeper_under_content_is_reported() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "", "Text.\n");
    fs::create_dir_all(d.path().join("content/x/y")).unwrap();
    std::os::unix::fs::symlink("../../x", d.path().join("content/x/y/back")).unwrap();
    std::os::unix::fs::symlink(".", d.path().join("content/here")).unwrap();
    let output = d.run(&["check"]);
    output.code(1).stderr_has("loop");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_under_static_does_not_hang_the_build() {
    let d = Dossier::new();
    d.brief("a", "Alpha", "", "Text.\n");
    d.file("static/files/map.txt", "a map\n");
    std::os::unix::fs::symlink("..", d.path().join("static/files/loop")).unwrap();
    no_crash(&d.build(&[]));
    assert_eq!(d.read("public/files/map.txt"), "a map\n");
}

/// Names that try to climb out of a folder, or to break a file system.
const HOSTILE: &[&str] = &[
    "../../etc/passwd",
    "../../../../../../../../tmp/dossier-escape",
    "/abs/path",
    "/tmp/dossier-escape-abs",
    "%2e%2e/%2e%2e/escape",
    "..",
    ".",
    "..\\..\\escape",
    "C:\\Windows\\escape",
    "~/escape",
    "a/../../../b",
    "\u{202e}txt.exe",
];

/// A YAML double-quoted string of `text` (so `\0` reaches the engine).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A dossier whose every name is hostile but which has no errors.
fn hostile_dossier() -> Dossier {
    let d = Dossier::new();
    let long = "x".repeat(300);
    let mut names: Vec<String> = HOSTILE.iter().map(|n| quoted(n)).collect();
    names.push("\"a\\0b\"".into());
    names.push("\"\\0\"".into());
    names.push(quoted(&long));
    names.push(quoted(&format!("../{long}/../{long}")));
    // Aliases must not repeat another page's name (that is an error), so
    // each climbs a little further.
    let aliases: Vec<String> = names
        .iter()
        .map(|n| format!("{}/../..\"", n.trim_end_matches('"')))
        .collect();
    let aliases = aliases.join(", ");
    d.file(
        "dossier.yaml",
        "title: \"../../site\\0\"\nbase_url: \"https://example.org/../../\"\nauthor: \"/etc/passwd\"\n",
    );
    // A `url` and `base_url` must be http(s) addresses (anything else is
    // an error, tested in schemes.rs), so the names climb inside them.
    d.file(
        "content/sources.yaml",
        &names
            .iter()
            .map(|n| {
                // `n` is double-quoted; NUL and spaces are not allowed in a URL.
                let path = n[1..].replace("\\0", "%00").replace(' ', "%20");
                format!("- id: {n}\n  title: {n}\n  url: \"https://example.org/{path}\n")
            })
            .collect::<String>(),
    );
    for (n, name) in names.iter().enumerate() {
        d.brief(
            &format!("b{n}"),
            name,
            &format!(
                "date: 2024\ntopics: [{name}]\nactors: [{name}]\nsources: [{name}]\nsummary: {name}\nkind: {name}\nrole: {name}\nevents:\n  - date: 2024-01\n    title: {name}\n    actors: [{name}]\n"
            ),
            "Text.\n\n## ../../heading {#../../x}\n",
        );
    }
    d.file(
        "content/topics/gas.md",
        &format!("---\ntitle: Gas\naliases: [{aliases}]\n---\n\nGas.\n"),
    );
    // File names that look like climbing or are as long as file systems allow.
    for name in ["..md", "...md", "%2e%2e.md", "..\\..\\escape.md"] {
        d.file(
            &format!("content/briefs/{name}"),
            "---\ntitle: Odd file\n---\n\nText.\n",
        );
        d.file(
            &format!("content/{name}"),
            "---\ntitle: Odd page\n---\n\nText.\n",
        );
    }
    let long_file = format!("{}.md", "f".repeat(250));
    d.file(
        &format!("content/briefs/{long_file}"),
        "---\ntitle: Long file\n---\n\nText.\n",
    );
    d.file(
        &format!("content/{long_file}"),
        "---\ntitle: Long page\n---\n\nText.\n",
    );
    d
}

#[test]
fn hostile_names_never_write_outside_the_output_folder() {
    let d = hostile_dossier();
    let parent = d.path().parent().expect("a temp folder").to_path_buf();
    let escapes = ["dossier-escape", "escape", "passwd", "abs", "b", "x"];
    let before = outside_public(d.path());
    let output = d.build(&[]);
    no_crash(&output);
    output.code(0);
    assert_eq!(
        before,
        outside_public(d.path()),
        "files outside public/ changed"
    );
    for name in escapes {
        assert!(
            !d.path().join(name).exists(),
            "{name} was written beside public/"
        );
    }
    assert!(!parent.join("dossier-escape").exists());
    assert!(!Path::new("/tmp/dossier-escape-abs").exists());
    assert!(!Path::new("/abs").exists());
    assert_output_is_tidy(&d);
    // A second build, over the first, keeps to public/ too.
    no_crash(&d.build(&[]));
    assert_eq!(before, outside_public(d.path()));
}

#[test]
fn hostile_links_and_static_names_never_write_outside_the_output_folder() {
    let d = hostile_dossier();
    let links: String = HOSTILE
        .iter()
        .map(|n| format!("[[{n}]] [x]({n}.md) [y](../../{n}.md#../../x) "))
        .collect();
    d.brief("links", "Links", "", &format!("{links}\n"));
    d.file("static/..\\..\\static-escape.txt", "x\n");
    d.file("static/%2e%2e/x.txt", "x\n");
    let before = outside_public(d.path());
    no_crash(&d.build(&[]));
    no_crash(&d.run(&["check"]));
    assert_eq!(
        before,
        outside_public(d.path()),
        "files outside public/ changed"
    );
    assert!(!d.path().join("static-escape.txt").exists());
    assert_output_is_tidy(&d);
}

/// Inputs that once hung a build, crashed it or made it read outside
/// `content/`, each as (file, text); the tests above cover them at full
/// size. The property tests have found no panic so far; add what they
/// find here.
fn found() -> Vec<(&'static str, String)> {
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let long = "a long name of a brief ".repeat(90);
    vec![
        ("content/briefs/a.md", format!("---\ntitle: {deep}\n---\n")),
        ("dossier.yaml", format!("extra: {deep}\n")),
        ("content/sources.yaml", format!("- id: {deep}\n")),
        (
            "content/briefs/a.md",
            format!("---\ntitle: A\n---\n\n{}\n", "[[nowhere]] ".repeat(5_000)),
        ),
        (
            "content/briefs/a.md",
            format!(
                "---\ntitle: A\n---\n\n{}\n",
                format!("[[{long}]] ").repeat(100)
            ),
        ),
        ("content/briefs/..\\..\\a.md", "---\ntitle: A\n---\n".into()),
        ("static/..\\..\\a.txt", "x\n".into()),
    ]
}

#[test]
fn inputs_that_once_failed_never_crash_the_binary() {
    for (rel, text) in found() {
        let d = Dossier::new();
        d.brief("neighbour", "Neighbour", "", "See [[a]].\n");
        d.brief("long", &"a long name of a brief ".repeat(90), "", "B.\n");
        d.file(rel, &text);
        no_crash(&d.build(&[]));
        no_crash(&d.run(&["check"]));
    }
}
