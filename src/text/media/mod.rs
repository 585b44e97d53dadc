//! Media files beside briefs: what kind a file is, how big an image is,
//! how to label a download, and the HTML that shows each kind. Pure
//! helpers at the bottom of the pipeline: they read a file's first bytes
//! when asked and know nothing of pages, links or the site.
//!
//! - [`dimensions`] reads an image's width and height from its header
//!   (PNG, JPEG, GIF, WebP, AVIF, SVG), never the whole file; anything
//!   it cannot read is `None`, never a panic (files are untrusted).
//! - [`kind`], [`type_label`] and [`size_label`] name a file by its
//!   extension and size: "PDF", "PNG image", "1.2 MB".
//! - [`image_html`] (every image a page shows; [`img_html`] is it for a
//!   figure), [`video_html`], [`audio_html`] and
//!   [`file_link_suffix`] build the markup; every value goes through
//!   [`crate::text::html::escape`].
//!
//! The markup, and why:
//!
//! - An image always has an `alt` attribute, empty when the writer gave
//!   none: an empty `alt` tells screen readers to skip it rather than read
//!   its file name. `width` and `height` are the file's own size (after
//!   EXIF rotation, as browsers show it), so the page does not jump when
//!   the image loads; the theme's `height: auto` keeps the ratio when the
//!   column is narrower. Images load lazily and decode off the main
//!   thread, except the page's first (`eager`), which is likely on screen.
//! - A title (Markdown's `![alt](src "title")`) becomes a visible
//!   `<figcaption>` in a `<figure>`, not a `title` attribute: a tooltip
//!   is out of reach of keyboard and touch users and read twice or not at
//!   all by screen readers. A `<figure>` is flow content, so only an
//!   image alone in its paragraph can be one: elsewhere (`figure` false)
//!   the title stays the image's `title` attribute, as Markdown has it.
//! - Video and audio get native `controls` and `preload="metadata"` (the
//!   player shows duration without downloading the file). Their title is
//!   a `<figcaption>` too; inside the element is a download link for
//!   browsers that cannot play it, left out when the address could run
//!   script.
//! - A link to a file can end in `<span class="file-meta">(PDF, 1.2
//!   MB)</span>`, so readers know the type and size before they follow it.

mod dimensions;
mod labels;
mod markup;
mod svg;

pub use dimensions::{dimensions, dimensions_from};
pub use labels::{MediaKind, kind, size_label, type_label};
pub use markup::{audio_html, file_link_suffix, image_html, img_html, video_html};
