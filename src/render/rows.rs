//! The hashes by which a part of a split topic or actor page is
//! fingerprinted from the rows it lists (see `split`), made once per
//! render for the whole site.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use crate::site::Site;

/// What a part of a split topic or actor hashes for each row it lists,
/// made once per render for the whole site: a page by its address, a
/// timeline entry by what it reads (date, title, kind) and the addresses
/// of its brief and actors. Some 300,000 events are listed by several
/// parts each at 100,000 briefs; hashed once here, a part hashes one
/// number per row.
pub struct RowHashes {
    pub pages: Vec<u64>,
    pub entries: Vec<u64>,
}

impl RowHashes {
    pub fn of(site: &Site) -> RowHashes {
        let pages: Vec<u64> = (site.pages.par_iter())
            .map(|page| {
                let mut hasher = crate::fingerprint_hasher();
                hasher.write(page.url.as_bytes());
                hasher.finish()
            })
            .collect();
        let entries = (site.timeline.par_iter())
            .map(|entry| {
                let mut hasher = crate::fingerprint_hasher();
                let brief = pages[entry.brief];
                (entry.date, &entry.title, entry.is_event, brief).hash(&mut hasher);
                entry.actors.len().hash(&mut hasher);
                (entry.actors.iter()).for_each(|&actor| pages[actor].hash(&mut hasher));
                hasher.finish()
            })
            .collect();
        RowHashes { pages, entries }
    }
}
