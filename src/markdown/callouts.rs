//! Callouts: blockquotes that open with `[!kind]`. GitHub's five come
//! from pulldown-cmark (`BlockQuote(Some(kind))`); Obsidian's form
//! (`[!kind]` in any case, then `-` or `+` to fold, then a title) and the
//! analyst kinds are read here from the blockquote's first line. Sits
//! between the parser and the rendering pass: a callout's blockquote
//! tags become its HTML, its first line is dropped, everything inside
//! passes through as usual. Any other blockquote is left as it is.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use crate::text::html::escape;

/// The kinds a writer can use, as written in `[!kind]`, with their label
/// and icon. The first is what an unknown kind renders as.
const KINDS: [(&str, &str, &str); 8] = [
    ("note", "Note", NOTE_ICON),
    ("tip", "Tip", TIP_ICON),
    ("important", "Important", IMPORTANT_ICON),
    ("warning", "Warning", WARNING_ICON),
    ("caution", "Caution", CAUTION_ICON),
    ("assessment", "Assessment", ASSESSMENT_ICON),
    ("key-judgement", "Key judgement", KEY_ICON),
    ("gap", "Intelligence gap", GAP_ICON),
];

const NOTE_ICON: &str = r#"<circle cx="8" cy="8" r="6.5"/><path d="M8 7v4M8 4.8v.1"/>"#;
const TIP_ICON: &str = r#"<path d="M6 12.5h4M6.5 14.5h3M8 1.5a4.5 4.5 0 0 0-2.5 8.2v1.3h5V9.7A4.5 4.5 0 0 0 8 1.5z"/>"#;
const IMPORTANT_ICON: &str =
    r#"<path d="M2 2.5h12v9H7l-3 3v-3H2z"/><path d="M8 4.5v3.5M8 9.8v.1"/>"#;
const WARNING_ICON: &str = r#"<path d="M8 1.5 15 14H1z"/><path d="M8 6v4M8 11.8v.1"/>"#;
const CAUTION_ICON: &str = r#"<path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z"/><path d="M8 4.5v4M8 10.8v.1"/>"#;
const ASSESSMENT_ICON: &str = r#"<path d="M1.5 14.5h13M4 12V8M8 12V3.5M12 12V6"/>"#;
const KEY_ICON: &str = r#"<circle cx="5" cy="8" r="3"/><path d="M8 8h6.5M12.5 8v3M14.5 8v2"/>"#;
const GAP_ICON: &str = r#"<circle cx="8" cy="8" r="6.5" stroke-dasharray="2.5 2"/><path d="M6.2 6.2a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.8.6-.8 1.1v.6M8 11.8v.1"/>"#;

/// The kinds, as a hint lists them.
pub fn kinds_list() -> String {
    KINDS.map(|(name, ..)| format!("`[!{name}]`")).join(", ")
}

/// A `[!kind]` the writer used that is none of [`KINDS`]: it renders as a
/// note and is reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCallout {
    /// As written, between `[!` and `]`.
    pub kind: String,
    /// Byte range of the `[!kind]` line's text in the whole file.
    pub span: Range<usize>,
}

/// How a callout shows: which kind (an index into [`KINDS`]), its title
/// if one was written, and whether it folds (`Some(open)`).
struct Callout {
    kind: usize,
    title: Option<String>,
    fold: Option<bool>,
}

