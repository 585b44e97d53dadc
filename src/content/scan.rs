//! Content discovery: walks `content/`, reads every file in parallel, and
//! sorts each into what it is (brief, topic, actor, page, source registry).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::Fatal;
use crate::content::attachments::{Attachment, is_attachment};
use crate::content::fence::{Fence, Found};
use crate::diagnostic::{Diagnostic, FileRef, file_location};

/// What a content file is, decided by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    /// `content/_index.md`: the front page's introduction.
    Home,
    /// `content/briefs/**/*.md`.
    Brief,
    /// `content/topics/*.md`.
    Topic,
    /// `content/actors/*.md`.
    Actor,
    /// Any other Markdown file: about, methodology.
    Page,
    /// `content/sources.yaml`: the shared source registry.
    Sources,
}

/// One content file, read and decoded.
pub struct ContentFile {
    pub kind: FileKind,
    /// Path relative to `content/`, with `/` separators.
    pub content_path: String,
    pub file: FileRef,
}

pub const CONTENT_DIR: &str = "content";

/// Reads every content file under `ROOT/content`, in a stable order.
/// Unreadable or non-UTF-8 files become diagnostics; a missing `content/`
/// folder is a usage error.
pub fn load(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<ContentFile>, Fatal> {
    let listed = scan(root, diagnostics)?.files;
    Ok(read_all(root, listed, diagnostics))
}

/// Reads the listed files in parallel; unreadable ones become diagnostics.
pub fn read_all(
    root: &Path,
    listed: Vec<Listed>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ContentFile> {
    let dir = root.join(CONTENT_DIR);
    let results: Vec<Result<ContentFile, Diagnostic>> = listed
        .into_par_iter()
        .map(|listed| read(&dir, listed.kind, listed.path))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    files
}

/// A content file found by `scan`, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub kind: FileKind,
    /// Path inside `content/`, with `/` separators.
    pub path: String,
    /// Size and modification time: a rebuild re-reads a file only when
    /// they change.
    pub stamp: (u64, Option<std::time::SystemTime>),
}

/// What `scan` found: the content files to read, and the attachments
/// beside them (never read, only copied when published).
#[derive(Debug, Default, Clone)]
pub struct Scanned {
    pub files: Vec<Listed>,
    pub attachments: Vec<Attachment>,
    /// True when the walk met no symbolic link and no problem: every file
    /// is then listed where a watcher sees it change, so the listing can
    /// be brought up to date from the changed paths alone (see
    /// [`super::rescan`]).
    pub plain: bool,
}

/// Lists every content file under `ROOT/content` with its kind, and every
/// attachment, sorted by path for determinism. A missing `content/`
/// folder is a usage error.
pub fn scan(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Scanned, Fatal> {
    let fence = Fence::new(root);
    let dir = root.join(CONTENT_DIR);
    let Some((found, links)) = fence.walk_noting_links(&dir, None) else {
        return Err(Fatal::usage(format!(
            "no content folder at {}: a dossier keeps its briefs in content/briefs (run `dossier init` to start one)",
            dir.display()
        )));
    };
    let mut files = Vec::new();
    let mut attachments = Vec::new();
    let mut plain = !links;
    for item in found {
        match item {
            Found::File { path, rel } => match classify(&rel) {
                Some(kind) => files.push((path, kind, rel)),
                None if is_attachment(&rel) => attachments.push((path, rel)),
                None => {}
            },
            problem => {
                plain = false;
                diagnostics.extend(problem.diagnostic(&fence));
            }
        }
    }
    // One `stat` per file, the bulk of a rescan: spread over the cores.
    // Links among them were resolved by the walk and stay inside.
    let files = files
        .into_par_iter()
        .map(|(full, kind, path)| Listed {
            stamp: stamp(&full),
            kind,
            path,
        })
        .collect();
    let attachments = attachments
        .into_par_iter()
        .map(|(full, path)| {
            let stamp = stamp(&full);
            Attachment::new(path, full, stamp)
        })
        .collect();
    Ok(Scanned {
        files,
        attachments,
        plain,
    })
}

/// A file's size and modification time; nothing for one that went away.
pub(super) fn stamp(path: &Path) -> (u64, Option<std::time::SystemTime>) {
    std::fs::metadata(path).map_or((0, None), |m| (m.len(), m.modified().ok()))
}

/// Decides what a file is from its path inside `content/`; `None` for files
/// the engine does not read (images, notes, editor backups).
pub fn classify(rel: &str) -> Option<FileKind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name.starts_with('.') || name.ends_with('~') {
        return None;
    }
    if rel == "sources.yaml" || rel == "sources.yml" {
        return Some(FileKind::Sources);
    }
    if !rel.ends_with(".md") {
        return None;
    }
    let depth = rel.matches('/').count();
    Some(match rel.split('/').next() {
        _ if rel == "_index.md" => FileKind::Home,
        Some("briefs") => FileKind::Brief,
        Some("topics") if depth == 1 => FileKind::Topic,
        Some("actors") if depth == 1 => FileKind::Actor,
        _ => FileKind::Page,
    })
}

/// Reads one listed file under `ROOT/content`, as [`read_all`] does.
pub fn read_one(root: &Path, listed: &Listed) -> Result<ContentFile, Diagnostic> {
    read(&root.join(CONTENT_DIR), listed.kind, listed.path.clone())
}

fn read(dir: &Path, kind: FileKind, rel: String) -> Result<ContentFile, Diagnostic> {
    let display = PathBuf::from(format!("{CONTENT_DIR}/{rel}"));
    let bytes = std::fs::read(dir.join(&rel)).map_err(|e| {
        Diagnostic::error(
            "read-error",
            format!("cannot read {}: {e}", display.display()),
        )
        .at(file_location(&display))
        .hint("check that the file exists and is readable")
    })?;
    let text = decode(bytes, &display)?;
    Ok(ContentFile {
        kind,
        content_path: rel,
        file: FileRef::new(display, Arc::from(text)),
    })
}

/// Decodes a file as UTF-8, dropping a byte-order mark. Other encodings are
/// an error that says where the first bad byte is. Takes the bytes so that
/// a valid file (nearly every one) is not copied.
pub fn decode(mut bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
        3
    } else {
        0
    };
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = e.as_bytes();
        let line_start = text[..at].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let line = text[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&text[line_start..at]).chars().count() + 1;
        let offset = at + bom;
        let location = crate::diagnostic::Location { line, column, ..file_location(path) };
        Diagnostic::error("invalid-utf8", format!("the file is not valid UTF-8: byte {offset} (0x{:02X}) is not part of a UTF-8 character", text[at]))
            .at(location)
            .hint("save the file as UTF-8 in your editor")
    })
}

