//! The pieces of template data every page is made of (links, list items,
//! sources, timeline entries, history) and how each is built from the
//! site for a page at `root`. Every internal URL in them is relative to
//! the page they are rendered on.

use serde::Serialize;

use crate::content::frontmatter::sources::{Archive, Credibility, Reliability};
use crate::markdown::citations::source_anchor;
use crate::markdown::page::Kind;
use crate::site::{Entry, PageId, Site, SourceEntry};
use crate::text::date::PartialDate;
use crate::text::media::{size_label, type_label};

/// A link to a page from the page being rendered: written out as
/// `root` + the page's folder + `index.html` only when a template needs it,
/// so fingerprinting a page's data allocates nothing for its links.
#[derive(Hash, Clone, Copy)]
pub struct Href<'a> {
    pub root: &'a str,
    pub url: &'a str,
}

impl Serialize for Href<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Joined by hand: a topic's page has thousands of links, and
        // `collect_str` would take each through `core::fmt`.
        const FILE: &str = "index.html";
        let mut href = String::with_capacity(self.root.len() + self.url.len() + FILE.len());
        for part in [self.root, self.url, FILE] {
            href.push_str(part);
        }
        serializer.serialize_str(&href)
    }
}

/// The `lang` and `dir` of a page's content: its language when it is not
/// the site's, with that language's direction; and `rtl` whenever the
/// content is right to left, so it never depends on the page around it.
#[derive(Serialize, Hash, Clone, Copy, Default)]
pub struct Language<'a> {
    pub lang: Option<&'a str>,
    pub dir: Option<&'static str>,
}

impl<'a> Language<'a> {
    pub fn of(site: &'a Site, id: PageId) -> Self {
        use crate::text::lang::{Dir, direction};
        let site_language = site.config.language.as_str();
        let own = site.pages[id].front.language.as_deref();
        let lang = own.filter(|tag| !tag.eq_ignore_ascii_case(site_language));
        let dir = direction(own.unwrap_or(site_language));
        let dir = (lang.is_some() || dir == Dir::Rtl).then_some(dir.as_str());
        Language { lang, dir }
    }
}

/// A date as a person reads it: "17 July 2023".
#[derive(Hash, Clone, Copy)]
pub struct Shown(pub PartialDate);

impl Serialize for Shown {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A date in ISO 8601 at its own precision: "2023-07-17", "2023-07".
#[derive(Hash, Clone, Copy)]
pub struct Iso(pub PartialDate);

impl Serialize for Iso {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.iso())
    }
}

#[derive(Serialize, Hash)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub href: Href<'a>,
}

#[derive(Serialize, Hash)]
pub struct BriefItem<'a> {
    pub title: &'a str,
    pub href: Href<'a>,
    pub date: Option<Shown>,
    pub date_iso: Option<Iso>,
    pub summary: &'a str,
}

#[derive(Serialize, Hash)]
pub struct CountedLink<'a> {
    pub title: &'a str,
    pub href: Href<'a>,
    pub count: usize,
    pub summary: &'a str,
}

#[derive(Serialize, Hash)]
pub struct BacklinkView<'a> {
    pub title: &'a str,
    pub href: Href<'a>,
    pub before: &'a str,
    pub text: &'a str,
    pub after: &'a str,
}

/// A page that names this one without a link, with the sentence; the
/// sentence is borrowed unless it held an unlabelled link's placeholder.
#[derive(Serialize, Hash)]
pub struct MentionView<'a> {
    pub title: &'a str,
    pub href: Href<'a>,
    pub before: std::borrow::Cow<'a, str>,
    pub text: std::borrow::Cow<'a, str>,
    pub after: std::borrow::Cow<'a, str>,
}

#[derive(Serialize, Hash)]
pub struct BacklinkGroup<'a> {
    pub kind: Kind,
    pub label: &'static str,
    pub items: Vec<BacklinkView<'a>>,
}

