//! Backlinks: for each page, the pages that link to it, with the sentence
//! around the link. Built in one place, once, after every link of every
//! page is resolved — a backlink is a resolved link read backwards, and
//! its sentence shows unlabelled links by their labels, which need the
//! targets. Nothing may resolve links after it has run.

use rayon::prelude::*;

use super::{Backlink, PageId, Resolved, Site};
use crate::markdown::Context;
use crate::markdown::placeholder;

/// Per page, its backlinks: one per linking page (its first link there),
/// in page order, none from the page itself. `site.links` must be
/// complete; `site.backlinks` is not read.
pub(super) fn backlinks(site: &Site) -> Vec<Vec<Backlink>> {
    linking_pages(site.pages.len(), &site.links)
        .par_iter()
        .map(|list| {
            list.iter()
                .map(|&(from, link)| Backlink {
                    from,
                    link,
                    plain: plain_context(site, from, link),
                })
                .collect()
        })
        .collect()
}

/// For each of `count` pages, the pages linking to it: `(from, index of
/// the link in from's body)`, the first link of each page only.
fn linking_pages(count: usize, links: &[Vec<Resolved>]) -> Vec<Vec<(PageId, usize)>> {
    let mut backlinks: Vec<Vec<(PageId, usize)>> = vec![Vec::new(); count];
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

/// The sentence around link `link` of page `from` as a reader sees it,
/// only when that differs from the sentence as parsed (it holds an
/// unlabelled link's placeholder).
fn plain_context(site: &Site, from: PageId, link: usize) -> Option<Context> {
    let context = &site.pages[from].body.links[link].context;
    let parts = [&context.before, &context.text, &context.after];
    parts
        .iter()
        .any(|p| placeholder::any_in(p))
        .then(|| Context {
            before: site.plain(from, &context.before),
            text: site.plain(from, &context.text),
            after: site.plain(from, &context.after),
        })
}
