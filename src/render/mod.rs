//! Rendering: turns the linked `Site` into HTML pages through the theme's
//! templates. Templates receive view structs built here, never the model,
//! and every internal URL in them is already relative to the page.

pub mod body;
pub mod feeds;
pub mod graphview;
pub mod lists;
pub mod pack;
pub mod previews;
pub mod theme;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::HashMap;
use crate::content::frontmatter::sources::Reliability;
use crate::content::history::{Commit, History};
use crate::markdown::citations::source_anchor;
use crate::markdown::page::{Kind, Page};
use crate::output::{OutputFile, Stager};
use crate::site::{Backlink, Entry, PageId, Resolved, Site, SourceEntry};
use crate::text::date::PartialDate;
use graphview::Layouts;
use lists::Part;

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

/// What a previous render produced: each file's fingerprint and bytes.
pub type Previous = HashMap<String, (u64, crate::output::Bytes)>;

/// The pages of one render, and how many had to be rendered afresh.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub fingerprints: Previous,
    pub fresh: usize,
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
    /// Graph layouts from earlier renders.
    pub layouts: Option<&'a Layouts>,
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
    let previous = reuse.previous;
    let renderer = Renderer::new(site, history, tera, theme, reuse);
    // The list pages and the topic and actor pages are the largest by far
    // (each lists hundreds of briefs in a large dossier): starting them
    // first keeps one of them from finishing alone at the end.
    let (large, small): (Vec<PageId>, Vec<PageId>) = (0..site.pages.len())
        .partition(|&id| matches!(site.pages[id].kind, Kind::Topic | Kind::Actor));
    let packs = site
        .of_kind(Kind::Topic)
        .filter(|&(id, _)| crate::render::pack::has_pack(site, id))
        .map(|(id, _)| Job::TopicPack(id));
    let jobs: Vec<Job> = renderer
        .list_jobs()
        .chain(large.into_iter().chain(small).map(Job::Page))
        .chain(packs)
        .collect();
    // With a sink, each page is staged for writing as soon as it exists,
    // and only its path is kept.
    // One job per task: the few large pages come first and would
    // otherwise be handed out together, to one thread.
    let results: Vec<Result<(OutputFile, u64, bool), TemplateError>> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|job| {
            let (file, fingerprint, fresh) = renderer.render(*job)?;
            let Some(sink) = sink else {
                return Ok((file, fingerprint, fresh));
            };
            sink.stage(&file);
            Ok((OutputFile::new(file.path, Vec::new()), fingerprint, fresh))
        })
        .collect();
    let mut rendered = Rendered {
        files: Vec::with_capacity(results.len()),
        fingerprints: HashMap::default(),
        fresh: 0,
    };
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((file, fingerprint, fresh)) => {
                rendered.fresh += usize::from(fresh);
                if previous.is_some() {
                    rendered
                        .fingerprints
                        .insert(file.path.clone(), (fingerprint, file.bytes.clone()));
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
) -> Result<Vec<(OutputFile, u64)>, TemplateError> {
    let renderer = Renderer::new(site, history, tera, theme, reuse);
    let topics = site.topics_of[id]
        .iter()
        .filter(|&&t| crate::render::pack::has_pack(site, t))
        .map(|&t| Job::TopicPack(t));
    let whole = crate::render::pack::whole_fits(site).then_some(Job::Pack);
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

#[derive(Clone, Copy)]
enum Job {
    Page(PageId),
    Topics,
    Actors,
    /// A page of the timeline: an index into `Renderer::timeline`.
    Timeline(usize),
    /// A page of the source list: an index into `Renderer::sources`.
    Sources(usize),
    Changes,
    NotFound,
    Graph,
    Pack,
    TopicPack(PageId),
    #[cfg_attr(not(feature = "search"), allow(dead_code))]
    Search,
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
}

/// What every template gets besides its own data.
#[derive(Serialize, Hash)]
struct Frame<'a> {
    site: SiteView<'a>,
    root: &'a str,
    nav: Vec<NavItem<'a>>,
    title: &'a str,
    url: &'a str,
    canonical: String,
    home: Href<'a>,
    /// True when the binary was built with search: the theme then shows
    /// a search box and links to `/search/`.
    search: bool,
}

/// The data of a page template: `page`, and the front page's lists.
#[derive(Serialize, Hash)]
struct PageData<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: PageView<'a>,
    #[serde(flatten)]
    front: Option<FrontPage<'a>>,
}

