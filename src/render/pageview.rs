//! A page's view: everything a brief, topic, actor or other page's
//! template gets as `page` (its body, table of contents, links, sources,
//! events, backlinks, history).

use crate::content::history::{Commit, History, PageHistory};
use crate::markdown::page::Kind;
use crate::render::body::Content;
use crate::render::data::{PageView, PartLink};
use crate::render::graphview::{self, Layouts};
use crate::render::lists::{Part, TermPart};
use crate::render::listview;
use crate::render::pack;
use crate::render::views::{
    BacklinkGroup, BacklinkView, BriefItem, CorrectionView, CountedLink, EntryView, HeadingView,
    HistoryView, Href, Iso, Language, LinkView, MentionView, RevisionView, Shown, SourceView,
};
use crate::site::{Backlink, PageId, Site};

/// How many of the briefs a topic or actor page lists show their summary,
/// and how many the page of a split topic or actor lists.
const SUMMARIES_LISTED: usize = 25;

/// What of a topic's or actor's lists a view holds (see
/// [`crate::render::lists::term`]).
#[derive(Clone, Copy)]
pub enum Scope<'p> {
    /// The whole page, every list in full.
    Whole,
    /// The page of a topic or actor split into parts: its newest briefs
    /// and the links to the parts.
    Overview(&'p [TermPart]),
    /// Part `.1` of a split topic or actor: that part's briefs and events
    /// alone, under the page's heading.
    Part(&'p [TermPart], usize),
}

/// The view of page `id`, rendered at `root`, holding what `scope` says;
/// a topic's or actor's local graph is laid out afresh unless `layouts`
/// holds it.
pub fn page_view<'v>(
    site: &'v Site,
    history: &'v History,
    layouts: Option<&Layouts>,
    (id, scope): (PageId, Scope),
    root: &'v str,
) -> PageView<'v> {
    if let Scope::Part(parts, i) = scope {
        return part_view(site, id, (parts, i), root);
    }
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
        date: front.date.map(Shown),
        date_iso: front.date.map(Iso),
        updated: updated.map(Shown),
        updated_iso: updated.map(Iso),
        lead: front.summary.as_deref().unwrap_or_default(),
        content: Some(Content { site, id, root }),
        toc: headings
            .map(|h| HeadingView {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect(),
        words: page.body.words,
        reading_minutes: page.body.words.div_ceil(220).max(1),
        topics: links(&site.topics_of[id]),
        actors: links(&site.actors_of[id]),
        sources: sources
            .map(|(n, &s)| SourceView::of(n + 1, &site.sources[s], root))
            .collect(),
        sourcing: crate::site::sourcing::summary(site, id),
        events: match scope {
            Scope::Overview(_) => Vec::new(),
            _ => events(site, id, root, 0..site.events_of[id].len()),
        },
        backlinks: backlinks(site, &site.backlinks[id], root),
        mentioned_in: mentioned_in(site, id, root),
        mentioned_total: site.mentions.by[id].len(),
        briefs: match scope {
            Scope::Overview(_) => briefs_naming(site, id, root, 0..SUMMARIES_LISTED),
            _ => briefs_naming(site, id, root, 0..site.named_by[id].len()),
        },
        parts: match scope {
            Scope::Overview(parts) => part_links(site, id, parts, None, root),
            _ => None,
        },
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
        ..base(site, id, root)
    }
}

/// Part `i` of split topic or actor `id`: its heading, the links to the
/// other parts, and the part's briefs (without summaries) and events.
fn part_view<'v>(
    site: &'v Site,
    id: PageId,
    (parts, i): (&[TermPart], usize),
    root: &'v str,
) -> PageView<'v> {
    let TermPart { briefs, events, .. } = &parts[i];
    let no_summary = |&b: &PageId| BriefItem {
        summary: "",
        ..BriefItem::of(site, b, root)
    };
    PageView {
        briefs: site.named_by[id][briefs.clone()]
            .iter()
            .map(no_summary)
            .collect(),
        events: self::events(site, id, root, events.clone()),
        ..part_head(site, id, (parts, i), root)
    }
}

/// Part `i` of split topic or actor `id` without its briefs and events:
/// everything else it shows, which with the rows it lists makes its
/// fingerprint (see `Renderer::term_key`).
pub fn part_head<'v>(
    site: &'v Site,
    id: PageId,
    (parts, i): (&[TermPart], usize),
    root: &'v str,
) -> PageView<'v> {
    let base = base(site, id, root);
    let part = parts[i].part;
    PageView {
        canonical: format!("{}{}", base.canonical, part.folder()),
        part: Some(part.title()),
        parts: part_links(site, id, parts, Some(part), root),
        ..base
    }
}

/// What every view of page `id` holds: who it is (title, address,
/// language, what its front matter says of it) and its counts, with every
/// list empty; [`page_view`] and [`part_head`] fill in what they show.
fn base<'v>(site: &'v Site, id: PageId, root: &'v str) -> PageView<'v> {
    let page = &site.pages[id];
    let front = &page.front;
    PageView {
        kind: page.kind,
        title: &page.title,
        slug: &page.slug,
        language: Language::of(site, id),
        href: Href::to(site, id, root),
        canonical: format!("{}{}", site.config.base_url, page.url),
        date: None,
        date_iso: None,
        updated: None,
        updated_iso: None,
        summary: site.summary(id),
        lead: "",
        content: None,
        toc: Vec::new(),
        words: 0,
        reading_minutes: 0,
        aliases: front.aliases.iter().map(|(a, _)| a.as_str()).collect(),
        role: front.role.as_deref(),
        country: front.country.as_deref(),
        actor_kind: front.kind.as_deref(),
        topics: Vec::new(),
        actors: Vec::new(),
        sources: Vec::new(),
        sourcing: None,
        events: Vec::new(),
        event_count: site.events_of[id].len(),
        backlinks: Vec::new(),
        mentioned_in: Vec::new(),
        mentioned_total: 0,
        briefs: Vec::new(),
        brief_count: site.named_by[id].len(),
        part: None,
        parts: None,
        related: Vec::new(),
        corrections: Vec::new(),
        history: None,
        local_graph: None,
        has_pack: false,
        extra: &front.extra,
    }
}

/// The links to the parts of split topic or actor `id`, with how many
/// briefs and events each lists; `current` is the part shown.
fn part_links(
    site: &Site,
    id: PageId,
    parts: &[TermPart],
    current: Option<Part>,
    root: &str,
) -> Option<Vec<PartLink>> {
    let counts = parts.iter().map(|p| (p.part, p.count()));
    let current = current.unwrap_or(Part::Overview);
    listview::parts(root, &site.pages[id].url, counts, current)
}

/// The briefs naming a topic or actor, newest first, those of `range` in
/// that order; past the newest few, without their summaries, so a topic
/// named by a thousand briefs stays a page one can scan.
fn briefs_naming<'v>(
    site: &'v Site,
    id: PageId,
    root: &'v str,
    range: std::ops::Range<usize>,
) -> Vec<BriefItem<'v>> {
    let all = &site.named_by[id];
    let range = range.start.min(all.len())..range.end.min(all.len());
    all[range]
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

/// A brief's own events; a topic's or actor's events from all briefs;
/// those of `range` in that order.
fn events<'v>(
    site: &'v Site,
    id: PageId,
    root: &'v str,
    range: std::ops::Range<usize>,
) -> Vec<EntryView<'v>> {
    site.events_of[id][range]
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
