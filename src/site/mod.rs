//! The link graph: resolves every name, link and citation once, against the
//! whole dossier, then derives what pages show about each other: backlinks,
//! briefs per topic and actor, related topics, the timeline and the source
//! lists. It runs after every page is parsed and before anything renders;
//! the `Site` it returns is never changed afterwards.

use crate::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::config::SiteConfig;
use crate::content::frontmatter::sources::{Source, SourceRef};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::page::{Kind, Page};
use crate::markdown::{Context, LinkTarget};
use crate::text::date::PartialDate;
use crate::text::slug::{name_key, nearest, slugify};
use crate::yaml::locate::Place;

pub type PageId = usize;

/// Where one body link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A page, and maybe a heading id on it.
    Page { id: PageId, anchor: Option<String> },
    /// A draft that is not being published: shown as plain text.
    Unpublished,
    /// Nothing; an error has been reported.
    Broken,
}

/// A page that links here, with the sentence around the link.
#[derive(Debug, Clone)]
pub struct Backlink {
    pub from: PageId,
    /// Which of `from`'s body links it is.
    pub link: usize,
    /// The sentence as a reader sees it, only when that differs from the
    /// sentence as parsed (it holds an unlabelled link, shown by its
    /// label): most sentences are shared with the page, not copied.
    plain: Option<Context>,
}

/// A row of the timeline: a brief's own date, or an event it records.
#[derive(Debug, Clone)]
pub struct Entry {
    pub date: PartialDate,
    pub title: String,
    pub brief: PageId,
    pub actors: Vec<PageId>,
    pub is_event: bool,
}

/// A source and the pages that rely on it.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub source: Arc<Source>,
    pub cited_by: Vec<PageId>,
}

/// The whole dossier, linked. Per-page tables are indexed by `PageId`.
#[derive(Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub pages: Vec<Arc<Page>>,
    /// Per page, per body link (same order as `body.links`).
    pub links: Vec<Vec<Resolved>>,
    pub backlinks: Vec<Vec<Backlink>>,
    /// Per brief: the topics and actors its front matter names.
    pub topics_of: Vec<Vec<PageId>>,
    pub actors_of: Vec<Vec<PageId>>,
    /// Per topic or actor: the briefs whose front matter names it, newest
    /// first.
    pub named_by: Vec<Vec<PageId>>,
    /// Per brief: indexes into `timeline` of the events it records. Per
    /// topic or actor: of the events that involve it.
    pub events_of: Vec<Vec<usize>>,
    /// Per topic or actor: topics that share briefs with it, with counts.
    pub related: Vec<Vec<(PageId, usize)>>,
    pub timeline: Vec<Entry>,
    pub sources: Vec<SourceEntry>,
    /// Per page: indexes into `sources`, in citation-number order.
    pub source_lists: Vec<Vec<usize>>,
    /// Briefs, newest first.
    pub briefs_by_date: Vec<PageId>,
    /// Per page: its summary as a reader sees it.
    pub summaries: Vec<String>,
}

