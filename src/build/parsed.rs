//! The parse cache: every content file read and parsed, kept between
//! rebuilds. A file whose size and modification time did not change is
//! not read or parsed again, unless it was modified so shortly before it
//! was last read that a second edit could have kept both (see
//! [`RACY`]); [`ParseCache::refresh`] says which files were parsed again,
//! for the quick rebuild to judge what their edits touched.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use crate::HashMap;
use crate::content::frontmatter::sources::{self, Source};
use crate::content::scan::{self, ContentFile, FileKind, Listed};
use crate::diagnostic::Diagnostic;
use crate::markdown::highlight::Highlighter;
use crate::markdown::mentions::Prose;
use crate::markdown::page::{self, Kind, Page};
use crate::text::file_text::{self, Root};
use crate::text::packed::Small;

/// A file's size and modification time, as the scan lists it.
type Stamp = (u64, Option<SystemTime>);

/// How long after its modification time a file's stamp is trusted. A file
/// system keeps modification times in ticks of its clock (milliseconds on
/// Linux, two seconds on FAT), so an editor's second save of a same-size
/// text in the same tick leaves the stamp as it was. A file read within
/// this margin of its modification time is therefore read again on the
/// next rebuild and compared with what was parsed, as git does for its
/// "racily clean" files.
const RACY: Duration = Duration::from_secs(2);

/// One parsed content file, kept between rebuilds.
pub(super) struct Parsed {
    stamp: Stamp,
    /// When the file was read (taken before reading it).
    read_at: SystemTime,
    /// A hash of the file's text, to tell a racy file's edit (see [`RACY`]).
    text_hash: u64,
    kind: FileKind,
    pub(super) page: Option<Arc<Page>>,
    /// The page's [`Page::signature`].
    pub(super) signature: Option<u64>,
    sources: Vec<Source>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// What `refresh` found: files parsed again, with their signatures from
/// before (`None` for a new file), and whether any file went away.
pub(super) struct Refreshed {
    pub(super) parsed: usize,
    pub(super) changed: Vec<(String, Option<u64>)>,
    pub(super) removed: bool,
}

/// Every content file parsed, by its path inside `content/`.
#[derive(Default)]
pub(super) struct ParseCache {
    highlighter: Highlighter,
    parsed: HashMap<Arc<str>, Parsed>,
    /// The paths of `parsed` in order, kept while no path comes or goes:
    /// a title edit then assembles 100,000 pages without sorting them.
    /// Shared with the table's keys, not copies of them.
    order: Vec<Arc<str>>,
    /// How each page's body HTML is held until a page showing it is
    /// rendered.
    pub(super) bodies: Bodies,
    /// Note the words of each page's prose (see
    /// [`crate::markdown::mentions::Prose::note_words`]), as a builder
    /// that rebuilds does.
    pub(super) note_words: bool,
    /// Leave each file's text on disk (see [`Page::leave_text_on_disk`]),
    /// as `build` and `serve` do.
    pub(super) texts_on_disk: bool,
}

/// How the cache holds what it parses (see [`ParseCache`]'s fields).
#[derive(Clone, Copy)]
struct Holding<'a> {
    bodies: Bodies,
    note_words: bool,
    /// The root the texts are left on disk under, if they are.
    texts_on_disk: Option<&'a Root>,
}

/// How a parsed body's HTML is held (see [`crate::markdown::Html`]).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(super) enum Bodies {
    /// As written, as `check` and `watch` hold them.
    #[default]
    Plain,
    /// Packed with LZ4, as `build` holds them: quick to pack and unpack,
    /// as each is packed and unpacked once.
    Packed,
    /// Packed smaller with zstd, as `serve` holds them for as long as it
    /// runs.
    PackedSmall,
}

impl ParseCache {
    /// A cache for a builder that rebuilds: it notes each page's words
    /// for the next rebuild's unlinked mentions.
    pub(super) fn noting_words() -> ParseCache {
        ParseCache {
            note_words: true,
            ..ParseCache::default()
        }
    }

    /// The file at `path` inside `content/`, as last parsed.
    pub(super) fn get(&self, path: &str) -> Option<&Parsed> {
        self.parsed.get(path)
    }

