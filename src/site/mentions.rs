//! Unlinked mentions: a page's prose naming a brief, topic or actor by its
//! title or an alias without linking it. A trie over every such name
//! (lowercased, as words: `text::phrases`; kept from rebuild to rebuild
//! by `finder`) searches the prose blocks the Markdown pass kept
//! (`markdown::mentions`), the longest name at each place; a match counts
//! only as whole words in any script, inside one run of ordinary text,
//! and for a page other than the one searched and not linked from it.
//! Each page mentions each target once: its first time. A rebuild keeps
//! the last build's mentions of a page whose prose and links did not
//! change and in whose prose no added, dropped or re-pointed name is
//! written (`Again`), and searches the other pages in full.

use std::sync::Arc;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use super::matching::match_pages;
use super::{Finder, Mention, Mentions, PageId, Resolved, Site, shared};
use crate::diagnostic::Diagnostic;
use crate::markdown::context::sentence_around;
use crate::markdown::mentions::{Prose, ProseBlock, Run};
use crate::markdown::page::Page;
use crate::text::phrases::{Scratch, push_lowercase};
use crate::text::word_filter::phrase_words;

impl Mentions {
    /// Finds the mentions of every page of `site`; `site.links` must be
    /// resolved. With `last`, the site of the last build, a page whose
    /// prose and links did not change keeps its mentions unless its prose
    /// holds a name that was added, dropped or now names another page
    /// (see `again`): the result is the same as a full search's.
    pub(super) fn find(site: &Site, last: Option<&Site>) -> Mentions {
        let before = last.and_then(|last| last.mentions.finder.as_deref());
        let Some(finder) = Finder::new(&site.pages, before) else {
            return Mentions {
                finder: None,
                of: vec![Arc::from([]); site.pages.len()],
                by: vec![Vec::new(); site.pages.len()],
            };
        };
        let again = last.and_then(|last| Again::new(last, site, &finder));
        let none: Arc<[Mention]> = Arc::from([]);
        let of: Vec<Arc<[Mention]>> = (0..site.pages.len())
            .into_par_iter()
            .map_init(Buffers::default, |buffers, id| {
                if let Some(kept) = again.as_ref().and_then(|a| a.kept(site, id, buffers)) {
                    return kept;
                }
                shared(
                    finder.page(id, &site.pages[id], &site.links[id], buffers),
                    &none,
                )
            })
            .collect();
        let mut by = vec![Vec::new(); site.pages.len()];
        for (from, mentions) in of.iter().enumerate() {
            for (index, mention) in mentions.iter().enumerate() {
                by[mention.target].push((from, index));
            }
        }
        Mentions {
            finder: Some(Arc::new(finder)),
            of,
            by,
        }
    }

    /// Whether `page`, an edit of page `id` whose links stayed the same,
    /// has the same mentions as before, so nothing else shows a change.
    pub fn same_for(&self, site: &Site, id: PageId, page: &Page) -> bool {
        let found = match &self.finder {
            Some(finder) => finder.page(id, page, &site.links[id], &mut Buffers::default()),
            None => Vec::new(),
        };
        let old = self.of.get(id).map_or(&[][..], |of| &of[..]);
        found.len() == old.len()
            && found
                .iter()
                .zip(old)
                .all(|(a, b)| a.target == b.target && a.context == b.context)
    }
}

/// The code of an unlinked mention's note.
pub const CODE: &str = "unlinked-mention";

/// The `unlinked-mention` notes of `site`. Made only where they are shown
/// (`check`, or a build whose `strict:` names them): a build would drop
/// them, and at 100,000 briefs there are hundreds of thousands.
pub fn notes(site: &Site) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    for (id, mentions) in site.mentions.of.iter().enumerate() {
        let Some(file) = &site.pages[id].file else {
            continue;
        };
        if mentions.is_empty() {
            continue;
        }
        let file = file.as_written();
        let text = file.text();
        for mention in mentions.iter() {
            let target = &site.pages[mention.target];
            // A match in text that smart punctuation changed has no exact
            // span in the file: its words as the reader sees them instead.
            let written = text
                .get(mention.span.clone())
                .filter(|w| !w.is_empty())
                .unwrap_or(mention.context.text());
            let hint = if written == target.title {
                format!("write [[{written}]] or [[{written}|text]]")
            } else {
                format!("write [[{written}]] or [[{}|{written}]]", target.title)
            };
            notes.push(
                Diagnostic::note(CODE, format!("names {} without a link", target.title))
                    .at(file.span(mention.span.start, mention.span.end))
                    .hint(hint),
            );
        }
    }
    notes
}

