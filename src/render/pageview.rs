//! A page's view: everything a brief, topic, actor or other page's
//! template gets as `page` (its body, table of contents, links, sources,
//! events, backlinks, history).

use crate::content::history::{Commit, History, PageHistory};
use crate::markdown::page::Kind;
use crate::render::body::Content;
use crate::render::data::PageView;
use crate::render::graphview::{self, Layouts};
use crate::render::pack;
use crate::render::views::{
    BacklinkGroup, BacklinkView, BriefItem, CorrectionView, CountedLink, EntryView, HeadingView,
    HistoryView, Href, Iso, Language, LinkView, MentionView, RevisionView, Shown, SourceView,
};
use crate::site::{Backlink, PageId, Site};

/// How many of the briefs a topic or actor page lists show their summary.
const SUMMARIES_LISTED: usize = 25;
/// The view of page `id`, rendered at `root`; a topic's or actor's local
/// graph is laid out afresh unless `layouts` holds it.
pub fn page_view<'v>(
    site: &'v Site,
    history: &'v History,
    layouts: Option<&Layouts>,
    id: PageId,
    root: &'v str,
) -> PageView<'v> {
    let page = &site.pages[id];
    let front = &page.front;
    let headings = page.body.headings.iter().filter(|h| h.level <= 3);
    let sources = site.source_lists[id].iter().enumerate();
    let history = page
        .content_path
        .as_deref()
        .and_then(|path| history.page(path));
    // Front matter `updated:` wins over the last commit.
    let updated = front
        .updated
        .or_else(|| history.as_ref()?.revisions.first().map(|c| c.date));
    let links = |ids: &'v [PageId]| ids.iter().map(|&t| LinkView::to(site, t, root)).collect();
    PageView {
        kind: page.kind,
        title: &page.title,
        slug: &page.slug,
        language: Language::of(site, id),
        href: Href::to(site, id, root),
        canonical: format!("{}{}", site.config.base_url, page.url),
        date: front.date.map(Shown),
        date_iso: front.date.map(Iso),
        updated: updated.map(Shown),
        updated_iso: updated.map(Iso),
        summary: site.summary(id),
        lead: front.summary.as_deref().unwrap_or_default(),
        content: Content { site, id, root },
        toc: headings
            .map(|h| HeadingView {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect(),
        words: page.body.words,
        reading_minutes: page.body.words.div_ceil(220).max(1),
        aliases: front.aliases.iter().map(|(a, _)| a.as_str()).collect(),
        role: front.role.as_deref(),
        country: front.country.as_deref(),
        actor_kind: front.kind.as_deref(),
        topics: links(&site.topics_of[id]),
        actors: links(&site.actors_of[id]),
        sources: sources
            .map(|(n, &s)| SourceView::of(n + 1, &site.sources[s], root))
            .collect(),
        sourcing: crate::site::sourcing::summary(site, id),
        events: events(site, id, root),
        backlinks: backlinks(site, &site.backlinks[id], root),
        mentioned_in: mentioned_in(site, id, root),
        mentioned_total: site.mentions.by[id].len(),
        briefs: briefs_naming(site, id, root),
        related: site.related[id]
            .iter()
            .map(|&(t, count)| CountedLink {
                count,
                ..CountedLink::to(site, t, root)
            })
            .collect(),
        corrections: history.as_ref().map_or_else(Vec::new, corrections),
        history: history.map(history_view),
        local_graph: matches!(page.kind, Kind::Brief | Kind::Topic | Kind::Actor)
            .then(|| graphview::local_svg(site, id, root, layouts))
            .flatten(),
        has_pack: page.kind == Kind::Topic && pack::has_pack(site, id),
        extra: &front.extra,
    }
}

/// The briefs naming a topic or actor, newest first; past the newest
/// few, without their summaries, so a topic named by a thousand briefs
/// stays a page one can scan.
fn briefs_naming<'v>(site: &'v Site, id: PageId, root: &'v str) -> Vec<BriefItem<'v>> {
    site.named_by[id]
        .iter()
        .enumerate()
        .map(|(n, &b)| BriefItem {
            summary: if n < SUMMARIES_LISTED {
                site.summary(b)
            } else {
                ""
            },
            ..BriefItem::of(site, b, root)
        })
        .collect()
}

/// The pages linking here, grouped by their kind, with the words around
/// each link.
fn backlinks<'v>(
    site: &'v Site,
    backlinks: &'v [Backlink],
    root: &'v str,
) -> Vec<BacklinkGroup<'v>> {
    let groups = [
        (Kind::Brief, "Briefs"),
        (Kind::Topic, "Topics"),
        (Kind::Actor, "Actors"),
        (Kind::Page, "Pages"),
        (Kind::Home, "Front page"),
    ];
    let items = |kind: Kind| -> Vec<BacklinkView<'v>> {
        let of_kind = backlinks.iter().filter(|b| site.pages[b.from].kind == kind);
        of_kind
            .map(|b| {
                let link = LinkView::to(site, b.from, root);
                let context = site.context(b);
                BacklinkView {
                    title: link.title,
                    href: link.href,
                    before: context.before(),
                    text: context.text(),
                    after: context.after(),
                }
            })
            .collect()
    };
    groups
        .iter()
        .map(|&(kind, label)| BacklinkGroup {
            kind,
            label,
            items: items(kind),
        })
        .filter(|group| !group.items.is_empty())
        .collect()
}

