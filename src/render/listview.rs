//! What the site-wide list pages show: the timeline by year, the sources,
//! the changes, each page of a split list with the links between its
//! parts (see `lists` for how a list is split).

use std::ops::Range;

use crate::content::history::History;
use crate::markdown::citations::source_anchor;
use crate::render::data::{Lists, OverviewView, PartLink, SourceLink};
use crate::render::lists::Part;
use crate::render::views::{
    ChangeView, EntryView, Iso, LinkView, Shown, SourceView, YearView, pages_by_path, touched,
};
use crate::site::sourcing::Overview;
use crate::site::{PageId, Site};

const COMMITS_ON_CHANGES_PAGE: usize = 200;

/// Page `i` of the timeline at `list`, split as `timeline` says: its years (with
/// their entries, except on the overview) and the links between the parts.
pub fn timeline_part<'v>(
    site: &'v Site,
    timeline: &[(Part, Range<usize>)],
    list: &str,
    i: usize,
    root: &'v str,
) -> Lists<'v> {
    let (part, range) = &timeline[i];
    let years = match part {
        // The parts cover the timeline in order: a year of several pages
        // is one year here.
        Part::Overview => years(site, root, 0..site.timeline.len(), false),
        _ => years(site, root, range.clone(), true),
    };
    let counts = timeline.iter().map(|(part, range)| (*part, range.len()));
    Lists {
        years: Some(years),
        parts: parts(root, list, counts, *part),
        ..Lists::default()
    }
}

/// Page `i` of the source list at `list`, split as `sources` says.
pub fn sources_part<'v>(
    site: &'v Site,
    sources: &[(Part, Vec<usize>)],
    list: &str,
    i: usize,
    root: &'v str,
) -> Lists<'v> {
    let (part, indexes) = &sources[i];
    let all = &site.sources;
    let shown = indexes
        .iter()
        .enumerate()
        .map(|(n, &index)| SourceView::cited(site, n + 1, &all[index], root))
        .collect();
    let counts = sources.iter().map(|(part, list)| (*part, list.len()));
    Lists {
        sources: Some(shown),
        overview: (i == 0).then(|| overview(site, sources, list, root)),
        parts: parts(root, list, counts, *part),
        ..Lists::default()
    }
}

/// The sourcing overview of `site`, linking to sources on the pages of
/// the source list at `list`, split as `sources` says. Each group shows
/// its first `list_limit` entries and how many more there are: in a large
/// dossier most sources are cited by one brief, and listing every one
/// made the first page of the list some 35 MB at 100,000 briefs.
fn overview<'a>(
    site: &'a Site,
    sources: &[(Part, Vec<usize>)],
    list: &str,
    root: &'a str,
) -> OverviewView<'a> {
    let overview = Overview::of(site);
    let limit = site.config.list_limit;
    let mut part_of = vec![None; site.sources.len()];
    for (part, indexes) in sources {
        for &index in indexes {
            part_of[index] = Some(*part);
        }
    }
    let source = |&index: &usize| {
        let entry = &site.sources[index].source;
        let anchor = source_anchor(&entry.id);
        let href = match part_of[index] {
            Some(part @ (Part::Initial(..) | Part::Year(..))) => {
                format!("{root}{list}{}index.html#{anchor}", part.folder())
            }
            _ => format!("#{anchor}"),
        };
        SourceLink {
            title: entry.title.as_deref().unwrap_or(&entry.id),
            href,
        }
    };
    let pages = |ids: &[PageId]| {
        let shown = ids.iter().take(limit);
        shown.map(|&id| LinkView::to(site, id, root)).collect()
    };
    let sources = |indexes: &[usize]| indexes.iter().take(limit).map(source).collect();
    let more = |all: usize| all.saturating_sub(limit);
    OverviewView {
        single_source: pages(&overview.single_source),
        single_source_more: more(overview.single_source.len()),
        low_grade: pages(&overview.low_grade),
        low_grade_more: more(overview.low_grade.len()),
        one_brief: sources(&overview.one_brief),
        one_brief_more: more(overview.one_brief.len()),
        never_cited: sources(&overview.never_cited),
        never_cited_more: more(overview.never_cited.len()),
    }
}

/// The newest commits that touched the content, with links to the
/// pages they touched that are still published.
pub fn changes<'v>(site: &'v Site, history: &'v History, root: &'v str) -> Vec<ChangeView<'v>> {
    let all = history.commits();
    let commits = &all[..all.len().min(COMMITS_ON_CHANGES_PAGE)];
    // Only the pages these commits touched are looked up: at 100,000
    // briefs an index of every page took some 50 ms of each rebuild.
    let shown: crate::HashSet<&str> = (commits.iter())
        .flat_map(|c| c.paths.iter().map(String::as_str))
        .collect();
    let ids = pages_by_path(site, |path| shown.contains(path));
    commits
        .iter()
        .map(|c| ChangeView {
            hash: &c.short,
            date: Shown(c.date),
            date_iso: Iso(c.date),
            author: &c.author,
            subject: &c.subject,
            corrections: &c.corrections,
            pages: touched(site, &ids, &c.paths, root),
        })
        .collect()
}

/// The timeline entries in `range` grouped by year; without their
/// entries (only how many there are) for an overview.
fn years<'v>(
    site: &'v Site,
    root: &'v str,
    range: Range<usize>,
    with_entries: bool,
) -> Vec<YearView<'v>> {
    let mut years: Vec<YearView> = Vec::new();
    for entry in &site.timeline[range] {
        let year = entry.date.year();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearView {
                year,
                count: 0,
                entries: Vec::new(),
            });
        }
        if let Some(last) = years.last_mut() {
            last.count += 1;
            if with_entries {
                last.entries.push(EntryView::of(site, entry, root));
            }
        }
    }
    years
}

/// The title of a page of a list: "Timeline", "Timeline: 2024".
pub fn part_title(list: &str, part: Part) -> String {
    match part {
        Part::All | Part::Overview => list.to_string(),
        _ => format!("{list}: {}", part.title()),
    }
}

/// The links between the pages of a split list (`None` for a list on one
/// page), with how many entries each holds.
pub fn parts(
    root: &str,
    list: &str,
    counts: impl Iterator<Item = (Part, usize)>,
    current: Part,
) -> Option<Vec<PartLink>> {
    let links: Vec<PartLink> = counts
        .filter(|(part, _)| !matches!(part, Part::All | Part::Overview))
        .map(|(part, count)| PartLink {
            title: part.title(),
            href: format!("{root}{list}{}index.html", part.folder()),
            count,
            current: part == current,
        })
        .collect();
    (!links.is_empty()).then_some(links)
}
