//! Rendering: turns the linked `Site` into HTML pages through the theme's
//! templates. Templates receive view structs built here, never the model,
//! and every internal URL in them is already relative to the page.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

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
    let renderer = Renderer {
        site,
        tera,
        nav: nav(site),
        theme,
        previous,
    };
    let jobs: Vec<Job> = (0..site.pages.len())
        .map(Job::Page)
        .chain(Job::LISTS.iter().copied())
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

#[derive(Clone, Copy)]
enum Job {
    Page(PageId),
    Topics,
    Actors,
    Timeline,
    Sources,
    NotFound,
}

impl Job {
    const LISTS: &'static [Job] = &[
        Job::Topics,
        Job::Actors,
        Job::Timeline,
        Job::Sources,
        Job::NotFound,
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
    root: String,
    nav: Vec<NavItem>,
    title: String,
    url: String,
    canonical: String,
    home: String,
}

/// The data of a page template: `page`, and the front page's lists.
#[derive(Serialize, Hash)]
struct PageData<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    page: PageView<'a>,
    #[serde(flatten)]
    front: Option<FrontPage>,
}

#[derive(Serialize, Hash)]
struct FrontPage {
    latest: Vec<BriefItem>,
    topics: Vec<CountedLink>,
    key_actors: Vec<CountedLink>,
    brief_count: usize,
}

/// The data of a list template.
#[derive(Serialize, Hash)]
struct ListData<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    #[serde(flatten)]
    lists: Lists,
}

/// The list a list template shows; each has one.
#[derive(Serialize, Hash, Default)]
struct Lists {
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<CountedLink>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    years: Option<Vec<YearView>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<SourceView>>,
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
struct NavItem {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize, Hash)]
struct LinkView {
    title: String,
    href: String,
}

#[derive(Serialize, Hash)]
struct BriefItem {
    title: String,
    href: String,
    date: Option<String>,
    date_iso: Option<String>,
    summary: String,
}

#[derive(Serialize, Hash)]
struct CountedLink {
    title: String,
    href: String,
    count: usize,
    summary: String,
}

#[derive(Serialize, Hash)]
struct BacklinkView {
    title: String,
    href: String,
    before: String,
    text: String,
    after: String,
}

#[derive(Serialize, Hash)]
struct BacklinkGroup {
    kind: Kind,
    label: &'static str,
    items: Vec<BacklinkView>,
}

#[derive(Serialize, Hash)]
struct SourceView {
    number: usize,
    id: String,
    anchor: String,
    title: Option<String>,
    author: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    date: Option<String>,
    reliability: Option<String>,
    reliability_label: Option<&'static str>,
    note: Option<String>,
    cited_by: Vec<LinkView>,
}

#[derive(Serialize, Hash)]
struct EntryView {
    date: String,
    date_iso: String,
    title: String,
    href: String,
    is_event: bool,
    brief: String,
    actors: Vec<LinkView>,
}

#[derive(Serialize, Hash)]
struct YearView {
    year: String,
    entries: Vec<EntryView>,
}

#[derive(Serialize, Hash)]
struct HeadingView {
    level: u8,
    id: String,
    text: String,
}

