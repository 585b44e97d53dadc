//! A small harness for the integration tests, in the style of ripgrep's
//! `tests/util.rs`: a [`Dossier`] is a throwaway dossier folder; tests write
//! files into it, run the real `dossier` binary on it and look at what a
//! user would see: the exit code, the messages, the files in `public/`.
//!
//! ```ignore
//! let d = Dossier::new();
//! d.file("content/briefs/a.md", "---\ntitle: A\n---\nSee [[B]].\n");
//! d.build(&[]).success();
//! assert!(d.read("public/briefs/a/index.html").contains("<h1>A</h1>"));
//! ```
//!
//! Each test crate uses a different part of the harness.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// A dossier in a temporary folder, removed when the value is dropped.
pub struct Dossier {
    dir: tempfile::TempDir,
}

impl Dossier {
    /// An empty folder: no `content/` yet.
    pub fn new() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("dossier-test-")
            .tempdir()
            .expect("create a temporary folder");
        Dossier { dir }
    }

    /// The dossier's root folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel` (relative to the root), creating folders.
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, text).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        self
    }

    /// Writes raw `bytes` to `rel` (relative to the root), creating folders:
    /// for files that are not plain UTF-8 text, such as a Latin-1 brief or
    /// one that starts with a byte-order mark.
    pub fn bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {rel}: {e}"));
        self
    }

    /// Writes a brief at `content/briefs/<name>.md` with a title, the extra
    /// front matter lines in `front` (each ending in `\n`) and the Markdown
    /// `body`, which starts on line 5 plus the number of `front` lines.
    pub fn brief(&self, name: &str, title: &str, front: &str, body: &str) -> &Self {
        let text = format!("---\ntitle: {title}\n{front}---\n\n{body}");
        self.file(&format!("content/briefs/{name}.md"), &text)
    }

    /// Removes the file `rel`.
    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.path().join(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
        self
    }

    /// Runs `dossier build -r ROOT ARGS...`.
    pub fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `dossier COMMAND -r ROOT ARGS...`, where `args[0]` is the
    /// command. The working directory is the root, so a relative `-o out`
    /// lands inside the dossier folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, &[])
    }

    /// Like [`Dossier::run`], with extra environment variables.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let (command, rest) = args.split_first().expect("a command such as build");
        let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg(command)
            .arg("-r")
            .arg(self.path())
            .args(rest)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .expect("run the dossier binary");
        Output {
            args: args.iter().map(|a| a.to_string()).collect(),
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// The text of `rel` (relative to the root); panics, listing what the
    /// folder holds, if it is missing.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| {
            let parent = Path::new(rel).parent().unwrap_or(Path::new(""));
            let found: Vec<String> = files(&self.path().join(parent)).into_keys().collect();
            panic!(
                "cannot read {rel}: {e}\n{} holds: {found:#?}",
                parent.display()
            )
        })
    }

    /// The text of each bucket of the built site's link previews
    /// (`public/previews/N.json`), as many as `previews/index.json` says.
    pub fn preview_buckets(&self) -> Vec<String> {
        let index: serde_json::Value =
            serde_json::from_str(&self.read("public/previews/index.json")).expect("valid JSON");
        let count = index["buckets"].as_u64().expect("a bucket count") as usize;
        assert!(count.is_power_of_two(), "{count} buckets");
        assert!(!self.exists(&format!("public/previews/{count}.json")));
        (0..count)
            .map(|number| self.read(&format!("public/previews/{number}.json")))
            .collect()
    }

    /// Every page's link preview in the built site, by key: the buckets
    /// merged, each checked to hold just the keys that hash to it (FNV-1a
    /// over the key's bytes, as `previews.js` computes it).
    pub fn previews(&self) -> serde_json::Map<String, serde_json::Value> {
        let buckets = self.preview_buckets();
        let mut all = serde_json::Map::new();
        for (number, text) in buckets.iter().enumerate() {
            let bucket: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).expect("valid JSON");
            for (key, preview) in bucket {
                let hash = (key.bytes()).fold(0x811c_9dc5_u32, |hash, byte| {
                    (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193)
                });
                assert_eq!(hash as usize % buckets.len(), number, "{key}'s bucket");
                all.insert(key, preview);
            }
        }
        all
    }

    /// True if `rel` (relative to the root) exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.path().join(rel).exists()
    }

    /// Every file under `rel` with its bytes and modification time, except
    /// `.dossier-manifest`, the build's own bookkeeping.
    pub fn snapshot(&self, rel: &str) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        files(&self.path().join(rel))
            .into_iter()
            .filter(|(name, _)| name != ".dossier-manifest")
            .map(|(name, path)| {
                let bytes = fs::read(&path).expect("read a snapshot file");
                let modified = fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("file modification time");
                (name, (bytes, modified))
            })
            .collect()
    }

    /// Sets the modification time of every file under `rel` to one day
    /// after the epoch, so a later rewrite is certain to show.
    pub fn age(&self, rel: &str) {
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(86_400);
        for path in files(&self.path().join(rel)).into_values() {
            let file = fs::File::options()
                .write(true)
                .open(&path)
                .expect("open a file to age");
            file.set_modified(old).expect("set a modification time");
        }
    }
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Output {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Asserts exit code 0 and returns the output for more checks.
    pub fn success(self) -> Self {
        self.code(0)
    }

    /// Asserts the exit code, showing everything the run printed if wrong.
    pub fn code(self, expected: i32) -> Self {
        assert_eq!(
            self.code, expected,
            "dossier {:?} exited with {}, expected {expected}\n--- stdout\n{}--- stderr\n{}",
            self.args, self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stderr holds `text`.
    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `git ARGS` in `dir` as Ann Writer at `date`, ignoring the
/// machine's git settings; returns what it printed.
pub fn git(dir: &Path, date: &str, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Ann Writer",
            "-c",
            "user.email=ann@example.org",
        ])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap_or_else(|e| panic!("this test needs git on PATH (apt-get install git): {e}"));
    assert!(
        output.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Every file under `dir`, keyed by its `/`-separated path inside `dir`.
pub fn files(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("read a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let key = rel.to_string_lossy().replace('\\', "/");
                found.insert(key, path);
            }
        }
    }
    found
}

/// Asserts that `haystack` contains `needle`, printing the haystack if not.
#[track_caller]
pub fn assert_has(haystack: &str, needle: &str) {
    assert!(
        haystack.contains(needle),
        "expected to find {needle:?} in:\n{haystack}"
    );
}

/// Asserts that `haystack` does not contain `needle`.
#[track_caller]
pub fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !haystack.contains(needle),
        "expected not to find {needle:?} in:\n{haystack}"
    );
}

