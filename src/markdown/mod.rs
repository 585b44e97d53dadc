//! Markdown: renders a page body to HTML in one pass over pulldown-cmark's
//! events, and collects what the graph needs: wiki and file links (with the
//! sentence around each), headings with stable ids, and citations.
//!
//! Link targets are not known yet at this stage, so each link's attributes
//! are a placeholder (`<a \0N\0>`, N = index into `links`) that the render
//! stage replaces with `href="…"` (or marks unpublished); an unlabelled wiki
//! link's text is a placeholder too (`\0N~\0`), since it may show the
//! target's title. NUL bytes in a
//! writer's text become spaces before parsing, so no text forges one.

pub mod highlight;
pub mod page;

use crate::HashMap;
use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::markdown::highlight::Highlighter;
use crate::text::html::escape;
use crate::text::percent::percent_decode;
use crate::text::slug::{slugify, slugify_or_hash};

/// Marks the destination of a `[@id]` citation found by the broken-link hook.
const CITE_MARK: &str = "\u{0}cite:";

/// What a link points at, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `[[name]]`, `[[name|label]]`, `[[name#heading]]`.
    Name {
        name: String,
        fragment: Option<String>,
    },
    /// `[label](relative/path.md#heading)`.
    File {
        path: String,
        fragment: Option<String>,
    },
}

/// The sentence a link sits in, split around the link's own text. An
/// unlabelled wiki link's text is its `\0N~\0` placeholder, here as in the
/// HTML; `site::Site::plain` replaces it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Context {
    pub before: String,
    pub text: String,
    pub after: String,
}

/// One internal link in a body.
#[derive(Debug, Clone)]
pub struct Link {
    pub target: LinkTarget,
    /// The lookup key of a wiki link's name (see `slug::name_key`), made
    /// once here rather than on every rebuild; empty for file links.
    pub key: String,
    /// Byte range of the link in the whole file.
    pub span: Range<usize>,
    pub context: Context,
}

/// One `[@id]` in a body.
#[derive(Debug, Clone)]
pub struct Citation {
    pub id: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A rendered body and everything found in it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// HTML with `\0N\0` placeholders for internal link targets.
    pub html: String,
    pub links: Vec<Link>,
    pub headings: Vec<Heading>,
    pub citations: Vec<Citation>,
    /// Cited source ids in order of first citation; a citation's number is
    /// its id's position here plus one.
    pub cited: Vec<String>,
    /// Plain text of the first paragraph, the default summary (with
    /// placeholders for unlabelled links, as in `Context`).
    pub first_paragraph: String,
    pub words: usize,
    /// Byte ranges (in the file) of empty `[[]]` links.
    pub empty_links: Vec<Range<usize>>,
    /// Links and images whose destination would run script.
    pub unsafe_links: Vec<UnsafeLink>,
}

/// A link or image whose destination has a script-capable scheme (see
/// [`crate::text::urls::unsafe_scheme`]); its destination is emptied in the
/// HTML, and the page reports it as an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeLink {
    /// Byte range of the link or image in the whole file.
    pub span: Range<usize>,
    /// The scheme, lowercased: `javascript`, `vbscript` or `data`.
    pub scheme: String,
    pub image: bool,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// Renders `text` (a body starting at byte `offset` of its file).
pub fn render(text: &str, offset: usize, highlighter: &Highlighter) -> Body {
    // NUL would forge link placeholders; a space keeps every byte offset.
    let cleaned;
    let text = if text.contains('\0') {
        cleaned = text.replace('\0', " ");
        cleaned.as_str()
    } else {
        text
    };
    let citations = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        let ids = citation_ids(&link.reference)?;
        Some((
            CowStr::from(format!("{CITE_MARK}{}", ids.join(";"))),
            CowStr::from(""),
        ))
    };
    let parser = Parser::new_with_broken_link_callback(text, options(), Some(citations));
    let mut pass = Pass {
        offset,
        highlighter,
        out: Vec::new(),
        body: Body::default(),
        open: None,
        block: String::new(),
        pending: Vec::new(),
        heading: None,
        heading_text: String::new(),
        code: None,
        ids: HashMap::default(),
        cite_numbers: HashMap::default(),
        brackets: Vec::new(),
    };
    for (event, range) in parser.into_offset_iter() {
        pass.event(event, range);
    }
    pass.finish_block();
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, pass.out.into_iter());
    // The body is kept until the site is rendered: the room reserved for
    // writing it would otherwise stay allocated with it, for every page.
    html.shrink_to_fit();
    Body { html, ..pass.body }
}

