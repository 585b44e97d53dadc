//! `dossier.json`: the whole linked dossier as data, described by
//! `schema/dossier.schema.json` (`schema_version` 1). Pages are named by
//! their site-relative URL, which every other part refers to; links carry
//! the sentence they sit in, as a reader sees it.
//!
//! Each part is a typed struct borrowing from the site, serialized
//! straight to the file's bytes. Every struct's fields are in
//! alphabetical order: the order the file's keys have always had.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::published::Published;
use crate::content::frontmatter::sources::Archive;
use crate::markdown::page::Kind;
use crate::site::{Backlink, Entry, PageId, Resolved, Site, SourceEntry};

/// The version of `dossier.json`'s layout: raised only when a field is
/// removed or changes meaning; added fields keep it.
pub const SCHEMA_VERSION: u32 = 1;

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

/// A link's sentence: the text before it, its own and the text after,
/// written as one string without joining them first.
struct Sentence<'a>(&'a str, &'a str, &'a str);

impl Serialize for Sentence<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{}{}{}", self.0, self.1, self.2))
    }
}

/// How many items of a list one task serializes.
const CHUNK: usize = 256;

/// The indent of the lists' items: two levels in (the model, the list).
const ITEM_INDENT: &[u8] = b"    ";

/// Writes the file: what `serde_json::to_writer_pretty` writes of the
/// model, an object whose keys are in alphabetical order (see the test
/// against serde_json's own output), with the four long lists made in
/// chunks on every core: a rebuild in `serve` waits for this file.
pub(super) fn write(published: &Published, out: &mut dyn Write) -> io::Result<()> {
    write_in_chunks(published, CHUNK, out)
}

fn write_in_chunks(published: &Published, chunk: usize, out: &mut dyn Write) -> io::Result<()> {
    let site = published.site;
    let (timeline, sources, links) = (published.timeline(), published.sources(), links(published));
    out.write_all(b"{")?;
    key(out, "base_url", true)?;
    scalar(out, &site.config.base_url)?;
    key(out, "description", false)?;
    scalar(out, &site.config.description)?;
    key(out, "events", false)?;
    list(out, &timeline, chunk, |one, e| {
        pretty(one, &event(published, e))
    })?;
    key(out, "links", false)?;
    list(out, &links, chunk, pretty)?;
    key(out, "pages", false)?;
    list(out, &published.pages, chunk, |one, &id| {
        pretty(one, &page(published, id));
    })?;
    key(out, "schema_version", false)?;
    scalar(out, &SCHEMA_VERSION)?;
    key(out, "sources", false)?;
    list(out, &sources, chunk, |one, (e, by)| {
        pretty(one, &source(site, e, by));
    })?;
    key(out, "title", false)?;
    scalar(out, &site.config.title)?;
    out.write_all(b"\n}\n")
}

/// A key of the model, after the one before it (or, `first`, the
/// opening brace).
fn key(out: &mut dyn Write, key: &str, first: bool) -> io::Result<()> {
    if !first {
        out.write_all(b",")?;
    }
    out.write_all(b"\n  \"")?;
    out.write_all(key.as_bytes())?;
    out.write_all(b"\": ")
}

/// A string or number, which serde_json writes the same pretty or not.
fn scalar<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(out, value).map_err(io::Error::from)
}

/// How many items' chunks are made at once before they are written: the
/// lists are not held whole (at 10,000 briefs the links alone are tens
/// of megabytes), while every core still has chunks to make.
const CHUNKS_AT_ONCE: usize = 32;

/// `items` as serde_json's pretty printer writes a list one level into
/// the model: `[]`, or each item on its own lines two levels in, joined
/// by `,`. Each item is written pretty on its own and indented after:
/// a JSON string holds no line break unescaped, so every line break in
/// an item's text is one the printer made.
fn list<I: Sync>(
    out: &mut dyn Write,
    items: &[I],
    chunk: usize,
    item: impl Fn(&mut Vec<u8>, &I) + Sync,
) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let chunk = chunk.max(1);
    let mut first = true;
    for window in items.chunks(chunk * CHUNKS_AT_ONCE) {
        let chunks: Vec<Vec<u8>> = window
            .par_chunks(chunk)
            .map(|chunk| {
                let (mut bytes, mut one) = (Vec::new(), Vec::new());
                for each in chunk {
                    one.clear();
                    item(&mut one, each);
                    bytes.extend_from_slice(b",\n");
                    bytes.extend_from_slice(ITEM_INDENT);
                    indented(&mut bytes, &one);
                }
                bytes
            })
            .collect();
        for bytes in chunks {
            // The first item has no comma before it.
            out.write_all(if first { &bytes[1..] } else { &bytes })?;
            first = false;
        }
    }
    out.write_all(b"\n  ]")
}