impl Site {
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.kind == kind)
            .map(|(id, page)| (id, &**page))
    }

    /// The text of unlabelled wiki link `index` of page `id`: the name as
    /// written, unless it is a slug, which reads better as the target's
    /// title; a link to a heading of the same page (`[[#outlook]]`) shows
    /// the heading.
    pub fn link_label(&self, id: PageId, index: Option<usize>) -> String {
        let page = &self.pages[id];
        let Some(index) = index else {
            return String::new();
        };
        let written = match page.body.links.get(index).map(|l| &l.target) {
            Some(LinkTarget::Name { name, .. }) => name.as_str(),
            _ => return String::new(),
        };
        match self.links[id].get(index) {
            Some(Resolved::Page {
                id: target,
                anchor: Some(anchor),
            }) if written.is_empty() => {
                let headings = &self.pages[*target].body.headings;
                headings
                    .iter()
                    .find(|h| h.id == *anchor)
                    .map_or_else(|| anchor.clone(), |h| h.text.clone())
            }
            Some(Resolved::Page { id: target, .. }) => {
                let target = &self.pages[*target];
                // Written as the title or an alias: keep it; as the slug
                // (plain or `kind/slug`): show the title instead.
                let key = page.body.links[index].key.as_str();
                let is_slug = key == target.slug
                    || key
                        .split_once('/')
                        .is_some_and(|(_, slug)| slug == target.slug);
                let by_name = !key.is_empty()
                    && !is_slug
                    && target
                        .keys
                        .binary_search_by(|k| k.as_str().cmp(key))
                        .is_ok();
                if by_name {
                    written.to_string()
                } else {
                    target.title.clone()
                }
            }
            _ => written.to_string(),
        }
    }

    /// Plain text from page `id` (a link context, its first paragraph) as
    /// a reader sees it: each unlabelled link's `\0N~\0` placeholder
    /// becomes its label, and a placeholder cut by shortening is dropped.
    pub fn plain(&self, id: PageId, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find('\u{0}') {
            out.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let Some(end) = after.find('\u{0}') else {
                return out;
            };
            if let Some(index) = after[..end].strip_suffix('~') {
                out.push_str(&self.link_label(id, index.parse().ok()));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The sentence around a backlink, as a reader sees it.
    pub fn context<'a>(&'a self, backlink: &'a Backlink) -> &'a Context {
        match &backlink.plain {
            Some(plain) => plain,
            None => &self.pages[backlink.from].body.links[backlink.link].context,
        }
    }

    /// The one-sentence summary of page `id`: its front matter's, else its
    /// first paragraph as a reader sees it.
    pub fn summary(&self, id: PageId) -> &str {
        self.summaries.get(id).map_or("", String::as_str)
    }

    /// Fills in what needs the whole linked site: summaries and backlink
    /// contexts as a reader sees them (unlabelled links by their labels).
    /// Summaries and backlink contexts in plain text, which needs every
    /// link's label: page by page, in parallel.
    fn finish(mut self, backlinks: Vec<Vec<(PageId, usize)>>) -> Self {
        self.summaries = (0..self.pages.len())
            .into_par_iter()
            .map(|id| match &self.pages[id].front.summary {
                Some(summary) => summary.clone(),
                None => shorten(&self.plain(id, &self.pages[id].body.first_paragraph)),
            })
            .collect();
        let plain = |from: PageId, link: usize| {
            let context = &self.pages[from].body.links[link].context;
            let parts = [&context.before, &context.text, &context.after];
            parts.iter().any(|p| p.contains('\u{0}')).then(|| Context {
                before: self.plain(from, &context.before),
                text: self.plain(from, &context.text),
                after: self.plain(from, &context.after),
            })
        };
        self.backlinks = backlinks
            .par_iter()
            .map(|list| {
                list.iter()
                    .map(|&(from, link)| Backlink {
                        from,
                        link,
                        plain: plain(from, link),
                    })
                    .collect()
            })
            .collect();
        self
    }
}

/// Links the parsed pages into a site. `drafts` are pages left out of this
/// build: links to them are reported and shown as unpublished text.
pub fn link(
    config: SiteConfig,
    mut pages: Vec<Arc<Page>>,
    drafts: &[Arc<Page>],
    registry: Vec<Source>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    check_duplicate_urls(&pages, diagnostics);
    let (topics_of, actors_of) = resolve_names(&mut pages);
    // Sources depend on nothing the names and links resolve, so they are
    // collected on one core while the links are resolved on the other.
    let mut source_problems = Vec::new();
    let ((sources, source_lists), (links, timeline)) = rayon::join(
        || collect_sources(&pages, registry, &mut source_problems),
        || {
            check_aliases(&pages, diagnostics);
            let names = NameIndex::new(&pages, drafts);
            let links = resolve_links(&pages, &names, diagnostics);
            let timeline = timeline(&pages, &actors_of, &names);
            (links, timeline)
        },
    );
    diagnostics.extend(source_problems);
    let backlinks = backlinks(&pages, &links);
    let named_by = named_by(&pages, &topics_of, &actors_of);
    let events_of = events_of(&pages, &timeline, &topics_of);
    let related = related(&pages, &topics_of, &named_by);
    let briefs_by_date = briefs_by_date(&pages);
    let named_by = newest_first(named_by, &briefs_by_date);
    Site {
        config,
        pages,
        links,
        backlinks: Vec::new(),
        topics_of,
        actors_of,
        named_by,
        events_of,
        related,
        timeline,
        sources,
        source_lists,
        briefs_by_date,
        summaries: Vec::new(),
    }
    .finish(backlinks)
}

/// A default summary (a first paragraph) shortened at a word to a length
/// that suits lists and feeds; a written `summary:` is used as it is.
fn shorten(text: &str) -> String {
    const MOST: usize = 320;
    if text.chars().count() <= MOST {
        return text.to_string();
    }
    let head: String = text.chars().take(MOST).collect();
    let head = head
        .rsplit_once(' ')
        .map_or(head.as_str(), |(first, _)| first);
    format!("{}…", head.trim_end_matches([',', ';', ':']))
}

/// Two files that would write the same URL are an error naming both.
fn check_duplicate_urls(pages: &[Arc<Page>], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Page> = HashMap::default();
    for page in pages {
        let Some(first) = seen.insert(&page.url, page) else {
            continue;
        };
        seen.insert(&first.url, first);
        let path = |p: &Page| {
            p.file
                .as_ref()
                .map_or(String::new(), |f| f.path.display().to_string())
        };
        let mut diagnostic = Diagnostic::error(
            "duplicate-slug",
            format!(
                "duplicate slug '{}': {} and {} both become /{}",
                page.slug,
                path(first),
                path(page),
                page.url
            ),
        )
        .hint("rename one of the files; a brief's slug is its file name, whatever folder it is in");
        if let Some(file) = &page.file {
            diagnostic = diagnostic.at(file.line_col(1, 1, 1));
        }
        diagnostics.push(diagnostic);
    }
}

/// An alias that is also another page's title, slug or alias would make
/// every link using it ambiguous, so each such alias is an error.
fn check_aliases(pages: &[Arc<Page>], diagnostics: &mut Vec<Diagnostic>) {
    // Only the aliases' keys can collide: most dossiers have few aliases,
    // so the pages owning each are gathered for those keys alone.
    let mut owners: HashMap<String, Vec<PageId>> = pages
        .iter()
        .flat_map(|p| {
            p.front
                .aliases
                .iter()
                .map(|(alias, _)| (name_key(alias), Vec::new()))
        })
        .collect();
    if owners.is_empty() {
        return;
    }
    for (id, page) in pages.iter().enumerate().filter(|(_, p)| linkable(p.kind)) {
        for key in page_keys(page) {
            if let Some(ids) = owners.get_mut(key)
                && ids.last() != Some(&id)
            {
                ids.push(id);
            }
        }
    }
    for (id, page) in pages.iter().enumerate().filter(|(_, p)| linkable(p.kind)) {
        for (alias, at) in &page.front.aliases {
            let others: Vec<String> = owners
                .get(name_key(alias).as_str())
                .into_iter()
                .flatten()
                .filter(|&&other| other != id)
                .map(|&other| describe(&pages[other]))
                .collect();
            if others.is_empty() {
                continue;
            }
            let d = Diagnostic::error(
                "alias-collision",
                format!("alias '{alias}' is also a name of {}", others.join(" and ")),
            )
            .hint("change or remove the alias: links using it could not tell the pages apart");
            diagnostics.push(d.at(at.0.clone()));
        }
    }
}

/// A page as named in messages: `topics/gas ('Gas')`.
fn describe(page: &Page) -> String {
    format!("{}/{} ('{}')", page.kind.folder(), page.slug, page.title)
}

/// Looks up topics (or actors) by name, creating a page for each name that
/// no file describes.
struct KindIndex {
    kind: Kind,
    keys: HashMap<String, PageId>,
}

impl KindIndex {
    fn new(pages: &[Arc<Page>], kind: Kind) -> Self {
        let mut index = KindIndex {
            kind,
            keys: HashMap::default(),
        };
        for (id, page) in pages.iter().enumerate().filter(|(_, p)| p.kind == kind) {
            index.add(id, page);
        }
        index
    }

    fn add(&mut self, id: PageId, page: &Page) {
        for key in page_keys(page) {
            self.keys.entry(key.to_string()).or_insert(id);
        }
    }

    fn find_or_add(&mut self, name: &str, pages: &mut Vec<Arc<Page>>) -> PageId {
        if let Some(&id) = self
            .keys
            .get(name_key(name).as_str())
            .or_else(|| self.keys.get(slugify(name).as_str()))
        {
            return id;
        }
        let page = Page::implied(self.kind, name);
        let id = pages.len();
        self.add(id, &page);
        pages.push(Arc::new(page));
        id
    }
}

/// The keys a page is found by: title, slug and aliases.
fn page_keys(page: &Page) -> impl Iterator<Item = &str> + '_ {
    page.keys.iter().map(String::as_str)
}

/// Resolves the topic and actor names in briefs' front matter (events'
/// actors included), adding pages for names without a file.
fn resolve_names(pages: &mut Vec<Arc<Page>>) -> (Vec<Vec<PageId>>, Vec<Vec<PageId>>) {
    let count = pages.len();
    // Briefs name the same few topics and actors over and over: each
    // distinct name is looked up once, in the order the names first
    // appear, so implied pages are added in that order.
    let (mut topic_ids, mut actor_ids) = (HashMap::default(), HashMap::default());
    {
        let distinct = distinct_names(&pages[..]);
        let mut topics = KindIndex::new(pages, Kind::Topic);
        let mut actors = KindIndex::new(pages, Kind::Actor);
        for (kind, name) in distinct {
            let (index, ids) = if kind == Kind::Topic {
                (&mut topics, &mut topic_ids)
            } else {
                (&mut actors, &mut actor_ids)
            };
            let id = index.find_or_add(&name, pages);
            ids.insert(name, id);
        }
    }
    // Every name was looked up above, so no lookup misses.
    let of = |ids: &HashMap<String, PageId>, names: &[(String, Place)]| {
        dedup(
            names
                .iter()
                .filter_map(|(name, _)| ids.get(name.as_str()).copied()),
        )
    };
    let (mut topics_of, mut actors_of): (Vec<Vec<PageId>>, Vec<Vec<PageId>>) = pages[..count]
        .par_iter()
        .map(|page| match page.kind {
            Kind::Brief => (
                of(&topic_ids, &page.front.topics),
                of(&actor_ids, &page.front.actors),
            ),
            _ => (Vec::new(), Vec::new()),
        })
        .unzip();
    topics_of.resize(pages.len(), Vec::new());
    actors_of.resize(pages.len(), Vec::new());
    (topics_of, actors_of)
}

/// The topic and actor names briefs use (events' actors included), each
/// once, in the order a reading of the briefs meets them.
fn distinct_names(pages: &[Arc<Page>]) -> Vec<(Kind, String)> {
    let mut seen: HashSet<(Kind, &str)> = HashSet::default();
    let mut distinct = Vec::new();
    for page in pages.iter().filter(|p| p.kind == Kind::Brief) {
        let front = &page.front;
        let topics = front.topics.iter().map(|(n, _)| (Kind::Topic, n.as_str()));
        let actors = front.actors.iter().map(|(n, _)| (Kind::Actor, n.as_str()));
        let in_events = front
            .events
            .iter()
            .flat_map(|e| e.actors.iter().map(|n| (Kind::Actor, n.as_str())));
        for (kind, name) in topics.chain(actors).chain(in_events) {
            if seen.insert((kind, name)) {
                distinct.push((kind, name.to_string()));
            }
        }
    }
    distinct
}

fn dedup(ids: impl Iterator<Item = PageId>) -> Vec<PageId> {
    let mut set = IndexSet::default();
    for id in ids {
        set.insert(id);
    }
    set.items
}

/// Every name a wiki link can use, across briefs, topics and actors.
struct NameIndex<'a> {
    keys: HashMap<&'a str, Vec<PageId>>,
    drafts: HashMap<&'a str, &'a str>,
    files: HashMap<&'a str, PageId>,
    draft_files: HashMap<&'a str, &'a str>,
    pages: &'a [Arc<Page>],
}