/// One thread's lowercased block and, per byte of it, the byte of the
/// block it came from, the search's own memory and the text of a block
/// held in pieces: reused from block to block.
#[derive(Default)]
struct Buffers {
    lower: String,
    from: Vec<u32>,
    scratch: Scratch,
    /// The text of a block held in pieces (see `Prose::any_block`).
    pieced: String,
}

impl Buffers {
    /// Whether `f` is true of any block of `prose`, asked with the rest
    /// of these buffers; a block held in pieces is put together in
    /// `pieced`.
    fn any_block(
        &mut self,
        prose: &Prose,
        mut f: impl FnMut(ProseBlock<'_>, &mut Buffers) -> bool,
    ) -> bool {
        let mut pieced = std::mem::take(&mut self.pieced);
        let found = prose.any_block(&mut pieced, |block| f(block, self));
        self.pieced = pieced;
        found
    }
}

impl Finder {
    /// The unlinked mentions in page `id`'s prose, first of each target.
    fn page(
        &self,
        id: PageId,
        page: &Page,
        links: &[Resolved],
        buffers: &mut Buffers,
    ) -> Vec<Mention> {
        let mut found: Vec<Mention> = Vec::new();
        let linked = |target: PageId| {
            links
                .iter()
                .any(|r| matches!(r, Resolved::Page { id, .. } if *id == target))
        };
        let skip = |target: PageId, found: &[Mention]| {
            target == id || found.iter().any(|m| m.target == target) || linked(target)
        };
        buffers.any_block(&page.body.prose, |block, buffers| {
            self.block(block, buffers, &skip, &mut found);
            false
        });
        found
    }

    /// Adds to `found` each mention in `block` that `skip` does not rule
    /// out: its target, its range in the file and its sentence.
    ///
    /// Most prose is ASCII: the trie lowercases ASCII words as it meets
    /// them, so such a block is searched as it is, and only a block with
    /// other letters is lowercased first. A target already found (or ruled
    /// out) is skipped before its sentence is cut, as a page names the
    /// same target many times.
    fn block(
        &self,
        block: ProseBlock<'_>,
        buffers: &mut Buffers,
        skip: &impl Fn(PageId, &[Mention]) -> bool,
        found: &mut Vec<Mention>,
    ) {
        let text: &str = &block.text;
        let ascii = text.is_ascii();
        if !ascii {
            lowercase(text, buffers);
        }
        let Buffers {
            lower,
            from,
            scratch,
            ..
        } = buffers;
        let haystack = if ascii { text } else { lower.as_str() };
        let at = |b: usize| match ascii {
            true => b,
            false => from.get(b).map_or(text.len(), |&i| i as usize),
        };
        self.find(haystack, scratch, |hit, target| {
            if skip(target, found) {
                return true;
            }
            let (start, end) = (at(hit.start), at(hit.end));
            if !on_word_boundaries(text, start, end) {
                return true;
            }
            let Some((first, last)) = runs_holding(block.runs, start, end) else {
                return true;
            };
            let file_start = block.file_offset(first, start);
            let file_end = if last.exact {
                block.file_offset(last, end).max(file_start)
            } else {
                file_start
            };
            found.push(Mention {
                target,
                span: file_start..file_end,
                context: sentence_around(text, start, end),
            });
            true
        });
    }
}

/// What the last build's mentions tell this one: which page of the last
/// site each page is, and the names added, dropped or naming another page
/// since. A page's mentions depend only on its prose, the pages it links
/// to, its own id and, at each place of its prose, the names that match
/// there (the longest wins): if its prose and links are the same and no
/// changed name matches anywhere in it, every place has the same names
/// naming the same pages, so its mentions are the same.
struct Again<'a> {
    last: &'a Site,
    /// Per page of this site: its id in the last one.
    old_id: Vec<Option<PageId>>,
    /// Per page of the last site: its id in this one.
    new_id: Vec<Option<PageId>>,
    /// The changed names, to look for as they are written (in any ASCII
    /// case); `None` when none changed.
    changed: Option<AhoCorasick>,
    /// The words of each changed name, which a page's prose must hold
    /// for the name to be searched for in it (see `Prose::may_name`).
    changed_words: Vec<Vec<u64>>,
}

