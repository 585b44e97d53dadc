//! Building the `Site`: the stage's steps in the order they must run,
//! each done by its own module. Names come first, as the pages they imply
//! join the page list every later table is indexed by; summaries and
//! backlinks come last, as they read link labels, which need every link
//! resolved.

use std::sync::Arc;

use super::Mentions;
use super::backlinks::backlinks;
use super::collisions::{check_aliases, check_duplicate_urls};
use super::files::{FileIndex, Files, archive_files};
use super::links::{Earlier, resolve_links};
use super::names::NameIndex;
use super::sources::{Collected, collect_sources};
use super::summaries::{forget_first_paragraphs, summaries};
use super::taxonomy::{
    Names, named_by, named_by_from, names_as_before, newest_first, related, resolve_names,
};
use super::timeline::{
    briefs_by_date, briefs_by_date_from, events_of, timeline, timeline_as_before, undated,
};
use super::{Entry, PageId, Resolved, Site, SourceEntry};
use crate::content::attachments::Attachment;
use crate::content::config::SiteConfig;
use crate::content::frontmatter::sources::Source;
use crate::diagnostic::Diagnostic;
use crate::markdown::page::{Kind, Page};

impl Site {
    /// Links the parsed pages into a site. `drafts` are pages left out of
    /// this build: links to them are reported and shown as unpublished
    /// text. `registry` is `content/sources.yaml`'s sources. `last`, the
    /// site of the last build, only saves work (see `links` and
    /// `mentions`): the site is the same with it or without.
    pub fn build(
        config: SiteConfig,
        mut pages: Vec<Arc<Page>>,
        drafts: &[Arc<Page>],
        registry: Vec<Source>,
        files: Files,
        last: Option<&Site>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Site {
        let last_pages = last.map_or(&[][..], |last| &last.pages[..]);
        check_duplicate_urls(&pages, last_pages, diagnostics);
        let kept = last.and_then(|last| {
            names_as_before(&mut pages, &last.pages, (&last.topics_of, &last.actors_of))
        });
        let names_kept = kept.is_some();
        let (topics_of, actors_of) = match kept {
            Some(kept) => kept,
            None => resolve_names(&mut pages, last_pages),
        };
        // Sources depend on nothing the names and links resolve, so they
        // are collected on one core while the links are resolved on the
        // other.
        let mut source_problems = Vec::new();
        let uncited = config.warn_uncited;
        let (collected, ((links, found), (timeline, timeline_kept), index)) = rayon::join(
            || collect_sources(&pages, registry, last, uncited, &mut source_problems),
            || {
                check_aliases(&pages, diagnostics);
                let names = NameIndex::new(&pages, drafts);
                let index = FileIndex::new(&pages, &files);
                diagnostics.extend(crate::content::attachments::duplicates(&files.attachments));
                let earlier = last.and_then(|last| Earlier::new(last, &pages));
                let links = resolve_links(&pages, (&names, &index), earlier.as_ref(), diagnostics);
                let kept = (last.filter(|_| names_kept))
                    .and_then(|last| timeline_as_before(&pages, (&last.pages, &last.timeline)));
                let timeline_kept = kept.is_some();
                let timeline = kept.unwrap_or_else(|| timeline(&pages, &actors_of, &names));
                (links, (timeline, timeline_kept), index)
            },
        );
        let Collected {
            entries: mut sources,
            lists: source_lists,
            memo: source_memo,
        } = collected;
        diagnostics.extend(source_problems);
        diagnostics.extend(undated(&pages, &timeline));
        archive_files(&mut sources, &index, diagnostics);
        let attachments = linked_attachments(files.attachments, &links, &sources);
        let attachment_urls = attachments
            .iter()
            .enumerate()
            .map(|(index, (a, _))| (a.url.clone(), index))
            .collect();
        let names = (&topics_of[..], &actors_of[..]);
        let same = Same {
            last: last.filter(|_| names_kept),
            timeline: timeline_kept,
        };
        let (named_by, related, briefs_by_date, events_of) =
            shared_tables(&pages, names, &timeline, same);
        let mut site = Site {
            config,
            pages,
            links,
            backlinks: Vec::new(),
            topics_of,
            actors_of,
            named_by,
            events_of,
            related,
            timeline,
            sources,
            source_lists,
            source_memo,
            briefs_by_date,
            summaries: Vec::new(),
            attachments,
            attachment_urls,
            mentions: Mentions::default(),
            found,
        };
        // Every link is resolved: what reads their labels can be filled.
        site.summaries = summaries(&site, last);
        forget_first_paragraphs(&mut site.pages);
        site.backlinks = backlinks(&site, last);
        site.mentions = Mentions::find(&site, last);
        site
    }
}

/// What a rebuild shares with the last build: `last` when it keeps the
/// last build's names (`taxonomy::names_as_before`), and whether it kept
/// its timeline too.
#[derive(Clone, Copy)]
struct Same<'a> {
    last: Option<&'a Site>,
    timeline: bool,
}

