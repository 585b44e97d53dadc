//! Local links to files: where a link or image that names a path (not a
//! page by name, not a Markdown file) leads. A relative path is relative
//! to the Markdown file and must name an attachment beside the pages; a
//! root-relative one names any file of the site: a page, a section, a
//! feed, a static file (the dossier's or the theme's) or an attachment's
//! `files/` URL. Anything else, or a path that climbs out, is an
//! `unknown-file-link` error with the nearest name in that folder. A
//! source's `archive:` path is resolved the same way, relative to the file
//! defining the source (`missing-archive`).

use std::sync::{Arc, OnceLock};

use super::{ArchiveFile, SourceEntry};
use crate::content::attachments::Attachment;
use crate::content::frontmatter::sources::Archive;
use crate::content::sections;
use crate::diagnostic::Diagnostic;
use crate::markdown::page::Page;
use crate::text::slug::nearest;
use crate::{HashMap, HashSet};

/// The files besides pages that the site will have, as the build knows
/// them before rendering.
#[derive(Debug, Default, Clone)]
pub struct Files {
    /// Every attachment under `content/`, in path order.
    pub attachments: Vec<Attachment>,
    /// The output paths of static files: the dossier's `static/` (copied
    /// to the root) and the theme's (under `static/`).
    pub statics: HashSet<String>,
}

/// The files the site generates itself, besides pages and sections.
const GENERATED: &[&str] = &[
    "index.html",
    "404.html",
    "atom.xml",
    "changes/atom.xml",
    "sitemap.xml",
    "robots.txt",
    "previews/index.json",
    "static/syntax.css",
];

/// Every path a local link may name, by folder for suggestions.
pub(super) struct FileIndex<'a> {
    /// Attachments by their path inside `content/`.
    attachments: HashMap<&'a str, &'a Attachment>,
    /// Attachments by their file name, lowercased, in path order.
    by_name: HashMap<String, Vec<&'a Attachment>>,
    /// Every output path of the site but the pages'.
    known: HashSet<String>,
    /// The pages' addresses (`briefs/gas/`), whose output paths add
    /// `index.html`: looked up by address, not made for every page. Only
    /// a link from the site's root reads them, so they are gathered the
    /// first time one is resolved: at 100,000 briefs, 25 ms on one core
    /// at the start of every full rebuild.
    page_urls: OnceLock<HashSet<&'a str>>,
    pages: &'a [Arc<Page>],
    files: &'a Files,
    /// The names in each folder: of every output path (for root-relative
    /// links) and of `content/` (for relative ones, keyed `content/…`).
    /// Only a suggestion for a broken link reads them, so they are made
    /// the first time one is wanted, not in every build.
    folders: OnceLock<HashMap<String, Vec<String>>>,
}

/// The site's output paths: generated files, static files, `pages` (the
/// pages' own paths, where wanted), section pages and attachments, put in
/// in that order, so a set made twice iterates the same way.
fn output_paths(files: &Files, pages: impl Iterator<Item = String>) -> HashSet<String> {
    let mut known: HashSet<String> = GENERATED.iter().map(|p| p.to_string()).collect();
    known.extend(files.statics.iter().cloned());
    known.extend(pages);
    known.extend(
        sections::with_pages()
            .filter(|(_, page)| !page.search_only || cfg!(feature = "search"))
            .map(|(section, _)| format!("{}/index.html", section.folder)),
    );
    known.extend(files.attachments.iter().map(|a| a.url.clone()));
    known
}

impl<'a> FileIndex<'a> {
    pub(super) fn new(pages: &'a [Arc<Page>], files: &'a Files) -> Self {
        let known = output_paths(files, std::iter::empty());
        let mut by_name: HashMap<String, Vec<&Attachment>> = HashMap::default();
        for attachment in &files.attachments {
            let name = attachment.path.rsplit('/').next().unwrap_or_default();
            by_name
                .entry(name.to_lowercase())
                .or_default()
                .push(attachment);
        }
        FileIndex {
            by_name,
            attachments: files
                .attachments
                .iter()
                .map(|a| (a.path.as_str(), a))
                .collect(),
            known,
            page_urls: OnceLock::new(),
            pages,
            files,
            folders: OnceLock::new(),
        }
    }

