//! Sources: the registry (`content/sources.yaml`) and the sources pages
//! define in their front matter, gathered into one table; each page's
//! numbered source list; and the checks on them — unknown ids cited in
//! the body, events or front matter, sources listed but never cited, and
//! registry sources no page uses. Needs nothing the names or links
//! resolve, so it runs beside them.

use crate::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::index_set::IndexSet;
use super::{PageId, Site, SourceEntry, SourceMark, SourceMemo, shared};
use crate::content::frontmatter::sources::{CREDIBILITY_SCALE, Source, SourceRef};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::page::Page;
use crate::text::slug::nearest;
use crate::text::tight;

/// The sources of a site: the table, each page's numbered list, and what
/// the next rebuild keeps of the check.
pub(super) struct Collected {
    pub(super) entries: Vec<SourceEntry>,
    pub(super) lists: Vec<Arc<[usize]>>,
    pub(super) memo: SourceMemo,
}

/// Builds the table of all sources (the registry's, then those defined in
/// pages) and each page's numbered source list; checks every citation.
///
/// With `last`, the site of the last build: when the registry is the same
/// and every page defines the same sources as before, the table is the
/// last one (a retitled brief changes no source), so it is not made
/// again, and a page that is the very page of the last build and had
/// nothing wrong but uncited sources keeps its list and warnings. The
/// result is the same as without `last`.
///
/// Sources listed but never cited are warned of only when `uncited`
/// says so (see [`SiteConfig::warn_uncited`]).
///
/// [`SiteConfig::warn_uncited`]: crate::content::config::SiteConfig::warn_uncited
pub(super) fn collect_sources(
    pages: &[Arc<Page>],
    registry: Vec<Source>,
    last: Option<&Site>,
    uncited: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Collected {
    let registry: Vec<Arc<Source>> = registry.into_iter().map(Arc::new).collect();
    let defined = pages.iter().map(|p| p.front.sources.len()).sum::<usize>();
    let mut entries = Vec::with_capacity(registry.len() + defined);
    let registry_ids = registry_entries(&registry, &mut entries, diagnostics);
    let registry_len = entries.len();
    let changed = last.and_then(|last| changed_pages(pages, &registry, last));
    // Every empty list is this one block.
    let empty: Arc<[usize]> = Arc::from([]);
    let (local, ranges, outcomes) = match (last, changed) {
        (Some(last), Some(changed)) => {
            let local = last.source_memo.local.clone();
            let ranges = last.source_memo.ranges.clone();
            entries.extend(last.sources[registry_len..].iter().map(entry_of));
            take_new_definitions(&mut entries, pages, last, &changed);
            let outcomes = check_again(pages, last, (&entries, &registry_ids), &empty, uncited);
            (local, ranges, outcomes)
        }
        _ => {
            let (local, ranges, redefining) =
                page_entries(pages, &registry_ids, &mut entries, diagnostics);
            let outcomes = pages
                .par_iter()
                .zip(&ranges)
                .zip(&redefining)
                .map(|((page, range), &redefines)| {
                    let own = own_ids(page, &local[to_usize(range)]);
                    let mut found = Vec::new();
                    let known = Known::new(&own, &registry_ids, uncited);
                    let (list, mark) = check_page(page, &known, &mut found);
                    let mark = if redefines { SourceMark::Recheck } else { mark };
                    (shared(list, &empty), found, mark)
                })
                .collect();
            (local, ranges, outcomes)
        }
    };
    let mut marks = Vec::with_capacity(pages.len());
    diagnostics.reserve(outcomes.iter().map(|(_, found, _)| found.len()).sum());
    let lists = outcomes
        .into_iter()
        .enumerate()
        .map(|(id, (list, found, mark))| {
            for &index in list.iter() {
                entries[index].cited_by.push(id);
            }
            diagnostics.extend(found);
            marks.push(mark);
            list
        })
        .collect();
    if uncited {
        unused_registry_sources(&entries, registry_len, diagnostics);
    }
    let memo = SourceMemo {
        registry,
        local,
        ranges,
        marks,
    };
    Collected {
        entries,
        lists,
        memo,
    }
}

/// One page's list, the problems its check found and its mark.
type Outcome = (Arc<[usize]>, Vec<Diagnostic>, SourceMark);

fn to_usize(range: &Range<u32>) -> Range<usize> {
    range.start as usize..range.end as usize
}

fn entry_of(last: &SourceEntry) -> SourceEntry {
    SourceEntry {
        source: last.source.clone(),
        cited_by: Vec::new(),
        archive_file: None,
    }
}

/// The sources page `page` defines, in order.
fn defined(page: &Page) -> impl Iterator<Item = &Arc<Source>> {
    page.front.sources.iter().filter_map(|s| match s {
        SourceRef::Defined(s) => Some(s),
        SourceRef::Id(..) => None,
    })
}

/// The page's own ids with their table indexes, `indexes` being those of
/// the sources it defines, in order. A page defines a handful, so a short
/// scan of them finds one faster than a hash map per page, which 100,000
/// pages would each make and free.
fn own_ids<'p>(page: &'p Page, indexes: &[u32]) -> Vec<(&'p str, usize)> {
    let ids = defined(page).map(|s| s.id.as_str());
    ids.zip(indexes.iter().map(|&i| i as usize)).collect()
}

