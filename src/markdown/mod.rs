//! Markdown: renders a page body to HTML in one pass over pulldown-cmark's
//! events ([`pass::render`]), and collects what the graph needs: wiki and
//! file links and local links and images, and embeds (`![[…]]`), with the sentence
//! around each; headings with stable ids,
//! and citations; `direction` writes the HTML with `dir="auto"` on text
//! blocks, and `rawlinks` finds wiki links in raw HTML blocks. It takes a body's text and its offset in the file; it
//! gives a [`Body`], defined here, which the site and render stages read.
//!
//! Link targets are not known yet at this stage, so each link in the HTML
//! is a placeholder that the render stage fills in; [`placeholder`] owns
//! that format, and [`citations::source_anchor`] the anchor a citation
//! links to. `page` reads a whole content file into a [`page::Page`], warning
//! about a published brief that looks `unfinished`.

pub mod callouts;
pub mod citations;
pub mod context;
mod direction;
pub mod footnotes;
mod headings;
pub mod highlight;
mod links;
pub mod math;
mod mathml;
pub mod mentions;
pub mod page;
pub mod pass;
pub mod placeholder;
mod rawlinks;
pub mod unfinished;
mod words;

use crate::content::frontmatter::sources::Credibility;
use std::borrow::Cow;
use std::ops::Range;

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
    /// Any other local destination of a link or image: `map.png`,
    /// `../maps/x.svg` (relative to the Markdown file), `/static/logo.svg`
    /// (`rooted`: relative to the site root). `path` is percent-decoded;
    /// `suffix` is the `?query#fragment` as written, kept on the link.
    Local {
        path: String,
        rooted: bool,
        suffix: String,
    },
    /// `![[map.png]]`: an attachment anywhere under `content/`, named by
    /// its file name (or the end of its path), case-insensitively; the
    /// `#fragment` as written is kept on the link as `suffix`.
    FileName { name: String, suffix: String },
}

/// The sentence a link sits in, split around the link's own text. An
/// unlabelled wiki link's text is its `\0N~\0` placeholder, here as in the
/// HTML; `site::Site::plain` replaces it.
///
/// Held as one string and where its parts meet: a dossier keeps one for
/// every link and unlinked mention for the whole build, and three
/// strings took twice the room.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Context {
    sentence: Box<str>,
    /// Where the link's text starts and ends in `sentence`.
    text_at: u32,
    after_at: u32,
}

impl Context {
    pub fn new(before: &str, text: &str, after: &str) -> Context {
        let (text_at, after_at) = (before.len(), before.len() + text.len());
        match (u32::try_from(text_at), u32::try_from(after_at)) {
            (Ok(text_at), Ok(after_at)) => Context {
                sentence: [before, text, after].concat().into_boxed_str(),
                text_at,
                after_at,
            },
            // Never for a sentence, which `context::sentence_around`
            // clips to a few hundred bytes.
            _ => Context::default(),
        }
    }

    /// The sentence before the link's text.
    pub fn before(&self) -> &str {
        self.sentence
            .get(..self.text_at as usize)
            .unwrap_or_default()
    }

    /// The link's own text.
    pub fn text(&self) -> &str {
        let range = self.text_at as usize..self.after_at as usize;
        self.sentence.get(range).unwrap_or_default()
    }

    /// The sentence after the link's text.
    pub fn after(&self) -> &str {
        self.sentence
            .get(self.after_at as usize..)
            .unwrap_or_default()
    }
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
    /// For an image (`![](map.png)`, `![[map.png|400]]`), how it shows:
    /// its placeholder stands for the whole element, written when links
    /// resolve. Boxed: most links are not images, and held in place it
    /// took a quarter of every link's room.
    pub image: Option<Box<Image>>,
    /// An embedded page (`![[Some brief]]`), shown as a card: its
    /// placeholder is [`placeholder::card`].
    pub card: bool,
}