    /// Brings the cache up to date with `listed` (the content of the
    /// dossier at `root`): new and changed files are read and parsed in
    /// parallel, removed ones forgotten.
    pub(super) fn refresh(
        &mut self,
        root: &std::path::Path,
        listed: &[Listed],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Refreshed {
        let read_at = SystemTime::now();
        // Each path looked up on every core: one at a time, the lookups
        // of 100,000 paths in a table as large took 30 ms of a rebuild.
        let cached = &self.parsed;
        let standing: Vec<Standing> = (listed.par_iter())
            .map(|l| match cached.get(l.path.as_str()) {
                Some(p) if p.stamp == l.stamp && p.kind == l.kind => match p.settled() {
                    true => Standing::Kept,
                    false => Standing::Racy,
                },
                Some(_) => Standing::Stale,
                None => Standing::New,
            })
            .collect();
        let (mut stale, mut racy) = (Vec::new(), Vec::new());
        for (l, standing) in listed.iter().zip(&standing) {
            match standing {
                Standing::Kept => {}
                Standing::Racy => racy.push(l.clone()),
                Standing::Stale | Standing::New => stale.push(l.clone()),
            }
        }
        let new_paths = standing.contains(&Standing::New);
        let still_listed = standing.iter().filter(|s| **s != Standing::New).count();
        // Every file cached is still listed unless fewer were found: only
        // then is a table of the listed paths made to find the others.
        let removed = still_listed < self.parsed.len();
        if removed {
            let present: crate::HashSet<&str> = listed.iter().map(|l| l.path.as_str()).collect();
            self.parsed.retain(|path, _| present.contains(&**path));
        }
        let stamps: HashMap<String, Stamp> = stale
            .iter()
            .chain(&racy)
            .map(|l| (l.path.clone(), l.stamp))
            .collect();
        let racy_paths: crate::HashSet<&str> = racy.iter().map(|l| l.path.as_str()).collect();
        let highlighter = &self.highlighter;
        let left_under = self.texts_on_disk.then(|| Root::new(root));
        let holding = Holding {
            bodies: self.bodies,
            note_words: self.note_words,
            texts_on_disk: left_under.as_ref(),
        };
        let cached = &self.parsed;
        // Each file is parsed as soon as it is read, so that a text left
        // on disk is let go at once: the texts are never all held together
        // (some 740 MB at 100,000 briefs).
        let read: Vec<Read> = (stale.par_iter().chain(&racy))
            .map_init(Small::default, |small, listed| {
                let file = match scan::read_one(root, listed) {
                    Ok(file) => file,
                    Err(unreadable) => return Read::Unreadable(unreadable),
                };
                let path = &listed.path;
                // A racy file whose text is what was parsed stays as it
                // was, now read later; one edited is parsed again.
                let unchanged = racy_paths.contains(path.as_str())
                    && (cached.get(path.as_str()))
                        .is_some_and(|p| p.text_hash == file_text::hash(&file.file.text()));
                if unchanged {
                    return Read::Same(path.clone());
                }
                let stamp = stamps.get(path).copied().unwrap_or((0, None));
                let parsed = parse(&file, (stamp, read_at), (highlighter, small), holding);
                Read::Parsed(path.clone(), parsed)
            })
            .collect();
        let (mut fresh, mut same, mut unreadable) =
            (Vec::new(), crate::HashSet::default(), Vec::new());
        for outcome in read {
            match outcome {
                Read::Parsed(path, parsed) => fresh.push((Arc::from(path), parsed)),
                Read::Same(path) => {
                    same.insert(path);
                }
                Read::Unreadable(diagnostic) => unreadable.push(diagnostic),
            }
        }
        for path in &same {
            if let Some(parsed) = self.parsed.get_mut(path.as_str()) {
                parsed.read_at = read_at;
            }
        }
        // A racy file no longer readable is stale, as one edited is.
        stale.extend(racy.into_iter().filter(|l| !same.contains(&l.path)));
        let count = stale.len();
        // A file that could not be read is parsed again next time.
        let mut changed = Vec::with_capacity(stale.len());
        for listed in &stale {
            let old = self.parsed.remove(listed.path.as_str());
            changed.push((listed.path.clone(), old.and_then(|p| p.signature)));
        }
        self.parsed.extend(fresh);
        // A path added, removed or no longer readable changes the order.
        if new_paths || removed || self.order.len() != self.parsed.len() {
            self.order = self.parsed.keys().cloned().collect();
            // The keys differ, so an unstable sort orders them as a
            // stable one.
            self.order.par_sort_unstable();
        }
        diagnostics.extend(unreadable);
        Refreshed {
            parsed: count,
            changed,
            removed,
        }
    }

    /// The published pages (with a front page, made if `_index.md` is
    /// missing), the drafts left out (unless `drafts_too`), and the source
    /// registry, in path order; the cached diagnostics of every file go to
    /// `diagnostics`.
    pub(super) fn assemble(
        &self,
        drafts_too: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Arc<Page>>, Vec<Arc<Page>>, Vec<Source>) {
        // Gathered on every core, in order: one at a time, taking each
        // of 100,000 pages (a table lookup and a count in memory no
        // cache holds) took 40 ms of a rebuild.
        let found: Vec<&Parsed> = (self.order.par_iter())
            .filter_map(|path| self.parsed.get(&**path))
            .collect();
        diagnostics.par_extend(
            (found.par_iter()).flat_map_iter(|parsed| parsed.diagnostics.iter().cloned()),
        );
        let registry: Vec<Source> = (found.par_iter())
            .flat_map_iter(|parsed| parsed.sources.iter().cloned())
            .collect();
        let (mut pages, drafts): (Vec<Arc<Page>>, Vec<Arc<Page>>) = (found.par_iter())
            .filter_map(|parsed| parsed.page.clone())
            .partition(|page| !page.front.draft || drafts_too);
        if !pages.par_iter().any(|p| p.kind == Kind::Home) {
            pages.push(Arc::new(Page::home()));
        }
        (pages, drafts, registry)
    }
}

impl ParseCache {
    /// As [`ParseCache::assemble`], for a one-off build: the cache lets go
    /// of its pages, so the site holds the only reference to each and
    /// [`forget_prose`] can free what only linking reads.
    pub(super) fn hand_over(
        &mut self,
        drafts_too: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Arc<Page>>, Vec<Arc<Page>>, Vec<Source>) {
        let assembled = self.assemble(drafts_too, diagnostics);
        self.parsed = HashMap::default();
        self.order = Vec::new();
        assembled
    }
}

impl Parsed {
    /// Whether the file's stamp can be trusted: it was modified well
    /// before it was read (see [`RACY`]). A file system without
    /// modification times is trusted, as before.
    fn settled(&self) -> bool {
        self.stamp
            .1
            .is_none_or(|modified| modified + RACY <= self.read_at)
    }
}

/// Frees the prose of every page that nothing else holds (see
/// [`page::let_go_unshared`]): the blocks unlinked mentions are looked
/// for in are read once, when the site is linked, and are as large as
/// the text itself.
pub(super) fn forget_prose(pages: &mut [Arc<Page>]) {
    page::let_go_unshared(pages, |page| page.body.prose = Prose::default());
}

/// Frees the source text of every page that nothing else holds (see
/// [`page::let_go_unshared`]), once the site is linked and no new
/// problem can be found in it: a one-off build's sources are as large as
/// all the pages it renders, and were kept only to show the lines its
/// diagnostics point at. Those lines are taken first (`diagnostics`).
/// A page the parse cache still holds keeps its text, which the next
/// rebuild compares.
pub(super) fn forget_text(pages: &mut [Arc<Page>], diagnostics: &mut [Diagnostic]) {
    let file = |page: &mut Arc<Page>| Arc::get_mut(page).and_then(|p| p.file.as_mut()).is_some();
    if !pages.iter_mut().any(file) {
        return;
    }
    crate::diagnostic::pin_excerpts(diagnostics);
    page::let_go_unshared(pages, |page| {
        if let Some(file) = page.file.as_mut() {
            file.forget_text();
        }
    });
}

/// A listed file against the cache (see [`ParseCache::refresh`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Parsed, with the same stamp, well before it was modified.
    Kept,
    /// Parsed, with the same stamp, but too soon after it was modified
    /// to trust it (see [`RACY`]).
    Racy,
    /// Parsed, but changed since.
    Stale,
    /// Not parsed before.
    New,
}

