//! The [`Builder`]: builds a dossier again and again for `serve` and
//! `watch`, reusing what did not change, and once for `build` and
//! `check`, so a one-off build and a rebuild run the same code.
//!
//! [`Builder::rebuild`] loads the dossier (configuration, content through
//! the parse cache, theme, static files, git history), then either
//! renders the changed pages into the last build (the quick rebuild,
//! `quick`) or links and renders the whole site. A file whose size and
//! modification time did not change is not read or parsed again, and a
//! page whose template data did not change is not rendered again. The
//! graph is always recomputed whole, so backlinks, lists and timelines
//! are never stale.

use std::path::PathBuf;
use std::sync::Arc;

use super::clock::Clock;
use super::deferred::Deferred;
use super::dirty;
use super::outcome::{Failure, Rendered, failed, settle, template_errors};
use super::parsed::{self, Bodies, ParseCache, Refreshed};
use super::quick::Last;
use super::statics::{
    UNUSED_ATTACHMENT, deduplicate, published, site_files, static_files, unused_attachments,
};
use crate::Fatal;
use crate::HashMap;
use crate::content::attachments::{self, Attachment};
use crate::content::config::{self, BuildOptions, SiteConfig};
use crate::content::fence::Fence;
use crate::content::history::{self, History};
use crate::content::rescan;
use crate::content::scan::{self, Scanned};
use crate::diagnostic::Diagnostic;
use crate::markdown::highlight;
use crate::markdown::page::Page;
use crate::output::{OutputFile, Stager};
use crate::render::graphview::Layouts;
use crate::render::lists::{self, Part};
use crate::render::{self, TeraTime, exports, feeds, previews, theme};
use crate::search::files::Indexed;
use crate::search::indexer::Indexer;
use crate::site::{PageId, Site, mentions, sourcing};
use crate::text::packed::Pages;

/// Builds a dossier again and again, reusing what did not change.
pub struct Builder {
    options: BuildOptions,
    cache: ParseCache,
    previous: render::Previous,
    layouts: Layouts,
    last: Option<Last>,
    /// False for a one-off build: nothing is kept for a next rebuild.
    remember: bool,
    /// Where a one-off build stages pages as they are rendered.
    sink: Option<Arc<Stager>>,
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
    /// The attachments of the last load, with their image sizes: a
    /// rebuild reads the header only of an image added or replaced since.
    measured: Vec<Attachment>,
    /// The last scan of `content/`, which a rebuild after a watcher's
    /// report updates rather than walking the folder again (see
    /// [`rescan`]); `None` for a one-off build.
    scanned: Option<Scanned>,
    /// The paths a watcher reported changed since the last rebuild, for
    /// the next one; `None` when not known (then it scans anew).
    changed: Option<Vec<PathBuf>>,
    /// True for `serve`: the exports are made only when asked for.
    deferring: bool,
    /// False for `serve`, which shows no warning: the costly ones are
    /// then not made (see [`SiteConfig::warn_uncited`]).
    warning: bool,
    /// True for `serve`, which holds every page in memory between
    /// rebuilds: each is held packed (see [`crate::text::packed`]).
    packing: bool,
    /// What packs the pages, only when `packing`: made by the first full
    /// rebuild, from a page it renders, and kept for the builder's life,
    /// as what it packed is kept and reused from one rebuild to the next
    /// (after a change of theme, pages pack a little worse against it).
    pages: Option<Arc<Pages>>,
    /// The last full rebuild's exports, when they are deferred; a quick
    /// rebuild keeps them, as it keeps the exports it would have made.
    deferred: Option<Arc<Deferred>>,
    /// The last full rebuild's previews, whose unchanged buckets
    /// the next one copies; `None` for a one-off build.
    previews: Option<previews::Kept>,
    /// The last full rebuild's feeds as `serve` holds them, packed, which
    /// the next one takes where their text is the same.
    feeds: Option<feeds::Packed>,
    /// The pages the last full rebuild split the source list into, which
    /// the next one keeps when its sources split the same (see
    /// [`lists::same_source_pages`]); `None` for a one-off build.
    source_pages: Option<Vec<(Part, Vec<usize>)>>,
}

