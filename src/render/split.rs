//! The parts of split lists as the renderer renders them: each part of a
//! split topic or actor page (see [`super::lists::term`]), and the fingerprints
//! by which a rebuild keeps a part of the timeline, the source list or a
//! topic or actor page whose rows show as they did, without making its
//! template data to hash them.

use std::hash::{Hash, Hasher};

use super::data::{Data, Frame, PageData};
use super::lists::TermPart;
use super::previous::{Made, Print};
use super::rows::RowHashes;
use super::shows::Shows;
use super::{OutputFile, Renderer, TemplateError, listview, pageview, root_of, template_of};
use crate::site::{Entry, PageId};

impl Renderer<'_> {
    /// Part `i` of split topic or actor `id`, in the part's folder under
    /// the page's.
    pub(super) fn term_part(
        &self,
        id: PageId,
        i: usize,
    ) -> Result<(OutputFile, Print, Made), TemplateError> {
        let site = self.site;
        let page = &site.pages[id];
        let parts = self.term_parts(id);
        let Some(part) = parts.get(i).map(|p| p.part) else {
            // Jobs are made from the same site: a part is never missing.
            return self.page(id);
        };
        let url = format!("{}{}", page.url, part.folder());
        let path = format!("{url}index.html");
        let root = root_of(&url);
        let title = listview::part_title(&page.title, part);
        let frame = self.frame(&url, &root, &title);
        let key = self.term_key(id, (parts, i), &frame);
        if let Some(kept) = key.and_then(|key| self.kept_by_rows(&path, key)) {
            return Ok(kept);
        }
        let scope = (id, pageview::Scope::Part(parts, i));
        let data = PageData {
            frame,
            page: pageview::page_view(site, self.history, None, scope, &root),
            front: None,
        };
        let template = template_of(page.kind);
        let key = key.map(RowKey::value);
        let (file, print, made) = self.finish(template, path, &Data::Page(Box::new(data)))?;
        Ok((file, print.keyed(key), made.keyed(key)))
    }

    /// The file at `path` from the last render, when it was kept under
    /// `key` and every row it shows is shown as then.
    pub(super) fn kept_by_rows(
        &self,
        path: &str,
        key: RowKey,
    ) -> Option<(OutputFile, Print, Made)> {
        key.current.then(|| self.kept(path, key.value))?
    }

    /// A fingerprint of page `i` of the source list or the timeline when
    /// every row it shows is shown as in the last render
    /// (`Reuse::sources`, `Reuse::timeline`): a hash of the part, the
    /// count of rows in each part and which rows it shows, in order. The
    /// page's data are then the same whenever this is, as the rest of them
    /// (the frame, the links to the other parts) follows from these and
    /// from what `dirty` checks site-wide. It stands for the data's
    /// fingerprint (and is kept for the next render), so the data are not
    /// made to be hashed. `None` for the first page, which holds the
    /// site-wide overview. Not current for a page showing a row that
    /// changed, or with no last render to compare with (see [`RowKey`]).
    pub(super) fn list_key(&self, shows: Shows, i: usize) -> Option<RowKey> {
        self.reuse.previous?;
        if i == 0 {
            return None;
        }
        let mut hasher = crate::fingerprint_hasher();
        // Kept apart from the fingerprints of template data.
        (
            "list part, by its rows",
            self.theme,
            shows == Shows::Sources,
        )
            .hash(&mut hasher);
        let rows: Vec<usize> = match shows {
            Shows::Sources => {
                let parts = self.sources();
                parts
                    .iter()
                    .for_each(|(p, list)| (p, list.len()).hash(&mut hasher));
                let (part, rows) = parts.get(i)?;
                part.hash(&mut hasher);
                rows.clone()
            }
            Shows::Timeline => {
                let parts = self.timeline();
                parts
                    .iter()
                    .for_each(|(p, range)| (p, range.len()).hash(&mut hasher));
                let (part, rows) = parts.get(i)?;
                part.hash(&mut hasher);
                rows.clone().collect()
            }
            _ => return None,
        };
        let same = match shows {
            Shows::Sources => self.reuse.sources,
            _ => self.reuse.timeline,
        };
        let current = same.is_some_and(|same| rows.iter().all(|&r| same.get(r) == Some(&true)));
        rows.hash(&mut hasher);
        if shows == Shows::Sources {
            for &s in &rows {
                self.site.sources[s].source.id.hash(&mut hasher);
            }
        }
        Some(RowKey {
            value: hasher.finish(),
            current,
        })
    }

    /// A fingerprint of part `i` of split topic or actor `id` when every
    /// page it names, each brief and each event's brief and actors, is
    /// shown as in the last render (`Reuse::faces`): a hash of the part's
    /// frame, its view without the lists (the page's heading and the links
    /// to the parts, with their counts), the address of each brief it
    /// lists, and each event's date, title and pages by address, in order.
    /// The part's data are then the same whenever this is, so at 100,000
    /// briefs a rebuild does not make and hash the data of some 1,000
    /// parts to find most of them unchanged; events are hashed as they
    /// read, not by their place in the timeline, which a new brief shifts.
    /// Not current for a part naming a page shown otherwise now, or with
    /// no last render to compare with (see [`RowKey`]).
    fn term_key(
        &self,
        id: PageId,
        (parts, i): (&[TermPart], usize),
        frame: &Frame,
    ) -> Option<RowKey> {
        self.reuse.previous?;
        let site = self.site;
        let TermPart { briefs, events, .. } = parts.get(i)?;
        let named = &site.named_by[id][briefs.clone()];
        let current = self.reuse.faces.is_some_and(|faces| {
            let listed = site.events_of[id][events.clone()].iter();
            let mut entries = listed.map(|&e| &site.timeline[e]);
            let same = |page: &PageId| faces.get(*page) == Some(&true);
            let pages = |entry: &&Entry| same(&entry.brief) && entry.actors.iter().all(same);
            named.iter().all(same) && entries.all(|entry| pages(&entry))
        });
        let rows = self.row_hashes.get_or_init(|| RowHashes::of(site));
        let mut hasher = crate::fingerprint_hasher();
        // Kept apart from the fingerprints of template data.
        ("term part, by its rows", self.theme, frame).hash(&mut hasher);
        pageview::part_head(site, id, (parts, i), frame.root).hash(&mut hasher);
        named
            .iter()
            .for_each(|&brief| rows.pages[brief].hash(&mut hasher));
        let listed = &site.events_of[id][events.clone()];
        listed
            .iter()
            .for_each(|&e| rows.entries[e].hash(&mut hasher));
        Some(RowKey {
            value: hasher.finish(),
            current,
        })
    }
}

/// The fingerprint of a part of a split list by the rows it shows (see
/// `Renderer::list_key`), which the render keeps the part under in place
/// of its data's.
///
/// A part is kept under it whether or not the render could vouch for its
/// rows, as the file made now shows them as they are now: so the next
/// render that vouches for them takes the part unseen, even after the
/// first build or a rebuild that changed its rows (which before made the
/// data of every such part again, about 1 s of CPU for the first title
/// edit at 100,000 briefs). The part's data's fingerprint is kept beside
/// the key ([`super::Print`]): a render that can vouch for no row (an
/// attachment changed) makes and hashes each part's data, and renders
/// the part again only if its data changed.
#[derive(Clone, Copy)]
pub(super) struct RowKey {
    value: u64,
    /// Whether every row the part shows is shown as in the last render:
    /// only then is the file kept under this key the part as it is now.
    current: bool,
}

impl RowKey {
    /// The fingerprint the part is kept under once it is made.
    pub(super) fn value(self) -> u64 {
        self.value
    }
}
