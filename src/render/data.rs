//! What each template gets: the frame every page has (the site's values,
//! the navigation, where the page is), and then a page's view or the list
//! a list page shows. Templates receive these, never the model.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::markdown::page::Kind;
use crate::render::body::Content;
use crate::render::frontview::FrontPage;
use crate::render::graphview::GraphView;
use crate::render::pack::PackView;
use crate::render::views::{
    BacklinkGroup, BriefItem, ChangeView, CorrectionView, CountedLink, EntryView, HeadingView,
    HistoryView, Href, Iso, Language, LinkView, Shown, SourceView, YearView,
};

/// What every template gets besides its own data. `site` and `nav` are
/// the same on many pages: the renderer turns them into template values
/// once (see `Renderer::frame_values`), so they are not serialized here.
#[derive(Serialize, Hash)]
pub struct Frame<'a> {
    #[serde(skip)]
    pub site: SiteView<'a>,
    pub root: &'a str,
    /// The site's navigation as (title, folder) pairs; with `root` and
    /// `url` it says what each page's `nav` items are.
    #[serde(skip)]
    pub nav: &'a [(String, String)],
    pub title: &'a str,
    pub url: &'a str,
    pub canonical: String,
    pub home: Href<'a>,
    /// True when the binary was built with search: the theme then shows
    /// a search box and links to `/search/`.
    pub search: bool,
}

/// The data of a page template: `page`, and the front page's lists.
#[derive(Serialize, Hash)]
pub struct PageData<'a> {
    #[serde(flatten)]
    pub frame: Frame<'a>,
    pub page: PageView<'a>,
    #[serde(flatten)]
    pub front: Option<FrontPage<'a>>,
}

/// The data of a list template.
#[derive(Serialize, Hash)]
pub struct ListData<'a> {
    #[serde(flatten)]
    pub frame: Frame<'a>,
    #[serde(flatten)]
    pub lists: Lists<'a>,
}

/// The list a list template shows; each has one.
#[derive(Serialize, Hash, Default)]
pub struct Lists<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<CountedLink<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<Vec<YearView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<SourceView<'a>>>,
    /// The sourcing overview, on the first page of the source list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overview: Option<OverviewView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<ChangeView<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub graph: Option<GraphView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pack: Option<PackView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exports: Option<Vec<crate::render::exports::ExportView>>,
    /// Why the changes page is empty, when git history is unavailable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_note: Option<&'a str>,
    /// The pages of a split list; absent for a list on one page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<Vec<PartLink>>,
}

/// The sourcing overview as the first page of the source list shows it:
/// each group's first entries and how many are left out (`_more`).
#[derive(Serialize, Hash)]
pub struct OverviewView<'a> {
    pub single_source: Vec<LinkView<'a>>,
    pub single_source_more: usize,
    pub low_grade: Vec<LinkView<'a>>,
    pub low_grade_more: usize,
    pub one_brief: Vec<SourceLink<'a>>,
    pub one_brief_more: usize,
    pub never_cited: Vec<SourceLink<'a>>,
    pub never_cited_more: usize,
}

/// A link to a source's entry in the source list.
#[derive(Serialize, Hash)]
pub struct SourceLink<'a> {
    pub title: &'a str,
    pub href: String,
}

#[derive(Serialize, Hash)]
pub struct PartLink {
    pub title: String,
    pub href: String,
    pub count: usize,
    pub current: bool,
}

/// The site-wide values every template gets as `site`.
#[derive(Serialize, Hash)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// `rtl` when the site's language is written right to left, else `ltr`.
    pub dir: &'static str,
    pub base_url: &'a str,
    pub author: Option<&'a str>,
    pub list_limit: usize,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Hash)]
pub struct NavItem<'a> {
    pub title: &'a str,
    pub href: String,
    pub current: bool,
}

/// Everything a brief, topic, actor or other page's template gets as `page`.
#[derive(Serialize, Hash)]
pub struct PageView<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub slug: &'a str,
    /// `lang` and `dir` for the page's `<article>` (see [`Language`]).
    #[serde(flatten)]
    pub language: Language<'a>,
    pub href: Href<'a>,
    pub canonical: String,
    pub date: Option<Shown>,
    pub date_iso: Option<Iso>,
    pub updated: Option<Shown>,
    pub updated_iso: Option<Iso>,
    pub summary: &'a str,
    /// The lead printed above the body: a written `summary:` only, since a
    /// summary taken from the first paragraph is already the body's start.
    pub lead: &'a str,
    /// The body as HTML; empty on a part of a split topic or actor.
    #[serde(serialize_with = "empty_if_none")]
    pub content: Option<Content<'a>>,
    pub toc: Vec<HeadingView<'a>>,
    pub words: usize,
    pub reading_minutes: usize,
    pub aliases: Vec<&'a str>,
    pub role: Option<&'a str>,
    pub country: Option<&'a str>,
    pub actor_kind: Option<&'a str>,
    pub topics: Vec<LinkView<'a>>,
    pub actors: Vec<LinkView<'a>>,
    pub sources: Vec<SourceView<'a>>,
    /// A brief's sourcing summary: "4 sources · grades B2, C · 2019–2025".
    pub sourcing: Option<String>,
    pub events: Vec<EntryView<'a>>,
    /// How many events a topic's or actor's page has in all, listed
    /// here or on its parts.
    pub event_count: usize,
    pub backlinks: Vec<BacklinkGroup<'a>>,
    /// The pages naming this one without a link ("Also mentioned in"),
    /// the first [`MENTIONS_SHOWN`](super::pageview::MENTIONS_SHOWN) of them.
    pub mentioned_in: Vec<super::views::MentionView<'a>>,
    /// How many pages name this one without a link, shown or not.
    pub mentioned_total: usize,
    pub briefs: Vec<BriefItem<'a>>,
    /// How many briefs name a topic or actor in all, listed here or on
    /// its parts.
    pub brief_count: usize,
    /// On a part of a split topic or actor (see `lists::term`): which,
    /// as "2024" or "2024, page 2".
    pub part: Option<String>,
    /// The parts of a split topic or actor, on its page and each part;
    /// absent for a page that lists everything itself.
    pub parts: Option<Vec<PartLink>>,
    pub related: Vec<CountedLink<'a>>,
    pub history: Option<HistoryView<'a>>,
    pub corrections: Vec<CorrectionView<'a>>,
    /// A topic's or actor's neighbours as inline SVG (see `graphview`).
    pub local_graph: Option<String>,
    /// True for a topic with a briefing pack (see [`crate::render::pack::has_pack`]).
    pub has_pack: bool,
    pub extra: &'a BTreeMap<String, serde_json::Value>,
}

/// A page's body, or an empty string where the view has none: templates
/// read `page.content` as a string on every page.
fn empty_if_none<S: serde::Serializer>(
    content: &Option<Content<'_>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match content {
        Some(content) => content.serialize(serializer),
        None => serializer.serialize_str(""),
    }
}

/// Template data of one job.
#[derive(Hash)]
pub enum Data<'a> {
    Page(Box<PageData<'a>>),
    List(Box<ListData<'a>>),
}
