//! `dossier serve`: builds the site in memory, serves it over HTTP, and
//! rebuilds on every change. Open pages reload themselves through a
//! Server-Sent Events channel on the same port, but only once the new site
//! is complete; a rebuild with errors keeps serving the last good site and
//! shows the errors in an overlay on every page until they are fixed.
//!
//! Only files of the built site are served: a request names a key of the
//! in-memory site or gets the 404 page, so no path can reach the disk
//! except a published attachment's, streamed from its file. The pages are
//! held packed (see [`crate::text::packed`]) and unpacked per request.
//! The limits on requests and connections are `http`'s; the reload
//! channel is `reload`'s.

pub mod http;
pub mod reload;
pub mod watch;

use std::net::TcpStream;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::Fatal;
use crate::build::deferred::Deferred;
use crate::build::outcome::Failure;
use crate::build::rebuild::{Builder, drop_aside};
use crate::content::config::BuildOptions;
use crate::diagnostic::{Diagnostic, render_human};
use crate::output::OutputFile;
use crate::render::TeraTime;
use crate::search::indexer::Indexer;
use crate::text::html::escape;
use http::{Method, Reply, Request, Response};
use reload::Reload;
use watch::Changes;

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    /// 0 picks a free port.
    pub port: u16,
    pub poll: bool,
}

/// The path of the live-reload event stream.
const EVENTS: &str = "/__dossier/events";

/// The site's files and the exports, made when first asked for.
type Site = (Files, Later);
/// Every file of the site, sorted by path, as the builder keeps them for
/// the next rebuild: shared, not copied into a table of their own, which
/// took 100,000 paths on the main thread after every rebuild.
type Files = Arc<Vec<OutputFile>>;
type Later = Option<Arc<Deferred>>;

/// One complete site as served, with the problems of the latest rebuild.
struct Snapshot {
    /// Those copied from disk (published attachments) are streamed from
    /// there when asked for, never held in memory.
    files: Files,
    /// The exports and the `/exports/` page, made on the first request
    /// for one of them (see [`Deferred`]).
    later: Later,
    /// Diagnostics of the latest rebuild if it failed, as text.
    errors: Option<String>,
    version: u64,
}

/// What the server threads share: the current snapshot, and the reload
/// channels told when it is replaced.
struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    reload: Reload,
}

