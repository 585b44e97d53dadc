//! Dates: the timeline (every brief's date and every event its front
//! matter records, in date order), the events each page shows, and the
//! briefs newest first. Event actors are found through the name table,
//! as wiki links are.

use std::cmp::Reverse;
use std::sync::Arc;

use rayon::prelude::*;

use super::index_set::dedup;
use super::names::NameIndex;
use super::taxonomy::Names;
use super::{Entry, PageId};
use crate::diagnostic::Diagnostic;
use crate::markdown::page::{Kind, Page};
use crate::markdown::unfinished;
use crate::text::date::PartialDate;

/// Every brief date and event, in date order (a year before its months, a
/// month before its days); on one date the briefs' own dates before the
/// events, then by brief, then by title.
pub(super) fn timeline(pages: &[Arc<Page>], actors_of: &[Names], names: &NameIndex) -> Vec<Entry> {
    let entries: Vec<Entry> = pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| p.kind == Kind::Brief)
        .flat_map_iter(|(id, page)| entries_of(id, page, actors_of, names))
        .collect();
    // Sorted as small keys beside their indexes, then moved into place:
    // at 100,000 briefs some 300,000 entries of 80 bytes each were moved
    // and compared through their titles by a merge sort. `entries_of`
    // gives each brief's entries ordered by date, kind and title, so its
    // rank there stands for the title; the index, unique, makes the order
    // total, so an unstable sort gives one order.
    let mut keys: Vec<(PartialDate, bool, PageId, usize)> = entries
        .iter()
        .enumerate()
        .map(|(index, e)| (e.date, e.is_event, e.brief, index))
        .collect();
    keys.par_sort_unstable();
    let mut slots: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|&(.., index)| slots[index].take())
        .collect()
}

/// The last build's timeline, each retitled brief's own entry given its
/// new title, when that is what [`timeline`] would make again:
/// every page that changed since `last_pages` (one that is not the last
/// build's page in its place) has the same kind and, a brief, the same
/// date and the same events. Only for a build whose names are the last
/// build's (`taxonomy::names_as_before`): each brief's actors are then
/// the same pages, and an event's are found among actors alone, which a
/// brief's new title cannot change. A brief's title orders nothing: it
/// has one entry of its own, and the timeline's order is by date, kind,
/// brief and place. So a retitled brief in a dossier of 100,000 does not
/// gather and sort 300,000 entries again.
pub(super) fn timeline_as_before(
    pages: &[Arc<Page>],
    (last_pages, last): (&[Arc<Page>], &[Entry]),
) -> Option<Vec<Entry>> {
    if pages.len() != last_pages.len() {
        return None;
    }
    let mut retitled = Vec::new();
    for (id, (now, then)) in pages.iter().zip(last_pages).enumerate() {
        if Arc::ptr_eq(now, then) || (now.kind == then.kind && now.kind != Kind::Brief) {
            continue;
        }
        if now.kind != then.kind || !same_dates_and_events(now, then) {
            return None;
        }
        if now.title != then.title && now.front.date.is_some() {
            retitled.push(id);
        }
    }
    let mut timeline = last.to_vec();
    for id in retitled {
        let (page, date) = (&pages[id], pages[id].front.date?);
        let at = timeline.partition_point(|e| (e.date, e.is_event, e.brief) < (date, false, id));
        let own = timeline
            .get_mut(at)
            .filter(|e| e.brief == id && !e.is_event)?;
        own.title = Arc::from(page.title.as_str());
    }
    Some(timeline)
}

/// Whether two briefs have the same date and the same events (dates,
/// titles and actors' names): all a brief gives the timeline but its
/// title.
fn same_dates_and_events(a: &Page, b: &Page) -> bool {
    let (a, b) = (&a.front, &b.front);
    a.date == b.date
        && a.events.len() == b.events.len()
        && (a.events.iter().zip(&b.events))
            .all(|(a, b)| (a.date, &a.title, &a.actors) == (b.date, &b.title, &b.actors))
}

/// A warning for each published brief without a date, which the timeline
/// leaves out among the dated ones. A dossier where no brief has a date
/// is not warned: its timeline lists no briefs, so none is missing.
pub(super) fn undated(pages: &[Arc<Page>], timeline: &[Entry]) -> Vec<Diagnostic> {
    if timeline.iter().all(|entry| entry.is_event) {
        return Vec::new();
    }
    pages
        .iter()
        .filter(|p| p.kind == Kind::Brief && p.front.date.is_none() && !p.front.draft)
        .filter_map(|p| Some(unfinished::undated(p.file.as_ref()?)))
        .collect()
}

