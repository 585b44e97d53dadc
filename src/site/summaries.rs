//! Each page's one-sentence summary as lists, feeds and previews show it:
//! its front matter's `summary:`, else its first paragraph as a reader
//! sees it, shortened. Reads link labels, so it runs once every link is
//! resolved.

use std::sync::Arc;

use rayon::prelude::*;

use super::{PageId, Site};
use crate::markdown::page::{self, Page};
use crate::markdown::placeholder::{self, Piece};

/// Per page, its summary. `site.links` must be complete: an unlabelled
/// link in a first paragraph reads as its target's label. A page of
/// `last` at the same place whose summary reads nothing but its own text
/// keeps that summary, shared rather than made again.
pub(super) fn summaries(site: &Site, last: Option<&Site>) -> Vec<Arc<str>> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| {
            let page = &site.pages[id];
            if let Some(kept) = last.and_then(|last| kept(last, page, id)) {
                return kept;
            }
            match &page.front.summary {
                Some(summary) => Arc::from(summary.as_str()),
                None => shorten(&site.plain(id, &page.body.first_paragraph)).into(),
            }
        })
        .collect()
}

/// The summary `last` made for `page`, when `page` was its page `id` and
/// its summary reads nothing another page may have changed: a written
/// one, or a first paragraph without an unlabelled link (whose label is
/// the title of the page it leads to).
fn kept(last: &Site, page: &Arc<Page>, id: PageId) -> Option<Arc<str>> {
    let same = last.pages.get(id).is_some_and(|was| Arc::ptr_eq(was, page));
    let reads_labels = page.front.summary.is_none()
        && placeholder::any_in(&page.body.first_paragraph)
        && placeholder::pieces(&page.body.first_paragraph)
            .any(|piece| matches!(piece, Piece::Label(_)));
    (same && !reads_labels).then(|| last.summaries.get(id).cloned())?
}

/// Frees the first paragraph of every page that nothing else holds (see
/// [`page::let_go_unshared`]), once the summaries are made: nothing else
/// reads it, and the unlinked mentions, found next, are the link stage's
/// peak.
pub(super) fn forget_first_paragraphs(pages: &mut [Arc<Page>]) {
    page::let_go_unshared(pages, |page| page.body.first_paragraph = String::new());
}

/// A default summary (a first paragraph) shortened at a word to a length
/// that suits lists and feeds; a written `summary:` is used as it is.
fn shorten(text: &str) -> String {
    const MOST: usize = 320;
    if text.chars().count() <= MOST {
        return text.to_string();
    }
    let head: String = text.chars().take(MOST).collect();
    let head = head
        .rsplit_once(' ')
        .map_or(head.as_str(), |(first, _)| first);
    format!("{}…", head.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::page::Kind;

    fn with_first_paragraph() -> Arc<Page> {
        let mut page = Page::implied(Kind::Brief, "A");
        page.body.first_paragraph = "Gas flows east.".into();
        Arc::new(page)
    }

    /// `serve` keeps the parse cache, whose pages the next rebuild
    /// summarises again; a one-off build's first paragraphs go.
    #[test]
    fn first_paragraphs_are_freed_only_where_nothing_else_holds_the_page() {
        let shared = with_first_paragraph();
        let kept = shared.clone();
        let mut pages = vec![shared, with_first_paragraph()];
        forget_first_paragraphs(&mut pages);
        assert_eq!(pages[0].body.first_paragraph, "Gas flows east.");
        assert_eq!(kept.body.first_paragraph, "Gas flows east.");
        assert_eq!(pages[1].body.first_paragraph, "");
    }

    #[test]
    fn long_default_summaries_are_shortened_at_a_word() {
        let long = "word ".repeat(200);
        let short = shorten(long.trim());
        assert!(short.ends_with("word…"), "{short}");
        assert!(short.chars().count() <= 321);
        assert_eq!(shorten("Short enough."), "Short enough.");
    }
}
