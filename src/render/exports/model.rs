//! `dossier.json`: the whole linked dossier as data, described by
//! `schema/dossier.schema.json` (`schema_version` 1). Pages are named by
//! their site-relative URL, which every other part refers to; links carry
//! the sentence they sit in, as a reader sees it.

use serde_json::{Value, json};

use super::published::Published;
use crate::content::frontmatter::sources::{Archive, Source};
use crate::site::{PageId, Resolved, Site};

/// The version of `dossier.json`'s layout: raised only when a field is
/// removed or changes meaning; added fields keep it.
pub const SCHEMA_VERSION: u32 = 1;

/// The file's bytes.
pub(super) fn file(published: &Published) -> Vec<u8> {
    let site = published.site;
    let pages: Vec<Value> = published
        .pages
        .iter()
        .map(|&id| page(published, id))
        .collect();
    let model = json!({
        "schema_version": SCHEMA_VERSION,
        "title": site.config.title,
        "description": site.config.description,
        "base_url": site.config.base_url,
        "pages": pages,
        "links": links(published),
        "sources": sources(published),
        "events": events(published),
    });
    let mut bytes = serde_json::to_vec_pretty(&model).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn urls(published: &Published, ids: &[PageId]) -> Vec<String> {
    published
        .among(ids.iter().copied())
        .into_iter()
        .map(|id| published.site.pages[id].url.clone())
        .collect()
}

fn page(published: &Published, id: PageId) -> Value {
    let site = published.site;
    let page = &site.pages[id];
    let front = &page.front;
    let backlinks: Vec<PageId> = site.backlinks[id].iter().map(|b| b.from).collect();
    json!({
        "kind": page.kind,
        "slug": page.slug,
        "url": page.url,
        "title": page.title,
        "aliases": front.aliases.iter().map(|(a, _)| a).collect::<Vec<_>>(),
        "summary": site.summary(id),
        "date": front.date.map(|d| d.iso()),
        "updated": front.updated.map(|d| d.iso()),
        "topics": urls(published, &site.topics_of[id]),
        "actors": urls(published, &site.actors_of[id]),
        "sources": published.source_ids(id),
        "backlinks": urls(published, &backlinks),
        "actor_kind": front.kind,
        "role": front.role,
        "country": front.country,
    })
}

/// Every link between published pages, from each page in URL order, in
/// the order its body has them.
fn links(published: &Published) -> Vec<Value> {
    let site = published.site;
    let mut out = Vec::new();
    for &to in &published.pages {
        let shown = site.backlinks[to]
            .iter()
            .filter(|b| published.shows(b.from));
        out.extend(shown.map(|backlink| link(site, to, backlink)));
    }
    out.sort_by(|a, b| {
        let key = |v: &Value| (v["from"].to_string(), v["index"].as_u64());
        key(a).cmp(&key(b))
    });
    out
}

fn link(site: &Site, to: PageId, backlink: &crate::site::Backlink) -> Value {
    let context = site.context(backlink);
    let anchor = match site.links[backlink.from].get(backlink.link) {
        Some(Resolved::Page { anchor, .. }) => anchor.clone(),
        _ => None,
    };
    json!({
        "from": site.pages[backlink.from].url,
        "index": backlink.link,
        "to": site.pages[to].url,
        "anchor": anchor,
        "text": context.text,
        "sentence": format!("{}{}{}", context.before, context.text, context.after),
    })
}

fn sources(published: &Published) -> Vec<Value> {
    let site = published.site;
    published
        .sources()
        .into_iter()
        .map(|(entry, cited_by)| {
            let archive = entry
                .archive_file
                .as_ref()
                .map(|file| file.url.clone())
                .or_else(|| archive_url(&entry.source));
            let source = &entry.source;
            json!({
                "id": source.id,
                "title": source.title,
                "author": source.author,
                "publisher": source.publisher,
                "url": source.url,
                "date": source.date.map(|d| d.iso()),
                "accessed": source.accessed.map(|d| d.iso()),
                "reliability": source.reliability.map(|r| r.letter()),
                "note": source.note,
                "archive": archive,
                "cited_by": cited_by.iter().map(|&id| site.pages[id].url.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn archive_url(source: &Source) -> Option<String> {
    match &source.archive {
        Some(Archive::Url(url)) => Some(url.clone()),
        _ => None,
    }
}

/// Every timeline row, in timeline order.
fn events(published: &Published) -> Vec<Value> {
    let site = published.site;
    published
        .timeline()
        .into_iter()
        .map(|entry| {
            json!({
                "date": entry.date.iso(),
                "title": entry.title,
                "type": if entry.is_event { "event" } else { "brief" },
                "brief": site.pages[entry.brief].url,
                "actors": urls(published, &entry.actors),
                "sources": published.event_sources(entry),
            })
        })
        .collect()
}
