//! The render stage: takes the linked `Site` (with the git history, the
//! compiled theme and what earlier renders left to reuse) and gives every
//! HTML page of the site, streamed into the output's `Stager` as each is
//! made. This module says what is rendered and in what order (the jobs)
//! and renders each job through its template, skipping a page whose
//! template data are as last time. Templates receive the views of
//! `data` and `views`, never the model, and every internal URL in them
//! is already relative to the page. Beside the pages: the site's feeds
//! and sitemap (`feeds`), link previews (`previews`) and the theme
//! (`theme`), which the build stage writes alongside.

pub mod body;
mod data;
pub mod feeds;
mod frame;
pub mod grades;
pub mod graphview;
pub mod lists;
mod listview;
pub mod pack;
mod pageview;
pub mod previews;
pub mod theme;
mod views;

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::OnceLock;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::HashMap;
use crate::content::history::History;
use crate::markdown::page::Kind;
use crate::output::{OutputFile, Stager};
use crate::site::{PageId, Site};
use data::{Data, Frame, ListData, Lists, PageData};
use graphview::Layouts;
use lists::Part;
use views::CountedLink;

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
        .filter(|&(id, _)| pack::has_pack(site, id))
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
        .filter(|&&t| pack::has_pack(site, t))
        .map(|&t| Job::TopicPack(t));
    let whole = pack::whole_fits(site).then_some(Job::Pack);
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
                ("timeline.html", url, listview::part_title("Timeline", part))
            }
            Job::Sources(i) => {
                let part = self.sources()[i].0;
                let url = format!("sources/{}", part.folder());
                ("sources.html", url, listview::part_title("Sources", part))
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
                items: Some(CountedLink::all(self.site, Kind::Topic, &root)),
                ..Lists::default()
            },
            Job::Actors => Lists {
                items: Some(CountedLink::all(self.site, Kind::Actor, &root)),
                ..Lists::default()
            },
            Job::Timeline(i) => listview::timeline_part(self.site, self.timeline(), i, &root),
            Job::Sources(i) => listview::sources_part(self.site, self.sources(), i, &root),
            Job::Changes => Lists {
                changes: Some(listview::changes(self.site, self.history, &root)),
                history_note: self.history.note(),
                ..Lists::default()
            },
            Job::Graph => Lists {
                graph: Some(graphview::site_view(self.site, &root, self.reuse.layouts)),
                ..Lists::default()
            },
            Job::Pack => Lists {
                pack: Some(pack::whole(self.site, &root)),
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

    /// The briefing pack of topic `id`, in the topic's `print/` folder.
    fn topic_pack(&self, id: PageId) -> Result<(OutputFile, u64, bool), TemplateError> {
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

    fn page(&self, id: PageId) -> Result<(OutputFile, u64, bool), TemplateError> {
        let page = &self.site.pages[id];
        if self.reuse.unchanged.and_then(|u| u.get(id)) == Some(&true) {
            let path = page.output_path();
            if let Some((fingerprint, bytes)) = self.reuse.previous.and_then(|p| p.get(&path)) {
                return Ok((OutputFile::shared(path, bytes.clone()), *fingerprint, false));
            }
        }
        let root = root_of(&page.url);
        let front = (page.kind == Kind::Home).then(|| pageview::front_page(self.site, &root));
        let frame = self.frame(&page.url, &root, &page.title);
        let data = PageData {
            frame,
            page: pageview::page_view(self.site, self.history, self.reuse.layouts, id, &root),
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
