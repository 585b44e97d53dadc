//! How the site-wide lists are split into pages. A timeline or source list
//! longer than `list_limit` (dossier.yaml, default 1,000 entries) is one
//! page per year or per initial letter, with an overview page listing the
//! parts, and a year or letter with more than `list_limit` entries is
//! several pages of at most that many: a 10 MB page helps no reader, and a
//! rebuild after an edit then renders only the part the edit touches.

use std::ops::Range;

use rayon::prelude::*;

use crate::content::sections;
use crate::markdown::page::Kind;
use crate::render::shows::Shows;
use crate::site::{PageId, Site, SourceEntry};
use crate::text::slug::slugify;

/// One page of a split list, or the whole list on one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The whole list: it is short enough.
    All,
    /// The overview of a split list: its parts, no entries.
    Overview,
    /// The timeline entries of one year: its page `.1`, from 0.
    Year(i16, u32),
    /// The sources whose title starts with this letter (`'#'`: with
    /// anything but a letter): its page `.1`, from 0.
    Initial(char, u32),
    /// A topic's or actor's undated briefs: its page `.0`, from 0.
    Undated(u32),
}

impl Part {
    /// The folder of this part under its list's folder: `""` for the
    /// list's own page, `2024/`, `a/`, `other/`, and for the second page of
    /// a year or letter `2024/2/`, `a/2/`.
    pub fn folder(self) -> String {
        let (name, page) = match self {
            Part::All | Part::Overview => return String::new(),
            Part::Year(year, page) => (year.to_string(), page),
            Part::Initial('#', page) => ("other".to_string(), page),
            Part::Initial(letter, page) => (letter.to_string(), page),
            Part::Undated(page) => ("undated".to_string(), page),
        };
        match page {
            0 => format!("{name}/"),
            _ => format!("{name}/{}/", page + 1),
        }
    }

    /// How the part is named in the navigation between parts: `2024`,
    /// `A`, `Other`, and for the second page of a year `2024, page 2`.
    pub fn title(self) -> String {
        let (name, page) = match self {
            Part::All | Part::Overview => return String::new(),
            Part::Year(year, page) => (year.to_string(), page),
            Part::Initial('#', page) => ("Other".to_string(), page),
            Part::Initial(letter, page) => (letter.to_ascii_uppercase().to_string(), page),
            Part::Undated(page) => ("Undated".to_string(), page),
        };
        match page {
            0 => name,
            _ => format!("{name}, page {}", page + 1),
        }
    }
}

/// The pages of a year or letter of `count` entries, at most `limit` each
/// (`dossier.yaml` refuses 0; taken as 1 here): `(page, first, end)`,
/// with `first..end` counted within the year or letter.
fn pages(count: usize, limit: usize) -> impl Iterator<Item = (u32, usize, usize)> {
    let limit = limit.max(1);
    (0..count.div_ceil(limit)).map(move |page| {
        let first = page * limit;
        let number = u32::try_from(page).unwrap_or(u32::MAX);
        (number, first, count.min(first + limit))
    })
}

/// The pages of the timeline: `All`, or `Overview` then one per year, in
/// order, each with the range of `site.timeline` it shows.
pub fn timeline(site: &Site) -> Vec<(Part, std::ops::Range<usize>)> {
    let entries = &site.timeline;
    if entries.len() <= site.config.list_limit {
        return vec![(Part::All, 0..entries.len())];
    }
    let mut parts = vec![(Part::Overview, 0..0)];
    let mut start = 0;
    while start < entries.len() {
        let year = entries[start].date.year();
        let end = start + entries[start..].partition_point(|e| e.date.year() == year);
        let pages = pages(end - start, site.config.list_limit);
        parts.extend(
            pages.map(|(page, first, last)| (Part::Year(year, page), start + first..start + last)),
        );
        start = end;
    }
    parts
}

/// A page of the source list: its part, and the indexes into
/// `site.sources` it shows.
pub type SourcePage = (Part, Vec<usize>);

/// The pages of the source list: `All` (every source, in numbering
/// order), or `Overview` then one per initial, each with the indexes into
/// `site.sources` it shows, by title.
pub fn sources(site: &Site) -> Vec<(Part, Vec<usize>)> {
    let all = &site.sources;
    if all.len() <= site.config.list_limit {
        return vec![(Part::All, (0..all.len()).collect())];
    }
    let mut keyed: Vec<(char, String, usize)> = all
        .par_iter()
        .enumerate()
        .map(|(index, entry)| {
            let title = shown_title(entry);
            (initial(title), title.to_lowercase(), index)
        })
        .collect();
    // Letters first, then the rest; by title within a letter. The index
    // makes the order total, so an unstable sort gives one order.
    keyed.par_sort_unstable_by(|a, b| {
        (letter_order(a.0), &a.1, a.2).cmp(&(letter_order(b.0), &b.1, b.2))
    });
    let mut parts: Vec<(Part, Vec<usize>)> = vec![(Part::Overview, Vec::new())];
    let mut start = 0;
    while start < keyed.len() {
        let letter = keyed[start].0;
        let end = start + keyed[start..].partition_point(|k| k.0 == letter);
        let pages = pages(end - start, site.config.list_limit);
        parts.extend(pages.map(|(page, first, last)| {
            let indexes = keyed[start + first..start + last].iter();
            (Part::Initial(letter, page), indexes.map(|k| k.2).collect())
        }));
        start = end;
    }
    parts
}