#[derive(Serialize, Hash)]
struct FrontPage<'a> {
    latest: Vec<BriefItem<'a>>,
    topics: Vec<CountedLink<'a>>,
    key_actors: Vec<CountedLink<'a>>,
    brief_count: usize,
}

/// The data of a list template.
#[derive(Serialize, Hash)]
struct ListData<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    #[serde(flatten)]
    lists: Lists<'a>,
}

/// The list a list template shows; each has one.
#[derive(Serialize, Hash, Default)]
struct Lists<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<CountedLink<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    years: Option<Vec<YearView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<SourceView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    changes: Option<Vec<ChangeView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    graph: Option<crate::render::graphview::GraphView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pack: Option<crate::render::pack::PackView>,
    /// Why the changes page is empty, when git history is unavailable.
    #[serde(skip_serializing_if = "Option::is_none")]
    history_note: Option<&'a str>,
    /// The pages of a split list; absent for a list on one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    parts: Option<Vec<PartLink>>,
}

#[derive(Serialize, Hash)]
struct PartLink {
    title: String,
    href: String,
    count: usize,
    current: bool,
}

/// The site-wide values every template gets as `site`.
#[derive(Serialize, Hash)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    author: Option<&'a str>,
    list_limit: usize,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Hash)]
struct NavItem<'a> {
    title: &'a str,
    href: String,
    current: bool,
}

/// A link to a page from the page being rendered: written out as
/// `root` + the page's folder + `index.html` only when a template needs it,
/// so fingerprinting a page's data allocates nothing for its links.
#[derive(Hash, Clone, Copy)]
struct Href<'a> {
    root: &'a str,
    url: &'a str,
}

impl Serialize for Href<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}{}index.html", self.root, self.url))
    }
}

/// A date as a person reads it: "17 July 2023".
#[derive(Hash, Clone, Copy)]
struct Shown(PartialDate);

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A date in ISO 8601 at its own precision: "2023-07-17", "2023-07".
#[derive(Hash, Clone, Copy)]
struct Iso(PartialDate);

impl Serialize for Iso {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.iso())
    }
}

#[derive(Serialize, Hash)]
struct LinkView<'a> {
    title: &'a str,
    href: Href<'a>,
}

#[derive(Serialize, Hash)]
struct BriefItem<'a> {
    title: &'a str,
    href: Href<'a>,
    date: Option<Shown>,
    date_iso: Option<Iso>,
    summary: &'a str,
}

#[derive(Serialize, Hash)]
struct CountedLink<'a> {
    title: &'a str,
    href: Href<'a>,
    count: usize,
    summary: &'a str,
}

#[derive(Serialize, Hash)]
struct BacklinkView<'a> {
    title: &'a str,
    href: Href<'a>,
    before: &'a str,
    text: &'a str,
    after: &'a str,
}

#[derive(Serialize, Hash)]
struct BacklinkGroup<'a> {
    kind: Kind,
    label: &'static str,
    items: Vec<BacklinkView<'a>>,
}

#[derive(Serialize, Hash)]
struct SourceView<'a> {
    number: usize,
    id: &'a str,
    anchor: String,
    title: Option<&'a str>,
    author: Option<&'a str>,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    date: Option<Shown>,
    reliability: Option<&'static str>,
    reliability_label: Option<&'static str>,
    note: Option<&'a str>,
    cited_by: Vec<LinkView<'a>>,
}

#[derive(Serialize, Hash)]
struct EntryView<'a> {
    date: Shown,
    date_iso: Iso,
    title: &'a str,
    href: Href<'a>,
    is_event: bool,
    brief: &'a str,
    actors: Vec<LinkView<'a>>,
}

#[derive(Serialize, Hash)]
struct YearView<'a> {
    year: i16,
    /// How many entries the year has, shown or not.
    count: usize,
    entries: Vec<EntryView<'a>>,
}

