//! The build, as a straight line: check the output folder, lock it,
//! clean up after a build that did not finish, stop early when nothing
//! changed, then render the site (configuration, content, pages, graph,
//! render, search index: [`rebuild::Builder`]) while staging its pages in
//! the folder, and commit them. Reading [`build()`] top to bottom is
//! reading the build; `check` and `render_site` run the same stages and
//! stop sooner.
//!
//! Takes [`BuildOptions`]; gives a [`Report`] of what was written, or a
//! [`Failure`] with every diagnostic. Beside it: `rebuild` (the
//! [`rebuild::Builder`] that `serve` and `watch` keep between rebuilds),
//! `parsed` (the parse cache), `quick` (the body-only rebuild), `deferred` (exports `serve`
//! makes only when asked for), `dirty`
//! (which pages a rebuild need not look at), `inputs` (the digest that
//! tells an up-to-date folder), `statics`, `outcome` and `clock`.

mod clock;
pub mod deferred;
pub mod dirty;
pub mod inputs;
pub mod outcome;
mod parsed;
mod quick;
pub mod rebuild;
mod statics;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::Fatal;
use crate::content::config::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::output::lock::{self, OutputLock};
use crate::output::manifest::{self, Manifest};
use crate::output::{self, Stager, WriteReport};
use crate::render::TeraTime;
use crate::search::indexer::Indexer;
use outcome::{Failure, Rendered};
use rebuild::Builder;

/// What `build` did.
pub struct Report {
    pub pages: usize,
    pub files: usize,
    pub write: WriteReport,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How long each stage took, writing included.
    pub timings: Vec<(&'static str, Duration)>,
    /// The CPU time the render spent in Tera (zero when nothing rendered).
    pub tera: TeraTime,
    /// The number of warnings; for an up-to-date folder, the last build's.
    pub warnings: usize,
    /// True when no input changed since the last build into this folder
    /// and its files are as that build left them: nothing was read or
    /// written, and `diagnostics` is empty.
    pub up_to_date: bool,
    /// What the git history could not show, and why.
    pub history_note: Option<String>,
    /// That dossier.yaml sets no `base_url` (see [`crate::content::config::base_url_note`]).
    pub base_url_note: Option<String>,
    /// Search index shards made afresh, and in all (see [`Rendered`]).
    pub search_shards: Option<(usize, usize)>,
}

impl Report {
    /// The report of a build that found the folder up to date: the last
    /// build's `manifest`, listing `files` files.
    fn up_to_date(manifest: Manifest, files: usize, started: Instant) -> Report {
        Report {
            pages: manifest.pages,
            files,
            write: WriteReport {
                unchanged: files,
                ..WriteReport::default()
            },
            diagnostics: Vec::new(),
            elapsed: started.elapsed(),
            timings: vec![("up-to-date check", started.elapsed())],
            tera: TeraTime::default(),
            warnings: manifest.warnings,
            up_to_date: true,
            history_note: None,
            base_url_note: None,
            search_shards: None,
        }
    }
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
    if !recovered && let Some((last, files)) = manifest::up_to_date(&options.output, inputs) {
        return Ok(Report::up_to_date(last, files, started));
    }
    // Pages are staged in the output folder while others still render;
    // a failed build removes them again (the stager's drop), so the folder
    // is left as it was.
    let stager = Arc::new(Stager::new(&options.output, options.cancel.clone())?);
    let mut builder = Builder::once(options.clone())
        .streaming(stager.clone())
        .publishing()
        .packing_bodies()
        .leaving_texts_on_disk()
        .indexing(Indexer::new(options.search).keeping(&options.output));
    let rendered = builder.rebuild();
    // Ctrl-C during rendering: whatever it found, nothing is written.
    if options.cancel.load(Ordering::Relaxed) {
        return Err(lock::interrupted(&options.output).into());
    }
    let rendered = rendered?;
    let writing = Instant::now();
    let base_url_note = builder.done_streaming();
    // Freeing the parsed dossier takes one core longer than committing
    // the output: it is done on a thread of its own that nothing waits
    // for (at exit the system takes the memory back at once).
    std::thread::spawn(move || drop(builder));
    let warnings = rendered.diagnostics.len();
    let manifest = Manifest {
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
        diagnostics: Arc::unwrap_or_clone(rendered.diagnostics),
        elapsed: started.elapsed(),
        timings,
        tera: rendered.tera,
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
    let site = builder.link(&mut diagnostics)?;
    outcome::settle(&mut diagnostics, &site.config, true);
    Ok(diagnostics)
}

/// Renders the whole site in memory.
pub fn render_site(options: &BuildOptions) -> Result<Rendered, Failure> {
    Builder::once(options.clone()).rebuild()
}
