//! The site stage: links the parsed pages into one `Site`.
//!
//! Takes the parsed pages (with the drafts left out of the build, so
//! links to them can be told from broken ones), the source registry and
//! the site config. Gives the `Site`: every name, link and citation
//! resolved once against the whole dossier, and what pages show about each
//! other derived from them. It is built once, by [`Site::build`], before
//! anything renders, and never changed afterwards: the render stage shares
//! it across rayon threads.
//!
//! In order (see `build.rs`): duplicate URLs are reported; front-matter
//! topic and actor names are resolved (`taxonomy`), adding a page for each
//! name no file describes; then, beside the source registry and page
//! source lists (`sources`), alias collisions are checked (`collisions`),
//! the name table is built (`names`), every body link resolved (`links`)
//! with local links to files (`files`), and the timeline made
//! (`timeline`, which warns about undated briefs it leaves out); then sources' archived copies are resolved to
//! attachments (`files`) and the attachments linked to or archived by a
//! cited source are marked; then briefs per topic and actor,
//! related topics and the date order; last, as they read link labels,
//! summaries (`summaries`) and backlinks (`backlinks`).

mod backlinks;
mod build;
mod collisions;
pub mod files;
mod finder;
mod index_set;
mod links;
pub mod matching;
pub mod mentions;
mod names;
mod sources;
pub mod sourcing;
mod summaries;
mod taxonomy;
mod timeline;

use std::ops::Range;
use std::sync::Arc;

use crate::content::config::SiteConfig;
use crate::content::frontmatter::sources::Source;
use crate::diagnostic::Diagnostic;
use crate::markdown::page::{Kind, Page};
use crate::markdown::placeholder::{self, Piece};
use crate::markdown::{Context, LinkTarget};
use crate::text::date::PartialDate;

/// A page's index in `Site::pages`; every per-page table uses it.
pub type PageId = usize;

/// Where one body link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A page, and maybe a heading id on it.
    Page { id: PageId, anchor: Option<String> },
    /// A draft that is not being published: shown as plain text.
    Unpublished,
    /// A file of the site (a local link or image that names no page by
    /// name): its output path, with the `?query#fragment` as written.
    Url { path: String, suffix: String },
    /// Nothing; an error has been reported.
    Broken,
}

/// A page that links here, with the sentence around the link.
#[derive(Debug, Clone)]
pub struct Backlink {
    pub from: PageId,
    /// Which of `from`'s body links it is.
    pub link: usize,
    /// The sentence as a reader sees it, only when that differs from the
    /// sentence as parsed (it holds an unlabelled link, shown by its
    /// label): most sentences are shared with the page, not copied.
    plain: Option<Arc<Context>>,
}

/// A row of the timeline: a brief's own date, or an event it records.
#[derive(Debug, Clone)]
pub struct Entry {
    pub date: PartialDate,
    /// Shared: a rebuild that keeps the timeline shares its entries'
    /// titles and actors with the last build's, and compares them by
    /// address first.
    pub title: Arc<str>,
    pub brief: PageId,
    pub actors: Arc<[PageId]>,
    pub is_event: bool,
}

/// A source and the pages that rely on it.
#[derive(Debug, Clone)]
pub struct SourceEntry {
    pub source: Arc<Source>,
    pub cited_by: Vec<PageId>,
    /// The attachment the source's `archive:` names, when it names a
    /// file that exists (`files::archive_files`).
    pub archive_file: Option<ArchiveFile>,
}

/// A source's archived copy kept as an attachment: its output path and
/// size, which its entry shows.
#[derive(Debug, Clone)]
pub struct ArchiveFile {
    pub url: String,
    pub bytes: u64,
}

/// One unlinked mention of page `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub target: PageId,
    /// Its byte range in the page's file.
    pub span: std::ops::Range<usize>,
    /// Its sentence, as parsed (unlabelled links as placeholders).
    pub context: Context,
}

/// Every unlinked mention of the site, and the finder that found them,
/// kept so a quick rebuild can tell whether an edit changed any.
#[derive(Clone, Default)]
pub struct Mentions {
    finder: Option<Arc<Finder>>,
    /// Per page: its unlinked mentions, the first of each target, in the
    /// order they are written; shared with the last build where a
    /// rebuild keeps them.
    pub of: Vec<Arc<[Mention]>>,
    /// Per page: the pages mentioning it without a link, in page order,
    /// each with the index of the mention in `of`.
    pub by: Vec<Vec<(PageId, usize)>>,
}

