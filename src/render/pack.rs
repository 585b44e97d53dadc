//! Briefing packs: the whole dossier (`/print/`) or one topic
//! (`/topics/<slug>/print/`) on a single page to print or save as PDF: a
//! table of contents, every brief with its sources, and the timeline.
//!
//! Brief bodies are the same HTML as on their own pages, with links made
//! relative to the pack's folder by `body::content`. Because many briefs
//! share one page here, every `id` inside a brief is prefixed with the
//! brief's slug (so two briefs' "Outlook" headings stay distinct), and a
//! link to a brief that is in the pack goes to its section in the pack.
//! A brief's sources are the views its own page shows, their anchors
//! prefixed the same way (`SourceView::in_pack`).

use crate::HashSet;

use serde::Serialize;

use crate::render::body;
use crate::render::views::{Language, SourceView};
use crate::site::{PageId, Site};
use crate::text::date::PartialDate;
use crate::text::html::escape;

/// What `print.html` gets as `pack`.
#[derive(Serialize, Hash)]
pub struct PackView<'a> {
    /// "Briefing pack" or the topic's title.
    pub title: String,
    /// The topic's own page, for a topic's pack.
    pub topic_href: Option<String>,
    pub briefs: Vec<PackBrief<'a>>,
    pub timeline: Vec<PackEntry>,
    /// For a dossier too large to print whole (more briefs than
    /// `list_limit`): how many briefs it has, and the topic packs there
    /// are instead.
    pub too_large: Option<usize>,
    pub topic_packs: Vec<TopicPack>,
}

/// A topic's pack, listed on the whole pack's page of a large dossier.
#[derive(Serialize, Hash, Debug)]
pub struct TopicPack {
    pub title: String,
    pub href: String,
    pub count: usize,
}

/// True when the whole dossier makes one pack: no more briefs than
/// `list_limit`; past that `/print/` lists the topic packs instead.
pub fn whole_fits(site: &Site) -> bool {
    site.briefs_by_date.len() <= site.config.list_limit
}

/// True when topic `id` has a pack: when it has briefs and they are no
/// more than `list_limit`. Past that a single page is no briefing: it
/// would print to thousands of pages and take the build as long as the
/// rest of the site.
pub fn has_pack(site: &Site, id: PageId) -> bool {
    let count = site.named_by[id].len();
    count > 0 && count <= site.config.list_limit
}

/// One brief, ready to print.
#[derive(Serialize, Hash)]
pub struct PackBrief<'a> {
    /// The id of the brief's section in the pack.
    pub anchor: String,
    pub title: String,
    /// `lang` and `dir` for the brief's section (see [`Language`]).
    #[serde(flatten)]
    pub language: Language<'a>,
    /// The brief's own page.
    pub href: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub summary: String,
    /// A written `summary:`, else empty: see `PageView::lead`.
    pub lead: String,
    pub topics: Vec<String>,
    pub actors: Vec<String>,
    /// The body HTML, ids prefixed and in-pack links pointing into the pack.
    pub content: String,
    pub sources: Vec<SourceView<'a>>,
}

/// A timeline line: a brief or an event recorded in one.
#[derive(Serialize, Hash, Debug)]
pub struct PackEntry {
    pub date: String,
    pub date_iso: String,
    pub title: String,
    pub is_event: bool,
    pub brief: String,
    /// The brief's section in the pack.
    pub anchor: String,
}

/// The whole dossier's pack, for a page at `root`: every brief, oldest
/// first.
pub fn whole<'a>(site: &'a Site, root: &str) -> PackView<'a> {
    let count = site.briefs_by_date.len();
    if !whole_fits(site) {
        let topic_packs = site
            .of_kind(crate::markdown::page::Kind::Topic)
            .filter(|&(id, _)| has_pack(site, id))
            .map(|(id, page)| TopicPack {
                title: page.title.clone(),
                href: format!("{root}{}print/index.html", page.url),
                count: site.named_by[id].len(),
            })
            .collect();
        return PackView {
            title: "Briefing pack".to_string(),
            topic_href: None,
            briefs: Vec::new(),
            timeline: Vec::new(),
            too_large: Some(count),
            topic_packs,
        };
    }
    let briefs: Vec<PageId> = site.briefs_by_date.iter().rev().copied().collect();
    view(site, "Briefing pack".to_string(), None, &briefs, root)
}

/// The pack of topic `topic`, for a page at `root`: the briefs naming it.
pub fn topic<'a>(site: &'a Site, topic: PageId, root: &str) -> PackView<'a> {
    let briefs: Vec<PageId> = site.named_by[topic].iter().rev().copied().collect();
    let page = &site.pages[topic];
    let href = format!("{root}{}", page.output_path());
    view(site, page.title.clone(), Some(href), &briefs, root)
}

fn view<'a>(
    site: &'a Site,
    title: String,
    topic_href: Option<String>,
    briefs: &[PageId],
    root: &str,
) -> PackView<'a> {
    let members: HashSet<&str> = briefs
        .iter()
        .map(|&b| site.pages[b].slug.as_str())
        .collect();
    PackView {
        title,
        topic_href,
        briefs: briefs
            .iter()
            .map(|&b| brief(site, b, root, &members))
            .collect(),
        timeline: timeline(site, briefs),
        too_large: None,
        topic_packs: Vec::new(),
    }
}

/// The id of brief `slug`'s section in a pack.
fn anchor(slug: &str) -> String {
    format!("brief-{slug}")
}