impl Shared {
    /// The snapshot that replaces `old` once a rebuild is published: one
    /// with other exports, or one with errors (the rebuild failed); `old`
    /// itself after `patience`.
    fn after_rebuild(&self, old: &Arc<Snapshot>, patience: Duration) -> Arc<Snapshot> {
        let started = Instant::now();
        loop {
            let now = self.current();
            let other_exports = match (&now.later, &old.later) {
                (Some(new), Some(old)) => !Arc::ptr_eq(new, old),
                _ => true,
            };
            let published = now.version != old.version;
            if (published && (other_exports || now.errors.is_some()))
                || started.elapsed() >= patience
            {
                return now;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn current(&self) -> Arc<Snapshot> {
        self.snapshot
            .read()
            .map_or_else(|poisoned| poisoned.into_inner().clone(), |s| s.clone())
    }

    /// Publishes a new snapshot, then wakes every reload channel.
    fn publish(&self, site: Option<Site>, errors: Option<String>) {
        let (files, later) = site.unwrap_or_else(|| {
            let current = self.current();
            (current.files.clone(), current.later.clone())
        });
        let mut old = None;
        self.reload.advance(|version| {
            let snapshot = Arc::new(Snapshot {
                files,
                later,
                errors,
                version,
            });
            let mut current = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
            old = Some(std::mem::replace(&mut *current, snapshot));
        });
        // The last site, when no request holds it any more, is freed on a
        // thread of its own, not while requests wait for the new one: at
        // 100,000 briefs its list is 200,000 files (unless the builder
        // still shares it).
        drop_aside(old);
    }

    /// The first site, before anyone has seen a version.
    fn first(&self, (mut files, later): Site, errors: Option<String>) {
        let mut snapshot = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        // An index finished during the first build is kept.
        let index: Vec<&OutputFile> = (snapshot.files.iter())
            .filter(|file| find(&files, &file.path).is_none())
            .collect();
        if !index.is_empty() {
            let all = Arc::make_mut(&mut files);
            all.extend(index.into_iter().cloned());
            all.sort_by(|a, b| a.path.cmp(&b.path));
        }
        *snapshot = Arc::new(Snapshot {
            files,
            later,
            errors,
            version: 0,
        });
    }

    /// Swaps in a newer search index without a reload: open pages are
    /// unchanged, only searches find more.
    fn replace_index(&self, index: Vec<OutputFile>) {
        let mut snapshot = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        let mut files = Vec::clone(&snapshot.files);
        crate::search::files::with_index(&mut files, index);
        *snapshot = Arc::new(Snapshot {
            files: Arc::new(files),
            later: snapshot.later.clone(),
            errors: snapshot.errors.clone(),
            version: snapshot.version,
        });
    }
}

/// A bound server, ready to run.
pub struct Running {
    server: http::Server,
    shared: Arc<Shared>,
    builder: Builder,
    watching: watch::Watching,
    pub address: String,
    /// What the git history of the first build could not show.
    pub history_note: Option<String>,
}

/// Binds the server, starts watching, then builds the site; prints
/// nothing. A site with errors still starts, showing them in the overlay.
pub fn start(mut options: ServeOptions) -> Result<Running, Fatal> {
    let server = http::Server::bind(&options.bind, options.port).map_err(|e| {
        Fatal::usage(format!(
            "cannot listen on {}:{}: {e}; is another server using the port? Pick another with --port, or --port 0 for any free one",
            options.bind, options.port
        ))
    })?;
    let address = match server.local_addr() {
        Ok(addr) => format!("http://{addr}/"),
        Err(_) => format!("http://{}:{}/", options.bind, options.port),
    };
    // Absolute links (the 404 page's, feeds') lead to this server.
    options.build.base_url = Some(address.clone());
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            files: Files::default(),
            later: None,
            errors: None,
            version: 0,
        })),
        reload: Reload::default(),
    });
    // The search index can take seconds on a large dossier: pages are
    // served at once, and the index joins them when it is ready.
    let indexer = {
        let shared = shared.clone();
        Indexer::new(options.build.search).in_background(move |index| shared.replace_index(index))
    };
    let mut builder = Builder::new(options.build.clone())
        .indexing(indexer)
        .deferring_exports()
        .without_warnings()
        .packing_pages();
    // Watch first, so a change made during the first build is not missed.
    let watching = watch::start(&options.build.root, None, options.poll);
    let (files, errors, history_note) = match builder.rebuild() {
        Ok(rendered) => (
            (rendered.files, rendered.deferred),
            None,
            rendered.history_note,
        ),
        Err(Failure::Content(diagnostics)) => (Site::default(), Some(describe(&diagnostics)), None),
        Err(Failure::Fatal(fatal)) => return Err(fatal),
    };
    let watching = watching?;
    shared.first(files, errors);
    builder.update_search();
    Ok(Running {
        server,
        shared,
        builder,
        watching,
        address,
        history_note,
    })
}

impl Running {
    /// Serves requests and rebuilds on changes until the process ends.
    /// `log` receives one line per rebuild.
    pub fn run(self, log: impl Fn(&str) + Send + 'static) -> Result<(), Fatal> {
        let Running {
            server,
            shared,
            mut builder,
            watching,
            ..
        } = self;
        let reload = {
            let shared = shared.clone();
            std::thread::spawn(move || shared.reload.run())
        };
        let requests = {
            let shared = shared.clone();
            std::thread::spawn(move || server.run(shared))
        };
        if let Some(errors) = &shared.current().errors {
            log(errors);
        }
        // Ctrl-C ends the server at once: it writes nothing to disk.
        let never = std::sync::atomic::AtomicBool::new(false);
        watching.run(&never, |changes| {
            rebuild(&mut builder, &shared, &changes, &log);
            true
        })?;
        let _ = requests.join();
        let _ = reload.join();
        Ok(())
    }
}

