//! Topics and actors as briefs name them in front matter: each name
//! resolved to its page (a page is implied for a name no file describes),
//! and what follows from those names — the briefs naming each topic or
//! actor and the topics related to it by shared briefs.

use crate::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::index_set::dedup;
use super::names::page_keys;
use super::{PageId, shared};
use crate::markdown::page::{Kind, Page};
use crate::text::slug::{name_key, slugify};
use crate::yaml::locate::Place;

/// The pages one page names, shared from build to build.
pub(super) type Names = Arc<[PageId]>;

/// Per page: the topics and the actors it names.
pub(super) type Named = (Vec<Names>, Vec<Names>);

/// Looks up topics (or actors) by name, creating a page for each name that
/// no file describes.
struct KindIndex<'a> {
    kind: Kind,
    keys: HashMap<String, PageId>,
    /// The last build's implied pages of this kind, by name: a name
    /// implied again gets the same page, which a rebuild then sees is
    /// unchanged without comparing what the page shows.
    before: HashMap<&'a str, &'a Arc<Page>>,
}

impl<'a> KindIndex<'a> {
    fn new(pages: &[Arc<Page>], kind: Kind, last: &'a [Arc<Page>]) -> Self {
        let before = (last.iter())
            .filter(|page| page.kind == kind && page.file.is_none())
            .map(|page| (page.title.as_str(), page))
            .collect();
        let mut index = KindIndex {
            kind,
            keys: HashMap::default(),
            before,
        };
        for (id, page) in pages.iter().enumerate().filter(|(_, p)| p.kind == kind) {
            index.add(id, page);
        }
        index
    }

    fn add(&mut self, id: PageId, page: &Page) {
        for key in page_keys(page) {
            self.keys.entry(key.to_string()).or_insert(id);
        }
    }

    fn find_or_add(&mut self, name: &str, pages: &mut Vec<Arc<Page>>) -> PageId {
        if let Some(&id) = self
            .keys
            .get(name_key(name).as_str())
            .or_else(|| self.keys.get(slugify(name).as_str()))
        {
            return id;
        }
        let page = match self.before.get(name) {
            Some(&page) => page.clone(),
            None => Arc::new(Page::implied(self.kind, name)),
        };
        let id = pages.len();
        self.add(id, &page);
        pages.push(page);
        id
    }
}

/// Resolves the topic and actor names in briefs' front matter (events'
/// actors included), adding pages for names without a file. Returns, per
/// page, the topics and the actors it names. Runs before anything else is
/// indexed by page: the pages it adds join the end of `pages`. `last`
/// is the last build's pages: a name it implied a page for gets that
/// page again (an implied page is made from its name alone).
pub(super) fn resolve_names(pages: &mut Vec<Arc<Page>>, last: &[Arc<Page>]) -> Named {
    let count = pages.len();
    // Briefs name the same few topics and actors over and over: each
    // distinct name is looked up once, in the order the names first
    // appear, so implied pages are added in that order.
    let (mut topic_ids, mut actor_ids) = (HashMap::default(), HashMap::default());
    {
        let distinct = distinct_names(&pages[..]);
        let mut topics = KindIndex::new(pages, Kind::Topic, last);
        let mut actors = KindIndex::new(pages, Kind::Actor, last);
        for (kind, name) in distinct {
            let (index, ids) = if kind == Kind::Topic {
                (&mut topics, &mut topic_ids)
            } else {
                (&mut actors, &mut actor_ids)
            };
            let id = index.find_or_add(&name, pages);
            ids.insert(name, id);
        }
    }
    // Every name was looked up above, so no lookup misses.
    let of = |ids: &HashMap<String, PageId>, names: &[(String, Place)]| {
        dedup(
            names
                .iter()
                .filter_map(|(name, _)| ids.get(name.as_str()).copied()),
        )
    };
    let none: Names = Arc::from([]);
    let (mut topics_of, mut actors_of): Named = pages[..count]
        .par_iter()
        .map(|page| match page.kind {
            Kind::Brief => (
                shared(of(&topic_ids, &page.front.topics), &none),
                shared(of(&actor_ids, &page.front.actors), &none),
            ),
            _ => (none.clone(), none.clone()),
        })
        .unzip();
    topics_of.resize(pages.len(), none.clone());
    actors_of.resize(pages.len(), none);
    (topics_of, actors_of)
}

