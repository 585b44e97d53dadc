//! The rendering pass: one walk over pulldown-cmark's events that writes a
//! body's HTML and collects what the graph needs (links with their
//! sentences, headings, citations, word count, first paragraph) as it
//! goes. What each kind of event becomes is decided here; the formats
//! live in the sibling modules.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::markdown::citations::{self, Numbering};
use crate::markdown::context::{sentence_around, tidy};
use crate::markdown::headings::HeadingIds;
use crate::markdown::highlight::Highlighter;
use crate::markdown::links::{self, EmptyLinks};
use crate::markdown::mentions::Collect;
use crate::markdown::placeholder;
use crate::markdown::words::words;
use crate::markdown::{
    Body, Citation, Context, Heading, Image, Link, LinkTarget, Problems, UnsafeLink,
};
use crate::text::html::escape;
use crate::text::media::{self, MediaKind};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
}

/// Renders `text` (a body starting at byte `offset` of its file), and
/// says what is wrong in it.
pub fn render(text: &str, offset: usize, highlighter: &Highlighter) -> (Body, Problems) {
    let text = placeholder::scrub(text);
    let parser = Parser::new_with_broken_link_callback(&text, options(), Some(citations::mark));
    let mut pass = Pass {
        offset,
        highlighter,
        out: Vec::new(),
        body: Body::default(),
        problems: Problems::default(),
        open: None,
        block: String::new(),
        pending: Vec::new(),
        heading: None,
        heading_text: String::new(),
        code: None,
        ids: HeadingIds::default(),
        numbering: Numbering::default(),
        empty: EmptyLinks::default(),
        image: None,
        paragraph: None,
        last_image: None,
        seen_image: false,
        math: super::math::Math::default(),
        raw: Default::default(),
        prose: Collect::default(),
    };
    let mut notes = super::footnotes::Watch::new(&text, offset);
    let mut callouts = super::callouts::Callouts::new(parser.into_offset_iter(), offset);
    for (event, range) in &mut callouts {
        notes.see(&event, &range);
        pass.event(event, range);
    }
    pass.problems.unknown_callouts = callouts.unknown;
    pass.finish_block();
    let (out, footnotes) = notes.place(pass.out, &mut pass.ids);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    super::direction::push_html(&mut html, out.into_iter());
    // The body is kept until the site is rendered: the room reserved for
    // writing it would otherwise stay allocated with it, for every page.
    let mut body = Body {
        html: super::Html::Plain(crate::text::tight::string(html)),
        cited: pass.numbering.cited,
        prose: pass.prose.done(),
        ..pass.body
    };
    shrink(&mut body);
    let problems = Problems {
        footnotes,
        math_errors: pass.math.errors,
        ..pass.problems
    };
    (body, problems)
}

/// Gives back the spare room of the lists the pass grew, as the body is
/// kept with its page for the whole build.
fn shrink(body: &mut Body) {
    use crate::text::tight;
    body.links = tight::vec(std::mem::take(&mut body.links));
    body.headings = tight::vec(std::mem::take(&mut body.headings));
    body.citations = tight::vec(std::mem::take(&mut body.citations));
    body.cited = tight::vec(std::mem::take(&mut body.cited));
    body.first_paragraph = tight::string(std::mem::take(&mut body.first_paragraph));
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
    problems: Problems,
    open: Option<Open>,
    /// Plain text of the current block, for link contexts.
    block: String,
    /// Links in the current block: (index, start, end) in `block`.
    pending: Vec<(usize, usize, usize)>,
    heading: Option<Vec<Event<'a>>>,
    heading_text: String,
    code: Option<(String, String)>,
    ids: HeadingIds,
    numbering: Numbering,
    empty: EmptyLinks,
    /// A local image being read: its tag is written at its end, once its
    /// alt text is known.
    image: Option<OpenImage>,
    /// Where in `out` the open paragraph starts.
    paragraph: Option<usize>,
    /// The last image written, while it may become its paragraph's figure.
    last_image: Option<Written>,
    /// Whether an image came before: only the first loads eagerly.
    seen_image: bool,
    math: super::math::Math,
    /// The raw HTML block being read, for the wiki links in it.
    raw: super::rawlinks::RawHtml,
    /// Where unlinked mentions may be (see `mentions`).
    prose: Collect,
}