/// The names looked for and the page each names (see `finder`).
struct Finder {
    /// A trie of the names as they were when one was last built whole,
    /// shared from rebuild to rebuild while few names were added since.
    base: Arc<NameTrie>,
    /// Per name of `base`: the page it names now; `None` for a name no
    /// page has now, or two pages share.
    base_targets: Vec<Option<PageId>>,
    /// The names added since `base` was built, with the page each names.
    added: Option<Arc<(NameTrie, Vec<PageId>)>>,
}

/// Names (lowercased, sorted) and their trie.
struct NameTrie {
    phrases: crate::text::phrases::Phrases,
    names: Vec<Box<str>>,
}

/// The problems found while resolving one page's links, as they were
/// found (without the hints `suggest_names` adds); `unknown` holds the
/// index in `diagnostics` and the name of each unknown link. Kept in
/// the site for the next rebuild (see `links::Earlier`).
#[derive(Clone, Default)]
struct LinksFound {
    diagnostics: Vec<Diagnostic>,
    unknown: Vec<(usize, String)>,
    /// True when a link of the page leads where it does for more than
    /// the name keys it uses: a link to a file or an attachment, or a
    /// name its key did not find. The page is then resolved again on
    /// every rebuild.
    open: bool,
}

/// What a build's source check keeps for the next one: enough to tell
/// that the table would come out the same, and each page's outcome.
#[derive(Clone, Default)]
struct SourceMemo {
    /// The registry as read; compared by value, as where a source was
    /// written changes nothing in the table.
    registry: Vec<Arc<Source>>,
    /// The table indexes of the sources every page defines, in the
    /// order it defines them; each page's a range of it.
    local: Vec<u32>,
    ranges: Vec<Range<u32>>,
    /// Per page: what its check found.
    marks: Vec<SourceMark>,
}

/// What one page's check found: only `uncited-source` warnings, for the
/// entries of its `sources:` whose bits are set, or more, so a rebuild
/// checks the page again.
#[derive(Clone, Copy)]
enum SourceMark {
    Uncited(u64),
    Recheck,
}

/// The whole dossier, linked. Per-page tables are indexed by `PageId`.
#[derive(Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub pages: Vec<Arc<Page>>,
    /// Per page, per body link (same order as `body.links`). Shared with
    /// the last build where a rebuild lends a page its links.
    pub links: Vec<Arc<[Resolved]>>,
    /// Per page: the pages linking to it (filled last, from `links`).
    /// Shared: a rebuild takes the last build's list of each page no
    /// changed sentence links to.
    pub backlinks: Vec<Arc<[Backlink]>>,
    /// Per brief: the topics and actors its front matter names; shared
    /// with the last build when a rebuild keeps its names.
    pub topics_of: Vec<Arc<[PageId]>>,
    pub actors_of: Vec<Arc<[PageId]>>,
    /// Per topic or actor: the briefs whose front matter names it, newest
    /// first. This table and the next two are each shared whole with the
    /// last build when a rebuild would make them the same (see
    /// `build::shared_tables`).
    pub named_by: Arc<Vec<Vec<PageId>>>,
    /// Per brief: indexes into `timeline` of the events it records. Per
    /// topic or actor: of the events that involve it.
    pub events_of: Arc<Vec<Vec<usize>>>,
    /// Per topic or actor: topics that share briefs with it, with counts.
    pub related: Arc<Vec<Vec<(PageId, usize)>>>,
    pub timeline: Vec<Entry>,
    pub sources: Vec<SourceEntry>,
    /// Per page: indexes into `sources`, in citation-number order; shared
    /// with the last build when a rebuild keeps the page's check.
    pub source_lists: Vec<Arc<[usize]>>,
    /// Briefs, newest first.
    pub briefs_by_date: Vec<PageId>,
    /// Per page: its summary as a reader sees it (filled last, as it
    /// reads link labels).
    pub summaries: Vec<Arc<str>>,
    /// Every attachment under `content/`, in path order, each with
    /// whether a published page links to it (only those are published).
    pub attachments: Vec<(crate::content::attachments::Attachment, bool)>,
    /// Each attachment's index in `attachments`, by its URL.
    pub attachment_urls: crate::HashMap<String, usize>,
    /// Unlinked mentions, both ways (filled last, after the links).
    pub mentions: Mentions,
    /// Per page, what resolving its links found, when it found a problem
    /// or a link that depends on more than the name keys: kept for the
    /// next rebuild's link resolution (see `links::Earlier`).
    found: Vec<Option<Box<LinksFound>>>,
    /// What checking the sources found, kept for the next rebuild's (see
    /// `sources::collect_sources`).
    source_memo: SourceMemo,
}

