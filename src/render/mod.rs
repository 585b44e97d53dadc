//! The render stage: takes the linked `Site` (with the git history, the
//! compiled theme and what earlier renders left to reuse) and gives every
//! HTML page of the site, streamed into the output's `Stager` as each is
//! made. This module says what is rendered and in what order (the jobs)
//! and renders each job through its template, skipping a page whose
//! template data are as last time. Templates receive the views of
//! `data` and `views`, never the model, and every internal URL in them
//! is already relative to the page. Beside the pages: the site's feeds
//! and sitemap (`feeds`), the data exports (`exports`), link previews (`previews`) and the theme
//! (`theme`), which the build stage writes alongside.

mod append;
pub mod body;
mod data;
pub mod exports;
pub mod feeds;
mod frame;
mod frontview;
mod graphlabels;
pub mod graphview;
pub mod lists;
mod listview;
pub mod pack;
mod pageview;
pub mod previews;
mod previous;
mod rows;
mod shows;
mod split;
pub mod theme;
mod views;

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::HashMap;
use crate::content::history::History;
use crate::content::sections::{self, Section, SectionPage};
use crate::markdown::page::Kind;
use crate::output::{OutputFile, Stager};
use crate::site::{PageId, Site};
use crate::text::packed;
use data::{Data, Frame, ListData, Lists, PageData};
use graphview::Layouts;
use lists::Part;
use shows::Shows;
use views::CountedLink;

pub use pageview::MENTIONS_SHOWN;
use previous::Made;
pub use previous::{Previous, Print, record, remember};

/// The relative prefix from a page's folder back to the site root.
fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// A failure inside a template, named by template.
#[derive(Debug)]
pub struct TemplateError {
    pub template: String,
    pub page: String,
    pub message: String,
}

/// The pages of one render, and how many had to be rendered afresh.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    /// Each file whose entry in `previous` changed (rendered afresh or
    /// rekeyed, see [`Made`]), by its index in `files`, with its
    /// fingerprint, where the render had a `previous` to update (see
    /// [`remember`]). Every other file was taken from `previous` as it is.
    pub fingerprints: Vec<(usize, Print)>,
    pub fresh: usize,
    /// The CPU time spent in Tera, for `--timings`.
    pub tera: TeraTime,
}

/// CPU time spent in Tera, summed over the threads that rendered: making
/// template values of the pages' data (Tera's `Context`, which copies
/// every string) and running the templates. Together they say how much of
/// a render the template engine itself takes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TeraTime {
    pub values: Duration,
    pub templates: Duration,
}

/// [`TeraTime`] as it is summed while threads render.
#[derive(Default)]
struct TeraClock {
    values: AtomicU64,
    templates: AtomicU64,
}

impl TeraClock {
    /// Adds the time from `start` to `made` to the values' count and from
    /// `made` to now to the templates'.
    fn add(&self, start: Instant, made: Instant) {
        let nanos = |d: Duration| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        (self.values).fetch_add(nanos(made - start), Ordering::Relaxed);
        (self.templates).fetch_add(nanos(made.elapsed()), Ordering::Relaxed);
    }

    fn total(&self) -> TeraTime {
        TeraTime {
            values: Duration::from_nanos(self.values.load(Ordering::Relaxed)),
            templates: Duration::from_nanos(self.templates.load(Ordering::Relaxed)),
        }
    }
}