/// A page's history from git: when it was first and last committed, and
/// every commit, newest first.
#[derive(Serialize, Hash)]
struct HistoryView<'a> {
    first: Option<Shown>,
    first_iso: Option<Iso>,
    last: Option<Shown>,
    last_iso: Option<Iso>,
    revisions: Vec<RevisionView<'a>>,
    /// The file has edits not yet committed (only under `serve`).
    uncommitted: bool,
}

#[derive(Serialize, Hash)]
struct RevisionView<'a> {
    hash: &'a str,
    date: Shown,
    date_iso: Iso,
    author: &'a str,
    subject: &'a str,
    corrections: &'a [String],
}

/// A correction made to a page: a `Correction:` trailer of a commit that
/// touched it.
#[derive(Serialize, Hash)]
struct CorrectionView<'a> {
    text: &'a str,
    date: Shown,
    date_iso: Iso,
    hash: &'a str,
}

/// A commit on the changes page, with the pages it touched.
#[derive(Serialize, Hash)]
struct ChangeView<'a> {
    hash: &'a str,
    date: Shown,
    date_iso: Iso,
    author: &'a str,
    subject: &'a str,
    corrections: &'a [String],
    pages: Vec<LinkView<'a>>,
}

#[derive(Serialize, Hash)]
struct HeadingView<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

/// A page's body with its links filled in. Written out only when the page
/// is rendered; its fingerprint is the page's revision and where each of
/// its links leads, not the HTML itself.
struct Content<'a> {
    site: &'a Site,
    id: PageId,
    root: &'a str,
}

impl Serialize for Content<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&body::content(self.site, self.id, self.root))
    }
}

impl Hash for Content<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let page = &self.site.pages[self.id];
        (page.revision, self.root).hash(state);
        for (index, resolved) in self.site.links[self.id].iter().enumerate() {
            match resolved {
                Resolved::Page { id, anchor } => (
                    self.site.pages[*id].url.as_str(),
                    anchor,
                    self.site.pages[*id].kind,
                )
                    .hash(state),
                other => std::mem::discriminant(other).hash(state),
            }
            if matches!(
                page.body.links[index].target,
                crate::markdown::LinkTarget::Name { .. }
            ) {
                self.site.link_label(self.id, Some(index)).hash(state);
            }
        }
    }
}

/// Everything a brief, topic, actor or other page's template gets as `page`.
#[derive(Serialize, Hash)]
struct PageView<'a> {
    kind: Kind,
    title: &'a str,
    slug: &'a str,
    href: Href<'a>,
    canonical: String,
    date: Option<Shown>,
    date_iso: Option<Iso>,
    updated: Option<Shown>,
    updated_iso: Option<Iso>,
    summary: &'a str,
    content: Content<'a>,
    toc: Vec<HeadingView<'a>>,
    words: usize,
    reading_minutes: usize,
    aliases: Vec<&'a str>,
    role: Option<&'a str>,
    country: Option<&'a str>,
    actor_kind: Option<&'a str>,
    topics: Vec<LinkView<'a>>,
    actors: Vec<LinkView<'a>>,
    sources: Vec<SourceView<'a>>,
    events: Vec<EntryView<'a>>,
    backlinks: Vec<BacklinkGroup<'a>>,
    briefs: Vec<BriefItem<'a>>,
    related: Vec<CountedLink<'a>>,
    history: Option<HistoryView<'a>>,
    corrections: Vec<CorrectionView<'a>>,
    /// A topic's or actor's neighbours as inline SVG (see `graphview`).
    local_graph: Option<String>,
    /// True for a topic with a briefing pack (see [`crate::render::pack::has_pack`]).
    has_pack: bool,
    extra: &'a BTreeMap<String, serde_json::Value>,
}

/// Template data of one job.
#[derive(Hash)]
enum Data<'a> {
    Page(Box<PageData<'a>>),
    List(Box<ListData<'a>>),
}

fn template_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Brief => "brief.html",
        Kind::Topic => "topic.html",
        Kind::Actor => "actor.html",
        Kind::Page => "page.html",
        Kind::Home => "index.html",
    }
}