    /// Whether the site has a file at output path `path`.
    fn is_known(&self, path: &str) -> bool {
        self.known.contains(path)
            || path
                .strip_suffix("index.html")
                .is_some_and(|url| self.page_urls().contains(url))
    }

    /// See `page_urls`.
    fn page_urls(&self) -> &HashSet<&'a str> {
        self.page_urls
            .get_or_init(|| self.pages.iter().map(|p| p.url.as_str()).collect())
    }

    /// The names in each folder (see `folders`), made as they always
    /// were: content paths first, then every output path in the order of
    /// one set of them all, so a suggestion is the same whenever it is
    /// made.
    fn folders(&self) -> &HashMap<String, Vec<String>> {
        self.folders.get_or_init(|| {
            let (pages, files) = (self.pages, self.files);
            let known = output_paths(files, pages.iter().map(|p| p.output_path()));
            let mut folders: HashMap<String, Vec<String>> = HashMap::default();
            let content = pages.iter().filter_map(|p| p.content_path.as_deref());
            let content = content.chain(files.attachments.iter().map(|a| a.path.as_str()));
            for path in content.map(|p| format!("content/{p}")).chain(known) {
                let folder = path.rsplit_once('/').map_or("", |(f, _)| f).to_string();
                folders.entry(folder).or_default().push(path);
            }
            folders
        })
    }

    /// The output path a local link of the page at `base` (inside
    /// `content/`) leads to; its error otherwise.
    pub(super) fn resolve(
        &self,
        base: &str,
        path: &str,
        rooted: bool,
    ) -> Result<String, Diagnostic> {
        if rooted {
            return self.rooted(path);
        }
        self.relative(base, path)
            .map(|attachment| attachment.url.clone())
    }

    /// The attachment at `path`, relative to the file at `base` (both
    /// inside `content/`); an `unknown-file-link` error otherwise.
    fn relative(&self, base: &str, path: &str) -> Result<&'a Attachment, Diagnostic> {
        let Some(joined) = join_relative(base, path) else {
            return Err(unknown(
                format!("link to '{path}' leaves the content folder"),
                "link to files inside content/ with paths relative to this file, or to the site's own files with a path starting with /".into(),
            ));
        };
        if let Some(attachment) = self.attachments.get(joined.as_str()) {
            return Ok(attachment);
        }
        let hint = self.near(&format!("content/{joined}"), path);
        Err(unknown(
            format!("no file '{path}' (looked for content/{joined})"),
            hint.unwrap_or_else(|| {
                "check the path; it is relative to the folder of the file that links".into()
            }),
        ))
    }

    /// The output path of the attachment an embed names (`![[map.png]]`,
    /// `![[maps/map.png]]`): the one anywhere under `content/` whose path
    /// ends so, case-insensitively, as wiki links name pages.
    pub(super) fn by_file_name(&self, name: &str) -> Result<String, Diagnostic> {
        let wanted = name.trim_start_matches('/').to_lowercase();
        let file = wanted.rsplit('/').next().unwrap_or_default();
        let found: Vec<&Attachment> = self
            .by_name
            .get(file)
            .into_iter()
            .flatten()
            .copied()
            .filter(|a| {
                let path = a.path.to_lowercase();
                path == wanted || path.ends_with(&format!("/{wanted}"))
            })
            .collect();
        match found.as_slice() {
            [one] => Ok(one.url.clone()),
            [] => Err(unknown(
                format!("no file named '{name}' under content/"),
                self.near_file_name(file).unwrap_or_else(|| {
                    "embed a file under content/ by its name, e.g. ![[map.png]]".into()
                }),
            )),
            [first, ..] => {
                let paths: Vec<String> = found
                    .iter()
                    .map(|a| format!("content/{}", a.path))
                    .collect();
                Err(Diagnostic::error(
                    "ambiguous-link",
                    format!("'{name}' could mean {}", paths.join(" or ")),
                )
                .hint(format!("write more of its path, e.g. ![[{}]]", first.path)))
            }
        }
    }

    /// "did you mean …?" for an embed of a file name no attachment has.
    fn near_file_name(&self, file: &str) -> Option<String> {
        let names = self
            .by_name
            .values()
            .filter_map(|found| found.first())
            .map(|a| a.path.rsplit('/').next().unwrap_or_default());
        nearest(file, names).map(|near| format!("did you mean '{near}'?"))
    }

    /// The attachment a source's `archive:` path names, relative to the
    /// file defining the source; a `missing-archive` error otherwise.
    fn archive(&self, id: &str, base: &str, path: &str) -> Result<&'a Attachment, Diagnostic> {
        let found = match path.starts_with('/') {
            true => Err(unknown(
                format!("'{path}' starts with /"),
                "write the path relative to the file that defines the source".into(),
            )),
            false => self.relative(base, path),
        };
        found.map_err(|mut d| {
            d.code = "missing-archive";
            d.message = format!("the archived copy of source `{id}` is missing: {}", d.message);
            if d.hint.as_deref().is_some_and(|h| h.starts_with("check the path")) {
                d.hint = Some("check the path; it is relative to the folder of the file that defines the source (a brief, or content/sources.yaml)".into());
            }
            d
        })
    }

    /// A root-relative link: a page, a folder with an index, or a file.
    fn rooted(&self, path: &str) -> Result<String, Diagnostic> {
        let Some(normal) = join_relative("", path) else {
            return Err(unknown(
                format!("link to '{path}' climbs above the site's root"),
                "a path starting with / is relative to the site's root".into(),
            ));
        };
        let folder = match normal.as_str() {
            "" => "index.html".to_string(),
            _ => format!("{normal}/index.html"),
        };
        for candidate in [normal.clone(), folder] {
            if self.is_known(&candidate) {
                return Ok(candidate);
            }
        }
        let hint = self.near(&normal, path);
        Err(unknown(
            format!("no file or page of the site at '{path}'"),
            hint.unwrap_or_else(|| "a path starting with / names a page, a static file or an attachment's /files/ address in the built site".into()),
        ))
    }

    /// "did you mean …?" for `wanted` (a full path), as the link
    /// `written` would name it: its last segment replaced.
    fn near(&self, wanted: &str, written: &str) -> Option<String> {
        let (folder, name) = wanted.rsplit_once('/').unwrap_or(("", wanted));
        let names = self.folders().get(folder)?;
        let names = names.iter().map(|p| p.rsplit('/').next().unwrap_or(p));
        let near = nearest(name, names)?;
        let kept = written.trim_end_matches('/');
        let kept = kept.rsplit_once('/').map_or("", |(head, _)| head);
        let sep = if kept.is_empty() && !written.starts_with('/') {
            ""
        } else {
            "/"
        };
        Some(format!("did you mean '{kept}{sep}{near}'?"))
    }
}

