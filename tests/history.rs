//! History from git, as a reader and a writer see it: a dossier kept in a
//! subfolder of a git repository with dated commits (a rename, a
//! `Correction:` trailer, a non-ASCII file name, a commit outside the
//! content) shows exact dates, revisions and corrections on its briefs and
//! on the changes page and its feed; a shallow clone, a folder outside git,
//! a repository without commits and a machine without git all build, saying
//! once what they could not show; `--no-git` turns history off; `serve`
//! marks uncommitted edits.
//!
//! These tests run the `git` command; they fail, saying so, where it is
//! missing (`.ci/run` installs it). The test without git hides it instead.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{
    Dossier, Output, assert_has, assert_in_order, assert_lacks, broken_links, git, section,
};

/// Commits everything in `dir` at `date`; each message is a paragraph.
fn commit(dir: &Path, date: &str, messages: &[&str]) -> String {
    git(dir, date, &["add", "-A"]);
    let mut args = vec!["commit", "-q"];
    for message in messages {
        args.extend(["-m", message]);
    }
    git(dir, date, &args);
    git(dir, date, &["rev-parse", "--short", "HEAD"])
}

/// Runs `dossier COMMAND -r ROOT ARGS...`; `path` replaces `PATH`.
fn dossier(root: &Path, args: &[&str], path: Option<&Path>) -> Output {
    let (command, rest) = args.split_first().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.arg(command)
        .arg("-r")
        .arg(root)
        .args(rest)
        .current_dir(root)
        .env("NO_COLOR", "1");
    if let Some(path) = path {
        cmd.env("PATH", path);
    }
    let output = cmd.output().unwrap();
    Output {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn brief(title: &str, front: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{front}---\n\n{body}")
}

/// The hashes of the commits in [`kept_in_git`].
struct Commits {
    first: String,
    rename: String,
    correction: String,
    readme: String,
}

/// A repository whose `dossier/` folder is the dossier, with four commits:
///
/// 1. 10 Jan 2025: adds the treaty brief (as `treaty-draft.md`), the gas
///    brief, a README outside the content;
/// 2. 3 Feb 2025: renames the treaty brief into `briefs/2025/treaty.md`
///    and adds `übersicht.md`;
/// 3. 5 Mar 2025: edits both briefs, with a `Correction:` trailer;
/// 4. 1 Apr 2025: edits the README only.
fn kept_in_git() -> (Dossier, Commits) {
    let d = Dossier::new();
    let top = d.path();
    git(top, "2025-01-01T00:00:00+00:00", &["init", "-q"]);
    d.file(
        "dossier/dossier.yaml",
        "title: Kept\nbase_url: https://example.org/kept/\n",
    );
    d.file("README", "A repository that holds a dossier.\n");
    let treaty_text = "The treaty was signed in Moscow on 18 January.\n\nIt runs for twenty years and covers trade, energy and security.\n";
    d.file(
        "dossier/content/briefs/treaty-draft.md",
        &brief("Treaty signed", "date: 2025-01-17\n", treaty_text),
    );
    d.file(
        "dossier/content/briefs/gas.md",
        &brief(
            "Gas trade",
            "date: 2025-01\nupdated: 2025-06-01\n",
            "Swaps began.\n",
        ),
    );
    let first = commit(
        top,
        "2025-01-10T09:00:00+02:00",
        &["Add the treaty and gas briefs"],
    );

    git(
        top,
        "2025-02-03T12:00:00+02:00",
        &[
            "mv",
            "dossier/content/briefs/treaty-draft.md",
            "dossier/content/briefs/treaty.md",
        ],
    );
    std::fs::create_dir_all(top.join("dossier/content/briefs/2025")).unwrap();
    git(
        top,
        "2025-02-03T12:00:00+02:00",
        &[
            "mv",
            "dossier/content/briefs/treaty.md",
            "dossier/content/briefs/2025/treaty.md",
        ],
    );
    d.file(
        "dossier/content/briefs/übersicht.md",
        &brief("Übersicht", "date: 2025-02\n", "An overview.\n"),
    );
    let rename = commit(
        top,
        "2025-02-03T12:00:00+02:00",
        &["Move the treaty brief into 2025/"],
    );

    d.file(
        "dossier/content/briefs/2025/treaty.md",
        &brief(
            "Treaty signed",
            "date: 2025-01-17\n",
            &treaty_text.replace("18 January", "17 January"),
        ),
    );
    d.file(
        "dossier/content/briefs/gas.md",
        &brief(
            "Gas trade",
            "date: 2025-01\nupdated: 2025-06-01\n",
            "Swaps began in 2024.\n",
        ),
    );
    let correction = commit(
        top,
        "2025-03-05T16:30:00+02:00",
        &[
            "Fix the signing date",
            "The date came from an early wire report.",
            "Correction: The treaty was signed on 17 January, not 18 January.",
        ],
    );

    d.file("README", "A repository that holds a dossier. Updated.\n");
    let readme = commit(top, "2025-04-01T08:00:00+02:00", &["Tidy the README"]);
    let commits = Commits {
        first,
        rename,
        correction,
        readme,
    };
    (d, commits)
}

#[test]
fn briefs_show_their_dates_revisions_and_corrections_from_git() {
    let (d, c) = kept_in_git();
    let root = d.path().join("dossier");
    let out = dossier(&root, &["build"], None).success();
    assert_lacks(&out.stdout, "note:");
    assert_eq!(
        out.stderr, "",
        "a dossier kept in git builds without a word"
    );

    let treaty = d.read("dossier/public/briefs/treaty/index.html");
    // The last commit is the update; the rename did not cut the history.
    assert_has(
        &treaty,
        "updated <time datetime=\"2025-03-05\">5 March 2025</time>",
    );
    let history = treaty
        .split("<details class=\"history\">")
        .nth(1)
        .expect("a revision history");
    assert_has(
        history,
        "3 revisions, first <time datetime=\"2025-01-10\">10 January 2025</time>",
    );
    assert_in_order(
        history,
        &[
            "<time datetime=\"2025-03-05\">5 March 2025</time> <span class=\"subject\">Fix the signing date</span> <span class=\"author\">Ann Writer</span>",
            &format!("<code>{}</code>", c.correction),
            "<time datetime=\"2025-02-03\">3 February 2025</time> <span class=\"subject\">Move the treaty brief into 2025/</span>",
            &format!("<code>{}</code>", c.rename),
            "<time datetime=\"2025-01-10\">10 January 2025</time> <span class=\"subject\">Add the treaty and gas briefs</span>",
            &format!("<code>{}</code>", c.first),
            "</details>",
        ],
    );
    assert_lacks(&treaty, "Tidy the README");
    assert_lacks(&treaty, "uncommitted changes");
    assert_has(
        section(&treaty, "Corrections"),
        "<li><time datetime=\"2025-03-05\">5 March 2025</time> The treaty was signed on 17 January, not 18 January.</li>",
    );

    // Front matter `updated:` wins over the last commit; the correction
    // is listed on every brief the commit touched.
    let gas = d.read("dossier/public/briefs/gas/index.html");
    assert_has(
        &gas,
        "updated <time datetime=\"2025-06-01\">1 June 2025</time>",
    );
    assert_has(&gas, "2 revisions, first <time datetime=\"2025-01-10\">");
    assert_has(
        section(&gas, "Corrections"),
        "The treaty was signed on 17 January, not 18 January.",
    );

    // A non-ASCII file name keeps its history; no correction touched it.
    let overview = d.read("dossier/public/briefs/ubersicht/index.html");
    assert_has(
        &overview,
        "updated <time datetime=\"2025-02-03\">3 February 2025</time>",
    );
    assert_has(&overview, "1 revision, first ");
    assert_lacks(&overview, "Corrections</h2>");

    assert_eq!(broken_links(&root.join("public")), Vec::<String>::new());
}

#[test]
fn the_changes_page_and_its_feed_list_content_commits_newest_first() {
    let (d, c) = kept_in_git();
    let root = d.path().join("dossier");
    dossier(&root, &["build"], None).success();

    let changes = d.read("dossier/public/changes/index.html");
    assert_has(
        &changes,
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Kept · Changes\" href=\"../changes/atom.xml\">",
    );
    assert_in_order(
        &changes,
        &[
            &format!(
                "<li id=\"{}\"><time datetime=\"2025-03-05\">5 March 2025</time> <span class=\"subject\">Fix the signing date</span>",
                c.correction
            ),
            "<li>Correction: The treaty was signed on 17 January, not 18 January.</li>",
            "<a href=\"../briefs/treaty/index.html\"><bdi>Treaty signed</bdi></a>",
            &format!("<li id=\"{}\"><time datetime=\"2025-02-03\">", c.rename),
            "<a href=\"../briefs/ubersicht/index.html\"><bdi>Übersicht</bdi></a>",
            &format!("<li id=\"{}\"><time datetime=\"2025-01-10\">", c.first),
            "<a href=\"../briefs/gas/index.html\"><bdi>Gas trade</bdi></a>",
        ],
    );
    // A commit that touched nothing in content/ is not a change to the dossier.
    assert_lacks(&changes, &c.readme);
    assert_lacks(&changes, "Tidy the README");
    // The main navigation leads to it.
    assert_has(
        &d.read("dossier/public/index.html"),
        "<a href=\"changes/index.html\">Changes</a>",
    );

    let feed = d.read("dossier/public/changes/atom.xml");
    assert_has(
        &feed,
        "<link href=\"https://example.org/kept/changes/atom.xml\" rel=\"self\"/>",
    );
    assert_has(&feed, "<updated>2025-03-05T16:30:00+02:00</updated>");
    assert_in_order(
        &feed,
        &[
            "<title>Fix the signing date</title>",
            &format!(
                "<id>https://example.org/kept/changes/#{}</id>",
                c.correction
            ),
            "<updated>2025-03-05T16:30:00+02:00</updated>",
            "<author><name>Ann Writer</name></author>",
            "Correction: The treaty was signed on 17 January, not 18 January.",
            "<title>Move the treaty brief into 2025/</title>",
            "<title>Add the treaty and gas briefs</title>",
        ],
    );
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    // Each entry names the pages it changed, by their titles now.
    assert_in_order(
        &feed,
        &[
            "Changed: Treaty signed, Gas trade</summary>",
            "<summary>Changed: Treaty signed, Übersicht</summary>",
            "<summary>Changed: Treaty signed, Gas trade</summary>",
        ],
    );

    // The brief feed and the sitemap date briefs by their last change.
    assert_has(
        &d.read("dossier/public/sitemap.xml"),
        "<loc>https://example.org/kept/briefs/treaty/</loc><lastmod>2025-03-05</lastmod>",
    );
}

#[test]
fn no_git_turns_history_off() {
    let (d, _) = kept_in_git();
    let root = d.path().join("dossier");
    let out = dossier(&root, &["build", "--no-git"], None).success();
    assert_lacks(&out.stdout, "note:");
    let treaty = d.read("dossier/public/briefs/treaty/index.html");
    assert_lacks(&treaty, "class=\"history\"");
    assert_lacks(&treaty, "updated <time");
    assert_lacks(&treaty, "Corrections</h2>");
    let changes = d.read("dossier/public/changes/index.html");
    assert_lacks(&changes, "<li id=");
    assert_lacks(&changes, "class=\"note\"");
}

/// Asserts a successful build that printed `note` exactly once, on one
/// line, with no warning, and shows no history.
#[track_caller]
fn builds_with_one_note(out: &Output, note: &str, site: &Path) {
    assert_eq!(out.code, 0, "{out:?}");
    let notes: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("note: "))
        .collect();
    assert_eq!(notes.len(), 1, "one note expected:\n{}", out.stdout);
    assert_has(notes[0], note);
    assert_eq!(out.stderr, "", "no warning or error expected");
    let brief = std::fs::read_to_string(site.join("briefs/a/index.html")).unwrap();
    assert_lacks(&brief, "class=\"history\"");
    assert_has(
        &std::fs::read_to_string(site.join("changes/index.html")).unwrap(),
        "No changes to list: the history of this dossier is not available.",
    );
}

fn small() -> Dossier {
    let d = Dossier::new();
    d.brief("a", "A", "date: 2025-01-17\n", "Text.\n");
    d
}

#[test]
fn a_shallow_clone_builds_and_says_why_there_is_no_history() {
    let (d, _) = kept_in_git();
    let clone = Dossier::new();
    let source = format!("file://{}", d.path().display());
    let target = clone.path().join("clone");
    git(
        clone.path(),
        "2025-05-01T00:00:00+00:00",
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            &source,
            target.to_str().unwrap(),
        ],
    );
    let root = target.join("dossier");
    // Make the clone's brief `a` for the shared assertions.
    std::fs::write(
        root.join("content/briefs/a.md"),
        brief("A", "date: 2025-01-17\n", "Text.\n"),
    )
    .unwrap();
    let out = dossier(&root, &["build"], None);
    builds_with_one_note(&out, "shallow git clone", &root.join("public"));
    assert_has(&out.stdout, "git fetch --unshallow");
}