/// Adds the registry's sources to `entries` (an error for an id defined
/// twice) and returns their ids, each with its index.
fn registry_entries<'s>(
    registry: &'s [Arc<Source>],
    entries: &mut Vec<SourceEntry>,
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<&'s str, usize> {
    let mut ids = HashMap::with_capacity_and_hasher(registry.len(), Default::default());
    for source in registry {
        if ids.contains_key(source.id.as_str()) {
            let mut d = Diagnostic::error(
                "duplicate-source",
                format!("source id '{}' is defined twice in sources.yaml", source.id),
            )
            .hint("give each source its own id");
            if let Some(at) = &source.location {
                d = d.at(at.0.clone());
            }
            diagnostics.push(d);
            continue;
        }
        ids.insert(source.id.as_str(), entries.len());
        entries.push(SourceEntry {
            source: source.clone(),
            cited_by: Vec::new(),
            archive_file: None,
        });
    }
    ids
}

/// Adds the sources pages define to `entries`, an id already there
/// keeping its first definition (a warning when another differs). Returns
/// every page's indexes in one list, each page's a range of it, and per
/// page whether it redefines a source differently.
fn page_entries<'a>(
    pages: &'a [Arc<Page>],
    registry_ids: &HashMap<&'a str, usize>,
    entries: &mut Vec<SourceEntry>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<u32>, Vec<Range<u32>>, Vec<bool>) {
    // Sized for every source at once: a table of 100,000 pages' sources
    // that grows step by step rehashes all of them several times. Its keys
    // borrow the ids from the sources themselves rather than copying them.
    let mut by_id: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(entries.capacity(), Default::default());
    by_id.extend(registry_ids.iter().map(|(&id, &index)| (id, index)));
    // Held as `u32`, half the room: past four billion sources, which no
    // memory holds, an index would saturate rather than wrap.
    let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let mut local = Vec::with_capacity(entries.capacity() - entries.len());
    let mut ranges = Vec::with_capacity(pages.len());
    let mut redefining = Vec::with_capacity(pages.len());
    for page in pages {
        let start = local.len();
        let before = diagnostics.len();
        for source in defined(page) {
            let at = match by_id.get(source.id.as_str()) {
                Some(&at) => {
                    diagnostics.extend(redefined(&entries[at].source, source));
                    at
                }
                None => {
                    by_id.insert(&source.id, entries.len());
                    entries.push(SourceEntry {
                        source: source.clone(),
                        cited_by: Vec::new(),
                        archive_file: None,
                    });
                    entries.len() - 1
                }
            };
            local.push(index(at));
        }
        ranges.push(index(start)..index(local.len()));
        redefining.push(diagnostics.len() > before);
    }
    (local, ranges, redefining)
}