/// The ids in a citation label such as `@kumar-2025` or `@a; @b`, if every
/// part is one.
fn citation_ids(label: &str) -> Option<Vec<String>> {
    let ids: Option<Vec<String>> = label
        .split(';')
        .map(|part| {
            part.trim()
                .strip_prefix('@')
                .map(|id| id.trim().to_string())
                .filter(|id| !id.is_empty())
        })
        .collect();
    ids.filter(|ids| !ids.is_empty())
}

/// What kind of link the pass is inside.
enum Open {
    /// One of ours: a placeholder was emitted for links[index].
    Internal {
        index: usize,
        block_start: usize,
        replace_label: Option<String>,
    },
    /// A citation: its label text is not shown.
    Citation,
    /// An ordinary link, passed through.
    External,
}

/// The state of one rendering pass.
struct Pass<'a, 'h> {
    offset: usize,
    highlighter: &'h Highlighter,
    out: Vec<Event<'a>>,
    body: Body,
    open: Option<Open>,
    /// Plain text of the current block, for link contexts.
    block: String,
    /// Links in the current block: (index, start, end) in `block`.
    pending: Vec<(usize, usize, usize)>,
    heading: Option<Vec<Event<'a>>>,
    heading_text: String,
    code: Option<(String, String)>,
    ids: HashMap<String, usize>,
    /// Citation number of each id cited so far.
    cite_numbers: HashMap<String, usize>,
    /// Text events of `[[]]` seen so far in a row: `[`, `[`, `]`, `]`.
    brackets: Vec<Range<usize>>,
}

