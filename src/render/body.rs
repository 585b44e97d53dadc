//! A page's body as a page shows it: the HTML the markdown stage made,
//! with every link and local image placeholder filled in relative to the
//! showing page's root (so it is right under `file://` and a sub-path), so one body serves its own page, packs and the search index;
//! and `Content`, a body as a page template gets it, written out only
//! when the page is rendered.

use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::markdown::placeholder::{self, Piece};
use crate::site::{PageId, Resolved, Site};
use crate::text::html::escape;

/// The body HTML of page `id` with every link placeholder replaced.
pub fn content(site: &Site, id: PageId, root: &str) -> String {
    let html = &site.pages[id].body.html;
    let links = &site.links[id];
    let mut out = String::with_capacity(html.len() + links.len() * 32);
    for piece in placeholder::pieces(html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Label(index) => out.push_str(&escape(&site.link_label(id, index))),
            Piece::Card(index) => out.push_str(&card(site, id, index, root)),
            Piece::Link(index) => {
                let link = index.and_then(|i| site.pages[id].body.links.get(i));
                let image = link.is_some_and(|l| l.image);
                let resolved = index.and_then(|i| links.get(i));
                out.push_str(&link_attributes(site, resolved, image, root));
                // An embed's `|400`: the lead wires it into image sizing.
                if let Some(width) = link.and_then(|l| l.width) {
                    out.push_str(&format!(" width=\"{width}\""));
                }
            }
        }
    }
    out
}

/// A page's body with its links filled in. Written out only when the page
/// is rendered; its fingerprint is the page's revision and where each of
/// its links leads, not the HTML itself.
pub struct Content<'a> {
    pub site: &'a Site,
    pub id: PageId,
    pub root: &'a str,
}

impl Serialize for Content<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&content(self.site, self.id, self.root))
    }
}

impl Hash for Content<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let page = &self.site.pages[self.id];
        (page.revision, self.root).hash(state);
        for (index, resolved) in self.site.links[self.id].iter().enumerate() {
            match resolved {
                Resolved::Page { id, anchor } => (
                    self.site.pages[*id].url.as_str(),
                    anchor,
                    self.site.pages[*id].kind,
                )
                    .hash(state),
                Resolved::Url { path, suffix } => (path, suffix).hash(state),
                other => std::mem::discriminant(other).hash(state),
            }
            if matches!(
                page.body.links[index].target,
                crate::markdown::LinkTarget::Name { .. }
            ) {
                self.site.link_label(self.id, Some(index)).hash(state);
            }
            if page.body.links[index].card {
                card(self.site, self.id, Some(index), self.root).hash(state);
            }
        }
    }
}

/// The attributes of a link (or, for `image`, an image's `src`), written
/// relative to the showing page's `root`.
fn link_attributes(site: &Site, resolved: Option<&Resolved>, image: bool, root: &str) -> String {
    match resolved {
        Some(Resolved::Url { path, suffix }) => {
            let name = if image { "src" } else { "href" };
            format!("{name}=\"{root}{}{}\"", escape(path), escape(suffix))
        }
        _ if image => "src=\"\"".to_string(),
        Some(Resolved::Page { id, anchor }) => {
            let target = &site.pages[*id];
            let anchor = anchor.as_ref().map_or(String::new(), |a| format!("#{a}"));
            format!(
                "href=\"{root}{}{}\" class=\"internal {}\"",
                escape(&target.output_path()),
                escape(&anchor),
                target.kind.noun()
            )
        }
        _ => "class=\"unpublished\" title=\"Not published yet\"".to_string(),
    }
}

/// The card of embed `index` of page `id` (`![[Some brief#heading]]`):
/// the target's title as a link, the heading's text, the date and the
/// summary. Its elements are phrasing content, so a card is valid HTML
/// inside the paragraph the embed was written in; the theme shows it as
/// a block. An embed of a draft, or a broken one, reads as a link to it.
fn card(site: &Site, id: PageId, index: Option<usize>, root: &str) -> String {
    let label = escape(&site.link_label(id, index));
    let resolved = index.and_then(|i| site.links[id].get(i));
    let Some(Resolved::Page { id: target, anchor }) = resolved else {
        let attributes = link_attributes(site, resolved, false, root);
        return format!("<a {attributes}>{label}</a>");
    };
    let page = &site.pages[*target];
    let mut html = format!(
        "<span class=\"embed\"><a {} class=\"embed-title\">{}</a>",
        card_href(site, *target, anchor.as_deref(), root),
        escape(&page.title)
    );
    if let Some(anchor) = anchor {
        let heading = page.body.headings.iter().find(|h| h.id == *anchor);
        let text = heading.map_or(anchor.as_str(), |h| h.text.as_str());
        html.push_str(&format!(
            "<span class=\"embed-heading\">{}</span>",
            escape(text)
        ));
    }
    if let Some(date) = &page.front.date {
        html.push_str(&format!(
            "<time datetime=\"{}\">{}</time>",
            date.iso(),
            escape(&date.to_string())
        ));
    }
    let summary = site.summary(*target);
    if !summary.is_empty() {
        html.push_str(&format!(
            "<span class=\"embed-summary\">{}</span>",
            escape(summary)
        ));
    }
    html.push_str("</span>");
    html
}

/// The `href` of a card's title, relative to the showing page's `root`.
fn card_href(site: &Site, target: PageId, anchor: Option<&str>, root: &str) -> String {
    let anchor = anchor.map_or(String::new(), |a| format!("#{a}"));
    format!(
        "href=\"{root}{}{}\"",
        escape(&site.pages[target].output_path()),
        escape(&anchor)
    )
}
