//! A page's body as a page shows it: the HTML the markdown stage made,
//! with every link placeholder filled in relative to the showing page's
//! root, so one body serves its own page, packs and the search index.

use crate::site::{PageId, Resolved, Site};
use crate::text::html::escape;

/// The body HTML of page `id` with every link placeholder replaced.
pub fn content(site: &Site, id: PageId, root: &str) -> String {
    let html = &site.pages[id].body.html;
    let links = &site.links[id];
    let mut out = String::with_capacity(html.len() + links.len() * 32);
    let mut rest = html.as_str();
    while let Some(start) = rest.find('\u{0}') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('\u{0}') else {
            break;
        };
        let token = &after[..end];
        match token.strip_suffix('~') {
            Some(index) => out.push_str(&escape(&site.link_label(id, index.parse().ok()))),
            None => out.push_str(&link_attributes(
                site,
                token.parse().ok().and_then(|i: usize| links.get(i)),
                root,
            )),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
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