/// One page of a split topic or actor page: the briefs naming it and the
/// events involving it of one year (or its undated briefs), as ranges of
/// `site.named_by[id]` and `site.events_of[id]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermPart {
    pub part: Part,
    pub briefs: Range<usize>,
    pub events: Range<usize>,
}

impl TermPart {
    /// How many briefs and events the part lists.
    pub fn count(&self) -> usize {
        self.briefs.len() + self.events.len()
    }
}

/// The parts of topic or actor `id`'s page, newest year first, then its
/// undated briefs: none when it names at most `list_limit` briefs and
/// events each, as then its page lists them all. Past that its page
/// shows the newest briefs and links to one page per year, and a year
/// with more than `list_limit` briefs or events is several pages, as in
/// the timeline: at 100,000 briefs a topic's page listed every one of
/// 3,000 briefs and 7,000 events, 8 MB, and was rendered again whenever
/// one of them was retitled.
pub fn term(site: &Site, id: PageId) -> Vec<TermPart> {
    let limit = site.config.list_limit;
    let (briefs, events) = (&site.named_by[id], &site.events_of[id]);
    let named = matches!(site.pages[id].kind, Kind::Topic | Kind::Actor);
    if !named || (briefs.len() <= limit && events.len() <= limit) {
        return Vec::new();
    }
    // Briefs are newest first, undated last; events oldest first.
    let year_of = |brief: &PageId| site.pages[*brief].front.date.map(|d| d.year());
    let brief_year = |n: usize| year_of(&briefs[n]);
    let event_year = |n: usize| site.timeline[events[n]].date.year();
    let mut parts = Vec::new();
    let (mut b, mut e_end) = (0, events.len());
    loop {
        let next_brief = (b < briefs.len()).then(|| brief_year(b)).flatten();
        let next_event = (e_end > 0).then(|| event_year(e_end - 1));
        let year = match (next_brief, next_event) {
            (Some(x), Some(y)) => x.max(y),
            (Some(year), None) | (None, Some(year)) => year,
            (None, None) => break,
        };
        // A year's briefs are one run: its end is found by halving, not
        // by reading each brief, which for a topic of 30,000 briefs read
        // as many pages, in no cache, on one core at every rebuild.
        let b_end = b + briefs[b..].partition_point(|brief| year_of(brief) == Some(year));
        let e_start = events[..e_end].partition_point(|&i| site.timeline[i].date.year() < year);
        let year_part = |page| Part::Year(year, page);
        split_pages(&mut parts, limit, (b..b_end, e_start..e_end), year_part);
        (b, e_end) = (b_end, e_start);
    }
    split_pages(&mut parts, limit, (b..briefs.len(), 0..0), Part::Undated);
    parts
}

/// The parts of every split topic and actor page, by page: worked out
/// once for a render, whose pages and sitemap both need them.
pub type Terms = crate::HashMap<PageId, Vec<TermPart>>;

/// [`term`] for every topic and actor of `site` that is split.
pub fn terms(site: &Site) -> Terms {
    let named = (0..site.pages.len()).into_par_iter();
    let named = named.filter(|&id| matches!(site.pages[id].kind, Kind::Topic | Kind::Actor));
    let split = named.map(|id| (id, term(site, id)));
    split.filter(|(_, parts)| !parts.is_empty()).collect()
}

/// Adds the pages of one year (or of the undated briefs) to `parts`: as
/// many as the longer of its two lists needs at `limit` entries a page.
fn split_pages(
    parts: &mut Vec<TermPart>,
    limit: usize,
    (briefs, events): (Range<usize>, Range<usize>),
    part: impl Fn(u32) -> Part,
) {
    let count = briefs.len().max(events.len());
    for (page, first, _) in pages(count, limit) {
        let take = |range: &Range<usize>| {
            let start = (range.start + first).min(range.end);
            start..(start + limit.max(1)).min(range.end)
        };
        parts.push(TermPart {
            part: part(page),
            briefs: take(&briefs),
            events: take(&events),
        });
    }
}