/// The pages that are not the very pages of `last` but define the same
/// sources, when the table would come out as `last`'s: the same registry,
/// the same number of pages, and each page defining what it did. `None`
/// when it would not.
fn changed_pages(
    pages: &[Arc<Page>],
    registry: &[Arc<Source>],
    last: &Site,
) -> Option<Vec<PageId>> {
    let memo = &last.source_memo;
    let same_shape = memo.ranges.len() == pages.len()
        && last.pages.len() == pages.len()
        && *memo.registry == *registry;
    if !same_shape {
        return None;
    }
    let mut changed = Vec::new();
    for (id, (page, before)) in pages.iter().zip(&last.pages).enumerate() {
        if Arc::ptr_eq(page, before) {
            continue;
        }
        if !defined(page).eq(defined(before)) {
            return None;
        }
        changed.push(id);
    }
    Some(changed)
}

/// Puts the definitions of the `changed` pages into the last build's
/// `entries` where the last build had theirs: they are equal, but hold
/// where they are written now.
fn take_new_definitions(
    entries: &mut [SourceEntry],
    pages: &[Arc<Page>],
    last: &Site,
    changed: &[PageId],
) {
    let memo = &last.source_memo;
    for &id in changed {
        let indexes = &memo.local[to_usize(&memo.ranges[id])];
        let pairs = defined(&pages[id]).zip(defined(&last.pages[id]));
        for ((new, old), &index) in pairs.zip(indexes) {
            let entry = &mut entries[index as usize];
            if Arc::ptr_eq(&entry.source, old) {
                entry.source = new.clone();
            }
        }
    }
}

/// Each page's outcome against the last build's table: kept for a page
/// of the last build that had nothing wrong but uncited sources (its
/// warnings made again from its mark), checked again otherwise.
fn check_again(
    pages: &[Arc<Page>],
    last: &Site,
    (entries, registry_ids): (&[SourceEntry], &HashMap<&str, usize>),
    empty: &Arc<[usize]>,
    uncited: bool,
) -> Vec<Outcome> {
    let memo = &last.source_memo;
    (0..pages.len())
        .into_par_iter()
        .map(|id| {
            let page = &pages[id];
            if let SourceMark::Uncited(bits) = memo.marks[id]
                && Arc::ptr_eq(page, &last.pages[id])
            {
                let warnings = match uncited {
                    true => uncited_again(page, bits),
                    false => Vec::new(),
                };
                return (
                    last.source_lists[id].clone(),
                    warnings,
                    SourceMark::Uncited(bits),
                );
            }
            let own = own_ids(page, &memo.local[to_usize(&memo.ranges[id])]);
            let mut found = Vec::new();
            // A source is this page's first definition when the table
            // holds it: a later one of the same id is checked against it.
            for (source, &(_, index)) in defined(page).zip(&own) {
                let first = &entries[index].source;
                if !Arc::ptr_eq(first, source) {
                    found.extend(redefined(first, source));
                }
            }
            let redefines = !found.is_empty();
            let known = Known::new(&own, registry_ids, uncited);
            let (list, mark) = check_page(page, &known, &mut found);
            let mark = if redefines { SourceMark::Recheck } else { mark };
            (shared(list, empty), found, mark)
        })
        .collect()
}

/// One page's numbered list and the problems in its citations, with its
/// mark, checked against the sources `known` to it.
fn check_page(page: &Page, known: &Known, found: &mut Vec<Diagnostic>) -> (Vec<usize>, SourceMark) {
    let before = found.len();
    let (list, uncited) = source_list(page, known, found);
    // Uncited sources were all it found: one warning each, when warned of.
    let warned = |bits: u64| match known.warn_uncited {
        true => bits.count_ones(),
        false => 0,
    };
    let mark = match uncited {
        Some(bits) if (found.len() - before) as u32 == warned(bits) => SourceMark::Uncited(bits),
        _ => SourceMark::Recheck,
    };
    (list, mark)
}

