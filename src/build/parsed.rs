//! The parse cache: every content file read and parsed, kept between
//! rebuilds. A file whose size and modification time did not change is
//! not read or parsed again; [`ParseCache::refresh`] says which files were,
//! for the quick rebuild to judge what their edits touched.

use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::HashMap;
use crate::content::frontmatter::sources::{self, Source};
use crate::content::scan::{self, ContentFile, FileKind, Listed};
use crate::diagnostic::Diagnostic;
use crate::markdown::highlight::Highlighter;
use crate::markdown::mentions::Prose;
use crate::markdown::page::{Kind, Page};

/// A file's size and modification time, as the scan lists it.
type Stamp = (u64, Option<SystemTime>);

/// One parsed content file, kept between rebuilds.
pub(super) struct Parsed {
    stamp: Stamp,
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
    parsed: HashMap<String, Parsed>,
}

impl ParseCache {
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
        listed: Vec<Listed>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Refreshed {
        let present: crate::HashSet<&str> = listed.iter().map(|l| l.path.as_str()).collect();
        let before = self.parsed.len();
        self.parsed
            .retain(|path, _| present.contains(path.as_str()));
        let removed = self.parsed.len() != before;
        let stale: Vec<Listed> = listed
            .into_iter()
            .filter(|l| {
                self.parsed
                    .get(&l.path)
                    .is_none_or(|p| p.stamp != l.stamp || p.kind != l.kind)
            })
            .collect();
        let count = stale.len();
        let stamps: HashMap<String, Stamp> =
            stale.iter().map(|l| (l.path.clone(), l.stamp)).collect();
        let mut unreadable = Vec::new();
        let files = scan::read_all(root, stale.clone(), &mut unreadable);
        let highlighter = &self.highlighter;
        let fresh: Vec<(String, Parsed)> = files
            .par_iter()
            .map(|file| {
                let stamp = stamps.get(&file.content_path).copied().unwrap_or((0, None));
                (file.content_path.clone(), parse(file, stamp, highlighter))
            })
            .collect();
        // A file that could not be read is parsed again next time.
        let mut changed = Vec::with_capacity(stale.len());
        for listed in &stale {
            let old = self.parsed.remove(&listed.path);
            changed.push((listed.path.clone(), old.and_then(|p| p.signature)));
        }
        self.parsed.extend(fresh);
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
        let mut paths: Vec<&String> = self.parsed.keys().collect();
        paths.sort();
        let (mut pages, mut drafts, mut registry) =
            (Vec::with_capacity(paths.len() + 1), Vec::new(), Vec::new());
        for path in paths {
            let Some(parsed) = self.parsed.get(path) else {
                continue;
            };
            diagnostics.extend(parsed.diagnostics.iter().cloned());
            registry.extend(parsed.sources.iter().cloned());
            match &parsed.page {
                Some(page) if page.front.draft && !drafts_too => drafts.push(page.clone()),
                Some(page) => pages.push(page.clone()),
                None => {}
            }
        }
        if !pages.iter().any(|p| p.kind == Kind::Home) {
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
        assembled
    }
}

/// Frees the prose of every page that nothing else holds: the blocks
/// unlinked mentions are looked for in are read once, when the site is
/// linked, and are as large as the text itself. A page the parse cache
/// still holds (`serve`, `watch`) keeps its prose for the next rebuild.
pub(super) fn forget_prose(pages: &mut [Arc<Page>]) {
    for page in pages {
        if let Some(page) = Arc::get_mut(page) {
            page.body.prose = Prose::default();
        }
    }
}

/// Parses one content file: a page, or the source registry.
fn parse(file: &ContentFile, stamp: Stamp, highlighter: &Highlighter) -> Parsed {
    let mut diagnostics = Vec::new();
    let (page, sources) = match file.kind {
        FileKind::Sources => (None, sources::parse_registry(&file.file, &mut diagnostics)),
        _ => (
            Page::parse(file, highlighter, &mut diagnostics).map(Arc::new),
            Vec::new(),
        ),
    };
    Parsed {
        stamp,
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
}
