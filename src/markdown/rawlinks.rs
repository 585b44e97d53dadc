//! Wiki links inside raw HTML blocks: `<div dir="rtl">[[Iran]] …</div>`
//! with no blank line is one HTML block to CommonMark, whose text
//! pulldown-cmark passes through untouched. [`RawHtml`] cuts each line of
//! such a block into tags (left alone), text between tags (kept, and
//! read for link sentences) and the `[[…]]` links in that text, which
//! the pass then treats as the wiki links they would be in Markdown:
//! same placeholders, labels, escaping and diagnostics.
//!
//! Nothing inside a tag or its attribute values, a comment, or a
//! `<script>`, `<style>`, `<pre>`, `<code>` or `<textarea>` element is a
//! link. The state carries from line to line, as a tag may span lines.

use std::ops::Range;

/// What a piece of a raw HTML line is.
#[derive(Debug, PartialEq)]
pub enum Piece<'t> {
    /// A tag, comment or the inside of a verbatim element: written as is.
    Markup(&'t str),
    /// Text between tags: written as is; its words belong to the block.
    Text(&'t str),
    /// `[[dest]]` or `[[dest|label]]`, at `at` in the line.
    Link {
        dest: &'t str,
        label: Option<&'t str>,
        at: Range<usize>,
    },
    /// `[[]]`: written as is, and reported like an empty wiki link.
    Empty { written: &'t str, at: Range<usize> },
}

/// Where in the HTML the scan is between lines.
#[derive(Default, Clone, Debug)]
enum State {
    #[default]
    Text,
    /// Inside a tag, and inside a quoted attribute value when `Some`.
    Tag(Option<u8>),
    Comment,
    /// Inside a verbatim element, until its end tag.
    Verbatim(&'static str),
}

/// Elements whose content is never read for links.
const VERBATIM: &[&str] = &["script", "style", "pre", "code", "textarea"];

/// The scan of one HTML block.
#[derive(Default)]
pub struct RawHtml {
    state: State,
    /// A verbatim element being opened: its name, while its tag is read.
    opening: Option<&'static str>,
}

impl RawHtml {
    /// Forgets the block that ended.
    pub fn end(&mut self) {
        *self = RawHtml::default();
    }

    /// Cuts one line (or any run) of the block into pieces, in order.
    pub fn split<'t>(&mut self, line: &'t str) -> Vec<Piece<'t>> {
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < line.len() {
            let (end, piece) = self.next(line, at);
            pieces.push(piece);
            // Each piece ends on a character boundary; only the end tag
            // of a verbatim element can be an empty piece, and it leaves
            // that state, so the scan always moves on.
            at = end;
        }
        pieces
    }

    /// The piece starting at `at` and where it ends.
    fn next<'t>(&mut self, line: &'t str, at: usize) -> (usize, Piece<'t>) {
        let rest = &line[at..];
        match self.state.clone() {
            State::Text => self.text(line, at),
            State::Tag(quote) => {
                let end = self.tag_end(rest, quote);
                (at + end, Piece::Markup(&rest[..end]))
            }
            State::Comment => {
                let end = match rest.find("-->") {
                    Some(close) => {
                        self.state = State::Text;
                        close + 3
                    }
                    None => rest.len(),
                };
                (at + end, Piece::Markup(&rest[..end]))
            }
            State::Verbatim(name) => {
                let end = find_end_tag(rest, name).unwrap_or(rest.len());
                if end < rest.len() {
                    self.state = State::Text;
                }
                (at + end, Piece::Markup(&rest[..end]))
            }
        }
    }

    /// Text up to the next tag or link, or the link or tag start there.
    fn text<'t>(&mut self, line: &'t str, at: usize) -> (usize, Piece<'t>) {
        let rest = &line[at..];
        if rest.starts_with("<!--") {
            self.state = State::Comment;
            return (at + 4, Piece::Markup(&rest[..4]));
        }
        if starts_tag(rest) {
            self.opening = VERBATIM.iter().find(|name| opens(rest, name)).copied();
            self.state = State::Tag(None);
            return (at + 1, Piece::Markup(&rest[..1]));
        }
        if rest.starts_with("[[")
            && let Some(piece) = link(rest, at)
        {
            let end = match &piece {
                Piece::Link { at, .. } | Piece::Empty { at, .. } => at.end,
                _ => at + 2,
            };
            return (end, piece);
        }
        // At least the first character, whole: the text may be any script.
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let stop = rest[first..]
            .find(['<', '['])
            .map_or(rest.len(), |n| n + first);
        (at + stop, Piece::Text(&rest[..stop]))
    }

    /// The length of the tag's rest on this line, up to and with its `>`.
    fn tag_end(&mut self, rest: &str, mut quote: Option<u8>) -> usize {
        for (n, byte) in rest.bytes().enumerate() {
            match (quote, byte) {
                (Some(q), b) if b == q => quote = None,
                (Some(_), _) => {}
                (None, b'"' | b'\'') => quote = Some(byte),
                (None, b'>') => {
                    self.state = match self.opening.take() {
                        Some(name) => State::Verbatim(name),
                        None => State::Text,
                    };
                    return n + 1;
                }
                (None, _) => {}
            }
        }
        self.state = State::Tag(quote);
        rest.len()
    }
}

