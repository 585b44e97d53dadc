//! A page's body as a page shows it: the HTML the markdown stage made,
//! with every link placeholder filled in relative to the showing page's
//! root, so one body serves its own page, packs and the search index.

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
            Piece::Link(index) => out.push_str(&link_attributes(
                site,
                index.and_then(|i| links.get(i)),
                root,
            )),
        }
    }
    out
}

fn link_attributes(site: &Site, resolved: Option<&Resolved>, root: &str) -> String {
    match resolved {
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
