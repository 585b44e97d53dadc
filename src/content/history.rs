//! History from git: when and how each content file changed, and which
//! corrections were made. One `git log` over the whole repository gives
//! every commit with the files it touched; renames are followed back from
//! each file's current name, so a brief keeps its history when it moves.
//! A `Correction:` trailer in a commit message is a correction on every
//! page the commit touched. For `serve`, `git status` marks pages with
//! edits not yet committed.
//!
//! History is read on its own thread while the content is parsed ([`start`],
//! then [`Pending::finish`]), and kept between rebuilds while `HEAD` stays
//! the same. It never fails a build: outside git, in a shallow clone or
//! without git, the history is empty and [`History::note`] says why.

use crate::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::content::config::BuildOptions;
use crate::content::scan::CONTENT_DIR;
use crate::text::date::PartialDate;

/// One commit that touched the content.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Commit {
    pub hash: String,
    pub short: String,
    /// The author date in RFC 3339, with the author's own offset.
    pub time: String,
    /// The day of `time`, in the author's own time zone.
    pub date: PartialDate,
    pub author: String,
    pub subject: String,
    /// The values of its `Correction:` trailers.
    pub corrections: Vec<String>,
    /// The content files it touched, by the path inside `content/` they
    /// have now (or had when they were deleted), sorted.
    pub paths: Vec<String>,
}

/// The commits of the repository that touched the content, as of `head`.
#[derive(Debug, Default)]
struct Log {
    head: String,
    /// Newest first.
    commits: Vec<Commit>,
    /// Per current path inside `content/`: indexes into `commits`, newest
    /// first.
    pages: HashMap<String, Vec<usize>>,
}

/// The history of the whole dossier, for one build.
#[derive(Debug, Default)]
pub struct History {
    log: Arc<Log>,
    /// Paths inside `content/` with uncommitted edits (only for `serve`).
    uncommitted: HashSet<String>,
    note: Option<String>,
}

/// One page's history.
pub struct PageHistory<'a> {
    /// Newest first.
    pub revisions: Vec<&'a Commit>,
    pub uncommitted: bool,
}

impl History {
    /// Why there is no history, if there is none though it was asked for:
    /// a sentence for the writer, to be shown once.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Commits that touched the content, newest first.
    pub fn commits(&self) -> &[Commit] {
        &self.log.commits
    }

    /// The history of the file at `content_path` (inside `content/`);
    /// `None` when git knows nothing about it.
    pub fn page(&self, content_path: &str) -> Option<PageHistory<'_>> {
        let revisions: Vec<&Commit> = self
            .log
            .pages
            .get(content_path)
            .map(|ids| ids.iter().map(|&i| &self.log.commits[i]).collect())
            .unwrap_or_default();
        let uncommitted = self.uncommitted.contains(content_path);
        (!revisions.is_empty() || uncommitted).then_some(PageHistory {
            revisions,
            uncommitted,
        })
    }

    /// True if this history shows the same as `other` on every page except
    /// those at `changed`: a rebuild that renders only those pages again
    /// stays correct.
    pub fn same_except(&self, other: &History, changed: &[String]) -> bool {
        let same_log = Arc::ptr_eq(&self.log, &other.log) || self.log.head == other.log.head;
        let differs = self
            .uncommitted
            .symmetric_difference(&other.uncommitted)
            .any(|path| !changed.iter().any(|c| c == path));
        same_log && !differs && self.note == other.note
    }
}

/// History being read on its own thread.
pub struct Pending(Option<JoinHandle<History>>);

impl Pending {
    /// Waits for the history. A thread that failed gives no history, with
    /// a note, rather than a failed build.
    pub fn finish(self) -> History {
        match self.0 {
            None => History::default(),
            Some(handle) => handle.join().unwrap_or_else(|_| History {
                note: Some("reading the git history failed unexpectedly, so pages show no revision history".into()),
                ..History::default()
            }),
        }
    }
}

