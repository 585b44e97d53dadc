//! The name table: every name a link can use (a page's title, slug and
//! aliases, and its path under `content/`), for the published pages and,
//! so links to them can be told apart from broken ones, the drafts left
//! out of this build. Built once the front matter's names have added
//! their implied pages; read by link resolution and the timeline.

use crate::HashMap;
use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;

use super::PageId;
use crate::markdown::page::{Kind, Page};
use crate::text::slug::{name_key, nearest, slugify};

/// Every name a wiki link can use, across briefs, topics and actors.
pub(super) struct NameIndex<'a> {
    keys: Keys<'a>,
    drafts: HashMap<&'a str, &'a str>,
    /// Pages by their path under `content/`, for file links.
    pub(super) files: HashMap<&'a str, PageId>,
    /// Drafts' titles by their path under `content/`.
    pub(super) draft_files: HashMap<&'a str, &'a str>,
    pub(super) pages: &'a [Arc<Page>],
}

impl<'a> NameIndex<'a> {
    pub(super) fn new(pages: &'a [Arc<Page>], drafts: &'a [Arc<Page>]) -> Self {
        // The tables are independent: the names on one core, the files on
        // another (a tenth of a second of one core at 100,000 briefs).
        let (keys, (files, draft_files)) = rayon::join(|| keys(pages), || files(pages, drafts));
        let drafts_by_key = drafts
            .iter()
            .flat_map(|d| page_keys(d).map(move |k| (k, d.title.as_str())))
            .collect();
        NameIndex {
            keys,
            drafts: drafts_by_key,
            files,
            draft_files,
            pages,
        }
    }

    /// The actor page a name in front matter names: the first actor its
    /// key finds, else the first its slug finds, as `taxonomy` resolves a
    /// brief's actors. A brief or topic of the same key is passed over,
    /// so what a brief is titled never changes which actor an event names.
    pub(super) fn actor(&self, name: &str) -> Option<PageId> {
        let first_actor = |key: &str| {
            let ids = self.keys.get(key)?;
            (ids.as_slice().iter().copied()).find(|&id| self.pages[id].kind == Kind::Actor)
        };
        first_actor(&name_key(name)).or_else(|| first_actor(&slugify(name)))
    }

    /// The pages a name whose key is already known finds, and whether
    /// the key alone found them: `false` when they were looked for by the
    /// name's slug.
    pub(super) fn found_by(&self, key: &str, name: &str) -> (&[PageId], bool) {
        match self.keys.get(key) {
            Some(ids) => (ids.as_slice(), true),
            None => {
                let by_slug = self.keys.get(slugify(name).as_str());
                (by_slug.map_or(&[], Ids::as_slice), false)
            }
        }
    }

    pub(super) fn draft(&self, name: &str) -> Option<&str> {
        self.drafts
            .get(name_key(name).as_str())
            .or_else(|| self.drafts.get(slugify(name).as_str()))
            .copied()
    }

    /// The known name closest to `wanted`, to suggest in an error.
    pub(super) fn suggest(&self, wanted: &str) -> Option<String> {
        let names = self
            .pages
            .iter()
            .filter(|p| linkable(p.kind))
            .flat_map(|p| {
                std::iter::once(p.title.as_str())
                    .chain(p.front.aliases.iter().map(|(a, _)| a.as_str()))
            });
        nearest(wanted, names).map(str::to_owned)
    }
}

/// Every page's keys, with the pages each finds, in tables by the key's
/// hash (see [`shard`]), each made on whichever core is free: one table
/// of 100,000 pages' 300,000 keys took 60 to 80 ms of one core at every
/// full rebuild, while the other had a third of that to do.
struct Keys<'a>(Vec<HashMap<&'a str, Ids>>);

/// How many tables [`Keys`] is split into.
const SHARDS: usize = 8;