impl<'a> Pass<'a, '_> {
    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(text) => code.push_str(&text),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        self.track_brackets(&event, &range);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_link(link_type, dest_url, title, id, range),
            Event::End(TagEnd::Link) => self.end_link(),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.checked(dest_url, true, &range);
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Text(text) | Event::Code(text) if self.in_hidden_label() => drop(text),
            Event::Text(text) => {
                self.plain(&text);
                self.emit(Event::Text(text));
            }
            Event::Code(text) => {
                self.plain(&text);
                self.emit(Event::Code(text));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block.push(' ');
                self.heading_text.push(' ');
                self.emit(event);
            }
            Event::Start(Tag::Heading { .. }) => {
                self.finish_block();
                self.heading = Some(vec![event]);
                self.heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(event),
            Event::Start(Tag::CodeBlock(kind)) => {
                self.finish_block();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Event::End(TagEnd::Paragraph) => {
                if self.body.first_paragraph.is_empty() {
                    self.body.first_paragraph = tidy(&self.block);
                }
                self.emit(event);
                self.finish_block();
            }
            Event::End(
                TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => {
                self.emit(event);
                self.finish_block();
            }
            other => self.emit(other),
        }
    }

    /// Notices `[[]]`, which pulldown-cmark leaves as four bracket texts
    /// rather than a link, so it can be reported.
    fn track_brackets(&mut self, event: &Event<'a>, range: &Range<usize>) {
        const EMPTY: [&str; 4] = ["[", "[", "]", "]"];
        let text = match event {
            Event::Text(text) => text.as_ref(),
            _ => "",
        };
        let adjacent = self
            .brackets
            .last()
            .is_none_or(|last| last.end == range.start);
        if EMPTY.get(self.brackets.len()) == Some(&text) && adjacent {
            self.brackets.push(range.clone());
        } else {
            self.brackets.clear();
            if text == "[" {
                self.brackets.push(range.clone());
            }
        }
        if self.brackets.len() == EMPTY.len() {
            let start = self.brackets.first().map_or(range.start, |r| r.start);
            self.body
                .empty_links
                .push(start + self.offset..range.end + self.offset);
            self.brackets.clear();
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match &mut self.heading {
            Some(events) => events.push(event),
            None => self.out.push(event),
        }
    }

    fn plain(&mut self, text: &str) {
        self.block.push_str(text);
        if self.heading.is_some() {
            self.heading_text.push_str(text);
        }
        self.body.words += words(text);
    }

    /// The plain text of an unlabelled link: its label is known only once
    /// links resolve, so contexts and summaries hold the `placeholder`;
    /// a heading's text (and so its id) keeps the name as written.
    fn plain_label(&mut self, placeholder: &str, name: &str) {
        self.block.push_str(placeholder);
        if self.heading.is_some() {
            self.heading_text.push_str(name);
        }
        self.body.words += words(name);
    }

    fn in_hidden_label(&self) -> bool {
        matches!(
            self.open,
            Some(Open::Citation)
                | Some(Open::Internal {
                    replace_label: Some(_),
                    ..
                })
        )
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        let span = range.start + self.offset..range.end + self.offset;
        if let Some(ids) = dest
            .strip_prefix(CITE_MARK)
            .filter(|_| link_type == LinkType::ShortcutUnknown)
        {
            let ids: Vec<String> = ids.split(';').map(str::to_owned).collect();
            self.cite(ids, span);
            return;
        }
        let target = match link_type {
            LinkType::WikiLink { has_pothole } => {
                let (name, fragment) = split_fragment(&dest);
                // Without a label, the render stage picks one: the name as
                // written, or the target's title when a slug was written.
                let replace_label = (!has_pothole).then(|| name.trim().to_string());
                Some((
                    LinkTarget::Name {
                        name: name.trim().to_string(),
                        fragment,
                    },
                    replace_label,
                ))
            }
            _ if is_relative_markdown(&dest) => {
                let (path, fragment) = split_fragment(&dest);
                Some((
                    LinkTarget::File {
                        path: percent_decode(path),
                        fragment,
                    },
                    None,
                ))
            }
            _ => None,
        };
        let Some((target, replace_label)) = target else {
            self.open = Some(Open::External);
            let dest = self.checked(dest, false, &range);
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url: dest,
                title,
                id,
            }));
            return;
        };
        let index = self.body.links.len();
        let key = match &target {
            LinkTarget::Name { name, .. } => crate::text::slug::name_key(name),
            LinkTarget::File { .. } => String::new(),
        };
        self.body.links.push(Link {
            target,
            key,
            span,
            context: Context::default(),
        });
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", escape(&title))
        };
        self.emit(Event::InlineHtml(CowStr::from(format!(
            "<a \u{0}{index}\u{0}{title}>"
        ))));
        let block_start = self.block.len();
        if let Some(label) = &replace_label {
            let placeholder = format!("\u{0}{index}~\u{0}");
            self.plain_label(&placeholder, label);
            self.emit(Event::InlineHtml(CowStr::from(placeholder)));
        }
        self.open = Some(Open::Internal {
            index,
            block_start,
            replace_label,
        });
    }

    /// `dest` if it is safe to follow; otherwise the link or image at
    /// `range` is recorded as unsafe and its destination emptied, so no
    /// output can hold it even if the error were ignored.
    fn checked(&mut self, dest: CowStr<'a>, image: bool, range: &Range<usize>) -> CowStr<'a> {
        let Some(scheme) = crate::text::urls::unsafe_scheme(&dest, image) else {
            return dest;
        };
        self.body.unsafe_links.push(UnsafeLink {
            span: range.start + self.offset..range.end + self.offset,
            scheme,
            image,
        });
        CowStr::Borrowed("")
    }

    fn end_link(&mut self) {
        match self.open.take() {
            Some(Open::Internal {
                index, block_start, ..
            }) => {
                self.pending.push((index, block_start, self.block.len()));
                self.emit(Event::InlineHtml(CowStr::Borrowed("</a>")));
            }
            Some(Open::Citation) => {}
            Some(Open::External) | None => self.emit(Event::End(TagEnd::Link)),
        }
    }

    /// Emits a citation such as `[1, 2]`, each number linking to its entry in
    /// the page's source list.
    fn cite(&mut self, ids: Vec<String>, span: Range<usize>) {
        self.trim_space_before_citation();
        let mut html = String::from("<sup class=\"cite\">[");
        for (n, id) in ids.into_iter().enumerate() {
            let next = self.body.cited.len() + 1;
            let number = *self.cite_numbers.entry(id.clone()).or_insert(next);
            if number == next {
                self.body.cited.push(id.clone());
            }
            if n > 0 {
                html.push_str(", ");
            }
            html.push_str(&format!(
                "<a href=\"#source-{}\">{number}</a>",
                slugify_or_hash(&id)
            ));
            self.body.citations.push(Citation {
                id,
                span: span.clone(),
            });
        }
        html.push_str("]</sup>");
        self.emit(Event::InlineHtml(CowStr::from(html)));
        self.open = Some(Open::Citation);
    }

    /// "claim [@x]" reads "claim¹": the space before a citation goes.
    fn trim_space_before_citation(&mut self) {
        let events = self.heading.as_mut().unwrap_or(&mut self.out);
        if let Some(Event::Text(text)) = events.last_mut()
            && text.ends_with(' ')
        {
            *text = CowStr::from(text.trim_end_matches(' ').to_string());
        }
    }

    fn end_heading(&mut self, end: Event<'a>) {
        let Some(mut events) = self.heading.take() else {
            return;
        };
        let text = self.heading_text.trim().to_string();
        let level = match &end {
            Event::End(TagEnd::Heading(level)) => *level as u8,
            _ => 2,
        };
        let given = match events.first() {
            Some(Event::Start(Tag::Heading { id: Some(id), .. })) => Some(id.to_string()),
            _ => None,
        };
        let id = self.unique_id(given.unwrap_or_else(|| slugify(&text)));
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = events.first_mut() {
            *slot = Some(CowStr::from(id.clone()));
        }
        self.out.append(&mut events);
        self.out.push(end);
        self.body.headings.push(Heading { level, id, text });
        self.finish_block();
    }

    /// A heading id not used before on this page: `outlook`, `outlook-1`, …
    fn unique_id(&mut self, base: String) -> String {
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let count = self.ids.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{}", *count - 1)
        }
    }

    fn end_code(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        let html = self.highlighter.highlight(&lang, &code);
        self.emit(Event::Html(CowStr::from(html)));
    }

    /// Gives each link of the finished block the sentence around it.
    fn finish_block(&mut self) {
        for (index, start, end) in self.pending.drain(..) {
            if let Some(link) = self.body.links.get_mut(index) {
                link.context = sentence_around(&self.block, start, end);
            }
        }
        self.block.clear();
    }
}

