//! The published part of a site: the pages, timeline rows and sources
//! every export may show (never a draft, even in a `--drafts` build), in
//! a stable order, with the lookups the exports share.

use crate::site::{PageId, Site};

/// The published part of a site: what every export may show.
pub(super) struct Published<'a> {
    pub site: &'a Site,
    /// Per page: false for a draft (a build with `--drafts`) and for a
    /// topic or actor only drafts name.
    shown: Vec<bool>,
    /// The published pages, by URL.
    pub pages: Vec<PageId>,
    /// Per page: its place in `pages` (`usize::MAX` if not shown), so
    /// lists sort in URL order by comparing numbers, not URLs. URLs are
    /// unique (two pages at one URL fail the build: `duplicate-slug`), so
    /// the order is the URLs' own.
    rank: Vec<usize>,
    /// Each source's index in `site.sources`, by id.
    source_index: crate::HashMap<&'a str, usize>,
}

impl<'a> Published<'a> {
    pub fn of(site: &'a Site) -> Self {
        let written: Vec<bool> = site.pages.iter().map(|p| !p.front.draft).collect();
        // A topic or actor no file describes exists because front matter
        // names it: with `--drafts`, perhaps a draft's alone.
        let named = |id: PageId| {
            let by_brief = site.named_by[id].iter().any(|&b| written[b]);
            let by_event = site.events_of[id]
                .iter()
                .any(|&e| site.timeline.get(e).is_some_and(|e| written[e.brief]));
            by_brief || by_event
        };
        let shown: Vec<bool> = (0..site.pages.len())
            .map(|id| written[id] && (site.pages[id].file.is_some() || named(id)))
            .collect();
        let mut pages: Vec<PageId> = (0..site.pages.len()).filter(|&id| shown[id]).collect();
        pages.sort_by(|&a, &b| site.pages[a].url.cmp(&site.pages[b].url));
        let mut rank = vec![usize::MAX; site.pages.len()];
        for (place, &id) in pages.iter().enumerate() {
            rank[id] = place;
        }
        let source_index = site
            .sources
            .iter()
            .enumerate()
            .map(|(i, entry)| (entry.source.id.as_str(), i))
            .collect();
        Published {
            site,
            shown,
            pages,
            rank,
            source_index,
        }
    }

    pub fn shows(&self, id: PageId) -> bool {
        self.shown.get(id).copied().unwrap_or(false)
    }

    /// The published pages among `ids`, sorted by URL.
    pub fn among(&self, ids: impl IntoIterator<Item = PageId>) -> Vec<PageId> {
        let mut ids: Vec<PageId> = ids.into_iter().filter(|&id| self.shows(id)).collect();
        ids.sort_unstable_by_key(|&id| self.rank(id));
        ids.dedup();
        ids
    }

    /// Where published page `id` comes in URL order.
    pub fn rank(&self, id: PageId) -> usize {
        self.rank.get(id).copied().unwrap_or(usize::MAX)
    }

    /// The published pages of one kind, by URL.
    pub fn of_kind(&self, kind: crate::markdown::page::Kind) -> impl Iterator<Item = PageId> + '_ {
        self.pages
            .iter()
            .copied()
            .filter(move |&id| self.site.pages[id].kind == kind)
    }

    /// The timeline rows of published briefs, in timeline order (by
    /// date, then as the timeline has them).
    pub fn timeline(&self) -> Vec<&'a crate::site::Entry> {
        self.site
            .timeline
            .iter()
            .filter(|e| self.shows(e.brief))
            .collect()
    }

    /// The timeline rows with an id each that stays while the content
    /// does: `brief-<slug>` for a brief's own date, `event-<slug>-<n>`
    /// for its n-th event in timeline order.
    pub fn rows(&self) -> Vec<(String, &'a crate::site::Entry)> {
        let mut count: std::collections::BTreeMap<PageId, usize> = Default::default();
        self.timeline()
            .into_iter()
            .map(|entry| {
                let slug = id_part(&self.site.pages[entry.brief].slug);
                if !entry.is_event {
                    return (format!("brief-{slug}"), entry);
                }
                let n = count.entry(entry.brief).or_insert(0);
                *n += 1;
                (format!("event-{slug}-{n}"), entry)
            })
            .collect()
    }

    /// The sources some published page cites, by id, each with the
    /// published pages that cite it.
    pub fn sources(&self) -> Vec<(&'a crate::site::SourceEntry, Vec<PageId>)> {
        let mut sources: Vec<_> = self
            .site
            .sources
            .iter()
            .map(|entry| (entry, self.among(entry.cited_by.iter().copied())))
            .filter(|(_, cited_by)| !cited_by.is_empty())
            .collect();
        sources.sort_by(|a, b| a.0.source.id.cmp(&b.0.source.id));
        sources
    }

    /// The source with id `id`.
    pub fn source(&self, id: &str) -> Option<&'a crate::site::SourceEntry> {
        self.site.sources.get(*self.source_index.get(id)?)
    }

    /// The ids of the sources page `id` cites, in citation order.
    pub fn source_ids(&self, id: PageId) -> Vec<&'a str> {
        self.site.source_lists[id]
            .iter()
            .filter_map(|&s| Some(self.site.sources.get(s)?.source.id.as_str()))
            .collect()
    }

    /// The sources an event lists, else its brief's.
    pub fn event_sources(&self, entry: &'a crate::site::Entry) -> Vec<&'a str> {
        let brief = &self.site.pages[entry.brief];
        let event = entry.is_event.then(|| {
            brief
                .front
                .events
                .iter()
                .find(|e| e.date == entry.date && *e.title == *entry.title)
        });
        match event.flatten() {
            Some(event) if !event.sources.is_empty() => {
                event.sources.iter().map(String::as_str).collect()
            }
            _ => self.source_ids(entry.brief),
        }
    }

    /// A page's URL as the site publishes it, absolute.
    pub fn absolute(&self, id: PageId) -> String {
        format!("{}{}", self.site.config.base_url, self.site.pages[id].url)
    }
}

/// An id part for `text`: letters, digits and `-` as they are, any other
/// byte as `_xx`, so two different names never share an id.
pub fn id_part(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || byte == b'-' {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("_{byte:02x}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_names_apart() {
        assert_eq!(id_part("iran"), "iran");
        assert_eq!(id_part("a b"), "a_20b");
        assert_ne!(id_part("a_20b"), id_part("a b"));
    }
}
