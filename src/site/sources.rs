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

use super::SourceEntry;
use super::index_set::IndexSet;
use crate::content::frontmatter::sources::{CREDIBILITY_SCALE, Source, SourceRef};
use crate::diagnostic::{Diagnostic, Location};
use crate::markdown::page::Page;
use crate::text::slug::nearest;

/// Builds the table of all sources (the registry's, then those defined in
/// pages) and each page's numbered source list; checks every citation.
pub(super) fn collect_sources(
    pages: &[Arc<Page>],
    registry: Vec<Source>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<SourceEntry>, Vec<Vec<usize>>) {
    let registry: Vec<Arc<Source>> = registry.into_iter().map(Arc::new).collect();
    // Sized for every source at once: a table of 100,000 pages' sources
    // that grows step by step rehashes all of them several times. Its keys
    // borrow the ids from the sources themselves rather than copying them.
    let defined = pages.iter().map(|p| p.front.sources.len()).sum::<usize>();
    let mut table = SourceTable {
        entries: Vec::with_capacity(registry.len() + defined),
        by_id: HashMap::with_capacity_and_hasher(registry.len() + defined, Default::default()),
    };
    for source in &registry {
        table.add_registry(source, diagnostics);
    }
    let registry_len = table.entries.len();
    // Every page's own ids in one list, each page's a range of it: a
    // page defines a handful, so a short scan finds one faster than a
    // hash map per page, which 100,000 pages would each make and free.
    let mut local = Vec::with_capacity(defined);
    let ranges: Vec<Range<usize>> = pages
        .iter()
        .map(|page| {
            let start = local.len();
            table.add_local(page, &mut local, diagnostics);
            start..local.len()
        })
        .collect();
    let found: Vec<(Vec<usize>, Vec<Diagnostic>)> = pages
        .par_iter()
        .zip(&ranges)
        .map(|(page, range)| {
            let mut found = Vec::new();
            let known = Known {
                local: &local[range.clone()],
                registry: &table.by_id,
                registry_len,
            };
            let list = source_list(page, &known, &mut found);
            (list, found)
        })
        .collect();
    let SourceTable { mut entries, .. } = table;
    diagnostics.reserve(found.iter().map(|(_, found)| found.len()).sum());
    let lists = found
        .into_iter()
        .enumerate()
        .map(|(id, (list, found))| {
            for &index in &list {
                entries[index].cited_by.push(id);
            }
            diagnostics.extend(found);
            list
        })
        .collect();
    unused_registry_sources(&entries, registry_len, diagnostics);
    (entries, lists)
}

/// The table of all sources, by id: the registry's first, then those
/// pages define, in page order.
struct SourceTable<'s> {
    entries: Vec<SourceEntry>,
    by_id: HashMap<&'s str, usize>,
}

impl<'s> SourceTable<'s> {
    fn add_registry(&mut self, source: &'s Arc<Source>, diagnostics: &mut Vec<Diagnostic>) {
        if self.by_id.contains_key(source.id.as_str()) {
            let mut d = Diagnostic::error(
                "duplicate-source",
                format!("source id '{}' is defined twice in sources.yaml", source.id),
            )
            .hint("give each source its own id");
            if let Some(at) = &source.location {
                d = d.at(at.0.clone());
            }
            diagnostics.push(d);
            return;
        }
        self.by_id.insert(&source.id, self.entries.len());
        self.entries.push(SourceEntry {
            source: source.clone(),
            cited_by: Vec::new(),
            archive_file: None,
        });
    }

    /// Adds a page's own source definitions, and their ids with their
    /// indexes to `local`. An id already in the table keeps its first
    /// definition.
    fn add_local(
        &mut self,
        page: &'s Page,
        local: &mut Vec<(&'s str, usize)>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for source in page.front.sources.iter().filter_map(|s| match s {
            SourceRef::Defined(s) => Some(s),
            SourceRef::Id(..) => None,
        }) {
            let index = match self.by_id.get(source.id.as_str()) {
                Some(&index) => {
                    let first = &self.entries[index].source;
                    diagnostics.extend(redefined(first, source));
                    index
                }
                None => {
                    let index = self.entries.len();
                    self.by_id.insert(&source.id, index);
                    self.entries.push(SourceEntry {
                        source: source.clone(),
                        cited_by: Vec::new(),
                        archive_file: None,
                    });
                    index
                }
            };
            local.push((source.id.as_str(), index));
        }
    }
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
    /// Every id in the table; only those below `registry_len` are the
    /// registry's.
    registry: &'a HashMap<&'a str, usize>,
    registry_len: usize,
}

impl Known<'_> {
    /// The table index of source `id`, if this page may use it.
    fn get(&self, id: &str) -> Option<usize> {
        let local = self.local.iter().find(|(own, _)| *own == id);
        local.map(|&(_, index)| index).or_else(|| {
            self.registry
                .get(id)
                .copied()
                .filter(|&i| i < self.registry_len)
        })
    }

    /// The error for an id this page may not use (`what` says where it
    /// was written), with the nearest id it may.
    fn unknown(&self, id: &str, at: Option<Location>, what: &str) -> Diagnostic {
        let ids = self.local.iter().map(|&(own, _)| own).chain(
            self.registry
                .iter()
                .filter(|(_, i)| **i < self.registry_len)
                .map(|(&k, _)| k),
        );
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
fn source_list(page: &Page, known: &Known, diagnostics: &mut Vec<Diagnostic>) -> Vec<usize> {
    let mut list = IndexSet::default();
    for id in &page.body.cited {
        if let Some(index) = known.get(id) {
            list.insert(index);
        }
    }
    check_citations(page, known, diagnostics);
    let cited = event_sources(page, known, &mut list, diagnostics);
    listed_sources(page, known, &cited, &mut list, diagnostics);
    list.items
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
/// file only: an implied page cites nothing).
fn listed_sources(
    page: &Page,
    known: &Known,
    cited: &IndexSet<&str>,
    list: &mut IndexSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut uncited = Vec::new();
    for source in &page.front.sources {
        let (id, at) = match source {
            SourceRef::Defined(s) => (s.id.as_str(), s.location.clone().map(|at| at.0)),
            SourceRef::Id(id, at) => (id.as_str(), Some(at.0.clone())),
        };
        let Some(index) = known.get(id) else {
            diagnostics.push(known.unknown(id, at, "source"));
            continue;
        };
        list.insert(index);
        if !cited.contains(&id) && page.file.is_some() {
            uncited.push(uncited_source(id, at));
        }
    }
    diagnostics.extend(uncited);
}

fn uncited_source(id: &str, at: Option<Location>) -> Diagnostic {
    let d = Diagnostic::warning(
        "uncited-source",
        format!("source '{id}' is listed but never cited"),
    )
    .hint(format!(
        "cite it as [@{id}] after the claim it supports, or remove it from `sources:`"
    ));
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