/// The last build's topics and actors of each page, with its implied
/// pages added to `pages` again, when [`resolve_names`] would find the
/// same: it reads only each page's kind, each topic and actor page's
/// keys and each brief's names, in page order, and makes implied pages
/// from names alone. So when every page that changed since `last` (a page
/// of this build that is not the last build's page in its place) has the
/// same kind as that page and, a brief, names the same topics and actors
/// in the same order, or, a topic or actor, has the same keys, the result
/// is the last build's. A retitled brief in a dossier of 100,000 then
/// looks up none of their half million names.
pub(super) fn names_as_before(
    pages: &mut Vec<Arc<Page>>,
    last_pages: &[Arc<Page>],
    (topics_of, actors_of): (&[Names], &[Names]),
) -> Option<Named> {
    let (before, implied) = last_pages.split_at_checked(pages.len())?;
    let only_implied = implied.iter().all(|page| page.is_implied());
    let same = |(now, then): (&Arc<Page>, &Arc<Page>)| {
        Arc::ptr_eq(now, then)
            || (now.kind == then.kind
                && match now.kind {
                    Kind::Brief => same_names(now, then),
                    Kind::Topic | Kind::Actor => now.keys == then.keys,
                    _ => true,
                })
    };
    let same_tables = topics_of.len() == last_pages.len() && actors_of.len() == last_pages.len();
    if !(only_implied && same_tables && pages.iter().zip(before).all(same)) {
        return None;
    }
    pages.extend(implied.iter().cloned());
    Some((topics_of.to_vec(), actors_of.to_vec()))
}

/// Whether two briefs name the same topics and actors (events' actors
/// included), in the same order.
fn same_names(a: &Page, b: &Page) -> bool {
    fn names(list: &[(String, Place)]) -> impl Iterator<Item = &str> {
        list.iter().map(|(name, _)| name.as_str())
    }
    let (a, b) = (&a.front, &b.front);
    names(&a.topics).eq(names(&b.topics))
        && names(&a.actors).eq(names(&b.actors))
        && (a.events.iter().map(|e| &e.actors)).eq(b.events.iter().map(|e| &e.actors))
}

/// The topic and actor names briefs use (events' actors included), each
/// once, in the order a reading of the briefs meets them.
fn distinct_names(pages: &[Arc<Page>]) -> Vec<(Kind, String)> {
    let mut seen: HashSet<(Kind, &str)> = HashSet::default();
    let mut distinct = Vec::new();
    for page in pages.iter().filter(|p| p.kind == Kind::Brief) {
        let front = &page.front;
        let topics = front.topics.iter().map(|(n, _)| (Kind::Topic, n.as_str()));
        let actors = front.actors.iter().map(|(n, _)| (Kind::Actor, n.as_str()));
        let in_events = front
            .events
            .iter()
            .flat_map(|e| e.actors.iter().map(|n| (Kind::Actor, n.as_str())));
        for (kind, name) in topics.chain(actors).chain(in_events) {
            if seen.insert((kind, name)) {
                distinct.push((kind, name.to_string()));
            }
        }
    }
    distinct
}

/// Per topic or actor: the briefs whose front matter names it, in page
/// order (see [`newest_first`]).
pub(super) fn named_by(
    pages: &[Arc<Page>],
    topics_of: &[Names],
    actors_of: &[Names],
) -> Vec<Vec<PageId>> {
    let mut named_by = vec![Vec::new(); pages.len()];
    for brief in 0..pages.len() {
        for &target in topics_of[brief].iter().chain(actors_of[brief].iter()) {
            named_by[target].push(brief);
        }
    }
    named_by
}

