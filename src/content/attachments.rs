//! Attachments: the files under `content/` that are neither pages nor the
//! source registry (a map beside a brief, a PDF report), found by the
//! same fenced walk as the pages, and the stable URL each gets under
//! `files/` when a published page links to it. Which are published is
//! the site stage's business. Of the bytes, only an image's header is
//! read here, once per file and build ([`measure`]), for its width and
//! height; the output stage copies the files from disk.

use std::path::PathBuf;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, file_location};
use crate::text::media::{self, MediaKind};
use crate::text::slug::slugify;

/// The output folder that holds published attachments.
pub const FOLDER: &str = "files";

/// One file under `content/` that is not a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Path inside `content/`, with `/` separators, as written on disk.
    pub path: String,
    /// Its URL under the output root: `files/briefs/maps/syunik-map.png`.
    pub url: String,
    /// Where to copy it from: the file itself, inside the dossier.
    pub source: PathBuf,
    /// Size and modification time: a copy is made again only when they
    /// change.
    pub stamp: (u64, Option<SystemTime>),
    /// An image's width and height from its header (see [`measure`]);
    /// `None` for other files and for images it cannot read.
    pub dims: Option<(u32, u32)>,
}

impl Attachment {
    pub fn new(path: String, source: PathBuf, stamp: (u64, Option<SystemTime>)) -> Self {
        Attachment {
            url: url_of(&path),
            path,
            source,
            stamp,
            dims: None,
        }
    }

    /// What the file is, by its extension.
    pub fn kind(&self) -> MediaKind {
        media::kind(self.extension())
    }

    /// The extension as written (`PNG`), or nothing.
    pub fn extension(&self) -> &str {
        let name = self.path.rsplit('/').next().unwrap_or("");
        match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() => ext,
            _ => "",
        }
    }
}

/// Fills in the size of every image among `attachments` from its header
/// (never the whole file). One whose path and stamp are those of an
/// attachment in `previous` (the last build's) keeps its size unread, so
/// a rebuild reads only the images added or replaced since.
pub fn measure(attachments: &mut [Attachment], previous: &[Attachment]) {
    let known: crate::HashMap<&str, &Attachment> =
        previous.iter().map(|a| (a.path.as_str(), a)).collect();
    attachments.par_iter_mut().for_each(|attachment| {
        attachment.dims = match known.get(attachment.path.as_str()) {
            Some(old) if old.stamp == attachment.stamp && old.stamp.1.is_some() => old.dims,
            _ if attachment.kind() == MediaKind::Image => media::dimensions(&attachment.source),
            _ => None,
        };
    });
}

/// Whether `rel` (a path inside `content/`) is an attachment: not a page,
/// not the source registry (as `scan::classify` tells them), and not
/// hidden or an editor's backup.
pub fn is_attachment(rel: &str) -> bool {
    let hidden = rel
        .split('/')
        .any(|part| part.starts_with('.') || part.ends_with('~'));
    let page = rel.ends_with(".md") || rel == "sources.yaml" || rel == "sources.yml";
    !hidden && !page
}

/// The URL of the attachment at `path` inside `content/`: every folder
/// slugified, then the slugified stem and the lowercased extension, so
/// each segment is a safe ASCII name.
pub fn url_of(path: &str) -> String {
    let mut parts: Vec<String> = path.split('/').map(String::from).collect();
    let name = parts.pop().unwrap_or_default();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (name.as_str(), None),
    };
    let mut url = String::from(FOLDER);
    for folder in &parts {
        url.push('/');
        url.push_str(&segment(folder));
    }
    url.push('/');
    url.push_str(&segment(stem));
    let ext: String = ext
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if !ext.is_empty() {
        url.push('.');
        url.push_str(&ext);
    }
    url
}

/// One slugified segment; a name with no letters or digits becomes
/// `file` rather than nothing.
fn segment(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() { "file".into() } else { slug }
}

/// A `duplicate-attachment` error for every attachment whose URL an
/// earlier one (in path order) already has.
pub fn duplicates(attachments: &[Attachment]) -> Vec<Diagnostic> {
    let mut first: crate::HashMap<&str, &str> = crate::HashMap::default();
    let mut found = Vec::new();
    for attachment in attachments {
        let Some(other) = first.insert(&attachment.url, &attachment.path) else {
            continue;
        };
        first.insert(&attachment.url, other);
        let shown = PathBuf::from(format!("content/{}", attachment.path));
        found.push(
            Diagnostic::error(
                "duplicate-attachment",
                format!(
                    "content/{} and content/{other} would both be published as /{}",
                    attachment.path, attachment.url
                ),
            )
            .at(file_location(&shown))
            .hint("rename one of the files: their names differ only in case or punctuation"),
        );
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_safe_slugs() {
        assert_eq!(
            url_of("briefs/maps/Syunik Map.PNG"),
            "files/briefs/maps/syunik-map.png"
        );
        assert_eq!(url_of("Über Ort/.x"), "files/uber-ort/x");
        assert_eq!(url_of("a/%%.pdf"), "files/a/file.pdf");
        assert!(is_attachment("briefs/map.png"));
        assert!(!is_attachment("briefs/a.md") && !is_attachment("sources.yaml"));
        assert!(!is_attachment(".git/x.png") && !is_attachment("a/b.png~"));
    }
}