/// The timeline entries of brief `id`: its date, then its events.
fn entries_of(id: PageId, page: &Page, actors_of: &[Names], names: &NameIndex) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(1 + page.front.events.len());
    if let Some(date) = page.front.date {
        entries.push(Entry {
            date,
            title: Arc::from(page.title.as_str()),
            brief: id,
            actors: actors_of[id].clone(),
            is_event: false,
        });
    }
    for event in &page.front.events {
        let actors = event.actors.iter().filter_map(|a| names.actor(a));
        entries.push(Entry {
            date: event.date,
            title: Arc::from(event.title.as_str()),
            brief: id,
            actors: dedup(actors).into(),
            is_event: true,
        });
    }
    // The order `timeline` keeps among one brief's entries (see there).
    entries.sort_by(|a, b| (a.date, a.is_event, &a.title).cmp(&(b.date, b.is_event, &b.title)));
    entries
}

/// Per brief: its own events. Per actor: the events that name it. Per
/// topic: the events of its briefs.
pub(super) fn events_of(
    pages: &[Arc<Page>],
    timeline: &[Entry],
    topics_of: &[Names],
) -> Vec<Vec<usize>> {
    let mut events_of = vec![Vec::new(); pages.len()];
    for (index, entry) in timeline.iter().enumerate().filter(|(_, e)| e.is_event) {
        events_of[entry.brief].push(index);
        for &actor in entry.actors.iter() {
            events_of[actor].push(index);
        }
        for &topic in topics_of[entry.brief].iter() {
            events_of[topic].push(index);
        }
    }
    events_of
}

/// Briefs, newest first; briefs of one date by title, then in page
/// order. Sorted as keys beside the ids, on both cores: comparing through
/// the pages reads a large dossier's memory all over.
pub(super) fn briefs_by_date(pages: &[Arc<Page>]) -> Vec<PageId> {
    let mut briefs: Vec<DateKey> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.kind == Kind::Brief)
        .map(|(id, page)| date_key(page, id))
        .collect();
    briefs.par_sort_unstable();
    briefs.into_iter().map(|(_, _, id)| id).collect()
}

/// Where a brief goes in [`briefs_by_date`]: newest first, then by
/// title, then in page order; no two briefs have the same key.
type DateKey<'a> = (Reverse<Option<PartialDate>>, &'a str, PageId);

fn date_key(page: &Page, id: PageId) -> DateKey<'_> {
    (Reverse(page.front.date), page.title.as_str(), id)
}

/// The briefs in [`briefs_by_date`]'s order, from the order `last` had
/// them in when every page is in its place: the briefs `last` has too
/// keep their order, and each other is put where its key puts it now,
/// which reads a few keys instead of sorting them all. `None` when the
/// pages moved, or more than one in 16 are new (and more than a few):
/// sorting them all is as quick then.
pub(super) fn briefs_by_date_from(
    pages: &[Arc<Page>],
    (last, last_order): (&[Arc<Page>], &[PageId]),
) -> Option<Vec<PageId>> {
    if pages.len() != last.len() {
        return None;
    }
    let same: Vec<bool> = (pages.iter().zip(last))
        .map(|(now, then)| Arc::ptr_eq(now, then))
        .collect();
    let mut new: Vec<DateKey> = (pages.iter().enumerate())
        .filter(|&(id, page)| !same[id] && page.kind == Kind::Brief)
        .map(|(id, page)| date_key(page, id))
        .collect();
    if new.len() > (pages.len() / 16).max(64) {
        return None;
    }
    new.sort_unstable();
    let kept: Vec<PageId> = last_order.iter().copied().filter(|&id| same[id]).collect();
    let mut order = Vec::with_capacity(kept.len() + new.len());
    let mut rest = &kept[..];
    for key in new {
        let at = rest.partition_point(|&id| date_key(&pages[id], id) < key);
        order.extend_from_slice(&rest[..at]);
        order.push(key.2);
        rest = &rest[at..];
    }
    order.extend_from_slice(rest);
    Some(order)
}