/// The number of words in `text` (runs with a letter or digit).
/// One pass over the text: a run is counted at its first letter or digit,
/// so nothing is split or allocated; ASCII, nearly all of it, is read byte
/// by byte without decoding.
fn words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut count, mut counted, mut at) = (0, false, 0);
    while at < bytes.len() {
        let byte = bytes[at];
        let (alphanumeric, space, width) = match ASCII_CLASS.get(usize::from(byte)) {
            Some(&class) => (class == ALPHANUMERIC, class == SPACE, 1),
            None => {
                let c = text[at..].chars().next().unwrap_or(' ');
                (c.is_alphanumeric(), c.is_whitespace(), c.len_utf8())
            }
        };
        // No branch on the byte's class: text alternates between letters
        // and spaces too often for a branch to be guessed right.
        count += usize::from(alphanumeric & !counted);
        counted = (counted | alphanumeric) & !space;
        at += width;
    }
    count
}

const ALPHANUMERIC: u8 = 1;
const SPACE: u8 = 2;

/// What each ASCII byte is to [`words`]: a letter or digit, a space, or
/// neither (punctuation, which neither starts nor ends a word).
const ASCII_CLASS: [u8; 128] = {
    let mut classes = [0; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        if b.is_ascii_alphanumeric() {
            classes[byte] = ALPHANUMERIC;
        } else if matches!(b, b' ' | b'\t'..=b'\r') {
            classes[byte] = SPACE;
        }
        byte += 1;
    }
    classes
};