/// Every file under `dir` (relative paths with `/`) with its bytes,
/// sorted; none if absent. See [`list_tree`] for what is left out.
pub fn read_tree(
    fence: &Fence,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (rel, path) in list_tree(fence, dir, diagnostics) {
        match std::fs::read(&path) {
            Ok(bytes) => files.push((rel, bytes)),
            Err(e) => {
                let shown = fence.shown(&path);
                diagnostics.push(
                    Diagnostic::error(
                        "read-error",
                        format!("cannot read {}: {e}", shown.display()),
                    )
                    .at(file_location(&shown))
                    .hint("check the file's permissions"),
                );
            }
        }
    }
    files
}

/// Every file under `dir` (relative paths with `/`, and where to read it),
/// sorted; none if absent. Hidden files are left out; so, quietly as
/// ever, are folders that cannot be listed, links to nothing and link
/// loops. A link out of the dossier, or a file name that is not UTF-8,
/// is an error.
pub fn list_tree(
    fence: &Fence,
    dir: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for item in fence.walk(dir, None).unwrap_or_default() {
        match item {
            _ if item.is_hidden() => {}
            Found::File { path, rel } => files.push((rel, path)),
            Found::Unreadable { .. } => {}
            problem => diagnostics.extend(problem.diagnostic(fence)),
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_classified_by_place() {
        assert_eq!(classify("briefs/a/b/c.md"), Some(FileKind::Brief));
        assert_eq!(classify("topics/gas.md"), Some(FileKind::Topic));
        assert_eq!(classify("actors/putin.md"), Some(FileKind::Actor));
        assert_eq!(classify("_index.md"), Some(FileKind::Home));
        assert_eq!(classify("about.md"), Some(FileKind::Page));
        assert_eq!(classify("sources.yaml"), Some(FileKind::Sources));
        assert_eq!(classify("briefs/.x.md.swp"), None);
        assert_eq!(classify("briefs/image.png"), None);
    }

    #[test]
    fn decoding_drops_the_bom_and_rejects_latin1() {
        let path = Path::new("content/a.md");
        assert_eq!(
            decode(b"\xEF\xBB\xBFhi".to_vec(), path).ok().as_deref(),
            Some("hi")
        );
        let error = decode(b"ok\ncaf\xE9".to_vec(), path)
            .err()
            .and_then(|d| d.location);
        assert_eq!(error.map(|l| (l.line, l.column)), Some((2, 4)));
    }
}