fn brief<'a>(site: &'a Site, id: PageId, root: &str, members: &HashSet<&str>) -> PackBrief<'a> {
    let page = &site.pages[id];
    let titles = |ids: &[PageId]| ids.iter().map(|&t| site.pages[t].title.clone()).collect();
    let html = body::content(site, id, root);
    PackBrief {
        anchor: anchor(&page.slug),
        title: page.title.clone(),
        language: Language::of(site, id),
        href: format!("{root}{}", page.output_path()),
        date: page.front.date.map(|d| d.to_string()),
        date_iso: page.front.date.map(|d| d.iso()),
        summary: site.summary(id).to_string(),
        lead: page.front.summary.clone().unwrap_or_default(),
        topics: titles(&site.topics_of[id]),
        actors: titles(&site.actors_of[id]),
        content: localize(&html, &page.slug, root, members),
        sources: site.source_lists[id]
            .iter()
            .enumerate()
            .map(|(n, &s)| SourceView::in_pack(n + 1, &site.sources[s], &page.slug, root))
            .collect(),
    }
}

/// The briefs and the events they record, oldest first.
fn timeline(site: &Site, briefs: &[PageId]) -> Vec<PackEntry> {
    let mut entries: Vec<(PartialDate, bool, usize, PackEntry)> = Vec::new();
    for (order, &b) in briefs.iter().enumerate() {
        let page = &site.pages[b];
        let line = |date: PartialDate, title: &str, is_event: bool| PackEntry {
            date: date.to_string(),
            date_iso: date.iso(),
            title: title.to_string(),
            is_event,
            brief: page.title.clone(),
            anchor: anchor(&page.slug),
        };
        if let Some(date) = page.front.date {
            entries.push((date, false, order, line(date, &page.title, false)));
        }
        for &e in &site.events_of[b] {
            let event = &site.timeline[e];
            entries.push((
                event.date,
                true,
                order,
                line(event.date, &event.title, true),
            ));
        }
    }
    // Stable: equal dates keep brief order, a brief before its events.
    entries.sort_by_key(|(date, is_event, order, _)| (*date, *is_event, *order));
    entries.into_iter().map(|(.., entry)| entry).collect()
}

/// Prefixes every `id` in brief `slug`'s body with the slug, and points
/// links into the body, and links to briefs in the pack, into the pack.
/// The body is dossier's own HTML, so attributes are always `name="…"`.
pub fn localize(html: &str, slug: &str, root: &str, members: &HashSet<&str>) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    // The next ` id="` and ` href="` at or after `done`, each searched for
    // again only once passed: one pass over the body, however long.
    let (ids, hrefs) = (
        memchr::memmem::Finder::new(" id=\""),
        memchr::memmem::Finder::new(" href=\""),
    );
    let next = |finder: &memchr::memmem::Finder, from: usize| {
        finder.find(&html.as_bytes()[from..]).map(|i| from + i)
    };
    let (mut id_at, mut href_at) = (next(&ids, 0), next(&hrefs, 0));
    let mut done = 0;
    loop {
        let (at, is_id) = match (id_at, href_at) {
            (Some(i), Some(h)) if i < h => (i, true),
            (_, Some(h)) => (h, false),
            (Some(i), None) => (i, true),
            (None, None) => break,
        };
        let start = at + if is_id { 5 } else { 7 };
        out.push_str(&html[done..start]);
        let end = html[start..].find('"').map_or(html.len(), |e| start + e);
        let value = &html[start..end];
        if is_id {
            out.push_str(&format!("{}--{value}", escape(slug)));
        } else {
            out.push_str(&retarget(value, slug, root, members));
        }
        done = end;
        if id_at.is_some_and(|i| i < done) {
            id_at = next(&ids, done);
        }
        if href_at.is_some_and(|h| h < done) {
            href_at = next(&hrefs, done);
        }
    }
    out.push_str(&html[done..]);
    out
}

/// One `href` value of brief `slug`'s body, as the pack needs it.
fn retarget(href: &str, slug: &str, root: &str, members: &HashSet<&str>) -> String {
    if let Some(fragment) = href.strip_prefix('#') {
        return format!("#{}--{fragment}", escape(slug));
    }
    let brief = href
        .strip_prefix(root)
        .and_then(|h| h.strip_prefix("briefs/"))
        .and_then(|h| h.split_once("/index.html"));
    match brief {
        Some((target, "")) if members.contains(target) => format!("#{}", anchor(target)),
        Some((target, fragment)) if members.contains(target) => {
            let fragment = fragment.trim_start_matches('#');
            format!("#{target}--{fragment}")
        }
        _ => href.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links_are_made_unique_to_the_pack() {
        let members = HashSet::from_iter(["a", "b"]);
        let html = "<h2 id=\"outlook\">O</h2><a href=\"#outlook\">x</a>\
            <a href=\"../briefs/b/index.html\" class=\"internal brief\">b</a>\
            <a href=\"../briefs/b/index.html#terms\">t</a>\
            <a href=\"../briefs/c/index.html\">c</a>\
            <a href=\"https://example.org/#x\">e</a>";
        assert_eq!(
            localize(html, "a", "../", &members),
            "<h2 id=\"a--outlook\">O</h2><a href=\"#a--outlook\">x</a>\
            <a href=\"#brief-b\" class=\"internal brief\">b</a>\
            <a href=\"#b--terms\">t</a>\
            <a href=\"../briefs/c/index.html\">c</a>\
            <a href=\"https://example.org/#x\">e</a>"
        );
    }
}
