//! `dossier serve` and `dossier watch` as a writer uses them: the real
//! binary runs on a temporary dossier, the test edits files on disk and
//! looks at what the server answers over HTTP (or what lands in the output
//! folder). A rebuild is waited for by asking again until the expected
//! content appears, for at most [`WAIT`]; no assertion depends on timing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Dossier, assert_has, assert_lacks};

/// How long a rebuild (or a server start) may take before a test fails.
const WAIT: Duration = Duration::from_secs(15);
/// How often a condition is looked at again while waiting.
const POLL: Duration = Duration::from_millis(50);

/// The overlay a failed rebuild adds to every served page.
const OVERLAY: &str = "id=\"dossier-errors\"";

/// A running `dossier` process with its output collected as it comes;
/// killed when dropped, so a failing test leaves nothing behind.
struct Process {
    child: Child,
    args: Vec<String>,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Process {
    /// Runs `dossier COMMAND -r ROOT ARGS...` (`args[0]` is the command).
    fn spawn(root: &Path, args: &[&str]) -> Process {
        let (command, rest) = args.split_first().expect("a command");
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg(command)
            .arg("-r")
            .arg(root)
            .args(rest)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the dossier binary");
        let stdout = collect(child.stdout.take().expect("piped stdout"));
        let stderr = collect(child.stderr.take().expect("piped stderr"));
        Process {
            child,
            args: args.iter().map(|a| a.to_string()).collect(),
            stdout,
            stderr,
        }
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Everything the process printed, for failure messages.
    fn printed(&self) -> String {
        format!(
            "dossier {:?}\n--- stdout\n{}--- stderr\n{}",
            self.args,
            self.stdout(),
            self.stderr()
        )
    }

    /// Waits until `done` holds for the stderr printed so far; panics
    /// with `what` if it does not within [`WAIT`] or the process exits.
    fn wait_for_stderr(&mut self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let stderr = self.stderr();
            if done(&stderr) {
                return stderr;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{what}: the process exited with {status}\n{}",
                    self.printed()
                );
            }
            if Instant::now() > deadline {
                panic!("{what}: not within {WAIT:?}\n{}", self.printed());
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits for the process to exit by itself, for at most [`WAIT`].
    fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for the process") {
                // Let the readers take in the last of the output.
                for _ in 0..100 {
                    if Arc::strong_count(&self.stderr) == 1 && Arc::strong_count(&self.stdout) == 1
                    {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                return status;
            }
            if Instant::now() > deadline {
                panic!("still running after {WAIT:?}\n{}", self.printed());
            }
            std::thread::sleep(POLL);
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads `stream` to its end on a thread, into the returned text.
fn collect(stream: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = text.clone();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&line));
            line.clear();
        }
    });
    text
}

/// `dossier serve --port 0` on a dossier, with the address it printed.
struct Server {
    process: Process,
    /// `127.0.0.1:PORT`
    host: String,
}

impl Server {
    fn start(d: &Dossier) -> Server {
        Server::with(d, &[])
    }

    /// Starts the server with extra options, and waits for the line
    /// `serving the dossier at http://HOST/ (Ctrl-C to stop)`.
    fn with(d: &Dossier, extra: &[&str]) -> Server {
        let mut args = vec!["serve", "--port", "0"];
        args.extend_from_slice(extra);
        let mut process = Process::spawn(d.path(), &args);
        let deadline = Instant::now() + WAIT;
        let host = loop {
            let stdout = process.stdout();
            if let Some(line) = stdout.lines().find(|l| l.ends_with("(Ctrl-C to stop)")) {
                let host = line
                    .strip_prefix("serving the dossier at http://")
                    .and_then(|rest| rest.split_once("/ (Ctrl-C to stop)"))
                    .map(|(host, _)| host.to_string())
                    .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
                break host;
            }
            if let Ok(Some(status)) = process.child.try_wait() {
                panic!("serve exited with {status}\n{}", process.printed());
            }
            assert!(
                Instant::now() < deadline,
                "no address printed within {WAIT:?}\n{}",
                process.printed()
            );
            std::thread::sleep(Duration::from_millis(10));
        };
        assert!(host.starts_with("127.0.0.1:"), "{host}");
        assert_ne!(host, "127.0.0.1:0", "--port 0 must print the port picked");
        Server { process, host }
    }

    fn port(&self) -> u16 {
        self.host.rsplit(':').next().unwrap().parse().unwrap()
    }

    /// GETs `path` as it is written, without any normalising.
    fn get(&self, path: &str) -> Response {
        get(&self.host, path)
            .unwrap_or_else(|e| panic!("GET {path}: {e}\n{}", self.process.printed()))
    }