/// What a full rebuild keeps for the next quick one: the configuration's
/// text, the theme's fingerprint, the static files and the attachments.
type Kept = (String, u64, Vec<OutputFile>, Vec<Attachment>);

/// The page of each content file, by its path inside `content/`.
type Ids = HashMap<String, PageId>;

/// Drops `value` on a thread of its own. The last build, let go once the
/// new site is compared with it, is some 100,000 files' paths and (but
/// in `serve`) 150,000 warnings at 100,000 briefs: freeing them took 50
/// to 60 ms of the one core that goes on to render.
pub(crate) fn drop_aside<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
    // When no thread can be started, the value is dropped here, as it
    // would have been without one.
    drop(spawned);
}

/// Whether `new`'s pages come from the content files `old`'s came from,
/// in the same order.
fn same_files(old: &[Arc<Page>], new: &[Arc<Page>]) -> bool {
    old.len() == new.len()
        && (old.iter().zip(new)).all(|(a, b)| Arc::ptr_eq(a, b) || a.content_path == b.content_path)
}

/// What a rebuild loaded before deciding how much to render.
struct Loaded {
    config: SiteConfig,
    theme: Option<theme::Theme>,
    statics: Vec<OutputFile>,
    refreshed: Refreshed,
    /// Every file under `content/` that is not a page.
    attachments: Vec<Attachment>,
}

impl Builder {
    pub fn new(options: BuildOptions) -> Self {
        Builder {
            cache: ParseCache::noting_words(),
            previous: render::Previous::default(),
            layouts: Layouts::default(),
            last: None,
            history: Arc::default(),
            remember: true,
            sink: None,
            spent: None,
            measured: Vec::new(),
            scanned: None,
            changed: None,
            deferring: false,
            warning: true,
            packing: false,
            pages: None,
            deferred: None,
            previews: None,
            feeds: None,
            source_pages: None,
            publishing: false,
            base_url_note: None,
            indexer: Indexer::new(options.search),
            options,
        }
    }

    /// A builder for one build only, which skips the bookkeeping that
    /// only speeds up the next rebuild.
    pub fn once(options: BuildOptions) -> Self {
        let mut builder = Builder {
            remember: false,
            ..Builder::new(options)
        };
        builder.cache.note_words = false;
        builder
    }

    /// Marks the build as one meant for publishing (see `publishing`).
    pub(super) fn publishing(mut self) -> Self {
        self.publishing = true;
        self
    }

    /// Makes the exports and the `/exports/` page only when asked for
    /// (see [`Deferred`]), as `serve` does.
    pub fn deferring_exports(mut self) -> Self {
        self.deferring = true;
        self
    }

    /// Leaves out the warnings a large dossier has by the hundred
    /// thousand (see [`SiteConfig::warn_uncited`]), as `serve` does, which
    /// shows none: the build is the same but for its list of warnings.
    pub fn without_warnings(mut self) -> Self {
        self.warning = false;
        self
    }

    /// Holds every page's body HTML packed (see [`crate::text::packed`])
    /// from when it is parsed until a page showing it is rendered, as
    /// `build` and `serve` do: a large dossier's bodies are a fifth of what
    /// its build holds at the peak, and pack to about two fifths.
    pub fn packing_bodies(mut self) -> Self {
        self.cache.bodies = Bodies::Packed;
        self
    }

    /// Leaves every content file's text on disk once it is parsed (see
    /// [`crate::text::file_text`]), as `build` and `serve` do, and reads it
    /// again where it is needed: for the unlinked mentions and the lines
    /// the diagnostics show. Each file is parsed as soon as it is read, so
    /// the texts are never all held at once: at 10,000 briefs they are 76
    /// MB, a third of what a build held at its peak. The cost is some 35 µs
    /// of CPU per file, read once more for its mentions and once more for
    /// its warnings' lines.
    pub fn leaving_texts_on_disk(mut self) -> Self {
        self.cache.texts_on_disk = true;
        self
    }

    /// Holds every rendered page packed as well, as `serve` does: the
    /// rendered files are then packed, and [`OutputFile::plain`] gives
    /// them as written. The bodies, held as long as the server runs, are
    /// packed smaller too, for a little more time when they are parsed
    /// and rendered; the content files' texts are left on disk, and read
    /// again where a rebuild needs one.
    pub fn packing_pages(mut self) -> Self {
        self.packing = true;
        self.cache.bodies = Bodies::PackedSmall;
        self.cache.texts_on_disk = true;
        self
    }