/// Asserts that the needles occur in `haystack` in this order.
#[track_caller]
pub fn assert_in_order(haystack: &str, needles: &[&str]) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!(
                "expected {needle:?} after byte {from}, in order {needles:?}, in:\n{haystack}"
            ),
        }
    }
}

/// The `<section>` of a page whose heading is `heading` (up to the
/// section's end), e.g. `section(&html, "Linked from")`.
#[track_caller]
pub fn section<'a>(html: &'a str, heading: &str) -> &'a str {
    let heading_at = html
        .find(&format!(">{heading}</h2>"))
        .unwrap_or_else(|| panic!("no section {heading:?} in:\n{html}"));
    let start = html[..heading_at].rfind("<section").unwrap_or(heading_at);
    let end = html[heading_at..]
        .find("</section>")
        .map_or(html.len(), |e| heading_at + e);
    &html[start..end]
}

/// The values of every `attr="..."` in `html`, in order.
pub fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pattern = format!(" {attr}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&pattern) {
        rest = &rest[at + pattern.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        values.push(&rest[..end]);
        rest = &rest[end..];
    }
    values
}

/// Checks every link of a built site, as a browser opening it from disk
/// would follow them: each `href` or `src` without a scheme must name a
/// file in `site` (a folder means its `index.html`), and each `#fragment`
/// an element with that `id` in the target. Returns one line per broken
/// link; empty means every link works.
pub fn broken_links(site: &Path) -> Vec<String> {
    let pages = files(site);
    let mut broken = Vec::new();
    for (name, path) in pages.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = fs::read_to_string(path).expect("read an output page");
        for link in attributes(&html, "href")
            .into_iter()
            .chain(attributes(&html, "src"))
        {
            if let Err(why) = check_link(site, name, &html, link) {
                broken.push(format!("{name}: {link}: {why}"));
            }
        }
    }
    broken
}

