//! The HTML for images, players and file links, as the `media` module's
//! header lays out. Every value is escaped here; callers pass plain text
//! and addresses already rewritten for the page.

use super::labels::{MediaKind, label_for, size_label};
use crate::text::html::escape;
use crate::text::urls::unsafe_scheme;

/// An `<img>` with `alt` (empty when `alt` is), the file's `width` and
/// `height` when known, lazy loading unless `eager`, and, with a
/// non-blank `title`, wrapped in a `<figure>` with it as the caption.
pub fn img_html(
    src: &str,
    alt: &str,
    title: Option<&str>,
    dims: Option<(u32, u32)>,
    eager: bool,
) -> String {
    image_html(src, alt, title, dims, eager, None, true)
}

/// Every image a page shows is written here: `<img>` with `alt`, its
/// size (`dims` from the file, scaled to `width` when the writer asked
/// for one) and lazy loading unless `eager`. A non-blank `title` is the
/// caption of a `<figure>` when the image stands alone (`figure`: a
/// figure cannot sit inside a `<p>`); otherwise it stays the image's
/// `title`.
pub fn image_html(
    src: &str,
    alt: &str,
    title: Option<&str>,
    dims: Option<(u32, u32)>,
    eager: bool,
    width: Option<u32>,
    figure: bool,
) -> String {
    let title = title.map(str::trim).filter(|title| !title.is_empty());
    let mut img = format!("<img src=\"{}\" alt=\"{}\"", escape(src), escape(alt));
    if let Some(title) = title.filter(|_| !figure) {
        img.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    let (width, height) = scaled(dims, width);
    if let Some(width) = width {
        img.push_str(&format!(" width=\"{width}\""));
    }
    if let Some(height) = height {
        img.push_str(&format!(" height=\"{height}\""));
    }
    if !eager {
        img.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    img.push('>');
    if figure { figure_of(img, title) } else { img }
}

/// The width and height to write: the file's, or `width` with the
/// height that keeps the file's ratio (rounded, at least 1).
fn scaled(dims: Option<(u32, u32)>, width: Option<u32>) -> (Option<u32>, Option<u32>) {
    match (dims, width) {
        (Some((w, h)), Some(wanted)) if w > 0 => {
            let height = (u64::from(h) * u64::from(wanted) + u64::from(w) / 2) / u64::from(w);
            let height = u32::try_from(height.max(1)).unwrap_or(u32::MAX);
            (Some(wanted), Some(height))
        }
        (_, Some(wanted)) => (Some(wanted), None),
        (Some((w, h)), None) => (Some(w), Some(h)),
        (None, None) => (None, None),
    }
}

/// A `<video>` player for `src`, captioned with `title` if given.
pub fn video_html(src: &str, title: Option<&str>) -> String {
    player("video", src, title)
}

/// An `<audio>` player for `src`, captioned with `title` if given.
pub fn audio_html(src: &str, title: Option<&str>) -> String {
    player("audio", src, title)
}

/// ` <span class="file-meta">(PDF, 1.2 MB)</span>`: what a link to a file
/// of `kind` with extension `ext` and `bytes` long leads to.
pub fn file_link_suffix(kind: MediaKind, ext: &str, bytes: u64) -> String {
    format!(
        " <span class=\"file-meta\">({}, {})</span>",
        escape(&label_for(kind, ext)),
        size_label(bytes)
    )
}

/// A native player with a download link inside for browsers that cannot
/// play the file; no link when the address could run script (the player
/// itself never runs it).
fn player(element: &str, src: &str, title: Option<&str>) -> String {
    let src_attr = escape(src);
    let fallback = match unsafe_scheme(src, false) {
        None => format!("<a href=\"{src_attr}\">Download the {element}</a>"),
        Some(_) => format!("Your browser cannot play this {element}."),
    };
    let html = format!(
        "<{element} controls preload=\"metadata\" src=\"{src_attr}\">{fallback}</{element}>"
    );
    figure_of(html, title)
}

/// `html` in a `<figure>` captioned with `title`, or alone without one.
fn figure_of(html: String, title: Option<&str>) -> String {
    match title.map(str::trim).filter(|title| !title.is_empty()) {
        Some(title) => format!(
            "<figure>{html}<figcaption>{}</figcaption></figure>",
            escape(title)
        ),
        None => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_lazy_with_their_size_and_alt() {
        assert_eq!(
            img_html("files/map.png", "A map", None, Some((3, 2)), false),
            "<img src=\"files/map.png\" alt=\"A map\" width=\"3\" height=\"2\" \
             loading=\"lazy\" decoding=\"async\">"
        );
    }

    #[test]
    fn the_first_image_loads_eagerly_and_alt_is_never_left_out() {
        assert_eq!(
            img_html("a.svg", "", None, None, true),
            "<img src=\"a.svg\" alt=\"\">"
        );
    }

    #[test]
    fn a_title_becomes_a_caption_not_a_tooltip() {
        let html = img_html("m.png", "Map", Some("Troop positions, May"), None, true);
        assert_eq!(
            html,
            "<figure><img src=\"m.png\" alt=\"Map\"><figcaption>Troop positions, May\
             </figcaption></figure>"
        );
        assert!(!html.contains("title="));
        assert_eq!(
            img_html("m.png", "Map", Some("  "), None, true),
            "<img src=\"m.png\" alt=\"Map\">"
        );
    }

    #[test]
    fn a_title_stays_a_title_outside_a_figure_and_a_width_keeps_the_ratio() {
        assert_eq!(
            image_html(
                "m.png",
                "Map",
                Some("May"),
                Some((800, 600)),
                false,
                Some(400),
                false
            ),
            "<img src=\"m.png\" alt=\"Map\" title=\"May\" width=\"400\" height=\"300\" \
             loading=\"lazy\" decoding=\"async\">"
        );
        assert_eq!(
            image_html("m.png", "", None, None, true, Some(40), true),
            "<img src=\"m.png\" alt=\"\" width=\"40\">"
        );
        assert_eq!(scaled(Some((3, 1)), Some(1)), (Some(1), Some(1)));
    }

    #[test]
    fn every_value_is_escaped() {
        let html = img_html(
            "a\"onerror=\"x.png",
            "<b>'bold'</b>",
            Some("<script>&"),
            None,
            true,
        );
        assert_eq!(
            html,
            "<figure><img src=\"a&quot;onerror=&quot;x.png\" \
             alt=\"&lt;b&gt;&#39;bold&#39;&lt;/b&gt;\">\
             <figcaption>&lt;script&gt;&amp;</figcaption></figure>"
        );
        let video = video_html("v\".mp4", Some("<i>"));
        assert!(video.contains("src=\"v&quot;.mp4\""), "{video}");
        assert!(video.contains("href=\"v&quot;.mp4\""), "{video}");
        assert!(
            video.contains("<figcaption>&lt;i&gt;</figcaption>"),
            "{video}"
        );
    }

    #[test]
    fn players_have_controls_metadata_preload_and_a_fallback_link() {
        assert_eq!(
            video_html("files/clip.mp4", None),
            "<video controls preload=\"metadata\" src=\"files/clip.mp4\">\
             <a href=\"files/clip.mp4\">Download the video</a></video>"
        );
        assert_eq!(
            audio_html("files/call.mp3", Some("Intercepted call")),
            "<figure><audio controls preload=\"metadata\" src=\"files/call.mp3\">\
             <a href=\"files/call.mp3\">Download the audio</a></audio>\
             <figcaption>Intercepted call</figcaption></figure>"
        );
    }

    #[test]
    fn a_player_never_links_to_script() {
        let html = video_html("javascript:alert(1)", None);
        assert!(!html.contains("href"), "{html}");
        assert!(html.contains("cannot play this video"), "{html}");
    }

    #[test]
    fn file_links_say_type_and_size() {
        assert_eq!(
            file_link_suffix(MediaKind::Pdf, "pdf", 1_200_000),
            " <span class=\"file-meta\">(PDF, 1.2 MB)</span>"
        );
        assert_eq!(
            file_link_suffix(MediaKind::Other, "CSV", 4),
            " <span class=\"file-meta\">(CSV file, 4 bytes)</span>"
        );
        assert_eq!(
            file_link_suffix(MediaKind::Image, "png", 820_000),
            " <span class=\"file-meta\">(PNG image, 820 kB)</span>"
        );
    }
}
