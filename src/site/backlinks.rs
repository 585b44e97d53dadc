//! Backlinks: for each page, the pages that link to it, with the sentence
//! around the link. Built in one place, once, after every link of every
//! page is resolved — a backlink is a resolved link read backwards, and
//! its sentence shows unlabelled links by their labels, which need the
//! targets. Nothing may resolve links after it has run. A rebuild takes
//! a sentence from the last build when nothing its labels read changed
//! (see `Labels`), as working the labels out again for every link of a
//! large dossier costs more than the rest of the backlinks together.

use std::sync::Arc;

use rayon::prelude::*;

use super::index_set::IndexSet;
use super::matching::match_pages;
use super::{Backlink, PageId, Resolved, Site, shared};
use crate::markdown::Context;
use crate::markdown::page::Page;
use crate::markdown::placeholder;

/// Per page, its backlinks: one per linking page (its first link there),
/// in page order, none from the page itself. `site.links` must be
/// complete; `site.backlinks` is not read. `last`, the site of the last
/// build, only saves work: the backlinks are the same without it.
///
/// The sentences are worked out page by page, in the order of the
/// linking pages, so each page's sentences are read together: taken
/// target by target, a large dossier's reads jump across all its pages
/// and wait on memory more than they work.
pub(super) fn backlinks(site: &Site, last: Option<&Site>) -> Vec<Arc<[Backlink]>> {
    let labels = last.and_then(|last| Labels::new(last, site));
    if let Some(patched) = labels.as_ref().and_then(|labels| patched(site, labels)) {
        return patched;
    }
    let from_each: Vec<Vec<(PageId, Backlink)>> = (0..site.pages.len())
        .into_par_iter()
        .map(|from| {
            first_links(from, &site.links[from])
                .map(|(target, link)| {
                    let kept = labels.as_ref().and_then(|l| l.kept(from, link));
                    let plain = kept.unwrap_or_else(|| plain_context(site, from, link));
                    (target, Backlink { from, link, plain })
                })
                .collect()
        })
        .collect();
    let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); site.pages.len()];
    for (target, backlink) in from_each.into_iter().flatten() {
        backlinks[target].push(backlink);
    }
    let empty: Arc<[Backlink]> = Arc::from([]);
    (backlinks.into_par_iter())
        .map(|list| shared(list, &empty))
        .collect()
}

/// The last build's backlinks, shared, with the lists of the pages that
/// a page whose sentences changed links to (or linked to) made again:
/// when every page is where it was, a backlink from a page whose
/// sentences read as before (see [`Labels`]) is the very one the last
/// build had. A retitled brief in a dossier of 100,000 then makes a few
/// hundred lists again, not 100,000. `None` when a page was added,
/// deleted or moved.
fn patched(site: &Site, labels: &Labels) -> Option<Vec<Arc<[Backlink]>>> {
    let last = labels.last;
    let in_place = labels
        .old_id
        .iter()
        .enumerate()
        .all(|(id, old)| *old == Some(id));
    if !in_place || last.pages.len() != site.pages.len() || last.backlinks.len() != site.pages.len()
    {
        return None;
    }
    let stale: Vec<PageId> = (0..site.pages.len())
        .filter(|&id| labels.same[id].is_none())
        .collect();
    // The backlinks from the stale pages, by target, made again; every
    // target they link to now or linked to then has its list made again.
    let mut made: crate::HashMap<PageId, Vec<Backlink>> = crate::HashMap::default();
    for &from in &stale {
        for (target, _) in first_links(from, &last.links[from]) {
            made.entry(target).or_default();
        }
        for (target, link) in first_links(from, &site.links[from]) {
            let plain = plain_context(site, from, link);
            made.entry(target)
                .or_default()
                .push(Backlink { from, link, plain });
        }
    }
    let mut backlinks = last.backlinks.clone();
    let empty: Arc<[Backlink]> = Arc::from([]);
    for (target, fresh) in made {
        let kept = last.backlinks[target].iter();
        let kept = kept.filter(|b| labels.same[b.from].is_some()).cloned();
        let mut list: Vec<Backlink> = kept.chain(fresh).collect();
        list.sort_unstable_by_key(|b| b.from);
        backlinks[target] = shared(list, &empty);
    }
    Some(backlinks)
}