/// The event adapter: gives the parser's events with callouts made.
pub struct Callouts<'a, I> {
    events: I,
    /// The file offset of the body, for the spans of unknown kinds.
    offset: usize,
    /// Events read ahead while looking at a blockquote's first line.
    ahead: VecDeque<(Event<'a>, Range<usize>)>,
    /// For each open blockquote, whether it is a callout (and folds).
    open: Vec<Option<bool>>,
    /// Unknown kinds found, for the page's diagnostics.
    pub unknown: Vec<UnknownCallout>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Callouts<'a, I> {
    pub fn new(events: I, offset: usize) -> Self {
        Callouts {
            events,
            offset,
            ahead: VecDeque::new(),
            open: Vec::new(),
            unknown: Vec::new(),
        }
    }

    fn pull(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        self.ahead.pop_front().or_else(|| self.events.next())
    }

    /// A blockquote's start: GitHub's kinds are callouts as they are;
    /// another blockquote is one if its first line says so.
    fn start(&mut self, kind: Option<BlockQuoteKind>) -> Event<'a> {
        let callout = match kind {
            Some(kind) => Some(Callout {
                kind: github(kind),
                title: None,
                fold: None,
            }),
            None => self.first_line(),
        };
        self.open.push(callout.as_ref().map(|c| c.fold.is_some()));
        match callout {
            Some(callout) => Event::Html(opening(&callout).into()),
            None => Event::Start(Tag::BlockQuote(kind)),
        }
    }

    /// Reads the blockquote's first line: when it is `[!kind]…`, drops it
    /// and gives the callout; otherwise leaves every event as it was.
    fn first_line(&mut self) -> Option<Callout> {
        let first = self.pull()?;
        if !matches!(first.0, Event::Start(Tag::Paragraph)) {
            self.ahead.push_front(first);
            return None;
        }
        let mut line = vec![first];
        let mut text = String::new();
        let mut depth = 0usize;
        let mut ended = false;
        while let Some((event, range)) = self.pull() {
            match &event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::Start(_) => depth += 1,
                Event::End(TagEnd::Paragraph) if depth == 0 => ended = true,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::SoftBreak | Event::HardBreak if depth == 0 => ended = true,
                // A link or emphasis wrapped onto the next line: the title
                // runs on to its end, and the break reads as a space.
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            line.push((event, range));
            if ended {
                break;
            }
        }
        let Some(callout) = self.parse(&text, &line) else {
            self.ahead.extend(line);
            return None;
        };
        // The rest of the paragraph, if any, starts the callout's body.
        if let Some((Event::SoftBreak | Event::HardBreak, _)) = line.last()
            && let Some(start) = line.into_iter().next()
        {
            self.ahead.push_front(start);
        }
        Some(callout)
    }

    /// The callout a first line's text makes, if it is one; an unknown
    /// kind is recorded and shown as a note.
    fn parse(&mut self, text: &str, line: &[(Event<'a>, Range<usize>)]) -> Option<Callout> {
        let (written, fold, title) = split_marker(text)?;
        let kind = known(written).unwrap_or_else(|| {
            let start = line.get(1).map_or(0, |(_, r)| r.start);
            let end = line.last().map_or(start, |(_, r)| r.end).max(start);
            self.unknown.push(UnknownCallout {
                kind: written.to_string(),
                span: start + self.offset..end + self.offset,
            });
            0
        });
        Some(Callout {
            kind,
            title: (!title.is_empty()).then(|| title.to_string()),
            fold,
        })
    }

    fn end(&mut self, end: TagEnd, range: Range<usize>) -> (Event<'a>, Range<usize>) {
        match self.open.pop().flatten() {
            Some(true) => (Event::Html("</details>\n</div>\n".into()), range),
            Some(false) => (Event::Html("</div>\n".into()), range),
            None => (Event::End(end), range),
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Callouts<'a, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.pull()?;
        Some(match event {
            Event::Start(Tag::BlockQuote(kind)) => (self.start(kind), range),
            Event::End(end @ TagEnd::BlockQuote(_)) => self.end(end, range),
            other => (other, range),
        })
    }
}

/// `[!kind]`, an optional `-` (folded) or `+` (open), then an optional
/// title after a space: the kind as written, the fold and the title.
fn split_marker(text: &str) -> Option<(&str, Option<bool>, &str)> {
    let rest = text.trim_start().strip_prefix("[!")?;
    let (kind, rest) = rest.split_once(']')?;
    let valid = kind.starts_with(|c: char| c.is_ascii_alphabetic())
        && kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return None;
    }
    let (fold, rest) = match rest.as_bytes().first() {
        Some(b'-') => (Some(false), &rest[1..]),
        Some(b'+') => (Some(true), &rest[1..]),
        _ => (None, rest),
    };
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    Some((kind, fold, rest.trim()))
}

/// The index in [`KINDS`] of a kind as written, in any case.
fn known(written: &str) -> Option<usize> {
    let kind = written.to_ascii_lowercase().replace('_', "-");
    let kind = if kind == "key-judgment" {
        "key-judgement"
    } else {
        &kind
    };
    KINDS.iter().position(|(name, ..)| *name == kind)
}

fn github(kind: BlockQuoteKind) -> usize {
    match kind {
        BlockQuoteKind::Note => 0,
        BlockQuoteKind::Tip => 1,
        BlockQuoteKind::Important => 2,
        BlockQuoteKind::Warning => 3,
        BlockQuoteKind::Caution => 4,
    }
}

/// A callout's opening HTML: the container with `role="note"`, then its
/// title with the icon (a folding callout's title is the `<summary>`).
fn opening(callout: &Callout) -> String {
    let (name, label, icon) = KINDS.get(callout.kind).copied().unwrap_or(KINDS[0]);
    let icon = format!(
        "<svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">{icon}</svg>"
    );
    // A custom title hides the kind from sight; a screen reader still
    // hears it.
    let title = match &callout.title {
        Some(title) => format!(
            "<span class=\"visually-hidden\">{label}: </span>{}",
            escape(title)
        ),
        None => label.to_string(),
    };
    let container = format!("<div class=\"callout callout-{name}\" role=\"note\">\n");
    match callout.fold {
        None => format!("{container}<p class=\"callout-title\">{icon} {title}</p>\n"),
        Some(open) => {
            let open = if open { " open" } else { "" };
            format!(
                "{container}<details{open}>\n<summary class=\"callout-title\">{icon} {title}</summary>\n"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_split() {
        assert_eq!(split_marker("[!note]"), Some(("note", None, "")));
        assert_eq!(
            split_marker("[!Key-Judgment]- Russia hedges"),
            Some(("Key-Judgment", Some(false), "Russia hedges"))
        );
        assert_eq!(split_marker("[!tip]+"), Some(("tip", Some(true), "")));
        assert_eq!(split_marker("[!note]x"), None);
        assert_eq!(split_marker("[!]"), None);
        assert_eq!(split_marker("[!a b]"), None);
        assert_eq!(split_marker("not [!note]"), None);
    }

    #[test]
    fn kinds_are_matched_in_any_case() {
        assert_eq!(known("NOTE"), Some(0));
        assert_eq!(known("key-judgment"), Some(6));
        assert_eq!(known("Key_Judgement"), Some(6));
        assert_eq!(known("gap"), Some(7));
        assert_eq!(known("info"), None);
    }
}