/// Whether `new`'s source list splits into the same pages as `old`'s
/// (see [`sources`]): the same `list_limit` and every source listed
/// under the same title, in the same order. A rebuilding builder then
/// keeps the pages it split last time: at 100,000 briefs the split
/// lowercases and sorts 300,000 titles, some 0.15–0.2 s of every full
/// rebuild, which a retitled brief or a new one changes nothing of.
pub fn same_source_pages(old: &Site, new: &Site) -> bool {
    old.config.list_limit == new.config.list_limit
        && old.sources.len() == new.sources.len()
        && (old.sources.par_iter())
            .zip(&new.sources)
            .all(|(a, b)| shown_title(a) == shown_title(b))
}

/// Where a part of the source list stands: letters in order, then `'#'`.
fn letter_order(initial: char) -> (bool, char) {
    (initial == '#', initial)
}

/// What a source is listed by: its title, or its id without one.
fn shown_title(entry: &SourceEntry) -> &str {
    entry.source.title.as_deref().unwrap_or(&entry.source.id)
}

/// The letter a title starts with, as ASCII (`É` is `e`); `'#'` when its
/// first letter or digit is a digit or has no ASCII form.
fn initial(title: &str) -> char {
    let Some(first) = title.chars().find(|c| c.is_alphanumeric()) else {
        return '#';
    };
    let ascii = if first.is_ascii() {
        first
    } else {
        slugify(&first.to_string()).chars().next().unwrap_or('#')
    };
    Some(ascii.to_ascii_lowercase())
        .filter(char::is_ascii_lowercase)
        .unwrap_or('#')
}

/// The URL of every page of the sections listed in the sitemap, and of
/// every part of a split topic or actor page (`terms`). `source_pages`
/// are the source list's pages when a rebuild has them already (see
/// [`sources`]).
pub fn urls(site: &Site, terms: &Terms, source_pages: Option<&[SourcePage]>) -> Vec<String> {
    let listed = sections::with_pages().filter(|(_, page)| page.sitemap);
    let terms = terms.iter().flat_map(|(&id, parts)| {
        let url = &site.pages[id].url;
        parts
            .iter()
            .map(move |p| format!("{url}{}", p.part.folder()))
    });
    let terms: Vec<String> = terms.collect();
    listed
        .flat_map(|(section, _)| {
            let parts = match Shows::of(section) {
                Shows::Timeline => timeline(site).into_iter().map(|(part, _)| part).collect(),
                Shows::Sources => match source_pages {
                    Some(pages) => pages.iter().map(|(part, _)| *part).collect(),
                    None => source_parts(site),
                },
                _ => vec![Part::All],
            };
            let folder = section.folder;
            parts
                .into_iter()
                .map(move |part| format!("{folder}/{}", part.folder()))
        })
        .chain(terms)
        .collect()
}

/// The parts of [`sources`] alone, without ordering every source.
fn source_parts(site: &Site) -> Vec<Part> {
    let all = &site.sources;
    if all.len() <= site.config.list_limit {
        return vec![Part::All];
    }
    let mut initials: Vec<char> = all
        .par_iter()
        .map(|entry| initial(shown_title(entry)))
        .collect();
    initials.par_sort_unstable_by_key(|&c| letter_order(c));
    let mut parts = vec![Part::Overview];
    for run in initials.chunk_by(|a, b| a == b) {
        let pages = pages(run.len(), site.config.list_limit);
        parts.extend(pages.map(|(page, _, _)| Part::Initial(run[0], page)));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_letters_or_other() {
        assert_eq!(initial("Zangezur"), 'z');
        assert_eq!(initial("\u{201c}\u{c9}clair\u{201d}"), 'e');
        assert_eq!(initial("2024 report"), '#');
        assert_eq!(initial(""), '#');
        assert_eq!(Part::Initial('#', 0).folder(), "other/");
        assert_eq!(Part::Year(2024, 0).folder(), "2024/");
        assert_eq!(Part::Initial('a', 0).title(), "A");
    }

    #[test]
    fn a_long_year_or_letter_has_numbered_pages() {
        assert_eq!(Part::Year(2024, 1).folder(), "2024/2/");
        assert_eq!(Part::Year(2024, 1).title(), "2024, page 2");
        assert_eq!(Part::Initial('#', 2).folder(), "other/3/");
        assert_eq!(Part::Initial('s', 9).title(), "S, page 10");
        let split: Vec<_> = pages(5, 2).collect();
        assert_eq!(split, [(0, 0, 2), (1, 2, 4), (2, 4, 5)]);
        assert_eq!(pages(4, 2).count(), 2);
        assert_eq!(pages(0, 2).count(), 0);
        assert_eq!(pages(3, 0).count(), 3);
    }
}