/// Topics that share briefs with each topic or actor, most shared first.
pub(super) fn related(
    pages: &[Arc<Page>],
    topics_of: &[Names],
    named_by: &[Vec<PageId>],
) -> Vec<Vec<(PageId, usize)>> {
    const SHOWN: usize = 12;
    // Each topic a brief names gets a slot, so the briefs of a topic
    // (14,000 at 100,000 briefs) are counted in an array rather than a
    // hash map. The array is shared by the pages one thread counts, and
    // only the slots a page touched are read and cleared: a dossier of
    // many topics costs no more per page than one of few.
    let mut slot = vec![usize::MAX; pages.len()];
    let mut topics: Vec<PageId> = Vec::new();
    for &topic in topics_of.iter().flat_map(|topics| topics.iter()) {
        if slot[topic] == usize::MAX {
            slot[topic] = topics.len();
            topics.push(topic);
        }
    }
    (0..pages.len())
        .into_par_iter()
        .map_init(
            || (vec![0_usize; topics.len()], Vec::new()),
            |(counted, touched), id| {
                if !matches!(pages[id].kind, Kind::Topic | Kind::Actor) {
                    return Vec::new();
                }
                for &brief in &named_by[id] {
                    for &topic in topics_of[brief].iter().filter(|&&t| t != id) {
                        let s = slot[topic];
                        if counted[s] == 0 {
                            touched.push(s);
                        }
                        counted[s] += 1;
                    }
                }
                let taken = touched
                    .drain(..)
                    .map(|s| (topics[s], std::mem::take(&mut counted[s])));
                let mut counts: Vec<(PageId, usize)> = taken.collect();
                counts.sort_by(|a, b| {
                    b.1.cmp(&a.1)
                        .then_with(|| pages[a.0].title.cmp(&pages[b.0].title))
                        .then(a.0.cmp(&b.0))
                });
                counts.truncate(SHOWN);
                counts
            },
        )
        .collect()
}

/// Orders each list of briefs as `by_date` orders all of them.
pub(super) fn newest_first(mut lists: Vec<Vec<PageId>>, by_date: &[PageId]) -> Vec<Vec<PageId>> {
    let rank = ranks(lists.len(), by_date);
    for list in &mut lists {
        list.sort_by_key(|&id| rank[id]);
    }
    lists
}

/// Per page: its place in `by_date` (0 for a page not in it).
fn ranks(pages: usize, by_date: &[PageId]) -> Vec<usize> {
    let mut rank = vec![0; pages];
    for (position, &id) in by_date.iter().enumerate() {
        rank[id] = position;
    }
    rank
}

