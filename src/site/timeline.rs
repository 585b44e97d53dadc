//! Dates: the timeline (every brief's date and every event its front
//! matter records, in date order), the events each page shows, and the
//! briefs newest first. Event actors are found through the name table,
//! as wiki links are.

use std::sync::Arc;

use rayon::prelude::*;

use super::index_set::dedup;
use super::names::NameIndex;
use super::{Entry, PageId};
use crate::diagnostic::Diagnostic;
use crate::markdown::page::{Kind, Page};
use crate::markdown::unfinished;
use crate::text::date::PartialDate;

/// Every brief date and event, in date order (a year before its months, a
/// month before its days).
pub(super) fn timeline(
    pages: &[Arc<Page>],
    actors_of: &[Vec<PageId>],
    names: &NameIndex,
) -> Vec<Entry> {
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
pub(super) fn events_of(
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

/// Briefs, newest first; briefs of one date by title, then in page
/// order. Sorted as keys beside the ids, on both cores: comparing through
/// the pages reads a large dossier's memory all over.
pub(super) fn briefs_by_date(pages: &[Arc<Page>]) -> Vec<PageId> {
    let mut briefs: Vec<(Option<PartialDate>, &str, PageId)> = pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.kind == Kind::Brief)
        .map(|(id, page)| (page.front.date, page.title.as_str(), id))
        .collect();
    briefs
        .par_sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)).then(a.2.cmp(&b.2)));
    briefs.into_iter().map(|(_, _, id)| id).collect()
}
