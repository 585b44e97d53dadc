//! A page's body as a page shows it: the HTML the markdown stage made,
//! with every link and local image placeholder filled in relative to the
//! showing page's root (so it is right under `file://` and a sub-path), so one body serves its own page, packs and the search index.
//! A local image becomes what its file is (an image with the size read
//! from its header, a video or an audio player), and a link to a file
//! that is not an image is followed by its type and size;
//! and `Content`, a body as a page template gets it, written out only
//! when the page is rendered.

use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::content::frontmatter::sources::{Credibility, Reliability};
use crate::markdown::placeholder::{self, Piece};
use crate::render::append;
use crate::site::{PageId, Resolved, Site};
use crate::text::html::escape;
use crate::text::media::{self, MediaKind};

/// The body HTML of page `id` with every link placeholder replaced.
pub fn content(site: &Site, id: PageId, root: &str) -> String {
    let html = site.pages[id].body.html.text();
    let links = &site.links[id];
    let mut out = String::with_capacity(html.len() + links.len() * 32);
    for piece in placeholder::pieces(&html) {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Label(index) => append::escaped(&mut out, &site.link_label(id, index)),
            Piece::Card(index) => out.push_str(&card(site, id, index, root)),
            Piece::Link(index) => {
                let resolved = index.and_then(|i| links.get(i));
                push_link_attributes(&mut out, site, resolved, root);
            }
            Piece::Embed(index) => out.push_str(&embed(site, id, index, root)),
            Piece::After(index) => out.push_str(&after(site, index.and_then(|i| links.get(i)))),
            Piece::Grade(index) => out.push_str(&claim_grade(site, id, index)),
        }
    }
    out
}

/// The badge of citation `index` of page `id`, a graded claim: the cited
/// source's reliability with the claim's credibility, `B2`.
fn claim_grade(site: &Site, id: PageId, index: Option<usize>) -> String {
    let citation = index.and_then(|i| site.pages[id].body.citations.get(i));
    let Some((cited, Some(Ok(credibility)))) = citation.map(|c| (&c.id, c.credibility.clone()))
    else {
        return String::new();
    };
    let source = site.source_lists[id]
        .iter()
        .map(|&i| &site.sources[i].source)
        .find(|s| &s.id == cited);
    let reliability = source.and_then(|s| s.reliability);
    grade_badge(reliability, Some(credibility), "Claim credibility")
}

/// A grade badge, `B2`, `B` or `2`, explained in its title: an `abbr`
/// as the source list shows one. `which` names the credibility's half.
pub fn grade_badge(
    reliability: Option<Reliability>,
    credibility: Option<Credibility>,
    which: &str,
) -> String {
    let letter = reliability.map_or("", Reliability::letter);
    let mut title = match reliability {
        Some(r) => format!("Source reliability {letter}: {}", r.label()),
        None => "Source reliability not graded".to_string(),
    };
    if let Some(c) = credibility {
        title.push_str(&format!(". {which} {}: {}", c.digit(), c.label()));
    }
    let class = match reliability {
        Some(_) => format!("grade grade-{letter}"),
        None => "grade".to_string(),
    };
    let digit = credibility.map_or("", Credibility::digit);
    format!("<abbr class=\"{class}\" title=\"{title}\">{letter}{digit}</abbr>")
}

/// Local image `index` of page `id`: a player for a video or audio file,
/// else an image, with the size of its file when it is an attachment.
fn embed(site: &Site, id: PageId, index: Option<usize>, root: &str) -> String {
    let link = index.and_then(|i| site.pages[id].body.links.get(i));
    let Some(image) = link.and_then(|l| l.image.as_ref()) else {
        return String::new();
    };
    let (src, path) = match index.and_then(|i| site.links[id].get(i)) {
        Some(Resolved::Url { path, suffix }) => (format!("{root}{path}{suffix}"), path.as_str()),
        _ => (String::new(), ""),
    };
    let title = Some(image.title.as_str()).filter(|t| !t.trim().is_empty());
    let caption = title.filter(|_| image.figure);
    match media::kind(extension(path)) {
        MediaKind::Video => media::video_html(&src, caption),
        MediaKind::Audio => media::audio_html(&src, caption),
        _ => {
            let dims = site.attachment(path).and_then(|a| a.dims);
            let (eager, width, figure) = (image.eager, image.width, image.figure);
            media::image_html(&src, &image.alt, title, dims, eager, width, figure)
        }
    }
}

/// What follows a local link: ` (PDF, 1.2 MB)` when it leads to an
/// attachment that is not an image.
fn after(site: &Site, resolved: Option<&Resolved>) -> String {
    let Some(Resolved::Url { path, .. }) = resolved else {
        return String::new();
    };
    match site.attachment(path) {
        Some(file) if file.kind() != MediaKind::Image => {
            media::file_link_suffix(file.kind(), file.extension(), file.stamp.0)
        }
        _ => String::new(),
    }
}

/// The extension of an output path, or nothing.
fn extension(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or("");
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
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
                Resolved::Url { path, suffix } => {
                    (path, suffix).hash(state);
                    // What the page shows of the file: an image's size,
                    // a download's size.
                    let file = self.site.attachment(path);
                    file.map(|a| (a.dims, a.stamp.0)).hash(state);
                }
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

/// The attributes of a link, written relative to the showing page's
/// `root`.
fn link_attributes(site: &Site, resolved: Option<&Resolved>, root: &str) -> String {
    let mut out = String::new();
    push_link_attributes(&mut out, site, resolved, root);
    out
}

/// Appends [`link_attributes`] to `out`: a body has a link or more in
/// most paragraphs, and this writes each without a string of its own.
fn push_link_attributes(out: &mut String, site: &Site, resolved: Option<&Resolved>, root: &str) {
    match resolved {
        Some(Resolved::Url { path, suffix }) => {
            for part in ["href=\"", root] {
                out.push_str(part);
            }
            append::escaped(out, path);
            append::escaped(out, suffix);
            out.push('"');
        }
        Some(Resolved::Page { id, anchor }) => {
            let target = &site.pages[*id];
            for part in ["href=\"", root] {
                out.push_str(part);
            }
            // The path's escape is the url's and then "index.html"'s,
            // which has nothing to escape.
            append::escaped(out, &target.url);
            out.push_str("index.html");
            if let Some(anchor) = anchor {
                out.push('#');
                append::escaped(out, anchor);
            }
            for part in ["\" class=\"internal ", target.kind.noun(), "\""] {
                out.push_str(part);
            }
        }
        _ => out.push_str("class=\"unpublished\" title=\"Not published yet\""),
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
        let attributes = link_attributes(site, resolved, root);
        return format!("<a {attributes}>{label}</a>");
    };
    let page = &site.pages[*target];
    let mut html = format!(
        "<span class=\"embed\"><a {} class=\"embed-title\"><bdi>{}</bdi></a>",
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