/// [`named_by`] in [`newest_first`] order, from `last`'s table when the
/// names are `last`'s (`names_as_before`): a brief that is not `last`'s
/// page may have moved in `by_date`, so the rows of the topics and
/// actors it names are sorted again; every other row is in order.
pub(super) fn named_by_from(
    last: (&[Arc<Page>], &[Vec<PageId>]),
    pages: &[Arc<Page>],
    (topics_of, actors_of): (&[Names], &[Names]),
    by_date: &[PageId],
) -> Vec<Vec<PageId>> {
    let (last_pages, last_named_by) = last;
    let mut moved = vec![false; pages.len()];
    let replaced = (pages.iter().zip(last_pages).enumerate())
        .filter(|(_, (now, then))| !Arc::ptr_eq(now, then) && now.kind == Kind::Brief);
    for (brief, _) in replaced {
        for &target in topics_of[brief].iter().chain(actors_of[brief].iter()) {
            moved[target] = true;
        }
    }
    let rank = ranks(pages.len(), by_date);
    let mut named_by = last_named_by.to_vec();
    for (row, _) in named_by.iter_mut().zip(&moved).filter(|(_, moved)| **moved) {
        row.sort_by_key(|&id| rank[id]);
    }
    named_by
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::scan::{ContentFile, FileKind};
    use crate::diagnostic::FileRef;
    use crate::markdown::highlight::Highlighter;

    fn parse(kind: FileKind, path: &str, text: &str) -> Arc<Page> {
        let content = ContentFile {
            kind,
            content_path: path.into(),
            file: FileRef::new(format!("content/{path}").into(), Arc::from(text)),
        };
        let page = Page::parse(&content, &Highlighter::default(), &mut Vec::new());
        Arc::new(page.expect("the fixture parses"))
    }

    fn brief(topics: &str) -> Arc<Page> {
        let text =
            format!("---\ntitle: A brief\ndate: 2025-01-17\ntopics: [{topics}]\n---\nText.\n");
        parse(FileKind::Brief, "briefs/a.md", &text)
    }

    /// A rebuild gives a name the page the last build implied for it, so
    /// that page is seen unchanged at a glance; a new name gets a new page
    /// and a file now describing a topic is its page.
    #[test]
    fn a_name_implied_again_gets_the_last_builds_page() {
        let mut last = vec![brief("Gas, Oil")];
        resolve_names(&mut last, &[]);
        let mut pages = vec![brief("Gas, Oil, Grain")];
        let (topics_of, _) = resolve_names(&mut pages, &last);
        let titles: Vec<&str> = topics_of[0].iter().map(|&id| &*pages[id].title).collect();
        assert_eq!(titles, ["Gas", "Oil", "Grain"]);
        assert!(Arc::ptr_eq(&pages[1], &last[1]) && Arc::ptr_eq(&pages[2], &last[2]));
        let grain = Page::implied(Kind::Topic, "Grain");
        assert_eq!((&*pages[3].title, &*pages[3].url), ("Grain", &*grain.url));

        let oil = parse(
            FileKind::Topic,
            "topics/oil.md",
            "---\ntitle: Oil\n---\nAbout oil.\n",
        );
        let mut pages = vec![brief("Gas, Oil"), oil.clone()];
        let (topics_of, _) = resolve_names(&mut pages, &last);
        assert!(Arc::ptr_eq(&pages[topics_of[0][1]], &oil));
        assert!(Arc::ptr_eq(&pages[topics_of[0][0]], &last[1]));
    }
    /// A rebuild whose changed pages name the same topics and actors
    /// takes the last build's names, and they are what resolving them
    /// again finds; a brief naming another topic, or a retitled topic,
    /// resolves them again.
    #[test]
    fn names_are_kept_only_while_what_resolves_them_is_the_same() {
        let titled = |title: &str, topics: &str| {
            let text =
                format!("---\ntitle: {title}\nactors: [Rosneft]\ntopics: [{topics}]\n---\nText.\n");
            parse(FileKind::Brief, "briefs/a.md", &text)
        };
        let gas = |title: &str| {
            let text = format!("---\ntitle: {title}\n---\nAbout gas.\n");
            parse(FileKind::Topic, "topics/gas.md", &text)
        };
        let mut last = vec![titled("One", "Gas, Oil"), gas("Gas")];
        let (topics_of, actors_of) = resolve_names(&mut last, &[]);
        let before = (&topics_of[..], &actors_of[..]);

        let mut pages = vec![titled("Two", "Gas, Oil"), last[1].clone()];
        let kept = names_as_before(&mut pages, &last, before).expect("only a title changed");
        let mut again = vec![titled("Two", "Gas, Oil"), last[1].clone()];
        assert_eq!(kept, resolve_names(&mut again, &last));
        assert_eq!(pages.len(), again.len());
        assert!(
            pages
                .iter()
                .zip(&again)
                .all(|(a, b)| Arc::ptr_eq(a, b) || a.url == b.url)
        );

        let mut pages = vec![titled("One", "Oil, Gas"), last[1].clone()];
        assert!(names_as_before(&mut pages, &last, before).is_none());
        let mut pages = vec![last[0].clone(), gas("Natural gas")];
        assert!(names_as_before(&mut pages, &last, before).is_none());
        assert_eq!(
            pages.len(),
            2,
            "nothing is added when the names are resolved again"
        );
    }
}
