//! Which pages a rebuild can take from the last build unseen. Comparing
//! the new linked site with the last one row by row is far cheaper than
//! building and fingerprinting every page's template data: a retitled
//! brief in a dossier of 10,000 changes a few dozen pages, and only those
//! (and the list pages, which are always checked) are looked at again.
//!
//! A page is unchanged when its own `Page` is the same, every table row of
//! it in the graph holds the same values, and every page those rows name
//! shows the same face (title, address, summary, date, headings). Pages
//! are matched by address, so a brief added or deleted, which shifts the
//! ids of the pages after it, leaves the others to be taken unseen; every
//! id a row holds is compared as the page it names. Anything site-wide
//! that differs (the pages in the navigation, the configuration, the
//! theme, the history) makes every page a candidate again; the
//! fingerprints still decide what is rendered, so this check can only
//! save work, never skip a change, as long as it names everything a
//! page's template data reads.

use std::sync::Arc;

use rayon::prelude::*;

use crate::markdown::page::Kind;
use crate::render::MENTIONS_SHOWN;
use crate::site::matching::match_pages;
use crate::site::{Entry, PageId, Resolved, Site};

/// The pages of the last site and this one, matched by address.
struct Ids {
    /// Per page now: its id in the last site.
    old: Vec<Option<PageId>>,
    /// Per page of the last site: its id now.
    new: Vec<Option<PageId>>,
    /// True when every page has the id it had (an edit that adds or
    /// deletes no page): equal ids then name the same pages.
    in_place: bool,
}

impl Ids {
    /// Last site's page `old` as an id now (`None`: deleted).
    fn now(&self, old: PageId) -> Option<PageId> {
        self.new[old]
    }

    /// Whether `old` ids of the last site name the pages `new` ids do,
    /// in the same order.
    fn same(&self, old: &[PageId], new: &[PageId]) -> bool {
        if self.in_place {
            return std::ptr::eq(old, new) || old == new;
        }
        old.len() == new.len() && old.iter().zip(new).all(|(&a, &b)| self.now(a) == Some(b))
    }
}

/// The tables shared whole with the last build (see
/// `site::build::shared_tables`) while every page keeps its id: each of
/// their rows is as it was, with no need to look.
struct Shared {
    named_by: bool,
    related: bool,
}

impl Shared {
    fn new(old: &Site, new: &Site, ids: &Ids) -> Shared {
        let in_place = ids.in_place;
        Shared {
            named_by: in_place && Arc::ptr_eq(&old.named_by, &new.named_by),
            related: in_place && Arc::ptr_eq(&old.related, &new.related),
        }
    }
}

/// What a rebuild can take unseen (see [`unchanged`]).
pub struct Unchanged {
    /// Per page: true when its output is certainly what it was.
    pub pages: Vec<bool>,
    /// Per entry of `sources`: true when the source list shows it as it
    /// did, at the same index (see [`same_sources`]).
    pub sources: Vec<bool>,
    /// Per entry of `timeline`: the same, for the timeline's pages.
    pub timeline: Vec<bool>,
    /// Per page: true when other pages show it as before, at the same
    /// address (`same_face`): for the parts of split topics and actors.
    pub faces: Vec<bool>,
}

/// For each page of `new`, true when its output is certainly what it was
/// in `old`, and the same for each entry of the source list. `None` when
/// something site-wide changed.
pub fn unchanged(old: &Site, new: &Site) -> Option<Unchanged> {
    let (old_id, new_id) = match_pages(old, new)?;
    let in_place =
        old_id.len() == new_id.len() && (old_id.iter().enumerate()).all(|(id, &o)| o == Some(id));
    let ids = Ids {
        old: old_id,
        new: new_id,
        in_place,
    };
    let same_kinds = (0..new.pages.len())
        .all(|id| ids.old[id].is_none_or(|o| old.pages[o].kind == new.pages[id].kind));
    // A page shows an image's size and a download's size from the file:
    // a changed attachment is a change to every page that shows it.
    let shown = |site: &Site| {
        let files = site.attachments.iter();
        files
            .map(|(a, published)| (a.url.clone(), a.dims, a.stamp.0, *published))
            .collect::<Vec<_>>()
    };
    if !same_kinds
        || shown(old) != shown(new)
        || serde_json::to_string(&old.config).ok()? != serde_json::to_string(&new.config).ok()?
    {
        return None;
    }
    let entries = same_entries(old, new, &ids);
    let shared = Shared::new(old, new, &ids);
    let faces: Vec<bool> = (0..new.pages.len())
        .into_par_iter()
        .map(|id| ids.old[id].is_some_and(|o| same_face(old, new, o, id, &ids)))
        .collect();
    // Other pages are in every page's navigation: one added, deleted or
    // shown otherwise changes every page.
    let nav_changed = (0..new.pages.len()).any(|id| new.pages[id].kind == Kind::Page && !faces[id])
        || (0..old.pages.len()).any(|o| old.pages[o].kind == Kind::Page && ids.now(o).is_none());
    if nav_changed {
        return None;
    }
    let unchanged = (0..new.pages.len())
        .into_par_iter()
        .map(|id| {
            let Some(o) = ids.old[id] else {
                return false;
            };
            new.pages[id].kind != Kind::Home
                && Arc::ptr_eq(&old.pages[o], &new.pages[id])
                && same_rows(old, new, (o, id), (&ids, &shared, &entries))
                && named(new, id).all(|other| faces[other])
        })
        .collect();
    Some(Unchanged {
        pages: unchanged,
        sources: same_sources(old, new, &faces, &ids),
        timeline: shown_entries(new, entries, &faces),
        faces,
    })
}

