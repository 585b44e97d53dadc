//! The pass's side of wiki links in raw HTML blocks (see
//! [`rawlinks`](crate::markdown::rawlinks)): each link found in a line of
//! the block goes through the pass as the events pulldown-cmark gives for
//! `[[…]]` in Markdown, so it gets the same placeholder, label, escaping,
//! sentence and diagnostics.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::Pass;
use crate::markdown::rawlinks::{Piece, decode};

/// The pass's side: each raw HTML line's links go through the pass as
/// the wiki-link events pulldown-cmark gives for `[[…]]` in Markdown.
impl<'a> Pass<'a, '_> {
    pub(super) fn raw_html(&mut self, html: CowStr<'a>, range: Range<usize>) {
        let pieces = self.raw.split(&html);
        let linked = pieces
            .iter()
            .any(|p| matches!(p, Piece::Link { .. } | Piece::Empty { .. }));
        if !linked {
            for piece in &pieces {
                if let Piece::Text(text) = piece {
                    self.block.push_str(&decode(text));
                }
            }
            return self.emit(Event::Html(html));
        }
        for piece in pieces {
            match piece {
                Piece::Markup(text) => self.emit(Event::Html(CowStr::from(text.to_string()))),
                Piece::Text(text) => {
                    self.block.push_str(&decode(text));
                    self.emit(Event::Html(CowStr::from(text.to_string())));
                }
                Piece::Empty { written, at } => {
                    let span = self.in_file(&(range.start + at.start..range.start + at.end));
                    self.problems.empty_links.push(span);
                    self.emit(Event::Html(CowStr::from(written.to_string())));
                }
                Piece::Link { dest, label, at } => {
                    let at = range.start + at.start..range.start + at.end;
                    let link_type = LinkType::WikiLink {
                        has_pothole: label.is_some(),
                    };
                    let start = Tag::Link {
                        link_type,
                        dest_url: CowStr::from(decode(dest)),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    };
                    self.event(Event::Start(start), at.clone());
                    let label = decode(label.unwrap_or(dest));
                    self.event(Event::Text(CowStr::from(label)), at.clone());
                    self.event(Event::End(TagEnd::Link), at);
                }
            }
        }
    }
}