/// What a rebuild's render spent in Tera, for its log line: how much
/// of a slow rebuild the template engine itself takes. Empty when
/// nothing was rendered through it.
fn tera_time(tera: TeraTime) -> String {
    if tera == TeraTime::default() {
        return String::new();
    }
    format!(
        "; Tera: {} ms making values, {} ms running templates (CPU, summed over threads)",
        tera.values.as_millis(),
        tera.templates.as_millis()
    )
}

/// Rebuilds after `changed`; publishes the new site, or keeps the last
/// good one and publishes the errors.
fn rebuild(builder: &mut Builder, shared: &Shared, changes: &Changes, log: &impl Fn(&str)) {
    let started = Instant::now();
    let what = watch::describe(&changes.paths);
    let rebuilt = match changes.exact() {
        Some(changed) => builder.rebuild_after(changed),
        None => builder.rebuild(),
    };
    match rebuilt {
        Ok(rendered) => {
            let (parsed, fresh) = (rendered.parsed, rendered.rendered);
            let stages: Vec<String> = rendered
                .timings
                .iter()
                .map(|(stage, took)| format!("{stage} {} ms", took.as_millis()))
                .collect();
            let tera = tera_time(rendered.tera);
            shared.publish(Some((rendered.files, rendered.deferred)), None);
            let ms = started.elapsed().as_millis();
            log(&format!(
                "rebuilt in {ms} ms after {what}: {parsed} file(s) read, {fresh} page(s) rendered ({}){tera}",
                stages.join(", ")
            ));
            builder.update_search();
        }
        Err(Failure::Content(diagnostics)) => {
            let text = describe(&diagnostics);
            shared.publish(None, Some(text.clone()));
            log(&format!(
                "{text}rebuild failed after {what}; still serving the last good site"
            ));
        }
        Err(Failure::Fatal(fatal)) => {
            shared.publish(None, Some(format!("error: {fatal}\n")));
            log(&format!("error: {fatal}"));
        }
    }
}

/// The file at `path` among `files` (sorted by path).
fn find<'a>(files: &'a [OutputFile], path: &str) -> Option<&'a OutputFile> {
    crate::output::position(files, path)
        .ok()
        .map(|at| &files[at])
}

fn describe(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(render_human)
        .collect::<Vec<_>>()
        .join("\n")
}

impl http::Handler for Shared {
    fn reply(&self, request: &Request) -> Reply {
        let path = path_of(&request.target);
        if path == EVENTS {
            return match request.method {
                Method::Get => Reply::Stream,
                Method::Head => Reply::Response(Response {
                    status: 200,
                    content_type: "text/event-stream",
                    headers: Vec::new(),
                    body: Arc::new(Vec::new()),
                    file: None,
                }),
            };
        }
        Reply::Response(self.page(path))
    }

    fn stream(&self, request: &Request, stream: TcpStream) {
        let seen = request
            .target
            .split_once("v=")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        self.reload.open(stream, seen);
    }
}

/// The path of a request target, without query or fragment.
fn path_of(target: &str) -> &str {
    target.split(['?', '#']).next().unwrap_or("/")
}