/// How many unlinked mentions a page lists. They are for an editor to turn
/// into links, a few at a time; a name common in a large dossier could
/// otherwise fill a page with thousands of sentences (`check` lists all).
pub const MENTIONS_SHOWN: usize = 100;

/// The first [`MENTIONS_SHOWN`] pages naming page `id` without a link, in
/// page order, each with the sentence as a reader sees it.
fn mentioned_in<'v>(site: &'v Site, id: PageId, root: &'v str) -> Vec<MentionView<'v>> {
    let plain = |from: PageId, text: &'v str| {
        if crate::markdown::placeholder::any_in(text) {
            std::borrow::Cow::Owned(site.plain(from, text))
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    };
    site.mentions.by[id]
        .iter()
        .take(MENTIONS_SHOWN)
        .map(|&(from, n)| {
            let link = LinkView::to(site, from, root);
            let context = &site.mentions.of[from][n].context;
            MentionView {
                title: link.title,
                href: link.href,
                before: plain(from, context.before()),
                text: plain(from, context.text()),
                after: plain(from, context.after()),
            }
        })
        .collect()
}

/// A brief's own events; a topic's or actor's events from all briefs.
fn events<'v>(site: &'v Site, id: PageId, root: &'v str) -> Vec<EntryView<'v>> {
    site.events_of[id]
        .iter()
        .map(|&i| EntryView::of(site, &site.timeline[i], root))
        .collect()
}

fn history_view(history: PageHistory<'_>) -> HistoryView<'_> {
    let date = |c: Option<&&Commit>| c.map(|c| c.date);
    let (first, last) = (
        date(history.revisions.last()),
        date(history.revisions.first()),
    );
    HistoryView {
        first: first.map(Shown),
        first_iso: first.map(Iso),
        last: last.map(Shown),
        last_iso: last.map(Iso),
        revisions: history
            .revisions
            .iter()
            .map(|c| RevisionView {
                hash: &c.short,
                date: Shown(c.date),
                date_iso: Iso(c.date),
                author: &c.author,
                subject: &c.subject,
                corrections: &c.corrections,
            })
            .collect(),
        uncommitted: history.uncommitted,
    }
}

/// Every correction made to a page, newest first.
fn corrections<'a>(history: &PageHistory<'a>) -> Vec<CorrectionView<'a>> {
    let each = history.revisions.iter().flat_map(|c| {
        c.corrections.iter().map(|text| CorrectionView {
            text,
            date: Shown(c.date),
            date_iso: Iso(c.date),
            hash: &c.short,
        })
    });
    each.collect()
}
