//! The build, stage by stage: configuration, content, pages, graph, render,
//! output. `Builder::rebuild` runs the stages in order; reading it top to
//! bottom is reading the build.
//!
//! A `Builder` keeps what it can between rebuilds, for `serve` and `watch`:
//! a file whose size and modification time did not change is not read or
//! parsed again, and a page whose template data did not change is not
//! rendered again. The graph is always recomputed whole, so backlinks,
//! lists and timelines are never stale. `build` uses a fresh builder, so
//! a one-off build and a rebuild run the same code.

pub mod dirty;
pub mod inputs;

use crate::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::Fatal;
use crate::content::config::{self, BuildOptions, SiteConfig};
use crate::content::fence::Fence;
use crate::content::frontmatter::{self, Source};
use crate::content::history::{self, History};
use crate::content::scan::{self, ContentFile, FileKind, Listed};
use crate::diagnostic::{self, Diagnostic, file_location};
use crate::markdown::highlight::{self, Highlighter};
use crate::markdown::page::{Kind, Page};
use crate::output::lock::{self, OutputLock};
use crate::output::{self, OutputFile, WriteReport};
use crate::render::{self, feeds, theme};
use crate::search::indexer::Indexer;
use crate::site::{self, Site};

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// The dossier has errors; every one is listed (warnings too).
    Content(Vec<Diagnostic>),
    /// A usage or I/O problem that stopped the build.
    Fatal(Fatal),
}

impl From<Fatal> for Failure {
    fn from(fatal: Fatal) -> Self {
        Failure::Fatal(fatal)
    }
}