impl Shared {
    /// The site file at `path`, or the 404 page; HTML pages get the
    /// reload script and any error overlay.
    fn page(&self, path: &str) -> Response {
        let mut snapshot = self.current();
        match later(&snapshot, path) {
            Exports::Made(response) => return response,
            Exports::NotAsked => {}
            // Given up by a rebuild that failed.
            Exports::Gone if snapshot.errors.is_some() => return exports_unavailable(),
            // Given up by a full rebuild: the new site's come with it.
            Exports::Gone => {
                snapshot = self.after_rebuild(&snapshot, REBUILD_PATIENCE);
                match later(&snapshot, path) {
                    Exports::Made(response) => return response,
                    Exports::Gone => return exports_unavailable(),
                    Exports::NotAsked => {}
                }
            }
        }
        let files = &snapshot.files;
        let (status, key) = match lookup(|key| find(files, key).is_some(), path) {
            Some(key) => (200, key),
            None => (404, "404.html".to_string()),
        };
        let file = find(files, &key);
        if let Some(copy) = file.and_then(|file| file.copy.as_ref()) {
            return match std::fs::File::open(&copy.source) {
                Ok(file) => Response {
                    status,
                    content_type: content_type(&key),
                    headers: Vec::new(),
                    body: Arc::default(),
                    file: Some(file),
                },
                Err(_) => Response::text(404, "Not found"),
            };
        }
        // With no site yet (the first build failed), the "404 page" is
        // these words, with the errors overlaid.
        let (bytes, packed) = file.map_or_else(
            || (Arc::new(b"Not found".to_vec()), None),
            |file| (file.bytes.clone(), file.packed.clone()),
        );
        let Ok(plain) = crate::text::packed::plain(&bytes, packed.as_deref()) else {
            return Response::text(500, "dossier could not unpack this page; please report it");
        };
        let body = match (key.ends_with(".html"), packed.is_some()) {
            (true, _) => Arc::new(inject(&plain, &snapshot)),
            (false, true) => Arc::new(plain.into_owned()),
            (false, false) => bytes.clone(),
        };
        Response {
            status,
            content_type: content_type(&key),
            headers: Vec::new(),
            body,
            file: None,
        }
    }
}

/// What a request finds of the exports (see [`later`]).
enum Exports {
    /// Not one of them, or not one there is: the site's files answer.
    NotAsked,
    Made(Response),
    /// Their site was given up by a full rebuild before they were made.
    Gone,
}

/// How long a request for the exports waits for a full rebuild to give
/// them a new site: longer than a 100,000-brief rebuild takes.
const REBUILD_PATIENCE: Duration = Duration::from_secs(120);

/// An export file or the `/exports/` page, made now if it was not yet,
/// when `path` names one (see [`Deferred`]).
fn later(snapshot: &Snapshot, path: &str) -> Exports {
    let Some(deferred) = snapshot.later.as_ref() else {
        return Exports::NotAsked;
    };
    let decoded = crate::text::percent::percent_decode(path);
    if !Deferred::holds(decoded.trim_start_matches('/')) {
        return Exports::NotAsked;
    }
    let Some(files) = deferred.files() else {
        return Exports::Gone;
    };
    let Some(key) = lookup(|key| files.contains_key(key), path) else {
        return Exports::NotAsked;
    };
    let Some(body) = files.get(&key).cloned() else {
        return Exports::NotAsked;
    };
    let body = match key.ends_with(".html") {
        true => Arc::new(inject(&body, snapshot)),
        false => body,
    };
    Exports::Made(Response {
        status: 200,
        content_type: content_type(&key),
        headers: Vec::new(),
        body,
        file: None,
    })
}

/// The answer to a request for the exports while the dossier has errors:
/// the last good site is served, but the site its exports were to be
/// made from went with the rebuild that failed.
fn exports_unavailable() -> Response {
    Response {
        status: 503,
        content_type: "text/plain; charset=utf-8",
        headers: vec![("Retry-After", "5")],
        body: Arc::new(
            b"The exports are made again once the dossier builds without errors: fix them, then reload."
                .to_vec(),
        ),
        file: None,
    }
}

