//! The dossier's own `static/` folder, copied into the site as it is, and
//! the rule that a static file never replaces a file dossier generates;
//! the attachments a published page links to, copied under `files/`.

use std::path::Path;

use rayon::slice::ParallelSliceMut;

use crate::content::attachments::Attachment;
use crate::content::fence::Fence;
use crate::content::scan;
use crate::diagnostic::{Diagnostic, file_location};
use crate::output::{CopyFrom, OutputFile};
use crate::render::theme::Theme;
use crate::site::Site;
use crate::site::files::Files;

/// The dossier's own `static/` folder, copied as it is.
pub(super) fn static_files(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<OutputFile> {
    scan::read_tree(&Fence::new(root), &root.join("static"), diagnostics)
        .into_iter()
        .map(|(path, bytes)| OutputFile::new(path, bytes))
        .collect()
}

/// Sorts files by path; a static file that would replace a generated one
/// is dropped with a warning.
pub(super) fn deduplicate(
    mut files: Vec<OutputFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    // A stable sort: of two files at one path, the first listed stays
    // first. On both cores: 200,000 files at 100,000 briefs.
    files.par_sort_by(|a, b| a.path.cmp(&b.path));
    let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
    for file in files {
        if kept.last().is_some_and(|last| last.path == file.path) {
            diagnostics.push(
                Diagnostic::warning(
                    "output-conflict",
                    format!(
                        "static/{} would replace a page dossier generates; it is ignored",
                        file.path
                    ),
                )
                .at(file_location(&Path::new("static").join(&file.path)))
                .hint("rename or move the static file"),
            );
            continue;
        }
        kept.push(file);
    }
    kept
}

/// The files a local link may name besides pages: the attachments, the
/// dossier's static files and the theme's.
pub(super) fn site_files(
    attachments: Vec<Attachment>,
    statics: &[OutputFile],
    theme: Option<&Theme>,
) -> Files {
    let theme = theme.map(|t| t.assets.as_slice()).unwrap_or_default();
    Files {
        attachments,
        statics: statics
            .iter()
            .chain(theme)
            .map(|f| f.path.clone())
            .collect(),
    }
}

/// The attachments a published page links to, each copied from its file.
pub(super) fn published(site: &Site) -> impl Iterator<Item = OutputFile> + '_ {
    site.attachments
        .iter()
        .filter(|(_, linked)| *linked)
        .map(|(a, _)| {
            let copy = CopyFrom {
                source: a.source.clone(),
                stamp: a.stamp,
            };
            OutputFile::copied(a.url.clone(), copy)
        })
}

/// The code of [`unused_attachments`]' notes.
pub(super) const UNUSED_ATTACHMENT: &str = "unused-attachment";

/// A note for each attachment no published page links to: it is not
/// published, which may be meant (a draft's map) or forgotten.
pub(super) fn unused_attachments(site: &Site) -> impl Iterator<Item = Diagnostic> + '_ {
    site.attachments
        .iter()
        .filter(|(_, linked)| !*linked)
        .map(|(a, _)| {
            let shown = Path::new("content").join(&a.path);
            Diagnostic::note(
                UNUSED_ATTACHMENT,
                format!(
                    "no published page links to content/{}, so it is not published",
                    a.path
                ),
            )
            .at(file_location(&shown))
            .hint("link to it from a page (`[text](file)` or `![](image)`), or remove it")
        })
}