    /// Asks for `path` again and again until `done` holds for the answer;
    /// panics, showing the last answer and the server's log, if it does
    /// not within [`WAIT`].
    fn wait_until(&self, path: &str, what: &str, done: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + WAIT;
        loop {
            let response = self.get(path);
            if done(&response) {
                return response;
            }
            if Instant::now() > deadline {
                panic!(
                    "GET {path}: {what}: not within {WAIT:?}; last answer {} with\n{}\n{}",
                    response.status,
                    response.body,
                    self.process.printed()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `path` answers 200 with `text` and no error overlay.
    fn wait_for_text(&self, path: &str, text: &str) -> Response {
        self.wait_until(path, &format!("200 with {text:?}"), |r| {
            r.status == 200 && r.body.contains(text) && !r.body.contains(OVERLAY)
        })
    }

    /// Waits until `path` answers `status`.
    fn wait_for_status(&self, path: &str, status: u16) -> Response {
        self.wait_until(path, &format!("status {status}"), |r| r.status == status)
    }

    /// Waits until the error overlay is shown on `path`.
    fn wait_for_overlay(&self, path: &str) -> Response {
        self.wait_until(path, "the error overlay", |r| r.body.contains(OVERLAY))
    }
}

/// One HTTP answer.
struct Response {
    status: u16,
    /// Names in lower case.
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }

    /// The site version the page's reload script asks about.
    fn version(&self) -> u64 {
        let at = self
            .body
            .find("/__dossier/events?v=")
            .expect("a reload script")
            + 20;
        let digits: String = self.body[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().expect("a version number")
    }
}

/// A minimal HTTP/1.1 GET over a fresh connection (`Connection: close`),
/// reading the answer to its end; understands chunked bodies.
fn get(host: &str, path: &str) -> std::io::Result<Response> {
    request(
        host,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Sends `raw` as it is over a fresh connection to `host` and reads the
/// answer to its end. A server that stops reading early (after refusing
/// the request) may make the sending fail; the answer is read anyway.
fn request(host: &str, raw: &[u8]) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let sent = stream.write_all(raw);
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    match parse(&answer) {
        Ok(response) => Ok(response),
        Err(invalid) => Err(sent.and(read.map(|_| ())).err().unwrap_or(invalid)),
    }
}

/// Parses one HTTP answer read to its end.
fn parse(raw: &[u8]) -> std::io::Result<Response> {
    let invalid = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| invalid("no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body).ok_or_else(|| invalid("bad chunked body"))?;
    }
    Ok(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&rest[..end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// Three briefs: `a` (Alpha) links to `b` (Beta); `c` (Gamma) is linked
/// from nothing. Alpha and Beta are about the topic gas. Next to the
/// content sit files no request may ever read.
fn fixture() -> Dossier {
    let d = Dossier::new();
    d.file("dossier.yaml", "title: Fixture\n# yaml-secret-marker\n");
    d.file("Cargo.toml", "[package]\nname = \"cargo-secret-marker\"\n");
    d.brief(
        "a",
        "Alpha",
        "summary: About alpha.\ntopics: [gas]\n",
        "Alpha first text, about [[b]].\n",
    );
    d.brief(
        "b",
        "Beta",
        "summary: About beta.\ntopics: [gas]\n",
        "Beta text.\n",
    );
    d.brief("c", "Gamma", "summary: About gamma.\n", "Gamma text.\n");
    d
}

/// Rewrites brief `a` with `body`, keeping its front matter (the body
/// starts on line 7). The new text replaces the old in one rename, as an
/// editor's atomic save does, so no half-written file is ever seen.
fn edit_a(d: &Dossier, body: &str) {
    let text = format!("---\ntitle: Alpha\nsummary: About alpha.\ntopics: [gas]\n---\n\n{body}");
    d.file("content/briefs/a.md.tmp", &text);
    fs::rename(
        d.path().join("content/briefs/a.md.tmp"),
        d.path().join("content/briefs/a.md"),
    )
    .unwrap();
}

#[test]
fn serves_the_site_at_the_printed_address() {
    let d = fixture();
    let server = Server::start(&d);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let alpha = server.get("/briefs/a/");
    assert_eq!(alpha.status, 200);
    assert_has(&alpha.body, "<h1>Alpha</h1>");
    assert_has(&alpha.body, "Alpha first text");
    assert_eq!(server.get("/briefs/a/index.html").status, 200);
}

#[test]
fn an_edited_body_is_served_after_the_rebuild() {
    let d = fixture();
    let mut server = Server::start(&d);
    edit_a(&d, "Alpha second text, about [[b]].\n");
    let alpha = server.wait_for_text("/briefs/a/", "Alpha second text");
    assert_lacks(&alpha.body, "Alpha first text");
    // One line per rebuild on stderr, naming the file.
    server.process.wait_for_stderr("a rebuild line", |e| {
        e.contains("rebuilt in ") && e.contains("after a change to content/briefs/a.md")
    });
}

/// The search index is made in the background, so pages are served before
/// it is ready; it then follows every edit: a new brief is counted in it.
#[cfg(feature = "search")]
#[test]
fn the_search_index_follows_a_new_brief() {
    let d = fixture();
    let server = Server::start(&d);
    let pages = |count: usize| {
        move |r: &Response| r.status == 200 && r.body.contains(&format!("\"page_count\":{count}"))
    };
    // Three briefs, a topic (gas).
    server.wait_until(
        "/pagefind/0/pagefind-entry.json",
        "an index of 4 pages",
        pages(4),
    );
    d.brief("d", "Delta", "summary: About delta.\n", "Delta text.\n");
    server.wait_for_text("/briefs/d/", "Delta text");
    server.wait_until(
        "/pagefind/0/pagefind-entry.json",
        "an index of 5 pages",
        pages(5),
    );
}

#[test]
fn a_new_title_shows_in_backlinks_on_other_pages_and_topic_lists() {
    let d = fixture();
    let server = Server::start(&d);
    assert_has(&server.get("/briefs/b/").body, ">Alpha</bdi></a>");
    d.brief(
        "a",
        "Alpha renamed",
        "summary: About alpha.\ntopics: [gas]\n",
        "Alpha first text, about [[b]].\n",
    );
    let beta = server.wait_for_text("/briefs/b/", ">Alpha renamed</bdi></a>");
    assert_lacks(&beta.body, ">Alpha</bdi></a>");
    // A rebuild is published whole: once one page shows it, all do.
    let gas = server.get("/topics/gas/");
    assert_has(&gas.body, ">Alpha renamed</bdi></a>");
    assert_lacks(&gas.body, ">Alpha</bdi></a>");
}

#[test]
fn the_exports_follow_an_edit_to_the_content() {
    let d = fixture();
    let server = Server::start(&d);
    assert_lacks(&server.get("/exports/events.csv").body, "Pipeline opened");
    d.brief(
        "a",
        "Alpha",
        "summary: About alpha.\ntopics: [gas]\nevents:\n  - date: 2024-05\n    title: Pipeline opened\n",
        "Alpha first text, about [[b]].\n",
    );
    let events = server.wait_for_text(
        "/exports/events.csv",
        "2024-05,Pipeline opened,event,Alpha,",
    );
    assert_has(&events.body, "\r\n");
    // A rebuild is published whole: every export has the event.
    assert_has(
        &server.get("/exports/timeline.json").body,
        "Pipeline opened",
    );
    assert_has(&server.get("/exports/dossier.json").body, "Pipeline opened");
}

/// The exports and the `/exports/` page are made when first asked for,
/// from the site being served then: after a retitled brief, and after a
/// body edit as well, they name the new title, as a fresh build's do.
#[test]
fn exports_first_asked_for_after_edits_are_those_of_the_site_served() {
    let d = fixture();
    let server = Server::start(&d);
    assert_has(&server.get("/exports/briefs.csv").body, ",Alpha,");
    d.brief(
        "a",
        "Alpha renamed",
        "summary: About alpha.\ntopics: [gas]\n",
        "Alpha first text, about [[b]].\n",
    );
    server.wait_for_text("/briefs/b/", ">Alpha renamed</bdi></a>");
    assert_has(&server.get("/exports/briefs.csv").body, ",Alpha renamed,");
    d.brief(
        "a",
        "Alpha renamed",
        "summary: About alpha.\ntopics: [gas]\n",
        "Alpha first text, about [[b]].\n\nA second paragraph.\n",
    );
    server.wait_for_text("/briefs/a/", "A second paragraph.");
    let briefs = server.get("/exports/briefs.csv");
    assert_eq!(briefs.status, 200);
    assert_has(&briefs.body, ",Alpha renamed,");
    assert_lacks(&briefs.body, ",Alpha,");
    let page = server.get("/exports/");
    assert_eq!(page.status, 200);
    assert_has(&page.body, "dossier.json");
    assert_eq!(server.get("/exports/missing.csv").status, 404);
    // What a fresh build of the same files makes: the page names
    // dossier.json by the size it is served at.
    let out = tempfile::tempdir().unwrap();
    let base_url = format!("http://{}/", server.host);
    d.build(&[
        "--no-search",
        "--no-git",
        "--base-url",
        &base_url,
        "-o",
        out.path().to_str().unwrap(),
    ])
    .success();
    let fresh = |name: &str| fs::read_to_string(out.path().join("exports").join(name)).unwrap();
    assert_eq!(briefs.body, fresh("briefs.csv"));
    let listing = |html: &str| {
        let start = html.find("<dl").expect("a list of exports");
        html[start..]
            .split("</dl>")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_has(&page.body, "(1");
    assert_eq!(listing(&page.body), listing(&fresh("index.html")));
}

#[test]
fn a_new_brief_is_served_and_the_pages_it_links_to_gain_a_backlink() {
    let d = fixture();
    let server = Server::start(&d);
    assert_eq!(server.get("/briefs/d/").status, 404);
    assert_lacks(&server.get("/briefs/c/").body, "Linked from");
    d.brief("d", "Delta", "", "Delta text mentions [[Gamma]].\n");
    let delta = server.wait_for_text("/briefs/d/", "Delta text mentions");
    assert_has(&delta.body, "<h1>Delta</h1>");
    let gamma = server.get("/briefs/c/");
    assert_has(&gamma.body, "Linked from");
    assert_has(
        &gamma.body,
        "<a href=\"../../briefs/d/index.html\"><bdi>Delta</bdi></a>",
    );
}

#[test]
fn a_deleted_brief_404s_and_its_backlinks_vanish() {
    let d = fixture();
    let server = Server::start(&d);
    assert_has(&server.get("/briefs/b/").body, "briefs/a/index.html");
    // Nothing links to a: deleting it is a valid edit.
    d.remove("content/briefs/a.md");
    server.wait_for_status("/briefs/a/", 404);
    let beta = server.get("/briefs/b/");
    assert_eq!(beta.status, 200);
    assert_lacks(&beta.body, "briefs/a/index.html");
    assert_lacks(&beta.body, OVERLAY);
    assert_lacks(&server.get("/topics/gas/").body, ">Alpha</bdi></a>");
}

#[test]
fn deleting_a_linked_brief_keeps_the_last_good_site_with_the_error_shown() {
    let d = fixture();
    let server = Server::start(&d);
    // a links to b: without b the dossier has a broken link.
    d.remove("content/briefs/b.md");
    let alpha = server.wait_for_overlay("/briefs/a/");
    assert_has(&alpha.body, "unknown link target");
    assert_has(&alpha.body, "content/briefs/a.md:7:");
    assert_eq!(server.get("/briefs/b/").status, 200, "the last good site");
    d.brief("b", "Beta", "topics: [gas]\n", "Beta is back.\n");
    server.wait_for_text("/briefs/b/", "Beta is back.");
    assert_lacks(&server.get("/briefs/a/").body, OVERLAY);
}

#[test]
fn a_renamed_brief_moves_to_its_new_address() {
    let d = fixture();
    let server = Server::start(&d);
    assert_eq!(server.get("/briefs/c/").status, 200);
    fs::rename(
        d.path().join("content/briefs/c.md"),
        d.path().join("content/briefs/gamma.md"),
    )
    .unwrap();
    server.wait_for_text("/briefs/gamma/", "Gamma text.");
    assert_eq!(server.get("/briefs/c/").status, 404);
}

#[test]
fn an_atomic_save_is_picked_up() {
    let d = fixture();
    let server = Server::start(&d);
    // What many editors do: write a temporary file, rename it over the
    // original.
    d.file(
        "content/briefs/.a.md.tmp",
        "---\ntitle: Alpha\n---\n\nSaved atomically.\n",
    );
    fs::rename(
        d.path().join("content/briefs/.a.md.tmp"),
        d.path().join("content/briefs/a.md"),
    )
    .unwrap();
    server.wait_for_text("/briefs/a/", "Saved atomically.");
    // And a second one, onto the file the first rename put there.
    d.file(
        "content/briefs/.a.md.tmp",
        "---\ntitle: Alpha\n---\n\nSaved atomically again.\n",
    );
    fs::rename(
        d.path().join("content/briefs/.a.md.tmp"),
        d.path().join("content/briefs/a.md"),
    )
    .unwrap();
    server.wait_for_text("/briefs/a/", "Saved atomically again.");
}

#[test]
fn a_burst_of_fifty_writes_ends_in_a_site_with_all_of_them() {
    let d = fixture();
    let server = Server::start(&d);
    for i in 0..50 {
        d.brief(
            &format!("burst-{i:02}"),
            &format!("Burst {i:02}"),
            "topics: [burst]\n",
            &format!("Burst body {i:02}.\n"),
        );
    }
    let topic = server.wait_until("/topics/burst/", "all 50 briefs listed", |r| {
        r.status == 200
            && !r.body.contains(OVERLAY)
            && (0..50).all(|i| r.body.contains(&format!(">Burst {i:02}</bdi></a>")))
    });
    assert_has(&topic.body, "50 briefs");
    for i in 0..50 {
        let page = server.get(&format!("/briefs/burst-{i:02}/"));
        assert_eq!(page.status, 200, "briefs/burst-{i:02}");
        assert_has(&page.body, &format!("Burst body {i:02}."));
    }
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_the_error_until_fixed() {
    let d = fixture();
    let mut server = Server::start(&d);
    edit_a(&d, "Alpha broken text, about [[nowhere-at-all]].\n");
    let alpha = server.wait_for_overlay("/briefs/a/");
    // The page is the last good one; the overlay quotes the broken line.
    let (page, overlay) = alpha.body.split_at(alpha.body.find(OVERLAY).unwrap());
    assert_has(page, "Alpha first text");
    assert_lacks(page, "Alpha broken text");
    assert_has(overlay, "Alpha broken text");
    assert_has(&alpha.body, "unknown link target");
    assert_has(&alpha.body, "nowhere-at-all");
    // The file and line of the problem.
    assert_has(&alpha.body, "content/briefs/a.md:7:");
    // On every served page, the 404 page too.
    for path in ["/", "/briefs/c/", "/topics/gas/", "/no/such/page/"] {
        assert_has(&server.get(path).body, OVERLAY);
    }
    server.process.wait_for_stderr("the failure logged", |e| {
        e.contains("unknown link target") && e.contains("still serving the last good site")
    });
    edit_a(&d, "Alpha fixed text, about [[b]].\n");
    server.wait_for_text("/briefs/a/", "Alpha fixed text");
    for path in ["/", "/briefs/c/", "/no/such/page/"] {
        assert_lacks(&server.get(path).body, OVERLAY);
    }
}

#[test]
fn a_dossier_broken_at_start_is_served_once_fixed() {
    let d = fixture();
    edit_a(&d, "Alpha broken text, about [[nowhere-at-all]].\n");
    let server = Server::start(&d);
    let home = server.get("/");
    assert_has(&home.body, OVERLAY);
    assert_has(&home.body, "unknown link target");
    edit_a(&d, "Alpha fixed text, about [[b]].\n");
    server.wait_for_text("/briefs/a/", "Alpha fixed text");
}

#[test]
fn a_new_site_title_in_dossier_yaml_shows() {
    let d = fixture();
    let server = Server::start(&d);
    assert_has(
        &server.get("/briefs/c/").body,
        "<title>Gamma · Fixture</title>",
    );
    d.file("dossier.yaml", "title: Renamed fixture\n");
    server.wait_for_text("/briefs/c/", "<title>Gamma · Renamed fixture</title>");
}

#[test]
fn a_broken_dossier_yaml_shows_the_error_until_fixed() {
    let d = fixture();
    let server = Server::start(&d);
    d.file("dossier.yaml", "title: [unclosed\n");
    let page = server.wait_for_overlay("/briefs/c/");
    assert_has(&page.body, "dossier.yaml");
    assert_has(&page.body, "<title>Gamma · Fixture</title>");
    d.file("dossier.yaml", "title: Fixed fixture\n");
    server.wait_for_text("/briefs/c/", "<title>Gamma · Fixed fixture</title>");
}

#[test]
fn a_template_override_added_under_themes_shows() {
    let d = fixture();
    let server = Server::start(&d);
    assert!(!d.exists("themes"));
    d.file(
        "themes/default/templates/brief.html",
        "{% extends \"base.html\" %}{% block main %}<p>overridden brief {{ page.title }}</p>{% endblock main %}\n",
    );
    server.wait_for_text("/briefs/c/", "<p>overridden brief Gamma</p>");
    // Only briefs use that template.
    assert_lacks(&server.get("/topics/gas/").body, "overridden brief");
}

#[test]
fn no_request_path_reads_a_file_outside_the_site() {
    let d = fixture();
    d.file("content/briefs/notes.txt", "content-secret-marker\n");
    let server = Server::start(&d);
    for path in [
        "/../Cargo.toml",
        "/../dossier.yaml",
        "/..",
        "/%2e%2e/dossier.yaml",
        "/%2E%2E/Cargo.toml",
        "/briefs/../../dossier.yaml",
        "/briefs/..%2f..%2fdossier.yaml",
        "/briefs/..%5c..%5cdossier.yaml",
        "/briefs/..\\..\\dossier.yaml",
        "/%00",
        "/dossier.yaml%00.html",
        "/content/briefs/a.md",
        "/content/briefs/notes.txt",
        "/files/briefs/notes.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/Cargo.toml",
        "/dossier.yaml",
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "GET {path}");
        for secret in [
            "yaml-secret-marker",
            "cargo-secret-marker",
            "content-secret-marker",
            "root:",
        ] {
            assert_lacks(&response.body, secret);
        }
        assert_has(&response.body, "Page not found");
    }
}

#[test]
fn an_unknown_path_gets_the_site_404_page_with_status_404() {
    let d = fixture();
    let server = Server::start(&d);
    for path in ["/no/such/page/", "/briefs/zeta/", "/static/missing.css"] {
        let response = server.get(path);
        assert_eq!(response.status, 404, "GET {path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_has(&response.body, "<h1>Page not found</h1>");
        assert_has(&response.body, "<title>Page not found · Fixture</title>");
    }
}

#[test]
fn the_served_404_page_links_to_the_server_not_to_base_url() {
    let d = fixture();
    d.file(
        "dossier.yaml",
        "title: Fixture\nbase_url: https://example.org/published/\n",
    );
    let server = Server::start(&d);
    let page = server.get("/deep/no/such/page");
    assert_eq!(page.status, 404);
    // The 404 page is served at any depth, so its links are absolute: they
    // must lead to this server, its stylesheet included.
    let home = format!("http://{}/", server.host);
    assert_has(&page.body, &format!("href=\"{home}static/style.css\""));
    assert_has(&page.body, &format!("href=\"{home}index.html\""));
    assert_lacks(&page.body, "example.org");
    // A plain build still uses base_url.
    d.build(&[]).success();
    assert_has(
        &d.read("public/404.html"),
        "href=\"https://example.org/published/static/style.css\"",
    );
}

#[test]
fn served_html_gets_the_reload_script_and_other_files_do_not() {
    let d = fixture();
    let server = Server::start(&d);
    for path in ["/", "/briefs/a/", "/no/such/page/"] {
        let page = server.get(path);
        assert_has(&page.body, "/__dossier/events?v=");
        assert_has(&page.body, "<script>");
        // Before </body>, so the page is still valid HTML.
        let script = page.body.find("/__dossier/events").unwrap();
        assert!(
            script < page.body.rfind("</body>").unwrap(),
            "{}",
            page.body
        );
    }
    let css = server.get("/static/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_lacks(&css.body, "__dossier");
    assert_lacks(&css.body, "<script");
    for path in ["/atom.xml", "/sitemap.xml", "/robots.txt"] {
        let file = server.get(path);
        assert_eq!(file.status, 200, "GET {path}");
        assert_lacks(&file.body, "__dossier");
    }
}

#[test]
fn built_sites_never_get_the_reload_script() {
    let d = fixture();
    // Even while a server runs on the same dossier.
    let _server = Server::start(&d);
    d.build(&[]).success();
    let site = common::files(&d.path().join("public"));
    assert!(site.contains_key("briefs/a/index.html"));
    for (name, path) in site {
        let bytes = fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__dossier"), "{name} has the reload script");
        assert!(!text.contains(OVERLAY), "{name} has the error overlay");
    }
}

/// `serve` holds its pages packed in memory (`text::packed`): every
/// page it serves, both those it rendered again after an edit and those
/// it kept, is byte for byte the page `build` writes, but for the reload
/// script; and every other file of the built site is served as written.
#[test]
fn every_served_file_is_the_built_file_but_for_the_reload_script() {
    let d = fixture();
    let server = Server::start(&d);
    for round in ["before an edit", "after an edit"] {
        if round == "after an edit" {
            edit_a(&d, "Alpha second text, about [[b]] and [[c]].\n");
            server.wait_for_text("/briefs/a/", "Alpha second text");
        }
        // `serve` puts its own address where the site's address goes.
        let base_url = format!("http://{}/", server.host);
        d.build(&["-o", "built", "--base-url", &base_url]).success();
        let built = common::files(&d.path().join("built"));
        assert!(built.contains_key("briefs/c/index.html"), "{built:?}");
        for (name, path) in built {
            // `serve` makes the search index (`pagefind/`) in the
            // background, after the pages, so it may not be there yet;
            // the search page and the index are tested on their own.
            let searching = name.starts_with("search/") || name.starts_with("pagefind/");
            if name.starts_with(".dossier") || searching {
                continue;
            }
            let written = String::from_utf8_lossy(&fs::read(path).unwrap()).into_owned();
            let served = server.get(&format!("/{name}"));
            assert_eq!(served.status, 200, "{round}: GET /{name}");
            assert_eq!(
                without_reload_script(&served.body),
                written,
                "{round}: /{name}"
            );
        }
    }
}

/// A served page as it was built: without the script `serve` puts before
/// `</body>`.
fn without_reload_script(page: &str) -> String {
    let start = "<script>(()=>{const s=new EventSource(\"/__dossier/events";
    let Some(at) = page.find(start) else {
        return page.to_string();
    };
    let end = at + page[at..].find("</script>").expect("the script's end") + "</script>".len();
    format!("{}{}", &page[..at], &page[end..])
}

#[test]
fn the_event_stream_sends_reload_after_an_edit() {
    let d = fixture();
    let server = Server::start(&d);
    let version = server.get("/briefs/a/").version();
    let mut stream = TcpStream::connect(&server.host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "GET /__dossier/events?v={version} HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.host
    )
    .unwrap();
    let mut received = String::new();
    let read_until = |received: &mut String, stream: &mut TcpStream, text: &str| {
        let deadline = Instant::now() + WAIT;
        let mut buffer = [0; 1024];
        while !received.contains(text) {
            assert!(
                Instant::now() < deadline,
                "no {text:?} within {WAIT:?}; received:\n{received}"
            );
            match stream.read(&mut buffer) {
                Ok(0) => panic!("stream closed before {text:?}; received:\n{received}"),
                Ok(n) => received.push_str(&String::from_utf8_lossy(&buffer[..n])),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("reading the stream: {e}"),
            }
        }
    };
    read_until(&mut received, &mut stream, "\r\n\r\n");
    let head = received.to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200"), "{received}");
    assert_has(&head, "content-type: text/event-stream");
    assert_lacks(&received, "event: reload");
    edit_a(&d, "Alpha edited for the stream, about [[b]].\n");
    read_until(&mut received, &mut stream, "event: reload\n");
    // The page served now asks about the new version.
    let page = server.wait_for_text("/briefs/a/", "Alpha edited for the stream");
    assert!(page.version() > version, "{}", page.body);
    // A page from before the edit that connects late is told at once.
    let late = get_events_until_reload(&server.host, version);
    assert_has(&late, "event: reload");
}

/// Connects to the event stream as a page of site version `version` and
/// reads until a reload is announced.
fn get_events_until_reload(host: &str, version: u64) -> String {
    let mut stream = TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET /__dossier/events?v={version} HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    let mut received = String::new();
    let mut buffer = [0; 1024];
    while !received.contains("event: reload\n") {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => received.push_str(&String::from_utf8_lossy(&buffer[..n])),
        }
    }
    received
}

#[test]
fn a_port_in_use_is_a_clear_error_with_exit_code_2() {
    let d = fixture();
    let first = Server::start(&d);
    let port = first.port().to_string();
    let mut second = Process::spawn(d.path(), &["serve", "--port", &port]);
    let status = second.wait_exit();
    assert_eq!(status.code(), Some(2), "{}", second.printed());
    let stderr = second.stderr();
    assert_has(&stderr, &format!("127.0.0.1:{port}"));
    assert_has(&stderr, "--port");
    assert_lacks(&second.stdout(), "serving the dossier");
    // The first server is unharmed.
    assert_eq!(first.get("/briefs/a/").status, 200);
}

#[test]
fn polling_mode_picks_up_new_and_edited_files() {
    let d = fixture();
    let server = Server::with(&d, &["--poll"]);
    d.brief("d", "Delta", "", "Delta polled text.\n");
    server.wait_for_text("/briefs/d/", "Delta polled text.");
    // The polling watcher compares modification times in whole seconds
    // (see the ignored test below): this edit is dated a few seconds on,
    // as it would be if the writer took that long to make it.
    edit_a(&d, "Alpha polled text, about [[b]].\n");
    let later = std::time::SystemTime::now() + Duration::from_secs(3);
    fs::File::options()
        .write(true)
        .open(d.path().join("content/briefs/a.md"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    server.wait_for_text("/briefs/a/", "Alpha polled text");
}

#[test]
#[ignore = "bug: with --poll an edit in the same second as the file's previous change is missed (notify's PollWatcher compares whole-second mtimes)"]
fn polling_mode_picks_up_an_edit_made_at_once() {
    let d = fixture();
    let server = Server::with(&d, &["--poll"]);
    edit_a(&d, "Alpha polled text, about [[b]].\n");
    server.wait_for_text("/briefs/a/", "Alpha polled text");
}

#[test]
fn drafts_are_served_only_with_the_drafts_option() {
    let d = fixture();
    d.brief("draft", "Draft brief", "draft: true\n", "Not yet.\n");
    let server = Server::start(&d);
    assert_eq!(server.get("/briefs/draft/").status, 404);
    let server = Server::with(&d, &["--drafts"]);
    assert_eq!(server.get("/briefs/draft/").status, 200);
}

/// `dossier watch -o public` on the fixture, once its first build is done.
fn watching(d: &Dossier) -> Process {
    let mut process = Process::spawn(d.path(), &["watch", "-o", "public"]);
    process.wait_for_stderr("the first build", |e| e.contains("built in "));
    assert!(d.exists("public/briefs/a/index.html"));
    process
}

/// The files of `before` whose bytes or modification time differ in
/// `after`, and those only in one of them.
fn changed(
    before: &std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>,
    after: &std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)>,
) -> BTreeSet<String> {
    // The search index changes with any text, and the manifest with the
    // index's file names: both are left out.
    let indexed = cfg!(feature = "search");
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    names
        .into_iter()
        .filter(|name| {
            !(indexed && (name.starts_with("pagefind/") || *name == ".dossier-manifest"))
        })
        .filter(|name| before.get(*name) != after.get(*name))
        .cloned()
        .collect()
}

#[test]
fn watch_writes_only_the_pages_an_edit_changes() {
    let d = fixture();
    let mut process = watching(&d);
    d.age("public");
    let before = d.snapshot("public");
    edit_a(&d, "Alpha watched text, about [[b]].\n");
    // Each rebuild logs its line once its files are written.
    process.wait_for_stderr("a second build", |e| e.matches("built in ").count() >= 2);
    assert_has(&d.read("public/briefs/a/index.html"), "Alpha watched text");
    assert_lacks(&d.read("public/briefs/a/index.html"), "__dossier");
    // The sentence around the link to b changed, so b's backlink did too,
    // and the briefing packs holding a's body and dossier.json, which
    // holds the sentence; nothing else did, and untouched files keep their
    // old time.
    assert_eq!(
        changed(&before, &d.snapshot("public")),
        BTreeSet::from([
            "briefs/a/index.html".to_string(),
            "briefs/b/index.html".to_string(),
            "exports/dossier.json".to_string(),
            "print/index.html".to_string(),
            "topics/gas/print/index.html".to_string()
        ]),
        "{}",
        process.printed()
    );
}

#[test]
fn watch_leaves_the_folder_as_it_was_after_a_broken_edit() {
    let d = fixture();
    let mut process = watching(&d);
    d.age("public");
    let before = d.snapshot("public");
    edit_a(&d, "Alpha broken text, about [[nowhere-at-all]].\n");
    d.remove("content/briefs/c.md");
    let stderr = process.wait_for_stderr("the failed build", |e| e.contains("build failed"));
    assert_has(&stderr, "unknown link target");
    assert_has(&stderr, "content/briefs/a.md:7:");
    assert_eq!(
        changed(&before, &d.snapshot("public")),
        BTreeSet::new(),
        "{}",
        process.printed()
    );
    // Fixing it writes the site again, without c.
    edit_a(&d, "Alpha fixed text, about [[b]].\n");
    process.wait_for_stderr("a build after the fix", |e| {
        e.matches("built in ").count() >= 2
    });
    assert_has(&d.read("public/briefs/a/index.html"), "Alpha fixed text");
    assert!(!d.exists("public/briefs/c/index.html"));
}

/// `GET PATH HTTP/1.1` with the `Host` header `host`, closing afterwards.
fn get_with_host(path: &str, host: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").into_bytes()
}

#[test]
fn a_request_head_over_64_kib_gets_431_and_the_server_keeps_answering() {
    let d = fixture();
    let server = Server::start(&d);
    let host = &server.host;
    let long_header = format!(
        "GET /briefs/a/ HTTP/1.1\r\nHost: {host}\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(200 * 1024)
    );
    let many_headers = format!(
        "GET /briefs/a/ HTTP/1.1\r\nHost: {host}\r\n{}\r\n",
        (0..5000)
            .map(|i| format!("X-Header-{i}: {}\r\n", "b".repeat(20)))
            .collect::<String>()
    );
    let long_path = format!(
        "GET /{} HTTP/1.1\r\nHost: {host}\r\n\r\n",
        "c".repeat(100 * 1024)
    );
    for raw in [long_header, many_headers, long_path] {
        let response = request(host, raw.as_bytes())
            .unwrap_or_else(|e| panic!("no answer: {e}\n{}", server.process.printed()));
        assert_eq!(response.status, 431, "{}", response.body);
        assert_lacks(&response.body, "Alpha first text");
    }
    // Just under the limit is fine.
    let under = format!(
        "GET /briefs/a/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nX-Padding: {}\r\n\r\n",
        "a".repeat(60 * 1024)
    );
    let response = request(host, under.as_bytes()).unwrap();
    assert_eq!(response.status, 200);
    assert_has(&response.body, "Alpha first text");
    assert_eq!(server.get("/briefs/b/").status, 200);
}

#[test]
fn only_get_and_head_are_answered_and_no_request_body_is_taken_in() {
    let d = fixture();
    let server = Server::start(&d);
    let host = &server.host;
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let raw = format!(
            "{method} /briefs/a/ HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
        );
        let response = request(host, raw.as_bytes()).unwrap();
        assert_eq!(response.status, 405, "{method}: {}", response.body);
        assert_eq!(response.header("allow"), Some("GET, HEAD"), "{method}");
        assert_lacks(&response.body, "Alpha first text");
    }
    // A body announced but never sent is not waited for.
    for header in ["Content-Length: 1000000000", "Transfer-Encoding: chunked"] {
        let raw = format!("GET /briefs/a/ HTTP/1.1\r\nHost: {host}\r\n{header}\r\n\r\n");
        let response = request(host, raw.as_bytes()).unwrap();
        assert_eq!(response.status, 413, "{header}: {}", response.body);
    }
    // HEAD: the headers of GET without the body.
    let page = server.get("/briefs/a/");
    let raw = format!("HEAD /briefs/a/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let head = request(host, raw.as_bytes()).unwrap();
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string().as_str())
    );
    assert_eq!(head.body, "");
    assert_eq!(server.get("/briefs/b/").status, 200);
}

/// A page on another site can make the writer's browser ask this server
/// for drafts under its own name (DNS rebinding); a loopback server
/// answers only requests made to a loopback name.
#[test]
fn a_loopback_server_answers_only_requests_for_a_loopback_host() {
    let d = fixture();
    let server = Server::start(&d);
    let port = server.port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("192.168.1.10:{port}"),
        format!("0.0.0.0:{port}"),
        format!("[::2]:{port}"),
        String::new(),
    ] {
        for path in ["/briefs/a/", "/__dossier/events?v=0"] {
            let response = request(&server.host, &get_with_host(path, &host)).unwrap();
            assert_eq!(response.status, 403, "Host: {host:?}: {}", response.body);
            assert_has(&response.body, "--bind");
            assert_lacks(&response.body, "Alpha first text");
        }
    }
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("127.1.2.3:{port}"),
        "[::1]".to_string(),
        format!("[::1]:{port}"),
    ] {
        let response = request(&server.host, &get_with_host("/briefs/a/", &host)).unwrap();
        assert_eq!(response.status, 200, "Host: {host:?}: {}", response.body);
        assert_has(&response.body, "Alpha first text");
    }
    // HTTP/1.1 requires a Host; HTTP/1.0 predates it.
    let response = request(&server.host, b"GET /briefs/a/ HTTP/1.1\r\n\r\n").unwrap();
    assert_eq!(response.status, 400, "{}", response.body);
    let response = request(&server.host, b"GET /briefs/a/ HTTP/1.0\r\n\r\n").unwrap();
    assert_eq!(response.status, 200, "{}", response.body);
    assert_has(&response.body, "Alpha first text");
}

/// Is the connection closed by the server? Reads what is there without
/// waiting long; an open connection with nothing to read is not closed.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// A slowloris client sends its request a byte at a time and never ends
/// it: others are served meanwhile, and the server drops it by itself
/// even though bytes keep arriving.
#[test]
fn a_request_that_never_ends_is_dropped_and_does_not_block_others() {
    let d = fixture();
    let server = Server::start(&d);
    let mut slow = TcpStream::connect(&server.host).unwrap();
    write!(
        slow,
        "GET /briefs/a/ HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
        server.host
    )
    .unwrap();
    assert_eq!(server.get("/briefs/b/").status, 200);
    slow.set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    // The server's limit is well under a minute; the loop ends by itself.
    let mut dropped = false;
    for _ in 0..120 {
        if slow.write_all(b"a").is_err() || closed_by_server(&mut slow) {
            dropped = true;
            break;
        }
    }
    assert!(
        dropped,
        "an unfinished request was kept open for a minute\n{}",
        server.process.printed()
    );
    assert_eq!(server.get("/briefs/a/").status, 200);
}

#[test]
fn hundreds_of_idle_connections_do_not_stop_a_normal_request() {
    let d = fixture();
    let server = Server::start(&d);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(&server.host).unwrap();
            // The server may already have closed it: that is fine.
            let _ = stream.write_all(b"GET / HTTP/1.1\r\n");
            stream
        })
        .collect();
    let page = server.get("/briefs/a/");
    assert_eq!(page.status, 200);
    assert_has(&page.body, "Alpha first text");
    // The idle connections do not each hold a thread of the server.
    #[cfg(target_os = "linux")]
    {
        let tasks = format!("/proc/{}/task", server.process.child.id());
        let threads = fs::read_dir(tasks).unwrap().count();
        assert!(
            threads < 200,
            "{threads} server threads with 300 idle connections"
        );
    }
    drop(idle);
    assert_eq!(server.get("/briefs/b/").status, 200);
}

/// Opens the reload channel as a page of site version `version` would.
fn open_events(host: &str, version: u64) -> TcpStream {
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET /__dossier/events?v={version} HTTP/1.1\r\nHost: {host}\r\n\r\n"
    )
    .unwrap();
    stream
}

#[test]
fn fifty_clients_at_once_and_a_hundred_open_pages_are_all_served() {
    let d = fixture();
    let server = Server::start(&d);
    let version = server.get("/briefs/a/").version();
    // Each open page holds its reload channel open.
    let mut pages: Vec<TcpStream> = (0..100)
        .map(|_| open_events(&server.host, version))
        .collect();
    let clients: Vec<_> = (0..50)
        .map(|_| {
            let host = server.host.clone();
            std::thread::spawn(move || -> Result<(), String> {
                for (path, status) in [
                    ("/", 200),
                    ("/briefs/a/", 200),
                    ("/static/style.css", 200),
                    ("/topics/gas/", 200),
                    ("/no/such/page/", 404),
                ] {
                    let response = get(&host, path).map_err(|e| format!("GET {path}: {e}"))?;
                    if response.status != status {
                        return Err(format!("GET {path}: {}", response.status));
                    }
                }
                Ok(())
            })
        })
        .collect();
    let failures: Vec<String> = clients
        .into_iter()
        .filter_map(|client| client.join().unwrap().err())
        .collect();
    assert!(
        failures.is_empty(),
        "{failures:?}\n{}",
        server.process.printed()
    );
    // The most recently opened page still hears of an edit.
    let newest = pages.last_mut().unwrap();
    newest.set_read_timeout(Some(WAIT)).unwrap();
    edit_a(&d, "Alpha edited for many pages, about [[b]].\n");
    let mut received = String::new();
    let mut buffer = [0; 1024];
    while !received.contains("event: reload\n") {
        match newest.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => received.push_str(&String::from_utf8_lossy(&buffer[..n])),
        }
    }
    assert_has(&received, "event: reload\n");
}

/// Brief `a` links to `map.png` beside it; `secret.txt` is linked by
/// nothing.
fn with_attachments() -> Dossier {
    let d = fixture();
    edit_a(&d, "The [map](map.png).\n");
    d.file("content/briefs/map.png", "map-one");
    d.file("content/briefs/secret.txt", "attachment-secret-marker");
    d
}

#[test]
fn published_attachments_are_served_from_disk_and_reload_pages_when_changed() {
    let d = with_attachments();
    let server = Server::start(&d);
    let page = server.get("/briefs/a/");
    assert_has(&page.body, "<a href=\"../../files/briefs/map.png\">map</a>");
    assert_eq!(server.get("/files/briefs/map.png").body, "map-one");
    let secret = server.get("/files/briefs/secret.txt");
    assert_eq!(secret.status, 404);
    assert_lacks(&secret.body, "attachment-secret-marker");
    let version = page.version();
    d.file("content/briefs/map.png", "map-two, longer");
    server.wait_until("/files/briefs/map.png", "the new map", |r| {
        r.body == "map-two, longer"
    });
    server.wait_until("/briefs/a/", "a newer version", |r| r.version() > version);
}

/// The peak resident memory of process `pid`, in KiB.
fn peak_kib(pid: u32) -> u64 {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn a_200_mb_attachment_is_served_without_being_held_in_memory() {
    let d = with_attachments();
    edit_a(&d, "The [big](big.bin).\n");
    let big = fs::File::create(d.path().join("content/briefs/big.bin")).unwrap();
    big.set_len(200 << 20).unwrap();
    drop(big);
    let server = Server::start(&d);
    let before = peak_kib(server.process.child.id());
    let mut stream = TcpStream::connect(&server.host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let head = format!(
        "GET /files/briefs/big.bin HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut received = 0u64;
    let mut buffer = vec![0; 1 << 16];
    loop {
        match stream.read(&mut buffer).unwrap() {
            0 => break,
            n => received += n as u64,
        }
    }
    assert!(received > 200 << 20, "only {received} bytes came");
    let after = peak_kib(server.process.child.id());
    assert!(
        after < before + 100 * 1024,
        "peak RSS grew from {before} KiB to {after} KiB"
    );
}

/// A rebuild after a save looks only at the paths the watcher reported
/// (a large dossier is not walked again); whatever that cannot place
/// exactly, a folder above all, makes it look at every file again. These
/// are the changes it must not get wrong.
#[test]
fn a_folder_of_briefs_created_renamed_and_removed_while_serving() {
    let d = fixture();
    let server = Server::start(&d);
    let brief = |path: &str, title: &str, text: &str| {
        d.file(path, &format!("---\ntitle: {title}\n---\n\n{text}\n"));
    };
    // A new folder, with a brief written into it at once (briefs in
    // folders keep their flat addresses).
    fs::create_dir_all(d.path().join("content/briefs/2025/jan")).unwrap();
    brief(
        "content/briefs/2025/jan/treaty.md",
        "Treaty",
        "Treaty text.",
    );
    server.wait_for_text("/briefs/treaty/", "Treaty text.");
    // A second brief in the folder the last rebuild learned of.
    brief(
        "content/briefs/2025/jan/drones.md",
        "Drones",
        "Drones text.",
    );
    server.wait_for_text("/briefs/drones/", "Drones text.");
    // The folder renamed, then a brief in it edited: the site follows the
    // files where they are now, with no error about where they were.
    fs::rename(
        d.path().join("content/briefs/2025/jan"),
        d.path().join("content/briefs/2025/january"),
    )
    .unwrap();
    brief(
        "content/briefs/2025/january/treaty.md",
        "Treaty",
        "Treaty moved.",
    );
    let treaty = server.wait_for_text("/briefs/treaty/", "Treaty moved.");
    assert_lacks(&treaty.body, OVERLAY);
    assert_has(&server.get("/briefs/drones/").body, "Drones text.");
    // The folder removed: both briefs go.
    fs::remove_dir_all(d.path().join("content/briefs/2025")).unwrap();
    server.wait_for_status("/briefs/treaty/", 404);
    server.wait_for_status("/briefs/drones/", 404);
    let alpha = server.get("/briefs/a/");
    assert_eq!(alpha.status, 200);
    assert_lacks(&alpha.body, OVERLAY);
}

/// A brief that is a link to another file is listed where the link is,
/// but a save changes the file it leads to: a rebuild that looked only at
/// the saved path would keep serving the link's old text.
#[cfg(unix)]
#[test]
fn a_brief_linked_to_another_file_follows_its_edits() {
    let d = fixture();
    d.file(
        "content/notes/alias-target.md",
        "---\ntitle: Linked\n---\n\nLinked first text.\n",
    );
    std::os::unix::fs::symlink(
        d.path().join("content/notes/alias-target.md"),
        d.path().join("content/briefs/linked.md"),
    )
    .unwrap();
    // Written long ago, so the first build's reading is not one that a
    // later edit in the same second could hide (which would have the file
    // read again anyway).
    d.age("content/notes");
    let server = Server::start(&d);
    assert_has(&server.get("/briefs/linked/").body, "Linked first text.");
    d.file(
        "content/notes/alias-target.md",
        "---\ntitle: Linked\n---\n\nLinked second text.\n",
    );
    server.wait_for_text("/briefs/linked/", "Linked second text.");
}

/// An image added beside a brief after the start is served and shown; one
/// removed is gone from the site.
#[test]
fn an_attachment_added_and_removed_while_serving() {
    let d = fixture();
    let server = Server::start(&d);
    d.file(
        "content/briefs/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    edit_a(&d, "The ![chart](chart.svg) of [[b]].\n");
    let alpha = server.wait_for_text("/briefs/a/", "files/briefs/chart.svg");
    assert_lacks(&alpha.body, OVERLAY);
    assert_eq!(server.get("/files/briefs/chart.svg").status, 200);
    edit_a(&d, "No chart now, about [[b]].\n");
    d.remove("content/briefs/chart.svg");
    server.wait_for_status("/files/briefs/chart.svg", 404);
    assert_lacks(&server.get("/briefs/a/").body, OVERLAY);
}
