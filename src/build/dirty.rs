//! Which pages a rebuild can take from the last build unseen. Comparing
//! the new linked site with the last one row by row is far cheaper than
//! building and fingerprinting every page's template data: a retitled
//! brief in a dossier of 10,000 changes a few dozen pages, and only those
//! (and the list pages, which are always checked) are looked at again.
//!
//! A page is unchanged when its own `Page` is the same, every table row of
//! it in the graph holds the same values, and every page those rows name
//! shows the same face (title, address, summary, date, headings). Anything
//! site-wide that differs (the set of pages, the configuration, the theme,
//! the history) makes every page a candidate again; the fingerprints still
//! decide what is rendered, so this check can only save work, never skip
//! a change, as long as it names everything a page's template data reads.

use std::sync::Arc;

use rayon::prelude::*;

use crate::markdown::page::Kind;
use crate::site::{PageId, Site};

/// For each page of `new`, true when its output is certainly what it was
/// in `old`. `None` when something site-wide changed.
pub fn unchanged(old: &Site, new: &Site) -> Option<Vec<bool>> {
    let same_pages = old.pages.len() == new.pages.len()
        && old
            .pages
            .iter()
            .zip(&new.pages)
            .all(|(a, b)| a.url == b.url && a.kind == b.kind);
    // A page shows an image's size and a download's size from the file:
    // a changed attachment is a change to every page that shows it.
    let shown = |site: &Site| {
        let files = site.attachments.iter();
        files
            .map(|(a, published)| (a.url.clone(), a.dims, a.stamp.0, *published))
            .collect::<Vec<_>>()
    };
    if !same_pages
        || shown(old) != shown(new)
        || serde_json::to_string(&old.config).ok()? != serde_json::to_string(&new.config).ok()?
    {
        return None;
    }
    let faces: Vec<bool> = (0..new.pages.len())
        .into_par_iter()
        .map(|id| same_face(old, new, id))
        .collect();
    // Other pages are in every page's navigation.
    let nav_changed = (0..new.pages.len()).any(|id| new.pages[id].kind == Kind::Page && !faces[id]);
    if nav_changed {
        return None;
    }
    let unchanged = (0..new.pages.len())
        .into_par_iter()
        .map(|id| {
            new.pages[id].kind != Kind::Home
                && Arc::ptr_eq(&old.pages[id], &new.pages[id])
                && same_rows(old, new, id)
                && named(new, id).all(|other| faces[other])
        })
        .collect();
    Some(unchanged)
}

/// What other pages show of page `id`.
fn same_face(old: &Site, new: &Site, id: PageId) -> bool {
    let (a, b) = (&old.pages[id], &new.pages[id]);
    let same = Arc::ptr_eq(a, b)
        || (a.title == b.title
            && a.slug == b.slug
            && a.front.date == b.front.date
            && a.front.updated == b.front.updated
            && a.body.headings == b.body.headings);
    same && old.summary(id) == new.summary(id) && old.named_by[id].len() == new.named_by[id].len()
}

/// Every graph table row of page `id`, by value.
fn same_rows(old: &Site, new: &Site, id: PageId) -> bool {
    let events = |site: &Site| {
        site.events_of[id]
            .iter()
            .map(|&i| {
                let e = &site.timeline[i];
                (
                    e.date,
                    e.title.clone(),
                    e.brief,
                    e.actors.clone(),
                    e.is_event,
                )
            })
            .collect::<Vec<_>>()
    };
    let same_sources = old.source_lists[id].len() == new.source_lists[id].len()
        && old.source_lists[id]
            .iter()
            .zip(&new.source_lists[id])
            .all(|(&a, &b)| old.sources[a].source == new.sources[b].source);
    let same_backlinks = old.backlinks[id].len() == new.backlinks[id].len()
        && old.backlinks[id]
            .iter()
            .zip(&new.backlinks[id])
            .all(|(a, b)| a.from == b.from && old.context(a) == new.context(b));
    let mentions = |site: &Site| {
        let by = site.mentions.by[id].iter();
        by.map(|&(from, n)| (from, site.mentions.of[from][n].context.clone()))
            .collect::<Vec<_>>()
    };
    old.links[id] == new.links[id]
        && mentions(old) == mentions(new)
        && old.topics_of[id] == new.topics_of[id]
        && old.actors_of[id] == new.actors_of[id]
        && old.named_by[id] == new.named_by[id]
        && old.related[id] == new.related[id]
        && same_backlinks
        && events(old) == events(new)
        && same_sources
        && old.summary(id) == new.summary(id)
}

/// Every page the rows of page `id` name.
fn named(site: &Site, id: PageId) -> impl Iterator<Item = PageId> + '_ {
    let links = site.links[id].iter().filter_map(|r| match r {
        crate::site::Resolved::Page { id, .. } => Some(*id),
        _ => None,
    });
    let events = site.events_of[id].iter().flat_map(move |&i| {
        let entry = &site.timeline[i];
        std::iter::once(entry.brief).chain(entry.actors.iter().copied())
    });
    links
        .chain(site.backlinks[id].iter().map(|b| b.from))
        .chain(site.topics_of[id].iter().copied())
        .chain(site.actors_of[id].iter().copied())
        .chain(site.named_by[id].iter().copied())
        .chain(site.related[id].iter().map(|&(t, _)| t))
        .chain(site.mentions.by[id].iter().map(|&(from, _)| from))
        .chain(events)
}
