//! Writing the body's HTML with `dir="auto"` on every paragraph, list
//! item, heading, table cell and blockquote, so a Persian passage in an
//! English brief (or the reverse) aligns by its own first strong letter.
//!
//! pulldown-cmark's writer is kept (its newlines, table alignment and
//! escaping are the CommonMark output readers and tests rely on): the
//! event stream marks each such start tag as it passes, and the writer's
//! sink adds the attribute to the very next thing written, which is that
//! tag. Headings carry it as an attribute of their event instead, after
//! any `{dir=…}` the writer set.

use std::cell::Cell;
use std::fmt;

use pulldown_cmark::{CowStr, Event, Tag};

/// The attribute added.
pub const AUTO: &str = " dir=\"auto\"";

/// Writes `events` as HTML into `html`, as `pulldown_cmark::html::push_html`
/// does, with [`AUTO`] on the blocks text sits in.
pub fn push_html<'a>(html: &mut String, events: impl Iterator<Item = Event<'a>>) {
    let marked = Cell::new(false);
    let events = events.map(|event| mark(event, &marked));
    let sink = Sink {
        out: html,
        marked: &marked,
    };
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(sink, events);
}

/// Notes that `event` opens a block that takes the attribute; a heading
/// gets it among its own attributes.
fn mark<'a>(event: Event<'a>, marked: &Cell<bool>) -> Event<'a> {
    match event {
        Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::BlockQuote(_)) => {
            marked.set(true);
            event
        }
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            mut attrs,
        }) => {
            if !attrs
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("dir"))
            {
                attrs.push((CowStr::Borrowed("dir"), Some(CowStr::Borrowed("auto"))));
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            })
        }
        other => other,
    }
}

/// The writer's output: the first write after a marked event is that
/// event's start tag (`<p>`, `\n<li>`, `<blockquote class="…">\n`, or
/// `<td` before its alignment), and gets the attribute.
struct Sink<'s> {
    out: &'s mut String,
    marked: &'s Cell<bool>,
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if !self.marked.replace(false) {
            self.out.push_str(s);
            return Ok(());
        }
        match s.find('>') {
            Some(end) => {
                self.out.push_str(&s[..end]);
                self.out.push_str(AUTO);
                self.out.push_str(&s[end..]);
            }
            None => {
                self.out.push_str(s);
                self.out.push_str(AUTO);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn both(markdown: &str) -> (String, String) {
        let options = Options::all() - Options::ENABLE_OLD_FOOTNOTES;
        let mut ours = String::new();
        push_html(&mut ours, Parser::new_ext(markdown, options));
        let mut plain = String::new();
        pulldown_cmark::html::push_html(&mut plain, Parser::new_ext(markdown, options));
        (ours, plain)
    }

    /// Fidelity: the output is pulldown-cmark's, but for the attribute.
    #[test]
    fn output_is_pulldown_cmarks_but_for_the_attribute() {
        let samples = [
            "Para one\nline two\n\npara *two*",
            "# H1 {#x .c}\n\nSetext\n---\n",
            "- a\n- b\n\n  more\n1. one\n2. two\n- [ ] task",
            "> quote\n> > nested\n\n> [!NOTE]\n> alert",
            "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| x |",
            "<div dir=\"rtl\">\n\n<p>raw</p>\n</div>\n\ntext <p> inline",
            "```\ncode <p>\n```\n\n    indented\n\n***\n\nTerm\n: definition",
        ];
        for sample in samples {
            let (ours, plain) = both(sample);
            assert_eq!(ours.replace(AUTO, ""), plain, "{sample}");
        }
    }

    #[test]
    fn blocks_get_the_attribute_and_raw_html_does_not() {
        let (ours, _) = both("# T\n\n- a\n\n> q\n\n| h |\n|--:|\n| c |\n\n<p>raw</p>\n\nx <p> y");
        assert!(ours.contains("<h1 dir=\"auto\">T</h1>"), "{ours}");
        assert!(ours.contains("<li dir=\"auto\">a</li>"), "{ours}");
        assert!(
            ours.contains("<blockquote dir=\"auto\">\n<p dir=\"auto\">q</p>"),
            "{ours}"
        );
        assert!(
            ours.contains("<th dir=\"auto\" style=\"text-align: right\">h</th>"),
            "{ours}"
        );
        assert!(
            ours.contains("<td dir=\"auto\" style=\"text-align: right\">c</td>"),
            "{ours}"
        );
        assert!(ours.contains("<p>raw</p>"), "{ours}");
        assert!(ours.contains("<p dir=\"auto\">x <p> y</p>"), "{ours}");
        let (ours, _) = both("# T {dir=rtl}");
        assert_eq!(ours, "<h1 dir=\"rtl\">T</h1>\n");
    }
}