/// What became of one file read by [`ParseCache::refresh`].
enum Read {
    Parsed(String, Parsed),
    /// A racy file read again whose text is what was parsed.
    Same(String),
    Unreadable(Diagnostic),
}

/// Parses one content file: a page, or the source registry.
fn parse(
    file: &ContentFile,
    (stamp, read_at): (Stamp, SystemTime),
    (highlighter, small): (&Highlighter, &mut Small),
    holding: Holding,
) -> Parsed {
    let mut diagnostics = Vec::new();
    let (page, sources) = match file.kind {
        FileKind::Sources => (None, sources::parse_registry(&file.file, &mut diagnostics)),
        _ => {
            let mut page = Page::parse(file, highlighter, &mut diagnostics);
            if let Some(page) = page.as_mut() {
                match holding.bodies {
                    Bodies::Plain => {}
                    Bodies::Packed => page.body.html.pack(),
                    Bodies::PackedSmall => page.body.html.pack_small(small),
                }
                if holding.note_words {
                    page.body.prose.note_words();
                }
                // Last: the words are noted from the text as written.
                if let Some(root) = holding.texts_on_disk {
                    page.leave_text_on_disk(root);
                }
            }
            (page.map(Arc::new), Vec::new())
        }
    };
    Parsed {
        stamp,
        read_at,
        text_hash: file_text::hash(&file.file.text()),
        kind: file.kind,
        signature: page.as_ref().map(|p| p.signature()),
        page,
        sources,
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_with_prose() -> Arc<Page> {
        let file = crate::diagnostic::FileRef::new(
            "content/briefs/a.md".into(),
            Arc::from("---\ntitle: A\n---\nGas flows east.\n"),
        );
        let content = ContentFile {
            kind: FileKind::Brief,
            content_path: "briefs/a.md".into(),
            file,
        };
        let page = Page::parse(&content, &Highlighter::default(), &mut Vec::new());
        let page = Arc::new(page.unwrap_or_else(|| Page::implied(Kind::Brief, "A")));
        assert_ne!(page.body.prose, Prose::default(), "the brief has prose");
        page
    }

    /// `serve` keeps the parse cache, whose pages the next rebuild links
    /// again: their prose must outlive the build; a one-off build's goes.
    #[test]
    fn prose_is_freed_only_where_nothing_else_holds_the_page() {
        let shared = page_with_prose();
        let kept = shared.clone();
        let mut pages = vec![shared, page_with_prose()];
        forget_prose(&mut pages);
        assert_ne!(pages[0].body.prose, Prose::default());
        assert_eq!(kept.body.prose, pages[0].body.prose);
        assert_eq!(pages[1].body.prose, Prose::default());
    }

    fn text_of(page: &Page) -> String {
        page.file
            .as_ref()
            .map_or(String::new(), |f| f.text().to_string())
    }

    /// A one-off build lets go of its sources once linked; its warnings
    /// still show their lines, and `serve`'s pages keep their text.
    #[test]
    fn text_is_freed_only_where_nothing_else_holds_the_page_and_warnings_keep_their_line() {
        let shared = page_with_prose();
        let kept = shared.clone();
        let mut pages = vec![shared, page_with_prose()];
        let file = pages[1].file.clone().unwrap();
        let mut diagnostics = vec![
            Diagnostic::warning("test", "a warning").at(file.span(17, 20)),
            Diagnostic::warning("test", "unpinned").at(file.line_col(4, 1, 3)),
        ];
        let shown = crate::diagnostic::render_human(&diagnostics[0]);
        assert!(shown.contains("4 | Gas flows east."), "{shown}");
        drop(file);
        let unpinned = diagnostics.pop().unwrap();
        forget_text(&mut pages, &mut diagnostics);
        assert_eq!(text_of(&pages[0]), text_of(&kept));
        assert!(text_of(&pages[0]).contains("Gas flows"));
        assert_eq!(text_of(&pages[1]), "");
        assert_eq!(crate::diagnostic::render_human(&diagnostics[0]), shown);
        // A location taken before and not pinned has no text left to show.
        assert!(unpinned.location.as_ref().unwrap().text().is_none());
        assert!(!crate::diagnostic::render_human(&unpinned).contains(" | "));
    }
}