impl<'a> Again<'a> {
    fn new(last: &'a Site, site: &Site, finder: &Finder) -> Option<Again<'a>> {
        let before = last.mentions.finder.as_deref()?;
        let (old_id, new_id) = match_pages(last, site)?;
        let changed = changed_names(before, finder, &new_id);
        let changed_words = changed.iter().map(|name| phrase_words(name)).collect();
        let changed = match changed.is_empty() {
            true => None,
            false => Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build(changed)
                    .ok()?,
            ),
        };
        Some(Again {
            last,
            old_id,
            new_id,
            changed,
            changed_words,
        })
    }

    /// Page `id`'s mentions as the last build found them, when they are
    /// certainly its mentions now; `None` when it must be searched.
    fn kept(&self, site: &Site, id: PageId, buffers: &mut Buffers) -> Option<Arc<[Mention]>> {
        let old = self.old_id[id]?;
        let (page, before) = (&site.pages[id], &self.last.pages[old]);
        let same_prose = Arc::ptr_eq(page, before) || page.body.prose == before.body.prose;
        if !same_prose || !self.same_links(site, id, old) {
            return None;
        }
        // The words a page holds rule out most pages at once; the others
        // are searched for the changed names as they are written.
        if let Some(changed) = &self.changed
            && page.body.prose.may_name(&self.changed_words)
            && buffers.any_block(&page.body.prose, |b, buffers| {
                holds_any(changed, &b, buffers)
            })
        {
            return None;
        }
        // Shared with the last build while every page it names is where
        // it was, as in most rebuilds.
        let was = &self.last.mentions.of[old];
        if was.iter().all(|m| self.new_id[m.target] == Some(m.target)) {
            return Some(was.clone());
        }
        let moved = was.iter().map(|m| {
            Some(Mention {
                target: self.new_id[m.target]?,
                ..m.clone()
            })
        });
        moved.collect::<Option<Vec<Mention>>>().map(Arc::from)
    }

    /// Whether page `id` links to the same pages, in the same order, as
    /// it did as page `old` of the last site.
    fn same_links(&self, site: &Site, id: PageId, old: PageId) -> bool {
        let pages = |links: &'a [Resolved]| {
            links.iter().filter_map(|r| match r {
                Resolved::Page { id, .. } => Some(*id),
                _ => None,
            })
        };
        let now = site.links[id].iter().filter_map(|r| match r {
            Resolved::Page { id, .. } => Some(Some(*id)),
            _ => None,
        });
        now.eq(pages(&self.last.links[old]).map(|o| self.new_id[o]))
    }
}

/// The names of `before` (the last build's) or `now` that are in one only
/// or name different pages; `new_id` takes a page of the last build to
/// its id now. Both lists are sorted.
fn changed_names<'f>(
    before: &'f Finder,
    now: &'f Finder,
    new_id: &[Option<PageId>],
) -> Vec<&'f str> {
    let mut old = before.names().map(|(n, t)| (n, new_id[t])).peekable();
    let mut new = now.names().map(|(n, t)| (n, Some(t))).peekable();
    let mut changed = Vec::new();
    loop {
        match (old.peek(), new.peek()) {
            (Some(&(a, ta)), Some(&(b, tb))) => match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    changed.push(a);
                    old.next();
                }
                std::cmp::Ordering::Greater => {
                    changed.push(b);
                    new.next();
                }
                std::cmp::Ordering::Equal => {
                    if ta != tb {
                        changed.push(b);
                    }
                    old.next();
                    new.next();
                }
            },
            (Some(&(a, _)), None) => {
                changed.push(a);
                old.next();
            }
            (None, Some(&(b, _))) => {
                changed.push(b);
                new.next();
            }
            (None, None) => return changed,
        }
    }
}