/// A site rendered in memory, not yet written.
pub struct Rendered {
    /// Every file of the site, sorted by path.
    pub files: Vec<OutputFile>,
    pub pages: usize,
    /// Warnings (a rendered site has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Content files read and parsed in this run.
    pub parsed: usize,
    /// Pages rendered in this run (the rest were reused).
    pub rendered: usize,
    /// How long each stage took, for `--timings` and benchmarks.
    pub timings: Vec<(&'static str, Duration)>,
    /// What the git history could not show, and why; to be said once.
    pub history_note: Option<String>,
    /// Search index shards made afresh in this run, and in all; `None`
    /// when this run made no index (see [`crate::search`]).
    pub search_shards: Option<(usize, usize)>,
}

/// Measures stages one after another.
struct Clock {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Self {
        Clock {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// What `build` did.
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub write: WriteReport,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each stage took, writing included.
    pub timings: Vec<(&'static str, Duration)>,
    /// The number of warnings; for an up-to-date folder, the last build's.
    pub warnings: usize,
    /// True when no input changed since the last build into this folder
    /// and its files are as that build left them: nothing was read or
    /// written, and `diagnostics` is empty.
    pub up_to_date: bool,
    /// What the git history could not show, and why.
    pub history_note: Option<String>,
    /// That dossier.yaml sets no `base_url` (see [`config::base_url_note`]).
    pub base_url_note: Option<String>,
    /// Search index shards made afresh, and in all (see [`Rendered`]).
    pub search_shards: Option<(usize, usize)>,
}

/// Builds the dossier at `options.root` into `options.output`. `log`
/// gets a line when the build has to wait for another one writing there.
pub fn build(options: &BuildOptions, log: &dyn Fn(&str)) -> Result<Report, Failure> {
    let started = Instant::now();
    output::paths::check_folder(&options.root, &options.output)?;
    // Held to the end: no other build or watch writes the folder meanwhile.
    let _lock = OutputLock::take(&options.output, &options.cancel, |pid| {
        log(&lock::waiting_message(&options.output, pid))
    })?;
    // A build that did not finish is cleaned up after first; what it left
    // may look like an up-to-date site, so this one builds in full.
    let recovered = output::recover(&options.output)?;
    // Taken before anything is read, so an edit made during the build
    // makes the next build run.
    let inputs = inputs::inputs(options);
    let up_to_date = (!recovered)
        .then(|| output::manifest::up_to_date(&options.output, inputs))
        .flatten();
    if let Some((manifest, files)) = up_to_date {
        return Ok(Report {
            pages: manifest.pages,
            files,
            write: WriteReport {
                unchanged: files,
                ..WriteReport::default()
            },
            diagnostics: Vec::new(),
            elapsed: started.elapsed(),
            timings: vec![("up-to-date check", started.elapsed())],
            warnings: manifest.warnings,
            up_to_date: true,
            history_note: None,
            base_url_note: None,
            search_shards: None,
        });
    }
    // Pages are staged in the output folder while others still render;
    // a failed build removes them again (the stager's drop), so the folder
    // is left as it was.
    let stager = Arc::new(output::Stager::new(
        &options.output,
        options.cancel.clone(),
    )?);
    let mut builder = Builder::once(options.clone())
        .streaming(stager.clone())
        .publishing()
        .indexing(Indexer::new(options.search).keeping(&options.output));
    let rendered = builder.rebuild();
    // Ctrl-C during rendering: whatever it found, nothing is written.
    if options.cancel.load(Ordering::Relaxed) {
        return Err(lock::interrupted(&options.output).into());
    }
    let rendered = rendered?;
    let writing = Instant::now();
    // Freeing the parsed dossier takes one core longer than committing
    // the output: it is done on a thread of its own that nothing waits
    // for (at exit the system takes the memory back at once).
    builder.sink = None;
    let base_url_note = builder.base_url_note.take();
    std::thread::spawn(move || drop(builder));
    let warnings = rendered.diagnostics.len();
    let manifest = output::manifest::Manifest {
        inputs,
        pages: rendered.pages,
        warnings,
    };
    let stager = Arc::into_inner(stager).ok_or_else(|| {
        Fatal::usage("internal error: the output was still being written after the build")
    })?;
    let write = stager.finish(&rendered.files, manifest)?;
    let mut timings = rendered.timings;
    timings.push(("write", writing.elapsed()));
    Ok(Report {
        pages: rendered.pages,
        files: rendered.files.len(),
        write,
        diagnostics: rendered.diagnostics,
        elapsed: started.elapsed(),
        timings,
        warnings,
        up_to_date: false,
        history_note: rendered.history_note,
        base_url_note,
        search_shards: rendered.search_shards,
    })
}

/// Runs every stage up to the graph and returns all diagnostics, writing
/// nothing; `Err` only for usage and I/O problems.
pub fn check(options: &BuildOptions) -> Result<Vec<Diagnostic>, Fatal> {
    let mut builder = Builder::new(options.clone());
    let mut diagnostics = Vec::new();
    builder.link(&mut diagnostics)?;
    diagnostic::sort(&mut diagnostics);
    Ok(diagnostics)
}

/// Renders the whole site in memory.
pub fn render_site(options: &BuildOptions) -> Result<Rendered, Failure> {
    Builder::once(options.clone()).rebuild()
}

/// One parsed content file, kept between rebuilds.
struct Parsed {
    stamp: (u64, Option<std::time::SystemTime>),
    kind: FileKind,
    page: Option<Arc<Page>>,
    /// The page's [`Page::signature`].
    signature: Option<u64>,
    sources: Vec<Source>,
    diagnostics: Vec<Diagnostic>,
}

/// What `refresh` found: files parsed again, with their signatures from
/// before (`None` for a new file), and whether any file went away.
struct Refreshed {
    parsed: usize,
    changed: Vec<(String, Option<u64>)>,
    removed: bool,
}

/// The last good build, for rebuilds that change one page's body only.
struct Last {
    /// Shared with the background search index while it reads the site.
    site: Arc<Site>,
    files: Vec<OutputFile>,
    diagnostics: Vec<Diagnostic>,
    config: String,
    theme: u64,
    statics: Vec<OutputFile>,
    /// The page of each content file, by its path inside `content/`.
    ids: HashMap<String, site::PageId>,
}

/// Builds a dossier again and again, reusing what did not change.
pub struct Builder {
    options: BuildOptions,
    highlighter: Highlighter,
    parsed: HashMap<String, Parsed>,
    previous: render::Previous,
    layouts: crate::render::graphview::Layouts,
    last: Option<Last>,
    /// False for a one-off build: nothing is kept for a next rebuild.
    remember: bool,
    /// Where a one-off build stages pages as they are rendered.
    sink: Option<Arc<output::Stager>>,
    /// Makes the search index, keeping what it can between rebuilds.
    indexer: Indexer,
    /// The git history of the last rebuild.
    history: Arc<History>,
    /// True for `dossier build`, whose site is meant for publishing: a
    /// local or missing `base_url` is worth a word then, not in `serve`
    /// or `watch`, which preview the site on this computer.
    publishing: bool,
    /// What a build for publishing says of a missing `base_url`.
    base_url_note: Option<String>,
    /// A one-off build's site once it is rendered: kept rather than
    /// dropped in `rebuild`, so that `build` can free it on another thread
    /// while the output is committed.
    spent: Option<Site>,
}

impl Builder {
    pub fn new(options: BuildOptions) -> Self {
        Builder {
            highlighter: Highlighter::default(),
            parsed: HashMap::default(),
            previous: HashMap::default(),
            layouts: crate::render::graphview::Layouts::default(),
            last: None,
            history: Arc::default(),
            remember: true,
            sink: None,
            spent: None,
            publishing: false,
            base_url_note: None,
            indexer: Indexer::new(options.search),
            options,
        }
    }

    /// Asks a background search index (see [`Indexer::in_background`])
    /// to catch up with the last good site. Returns at once: the index
    /// reads the site on its own thread.
    pub fn update_search(&self) {
        if let Some(last) = &self.last {
            self.indexer.catch_up(&last.site);
        }
    }

    /// Indexes with `indexer` (one that works in the background, or takes
    /// shards from the output folder) instead of a plain one.
    pub fn indexing(mut self, indexer: Indexer) -> Self {
        self.indexer = indexer;
        self
    }

    /// Stages every rendered page with `sink` at once instead of keeping
    /// it: the rendered files then carry their paths only.
    pub fn streaming(mut self, sink: Arc<output::Stager>) -> Self {
        self.sink = Some(sink);
        self
    }

    /// A builder for one build only, which skips the bookkeeping that
    /// only speeds up the next rebuild.
    pub fn once(options: BuildOptions) -> Self {
        Builder {
            remember: false,
            ..Builder::new(options)
        }
    }

    /// Marks the build as one meant for publishing (see `publishing`).
    fn publishing(mut self) -> Self {
        self.publishing = true;
        self
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Builds the site in memory. On failure the caches are kept, so the
    /// next rebuild after a fix is as quick as ever.
    pub fn rebuild(&mut self) -> Result<Rendered, Failure> {
        let mut diagnostics = Vec::new();
        let mut clock = Clock::start();
        // Git runs on its own thread while the content is parsed.
        let pending = history::start(&self.options, &self.history);
        let config = self.config(&mut diagnostics)?;
        let listed = scan::scan(&self.options.root, &mut diagnostics)?;
        let refreshed = self.refresh(listed, &mut diagnostics);
        let theme = theme::load(&self.options.root, &config.theme, &mut diagnostics);
        let statics = static_files(&self.options.root, &mut diagnostics);
        let history = Arc::new(pending.finish());
        let changed: Vec<String> = refreshed.changed.iter().map(|c| c.0.clone()).collect();
        let same_history = history.same_except(&self.history, &changed);
        self.history = history;
        clock.lap("load");
        if !same_history {
            self.last = None;
        }
        if let Some(rendered) = self.body_only(
            &config,
            theme.as_ref(),
            &statics,
            &refreshed,
            &diagnostics,
            &mut clock,
        ) {
            return rendered;
        }
        let last = self.last.take();
        let (pages, drafts, registry) = self.assemble(&mut diagnostics);
        let config_text = serde_json::to_string(&config).unwrap_or_default();
        let site = site::link(config, pages, &drafts, registry, &mut diagnostics);
        clock.lap("link");
        let theme = match theme {
            Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => theme,
            _ => return Err(failed(diagnostics)),
        };
        let unchanged = last
            .filter(|last| last.theme == theme.fingerprint)
            .and_then(|last| dirty::unchanged(&last.site, &site));
        let reuse = render::Reuse {
            previous: self.remember.then_some(&self.previous),
            unchanged: unchanged.as_deref(),
            layouts: self.remember.then_some(&self.layouts),
        };
        // Feeds and previews need only the site: they are made while the
        // pages render. A one-off build's search index, by far the longest
        // part, starts first and the rendering fills the gaps (see
        // `search::files_beside`).
        let render = || {
            rayon::join(
                || {
                    render::pages(
                        &site,
                        &self.history,
                        &theme.tera,
                        theme.fingerprint,
                        reuse,
                        self.sink.as_deref(),
                    )
                },
                || {
                    let mut files = feeds::files(&site, &self.history);
                    files.push(crate::render::previews::file(&site));
                    files
                },
            )
        };
        let ((pages, made), index) = self.indexer.index_beside(&site, &mut diagnostics, render);
        let pages = pages
            .map_err(|errors| failed(template_errors(errors, &site.config, diagnostics.clone())))?;
        self.previous = pages.fingerprints;
        let fresh = pages.fresh;
        clock.lap("render");
        let mut files = pages.files;
        files.extend(made);
        files.extend(index.files);
        files.extend(theme.assets);
        files.push(OutputFile::new(
            "static/syntax.css",
            highlight::stylesheet().into_bytes(),
        ));
        files.extend(statics.iter().cloned());
        let files = deduplicate(files, &mut diagnostics);
        diagnostic::sort(&mut diagnostics);
        clock.lap("feeds and assets");
        let ids = site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| Some((p.content_path.clone()?, id)))
            .collect();
        let rendered = Rendered {
            files,
            pages: site.pages.len(),
            diagnostics,
            parsed: refreshed.parsed,
            rendered: fresh,
            timings: clock.laps,
            history_note: self.history.note().map(String::from),
            search_shards: index.shards,
        };
        if self.remember {
            self.last = Some(Last {
                site: Arc::new(site),
                files: rendered.files.clone(),
                diagnostics: rendered.diagnostics.clone(),
                config: config_text,
                theme: theme.fingerprint,
                statics,
                ids,
            });
        } else {
            self.spent = Some(site);
        }
        Ok(rendered)
    }

    /// The quick rebuild: when the only changes are to pages whose
    /// [`Page::signature`] stayed the same (a body edit that touches no
    /// link, heading, citation or first paragraph), no other page can
    /// change, so only those pages are rendered again. `None` when any
    /// other change makes the full rebuild necessary.
    fn body_only(
        &mut self,
        config: &SiteConfig,
        theme: Option<&theme::Theme>,
        statics: &[OutputFile],
        refreshed: &Refreshed,
        diagnostics: &[Diagnostic],
        clock: &mut Clock,
    ) -> Option<Result<Rendered, Failure>> {
        let last = self.last.as_mut()?;
        let theme = theme?;
        let same_setup = theme.fingerprint == last.theme
            && statics == last.statics.as_slice()
            && serde_json::to_string(config).ok()? == last.config
            && !refreshed.removed
            && !diagnostics.iter().any(Diagnostic::is_error);
        if !same_setup || refreshed.changed.is_empty() {
            return None;
        }
        let mut changed = Vec::new();
        for (path, old) in &refreshed.changed {
            let parsed = self.parsed.get(path)?;
            let page = parsed.page.clone()?;
            let id = *last.ids.get(path)?;
            // Problems reported in this file stay right only if they sit
            // above the first line the edit changed.
            let (before, after) = (last.site.pages[id].file.as_ref()?, page.file.as_ref()?);
            let unchanged = first_changed_line(&before.text, &after.text);
            let moved = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .is_some_and(|l| l.path == after.path && l.line >= unchanged)
            };
            if parsed.signature != *old
                || !parsed.diagnostics.is_empty()
                || last.diagnostics.iter().any(moved)
            {
                return None;
            }
            changed.push((id, page));
        }
        for (id, page) in changed {
            Arc::make_mut(&mut last.site).pages[id] = page;
            let rendered = render::showing_body(
                &last.site,
                &self.history,
                &theme.tera,
                theme.fingerprint,
                render::Reuse {
                    previous: Some(&self.previous),
                    unchanged: None,
                    layouts: Some(&self.layouts),
                },
                id,
            );
            let files = match rendered {
                Ok(done) => done,
                Err(error) => {
                    return Some(Err(failed(template_errors(
                        vec![error],
                        &last.site.config,
                        Vec::new(),
                    ))));
                }
            };
            for (file, fingerprint) in files {
                self.previous
                    .insert(file.path.clone(), (fingerprint, file.bytes.clone()));
                if let Ok(at) = last.files.binary_search_by(|f| f.path.cmp(&file.path)) {
                    last.files[at] = file;
                }
            }
        }
        let search_made =
            self.indexer
                .update_files(&last.site, &mut last.files, &mut last.diagnostics);
        clock.lap("render one page");
        let rendered = Rendered {
            files: last.files.clone(),
            pages: last.site.pages.len(),
            diagnostics: last.diagnostics.clone(),
            parsed: refreshed.parsed,
            rendered: refreshed.changed.len(),
            timings: std::mem::take(&mut clock.laps),
            history_note: self.history.note().map(String::from),
            search_shards: search_made,
        };
        Some(Ok(rendered))
    }

    /// `dossier.yaml`, with `--base-url` applied; for a build meant for
    /// publishing, with what it says of a local or missing `base_url`.
    fn config(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<SiteConfig, Fatal> {
        let mut config = config::load(&self.options.root, diagnostics)?;
        if let Some(url) = &self.options.base_url {
            config.base_url = config::option_base_url(url)?;
            config.base_url_from = config::BaseUrlFrom::Option;
        }
        if self.publishing {
            diagnostics.extend(config::local_base_url(&config));
            self.base_url_note = config::base_url_note(&config);
        }
        Ok(config)
    }

    /// Configuration, content, pages and graph: everything `check` runs.
    fn link(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<Site, Fatal> {
        let config = self.config(diagnostics)?;
        let listed = scan::scan(&self.options.root, diagnostics)?;
        self.refresh(listed, diagnostics);
        let (pages, drafts, registry) = self.assemble(diagnostics);
        theme::load(&self.options.root, &config.theme, diagnostics);
        // Static files are only copied by `build`, but what it would
        // refuse in them (a link out, a bad name) `check` reports too.
        let root = &self.options.root;
        scan::list_tree(&Fence::new(root), &root.join("static"), diagnostics);
        Ok(site::link(config, pages, &drafts, registry, diagnostics))
    }

    /// Brings the parse cache up to date with `listed`: new and changed
    /// files are read and parsed in parallel, removed ones forgotten.
    fn refresh(&mut self, listed: Vec<Listed>, diagnostics: &mut Vec<Diagnostic>) -> Refreshed {
        let present: crate::HashSet<&str> = listed.iter().map(|l| l.path.as_str()).collect();
        let before = self.parsed.len();
        self.parsed
            .retain(|path, _| present.contains(path.as_str()));
        let removed = self.parsed.len() != before;
        let stale: Vec<Listed> = listed
            .into_iter()
            .filter(|l| {
                self.parsed
                    .get(&l.path)
                    .is_none_or(|p| p.stamp != l.stamp || p.kind != l.kind)
            })
            .collect();
        let count = stale.len();
        let stamps: HashMap<String, (u64, Option<std::time::SystemTime>)> =
            stale.iter().map(|l| (l.path.clone(), l.stamp)).collect();
        let mut unreadable = Vec::new();
        let files = scan::read_all(&self.options.root, stale.clone(), &mut unreadable);
        let highlighter = &self.highlighter;
        let fresh: Vec<(String, Parsed)> = files
            .par_iter()
            .map(|file| {
                let stamp = stamps.get(&file.content_path).copied().unwrap_or((0, None));
                (file.content_path.clone(), parse(file, stamp, highlighter))
            })
            .collect();
        // A file that could not be read is parsed again next time.
        let mut changed = Vec::with_capacity(stale.len());
        for listed in &stale {
            let old = self.parsed.remove(&listed.path);
            changed.push((listed.path.clone(), old.and_then(|p| p.signature)));
        }
        self.parsed.extend(fresh);
        diagnostics.extend(unreadable);
        Refreshed {
            parsed: count,
            changed,
            removed,
        }
    }

    /// The published pages (with a front page, made if `_index.md` is
    /// missing), the drafts left out, and the source registry, in path
    /// order; the cached diagnostics of every file go to `diagnostics`.
    fn assemble(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Arc<Page>>, Vec<Arc<Page>>, Vec<Source>) {
        let mut paths: Vec<&String> = self.parsed.keys().collect();
        paths.sort();
        let (mut pages, mut drafts, mut registry) =
            (Vec::with_capacity(paths.len() + 1), Vec::new(), Vec::new());
        for path in paths {
            let Some(parsed) = self.parsed.get(path) else {
                continue;
            };
            diagnostics.extend(parsed.diagnostics.iter().cloned());
            registry.extend(parsed.sources.iter().cloned());
            match &parsed.page {
                Some(page) if page.front.draft && !self.options.drafts => drafts.push(page.clone()),
                Some(page) => pages.push(page.clone()),
                None => {}
            }
        }
        if !pages.iter().any(|p| p.kind == Kind::Home) {
            pages.push(Arc::new(Page::home()));
        }
        (pages, drafts, registry)
    }
}

/// The 1-based number of the first line where `a` and `b` differ.
fn first_changed_line(a: &str, b: &str) -> usize {
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    a.as_bytes()[..same]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count()
        + 1
}

/// Parses one content file: a page, or the source registry.
fn parse(
    file: &ContentFile,
    stamp: (u64, Option<std::time::SystemTime>),
    highlighter: &Highlighter,
) -> Parsed {
    let mut diagnostics = Vec::new();
    let (page, sources) = match file.kind {
        FileKind::Sources => (
            None,
            frontmatter::parse_registry(&file.file, &mut diagnostics),
        ),
        _ => (
            Page::parse(file, highlighter, &mut diagnostics).map(Arc::new),
            Vec::new(),
        ),
    };
    Parsed {
        stamp,
        kind: file.kind,
        signature: page.as_ref().map(|p| p.signature()),
        page,
        sources,
        diagnostics,
    }
}

fn failed(mut diagnostics: Vec<Diagnostic>) -> Failure {
    diagnostic::sort(&mut diagnostics);
    Failure::Content(diagnostics)
}

fn template_errors(
    errors: Vec<render::TemplateError>,
    config: &SiteConfig,
    mut diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    diagnostics.extend(errors.into_iter().map(|e| {
        Diagnostic::error(
            "template-error",
            format!(
                "template {} failed on page {}: {}",
                e.template, e.page, e.message
            ),
        )
        .at(file_location(
            &Path::new("themes")
                .join(&config.theme)
                .join("templates")
                .join(&e.template),
        ))
        .hint("check the variables the template uses; the README lists what each template receives")
    }));
    diagnostics
}

/// The dossier's own `static/` folder, copied as it is.
fn static_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    scan::read_tree(&Fence::new(root), &root.join("static"), diagnostics)
        .into_iter()
        .map(|(path, bytes)| OutputFile::new(path, bytes))
        .collect()
}

/// Sorts files by path; a static file that would replace a generated one
/// is dropped with a warning.
fn deduplicate(files: Vec<OutputFile>, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    let mut files: Vec<(usize, OutputFile)> = files.into_iter().enumerate().collect();
    files.sort_by(|a, b| a.1.path.cmp(&b.1.path).then(a.0.cmp(&b.0)));
    let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
    for (_, file) in files {
        if kept.last().is_some_and(|last| last.path == file.path) {
            diagnostics.push(
                Diagnostic::warning(
                    "output-conflict",
                    format!(
                        "static/{} would replace a page dossier generates; it is ignored",
                        file.path
                    ),
                )
                .at(file_location(&Path::new("static").join(&file.path)))
                .hint("rename or move the static file"),
            );
            continue;
        }
        kept.push(file);
    }
    kept
}