#[derive(Serialize, Hash)]
pub struct SourceView<'a> {
    pub number: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a str>,
    pub anchor: String,
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub url: Option<&'a str>,
    pub date: Option<Shown>,
    pub reliability: Option<&'static str>,
    pub reliability_label: Option<&'static str>,
    /// The second half of a two-part grade, `2` of `B2`.
    pub credibility: Option<&'static str>,
    pub credibility_label: Option<&'static str>,
    pub note: Option<&'a str>,
    pub cited_by: Vec<LinkView<'a>>,
    /// The archived copy: `href`, whether it is another site's
    /// (`external`), and for a local file its `label`, "PDF, 1.2 MB".
    pub archive: Option<ArchiveView<'a>>,
    /// When the source was read: "3 March 2025".
    pub accessed: Option<Shown>,
}

#[derive(Serialize, Hash)]
pub struct ArchiveView<'a> {
    pub href: std::borrow::Cow<'a, str>,
    pub external: bool,
    pub label: Option<String>,
}

impl<'a> ArchiveView<'a> {
    /// The archived copy of `entry`, linked from a page at `root`.
    fn of(entry: &'a SourceEntry, root: &str) -> Option<Self> {
        if let Some(file) = &entry.archive_file {
            let ext = file.url.rsplit_once('.').map_or("", |(_, ext)| ext);
            let ext = if ext.contains('/') { "" } else { ext };
            let label = format!("{}, {}", type_label(ext), size_label(file.bytes));
            return Some(ArchiveView {
                href: format!("{root}{}", file.url).into(),
                external: false,
                label: Some(label),
            });
        }
        match entry.source.archive.as_deref() {
            Some(Archive::Url(url)) => Some(ArchiveView {
                href: url.as_str().into(),
                external: true,
                label: None,
            }),
            _ => None,
        }
    }
}

#[derive(Serialize, Hash)]
pub struct EntryView<'a> {
    pub date: Shown,
    pub date_iso: Iso,
    pub title: &'a str,
    pub href: Href<'a>,
    pub is_event: bool,
    pub brief: &'a str,
    pub actors: Vec<LinkView<'a>>,
}

#[derive(Serialize, Hash)]
pub struct YearView<'a> {
    pub year: i16,
    /// How many entries the year has, shown or not.
    pub count: usize,
    pub entries: Vec<EntryView<'a>>,
}

/// A page's history from git: when it was first and last committed, and
/// every commit, newest first.
#[derive(Serialize, Hash)]
pub struct HistoryView<'a> {
    pub first: Option<Shown>,
    pub first_iso: Option<Iso>,
    pub last: Option<Shown>,
    pub last_iso: Option<Iso>,
    pub revisions: Vec<RevisionView<'a>>,
    /// The file has edits not yet committed (only under `serve`).
    pub uncommitted: bool,
}

#[derive(Serialize, Hash)]
pub struct RevisionView<'a> {
    pub hash: &'a str,
    pub date: Shown,
    pub date_iso: Iso,
    pub author: &'a str,
    pub subject: &'a str,
    pub corrections: &'a [String],
}

/// A correction made to a page: a `Correction:` trailer of a commit that
/// touched it.
#[derive(Serialize, Hash)]
pub struct CorrectionView<'a> {
    pub text: &'a str,
    pub date: Shown,
    pub date_iso: Iso,
    pub hash: &'a str,
}

/// A commit on the changes page, with the pages it touched.
#[derive(Serialize, Hash)]
pub struct ChangeView<'a> {
    pub hash: &'a str,
    pub date: Shown,
    pub date_iso: Iso,
    pub author: &'a str,
    pub subject: &'a str,
    pub corrections: &'a [String],
    pub pages: Vec<LinkView<'a>>,
}

#[derive(Serialize, Hash)]
pub struct HeadingView<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

impl<'a> Href<'a> {
    /// The link to page `id` from a page at `root`.
    pub fn to(site: &'a Site, id: PageId, root: &'a str) -> Self {
        Href {
            root,
            url: &site.pages[id].url,
        }
    }
}

impl<'a> LinkView<'a> {
    /// A link to page `id`, named by its title.
    pub fn to(site: &'a Site, id: PageId, root: &'a str) -> Self {
        // Only the front page may have no title; it is the site's page.
        let title = match site.pages[id].title.as_str() {
            "" => &site.config.title,
            title => title,
        };
        LinkView {
            title,
            href: Href::to(site, id, root),
        }
    }
}

impl<'a> CountedLink<'a> {
    /// A link to topic or actor `id`, with how many briefs name it.
    pub fn to(site: &'a Site, id: PageId, root: &'a str) -> Self {
        CountedLink {
            title: &site.pages[id].title,
            href: Href::to(site, id, root),
            count: site.named_by[id].len(),
            summary: site.summary(id),
        }
    }