#[test]
fn a_folder_outside_git_builds_and_says_so_once() {
    let d = small();
    let out = d.build(&[]);
    builds_with_one_note(&out, "is not in a git repository", &d.path().join("public"));
    // Check is about the content only: it says nothing about git.
    let check = d.run(&["check"]).success();
    assert_eq!(check.stderr, "no problems found\n");
    assert_eq!(check.stdout, "");
}

#[test]
fn a_repository_without_commits_builds_and_says_so() {
    let d = small();
    git(d.path(), "2025-01-01T00:00:00+00:00", &["init", "-q"]);
    let out = d.build(&[]);
    builds_with_one_note(&out, "no commits yet", &d.path().join("public"));
}

#[test]
fn a_machine_without_git_builds_and_says_so() {
    let d = small();
    // An empty PATH hides git (and everything else) from dossier.
    let empty = Dossier::new();
    let out = dossier(d.path(), &["build"], Some(empty.path()));
    builds_with_one_note(&out, "git is not installed", &d.path().join("public"));
    // --no-git asks for no history, so there is nothing to say.
    let quiet = dossier(d.path(), &["build", "--no-git"], Some(empty.path())).success();
    assert_lacks(&quiet.stdout, "note:");
}

/// GETs `path` from a server at `host` and returns the body.
fn get(host: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    response
}