impl Site {
    /// The pages of one kind, with their ids, in page order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = (PageId, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(move |(_, p)| p.kind == kind)
            .map(|(id, page)| (id, &**page))
    }

    /// The text of unlabelled wiki link `index` of page `id`: the name as
    /// written, unless it is a slug, which reads better as the target's
    /// title; a link to a heading of the same page (`[[#outlook]]`) shows
    /// the heading.
    pub fn link_label(&self, id: PageId, index: Option<usize>) -> String {
        let page = &self.pages[id];
        let Some(index) = index else {
            return String::new();
        };
        let written = match page.body.links.get(index).map(|l| &l.target) {
            Some(LinkTarget::Name { name, .. }) => name.as_str(),
            _ => return String::new(),
        };
        match self.links[id].get(index) {
            Some(Resolved::Page {
                id: target,
                anchor: Some(anchor),
            }) if written.is_empty() => heading_label(&self.pages[*target], anchor),
            Some(Resolved::Page { id: target, .. }) => {
                let key = page.body.links[index].key.as_str();
                page_label(&self.pages[*target], key, written)
            }
            _ => written.to_string(),
        }
    }

    /// Plain text from page `id` (a link context, its first paragraph) as
    /// a reader sees it: each unlabelled link's `\0N~\0` placeholder
    /// becomes its label, and a placeholder cut by shortening is dropped.
    pub fn plain(&self, id: PageId, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in placeholder::pieces(text) {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Label(index) => out.push_str(&self.link_label(id, index)),
                Piece::Link(_)
                | Piece::Card(_)
                | Piece::Embed(_)
                | Piece::After(_)
                | Piece::Grade(_) => {}
            }
        }
        out
    }

    /// The sentence around a backlink, as a reader sees it.
    pub fn context<'a>(&'a self, backlink: &'a Backlink) -> &'a Context {
        match &backlink.plain {
            Some(plain) => plain,
            None => &self.pages[backlink.from].body.links[backlink.link].context,
        }
    }

    /// Whether backlink `now` of this site shows the sentence backlink
    /// `was` of `last` showed: one shared with the last build (see
    /// `backlinks`) is, without a look at its text.
    pub fn same_context(&self, now: &Backlink, last: &Site, was: &Backlink) -> bool {
        let shared = match (&was.plain, &now.plain) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => {
                was.link == now.link && Arc::ptr_eq(&last.pages[was.from], &self.pages[now.from])
            }
            _ => false,
        };
        shared || last.context(was) == self.context(now)
    }

    /// The attachment published at `url` (`files/…`), if one is.
    pub fn attachment(&self, url: &str) -> Option<&crate::content::attachments::Attachment> {
        let index = *self.attachment_urls.get(url)?;
        self.attachments
            .get(index)
            .map(|(attachment, _)| attachment)
    }

    /// The one-sentence summary of page `id`: its front matter's, else its
    /// first paragraph as a reader sees it.
    pub fn summary(&self, id: PageId) -> &str {
        self.summaries.get(id).map_or("", |summary| summary)
    }
}

/// `items` as a list to share with later builds; an empty one as `empty`,
/// which every empty list shares, rather than a block of its own for each
/// of 100,000 pages.
fn shared<T>(items: Vec<T>, empty: &Arc<[T]>) -> Arc<[T]> {
    match items.is_empty() {
        true => empty.clone(),
        false => Arc::from(items),
    }
}

/// The label of a link to heading `anchor` of `target`: the heading's text.
fn heading_label(target: &Page, anchor: &str) -> String {
    let headings = &target.body.headings;
    headings
        .iter()
        .find(|h| h.id == *anchor)
        .map_or_else(|| anchor.to_string(), |h| h.text.clone())
}

/// The label of a link to `target` written as `written` (with key `key`):
/// written as the title or an alias, it is kept; as the slug (plain or
/// `kind/slug`), the title shows instead.
fn page_label(target: &Page, key: &str, written: &str) -> String {
    let is_slug = key == target.slug
        || key
            .split_once('/')
            .is_some_and(|(_, slug)| slug == target.slug);
    let by_name = !key.is_empty()
        && !is_slug
        && target
            .keys
            .binary_search_by(|k| k.as_str().cmp(key))
            .is_ok();
    if by_name {
        written.to_string()
    } else {
        target.title.clone()
    }
}