/// What a render can take from the renders before it.
#[derive(Clone, Copy, Default)]
pub struct Reuse<'a> {
    /// Each file's fingerprint and bytes from the last render. A page
    /// whose template data hash to the same fingerprint is not rendered
    /// again. `None` for a one-off build, which has nothing to reuse and
    /// no next build to prepare for, so it fingerprints nothing.
    pub previous: Option<&'a Previous>,
    /// Pages known to be as they were (see [`crate::build::dirty`]): their
    /// previous output is taken without a look at their data.
    pub unchanged: Option<&'a [bool]>,
    /// Per entry of `site.sources`: true when the source list shows it as
    /// it did (see [`crate::build::dirty`]). A part of the source list
    /// showing only such sources is fingerprinted by which it shows
    /// (`Renderer::same_sources`) instead of by its data.
    pub sources: Option<&'a [bool]>,
    /// The same for each entry of `site.timeline` and the timeline.
    pub timeline: Option<&'a [bool]>,
    /// Per page: true when other pages show it as before, at the same
    /// address (see [`crate::build::dirty`]). A part of a split topic or
    /// actor naming only such pages is fingerprinted by the rows it lists
    /// (`Renderer::term_key`) instead of by its data.
    pub faces: Option<&'a [bool]>,
    /// The pages of the source list (see [`lists::sources`]), when the
    /// builder has them; the render splits the list itself otherwise.
    pub source_pages: Option<&'a [(Part, Vec<usize>)]>,
    /// The parts of the split topic and actor pages (see [`lists::terms`]),
    /// when the builder has them; the render works them out otherwise.
    pub terms: Option<&'a lists::Terms>,
    /// Graph layouts from earlier renders.
    pub layouts: Option<&'a Layouts>,
    /// The size of each export file (see [`exports::files`]), made before
    /// the pages, for the `/exports/` page. `None` where that page is not
    /// rendered (the quick rebuild keeps the last one, as it keeps the
    /// exports), and where [`pages`] leaves it out: `serve` makes the
    /// exports and this page only when they are asked for
    /// ([`exports_page`]).
    pub exports: Option<&'a [usize]>,
    /// Hold each page packed by this packer (see [`crate::text::packed`]),
    /// as `serve` does. `previous` then holds pages it packed too: a
    /// builder packs all its renders with one packer, or none.
    pub pack: Option<&'a Arc<packed::Pages>>,
}

/// Renders one page per model page plus the list pages, taking what it
/// can from `reuse`. `theme` is the templates' own fingerprint, so a
/// template change renders everything.
///
/// `sink`, for a one-off build, takes each page as it is rendered: the
/// returned files then have their paths only.
pub fn pages(
    site: &Site,
    history: &History,
    tera: &Tera,
    theme: u64,
    reuse: Reuse,
    sink: Option<&Stager>,
) -> Result<Rendered, Vec<TemplateError>> {
    let renderer = Renderer::new(site, history, tera, theme, reuse);
    let results = run(&renderer, renderer.jobs(), sink);
    gather(
        results,
        reuse.previous.is_some(),
        renderer.tera_clock.total(),
    )
}

/// Renders the pages as [`pages`] does while `exports` makes the export
/// files beside them, and the `/exports/` page, which lists their sizes,
/// once they are made. Made first instead, the exports would keep one
/// core alone for seconds in a large dossier: most of them are written
/// in one piece, in order. Gives the pages and what `exports` made.
pub fn pages_beside_exports<T: Send>(
    site: &Site,
    history: &History,
    tera: &Tera,
    theme: u64,
    reuse: Reuse,
    sink: Option<&Stager>,
    exports: impl FnOnce() -> (T, Vec<usize>) + Send,
) -> (Result<Rendered, Vec<TemplateError>>, T) {
    let unsized_reuse = Reuse {
        exports: None,
        ..reuse
    };
    let renderer = Renderer::new(site, history, tera, theme, unsized_reuse);
    let ((made, sizes), mut results) =
        rayon::join(exports, || run(&renderer, renderer.jobs(), sink));
    let sized_reuse = Reuse {
        exports: Some(&sizes),
        ..reuse
    };
    let listing = Renderer::new(site, history, tera, theme, sized_reuse);
    results.extend(run(&listing, listing.exports_jobs(), sink));
    let (first, last) = (renderer.tera_clock.total(), listing.tera_clock.total());
    let tera_time = TeraTime {
        values: first.values + last.values,
        templates: first.templates + last.templates,
    };
    (gather(results, reuse.previous.is_some(), tera_time), made)
}