/// The first link of page `from` to each other page: `(target, index of
/// the link in from's body)`, in the order they are written.
fn first_links(from: PageId, links: &[Resolved]) -> impl Iterator<Item = (PageId, usize)> + '_ {
    let mut seen = IndexSet::default();
    links
        .iter()
        .enumerate()
        .filter_map(move |(index, resolved)| match *resolved {
            Resolved::Page { id, .. } if id != from && seen.insert(id) => Some((id, index)),
            _ => None,
        })
}

/// The sentence around link `link` of page `from` as a reader sees it,
/// only when that differs from the sentence as parsed (it holds an
/// unlabelled link's placeholder).
fn plain_context(site: &Site, from: PageId, link: usize) -> Option<Arc<Context>> {
    let context = &site.pages[from].body.links[link].context;
    let parts = [context.before(), context.text(), context.after()];
    parts.iter().any(|p| placeholder::any_in(p)).then(|| {
        Arc::new(Context::new(
            &site.plain(from, context.before()),
            &site.plain(from, context.text()),
            &site.plain(from, context.after()),
        ))
    })
}

/// What the last build's backlinks tell this one. A sentence as a reader
/// sees it depends on the linking page's parsed body (its sentences and
/// how each link is written), on where each of its links leads, and on
/// what a label reads of each page it leads to (`Site::link_label`: the
/// title, slug, keys and headings). When all of these are as they were,
/// each of its sentences is the last build's.
struct Labels<'a> {
    last: &'a Site,
    /// Per page of this site: its id in the last one, when its sentences
    /// read as they did there.
    same: Vec<Option<PageId>>,
    /// Per page of this site: its id in the last one.
    old_id: Vec<Option<PageId>>,
}

impl<'a> Labels<'a> {
    fn new(last: &'a Site, site: &Site) -> Option<Labels<'a>> {
        let (old_id, new_id) = match_pages(last, site)?;
        let same = (0..site.pages.len())
            .into_par_iter()
            .map(|id| {
                let old = old_id[id]?;
                same_labels(last, site, (old, id), &new_id).then_some(old)
            })
            .collect();
        Some(Labels { last, same, old_id })
    }

    /// The sentence of the backlink from link `link` of page `from` as the
    /// last build had it, when it is certainly the same now; `None` when
    /// it must be worked out.
    fn kept(&self, from: PageId, link: usize) -> Option<Option<Arc<Context>>> {
        let old = self.same[from]?;
        let Some(Resolved::Page { id: target, .. }) = self.last.links[old].get(link) else {
            return None;
        };
        let list = &self.last.backlinks[*target];
        let at = list.binary_search_by_key(&old, |b| b.from).ok()?;
        let before = &list[at];
        // Same page and same links: the last build's backlink from it is
        // this very link; the check only guards against a mismatch.
        (before.link == link).then(|| before.plain.clone())
    }
}

/// Whether page `id`, page `old` of the last site, is the same parsed
/// page and its links lead to the same places, every page among them
/// labelled as before; `new_id` takes a page of the last site to its id
/// now.
fn same_labels(
    last: &Site,
    site: &Site,
    (old, id): (PageId, PageId),
    new_id: &[Option<PageId>],
) -> bool {
    if !Arc::ptr_eq(&last.pages[old], &site.pages[id]) {
        return false;
    }
    let (was, is) = (&last.links[old], &site.links[id]);
    was.len() == is.len()
        && was.iter().zip(is.iter()).all(|(a, b)| match (a, b) {
            (Resolved::Page { id: x, anchor: p }, Resolved::Page { id: y, anchor: q }) => {
                new_id[*x] == Some(*y) && p == q && same_label(&last.pages[*x], &site.pages[*y])
            }
            (Resolved::Page { .. }, _) | (_, Resolved::Page { .. }) => false,
            _ => a == b,
        })
}

/// Whether a link to `b` is labelled as a link to `a` was: what
/// `Site::link_label` reads of the target.
fn same_label(a: &Arc<Page>, b: &Arc<Page>) -> bool {
    Arc::ptr_eq(a, b)
        || (a.title == b.title
            && a.slug == b.slug
            && a.keys == b.keys
            && a.body.headings == b.body.headings)
}