/// Resolves every source's `archive:` path to its attachment, reporting
/// `missing-archive` where the value is written for each that names none.
pub(super) fn archive_files(
    sources: &mut [SourceEntry],
    index: &FileIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in sources {
        let Some(Archive::File { path, base, at }) = entry.source.archive.as_deref() else {
            continue;
        };
        match index.archive(&entry.source.id, base, path) {
            Ok(attachment) => {
                entry.archive_file = Some(ArchiveFile {
                    url: attachment.url.clone(),
                    bytes: attachment.stamp.0,
                })
            }
            Err(d) => diagnostics.push(d.at(at.0.clone())),
        }
    }
}

fn unknown(message: String, hint: String) -> Diagnostic {
    Diagnostic::error("unknown-file-link", message).hint(hint)
}

/// Joins a relative link to the folder of `base` (both inside `content/`);
/// `None` if it climbs above `content/`.
pub(super) fn join_relative(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_join_inside_content() {
        assert_eq!(
            join_relative("briefs/military/a.md", "../b.md").as_deref(),
            Some("briefs/b.md")
        );
        assert_eq!(
            join_relative("briefs/a.md", "./c/d.md").as_deref(),
            Some("briefs/c/d.md")
        );
        assert_eq!(join_relative("a.md", "../../x.md"), None);
        assert_eq!(
            join_relative("", "/static/x.svg").as_deref(),
            Some("static/x.svg")
        );
        assert_eq!(join_relative("", "/../x"), None);
    }
}
