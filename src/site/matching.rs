//! The pages of two builds of one dossier matched by address: a page
//! added or deleted shifts the ids of the pages after it, so a rebuild
//! that reuses what the last build found (unlinked mentions, rendered
//! pages) must compare pages by address, not by id.

use std::sync::Arc;

use super::{PageId, Site};
use crate::HashMap;

/// Each page's id in the last site, and each page of the last site's id
/// now, matched by address; `None` when an address is not unique.
pub type Matched = (Vec<Option<PageId>>, Vec<Option<PageId>>);

/// Matches the pages of `last` and `site` by address (see [`Matched`]):
/// a page added or deleted shifts the ids of the pages after it.
pub fn match_pages(last: &Site, site: &Site) -> Option<Matched> {
    let same = last.pages.len() == site.pages.len()
        && last
            .pages
            .iter()
            .zip(&site.pages)
            .all(|(a, b)| Arc::ptr_eq(a, b) || a.url == b.url);
    if same {
        let ids: Vec<Option<PageId>> = (0..site.pages.len()).map(Some).collect();
        return Some((ids.clone(), ids));
    }
    let mut by_url: HashMap<&str, PageId> = HashMap::default();
    for (id, page) in site.pages.iter().enumerate() {
        if by_url.insert(page.url.as_str(), id).is_some() {
            return None;
        }
    }
    let mut old_id = vec![None; site.pages.len()];
    let mut new_id = Vec::with_capacity(last.pages.len());
    for (old, page) in last.pages.iter().enumerate() {
        let id = by_url.get(page.url.as_str()).copied();
        if let Some(id) = id
            && old_id[id].replace(old).is_some()
        {
            return None;
        }
        new_id.push(id);
    }
    Some((old_id, new_id))
}