/// Which of [`Keys`]'s tables holds `key`.
fn shard(key: &str) -> usize {
    let mut hasher = crate::fingerprint_hasher();
    hasher.write(key.as_bytes());
    (hasher.finish() % SHARDS as u64) as usize
}

impl<'a> Keys<'a> {
    fn get(&self, key: &str) -> Option<&Ids> {
        self.0[shard(key)].get(key)
    }
}

/// Every page's keys, with the pages each finds in page order.
fn keys(pages: &[Arc<Page>]) -> Keys<'_> {
    // Each run of pages sorts its keys by table, each as its page and its
    // place among the page's keys (eight bytes, not a name's twenty-four:
    // they are held while the site links, its largest moment); the runs
    // come back in page order, so each table adds a key's pages in order.
    let runs: Vec<Vec<Vec<(u32, u32)>>> = (pages.par_iter().enumerate())
        .filter(|(_, page)| linkable(page.kind))
        .fold(
            || vec![Vec::new(); SHARDS],
            |mut run, (id, page)| {
                for (at, key) in page_keys(page).enumerate() {
                    run[shard(key)].push((id as u32, at as u32));
                }
                run
            },
        )
        .collect();
    let tables = (0..SHARDS).into_par_iter().map(|at| {
        // Sized for every key at once: a table that grows step by step
        // rehashes its keys several times.
        let count = runs.iter().map(|run| run[at].len()).sum();
        let mut keys: HashMap<&str, Ids> =
            HashMap::with_capacity_and_hasher(count, Default::default());
        for &(id, key) in runs.iter().flat_map(|run| &run[at]) {
            let (id, key) = (id as PageId, key as usize);
            let key = pages[id].keys[key].as_str();
            keys.entry(key)
                .and_modify(|ids| ids.add(id))
                .or_insert(Ids::One([id]));
        }
        keys
    });
    Keys(tables.collect())
}

/// Tables by path under `content/`: the pages, and the drafts' titles.
type ByPath<'a> = (HashMap<&'a str, PageId>, HashMap<&'a str, &'a str>);

/// The pages by their path under `content/`, and the drafts' titles.
fn files<'a>(pages: &'a [Arc<Page>], drafts: &'a [Arc<Page>]) -> ByPath<'a> {
    let mut files = HashMap::with_capacity_and_hasher(pages.len(), Default::default());
    files.extend(
        pages
            .iter()
            .enumerate()
            .filter_map(|(id, p)| Some((p.content_path.as_deref()?, id))),
    );
    let draft_files = drafts
        .iter()
        .filter_map(|d| Some((d.content_path.as_deref()?, d.title.as_str())))
        .collect();
    (files, draft_files)
}

/// The pages one key finds: nearly always one, kept without a `Vec` of
/// its own, as a large dossier has hundreds of thousands of keys.
enum Ids {
    One([PageId; 1]),
    Many(Vec<PageId>),
}

impl Ids {
    /// Adds `id` unless it is there already.
    fn add(&mut self, id: PageId) {
        match self {
            Ids::One([first]) if *first != id => *self = Ids::Many(vec![*first, id]),
            Ids::One(_) => {}
            Ids::Many(ids) if !ids.contains(&id) => ids.push(id),
            Ids::Many(_) => {}
        }
    }

    fn as_slice(&self) -> &[PageId] {
        match self {
            Ids::One(one) => one,
            Ids::Many(ids) => ids,
        }
    }
}

/// The keys a page is found by: title, slug and aliases.
pub(super) fn page_keys(page: &Page) -> impl Iterator<Item = &str> + '_ {
    page.keys.iter().map(String::as_str)
}

/// Whether wiki links can name pages of this kind.
pub(super) fn linkable(kind: Kind) -> bool {
    matches!(kind, Kind::Brief | Kind::Topic | Kind::Actor)
}

/// A page as named in messages: `topics/gas ('Gas')`.
pub(super) fn describe(page: &Page) -> String {
    format!("{}/{} ('{}')", page.kind.folder(), page.slug, page.title)
}