    /// Stages every rendered page with `sink` at once instead of keeping
    /// it: the rendered files then carry their paths only.
    pub fn streaming(mut self, sink: Arc<Stager>) -> Self {
        self.sink = Some(sink);
        self
    }

    /// Indexes with `indexer` (one that works in the background, or takes
    /// shards from the output folder) instead of a plain one.
    pub fn indexing(mut self, indexer: Indexer) -> Self {
        self.indexer = indexer;
        self
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Asks a background search index (see [`Indexer::in_background`])
    /// to catch up with the last good site. Returns at once: the index
    /// reads the site on its own thread.
    pub fn update_search(&self) {
        if let Some(last) = &self.last {
            self.indexer.catch_up(&last.site);
        }
    }

    /// Lets go of the stager, so that the build can finish it, and gives
    /// what the build says of a missing `base_url`.
    pub(super) fn done_streaming(&mut self) -> Option<String> {
        self.sink = None;
        self.base_url_note.take()
    }

    /// [`Builder::rebuild`] after a watcher reported that only the files
    /// at `changed` (relative to the root) changed since the last one:
    /// the content folder is then not walked again, only those paths
    /// looked at, unless they say more than a file changed.
    pub fn rebuild_after(&mut self, changed: &[PathBuf]) -> Result<Rendered, Failure> {
        self.changed = Some(changed.to_vec());
        self.rebuild()
    }

    /// Builds the site in memory. On failure the caches are kept, so the
    /// next rebuild after a fix is as quick as ever.
    pub fn rebuild(&mut self) -> Result<Rendered, Failure> {
        let mut diagnostics = Vec::new();
        let mut clock = Clock::start();
        let loaded = self.load(&mut diagnostics)?;
        clock.lap("load");
        if let Some(rendered) = self.body_only(&loaded, &diagnostics, &mut clock) {
            return rendered;
        }
        self.full(loaded, diagnostics, clock)
    }

    /// Configuration, content, theme, static files and git history. A
    /// history that changed beyond the edited files leaves nothing of the
    /// last build to reuse.
    fn load(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<Loaded, Fatal> {
        // Git runs on its own thread while the content is parsed.
        let pending = history::start(&self.options, &self.history);
        let config = self.config(diagnostics)?;
        let mut scanned = self.scan(diagnostics)?;
        // The listing is kept for the next rebuild as scanned, unmeasured.
        let mut attachments = match self.remember {
            true => scanned.attachments.clone(),
            false => std::mem::take(&mut scanned.attachments),
        };
        attachments::measure(&mut attachments, &self.measured);
        if self.remember {
            self.measured.clone_from(&attachments);
        }
        let refreshed = self
            .cache
            .refresh(&self.options.root, &scanned.files, diagnostics);
        if self.remember {
            self.scanned = Some(scanned);
        }
        let theme = theme::load(&self.options.root, &config.theme, diagnostics);
        let statics = static_files(&self.options.root, diagnostics);
        let history = Arc::new(pending.finish());
        let changed: Vec<String> = refreshed.changed.iter().map(|c| c.0.clone()).collect();
        let same_history = history.same_except(&self.history, &changed);
        self.history = history;
        if !same_history {
            self.last = None;
        }
        Ok(Loaded {
            config,
            theme,
            statics,
            refreshed,
            attachments,
        })
    }

    /// The content folder's files: the last scan updated from the paths a
    /// watcher reported, when it can be, or a new scan. A rebuilding
    /// builder keeps it for the next time (see `load`).
    fn scan(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<Scanned, Fatal> {
        let root = &self.options.root;
        let changed = self.changed.take();
        // Taken, not copied: one that cannot be updated is scanned anew.
        let updated = (self.scanned.take())
            .zip(changed)
            .and_then(|(last, changed)| rescan::updated(root, last, &changed));
        match updated {
            Some(scanned) => Ok(scanned),
            None => scan::scan(root, diagnostics),
        }
    }

    /// The quick rebuild (see `quick`): `None` when the full rebuild is
    /// needed.
    fn body_only(
        &mut self,
        loaded: &Loaded,
        diagnostics: &[Diagnostic],
        clock: &mut Clock,
    ) -> Option<Result<Rendered, Failure>> {
        let last = self.last.as_mut()?;
        let theme = loaded.theme.as_ref()?;
        let changed = last.body_changes(
            &self.cache,
            &loaded.config,
            theme,
            (&loaded.statics, &loaded.attachments),
            &loaded.refreshed,
            diagnostics,
        )?;
        let history = &self.history;
        // The deferred exports share the site, which is changed in place:
        // they let go of it until it is.
        if let Some(deferred) = &self.deferred {
            drop(deferred.lend());
        }
        let rendered = last.render_bodies(
            changed,
            history,
            theme,
            &mut self.previous,
            (&self.layouts, self.pages.as_ref()),
        );
        if let Some(deferred) = &self.deferred {
            deferred.give_back(last.site.clone());
        }
        if let Err(failure) = rendered {
            return Some(Err(failure));
        }
        let search_shards = self.indexer.update_files(
            &last.site,
            Arc::make_mut(&mut last.files),
            Arc::make_mut(&mut last.diagnostics),
        );
        clock.lap("render one page");
        Some(Ok(Rendered {
            files: last.files.clone(),
            pages: last.site.pages.len(),
            diagnostics: last.diagnostics.clone(),
            parsed: loaded.refreshed.parsed,
            rendered: loaded.refreshed.changed.len(),
            timings: std::mem::take(&mut clock.laps),
            tera: TeraTime::default(),
            history_note: self.history.note().map(String::from),
            search_shards,
            deferred: self.deferred.clone(),
        }))
    }

    /// The full rebuild: links the whole site and renders it, taking
    /// unchanged pages from the last build where it can.
    fn full(
        &mut self,
        loaded: Loaded,
        mut diagnostics: Vec<Diagnostic>,
        mut clock: Clock,
    ) -> Result<Rendered, Failure> {
        let Loaded {
            config,
            theme,
            statics,
            refreshed,
            attachments,
        } = loaded;
        let mut last = self.last.take();
        // The last site's exports, not made yet, will not be: a request
        // for them gets the new site's (see `Deferred::retire`).
        if let Some(deferred) = self.deferred.take() {
            deferred.retire();
        }
        let (pages, drafts, registry) = match self.remember {
            true => self.cache.assemble(self.options.drafts, &mut diagnostics),
            false => self.cache.hand_over(self.options.drafts, &mut diagnostics),
        };
        let config_text = serde_json::to_string(&config).unwrap_or_default();
        let files = site_files(attachments.clone(), &statics, theme.as_ref());
        let before = last.as_ref().map(|last| &*last.site);
        let mut site = Site::build(
            config,
            pages,
            &drafts,
            registry,
            files,
            before,
            &mut diagnostics,
        );
        // Each content file's page, as the last build had it when every
        // page comes from the file it did: made again, 100,000 paths are
        // copied and hashed on one core.
        let ids = last
            .as_mut()
            .filter(|last| same_files(&last.site.pages, &site.pages))
            .map(|last| std::mem::take(&mut last.ids));
        parsed::forget_prose(&mut site.pages);
        diagnostics.extend(notes(&site, false));
        parsed::forget_text(&mut site.pages, &mut diagnostics);
        clock.lap("link");
        let theme = match theme {
            Some(theme) if !diagnostics.iter().any(Diagnostic::is_error) => theme,
            _ => return Err(failed(diagnostics, &site.config)),
        };
        self.split_sources(&site, last.as_ref().map(|last| &*last.site));
        let unchanged = (last.as_ref())
            .filter(|last| last.theme == theme.fingerprint)
            .and_then(|last| dirty::unchanged(&last.site, &site));
        if let Some(last) = last {
            drop_aside(last);
        }
        let (pages, made, index) = self.render(&site, &theme, unchanged.as_ref(), &mut diagnostics);
        let pages = pages.map_err(|errors| {
            failed(
                template_errors(errors, &site.config, diagnostics.clone()),
                &site.config,
            )
        })?;
        if self.remember {
            render::remember(&mut self.previous, &pages.files, &pages.fingerprints);
        }
        let (fresh, tera) = (pages.fresh, pages.tera);
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
        files.extend(published(&site));
        let files = deduplicate(files, &mut diagnostics);
        settle(&mut diagnostics, &site.config, false);
        clock.lap("feeds and assets");
        let rendered = Rendered {
            files: Arc::new(files),
            pages: site.pages.len(),
            diagnostics: Arc::new(diagnostics),
            parsed: refreshed.parsed,
            rendered: fresh,
            timings: clock.laps,
            tera,
            history_note: self.history.note().map(String::from),
            search_shards: index.shards,
            deferred: None,
        };
        let kept = (config_text, theme.fingerprint, statics, attachments);
        self.keep(site, &rendered, kept, ids);
        let mut rendered = rendered;
        rendered.deferred = self.defer(&theme.tera);
        Ok(rendered)
    }

    /// The pages of `site`; its feeds and previews, made while the pages
    /// render, as they need only the site; and the search index. A
    /// one-off build's index, by far the longest part, starts first and
    /// the rendering fills the gaps (see [`Indexer::index_beside`]).
    fn render(
        &mut self,
        site: &Site,
        theme: &theme::Theme,
        unchanged: Option<&dirty::Unchanged>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (
        Result<render::Rendered, Vec<render::TemplateError>>,
        Vec<OutputFile>,
        Indexed,
    ) {
        let deferring = self.deferring && self.remember;
        if self.packing && self.pages.is_none() {
            let sample = render::sample(site, &self.history, &theme.tera);
            self.pages = Some(Arc::new(Pages::new(&sample.unwrap_or_default())));
        }
        // The split topic and actor pages, for the pages and the sitemap.
        let terms = lists::terms(site);
        let reuse = render::Reuse {
            previous: self.remember.then_some(&self.previous),
            unchanged: unchanged.map(|u| &u.pages[..]),
            sources: unchanged.map(|u| &u.sources[..]),
            timeline: unchanged.map(|u| &u.timeline[..]),
            faces: unchanged.map(|u| &u.faces[..]),
            terms: Some(&terms),
            source_pages: self.source_pages.as_deref(),
            layouts: self.remember.then_some(&self.layouts),
            exports: None,
            pack: self.pages.as_ref(),
        };
        let (history, sink) = (&self.history, self.sink.as_deref());
        let (tera, fingerprint) = (&theme.tera, theme.fingerprint);
        let (last_previews, remember) = (self.previews.take(), self.remember);
        let last_feeds = self.feeds.take();
        // `serve` holds the feeds, sitemap and previews packed, as its pages.
        let pack = self.pages.clone();
        // The exports are made once, beside the pages; the `/exports/`
        // page, which lists their sizes, comes after them.
        let render = || {
            rayon::join(
                || match deferring {
                    true => (
                        render::pages(site, history, tera, fingerprint, reuse, sink),
                        Vec::new(),
                    ),
                    false => render::pages_beside_exports(
                        site,
                        history,
                        tera,
                        fingerprint,
                        reuse,
                        sink,
                        || exports::files(site, sink),
                    ),
                },
                || {
                    let lists = (&terms, reuse.source_pages);
                    let (mut files, feeds) =
                        feeds::packed(site, history, lists, last_feeds.as_ref(), pack.as_ref());
                    let (previews, kept) =
                        previews::files(site, (last_previews.as_ref(), remember), pack.as_ref());
                    files.extend(previews);
                    (files, (kept, feeds))
                },
            )
        };
        let (((pages, exports), (mut made, (previews, feeds))), index) =
            self.indexer.index_beside(site, diagnostics, render);
        self.previews = previews;
        self.feeds = feeds;
        made.extend(exports);
        (pages, made, index)
    }

    /// Splits `site`'s source list into its pages for a rebuilding
    /// builder, or keeps the last full rebuild's split when `last`'s
    /// sources split the same. A one-off build leaves it to the render.
    fn split_sources(&mut self, site: &Site, last: Option<&Site>) {
        if !self.remember {
            return;
        }
        let same = last.is_some_and(|last| lists::same_source_pages(last, site));
        let kept = self.source_pages.take().filter(|_| same);
        self.source_pages = Some(kept.unwrap_or_else(|| lists::sources(site)));
    }

    /// The exports of the site just kept, to be made when asked for; a
    /// new one each full rebuild, as any change may change them.
    fn defer(&mut self, tera: &Arc<tera::Tera>) -> Option<Arc<Deferred>> {
        let last = self.last.as_ref().filter(|_| self.deferring)?;
        let deferred = Deferred::new(last.site.clone(), self.history.clone(), tera.clone());
        self.deferred = Some(Arc::new(deferred));
        self.deferred.clone()
    }

    /// Keeps `site` as the last good build for the next rebuild, with its
    /// configuration's text, theme fingerprint and static files; a
    /// one-off build keeps it only to be freed later (see `spent`).
    fn keep(&mut self, site: Site, rendered: &Rendered, kept: Kept, ids: Option<Ids>) {
        if !self.remember {
            self.spent = Some(site);
            return;
        }
        let ids = ids.unwrap_or_else(|| {
            let pages = site.pages.iter().enumerate();
            pages
                .filter_map(|(id, p)| Some((p.content_path.clone()?, id)))
                .collect()
        });
        let (config, theme, statics, attachments) = kept;
        self.last = Some(Last {
            site: Arc::new(site),
            files: rendered.files.clone(),
            diagnostics: rendered.diagnostics.clone(),
            config,
            theme,
            statics,
            attachments,
            ids,
        });
    }

    /// `dossier.yaml`, with `--base-url` applied; for a build meant for
    /// publishing, with what it says of a local or missing `base_url`.
    fn config(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<SiteConfig, Fatal> {
        let mut config = config::load(&self.options.root, diagnostics)?;
        if let Some(url) = &self.options.base_url {
            config.base_url = config::option_base_url(url)?;
            config.base_url_from = config::BaseUrlFrom::Option;
        }
        config.warn_uncited = self.warning;
        if self.options.strict_mentions && !config.strict.iter().any(|c| c == mentions::CODE) {
            config.strict.push(mentions::CODE.to_string());
        }
        if self.publishing {
            diagnostics.extend(config::local_base_url(&config));
            self.base_url_note = config::base_url_note(&config);
        }
        Ok(config)
    }

    /// Configuration, content, pages and graph: everything `check` runs.
    pub(crate) fn link(&mut self, diagnostics: &mut Vec<Diagnostic>) -> Result<Site, Fatal> {
        let config = self.config(diagnostics)?;
        let scanned = scan::scan(&self.options.root, diagnostics)?;
        self.cache
            .refresh(&self.options.root, &scanned.files, diagnostics);
        let (pages, drafts, registry) = self.cache.assemble(self.options.drafts, diagnostics);
        let theme = theme::load(&self.options.root, &config.theme, diagnostics);
        // Static files are only copied by `build`, but what it would
        // refuse in them (a link out, a bad name) `check` reports too.
        let root = &self.options.root;
        let statics = scan::list_tree(&Fence::new(root), &root.join("static"), diagnostics);
        let statics: Vec<OutputFile> = statics
            .into_iter()
            .map(|(path, _)| OutputFile::new(path, Vec::new()))
            .collect();
        let files = site_files(scanned.attachments, &statics, theme.as_ref());
        let site = Site::build(config, pages, &drafts, registry, files, None, diagnostics);
        diagnostics.extend(notes(&site, true));
        Ok(site)
    }
}

/// The notes of `site` that are shown: every one for `check` (`all`), else
/// those `strict:` makes warnings. Made only there: a large dossier has
/// hundreds of thousands, and placing most reads their file's text.
fn notes(site: &Site, all: bool) -> Vec<Diagnostic> {
    let strict = &site.config.strict;
    let shown = |codes: &[&str]| all || strict.iter().any(|c| codes.contains(&c.as_str()));
    let mut notes = Vec::new();
    if shown(&[mentions::CODE]) {
        notes.extend(mentions::notes(site));
    }
    if shown(&sourcing::CODES) {
        notes.extend(sourcing::notes(site));
    }
    if shown(&[UNUSED_ATTACHMENT]) {
        notes.extend(unused_attachments(site));
    }
    notes
}
