//! Each page's one-sentence summary as lists, feeds and previews show it:
//! its front matter's `summary:`, else its first paragraph as a reader
//! sees it, shortened. Reads link labels, so it runs once every link is
//! resolved.

use rayon::prelude::*;

use super::Site;

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

    #[test]
    fn long_default_summaries_are_shortened_at_a_word() {
        let long = "word ".repeat(200);
        let short = shorten(long.trim());
        assert!(short.ends_with("word…"), "{short}");
        assert!(short.chars().count() <= 321);
        assert_eq!(shorten("Short enough."), "Short enough.");
    }
}