/// Per source of `new`: whether the source list shows it as it showed
/// the source at the same index of `old`: the same source, archived copy
/// and citing pages, each shown as before. A source added or dropped
/// shifts the others: then none is taken as the same.
fn same_sources(old: &Site, new: &Site, faces: &[bool], ids: &Ids) -> Vec<bool> {
    if old.sources.len() != new.sources.len() {
        return vec![false; new.sources.len()];
    }
    (old.sources.par_iter())
        .zip(&new.sources)
        .map(|(a, b)| {
            let same_archive = match (&a.archive_file, &b.archive_file) {
                (Some(x), Some(y)) => x.url == y.url && x.bytes == y.bytes,
                (None, None) => true,
                _ => false,
            };
            (Arc::ptr_eq(&a.source, &b.source) || a.source == b.source)
                && same_archive
                && ids.same(&a.cited_by, &b.cited_by)
                && b.cited_by.iter().all(|&id| faces[id])
        })
        .collect()
}

/// What other pages show of page `id`, page `o` of the last site.
fn same_face(old: &Site, new: &Site, o: PageId, id: PageId, ids: &Ids) -> bool {
    let (a, b) = (&old.pages[o], &new.pages[id]);
    let same = Arc::ptr_eq(a, b)
        || (a.title == b.title
            && a.slug == b.slug
            && a.front.date == b.front.date
            && a.front.updated == b.front.updated
            && a.body.headings == b.body.headings);
    same && same_summary(old, new, (o, id))
        && old.named_by[o].len() == new.named_by[id].len()
        && (b.kind == Kind::Page || same_targets(old, new, (o, id), ids))
}

/// Per entry of `new`'s timeline: whether it is the entry at the same
/// index of `old`: the same date, title and kind, of the same brief,
/// with the same actors. An entry added or dropped shifts the others:
/// then none is.
fn same_entries(old: &Site, new: &Site, ids: &Ids) -> Vec<bool> {
    if old.timeline.len() != new.timeline.len() {
        return vec![false; new.timeline.len()];
    }
    (old.timeline.par_iter())
        .zip(&new.timeline)
        .map(|(a, b)| same_entry(a, b, ids))
        .collect()
}

/// Whether timeline entry `b` is entry `a` of the last site.
fn same_entry(a: &Entry, b: &Entry, ids: &Ids) -> bool {
    a.date == b.date
        && same_text(&a.title, &b.title)
        && a.is_event == b.is_event
        && ids.now(a.brief) == Some(b.brief)
        && ids.same(&a.actors, &b.actors)
}

/// Per entry of `new`'s timeline: whether the timeline shows it as it
/// showed the entry at the same index of the last site: the same entry
/// (`same`, from [`same_entries`]), each of its pages shown as before.
fn shown_entries(new: &Site, mut same: Vec<bool>, faces: &[bool]) -> Vec<bool> {
    (same.par_iter_mut().zip(&new.timeline)).for_each(|(same, entry)| {
        *same = *same && faces[entry.brief] && entry.actors.iter().all(|&id| faces[id]);
    });
    same
}

/// Whether page `id` has the same edges in a local graph that draws it
/// (`graphview::connect`): the pages it links to and the topics and
/// actors it names. A topic's graph joins its neighbours to each other,
/// so a brief that links to one more brief changes it. Other pages are
/// not drawn.
fn same_targets(old: &Site, new: &Site, (o, id): (PageId, PageId), ids: &Ids) -> bool {
    ids.same(&old.topics_of[o], &new.topics_of[id])
        && ids.same(&old.actors_of[o], &new.actors_of[id])
        && same_links(&old.links[o], &new.links[id], ids)
}

/// Whether two pages' resolved links are the same, ids compared as the
/// pages they name.
fn same_links(old: &[Resolved], new: &[Resolved], ids: &Ids) -> bool {
    // The very list, lent to the page by the last build: only where its
    // pages are now is left to compare.
    if std::ptr::eq(old, new) {
        return ids.in_place
            || new.iter().all(|resolved| match resolved {
                Resolved::Page { id, .. } => ids.now(*id) == Some(*id),
                _ => true,
            });
    }
    old.len() == new.len()
        && old.iter().zip(new).all(|(a, b)| match (a, b) {
            (Resolved::Page { id: x, anchor: p }, Resolved::Page { id: y, anchor: q }) => {
                ids.now(*x) == Some(*y) && p == q
            }
            (Resolved::Page { .. }, _) | (_, Resolved::Page { .. }) => false,
            _ => a == b,
        })
}