/// An image whose alt text is being collected.
struct OpenImage {
    /// A local image's index in the links; `None` for one elsewhere.
    index: Option<usize>,
    /// Another site's image's address, checked.
    dest: String,
    /// The path (or address) as written, for its kind.
    written: String,
    title: String,
    alt: String,
    span: Range<usize>,
    /// Images nested in its alt text, whose ends are not its own.
    nested: usize,
    /// An embed (`![[…]]`) rather than a Markdown image.
    embed: Option<OpenEmbed>,
}

/// What is known of an embed at its start.
struct OpenEmbed {
    /// Whether `|…` was written: then the text is its alt text or width.
    pothole: bool,
    /// An embedded page, shown as a card; `block_start` is where its
    /// label starts in the block's plain text.
    card: Option<usize>,
}

/// An image written to `out[at]`: local (`index`) or another site's.
struct Written {
    at: usize,
    index: Option<usize>,
    dest: String,
    image: Image,
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
        if self.image.is_some() {
            return self.in_image(event);
        }
        if let Some(empty) = self.empty.see(&event, &range) {
            let span = self.in_file(&empty);
            self.problems.empty_links.push(span);
        }
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
                ..
            }) => match link_type {
                LinkType::WikiLink { has_pothole } => {
                    self.start_embed(&dest_url, has_pothole, &range)
                }
                _ => self.start_image(dest_url, title, range),
            },
            Event::Start(Tag::Paragraph) => {
                self.paragraph = Some(self.out.len());
                self.emit(event);
            }
            Event::Text(text)
            | Event::Code(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text)
                if self.in_hidden_label() =>
            {
                drop(text)
            }
            Event::InlineMath(tex) => self.math(&tex, false, &range),
            Event::DisplayMath(tex) => self.math(&tex, true, &range),
            Event::Text(text) => {
                let at = self.block.len();
                self.plain(&text);
                if self.open.is_none() && self.heading.is_none() {
                    let file = self.in_file(&range);
                    self.prose.run(at, self.block.len(), file.start, file.len());
                }
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
            Event::Html(html) => self.raw_html(html, range),
            Event::End(TagEnd::HtmlBlock) => {
                self.raw.end();
                self.emit(event);
                self.finish_block();
            }
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
                if !self.figure_paragraph() {
                    self.emit(event);
                }
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

    /// An image: a local one is recorded as a link, another site's
    /// address checked; both are written at their end, once the alt text
    /// is known.
    fn start_image(&mut self, dest: CowStr<'a>, title: CowStr<'a>, range: Range<usize>) {
        let span = self.in_file(&range);
        let written = dest.to_string();
        let (index, dest) = match links::local(&dest) {
            Some(target) => (
                Some(self.internal_link(target, span.clone(), true)),
                String::new(),
            ),
            None => (None, self.checked(dest, true, &range).to_string()),
        };
        self.image = Some(OpenImage {
            index,
            dest,
            written,
            title: title.to_string(),
            alt: String::new(),
            span,
            nested: 0,
            embed: None,
        });
    }

    /// An event inside an image: its text is the alt text, as
    /// pulldown-cmark writes it (text only, markup dropped).
    fn in_image(&mut self, event: Event<'a>) {
        let Some(image) = self.image.as_mut() else {
            return;
        };
        match event {
            Event::Text(text)
            | Event::Code(text)
            | Event::Html(text)
            | Event::InlineHtml(text)
            | Event::InlineMath(text)
            | Event::DisplayMath(text) => {
                image.alt.push_str(&text);
                if image.embed.is_none() {
                    self.plain(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            Event::Start(Tag::Image { .. }) => image.nested += 1,
            Event::End(TagEnd::Image) if image.nested > 0 => image.nested -= 1,
            Event::End(TagEnd::Image) => self.end_image(),
            _ => {}
        }
    }

    /// An embed, `![[map.png|alt or width]]` or `![[Some brief#heading]]`:
    /// an attachment shown as its Markdown image would be, or a page shown
    /// as a card. Its text (the name, or what follows `|`) is read as an
    /// image's alt text or width.
    fn start_embed(&mut self, dest: &str, pothole: bool, range: &Range<usize>) {
        let target = links::embed(dest);
        let card = matches!(target, LinkTarget::Name { .. });
        let label = match &target {
            LinkTarget::Name { name, .. } => name.clone(),
            _ => String::new(),
        };
        let span = self.in_file(range);
        let index = self.internal_link(target, span.clone(), !card);
        let card = card.then(|| {
            if let Some(link) = self.body.links.get_mut(index) {
                link.card = true;
            }
            let block_start = self.block.len();
            self.plain_label(&placeholder::label(index), &label);
            block_start
        });
        self.image = Some(OpenImage {
            index: Some(index),
            dest: String::new(),
            written: dest.to_string(),
            title: String::new(),
            alt: String::new(),
            span,
            nested: 0,
            embed: Some(OpenEmbed { pothole, card }),
        });
    }

    /// Finishes an embed: a page's card (then `None`), or an attachment's
    /// image with the alt text or the width written after `|`.
    fn end_embed(
        &mut self,
        mut open: OpenImage,
        embed: OpenEmbed,
    ) -> Option<(OpenImage, Option<u32>)> {
        let index = open.index?;
        if let Some(block_start) = embed.card {
            let end = self.block.len();
            self.pending.push((index, block_start, end));
            let card = placeholder::card(index);
            self.emit(Event::InlineHtml(CowStr::from(card)));
            return None;
        }
        let text = if embed.pothole { open.alt.trim() } else { "" };
        let width = text.parse::<u32>().ok().filter(|&w| w > 0);
        open.alt = if width.is_some() {
            String::new()
        } else {
            text.to_string()
        };
        Some((open, width))
    }

    /// Writes the image read: a local one as its placeholder (its file
    /// decides what it becomes), another site's as an image. One with no
    /// alt text is reported unless its title marks it decorative.
    fn end_image(&mut self) {
        let Some(mut open) = self.image.take() else {
            return;
        };
        let mut width = None;
        if let Some(embed) = open.embed.take() {
            let Some((embedded, asked)) = self.end_embed(open, embed) else {
                return;
            };
            (open, width) = (embedded, asked);
        }
        let decorative = open.title.trim().eq_ignore_ascii_case(DECORATIVE);
        if !decorative && open.alt.trim().is_empty() {
            self.problems.missing_alt.push(open.span.clone());
        }
        let path = open.written.split(['?', '#']).next().unwrap_or("");
        let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
        let player = matches!(media::kind(ext), MediaKind::Video | MediaKind::Audio);
        let image = Image {
            alt: if decorative { String::new() } else { open.alt },
            title: if decorative {
                String::new()
            } else {
                open.title
            },
            eager: !player && !self.seen_image,
            width,
            ..Image::default()
        };
        self.seen_image |= !player;
        let html = match open.index {
            Some(index) => {
                if let Some(link) = self.body.links.get_mut(index) {
                    link.image = Some(Box::new(image.clone()));
                }
                placeholder::embed(index)
            }
            None => elsewhere(&open.dest, &image),
        };
        if self.heading.is_none() {
            self.last_image = Some(Written {
                at: self.out.len(),
                index: open.index,
                dest: open.dest,
                image,
            });
        }
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    /// When the paragraph ending holds nothing but an image with a title,
    /// the image becomes a captioned `<figure>` in its place (a figure
    /// cannot sit inside a `<p>`): true when it did, and the paragraph's
    /// tags are gone.
    fn figure_paragraph(&mut self) -> bool {
        let (Some(start), Some(mut last)) = (self.paragraph.take(), self.last_image.take()) else {
            return false;
        };
        let alone = last.at == start + 1
            && self.out.len() == start + 2
            && matches!(self.out.get(start), Some(Event::Start(Tag::Paragraph)));
        if !alone || last.image.title.trim().is_empty() {
            return false;
        }
        last.image.figure = true;
        match last.index {
            Some(index) => {
                if let Some(image) = self
                    .body
                    .links
                    .get_mut(index)
                    .and_then(|l| l.image.as_mut())
                {
                    image.figure = true;
                }
            }
            None => {
                self.out[last.at] = Event::InlineHtml(elsewhere(&last.dest, &last.image).into())
            }
        }
        self.out.remove(start);
        true
    }

    /// `range` of the parsed body as a range of the whole file.
    fn in_file(&self, range: &Range<usize>) -> Range<usize> {
        range.start + self.offset..range.end + self.offset
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
        let span = self.in_file(&range);
        if let Some(parts) = citations::cited(link_type, &dest) {
            self.cite(parts, span);
            return;
        }
        let Some((target, replace_label)) = links::target(link_type, &dest) else {
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
        let index = self.internal_link(target, span, false);
        let title = escape(&title);
        self.emit(Event::InlineHtml(CowStr::from(placeholder::link_start(
            index, &title,
        ))));
        let block_start = self.block.len();
        if let Some(label) = &replace_label {
            let placeholder = placeholder::label(index);
            self.plain_label(&placeholder, label);
            self.emit(Event::InlineHtml(CowStr::from(placeholder)));
        }
        self.open = Some(Open::Internal {
            index,
            block_start,
            replace_label,
        });
    }

    /// Records a link into the dossier; gives its index in the body's links.
    fn internal_link(&mut self, target: LinkTarget, span: Range<usize>, image: bool) -> usize {
        let image = image.then(Box::<Image>::default);
        let key = match &target {
            LinkTarget::Name { name, .. } => crate::text::slug::name_key(name),
            LinkTarget::File { .. } | LinkTarget::Local { .. } | LinkTarget::FileName { .. } => {
                String::new()
            }
        };
        self.body.links.push(Link {
            target,
            key,
            span,
            context: Context::default(),
            image,
            card: false,
        });
        self.body.links.len() - 1
    }

    /// `dest` if it is safe to follow; otherwise the link or image at
    /// `range` is recorded as unsafe and its destination emptied, so no
    /// output can hold it even if the error were ignored.
    fn checked(&mut self, dest: CowStr<'a>, image: bool, range: &Range<usize>) -> CowStr<'a> {
        let Some(scheme) = crate::text::urls::unsafe_scheme(&dest, image) else {
            return dest;
        };
        self.problems.unsafe_links.push(UnsafeLink {
            span: self.in_file(range),
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
                let local = self.body.links.get(index).map(|l| &l.target);
                if matches!(local, Some(LinkTarget::Local { .. })) {
                    self.emit(Event::InlineHtml(placeholder::after(index).into()));
                }
            }
            Some(Open::Citation) => {}
            Some(Open::External) | None => self.emit(Event::End(TagEnd::Link)),
        }
    }

    /// Emits a citation such as `[1, 2]`; its label is not shown.
    fn cite(&mut self, parts: Vec<citations::Cited>, span: Range<usize>) {
        self.trim_space_before_citation();
        let html = self.numbering.cite(&parts, self.body.citations.len());
        self.body
            .citations
            .extend(parts.into_iter().map(|part| Citation {
                id: part.id,
                span: span.clone(),
                credibility: part.credibility,
            }));
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
        let id = self.ids.id(given, &text);
        if let Some(Event::Start(Tag::Heading { id: slot, .. })) = events.first_mut() {
            *slot = Some(CowStr::from(id.clone()));
        }
        self.out.append(&mut events);
        self.out.push(end);
        self.body.headings.push(Heading { level, id, text });
        self.finish_block();
    }

    /// A formula: its TeX is its plain text (summaries, contexts, words).
    fn math(&mut self, tex: &str, display: bool, range: &Range<usize>) {
        self.plain(tex);
        let html = self.math.html(tex, display, self.in_file(range));
        self.emit(Event::InlineHtml(CowStr::from(html)));
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
        self.prose.finish(&self.block);
        self.block.clear();
    }
}

/// The title that marks an image as decorative: written with `alt=""`
/// (screen readers skip it), no caption, and no `missing-alt` warning.
pub const DECORATIVE: &str = "decorative";

/// An image from another site (or a `data:` one): nothing is known of its
/// file, and it is never a player.
fn elsewhere(dest: &str, image: &Image) -> String {
    let title = Some(image.title.as_str());
    media::image_html(
        dest,
        &image.alt,
        title,
        None,
        image.eager,
        image.width,
        image.figure,
    )
}

#[path = "pass_raw.rs"]
mod raw;

#[cfg(test)]
#[path = "pass_tests.rs"]
mod tests;