/// Follows one link found in page `from` (whose text is `html`).
fn check_link(site: &Path, from: &str, html: &str, link: &str) -> Result<(), String> {
    let link = link.replace("&amp;", "&");
    if has_scheme(&link) {
        return Ok(());
    }
    if link.starts_with('/') {
        return Err("root-relative, breaks when the site is not at the domain root".into());
    }
    let (path, fragment) = match link.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (link.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let (target, text) = if path.is_empty() {
        (from.to_string(), html.to_string())
    } else {
        let target = resolve(from, path).ok_or("climbs out of the site")?;
        match fs::read(site.join(&target)) {
            Ok(bytes) => (target, String::from_utf8_lossy(&bytes).into_owned()),
            Err(_) => return Err(format!("no file {target}")),
        }
    };
    match fragment {
        Some(id) if !text.contains(&format!("id=\"{id}\"")) => {
            Err(format!("{target} has no id=\"{id}\""))
        }
        _ => Ok(()),
    }
}

/// True for `https:`, `mailto:` and other links that leave the site.
fn has_scheme(link: &str) -> bool {
    let first = link.split(['/', '?', '#']).next().unwrap_or("");
    first.contains(':') || link.starts_with("//")
}

/// The file a relative `path` found in page `from` points at, inside the
/// site; a path ending in `/` means that folder's `index.html`.
fn resolve(from: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    if path.ends_with('/') || parts.is_empty() {
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

/// A small dossier that uses every kind of link and page: nested briefs,
/// topic and actor files and names that exist only in front matter,
/// aliases, heading links, relative Markdown links, citations of shared and
/// local sources, events, an ordinary page, a front page, a static file, a
/// footnote, a table of contents and a code block. Builds without warnings.
pub fn sample() -> Dossier {
    let d = Dossier::new();
    d.file(
        "dossier.yaml",
        "title: Sample\nbase_url: https://example.org/sample/\n",
    );
    d.file(
        "content/_index.md",
        "---\ntitle: Sample dossier\n---\n\nStart with [[Treaty signed]] or [the gas brief](briefs/gas-trade.md).\n",
    );
    d.file(
        "content/about.md",
        "---\ntitle: About\n---\n\nHow we grade sources: see [[topics/gas#history]].\n",
    );
    d.file(
        "content/sources.yaml",
        "- id: kumar-2025\n  title: Russia and Iran's pact of convenience\n  publisher: The Globe and Mail\n  date: 2025-01-21\n  url: https://example.org/kumar\n  reliability: B\n",
    );
    d.file(
        "content/topics/gas.md",
        "---\ntitle: Gas\naliases: [natural gas]\n---\n\nPipelines and swaps.\n\n## History\n\nSee [[Gas trade]].\n",
    );
    d.file(
        "content/actors/vladimir-putin.md",
        "---\ntitle: Vladimir Putin\naliases: [Putin, Владимир Путин]\nkind: person\n---\n\nPresident of [[Russia]].\n",
    );
    d.brief(
        "treaty-signed",
        "Treaty signed",
        "date: 2025-01-17\ntopics: [treaty, natural gas]\nactors: [Putin, Masoud Pezeshkian, Russia]\nsources: [kumar-2025]\nevents:\n  - date: 2025-01-17\n    title: The treaty is signed\n    actors: [Putin, Masoud Pezeshkian]\n    sources: [kumar-2025]\n",
        "[[Vladimir Putin]] hosted [[Masoud Pezeshkian]] [@kumar-2025].\n\n## Terms\n\nGas is covered in [[gas-trade]] and [[Gas#history|its history]].\n",
    );
    d.brief(
        "gas-trade",
        "Gas trade",
        "date: 2024-06\ntopics: [natural gas, sanctions]\nactors: [Russia]\nsources:\n  - id: local-1\n    title: A local report\n    publisher: Desk\n    date: 2024-06\n",
        "Swaps began [@local-1]; see [the treaty](treaty-signed.md#terms).[^1]\n\n[^1]: A footnote.\n\n## Volumes\n\n```rust\nfn main() {}\n```\n\n## Prices\n\nHigh.\n\n## Outlook\n\nBack to [[#volumes]].\n",
    );
    d.brief(
        "military/drones",
        "Drones",
        "date: 2022\ntopics: [drones, sanctions]\nactors: [Russia, Iran]\n",
        "Drones and [[sanctions]] [@kumar-2025]; the [deal](../treaty-signed.md) came later.\n",
    );
    d.file("static/files/map.txt", "a map\n");
    d
}

/// A dossier whose pages are found by names other than their titles: a
/// topic's alias "Севморпуть", an actor's alias "Росатом", an event title
/// and a source title, each on one page only but for the alias, which
/// another brief's text mentions (the search tests').
pub fn names_sample() -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Names\n");
    d.file(
        "content/topics/northern-sea-route.md",
        "---\ntitle: Northern Sea Route\naliases: [Севморпуть, NSR]\n---\n\nShipping along the Arctic coast.\n",
    );
    d.file(
        "content/actors/rosatom.md",
        "---\ntitle: State nuclear corporation\naliases: [Росатом]\nkind: organisation\n---\n\nRuns the icebreaker fleet.\n",
    );
    d.brief(
        "icebreakers",
        "Icebreakers",
        "date: 2024-05-01\ntopics: [NSR]\nactors: [Росатом]\nevents:\n  - date: 2024-04-02\n    title: Quasarwind leaves the yard\n",
        "A new ship joined the fleet.\n",
    );
    // The alias in another page's text: a match in text weighs less.
    d.brief(
        "convoys",
        "Convoys",
        "date: 2024-07-01\n",
        "Via Севморпуть.\n",
    );
    d.brief(
        "cargo",
        "Cargo",
        "date: 2024-06-01\nsources:\n  - id: tally\n    title: Zephyrine tonnage tally\n",
        "Cargo grew [@tally].\n",
    );
    d
}

/// An English dossier with a Persian brief (`language: fa`) and an
/// English one: each language is indexed on its own (the search tests').
pub fn languages_sample() -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Languages\nlanguage: en\n");
    d.brief(
        "iran-russia",
        "روابط ایران و روسیه",
        "date: 2025-01-17\nlanguage: fa\n",
        "ایران و روسیه پیمان مشارکت راهبردی جامع را امضا کردند.\n",
    );
    d.brief(
        "straits",
        "Turkish straits",
        "date: 2025-02-01\n",
        "Ships pass Ankara's straits under the Montreux rules.\n",
    );
    d
}
