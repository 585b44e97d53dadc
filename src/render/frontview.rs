//! The front page's lists: what a reader arriving at the dossier sees
//! beside its introduction (and the key judgements written in it). The
//! latest briefs, the most recent events, the topics and actors named
//! most, and the latest corrections, all taken from the model and the
//! git history. Every list is short and taken from the top of an order
//! the site already has, or by a selection rather than a sort, so the
//! front page costs the same for ten briefs or a hundred thousand.

use serde::Serialize;

use crate::content::history::History;
use crate::markdown::page::Kind;
use crate::render::views::{CountedLink, EntryView, Iso, LinkView, Shown, pages_by_path, touched};
use crate::site::{PageId, Site};

use super::views::BriefItem;

const LATEST_BRIEFS: usize = 6;
const RECENT_EVENTS: usize = 8;
const TOP_TOPICS: usize = 12;
const KEY_ACTORS: usize = 8;
const LATEST_CORRECTIONS: usize = 5;

#[derive(Serialize, Hash)]
pub struct FrontPage<'a> {
    /// The dossier's one-sentence pitch: the front page's own written
    /// `summary:`, else the configuration's `description`.
    pub standfirst: &'a str,
    /// The newest briefs, newest first.
    pub latest: Vec<BriefItem<'a>>,
    pub brief_count: usize,
    /// The most recent events, newest first.
    pub events: Vec<EntryView<'a>>,
    pub event_count: usize,
    /// The topics named by most briefs, most first.
    pub topics: Vec<CountedLink<'a>>,
    pub topic_count: usize,
    /// The actors named by most briefs, most first.
    pub key_actors: Vec<ActorItem<'a>>,
    pub actor_count: usize,
    /// True when the git history is there to tell corrections from.
    pub has_history: bool,
    /// The latest corrections, newest first.
    pub corrections: Vec<FrontCorrection<'a>>,
}

/// An actor with how many briefs name it and what kind it is.
#[derive(Serialize, Hash)]
pub struct ActorItem<'a> {
    #[serde(flatten)]
    pub link: CountedLink<'a>,
    pub kind: Option<&'a str>,
}

/// A correction, with the pages its commit touched.
#[derive(Serialize, Hash)]
pub struct FrontCorrection<'a> {
    pub text: &'a str,
    pub date: Shown,
    pub date_iso: Iso,
    pub hash: &'a str,
    pub pages: Vec<LinkView<'a>>,
}

/// The front page's lists for a page at `root`.
pub fn front_page<'v>(site: &'v Site, history: &'v History, root: &'v str) -> FrontPage<'v> {
    let home = site.of_kind(Kind::Home).next().map(|(id, _)| id);
    let written = home.and_then(|id| site.pages[id].front.summary.as_deref());
    let topics = site.of_kind(Kind::Topic).map(|(id, _)| id).collect();
    let actors: Vec<PageId> = site.of_kind(Kind::Actor).map(|(id, _)| id).collect();
    let actor_count = actors.len();
    FrontPage {
        standfirst: written.unwrap_or(&site.config.description),
        latest: site
            .briefs_by_date
            .iter()
            .take(LATEST_BRIEFS)
            .map(|&id| BriefItem::of(site, id, root))
            .collect(),
        brief_count: site.briefs_by_date.len(),
        events: recent_events(site, root),
        event_count: site.timeline.iter().filter(|e| e.is_event).count(),
        topic_count: site.of_kind(Kind::Topic).count(),
        topics: most_named(site, topics, TOP_TOPICS)
            .into_iter()
            .map(|id| CountedLink::to(site, id, root))
            .collect(),
        key_actors: most_named(site, actors, KEY_ACTORS)
            .into_iter()
            .map(|id| ActorItem {
                link: CountedLink::to(site, id, root),
                kind: site.pages[id].front.kind.as_deref(),
            })
            .collect(),
        actor_count,
        has_history: !history.commits().is_empty(),
        corrections: corrections(site, history, root),
    }
}

/// The last events of the timeline (which is in date order), newest first.
fn recent_events<'v>(site: &'v Site, root: &'v str) -> Vec<EntryView<'v>> {
    let events = site.timeline.iter().rev().filter(|e| e.is_event);
    events
        .take(RECENT_EVENTS)
        .map(|e| EntryView::of(site, e, root))
        .collect()
}

/// The `limit` pages of `ids` named by most briefs, most first, then by
/// title. A selection first, so only `limit` pages are sorted.
fn most_named(site: &Site, mut ids: Vec<PageId>, limit: usize) -> Vec<PageId> {
    let rank = |&id: &PageId| {
        let page = &site.pages[id];
        (std::cmp::Reverse(site.named_by[id].len()), &page.title, id)
    };
    if ids.len() > limit {
        ids.select_nth_unstable_by(limit, |a, b| rank(a).cmp(&rank(b)));
        ids.truncate(limit);
    }
    ids.sort_by(|a, b| rank(a).cmp(&rank(b)));
    ids
}

/// The latest `Correction:` trailers, newest first, each with the pages
/// its commit touched.
fn corrections<'v>(
    site: &'v Site,
    history: &'v History,
    root: &'v str,
) -> Vec<FrontCorrection<'v>> {
    let commits = history
        .commits()
        .iter()
        .filter(|c| !c.corrections.is_empty());
    let each = commits.flat_map(|c| c.corrections.iter().map(move |text| (c, text)));
    let latest: Vec<_> = each.take(LATEST_CORRECTIONS).collect();
    if latest.is_empty() {
        return Vec::new();
    }
    // One pass over the pages finds the few that were corrected.
    let paths: crate::HashSet<&str> = latest
        .iter()
        .flat_map(|(c, _)| c.paths.iter().map(String::as_str))
        .collect();
    let found = pages_by_path(site, |path| paths.contains(path));
    latest
        .into_iter()
        .map(|(c, text)| FrontCorrection {
            text,
            date: Shown(c.date),
            date_iso: Iso(c.date),
            hash: &c.short,
            pages: touched(site, &found, &c.paths, root),
        })
        .collect()
}
