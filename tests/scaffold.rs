//! Starting a dossier and adding pages to it: `dossier init` writes a
//! dossier that checks and builds with no warning at once, and refuses to
//! write over one; `dossier new` writes a brief, topic or actor with
//! complete front matter where the shipped dossier keeps them, prints its
//! path, and never overwrites a file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{Dossier, Output, assert_has, assert_lacks, broken_links};

/// Runs `dossier ARGS...` in `dir`, without `-r`.
fn dossier_in(dir: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Output {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Today's date as `dossier` dates new briefs, read before and after
/// `run` so a run across midnight still matches one of them.
fn today_around(run: impl FnOnce()) -> [String; 2] {
    let today = || jiff::ZonedDateTime::now().date().to_string();
    let before = today();
    run();
    [before, today()]
}

/// Asserts that `dossier check` and `dossier build` accept the dossier at
/// `d` with no warning, and that its site has no broken link.
#[track_caller]
fn checks_and_builds_clean(d: &Dossier) {
    let check = d.run(&["check"]).success();
    // Notes are fine (the first brief rests on a single source, which
    // `check` notes as `single-source`): no warning or error.
    assert!(
        check.stderr.ends_with("no problems found\n"),
        "{}",
        check.stderr
    );
    assert_lacks(&check.stderr, "warning[");
    assert_lacks(&check.stderr, "error[");
    let build = d.build(&["--no-git"]).success();
    assert_eq!(build.stderr, "", "build printed warnings");
    assert_lacks(&build.stdout, "warning");
    assert_eq!(broken_links(&d.path().join("public")), Vec::<String>::new());
}

#[test]
fn init_starts_a_dossier_that_checks_and_builds_clean() {
    let d = Dossier::new();
    let mut out = None;
    let dates = today_around(|| out = Some(dossier_in(d.path(), &["init"]).success()));
    let out = out.unwrap();
    for file in [
        "dossier.yaml",
        "content/_index.md",
        "content/briefs/first-brief.md",
        "content/topics/method.md",
        "content/actors/example-agency.md",
        "content/sources.yaml",
        ".gitignore",
    ] {
        assert!(d.exists(file), "init did not write {file}");
        assert_has(&out.stdout, &format!("  {file}\n"));
    }
    assert_has(&d.read(".gitignore"), "\npublic/\n");
    let config = d.read("dossier.yaml");
    assert_has(&config, "# The address the site is published at");
    // No local address that a build would publish: base_url is left for
    // the writer to set, and the comment says so.
    assert_has(&config, "Set it before you publish");
    assert_has(&config, "\n# base_url: https://example.org/my-dossier/\n");
    assert_lacks(&config, "\nbase_url:");
    let brief = d.read("content/briefs/first-brief.md");
    assert!(
        dates
            .iter()
            .any(|day| brief.contains(&format!("date: {day}\n"))),
        "the brief is not dated today ({dates:?}):\n{brief}"
    );
    checks_and_builds_clean(&d);

    // The brief names the topic and the actor, which list it in return.
    let topic = d.read("public/topics/method/index.html");
    assert_has(&topic, "href=\"../../briefs/first-brief/index.html\"");
    let actor = d.read("public/actors/example-agency/index.html");
    assert_has(&actor, "href=\"../../briefs/first-brief/index.html\"");

    // A build without --no-git says once that history needs git, and
    // still has no warning; both builds note that base_url is not set.
    let build = d.build(&[]).success();
    assert_eq!(build.stderr, "");
    let notes: Vec<&str> = build
        .stdout
        .lines()
        .filter(|l| l.starts_with("note: "))
        .collect();
    assert_eq!(notes.len(), 2, "{}", build.stdout);
    assert_has(notes[0], "is not in a git repository");
    assert_has(notes[1], "dossier.yaml sets no base_url");
    // The feeds and sitemap are made all the same.
    assert_has(&d.read("public/sitemap.xml"), "<loc>http://localhost:1111/");
    assert!(d.exists("public/atom.xml"));
}

#[test]
fn init_creates_the_folder_it_is_given() {
    let parent = Dossier::new();
    let out = dossier_in(parent.path(), &["init", "desk/new dossier"]).success();
    assert_has(&out.stdout, "started a dossier in desk/new dossier");
    assert!(parent.exists("desk/new dossier/content/briefs/first-brief.md"));
    let built = dossier_in(
        parent.path(),
        &["build", "-r", "desk/new dossier", "--no-git"],
    )
    .success();
    assert_eq!(built.stderr, "");
}

#[test]
fn init_refuses_to_write_over_a_dossier() {
    let d = Dossier::new();
    d.brief("mine", "Mine", "", "My own words.\n");
    let out = dossier_in(d.path(), &["init"]).code(2);
    out.stderr_has("content already exists");
    out.stderr_has("already holds a dossier");
    assert!(
        !d.exists("dossier.yaml"),
        "init wrote next to existing content"
    );
    assert_eq!(
        d.read("content/briefs/mine.md"),
        "---\ntitle: Mine\n---\n\nMy own words.\n"
    );

    let d = Dossier::new();
    d.file("dossier.yaml", "title: Mine\n");
    dossier_in(d.path(), &["init"])
        .code(2)
        .stderr_has("dossier.yaml already exists");
    assert_eq!(d.read("dossier.yaml"), "title: Mine\n");
    assert!(!d.exists("content"));
}

#[test]
fn init_adds_the_output_folder_to_an_existing_gitignore() {
    let d = Dossier::new();
    d.file(".gitignore", "*.swp");
    let out = dossier_in(d.path(), &["init"]).success();
    assert_has(&out.stdout, "  .gitignore (added public/)\n");
    let ignore = d.read(".gitignore");
    assert!(ignore.starts_with("*.swp\n"), "{ignore}");
    assert_has(&ignore, "\npublic/\n");
}

#[test]
fn new_writes_each_kind_where_the_shipped_dossier_keeps_it() {
    let d = Dossier::new();
    dossier_in(d.path(), &["init"]).success();
    let mut brief = None;
    let dates = today_around(|| {
        brief = Some(d.run(&["new", "brief", "Gas: a primer"]).success());
    });
    let topic = d.run(&["new", "topic", "Санкции"]).success();
    let actor = d.run(&["new", "actor", "Jane Doe"]).success();

    // Each prints its path, and only that.
    let root = d.path().display().to_string();
    assert_eq!(
        brief.unwrap().stdout,
        format!("{root}/content/briefs/gas-a-primer.md\n")
    );
    assert_eq!(topic.stdout, format!("{root}/content/topics/sanktsii.md\n"));
    assert_eq!(actor.stdout, format!("{root}/content/actors/jane-doe.md\n"));

    let text = d.read("content/briefs/gas-a-primer.md");
    // A title YAML would misread is quoted; every field is there.
    assert!(
        text.starts_with("---\ntitle: \"Gas: a primer\"\n"),
        "{text}"
    );
    assert!(
        dates
            .iter()
            .any(|day| text.contains(&format!("\ndate: {day} "))),
        "not dated today ({dates:?}):\n{text}"
    );
    for key in [
        "summary:",
        "topics: []",
        "actors: []",
        "sources: []",
        "draft: true ",
        "set `draft: false` or remove this line",
        "# events:",
    ] {
        assert_has(&text, key);
    }
    let topic = d.read("content/topics/sanktsii.md");
    assert!(
        topic.starts_with("---\ntitle: Санкции\naliases: []"),
        "{topic}"
    );
    let actor = d.read("content/actors/jane-doe.md");
    for key in [
        "title: Jane Doe\n",
        "aliases: []",
        "kind:",
        "role:",
        "country:",
        "summary:",
    ] {
        assert_has(&actor, key);
    }

    checks_and_builds_clean(&d);
    // A new brief is a draft: left out until it is published.
    assert!(!d.exists("public/briefs/gas-a-primer/index.html"));
    assert_lacks(&d.read("public/index.html"), "Gas: a primer");
    assert_has(
        &d.read("public/topics/sanktsii/index.html"),
        "<h1>Санкции</h1>",
    );
    assert_has(
        &d.read("public/actors/jane-doe/index.html"),
        "<h1>Jane Doe</h1>",
    );
}

#[test]
fn new_never_overwrites_a_file() {
    let d = Dossier::new();
    d.brief("gas", "Gas", "", "Written by hand.\n");
    let out = d.run(&["new", "brief", "Gas"]).code(2);
    out.stderr_has("error: content/briefs/gas.md already exists");
    out.stderr_has("never overwrites");
    assert_eq!(
        d.read("content/briefs/gas.md"),
        "---\ntitle: Gas\n---\n\nWritten by hand.\n"
    );
    assert_eq!(out.stdout, "");

    // A brief's URL is its file name wherever it is nested, so a brief of
    // the same name in another folder is refused too.
    d.brief("2024/treaty", "Treaty", "", "Nested.\n");
    d.run(&["new", "brief", "Treaty"])
        .code(2)
        .stderr_has("content/briefs/2024/treaty.md already exists");
    assert!(!d.exists("content/briefs/treaty.md"));

    d.file("content/topics/gas.md", "---\ntitle: Gas\n---\n");
    d.run(&["new", "topic", "Gas"])
        .code(2)
        .stderr_has("content/topics/gas.md already exists");
    assert_eq!(d.read("content/topics/gas.md"), "---\ntitle: Gas\n---\n");
}

#[test]
fn new_says_what_is_wrong_with_a_title_or_a_folder() {
    let d = Dossier::new();
    d.file("content/_index.md", "---\ntitle: Home\n---\n");
    d.run(&["new", "brief", "  "])
        .code(2)
        .stderr_has("the title is empty");
    d.run(&["new", "brief", "?!"])
        .code(2)
        .stderr_has("cannot make a file name from the title '?!'");

    let empty = Dossier::new();
    empty
        .run(&["new", "actor", "Jane Doe"])
        .code(2)
        .stderr_has("run `dossier new` in a dossier folder");
    assert!(!empty.exists("content"));
}
