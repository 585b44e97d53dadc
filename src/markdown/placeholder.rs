//! The link placeholders a rendered body carries from the markdown stage
//! to the render stage, written and read only here.
//!
//! Link targets are not known while a body is rendered, so an internal
//! link's attributes are a placeholder, `<a \0N\0>` (N indexes the body's
//! `links`), which the render stage fills with `href="…"` (or marks
//! unpublished). A local image is a placeholder as a whole, `\0N!\0`,
//! which becomes an image, a video or an audio player once its file is
//! known, and a local link is followed by `\0N^\0`, which becomes the
//! file's type and size for a link to a file that is not an image. An
//! unlabelled wiki link's text is a placeholder too,
//! `\0N~\0`, since it may show the target's title; and an embedded page's
//! card (`![[Some brief]]`) is `\0N*\0`, since it shows the target's title,
//! date and summary; a graded claim's badge is `\0N%\0` (N indexes the
//! body's `citations`), since it shows the cited source's reliability. Link contexts and
//! summaries hold the label placeholders as well. NUL bytes in a writer's
//! text become spaces before parsing ([`scrub`]), so no text forges one.

use std::borrow::Cow;

/// What stands around every placeholder's index.
const NUL: char = '\u{0}';

/// The opening tag of internal link `index`: its attributes are a
/// placeholder; `title` is the link's title attribute, already escaped.
pub fn link_start(index: usize, title: &str) -> String {
    if title.is_empty() {
        format!("<a {NUL}{index}{NUL}>")
    } else {
        format!("<a {NUL}{index}{NUL} title=\"{title}\">")
    }
}

/// The whole element of local image `index`.
pub fn embed(index: usize) -> String {
    format!("{NUL}{index}!{NUL}")
}

/// What follows local link `index`: its file's type and size, if any.
pub fn after(index: usize) -> String {
    format!("{NUL}{index}^{NUL}")
}

/// The text of unlabelled link `index`, filled in once links resolve.
pub fn label(index: usize) -> String {
    format!("{NUL}{index}~{NUL}")
}

/// The card of embedded page `index`, filled in once links resolve.
pub fn card(index: usize) -> String {
    format!("{NUL}{index}*{NUL}")
}

/// The grade badge of citation `index` of a body (`B2`: the source's
/// reliability, the claim's credibility), filled in once sources are known.
pub fn grade(index: usize) -> String {
    format!("{NUL}{index}%{NUL}")
}

/// `text` with every NUL byte a space: a writer's text cannot forge a
/// placeholder, and every byte offset stays as it was.
pub fn scrub(text: &str) -> Cow<'_, str> {
    if text.contains(NUL) {
        Cow::Owned(text.replace(NUL, " "))
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `text` holds a placeholder (or part of one).
pub fn any_in(text: &str) -> bool {
    text.contains(NUL)
}

/// A piece of a text with placeholders, as [`pieces`] walks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as it is.
    Text(&'a str),
    /// The attributes of the link at this index (`None`: not a number).
    Link(Option<usize>),
    /// The label of the unlabelled link at this index.
    Label(Option<usize>),
    /// The card of the embedded page at this index.
    Card(Option<usize>),
    /// The element of the local image at this index.
    Embed(Option<usize>),
    /// What follows the local link at this index.
    After(Option<usize>),
    /// The grade badge of the citation at this index.
    Grade(Option<usize>),
}

/// The text and placeholders of `text`, in order. A placeholder cut off
/// (by shortening a context) ends the walk: it and what follows it are
/// left out.
pub fn pieces(text: &str) -> Pieces<'_> {
    Pieces { rest: Some(text) }
}

/// The iterator [`pieces`] returns.
pub struct Pieces<'a> {
    /// What is left to walk; `None` after a cut placeholder.
    rest: Option<&'a str>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        let rest = self.rest.filter(|rest| !rest.is_empty())?;
        let Some(token) = rest.strip_prefix(NUL) else {
            let end = rest.find(NUL).unwrap_or(rest.len());
            self.rest = Some(&rest[end..]);
            return Some(Piece::Text(&rest[..end]));
        };
        let Some(end) = token.find(NUL) else {
            self.rest = None;
            return None;
        };
        self.rest = Some(&token[end + 1..]);
        let inside = &token[..end];
        let index = |text: &str| -> Option<usize> {
            text.get(..text.len().saturating_sub(1))?.parse().ok()
        };
        Some(match inside.chars().last() {
            Some('~') => Piece::Label(index(inside)),
            Some('!') => Piece::Embed(index(inside)),
            Some('*') => Piece::Card(index(inside)),
            Some('^') => Piece::After(index(inside)),
            Some('%') => Piece::Grade(index(inside)),
            _ => Piece::Link(inside.parse().ok()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_walk_text_and_placeholders() {
        let html = format!("a {}x</a> {} b{}", link_start(0, ""), label(1), card(2));
        let found: Vec<Piece> = pieces(&html).collect();
        assert_eq!(
            found,
            [
                Piece::Text("a <a "),
                Piece::Link(Some(0)),
                Piece::Text(">x</a> "),
                Piece::Label(Some(1)),
                Piece::Text(" b"),
                Piece::Card(Some(2)),
            ]
        );
    }

    #[test]
    fn a_cut_placeholder_ends_the_walk() {
        let found: Vec<Piece> = pieces("before \u{0}3~ after").collect();
        assert_eq!(found, [Piece::Text("before ")]);
        assert_eq!(pieces("").count(), 0);
        assert_eq!(
            pieces("\u{0}x\u{0}").collect::<Vec<_>>(),
            [Piece::Link(None)]
        );
    }

    #[test]
    fn written_placeholders_read_back() {
        assert_eq!(link_start(2, "t"), "<a \u{0}2\u{0} title=\"t\">");
        assert_eq!(label(7), "\u{0}7~\u{0}");
        let both = format!("{}{}", embed(3), after(12));
        assert_eq!(
            pieces(&both).collect::<Vec<_>>(),
            [Piece::Embed(Some(3)), Piece::After(Some(12))]
        );
        assert_eq!(scrub("a\u{0}b"), "a b");
    }
}