/// What [`same_rows`] reads besides the two sites: the pages matched,
/// the tables shared whole, and per timeline entry whether it is the
/// same (`same_entries`).
type Known<'a> = (&'a Ids, &'a Shared, &'a [bool]);

/// Every graph table row of page `id`, page `o` of the last site, by
/// value, ids compared as the pages they name.
fn same_rows(old: &Site, new: &Site, (o, id): (PageId, PageId), known: Known) -> bool {
    let (ids, shared, entries) = known;
    let pair = (o, id);
    same_links(&old.links[o], &new.links[id], ids)
        && same_mentions(old, new, pair, ids)
        && ids.same(&old.topics_of[o], &new.topics_of[id])
        && ids.same(&old.actors_of[o], &new.actors_of[id])
        && (shared.named_by || ids.same(&old.named_by[o], &new.named_by[id]))
        && (shared.related || same_related(&old.related[o], &new.related[id], ids))
        && same_backlinks(old, new, pair, ids)
        && same_events(old, new, pair, (ids, entries))
        && same_cited(old, new, pair)
        && same_summary(old, new, pair)
}

/// Whether page `id` records or is in the events page `o` of the last
/// site was: an index of the same entry, as `entries` has it, or one
/// whose entry is.
fn same_events(old: &Site, new: &Site, (o, id): (PageId, PageId), known: (&Ids, &[bool])) -> bool {
    let (ids, entries) = known;
    let (was, is) = (&old.events_of[o], &new.events_of[id]);
    was.len() == is.len()
        && was.iter().zip(is).all(|(&i, &j)| {
            (i == j && entries.get(j) == Some(&true))
                || same_entry(&old.timeline[i], &new.timeline[j], ids)
        })
}

/// Whether page `id` cites the sources page `o` of the last site did,
/// in the same order: a table a rebuild keeps shares its sources.
fn same_cited(old: &Site, new: &Site, (o, id): (PageId, PageId)) -> bool {
    let (was, is) = (&old.source_lists[o], &new.source_lists[id]);
    was.len() == is.len()
        && was.iter().zip(is.iter()).all(|(&a, &b)| {
            let (a, b) = (&old.sources[a].source, &new.sources[b].source);
            Arc::ptr_eq(a, b) || a == b
        })
}

/// Whether page `id` is mentioned by the pages that mentioned page `o`
/// of the last site, in the same sentences.
fn same_mentions(old: &Site, new: &Site, (o, id): (PageId, PageId), ids: &Ids) -> bool {
    let (was, is) = (&old.mentions.by[o], &new.mentions.by[id]);
    was.len() == is.len()
        && was.iter().zip(is).all(|(&(f, m), &(g, n))| {
            let shared = m == n && Arc::ptr_eq(&old.mentions.of[f], &new.mentions.of[g]);
            ids.now(f) == Some(g)
                && (shared || old.mentions.of[f][m].context == new.mentions.of[g][n].context)
        })
}

/// Whether two rows of related topics name the same pages, with the
/// same counts.
fn same_related(was: &[(PageId, usize)], is: &[(PageId, usize)], ids: &Ids) -> bool {
    was.len() == is.len()
        && (was.iter().zip(is)).all(|(&(a, m), &(b, n))| ids.now(a) == Some(b) && m == n)
}

/// Whether page `id` has the backlinks page `o` of the last site had: a
/// list shared with the last build is, while the pages it names are
/// where they were, without a look at its sentences.
fn same_backlinks(old: &Site, new: &Site, (o, id): (PageId, PageId), ids: &Ids) -> bool {
    let (was, is) = (&old.backlinks[o], &new.backlinks[id]);
    if Arc::ptr_eq(was, is) {
        let same_page = |from: PageId| Arc::ptr_eq(&old.pages[from], &new.pages[from]);
        let in_place = |from: PageId| ids.in_place || ids.now(from) == Some(from);
        return (is.iter()).all(|b| in_place(b.from) && same_page(b.from));
    }
    was.len() == is.len()
        && was
            .iter()
            .zip(is.iter())
            .all(|(a, b)| ids.now(a.from) == Some(b.from) && new.same_context(b, old, a))
}

/// Whether two shared texts read the same: by address first, as a
/// table a rebuild keeps shares its texts with the last build's.
fn same_text(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// Whether page `id` has the summary page `o` of the last site had.
fn same_summary(old: &Site, new: &Site, (o, id): (PageId, PageId)) -> bool {
    match (old.summaries.get(o), new.summaries.get(id)) {
        (Some(a), Some(b)) => same_text(a, b),
        _ => old.summary(o) == new.summary(id),
    }
}

/// Every page the rows of page `id` name, as its page shows them.
fn named(site: &Site, id: PageId) -> impl Iterator<Item = PageId> + '_ {
    let mentions = &site.mentions.by[id];
    let shown = &mentions[..mentions.len().min(MENTIONS_SHOWN)];
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
        // A page lists its first mentions only: a name common in a large
        // dossier is mentioned by thousands, and the face of one the page
        // does not show cannot change it (their count is in `same_rows`).
        .chain(shown.iter().map(|&(from, _)| from))
        .chain(events)
}