/// `value` as serde_json writes it pretty on its own.
fn pretty<T: Serialize>(out: &mut Vec<u8>, value: &T) {
    // As in `scalar`: no map here has a key that is not a string.
    let _ = serde_json::to_writer_pretty(out, value);
}

/// `json` with each line after the first indented by `ITEM_INDENT`.
fn indented(out: &mut Vec<u8>, json: &[u8]) {
    let mut lines = json.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.extend_from_slice(ITEM_INDENT);
        out.extend_from_slice(line);
    }
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
        sentence: Sentence(context.before(), context.text(), context.after()),
        text: context.text(),
        to: &site.pages[to].url,
    }
}

fn source<'a>(site: &'a Site, entry: &'a SourceEntry, cited_by: &[PageId]) -> SourceView<'a> {
    let source = &entry.source;
    let archive = match (&entry.archive_file, source.archive.as_deref()) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildOptions;
    use crate::build::rebuild::Builder;

    /// The model as one value, as the file was written before its lists
    /// were made in chunks: serde_json's own pretty output.
    #[derive(Serialize)]
    struct Model<'a> {
        base_url: &'a str,
        description: &'a str,
        events: Vec<Event<'a>>,
        links: Vec<Link<'a>>,
        pages: Vec<Page<'a>>,
        schema_version: u32,
        sources: Vec<SourceView<'a>>,
        title: &'a str,
    }

    fn whole(published: &Published) -> Vec<u8> {
        let site = published.site;
        let sources = published.sources();
        let model = Model {
            base_url: &site.config.base_url,
            description: &site.config.description,
            events: (published.timeline().into_iter())
                .map(|e| event(published, e))
                .collect(),
            links: links(published),
            pages: (published.pages.iter())
                .map(|&id| page(published, id))
                .collect(),
            schema_version: SCHEMA_VERSION,
            sources: (sources.iter())
                .map(|(e, by)| source(site, e, by))
                .collect(),
            title: &site.config.title,
        };
        let mut bytes = serde_json::to_vec_pretty(&model).unwrap();
        bytes.push(b'\n');
        bytes
    }

    fn site(root: &std::path::Path) -> Site {
        let mut diagnostics = Vec::new();
        let site = Builder::once(BuildOptions::new(root)).link(&mut diagnostics);
        site.unwrap_or_else(|_| panic!("{} does not link", root.display()))
    }

    fn same_as_serde_json(site: &Site) {
        let published = Published::of(site);
        let expected = whole(&published);
        for chunk in [1, 3, CHUNK] {
            let mut made = Vec::new();
            write_in_chunks(&published, chunk, &mut made).unwrap();
            assert!(made == expected, "chunks of {chunk} differ from serde_json");
        }
    }

    #[test]
    fn the_shipped_dossier_is_written_as_serde_json_writes_it() {
        let site = site(std::path::Path::new(env!("CARGO_MANIFEST_DIR")));
        let published = Published::of(&site);
        assert!(published.pages.len() > 3 && !published.sources().is_empty());
        assert!(!published.timeline().is_empty() && !links(&published).is_empty());
        same_as_serde_json(&site);
    }

    #[test]
    fn empty_lists_are_written_as_serde_json_writes_them() {
        let dir = tempfile::tempdir().unwrap();
        let brief = dir.path().join("content/briefs/a.md");
        std::fs::create_dir_all(brief.parent().unwrap()).unwrap();
        std::fs::write(&brief, "---\ntitle: Alone\n---\n\nNo \"links\"\nhere.\n").unwrap();
        let site = site(dir.path());
        assert!(links(&Published::of(&site)).is_empty());
        same_as_serde_json(&site);
    }
}
