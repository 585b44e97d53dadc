//! Each page's one-sentence summary as lists, feeds and previews show it:
//! its front matter's `summary:`, else its first paragraph as a reader
//! sees it, shortened. Reads link labels, so it runs once every link is
//! resolved.

use std::sync::Arc;

use rayon::prelude::*;

use super::Site;
use crate::markdown::page::{self, Page};

/// Per page, its summary. `site.links` must be complete: an unlabelled
/// link in a first paragraph reads as its target's label.
pub(super) fn summaries(site: &Site) -> Vec<String> {
    (0..site.pages.len())
        .into_par_iter()
        .map(|id| match &site.pages[id].front.summary {
            Some(summary) => summary.clone(),
            None => shorten(&site.plain(id, &site.pages[id].body.first_paragraph)),
        })
        .collect()
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
    // Kept with the site for every page, where `format!` would leave each
    // some 300 bytes of spare room.
    crate::text::tight::string(format!("{}…", head.trim_end_matches([',', ';', ':'])))
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
        assert_eq!(short.capacity(), short.len(), "no spare room is kept");
        assert_eq!(shorten("Short enough."), "Short enough.");
    }
}