    /// All topics (or actors) with how many briefs name them, by title.
    pub fn all(site: &'a Site, kind: Kind, root: &'a str) -> Vec<Self> {
        let mut items: Vec<CountedLink> = site
            .of_kind(kind)
            .map(|(id, _)| CountedLink::to(site, id, root))
            .collect();
        items.sort_by_cached_key(|item| item.title.to_lowercase());
        items
    }
}

impl<'a> BriefItem<'a> {
    /// Brief `id` in a list of briefs: its title, date and summary.
    pub fn of(site: &'a Site, id: PageId, root: &'a str) -> Self {
        let page = &site.pages[id];
        BriefItem {
            title: &page.title,
            href: Href::to(site, id, root),
            date: page.front.date.map(Shown),
            date_iso: page.front.date.map(Iso),
            summary: site.summary(id),
        }
    }
}

impl<'a> SourceView<'a> {
    /// Source `entry` as number `number` of a page's sources, on a page
    /// at `root`.
    pub fn of(number: usize, entry: &'a SourceEntry, root: &str) -> Self {
        let s = &entry.source;
        SourceView {
            number,
            id: Some(&s.id),
            anchor: source_anchor(&s.id),
            title: s.title.as_deref(),
            author: s.author.as_deref(),
            publisher: s.publisher.as_deref(),
            url: s.url.as_deref(),
            date: s.date.map(Shown),
            reliability: s.reliability.map(Reliability::letter),
            reliability_label: s.reliability.map(Reliability::label),
            credibility: s.credibility.map(Credibility::digit),
            credibility_label: s.credibility.map(Credibility::label),
            note: s.note.as_deref(),
            cited_by: Vec::new(),
            archive: ArchiveView::of(entry, root),
            accessed: s.accessed.map(Shown),
        }
    }

    /// Source `entry` on the source list, with the pages that cite it.
    pub fn cited(site: &'a Site, number: usize, entry: &'a SourceEntry, root: &'a str) -> Self {
        let citers = entry.cited_by.iter();
        SourceView {
            cited_by: citers.map(|&id| LinkView::to(site, id, root)).collect(),
            ..SourceView::of(number, entry, root)
        }
    }

    /// Source `entry` under brief `slug` in a briefing pack, where many
    /// briefs' sources share one page: its anchor is prefixed with the
    /// slug. Packs have never shown a source's id (an untitled source
    /// shows no name there), so it is left out.
    pub fn in_pack(number: usize, entry: &'a SourceEntry, slug: &str, root: &str) -> Self {
        let view = SourceView::of(number, entry, root);
        SourceView {
            id: None,
            anchor: format!("{slug}--{}", view.anchor),
            ..view
        }
    }
}

impl<'a> EntryView<'a> {
    /// A line of the timeline: a brief, or an event recorded in one.
    pub fn of(site: &'a Site, entry: &'a Entry, root: &'a str) -> Self {
        EntryView {
            date: Shown(entry.date),
            date_iso: Iso(entry.date),
            title: &entry.title,
            href: Href::to(site, entry.brief, root),
            is_event: entry.is_event,
            brief: &site.pages[entry.brief].title,
            actors: entry
                .actors
                .iter()
                .map(|&a| LinkView::to(site, a, root))
                .collect(),
        }
    }
}

/// The published pages by the path of their file, those `wanted` only.
pub fn pages_by_path(site: &Site, wanted: impl Fn(&str) -> bool) -> crate::HashMap<&str, PageId> {
    site.pages
        .iter()
        .enumerate()
        .filter_map(|(id, p)| Some((p.content_path.as_deref()?, id)))
        .filter(|(path, _)| wanted(path))
        .collect()
}

/// Links to the pages among `ids` whose files a commit touched (`paths`),
/// so a deleted or unpublished file has none.
pub fn touched<'v>(
    site: &'v Site,
    ids: &crate::HashMap<&str, PageId>,
    paths: &[String],
    root: &'v str,
) -> Vec<LinkView<'v>> {
    paths
        .iter()
        .filter_map(|path| ids.get(path.as_str()))
        .map(|&id| LinkView::to(site, id, root))
        .collect()
}