/// The warning for a page's source that reuses the id of `first`, a
/// different source; none when it is the same source.
fn redefined(first: &Source, source: &Source) -> Option<Diagnostic> {
    if (&first.title, &first.url, &first.publisher)
        == (&source.title, &source.url, &source.publisher)
    {
        return None;
    }
    let d = Diagnostic::warning(
        "duplicate-source",
        format!(
            "source id '{}' is already defined differently elsewhere; the first definition is used",
            source.id
        ),
    )
    .hint("give this source its own id, or cite the existing one by id alone");
    Some(match &source.location {
        Some(at) => d.at(at.0.clone()),
        None => d,
    })
}

/// The source ids one page may use: its own definitions, then the
/// registry's (a source another page defines is not this page's).
struct Known<'a> {
    /// The page's own ids and their indexes, in the order it defines them.
    local: &'a [(&'a str, usize)],
    /// The registry's ids.
    registry: &'a HashMap<&'a str, usize>,
    /// Whether sources listed but never cited are warned of.
    warn_uncited: bool,
}

impl<'a> Known<'a> {
    fn new(
        local: &'a [(&'a str, usize)],
        registry: &'a HashMap<&'a str, usize>,
        warn_uncited: bool,
    ) -> Self {
        Known {
            local,
            registry,
            warn_uncited,
        }
    }

    /// The table index of source `id`, if this page may use it.
    fn get(&self, id: &str) -> Option<usize> {
        let local = self.local.iter().find(|(own, _)| *own == id);
        local
            .map(|&(_, index)| index)
            .or_else(|| self.registry.get(id).copied())
    }

    /// The error for an id this page may not use (`what` says where it
    /// was written), with the nearest id it may.
    fn unknown(&self, id: &str, at: Option<Location>, what: &str) -> Diagnostic {
        let ids = (self.local.iter().map(|&(own, _)| own)).chain(self.registry.keys().copied());
        let d = Diagnostic::error(
            "unknown-source",
            format!("{what} '{id}' is not a source of this page or of content/sources.yaml"),
        );
        let d = match nearest(id, ids) {
            Some(near) => d.hint(format!("did you mean '{near}'?")),
            None => d.hint(
                "define the source under `sources:` in the front matter or in content/sources.yaml",
            ),
        };
        match at {
            Some(at) => d.at(at),
            None => d,
        }
    }
}

/// A page's sources in numbering order: cited ones first (so citation
/// numbers match), then those only listed in front matter or events.
/// Also returns which entries of its `sources:` are uncited, one bit
/// each (see `listed_sources`).
fn source_list(
    page: &Page,
    known: &Known,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<usize>, Option<u64>) {
    let mut list = IndexSet::default();
    for id in &page.body.cited {
        if let Some(index) = known.get(id) {
            list.insert(index);
        }
    }
    check_citations(page, known, diagnostics);
    let cited = event_sources(page, known, &mut list, diagnostics);
    let uncited = listed_sources(page, known, &cited, &mut list, diagnostics);
    (list.items, uncited)
}

/// An error for each citation in the body of a source the page may not
/// use, and for each claim's credibility that is not 1 to 6.
fn check_citations(page: &Page, known: &Known, diagnostics: &mut Vec<Diagnostic>) {
    for citation in &page.body.citations {
        let Some(Err(written)) = &citation.credibility else {
            continue;
        };
        let d = Diagnostic::error(
            "invalid-reliability",
            format!(
                "the citation of '{}' gives the claim credibility `{written}`, which is not an Admiralty grade",
                citation.id
            ),
        )
        .hint(format!("{CREDIBILITY_SCALE}, as in [@{} #2]", citation.id));
        diagnostics.push(match &page.file {
            Some(file) => d.at(file.span(citation.span.start, citation.span.end)),
            None => d,
        });
    }
    for citation in page
        .body
        .citations
        .iter()
        .filter(|c| known.get(&c.id).is_none())
    {
        let at = page
            .file
            .as_ref()
            .map(|f| f.span(citation.span.start, citation.span.end));
        diagnostics.push(known.unknown(&citation.id, at, "citation"));
    }
}