/// What [`shared_tables`] gives: `named_by`, `related`, `briefs_by_date`
/// and `events_of`, as `Site` holds them.
type Tables = (
    Arc<Vec<Vec<PageId>>>,
    Arc<Vec<Vec<(PageId, usize)>>>,
    Vec<PageId>,
    Arc<Vec<Vec<usize>>>,
);

/// Per topic or actor, the briefs that name it (newest first) and the
/// topics related to it; the briefs by date; per page, its events.
///
/// A rebuild that keeps the last build's names shares each of the three
/// tables with it when what it reads is the same: the briefs naming a
/// page when the briefs' order by date is the same; the related topics
/// when every topic and actor keeps its title (ties are ordered by
/// title); the events when the timeline was kept, its entries' places,
/// briefs and actors being the last build's. A retitled brief then makes
/// none of them again.
fn shared_tables(
    pages: &[Arc<Page>],
    (topics_of, actors_of): (&[Names], &[Names]),
    timeline: &[Entry],
    same: Same,
) -> Tables {
    let last = same.last;
    // One core takes the events while the other takes the rest.
    let ((named_by, related, by_date), events_of) = rayon::join(
        || {
            let kept_related = last.filter(|last| same_term_titles(pages, &last.pages));
            let ((related, raw), by_date) = rayon::join(
                || match kept_related {
                    Some(last) => (last.related.clone(), None),
                    None => {
                        let raw = named_by(pages, topics_of, actors_of);
                        (Arc::new(related(pages, topics_of, &raw)), Some(raw))
                    }
                },
                || {
                    let last = last.map(|last| (&last.pages[..], &last.briefs_by_date[..]));
                    last.and_then(|last| briefs_by_date_from(pages, last))
                        .unwrap_or_else(|| briefs_by_date(pages))
                },
            );
            let named_by = match last {
                Some(last) if last.briefs_by_date == by_date => last.named_by.clone(),
                Some(last) => {
                    let last = (&last.pages[..], &last.named_by[..]);
                    Arc::new(named_by_from(last, pages, (topics_of, actors_of), &by_date))
                }
                None => {
                    let raw = raw.unwrap_or_else(|| named_by(pages, topics_of, actors_of));
                    Arc::new(newest_first(raw, &by_date))
                }
            };
            (named_by, related, by_date)
        },
        || match last.filter(|_| same.timeline) {
            Some(last) => last.events_of.clone(),
            None => Arc::new(events_of(pages, timeline, topics_of)),
        },
    );
    (named_by, related, by_date, events_of)
}

/// Whether every topic and actor of `pages` has the title it had in
/// `last`, the pages being the same kinds in the same places.
fn same_term_titles(pages: &[Arc<Page>], last: &[Arc<Page>]) -> bool {
    pages.len() == last.len()
        && (pages.iter().zip(last)).all(|(now, then)| {
            Arc::ptr_eq(now, then)
                || !matches!(now.kind, Kind::Topic | Kind::Actor)
                || (now.kind == then.kind && now.title == then.title)
        })
}

/// Each attachment with whether a published page's link or image leads
/// to it, or a source a published page cites keeps it as its archived
/// copy: one nothing published names stays private.
fn linked_attachments(
    attachments: Vec<Attachment>,
    links: &[Arc<[Resolved]>],
    sources: &[SourceEntry],
) -> Vec<(Attachment, bool)> {
    let linked = links.iter().flat_map(|links| links.iter());
    let linked = linked.filter_map(|resolved| match resolved {
        Resolved::Url { path, .. } => Some(path.as_str()),
        _ => None,
    });
    let archived = sources
        .iter()
        .filter(|entry| !entry.cited_by.is_empty())
        .filter_map(|entry| Some(entry.archive_file.as_ref()?.url.as_str()));
    let published: crate::HashSet<&str> = linked.chain(archived).collect();
    attachments
        .into_iter()
        .map(|a| {
            let published = published.contains(a.url.as_str());
            (a, published)
        })
        .collect()
}