/// Everything a brief, topic, actor or other page's template gets as `page`.
#[derive(Serialize, Hash)]
struct PageView<'a> {
    kind: Kind,
    title: &'a str,
    slug: &'a str,
    href: String,
    canonical: String,
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    summary: String,
    content: String,
    toc: Vec<HeadingView>,
    words: usize,
    reading_minutes: usize,
    aliases: Vec<&'a str>,
    role: Option<&'a str>,
    country: Option<&'a str>,
    actor_kind: Option<&'a str>,
    topics: Vec<LinkView>,
    actors: Vec<LinkView>,
    sources: Vec<SourceView>,
    events: Vec<EntryView>,
    backlinks: Vec<BacklinkGroup>,
    briefs: Vec<BriefItem>,
    related: Vec<CountedLink>,
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
    /// Renders one job: `(file, fingerprint, rendered afresh)`.
    fn render(&self, job: Job) -> Result<(OutputFile, u64, bool), TemplateError> {
        match job {
            Job::Page(id) => self.page(id),
            Job::Topics => self.list("topics.html", "topics/", "Topics", |root| Lists {
                items: Some(self.counted(Kind::Topic, root)),
                ..Lists::default()
            }),
            Job::Actors => self.list("actors.html", "actors/", "Actors", |root| Lists {
                items: Some(self.counted(Kind::Actor, root)),
                ..Lists::default()
            }),
            Job::Timeline => self.list("timeline.html", "timeline/", "Timeline", |root| Lists {
                years: Some(self.years(root)),
                ..Lists::default()
            }),
            Job::Sources => self.list("sources.html", "sources/", "Sources", |root| {
                let all = self.site.sources.iter().enumerate();
                let sources = all
                    .map(|(i, s)| self.source(i + 1, s, root, true))
                    .collect();
                Lists {
                    sources: Some(sources),
                    ..Lists::default()
                }
            }),
            Job::NotFound => {
                // The 404 page is served at any depth, so its links are absolute.
                let frame = self.frame("", &self.site.config.base_url, "Page not found");
                let data = ListData {
                    frame,
                    lists: Lists::default(),
                };
                self.finish("404.html", "404.html".into(), &Data::List(Box::new(data)))
            }
        }
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

    fn list(
        &self,
        template: &str,
        url: &str,
        title: &str,
        fill: impl FnOnce(&str) -> Lists,
    ) -> Result<(OutputFile, u64, bool), TemplateError> {
        let root = root_of(url);
        let data = ListData {
            frame: self.frame(url, &root, title),
            lists: fill(&root),
        };
        self.finish(
            template,
            format!("{url}index.html"),
            &Data::List(Box::new(data)),
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

    fn frame(&self, url: &str, root: &str, title: &str) -> Frame<'a> {
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
            title: title.clone(),
            href: format!("{root}{target}index.html"),
            current: !target.is_empty() && url.starts_with(target.as_str()),
        });
        Frame {
            site,
            root: root.to_string(),
            nav: nav.collect(),
            title: title.to_string(),
            url: url.to_string(),
            canonical: format!("{}{url}", config.base_url),
            home: format!("{root}index.html"),
        }
    }

    fn front_page(&self, root: &str) -> FrontPage {
        let latest = self
            .site
            .briefs_by_date
            .iter()
            .take(LATEST_ON_FRONT_PAGE)
            .map(|&id| self.brief_item(id, root));
        let mut actors = self.counted(Kind::Actor, root);
        actors.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.title.cmp(&b.title)));
        actors.truncate(KEY_ACTORS_ON_FRONT_PAGE);
        FrontPage {
            latest: latest.collect(),
            topics: self.counted(Kind::Topic, root),
            key_actors: actors,
            brief_count: self.site.briefs_by_date.len(),
        }
    }

    fn page_view(&self, id: PageId, root: &str) -> PageView<'a> {
        let site = self.site;
        let page = &site.pages[id];
        let front = &page.front;
        PageView {
            kind: page.kind,
            title: &page.title,
            slug: &page.slug,
            href: format!("{root}{}", page.output_path()),
            canonical: format!("{}{}", site.config.base_url, page.url),
            date: front.date.map(|d| d.to_string()),
            date_iso: front.date.map(|d| d.iso()),
            updated: front.updated.map(|d| d.to_string()),
            updated_iso: front.updated.map(|d| d.iso()),
            summary: site.summary(id),
            content: self.content(id, root),
            toc: page
                .body
                .headings
                .iter()
                .filter(|h| h.level <= 3)
                .map(|h| HeadingView {
                    level: h.level,
                    id: h.id.clone(),
                    text: h.text.clone(),
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
            sources: site.source_lists[id]
                .iter()
                .enumerate()
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
            extra: &front.extra,
        }
    }

    /// The body HTML with every link placeholder replaced.
    fn content(&self, id: PageId, root: &str) -> String {
        let html = &self.site.pages[id].body.html;
        let links = &self.site.links[id];
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
                Some(index) => out.push_str(&escape(&self.site.link_label(id, index.parse().ok()))),
                None => {
                    out.push_str(&self.link_attributes(
                        token.parse().ok().and_then(|i: usize| links.get(i)),
                        root,
                    ))
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    fn link_attributes(&self, resolved: Option<&Resolved>, root: &str) -> String {
        match resolved {
            Some(Resolved::Page { id, anchor }) => {
                let target = &self.site.pages[*id];
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

    fn link(&self, id: PageId, root: &str) -> LinkView {
        let page = &self.site.pages[id];
        // Only the front page may have no title; it is the site's page.
        let title = match page.title.as_str() {
            "" => &self.site.config.title,
            title => title,
        };
        LinkView {
            title: title.to_string(),
            href: format!("{root}{}", page.output_path()),
        }
    }

    fn counted_link(&self, id: PageId, root: &str) -> CountedLink {
        let page = &self.site.pages[id];
        CountedLink {
            title: page.title.clone(),
            href: format!("{root}{}", page.output_path()),
            count: self.site.named_by[id].len(),
            summary: self.site.summary(id),
        }
    }

    /// All topics (or actors) with how many briefs name them, by title.
    fn counted(&self, kind: Kind, root: &str) -> Vec<CountedLink> {
        let mut items: Vec<CountedLink> = self
            .site
            .of_kind(kind)
            .map(|(id, _)| self.counted_link(id, root))
            .collect();
        items.sort_by_key(|item| item.title.to_lowercase());
        items
    }

    fn brief_item(&self, id: PageId, root: &str) -> BriefItem {
        let page = &self.site.pages[id];
        BriefItem {
            title: page.title.clone(),
            href: format!("{root}{}", page.output_path()),
            date: page.front.date.map(|d| d.to_string()),
            date_iso: page.front.date.map(|d| d.iso()),
            summary: self.site.summary(id),
        }
    }

    /// The briefs naming a topic or actor, newest first.
    fn briefs_naming(&self, id: PageId, root: &str) -> Vec<BriefItem> {
        let mut briefs = self.site.named_by[id].clone();
        let pages = &self.site.pages;
        briefs.sort_by(|&a, &b| {
            pages[b]
                .front
                .date
                .cmp(&pages[a].front.date)
                .then_with(|| pages[a].title.cmp(&pages[b].title))
        });
        briefs.iter().map(|&b| self.brief_item(b, root)).collect()
    }

    fn backlinks(&self, backlinks: &[Backlink], root: &str) -> Vec<BacklinkGroup> {
        let groups = [
            (Kind::Brief, "Briefs"),
            (Kind::Topic, "Topics"),
            (Kind::Actor, "Actors"),
            (Kind::Page, "Pages"),
            (Kind::Home, "Front page"),
        ];
        groups
            .iter()
            .filter_map(|&(kind, label)| {
                let items: Vec<BacklinkView> = backlinks
                    .iter()
                    .filter(|b| self.site.pages[b.from].kind == kind)
                    .map(|b| {
                        let link = self.link(b.from, root);
                        let plain = |text: &str| self.site.plain(b.from, text);
                        BacklinkView {
                            title: link.title,
                            href: link.href,
                            before: plain(&b.context.before),
                            text: plain(&b.context.text),
                            after: plain(&b.context.after),
                        }
                    })
                    .collect();
                (!items.is_empty()).then_some(BacklinkGroup { kind, label, items })
            })
            .collect()
    }

    fn source(
        &self,
        number: usize,
        entry: &SourceEntry,
        root: &str,
        with_citers: bool,
    ) -> SourceView {
        let s = &entry.source;
        SourceView {
            number,
            id: s.id.clone(),
            anchor: format!("source-{}", slugify_or_hash(&s.id)),
            title: s.title.clone(),
            author: s.author.clone(),
            publisher: s.publisher.clone(),
            url: s.url.clone(),
            date: s.date.map(|d| d.to_string()),
            reliability: s.reliability.map(String::from),
            reliability_label: s.reliability.map(reliability_label),
            note: s.note.clone(),
            cited_by: if with_citers {
                entry
                    .cited_by
                    .iter()
                    .map(|&id| self.link(id, root))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    /// A brief's own events; a topic's or actor's events from all briefs.
    fn events(&self, id: PageId, root: &str) -> Vec<EntryView> {
        let site = self.site;
        site.events_of[id]
            .iter()
            .map(|&i| self.entry(&site.timeline[i], root))
            .collect()
    }

    fn entry(&self, entry: &Entry, root: &str) -> EntryView {
        let brief = &self.site.pages[entry.brief];
        EntryView {
            date: entry.date.to_string(),
            date_iso: entry.date.iso(),
            title: entry.title.clone(),
            href: format!("{root}{}", brief.output_path()),
            is_event: entry.is_event,
            brief: brief.title.clone(),
            actors: entry.actors.iter().map(|&a| self.link(a, root)).collect(),
        }
    }

    /// The timeline grouped by year.
    fn years(&self, root: &str) -> Vec<YearView> {
        let mut years: Vec<YearView> = Vec::new();
        for entry in &self.site.timeline {
            let year = entry.date.year().to_string();
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

/// The main navigation: the site's list pages, then its other pages.
fn nav(site: &Site) -> Vec<(String, String)> {
    let mut nav: Vec<(String, String)> = [
        ("Briefs", "timeline/"),
        ("Topics", "topics/"),
        ("Actors", "actors/"),
        ("Sources", "sources/"),
    ]
    .iter()
    .map(|(t, u)| (t.to_string(), u.to_string()))
    .collect();
    nav[0].0 = "Timeline".into();
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

fn reliability_label(grade: char) -> &'static str {
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