/// Adds the sources the page's events cite to `list`, with an error for
/// each unknown one; returns every id cited in the body or an event.
fn event_sources<'p>(
    page: &'p Page,
    known: &Known,
    list: &mut IndexSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> IndexSet<&'p str> {
    let mut cited = IndexSet::default();
    for id in &page.body.cited {
        cited.insert(id.as_str());
    }
    for event in &page.front.events {
        for id in &event.sources {
            cited.insert(id.as_str());
            match known.get(id) {
                Some(index) => {
                    list.insert(index);
                }
                None => {
                    let at = Some(event.location.0.clone());
                    diagnostics.push(known.unknown(id, at, "event source"));
                }
            }
        }
    }
    cited
}

/// Adds the sources the front matter lists to `list`: an error for each
/// unknown one, then a warning for each never `cited` (a page written in a
/// file only: an implied page cites nothing). Returns which entries are
/// uncited, bit `k` for entry `k`; `None` past the 64th.
fn listed_sources(
    page: &Page,
    known: &Known,
    cited: &IndexSet<&str>,
    list: &mut IndexSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<u64> {
    let mut uncited = Vec::new();
    let mut bits = Some(0u64);
    for (k, source) in page.front.sources.iter().enumerate() {
        let id = listed_id(source);
        let Some(index) = known.get(id) else {
            diagnostics.push(known.unknown(id, listed_at(source), "source"));
            continue;
        };
        list.insert(index);
        if !cited.contains(&id) && page.file.is_some() {
            if known.warn_uncited {
                uncited.push(uncited_source(id, listed_at(source)));
            }
            bits = bits.and_then(|b| Some(b | 1u64.checked_shl(u32::try_from(k).ok()?)?));
        }
    }
    diagnostics.extend(uncited);
    bits
}

/// The uncited-source warnings of the entries of `page`'s `sources:`
/// whose bits are set, as `listed_sources` made them.
fn uncited_again(page: &Page, bits: u64) -> Vec<Diagnostic> {
    let sources = page.front.sources.iter().enumerate();
    sources
        .filter(|&(k, _)| k < 64 && bits >> k & 1 == 1)
        .map(|(_, source)| uncited_source(listed_id(source), listed_at(source)))
        .collect()
}

/// The id an entry of `sources:` names.
fn listed_id(source: &SourceRef) -> &str {
    match source {
        SourceRef::Defined(s) => &s.id,
        SourceRef::Id(id, _) => id,
    }
}

/// Where an entry of `sources:` is written.
fn listed_at(source: &SourceRef) -> Option<Location> {
    match source {
        SourceRef::Defined(s) => s.location.as_ref().map(|at| at.0.clone()),
        SourceRef::Id(_, at) => Some(at.0.clone()),
    }
}

/// The warning for listed source `id` that the page never cites. Its
/// texts are made at their exact size: a dossier of 100,000 briefs has
/// some 150,000 of them, made on every rebuild.
fn uncited_source(id: &str, at: Option<Location>) -> Diagnostic {
    let d = Diagnostic::warning(
        "uncited-source",
        tight::concat(&["source '", id, "' is listed but never cited"]),
    )
    .hint(tight::concat(&[
        "cite it as [@",
        id,
        "] after the claim it supports, or remove it from `sources:`",
    ]));
    match at {
        Some(at) => d.at(at),
        None => d,
    }
}

/// Sources in `sources.yaml` that no page cites or lists.
fn unused_registry_sources(
    sources: &[SourceEntry],
    registry_len: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in sources
        .iter()
        .take(registry_len)
        .filter(|e| e.cited_by.is_empty())
    {
        let id = &entry.source.id;
        let d = Diagnostic::warning(
            "uncited-source",
            format!("source '{id}' in sources.yaml is never cited"),
        )
        .hint(format!(
            "cite it as [@{id}] in a brief, or remove it from content/sources.yaml"
        ));
        diagnostics.push(match &entry.source.location {
            Some(at) => d.at(at.0.clone()),
            None => d,
        });
    }
}
