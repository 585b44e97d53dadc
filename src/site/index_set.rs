//! An insertion-ordered set of small `Copy` items (page ids, source
//! indexes, source ids): what a page's lists need when the first mention
//! fixes the order and repeats are dropped.

use crate::HashSet;

/// Items in first-inserted order, each once. A page names a handful of
/// things, so a small set is scanned; a large one gets a hash set, so no
/// page, however long, makes this quadratic.
pub(super) struct IndexSet<T> {
    pub(super) items: Vec<T>,
    seen: Option<HashSet<T>>,
}

/// Past this many items, a set is hashed instead of scanned.
const SCANNED: usize = 32;

impl<T> Default for IndexSet<T> {
    fn default() -> Self {
        IndexSet {
            items: Vec::new(),
            seen: None,
        }
    }
}

impl<T: Copy + Eq + std::hash::Hash> IndexSet<T> {
    /// Adds `item` unless it is there already; true if it was not.
    pub(super) fn insert(&mut self, item: T) -> bool {
        let new = match &mut self.seen {
            Some(seen) => seen.insert(item),
            None if self.items.len() < SCANNED => !self.items.contains(&item),
            None => self
                .seen
                .insert(self.items.iter().copied().collect())
                .insert(item),
        };
        if new {
            self.items.push(item);
        }
        new
    }

    pub(super) fn contains(&self, item: &T) -> bool {
        match &self.seen {
            Some(seen) => seen.contains(item),
            None => self.items.contains(item),
        }
    }
}

/// `items` in first-seen order, each once.
pub(super) fn dedup<T: Copy + Eq + std::hash::Hash>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut set = IndexSet::default();
    for item in items {
        set.insert(item);
    }
    set.items
}