const LATEST_ON_FRONT_PAGE: usize = 10;
/// How many of the briefs a topic or actor page lists show their summary.
const SUMMARIES_LISTED: usize = 25;
const KEY_ACTORS_ON_FRONT_PAGE: usize = 12;
const COMMITS_ON_CHANGES_PAGE: usize = 200;

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
            nav: nav(site),
            theme,
            reuse,
            timeline: OnceLock::new(),
            sources: OnceLock::new(),
        }
    }

    fn timeline(&self) -> &[(Part, Range<usize>)] {
        self.timeline.get_or_init(|| lists::timeline(self.site))
    }

    fn sources(&self) -> &[(Part, Vec<usize>)] {
        self.sources.get_or_init(|| lists::sources(self.site))
    }

    /// Every list page: the topic and actor indexes, the changes page,
    /// each page of the timeline and of the sources, and the 404 page.
    fn list_jobs(&self) -> impl Iterator<Item = Job> {
        [
            Job::Topics,
            Job::Actors,
            Job::Changes,
            Job::NotFound,
            Job::Graph,
            Job::Pack,
        ]
        .into_iter()
        .chain(cfg!(feature = "search").then_some(Job::Search))
        .chain((0..self.timeline().len()).map(Job::Timeline))
        .chain((0..self.sources().len()).map(Job::Sources))
    }

    /// Renders one job: `(file, fingerprint, rendered afresh)`.
    fn render(&self, job: Job) -> Result<(OutputFile, u64, bool), TemplateError> {
        let (template, url, title) = match job {
            Job::Page(id) => return self.page(id),
            Job::Topics => ("topics.html", "topics/".to_string(), "Topics".to_string()),
            Job::Actors => ("actors.html", "actors/".to_string(), "Actors".to_string()),
            Job::Timeline(i) => {
                let part = self.timeline()[i].0;
                let url = format!("timeline/{}", part.folder());
                ("timeline.html", url, part_title("Timeline", part))
            }
            Job::Sources(i) => {
                let part = self.sources()[i].0;
                let url = format!("sources/{}", part.folder());
                ("sources.html", url, part_title("Sources", part))
            }
            Job::Changes => (
                "changes.html",
                "changes/".to_string(),
                "Changes".to_string(),
            ),
            Job::NotFound => ("404.html", String::new(), "Page not found".to_string()),
            Job::TopicPack(id) => return self.topic_pack(id),
            Job::Graph => ("graph.html", "graph/".to_string(), "Graph".to_string()),
            Job::Pack => (
                "print.html",
                "print/".to_string(),
                "Briefing pack".to_string(),
            ),
            Job::Search => ("search.html", "search/".to_string(), "Search".to_string()),
        };
        // The 404 page is served at any depth, so its links are absolute.
        let root = if matches!(job, Job::NotFound) {
            self.site.config.base_url.clone()
        } else {
            root_of(&url)
        };
        let lists = match job {
            Job::Topics => Lists {
                items: Some(self.counted(Kind::Topic, &root)),
                ..Lists::default()
            },
            Job::Actors => Lists {
                items: Some(self.counted(Kind::Actor, &root)),
                ..Lists::default()
            },
            Job::Timeline(i) => self.timeline_part(i, &root),
            Job::Sources(i) => self.sources_part(i, &root),
            Job::Changes => Lists {
                changes: Some(self.changes(&root)),
                history_note: self.history.note(),
                ..Lists::default()
            },
            Job::Graph => Lists {
                graph: Some(crate::render::graphview::site_view(
                    self.site,
                    &root,
                    self.reuse.layouts,
                )),
                ..Lists::default()
            },
            Job::Pack => Lists {
                pack: Some(crate::render::pack::whole(self.site, &root)),
                ..Lists::default()
            },
            Job::Page(_) | Job::TopicPack(_) | Job::NotFound | Job::Search => Lists::default(),
        };
        let path = if matches!(job, Job::NotFound) {
            "404.html".to_string()
        } else {
            format!("{url}index.html")
        };
        let data = ListData {
            frame: self.frame(&url, &root, &title),
            lists,
        };
        self.finish(template, path, &Data::List(Box::new(data)))
    }

    /// Page `i` of the timeline: its years (with their entries, except on
    /// the overview) and the links between the parts.
    fn timeline_part<'v>(&'v self, i: usize, root: &'v str) -> Lists<'v> {
        let (part, range) = &self.timeline()[i];
        let years = match part {
            Part::Overview => self.timeline()[1..]
                .iter()
                .flat_map(|(_, range)| self.years(root, range.clone(), false))
                .collect(),
            _ => self.years(root, range.clone(), true),
        };
        let counts = self
            .timeline()
            .iter()
            .map(|(part, range)| (*part, range.len()));
        Lists {
            years: Some(years),
            parts: parts(root, "timeline/", counts, *part),
            ..Lists::default()
        }
    }

    /// Page `i` of the source list.
    fn sources_part<'v>(&'v self, i: usize, root: &'v str) -> Lists<'v> {
        let (part, indexes) = &self.sources()[i];
        let all = &self.site.sources;
        let sources = indexes
            .iter()
            .enumerate()
            .map(|(n, &index)| self.source(n + 1, &all[index], root, true))
            .collect();
        let counts = self
            .sources()
            .iter()
            .map(|(part, list)| (*part, list.len()));
        Lists {
            sources: Some(sources),
            parts: parts(root, "sources/", counts, *part),
            ..Lists::default()
        }
    }

    /// The briefing pack of topic `id`, in the topic's `print/` folder.
    fn topic_pack(&self, id: PageId) -> Result<(OutputFile, u64, bool), TemplateError> {
        let page = &self.site.pages[id];
        let url = format!("{}print/", page.url);
        let root = root_of(&url);
        let title = format!("{}: briefing pack", page.title);
        let data = ListData {
            frame: self.frame(&url, &root, &title),
            lists: Lists {
                pack: Some(crate::render::pack::topic(self.site, id, &root)),
                ..Lists::default()
            },
        };
        let path = format!("{url}index.html");
        self.finish("print.html", path, &Data::List(Box::new(data)))
    }

    fn page(&self, id: PageId) -> Result<(OutputFile, u64, bool), TemplateError> {
        let page = &self.site.pages[id];
        if self.reuse.unchanged.and_then(|u| u.get(id)) == Some(&true) {
            let path = page.output_path();
            if let Some((fingerprint, bytes)) = self.reuse.previous.and_then(|p| p.get(&path)) {
                return Ok((OutputFile::shared(path, bytes.clone()), *fingerprint, false));
            }
        }
        let root = root_of(&page.url);
        let front = (page.kind == Kind::Home).then(|| self.front_page(&root));
        let frame = self.frame(&page.url, &root, &page.title);
        let data = PageData {
            frame,
            page: self.page_view(id, &root),
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
    ) -> Result<(OutputFile, u64, bool), TemplateError> {
        let fingerprint = match self.reuse.previous {
            Some(previous) => {
                let mut hasher = crate::fingerprint_hasher();
                (self.theme, template, data).hash(&mut hasher);
                let fingerprint = hasher.finish();
                if let Some((old, bytes)) =
                    previous.get(&path).filter(|(old, _)| *old == fingerprint)
                {
                    return Ok((OutputFile::shared(path, bytes.clone()), *old, false));
                }
                fingerprint
            }
            None => 0,
        };
        let url = path.strip_suffix("index.html").unwrap_or(&path);
        let failed = |e: tera::Error| TemplateError {
            template: template.to_string(),
            page: format!("/{url}"),
            message: error_chain(&e),
        };
        let ctx = match data {
            Data::Page(data) => Context::from_serialize(data),
            Data::List(data) => Context::from_serialize(data),
        };
        let html = ctx
            .and_then(|ctx| self.tera.render(template, &ctx))
            .map_err(failed)?;
        Ok((OutputFile::new(path, html.into_bytes()), fingerprint, true))
    }

    fn frame<'v>(&'v self, url: &'v str, root: &'v str, title: &'v str) -> Frame<'v> {
        let config = &self.site.config;
        let site = SiteView {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            author: config.author.as_deref(),
            list_limit: config.list_limit,
            extra: &config.extra,
        };
        let nav = self.nav.iter().map(|(title, target)| NavItem {
            title,
            href: format!("{root}{target}index.html"),
            current: !target.is_empty() && url.starts_with(target.as_str()),
        });
        Frame {
            site,
            root,
            nav: nav.collect(),
            title,
            url,
            canonical: format!("{}{url}", config.base_url),
            home: Href { root, url: "" },
            search: cfg!(feature = "search"),
        }
    }

    fn front_page<'v>(&'v self, root: &'v str) -> FrontPage<'v> {
        let latest = self
            .site
            .briefs_by_date
            .iter()
            .take(LATEST_ON_FRONT_PAGE)
            .map(|&id| self.brief_item(id, root));
        let mut actors = self.counted(Kind::Actor, root);
        actors.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.title.cmp(b.title)));
        actors.truncate(KEY_ACTORS_ON_FRONT_PAGE);
        FrontPage {
            latest: latest.collect(),
            topics: self.counted(Kind::Topic, root),
            key_actors: actors,
            brief_count: self.site.briefs_by_date.len(),
        }
    }

    fn page_view<'v>(&'v self, id: PageId, root: &'v str) -> PageView<'v> {
        let site = self.site;
        let page = &site.pages[id];
        let front = &page.front;
        let headings = page.body.headings.iter().filter(|h| h.level <= 3);
        let sources = site.source_lists[id].iter().enumerate();
        let history = page
            .content_path
            .as_deref()
            .and_then(|path| self.history.page(path));
        // Front matter `updated:` wins over the last commit.
        let updated = front
            .updated
            .or_else(|| history.as_ref()?.revisions.first().map(|c| c.date));
        PageView {
            kind: page.kind,
            title: &page.title,
            slug: &page.slug,
            href: Href {
                root,
                url: &page.url,
            },
            canonical: format!("{}{}", site.config.base_url, page.url),
            date: front.date.map(Shown),
            date_iso: front.date.map(Iso),
            updated: updated.map(Shown),
            updated_iso: updated.map(Iso),
            summary: site.summary(id),
            content: Content { site, id, root },
            toc: headings
                .map(|h| HeadingView {
                    level: h.level,
                    id: &h.id,
                    text: &h.text,
                })
                .collect(),
            words: page.body.words,
            reading_minutes: page.body.words.div_ceil(220).max(1),
            aliases: front.aliases.iter().map(|(a, _)| a.as_str()).collect(),
            role: front.role.as_deref(),
            country: front.country.as_deref(),
            actor_kind: front.kind.as_deref(),
            topics: site.topics_of[id]
                .iter()
                .map(|&t| self.link(t, root))
                .collect(),
            actors: site.actors_of[id]
                .iter()
                .map(|&a| self.link(a, root))
                .collect(),
            sources: sources
                .map(|(n, &s)| self.source(n + 1, &site.sources[s], root, false))
                .collect(),
            events: self.events(id, root),
            backlinks: self.backlinks(&site.backlinks[id], root),
            briefs: self.briefs_naming(id, root),
            related: site.related[id]
                .iter()
                .map(|&(t, count)| CountedLink {
                    count,
                    ..self.counted_link(t, root)
                })
                .collect(),
            corrections: history.as_ref().map_or_else(Vec::new, corrections),
            history: history.map(history_view),
            local_graph: matches!(page.kind, Kind::Topic | Kind::Actor)
                .then(|| crate::render::graphview::local_svg(site, id, root, self.reuse.layouts))
                .flatten(),
            has_pack: page.kind == Kind::Topic && crate::render::pack::has_pack(site, id),
            extra: &front.extra,
        }
    }

    /// The newest commits that touched the content, with links to the
    /// pages they touched that are still published.
    fn changes<'v>(&'v self, root: &'v str) -> Vec<ChangeView<'v>> {
        let ids: HashMap<&str, PageId> = self
            .site
            .pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| Some((p.content_path.as_deref()?, id)))
            .collect();
        let commits = self.history.commits().iter();
        commits
            .take(COMMITS_ON_CHANGES_PAGE)
            .map(|c| ChangeView {
                hash: &c.short,
                date: Shown(c.date),
                date_iso: Iso(c.date),
                author: &c.author,
                subject: &c.subject,
                corrections: &c.corrections,
                pages: c
                    .paths
                    .iter()
                    .filter_map(|path| ids.get(path.as_str()))
                    .map(|&id| self.link(id, root))
                    .collect(),
            })
            .collect()
    }

    fn link<'v>(&'v self, id: PageId, root: &'v str) -> LinkView<'v> {
        let page = &self.site.pages[id];
        // Only the front page may have no title; it is the site's page.
        let title = match page.title.as_str() {
            "" => &self.site.config.title,
            title => title,
        };
        LinkView {
            title,
            href: Href {
                root,
                url: &page.url,
            },
        }
    }

    fn counted_link<'v>(&'v self, id: PageId, root: &'v str) -> CountedLink<'v> {
        let page = &self.site.pages[id];
        CountedLink {
            title: &page.title,
            href: Href {
                root,
                url: &page.url,
            },
            count: self.site.named_by[id].len(),
            summary: self.site.summary(id),
        }
    }

    /// All topics (or actors) with how many briefs name them, by title.
    fn counted<'v>(&'v self, kind: Kind, root: &'v str) -> Vec<CountedLink<'v>> {
        let mut items: Vec<CountedLink> = self
            .site
            .of_kind(kind)
            .map(|(id, _)| self.counted_link(id, root))
            .collect();
        items.sort_by_cached_key(|item| item.title.to_lowercase());
        items
    }

    fn brief_item<'v>(&'v self, id: PageId, root: &'v str) -> BriefItem<'v> {
        let page = &self.site.pages[id];
        BriefItem {
            title: &page.title,
            href: Href {
                root,
                url: &page.url,
            },
            date: page.front.date.map(Shown),
            date_iso: page.front.date.map(Iso),
            summary: self.site.summary(id),
        }
    }

    /// The briefs naming a topic or actor, newest first; past the newest
    /// few, without their summaries, so a topic named by a thousand briefs
    /// stays a page one can scan.
    fn briefs_naming<'v>(&'v self, id: PageId, root: &'v str) -> Vec<BriefItem<'v>> {
        self.site.named_by[id]
            .iter()
            .enumerate()
            .map(|(n, &b)| BriefItem {
                summary: if n < SUMMARIES_LISTED {
                    self.site.summary(b)
                } else {
                    ""
                },
                ..self.brief_item(b, root)
            })
            .collect()
    }

    fn backlinks<'v>(&'v self, backlinks: &'v [Backlink], root: &'v str) -> Vec<BacklinkGroup<'v>> {
        let groups = [
            (Kind::Brief, "Briefs"),
            (Kind::Topic, "Topics"),
            (Kind::Actor, "Actors"),
            (Kind::Page, "Pages"),
            (Kind::Home, "Front page"),
        ];
        let items = |kind: Kind| -> Vec<BacklinkView<'v>> {
            let of_kind = backlinks
                .iter()
                .filter(|b| self.site.pages[b.from].kind == kind);
            of_kind
                .map(|b| {
                    let link = self.link(b.from, root);
                    let context = self.site.context(b);
                    BacklinkView {
                        title: link.title,
                        href: link.href,
                        before: &context.before,
                        text: &context.text,
                        after: &context.after,
                    }
                })
                .collect()
        };
        groups
            .iter()
            .map(|&(kind, label)| BacklinkGroup {
                kind,
                label,
                items: items(kind),
            })
            .filter(|group| !group.items.is_empty())
            .collect()
    }

    fn source<'v>(
        &'v self,
        number: usize,
        entry: &'v SourceEntry,
        root: &'v str,
        with_citers: bool,
    ) -> SourceView<'v> {
        let s = &entry.source;
        let cited_by = if with_citers {
            entry
                .cited_by
                .iter()
                .map(|&id| self.link(id, root))
                .collect()
        } else {
            Vec::new()
        };
        SourceView {
            number,
            id: &s.id,
            anchor: source_anchor(&s.id),
            title: s.title.as_deref(),
            author: s.author.as_deref(),
            publisher: s.publisher.as_deref(),
            url: s.url.as_deref(),
            date: s.date.map(Shown),
            reliability: s.reliability.map(Reliability::letter),
            reliability_label: s.reliability.map(Reliability::label),
            note: s.note.as_deref(),
            cited_by,
        }
    }

    /// A brief's own events; a topic's or actor's events from all briefs.
    fn events<'v>(&'v self, id: PageId, root: &'v str) -> Vec<EntryView<'v>> {
        let site = self.site;
        site.events_of[id]
            .iter()
            .map(|&i| self.entry(&site.timeline[i], root))
            .collect()
    }

    fn entry<'v>(&'v self, entry: &'v Entry, root: &'v str) -> EntryView<'v> {
        let brief = &self.site.pages[entry.brief];
        EntryView {
            date: Shown(entry.date),
            date_iso: Iso(entry.date),
            title: &entry.title,
            href: Href {
                root,
                url: &brief.url,
            },
            is_event: entry.is_event,
            brief: &brief.title,
            actors: entry.actors.iter().map(|&a| self.link(a, root)).collect(),
        }
    }

    /// The timeline grouped by year.
    /// The timeline entries in `range` grouped by year; without their
    /// entries (only how many there are) for an overview.
    fn years<'v>(
        &'v self,
        root: &'v str,
        range: Range<usize>,
        with_entries: bool,
    ) -> Vec<YearView<'v>> {
        let mut years: Vec<YearView> = Vec::new();
        for entry in &self.site.timeline[range] {
            let year = entry.date.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearView {
                    year,
                    count: 0,
                    entries: Vec::new(),
                });
            }
            if let Some(last) = years.last_mut() {
                last.count += 1;
                if with_entries {
                    last.entries.push(self.entry(entry, root));
                }
            }
        }
        years
    }
}