/// The site file a request path names, if any: `/` and `/x/` are folders
/// with an `index.html`; `%xx` escapes are decoded. Anything else, `..`
/// included, names no key and so nothing.
fn lookup(exists: impl Fn(&str) -> bool, path: &str) -> Option<String> {
    let decoded = crate::text::percent::percent_decode(path);
    if decoded.contains('\0') {
        return None;
    }
    let key = decoded.trim_start_matches('/');
    if key
        .split(['/', '\\'])
        .any(|segment| segment == ".." || segment == ".")
    {
        return None;
    }
    let candidates = [
        if key.is_empty() || key.ends_with('/') {
            format!("{key}index.html")
        } else {
            key.to_string()
        },
        format!("{key}/index.html"),
    ];
    candidates.into_iter().find(|c| exists(c))
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script, and the error overlay when the latest rebuild
/// failed, before `</body>`. Only served pages get them, never built ones.
fn inject(html: &[u8], snapshot: &Snapshot) -> Vec<u8> {
    let overlay = snapshot.errors.as_deref().map_or(String::new(), |errors| {
        format!(
            "<div id=\"dossier-errors\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#2b0d0d;color:#ffe9e9;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;border-top:4px solid #e5484d\"><strong style=\"font:600 15px system-ui,sans-serif\">dossier: the last rebuild failed; showing the last good site</strong><pre style=\"white-space:pre-wrap;margin:.75rem 0 0\">{}</pre></div>",
            escape(errors)
        )
    });
    let script = format!(
        "<script>(()=>{{const s=new EventSource(\"{EVENTS}?v={}\");s.addEventListener(\"reload\",()=>{{s.close();location.reload()}})}})()</script>",
        snapshot.version
    );
    let insert = format!("{overlay}{script}");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{insert}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{insert}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Vec<OutputFile> {
        ["briefs/a/index.html", "index.html", "static/style.css"]
            .iter()
            .map(|p| OutputFile::new(*p, b"x".to_vec()))
            .collect()
    }

    #[test]
    fn paths_map_to_site_files_only() {
        let site = site();
        let files = |key: &str| find(&site, key).is_some();
        assert_eq!(lookup(files, "/").as_deref(), Some("index.html"));
        assert_eq!(
            lookup(files, "/briefs/a/").as_deref(),
            Some("briefs/a/index.html")
        );
        assert_eq!(
            lookup(files, "/briefs/a").as_deref(),
            Some("briefs/a/index.html")
        );
        assert_eq!(
            lookup(files, "/briefs/%61/").as_deref(),
            Some("briefs/a/index.html")
        );
        assert_eq!(
            lookup(files, "/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(lookup(files, "/../etc/passwd"), None);
        assert_eq!(lookup(files, "/%2e%2e/Cargo.toml"), None);
        assert_eq!(lookup(files, "/briefs/..\\..\\x"), None);
        assert_eq!(lookup(files, "/%zz"), None);
    }

    #[test]
    fn served_pages_get_the_reload_script_before_body_end() {
        let snapshot = Snapshot {
            files: Files::default(),
            later: None,
            errors: Some("error[x]: <b>".into()),
            version: 7,
        };
        let html = String::from_utf8(inject(b"<html><body><p>hi</p></body></html>", &snapshot))
            .unwrap_or_default();
        assert!(
            html.contains("EventSource(\"/__dossier/events?v=7\")"),
            "{html}"
        );
        assert!(html.contains("error[x]: &lt;b&gt;"), "{html}");
        assert!(html.ends_with("</script></body></html>"), "{html}");
    }

    /// A request for the exports that finds their site given up by a full
    /// rebuild waits for the rebuild and gets the new site's; after a
    /// rebuild that failed it is told why there are none.
    #[test]
    fn a_request_for_exports_during_a_full_rebuild_gets_the_new_sites() {
        // The exports of the shipped dossier, not made yet.
        let deferred = || {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let mut builder = Builder::new(BuildOptions::new(root)).deferring_exports();
            let rendered = builder.rebuild().ok();
            rendered.and_then(|r| r.deferred).expect("deferred exports")
        };
        let given_up = deferred();
        given_up.retire();
        let shared = Shared {
            snapshot: RwLock::new(Arc::new(Snapshot {
                files: Files::default(),
                later: Some(given_up.clone()),
                errors: None,
                version: 0,
            })),
            reload: Reload::default(),
        };
        std::thread::scope(|scope| {
            let request = scope.spawn(|| shared.page("/exports/").status);
            std::thread::sleep(Duration::from_millis(100));
            assert!(!request.is_finished(), "answered before the rebuild");
            let new_site: Site = (Files::default(), Some(deferred()));
            shared.publish(Some(new_site), None);
            assert_eq!(request.join().ok(), Some(200));
        });
        let unmade = deferred();
        let new_site: Site = (Files::default(), Some(unmade.clone()));
        shared.publish(Some(new_site), None);
        unmade.retire();
        shared.publish(None, Some("error[unknown-link]: ...".to_string()));
        let response = shared.page("/exports/dossier.json");
        assert_eq!(response.status, 503);
        assert!(String::from_utf8_lossy(&response.body).contains("without errors"));
    }
}