impl<'a> NameIndex<'a> {
    fn new(pages: &'a [Arc<Page>], drafts: &'a [Arc<Page>]) -> Self {
        let mut keys: HashMap<&str, Vec<PageId>> = HashMap::default();
        for (id, page) in pages.iter().enumerate().filter(|(_, p)| linkable(p.kind)) {
            for key in page_keys(page) {
                let ids = keys.entry(key).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        let drafts_by_key = drafts
            .iter()
            .flat_map(|d| page_keys(d).map(move |k| (k, d.title.as_str())))
            .collect();
        let files = pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| Some((p.content_path.as_deref()?, id)))
            .collect();
        let draft_files = drafts
            .iter()
            .filter_map(|d| Some((d.content_path.as_deref()?, d.title.as_str())))
            .collect();
        NameIndex {
            keys,
            drafts: drafts_by_key,
            files,
            draft_files,
            pages,
        }
    }

    fn lookup(&self, name: &str) -> &[PageId] {
        self.lookup_key(&name_key(name), name)
    }

    /// Looks up a name whose key is already known.
    fn lookup_key(&self, key: &str, name: &str) -> &[PageId] {
        let found = self
            .keys
            .get(key)
            .or_else(|| self.keys.get(slugify(name).as_str()));
        found.map_or(&[], Vec::as_slice)
    }

    fn draft(&self, name: &str) -> Option<&str> {
        self.drafts
            .get(name_key(name).as_str())
            .or_else(|| self.drafts.get(slugify(name).as_str()))
            .copied()
    }

    /// The known name closest to `wanted`, to suggest in an error.
    fn suggest(&self, wanted: &str) -> Option<String> {
        let names = self
            .pages
            .iter()
            .filter(|p| linkable(p.kind))
            .flat_map(|p| {
                std::iter::once(p.title.as_str())
                    .chain(p.front.aliases.iter().map(|(a, _)| a.as_str()))
            });
        nearest(wanted, names).map(str::to_owned)
    }
}

fn linkable(kind: Kind) -> bool {
    matches!(kind, Kind::Brief | Kind::Topic | Kind::Actor)
}

/// Resolves every body link of every page.
fn resolve_links(
    pages: &[Arc<Page>],
    names: &NameIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<Resolved>> {
    let results: Vec<(Vec<Resolved>, Found)> = pages
        .par_iter()
        .enumerate()
        .map(|(id, page)| {
            let mut found = Found::default();
            let resolved = page
                .body
                .links
                .iter()
                .map(|link| resolve(id, page, link, names, &mut found))
                .collect();
            (resolved, found)
        })
        .collect();
    let mut unknown = Vec::new();
    let resolved = results
        .into_iter()
        .map(|(resolved, found)| {
            let offset = diagnostics.len();
            unknown.extend(
                found
                    .unknown
                    .into_iter()
                    .map(|(at, name)| (offset + at, name)),
            );
            diagnostics.extend(found.diagnostics);
            resolved
        })
        .collect();
    suggest_names(diagnostics, unknown, names);
    resolved
}

/// The problems found while resolving one page's links; `unknown` holds
/// the index in `diagnostics` and the name of each unknown link, whose
/// hint `suggest_names` adds.
#[derive(Default)]
struct Found {
    diagnostics: Vec<Diagnostic>,
    unknown: Vec<(usize, String)>,
}

/// Adds a "did you mean" hint to each unknown-link diagnostic, computing
/// each distinct name's suggestion once. Past a few hundred distinct names
/// (a renamed topic, say) the rest get the general hint, so a large dossier
/// with many broken links still reports at once.
fn suggest_names(diagnostics: &mut [Diagnostic], unknown: Vec<(usize, String)>, names: &NameIndex) {
    const MOST: usize = 500;
    let mut cache: HashMap<String, Option<String>> = HashMap::default();
    for (at, wanted) in unknown {
        let Some(diagnostic) = diagnostics.get_mut(at) else {
            continue;
        };
        let near = match cache.get(&wanted) {
            Some(near) => near.clone(),
            None if cache.len() < MOST => {
                let near = names.suggest(&wanted);
                cache.insert(wanted, near.clone());
                near
            }
            None => None,
        };
        diagnostic.hint = Some(match near {
            Some(near) => format!("did you mean '{near}'?"),
            None => {
                "link to a brief, topic or actor by its title, file name or an alias".to_string()
            }
        });
    }
}

fn resolve(
    from: PageId,
    page: &Page,
    link: &crate::markdown::Link,
    names: &NameIndex,
    problems: &mut Found,
) -> Resolved {
    let target = &link.target;
    let out = &mut problems.diagnostics;
    // Where the link is, worked out only for a link with a problem.
    let located = |d: Diagnostic| match &page.file {
        Some(file) => d.at(file.span(link.span.start, link.span.end)),
        None => d,
    };
    let (found, fragment) = match target {
        LinkTarget::Name {
            name,
            fragment: None,
        } if name.is_empty() => (Err(Some(empty_link())), &None),
        LinkTarget::Name { name, fragment } if name.is_empty() => (Ok(from), fragment),
        LinkTarget::Name { name, fragment } => (by_name(name, &link.key, names), fragment),
        LinkTarget::File { path, fragment } => (by_file(page, path, names), fragment),
    };
    let id = match found {
        Ok(id) => id,
        Err(Some(diagnostic)) => {
            if let (LinkTarget::Name { name, .. }, "unknown-link") = (target, diagnostic.code) {
                problems.unknown.push((out.len(), name.clone()));
            }
            out.push(located(diagnostic));
            return Resolved::Broken;
        }
        Err(None) => {
            let name = match target {
                LinkTarget::Name { name, .. } => name,
                LinkTarget::File { path, .. } => path,
            };
            out.push(located(
                Diagnostic::warning(
                    "link-to-draft",
                    format!("'{name}' is a draft, so this link is shown as unpublished text"),
                )
                .hint("publish the target (remove `draft: true`) or build with --drafts"),
            ));
            return Resolved::Unpublished;
        }
    };
    match fragment {
        None => Resolved::Page { id, anchor: None },
        Some(fragment) => match anchor(&names.pages[id], fragment) {
            Ok(anchor) => Resolved::Page {
                id,
                anchor: Some(anchor),
            },
            Err(diagnostic) => {
                out.push(located(diagnostic));
                Resolved::Broken
            }
        },
    }
}

fn empty_link() -> Diagnostic {
    Diagnostic::error(
        "empty-link",
        "empty wiki link: no page is named between the brackets",
    )
    .hint("write the name of a brief, topic or actor between the brackets, or remove them")
}

/// `Err(None)` means the name is a draft's. An unknown name's diagnostic
/// has no hint yet: `suggest_names` adds one once all links are resolved.
fn by_name(name: &str, key: &str, names: &NameIndex) -> Result<PageId, Option<Diagnostic>> {
    match names.lookup_key(key, name) {
        [id] => Ok(*id),
        [] if names.draft(name).is_some() => Err(None),
        [] => Err(Some(Diagnostic::error(
            "unknown-link",
            format!("unknown link target '{name}'"),
        ))),
        ids => {
            let candidates: Vec<String> =
                ids.iter().map(|&id| describe(&names.pages[id])).collect();
            let first = ids.first().map(|&id| &names.pages[id]);
            let example = first.map_or(String::new(), |p| {
                format!("[[{}/{}]]", p.kind.folder(), p.slug)
            });
            Err(Some(
                Diagnostic::error(
                    "ambiguous-link",
                    format!("'{name}' could mean {}", candidates.join(" or ")),
                )
                .hint(format!("name the page by kind and slug, e.g. {example}")),
            ))
        }
    }
}

fn by_file(page: &Page, path: &str, names: &NameIndex) -> Result<PageId, Option<Diagnostic>> {
    let base = page.content_path.as_deref().unwrap_or("");
    let Some(joined) = join_relative(base, path) else {
        return Err(Some(
            Diagnostic::error(
                "unknown-file-link",
                format!("link to '{path}' leaves the content folder"),
            )
            .hint("link to Markdown files inside content/ with paths relative to this file"),
        ));
    };
    if let Some(&id) = names.files.get(joined.as_str()) {
        return Ok(id);
    }
    if names.draft_files.contains_key(joined.as_str()) {
        return Err(None);
    }
    Err(Some(
        Diagnostic::error(
            "unknown-file-link",
            format!("no content file '{path}' (looked for content/{joined})"),
        )
        .hint("check the path; it is relative to the folder of the file that links"),
    ))
}

/// Joins a relative link to the folder of `base` (both inside `content/`);
/// `None` if it climbs above `content/`.
fn join_relative(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// The id of the heading `fragment` names on `page`.
fn anchor(page: &Page, fragment: &str) -> Result<String, Diagnostic> {
    let wanted = slugify(fragment);
    let headings = &page.body.headings;
    if let Some(h) = headings.iter().find(|h| h.id == fragment || h.id == wanted) {
        return Ok(h.id.clone());
    }
    let diagnostic = Diagnostic::error(
        "unknown-heading",
        format!("'{}' has no heading '{fragment}'", page.title),
    );
    let near = nearest(fragment, headings.iter().map(|h| h.id.as_str()));
    Err(match near {
        Some(near) => diagnostic.hint(format!("did you mean '#{near}'?")),
        None if headings.is_empty() => {
            diagnostic.hint("the page has no headings; link to the page itself")
        }
        None => {
            let ids: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
            diagnostic.hint(format!("its headings are: {}", ids.join(", ")))
        }
    })
}

/// Every page that links to each page, once per linking page, in page order.
/// For each page, the pages linking to it: `(from, index of the link in
/// from's body)`, the first link of each page only. Contexts are filled in
/// by [`Site::finish`], once labels are known.
fn backlinks(pages: &[Arc<Page>], links: &[Vec<Resolved>]) -> Vec<Vec<(PageId, usize)>> {
    let mut backlinks: Vec<Vec<(PageId, usize)>> = vec![Vec::new(); pages.len()];
    for (from, resolved) in links.iter().enumerate() {
        for (index, resolved) in resolved.iter().enumerate() {
            let Resolved::Page { id, .. } = *resolved else {
                continue;
            };
            let list = &mut backlinks[id];
            if id != from && list.last().is_none_or(|&(last, _)| last != from) {
                list.push((from, index));
            }
        }
    }
    backlinks
}

fn named_by(
    pages: &[Arc<Page>],
    topics_of: &[Vec<PageId>],
    actors_of: &[Vec<PageId>],
) -> Vec<Vec<PageId>> {
    let mut named_by = vec![Vec::new(); pages.len()];
    for brief in 0..pages.len() {
        for &target in topics_of[brief].iter().chain(&actors_of[brief]) {
            named_by[target].push(brief);
        }
    }
    named_by
}

/// Every brief date and event, in date order (a year before its months, a
/// month before its days).
fn timeline(pages: &[Arc<Page>], actors_of: &[Vec<PageId>], names: &NameIndex) -> Vec<Entry> {
    let mut entries: Vec<Entry> = pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Brief)
        .flat_map_iter(|(id, page)| entries_of(id, page, actors_of, names))
        .collect();
    entries.par_sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.is_event.cmp(&b.is_event))
            .then(a.brief.cmp(&b.brief))
            .then(a.title.cmp(&b.title))
    });
    entries
}