/// What rendering one job gives: its file, fingerprint and how it was
/// had.
type JobResult = Result<(OutputFile, Print, Made), TemplateError>;

/// Renders `jobs` on every core, in their order. With a sink, each page
/// is staged for writing as soon as it exists, and only its path is kept.
fn run(renderer: &Renderer, jobs: Vec<Job>, sink: Option<&Stager>) -> Vec<JobResult> {
    // One job per task: the few large pages come first and would
    // otherwise be handed out together, to one thread.
    jobs.par_iter()
        .with_max_len(1)
        .map(|job| {
            let (file, fingerprint, made) = renderer.render(*job)?;
            let Some(sink) = sink else {
                return Ok((file, fingerprint, made));
            };
            sink.stage(&file);
            Ok((OutputFile::new(file.path, Vec::new()), fingerprint, made))
        })
        .collect()
}

/// The rendered files, with each file whose fingerprint a next render
/// will look for anew when `remembering` (a render against a
/// `previous`: see [`Rendered::fingerprints`]), or every template error.
fn gather(
    results: Vec<JobResult>,
    remembering: bool,
    tera: TeraTime,
) -> Result<Rendered, Vec<TemplateError>> {
    let mut rendered = Rendered {
        files: Vec::with_capacity(results.len()),
        fingerprints: Vec::new(),
        fresh: 0,
        tera,
    };
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((file, fingerprint, made)) => {
                rendered.fresh += usize::from(made == Made::Fresh);
                if made != Made::Kept && remembering {
                    (rendered.fingerprints).push((rendered.files.len(), fingerprint));
                }
                rendered.files.push(file);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// The `/exports/` page, listing export files of `sizes`: for `serve`,
/// which makes the exports only when one of them or this page is asked
/// for, so that an edit does not remake them.
pub fn exports_page(
    site: &Site,
    history: &History,
    tera: &Tera,
    sizes: &[usize],
) -> Result<Option<OutputFile>, TemplateError> {
    let reuse = Reuse {
        exports: Some(sizes),
        ..Reuse::default()
    };
    let renderer = Renderer::new(site, history, tera, 0, reuse);
    let job = renderer.exports_jobs().into_iter().next();
    job.map(|job| renderer.render(job).map(|(file, _, _)| file))
        .transpose()
}

/// A page of `site` as written, to pack the others against (see
/// [`packed::Pages`]): the first brief's, which most pages of a dossier
/// resemble most, or the first page's when there is no brief; `None`
/// when it does not render.
pub fn sample(site: &Site, history: &History, tera: &Tera) -> Option<Vec<u8>> {
    let id = (site.of_kind(Kind::Brief).next().map(|(id, _)| id))
        .or_else(|| (!site.pages.is_empty()).then_some(0))?;
    let renderer = Renderer::new(site, history, tera, 0, Reuse::default());
    let (file, _, _) = renderer.render(Job::Page(id)).ok()?;
    Some(file.plain().ok()?.into_owned())
}

/// Renders the pages that show brief `id`'s body: its own page and the
/// briefing packs holding it (the whole dossier's and its topics'). For a
/// rebuild where nothing else can have changed; returns each file with
/// its fingerprint.
pub fn showing_body(
    site: &Site,
    history: &History,
    tera: &Tera,
    theme: u64,
    reuse: Reuse,
    id: PageId,
) -> Result<Vec<(OutputFile, Print)>, TemplateError> {
    let renderer = Renderer::new(site, history, tera, theme, reuse);
    let topics = site.topics_of[id]
        .iter()
        .filter(|&&t| pack::has_pack(site, t))
        .map(|&t| Job::TopicPack(t));
    let whole = sections::with_pages()
        .filter(|&(section, _)| Shows::of(section) == Shows::Pack && pack::whole_fits(site))
        .map(|(section, page)| Job::Section {
            section,
            page,
            shows: Shows::Pack,
            part: 0,
        });
    std::iter::once(Job::Page(id))
        .chain(whole)
        .chain(topics)
        .map(|job| {
            renderer
                .render(job)
                .map(|(file, fingerprint, _)| (file, fingerprint))
        })
        .collect()
}

/// One page to render.
#[derive(Clone, Copy)]
enum Job {
    Page(PageId),
    /// Page `part` of a section's list: an index into its parts (see
    /// [`Renderer::part`]), 0 for a section on one page.
    Section {
        section: &'static Section,
        page: &'static SectionPage,
        shows: Shows,
        part: usize,
    },
    NotFound,
    TopicPack(PageId),
    /// Part `.1` of split topic or actor `.0` (see [`lists::term`]).
    TermPart(PageId, usize),
}

struct Renderer<'a> {
    site: &'a Site,
    history: &'a History,
    tera: &'a Tera,
    nav: Vec<(String, String)>,
    theme: u64,
    reuse: Reuse<'a>,
    /// The pages of the timeline and of the sources, worked out when a
    /// list page is first rendered (a one-page rebuild needs neither).
    timeline: OnceLock<Vec<(Part, Range<usize>)>>,
    sources: OnceLock<Vec<(Part, Vec<usize>)>>,
    /// The parts of each split topic and actor page (see
    /// [`lists::term`]), unless `reuse` has them.
    terms: OnceLock<lists::Terms>,
    /// What the parts of split topics and actors hash for their rows.
    row_hashes: OnceLock<rows::RowHashes>,
    /// The frame's `site` as a template value, made once.
    site_value: OnceLock<tera::Value>,
    /// The frame's `nav` as a template value, by the page's root and
    /// which items are current: all briefs share one, and so on.
    navs: Mutex<HashMap<(String, Vec<bool>), tera::Value>>,
    tera_clock: TeraClock,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        history: &'a History,
        tera: &'a Tera,
        theme: u64,
        reuse: Reuse<'a>,
    ) -> Self {
        Renderer {
            site,
            history,
            tera,
            nav: frame::nav(site),
            theme,
            reuse,
            timeline: OnceLock::new(),
            sources: OnceLock::new(),
            terms: OnceLock::new(),
            row_hashes: OnceLock::new(),
            site_value: OnceLock::new(),
            navs: Mutex::default(),
            tera_clock: TeraClock::default(),
        }
    }

    fn timeline(&self) -> &[(Part, Range<usize>)] {
        self.timeline.get_or_init(|| lists::timeline(self.site))
    }

    fn sources(&self) -> &[(Part, Vec<usize>)] {
        match self.reuse.source_pages {
            Some(pages) => pages,
            None => self.sources.get_or_init(|| lists::sources(self.site)),
        }
    }

    /// The parts of topic or actor `id`'s page: none unless it is split.
    fn term_parts(&self, id: PageId) -> &[lists::TermPart] {
        let terms = match self.reuse.terms {
            Some(terms) => terms,
            None => self.terms.get_or_init(|| lists::terms(self.site)),
        };
        terms.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Every page to render, largest first: the list pages and the
    /// topic and actor pages are the largest by far (each lists hundreds
    /// of briefs in a large dossier), and starting them first keeps one
    /// of them from finishing alone at the end.
    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let (large, small): (Vec<PageId>, Vec<PageId>) = (0..site.pages.len())
            .partition(|&id| matches!(site.pages[id].kind, Kind::Topic | Kind::Actor));
        let packs = site
            .of_kind(Kind::Topic)
            .filter(|&(id, _)| pack::has_pack(site, id))
            .map(|(id, _)| Job::TopicPack(id));
        let parts = large.iter().flat_map(|&id| {
            let count = self.term_parts(id).len();
            (0..count).map(move |part| Job::TermPart(id, part))
        });
        let parts: Vec<Job> = parts.collect();
        self.list_jobs()
            .chain(parts)
            .chain(large.into_iter().chain(small).map(Job::Page))
            .chain(packs)
            .collect()
    }

    /// The `/exports/` page's job, where the exports' sizes are known.
    fn exports_jobs(&self) -> Vec<Job> {
        self.list_jobs()
            .filter(|job| matches!(job, Job::Section { shows, .. } if *shows == Shows::Exports))
            .collect()
    }

    /// Every section's page (each part of a split list), in the order
    /// of the sections, then the 404 page. The exports page only with
    /// the exports' sizes: without them it is made later, if asked for
    /// (see [`exports_page`]).
    fn list_jobs(&self) -> impl Iterator<Item = Job> {
        let sized = self.reuse.exports.is_some();
        let rendered = sections::with_pages()
            .filter(|(_, page)| cfg!(feature = "search") || !page.search_only)
            .filter(move |(section, _)| sized || Shows::of(section) != Shows::Exports);
        let jobs = rendered.flat_map(|(section, page)| {
            let shows = Shows::of(section);
            (0..self.part_count(shows)).map(move |part| Job::Section {
                section,
                page,
                shows,
                part,
            })
        });
        jobs.chain(std::iter::once(Job::NotFound))
    }

    /// How many pages a section's list takes.
    fn part_count(&self, shows: Shows) -> usize {
        match shows {
            Shows::Timeline => self.timeline().len(),
            Shows::Sources => self.sources().len(),
            _ => 1,
        }
    }

    /// Which part of its list page `i` of a section shows.
    fn part(&self, shows: Shows, i: usize) -> Part {
        match shows {
            Shows::Timeline => self.timeline()[i].0,
            Shows::Sources => self.sources()[i].0,
            _ => Part::All,
        }
    }

    /// Renders one job: `(file, fingerprint, how it was had)`.
    fn render(&self, job: Job) -> Result<(OutputFile, Print, Made), TemplateError> {
        match job {
            Job::Page(id) => self.page(id),
            Job::Section {
                section,
                page,
                shows,
                part,
            } => self.section(section, page, shows, part),
            Job::NotFound => self.not_found(),
            Job::TopicPack(id) => self.topic_pack(id),
            Job::TermPart(id, part) => self.term_part(id, part),
        }
    }

    /// Page `i` of a section, in the section's folder or, for a part of a
    /// split list, in the part's folder under it.
    fn section(
        &self,
        section: &Section,
        page: &SectionPage,
        shows: Shows,
        i: usize,
    ) -> Result<(OutputFile, Print, Made), TemplateError> {
        let list = format!("{}/", section.folder);
        let part = self.part(shows, i);
        let url = format!("{list}{}", part.folder());
        let key = self.list_key(shows, i);
        let path = format!("{url}index.html");
        if let Some(kept) = key.and_then(|key| self.kept_by_rows(&path, key)) {
            return Ok(kept);
        }
        let title = listview::part_title(page.title, part);
        let root = root_of(&url);
        let data = ListData {
            frame: self.frame(&url, &root, &title),
            lists: self.lists(shows, &list, i, &root),
        };
        let key = key.map(|key| key.value());
        let (file, print, made) = self.finish(page.template, path, &Data::List(Box::new(data)))?;
        Ok((file, print.keyed(key), made.keyed(key)))
    }

    /// The file at `path` from the last render, when its fingerprint was
    /// `fingerprint`.
    fn kept(&self, path: &str, fingerprint: u64) -> Option<(OutputFile, Print, Made)> {
        let previous = self.reuse.previous?;
        let (old, bytes) = previous
            .get(path)
            .filter(|(old, _)| old.value == fingerprint)?;
        Some((self.reused(path.to_string(), bytes), *old, Made::Kept))
    }

    /// What page `i` of a section's list at `list` shows.
    fn lists<'v>(&'v self, shows: Shows, list: &str, i: usize, root: &'v str) -> Lists<'v> {
        let site = self.site;
        match shows {
            Shows::Index(kind) => Lists {
                items: Some(CountedLink::all(site, kind, root)),
                ..Lists::default()
            },
            Shows::Timeline => listview::timeline_part(site, self.timeline(), list, i, root),
            Shows::Sources => listview::sources_part(site, self.sources(), list, i, root),
            Shows::Changes => Lists {
                changes: Some(listview::changes(site, self.history, root)),
                history_note: self.history.note(),
                ..Lists::default()
            },
            Shows::Graph => Lists {
                graph: Some(graphview::site_view(site, root, self.reuse.layouts)),
                ..Lists::default()
            },
            Shows::Pack => Lists {
                pack: Some(pack::whole(site, root)),
                ..Lists::default()
            },
            Shows::Exports => Lists {
                exports: self
                    .reuse
                    .exports
                    .map(|sizes| exports::listing(sizes, root)),
                ..Lists::default()
            },
            Shows::Frame => Lists::default(),
        }
    }

    /// The page for a missing page. It is served at any depth, so its
    /// links are absolute.
    fn not_found(&self) -> Result<(OutputFile, Print, Made), TemplateError> {
        let root = &self.site.config.base_url;
        let data = ListData {
            frame: self.frame("", root, "Page not found"),
            lists: Lists::default(),
        };
        let path = "404.html".to_string();
        self.finish("404.html", path, &Data::List(Box::new(data)))
    }

    /// The briefing pack of topic `id`, in the topic's `print/` folder.
    fn topic_pack(&self, id: PageId) -> Result<(OutputFile, Print, Made), TemplateError> {
        let page = &self.site.pages[id];
        let url = format!("{}print/", page.url);
        let root = root_of(&url);
        let title = format!("{}: briefing pack", page.title);
        let data = ListData {
            frame: self.frame(&url, &root, &title),
            lists: Lists {
                pack: Some(pack::topic(self.site, id, &root)),
                ..Lists::default()
            },
        };
        let path = format!("{url}index.html");
        self.finish("print.html", path, &Data::List(Box::new(data)))
    }

    fn page(&self, id: PageId) -> Result<(OutputFile, Print, Made), TemplateError> {
        let page = &self.site.pages[id];
        if self.reuse.unchanged.and_then(|u| u.get(id)) == Some(&true) {
            let path = page.output_path();
            if let Some((fingerprint, bytes)) = self.reuse.previous.and_then(|p| p.get(&path)) {
                return Ok((self.reused(path, bytes), *fingerprint, Made::Kept));
            }
        }
        let root = root_of(&page.url);
        let front = (page.kind == Kind::Home)
            .then(|| frontview::front_page(self.site, self.history, &root));
        let frame = self.frame(&page.url, &root, &page.title);
        // Only a topic or actor is split: a quick rebuild, which renders
        // one brief, does not work out the parts of every topic.
        let parts = match page.kind {
            Kind::Topic | Kind::Actor => self.term_parts(id),
            _ => &[],
        };
        let scope = match parts.is_empty() {
            true => pageview::Scope::Whole,
            false => pageview::Scope::Overview(parts),
        };
        let layouts = self.reuse.layouts;
        let data = PageData {
            frame,
            page: pageview::page_view(self.site, self.history, layouts, (id, scope), &root),
            front,
        };
        self.finish(
            template_of(page.kind),
            page.output_path(),
            &Data::Page(Box::new(data)),
        )
    }

    /// Renders `data` with `template`, unless the previous render had the
    /// same template data for this path.
    fn finish(
        &self,
        template: &str,
        path: String,
        data: &Data,
    ) -> Result<(OutputFile, Print, Made), TemplateError> {
        let fingerprint = match self.reuse.previous {
            Some(previous) => {
                let mut hasher = crate::fingerprint_hasher();
                (self.theme, template, data).hash(&mut hasher);
                let fingerprint = hasher.finish();
                // By the data's fingerprint, whatever the file is looked
                // up by: the caller keys a list part as it keys it.
                if let Some((_, bytes)) = previous
                    .get(&path)
                    .filter(|(old, _)| old.data == fingerprint)
                {
                    let print = Print::of_data(fingerprint);
                    return Ok((self.reused(path, bytes), print, Made::Kept));
                }
                Print::of_data(fingerprint)
            }
            None => Print::of_data(0),
        };
        let url = path.strip_suffix("index.html").unwrap_or(&path);
        let failed = |message: String| TemplateError {
            template: template.to_string(),
            page: format!("/{url}"),
            message,
        };
        let start = Instant::now();
        let (ctx, frame) = match data {
            Data::Page(data) => (Context::from_serialize(data), &data.frame),
            Data::List(data) => (Context::from_serialize(data), &data.frame),
        };
        let html = ctx
            .and_then(|mut ctx| {
                self.frame_values(frame, &mut ctx)?;
                let made = Instant::now();
                let html = self.tera.render(template, &ctx);
                self.tera_clock.add(start, made);
                html
            })
            .map_err(|e| failed(error_chain(&e)))?;
        let file = match self.reuse.pack {
            Some(pages) => {
                let bytes = (pages.pack(html.as_bytes()))
                    .map_err(|e| failed(format!("could not pack the page to hold it: {e}")))?;
                OutputFile::packed(path, Arc::new(bytes), pages.clone())
            }
            None => OutputFile::new(path, html.into_bytes()),
        };
        Ok((file, fingerprint, Made::Fresh))
    }

    /// The file at `path` with the `bytes` the last render made for it,
    /// which are packed when this render packs.
    fn reused(&self, path: String, bytes: &crate::output::Bytes) -> OutputFile {
        match self.reuse.pack {
            Some(pages) => OutputFile::packed(path, bytes.clone(), pages.clone()),
            None => OutputFile::shared(path, bytes.clone()),
        }
    }

    /// Adds the frame's `site` and `nav` to `ctx`, made once for all
    /// pages (`site`) and for all pages at one depth in one section
    /// (`nav`) rather than serialized for each page.
    fn frame_values(&self, frame: &Frame, ctx: &mut Context) -> Result<(), tera::Error> {
        let site = match self.site_value.get() {
            Some(site) => site.clone(),
            None => {
                let site = tera::Value::try_from_serializable(&frame.site)?;
                self.site_value.get_or_init(|| site).clone()
            }
        };
        ctx.insert_value("site", site);
        let current: Vec<bool> = (frame.nav.iter())
            .map(|(_, target)| frame::is_current(target, frame.url))
            .collect();
        let key = (frame.root.to_string(), current);
        let lock = || self.navs.lock().unwrap_or_else(|p| p.into_inner());
        let kept = lock().get(&key).cloned();
        let nav = match kept {
            Some(nav) => nav,
            None => {
                let items = frame::nav_items(frame.nav, frame.url, frame.root);
                let nav = tera::Value::try_from_serializable(&items)?;
                lock().insert(key, nav.clone());
                nav
            }
        };
        ctx.insert_value("nav", nav);
        Ok(())
    }

    fn frame<'v>(&'v self, url: &'v str, root: &'v str, title: &'v str) -> Frame<'v> {
        frame::frame(self.site, &self.nav, url, root, title)
    }
}

/// The template of a page of `kind`.
fn template_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Brief => "brief.html",
        Kind::Topic => "topic.html",
        Kind::Actor => "actor.html",
        Kind::Page => "page.html",
        Kind::Home => "index.html",
    }
}

/// A template error with its causes, on one line.
pub fn error_chain(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_climb_one_level_per_folder() {
        assert_eq!(root_of(""), "");
        assert_eq!(root_of("about/"), "../");
        assert_eq!(root_of("briefs/x/"), "../../");
    }
}