/// The title of a page of a list: "Timeline", "Timeline: 2024".
fn part_title(list: &str, part: Part) -> String {
    match part {
        Part::All | Part::Overview => list.to_string(),
        _ => format!("{list}: {}", part.title()),
    }
}

/// The links between the pages of a split list (`None` for a list on one
/// page), with how many entries each holds.
fn parts(
    root: &str,
    list: &str,
    counts: impl Iterator<Item = (Part, usize)>,
    current: Part,
) -> Option<Vec<PartLink>> {
    let links: Vec<PartLink> = counts
        .filter(|(part, _)| !matches!(part, Part::All | Part::Overview))
        .map(|(part, count)| PartLink {
            title: part.title(),
            href: format!("{root}{list}{}index.html", part.folder()),
            count,
            current: part == current,
        })
        .collect();
    (!links.is_empty()).then_some(links)
}

fn history_view(history: crate::content::history::PageHistory<'_>) -> HistoryView<'_> {
    let date = |c: Option<&&Commit>| c.map(|c| c.date);
    let (first, last) = (
        date(history.revisions.last()),
        date(history.revisions.first()),
    );
    HistoryView {
        first: first.map(Shown),
        first_iso: first.map(Iso),
        last: last.map(Shown),
        last_iso: last.map(Iso),
        revisions: history
            .revisions
            .iter()
            .map(|c| RevisionView {
                hash: &c.short,
                date: Shown(c.date),
                date_iso: Iso(c.date),
                author: &c.author,
                subject: &c.subject,
                corrections: &c.corrections,
            })
            .collect(),
        uncommitted: history.uncommitted,
    }
}

/// Every correction made to a page, newest first.
fn corrections<'a>(history: &crate::content::history::PageHistory<'a>) -> Vec<CorrectionView<'a>> {
    let each = history.revisions.iter().flat_map(|c| {
        c.corrections.iter().map(|text| CorrectionView {
            text,
            date: Shown(c.date),
            date_iso: Iso(c.date),
            hash: &c.short,
        })
    });
    each.collect()
}

/// The main navigation: the site's list pages, then its other pages.
fn nav(site: &Site) -> Vec<(String, String)> {
    let mut nav: Vec<(String, String)> = [
        ("Timeline", "timeline/"),
        ("Topics", "topics/"),
        ("Actors", "actors/"),
        ("Sources", "sources/"),
        ("Changes", "changes/"),
        ("Graph", "graph/"),
    ]
    .iter()
    .map(|(t, u)| (t.to_string(), u.to_string()))
    .collect();
    let mut pages: Vec<&Page> = site
        .pages
        .iter()
        .map(|p| &**p)
        .filter(|p| p.kind == Kind::Page)
        .collect();
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    nav.extend(pages.into_iter().map(|p| (p.title.clone(), p.url.clone())));
    nav
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
