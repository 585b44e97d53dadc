//! Rendering: turns the linked `Site` into HTML pages through the theme's
//! templates. Templates receive view structs built here, never the model,
//! and every internal URL in them is already relative to the page.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::date::PartialDate;
use crate::graph::{Backlink, Entry, PageId, Resolved, Site, SourceEntry};
use crate::output::OutputFile;
use crate::page::{Kind, Page};
use crate::slug::slugify_or_hash;

/// Escapes text for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
pub type Previous = HashMap<String, (u64, Arc<[u8]>)>;

/// The pages of one render, and how many had to be rendered afresh.
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub fingerprints: Previous,
    pub fresh: usize,
}

/// Renders one page per model page plus the list pages. A page whose
/// template data hash equal to `previous`'s is not rendered again: its old
/// bytes are reused. `theme` is the templates' own fingerprint, so a
/// template change renders everything.
pub fn pages(
    site: &Site,
    tera: &Tera,
    theme: u64,
    previous: &Previous,
) -> Result<Rendered, Vec<TemplateError>> {
    let renderer = Renderer::new(site, tera, theme, previous);
    let packs = site.of_kind(Kind::Topic).map(|(id, _)| Job::TopicPack(id));
    let jobs: Vec<Job> = (0..site.pages.len())
        .map(Job::Page)
        .chain(Job::LISTS.iter().copied())
        .chain(packs)
        .collect();
    let results: Vec<Result<(OutputFile, u64, bool), TemplateError>> =
        jobs.par_iter().map(|job| renderer.render(*job)).collect();
    let mut rendered = Rendered {
        files: Vec::with_capacity(results.len()),
        fingerprints: HashMap::new(),
        fresh: 0,
    };
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok((file, fingerprint, fresh)) => {
                rendered.fresh += usize::from(fresh);
                rendered
                    .fingerprints
                    .insert(file.path.clone(), (fingerprint, file.bytes.clone()));
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

/// Renders the page `id` alone: for a rebuild where nothing else can have
/// changed. Returns the file and its fingerprint.
pub fn one_page(
    site: &Site,
    tera: &Tera,
    theme: u64,
    previous: &Previous,
    id: PageId,
) -> Result<(OutputFile, u64), TemplateError> {
    let renderer = Renderer::new(site, tera, theme, previous);
    renderer
        .page(id)
        .map(|(file, fingerprint, _)| (file, fingerprint))
}

/// Renders the briefing packs that hold brief `id`: the whole dossier's
/// and those of its topics. A body-only rebuild renders them with the
/// brief, since they show its body too.
pub fn packs_holding(
    site: &Site,
    tera: &Tera,
    theme: u64,
    previous: &Previous,
    id: PageId,
) -> Result<Vec<(OutputFile, u64)>, TemplateError> {
    let renderer = Renderer::new(site, tera, theme, previous);
    let topics = site.topics_of[id].iter().map(|&t| Job::TopicPack(t));
    std::iter::once(Job::Pack)
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
    Timeline,
    Sources,
    NotFound,
    Graph,
    Pack,
    TopicPack(PageId),
    #[cfg_attr(not(feature = "search"), allow(dead_code))]
    Search,
}

impl Job {
    const LISTS: &'static [Job] = &[
        Job::Topics,
        Job::Actors,
        Job::Timeline,
        Job::Sources,
        Job::NotFound,
        Job::Graph,
        Job::Pack,
        #[cfg(feature = "search")]
        Job::Search,
    ];
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    nav: Vec<(String, String)>,
    theme: u64,
    previous: &'a Previous,
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
    graph: Option<crate::graphview::GraphView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pack: Option<crate::pack::PackView>,
}

/// The site-wide values every template gets as `site`.
#[derive(Serialize, Hash)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    author: Option<&'a str>,
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
    entries: Vec<EntryView<'a>>,
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
        serializer.serialize_str(&content(self.site, self.id, self.root))
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
    /// A topic's or actor's neighbours as inline SVG (see `graphview`).
    local_graph: Option<String>,
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
const KEY_ACTORS_ON_FRONT_PAGE: usize = 12;

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, tera: &'a Tera, theme: u64, previous: &'a Previous) -> Self {
        Renderer {
            site,
            tera,
            nav: nav(site),
            theme,
            previous,
        }
    }

    /// Renders one job: `(file, fingerprint, rendered afresh)`.
    fn render(&self, job: Job) -> Result<(OutputFile, u64, bool), TemplateError> {
        let (template, url, title) = match job {
            Job::Page(id) => return self.page(id),
            Job::TopicPack(id) => return self.topic_pack(id),
            Job::Topics => ("topics.html", "topics/", "Topics"),
            Job::Actors => ("actors.html", "actors/", "Actors"),
            Job::Timeline => ("timeline.html", "timeline/", "Timeline"),
            Job::Sources => ("sources.html", "sources/", "Sources"),
            Job::NotFound => ("404.html", "", "Page not found"),
            Job::Graph => ("graph.html", "graph/", "Graph"),
            Job::Pack => ("print.html", "print/", "Briefing pack"),
            Job::Search => ("search.html", "search/", "Search"),
        };
        // The 404 page is served at any depth, so its links are absolute.
        let root = if matches!(job, Job::NotFound) {
            self.site.config.base_url.clone()
        } else {
            root_of(url)
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
            Job::Timeline => Lists {
                years: Some(self.years(&root)),
                ..Lists::default()
            },
            Job::Sources => {
                let all = self.site.sources.iter().enumerate();
                Lists {
                    sources: Some(
                        all.map(|(i, s)| self.source(i + 1, s, &root, true))
                            .collect(),
                    ),
                    ..Lists::default()
                }
            }
            Job::Graph => Lists {
                graph: Some(crate::graphview::site_view(self.site, &root)),
                ..Lists::default()
            },
            Job::Pack => Lists {
                pack: Some(crate::pack::whole(self.site, &root)),
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
            frame: self.frame(url, &root, title),
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
                pack: Some(crate::pack::topic(self.site, id, &root)),
                ..Lists::default()
            },
        };
        let path = format!("{url}index.html");
        self.finish("print.html", path, &Data::List(Box::new(data)))
    }

    fn page(&self, id: PageId) -> Result<(OutputFile, u64, bool), TemplateError> {
        let page = &self.site.pages[id];
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
        let mut hasher = std::hash::DefaultHasher::new();
        (self.theme, template, data).hash(&mut hasher);
        let fingerprint = hasher.finish();
        if let Some((old, bytes)) = self
            .previous
            .get(&path)
            .filter(|(old, _)| *old == fingerprint)
        {
            return Ok((OutputFile::new(path, bytes.clone()), *old, false));
        }
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
            updated: front.updated.map(Shown),
            updated_iso: front.updated.map(Iso),
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
            local_graph: matches!(page.kind, Kind::Topic | Kind::Actor)
                .then(|| crate::graphview::local_svg(site, id, root))
                .flatten(),
            extra: &front.extra,
        }
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

    /// The briefs naming a topic or actor, newest first.
    fn briefs_naming<'v>(&'v self, id: PageId, root: &'v str) -> Vec<BriefItem<'v>> {
        self.site.named_by[id]
            .iter()
            .map(|&b| self.brief_item(b, root))
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
                    let context = &b.context;
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
            anchor: format!("source-{}", slugify_or_hash(&s.id)),
            title: s.title.as_deref(),
            author: s.author.as_deref(),
            publisher: s.publisher.as_deref(),
            url: s.url.as_deref(),
            date: s.date.map(Shown),
            reliability: s.reliability.map(grade),
            reliability_label: s.reliability.map(reliability_label),
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
    fn years<'v>(&'v self, root: &'v str) -> Vec<YearView<'v>> {
        let mut years: Vec<YearView> = Vec::new();
        for entry in &self.site.timeline {
            let year = entry.date.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearView {
                    year,
                    entries: Vec::new(),
                });
            }
            if let Some(last) = years.last_mut() {
                last.entries.push(self.entry(entry, root));
            }
        }
        years
    }
}