/// An image as written, less its address: what the render stage needs
/// besides the file to write it (see `text::media::image_html`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Image {
    /// The alt text, plain (not escaped); empty for a decorative image.
    pub alt: String,
    /// The title, plain; empty when none or the image is decorative.
    pub title: String,
    /// Alone in its paragraph with a title: a `<figure>` captioned by it,
    /// in place of the paragraph.
    pub figure: bool,
    /// The body's first image, loaded at once rather than lazily.
    pub eager: bool,
    /// A width the writer asked for, in pixels; the height follows the
    /// file's ratio.
    pub width: Option<u32>,
}

/// One `[@id]` in a body.
#[derive(Debug, Clone)]
pub struct Citation {
    pub id: String,
    pub span: Range<usize>,
    /// The claim's credibility (`#2`); `Err` holds one not 1 to 6.
    pub credibility: Option<Result<Credibility, String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A body's HTML: as the Markdown pass wrote it, or packed (see
/// [`crate::text::packed`]), as `build` holds it until a page showing it
/// is rendered and `serve` between rebuilds.
#[derive(Debug, Clone)]
pub enum Html {
    Plain(String),
    /// Packed with LZ4 ([`crate::text::packed::pack`]).
    Packed(Box<[u8]>),
    /// Packed with zstd ([`crate::text::packed::Small::pack`]).
    PackedSmall(Box<[u8]>),
}

impl Default for Html {
    fn default() -> Self {
        Html::Plain(String::new())
    }
}

impl Html {
    /// The HTML as written. Packed bytes are this program's own, made
    /// from a `String`: should they ever fail to unpack, the body says so
    /// rather than the build stopping.
    pub fn text(&self) -> Cow<'_, str> {
        let unpacked = match self {
            Html::Plain(html) => return Cow::Borrowed(html),
            Html::Packed(packed) => crate::text::packed::unpack(packed),
            Html::PackedSmall(packed) => crate::text::packed::unpack_small(packed),
        };
        match unpacked.map(String::from_utf8) {
            Ok(Ok(html)) => Cow::Owned(html),
            _ => Cow::Borrowed("<p>dossier could not unpack this body; please report it.</p>"),
        }
    }

    /// Packs the HTML with LZ4, if it is not yet packed.
    pub fn pack(&mut self) {
        if let Html::Plain(html) = self {
            *self = Html::Packed(crate::text::packed::pack(html.as_bytes()).into());
        }
    }

    /// Packs the HTML with zstd by `small`, smaller than [`Html::pack`]
    /// does, if it is not yet packed. Should zstd ever fail, it is packed
    /// with LZ4.
    pub fn pack_small(&mut self, small: &mut crate::text::packed::Small) {
        if let Html::Plain(html) = self {
            *self = match small.pack(html.as_bytes()) {
                Ok(packed) => Html::PackedSmall(packed.into()),
                Err(_) => Html::Packed(crate::text::packed::pack(html.as_bytes()).into()),
            };
        }
    }
}

/// A rendered body and everything found in it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// HTML with [`placeholder`]s for internal link targets and labels.
    pub html: Html,
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
    /// The blocks unlinked mentions are looked for in.
    pub prose: mentions::Prose,
}

/// What a body's pass found wrong: reported as the page is parsed, then
/// dropped. Kept apart from the body, which every page holds for the
/// whole build (and `serve` for as long as it runs): in it these six
/// lists took 144 bytes of every page, enough to put a page in the
/// allocator's next size class.
#[derive(Debug, Clone, Default)]
pub struct Problems {
    /// Byte ranges (in the file) of empty `[[]]` links.
    pub empty_links: Vec<Range<usize>>,
    /// Links and images whose destination would run script.
    pub unsafe_links: Vec<UnsafeLink>,
    /// Byte ranges (in the file) of images without alt text that are not
    /// marked decorative.
    pub missing_alt: Vec<Range<usize>>,
    /// Callouts of a kind there is none of (`[!info]`), shown as notes.
    pub unknown_callouts: Vec<callouts::UnknownCallout>,
    /// Footnote references to nothing and notes never referenced.
    pub footnotes: Vec<footnotes::Problem>,
    /// Formulas (`$…$`, `$$…$$`) that did not convert to MathML.
    pub math_errors: Vec<math::MathError>,
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