/// The timeline entries of brief `id`: its date, then its events.
fn entries_of(id: PageId, page: &Page, actors_of: &[Vec<PageId>], names: &NameIndex) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(1 + page.front.events.len());
    if let Some(date) = page.front.date {
        entries.push(Entry {
            date,
            title: page.title.clone(),
            brief: id,
            actors: actors_of[id].clone(),
            is_event: false,
        });
    }
    for event in &page.front.events {
        let actors = event.actors.iter().filter_map(|a| {
            names
                .lookup(a)
                .iter()
                .copied()
                .find(|&id| names.pages[id].kind == Kind::Actor)
        });
        entries.push(Entry {
            date: event.date,
            title: event.title.clone(),
            brief: id,
            actors: dedup(actors),
            is_event: true,
        });
    }
    entries
}

/// Per brief: its own events. Per actor: the events that name it. Per
/// topic: the events of its briefs.
fn events_of(
    pages: &[Arc<Page>],
    timeline: &[Entry],
    topics_of: &[Vec<PageId>],
) -> Vec<Vec<usize>> {
    let mut events_of = vec![Vec::new(); pages.len()];
    for (index, entry) in timeline.iter().enumerate().filter(|(_, e)| e.is_event) {
        events_of[entry.brief].push(index);
        for &actor in &entry.actors {
            events_of[actor].push(index);
        }
        for &topic in &topics_of[entry.brief] {
            events_of[topic].push(index);
        }
    }
    events_of
}