/// Starts reading the history of the dossier at `options.root`, unless
/// `options.git` is off. `previous` is the last build's history: its log
/// is reused when `HEAD` has not moved.
pub fn start(options: &BuildOptions, previous: &Arc<History>) -> Pending {
    if !options.git {
        return Pending(None);
    }
    let root = options.root.clone();
    let uncommitted = options.uncommitted;
    let previous = previous.log.clone();
    Pending(Some(std::thread::spawn(move || {
        read(&root, uncommitted, previous)
    })))
}

/// Where the dossier sits in its repository.
struct Repo {
    /// The repository path of `content/`, with a trailing `/`.
    content: String,
    head: String,
}

fn read(root: &Path, uncommitted: bool, previous: Arc<Log>) -> History {
    let repo = match locate(root) {
        Ok(repo) => repo,
        Err(note) => {
            return History {
                note,
                ..History::default()
            };
        }
    };
    let log = if previous.head == repo.head {
        Ok(previous)
    } else {
        log(root, &repo).map(Arc::new)
    };
    let log = match log {
        Ok(log) => log,
        Err(note) => {
            return History {
                note: Some(note),
                ..History::default()
            };
        }
    };
    let uncommitted = if uncommitted {
        status(root, &repo.content)
    } else {
        HashSet::default()
    };
    History {
        log,
        uncommitted,
        note: None,
    }
}

/// A git command run in `root`, its output meant for a program: paths
/// unquoted, no optional locks (a build must never get in the way of the
/// writer's own git commands), no pager, no prompt.
fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(root)
        .args(["-c", "core.quotepath=off", "--no-pager"])
        // Paths relative to the repository's top, whatever the writer's
        // settings say.
        .args([
            "-c",
            "diff.relative=false",
            "-c",
            "status.relativePaths=false",
        ])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null());
    command
}

const WHAT_IS_MISSING: &str = "pages show no revision history or corrections";

/// Finds the repository around `root` with one `git rev-parse`. `Err`
/// carries the note to show (`None`: nothing worth saying).
fn locate(root: &Path) -> Result<Repo, Option<String>> {
    let output = git(root)
        .args(["rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD"])
        .output()
        .map_err(|e| {
            Some(if e.kind() == std::io::ErrorKind::NotFound {
                format!("git is not installed (or not on PATH), so {WHAT_IS_MISSING}; install git, or build with --no-git")
            } else {
                format!("git could not be run ({e}), so {WHAT_IS_MISSING}")
            })
        })?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let stderr = String::from_utf8_lossy(&output.stderr);
    match (output.status.success(), lines.as_slice()) {
        (true, ["true", ..]) => Err(Some(format!(
            "this is a shallow git clone, so {WHAT_IS_MISSING} (they would be incomplete); fetch the whole history with `git fetch --unshallow` (in CI, check out with fetch-depth: 0), or build with --no-git"
        ))),
        (true, [_, prefix, head]) => Ok(Repo {
            content: format!("{prefix}{CONTENT_DIR}/"),
            head: head.to_string(),
        }),
        // The repository is there but `HEAD` names no commit yet.
        (false, [_, _, ..]) => Err(Some(format!(
            "the git repository has no commits yet, so {WHAT_IS_MISSING}; they appear after the first commit"
        ))),
        _ if stderr.contains("not a git repository") => Err(Some(format!(
            "{} is not in a git repository, so {WHAT_IS_MISSING}; keep the dossier in git to show them, or build with --no-git",
            root.display()
        ))),
        _ => Err(Some(format!(
            "git failed ({}), so {WHAT_IS_MISSING}",
            first_line(&stderr)
        ))),
    }
}

fn first_line(text: &str) -> &str {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.trim().trim_start_matches("fatal: ")
}

/// The format of one commit: fields ended by NUL (no field can hold one),
/// corrections separated by the unit separator.
const FORMAT: &str = "--format=%H%x00%h%x00%aI%x00%aN%x00%s%x00%(trailers:key=Correction,valueonly,unfold,separator=%x1f)%x00";