/// Splits `name#fragment`.
fn split_fragment(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((name, fragment)) => (
            name,
            Some(fragment.trim().to_string()).filter(|f| !f.is_empty()),
        ),
        None => (dest, None),
    }
}

/// A relative link to a Markdown file: no scheme, not absolute, `.md` path.
fn is_relative_markdown(dest: &str) -> bool {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    let has_scheme = path
        .split('/')
        .next()
        .is_some_and(|first| first.contains(':'));
    !has_scheme && !path.starts_with('/') && path.to_ascii_lowercase().ends_with(".md")
}

/// The sentence of `block` that holds `start..end`, shortened to a readable
/// length around the link.
fn sentence_around(block: &str, start: usize, end: usize) -> Context {
    const SIDE: usize = 160;
    let (start, end) = (
        start.min(block.len()),
        end.min(block.len()).max(start.min(block.len())),
    );
    // Look for the sentence's ends only near the link, so a huge paragraph
    // with many links stays linear.
    let before = &block[floor_boundary(block, start.saturating_sub(4 * SIDE))..start];
    let sentence_start = before
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?') && before[i + 1..].starts_with(char::is_whitespace)
        })
        .map_or(0, |(i, _)| i + 1);
    let after = &block[end..floor_boundary(block, end.saturating_add(4 * SIDE))];
    let sentence_end = after
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && after[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map_or(after.len(), |(i, c)| i + c.len_utf8());
    Context {
        before: clip_start(&tidy_start(&before[sentence_start..]), SIDE),
        text: clip_end(&block[start..end], 4 * SIDE),
        after: clip_end(&tidy_end(&after[..sentence_end]), SIDE),
    }
}

/// The nearest char boundary at or before `at` (clamped to the text).
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Collapses runs of white space and drops the space a hidden citation
/// leaves before punctuation ("claim [@x]." reads "claim.").
fn tidy(text: &str) -> String {
    tidy_end(text).trim().to_string()
}

fn tidy_start(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() && !word.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() {
        out.push(' ');
    }
    out
}

fn tidy_end(text: &str) -> String {
    let leading = text.starts_with(char::is_whitespace)
        && !text
            .trim_start()
            .starts_with(['.', ',', ';', ':', '!', '?', ')']);
    let body = tidy_start(text);
    if leading && !body.is_empty() {
        format!(" {body}")
    } else {
        body
    }
}

/// The last `max` characters of `text`, cut at a word, with an ellipsis.
fn clip_start(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let tail: String = text.chars().skip(count - max).collect();
    let tail = tail.split_once(' ').map_or(tail.as_str(), |(_, rest)| rest);
    format!("…{tail}")
}