/// Topics that share briefs with each topic or actor, most shared first.
fn related(
    pages: &[Arc<Page>],
    topics_of: &[Vec<PageId>],
    named_by: &[Vec<PageId>],
) -> Vec<Vec<(PageId, usize)>> {
    const SHOWN: usize = 12;
    (0..pages.len())
        .map(|id| {
            if !matches!(pages[id].kind, Kind::Topic | Kind::Actor) {
                return Vec::new();
            }
            let mut counts: HashMap<PageId, usize> = HashMap::default();
            for &brief in &named_by[id] {
                for &topic in topics_of[brief].iter().filter(|&&t| t != id) {
                    *counts.entry(topic).or_default() += 1;
                }
            }
            let mut counts: Vec<(PageId, usize)> = counts.into_iter().collect();
            counts.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| pages[a.0].title.cmp(&pages[b.0].title))
                    .then(a.0.cmp(&b.0))
            });
            counts.truncate(SHOWN);
            counts
        })
        .collect()
}

/// Orders each list of briefs as `by_date` orders all of them.
fn newest_first(mut lists: Vec<Vec<PageId>>, by_date: &[PageId]) -> Vec<Vec<PageId>> {
    let mut rank = vec![0; lists.len()];
    for (position, &id) in by_date.iter().enumerate() {
        rank[id] = position;
    }
    for list in &mut lists {
        list.sort_by_key(|&id| rank[id]);
    }
    lists
}