/// The body HTML of page `id` with every link placeholder replaced.
pub(crate) fn content(site: &Site, id: PageId, root: &str) -> String {
    let html = &site.pages[id].body.html;
    let links = &site.links[id];
    let mut out = String::with_capacity(html.len() + links.len() * 32);
    let mut rest = html.as_str();
    while let Some(start) = rest.find('\u{0}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('\u{0}') else {
            break;
        };
        let token = &after[..end];
        match token.strip_suffix('~') {
            Some(index) => out.push_str(&escape(&site.link_label(id, index.parse().ok()))),
            None => out.push_str(&link_attributes(
                site,
                token.parse().ok().and_then(|i: usize| links.get(i)),
                root,
            )),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn link_attributes(site: &Site, resolved: Option<&Resolved>, root: &str) -> String {
    match resolved {
        Some(Resolved::Page { id, anchor }) => {
            let target = &site.pages[*id];
            let anchor = anchor.as_ref().map_or(String::new(), |a| format!("#{a}"));
            format!(
                "href=\"{root}{}{}\" class=\"internal {}\"",
                escape(&target.output_path()),
                escape(&anchor),
                target.kind.noun()
            )
        }
        _ => "class=\"unpublished\" title=\"Not published yet\"".to_string(),
    }
}

pub(crate) fn grade(grade: char) -> &'static str {
    match grade {
        'A' => "A",
        'B' => "B",
        'C' => "C",
        'D' => "D",
        'E' => "E",
        _ => "F",
    }
}

/// The main navigation: the site's list pages, then its other pages.
fn nav(site: &Site) -> Vec<(String, String)> {
    let mut nav: Vec<(String, String)> = [
        ("Timeline", "timeline/"),
        ("Topics", "topics/"),
        ("Actors", "actors/"),
        ("Sources", "sources/"),
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

pub(crate) fn reliability_label(grade: char) -> &'static str {
    match grade {
        'A' => "completely reliable",
        'B' => "usually reliable",
        'C' => "fairly reliable",
        'D' => "not usually reliable",
        'E' => "unreliable",
        _ => "reliability cannot be judged",
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

    #[test]
    fn escaping_covers_attributes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
