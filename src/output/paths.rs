//! Which paths the output stage may touch: an output folder that cannot
//! hold the dossier itself, and inside it plain relative paths only, the
//! way the manifest and the journal write them.

use std::path::{Component, Path, PathBuf};

use crate::Fatal;

/// Refuses output folders whose clean-up could destroy the dossier itself:
/// the root, `content/`, anything inside `content/`, or any folder that
/// contains the root.
pub fn check_folder(root: &Path, output: &Path) -> Result<(), Fatal> {
    let root = absolute(root)?;
    let output = absolute(output)?;
    let content = root.join(crate::content::scan::CONTENT_DIR);
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
pub fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\0')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// `rel` with `/` between its parts, as the manifest and journal keep it.
pub fn slashed(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
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