fn briefs_by_date(pages: &[Arc<Page>]) -> Vec<PageId> {
    let mut briefs: Vec<PageId> = (0..pages.len())
        .filter(|&id| pages[id].kind == Kind::Brief)
        .collect();
    briefs.sort_by(|&a, &b| {
        pages[b]
            .front
            .date
            .cmp(&pages[a].front.date)
            .then_with(|| pages[a].title.cmp(&pages[b].title))
    });
    briefs
}

/// Builds the table of all sources (the registry's, then those defined in
/// pages) and each page's numbered source list; checks every citation.
fn collect_sources(
    pages: &[Arc<Page>],
    registry: Vec<Source>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<SourceEntry>, Vec<Vec<usize>>) {
    let mut table = SourceTable::default();
    for source in registry {
        table.add_registry(source, diagnostics);
    }
    let registry_len = table.entries.len();
    let locals: Vec<HashMap<&str, usize>> = pages
        .iter()
        .map(|page| table.add_local(page, diagnostics))
        .collect();
    let found: Vec<(Vec<usize>, Vec<Diagnostic>)> = pages
        .par_iter()
        .zip(&locals)
        .map(|(page, local)| {
            let mut found = Vec::new();
            let list = source_list(page, local, &table.by_id, registry_len, &mut found);
            (list, found)
        })
        .collect();
    let lists = found
        .into_iter()
        .enumerate()
        .map(|(id, (list, found))| {
            for &index in &list {
                table.entries[index].cited_by.push(id);
            }
            diagnostics.extend(found);
            list
        })
        .collect();
    unused_registry_sources(&table.entries, registry_len, diagnostics);
    (table.entries, lists)
}

