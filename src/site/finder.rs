//! The names unlinked mentions look for: the titles and aliases of every
//! brief, topic and actor, lowercased, each with the page it names, and
//! the trie that finds them in prose (`text::phrases`).
//!
//! A trie of 100,000 titles takes a tenth of a second or more to build,
//! and a retitled brief changes one name of them. So a rebuild keeps the
//! last build's trie as its base while few names changed since that was
//! built: a name dropped is no longer kept, one added goes in a small
//! trie searched beside it, and the search finds the longest name of
//! either at each place, as one trie of every name would.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Finder, NameTrie, PageId};
use crate::markdown::page::{Kind, Page};
use crate::text::phrases::{CURLY_APOSTROPHE, Found, Phrases, Scratch};

/// Names shorter than this (in characters) are not looked for: `EU`,
/// `UN` and the like match too much that is not meant.
const SHORTEST: usize = 3;

/// How many names may be added to a base trie before it is built again
/// with them: a few hundred, or one in 32 of a large dossier's names. The
/// names added are searched as a second trie, which costs a second pass
/// over the words of each page searched.
fn most_added(base: usize) -> usize {
    (base / 32).max(256)
}

impl Finder {
    /// The finder for the titles and aliases of every brief, topic and
    /// actor; a name two pages share is left out, as it names neither.
    /// With `before`, the last build's finder, its base trie is kept
    /// unless too many names were added since it was built.
    pub(super) fn new(pages: &[Arc<Page>], before: Option<&Finder>) -> Option<Finder> {
        let names = unshared(all_names(pages));
        if names.is_empty() {
            return None;
        }
        if let Some(before) = before
            && let Some(kept) = Finder::on_base(&before.base, &names)
        {
            return Some(kept);
        }
        Some(Finder::whole(names))
    }

    /// The finder for `names` (sorted, each once) with a trie of its own.
    fn whole(names: Vec<(String, PageId)>) -> Finder {
        let (trie, targets) = NameTrie::of(names);
        Finder {
            base: Arc::new(trie),
            base_targets: targets.into_iter().map(Some).collect(),
            added: None,
        }
    }

    /// The finder for `names` (sorted, each once) that keeps `base`'s
    /// trie; `None` when too many of them are not in it.
    fn on_base(base: &Arc<NameTrie>, names: &[(String, PageId)]) -> Option<Finder> {
        let mut base_targets = vec![None; base.names.len()];
        let mut added = Vec::new();
        let mut at = 0;
        for (name, id) in names {
            // Both lists are sorted: the base names before this one are
            // names no longer looked for.
            while base.names.get(at).is_some_and(|b| **b < **name) {
                at += 1;
            }
            match base.names.get(at) {
                Some(b) if **b == **name => base_targets[at] = Some(*id),
                _ if added.len() == most_added(base.names.len()) => return None,
                _ => added.push((name.as_str(), *id)),
            }
        }
        let added = (!added.is_empty()).then(|| Arc::new(NameTrie::of(added)));
        Some(Finder {
            base: base.clone(),
            base_targets,
            added,
        })
    }

    /// Every name looked for and the page it names, sorted by name.
    pub(super) fn names(&self) -> impl Iterator<Item = (&str, PageId)> {
        let base = (self.base.names.iter().zip(&self.base_targets))
            .filter_map(|(name, target)| Some((&**name, (*target)?)));
        let added = self.added.iter().flat_map(|added| {
            let (trie, targets) = &**added;
            trie.names
                .iter()
                .map(|name| &**name)
                .zip(targets.iter().copied())
        });
        Merged {
            a: base.peekable(),
            b: added.peekable(),
        }
    }

    /// Calls `found` with each name found in `text` (lowercased, or
    /// ASCII in any case) and the page it names, as
    /// [`Phrases::find`] finds them; `found` returns whether to go on.
    pub(super) fn find(
        &self,
        text: &str,
        scratch: &mut Scratch,
        mut found: impl FnMut(Found, PageId) -> bool,
    ) {
        let keep = |phrase: usize| self.base_targets.get(phrase).is_some_and(Option::is_some);
        let more = self.added.as_deref().map(|(trie, _)| &trie.phrases);
        self.base
            .phrases
            .find_with(keep, more, text, scratch, |hit, added| {
                let target = match (added, &self.added) {
                    (true, Some(added)) => added.1.get(hit.phrase).copied(),
                    _ => self.base_targets.get(hit.phrase).copied().flatten(),
                };
                target.is_none_or(|target| found(hit, target))
            });
    }
}

impl NameTrie {
    /// The trie of `names` (sorted, each once), and the page each names.
    fn of<N: Into<Box<str>>>(names: Vec<(N, PageId)>) -> (NameTrie, Vec<PageId>) {
        let (names, targets): (Vec<Box<str>>, Vec<PageId>) = names
            .into_iter()
            .map(|(name, id)| (name.into(), id))
            .unzip();
        let phrases = Phrases::new(names.iter().map(|name| &**name));
        (NameTrie { phrases, names }, targets)
    }
}