#[test]
fn serve_marks_briefs_with_uncommitted_edits() {
    let (d, _) = kept_in_git();
    let root = d.path().join("dossier");
    d.file(
        "dossier/content/briefs/gas.md",
        &brief(
            "Gas trade",
            "date: 2025-01\nupdated: 2025-06-01\n",
            "Swaps began in 2024, not yet committed.\n",
        ),
    );
    d.file(
        "dossier/content/briefs/new.md",
        &brief("New", "date: 2025-05-01\n", "Not committed at all.\n"),
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "-r"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let host = line
        .strip_prefix("serving the dossier at http://")
        .and_then(|rest| rest.split_once('/'))
        .map(|(host, _)| host.to_string());
    let pages = host.map(|host| {
        [
            get(&host, "/briefs/gas/"),
            get(&host, "/briefs/new/"),
            get(&host, "/briefs/treaty/"),
        ]
    });
    let _ = child.kill();
    let _ = child.wait();
    let [gas, new, treaty] = pages.unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    assert_has(&gas, "<li class=\"uncommitted\">uncommitted changes</li>");
    assert_has(&gas, "2 revisions");
    assert_has(&new, "<li class=\"uncommitted\">uncommitted changes</li>");
    assert_lacks(&treaty, "uncommitted changes");
    assert_has(&treaty, "3 revisions");
}

/// The page a builder renders at `path`, as text.
fn page_of(rendered: &dossier::build::outcome::Rendered, path: &str) -> String {
    let file = rendered.files.iter().find(|f| f.path == path).unwrap();
    String::from_utf8_lossy(&file.bytes).into_owned()
}

#[test]
fn rebuilds_follow_edits_and_commits_like_a_fresh_build() {
    let (d, _) = kept_in_git();
    let root = d.path().join("dossier");
    let mut options = dossier::BuildOptions::new(&root);
    options.uncommitted = true;
    let mut builder = dossier::build::rebuild::Builder::new(options.clone());
    let fresh =
        || dossier::build::render_site(&options).unwrap_or_else(|_| panic!("fresh build failed"));
    let same_as_fresh = |rendered: &dossier::build::outcome::Rendered| {
        let fresh = fresh();
        assert_eq!(rendered.files.len(), fresh.files.len());
        for (a, b) in rendered.files.iter().zip(fresh.files.iter()) {
            assert!(a.bytes == b.bytes, "{} differs from a fresh build", a.path);
        }
    };
    let first = builder
        .rebuild()
        .unwrap_or_else(|_| panic!("first build failed"));
    assert_lacks(
        &page_of(&first, "briefs/gas/index.html"),
        "uncommitted changes",
    );

    // A body edit: the brief shows its uncommitted changes.
    let gas = "dossier/content/briefs/gas.md";
    d.file(
        gas,
        &brief(
            "Gas trade",
            "date: 2025-01\nupdated: 2025-06-01\n",
            "Swaps began in 2024. More.\n",
        ),
    );
    let edited = builder
        .rebuild()
        .unwrap_or_else(|_| panic!("rebuild failed"));
    assert_has(
        &page_of(&edited, "briefs/gas/index.html"),
        "uncommitted changes",
    );
    same_as_fresh(&edited);

    // Committed, then another file edited: the commit shows everywhere.
    commit(
        d.path(),
        "2025-05-02T10:00:00+02:00",
        &["Extend the gas brief"],
    );
    d.file(
        "dossier/content/briefs/übersicht.md",
        &brief("Übersicht", "date: 2025-02\n", "An overview, edited.\n"),
    );
    let committed = builder
        .rebuild()
        .unwrap_or_else(|_| panic!("rebuild failed"));
    let gas_page = page_of(&committed, "briefs/gas/index.html");
    assert_lacks(&gas_page, "uncommitted changes");
    assert_has(&gas_page, "3 revisions");
    assert_has(
        &page_of(&committed, "changes/index.html"),
        "Extend the gas brief",
    );
    assert_has(
        &page_of(&committed, "briefs/ubersicht/index.html"),
        "uncommitted changes",
    );
    same_as_fresh(&committed);
}

#[test]
fn a_theme_that_overrides_base_html_still_builds_the_changes_page() {
    let d = small();
    // A base.html copied before the changes page existed.
    let base = include_str!("../themes/default/templates/base.html");
    let old: Vec<&str> = base
        .lines()
        .filter(|line| !line.contains("changes/atom.xml"))
        .collect();
    assert!(old.len() < base.lines().count());
    d.file("themes/default/templates/base.html", &old.join("\n"));
    let out = d.build(&["--no-git"]).success();
    assert_eq!(out.stderr, "");
    assert_has(&d.read("public/changes/index.html"), "<h1>Changes</h1>");
}

#[test]
fn a_new_commit_makes_an_up_to_date_folder_build_again() {
    let d = small();
    d.file(".gitignore", "public/\n");
    git(d.path(), "2025-01-20T10:00:00Z", &["init", "-q"]);
    commit(d.path(), "2025-01-20T10:00:00Z", &["First"]);
    d.build(&[]).success();
    assert_has(&d.build(&[]).success().stdout, "is up to date");
    // No file changes, only the history the pages show.
    git(
        d.path(),
        "2025-02-03T10:00:00Z",
        &[
            "commit",
            "-q",
            "--allow-empty",
            "-m",
            "Nothing but a commit",
        ],
    );
    assert_lacks(&d.build(&[]).success().stdout, "up to date");
    assert_has(&d.build(&[]).success().stdout, "is up to date");
    assert_lacks(&d.build(&["--no-git"]).success().stdout, "up to date");
}