#[derive(Default)]
struct SourceTable {
    entries: Vec<SourceEntry>,
    by_id: HashMap<String, usize>,
}

impl SourceTable {
    fn add_registry(&mut self, source: Source, diagnostics: &mut Vec<Diagnostic>) {
        if self.by_id.contains_key(&source.id) {
            let mut d = Diagnostic::error(
                "duplicate-source",
                format!("source id '{}' is defined twice in sources.yaml", source.id),
            )
            .hint("give each source its own id");
            if let Some(at) = &source.location {
                d = d.at(at.0.clone());
            }
            diagnostics.push(d);
            return;
        }
        self.by_id.insert(source.id.clone(), self.entries.len());
        self.entries.push(SourceEntry {
            source: Arc::new(source),
            cited_by: Vec::new(),
        });
    }

    /// Adds a page's own source definitions; returns their ids and indexes.
    fn add_local<'p>(
        &mut self,
        page: &'p Page,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> HashMap<&'p str, usize> {
        let mut local = HashMap::default();
        for source in page.front.sources.iter().filter_map(|s| match s {
            SourceRef::Defined(s) => Some(s),
            SourceRef::Id(..) => None,
        }) {
            let index = match self.by_id.get(&source.id) {
                Some(&index) => {
                    let known = &self.entries[index].source;
                    if (&known.title, &known.url, &known.publisher)
                        != (&source.title, &source.url, &source.publisher)
                    {
                        let mut d = Diagnostic::warning("duplicate-source", format!("source id '{}' is already defined differently elsewhere; the first definition is used", source.id))
                            .hint("give this source its own id, or cite the existing one by id alone");
                        if let Some(at) = &source.location {
                            d = d.at(at.0.clone());
                        }
                        diagnostics.push(d);
                    }
                    index
                }
                None => {
                    let index = self.entries.len();
                    self.by_id.insert(source.id.clone(), index);
                    self.entries.push(SourceEntry {
                        source: source.clone(),
                        cited_by: Vec::new(),
                    });
                    index
                }
            };
            local.insert(source.id.as_str(), index);
        }
        local
    }
}