/// Two sorted lists of names merged into one; no name is in both.
struct Merged<A: Iterator, B: Iterator> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<'n, A, B> Iterator for Merged<A, B>
where
    A: Iterator<Item = (&'n str, PageId)>,
    B: Iterator<Item = (&'n str, PageId)>,
{
    type Item = (&'n str, PageId);

    fn next(&mut self) -> Option<Self::Item> {
        match (self.a.peek(), self.b.peek()) {
            (Some(a), Some(b)) if b.0 < a.0 => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

/// Every title and alias of a brief, topic or actor, lowercased, with
/// the page it names, sorted: lowercased on every core, then sorted,
/// which gives the trie its names in one order whatever the threads did.
fn all_names(pages: &[Arc<Page>]) -> Vec<(String, PageId)> {
    let mut all: Vec<(String, PageId)> = (pages.par_iter().enumerate())
        .filter(|(_, page)| matches!(page.kind, Kind::Brief | Kind::Topic | Kind::Actor))
        .flat_map_iter(|(id, page)| {
            let aliases = page.front.aliases.iter().map(|(a, _)| a.as_str());
            std::iter::once(page.title.as_str())
                .chain(aliases)
                .map(|name| lowered(name.trim()))
                .filter(|name| name.chars().count() >= SHORTEST)
                .map(move |name| (name, id))
        })
        .collect();
    all.par_sort_unstable();
    all
}

/// A name as the trie holds it: lowercased, a curly apostrophe made
/// straight. Most names are ASCII, lowercased in one copy; `to_lowercase`
/// and `replace` make two.
fn lowered(name: &str) -> String {
    match name.is_ascii() {
        true => name.to_ascii_lowercase(),
        false => name.to_lowercase().replace(CURLY_APOSTROPHE, "'"),
    }
}

/// The names of `sorted` (sorted by name), each once: a name two pages
/// share is left out, as it names neither; one a page gives twice (a
/// title that is also its alias) is kept.
fn unshared(sorted: Vec<(String, PageId)>) -> Vec<(String, PageId)> {
    let mut kept: Vec<(String, PageId)> = Vec::with_capacity(sorted.len());
    // Whether the last name kept is another page's too.
    let mut shared = false;
    for (name, id) in sorted {
        if let Some((last, page)) = kept.last()
            && *last == name
        {
            shared |= *page != id;
            continue;
        }
        if std::mem::take(&mut shared) {
            kept.pop();
        }
        kept.push((name, id));
    }
    if shared {
        kept.pop();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_two_pages_share_names_neither_and_one_page_may_give_it_twice() {
        let names = |list: &[(&str, PageId)]| {
            let mut list: Vec<(String, PageId)> =
                list.iter().map(|&(n, id)| (n.to_string(), id)).collect();
            list.sort_unstable();
            unshared(list)
        };
        let kept = names(&[
            ("gas", 1),
            ("oil", 2),
            ("gas", 3),
            ("oil", 2),
            ("zangezur", 4),
            ("zangezur", 5),
            ("zangezur", 4),
        ]);
        assert_eq!(kept, vec![("oil".to_string(), 2)]);
        let kept = names(&[("gas", 3), ("gas", 1), ("iran", 2)]);
        assert_eq!(kept, vec![("iran".to_string(), 2)]);
        assert!(names(&[]).is_empty());
    }
    fn names(list: &[(&str, PageId)]) -> Vec<(String, PageId)> {
        list.iter().map(|&(n, id)| (n.to_string(), id)).collect()
    }

    /// A finder on the last build's trie names what one built whole
    /// names, and finds the longest name of either trie; past the names
    /// a base may take, a finder is built whole.
    #[test]
    fn a_finder_on_the_last_trie_names_and_finds_what_a_whole_one_does() {
        let base = Finder::whole(names(&[("gas", 1), ("gas summit", 2), ("oil", 3)]));
        let now = names(&[
            ("gas", 1),
            ("gas summit talks", 4),
            ("oil", 5),
            ("pipeline", 2),
        ]);
        let kept = Finder::on_base(&base.base, &now).expect("two names added");
        let whole = Finder::whole(now.clone());
        let listed = |f: &Finder| {
            f.names()
                .map(|(n, id)| (n.to_string(), id))
                .collect::<Vec<_>>()
        };
        assert_eq!(listed(&kept), now);
        assert_eq!(listed(&whole), now);
        let found = |f: &Finder| {
            let mut found = Vec::new();
            let text = "the gas summit talks on oil, a gas summit, a pipeline";
            f.find(text, &mut Scratch::default(), |hit, id| {
                found.push((hit.start, hit.end, id));
                true
            });
            found
        };
        assert_eq!(found(&kept), found(&whole));
        assert_eq!(found(&kept).len(), 4, "{:?}", found(&kept));

        let many: Vec<(String, PageId)> = (0..=most_added(3))
            .map(|n| (format!("name {n:04}"), n))
            .collect();
        assert!(Finder::on_base(&base.base, &many).is_none());
    }
}