/// The whole history, in one `git log`.
fn log(root: &Path, repo: &Repo) -> Result<Log, String> {
    let output = git(root)
        .args([
            "log",
            "-z",
            "--name-status",
            "-M",
            "--root",
            "--no-merges",
            "--date-order",
            "--no-show-signature",
            FORMAT,
            &repo.head,
        ])
        .output()
        .map_err(|e| format!("git log could not be run ({e}), so {WHAT_IS_MISSING}"))?;
    if !output.status.success() {
        return Err(format!(
            "git log failed ({}), so {WHAT_IS_MISSING}",
            first_line(&String::from_utf8_lossy(&output.stderr))
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut log = parse_log(&text, &repo.content);
    log.head = repo.head.clone();
    Ok(log)
}

/// A commit as `git log` printed it, before renames are followed.
struct Raw<'a> {
    fields: [&'a str; 6],
    /// `(status, paths)`: one path, or the old and new path of a rename.
    changes: Vec<(&'a str, &'a str, Option<&'a str>)>,
}

/// Parses the output of [`log`]. `content` is the repository path of
/// `content/` (ending in `/`); only commits touching it are kept.
fn parse_log(text: &str, content: &str) -> Log {
    let raws = split_commits(text);
    let mut log = Log::default();
    // Walking from the newest commit back, what each repository path
    // held at that point is now called: renames point an old path at the
    // current one, and before a file was added its path named nothing.
    let mut now_called: HashMap<&str, Option<&str>> = HashMap::default();
    for raw in raws {
        let mut touched = false;
        let mut paths = Vec::new();
        for &(status, first, second) in &raw.changes {
            let path = second.unwrap_or(first);
            touched |= path.starts_with(content) || first.starts_with(content);
            let current = *now_called.get(path).unwrap_or(&Some(path));
            if let Some(current) = current.and_then(|c| c.strip_prefix(content)) {
                paths.push(current);
            }
            match (status.as_bytes().first(), second) {
                (Some(b'R'), Some(new)) => {
                    now_called.insert(new, None);
                    now_called.insert(first, current);
                }
                (Some(b'A'), _) => {
                    now_called.insert(path, None);
                }
                _ => {}
            }
        }
        if !touched {
            continue;
        }
        paths.sort_unstable();
        paths.dedup();
        let id = log.commits.len();
        for path in &paths {
            log.pages.entry(path.to_string()).or_default().push(id);
        }
        if let Some(commit) = commit(&raw, paths) {
            log.commits.push(commit);
        }
    }
    log
}

/// Splits `git log -z --name-status` output into commits. Each commit is
/// its six format fields, then status tokens (`M`, `A`, `R100`, ...) each
/// followed by one path, or two for a rename or copy.
fn split_commits(text: &str) -> Vec<Raw<'_>> {
    let mut tokens = text.split('\0').peekable();
    let mut commits = Vec::new();
    while let Some(token) = tokens.next() {
        // git puts a newline between a commit's message and its files.
        let token = token.strip_prefix('\n').unwrap_or(token);
        if token.is_empty() {
            continue;
        }
        if is_status(token) {
            let Some(current) = commits.last_mut() else {
                continue;
            };
            let Raw { changes, .. } = current;
            let first = tokens.next().unwrap_or("");
            let second = matches!(token.as_bytes()[0], b'R' | b'C')
                .then(|| tokens.next())
                .flatten();
            changes.push((token, first, second));
            continue;
        }
        let mut fields = [token, "", "", "", "", ""];
        for field in fields.iter_mut().skip(1) {
            *field = tokens.next().unwrap_or("");
        }
        commits.push(Raw {
            fields,
            changes: Vec::new(),
        });
    }
    commits
}

/// A `--name-status` letter, with a similarity score for renames and
/// copies. Never a hash: hashes are lowercase hexadecimal.
fn is_status(token: &str) -> bool {
    let mut bytes = token.bytes();
    bytes.next().is_some_and(|b| b"ACDMRTUXB".contains(&b))
        && token.len() <= 4
        && bytes.all(|b| b.is_ascii_digit())
}

fn commit(raw: &Raw, paths: Vec<&str>) -> Option<Commit> {
    let [hash, short, time, author, subject, corrections] = raw.fields;
    let date = PartialDate::parse(time.get(..10)?).ok()?;
    Some(Commit {
        hash: hash.to_string(),
        short: short.to_string(),
        time: time.to_string(),
        date,
        author: author.to_string(),
        subject: subject.to_string(),
        corrections: corrections
            .split('\u{1f}')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect(),
        paths: paths.into_iter().map(String::from).collect(),
    })
}

/// The content files with uncommitted edits, from one `git status`. A
/// failure only means no page is marked.
fn status(root: &Path, content: &str) -> HashSet<String> {
    let output = git(root)
        .args([
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            CONTENT_DIR,
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            parse_status(&String::from_utf8_lossy(&output.stdout), content)
        }
        _ => HashSet::default(),
    }
}

/// Parses `git status --porcelain=v1 -z --no-renames`: `XY path` entries,
/// paths relative to the repository's top.
fn parse_status(text: &str, content: &str) -> HashSet<String> {
    text.split('\0')
        .filter_map(|entry| entry.get(3..))
        .filter_map(|path| path.strip_prefix(content))
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `git log` output as the format above prints it.
    fn entry(hash: &str, date: &str, subject: &str, corrections: &str, files: &[&str]) -> String {
        let short = &hash[..7];
        let mut text =
            format!("{hash}\0{short}\0{date}T10:00:00+02:00\0Ann\0{subject}\0{corrections}\0\0\n");
        for file in files {
            text.push_str(file);
            text.push('\0');
        }
        text
    }

    fn hash(n: char) -> String {
        n.to_string().repeat(40)
    }

    #[test]
    fn follows_renames_back_from_the_current_name() {
        let text = [
            entry(
                &hash('3'),
                "2025-03-01",
                "Edit",
                "",
                &["M", "site/content/briefs/new.md"],
            ),
            entry(
                &hash('2'),
                "2025-02-01",
                "Move",
                "Fixed a date\u{1f}Fixed a name",
                &[
                    "R100",
                    "site/content/briefs/old.md",
                    "site/content/briefs/new.md",
                ],
            ),
            entry(
                &hash('1'),
                "2025-01-01",
                "Start",
                "",
                &["A", "site/content/briefs/old.md", "A", "site/README"],
            ),
            entry(
                &hash('0'),
                "2024-12-01",
                "Readme",
                "",
                &["A", "site/README"],
            ),
        ]
        .concat();
        let log = parse_log(&text, "site/content/");
        let subjects: Vec<&str> = log.commits.iter().map(|c| c.subject.as_str()).collect();
        assert_eq!(subjects, ["Edit", "Move", "Start"]);
        assert_eq!(log.pages["briefs/new.md"], [0, 1, 2]);
        assert!(!log.pages.contains_key("briefs/old.md"));
        assert_eq!(log.commits[1].corrections, ["Fixed a date", "Fixed a name"]);
        assert_eq!(log.commits[2].date.iso(), "2025-01-01");
        assert_eq!(log.commits[2].paths, ["briefs/new.md"]);
    }

    #[test]
    fn a_path_added_again_has_only_its_new_history() {
        let text = [
            entry(
                &hash('3'),
                "2025-03-01",
                "Again",
                "",
                &["A", "content/a.md"],
            ),
            entry(&hash('2'), "2025-02-01", "Gone", "", &["D", "content/a.md"]),
            entry(
                &hash('1'),
                "2025-01-01",
                "First",
                "",
                &["A", "content/a.md"],
            ),
        ]
        .concat();
        let log = parse_log(&text, "content/");
        assert_eq!(log.pages["a.md"], [0]);
        assert_eq!(log.commits.len(), 3);
    }

    #[test]
    fn non_ascii_paths_and_empty_commits_parse() {
        let text = [
            entry(&hash('2'), "2025-02-01", "Empty", "", &[]),
            entry(
                &hash('1'),
                "2025-01-01",
                "Ü",
                "",
                &["M", "content/briefs/ü b.md"],
            ),
        ]
        .concat();
        let log = parse_log(&text, "content/");
        assert_eq!(log.pages["briefs/ü b.md"], [0]);
        assert_eq!(log.commits.len(), 1);
    }

    #[test]
    fn status_lists_content_paths() {
        let text = " M site/content/briefs/a.md\0?? site/content/briefs/b.md\0";
        let found = parse_status(text, "site/content/");
        assert!(found.contains("briefs/a.md") && found.contains("briefs/b.md"));
    }
}