/// Whether `rest` starts a tag: `<` then a letter, `/`, `!` or `?`.
fn starts_tag(rest: &str) -> bool {
    let mut bytes = rest.bytes();
    bytes.next() == Some(b'<')
        && bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
}

/// Whether `rest` opens element `name` (`<pre>`, `<code class=…>`).
fn opens(rest: &str, name: &str) -> bool {
    rest.get(1..=name.len())
        .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && rest
            .as_bytes()
            .get(name.len() + 1)
            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
}

/// Where element `name`'s end tag starts in `rest`.
fn find_end_tag(rest: &str, name: &str) -> Option<usize> {
    let lower = rest.to_ascii_lowercase();
    lower.find(&format!("</{name}"))
}

/// The link `[[…]]` at the start of `rest` (at `at` in its line); `None`
/// when the brackets do not close before a tag, bracket or line end.
fn link(rest: &str, at: usize) -> Option<Piece<'_>> {
    let inner = &rest[2..];
    let close = inner.find("]]")?;
    let written = &inner[..close];
    if written.contains(['<', '>', '[', ']', '\n']) {
        return None;
    }
    let span = at..at + close + 4;
    if written.trim().is_empty() {
        return Some(Piece::Empty {
            written: &rest[..close + 4],
            at: span,
        });
    }
    let (dest, label) = match written.split_once('|') {
        Some((dest, label)) if !label.trim().is_empty() => (dest, Some(label)),
        Some((dest, _)) => (dest, None),
        None => (written, None),
    };
    Some(Piece::Link {
        dest,
        label,
        at: span,
    })
}

/// Text of raw HTML as the reader sees it: the character references a
/// writer is likely to use decoded, so a label is escaped once, not twice.
pub fn decode(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(lines: &[&str]) -> Vec<String> {
        let mut raw = RawHtml::default();
        let mut found = Vec::new();
        for line in lines {
            for piece in raw.split(line) {
                match piece {
                    Piece::Link { dest, label, at } => {
                        assert_eq!(&line[at.clone()][..2], "[[");
                        found.push(format!("{dest}|{}", label.unwrap_or("")))
                    }
                    Piece::Empty { .. } => found.push("empty".into()),
                    _ => {}
                }
            }
        }
        found
    }

    #[test]
    fn links_between_tags_are_found_and_nothing_else() {
        assert_eq!(
            links(&["<div dir=\"rtl\">[[Iran]] و [[Russia|روسیه]] [[]]</div>\n"]),
            ["Iran|", "Russia|روسیه", "empty"]
        );
        assert_eq!(
            links(&[
                "<div title=\"[[no]]\"\n",
                " data-x='>[[no]]'>[[yes]]<!-- [[no]]\n",
                "[[no]] --><pre>[[no]]\n",
                "[[no]]</pre> <code>[[no]]</code>[[yes too]]\n",
            ]),
            ["yes|", "yes too|"]
        );
        assert_eq!(links(&["a [[b <i>c</i>]] [x] [[d]"]), Vec::<String>::new());
    }

    fn joined(raw: &mut RawHtml, line: &str) -> String {
        raw.split(line)
            .iter()
            .map(|p| match p {
                Piece::Markup(t) | Piece::Text(t) => t.to_string(),
                Piece::Link { at, .. } | Piece::Empty { at, .. } => line[at.clone()].to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Any text in any script, cut at any state, is cut into pieces
        /// that put together are that text.
        #[test]
        fn any_line_is_cut_into_pieces_of_itself(
            lines in proptest::collection::vec("[<>\\[\\]|'\"/!a-z =\\-ـا-یж-я]{0,24}", 1..4)
        ) {
            let mut raw = RawHtml::default();
            for line in &lines {
                proptest::prop_assert_eq!(&joined(&mut raw, line), line);
            }
        }
    }

    #[test]
    fn pieces_put_together_are_the_line() {
        let line = "<p class=x>[[A|b &amp; c]] متن <b>[[ ]]</b> ژ[ [[z ы<";
        assert_eq!(joined(&mut RawHtml::default(), line), line);
        assert_eq!(decode("b &amp; c &lt;"), "b & c <");
    }
}
