//! The dossier's own `static/` folder, copied into the site as it is, and
//! the rule that a static file never replaces a file dossier generates.

use std::path::Path;

use crate::content::fence::Fence;
use crate::content::scan;
use crate::diagnostic::{Diagnostic, file_location};
use crate::output::OutputFile;

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
    files: Vec<OutputFile>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OutputFile> {
    let mut files: Vec<(usize, OutputFile)> = files.into_iter().enumerate().collect();
    files.sort_by(|a, b| a.1.path.cmp(&b.1.path).then(a.0.cmp(&b.0)));
    let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
    for (_, file) in files {
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