/// A page's sources in numbering order: cited ones first (so citation
/// numbers match), then those only listed in front matter or events.
fn source_list(
    page: &Page,
    local: &HashMap<&str, usize>,
    all: &HashMap<String, usize>,
    registry_len: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<usize> {
    let known = |id: &str| {
        local
            .get(id)
            .copied()
            .or_else(|| all.get(id).copied().filter(|&i| i < registry_len))
    };
    let mut suggest = |id: &str, at: Option<Location>, what: &str| {
        let ids = local.keys().copied().chain(
            all.iter()
                .filter(|(_, i)| **i < registry_len)
                .map(|(k, _)| k.as_str()),
        );
        let mut d = Diagnostic::error(
            "unknown-source",
            format!("{what} '{id}' is not a source of this page or of content/sources.yaml"),
        );
        d = match nearest(id, ids) {
            Some(near) => d.hint(format!("did you mean '{near}'?")),
            None => d.hint(
                "define the source under `sources:` in the front matter or in content/sources.yaml",
            ),
        };
        diagnostics.push(match at {
            Some(at) => d.at(at),
            None => d,
        });
    };
    let mut list = IndexSet::default();
    for id in &page.body.cited {
        if let Some(index) = known(id) {
            list.insert(index);
        }
    }
    for citation in page
        .body
        .citations
        .iter()
        .filter(|c| known(&c.id).is_none())
    {
        let at = page
            .file
            .as_ref()
            .map(|f| f.span(citation.span.start, citation.span.end));
        suggest(&citation.id, at, "citation");
    }
    let mut cited = IndexSet::default();
    for id in &page.body.cited {
        cited.insert(id.as_str());
    }
    for event in &page.front.events {
        for id in &event.sources {
            cited.insert(id.as_str());
            match known(id) {
                Some(index) => {
                    list.insert(index);
                }
                None => suggest(id, Some(event.location.0.clone()), "event source"),
            }
        }
    }
    let mut uncited = Vec::new();
    for source in &page.front.sources {
        let (id, at) = match source {
            SourceRef::Defined(s) => (s.id.as_str(), s.location.clone().map(|at| at.0)),
            SourceRef::Id(id, at) => (id.as_str(), Some(at.0.clone())),
        };
        match known(id) {
            Some(index) => {
                list.insert(index);
            }
            None => {
                suggest(id, at, "source");
                continue;
            }
        }
        if !cited.contains(&id) && page.file.is_some() {
            let d = Diagnostic::warning(
                "uncited-source",
                format!("source '{id}' is listed but never cited"),
            )
            .hint(format!(
                "cite it as [@{id}] after the claim it supports, or remove it from `sources:`"
            ));
            uncited.push(match at {
                Some(at) => d.at(at),
                None => d,
            });
        }
    }
    diagnostics.extend(uncited);
    list.items
}

/// Items in first-inserted order, each once. A page names a handful of
/// things, so a small set is scanned; a large one gets a hash set, so no
/// page, however long, makes this quadratic.
struct IndexSet<T> {
    items: Vec<T>,
    seen: Option<HashSet<T>>,
}

/// Past this many items, a set is hashed instead of scanned.
const SCANNED: usize = 32;

impl<T> Default for IndexSet<T> {
    fn default() -> Self {
        IndexSet {
            items: Vec::new(),
            seen: None,
        }
    }
}

impl<T: Copy + Eq + std::hash::Hash> IndexSet<T> {
    /// Adds `item` unless it is there already; true if it was not.
    fn insert(&mut self, item: T) -> bool {
        let new = match &mut self.seen {
            Some(seen) => seen.insert(item),
            None if self.items.len() < SCANNED => !self.items.contains(&item),
            None => self
                .seen
                .insert(self.items.iter().copied().collect())
                .insert(item),
        };
        if new {
            self.items.push(item);
        }
        new
    }

    fn contains(&self, item: &T) -> bool {
        match &self.seen {
            Some(seen) => seen.contains(item),
            None => self.items.contains(item),
        }
    }
}

/// Sources in `sources.yaml` that no page cites or lists.
fn unused_registry_sources(
    sources: &[SourceEntry],
    registry_len: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in sources
        .iter()
        .take(registry_len)
        .filter(|e| e.cited_by.is_empty())
    {
        let id = &entry.source.id;
        let d = Diagnostic::warning(
            "uncited-source",
            format!("source '{id}' in sources.yaml is never cited"),
        )
        .hint(format!(
            "cite it as [@{id}] in a brief, or remove it from content/sources.yaml"
        ));
        diagnostics.push(match &entry.source.location {
            Some(at) => d.at(at.0.clone()),
            None => d,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_default_summaries_are_shortened_at_a_word() {
        let long = "word ".repeat(200);
        let short = shorten(long.trim());
        assert!(short.ends_with("word…"), "{short}");
        assert!(short.chars().count() <= 321);
        assert_eq!(shorten("Short enough."), "Short enough.");
    }

    #[test]
    fn relative_paths_join_inside_content() {
        assert_eq!(
            join_relative("briefs/military/a.md", "../b.md").as_deref(),
            Some("briefs/b.md")
        );
        assert_eq!(
            join_relative("briefs/a.md", "./c/d.md").as_deref(),
            Some("briefs/c/d.md")
        );
        assert_eq!(join_relative("a.md", "../../x.md"), None);
    }
}