/// Whether any of the names `changed` may match in `block`, searched as
/// `Finder::block` searches it: true when one is in its text as written,
/// ASCII letters in any case. A name the trie matches is always there:
/// its words are whole words of the text (ASCII ones lowercased one at a
/// time, others in the lowercased block) and one space between two of
/// its tokens is one space between them in the text, any other character
/// a token of both.
fn holds_any(changed: &AhoCorasick, block: &ProseBlock, buffers: &mut Buffers) -> bool {
    let text: &str = &block.text;
    if text.is_ascii() {
        return changed.is_match(text);
    }
    lowercase(text, buffers);
    changed.is_match(buffers.lower.as_str())
}

/// The first and last of the runs that hold `start..end` without a gap:
/// a name may span the runs a smart apostrophe splits text into
/// (`Iran’s`), never a link or code between them.
fn runs_holding(runs: &[Run], start: usize, end: usize) -> Option<(&Run, &Run)> {
    let first = runs
        .iter()
        .position(|r| r.start as usize <= start && start < r.end as usize)?;
    let mut last = first;
    while (runs[last].end as usize) < end {
        let next = runs.get(last + 1)?;
        if next.start != runs[last].end {
            return None;
        }
        last += 1;
    }
    Some((&runs[first], &runs[last]))
}

/// Lowercases `text` into `buffers`, noting for each byte written the
/// byte of `text` it came from (a lowercase letter may be longer or
/// shorter than its capital: `İ`, `ẞ`).
fn lowercase(text: &str, buffers: &mut Buffers) {
    buffers.lower.clear();
    buffers.from.clear();
    for (i, c) in text.char_indices() {
        let before = buffers.lower.len();
        push_lowercase(c, &mut buffers.lower);
        let from = u32::try_from(i).unwrap_or(u32::MAX);
        buffers
            .from
            .extend(std::iter::repeat_n(from, buffers.lower.len() - before));
    }
}

/// True when `start..end` of `text` is not part of a longer word: the
/// characters on both sides are no letters or digits, in any script.
fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|t| t.chars().next_back());
    let after = text.get(end..).and_then(|t| t.chars().next());
    start < end
        && !before.is_some_and(char::is_alphanumeric)
        && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::phrases::Phrases;

    #[test]
    fn word_boundaries_hold_in_any_script() {
        assert!(on_word_boundaries("see Iran now", 4, 8));
        assert!(!on_word_boundaries("see Iranian now", 4, 8));
        assert!(!on_word_boundaries("Россия", 0, 4));
        assert!(on_word_boundaries("«Россия»", 2, 14));
    }

    /// A page's noted words rule out a name only where the search could
    /// not find it: every name the trie finds in a block, in any case or
    /// script, passes the block's filter.
    #[test]
    fn noted_words_never_rule_out_a_name_the_search_finds() {
        let names = [
            "shahed drones",
            "iran's nuclear programme",
            "россия",
            "договор о партнёрстве",
            "روسیه",
            "i\u{307}stanbul",
            "su-35",
            "north–south corridor",
            "σοφία",
        ];
        let blocks = [
            "SHAHED DRONES over Kyiv; Iran’s nuclear programme stalled.",
            "Россия и Иран: ДОГОВОР О ПАРТНЁРСТВЕ подписан.",
            "روسیه و ایران",
            "Talks in İSTANBUL, then İstanbul again.",
            "The Su-35 deal and the North–South Corridor.",
            "ΣΟΦΊΑ and ΣΟΦΙΑ.",
        ];
        let trie = Phrases::new(names);
        let mut buffers = Buffers::default();
        let mut found = 0;
        for text in blocks {
            let mut words = crate::text::word_filter::Words::default();
            words.add(text);
            let filter = words.filter();
            let haystack = match text.is_ascii() {
                true => text.to_string(),
                false => {
                    lowercase(text, &mut buffers);
                    buffers.lower.clone()
                }
            };
            trie.find(&haystack, &mut buffers.scratch, |hit| {
                found += 1;
                let name = names[hit.phrase];
                assert!(filter.may_hold(&phrase_words(name)), "{name} in {text}");
                true
            });
        }
        assert!(found >= 8, "the search found {found} names");
    }

    #[test]
    fn lowercasing_maps_each_byte_back() {
        let mut buffers = Buffers::default();
        lowercase("AİB", &mut buffers);
        assert_eq!(buffers.lower, "ai\u{307}b");
        assert_eq!(buffers.from, vec![0, 1, 1, 1, 3]);
    }
}