/// The first `max` characters of `text`, cut at a word, with an ellipsis.
fn clip_end(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    let head = head
        .rsplit_once(' ')
        .map_or(head.as_str(), |(first, _)| first);
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_with_a_letter_or_digit() {
        assert_eq!(words("Hello, world \u{2014} 42 times"), 4);
        assert_eq!(words("\u{e9}t\u{e9}\u{2003}na\u{ef}ve\tx-y\n\n"), 3);
        assert_eq!(words(" \u{a0}-- ... "), 0);
        assert_eq!(words("\u{434}\u{440}\u{43e} \u{645}\u{633}\u{64a}"), 2);
    }

    fn body(text: &str) -> Body {
        render(text, 0, &Highlighter::default())
    }

    #[test]
    fn wiki_links_become_placeholders_with_context() {
        let b = body("Intro. The [[Zangezur corridor|route]] worried Tehran. Next one.\n");
        assert_eq!(b.links.len(), 1);
        assert_eq!(
            b.links[0].target,
            LinkTarget::Name {
                name: "Zangezur corridor".into(),
                fragment: None
            }
        );
        assert!(b.html.contains("<a \u{0}0\u{0}>route</a>"), "{}", b.html);
        assert_eq!(
            b.links[0].context,
            Context {
                before: "The ".into(),
                text: "route".into(),
                after: " worried Tehran.".into()
            }
        );
        assert_eq!(
            &"Intro. The [[Zangezur corridor|route]] worried"[b.links[0].span.clone()],
            "[[Zangezur corridor|route]]"
        );
    }

    #[test]
    fn fragments_are_split_off_and_hidden_from_labels() {
        let b = body("See [[Shahed drones#supply]].");
        assert_eq!(
            b.links[0].target,
            LinkTarget::Name {
                name: "Shahed drones".into(),
                fragment: Some("supply".into())
            }
        );
        assert!(
            b.html.contains("<a \u{0}0\u{0}>\u{0}0~\u{0}</a>"),
            "{}",
            b.html
        );
        assert_eq!(b.links[0].context.text, "\u{0}0~\u{0}");
    }

    #[test]
    fn relative_markdown_links_are_internal() {
        let b = body("[a](../topics/gas.md#history) [b](https://x.org/a.md) [c](/abs.md)");
        assert_eq!(b.links.len(), 1);
        assert_eq!(
            b.links[0].target,
            LinkTarget::File {
                path: "../topics/gas.md".into(),
                fragment: Some("history".into())
            }
        );
    }

    #[test]
    fn relative_link_paths_are_percent_decoded() {
        assert_eq!(percent_decode("My%20Brief.md"), "My Brief.md");
        assert_eq!(percent_decode("caf%C3%A9.md"), "café.md");
        assert_eq!(percent_decode("100%.md"), "100%.md");
        assert_eq!(percent_decode("%zz%+1%"), "%zz%+1%");
        assert_eq!(percent_decode("%FF.md"), "%FF.md");
    }

    #[test]
    fn citations_are_numbered_by_first_use() {
        let b = body("One [@b]. Two [@a; @b]. Three [@a].");
        assert_eq!(b.cited, ["b", "a"]);
        assert_eq!(b.citations.len(), 4);
        assert!(
            b.html
                .contains("[<a href=\"#source-a\">2</a>, <a href=\"#source-b\">1</a>]"),
            "{}",
            b.html
        );
        assert!(!b.html.contains("@a"));
        assert!(b.html.contains("One<sup class=\"cite\">"), "{}", b.html);
    }

    #[test]
    fn headings_get_unique_stable_ids() {
        let b = body("## Outlook\n\n## Outlook\n\n## Custom {#mine}\n");
        let ids: Vec<&str> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["outlook", "outlook-1", "mine"]);
        assert!(b.html.contains("<h2 id=\"outlook-1\">"), "{}", b.html);
    }

    #[test]
    fn summary_and_words_come_from_text() {
        let b = body("First *para* here [@x].\n\nSecond.");
        assert_eq!(b.first_paragraph, "First para here.");
        assert_eq!(b.words, 4);
    }

    #[test]
    fn empty_wiki_links_are_found() {
        let b = body("a [[]] b `[[]]` [[x]]");
        assert_eq!(b.empty_links, vec![2..6]);
        assert_eq!(b.links.len(), 1);
    }

    #[test]
    fn nul_bytes_cannot_forge_placeholders() {
        let b = body("a \u{0}0\u{0} b");
        assert!(!b.html.contains('\u{0}'));
    }
}
