//! `dossier.json`: the whole linked dossier as data, described by
//! `schema/dossier.schema.json` (`schema_version` 1). Pages are named by
//! their site-relative URL, which every other part refers to; links carry
//! the sentence they sit in, as a reader sees it.
//!
//! Each part is a typed struct borrowing from the site, serialized
//! straight to the file's bytes. Every struct's fields are in
//! alphabetical order: the order the file's keys have always had.

use serde::{Serialize, Serializer};

use super::published::Published;
use crate::content::frontmatter::sources::Archive;
use crate::markdown::page::Kind;
use crate::site::{Backlink, Entry, PageId, Resolved, Site, SourceEntry};

/// The version of `dossier.json`'s layout: raised only when a field is
/// removed or changes meaning; added fields keep it.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Model<'a> {
    base_url: &'a str,
    description: &'a str,
    events: Each<'a, Event<'a>>,
    links: Vec<Link<'a>>,
    pages: Each<'a, Page<'a>>,
    schema_version: u32,
    sources: Each<'a, SourceView<'a>>,
    title: &'a str,
}

#[derive(Serialize)]
struct Page<'a> {
    actor_kind: Option<&'a str>,
    actors: Vec<&'a str>,
    aliases: Vec<&'a str>,
    backlinks: Vec<&'a str>,
    country: Option<&'a str>,
    date: Option<String>,
    kind: Kind,
    role: Option<&'a str>,
    slug: &'a str,
    sources: Vec<&'a str>,
    summary: &'a str,
    title: &'a str,
    topics: Vec<&'a str>,
    updated: Option<String>,
    url: &'a str,
}

#[derive(Serialize)]
struct Link<'a> {
    anchor: Option<&'a str>,
    from: &'a str,
    index: usize,
    sentence: Sentence<'a>,
    text: &'a str,
    to: &'a str,
}

#[derive(Serialize)]
struct SourceView<'a> {
    accessed: Option<String>,
    archive: Option<&'a str>,
    author: Option<&'a str>,
    cited_by: Vec<&'a str>,
    date: Option<String>,
    id: &'a str,
    note: Option<&'a str>,
    publisher: Option<&'a str>,
    reliability: Option<&'static str>,
    title: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Event<'a> {
    actors: Vec<&'a str>,
    brief: &'a str,
    date: String,
    sources: Vec<&'a str>,
    title: &'a str,
    r#type: &'static str,
}

/// A list serialized item by item as it is made, never held whole.
struct Each<'a, T>(Box<dyn Fn() -> Box<dyn Iterator<Item = T> + 'a> + 'a>);

impl<T: Serialize> Serialize for Each<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// A link's sentence: the text before it, its own and the text after,
/// written as one string without joining them first.
struct Sentence<'a>(&'a str, &'a str, &'a str);

impl Serialize for Sentence<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}{}{}", self.0, self.1, self.2))
    }
}

/// The file's bytes.
pub(super) fn file(published: &Published) -> Vec<u8> {
    let site = published.site;
    let model = Model {
        base_url: &site.config.base_url,
        description: &site.config.description,
        events: Each(Box::new(|| {
            Box::new(
                published
                    .timeline()
                    .into_iter()
                    .map(|e| event(published, e)),
            )
        })),
        links: links(published),
        pages: Each(Box::new(|| {
            Box::new(published.pages.iter().map(|&id| page(published, id)))
        })),
        schema_version: SCHEMA_VERSION,
        sources: Each(Box::new(|| {
            Box::new(
                published
                    .sources()
                    .into_iter()
                    .map(|(e, by)| source(site, e, by)),
            )
        })),
        title: &site.config.title,
    };
    let mut bytes = Vec::new();
    // Writing to memory fails only on a non-string map key, which no
    // struct here has.
    if serde_json::to_writer_pretty(&mut bytes, &model).is_err() {
        bytes.clear();
    }
    bytes.push(b'\n');
    bytes
}

fn urls<'a>(published: &Published<'a>, ids: impl IntoIterator<Item = PageId>) -> Vec<&'a str> {
    let site = published.site;
    published
        .among(ids)
        .into_iter()
        .map(|id| site.pages[id].url.as_str())
        .collect()
}

fn page<'a>(published: &Published<'a>, id: PageId) -> Page<'a> {
    let site = published.site;
    let page = &site.pages[id];
    let front = &page.front;
    let backlinks = site.backlinks[id].iter().map(|b| b.from);
    Page {
        actor_kind: front.kind.as_deref(),
        actors: urls(published, site.actors_of[id].iter().copied()),
        aliases: front.aliases.iter().map(|(a, _)| a.as_str()).collect(),
        backlinks: urls(published, backlinks),
        country: front.country.as_deref(),
        date: front.date.map(|d| d.iso()),
        kind: page.kind,
        role: front.role.as_deref(),
        slug: &page.slug,
        sources: published.source_ids(id),
        summary: site.summary(id),
        title: &page.title,
        topics: urls(published, site.topics_of[id].iter().copied()),
        updated: front.updated.map(|d| d.iso()),
        url: &page.url,
    }
}

/// Every link between published pages, from each page in URL order, in
/// the order its body has them.
fn links<'a>(published: &Published<'a>) -> Vec<Link<'a>> {
    let site = published.site;
    let mut out = Vec::new();
    for &to in &published.pages {
        let shown = site.backlinks[to]
            .iter()
            .filter(|b| published.shows(b.from));
        out.extend(shown.map(|backlink| (published.rank(backlink.from), link(site, to, backlink))));
    }
    // By the linking page's URL (its rank: the same order, without
    // comparing strings), then its body's order; a tie keeps the
    // linked pages' URL order, as it always has.
    out.sort_by_key(|(from, link)| (*from, link.index));
    out.into_iter().map(|(_, link)| link).collect()
}

fn link<'a>(site: &'a Site, to: PageId, backlink: &'a Backlink) -> Link<'a> {
    let context = site.context(backlink);
    let anchor = match site.links[backlink.from].get(backlink.link) {
        Some(Resolved::Page { anchor, .. }) => anchor.as_deref(),
        _ => None,
    };
    Link {
        anchor,
        from: &site.pages[backlink.from].url,
        index: backlink.link,
        sentence: Sentence(&context.before, &context.text, &context.after),
        text: &context.text,
        to: &site.pages[to].url,
    }
}

fn source<'a>(site: &'a Site, entry: &'a SourceEntry, cited_by: Vec<PageId>) -> SourceView<'a> {
    let source = &entry.source;
    let archive = match (&entry.archive_file, &source.archive) {
        (Some(file), _) => Some(file.url.as_str()),
        (None, Some(Archive::Url(url))) => Some(url.as_str()),
        _ => None,
    };
    SourceView {
        accessed: source.accessed.map(|d| d.iso()),
        archive,
        author: source.author.as_deref(),
        cited_by: cited_by
            .iter()
            .map(|&id| site.pages[id].url.as_str())
            .collect(),
        date: source.date.map(|d| d.iso()),
        id: &source.id,
        note: source.note.as_deref(),
        publisher: source.publisher.as_deref(),
        reliability: source.reliability.map(|r| r.letter()),
        title: source.title.as_deref(),
        url: source.url.as_deref(),
    }
}

/// One timeline row.
fn event<'a>(published: &Published<'a>, entry: &'a Entry) -> Event<'a> {
    Event {
        actors: urls(published, entry.actors.iter().copied()),
        brief: &published.site.pages[entry.brief].url,
        date: entry.date.iso(),
        sources: published.event_sources(entry),
        title: &entry.title,
        r#type: if entry.is_event { "event" } else { "brief" },
    }
}
