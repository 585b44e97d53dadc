//! Output: writes the rendered site to the output folder, touching only
//! files whose bytes changed and removing files the site no longer has.
//! Everything is rendered in memory first, so a build that fails for any
//! content or template reason never reaches this stage and leaves the
//! folder exactly as it was; an I/O failure while staging the new files
//! leaves it as it was too.

use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::Fatal;

/// One file of the built site. The bytes are shared, so a rebuild can keep
/// an unchanged page without copying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated, never climbing out.
    pub path: String,
    pub bytes: Arc<[u8]>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Lists the files the last build wrote, so the next one removes only its
/// own stale files and never a file someone else put there.
const MANIFEST: &str = ".dossier-manifest";

/// Refuses output folders whose clean-up could destroy the dossier itself:
/// the root, `content/`, anything inside `content/`, or any folder that
/// contains the root.
pub fn check_folder(root: &Path, output: &Path) -> Result<(), Fatal> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let content = root.join(crate::content::CONTENT_DIR);
    if root.starts_with(&output) || output.starts_with(&content) {
        return Err(Fatal::usage(format!(
            "refusing to write the site to {}: it is or contains the dossier's own files; choose a separate folder such as {}",
            output.display(),
            root.join("public").display()
        )));
    }
    Ok(())
}

/// The absolute, normalised form of `path`, resolving symbolic links for
/// the part that exists.
fn absolute(path: &Path) -> Result<PathBuf, Fatal> {
    let path = std::path::absolute(path).map_err(|e| Fatal::io(path, e))?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    Ok(normalise(&resolved))
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// True when `path` is a plain relative path that stays inside its folder.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `files` into `dir` in two phases, so a failure leaves the old
/// site in place: first every new or changed file is written beside its
/// target (identical ones are skipped), then all are renamed over their
/// targets. Last, files the previous build wrote that are gone from the
/// site are removed.
pub fn write(dir: &Path, files: &[OutputFile]) -> Result<WriteReport, Fatal> {
    if let Some(bad) = files.iter().find(|f| !is_safe(&f.path)) {
        return Err(Fatal::usage(format!(
            "internal error: refusing to write unsafe output path '{}'",
            bad.path
        )));
    }
    create_folders(dir, files)?;
    let staged: Vec<Result<Option<Staged>, Fatal>> =
        files.par_iter().map(|file| stage(dir, file)).collect();
    let mut ready = Vec::new();
    let mut failure = None;
    for result in staged {
        match result {
            Ok(Some(staged)) => ready.push(staged),
            Ok(None) => {}
            Err(e) => failure = failure.or(Some(e)),
        }
    }
    if let Some(failure) = failure {
        for staged in &ready {
            let _ = std::fs::remove_file(&staged.temp);
        }
        return Err(failure);
    }
    for staged in &ready {
        std::fs::rename(&staged.temp, &staged.path).map_err(|e| Fatal::io(&staged.path, e))?;
    }
    let removed = remove_stale(dir, files)?;
    Ok(WriteReport {
        written: ready.len(),
        unchanged: files.len() - ready.len(),
        removed,
    })
}

fn create_folders(dir: &Path, files: &[OutputFile]) -> Result<(), Fatal> {
    std::fs::create_dir_all(dir).map_err(|e| Fatal::io(dir, e))?;
    let folders: BTreeSet<&Path> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent())
        .collect();
    for folder in folders {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path).map_err(|e| Fatal::io(&path, e))?;
    }
    Ok(())
}

/// A changed file written beside its target, waiting to be renamed.
struct Staged {
    temp: PathBuf,
    path: PathBuf,
}

/// Writes a file's new bytes beside it, unless it already holds exactly
/// these bytes.
fn stage(dir: &Path, file: &OutputFile) -> Result<Option<Staged>, Fatal> {
    let path = dir.join(&file.path);
    let same_size =
        std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() == file.bytes.len() as u64);
    if same_size && std::fs::read(&path).is_ok_and(|old| *old == *file.bytes) {
        return Ok(None);
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.dossier-tmp"));
    std::fs::write(&temp, &file.bytes).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Fatal::io(&temp, e)
    })?;
    Ok(Some(Staged { temp, path }))
}

/// Removes what the last build wrote and this one did not, then empty
/// folders left behind, and records this build's files.
fn remove_stale(dir: &Path, files: &[OutputFile]) -> Result<usize, Fatal> {
    let manifest_path = dir.join(MANIFEST);
    let current: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let previous = match std::fs::read_to_string(&manifest_path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Fatal::io(&manifest_path, e)),
    };
    let mut removed = 0;
    for stale in previous
        .lines()
        .filter(|p| is_safe(p) && !current.contains(p))
    {
        let path = dir.join(stale);
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(Fatal::io(&path, e)),
        }
        remove_empty_parents(dir, &path);
    }
    let mut listing: Vec<&str> = current.into_iter().collect();
    listing.sort_unstable();
    let manifest = listing.join("\n") + "\n";
    if previous != manifest {
        std::fs::write(&manifest_path, manifest).map_err(|e| Fatal::io(&manifest_path, e))?;
    }
    Ok(removed)
}

fn remove_empty_parents(dir: &Path, path: &Path) {
    let mut folder = path.parent();
    while let Some(f) = folder {
        if f == dir || !f.starts_with(dir) || std::fs::remove_dir(f).is_err() {
            break;
        }
        folder = f.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe("briefs/a/index.html"));
        assert!(!is_safe("../x"));
        assert!(!is_safe("/etc/passwd"));
        assert!(!is_safe("a/../../b"));
        assert!(!is_safe(""));
    }
}
